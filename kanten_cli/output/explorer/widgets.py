"""The explorer's own widgets: the virtual list, the card with its links, and the facets.

Every text from the data file reaches the screen as plain text (a Rich `Text`, a Textual
`Content` or a `Segment`), never as markup: "[bold]" in a fact is shown as "[bold]".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from kanten_cli.output import palette
from kanten_cli.output.explorer.card import Line
from kanten_cli.output.explorer.rows import Column, cells, columns, heading, value_width
from kanten_cli.output.explorer.state import Item, Tab, Target

GAP = 2  # spaces between columns
SAMPLE = 2000  # the items whose widths set the columns' widths


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with '…' when longer, padded when shorter."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def layout(cols: list[Column], room: int) -> list[int]:
    """Each column's width: the flexible one gets the room that is left."""
    fixed = sum(c.width for c in cols if c.width) + GAP * (len(cols) - 1)
    return [c.width or max(room - fixed, 0) for c in cols]


class ListHeader(Static):
    """The list's column headings, laid out as its lines are."""

    def show(self, tab: Tab, id_width: int, value_width: int, room: int) -> None:
        cols = columns(tab, id_width, value_width, room)
        widths = layout(cols, room)
        line = (" " * GAP).join(fit(heading(c), w) for c, w in zip(cols, widths, strict=True))
        self.update(Text(line.rstrip(), style=palette.HEADING))


class ItemList(ScrollView, can_focus=True):
    """One line per item, drawn only for the lines on screen: a list of 100 000 facts costs
    what a list of 20 does."""

    DEFAULT_CSS = """
    ItemList { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    ItemList > .item-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ItemList:blur > .item-list--cursor { background: $block-cursor-blurred-background; }
    ItemList:nocolor > .item-list--cursor { text-style: reverse bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1000000000)", show=False),
        Binding("end", "move(1000000000)", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor is on another item (or on none)."""

        def __init__(self, item: Item | None) -> None:
            self.item = item
            super().__init__()

    class Chosen(Message):
        """Enter on an item: go to its card."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: Sequence[Item] = []
        self.tab: Tab = "facts"
        self.id_width = 8
        self.value_width = 0
        self._styles: tuple[Style, Style] | None = None

    def show(self, items: Sequence[Item], tab: Tab, keep: Item | None = None) -> None:
        """Show `items`; the cursor on `keep` when it is among them, else on the first."""
        self.items, self.tab = items, tab
        # The id column as wide as the longest id (100 000 lengths take a few milliseconds); the
        # value column as the widest value among the first and the last items (formatting them
        # all would be felt on every keystroke; a file's values grow towards its end, if at all).
        self.id_width = max((len(i.id) for i in items), default=8)
        self.value_width = value_width([*items[:SAMPLE], *items[-SAMPLE:]])
        self.virtual_size = Size(0, len(items))
        at = 0
        if keep is not None:
            at = next((n for n, item in enumerate(items[:5000]) if item is keep), 0)
        self.scroll_to(y=max(at - self.size.height // 2, 0), animate=False)
        self.cursor = at
        self.refresh()

    @property
    def current(self) -> Item | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def watch_cursor(self, old: int, cursor: int) -> None:
        if self.items:
            before = self.scroll_y
            self.scroll_to_region(Region(0, cursor, 1, 1), animate=False, immediate=True)
            if self.scroll_y == before:  # only the two lines the cursor left and reached change
                self.refresh_line(old)
                self.refresh_line(cursor)
            else:
                self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_move(self, step: int) -> None:
        if self.items:
            self.cursor = min(max(self.cursor + step, 0), len(self.items) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 1, 1))

    def key_enter(self) -> None:
        self.post_message(self.Chosen())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and 0 <= offset.y + int(self.scroll_y) < len(self.items):
            self.cursor = offset.y + int(self.scroll_y)

    @property
    def room(self) -> int:
        """The width the lines are drawn in (the scroll bar takes the rest)."""
        return self.scrollable_content_region.width or self.size.width

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def on_focus(self) -> None:
        self._styles = None  # the cursor's style differs without focus

    def on_blur(self) -> None:
        self._styles = None

    def _base_and_cursor(self) -> tuple[Style, Style]:
        """The list's style and the cursor's, asked of the stylesheet once, not once a line."""
        if self._styles is None:
            self._styles = (self.rich_style, self.get_component_rich_style("item-list--cursor"))
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.room
        row = y + int(self.scroll_y)
        base, cursor_style = self._base_and_cursor()
        if row >= len(self.items):
            return Strip([Segment(" " * width, base)], width)
        cols = columns(self.tab, self.id_width, self.value_width, width)
        widths = layout(cols, width)
        said = cells(self.items[row])
        cursor = cursor_style if row == self.cursor else None
        segments: list[Segment] = []
        for number, (col, cell_width) in enumerate(zip(cols, widths, strict=True)):
            text, style = said[col.heading]
            if number:
                segments.append(Segment(" " * GAP, base + cursor if cursor else base))
            look = base + Style.parse(style) if style else base
            segments.append(Segment(fit(text, cell_width), look + cursor if cursor else look))
        return Strip(segments).extend_cell_length(width, base + cursor if cursor else base).crop(0, width)


class Card(ScrollView, can_focus=True):
    """The detail pane: the card of one fact, organisation or source, label by label.

    Drawn a line at a time, like the list, so that the next card costs no re-layout of the
    screen. Its links (an input, a see-also id, a source, an address) are underlined: Tab and
    Shift+Tab move between them, Enter or a click follows one.
    """

    DEFAULT_CSS = """
    Card { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    Card > .card--link { text-style: underline; }
    Card > .card--selected { background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: underline; }
    Card:blur > .card--selected { background: $block-cursor-blurred-background; }
    Card:nocolor > .card--selected { text-style: reverse bold underline; }
    Card > .card--label { text-style: bold; }
    Card > .card--note { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"card--link", "card--selected", "card--label", "card--note"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "step(1)", show=False),
        Binding("shift+tab", "step(-1)", show=False),
        Binding("enter", "follow", show=False),
    ]
    STACKED = 44  # below this width, each label stands above its text

    class Followed(Message):
        """A link was followed."""

        def __init__(self, line: Line) -> None:
            self.line = line
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.target: Target | None = None
        self.lines: list[Line] = []
        self.note = ""
        self.links: list[Line] = []  # the lines that lead somewhere, in order
        self.selected: int | None = None  # which of the links Tab has reached
        self._strips: list[Strip] = []
        self._link_rows: list[list[int]] = []  # per link, the rows it is drawn on
        self._row_link: dict[int, int] = {}

    def show(self, target: Target | None, found: list[Line], note: str, empty: str) -> None:
        """Show the card of `target` (`found`: its lines), with `note` (where Back leads) above it."""
        self.target, self.lines = target, found
        self.note = note if target is not None else "\n".join(filter(None, (note, empty)))
        self.links = [line for line in found if line.role == "link" and (line.target or line.url)]
        self.selected = None
        self._draw()
        self.scroll_home(animate=False, immediate=True)

    @property
    def selected_line(self) -> Line | None:
        return self.links[self.selected] if self.selected is not None else None

    def plain(self) -> list[str]:
        """The card as shown, line by line (for tests and for reading)."""
        return [strip.text.rstrip() for strip in self._strips]

    # drawing

    def _draw(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        console = self.app.console
        label_style = self.get_component_rich_style("card--label", partial=True)
        note_style = self.get_component_rich_style("card--note", partial=True)
        link_style = self.get_component_rich_style("card--link", partial=True)
        stacked = width < self.STACKED
        room = 0 if stacked else max((cell_len(line.label) for line in self.lines), default=0) + 2
        rows: list[tuple[Text, int | None]] = []
        for text in self.note.split("\n") if self.note else []:
            rows += [(piece, None) for piece in Text.assemble((text, note_style)).wrap(console, width)]
        links = {id(line): n for n, line in enumerate(self.links)}
        for line in self.lines:
            link = links.get(id(line))
            style: Style | str = link_style if link is not None else _text_style(line.role)
            # Styles as spans, not as a Text's base style: a line's segments carry them when drawn.
            value = Text.assemble((line.text, style))
            # An address too long for its column gets a line of its own, under its label: it is
            # broken only where it is longer than the screen.
            own_line = line.url is not None and cell_len(line.text) > width - room
            if stacked or own_line:
                if line.label:
                    rows.append((Text.assemble((line.label, label_style)), None))
                indent, room_left = "  ", width - 2
            else:
                indent, room_left = " " * room, width - room
            for number, piece in enumerate(value.wrap(console, max(room_left, 1), overflow="fold")):
                first = number == 0 and not (stacked or own_line)
                head = Text.assemble((fit(line.label, room), label_style)) if first else Text(indent)
                rows.append((Text.assemble(head, piece), link))
        self._strips = [Strip(list(text.render(console))).extend_cell_length(width).crop(0, width) for text, _ in rows]
        self._row_link = {row: link for row, (_, link) in enumerate(rows) if link is not None}
        self._link_rows = [[row for row, n in self._row_link.items() if n == link] for link in range(len(self.links))]
        self.virtual_size = Size(0, len(rows))
        self.refresh()

    def on_resize(self) -> None:
        if self.lines or self.note:
            self._draw()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        row = y + int(self.scroll_y)
        base = self.rich_style
        if row >= len(self._strips):
            return Strip([Segment(" " * width, base)], width)
        strip = self._strips[row].apply_style(base)
        if self.selected is not None and self._row_link.get(row) == self.selected:
            strip = strip.apply_style(self.get_component_rich_style("card--selected"))
        return strip

    # links

    def select(self, link: int | None) -> None:
        self.selected = link
        if link is not None and self._link_rows[link]:
            rows = self._link_rows[link]
            self.scroll_to_region(Region(0, rows[0], 1, len(rows)), animate=False, immediate=True)
        self.refresh()

    def action_step(self, step: int) -> None:
        """The next (or the previous) link; past the last, the next pane."""
        if not self.links:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()
            return
        at = (-1 if step > 0 else len(self.links)) if self.selected is None else self.selected
        at += step
        if 0 <= at < len(self.links):
            self.select(at)
        else:
            self.select(None)
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()

    def action_follow(self) -> None:
        line = self.selected_line
        if line is not None:
            self.post_message(self.Followed(line))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        link = self._row_link.get(offset.y + int(self.scroll_y))
        if link is not None:
            self.select(link)
            self.action_follow()

    def on_blur(self) -> None:
        self.refresh()


def _text_style(role: str) -> str:
    return {"id": palette.ID}.get(role) or palette.kind(role)


class Facets(VerticalScroll):
    """Facets as datasette shows them: each field's values with their counts, chosen by Space or a click."""

    DEFAULT_CSS = """
    Facets { height: auto; max-height: 100%; }
    Facets > .facet-heading { text-style: bold; height: 1; }
    Facets > SelectionList { height: auto; border: none; padding: 0; }
    /* Without colour, a chosen value's box is drawn reversed; the others' dimmed. */
    Facets > SelectionList:nocolor > .selection-list--button { text-style: dim; }
    Facets > SelectionList:nocolor > .selection-list--button-highlighted { text-style: dim; }
    Facets > SelectionList:nocolor > .selection-list--button-selected { text-style: reverse bold; }
    Facets > SelectionList:nocolor > .selection-list--button-selected-highlighted { text-style: reverse bold; }
    Facets > SelectionList:nocolor > .option-list--option-highlighted { text-style: underline; }
    """

    class Toggled(Message):
        def __init__(self, facet: str, values: list[str]) -> None:
            self.facet = facet
            self.values = values
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._building = False

    async def show(self, groups: list[tuple[str, str, list[tuple[str, str, int, bool]]]]) -> None:
        """`groups`: (facet name, heading, [(value, name, count, chosen)])."""
        self._building = True
        focused = self.app.focused
        keep = focused.id if isinstance(focused, SelectionList) and focused.parent is self else None
        highlighted = focused.highlighted if isinstance(focused, SelectionList) else None
        with self.app.batch_update():
            await self.remove_children()
            widgets: list[Widget] = []
            for facet, title, values in groups:
                widgets.append(Static(Text(title), classes="facet-heading", markup=False))
                options = [
                    Selection(Content(f"{name} ({count})"), value, chosen) for value, name, count, chosen in values
                ]
                widgets.append(SelectionList[str](*options, name=facet, id=_facet_id(facet)))
            await self.mount_all(widgets)
        if keep:
            chosen = self.query_one(f"#{keep}", SelectionList)
            chosen.focus()
            if highlighted is not None and chosen.option_count:
                chosen.highlighted = min(highlighted, chosen.option_count - 1)
        self._building = False

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        if self._building or event.selection_list.name is None:
            return
        self.post_message(self.Toggled(event.selection_list.name, list(event.selection_list.selected)))


def _facet_id(name: str) -> str:
    return "facet-" + name.lower().replace(" ", "-")
