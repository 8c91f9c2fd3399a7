"""Near duplicates: the same story inside different page chrome, or lightly edited, is linked (not dropped).

A republished wire story sits in each site's own chrome (navigation, "4 days ago", photo
captions, cookie banners, related links) and is often cut, updated or lightly edited. So:

- only the article body is compared: the lines that read as prose (``body_text``), the page's
  chrome lines dropped by general line-level filters;
- the body is cut into word shingles (``SHINGLE_WORDS``), and two bodies are the same story when
  most of the shorter one's shingles are found in the longer one (*containment*), not only when
  the two sets are nearly equal (Jaccard): a short copy of a long story is still a copy;
- an agency credit or a byline both texts carry ("(AP)", "Reuters" as the credit line, "By
  <Name>") is evidence of one wire story: with it, a lower containment suffices (an update of
  one story rewrites a good part of it);
- MinHash LSH (datasketch) finds the candidates, whose containment is then counted exactly.

Links are a function of the set of stored documents, never of the order they came in: a
document links to its best match among the documents that rank before it (``rank``: the
earlier published, then the smaller id). So two ingests of two halves at once, or a
``resolve --full``, make the links a sequential run makes (``workflow.relink``).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from claimledger.ingest.credits import credits
from claimledger.settings import Settings

NUM_PERM = 64
SCHEME = "affine32"
SIG_TAG = b"ND2"  # stored signatures of this layout start with it; others are computed again from the text

# Shingles of this many words: 4 keeps a lightly edited copy close (one changed word spoils 4
# shingles) while two reports of one event in their own words share few (war-dev: 0.96 for a wire
# copy in other chrome, at most 0.26 for two outlets' own reports of one strike).
SHINGLE_WORDS = 4
# A body line with fewer words is chrome (a headline, "4 days ago", a menu entry, a share button).
MIN_LINE_WORDS = 8
# Containment thresholds, plain and with a shared credit: tuned and explained in settings.py.
CONTAINMENT = Settings.near_duplicate_containment
CREDITED_CONTAINMENT = Settings.near_duplicate_credited_containment
# A body of fewer shingles (about two sentences) is too short to judge: one stock sentence of a
# site ("Click here to return to the page you were visiting.") would make every page of it a copy.
MIN_SHINGLES = 25
# Candidates from the LSH index: a Jaccard this low still finds a short copy in a long page.
CANDIDATE_JACCARD = 0.1

# A text is hard-wrapped when more than this share of its lines of WRAP_MIN_CHARS or more end mid-sentence.
WRAP_MIN_CHARS = 40
WRAPPED_SHARE = 0.5

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"""[.!?:;"”’')\]…]\s*$""")
_INNER_DASH = re.compile(r"(?<=\w)[-‐‑–](?=\w)")  # "truck-borne" and "truckborne" are one word

_SITE_ACTS = (r"e-?mail|account|profile|browser|subscri\w*|password|sign(?:ed|ing)? (?:in|up)|regist\w+|click|"
              r"log(?:ged)? ?in")
# Line-level chrome filters (any language of page furniture, no site's own words).
_CHROME = [
    re.compile(r"^\W*\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\W*$", re.I),  # "4 days ago"
    re.compile(r"\b(?:photo|image|picture|video|file photo|credit|caption|getty images|shutterstock)\b\s*[:/|]",
               re.I),  # photo captions and credits
    re.compile(r"\((?:[A-Z][\w.]*\s+)?photo\b[^)]*\)", re.I),  # "(AP Photo/Name)"
    re.compile(r"\b(?:cookies?|privacy policy|terms of (?:use|service)|all rights reserved|subscribe|newsletter|"
               r"sign up|log in|advertisement|javascript|notifications?|unsubscribe|subscription)\b", re.I),
    re.compile(r"^(?:©|copyright\b)", re.I),
    # the site talking to its reader: "We have sent you a verification email", "sign in to your account"
    re.compile(rf"\b(?:you|your)\b.*\b(?:{_SITE_ACTS})\b|\b(?:{_SITE_ACTS})\b.*\b(?:you|your)\b", re.I),
    # "... to fit your lifestyle": outside a quote, news does not say "your"
    re.compile(r"^[^\"“”]*\byour\b[^\"“”]*$", re.I),
    re.compile(r"pic\.twitter\.com|https?://|\(@\w+\)", re.I),  # embedded posts, bare links
    re.compile(r"^\W*(?:read more|related|see also|share|follow us|most read|trending|watch)\b", re.I),
]


def is_chrome(line: str, *, wrapped: bool = False) -> bool:
    """Whether a line is page furniture rather than article body.

    A body line has ``MIN_LINE_WORDS`` words and, unless the text is hard-wrapped, ends as a
    sentence does: lists of related headlines, menus and video titles do not.
    """
    if len(words(line)) < MIN_LINE_WORDS:
        return True
    if not wrapped and not _SENTENCE_END.search(line):
        return True
    return any(p.search(line) for p in _CHROME)


def hard_wrapped(lines: list[str]) -> bool:
    """Whether most long lines stop mid-sentence (a text wrapped at a fixed width)."""
    long = [line for line in lines if len(line.strip()) >= WRAP_MIN_CHARS]
    open_ended = sum(1 for line in long if not _SENTENCE_END.search(line))
    return bool(long) and open_ended > WRAPPED_SHARE * len(long)


def body_text(text: str) -> str:
    """The article body: the lines that are not chrome ("" for a page that is all furniture or a headline)."""
    lines = text.split("\n")
    wrapped = hard_wrapped(lines)
    return "\n".join(line for line in lines if not is_chrome(line, wrapped=wrapped))


def words(text: str) -> list[str]:
    return _WORD.findall(_INNER_DASH.sub("", text.lower()))


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The word shingles of a document's body."""
    w = words(body_text(text))
    return frozenset(" ".join(w[i:i + size]) for i in range(len(w) - size + 1))


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection compares: the body's shingles, its credits, its MinHash."""

    shingles: frozenset[str]
    credits: frozenset[str]
    minhash: MinHash = field(compare=False)


def signature(grams: Iterable[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def fingerprint(text: str) -> Fingerprint:
    grams = shingles(text)
    return Fingerprint(grams, credits(text), signature(grams))


def to_bytes(m: MinHash, size: int) -> bytes:
    return SIG_TAG + struct.pack("<I", size) + np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(b: bytes | None) -> MinHash | None:
    """A stored signature, or None when it is missing or of another layout (compute it again)."""
    if not b or not bytes(b[:3]) == SIG_TAG or len(b) != 7 + 8 * NUM_PERM:
        return None
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(bytes(b[7:]), dtype=np.uint64), scheme=SCHEME)


def similarity(a: Fingerprint, b: Fingerprint, *, containment: float = CONTAINMENT,
               credited: float = CREDITED_CONTAINMENT) -> float | None:
    """How surely two documents are one story (containment of the shorter body), None when they are not."""
    small = min(len(a.shingles), len(b.shingles))
    if small < MIN_SHINGLES:
        return None
    contained = len(a.shingles & b.shingles) / small
    need = credited if a.credits & b.credits else containment
    return contained if contained >= need else None


class NearDuplicates:
    """An LSH index over documents; ``matches`` counts each candidate's containment exactly.

    ``text_of`` gives a document's stored text when its fingerprint is needed and not held.
    """

    def __init__(self, text_of: Callable[[str], str] | None = None, *, containment: float = CONTAINMENT,
                 credited: float = CREDITED_CONTAINMENT, threshold: float = CANDIDATE_JACCARD):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.thresholds = {"containment": containment, "credited": credited}
        self.text_of = text_of
        self.prints: dict[str, Fingerprint] = {}
        self.indexed: set[str] = set()

    def add(self, doc_id: str, minhash: MinHash | None = None, fp: Fingerprint | None = None) -> None:
        """Index a document by its MinHash (its fingerprint is computed from its text when asked for)."""
        if fp is not None:
            self.prints[doc_id] = fp
            minhash = fp.minhash
        if minhash is None:
            minhash = self.fingerprint(doc_id).minhash
        if doc_id not in self.indexed:
            self.lsh.insert(doc_id, minhash)
            self.indexed.add(doc_id)

    def fingerprint(self, doc_id: str) -> Fingerprint:
        if doc_id not in self.prints:
            assert self.text_of is not None, f"no text for {doc_id}"
            self.prints[doc_id] = fingerprint(self.text_of(doc_id))
        return self.prints[doc_id]

    def matches(self, doc_id: str) -> dict[str, float]:
        """Every indexed document that is the same story as ``doc_id``, with its similarity."""
        fp = self.fingerprint(doc_id)
        out = {}
        for other in self.lsh.query(fp.minhash):
            if other == doc_id:
                continue
            s = similarity(fp, self.fingerprint(other), **self.thresholds)
            if s is not None:
                out[other] = s
        return out


def best_link(doc_id: str, matches: dict[str, float], rank: Callable[[str], tuple]) -> str | None:
    """The document ``doc_id`` links to: its most similar match among those ranked before it."""
    mine = rank(doc_id)
    before = [(-s, rank(o), o) for o, s in matches.items() if rank(o) < mine]
    return min(before)[2] if before else None


def rank_key(published: str | None, doc_id: str) -> tuple[str, str]:
    """Which of two copies is the original: the earlier published, then (undated, or one day) the smaller id."""
    return (published or "~", doc_id)


def link_documents(targets: Iterable[str], index: NearDuplicates,
                   rank: Callable[[str], tuple]) -> dict[str, str | None]:
    """The links of ``targets`` and of every document they match (whose best original may be one of them)."""
    matches = {d: index.matches(d) for d in targets}
    for d in list(matches):
        for other in matches[d]:
            if other not in matches:
                matches[other] = index.matches(other)
    return {d: best_link(d, ms, rank) for d, ms in sorted(matches.items())}
