"""The two languages: choosing one, labels and headings, and numbers as people read them."""

from __future__ import annotations

# The one value formatter lives in figures; kanten_cli.output.i18n.format_value is its stable entry point.
from kanten_cli.base.dates import iso_parts
from kanten_cli.base.translate import ENV_LANG as ENV_LANG
from kanten_cli.facts.vocabulary import LANGS as LANGS
from kanten_cli.facts.vocabulary import Lang as Lang
from kanten_cli.output.figures import format_number as format_number
from kanten_cli.output.figures import format_value as format_value

_LABELS: dict[str, tuple[str, str]] = {
    # column headings
    "id": ("ID", "ID"),
    "name": ("Navn", "Name"),
    "role": ("Rolle", "Role"),
    "roles": ("Roller", "Roles"),
    "org_kind": ("Art", "Kind"),
    "municipality": ("Kommune", "Municipality"),
    "description": ("Beskrivelse", "Description"),
    "text": ("Tekst", "Text"),
    "figure": ("Tal", "Figure"),
    "value": ("Værdi", "Value"),
    "kind": ("Art", "Kind"),
    "topic": ("Emne", "Topic"),
    "sources": ("Kilde", "Source"),
    "source": ("Kilde", "Source"),
    "quote": ("Citat", "Quote"),
    "evidence": ("Sidens ord", "Page's words"),
    "description_evidence": ("Sidens ord (beskrivelse)", "Page's words (description)"),
    "kind_source": ("Kilde (art)", "Source (kind)"),
    "kind_evidence": ("Sidens ord (art)", "Page's words (kind)"),
    "description_sources": ("Kilde (beskrivelse)", "Source (description)"),
    "at_least": ("Mindst", "At least"),
    "reading_of": ("Læsning af", "Reading of"),
    "see_also": ("Se også", "See also"),
    "author_role": ("Forfatterens rolle", "Author's role"),
    "caveat": ("Forbehold", "Caveat"),
    "formula": ("Formel", "Formula"),
    "inputs": ("Bygger på", "Inputs"),
    "date": ("Dato", "Date"),
    "end_date": ("Slutdato", "End date"),
    "item": ("Punkt", "Item"),
    "title": ("Titel", "Title"),
    "publisher": ("Udgiver", "Publisher"),
    "author": ("Forfatter", "Author"),
    "url": ("Adresse", "Address"),
    "facts": ("Fakta", "Facts"),
    "note": ("Note", "Note"),
    "section": ("Afsnit", "Section"),
    "matches": ("Match", "Matches"),
    "event": ("Hændelse", "Event"),
    "event.start": ("start", "start"),
    "event.end": ("slut", "end"),
    "event.from": ("fra", "from"),
    "event.until": ("til", "until"),
    "event.on": ("", ""),
    "organisations": ("Organisationer", "Organisations"),
    "type": ("Type", "Type"),
    "text_other": ("Tekst (engelsk)", "Text (Danish)"),
    "kind_other": ("Art (engelsk)", "Kind (Danish)"),
    "description_other": ("Beskrivelse (engelsk)", "Description (Danish)"),
    "quotes": ("Citat", "Quote"),
    "unit": ("Enhed", "Unit"),
    "approximate": ("Omtrentlig", "Approximate"),
    "score": ("Point", "Score"),
    "facts.count": ("Fakta", "Facts"),
    "organisations.count": ("Org.", "Orgs"),
    # the words of a citation sentence
    "cite.according": ("ifølge", "according to"),
    "cite.page": ("websiden", "the web page"),
    "cite.computed": ("beregnet ud fra tal i", "computed from figures in"),
    "cite.computed_mark": ("regnet ud", "computed"),
    "cite.kind": ("Art", "Kind"),
    "org.kind_from_name": ("ud fra navnet", "from its name"),
    "cite.from_name": ("alene ud fra navnet", "going by its name alone"),
    "cite.and": ("og", "and"),
    "cite.quote_open": ("»", "“"),
    "cite.quote_close": ("«", "”"),
    "cite.source_only": ("kanten-kilde", "kanten source"),
    "no_description": ("(ingen beskrivelse i kilderne)", "(no description in the sources)"),
    "no_title": ("(ingen titel i kildematerialet)", "(no title in the source material)"),
    "input_text": ("tekst", "text"),
    # search: where a hit matched (the field's place in the project file)
    "where": ("Fundet i", "Found in"),
    "field": ("Felt", "Field"),
    "snippet": ("Uddrag", "Snippet"),
    "field.id": ("id", "id"),
    "field.name": ("navn", "name"),
    "field.text.da": ("tekst", "Danish text"),
    "field.text.en": ("engelsk tekst", "text"),
    "field.quote": ("citat", "Danish quote"),
    "field.evidence": ("sidens ord", "page's Danish words"),
    "field.caveat.da": ("forbehold", "Danish caveat"),
    "field.caveat.en": ("engelsk forbehold", "caveat"),
    "field.kind.da": ("type", "Danish kind"),
    "field.kind.en": ("engelsk type", "kind"),
    "field.description.da": ("beskrivelse", "Danish description"),
    "field.description.en": ("engelsk beskrivelse", "description"),
    # fact kinds
    "kind.stated": ("oplyst", "stated"),
    "kind.derived": ("afledt", "derived"),
    "kind.target": ("mål", "target"),
    "kind.context": ("kontekst", "context"),
    "kind.organisation": ("organisation", "organisation"),
    # source kinds
    "source.primary": ("primær", "primary"),
    "source.secondary": ("sekundær", "secondary"),
    # roles
    "role.partner": ("samarbejdspartner", "partner"),
    "role.knowledge-house": ("konsulent- og videnshus", "consultancy and knowledge house"),
    "role.lead": ("projektleder", "lead"),
    "role.funder": ("bevillingsgiver", "funder"),
    "role.evaluator": ("evaluator", "evaluator"),
    # topics, as the overview names them
    "topic.project": ("Projekt", "Project"),
    "topic.period": ("Periode", "Period"),
    "topic.aim": ("Formål", "Aim"),
    "topic.conclusion": ("Konklusion", "Conclusion"),
    "topic.result": ("Resultat", "Result"),
    "topic.recommendation": ("Anbefaling", "Recommendation"),
    "topic.funding": ("Finansiering", "Funding"),
    "topic.report": ("Rapport", "Report"),
    # sections
    "section.headline": ("Hovedtal", "Headline figures"),
    "section.targets": ("Resultat over for mål", "Outcome beside the targets"),
    "section.midterm": ("Midtvejs og undervejs (kontekst)", "Mid-term and progress (context)"),
    "section.improvements": ("Forbedringer på de to jobcentre", "Improvements at the two job centres"),
    "section.activities": ("Nye aktiviteter", "New activities"),
    "section.recommendation": ("Anbefaling", "Recommendation"),
    "section.conclusion": ("Konklusion", "Conclusion"),
    "section.outlook": ("Udsyn", "Outlook"),
    "section.midterm-recommendation": (
        "Midtvejsevaluatorens anbefalinger (kontekst)",
        "The mid-term evaluator's recommendations (context)",
    ),
    "section.overview": ("Overblik", "At a glance"),
    # misc
    "context_marker": ("kontekst", "context"),
    "partners.title": ("Organisationer", "Organisations"),
    "facts.title": ("Fakta", "Facts"),
    "sources.title": ("Kilder", "Sources"),
    "timeline.title": ("Tidslinje", "Timeline"),
    "search.title": ("Søgeresultater", "Search results"),
    "ask.title": ("Svar", "Answer"),
    "ask.also": ("Også relevant", "Also relevant"),
    "ask.understood": ("Forstået som", "Understood as"),
    "ask.next": ("Videre", "Go on"),
    "chart.title": (
        "Deltagere, lønnet arbejde og fortsat i arbejde, over for målene",
        "Participants, paid work and still in work, beside the targets",
    ),
    "chart.more": (
        "Formel og forbehold for hver søjle: kanten show ID",
        "Formula and caveat of each bar: kanten show ID",
    ),
    "chart.key": ("Søjlernes art:", "Bars by kind:"),
    "chart.readings": (
        "{name} – to læsninger af én tvetydig sætning",
        "{name} – two readings of one ambiguous sentence",
    ),
    "note.reading": ("Én læsning af den tvetydige sætning i {id}", "One reading of the ambiguous sentence in {id}"),
    "overview.readings": ("to læsninger af én sætning, {id}:", "two readings of one sentence, {id}:"),
    "chart.targets": (
        "Mål – de tæller noget andet end resultaterne ovenfor",
        "Targets – they count something other than the results above",
    ),
    "legend": ("Art:", "Kind:"),
    "legend.stated": ("oplyst = står i artiklen (primær kilde)", "stated = in the article (primary source)"),
    "legend.derived": ("afledt = regnet ud af andre fakta", "derived = computed from other facts"),
    "legend.target": ("mål = fra en sekundær side", "target = from a secondary page"),
    "legend.context": ("kontekst = fra en sekundær side", "context = from a secondary page"),
    "overview.name": ("Navn", "Name"),
    "overview.period": ("Periode", "Period"),
    "overview.partners": ("Hvem", "Who"),
    "overview.funding": ("Bevilling", "Funding"),
    "overview.granted": ("{amount} fra {funders}:", "{amount} from {funders}:"),
    "overview.figures": ("Hovedtal", "Headline figures"),
    "overview.targets": ("Mål", "Targets"),
    "overview.conclusion": ("Konklusion", "Conclusion"),
    "overview.recommendation": ("Anbefaling", "Recommendation"),
    "overview.article": ("Artiklen", "The article"),
    "overview.next": ("Videre", "Next"),
    "overview.measures": (
        "Målene tæller noget andet end artiklens »lønnet arbejde«: se forbeholdet med kanten show ID.",
        "The targets count something other than the article's paid work: see the caveat with kanten show ID.",
    ),
    # kanten verify
    "verify.title": ("Citater og belæg tjekket mod kilderne", "Quotes and evidence checked against their sources"),
    "verify.fetching": ("Henter sider", "Fetching pages"),
    "verify.read": ("læst", "read"),
    "verify.skipped": ("sprunget over", "skipped"),
    "verify.verified": ("bekræftet", "verified"),
    "verify.changed": ("ændret", "changed"),
    "verify.unreachable": ("utilgængelig", "unreachable"),
    "verify.unchecked": ("ikke tjekket", "unchecked"),
    "verify.quote": ("citat", "quote"),
    "verify.evidence": ("belæg", "evidence"),
    "verify.kind_evidence": ("artens belæg", "kind's evidence"),
    "verify.description_evidence": ("beskrivelsens belæg", "description's evidence"),
    "verify.none": ("intet citat eller belæg at tjekke", "no quote or evidence to check"),
    "verify.fetched_at": ("hentet {}", "fetched {}"),
    "verify.copy_of": ("gemt kopi af {}", "saved copy of {}"),
    "verify.redirected_to": ("viderestillet til {}", "redirected to {}"),
    "verify.checked": ("tjekket", "checked"),
    "verify.total": ("I alt {}", "In all, {}"),
    "verify.no_passage": ("intet lignende afsnit på siden", "no similar passage on the page"),
    # the report (kanten report)
    "report.intro": (
        "Faktagrundlaget: {facts} fakta og {organisations} organisationer fra {sources} kilder, hver med sin art "
        "og sin kilde.",
        "The fact base: {facts} facts and {organisations} organisations from {sources} sources, each with its "
        "kind and its source.",
    ),
    # the brief (kanten report --brief)
    "brief.subtitle": ("Projektet på én side", "The project on one page"),
    "brief.project": ("Hvad projektet var", "What the project was"),
    "brief.figures": ("Hovedtal over for målene", "Headline figures beside the targets"),
    "brief.partners": ("Hvem deltog, og i hvilken rolle", "Who took part, and in what role"),
    "brief.cost": ("Hvad det kostede, og hvem der betalte", "What it cost, and who paid"),
    "brief.conclusion": ("Konklusion og anbefaling", "Conclusion and recommendation"),
    "brief.source": ("Kilde {number}", "Source {number}"),
    "brief.role.lead": ("Projektleder", "Lead"),
    "brief.role.knowledge-house": ("Konsulent- og videnshuse", "Consultancy and knowledge houses"),
    "brief.role.partner": ("Samarbejdspartnere", "Partners"),
    "brief.role.funder": ("Bevillingsgiver", "Funder"),
    "brief.role.evaluator": ("Evaluator", "Evaluator"),
    "report.progress": ("Undervejs i projektet", "Progress along the way"),
    "report.no-date": ("dato ukendt", "date not known"),
    "report.chart-notes": (
        "Hver søjles formel og forbehold står i noterne.",
        "Each bar's formula and caveat are in the notes.",
    ),
    "report.contents": ("Indhold", "Contents"),
    "report.legend": ("Arter", "Kinds"),
    "report.help.stated": ("står i artiklen (primær kilde)", "in the article (primary source)"),
    "report.help.derived": ("regnet ud af andre fakta", "computed from other facts"),
    "report.help.target": ("et mål fra en sekundær side", "a target from a secondary page"),
    "report.help.context": ("fra en sekundær side", "from a secondary page"),
    "report.partners": ("Hvem deltog", "Who took part"),
    "report.results": ("Resultater over for målene", "Results beside the targets"),
    "report.results-intro": (
        "Målene står på sekundære sider, ikke i artiklen, og et mål kan tælle noget andet end resultatet "
        "ved siden af det: læs noterne, før tallene sammenlignes.",
        "The targets are set out on secondary pages, not in the article, and a target may count something "
        "other than the result beside it: read the notes before comparing the figures.",
    ),
    "report.result-facts": ("Resultater", "Results"),
    "report.targets": ("Mål", "Targets"),
    "report.improvements": ("Forbedringer og nye aktiviteter", "Improvements and activities"),
    "report.recommendation": ("Anbefaling og konklusion", "Recommendation and conclusion"),
    "report.midterm": ("Midtvejsevalueringen", "The mid-term evaluation"),
    "report.other": ("Øvrige fakta", "Other facts"),
    "report.notes": ("Noter", "Notes"),
    "report.note": ("note {number}", "note {number}"),
    "report.no-address": ("ingen adresse", "no address"),
    "report.made-by": ("Lavet med kanten {version}.", "Made with kanten {version}."),
    "topic.background": ("Baggrund", "Background"),
    "topic.partners": ("Partnere", "Partners"),
    "topic.organisation": ("Organisering", "Organisation"),
    "topic.evaluation": ("Evaluering", "Evaluation"),
    "topic.article": ("Artiklen", "The article"),
}

# The form a label takes after a count other than one (`counted`): Danish adjectives and
# participles take -e ("1 ændret", "48 ændrede"); English ones have no plural.
_PLURALS: dict[str, tuple[str, str]] = {
    "verify.checked": ("tjekkede", "checked"),
    "verify.verified": ("bekræftede", "verified"),
    "verify.changed": ("ændrede", "changed"),
    "verify.unreachable": ("utilgængelige", "unreachable"),
    "verify.unchecked": ("ikke tjekkede", "unchecked"),
}

_TOPICS: dict[str, tuple[str, str]] = {
    "project": ("projekt", "project"),
    "period": ("periode", "period"),
    "aim": ("formål", "aim"),
    "background": ("baggrund", "background"),
    "partners": ("samarbejdspartnere", "partners"),
    "organisation": ("organisation", "organisation"),
    "funding": ("finansiering", "funding"),
    "conclusion": ("konklusion", "conclusion"),
    "improvement": ("forbedring", "improvement"),
    "activity": ("aktivitet", "activity"),
    "result": ("resultat", "result"),
    "target": ("mål", "target"),
    "progress": ("fremdrift", "progress"),
    "midterm": ("midtvejs", "mid-term"),
    "evaluation": ("evaluering", "evaluation"),
    "recommendation": ("anbefaling", "recommendation"),
    "midterm-recommendation": ("midtvejsanbefaling", "mid-term recommendation"),
    "outlook": ("udsyn", "outlook"),
    "report": ("rapport", "report"),
    "article": ("artikel", "article"),
}


def topic_name(topic: str, lang: Lang) -> str:
    """A fact's topic as a word in `lang` ('result' -> 'resultat'); the topic itself if unknown."""
    pair = _TOPICS.get(topic)
    return topic if pair is None else (pair[0] if lang == "da" else pair[1])


def label(key: str, lang: Lang) -> str:
    """A heading or label in `lang`; the key itself if none is defined."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "da" else pair[1]


def counted(count: int, key: str, lang: Lang) -> str:
    """A count and its label, singular for exactly one: '1 ændret', '48 ændrede', '0 ændrede'."""
    plural = _PLURALS.get(key) if count != 1 else None
    word = label(key, lang) if plural is None else (plural[0] if lang == "da" else plural[1])
    return f"{count} {word}"


_MONTHS = {
    "da": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_date(date: str | None, lang: Lang) -> str:
    """An ISO date at its own precision: '2018', 'august 2018', '28. marts 2023' / '28 March 2023'."""
    if not date:
        return ""
    parts = iso_parts(date)
    if parts is None:  # not an ISO date: shown as it is
        return date
    year = date[:4]
    if len(parts) == 1:
        return year
    month = _MONTHS[lang][parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {year}"
    return f"{parts[2]}. {month} {year}" if lang == "da" else f"{parts[2]} {month} {year}"


def format_period(date: str | None, end_date: str | None, lang: Lang) -> str:
    """'august 2018 – december 2021', or one date."""
    if date and end_date:
        return f"{format_date(date, lang)} – {format_date(end_date, lang)}"
    return format_date(date, lang)
