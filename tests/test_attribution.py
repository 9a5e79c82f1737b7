"""Every claim is cited to the source that makes it (issue 21's rule).

No printed sentence attributes a claim to a source whose words do not carry it: an
organisation's roles, its kind and its description, and each fact's quote or evidence, in every
output that joins a claim with a source (cite's text and Markdown, the report's organisations,
the partners records that JSON, CSV and xlsx write). A source "carries" a claim when the claim's
exact words stand in that source's text as tests/sources keeps it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

import pytest
from typer.testing import Result

from kanten_cli.base import translate
from kanten_cli.facts.model import Organisation
from kanten_cli.output.i18n import Lang, label
from kanten_cli.output.report.document import report
from kanten_cli.query.index import Index, organisation_record

Invoke = Callable[..., Result]
LANGS: tuple[Lang, ...] = ("da", "en")


@pytest.fixture(scope="module")
def carries(page_words: dict[str, list[str]], article_text: str) -> Callable[[str, str | None], bool]:
    def carried(source: str, words: str | None) -> bool:
        if not words:
            return False  # a claim with no words to check is attributed to nothing
        if source == "article":
            return words in article_text
        return any(words in passage for passage in page_words.get(source, []))

    return carried


def _named(index: Index, text: str) -> set[str]:
    """The sources a printed text names: each is cited with its address (the article and its
    page share one; a text naming it names both, and either may carry the claim)."""
    return {ident for ident, s in index.sources.items() if s.url and s.url in text}


def _addresses(index: Index, idents: Iterable[str]) -> set[str]:
    return {index.sources[i].url or "" for i in idents}


def _role_claims(org: Organisation) -> dict[str, list[tuple[str, str | None]]]:
    claims: dict[str, list[tuple[str, str | None]]] = {}
    for c in org.roles:
        claims.setdefault(c.role, []).append((c.source, c.quote or c.evidence))
    return claims


def _cited(invoke: Invoke, ident: str, lang: str, style: str) -> list[str]:
    result = invoke("cite", ident, "--lang", lang, "--style", style)
    assert result.exit_code == 0, result.stderr
    return [p for p in result.stdout.rstrip("\n").split("\n\n") if not p.startswith(">")]


@pytest.mark.parametrize("style", ["text", "markdown"])
@pytest.mark.parametrize("lang", LANGS)
def test_cite_credits_each_organisation_claim_to_its_own_source(
    invoke: Invoke, index: Index, carries: Callable[[str, str | None], bool], lang: Lang, style: str
) -> None:
    for org in index.project.organisations:
        paragraphs = _cited(invoke, org.id, lang, style)
        claims = _role_claims(org)
        # The roles: each "role (according to X …)" names only sources that carry that role.
        roles, seen = paragraphs[0].split(": ", 1)[1], set()
        for segment in re.split(r"\); ", roles):
            named = _named(index, segment)
            translate.bind(lang)
            said = [role for role in claims if label(f"role.{role}") in segment.split(" (")[0]]
            seen.update(said)
            assert said and named, (org.id, segment)
            for role in said:
                carrying = {source for source, words in claims[role] if carries(source, words)}
                assert _addresses(index, named) <= _addresses(index, carrying), (org.id, role, named - carrying)
        assert seen == set(claims), org.id  # every role is cited
        # The kind: its own source, or no source at all when it is read from the name.
        kind = paragraphs[1]
        assert org.kind.get(lang) in kind
        if org.kind_source is None:
            assert _named(index, kind) == set(), (org.id, kind)
            assert label("cite.from_name") in kind
        else:
            assert _addresses(index, _named(index, kind)) == _addresses(index, [org.kind_source]), (org.id, kind)
            assert carries(org.kind_source, org.kind_evidence), org.id
        # The description: all of its sources and only they, each carrying its words.
        rest = paragraphs[2:]
        if org.description is None:
            assert all(not _named(index, p) for p in rest), org.id
        else:
            described = {org.description_source or "", *(a.source for a in org.description_also)}
            assert _addresses(index, _named(index, rest[0])) == _addresses(index, described), org.id
            assert carries(org.description_source or "", org.description_evidence), org.id
            assert all(carries(a.source, a.evidence) for a in org.description_also), org.id
            assert all(not _named(index, p) for p in rest[1:]), org.id  # the caveat cites nothing


@pytest.mark.parametrize("lang", LANGS)
def test_cite_credits_each_fact_to_the_sources_that_carry_its_words(
    invoke: Invoke, index: Index, carries: Callable[[str, str | None], bool], lang: Lang
) -> None:
    for fact in index.project.facts:
        first, *rest = _cited(invoke, fact.id, lang, "text")
        named = _addresses(index, _named(index, first))
        assert named == _addresses(index, index.sources_of(fact)), fact.id
        leaves = [fact] if fact.kind != "derived" else index.leaf_inputs(fact)
        carrying = _addresses(index, [f.source or "" for f in leaves if carries(f.source or "", f.quote or f.evidence)])
        assert named == carrying, fact.id
        assert all(not _named(index, p) for p in rest), fact.id  # the caveat cites nothing


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_numbers_each_organisation_claim_with_its_own_sources(
    index: Index, carries: Callable[[str, str | None], bool], lang: Lang
) -> None:
    translate.bind(lang)
    rows = [
        row
        for section in report(index)["sections"]
        for block in section["blocks"]
        if block["type"] == "organisations"
        for row in block["rows"]
    ]
    assert [r["id"] for r in rows] == [o.id for o in index.project.organisations]
    for row in rows:
        org = index.organisations[row["id"]]
        claims = list(_role_claims(org).values())
        assert len(row["role_refs"]) == len(claims), org.id
        for ref, claimed in zip(row["role_refs"], claims, strict=True):
            cited = {s["id"] for s in ref["sources"]}
            assert cited == {source for source, words in claimed if carries(source, words)}, (org.id, ref["label"])
        kind = [s["id"] for s in row["kind_refs"]["sources"]]
        if org.kind_source is None:
            assert kind == [] and row["kind_from_name"], org.id
        else:
            assert kind == [org.kind_source] and carries(org.kind_source, org.kind_evidence), org.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_partners_records_give_each_claim_its_source(
    index: Index, carries: Callable[[str, str | None], bool], lang: Lang
) -> None:
    """What JSON, CSV, TSV and xlsx write for `partners`: roles, kind and description each with theirs."""
    for org in index.project.organisations:
        translate.bind(lang)
        rec = organisation_record(index, org)
        for role in rec["roles"]:
            words = next(
                c.quote or c.evidence for c in org.roles if (c.role, c.source) == (role["role"], role["source"])
            )
            assert carries(role["source"], words), (org.id, role)
        if rec["kind_source"] is not None:
            assert carries(rec["kind_source"], org.kind_evidence), org.id
        if rec["description"] is None:
            assert rec["description_sources"] == [], org.id
        else:
            described = [org.description_evidence, *(a.evidence for a in org.description_also)]
            assert len(rec["description_sources"]) == len(described), org.id
            assert all(carries(s, w) for s, w in zip(rec["description_sources"], described, strict=True)), org.id


def test_a_description_never_says_more_than_its_sources(index: Index) -> None:
    """The sentences a citation credits to a description's sources: no assumption among them
    (the 3F page does not say that 3F Lolland is its local branch: that is the caveat's to say)."""
    for org in index.project.organisations:
        if org.description is not None:
            for text in (org.description.da, org.description.en):
                assert "antages" not in text and "taken to be" not in text, org.id


# --- what a figure is: a grant is not a cost, a computed figure is not the source's, and a
# --- reading of an ambiguous sentence never stands alone (the fact-check of the `facts` helper)


@pytest.mark.parametrize("lang", LANGS)
def test_the_grant_is_never_called_what_the_project_cost(invoke: Invoke, index: Index, lang: Lang) -> None:
    """The pages give a grant ("Beløb: 21.130.000 kr.", to "Bevillingsmodtagere: …"); no source
    says what the project cost. Neither report's help, the brief's headings nor the words `ask`
    says it understood a question as may call the grant the project's cost."""
    assert index.facts["grant-amount"].evidence == "Beløb: 21.130.000 kr."
    help_text = " ".join(invoke("--lang", lang, "report", "--help").stdout.split())
    brief_line = help_text.split("--brief", 1)[1].split("-s, --section", 1)[0]
    assert not re.search(r"\bcost\b|udgift|kostede", brief_line), brief_line
    assert ("grant" if lang == "en" else "bevilling") in brief_line
    from kanten_cli.output.report.brief import brief

    translate.bind(lang)
    headings = [p["heading"] for p in brief(index)["parts"]]
    assert not [h for h in headings if re.search(r"\bcost\b|udgift|kostede", h)]
    answer = invoke("--lang", lang, "ask", "Hvad kostede projektet?")
    assert answer.exit_code == 0 and "grant-amount" in answer.stdout
    understood = next(line for line in answer.stdout.splitlines() if line.startswith(label("ask.understood")))
    assert ("grant" if lang == "en" else "bevillingen") in understood, understood


@pytest.mark.parametrize("lang", LANGS)
def test_a_computed_figure_in_the_brief_says_it_is_computed(index: Index, lang: Lang) -> None:
    """The brief cites the article for ≈ 480, ≈ 96 and ≈ 288; the article gives "en tredjedel
    af de i alt 1439" and "Cirka 20 % af dem", never a count. Each computed bar says so, in the
    Markdown and the HTML; a figure a source states does not."""
    from kanten_cli.output.report.brief import brief
    from kanten_cli.output.report.render import brief_html, brief_markdown

    translate.bind(lang)
    doc = brief(index)
    chart = next(p for p in doc["parts"] if p["id"] == "figures")["chart"]
    bars = [b for g in chart["groups"] for b in g["bars"]]
    computed = label("chart.computed")
    derived = [b for b in bars if index.facts[b["id"]].kind == "derived"]
    assert {b["id"] for b in derived} >= {"paid-work-people", "still-in-work-people", "still-in-work-people-all"}
    assert all(b["computed"] == computed for b in derived)
    assert all(b["computed"] is None for b in bars if b not in derived)
    markdown = " ".join(brief_markdown(doc).split())
    html = brief_html(doc)
    for bar in bars:
        said = f"**{bar['value']}** ({computed}) ["
        assert (said in markdown) == (bar in derived), bar["id"]
    assert html.count(f'<span class="bar-computed">({computed})</span>') == len(derived)


def test_a_reading_of_an_ambiguous_sentence_never_stands_alone(invoke: Invoke, index: Index) -> None:
    """The article: "Cirka 20 % af dem var fortsat i arbejde …"; "dem" is the third in paid work
    or all 1439. Where the summary shows one reading (≈ 96), it shows the other (≈ 288) beside it."""
    from kanten_cli.query.index import overview_facts

    chosen = [f.id for f in overview_facts(index)]
    for fact in index.project.facts:
        if fact.reading_of and fact.id in chosen:
            readings = [f.id for f in index.project.facts if f.reading_of == fact.reading_of]
            assert all(r in chosen for r in readings), readings
            at = chosen.index(readings[0])
            assert chosen[at : at + len(readings)] == readings  # together, in order
    assert "still-in-work-people-all" in chosen
    for lang in LANGS:
        glance = invoke("--lang", lang, "report", "--section", "summary").stdout
        assert "288" in glance and "96" in glance


@pytest.mark.parametrize("lang", LANGS)
def test_the_article_s_improvements_hold_only_the_article_s_facts(invoke: Invoke, index: Index, lang: Lang) -> None:
    """The heading "Improvements at the two job centres" reports the article's list ("I løbet af
    projektperioden har i sær de to jobcentre oplevet en forbedring …"). Cabi's release on Lolland
    Kommune's occupational therapist and social nurse is a progress report: neither it nor the
    article links the scheme to the article's "sundhedsfaglige ressourcer", so it stands with the
    press releases, never under the article's heading (results, and the report's section)."""
    under = [f for f in index.project.facts if f.topic in ("improvement", "activity")]
    assert under and all(f.kind == "stated" and f.source == "article" for f in under), [f.id for f in under]
    assert index.facts["lolland-health-staff"].topic == index.facts["lolland-health-citizens"].topic == "progress"
    rows = json.loads(invoke("--lang", lang, "results", "--json").stdout)
    sections = {r["id"]: r["section"] for r in rows}
    assert sections["lolland-health-staff"] == sections["ambassador-companies"] != sections["improvement-holistic"]
    translate.bind(lang)
    doc = report(index)
    improvements = next(s for s in doc["sections"] if s["id"] == "improvements")
    shown = [r["id"] for b in improvements["blocks"] for r in b.get("rows", [])]
    assert "improvement-holistic" in shown and "lolland-health-staff" not in shown
