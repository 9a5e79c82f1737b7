"""Large listings and many search hits (issue 22), on generated files of 10 000 and 100 000 facts.

    python bench/big.py [--runs 3] [--before DIR] [--search-only]

For each size: the JSON listing (`kanten facts --json`, whole), and how long the table takes to
show its first screen (`kanten facts` piped into a reader that reads 24 lines, as a pager's
first screen, then stops). Then, over 100 000 facts with the search cache off: a search that
finds half the facts beside one that finds nothing, time (wall, and the processor time the
process used: user + system, steadier on a shared machine) and peak memory, the median of the
runs and their range. `--search-only` skips the listings.

Targets: the table's first screen within 1.5 x the JSON listing; the many-hits search within
2 x the search that finds nothing, and its peak memory within 10 x the file.

`--before DIR` runs the same commands, alternately, against another checkout's `kanten_cli`
(e.g. `git archive COMMIT kanten_cli data | tar -x -C DIR`), so both see the same machine load.
The commands run in a temporary directory, so that `python -m kanten_cli` finds the tree asked
for and not a checkout in the current directory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import compile_bytecode, generate, measure, timed  # noqa: E402

SIZES = (10_000, 100_000)
SCREEN = 24  # lines: a terminal's first screen


def first_screen(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds until the command has written SCREEN lines (then its reader stops)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    for _ in range(SCREEN):
        if not proc.stdout.readline():
            break
    elapsed = time.perf_counter() - start
    proc.stdout.close()
    proc.wait()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to compare with, run alternately")
    parser.add_argument("--search-only", action="store_true", help="only the searches, not the listings")
    args = parser.parse_args()
    compile_bytecode()
    if args.before is not None:
        import compileall

        compileall.compile_dir(str(args.before / "kanten_cli"), quiet=1)
    trees = {"after": None} if args.before is None else {"before": args.before, "after": None}
    base = {**os.environ, "KANTEN_LANG": "en", "COLUMNS": "80", "KANTEN_NO_CACHE": "1", "NO_COLOR": "1"}

    def env_of(tree: Path | None) -> dict[str, str]:
        return {**base, "PYTHONPATH": str(tree)} if tree else {k: v for k, v in base.items() if k != "PYTHONPATH"}

    kanten = [sys.executable, "-m", "kanten_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        files = {}
        for n in SIZES[-1:] if args.search_only else SIZES:
            files[n] = Path(tmp) / f"facts-{n}.json"
            generate(n, files[n])
        print(f"{args.runs} alternating runs each; medians")
        for n in () if args.search_only else SIZES:
            data = ["--data", str(files[n])]
            json_t: dict[str, list[float]] = {name: [] for name in trees}
            screen_t: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(args.runs):
                for name, tree in trees.items():
                    env = env_of(tree)
                    json_t[name].append(measure([*kanten, "facts", *data, "--json"], extra=env)[0])
                    screen_t[name].append(first_screen([*kanten, "facts", *data], env))
            for name in trees:
                j, sc = statistics.median(json_t[name]), statistics.median(screen_t[name])
                print(
                    f"{name:6} {n:>7} facts: JSON listing {j:5.2f} s, table's first screen {sc:5.2f} s "
                    f"= {sc / j:4.2f} x (target <= 1.5)"
                )
        big = files[SIZES[-1]]
        size = big.stat().st_size
        many: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}
        none: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                env = env_of(tree)
                many[name].append(timed([*kanten, "search", "paid", "--data", str(big), "--json"], (0,), env))
                none[name].append(timed([*kanten, "search", "zebra", "--data", str(big), "--json"], (1,), env))
        mib = size / 1024 / 1024
        for name in trees:
            wall_many, cpu_many, peak_many = (statistics.median(x) for x in zip(*many[name], strict=True))
            wall_none, cpu_none, peak_none = (statistics.median(x) for x in zip(*none[name], strict=True))
            print(f"{name:6} search over {SIZES[-1]} facts ({size / 1e6:.1f} MB), cache off; median [range]:")
            print(
                f"  'paid' (50 000 hits) wall {wall_many:5.2f} s {spread(many[name], 0)}, "
                f"cpu {cpu_many:5.2f} s {spread(many[name], 1)}, peak {peak_many / 1024:4.0f} MiB"
            )
            print(
                f"  'zebra' (none)       wall {wall_none:5.2f} s {spread(none[name], 0)}, "
                f"cpu {cpu_none:5.2f} s {spread(none[name], 1)}, peak {peak_none / 1024:4.0f} MiB"
            )
            print(
                f"  ratio wall {wall_many / wall_none:4.2f} x, cpu {cpu_many / cpu_none:4.2f} x (target <= 2); "
                f"peak {peak_many / 1024 / mib:4.1f} x the file (target <= 10), none {peak_none / 1024 / mib:4.1f} x"
            )


def spread(runs: list[tuple[float, float, int]], k: int) -> str:
    values = [run[k] for run in runs]
    return f"[{min(values):.2f}-{max(values):.2f}]"


if __name__ == "__main__":
    main()
