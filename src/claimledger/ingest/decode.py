"""Bytes to text: encodings, binary detection, HTML-tag stripping for plain text."""

from __future__ import annotations

import html
import re
import unicodedata

from charset_normalizer import from_bytes

from claimledger.errors import UnsupportedInput

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_LEGACY = ["cp1252", "cp1251", "koi8_r", "cp1250", "latin_1", "cp1253", "cp1254"]
_CYRILLIC = {"cp1251", "koi8_r"}
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text, or None."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({what}), not text"
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        return "binary file (too many control characters), not text"
    return None


def decode(data: bytes, path: str) -> str:
    """Decode bytes of unknown encoding: BOMs, then strict UTF-8, then detection (cp1251, latin-1 ...)."""
    why = looks_binary(data)
    if why:
        raise UnsupportedInput(path, why)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Legacy 8-bit text: let charset-normalizer tell Cyrillic code pages from Western ones, then
    # prefer cp1252 among the Western ones (short texts are too ambiguous to split them further).
    best = from_bytes(data[:200_000], cp_isolation=_LEGACY).best()
    if best is not None and best.encoding in _CYRILLIC:
        return data.decode(best.encoding)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,2000}?>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def strip_inline_tags(text: str) -> str:
    """Remove stray HTML tags from plain text (keeping what they enclose) and unescape entities."""
    if "<" not in text:
        return text
    text = _SCRIPT.sub(" ", text)
    return html.unescape(_TAG.sub("", text))


def normalise(text: str) -> str:
    """NFC, unified line ends, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def linked_domains(text: str) -> list[str]:
    """Domains of the links in a text's stray HTML, most frequent first."""
    found = re.findall(r'href="https?://(?:www\.)?([^/"]+)', text)
    counts: dict[str, int] = {}
    for d in found:
        counts[d.lower()] = counts.get(d.lower(), 0) + 1
    return sorted(counts, key=lambda d: -counts[d])
