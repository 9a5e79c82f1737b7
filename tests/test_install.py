"""The packaged command: the wheel carries the fact base, and the installed `kanten` runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def kanten_executable() -> str:
    found = Path(sys.executable).parent / "kanten"
    if found.exists():
        return str(found)
    which = shutil.which("kanten")
    if which is None:
        pytest.fail("the kanten command is not installed (pip install -e '.[test]')")
    return which


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "KANTEN_LANG": "en", "KANTEN_DATA": "", **env}
    return subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("kanten-*.whl")
    return built


def test_wheel_contains_the_fact_base(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.read("kanten_cli/data/project.json")
    assert packaged == (ROOT / "data" / "project.json").read_bytes()


def test_unpacked_wheel_reads_its_own_copy(wheel: Path, tmp_path: Path) -> None:
    """As a non-editable install does: the package dir is in site-packages, no checkout beside it."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "from kanten_cli.facts.load import embedded_path; print(embedded_path())"
    result = run([sys.executable, "-c", code], elsewhere, PYTHONPATH=str(site))
    assert result.stdout.strip() == str(site / "kanten_cli" / "data" / "project.json")
    result = run([sys.executable, "-m", "kanten_cli", "partners", "--json"], elsewhere, PYTHONPATH=str(site))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 9


def test_wheel_carries_the_compiled_catalogues(wheel: Path, tmp_path: Path) -> None:
    """hatch_build.py compiles each .po into the wheel; the unpacked wheel speaks Danish."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "kanten_cli/locale/da/LC_MESSAGES/kanten.mo" in names
    assert "kanten_cli/locale/da/LC_MESSAGES/kanten.po" in names
    result = run(
        [sys.executable, "-m", "kanten_cli", "--help"], tmp_path, PYTHONPATH=str(tmp_path / "site"), KANTEN_LANG="da"
    )
    assert result.returncode == 0 and result.stdout.startswith("Brug: kanten"), result.stderr


def test_installed_command_from_another_directory(tmp_path: Path) -> None:
    result = run([kanten_executable(), "results", "--json"], tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    rows = json.loads(result.stdout)
    assert {r["id"]: r["value"] for r in rows}["participants-registered"] == 1439


def test_python_dash_m(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "kanten_cli", "--version"], tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("kanten ")


def test_installed_errors_are_one_line(tmp_path: Path) -> None:
    result = run([kanten_executable(), "partners", "--data", str(tmp_path / "none.json")], tmp_path)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_editable_install_reads_the_repository_file() -> None:
    """The checkout's data/project.json is what an editable install reads: no stale copy."""
    from kanten_cli.facts.load import embedded_path

    assert embedded_path() == ROOT / "data" / "project.json"


def test_unpacked_wheel_carries_the_report_template(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "kanten_cli/output/report/templates/report.html.j2" in archive.namelist()
        archive.extractall(site)
    result = run([sys.executable, "-m", "kanten_cli", "report", "-f", "html"], tmp_path, PYTHONPATH=str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
