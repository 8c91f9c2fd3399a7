"""Page titles: the headline without the site's name, and the headline as the article's first paragraph.

A headline often carries the figures ("3 killed, 2 hurt in shooting") that the body
repeats only in parts. Where a reader gives the title apart from the body (JSONL
fields, HTML metadata) and the body does not open with it, the headline becomes the
document's first paragraph, so its figures are extracted and can be shown in the text.
"""

from __future__ import annotations

import re

from unidecode import unidecode

_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s*::\s*")


def headline(title: str) -> str:
    """A page title without the site's name: "Two hurt in shooting - WXYZ | Springfield News" -> the first part.

    Pages append their outlet (and often its home town) after " - ", " | " or " :: ";
    those places are where the station is, not where the event happened. A first part
    of one or two words ("UPDATE - ...") is a label, and the next part is the headline.
    """
    parts = [p for p in _TITLE_PARTS.split(title.strip()) if p.strip()]
    if not parts:
        return title
    if len(parts) > 1 and len(parts[0].split()) <= 2:
        return parts[1]
    return parts[0]


def _letters(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unidecode(s).lower())


def with_headline(text: str, title: str | None) -> str:
    """The text with the title's headline as a first paragraph, unless the text opens with it already."""
    if not title or not title.strip():
        return text
    head = " ".join(headline(title).split())
    key = _letters(head)[:60]
    if len(key) < 8 or key in _letters(text[:len(head) + 400]):
        return text
    return f"{head}\n\n{text}"
