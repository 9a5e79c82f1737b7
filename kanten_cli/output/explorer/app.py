"""`kanten browse`: a full-screen explorer of the facts, organisations and sources.

A list (one line per item, drawn only where it is on screen), a filter that reads words as
`kanten search` does, facets with counts, and a detail pane with the card `kanten show` prints,
whose links can be followed and come back from. Textual is imported only by this package.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator, Mapping
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.filter import Monochrome, NoColor
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static, Tab, Tabs

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import N_, _, bind, language, other_language, translated
from kanten_cli.output import cite as render_cite
from kanten_cli.output.explorer import card as cards
from kanten_cli.output.explorer.state import FACETS, TABS, Explorer, Item, Matches, Target
from kanten_cli.output.explorer.state import Tab as TabName
from kanten_cli.output.explorer.texts import HELP, TAB_TITLES
from kanten_cli.output.explorer.widgets import Card, Facets, ItemList, ListHeader
from kanten_cli.output.i18n import format_number
from kanten_cli.query import citations as cite_records
from kanten_cli.query.index import Index

NARROW = 60  # below this width, the tabs have no room for their counts (the status line has them)
FACETS_SHOWN = 150  # from this width on, the facets are open from the start
# Above this many items, the filter waits for a pause in the typing and runs in a thread.
LARGE = 20_000
TYPING_PAUSE = 0.25  # seconds
CARD_PAUSE = 0.05  # seconds the cursor rests before the card follows it (holding a key stays smooth)

# Terminals known to ignore a program's copy to the clipboard (OSC 52).
_NO_CLIPBOARD_TERMS = ("linux", "dumb")
_NO_CLIPBOARD_PROGRAMS = ("Apple_Terminal",)
_CLIPBOARD_PROGRAMS = ("iTerm.app", "WezTerm", "ghostty", "vscode")
_CLIPBOARD_TERMS = ("xterm-kitty", "alacritty", "foot", "xterm-ghostty")


def clipboard_support(environ: Mapping[str, str]) -> bool | None:
    """Whether the terminal takes a copy to its clipboard from a program: True, False, or None
    when it cannot be told (most terminals do; tmux passes it on only when set up to)."""
    term, program = environ.get("TERM", ""), environ.get("TERM_PROGRAM", "")
    if term in _NO_CLIPBOARD_TERMS or program in _NO_CLIPBOARD_PROGRAMS:
        return False
    if environ.get("TMUX") or environ.get("STY"):
        return None
    if program in _CLIPBOARD_PROGRAMS or term in _CLIPBOARD_TERMS or environ.get("WT_SESSION"):
        return True
    return None


# The keys, with their English descriptions (texts translates them); the footer shows those with one.
KEYS: tuple[Binding, ...] = (
    Binding("question_mark", "help", N_("Help")),
    Binding("slash", "focus_filter", N_("Filter")),
    Binding("f", "facets", N_("Facets")),
    Binding("escape,backspace", "back", N_("Back")),
    Binding("c", "copy", N_("Copy citation")),
    Binding("o", "open", N_("Open source")),
    Binding("l", "language", "Dansk"),  # the language it switches to, in that language
    Binding("q", "quit", N_("Quit")),
    Binding("1", "tab('facts')", show=False),
    Binding("2", "tab('organisations')", show=False),
    Binding("3", "tab('sources')", show=False),
    Binding("ctrl+q", "quit", show=False),  # Textual's own, kept out of the footer
)
FEW_KEYS = ("help", "focus_filter", "facets", "back", "quit")  # what the footer shows on a narrow screen


class HelpScreen(ModalScreen[None]):
    """The keys, in the chosen language."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: round $foreground; padding: 0 1; background: $surface; }
    HelpScreen .help-title { text-style: bold; }
    HelpScreen .help-row { height: auto; }
    HelpScreen .help-keys { text-style: bold; }
    HelpScreen .help-what { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "dismiss", "Close"),
    ]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(_("Keys")), classes="help-title", markup=False)
            width = max(len(keys) for keys, _ in HELP) + 2
            for keys, what in HELP:
                label = Static(Text(keys), classes="help-keys", markup=False)
                label.styles.width = width if keys else 0
                yield Horizontal(label, Static(Text(translated(what)), classes="help-what"), classes="help-row")
            yield Static(Text(_("Close (Escape)"), style="dim"), markup=False)


class CitationScreen(ModalScreen[None]):
    """A citation to select with the mouse, where the terminal cannot take a copy."""

    DEFAULT_CSS = """
    CitationScreen { align: center middle; }
    CitationScreen > VerticalScroll { width: 90%; height: auto; max-height: 90%;
        border: round $foreground; padding: 0 1; background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,enter", "dismiss", "Close")]

    def __init__(self, note: str, citation: str) -> None:
        super().__init__()
        self.note, self.citation = note, citation

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.note, style="bold"), markup=False)
            yield Static(Text(self.citation), markup=False)
            yield Static(Text(_("Close (Escape)"), style="dim"), markup=False)


class ExplorerApp(App[None]):
    """The explorer. `open_url` opens a web address (webbrowser.open unless a test gives another)."""

    CSS = """
    Screen { layout: vertical; }
    Tabs { height: 2; }
    Tabs:nocolor Tab.-active { text-style: bold reverse; }
    #filter { border: none; height: 1; padding: 0 1; }
    #main { height: 1fr; }
    #facets { width: 30; height: 1fr; display: none; border-right: solid $foreground 30%; }
    Screen.-facets #facets { display: block; }
    #listing { width: 3fr; }
    #header { height: 1; }
    #status { height: 1; color: $text-muted; }
    #detail { width: 2fr; border-left: solid $foreground 30%; padding: 0 0 0 1; }
    Screen.-narrow #main { layout: vertical; }
    Screen.-narrow #facets { width: 1fr; height: auto; max-height: 8; border-right: none;
        border-bottom: solid $foreground 30%; }
    Screen.-narrow #listing { width: 1fr; height: 2fr; }
    Screen.-narrow #detail { width: 1fr; height: 3fr; border-left: none; border-top: solid $foreground 30%;
        padding: 0; }
    """
    # Below 100 columns the list and the card stack: side by side, neither would have room for its text.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (as Textual declares it)
    TITLE = "kanten browse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = list(KEYS)  # noqa: RUF012 (Textual declares it so)

    def __init__(
        self,
        index: Index,
        *,
        colour: bool = True,
        open_url: Callable[[str], bool] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        with _no_colour(not colour):
            super().__init__()
        if self.no_color:
            # Textual reads NO_COLOR as "grey tones" (its Monochrome filter); NO_COLOR asks for no
            # colour at all: keep only bold, reverse and underline (the cursor is reversed then).
            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]
        self.state = Explorer(index)
        self._open_url = open_url
        self._environ = os.environ if environ is None else environ
        self._card_timer: object = None
        self._typing_timer: object = None
        self._filtering = False  # a filter is running in a thread
        self._wanted = ""  # the filter last asked for
        self._showing: Target | None = None
        self._facets_open: bool | None = None  # None: as the width suggests
        self._back_shown = False
        self._translate_keys()

    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(Content(""), id=f"tab-{name}") for name in TABS), id="tabs")
        yield Input(id="filter", compact=True)
        with Horizontal(id="main"):
            yield Facets(id="facets")
            with Vertical(id="listing"):
                yield ListHeader(id="header")
                yield ItemList(id="list")
                yield Static(id="status", markup=False)
            yield Card(id="detail")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self._relabel()
        await self._refresh_items(keep=None)
        self.query_one(ItemList).focus()

    def on_resize(self) -> None:
        self._place_facets()
        self.call_after_refresh(self._relabel)

    # --- what is shown --------------------------------------------------------------------------

    def _relabel(self) -> None:
        """Every fixed word on screen in the current language."""
        for name in TABS:
            # How many items the tab holds under the filter; on a narrow screen the names alone fit.
            title = translated(TAB_TITLES[name])
            if self.size.width >= NARROW:
                title += f" {format_number(len(self.state.items(name)))}"
            self.query_one(f"#tab-{name}", Tab).label = Content(title)
        self.query_one("#filter", Input).placeholder = _("Filter (/): words, as kanten search reads them")
        self._translate_keys()
        self._draw_header()
        self._draw_status()

    def _translate_keys(self) -> None:
        """The footer's keys in the current language; Back only when there is somewhere to go back to."""
        self._back_shown = bool(self.state.history)
        narrow = self.size.width < NARROW  # the footer holds the few keys; ? lists them all
        english = {key: b.description for b in KEYS if b.description for key in b.key.split(",")}
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                dataclasses.replace(
                    b,
                    description=self._key_description(b.action, english[key]),
                    show=(b.action != "back" or self._back_shown) and (b.action in FEW_KEYS or not narrow),
                )
                if key in english
                else b
                for b in bindings
            ]
        if self.is_running:
            self.refresh_bindings()

    def _key_description(self, action: str, english: str) -> str:
        if action == "language":  # the language it switches to, in that language
            return "English" if language() == "da" else "Dansk"
        return translated(english)

    def _draw_header(self) -> None:
        listing = self.query_one(ItemList)
        self.query_one(ListHeader).show(self.state.tab, listing.id_width, listing.value_width, listing.room)

    def _draw_status(self, busy: bool = False) -> None:
        shown, total = len(self.query_one(ItemList).items), self.state.total()
        number = format_number
        said = _("{shown} of {total}").format(shown=number(shown), total=number(total))
        if busy:
            said += "  " + _("Filtering…")
        elif not shown:
            said += "  " + _("Nothing matches the filter.")
        self.query_one("#status", Static).update(Text(said))

    async def _refresh_items(self, keep: Item | None) -> None:
        """The list, the facets and the card after the tab, filter or facets changed."""
        listing = self.query_one(ItemList)
        listing.show(self.state.items(), self.state.tab, keep)
        self._relabel()
        await self._draw_facets()
        self._place_facets()

    async def _draw_facets(self) -> None:
        groups = []
        for facet in FACETS[self.state.tab]:
            chosen = self.state.chosen.get((self.state.tab, facet.name), set())
            values = [
                (value, facet.shown(value), count, value in chosen) for value, count in self.state.facet_counts(facet)
            ]
            groups.append((facet.name, translated(facet.name), values))
        await self.query_one(Facets).show(groups)

    def _place_facets(self) -> None:
        wanted = self._facets_open if self._facets_open is not None else self.size.width >= FACETS_SHOWN
        self.screen.set_class(wanted, "-facets")

    def _show_card(self, target: Target | None) -> None:
        note = _("Back (Escape): {ident}").format(ident=self.state.history[-1][1]) if self.state.history else ""
        found = cards.lines(self.state.index, target) if target else []
        self._showing = target
        self.query_one(Card).show(target, found, note, _("Nothing selected."))
        if bool(self.state.history) != self._back_shown:  # the footer shows Back only when it leads somewhere
            self._translate_keys()

    # --- events ----------------------------------------------------------------------------

    @on(ItemList.Highlighted)
    def _highlighted(self, event: ItemList.Highlighted) -> None:
        item = event.item
        target: Target | None = (self.state.tab, item.id) if item is not None else None
        if target == self._showing and not self.state.history:
            return
        self.state.history.clear()
        if self._card_timer is not None:
            self._card_timer.stop()  # type: ignore[attr-defined]
        self._card_timer = self.set_timer(CARD_PAUSE, lambda: self._show_card(target))

    @on(ItemList.Chosen)
    def _chosen(self) -> None:
        card = self.query_one(Card)
        card.focus()
        card.select(0 if card.links else None)

    @on(Card.Followed)
    async def _follow(self, event: Card.Followed) -> None:
        line = event.line
        if line.url is not None:
            self._open(line.url, None)
            return
        if line.target is None:
            return
        self.state.follow(self._showing)
        self._show_card(line.target)
        self.query_one(Card).focus()

    @on(Tabs.TabActivated)
    async def _tab_activated(self, event: Tabs.TabActivated) -> None:
        name = (event.tab.id or "tab-facts").removeprefix("tab-")
        if name not in TABS or name == self.state.tab:
            return
        self.state.tab = name
        self.state.history.clear()
        await self._refresh_items(keep=None)

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        if self._typing_timer is not None:
            self._typing_timer.stop()  # type: ignore[attr-defined]
        if self.state.total("facts") < LARGE:
            self._apply(self.state.find(event.value))
            return
        self._draw_status(busy=True)
        self._typing_timer = self.set_timer(TYPING_PAUSE, lambda: self._find_latest(event.value))

    def _find_latest(self, query: str) -> None:
        """Start filtering for `query` in a thread, or, while one runs (a search cannot be
        stopped halfway), remember it for when that one is done: never two at once."""
        self._wanted = query
        if not self._filtering:
            self._filtering = True
            self._find_in_thread(query)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self.query_one(ItemList).focus()

    @work(thread=True, group="filter")
    def _find_in_thread(self, query: str) -> None:
        matches = self.state.find(query)
        self.call_from_thread(self._found, matches)

    def _found(self, matches: Matches) -> None:
        self._filtering = False
        if self._wanted != matches.query:  # typing went on meanwhile: filter for what is there now
            self._find_latest(self._wanted)
        self._apply(matches)

    @work(exclusive=True, group="apply")
    async def _apply(self, matches: Matches) -> None:
        if matches.query != self.query_one("#filter", Input).value:
            return  # typing went on meanwhile: another filter follows
        self.state.matches = matches
        await self._refresh_items(keep=self.query_one(ItemList).current)

    @on(Facets.Toggled)
    async def _facet_toggled(self, event: Facets.Toggled) -> None:
        self.state.set_chosen(event.facet, event.values)
        await self._refresh_items(keep=self.query_one(ItemList).current)

    # --- actions ----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_facets(self) -> None:
        self._facets_open = not self.screen.has_class("-facets")
        self._place_facets()
        if self._facets_open:
            first = self.query_one(Facets).query("SelectionList")
            if first:
                first.first().focus()
        elif self.focused is not None and self.query_one(Facets) in self.focused.ancestors:
            self.query_one(ItemList).focus()

    async def action_tab(self, name: TabName) -> None:
        self.query_one(Tabs).active = f"tab-{name}"

    async def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.query_one(ItemList).focus()
            return
        target = self.state.back()
        if target is not None:
            self._show_card(target)
            self.query_one(Card).focus()
        elif focused is self.query_one(Card):
            self.query_one(ItemList).focus()

    def action_copy(self) -> None:
        target = self._showing
        if target is None:
            return
        tab, ident = target
        index = self.state.index
        if tab == "sources":
            cited = [{"type": "source", "id": ident, "kind": "source", "sources": [ident]}]
        else:
            cited = [cite_records.citation(index, ident)]
        entries = cite_records.bibliography(index, cited)
        text = render_cite.render(cited, entries, "text", None).rstrip("\n")
        can = clipboard_support(self._environ)
        self.copy_to_clipboard(text)
        if can is False:
            note = _(
                "This terminal cannot take a copy from a program. The citation of {ident}, to select with the mouse:"
            ).format(ident=ident)
            self.push_screen(CitationScreen(note, text))
        elif can:
            self.notify(_("Copied the citation of {ident} to the clipboard.").format(ident=ident), markup=False)
        else:
            message = _(
                "Sent the citation of {ident} to the terminal's clipboard; a terminal without clipboard access "
                "(OSC 52) ignores it."
            )
            self.notify(message.format(ident=ident), markup=False)

    def action_open(self) -> None:
        if self._showing is None:
            return
        try:
            url, source, _ = cite_records.web_address(self.state.index, self._showing[1])
        except NotFound as err:
            self.notify(err.message, severity="warning", markup=False)
            return
        self._open(url, source)

    def _open(self, url: str, source: str | None) -> None:
        if source is not None:
            self.notify(
                _("Opening source {source} in your browser: {url}").format(source=source, url=url), markup=False
            )
        opened = self._open_url(url) if self._open_url is not None else self._open_in_browser(url)
        if not opened:
            message = _("No web browser could be started; open {url} yourself.").format(url=url)
            self.notify(message, severity="warning", markup=False)

    def _open_in_browser(self, url: str) -> bool:
        import webbrowser  # only when a source is opened

        if _has_display(self._environ):
            return webbrowser.open(url)
        # Without a display the browser is a terminal program: give it the terminal meanwhile.
        try:
            with self.suspend():
                return webbrowser.open(url)
        except SuspendNotSupported:
            return webbrowser.open(url)

    async def action_language(self) -> None:
        bind(other_language())  # the explorer's words and kanten's labels, from here on
        listing = self.query_one(ItemList)
        listing.show(listing.items, self.state.tab, listing.current)
        self._relabel()
        await self._draw_facets()
        self._show_card(self._showing)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())


def _has_display(environ: Mapping[str, str]) -> bool:
    import sys

    return sys.platform in ("darwin", "win32") or bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


@contextlib.contextmanager
def _no_colour(off: bool) -> Iterator[None]:
    """Textual reads NO_COLOR when the app is made: set it for that moment when colour is off
    (--no-color, TERM=dumb), as if the user had."""
    if not off or "NO_COLOR" in os.environ:
        yield
        return
    os.environ["NO_COLOR"] = "1"
    try:
        yield
    finally:
        del os.environ["NO_COLOR"]


def run(index: Index, colour: bool) -> None:
    """Run the explorer in this terminal until the user quits."""
    ExplorerApp(index, colour=colour).run()
