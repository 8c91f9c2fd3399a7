"""Numbers as reporters write them: digits, words, vague amounts and their qualifiers.

This module knows nothing about spaCy: it works on plain strings and lists of lowercased
words, so every rule here can be unit-tested without the model. ``quantities.py`` decides
*which* numbers are claims; this module only says what value and bounds a figure has.

Spelled-out numbers go through text2num (``text_to_num``); vague amounts ("tens of
thousands") and qualifiers ("as many as") are our own rules because no library covers them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from text_to_num import text2num

log = logging.getLogger(__name__)

# Vague amounts -> inclusive bounds. Keys are lowercased word sequences.
VAGUE: dict[tuple[str, ...], tuple[float, float]] = {
    ("hundreds", "of", "thousands"): (100_000, 999_999),
    ("tens", "of", "thousands"): (10_000, 99_999),
    ("tens", "of", "millions"): (10_000_000, 99_999_999),
    ("hundreds", "of", "millions"): (100_000_000, 999_999_999),
    ("millions",): (1_000_000, 9_999_999),
    ("thousands",): (1_000, 9_999),
    ("hundreds",): (100, 999),
    ("dozens",): (24, 99),
    ("scores",): (40, 99),
}
VAGUE_HEADS = frozenset(k[-1] for k in VAGUE) | {"tens"}

# Qualifier phrases that precede a figure, longest first when matched. Each maps to
# (qualifier, how the bounds follow from the value).
#   "low": low = value, high open;  "high": high = value, low open;  "point": value both ends.
QUALIFIER_PHRASES: list[tuple[tuple[str, ...], str, str]] = [
    (("at", "least", "in", "the"), "at_least", "low"),
    (("well", "-", "over"), "more_than", "low"),
    (("well", "over"), "more_than", "low"),
    (("well", "above"), "more_than", "low"),
    (("well", "in", "excess", "of"), "more_than", "low"),
    (("in", "excess", "of"), "more_than", "low"),
    (("upwards", "of"), "more_than", "low"),
    (("more", "than"), "more_than", "low"),
    (("over",), "more_than", "low"),
    (("above",), "more_than", "low"),
    (("no", "fewer", "than"), "at_least", "low"),
    (("no", "less", "than"), "at_least", "low"),
    (("a", "minimum", "of"), "at_least", "low"),
    (("at", "least"), "at_least", "low"),
    (("as", "many", "as"), "as_many_as", "high"),
    (("as", "much", "as"), "as_many_as", "high"),
    (("up", "to"), "up_to", "high"),
    (("no", "more", "than"), "at_most", "high"),
    (("at", "most"), "at_most", "high"),
    (("fewer", "than"), "at_most", "high"),
    (("less", "than"), "at_most", "high"),
    (("under",), "at_most", "high"),
    (("an", "estimated"), "estimate", "point"),
    (("estimated",), "estimate", "point"),
    (("approximately",), "approximately", "point"),
    (("roughly",), "approximately", "point"),
    (("about",), "approximately", "point"),
    (("around",), "approximately", "point"),
    (("nearly",), "approximately", "point"),
    (("almost",), "approximately", "point"),
    (("close", "to"), "approximately", "point"),
    (("some",), "approximately", "point"),
    (("circa",), "approximately", "point"),
    (("an", "approximate"), "approximately", "point"),
]
QUALIFIER_PHRASES.sort(key=lambda p: -len(p[0]))
# Words that may sit between a qualifier and the figure without breaking it ("more than the 5,000").
_FILLER = frozenset({"the", "a", "an", "in"})

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "couple": 2, "pair": 2, "dozen": 12,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1_000_000,
}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "mln": 1_000_000, "m": 1_000_000, "k": 1000, "bn": 1_000_000_000}
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Bounds:
    """A figure's value, inclusive bounds (None = open) and qualifier."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words ("5,000", "1.2 million", "twelve"), or None."""
    t = text.strip().lower().replace("\u00a0", " ")
    t = re.sub(r"\s+", " ", t.replace("-", " "))
    if not t:
        return None
    if t in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[t])
    parts = t.split(" ")
    # "1.2 million", "5 thousand": digits followed by scale words
    if _DIGITS.match(parts[0]):
        value = float(parts[0].replace(",", ""))
        for p in parts[1:]:
            if p in _SCALE:
                value *= _SCALE[p]
            elif p != "and":
                return None
        return value
    if any(p in VAGUE_HEADS for p in parts):
        return None  # "tens", "hundreds" are vague amounts, not numbers (text2num reads "tens" as 10)
    if parts[0] in ("a", "an") and len(parts) > 1 and parts[1] in _SCALE:
        parts = ["one"] + parts[1:]
    try:
        return float(text2num(" ".join(parts), "en"))
    except ValueError:
        return None


def vague_bounds(words: list[str]) -> tuple[tuple[float, float], int] | None:
    """Bounds of a vague amount at the start of ``words`` and how many words it spans."""
    for key in sorted(VAGUE, key=len, reverse=True):
        if tuple(words[: len(key)]) == key:
            return VAGUE[key], len(key)
    return None


def match_qualifier(before: list[str]) -> tuple[str, str, int] | None:
    """The qualifier phrase ending ``before`` (lowercased words just before the figure).

    Returns (qualifier, bound kind, number of words) or None. Filler words ("the") right
    before the figure are skipped so "at least in the thousands" still matches.
    """
    for words, qualifier, kind in QUALIFIER_PHRASES:
        n = len(words)
        for skip in range(2):
            if skip and (not before or before[-1] not in _FILLER):
                break
            end = len(before) - skip
            if end - n >= 0 and tuple(before[end - n:end]) == words:
                # "over" and "under" are also plain prepositions ("over the weekend"): the
                # figure must follow them directly.
                if skip and words in (("over",), ("under",), ("above",), ("some",)):
                    continue
                return qualifier, kind, n + skip
    return None


def make_bounds(value: float | None, vague: tuple[float, float] | None, qualifier: tuple[str, str] | None,
                second: float | None = None) -> Bounds:
    """Combine a figure (or a vague amount), an optional qualifier and an optional range end.

    >>> make_bounds(5000, None, ("more_than", "low"))
    Bounds(value=5000, low=5000, high=None, qualifier='more_than')
    """
    if second is not None and value is not None:
        lo, hi = sorted((value, second))
        return Bounds(value=None, low=lo, high=hi, qualifier="range")
    if vague is not None:
        lo, hi = vague
        if qualifier and qualifier[1] == "low":
            return Bounds(value=None, low=lo, high=None, qualifier=qualifier[0])
        if qualifier and qualifier[1] == "high":
            return Bounds(value=None, low=None, high=hi, qualifier=qualifier[0])
        return Bounds(value=None, low=lo, high=hi, qualifier="order_of_magnitude")
    if qualifier is None:
        return Bounds(value=value, low=value, high=value, qualifier="exact")
    name, kind = qualifier
    if kind == "low":
        return Bounds(value=value, low=value, high=None, qualifier=name)
    if kind == "high":
        return Bounds(value=value, low=None, high=value, qualifier=name)
    return Bounds(value=value, low=value, high=value, qualifier=name)


def bounds_of(phrase: str) -> Bounds | None:
    """Bounds of a whole figure phrase, for callers holding plain text.

    "more than 5,000" -> low 5000; "tens of thousands" -> [10000, 99999];
    "between 10 and 20" -> range [10, 20]; "about 500" -> 500 approximately.
    """
    words = tokenize(phrase)
    if not words:
        return None
    # a range: "between 10 and 20", "10 to 20", "10-20"
    m = re.match(r"^(?:between\s+)?(.+?)\s*(?:\band\b|\bto\b|-|\u2013)\s*(.+)$", phrase.strip().lower())
    if m and (phrase.lower().startswith("between") or _DIGITS.match(m.group(1).strip())):
        a, b = parse_number(m.group(1)), parse_number(m.group(2))
        if a is not None and b is not None and a != b:
            return make_bounds(a, None, None, b)
    for i in range(len(words)):
        rest = words[i:]
        vague = vague_bounds(rest)
        qual = match_qualifier(words[:i]) if i else None
        if qual is not None and qual[2] != i:
            continue
        if qual is None and i:
            continue
        q = (qual[0], qual[1]) if qual else None
        if vague:
            if vague[1] == len(rest) or rest[vague[1]] == "of":
                return make_bounds(None, vague[0], q)
        value = parse_number(" ".join(rest))
        if value is not None:
            return make_bounds(value, None, q)
    return None


def tokenize(text: str) -> list[str]:
    """Lowercased words and hyphens, the way the qualifier table spells phrases."""
    return re.findall(r"[\w.,]+|-", text.lower().replace("\u2013", "-"))
