"""Web pages for the verify tests, and a local server that serves them on 127.0.0.1.

The article page is built from the source text with the markup real news pages have: a
headline and byline, paragraphs wrapped across source lines, bullets (nested, as the article
nests them), `&nbsp;`, character entities, `<strong>` and a link in mid-sentence, and scripts
and styles whose text must not count (one holds the article's body, as JSON-LD often does).
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENTITIES = {"ø": "&oslash;", "æ": "&aelig;", "å": "&#229;", "”": "&rdquo;", "–": "&ndash;"}


def _markup(line: str) -> str:
    """A line of the article as a CMS would write it: escaped, entities, nbsp, inline tags."""
    text = html.escape(line, quote=False)
    text = text.replace(" %", "&nbsp;%").replace("1439 registrerede", "1439&nbsp;registrerede")
    for char, entity in ENTITIES.items():
        text = text.replace(char, entity)
    text = text.replace("en tredjedel", "<strong>en tredjedel</strong>")
    text = text.replace("VIVEs hjemmeside", '<a href="https://www.vive.dk/">VIVEs hjemmeside</a>')
    # Source HTML is wrapped: break long paragraphs at a space, with indentation.
    words = text.split(" ")
    if len(words) > 16:
        text = " ".join(words[:12]) + "\n        " + " ".join(words[12:])
    return text


def article_html(article: str) -> str:
    """The article text as a news page."""
    body: list[str] = []
    bullets: list[str] = []
    nested = False

    def close_bullets() -> None:
        nonlocal nested
        if bullets:
            if nested:
                bullets.append("</ul></li>")
            body.append("<ul>\n" + "\n".join(bullets) + "\n</ul>")
            bullets.clear()
        nested = False

    for line in article.splitlines():
        if line.startswith("- "):
            item = _markup(line[2:])
            if nested:
                bullets.append(f"<li>{item}</li>")
            elif line.endswith("fx:"):
                bullets.append(f"<li>{item}<ul>")
                nested = True
            else:
                bullets.append(f"<li>{item}</li>")
            continue
        close_bullets()
        if line.strip() == "* * *":
            body.append("<hr>")
        elif line.strip():
            body.append(f"<p>{_markup(line)}</p>")
    close_bullets()
    json_ld = html.escape(article.replace("\n", " "), quote=False)
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Projekt &rdquo;Rekruttering fra kanten&rdquo; &ndash; Arbejde Adler</title>
<style>
  .lead::before {{ content: "1493 registrerede deltagere"; }}
  body {{ font-family: Georgia, serif; }}
</style>
<script type="application/ld+json">{{"articleBody": "{json_ld}"}}</script>
<script>window.dataLayer = window.dataLayer || []; var tekst = "<p>1493</p> & mere";</script>
</head>
<body class="post">
<header><nav><ul><li><a href="/">Forside</a></li><li><a href="/nyheder/">Nyheder</a></li></ul></nav></header>
<main>
<article>
<h1 class="entry-title">Projekt &rdquo;Rekruttering fra kanten&rdquo;</h1>
<p class="byline">Af Vibeke Rasmussen / Sekretariatsmedarbejder</p>
<time datetime="2023-03-28">28. marts 2023</time>
<div class="entry-content">
{chr(10).join(body)}
</div>
</article>
</main>
<noscript>Aktiver JavaScript</noscript>
<footer><p>&copy; Arbejde Adler</p></footer>
<script>console.log("Til trods for, at 1493");</script>
</body>
</html>
"""


def context_html(notes: str) -> str:
    """The context notes (Markdown) as a plain page: one paragraph per heading, entry or line."""
    parts = []
    for line in notes.splitlines():
        text = html.escape(line.strip(), quote=False).replace("”", "&rdquo;")
        if text.startswith("#"):
            parts.append(f"<h2>{text.lstrip('#').strip()}</h2>")
        elif text:
            parts.append(f"<p>{re.sub('^- ', '', text)}</p>")
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Kontekst</title></head><body>"
    return head + "\n" + "\n".join(parts) + "\n</body></html>\n"


# --- the server ------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    hang: bool = False  # never answer (until the server stops)


@dataclass
class Site:
    """A running local server: its address, the pages it serves and the requests it saw."""

    base: str
    routes: dict[str, Reply | Callable[[], Reply]]
    requests: list[dict[str, str]]

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(routes: dict[str, Reply | Callable[[], Reply]]) -> Iterator[Site]:
    """Serve `routes` on 127.0.0.1 (a free port) in a thread, for the duration of a test."""
    stop = threading.Event()
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = routes.get(self.path.split("?")[0])
            reply = route() if callable(route) else route
            if reply is None:
                reply = Reply(404, b"<h1>Not Found</h1>")
            if reply.hang:
                stop.wait(60)
                return
            try:
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (the size cap): that is the point

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", routes, seen)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
