"""Who published a text: wire datelines, app-promotion boilerplate, link domains, URLs."""

from __future__ import annotations

import re
from urllib.parse import urlparse

# "LVIV/ODESA (Reuters) -", "WASHINGTON (AP) —": a wire service's dateline at the start of a story
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'/-]{1,60}\s*\(([A-Z][A-Za-z.& ]{1,30})\)\s*[-–—:]")
# "CLICK HERE TO GET THE FOX NEWS APP", "Download the XYZ app"
_APP_PROMO = re.compile(r"\bGET THE ([A-Z][A-Z0-9 &'.]{1,40}?) APP\b")
_WIRES = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}


def from_dateline(text: str) -> str | None:
    m = _DATELINE.match(text)
    if not m:
        return None
    name = m.group(1).strip()
    return _WIRES.get(name, name)


def from_boilerplate(text: str) -> str | None:
    m = _APP_PROMO.search(text)
    if not m:
        return None
    return " ".join(w if len(w) <= 3 and w.isupper() and w not in {"THE"} else w.capitalize()
                    for w in m.group(1).split())


def from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    if host.startswith("web.archive.org") or not host:
        # archive copies carry the original URL in their path
        m = re.search(r"/web/\d+[a-z_]*/(https?://[^ ]+)", url)
        return from_url(m.group(1)) if m else None
    return host[4:] if host.startswith("www.") else host


def guess(text: str, *, url: str | None = None, domains: list[str] | None = None) -> tuple[str | None, str | None]:
    """(outlet, how we know) from the text and what came with it."""
    for how, value in (
        ("dateline", from_dateline(text)),
        ("boilerplate", from_boilerplate(text)),
        ("url", from_url(url)),
        ("links", domains[0] if domains else None),
    ):
        if value:
            return value, how
    return None, None
