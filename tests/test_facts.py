"""The real fact base: the key facts pinned, every quote verbatim, every derived figure right."""

from __future__ import annotations

import re

import pytest

from kanten_cli.facts.model import Project
from kanten_cli.query.index import Index


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
    targets = {f.id: (f.value, f.at_least) for f in project.facts if f.kind == "target" and f.topic == "target"}
    assert targets == {
        "target-citizens-attached": (850, True),  # "mindst 850"
        "target-citizens-foundation": (850, False),
        "target-ordinary-hours": (550, False),
        "target-companies": (400, True),  # "mindst 400"
        "target-companies-foundation": (400, False),
    }
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


def test_every_source_has_an_address(project: Project) -> None:
    assert [s.id for s in project.sources if s.url is None] == []


def _evidence_of(project: Project) -> list[tuple[str, str, str]]:
    """Every piece of evidence in the data: (the id that carries it, its source, the words)."""
    found = [(f.id, f.source or "", f.evidence) for f in project.facts if f.evidence]
    for org in project.organisations:
        found += [(org.id, c.source, c.evidence) for c in org.roles if c.evidence]
        if org.kind_evidence:
            found.append((org.id, org.kind_source or "", org.kind_evidence))
        if org.description_evidence:
            found.append((org.id, org.description_source or "", org.description_evidence))
        found += [(org.id, also.source, also.evidence) for also in org.description_also]
    return found


def test_every_evidence_is_its_own_source_s_words(
    project: Project, page_words: dict[str, list[str]], article_text: str
) -> None:
    """Evidence is the exact words of the source it is credited to (tests/sources keeps them):
    never another page's words, never a rewording."""
    evidence = _evidence_of(project)
    assert len(evidence) > 50
    missing = [
        (ident, source, words)
        for ident, source, words in evidence
        if not (words in article_text if source == "article" else any(words in p for p in page_words.get(source, [])))
    ]
    assert missing == []


def test_an_organisation_s_kind_and_description_cite_their_own_source(project: Project) -> None:
    """A kind or description carries the source that gives it, with its words; a kind with no
    source is read from the organisation's name (said so when shown), and a description never is."""
    from_name = {o.id for o in project.organisations if o.kind_source is None}
    assert from_name == {"erhvervspark-lolland", "ap-moller-fonden"}
    for org in project.organisations:
        if org.kind_source is not None:
            assert org.kind_evidence, org.id
        if org.description is not None:
            assert org.description_source is not None and org.description_evidence, org.id
    jobcentre = next(o for o in project.organisations if o.id == "jobcenter-lolland")
    assert (jobcentre.description_source, [a.source for a in jobcentre.description_also]) == (
        "article",
        ["cabi-project-page"],
    )


def test_every_secondary_fact_has_evidence_and_no_other_does(project: Project) -> None:
    for f in project.facts:
        if f.kind in ("context", "target"):
            assert f.evidence, f.id
        else:
            assert f.evidence is None, f.id


def test_the_article_s_lead_paragraph_is_stated(project: Project, article_text: str) -> None:
    lead = article_text.splitlines()[0]
    assert lead.startswith("VIVE har netop udgivet en rapport")
    for ident in ("report-published-by-vive", "aim-involve-companies", "project-municipalities", "project-name"):
        f = fact(project, ident)
        assert f.kind == "stated" and f.source == "article" and (f.quote or "") in lead, ident


def test_cabi_led_and_lg_insight_did_not(project: Project) -> None:
    orgs = {o.id: o for o in project.organisations}
    assert "lead" in [c.role for c in orgs["cabi"].roles]
    assert "lead" not in [c.role for c in orgs["lg-insight"].roles]
    for text in (orgs["lg-insight"].description, orgs["lg-insight"].kind, fact(project, "lead-organisation").text):
        assert text is not None
        assert "co-lead" not in text.en and "together with Cabi" not in text.en and "sammen med Cabi" not in text.da


def test_descriptions_stay_within_their_source(project: Project) -> None:
    orgs = {o.id: o for o in project.organisations}
    three_f = orgs["3f-lolland"].description
    assert three_f is not None and "Fagligt Fælles Forbund" not in three_f.da + three_f.en
    business = orgs["business-lolland-falster"].description
    assert business is not None and "fælles motor" in business.da and "jointly" not in business.en
    park = orgs["erhvervspark-lolland"]
    assert park.description is None and (park.kind.en, park.kind.da) == ("business park", "erhvervspark")
    cabi = orgs["cabi"].description
    assert cabi is not None and "Altinget" in cabi.en and "consultancy" in cabi.en and "self-governing" not in cabi.en


def test_hedges_and_tense_as_the_source_has_them(project: Project) -> None:
    area = fact(project, "vulnerable-unemployed")
    assert (area.value, area.approximate) == (2600, False)
    assert "about" not in area.text.en.lower() and "omkring" not in area.text.da.lower()
    assert "incipient" in fact(project, "labour-shortage").text.en
    assert "set out to" not in fact(project, "aim-market-knowledge").text.en
    assert "has been developed" in fact(project, "improvement-holistic").text.en
    attached = fact(project, "target-citizens-attached").caveat
    assert attached is not None and "i beskæftigelse" in attached.da and "tilknytning" in attached.da


def test_opinions_are_the_article_s(project: Project) -> None:
    """The article author's reading is never presented as the report's own finding."""
    views = ("conclusion-not-achieved", "conclusion-labour-shortage", "conclusion-other-results")
    for ident in (*views, "outlook-effective-effort", "outlook-inclusive-society"):
        text = fact(project, ident).text
        assert "article" in text.en.lower() and "artikl" in text.da.lower(), ident  # artiklen, artiklens
    recommendation = fact(project, "recommend-more-projects").text
    assert "the article detects" in recommendation.en and "artiklen ser" in recommendation.da


def test_the_project_name_as_the_article_spells_it(project: Project) -> None:
    assert project.project.name == "Rekruttering fra kanten"
    assert "Rekruttering fra kanten" in fact(project, "project-name").text.da


def test_sources_have_titles_where_the_source_material_gives_one(project: Project) -> None:
    # The source material gives no title for these pages; a title must not be invented.
    untitled = {"apmollerfonde-cabi-2"}
    for source in project.sources:
        assert (source.title is None) == (source.id in untitled), source.id
    article = next(s for s in project.sources if s.id == "article")
    assert article.title == "Projekt ”Rekruttering fra kanten”"
    assert article.author_role is not None and article.author_role.da == "Sekretariatsmedarbejder"


def test_the_health_release_is_an_example_from_lolland_not_the_article_s_background(project: Project) -> None:
    """Neither the release nor the article links the two; the release speaks of Lolland only."""
    staff = fact(project, "lolland-health-staff")
    assert "background" not in staff.text.en and "baggrund" not in staff.text.da
    assert "example from Lolland" in staff.text.en and "eksempel fra Lolland" in staff.text.da
    assert "lolland-health-staff" in fact(project, "improvement-holistic").see_also  # related, for the reader


def test_the_two_readings_of_one_sentence_say_so(project: Project) -> None:
    readings = [f.id for f in project.facts if f.reading_of == "still-in-work-share"]
    assert readings == ["still-in-work-people", "still-in-work-people-all"]


def test_the_midterm_verdict_is_the_evaluation_s(project: Project) -> None:
    """The release attributes the whole sentence, verdict included, to the evaluation."""
    reason = fact(project, "midterm-positive-reason")
    assert (reason.evidence or "").endswith("fremgår det af evalueringen")
    assert "the evaluation showed that the mid-term result was positive" in reason.text.en
    assert "fremgik det af evalueringen, at midtvejsresultatet var positivt" in reason.text.da
    assert "considerably complex" in reason.text.en and "betydeligt komplekse" in reason.text.da


def test_plans_stay_plans_and_ended_things_are_past(project: Project) -> None:
    plan = fact(project, "kompetenceforsyning")
    assert "kørte" not in plan.text.da and " ran " not in plan.text.en
    assert "træningsforløb i erhvervsknudepunkter" in plan.text.da and plan.caveat is not None
    lead = fact(project, "lead-organisation").text
    assert " var " in lead.da and " was " in lead.en


def test_no_text_or_caveat_names_an_id(project: Project) -> None:
    """Ids go in see_also: texts, caveats and descriptions are pasted into citations, where an id means nothing."""
    ids = {f.id for f in project.facts if "-" in f.id} | {o.id for o in project.organisations if "-" in o.id}
    prose = [(f.id, f.text) for f in project.facts] + [(f.id, f.caveat) for f in project.facts if f.caveat]
    prose += [(o.id, o.description) for o in project.organisations if o.description]
    texts = [(i, t) for i, both in prose if both for t in (both.da, both.en)]
    assert [(i, t) for i, t in texts if any(re.search(rf"\b{re.escape(x)}\b", t) for x in ids)] == []


def test_a_text_shown_alone_names_what_it_speaks_of(project: Project) -> None:
    """Search, ask and cite show a fact's text alone: "called this" / "kaldte det" points at
    nothing there. The release calls the 51 ambassador companies "langt over det forventede mål
    om 30 ambassadørvirksomheder"."""
    expected = fact(project, "ambassadors-expected").text
    assert "51" in expected.da and "51" in expected.en
    texts = [t for f in project.facts for t in (f.text.da, f.text.en)]
    assert [t for t in texts if re.search(r"\bcalled (this|that|it)\b|\bkaldte (det|dette)\b", t)] == []


def test_the_funder_gave_a_grant_not_all_the_funding(project: Project) -> None:
    """The foundation's page gives a grant ("Beløb: 21.130.000 kr.", to "Bevillingsmodtagere:
    …"), not the project's whole funding: "støttet af" is "supported by" in English, as the
    Danish says, never "funded by"."""
    funder = fact(project, "funder").text
    assert "støttet af" in funder.da and "supported by" in funder.en
    texts = [t for f in project.facts for t in (f.text.en, f.caveat.en if f.caveat else "")]
    assert [t for t in texts if "funded by" in t or "paid for" in t] == []
