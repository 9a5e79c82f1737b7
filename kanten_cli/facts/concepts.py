"""The domain's concepts in both languages: the words a person uses, and what they point to.

A person asks "Hvad kostede det?" or "Who paid?"; the fact base says "bevillingen" and
"funded". The concept vocabulary (data/concepts.json, beside the facts, shipped in the wheel
like them) bridges the two: each concept has Danish and English words (a word may be several,
"hvor mange", "paid work") and points to topics, facts, organisations, roles or units. It
also says what a question prefers: a dated fact ("hvornår"), a figure ("how many") or an
organisation ("hvem"). Data, not code: a concept is added or widened by editing the file, and
`kanten validate` checks it against the project (every id it names must exist).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kanten_cli.base.errors import DataError
from kanten_cli.facts.model import Fact, Id, Localized, Organisation, Project, Role, Topic, Unit

Location = tuple[str | int, ...]
SCHEMA_VERSION = 1
Preference = Literal["dated", "valued", "organisation"]
"""dated: a fact with a date. valued: a fact with a figure. organisation: an organisation."""

Word = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^\S(.*\S)?$")]
_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class Words(BaseModel):
    """A concept's words in each language, lower case, as a person would type them."""

    model_config = _STRICT
    da: Annotated[tuple[Word, ...], Field(min_length=1)]
    en: Annotated[tuple[Word, ...], Field(min_length=1)]


class Concept(BaseModel):
    """One idea of the domain, its words in both languages, and what it points to."""

    model_config = _STRICT
    id: Id
    label: Localized  # how an answer names it ("what it understood")
    words: Words
    topics: tuple[Topic, ...] = ()
    facts: tuple[Id, ...] = ()
    organisations: tuple[Id, ...] = ()
    roles: tuple[Role, ...] = ()
    units: tuple[Unit, ...] = ()
    prefer: tuple[Preference, ...] = ()

    @property
    def only_asks(self) -> bool:
        """Does it only say what a question asks for (a figure, a date: "hvor mange", "when"),
        pointing to nothing?"""
        return not (self.topics or self.facts or self.organisations or self.roles or self.units)

    def aims_at(self, item: Fact | Organisation) -> bool:
        """Does it point to this fact or organisation at all (by id, topic, role or unit), or to
        nothing (a concept that only asks aims at every record)?"""
        if isinstance(item, Organisation):
            roles = {claim.role for claim in item.roles}
            return item.id in self.organisations or bool(roles & set(self.roles)) or self.only_asks
        return (
            item.id in self.facts
            or item.topic in self.topics
            or (item.unit is not None and item.unit in self.units)
            or self.only_asks
        )


class Concepts(BaseModel):
    """The concept vocabulary file."""

    model_config = _STRICT
    schema_version: Literal[1]
    concepts: tuple[Concept, ...]


def concepts_path() -> Path:
    """The concept vocabulary: inside the installed package, else in the checkout (as the
    embedded fact base, see kanten_cli/facts/load.py)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "concepts.json"
    return packaged if packaged.is_file() else package.parent / "data" / "concepts.json"


def read(path: Path) -> Concepts:
    """A concept file, validated; a DataError naming the file and place if it is not valid."""
    from kanten_cli.facts.load import format_location, read_bytes

    try:
        return Concepts.model_validate_json(read_bytes(path))
    except ValidationError as err:
        problems = [f"{format_location(e['loc'])}: {e['msg']}" for e in err.errors(include_url=False)]
        raise DataError(str(path), problems) from None


@functools.cache
def embedded() -> Concepts:
    """The concept vocabulary kanten ships (read once per run)."""
    return read(concepts_path())


def integrity_problems(concepts: Concepts, project: Project) -> list[tuple[Location, str]]:
    """Ids that the project does not have, and concepts or words given twice."""
    facts = {f.id for f in project.facts}
    organisations = {o.id for o in project.organisations}
    problems: list[tuple[Location, str]] = []
    seen: set[str] = set()
    for i, concept in enumerate(concepts.concepts):
        if concept.id in seen:
            problems.append((("concepts", i, "id"), f"duplicate id {concept.id!r}"))
        seen.add(concept.id)
        for j, ident in enumerate(concept.facts):
            if ident not in facts:
                problems.append((("concepts", i, "facts", j), f"unknown fact {ident!r}"))
        for j, ident in enumerate(concept.organisations):
            if ident not in organisations:
                problems.append((("concepts", i, "organisations", j), f"unknown organisation {ident!r}"))
        for lang in ("da", "en"):
            words: tuple[str, ...] = getattr(concept.words, lang)
            for j, word in enumerate(words):
                if word != word.lower():
                    problems.append((("concepts", i, "words", lang, j), f"{word!r} is not lower case"))
                elif word in words[:j]:
                    problems.append((("concepts", i, "words", lang, j), f"{word!r} is given twice"))
        targets = (concept.topics, concept.facts, concept.organisations, concept.roles, concept.units, concept.prefer)
        if not any(targets):
            problems.append(
                (("concepts", i), "points to nothing (no topics, facts, organisations, roles, units, prefer)")
            )
    return problems


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a concept file, from the model."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Concepts.model_json_schema(),
        "title": "kanten concept vocabulary",
    }
