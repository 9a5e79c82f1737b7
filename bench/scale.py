"""Scale benchmark: load plus `kanten facts --format jsonl`, and `kanten search`, on generated
files of 1 000, 10 000 and 100 000 facts.

    python bench/scale.py [--runs 5]

Targets from issue 6: 100 000 facts in at most 2 s and at most 10 x the file's size in peak
memory; 10 x the facts costs at most 12 x the time; search over 100 000 facts in at most 1 s
(issue 11: aim for 0.5 s). Search is measured with its cache off, on a first search, and on a
repeat search; the cache lives in a temporary directory, never the user's.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import compile_bytecode, generate, kanten, measure  # noqa: E402

SIZES = (1_000, 10_000, 100_000)


def median_run(
    cmd: list[str],
    runs: int,
    ok: tuple[int, ...] = (0,),
    extra: dict[str, str] | None = None,
    fresh: Path | None = None,
) -> tuple[float, int]:
    """Median wall time and peak memory of `runs` runs; `fresh` is a directory emptied before each."""
    results = []
    for _ in range(runs):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        results.append(measure(cmd, ok, extra))
    return statistics.median(t for t, _ in results), int(statistics.median(m for _, m in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    k = kanten()
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in SIZES:
            files[n] = Path(tmp) / f"facts-{n}.json"
            generate(n, files[n])
        print(f"{args.runs} runs each; medians")
        for n in SIZES:
            size = files[n].stat().st_size
            t, mem = median_run([*k, "facts", "--format", "jsonl", "--data", str(files[n])], args.runs)
            times[n] = t
            print(
                f"facts --format jsonl, {n:>7} facts ({size / 1e6:5.1f} MB): {t:5.2f} s, "
                f"peak {mem / 1024:6.1f} MiB = {mem * 1024 / size:4.1f} x the file"
            )
        for small, large in itertools.pairwise(SIZES):
            ratio = times[large] / times[small]
            print(f"time for {large} / time for {small}: {ratio:5.1f} (target <= 12)")
        big = str(files[SIZES[-1]])
        # kanten search keeps a prepared haystack of a large file in its cache directory (here a
        # temporary one): measured without it, on a first search (it is written), and after.
        cache = Path(tmp) / "cache"
        kept = {"KANTEN_CACHE_DIR": str(cache)}
        print(f"search over {SIZES[-1]} facts: no cache / first search (cache written) / repeat (cache read)")
        for words in (["99999"], ["lønnet", "4242"], ["zebra"]):
            search = [*k, "search", *words, "--data", big, "--json"]
            cold = median_run(search, args.runs, (0, 1), {"KANTEN_NO_CACHE": "1"})
            first = median_run(search, args.runs, (0, 1), kept, fresh=cache)
            warm = median_run(search, args.runs, (0, 1), kept)
            print(
                f"  {' '.join(words)!r:15} {cold[0]:5.2f} s / {first[0]:5.2f} s / {warm[0]:5.2f} s, "
                f"peak {cold[1] / 1024:4.0f} / {first[1] / 1024:4.0f} / {warm[1] / 1024:4.0f} MiB"
            )


if __name__ == "__main__":
    main()
