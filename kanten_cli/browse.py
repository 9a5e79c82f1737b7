"""`show --web`: open an id's source in the browser, as `gh … --web` does.

Python's `webbrowser` chooses the browser and honours `BROWSER`; it is imported only here.
"""

from __future__ import annotations

from typing import IO

from kanten_cli.cite import web_address
from kanten_cli.errors import NotFound
from kanten_cli.query import Index


def open_source(index: Index, ident: str, err: IO[str]) -> None:
    """Open the first http(s) address among `ident`'s sources; say on `err` which, and what else there is."""
    url, source, others = web_address(index, ident)
    more = f"; {ident} has {len(others) + 1} sources, this is the first (others: {', '.join(others)})" if others else ""
    err.write(f"Opening {url} (source {source}{more}).\n")
    err.flush()
    import webbrowser  # only on this path

    if not webbrowser.open(url):
        raise NotFound(f"no web browser could be started; set BROWSER, or open {url} yourself")
