"""The network client: the one place where kanten opens a connection.

Used only by `kanten verify`. Everything that makes it careful is here: the user agent, the
timeout per page, the size cap, the redirect cap, http(s) only, and how many pages are
fetched at once. It fetches bytes and says why it could not; what the bytes say is
`verify`'s business.

Built on the standard library's urllib: it streams a body (so the size cap holds however
large the page), lets the redirect handler refuse other schemes and count hops, verifies TLS
with the system's certificates, and adds no dependency.
"""

from __future__ import annotations

import http.client
import queue
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from kanten_cli import __version__
from kanten_cli.base.errors import os_reason
from kanten_cli.base.translate import N_
from kanten_cli.base.urls import WEB_SCHEMES

USER_AGENT = f"kanten/{__version__} (checks quotes against their source pages; Python urllib)"
DEFAULT_TIMEOUT = 20.0  # seconds per page
MAX_BYTES = 5 * 1024 * 1024  # a news article is far below this
MAX_REDIRECTS = 5
MAX_CONCURRENT = 4  # pages fetched at the same time: polite to the few hosts we ask
_CHUNK = 64 * 1024
ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8"


class FetchError(Exception):
    """A page that could not be fetched; the message says why, in a few words."""


@dataclass(frozen=True)
class Page:
    """A fetched page: its bytes and what the server said about them."""

    url: str  # the address asked for
    final_url: str  # where it was found, after redirects
    fetched_at: str  # ISO 8601, UTC, to the second
    content_type: str | None  # the media type, lower case, without parameters
    charset: str | None  # from the Content-Type header, if given
    body: bytes


def check_scheme(url: str) -> None:
    """Refuse anything but an http(s) address with a host: never open a file: or ftp: URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as err:
        raise FetchError(N_("not a valid address ({reason})", reason=err)) from None
    if parts.scheme.lower() not in WEB_SCHEMES:
        if parts.scheme:
            raise FetchError(N_("a {scheme}: address; kanten fetches only http and https pages", scheme=parts.scheme))
        raise FetchError(N_("not an http(s) address; kanten fetches only http and https pages"))
    if not parts.hostname:
        raise FetchError(N_("an address without a host"))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> Any:
        location = headers.get("Location") or headers.get("URI")
        if location:
            target = urljoin(req.full_url, location)
            try:
                check_scheme(target)
            except FetchError as err:
                fp.close()
                raise FetchError(N_("redirected to {address}: {reason}", address=target, reason=err)) from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener, which would add handlers for file:, ftp: and data:.
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler(),  # honours http_proxy, https_proxy and no_proxy
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ]
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def now() -> str:
    """The time, as a page's `fetched_at` gives it: ISO 8601, UTC, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """GET one page, or raise FetchError saying why not.

    `timeout` bounds the connection and each wait for data, and a download still running
    after `timeout` seconds in all is abandoned.
    """
    check_scheme(url)
    request = urllib.request.Request(_ascii(url), headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    started = time.monotonic()
    fetched_at = now()
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = _read_capped(response, max_bytes, started + timeout, timeout)
            headers = response.headers
            final_url = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        err.close()
        if 300 <= err.code < 400 and "infinite loop" in str(err.reason):
            raise FetchError(N_("too many redirects (more than {count})", count=MAX_REDIRECTS)) from None
        raise FetchError(f"HTTP {err.code} {err.reason}".rstrip()) from None
    except urllib.error.URLError as err:
        raise FetchError(_reason(err.reason, timeout)) from None
    except TimeoutError:
        raise FetchError(_timed_out(timeout)) from None
    except http.client.HTTPException as err:
        raise FetchError(N_("the server's answer was broken ({reason})", reason=type(err).__name__)) from None
    except OSError as err:
        raise FetchError(_reason(err, timeout)) from None
    except (ValueError, UnicodeError) as err:  # an address http.client cannot send
        raise FetchError(N_("not a valid address ({reason})", reason=err)) from None
    media = headers.get_content_type() if headers.get("Content-Type") else None
    return Page(url, final_url, fetched_at, media, headers.get_content_charset(), body)


def _ascii(url: str) -> str:
    """The address as HTTP sends it: a non-ASCII host in IDNA, other characters percent-encoded."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    netloc = parts.netloc if parts.netloc.isascii() else parts.netloc.encode("idna").decode("ascii")
    keep = "/%:@!$&'()*+,;=~"
    return urlunsplit(
        (parts.scheme, netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep + "?"), parts.fragment)
    )


def _read_capped(response: Any, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(_timed_out(timeout))
        chunks.append(chunk)


def _too_large(max_bytes: int) -> str:
    return N_("larger than {size:g} MB", size=max_bytes / (1024 * 1024))


def _timed_out(timeout: float) -> str:
    return N_("no answer within {seconds:g} s", seconds=timeout)


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _timed_out(timeout)
    if isinstance(reason, socket.gaierror):
        return N_("host name not found (no network, or no such host)")
    if isinstance(reason, ConnectionRefusedError):
        return N_("connection refused")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return N_("certificate not trusted ({reason})", reason=reason.verify_message)
    if isinstance(reason, ssl.SSLError):
        return N_("TLS error ({reason})", reason=reason.reason or reason)
    if isinstance(reason, OSError) and reason.strerror:
        said = os_reason(reason)
        return said[:1].lower() + said[1:]
    return str(reason)


class Interrupted(Exception):
    """Ctrl-C while pages were being fetched: what had arrived, and the addresses still waited for."""

    def __init__(self, done: dict[str, Page | FetchError], waiting: list[str]) -> None:
        super().__init__("interrupted")
        self.done = done
        self.waiting = waiting


def fetch_all(
    urls: Iterable[str],
    timeout: float = DEFAULT_TIMEOUT,
    done: Callable[[str], None] | None = None,
) -> dict[str, Page | FetchError]:
    """Fetch each address once, a few at a time; `done(url)` is called (in this thread) as each
    one finishes.

    The fetches run in daemon threads and this thread only waits for their answers, waking
    often: Ctrl-C raises `Interrupted` at once, and kanten can exit without waiting for a page
    that does not answer (a thread pool would join its threads first, until the timeout).
    """
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in unique:
        todo.put(url)
    answers: queue.SimpleQueue[tuple[str, Page | Exception]] = queue.SimpleQueue()

    def work() -> None:
        while True:
            try:
                url = todo.get_nowait()
            except queue.Empty:
                return
            try:
                answers.put((url, fetch(url, timeout)))
            except Exception as err:  # FetchError, or a bug: handed to the waiting thread either way
                answers.put((url, err))

    for _worker in range(min(MAX_CONCURRENT, len(unique))):
        threading.Thread(target=work, name="kanten-fetch", daemon=True).start()
    results: dict[str, Page | FetchError] = {}
    try:
        while len(results) < len(unique):
            try:
                url, answer = answers.get(timeout=0.1)
            except queue.Empty:
                continue
            if not isinstance(answer, (Page, FetchError)):
                raise answer
            results[url] = answer
            if done is not None:
                done(url)
    except KeyboardInterrupt:
        raise Interrupted(results, [u for u in unique if u not in results]) from None
    return {url: results[url] for url in unique}
