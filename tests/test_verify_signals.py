"""verify: Ctrl-C stops at once and says what was not checked; one address is read once, and
`--source` given for one id serves every source at that address."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base.errors import ExitCode
from tests.pages import Reply, Site, serve
from tests.test_verify import small_project

Invoke = Callable[..., Result]


@pytest.fixture
def hanging() -> Iterator[tuple[Site, threading.Event]]:
    """A page that answers nothing, and an event set as soon as kanten has asked for it."""
    asked = threading.Event()

    def never() -> Reply:
        asked.set()
        return Reply(hang=True)

    with serve({"/page.html": never, "/quick.html": Reply(body=b"<p>I alt 10 deltagere.</p>")}) as site:
        yield site, asked


def test_ctrl_c_while_a_page_does_not_answer_stops_at_once(
    hanging: tuple[Site, threading.Event], write_project: Callable[[Any], Path]
) -> None:
    site, asked = hanging
    data = small_project(site.url("/page.html"))
    data["sources"][2]["url"] = site.url("/quick.html")  # one page that answers, one that does not
    path = write_project(data)
    env = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": "", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "kanten_cli", "verify", "--data", str(path), "--timeout", "300"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert asked.wait(60), "kanten never asked for the page"
        run.send_signal(signal.SIGINT)
        # The page still has not answered (and would not for 300 s): kanten must not wait for it.
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 130
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("kanten: interrupted"), err
    # What was not checked: the checks of the two sources at the address that did not answer.
    assert err == (
        "kanten: interrupted: nothing was checked; 4 quotes and evidence on 2 sources (src, page) "
        f"were waiting for {site.url('/page.html')}\n"
    )
    assert "Traceback" not in err


def test_a_source_copy_given_for_one_id_serves_every_source_at_its_address(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path
) -> None:
    with serve({}) as site:  # every address gives 404: nothing may be fetched
        path = write_project(small_project(site.url("/article")))
        saved = tmp_path / "saved.html"
        saved.write_text("<p>I alt 10 deltagere.</p>", encoding="utf-8")
        result = invoke("verify", "--data", str(path), "--source", f"src={saved}", "--json")
        assert result.exit_code == ExitCode.OK, result.stderr
        assert site.requests == []
    rows = [r for r in json.loads(result.stdout) if r["type"] == "source"]
    assert [(r["id"], r["status"], r["address"]) for r in rows] == [
        ("src", "read", str(saved)),
        ("page", "read", str(saved)),
        ("notes", "skipped", None),
    ]


def test_a_copy_given_for_each_id_is_read_for_that_id(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path
) -> None:
    path = write_project(small_project("https://example.org/a"))
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    one.write_text("<p>I alt 10 deltagere.</p>", encoding="utf-8")
    two.write_text("<p>alt 10 deltagere</p>", encoding="utf-8")
    result = invoke("verify", "--data", str(path), "--source", f"src={one}", "--source", f"page={two}", "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["type"] == "source"]
    assert [r["address"] for r in rows[:2]] == [str(one), str(two)]


def test_an_unknown_source_id_gets_a_did_you_mean(
    invoke: Invoke, write_project: Callable[[Any], Path], tmp_path: Path
) -> None:
    path = write_project(small_project("https://example.org/a"))
    saved = tmp_path / "saved.html"
    saved.write_text("<p>x</p>", encoding="utf-8")
    result = invoke("verify", "--data", str(path), "--source", f"scr={saved}")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"kanten: --source 'scr={saved}': no source 'scr'; did you mean 'src'?\n"
    real = invoke("verify", "--source", f"articel={saved}")
    assert real.exit_code == ExitCode.USAGE
    assert "no source 'articel'; did you mean 'article'" in real.stderr
