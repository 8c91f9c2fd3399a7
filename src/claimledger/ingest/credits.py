"""Wire credits: which agency a text says it comes from ("(AP)", a "Reuters" credit line), and its byline.

Near-duplicate detection reads them as evidence of one wire story (``dedup.py``), and the
cross-document layer as the agency between a republishing site and the source
(``resolve/clusters.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The major international wire services, by the names their credits use: (code, name pattern).
AGENCIES: tuple[tuple[str, str], ...] = (
    ("AP", r"AP|Associated Press"),
    ("Reuters", r"Reuters"),
    ("AFP", r"AFP|Agence France[- ]Presse"),
    ("dpa", r"dpa|DPA|Deutsche Presse-Agentur"),
    ("UPI", r"UPI|United Press International"),
    ("Xinhua", r"Xinhua"),
    ("EFE", r"EFE"),
    ("ANSA", r"ANSA"),
    ("PA", r"PA Media|Press Association"),
    ("Bloomberg", r"Bloomberg"),
)
# How a text credits an agency: in a dateline "(AP)", as a credit line of its own ("Reuters",
# "— AFP"), in a byline ("By Name | AP", "By Name, Reuters"), or in the agency's own phrase for its
# staff ("a Reuters witness", "AP writers contributed"). Citing an agency ("Xinhua reported") is
# no credit.
_CREDIT_FORMS = (
    r"\(\s*(?:{n})\s*\)",
    r"^\W*(?:{n})\W*$",
    r"^\s*[Bb]y\b[^\n]{{0,60}}?[,|/–—-]\s*(?:{n})\s*$",
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:{n})\s+(?:witness|reporter|correspondent|photographer|journalist|tally|count)\b",
    r"\b(?:{n})\s+(?:contributed|writers?|staff)\b",  # "AP contributed to this report" (not "AP reported")
)
_BYLINE = re.compile(r"^[ \t]*[Bb]y[ \t]+((?:[A-Z][\w.'’-]+[ \t]+){0,3}[A-Z][\w'’-]+)[ \t]*(?:[,|/–—-].*)?$", re.M)


@lru_cache(maxsize=1)
def _agency_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((code, re.compile("|".join(f.format(n=name) for f in _CREDIT_FORMS), re.M))
                 for code, name in AGENCIES)


def agencies(text: str) -> frozenset[str]:
    """The wire agencies a text credits ("(AP)", a "Reuters" credit line, "a Reuters witness")."""
    return frozenset(code for code, rx in _agency_res() if rx.search(text))


def agency(text: str) -> str | None:
    """The agency a text says it comes from (the first credited, in the order of ``AGENCIES``), or None."""
    found = agencies(text)
    return next((code for code, _ in AGENCIES if code in found), None)


def credits(text: str) -> frozenset[str]:
    """Agency credits and bylines: "agency:AP", "byline:jane roe"."""
    out = {f"agency:{a}" for a in agencies(text)}
    out |= {f"byline:{' '.join(m.group(1).lower().split())}" for m in _BYLINE.finditer(text[:2000])}
    return frozenset(out)
