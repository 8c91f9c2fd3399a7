"""How a page names a document, an outlet and a cluster's origin: by title and outlet, never by an id or a path.

A document's name is its title (from its metadata, else the first line of its text); its
outlet comes from the manifest, the metadata, the site's host or the dateline, which the
readers already stored, and else from the host of its URL. A file path is shown only where
the page says "Path".
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

TITLE_CHARS = 64  # a title taken from the text's first line is cut at a word boundary before this many characters
SHORT_CHARS = 40  # a document's name where it stands for an unknown outlet, in a table cell or a list
_PATHLIKE = re.compile(r"^(?:[A-Za-z]:)?[/\\]|[/\\][^ ]*\.[A-Za-z0-9]{1,5}$|^[^ ]+\.(?:txt|html?|jsonl|warc)$")


def clip_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def looks_like_path(title: str | None) -> bool:
    """Whether a stored title is really a file name or path (some readers fall back to one)."""
    return bool(title) and bool(_PATHLIKE.search(title.strip()))  # type: ignore[union-attr]


def first_line(text: str | None) -> str | None:
    """The first non-blank line of a text, as a title."""
    for line in (text or "").splitlines():
        if line.strip():
            return clip_words(line, TITLE_CHARS)
    return None


def doc_name(title: str | None, text: str | None, path: str | None) -> str:
    """A document's name: its title, else its text's first line, else its file's name."""
    if title and title.strip() and not looks_like_path(title):
        return clip_words(title, TITLE_CHARS * 2)
    return first_line(text) or PurePath(path or "").name or "untitled report"


def host_of(url: str | None) -> str | None:
    """The site of a URL without ``www.``: ``https://www.example.org/a`` → ``example.org``."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return re.sub(r"^www\.", "", host) if host else None


def outlet_name(outlet: str | None, url: str | None = None) -> str | None:
    """The outlet as stored (manifest, metadata, host, dateline), else the host of the document's URL."""
    if outlet and outlet.strip():
        return outlet.strip()
    return host_of(url)


def name_document(d: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """``d`` (a row with title, path, url, outlet and maybe ``lead``) with ``doc_name`` and ``outlet_name`` added."""
    d["doc_name"] = doc_name(d.get("title"), text if text is not None else d.get("lead"), d.get("path"))
    d["doc_short"] = clip_words(d["doc_name"], SHORT_CHARS)
    d["outlet_name"] = outlet_name(d.get("outlet"), d.get("url"))
    return d


def origin_link(key: str, entity_names: dict[str, str], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """How a page names one of a cluster's origins (an entity id, ``outlet:KEY`` or a bare name).

    ``outlet:KEY`` is an outlet's own reporting, keyed by the outlet's normalised name or, when
    the outlet is unknown, by the document's normalised path: it is named by the outlet, or by
    the document (its title), never by the key. ``docs`` are the cluster's documents, named.
    """
    from claimledger.resolve.origins import norm_text

    if key in entity_names:
        return {"kind": "entity", "id": key, "name": entity_names[key]}
    if key.startswith("outlet:"):
        rest = key.removeprefix("outlet:")
        for d in docs:
            outlet = re.sub(r"^www\.|:\d+$", "", (d.get("outlet") or "").strip())
            if outlet and norm_text(outlet) == rest:
                return {"kind": "outlet", "id": d.get("outlet"), "name": d.get("outlet_name") or outlet}
        for d in docs:
            if not (d.get("outlet") or "").strip() and norm_text(d.get("path") or d.get("id")) == rest:
                name = d.get("outlet_name") or d.get("doc_short") or "a report"
                return {"kind": "document", "id": d.get("id"), "name": name}
        return {"kind": "text", "id": None, "name": rest if not looks_like_path(rest) else "a report's own figure"}
    return {"kind": "text", "id": None, "name": key}


def chain_lines(lines: list[str] | tuple[str, ...], docs: list[dict[str, Any]]) -> list[str]:
    """A cluster's chain ("site, site → agency → source") as a page shows it: a site known only by its
    document's path is named by the document (its outlet, else its title), never by the path."""
    names = {d["path"]: d.get("outlet_name") or d.get("doc_short") or d["path"] for d in docs if d.get("path")}
    out = []
    for line in lines:
        for path in sorted(names, key=len, reverse=True):
            line = line.replace(path, names[path])
        out.append(line)
    return out
