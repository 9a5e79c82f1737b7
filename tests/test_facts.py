"""The real fact base: the key facts pinned, every quote verbatim, every derived figure right."""

from __future__ import annotations

import re

import pytest

from kanten_cli.model import Project
from kanten_cli.query import Index


def fact(project: Project, ident: str):  # type: ignore[no-untyped-def]
    return next(f for f in project.facts if f.id == ident)


def test_every_quote_is_verbatim_in_the_article(project: Project, article_text: str) -> None:
    quotes = [f.quote for f in project.facts if f.quote]
    quotes += [c.quote for o in project.organisations for c in o.roles if c.quote]
    assert len(quotes) > 25
    for quote in quotes:
        assert quote in article_text, quote


def test_every_article_sentence_is_covered(project: Project, article_text: str) -> None:
    """Each sentence or bullet of the article's body is quoted by at least one fact."""
    body = article_text.split("* * *")[0]
    quotes = " ".join(f.quote for f in project.facts if f.quote)
    pieces = []
    for line in body.splitlines():
        line = line.removeprefix("- ").strip()
        pieces += [p for p in re.split(r"(?<=[.:])\s+(?=[A-ZÆØÅ])", line) if p]
    missing = [p for p in pieces if p not in quotes]
    assert missing == []


def test_headline_figures(project: Project) -> None:
    assert fact(project, "participants-registered").value == 1439
    assert fact(project, "participants-registered").unit == "people"
    assert fact(project, "paid-work-share").value == pytest.approx(1 / 3)
    assert fact(project, "still-in-work-share").value == pytest.approx(0.2)
    assert fact(project, "still-in-work-share").approximate is True
    period = fact(project, "measured-period")
    assert (period.date, period.end_date) == ("2018-08", "2021-12")
    assert "en tredjedel af de i alt 1439 registrerede deltagere" in (fact(project, "paid-work-share").quote or "")


def test_derived_figures_and_their_caveats(project: Project) -> None:
    assert fact(project, "paid-work-people").value == pytest.approx(479.67, abs=0.01)
    assert fact(project, "still-in-work-people").value == pytest.approx(95.93, abs=0.01)
    assert fact(project, "still-in-work-people-all").value == pytest.approx(287.8)
    assert fact(project, "measured-period-months").value == 41
    assert fact(project, "paid-work-vs-target").value == pytest.approx(0.872, abs=0.001)
    ambiguous = fact(project, "still-in-work-people").caveat
    assert ambiguous is not None and "288" in ambiguous.en and "288" in ambiguous.da
    for f in project.facts:
        if f.kind == "derived":
            assert f.formula and f.caveat and f.inputs and f.source is None and f.quote is None


def test_project_period_and_targets_are_context(project: Project, index: Index) -> None:
    period = fact(project, "project-period")
    assert (period.date, period.end_date, period.kind) == ("2018-01-01", "2021-12-31", "context")
    targets = {f.id: f.value for f in project.facts if f.kind == "target" and f.topic == "target"}
    assert targets == {"target-citizens-attached": 850, "target-ordinary-hours": 550, "target-companies": 400}
    caveat = fact(project, "target-ordinary-hours").caveat
    assert caveat is not None and "ordinary hours" in caveat.en
    grant = fact(project, "grant-amount")
    assert (grant.value, grant.unit) == (21130000, "DKK")


def test_the_seven_organisations(project: Project) -> None:
    partners = [o.name for o in project.organisations if any(c.role == "partner" for c in o.roles)]
    assert partners == [
        "Jobcenter Lolland",
        "Guldborgsund Jobcenter",
        "Business Lolland-Falster",
        "Erhvervspark Lolland",
        "3F Lolland",
    ]
    houses = [o.name for o in project.organisations if any(c.role == "knowledge-house" for c in o.roles)]
    assert houses == ["LG Insight", "Cabi"]
    erhvervspark = next(o for o in project.organisations if o.name == "Erhvervspark Lolland")
    assert erhvervspark.description is None  # no source describes it


def test_the_recommendation(project: Project) -> None:
    rec = fact(project, "recommend-more-projects")
    assert rec.kind == "stated"
    assert "flere lignende projekter med aktiv inddragelse af virksomhederne" in (rec.quote or "")
    assert "more similar projects" in rec.text.en


def test_primary_and_secondary_never_mix(project: Project, index: Index) -> None:
    for f in project.facts:
        if f.kind == "stated":
            assert index.sources[f.source or ""].kind == "primary"
        elif f.kind in ("context", "target"):
            assert index.sources[f.source or ""].kind == "secondary" and f.quote is None


def test_context_sources_have_addresses(project: Project) -> None:
    without = [s.id for s in project.sources if s.url is None]
    assert without == ["context-notes"]  # the only notes the source material gives no page for
