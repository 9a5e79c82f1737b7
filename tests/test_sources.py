"""tests/sources holds the source material's words the tests need, so that a fresh clone (no
../shared) still checks every quote and every piece of evidence. Here the kept copy is held to
../shared/source: the article byte for byte, each page's passage as the notes print it.

Without ../shared these tests skip; with KANTEN_REQUIRE_SOURCES set (CI) they fail instead.
"""

from __future__ import annotations

import re

from kanten_cli.facts.model import Project
from tests.conftest import ARTICLE, KEPT_ARTICLE, _source_text, kept_page_words


def _one_line(text: str) -> str:
    """The notes wrap their lines: a line break and the indent after it read as one space."""
    return re.sub(r"\s*\n\s*", " ", text)


def test_the_kept_article_is_the_shared_one_byte_for_byte() -> None:
    _source_text(ARTICLE)  # skips (or fails, in CI) without ../shared
    assert KEPT_ARTICLE.read_bytes() == ARTICLE.read_bytes()


def test_every_kept_passage_is_printed_in_the_context_notes(context_facts_text: str) -> None:
    """Each line of tests/sources/pages/ID.txt stands, character for character, in context-facts.md
    as one of the page's exact words ("…" quoted there); the article page's title and date as printed."""
    notes = _one_line(context_facts_text)
    quoted = re.findall(r'"([^"]+)"', notes)
    passages = [(ident, p) for ident, words in kept_page_words().items() for p in words]
    assert len(passages) > 50

    def printed(ident: str, passage: str) -> bool:
        if any(passage in q for q in quoted):
            return True
        # The article's page: its title and date stand in the notes unquoted ("Date: 28. marts 2023").
        return ident == "article-page" and passage in notes

    missing = [(ident, p) for ident, p in passages if not printed(ident, p)]
    assert missing == []


def test_every_kept_page_is_a_source_and_every_title_is_the_notes(project: Project, context_facts_text: str) -> None:
    notes = _one_line(context_facts_text)
    secondary = {s.id for s in project.sources if s.kind == "secondary"}
    assert set(kept_page_words()) <= secondary
    for source in project.sources:
        if source.title is not None:
            assert source.title in notes, source.id
        if source.url is not None:
            assert source.url in notes, source.id


def test_the_kept_words_are_unchanged_text() -> None:
    """No trailing space, no tab, no line break inside a passage: a passage is the page's words only."""
    for ident, words in kept_page_words().items():
        for passage in words:
            assert passage == passage.strip() and "\t" not in passage, (ident, passage)
