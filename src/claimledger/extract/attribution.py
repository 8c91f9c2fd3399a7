"""Who each quantity claim is attributed to: the speaker of the statement that holds it.

``attribute_claims`` runs after statements and quantities are found. A claim inside a
statement's content takes its speaker; a sentence that only breaks the figure before it down
("Of those, ...") takes that figure's speaker; a figure in an impersonal sentence ("It is
estimated ...") takes the speaker of the next statement that gives the same figure; anything
else stays the outlet's own (None). Statements are looked up by binary search, so the pass is
linear in the document's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.tokens import Doc

from claimledger.extract.lexicon import SPEECH_VERBS
from claimledger.extract.speakers import doc_text
from claimledger.records import Claim, Mention, Statement

_NUM = re.compile(r"\d[\d,.]*\d|\d")
_LATER_SAME_FIGURE = 700  # chars after an impersonal figure to look for the statement that repeats it
_CARRY_OPENERS = ("of those", "of them", "of these", "among them", "among those", "among these",
                  "including", "of whom", "most of them", "many of them", "some of them")


# sentence openers by which the outlet takes the word back ("Earlier, ...", "Meanwhile, ...")
_OUTLET_OPENERS = ("earlier", "meanwhile", "previously", "recall", "as a reminder", "background", "in addition",
                   "at the same time", "read more", "also read", "see also", "separately")
# speakers that are evidence, not a voice ("Preliminary data indicated ..."): their word does not carry
_EVIDENCE_WORDS = {"data", "figures", "estimates", "statistics", "counts", "reports", "information", "images",
                   "footage", "video", "photos", "records"}
_CARRY_PARAGRAPHS = 1  # a speaker's word carries into this many following paragraphs
_ECHO_REACH = 400  # chars after an unattributed figure within which the attributed detail that repeats it is looked for


class _Spoken:
    """The statements that have a speaker, sorted by start, with binary-search lookups."""

    def __init__(self, statements: list[Statement]):
        self.items = sorted((s for s in statements if s.speaker_text), key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.items]
        self.longest = max((s.end - s.start for s in self.items), default=0)
        self.all_starts = sorted(s.start for s in statements)

    def last_before(self, at: int) -> Statement | None:
        """The statement with a speaker that ends last before ``at``, if no other statement starts after it."""
        k = bisect_left(self.starts, at)
        best = None
        for s in self.items[max(0, k - 8):k]:  # statements end near where the next one starts
            if s.end <= at and (best is None or s.end > best.end):
                best = s
        if best is None:
            return None
        j = bisect_right(self.all_starts, best.start)
        if j < len(self.all_starts) and self.all_starts[j] < at:
            return None  # another voice (a statement without a named speaker) came in between
        return best

    def starting_in(self, lo: int, hi: int) -> list[Statement]:
        """Statements whose start lies in ``[lo, hi]``."""
        return self.items[bisect_left(self.starts, lo):bisect_right(self.starts, hi)]

    def holding(self, at: int) -> list[Statement]:
        """Statements whose content holds offset ``at``."""
        return [s for s in self.starting_in(at - self.longest, at) if s.start <= at < s.end]


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUM.findall(text)}


def _impersonal(doc: Doc, start: int) -> bool:
    """True for "It is estimated/believed/reported ..." sentences: the source comes later."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    for t in sent:
        if SPEECH_VERBS.get(t.lower_) and any(c.dep_ == "auxpass" for c in t.children) and t.i < span[0].i:
            return True
        if t.lower_ in {"estimated", "reportedly", "believed", "thought", "feared"} and t.i < span[0].i \
                and t.dep_ in {"amod", "advmod"} and t.lower_ != "estimated":
            return True
    return False


def _carried_over(doc: Doc, c: Claim, spoken: _Spoken) -> Statement | None:
    """The statement just before a sentence that only breaks its figure down ("Of those, ...")."""
    span = doc.char_span(c.start, max(c.end, c.start + 1), alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    if not sent.text.lstrip().lower().startswith(_CARRY_OPENERS) or sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    inside = [s for s in spoken.starting_in(prev.start_char, prev.end_char + 1) if s.end <= prev.end_char + 1]
    return inside[-1] if inside else None


def _paragraphs_between(text: str, a: int, b: int) -> int:
    """How many paragraph breaks lie between offsets ``a`` and ``b``."""
    return len([m for m in re.finditer(r"\n\s*", text[a:b])])


def _carried_speaker(doc: Doc, c: Claim, spoken: _Spoken) -> Statement | None:
    """The speaker of the statement just before, when the claim's sentence goes on in their voice.

    It carries within its paragraph and into the next one, until another statement starts, the
    outlet takes the word back ("Earlier, ...") or the claim sits on the first line (a headline).
    """
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, c.start) + 1
    if line_start == 0:
        return None
    prev = spoken.last_before(c.start)
    if prev is not None and set((prev.speaker_text or "").lower().split()[-1:]) & _EVIDENCE_WORDS:
        return None
    if prev is None or _paragraphs_between(text, prev.end, c.start) > _CARRY_PARAGRAPHS:
        return None
    span = doc.char_span(c.start, max(c.end, c.start + 1), alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    between = text[prev.end:sent.start_char].lower()
    opening = text[sent.start_char:c.start].strip().lower()
    if opening.startswith(_OUTLET_OPENERS) or any(("\n" + o) in between or (". " + o) in between
                                                  for o in _OUTLET_OPENERS):
        return None
    return prev


def attribute_claims(doc: Doc, claims: list[Claim], statements: list[Statement],
                     mentions: list[Mention]) -> list[Claim]:
    """Set each claim's ``attributed_text``/``attributed_type``/``statement``."""
    spoken = _Spoken(statements)
    out: list[Claim] = []
    for c in claims:
        if c.attributed_text:
            out.append(c)
            continue
        inside = spoken.holding(c.start)
        if inside:
            s = min(inside, key=lambda s: s.end - s.start)
            out.append(replace(c, attributed_text=s.speaker_text, attributed_type=s.speaker_type, statement=s.id))
            continue
        prev = _carried_over(doc, c, spoken)
        if prev is not None:
            out.append(replace(c, attributed_text=prev.speaker_text, attributed_type=prev.speaker_type,
                               statement=prev.id))
            continue
        carried = _carried_speaker(doc, c, spoken)
        if carried is not None:
            out.append(replace(c, attributed_text=carried.speaker_text, attributed_type=carried.speaker_type,
                               statement=carried.id))
            continue
        if _impersonal(doc, c.start):
            nums = _numbers(c.text)
            later = spoken.starting_in(c.end, c.end + _LATER_SAME_FIGURE)
            match = next((s for s in later if nums and nums & _numbers(s.text)), None)
            if match is not None:
                out.append(replace(c, attributed_text=match.speaker_text, attributed_type=match.speaker_type))
                continue
        out.append(c)
    return _echoes(out)


def _same_figure(a: Claim, b: Claim) -> bool:
    return (a.kind == b.kind and a.measure == b.measure and (a.value, a.low, a.high) == (b.value, b.low, b.high)
            and any(x is not None for x in (a.value, a.low, a.high)))


def _echoes(claims: list[Claim]) -> list[Claim]:
    """A figure the outlet states ahead of the attributed sentence that gives it again ("Bombs fell on two
    hospitals. In the city ..., bombs fell on two hospitals, the mayor said") takes that sentence's source."""
    order = sorted(range(len(claims)), key=lambda i: claims[i].start)
    out = list(claims)
    for k, i in enumerate(order):
        c = claims[i]
        if c.attributed_text:
            continue
        for j in order[k + 1:]:
            later = claims[j]
            if later.start - c.end > _ECHO_REACH:
                break
            if later.attributed_text and _same_figure(c, later):
                out[i] = replace(c, attributed_text=later.attributed_text, attributed_type=later.attributed_type,
                                 statement=later.statement)
                break
    return out
