"""The framework floor: a minimal Typer app with one boolean option.

`python bench/floor_app.py --json` prints a constant JSON list; without --json it prints a
small Rich table. kanten is measured against this in the same environment.
"""

import json
import sys

import typer

app = typer.Typer()


@app.command()
def main(as_json: bool = typer.Option(False, "--json")) -> None:
    rows = [{"id": "a", "name": "Jobcenter Lolland"}, {"id": "b", "name": "Cabi"}]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("ID", "Name")
    for row in rows:
        table.add_row(row["id"], row["name"])
    Console().print(table)


if __name__ == "__main__":
    app()
