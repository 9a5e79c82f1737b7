"""The fact base as pydantic types: what a project file may say, and nothing else.

No I/O here. `integrity_problems` checks what a per-object validator cannot see:
unique ids, references that resolve, derived figures that match their inputs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.dataclasses import dataclass

from kanten_cli.base.dates import ISO_DATE_PATTERN
from kanten_cli.base.translate import _, language
from kanten_cli.facts.formula import FormulaError, evaluate
from kanten_cli.facts.vocabulary import Lang

SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1)]
# ISO 8601 at the precision the source gives: a year, a month or a day.
IsoDate = Annotated[
    str,
    StringConstraints(pattern=ISO_DATE_PATTERN),
]

Kind = Literal["stated", "context", "target", "derived"]
"""stated: said in the primary source, with a quote. context: said on a secondary page.
target: a goal set out on a secondary page. derived: computed from other facts."""

Topic = Literal[
    "project",
    "period",
    "aim",
    "background",
    "partners",
    "organisation",
    "funding",
    "conclusion",
    "improvement",
    "activity",
    "result",
    "target",
    "progress",
    "midterm",
    "evaluation",
    "recommendation",
    "midterm-recommendation",
    "outlook",
    "report",
    "article",
]
TOPICS: tuple[str, ...] = get_args(Topic)
KINDS: tuple[str, ...] = get_args(Kind)
Unit = Literal["people", "companies", "share", "DKK", "months"]
Role = Literal["partner", "knowledge-house", "lead", "funder", "evaluator"]
SourceKind = Literal["primary", "secondary"]


# Every record: unknown keys are an error, values are not coerced, NaN is not a number.
STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

# The many small records are pydantic dataclasses with slots: a file of 100 000 facts then
# validates twice as fast and takes a quarter of the memory that BaseModel instances would.
# They are frozen: kanten never changes what it has read.


@dataclass(frozen=True, slots=True, config=STRICT)
class Localized:
    """The same statement in Danish and in English (English per the glossary)."""

    da: Text
    en: Text

    def get(self, in_language: Lang | None = None) -> str:
        """The statement in the run's language, or `in_language` (`show`'s other language)."""
        return self.da if (in_language or language()) == "da" else self.en


@dataclass(frozen=True, slots=True, config=STRICT)
class Source:
    """A document facts rest on. `primary` sources are quoted; `secondary` ones restated."""

    id: Id
    kind: SourceKind
    title: Text | None = None
    publisher: Text | None = None
    author: Text | None = None
    author_role: Localized | None = None  # the byline's role, as printed and in English
    date: IsoDate | None = None
    url: Text | None = None
    note: Localized | None = None


@dataclass(frozen=True, slots=True, config=STRICT)
class RoleClaim:
    """One role an organisation had, and the source that says so."""

    role: Role
    source: Id
    quote: Text | None = None  # a primary source's exact words
    evidence: Text | None = None  # a secondary page's exact words


@dataclass(frozen=True, slots=True, config=STRICT)
class SourceWords:
    """A further source for an organisation's description, and its exact words that carry it."""

    source: Id
    evidence: Text


@dataclass(frozen=True, slots=True, config=STRICT)
class Organisation:
    """An organisation, its name exactly as the source spells it (never translated)."""

    id: Id
    name: Text
    roles: Annotated[tuple[RoleClaim, ...], Field(min_length=1)]
    kind: Localized
    # The source that calls it this kind, and its exact words; none: the kind is read from its name.
    kind_source: Id | None = None
    kind_evidence: Text | None = None
    municipality: Text | None = None
    description: Localized | None = None
    description_source: Id | None = None
    description_evidence: Text | None = None  # the describing source's exact words
    description_also: tuple[SourceWords, ...] = ()  # further sources that carry the description
    caveat: Localized | None = None

    @model_validator(mode="after")
    def _description_has_source(self) -> Organisation:
        if (self.description is None) != (self.description_source is None):
            raise ValueError(_("description and description_source go together"))
        if self.description_evidence is not None and self.description_source is None:
            raise ValueError(_("description_evidence needs a description_source"))
        if self.description_also and self.description is None:
            raise ValueError(_("description_also needs a description"))
        if self.kind_evidence is not None and self.kind_source is None:
            raise ValueError(_("kind_evidence needs a kind_source"))
        return self


@dataclass(frozen=True, slots=True, config=STRICT)
class Fact:
    """One fact: its text in both languages, its kind, and what it rests on."""

    id: Id
    topic: Topic
    kind: Kind
    text: Localized
    source: Id | None = None
    quote: Text | None = None
    evidence: Text | None = None
    value: float | int | None = None
    unit: Unit | None = None
    approximate: bool = False
    at_least: bool = False  # the source gives the figure as a minimum ("mindst 850")
    date: IsoDate | None = None
    end_date: IsoDate | None = None
    key: bool = False
    inputs: tuple[Id, ...] = ()
    expression: Text | None = None
    formula: Localized | None = None
    caveat: Localized | None = None
    see_also: tuple[Id, ...] = ()  # related facts or organisations a reader should look at
    # A figure's short name, as a chart's bar or a handout's line shows it ("Registered participants").
    label: Localized | None = None
    # This figure is one reading of the fact named here, whose wording allows more than one.
    reading_of: Id | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Fact:
        if _plainly_fits(self):  # most facts: one expression, no list built (100 000 facts: -0.02 s)
            return self
        problems = kind_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _plainly_fits(fact: Fact) -> bool:
    """A stated, context or target fact that breaks none of `kind_problems`' rules; False may
    still fit (a derived fact always gets the full check). tests/test_model.py holds them equal."""
    kind = fact.kind
    return (
        (fact.value is None) == (fact.unit is None)
        and (fact.value is not None or not fact.at_least)
        and (fact.end_date is None or fact.date is not None)
        and fact.source is not None
        and not fact.inputs
        and fact.expression is None
        and fact.formula is None
        and (
            (kind == "stated" and fact.quote is not None and fact.evidence is None)
            or (kind in ("context", "target") and fact.quote is None and fact.evidence is not None)
        )
    )


def kind_problems(fact: Fact) -> list[str]:
    """What a fact lacks or carries against the rules of its kind."""
    problems = []
    if (fact.value is None) != (fact.unit is None):
        problems.append(_("value and unit go together"))
    if fact.at_least and fact.value is None:
        problems.append(_("at_least needs a value"))
    if fact.end_date is not None and fact.date is None:
        problems.append(_("end_date needs a date"))
    if fact.kind == "derived":
        if fact.source is not None or fact.quote is not None:
            problems.append(_("a derived fact has no source or quote of its own: it rests on its inputs"))
        if not fact.inputs or fact.formula is None or fact.expression is None:
            problems.append(_("a derived fact needs inputs, an expression and a formula"))
        if fact.caveat is None:
            problems.append(_("a derived fact needs a caveat"))
    else:
        if fact.source is None:
            problems.append(_("a {kind} fact needs a source").format(kind=fact.kind))
        if fact.inputs or fact.expression is not None or fact.formula is not None:
            problems.append(_("only a derived fact has inputs, an expression or a formula"))
        if fact.kind == "stated" and fact.quote is None:
            problems.append(_("a stated fact needs the quote it rests on"))
        if fact.kind != "stated" and fact.quote is not None:
            problems.append(_("a {kind} fact is restated, not quoted: no quote").format(kind=fact.kind))
    if fact.kind in ("stated", "derived") and fact.evidence is not None:
        problems.append(_("a {kind} fact has no evidence: it rests on a quote or on its inputs").format(kind=fact.kind))
    if fact.kind in ("context", "target") and fact.evidence is None:
        problems.append(_("a {kind} fact needs evidence: its page's exact words").format(kind=fact.kind))
    return problems


class ProjectInfo(BaseModel):
    """The project's name (a proper noun, kept in Danish) and area."""

    model_config = STRICT

    name: Text
    name_en: Text
    area: Text
    source: Id


class Project(BaseModel):
    """A whole fact base: one project file."""

    # Only keys are cached while parsing (they repeat in every record): 100 000 facts validate
    # 0.045 s faster than with every short string cached, for 11 MiB more at the peak.
    model_config = ConfigDict(**STRICT, cache_strings="keys")

    schema_version: Literal[1]
    project: ProjectInfo
    sources: list[Source]
    organisations: list[Organisation]
    facts: list[Fact]


Location = tuple[str | int, ...]


def integrity_problems(
    project: Project, positions: dict[str, list[int]] | None = None, invalid: frozenset[str] = frozenset()
) -> list[tuple[Location, str]]:
    """Every cross-record problem, each with the JSON location it is at.

    For a file that failed its schema, `project` holds only the records that passed: then
    `positions` gives each record's place in the file (per list: sources, organisations,
    facts), and `invalid` the ids of the records left out, which a reference may name without
    being called unknown. The derived figures are checked only when nothing else is wrong.
    """
    problems: list[tuple[Location, str]] = []
    at = positions or {}

    def place(name: str, i: int) -> int:
        return at[name][i] if name in at else i

    sources: dict[str, Source] = {}
    for i, source in enumerate(project.sources):
        if source.id in sources:
            problems.append(
                (("sources", place("sources", i), "id"), _("duplicate id {ident!r}").format(ident=source.id))
            )
        sources.setdefault(source.id, source)
    # Facts and organisations share one namespace, for `show`.
    fact_list = project.facts
    facts: dict[str, Fact] = {f.id: f for f in fact_list}
    if len(facts) != len(fact_list):  # the first of an id counts; say where the others are
        facts = {}
        for i, fact in enumerate(fact_list):
            if fact.id in facts:
                problems.append((("facts", place("facts", i), "id"), _("duplicate id {ident!r}").format(ident=fact.id)))
            else:
                facts[fact.id] = fact
    organisations: set[str] = set()
    for i, org in enumerate(project.organisations):
        if org.id in facts or org.id in organisations:
            problems.append(
                (("organisations", place("organisations", i), "id"), _("duplicate id {ident!r}").format(ident=org.id))
            )
        organisations.add(org.id)

    def source_ref(loc: Location, ident: str | None, kinds: tuple[str, ...]) -> None:
        if ident is None or (ident in invalid and ident not in sources):
            return
        if ident not in sources:
            problems.append((loc, _("unknown source {ident!r}").format(ident=ident)))
        elif sources[ident].kind not in kinds:
            problems.append(
                (
                    loc,
                    _("source {ident!r} is {kind}, expected {kinds}").format(
                        ident=ident, kind=sources[ident].kind, kinds="/".join(kinds)
                    ),
                )
            )

    if project.project is not None:  # None only in a file that failed its schema
        source_ref(("project", "source"), project.project.source, ("primary", "secondary"))
    # A file may hold a hundred thousand facts: each check below runs only on the facts it can
    # concern, found in one pass; the (kind, source) pairs are few, and are checked once each.
    kind_of = {ident: s.kind for ident, s in sources.items()}
    wrong_source = {
        pair
        for pair in {(f.kind, f.source) for f in fact_list}
        if pair[1] is not None and kind_of.get(pair[1]) != ("primary" if pair[0] == "stated" else "secondary")
    }
    concerned = [
        i
        for i, f in enumerate(fact_list)
        if f.inputs or f.end_date or f.see_also or f.reading_of or (wrong_source and (f.kind, f.source) in wrong_source)
    ]
    for i in concerned:
        fact, f = fact_list[i], place("facts", i)
        if (fact.kind, fact.source) in wrong_source:
            source_ref(("facts", f, "source"), fact.source, ("primary",) if fact.kind == "stated" else ("secondary",))
        for j, ident in enumerate(fact.inputs):
            if ident not in facts and ident not in invalid:
                problems.append((("facts", f, "inputs", j), _("unknown fact {ident!r}").format(ident=ident)))
        if fact.end_date and fact.date and fact.end_date < fact.date:
            problems.append((("facts", f, "end_date"), _("end_date is before date")))
        for j, ident in enumerate(fact.see_also):
            if ident not in facts and ident not in organisations and ident not in invalid:
                problems.append(
                    (("facts", f, "see_also", j), _("unknown fact or organisation {ident!r}").format(ident=ident))
                )
        if fact.reading_of is not None and fact.reading_of not in facts and fact.reading_of not in invalid:
            problems.append((("facts", f, "reading_of"), _("unknown fact {ident!r}").format(ident=fact.reading_of)))
    for i, org in enumerate(project.organisations):
        o = place("organisations", i)
        for j, claim in enumerate(org.roles):
            source_ref(("organisations", o, "roles", j, "source"), claim.source, ("primary", "secondary"))
            if claim.quote is not None and claim.source in sources and sources[claim.source].kind != "primary":
                problems.append((("organisations", o, "roles", j, "quote"), _("only a primary source is quoted")))
            if claim.evidence is not None and claim.source in sources and sources[claim.source].kind != "secondary":
                problems.append(
                    (("organisations", o, "roles", j, "evidence"), _("evidence is a secondary page's words"))
                )
        source_ref(("organisations", o, "kind_source"), org.kind_source, ("primary", "secondary"))
        source_ref(("organisations", o, "description_source"), org.description_source, ("primary", "secondary"))
        for j, also in enumerate(org.description_also):
            source_ref(("organisations", o, "description_also", j, "source"), also.source, ("primary", "secondary"))
    if not problems and positions is None:
        # Every derived fact has inputs (its own validator saw to that): these are all of them.
        problems.extend(_derived_problems(project, facts, [i for i in concerned if fact_list[i].inputs]))
    return problems


def _derived_problems(project: Project, facts: dict[str, Fact], with_inputs: list[int]) -> list[tuple[Location, str]]:
    """Cycles among inputs, and expressions that fail or disagree with their value; only the
    facts at `with_inputs` (positions, in file order) are looked at."""
    problems: list[tuple[Location, str]] = []
    cycles = _cycles(facts, [project.facts[i].id for i in with_inputs])
    if cycles:
        position = {f.id: i for i, f in enumerate(project.facts)}
        for ident, cycle in cycles:
            problems.append(
                (
                    ("facts", position[ident], "inputs"),
                    _("inputs form a cycle: {cycle}").format(cycle=" -> ".join(cycle)),
                )
            )
    for i in with_inputs:
        fact = project.facts[i]
        if fact.kind != "derived" or fact.expression is None:
            continue
        try:
            computed = evaluate(fact.expression, facts, set(fact.inputs))
        except FormulaError as err:
            problems.append((("facts", i, "expression"), str(err)))
            continue
        if fact.value is not None and not _close(computed, fact.value):
            disagrees = _("is {value}, but the expression gives {computed}")
            problems.append((("facts", i, "value"), disagrees.format(value=fact.value, computed=computed)))
    return problems


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _cycles(facts: dict[str, Fact], roots: list[str]) -> list[tuple[str, list[str]]]:
    """Every cycle among derived facts' inputs, as (fact where it closes, path); `roots` are
    the facts with inputs, in file order: only these can be on a cycle.

    One depth-first walk over all facts, without recursion: linear in the facts and inputs,
    and safe for chains as long as the file.
    """
    on_path, done = 1, 2
    state: dict[str, int] = {}
    found: list[tuple[str, list[str]]] = []
    for root in roots:
        if root in state:
            continue
        state[root] = on_path
        path = [root]
        stack = [iter(facts[root].inputs)]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                state[path.pop()] = done
            elif nxt in facts:
                seen = state.get(nxt)
                if seen == on_path:
                    found.append((path[-1], [*path[path.index(nxt) :], nxt]))
                elif seen is None and facts[nxt].inputs:  # a fact without inputs closes no cycle
                    state[nxt] = on_path
                    path.append(nxt)
                    stack.append(iter(facts[nxt].inputs))
    return found


def project_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a project file, from the model."""
    schema = Project.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "kanten project file",
    }
