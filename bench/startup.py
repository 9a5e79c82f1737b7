"""Start-up benchmark: kanten against the framework floor, side by side, alternating runs.

Run from the repository root with kanten installed in the active environment:

    python bench/startup.py [--runs 21]

Prints, for each pair, the median wall time of each side and their ratio, and the median peak
memory (max RSS) of `kanten partners --json` against the floor's. Targets from issue 6:
JSON and table <= 1.15 x the floor, --version/--help <= 1.10 x, memory <= 1.2 x.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, str(HERE / "floor_app.py")]


def kanten() -> list[str]:
    found = Path(sys.executable).parent / "kanten"
    return [str(found)] if found.exists() else [shutil.which("kanten") or "kanten"]


def measure(cmd: list[str], ok: tuple[int, ...] = (0,), extra: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run, output discarded; `extra` is added to the
    environment."""
    elapsed, _, peak = timed(cmd, ok, {**os.environ, "KANTEN_LANG": "en", "COLUMNS": "80", **(extra or {})})
    return elapsed, peak


def timed(cmd: list[str], ok: tuple[int, ...], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, processor seconds (user + system) and peak RSS (KiB) of one run in `env`,
    output discarded; a run that exits otherwise than `ok` stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def generate(n: int, path: Path, quiet: bool = True) -> None:
    """A fact base of `n` generated facts at `path` (bench/generate.py), in a child process: a
    forked child starts with its parent's memory, and the data would count in every later run's
    peak."""
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True, stdout=out)


def compare(label: str, ours: list[str], floor: list[str], runs: int, target: float) -> tuple[float, int, int]:
    mine, base, mem_mine, mem_base = [], [], [], []
    measure(ours), measure(floor)  # warm the file cache
    for _ in range(runs):
        t, m = measure(ours)
        mine.append(t)
        mem_mine.append(m)
        t, m = measure(floor)
        base.append(t)
        mem_base.append(m)
    ratio = statistics.median(mine) / statistics.median(base)
    verdict = "ok" if ratio <= target else "OVER"
    print(
        f"{label:<34} {statistics.median(mine) * 1000:7.1f} ms  floor {statistics.median(base) * 1000:7.1f} ms"
        f"  ratio {ratio:5.2f}  (target {target:.2f}) {verdict}"
    )
    return ratio, int(statistics.median(mem_mine)), int(statistics.median(mem_base))


def compile_bytecode() -> None:
    """Byte-compile kanten and the floor as `pip install` does, so that neither side pays for
    compiling its source (an editable install under PYTHONDONTWRITEBYTECODE=1 would)."""
    import compileall

    import kanten_cli

    compileall.compile_dir(str(Path(kanten_cli.__file__).parent), quiet=1)
    compileall.compile_file(str(HERE / "floor_app.py"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    compile_bytecode()
    k = kanten()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.runs} alternating runs each; medians"
    )
    _, mem_k, mem_f = compare("kanten partners --json", [*k, "partners", "--json"], [*FLOOR, "--json"], args.runs, 1.15)
    compare("kanten partners (table)", [*k, "partners"], FLOOR, args.runs, 1.15)
    compare("kanten --version", [*k, "--version"], [*FLOOR, "--json"], args.runs, 1.10)
    compare("kanten --help", [*k, "--help"], [*FLOOR, "--help"], args.runs, 1.10)
    mem_ratio = mem_k / mem_f
    print(
        f"{'peak memory, partners --json':<34} {mem_k / 1024:7.1f} MiB floor {mem_f / 1024:7.1f} MiB"
        f"  ratio {mem_ratio:5.2f}  (target 1.20) {'ok' if mem_ratio <= 1.2 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
