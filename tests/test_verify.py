"""`kanten verify`: text extraction, matching and diffs; the network client against a local
server; the command end to end on the article and on the context notes.

No test touches the internet: every page comes from a server on 127.0.0.1 started by the
test, and a guard fails any fetch of another host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from kanten_cli import __version__
from kanten_cli.base.errors import ExitCode
from kanten_cli.facts.load import embedded_path, load
from kanten_cli.query.index import organisation_sources
from kanten_cli.sources import net
from kanten_cli.sources.pages import PageText, Saved, decode, html_text, normalise, read_saved, saved_file, word_diff
from tests.conftest import KEPT_ARTICLE, kept_page_words
from tests.pages import Reply, Site, article_html, context_html, serve

Invoke = Callable[..., Result]
PARTICIPANTS = "Til trods for, at målsætningen om at åbne virksomhedernes øjne"  # the 1439 sentence starts so


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any fetch of a host other than 127.0.0.1 fails the test instead of going out."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # a proxy in the environment must not see the local server
    real = net.fetch

    def guarded(url: str, *args: Any, **kwargs: Any) -> net.Page:
        try:
            parts = urlsplit(url)
        except ValueError:
            return real(url, *args, **kwargs)  # refused before any connection
        if parts.scheme in ("http", "https") and parts.hostname:  # others are refused before connecting
            assert urlsplit(url).hostname == "127.0.0.1", f"a test tried to fetch {url}"
        return real(url, *args, **kwargs)

    monkeypatch.setattr(net, "fetch", guarded)


def rows_of(result: Result) -> list[dict[str, Any]]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def checks_of(result: Result) -> dict[str, dict[str, Any]]:
    """The check rows by id (the first one of each id)."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows_of(result):
        if row["type"] != "source":
            out.setdefault(row["id"], row)
    return out


def source_row(result: Result, ident: str) -> dict[str, Any]:
    return next(r for r in rows_of(result) if r["type"] == "source" and r["id"] == ident)


# --- text extraction and normalisation -------------------------------------------------------


def test_html_text_decodes_entities_and_drops_scripts_and_styles() -> None:
    page = (
        "<html><head><title>T</title><style>p::before{content:'skjult'}</style>"
        "<script>var a = '<p>skjult</p>';</script></head><body>"
        "<h1>Over&shy;skrift</h1><p>1.439&nbsp;personer &amp; <strong>en tredjedel</strong> "
        "&rdquo;citat&rdquo; &ndash; f&aelig;rdig&#8221;</p><ul><li>et</li><li>to</li></ul>"
        "<noscript>skjult</noscript><template><p>skjult</p></template></body></html>"
    )
    text = html_text(page)
    assert text.splitlines() == ["T", "Overskrift", "1.439 personer & en tredjedel ”citat” – færdig”", "et", "to"]
    assert "skjult" not in text


def test_inline_tags_join_words_and_blocks_separate_them() -> None:
    assert html_text("<p>lønn<em>et</em> arbejde</p><p>næste</p>") == "lønnet arbejde\nnæste"
    assert html_text("<div>a<br>b</div>") == "a\nb"
    assert html_text("<p>spredt\n   over\tlinjer</p>") == "spredt over linjer"


def test_normalise_spaces_but_keeps_typographic_quotes_and_dashes() -> None:
    assert normalise("  20\u00a0%\u202faf\u2007dem\n\tnu ") == "20 % af dem nu"
    assert normalise("”Rekruttering” – \"x\" - 'y'") == "”Rekruttering” – \"x\" - 'y'"
    assert normalise("bla\u00adbla\u200b") == "blabla"
    assert normalise("a\u030a") == "å"  # composed, as typed


def test_a_typographic_quote_must_match_as_it_is() -> None:
    page = PageText("Læs rapporten ”Rekruttering fra Kanten – Slutevaluering” på VIVEs hjemmeside.")
    assert page.find("”Rekruttering fra Kanten – Slutevaluering”").status == "verified"
    assert page.find('"Rekruttering fra Kanten – Slutevaluering"').status == "changed"
    assert page.find("”Rekruttering fra Kanten - Slutevaluering”").status == "changed"


def test_a_changed_figure_is_changed_with_the_closest_passage_and_a_diff() -> None:
    page = PageText("Indledning her. Cirka 25 % af dem var fortsat i arbejde efter målperioden. Slut.")
    found = page.find("Cirka 20 % af dem var fortsat i arbejde efter målperioden.")
    assert found.status == "changed"
    assert found.closest == "Cirka 25 % af dem var fortsat i arbejde efter målperioden."
    assert found.diff == "Cirka [-20-]{+25+} % af dem var fortsat i …"


def test_no_shared_word_means_no_passage() -> None:
    found = PageText("helt andet indhold").find("ingen fælles ord")
    assert (found.status, found.closest, found.diff) == ("changed", None, None)
    assert PageText("").find("noget").status == "changed"


def test_word_diff_shortens_long_unchanged_runs() -> None:
    long_run = "a b c d e f g h i j k l m n o p"
    assert word_diff(long_run, long_run.replace("i", "X"), 2) == "… g h [-i-]{+X+} j k …"
    assert word_diff("a b", "a c b") == "a {+c+} b"
    assert word_diff("a b c", "a c") == "a [-b-] c"
    assert word_diff("i alt 1.439 registrerede, deltagere", "i alt 1.493 registrerede deltagere") == (
        "i alt [-1.439-]{+1.493+} registrerede[-,-] deltagere"
    )


def test_decode_follows_header_then_meta_then_utf8_then_cp1252() -> None:
    assert decode("ø".encode("latin-1"), "iso-8859-1") == "ø"
    assert decode(b'<meta charset="windows-1252"><p>\xf8</p>', None).endswith("<p>ø</p>")
    assert decode("ø".encode(), None) == "ø"
    assert decode(b"\xf8", None) == "ø"  # not UTF-8, no charset: what browsers assume
    assert decode("\ufeffø".encode(), "latin-1") == "ø"  # a BOM outweighs a wrong header
    assert decode("ø".encode(), "no-such-charset") == "ø"


def test_saved_file_round_trips() -> None:
    page = Saved("https://example.org/a", "2026-01-02T03:04:05Z", "linje ét\nlinje to", "https://example.org/b")
    assert read_saved(saved_file(page)) == page
    assert read_saved("bare tekst\n") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&;#a pbr\"'=-ø”\u00a0\n")) | st.characters(), max_size=200))
def test_any_markup_gives_text_without_crashing(markup: str) -> None:
    text = html_text(markup)
    assert all(line == normalise(line) and line for line in text.splitlines())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.integers(0, 120), st.integers(0, 40))
def test_any_stretch_of_a_page_is_found_on_it(page: str, start: int, length: int) -> None:
    text = PageText(page)
    piece = text.text[start : start + length]
    found = text.find(piece)
    if normalise(piece):
        assert found.status == "verified"
    absent = piece + " ⁂"
    if normalise(absent) not in text.text:
        other = text.find(absent)
        assert other.status == "changed" and (other.closest is None or other.closest in text.text)


# --- the network client -------------------------------------------------------------------


@pytest.fixture
def site() -> Iterator[Site]:
    small = b"<html><body><p>I alt 10 deltagere.</p></body></html>"
    routes: dict[str, Any] = {
        "/page.html": Reply(body=small),
        "/gone": Reply(404, b"<h1>Not Found</h1>"),
        "/moved": Reply(302, b"", headers={"Location": "/page.html"}),
        "/loop": Reply(302, b"", headers={"Location": "/loop"}),
        "/to-file": Reply(302, b"", headers={"Location": "file:///etc/passwd"}),
        "/slow": Reply(hang=True),
        "/big": Reply(body=b"<p>" + b"x" * (net.MAX_BYTES + 10) + b"</p>"),
        "/big-streamed": Reply(body=b"<p>" + b"x" * (net.MAX_BYTES + 10) + b"</p>", length=False),
        "/report.pdf": Reply(body=b"%PDF-1.4 I alt 10 deltagere.", content_type="application/pdf"),
        "/plain.txt": Reply(body="I alt 10\u00a0deltagere.".encode(), content_type="text/plain; charset=utf-8"),
        "/l%C3%B8nnet.html": Reply(body=small),
        "/latin1.html": Reply(body="<p>Lønnet</p>".encode("latin-1"), content_type="text/html; charset=iso-8859-1"),
    }
    with serve(routes) as running:
        yield running


def test_fetch_sends_kanten_user_agent(site: Site) -> None:
    page = net.fetch(site.url("/page.html"), timeout=10)
    assert page.body.startswith(b"<html>") and page.content_type == "text/html" and page.charset == "utf-8"
    assert site.requests[-1]["user-agent"] == net.USER_AGENT
    assert net.USER_AGENT.startswith(f"kanten/{__version__} ")
    assert page.fetched_at.endswith("Z") and len(page.fetched_at) == 20


def test_an_address_with_danish_letters_is_sent_percent_encoded(site: Site) -> None:
    assert net.fetch(site.url("/lønnet.html"), timeout=10).body.startswith(b"<html>")
    assert site.requests[-1]["path"] == "/l%C3%B8nnet.html"


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:port/"])
def test_a_malformed_address_is_refused(url: str) -> None:
    with pytest.raises(net.FetchError, match="not a valid address"):
        net.fetch(url)


def test_fetch_follows_a_redirect_and_says_where_it_ended(site: Site) -> None:
    page = net.fetch(site.url("/moved"), timeout=10)
    assert page.final_url == site.url("/page.html") and page.url == site.url("/moved")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", "HTTP 404 Not Found"),
        ("/loop", f"too many redirects (more than {net.MAX_REDIRECTS})"),
        ("/big", "larger than 5 MB"),
        ("/big-streamed", "larger than 5 MB"),
    ],
)
def test_fetch_failures_say_why(site: Site, path: str, reason: str) -> None:
    with pytest.raises(net.FetchError) as caught:
        net.fetch(site.url(path), timeout=10)
    assert str(caught.value) == reason


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    with pytest.raises(net.FetchError, match="redirected to file:///etc/passwd: a file: address"):
        net.fetch(site.url("/to-file"), timeout=10)


def test_a_page_that_never_answers_times_out(site: Site) -> None:
    with pytest.raises(net.FetchError, match=r"^no answer within 0\.3 s$"):
        net.fetch(site.url("/slow"), timeout=0.3)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "data:text/html,hi", "http:///x", "x"])
def test_only_http_and_https_addresses_are_opened(url: str) -> None:
    with pytest.raises(net.FetchError):
        net.fetch(url)


def test_fetch_all_fetches_each_address_once(site: Site) -> None:
    done: list[str] = []
    urls = [site.url("/page.html"), site.url("/gone"), site.url("/page.html")]
    results = net.fetch_all(urls, 10, done.append)
    assert list(results) == [site.url("/page.html"), site.url("/gone")]
    assert isinstance(results[site.url("/gone")], net.FetchError)
    assert sorted(done) == sorted(results)
    assert [r["path"] for r in site.requests].count("/page.html") == 1


# --- the command on a small inline project --------------------------------------------------------


def small_project(url: str) -> dict[str, Any]:
    """One primary source at `url` with one quoted fact, one secondary page there with evidence,
    and a role that rests on a page without address and carries nothing to check."""
    return {
        "schema_version": 1,
        "project": {"name": "Prøve", "name_en": "Trial", "area": "Lolland", "source": "src"},
        "sources": [
            {"id": "src", "kind": "primary", "url": url},
            {"id": "page", "kind": "secondary", "url": url},
            {"id": "notes", "kind": "secondary"},
        ],
        "organisations": [
            {
                "id": "org",
                "name": "Jobcenter Prøve",
                "roles": [
                    {"role": "partner", "source": "src", "quote": "I alt 10 deltagere."},
                    {"role": "lead", "source": "page", "evidence": "10 deltagere"},
                    {"role": "funder", "source": "notes"},
                ],
                "kind": {"da": "jobcenter", "en": "job centre"},
            }
        ],
        "facts": [
            {
                "id": "count",
                "topic": "result",
                "kind": "stated",
                "text": {"da": "Ti deltagere.", "en": "Ten participants."},
                "source": "src",
                "quote": "I alt 10 deltagere.",
                "value": 10,
                "unit": "people",
            },
            {
                "id": "goal",
                "topic": "target",
                "kind": "target",
                "text": {"da": "Mål: 10.", "en": "Target: 10."},
                "source": "page",
                "evidence": "alt 10",
            },
        ],
    }


def verify_small(invoke: Invoke, write_project: Callable[[Any], Path], url: str, *args: str) -> Result:
    return invoke("verify", "--data", str(write_project(small_project(url))), "--timeout", "5", *args)


def test_all_found_exits_0_with_a_row_for_every_check(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    result = verify_small(invoke, write_project, site.url("/page.html"), "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stderr == ""
    rows = rows_of(result)
    assert [(r["type"], r["id"], r.get("role"), r.get("field"), r["status"]) for r in rows] == [
        ("source", "src", None, None, "read"),
        ("fact", "count", None, "quote", "verified"),
        ("organisation", "org", "partner", "quote", "verified"),
        ("source", "page", None, None, "read"),
        ("fact", "goal", None, "evidence", "verified"),
        ("organisation", "org", "lead", "evidence", "verified"),
        ("source", "notes", None, None, "skipped"),
        ("organisation", "org", "funder", None, "unchecked"),
    ]
    src = rows[0]
    assert src["address"] == site.url("/page.html") and src["fetched_at"]
    assert (src["checked"], src["verified"], src["changed"], src["unreachable"]) == (2, 2, 0, 0)
    assert rows[-2]["reason"] == "nothing to check: no quote or evidence"
    # The two sources share one address: it was fetched once.
    assert [r["path"] for r in site.requests] == ["/page.html"]


def test_a_404_is_unreachable_with_its_own_exit_code(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    result = verify_small(invoke, write_project, site.url("/gone"), "--json")
    assert result.exit_code == ExitCode.UNREACHABLE == 6
    src = source_row(result, "src")
    assert (src["status"], src["reason"], src["unreachable"]) == ("unreachable", "HTTP 404 Not Found", 2)
    assert checks_of(result)["count"]["status"] == "unreachable"
    assert result.stderr == (
        f"kanten: could not read 2 pages: src ({site.url('/gone')}): HTTP 404 Not Found; "
        f"page ({site.url('/gone')}): HTTP 404 Not Found\n"
    )


def test_a_page_that_never_answers_is_named_when_it_times_out(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    path = write_project(small_project(site.url("/slow")))
    result = invoke("verify", "count", "--data", str(path), "--timeout", "0.3")
    assert result.exit_code == ExitCode.UNREACHABLE
    assert result.stderr == f"kanten: could not read 1 page: src ({site.url('/slow')}): no answer within 0.3 s\n"
    assert site.url("/slow") in result.stdout and "no answer within 0.3 s" in result.stdout


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/report.pdf", "not an HTML or text page (application/pdf)"),
        ("/big", "larger than 5 MB"),
        ("/loop", "too many redirects (more than 5)"),
    ],
)
def test_pages_kanten_will_not_read_are_unreachable(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site, path: str, reason: str
) -> None:
    result = verify_small(invoke, write_project, site.url(path), "--json")
    assert result.exit_code == ExitCode.UNREACHABLE
    assert source_row(result, "src")["reason"] == reason


def test_a_redirect_is_followed_and_reported(invoke: Invoke, write_project: Callable[[Any], Path], site: Site) -> None:
    result = verify_small(invoke, write_project, site.url("/moved"), "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert source_row(result, "src")["redirected_to"] == site.url("/page.html")


def test_plain_text_and_declared_charsets_are_read(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    assert verify_small(invoke, write_project, site.url("/plain.txt"), "count").exit_code == ExitCode.OK
    data = small_project(site.url("/latin1.html"))
    data["facts"][0]["quote"] = "Lønnet"
    result = invoke("verify", "count", "--data", str(write_project(data)), "--json")
    assert checks_of(result)["count"]["status"] == "verified", result.stdout


def test_a_file_address_in_the_data_is_refused_not_opened(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path
) -> None:
    secret = tmp_path / "page.html"
    secret.write_text("<p>I alt 10 deltagere.</p>", encoding="utf-8")
    result = verify_small(invoke, write_project, secret.as_uri(), "count", "--json")
    assert result.exit_code == ExitCode.UNREACHABLE
    src = source_row(result, "src")
    assert src["reason"] == "a file: address; kanten fetches only http and https pages"
    assert checks_of(result)["count"]["status"] == "unreachable"


def test_a_source_without_an_address_says_how_to_give_one(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    data = small_project(site.url("/page.html"))
    note = {"id": "note", "topic": "background", "kind": "context", "source": "notes", "evidence": "10 deltagere"}
    data["facts"].append({**note, "text": {"da": "Note.", "en": "Note."}})
    result = invoke("verify", "note", "--data", str(write_project(data)), "--json")
    assert result.exit_code == ExitCode.UNREACHABLE
    assert source_row(result, "notes")["reason"] == "no address; give one with --source notes=PATH_OR_URL"
    assert site.requests == []


def test_a_derived_fact_is_checked_through_its_inputs(invoke: Invoke, site: Site, tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text("<p>nothing relevant</p>", encoding="utf-8")
    result = invoke("verify", "paid-work-people", "--source", f"article={page}", "--json")
    assert {r["id"] for r in rows_of(result) if r["type"] != "source"} == {"participants-registered", "paid-work-share"}
    assert result.exit_code == ExitCode.NOT_FOUND


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-fact"], "kanten: no fact or organisation with id 'no-such-fact'"),
        (["--source", "article"], "kanten: --source 'article': expected SOURCE_ID=PATH_OR_URL"),
        (["--source", "nowhere=x.html"], "kanten: --source 'nowhere=x.html': no source 'nowhere'; sources: article"),
        (["--source", "article=/no/such/file.html"], "kanten: --source 'article=/no/such/file.html': no such file"),
        (["--source", "article=file:///etc/passwd"], "kanten: --source 'article=file:///etc/passwd': a file: address"),
        (["--timeout", "0"], "kanten: --timeout must be more than 0 seconds"),
    ],
)
def test_bad_options_are_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("verify", *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_save_into_something_that_is_not_a_directory_fails_before_fetching(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = verify_small(invoke, write_project, site.url("/page.html"), "--save", str(blocker / "pages"))
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith(f"kanten: cannot save pages in {blocker / 'pages'}: ")
    assert site.requests == []


def test_every_format_carries_the_same_rows(invoke: Invoke, write_project: Callable[[Any], Path], site: Site) -> None:
    path = str(write_project(small_project(site.url("/page.html"))))
    rows = rows_of(invoke("verify", "--data", path, "--json"))
    lines = invoke("verify", "--data", path, "-f", "jsonl").stdout.splitlines()

    def untimed(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Two runs fetch the page at two moments: the fetch time may differ by a second.
        return [{**r, "fetched_at": "T" if r.get("fetched_at") else None} for r in records]

    assert untimed([json.loads(line) for line in lines]) == untimed(rows)
    csv_lines = invoke("verify", "--data", path, "-f", "csv").stdout.splitlines()
    assert len(csv_lines) == len(rows) + 1
    assert csv_lines[0].startswith("type,id,source,status,address")
    assert invoke("verify", "--data", path, "-f", "markdown").stdout.count("\n") == len(rows) + 2
    fields = rows_of(invoke("verify", "--data", path, "--json", "--fields", "id,status"))
    assert fields == [{"id": r["id"], "status": r["status"]} for r in rows]


def test_the_table_names_sources_statuses_and_counts_in_both_languages(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    path = str(write_project(small_project(site.url("/page.html"))))
    out = invoke("verify", "--data", path).stdout
    assert out.splitlines()[0] == "Quotes and evidence checked against their sources"
    assert "src · read" in out and site.url("/page.html") in out and "2 checked: 2 verified" in out
    assert "verified    org (partner, quote)" in out and "unchecked   org (funder)" in out
    assert out.rstrip().endswith("In all, 4 checked: 4 verified, 1 unchecked")
    da = invoke("verify", "--data", path, "--lang", "da").stdout
    assert "bekræftet" in da and "src · læst" in da
    # Danish counts agree in number: plural for any count but one.
    assert "2 tjekkede: 2 bekræftede" in da
    assert da.rstrip().endswith("I alt 4 tjekkede: 4 bekræftede, 1 ikke tjekket")
    assert all(line == line.rstrip() for line in out.splitlines())


# --- the article --------------------------------------------------------------------------------


@pytest.fixture
def article_site(article_text: str) -> Iterator[Site]:
    changed = article_text.replace("1439", "1493")
    assert changed != article_text
    routes: dict[str, Any] = {
        "/article.html": Reply(body=article_html(article_text).encode()),
        "/changed.html": Reply(body=article_html(changed).encode()),
        "/moved": Reply(301, b"", headers={"Location": "/article.html"}),
    }
    with serve(routes) as running:
        yield running


def article_ids() -> list[str]:
    """Every fact and organisation with something to check on the article, and nothing else."""
    project = load(str(embedded_path()))[0]
    ids = [f.id for f in project.facts if f.source == "article"]
    return ids + [o.id for o in project.organisations if set(organisation_sources(o)) == {"article"}]


def test_every_quote_is_verified_on_the_article_page(invoke: Invoke, article_site: Site) -> None:
    result = invoke("verify", *article_ids(), "--source", f"article={article_site.url('/article.html')}", "--json")
    assert result.exit_code == ExitCode.OK, result.stdout
    checks = [r for r in rows_of(result) if r["type"] != "source"]
    quoted = [r for r in checks if r["field"] == "quote"]
    assert len(quoted) > 25 and all(r["status"] == "verified" for r in quoted)
    assert {r["source"] for r in checks} == {"article"}


def test_one_changed_figure_names_each_fact_that_quotes_it(invoke: Invoke, article_site: Site) -> None:
    result = invoke("verify", *article_ids(), "--source", f"article={article_site.url('/changed.html')}", "--json")
    assert result.exit_code == ExitCode.NOT_FOUND
    changed = {r["id"]: r for r in rows_of(result) if r["type"] != "source" and r["status"] == "changed"}
    project = load(str(embedded_path()))[0]
    quoting = {f.id for f in project.facts if f.quote and "1439" in f.quote}
    assert "participants-registered" in changed and set(changed) == quoting
    row = changed["participants-registered"]
    assert "[-1439-]{+1493+}" in row["diff"]
    assert "de i alt 1493 registrerede deltagere" in row["closest"] and row["closest"].startswith(PARTICIPANTS)
    assert row["expected"] == next(f.quote for f in project.facts if f.id == "participants-registered")
    assert result.stderr.startswith("kanten: ") and "participants-registered" in result.stderr
    table = invoke("verify", *article_ids(), "--source", f"article={article_site.url('/changed.html')}").stdout
    assert "changed     participants-registered (quote)" in table and "[-1439-]{+1493+}" in table


def test_save_then_verify_offline_from_the_saved_copy(invoke: Invoke, article_site: Site, tmp_path: Path) -> None:
    ids = article_ids()
    live = invoke("verify", *ids, "--source", f"article={article_site.url('/moved')}", "--save", str(tmp_path), "-q")
    assert live.exit_code == ExitCode.OK, live.stderr
    saved = (tmp_path / "article.txt").read_text(encoding="utf-8")
    copy = read_saved(saved)
    assert copy is not None and copy.address == article_site.url("/moved")
    assert copy.redirected_to == article_site.url("/article.html") and copy.fetched_at.endswith("Z")
    assert "Af Vibeke Rasmussen" in copy.text and "1493" not in copy.text  # scripts and styles were dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]
    requests = len(article_site.requests)
    offline = invoke("verify", *ids, "--source", f"article={tmp_path / 'article.txt'}", "--json")
    assert offline.exit_code == ExitCode.OK
    assert len(article_site.requests) == requests  # nothing fetched
    src = source_row(offline, "article")
    assert (src["address"], src["copy_of"]) == (str(tmp_path / "article.txt"), article_site.url("/moved"))
    assert src["fetched_at"] == copy.fetched_at
    # A changed figure in the saved copy is found too.
    (tmp_path / "article.txt").write_text(saved.replace("1439", "1493"), encoding="utf-8")
    changed = invoke("verify", *ids, "--source", f"article={tmp_path / 'article.txt'}", "--json")
    assert changed.exit_code == ExitCode.NOT_FOUND
    assert checks_of(changed)["participants-registered"]["status"] == "changed"


def test_save_keeps_the_text_of_a_file_source_under_its_path(
    invoke: Invoke, article_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--save with a local file: the text kanten compared against, named by the file's path; a
    copy --save wrote, saved again, keeps the address and time it was fetched."""
    monkeypatch.chdir(tmp_path)
    Path("saved-article.html").write_text(article_html(article_text), encoding="utf-8")
    ids = article_ids()
    result = invoke("verify", *ids, "--source", "article=saved-article.html", "--save", "pages", "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert sorted(p.name for p in Path("pages").iterdir()) == ["article.txt"]
    copy = read_saved(Path("pages/article.txt").read_text(encoding="utf-8"))
    assert copy is not None and copy.address == "saved-article.html" and copy.redirected_to is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", copy.fetched_at)
    assert copy.text == html_text(article_html(article_text))
    assert "<" not in copy.text and "Af Vibeke Rasmussen" in copy.text
    # The saved text verifies on its own, and saving it again keeps what it says it is a copy of.
    first = Path("pages/article.txt").read_text(encoding="utf-8")
    again = invoke("verify", *ids, "--source", "article=pages/article.txt", "--save", "again", "--json")
    assert again.exit_code == ExitCode.OK, again.stderr
    assert Path("again/article.txt").read_text(encoding="utf-8") == first


def test_a_saved_html_page_and_the_source_text_both_verify(invoke: Invoke, article_text: str, tmp_path: Path) -> None:
    page = tmp_path / "saved-article.html"
    page.write_text(article_html(article_text), encoding="utf-8")
    for copy in (page, KEPT_ARTICLE):
        result = invoke("verify", *article_ids(), "--source", f"article={copy}", "--json")
        assert result.exit_code == ExitCode.OK, (copy, result.stdout)


# --- every secondary source's evidence -------------------------------------------------------


def _pages_of_kept_words() -> dict[str, Reply]:
    """Each secondary source's page at /ID.html, built from its exact words as tests/sources keeps them."""
    return {
        f"/{ident}.html": Reply(body=context_html("\n".join(words)).encode())
        for ident, words in kept_page_words().items()
    }


def test_every_evidence_stands_on_its_own_source_s_page(invoke: Invoke) -> None:
    """Each piece of evidence, looked up on the page of the source it is credited to (built from
    that page's words alone), and each quote in the article.

    Checks every fact, role, kind and description that carries evidence, and counts them, so none is left out.
    """
    project = load(str(embedded_path()))[0]
    secondary = [s.id for s in project.sources if s.kind == "secondary"]
    with serve(_pages_of_kept_words()) as site:
        options = [arg for s in secondary for arg in ("--source", f"{s}={site.url(f'/{s}.html')}")]
        options += ["--source", f"article={KEPT_ARTICLE}"]
        facts = [f.id for f in project.facts if f.source in secondary]
        orgs = [o.id for o in project.organisations]
        result = invoke("verify", *facts, *orgs, *options, "--json")
    assert result.stdout, result.stderr
    checks = [r for r in rows_of(result) if r["type"] != "source"]
    evidence = [
        r for r in checks if r["field"] in ("evidence", "kind_evidence", "description_evidence") and r["expected"]
    ]
    expected = (
        sum(1 for f in project.facts if f.evidence)
        + sum(1 for o in project.organisations for c in o.roles if c.evidence)
        + sum(1 for o in project.organisations if o.kind_evidence)
        + sum(1 for o in project.organisations if o.description_evidence)
        + sum(len(o.description_also) for o in project.organisations)
    )
    assert len(evidence) == expected
    assert [(r["id"], r["diff"]) for r in evidence if r["status"] != "verified"] == []
    assert [r["id"] for r in checks if r["status"] not in ("verified", "unchecked")] == []
    assert result.exit_code == ExitCode.OK, result.stderr


def test_evidence_on_another_source_s_page_is_not_verified(
    invoke: Invoke, write_project: Callable[[Any], Path]
) -> None:
    """Credited to the wrong page, words that stand on another page are reported, not verified."""
    with serve(_pages_of_kept_words()) as site:
        data = small_project(site.url("/3f-about.html"))
        data["facts"][1]["evidence"] = "Beløb: 21.130.000 kr."  # the foundation's words, not 3F's
        result = invoke("verify", "goal", "--data", str(write_project(data)), "--json")
    assert checks_of(result)["goal"]["status"] != "verified"


def test_context_notes_page_verifies_evidence_phrases(invoke: Invoke, write_project: Callable[[Any], Path]) -> None:
    """A page of phrases the notes give as pages' exact words (works before the data has any)."""
    every = "\n".join(p for words in kept_page_words().values() for p in words)
    with serve({"/context.html": Reply(body=context_html(every).encode())}) as site:
        data = small_project(site.url("/context.html"))
        data["facts"][1]["evidence"] = "Beløb: 21.130.000 kr."
        data["organisations"][0]["roles"][1]["evidence"] = "Videns- og netværkshuset Cabi er overordnet leder"
        result = invoke("verify", "goal", "org", "--data", str(write_project(data)), "--json")
        evidence = [(r["id"], r["status"]) for r in rows_of(result) if r.get("field") == "evidence"]
        assert evidence == [("goal", "verified"), ("org", "verified")]
        data["facts"][1]["evidence"] = "Beløb: 21.310.000 kr."
        result = invoke("verify", "goal", "--data", str(write_project(data)), "--json")
        assert checks_of(result)["goal"]["closest"] == "Beløb: 21.130.000 kr."
        assert checks_of(result)["goal"]["diff"] == "Beløb: [-21.310.000-]{+21.130.000+} kr."


# --- what a person sees -----------------------------------------------------------------------


def test_progress_shows_on_a_terminal_only_and_not_with_quiet(write_project: Callable[[Any], Path], site: Site) -> None:
    from tests.test_hardening import in_pty, real

    path = str(write_project(small_project(site.url("/page.html"))))
    shown = in_pty(["verify", "--data", path], KANTEN_DATA=path).decode()
    assert "Fetching pages" in shown and "In all, 4 checked" in shown
    quiet = in_pty(["verify", "--data", path, "--quiet"], KANTEN_DATA=path).decode()
    assert "Fetching pages" not in quiet and "In all, 4 checked" in quiet
    piped = real(["verify", "--data", path])
    assert piped.returncode == 0 and piped.stderr == b""


def test_hostile_text_in_a_page_and_in_the_data_is_inert(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>I alt 11 deltagere [bold]x[/] &#27;[31m&#x202e;</p>", encoding="utf-8")
    data = small_project("https://example.invalid/")
    data["facts"][0]["quote"] = "I alt 10 deltagere [bold]x[/] \x1b[31m\u202e"
    path = str(write_project(data))
    out = invoke("verify", "count", "--data", path, "--source", f"src={page}").stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "[-10-]{+11+}" in out and "[bold]x[/]" in out and "[-␛-]" in out and "<U+202E>" in out


def test_an_organisations_description_evidence_is_checked_on_its_source(
    invoke: Invoke, write_project: Callable[[Any], Path], site: Site
) -> None:
    data = small_project(site.url("/page.html"))
    description = {"description": {"da": "Ti.", "en": "Ten."}, "description_source": "page"}
    data["organisations"][0].update(description, description_evidence="I alt 10")
    rows = rows_of(invoke("verify", "org", "--data", str(write_project(data)), "--json"))
    described = [r for r in rows if r.get("field") == "description_evidence"]
    assert [(r["source"], r["status"]) for r in described] == [("page", "verified")]
    data["organisations"][0]["description_evidence"] = "I alt 11"
    result = invoke("verify", "org", "--data", str(write_project(data)))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "changed     org (description's evidence)" in result.stdout and "[-11-]{+10+}" in result.stdout
