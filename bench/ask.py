"""`kanten ask` against `kanten search` with the same words, run alternately.

    python bench/ask.py [--runs 11] [--facts 100000]

Targets from issue 18: ask on the embedded data within 1.1 x search; over the 100 000-fact file
of bench/generate.py within 1.3 x search. Both with --json (the table is the same cost for
both), the search cache off (KANTEN_NO_CACHE=1) so that both validate the file as a first run
does. Each pair is a question and the search a person would type for it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import compile_bytecode, generate, kanten, measure  # noqa: E402

PAIRS = (
    ("Hvor mange kom i lønnet arbejde?", "lønnet arbejde"),
    ("Hvad kostede projektet?", "penge"),
    ("Who is fact 4242?", "4242"),
)


def compare(label: str, data: list[str], runs: int, target: float) -> None:
    for question, words in PAIRS:
        asked, searched = [], []
        for _ in range(runs):  # alternately, so that both see the same load
            asked.append(measure([*kanten(), "ask", question, "--json", *data], ok=(0, 1), extra=NO_CACHE)[0])
            searched.append(measure([*kanten(), "search", words, "--json", *data], ok=(0, 1), extra=NO_CACHE)[0])
        a, s = statistics.median(asked), statistics.median(searched)
        verdict = "ok" if a <= target * s else "SLOW"
        print(
            f"{label:9} ask {question!r:36} {a:6.3f} s  search {words!r:17} {s:6.3f} s  "
            f"ratio {a / s:4.2f} (target {target}) {verdict}"
        )


NO_CACHE = {"KANTEN_NO_CACHE": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--facts", type=int, default=100_000)
    args = parser.parse_args()
    compile_bytecode()
    print(f"CPython {sys.version.split()[0]}; {args.runs} alternating runs each; medians")
    compare("embedded", [], args.runs, 1.1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"facts-{args.facts}.json"
        generate(args.facts, path, quiet=False)
        compare(f"{args.facts}", ["--data", str(path)], max(3, args.runs // 3), 1.3)


if __name__ == "__main__":
    main()
