"""The explorer's own words, in English and Danish.

Each message is a whole sentence or label, keyed by its English text as gettext keys messages,
so that marking them for the catalogue is a change of function, not of text.
"""

from __future__ import annotations

from kanten_cli.output.i18n import Lang

_DANISH: dict[str, str] = {
    # the tabs and the list
    "Facts": "Fakta",
    "Organisations": "Organisationer",
    "Sources": "Kilder",
    "ID": "ID",
    "Kind": "Art",
    "Value": "Værdi",
    "Text": "Tekst",
    "Name": "Navn",
    "Roles": "Roller",
    "Date": "Dato",
    "Title": "Titel",
    "Topic": "Emne",
    "Role": "Rolle",
    "Source kind": "Kildetype",
    "Filter (/): words, as kanten search reads them": "Filtrér (/): ord, som kanten search læser dem",
    "{shown} of {total}": "{shown} af {total}",
    "Filtering…": "Filtrerer …",
    "Nothing matches the filter.": "Intet passer til filteret.",
    "Facets": "Facetter",
    # the detail pane
    "Back (Escape): {ident}": "Tilbage (Escape): {ident}",
    "Nothing selected.": "Intet valgt.",
    # the keys (footer)
    "Filter": "Filtrér",
    "Follow": "Følg",
    "Back": "Tilbage",
    "Copy citation": "Kopiér citat",
    "Open source": "Åbn kilde",
    "Dansk": "Dansk",
    "English": "English",
    "Help": "Hjælp",
    "Quit": "Afslut",
    "Tab": "Fane",
    # notes
    "Copied the citation of {ident} to the clipboard.": "Citatet af {ident} er kopieret til udklipsholderen.",
    "Sent the citation of {ident} to the terminal's clipboard; a terminal without clipboard access "
    "(OSC 52) ignores it.": "Citatet af {ident} er sendt til terminalens udklipsholder; en terminal uden "
    "adgang til udklipsholderen (OSC 52) ser bort fra det.",
    "This terminal cannot take a copy from a program. The citation of {ident}, to select with the mouse:": (
        "Denne terminal kan ikke modtage en kopi fra et program. Citatet af {ident}, til at markere med musen:"
    ),
    "Opening source {source} in your browser: {url}": "Åbner kilden {source} i din browser: {url}",
    "No web browser could be started; open {url} yourself.": "Ingen browser kunne startes; åbn selv {url}.",
    "Close (Escape)": "Luk (Escape)",
    "Keys": "Taster",
}

# The help screen: keys, and what they do.
HELP: tuple[tuple[str, str], ...] = (
    ("/", "Filter: type words, as for kanten search, in Danish or English."),
    ("Enter", "In the filter: go to the list. In the list: go to the card's links."),
    ("↑ ↓ PgUp PgDn", "Move in the list."),
    ("Tab", "The next pane or link (Shift+Tab: the one before)."),
    ("1 2 3", "Facts, organisations, sources."),
    ("f", "Facets (kind, topic): Space or a click turns one on or off."),
    ("Enter", "On a link (an input, see also, a source): follow it."),
    ("Escape", "Back to where the link was followed from (also Backspace)."),
    ("c", "Copy the card's citation (text style, in this language)."),
    ("o", "Open the card's source in the web browser."),
    ("l", "Danish or English."),
    ("?", "This help."),
    ("q", "Quit."),
    ("", "The mouse works too: click a tab, a row, a facet or a link."),
    ("", "Without a terminal: kanten facts, kanten search WORD, kanten show ID."),
)
_DANISH.update(
    {
        "Filter: type words, as for kanten search, in Danish or English.": (
            "Filtrér: skriv ord, som i kanten search, på dansk eller engelsk."
        ),
        "In the filter: go to the list. In the list: go to the card's links.": (
            "I filteret: gå til listen. I listen: gå til kortets links."
        ),
        "Move in the list.": "Flyt i listen.",
        "The next pane or link (Shift+Tab: the one before).": "Næste rude eller link (Shift+Tab: den forrige).",
        "Facts, organisations, sources.": "Fakta, organisationer, kilder.",
        "Facets (kind, topic): Space or a click turns one on or off.": (
            "Facetter (art, emne): mellemrum eller et klik slår en til eller fra."
        ),
        "On a link (an input, see also, a source): follow it.": (
            "På et link (et tal det bygger på, se også, en kilde): følg det."
        ),
        "Back to where the link was followed from (also Backspace).": (
            "Tilbage til hvor linket blev fulgt fra (også Backspace)."
        ),
        "Copy the card's citation (text style, in this language).": "Kopiér kortets citat (tekststil, på dette sprog).",
        "Open the card's source in the web browser.": "Åbn kortets kilde i browseren.",
        "Danish or English.": "Dansk eller engelsk.",
        "This help.": "Denne hjælp.",
        "Quit.": "Afslut.",
        "The mouse works too: click a tab, a row, a facet or a link.": (
            "Musen virker også: klik på en fane, en række, en facet eller et link."
        ),
        "Without a terminal: kanten facts, kanten search WORD, kanten show ID.": (
            "Uden en terminal: kanten facts, kanten search ORD, kanten show ID."
        ),
    }
)


def tr(text: str, lang: Lang, **values: object) -> str:
    """`text` in `lang` (English is the key itself), with `values` filled in."""
    said = _DANISH.get(text, text) if lang == "da" else text
    return said.format(**values) if values else said
