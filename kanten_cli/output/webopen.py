"""`show --web`: open an id's source in the browser, as `gh … --web` does.

Python's `webbrowser` chooses the browser and honours `BROWSER`; it is imported only here.
"""

from __future__ import annotations

import textwrap
from typing import IO

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import _, ngettext
from kanten_cli.output.cite import prose_width
from kanten_cli.query.citations import web_address
from kanten_cli.query.index import Index


def open_source(index: Index, ident: str, err: IO[str]) -> None:
    """Open the first http(s) address among `ident`'s sources; say on `err` which, and what else there is."""
    url, source, others = web_address(index, ident)
    lines = [_("Opening source {source} in your browser:").format(source=source), url]
    if others:
        lines.append(
            ngettext(
                "{ident} rests on {count} source; this is the first. The others: {others}.",
                "{ident} rests on {count} sources; this is the first. The others: {others}.",
                len(others) + 1,
            ).format(ident=ident, count=len(others) + 1, others=", ".join(others))
        )
    width = prose_width(err)
    for line in lines:
        # On a terminal, wrapped to its width; the address stays whole on its own line.
        wrapped = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) if width else [line]
        err.write("\n".join(wrapped) + "\n")
    err.flush()
    import webbrowser  # only on this path

    if not webbrowser.open(url):
        raise NotFound(_("no web browser could be started; set BROWSER, or open {url} yourself").format(url=url))
