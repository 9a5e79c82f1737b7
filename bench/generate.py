"""Write a valid project file with N facts, for the scale benchmark.

    python bench/generate.py 100000 /tmp/facts-100000.json

The facts are synthetic and say so in their text; the file validates with `kanten validate`.
A tenth are derived from two stated facts, so loading exercises the cross-record checks too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def project(n: int) -> dict[str, Any]:
    facts: list[dict[str, Any]] = []
    for i in range(n):
        if i % 10 == 9:
            a, b = f"fact-{i - 2}", f"fact-{i - 1}"
            facts.append(
                {
                    "id": f"fact-{i}",
                    "topic": "result",
                    "kind": "derived",
                    "text": {"da": f"Syntetisk afledt tal {i}.", "en": f"Synthetic derived figure {i}."},
                    "value": (i - 2) + (i - 1),
                    "unit": "people",
                    "inputs": [a, b],
                    "expression": f"{{{a}}} + {{{b}}}",
                    "formula": {"da": f"{i - 2} + {i - 1}", "en": f"{i - 2} + {i - 1}"},
                    "caveat": {"da": "Syntetisk.", "en": "Synthetic."},
                }
            )
        elif i % 2 == 0:
            facts.append(
                {
                    "id": f"fact-{i}",
                    "topic": "result",
                    "kind": "stated",
                    "text": {
                        "da": f"Syntetisk oplyst tal nummer {i} om lønnet arbejde.",
                        "en": f"Synthetic stated figure number {i} about paid work.",
                    },
                    "source": "primary",
                    "quote": f"Syntetisk citat {i}.",
                    "value": i,
                    "unit": "people",
                }
            )
        else:
            facts.append(
                {
                    "id": f"fact-{i}",
                    "topic": "background",
                    "kind": "context",
                    "text": {"da": f"Syntetisk kontekst {i}.", "en": f"Synthetic context {i}."},
                    "source": "secondary",
                    "evidence": f"Syntetisk side {i}.",
                    "value": i,
                    "unit": "people",
                    "date": "2020-01",
                }
            )
    return {
        "schema_version": 1,
        "project": {"name": "Syntetisk", "name_en": "Synthetic", "area": "Nowhere", "source": "primary"},
        "sources": [
            {"id": "primary", "kind": "primary", "title": "Synthetic primary source"},
            {"id": "secondary", "kind": "secondary", "title": "Synthetic secondary source"},
        ],
        "organisations": [
            {
                "id": "org",
                "name": "Synthetic Org",
                "roles": [{"role": "partner", "source": "primary"}],
                "kind": {"da": "syntetisk", "en": "synthetic"},
            }
        ],
        "facts": facts,
    }


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.write_text(json.dumps(project(n), ensure_ascii=False), encoding="utf-8")
    print(f"{out}: {n} facts, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
