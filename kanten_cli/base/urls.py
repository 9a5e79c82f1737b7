"""Whether an address is a web address: the one check, for links, `show --web` and citations."""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")

# Whitespace or a control character anywhere in an address: never a web address to open or link.
_NOT_IN_URL = re.compile("[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def is_web_url(url: str | None) -> TypeGuard[str]:
    """Whether `url` is an http(s) address with a host, safe to open or to make a link of."""
    if not url or _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)
