"""What the explorer shows, without drawing it: the items of each tab, the filter's matches, the
facets with their counts, and the history of followed links.

Plain Python over the query layer (no Textual here), so that it is tested on its own. The filter
is `kanten search`'s: the same words, the same analysis, best first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Union, get_args

from kanten_cli.base.errors import NotFound
from kanten_cli.base.matching import fold
from kanten_cli.base.translate import N_
from kanten_cli.facts.model import KINDS, TOPICS, Fact, Organisation, Role, Source
from kanten_cli.output.i18n import label, topic_name
from kanten_cli.query import search as searching
from kanten_cli.query.index import Index

Tab = Literal["facts", "organisations", "sources"]
TABS: tuple[Tab, ...] = ("facts", "organisations", "sources")
Item = Union[Fact, Organisation, Source]  # noqa: UP007 (a runtime alias)
ROLES: tuple[str, ...] = get_args(Role)
Target = tuple[Tab, str]  # a card: a tab's item by id


@dataclass(frozen=True)
class Facet:
    """One way to narrow a tab: a field, the values an item has in it, and their names."""

    name: str  # its heading, marked for the catalogue (N_): translated where shown
    values: Callable[[Item], Iterable[str]]
    shown: Callable[[str], str]
    order: tuple[str, ...]  # the vocabulary's order, for values of equal count


def _kind_name(kind: str) -> str:
    return label(f"kind.{kind}")


def _role_name(role: str) -> str:
    return label(f"role.{role}")


def _source_kind_name(kind: str) -> str:
    return label(f"source.{kind}")


def _fact_kind(item: Item) -> Iterable[str]:
    return (item.kind,) if isinstance(item, Fact) else ()


def _fact_topic(item: Item) -> Iterable[str]:
    return (item.topic,) if isinstance(item, Fact) else ()


def _roles(item: Item) -> Iterable[str]:
    return dict.fromkeys(c.role for c in item.roles) if isinstance(item, Organisation) else ()


def _source_kind(item: Item) -> Iterable[str]:
    return (item.kind,) if isinstance(item, Source) else ()


FACETS: dict[Tab, tuple[Facet, ...]] = {
    "facts": (
        Facet(N_("Kind"), _fact_kind, _kind_name, KINDS),
        Facet(N_("Topic"), _fact_topic, topic_name, TOPICS),
    ),
    "organisations": (Facet(N_("Role"), _roles, _role_name, ROLES),),
    "sources": (Facet(N_("Source type"), _source_kind, _source_kind_name, ("primary", "secondary")),),
}


@dataclass
class Matches:
    """What a filter found, per tab, best first (None: no filter, every item in the file's order)."""

    query: str
    found: dict[Tab, list[Item]] | None


@dataclass
class Explorer:
    """The explorer's state: the tab, the filter's matches, the facets chosen, the card shown."""

    index: Index
    tab: Tab = "facts"
    matches: Matches = field(default_factory=lambda: Matches("", None))
    chosen: dict[tuple[Tab, str], set[str]] = field(default_factory=dict)
    history: list[Target] = field(default_factory=list)  # the cards followed from, oldest first
    _haystack: searching.Haystack | None = None

    # --- items and the filter ---------------------------------------------------------------

    def all_items(self, tab: Tab) -> Sequence[Item]:
        project = self.index.project
        if tab == "facts":
            return project.facts
        if tab == "organisations":
            return project.organisations
        return project.sources

    def find(self, query: str) -> Matches:
        """The items matching `query`, as `kanten search` finds them; sources by their id, title,
        publisher and author (search does not look at sources). Slow for a large file and a
        common word: the app runs it in a thread."""
        if not any(char.isalnum() for char in query):  # no word to look for: no filter
            return Matches(query, None)
        if self._haystack is None:
            self._haystack = searching.haystack(self.index)
        try:
            hits = searching.ranked(self._haystack, query)
        except NotFound:
            hits = []
        facts = self.index.facts
        organisations = self.index.organisations
        found: dict[Tab, list[Item]] = {
            "facts": [facts[ident] for kind, ident in hits if kind == "fact"],
            "organisations": [organisations[ident] for kind, ident in hits if kind == "organisation"],
            "sources": list(_sources_matching(self.index.project.sources, query)),
        }
        return Matches(query, found)

    def items(self, tab: Tab | None = None, *, leave_out: str | None = None) -> list[Item]:
        """The tab's items that the filter and the chosen facets let through (`leave_out`: a
        facet not applied, for that facet's own counts)."""
        tab = tab or self.tab
        found = self.matches.found
        items: Sequence[Item] = self.all_items(tab) if found is None else found[tab]
        for facet in FACETS[tab]:
            chosen = self.chosen.get((tab, facet.name))
            if chosen and facet.name != leave_out:
                items = [item for item in items if any(v in chosen for v in facet.values(item))]
        return list(items)

    def total(self, tab: Tab | None = None) -> int:
        return len(self.all_items(tab or self.tab))

    # --- facets ---------------------------------------------------------------------------

    def facet_counts(self, facet: Facet) -> list[tuple[str, int]]:
        """Each value of `facet` with how many items have it, under the filter and the other
        facets; most first, then in the vocabulary's order. A chosen value stays, even at 0."""
        counts = Counter(v for item in self.items(leave_out=facet.name) for v in facet.values(item))
        chosen = self.chosen.get((self.tab, facet.name), set())
        values = [v for v in facet.order if counts[v] or v in chosen]
        return sorted(((v, counts[v]) for v in values), key=lambda pair: -pair[1])

    def toggle(self, facet_name: str, value: str) -> None:
        chosen = self.chosen.setdefault((self.tab, facet_name), set())
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.add(value)

    def set_chosen(self, facet_name: str, values: Iterable[str]) -> None:
        self.chosen[(self.tab, facet_name)] = set(values)

    # --- history ----------------------------------------------------------------------------

    def follow(self, current: Target | None) -> None:
        """Remember `current` before a link is followed from it."""
        if current is not None:
            self.history.append(current)

    def back(self) -> Target | None:
        """The card to go back to, or None when there is none."""
        return self.history.pop() if self.history else None


def _sources_matching(sources: Sequence[Source], query: str) -> list[Item]:
    """The sources in whose id, title, publisher or author every word of `query` starts a word."""
    words = [fold(w) for w in query.split() if fold(w)]
    found: list[Item] = []
    for source in sources:
        text = fold(" ".join(filter(None, (source.id, source.title, source.publisher, source.author))))
        said = set(_words(text))
        if all(any(w.startswith(q) for w in said) for q in words):
            found.append(source)
    return found


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
