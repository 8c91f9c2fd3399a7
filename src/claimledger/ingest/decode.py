"""Bytes to text: encodings, binary detection, HTML-tag stripping for plain text."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from claimledger.errors import UnsupportedInput

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_BOMS = (_UTF8_BOM, *(bom for bom, _ in _UTF16_BOMS))
# A file that is not strict UTF-8 is still read as UTF-8 (bad bytes replaced, and noted) when at
# least this share of its non-ASCII characters decode as UTF-8: a legacy code page's text has
# next to none that do, a UTF-8 file with a few stray bytes nearly all.
_MOSTLY_UTF8 = 0.8
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
    if head.startswith(_BOMS):
        return None
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.05:
        return "binary file (too many control characters), not text"
    return None


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None = None  # what decoding had to replace or drop, for the audit log


def decode(data: bytes, path: str) -> str:
    """The text of bytes of unknown encoding (``decode_noting`` without its note)."""
    return decode_noting(data, path).text


def decode_noting(data: bytes, path: str) -> Decoded:
    """Decode bytes of unknown encoding: BOMs, then UTF-8 (strict, or with a few bad bytes replaced),
    then detection among legacy code pages (cp1251, cp1252 ...). Raises only ``UnsupportedInput``."""
    why = looks_binary(data)
    if why:
        raise UnsupportedInput(path, why)
    for bom, enc in _UTF16_BOMS:
        if data.startswith(bom):
            return _utf16(data[len(bom):], enc, path)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    return Decoded(_legacy(data))


def _utf16(body: bytes, enc: str, path: str) -> Decoded:
    note = None
    if len(body) % 2:
        body = body[:-1]
        note = "a UTF-16 byte-order mark but an odd number of bytes: the last byte was dropped"
    try:
        return Decoded(body.decode(enc), note)
    except UnicodeDecodeError as e:
        raise UnsupportedInput(path, f"starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                                     f"({e.reason} at byte {e.start + 2})") from e


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its bad bytes replaced (U+FFFD), when nearly all its non-ASCII text is UTF-8; else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ch > "\x7f") - bad
    if good == 0 or good < _MOSTLY_UTF8 * (good + bad):
        return None
    return Decoded(text, f"not valid UTF-8: decoded as UTF-8 with {bad} invalid byte sequence(s) replaced "
                         "by U+FFFD")


def _legacy(data: bytes) -> str:
    # Legacy 8-bit text: let charset-normalizer tell Cyrillic code pages from Western ones, then
    # prefer cp1252 among the Western ones (short texts are too ambiguous to split them further).
    best = from_bytes(data[:200_000], cp_isolation=_LEGACY).best()
    if best is not None and best.encoding in _CYRILLIC:
        return data.decode(best.encoding, errors="replace")
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
