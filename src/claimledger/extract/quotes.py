"""Direct quotations found in raw text, before any parsing.

Plain string work, so it is cheap and testable without a model. It copes with what real
articles contain: straight and curly marks mixed in one quote (``“...,"``), quotes left
open until the end of their paragraph, a new quote opened before the previous one closed,
and the newspaper convention for a quote that runs over several paragraphs (every new
paragraph opens with a quotation mark, only the last one closes).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "\u201c\u201e\u00ab"  # “ „ «
CLOSERS = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
# characters after which a straight quote opens rather than closes
_OPEN_CONTEXT = " \t\n([{\u2014\u2013-/:"


@dataclass(frozen=True)
class QuoteSpan:
    """One direct quotation: ``start``/``end`` is the content without the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the quote was never closed
    paragraphs: int = 1  # how many paragraphs it runs over


def _role(text: str, i: int) -> str | None:
    """'open', 'close' or None for the quotation mark at ``text[i]``."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    if ch != STRAIGHT:
        return None
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before == "=":  # an HTML attribute left in the text, never a quote
        return None
    opens = before in _OPEN_CONTEXT or before in OPENERS
    closes = not before.isspace()
    if opens and not after.isspace():
        return "open"
    if closes:
        return "close"
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    # the comma before a closing mark belongs to the frame ("...," she said), not the quote
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _next_paragraph_opens_quote(text: str, newline: int) -> bool:
    """True when the paragraph after ``newline`` starts with an opening quotation mark."""
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    return j < len(text) and _role(text, j) == "open"


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every direct quotation in ``text``, in order, with offsets of its content."""
    quotes: list[QuoteSpan] = []
    open_at: int | None = None  # where the current quote opened
    paragraphs = 1

    def close(end: int, close_at: int | None) -> None:
        nonlocal open_at, paragraphs
        assert open_at is not None
        s, e = _trim(text, open_at + 1, end)
        if e > s:
            quotes.append(QuoteSpan(s, e, open_at, close_at, paragraphs))
        open_at, paragraphs = None, 1

    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # a quote left open at a paragraph end continues only if the next paragraph
            # opens with a quotation mark (the multi-paragraph convention)
            if _next_paragraph_opens_quote(text, i):
                j = i
                while text[j].isspace():
                    j += 1
                paragraphs += 1
                i = j + 1  # skip the continuation mark
                continue
            close(i, None)
        elif ch in OPENERS or ch in CLOSERS or ch == STRAIGHT:
            role = _role(text, i)
            if role == "open":
                if open_at is not None:
                    # a new quote opened before the last one closed: the last one ends here
                    close(i, None)
                open_at = i
            elif role == "close" and open_at is not None:
                close(i, i)
        i += 1
    if open_at is not None:
        close(n, None)
    return quotes
