"""Citations: what a fact, organisation or source rests on, as plain records to render.

Plain Python over the model, like `query`: no I/O and no formatting. `citations` gives one
record per id asked for; `bibliography` one entry per distinct source those records rest on
(a derived fact rests on its inputs' sources, an organisation on the sources that name it);
`web_address` the address `show --web` opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import _
from kanten_cli.base.urls import is_web_url
from kanten_cli.facts.model import Fact, Organisation, Source
from kanten_cli.query.index import Index, organisation_sources, unknown_id

Record = dict[str, Any]


def citations(index: Index, ids: Iterable[str]) -> list[Record]:
    """One citation record per distinct id, in the order given: fact, organisation or source."""
    return [citation(index, ident) for ident in dict.fromkeys(ids)]


def citation(index: Index, ident: str) -> Record:
    """A fact's, organisation's or source's citation record; NotFound for an unknown id.

    Facts and organisations share one namespace; a source id is looked up last.
    """
    if ident in index.facts:
        return _fact_citation(index, index.facts[ident])
    if ident in index.organisations:
        return _organisation_citation(index.organisations[ident])
    if ident in index.sources:
        return {"type": "source", "id": ident, "kind": "source", "sources": [ident]}
    raise unknown_id(index, ident)


def _fact_citation(index: Index, fact: Fact) -> Record:
    return {
        "type": "fact",
        "id": fact.id,
        "kind": fact.kind,
        "text": fact.text.get(),
        "value": fact.value,
        "unit": fact.unit,
        "approximate": fact.approximate,
        "at_least": fact.at_least,
        "quote": fact.quote,
        "evidence": fact.evidence,
        "formula": fact.formula.get() if fact.formula else None,
        "caveat": fact.caveat.get() if fact.caveat else None,
        "sources": index.sources_of(fact),
        "inputs": [_input(f) for f in index.leaf_inputs(fact)],
    }


def _input(fact: Fact) -> Record:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "text": fact.text.get(),
        "quote": fact.quote,
        "evidence": fact.evidence,
        "source": fact.source,
    }


def _organisation_citation(org: Organisation) -> Record:
    """Each claim with the source that makes it: the roles, the kind (`kind_source` None: read
    from the name, attributed to no source) and the description (each of its sources)."""
    described = [(org.description_source, org.description_evidence)] if org.description_source else []
    described += [(also.source, also.evidence) for also in org.description_also]
    return {
        "type": "organisation",
        "id": org.id,
        "kind": "organisation",
        "name": org.name,
        "org_kind": org.kind.get(),
        "kind_source": org.kind_source,
        "kind_evidence": org.kind_evidence,
        "claims": [{"role": c.role, "source": c.source, "quote": c.quote, "evidence": c.evidence} for c in org.roles],
        "description": org.description.get() if org.description else None,
        "description_sources": [source for source, _ in described],
        "description_evidence": [words for _, words in described],  # each source's words, in order
        "caveat": org.caveat.get() if org.caveat else None,
        "sources": organisation_sources(org),
    }


def bibliography(index: Index, cited: Sequence[Record]) -> list[Record]:
    """One entry per distinct source the citations rest on, in order of first use, with the ids
    that cite it and, for each, what it says and the source's own words it rests on. Only what
    the source record says: a missing title, author or date stays None."""
    cited_for: dict[str, list[str]] = {}
    resting: dict[str, list[Record]] = {}
    for rec in cited:
        for ident in rec["sources"]:
            cited_for.setdefault(ident, []).append(rec["id"])
            said = _what_rests_on(rec, ident)
            if said is not None:
                resting.setdefault(ident, []).append(said)
    return [
        {**source_entry(index.sources[ident], ids), "cited": resting.get(ident, [])} for ident, ids in cited_for.items()
    ]


def _what_rests_on(rec: Record, source: str) -> Record | None:
    """What a citation says (a fact's text, an organisation's name) and the words of `source`
    it rests on (quotes, evidence); None for a source cited by its own id."""
    if rec["type"] == "fact":
        own = [rec["quote"] or rec["evidence"]] if source in rec["sources"] and not rec["inputs"] else []
        inputs = [i["quote"] or i["evidence"] for i in rec["inputs"] if i["source"] == source]
        words = [w for w in [*own, *inputs] if w]
        return {"id": rec["id"], "text": rec["text"], "words": list(dict.fromkeys(words))}
    if rec["type"] == "organisation":
        words = [c["quote"] or c["evidence"] for c in rec["claims"] if c["source"] == source]
        text = rec["name"]
        if rec["kind_source"] == source:
            text = f"{rec['name']} ({rec['org_kind']})"
            words.append(rec["kind_evidence"])
        if source in rec["description_sources"] and rec["description"]:
            text = f"{text}: {rec['description']}"
            pairs = zip(rec["description_sources"], rec["description_evidence"], strict=True)
            words += [w for s, w in pairs if s == source]
        return {"id": rec["id"], "text": text, "words": list(dict.fromkeys(w for w in words if w))}
    return None


def person_name(source: Source) -> tuple[str, str] | None:
    """(family, given) when the source names a person as its author, else None.

    A byline with a role (`author_role`: "Sekretariatsmedarbejder") names a person; in a Danish
    name, as in English, the family name comes last. An author without a role may be an
    organisation, and is never split.
    """
    if source.author is None or source.author_role is None:
        return None
    *given, family = source.author.split()
    return (family, " ".join(given)) if given else None


def source_entry(source: Source, cited_for: list[str]) -> Record:
    """A source's metadata for a reference list, and which ids cite it."""
    name = person_name(source)
    return {
        "id": source.id,
        "kind": source.kind,
        "title": source.title,
        "author": source.author,
        "author_name": {"family": name[0], "given": name[1]} if name else None,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
        "note": source.note.get() if source.note else None,
        "cited_for": cited_for,
    }


def web_address(index: Index, ident: str) -> tuple[str, str, list[str]]:
    """The address `show --web` opens for an id: (url, its source id, the id's other sources).

    The first of the id's sources with an http(s) address; a source id stands for itself.
    NotFound when none has one: an address that is not http(s) is never opened.
    """
    if ident in index.facts or ident in index.organisations:
        sources = citation(index, ident)["sources"]
    elif ident in index.sources:
        sources = [ident]
    else:
        raise unknown_id(index, ident)
    for source in sources:
        url = index.sources[source].url
        if is_web_url(url):
            return url, source, [s for s in sources if s != source]
    unsafe = [s for s in sources if index.sources[s].url]
    if unsafe:
        raise NotFound(
            _("{ident} has no web address to open (the address of {sources} is not an http(s) address)").format(
                ident=ident, sources=", ".join(unsafe)
            )
        )
    raise NotFound(_("{ident} has no web address to open").format(ident=ident))
