"""`kanten browse`, driven headless through Textual's own harness (App.run_test and its Pilot).

The clipboard and the web browser are replaced: a test never copies to the real clipboard and
never starts a browser. What the screen shows is read from the widgets, as plain text.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static, Tab

from kanten_cli.base import translate
from kanten_cli.facts.load import load
from kanten_cli.output import cite as render_cite
from kanten_cli.output.explorer.app import ExplorerApp, clipboard_support
from kanten_cli.output.explorer.state import Explorer
from kanten_cli.output.explorer.widgets import Card, ItemList
from kanten_cli.query import citations
from kanten_cli.query.index import Index
from tests.conftest import minimal

SIZE = (100, 40)
KNOWN_TERMINAL = {"TERM": "xterm-kitty"}  # a terminal known to take a program's copy


def card_text(app: ExplorerApp) -> str:
    """The card as shown, its lines joined (its text wrapped to the pane's width)."""
    return "\n".join(app.query_one(Card).plain())


def card_words(app: ExplorerApp) -> str:
    """The card's words, whatever the wrapping."""
    return " ".join(card_text(app).split())


def shown_id(app: ExplorerApp) -> str | None:
    target = app.query_one(Card).target
    return target[1] if target else None


def list_ids(app: ExplorerApp) -> list[str]:
    return [item.id for item in app.query_one(ItemList).items]


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the timers and workers a key set going (the card follows the cursor after a pause)."""
    await pilot.pause(0.15)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run(
    index: Index,
    script: Callable[[Pilot[None], ExplorerApp], Awaitable[None]],
    lang: str = "en",
    size: tuple[int, int] = SIZE,
    **kwargs: Any,
) -> ExplorerApp:
    translate.bind(lang)
    app = ExplorerApp(index, **kwargs)  # type: ignore[arg-type]

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot, app)

    asyncio.run(go())
    return app


def test_the_list_starts_with_every_fact_and_the_card_of_the_first(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        assert list_ids(app) == [f.id for f in index.project.facts]
        first = index.project.facts[0]
        assert shown_id(app) == first.id
        assert card_words(app).startswith(f"ID {first.id} ")
        assert first.text.en in card_words(app)

    run(index, script)


def test_the_filter_narrows_the_list_as_search_does(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        for key in "af dem":
            await pilot.press("space" if key == " " else key)
        await settle(pilot)
        assert set(list_ids(app)) == {"still-in-work-share", "still-in-work-people", "still-in-work-people-all"}
        tab = app.query_one("#tab-facts", Tab)
        assert str(tab.label) == "Facts 3"
        assert str(app.query_one("#status", Static).render()) == f"3 of {len(index.project.facts)}"
        await pilot.press("enter")  # back to the list
        assert isinstance(app.focused, ItemList)

    run(index, script)


def test_a_large_file_is_filtered_in_a_thread_one_filter_at_a_time(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kanten_cli.output.explorer import app as explorer

    monkeypatch.setattr(explorer, "LARGE", 0)  # as if the file held more facts than LARGE
    monkeypatch.setattr(explorer, "TYPING_PAUSE", 0.01)
    asked: list[str] = []
    find = Explorer.find

    def counted(self: Explorer, query: str) -> Any:
        asked.append(query)
        time.sleep(0.3)  # a slow search: the typing goes on meanwhile
        return find(self, query)

    monkeypatch.setattr(Explorer, "find", counted)

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("slash", "a")
        await pilot.pause(0.05)
        await pilot.press("f", "space", "d", "e", "m")
        for _ in range(100):
            await pilot.pause(0.05)
            if not app._filtering and app.state.matches.query == "af dem":
                break
        await settle(pilot)
        assert set(list_ids(app)) == {"still-in-work-share", "still-in-work-people", "still-in-work-people-all"}
        assert str(app.query_one("#status", Static).render()) == f"3 of {len(index.project.facts)}"

    run(index, script)
    assert asked[-1] == "af dem"
    assert len(asked) < 6  # what was typed while a search ran was not searched letter by letter


def test_a_filter_that_matches_nothing_says_so(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("slash", "z", "e", "b", "r", "a", "x")
        await settle(pilot)
        assert list_ids(app) == []
        assert "Nothing matches the filter." in str(app.query_one("#status", Static).render())
        assert shown_id(app) is None and card_text(app) == "Nothing selected."

    run(index, script)


async def _select(pilot: Pilot[None], app: ExplorerApp, ident: str) -> None:
    listing = app.query_one(ItemList)
    listing.focus()
    listing.cursor = [item.id for item in listing.items].index(ident)
    await settle(pilot)


def test_links_are_followed_with_enter_and_escape_goes_back(index: Index) -> None:
    def selected(app: ExplorerApp) -> Any:
        line = app.query_one(Card).selected_line
        return line.target if line else None

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await _select(pilot, app, "still-in-work-people")
        await pilot.press("enter")  # from the list to the card's first link
        assert isinstance(app.focused, Card) and selected(app) == ("facts", "still-in-work-people-all")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_id(app) == "still-in-work-people-all"
        assert card_text(app).splitlines()[0] == "Back (Escape): still-in-work-people"
        # Tab goes through the new card's links: see also, the inputs, then the source
        await pilot.press("tab")
        assert selected(app) == ("facts", "still-in-work-people")
        await pilot.press("tab")
        assert selected(app) == ("facts", "participants-registered")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_id(app) == "participants-registered"
        await pilot.press("escape")
        await settle(pilot)
        assert shown_id(app) == "still-in-work-people-all"
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_id(app) == "still-in-work-people"
        assert card_words(app).startswith("ID still-in-work-people ")  # no Back line: the start
        await pilot.press("escape")  # nowhere further back: to the list
        assert isinstance(app.focused, ItemList)

    run(index, script)


def test_tab_leaves_the_card_after_its_last_link(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await _select(pilot, app, "still-in-work-share")
        await pilot.press("enter")
        card = app.query_one(Card)
        for _ in range(len(card.links) - 1):
            await pilot.press("tab")
        assert card.selected == len(card.links) - 1
        await pilot.press("tab")
        assert app.focused is not card and card.selected is None

    run(index, script)


def test_a_source_link_shows_the_source_and_a_click_follows_too(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("2")
        await settle(pilot)
        assert app.state.tab == "organisations"
        await _select(pilot, app, "cabi")
        assert "Roles" in card_text(app) and "lead (cabi-project-page)" in card_text(app)
        row = next(n for n, line in enumerate(card_text(app).splitlines()) if "(cabi-project-page)" in line)
        await pilot.click(Card, offset=(30, row))
        await settle(pilot)
        assert shown_id(app) == "cabi-project-page"
        assert card_words(app).startswith("Back (Escape): cabi ID cabi-project-page ")

    run(index, script)


def test_the_card_keeps_clear_of_its_scroll_bar(index: Index) -> None:
    # Cabi's card is longer than the pane: its scroll bar must not cover the text's last column
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("2")
        await settle(pilot)
        await _select(pilot, app, "cabi")
        card = app.query_one(Card)
        assert card.virtual_size.height > card.size.height  # it scrolls
        room = card.scrollable_content_region.width
        assert room < card.size.width  # the scroll bar's column is kept
        assert max(len(line) for line in card.plain()) <= room

    run(index, script, size=(80, 50))


def test_an_address_is_broken_only_where_it_is_longer_than_the_screen(index: Index) -> None:
    url = index.sources["businesslf"].url
    assert url is not None and 80 - 30 < len(url) < 78

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("3")
        await settle(pilot)
        await _select(pilot, app, "businesslf")
        lines = card_text(app).splitlines()
        assert "  " + url in lines  # whole, on a line of its own under "Address"
        assert lines[lines.index("  " + url) - 1].strip() == "Address"

    run(index, script, size=(80, 40))


def test_a_narrow_footer_shows_the_few_keys_help_shows_them_all(index: Index) -> None:
    from kanten_cli.output.explorer.app import FEW_KEYS

    def shown(app: ExplorerApp) -> set[str]:
        return {b.binding.action for b in app.active_bindings.values() if b.binding.show}

    async def narrow(pilot: Pilot[None], app: ExplorerApp) -> None:
        assert shown(app) <= set(FEW_KEYS) and {"help", "quit"} <= shown(app)

    async def wide(pilot: Pilot[None], app: ExplorerApp) -> None:
        assert {"copy", "open", "language"} <= shown(app)

    run(index, narrow, size=(40, 24))
    run(index, wide, size=(80, 24))


def test_l_switches_the_language_in_place(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await _select(pilot, app, "still-in-work-people")
        await pilot.press("l")
        await settle(pilot)
        assert str(app.query_one("#tab-facts", Tab).label).startswith("Fakta ")
        assert shown_id(app) == "still-in-work-people"  # the same card
        assert "Emne" in card_text(app) and index.facts["still-in-work-people"].text.da in card_words(app)
        assert app.query_one(ItemList).current is index.facts["still-in-work-people"]
        footer = {b.binding.action: b.binding.description for b in app.active_bindings.values()}
        assert footer["copy"] == "Kopiér citat" and footer["language"] == "English"
        await pilot.press("l")
        await settle(pilot)
        assert "Topic" in card_text(app)

    run(index, script, lang="en")


def test_c_copies_the_citation_as_kanten_cite_writes_it(index: Index) -> None:
    copied: list[str] = []

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
        await _select(pilot, app, "still-in-work-people")
        await pilot.press("c")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert notes == ["Citatet af still-in-work-people er kopieret til udklipsholderen."]

    run(index, script, lang="da", environ=KNOWN_TERMINAL)
    translate.bind("da")
    cited = [citations.citation(index, "still-in-work-people")]
    translate.bind("da")
    expected = render_cite.render(cited, citations.bibliography(index, cited), "text", None)
    assert copied == [expected.rstrip("\n")]
    assert "1439 × 20 % ≈ 288" in copied[0]  # the caveat travels with the figure


def test_c_says_when_the_terminal_cannot_take_a_copy(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        app.copy_to_clipboard = lambda text: None  # type: ignore[method-assign]
        await pilot.press("c")
        await pilot.pause()
        shown = [str(w.render()) for w in app.screen.query(Static)]
        assert shown[0].startswith("This terminal cannot take a copy from a program.")
        assert shown[1].startswith(index.project.facts[0].text.en.rstrip("."))
        await pilot.press("escape")
        assert not app.screen.query("CitationScreen")

    run(index, script, environ={"TERM": "linux"})


def test_clipboard_support_from_the_environment() -> None:
    assert clipboard_support({"TERM": "linux"}) is False
    assert clipboard_support({"TERM_PROGRAM": "Apple_Terminal", "TERM": "xterm-256color"}) is False
    assert clipboard_support({"TERM": "xterm-kitty"}) is True
    assert clipboard_support({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}) is None
    assert clipboard_support({"TERM": "xterm-256color"}) is None


def test_o_opens_the_source_and_a_web_address_opens_on_enter(index: Index) -> None:
    opened: list[str] = []

    def browser(url: str) -> bool:
        opened.append(url)
        return True

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await _select(pilot, app, "grant-amount")
        await pilot.press("o")
        await pilot.pause()
        source = index.sources["apmollerfonde-cabi"]
        assert opened == [source.url]
        assert f"Opening source apmollerfonde-cabi in your browser: {source.url}" in [
            str(n.message) for n in app._notifications
        ]
        card = app.query_one(Card)
        card.focus()
        card.select(next(n for n, line in enumerate(card.links) if line.url))
        await pilot.press("enter")
        assert opened == [source.url, source.url]

    run(index, script, open_url=browser)


def test_a_browser_that_cannot_start_is_said(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("o")
        await pilot.pause()
        assert any("No web browser could be started" in str(n.message) for n in app._notifications)

    run(index, script, open_url=lambda url: False)


def test_facets_narrow_by_kind_with_counts(index: Index) -> None:
    derived = [f.id for f in index.project.facts if f.kind == "derived"]

    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("f")
        await settle(pilot)
        kinds = app.query_one("#facet-kind", SelectionList)
        assert app.focused is kinds
        prompts = [str(kinds.get_option_at_index(i).prompt) for i in range(kinds.option_count)]
        assert f"derived ({len(derived)})" in prompts
        kinds.highlighted = prompts.index(f"derived ({len(derived)})")
        await pilot.press("space")
        await settle(pilot)
        assert list_ids(app) == derived
        topics = app.query_one("#facet-topic", SelectionList)
        topic_prompts = [str(topics.get_option_at_index(i).prompt) for i in range(topics.option_count)]
        results = sum(1 for f in index.project.facts if f.kind == "derived" and f.topic == "result")
        assert f"result ({results})" in topic_prompts  # the topics' counts follow the kind chosen

    run(index, script)


def test_q_quits(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    run(index, script)


def test_q_in_the_filter_is_a_letter(index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        await pilot.press("slash", "q")
        await pilot.pause()
        assert app.is_running and app.query_one("#filter", Input).value == "q"

    run(index, script)


HOSTILE = "[bold]fed[/bold] [link=https://evil.example]link[/link] [@click=app.quit]quit[/] [red]\x1b[31m"


@pytest.fixture
def hostile_index(tmp_path: Path) -> Index:
    project = minimal()
    project["facts"][0]["text"] = {"da": HOSTILE, "en": HOSTILE}
    project["organisations"][0]["name"] = "[b]Jobcenter[/b] [@click=app.quit]x[/]"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(project), encoding="utf-8")
    return Index(load(str(path))[0])


def test_markup_in_the_data_stays_text(hostile_index: Index) -> None:
    async def script(pilot: Pilot[None], app: ExplorerApp) -> None:
        # as written (a long word may be folded across lines), the control character made visible
        assert "".join(HOSTILE.replace("\x1b", "␛").split()) in "".join(card_text(app).split())
        line = app.query_one(ItemList).render_line(0).text
        assert "[bold]fed[/bold] [link=" in line
        for row in range(3):  # clicking the lines runs nothing
            await pilot.click(ItemList, offset=(40, row))
        assert app.is_running
        await pilot.press("2")
        await settle(pilot)
        assert "[b]Jobcenter[/b][@click=app.quit]x[/]" in "".join(card_text(app).split())
        for row in range(len(app.query_one(Card).plain())):  # nor does clicking the card
            await pilot.click(Card, offset=(20, row))
        assert app.is_running
        assert "[b]Jobcenter[/b]" in app.query_one(ItemList).render_line(0).text

    opened: list[str] = []
    run(hostile_index, script, open_url=lambda url: opened.append(url) is None)
    assert opened == ["https://example.org/a"]  # the source's own address, from its link: the only thing opened


NOT_A_TERMINAL = {
    "en": "kanten: browse needs a terminal for input and output; use 'kanten facts' or 'kanten search' instead\n",
    "da": "kanten: browse skal have en terminal til input og output; "
    "brug 'kanten facts' eller 'kanten search' i stedet\n",
}


@pytest.mark.parametrize(
    ("args", "lang"), [(["browse"], "en"), (["browse", "--lang", "da"], "da"), (["--lang", "da", "browse"], "da")]
)
def test_browse_without_a_terminal_says_what_to_use(invoke: Callable[..., Any], args: list[str], lang: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.output == NOT_A_TERMINAL[lang]


def test_a_filter_without_words_filters_nothing(index: Index) -> None:
    state = Explorer(index)
    state.matches = state.find(" / ")
    assert len(state.items("facts")) == len(index.project.facts)


@pytest.mark.parametrize("query", ["af dem", "cabi", "penge", "lønnet arbejde", "1439", "evaluering"])
def test_the_filter_finds_what_search_finds_in_its_order(index: Index, query: str) -> None:
    from kanten_cli.query import search

    hits = search.find(search.haystack(index), query)
    assert search.ranked(search.haystack(index), query) == [(h["type"], h["id"]) for h in hits]
    state = Explorer(index)
    state.matches = state.find(query)
    assert [f.id for f in state.items("facts")] == [h["id"] for h in hits if h["type"] == "fact"]


def test_the_state_finds_sources_by_their_words(index: Index) -> None:
    state = Explorer(index)
    state.matches = state.find("arbejde adler")
    expected = [s.id for s in index.project.sources if s.publisher == "Arbejde Adler"]
    assert "article" in expected and [s.id for s in state.items("sources")] == expected
    assert state.items("facts") != []  # the facts that mention it, as search finds them


@pytest.mark.parametrize(("lang", "name"), [("da", "Kildetype"), ("en", "Source type")])
def test_a_source_s_kind_is_its_source_type_as_everywhere(lang: str, name: str) -> None:
    """A fact's kind is its Kind (Art), a source's its Source type (Kildetype), as tables say."""
    from kanten_cli.output.explorer import rows
    from kanten_cli.output.explorer.state import FACETS

    translate.bind(lang)  # type: ignore[arg-type]
    headings = [rows.heading(c) for c in rows.columns("sources", 12, 0, 120)]
    assert name in headings and translate.translated(rows.HEADINGS["Kind"]) not in headings
    assert [translate.translated(f.name) for f in FACETS["sources"]] == [name]
