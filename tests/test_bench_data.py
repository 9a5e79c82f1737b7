"""The benchmarks' synthetic fact base must stay a valid project file as the model changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kanten_cli.facts.load import load

ROOT = Path(__file__).resolve().parent.parent


def test_generated_benchmark_data_is_valid(tmp_path: Path) -> None:
    out = tmp_path / "synthetic.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "60", str(out)], check=True)
    project, _ = load(str(out))
    assert len(project.facts) == 60
    assert {f.kind for f in project.facts} >= {"stated", "context"}
