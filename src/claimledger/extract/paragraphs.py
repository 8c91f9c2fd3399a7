"""Sentence boundaries the layout states: a sentence never runs across a paragraph break.

The parser alone happily glues a headline without a full stop to the first sentence of
the body ("Toll climbs to 50, governor says\\nAt least 50 people ..."), which then gives one
claim two figures and the headline's speaker. Which newlines end a paragraph depends on
the layout:

- a blank line always does;
- in a document whose lines are paragraphs (HTML extracted by trafilatura, JSONL bodies,
  most text files) every newline does;
- in a hard-wrapped text file (most lines inside a paragraph end mid-sentence) a single
  newline is only a line wrap, except after a line ending a sentence.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.tokens import Doc

_TERMINAL = re.compile(r"""[.!?:;"”’')\]]\s*$""")
_BLANK = re.compile(r"\n[ \t]*\n")


def hard_wrapped(text: str) -> bool:
    """Whether most lines followed by another line of the same paragraph stop mid-sentence."""
    lines = text.split("\n")
    inside = open_ended = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        if not line.strip() or not nxt.strip():
            continue
        inside += 1
        if not _TERMINAL.search(line):
            open_ended += 1
    return open_ended >= 3 and open_ended >= 0.5 * inside


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where a paragraph (so a sentence) starts, after the first."""
    wrapped = hard_wrapped(text)
    starts = []
    for m in re.finditer(r"\n\s*", text):
        end = m.end()
        if end >= len(text):
            break
        if wrapped and not _BLANK.search(m.group(0)):
            before = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if not _TERMINAL.search(before):
                continue
        starts.append(end)
    return starts


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token of every paragraph (before the parser runs)."""
    starts = set(paragraph_starts(doc.text))
    if not starts:
        return doc
    # one array write: setting ``Token.is_sent_start`` scans the whole Doc each time (quadratic)
    flags = doc.to_array([SENT_START])
    for tok in doc[1:]:
        if tok.idx in starts and not tok.is_space:
            flags[tok.i] = 1
    doc.from_array([SENT_START], flags)
    return doc
