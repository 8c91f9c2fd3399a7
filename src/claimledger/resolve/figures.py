"""Small, pure helpers the claim-level resolution shares: figures, groups, dates, event cues.

Everything here works on ``Claim`` records and plain values, so clusters, conflicts and
series agree on what "the same figure", "a compatible group" and "the same event" mean.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from claimledger.records import Claim

# Qualifiers whose figure is only roughly the number said: compare them with a tolerance.
APPROXIMATE = frozenset({"approximately", "estimate"})
# Qualifiers that give a whole interval rather than one anchored number.
INTERVAL_QUALIFIERS = frozenset({"range", "order_of_magnitude"})
TOLERANCE = 0.10  # ~10%: "about 5,000" and "roughly 5,200" are the same figure

# ---------------------------------------------------------------- groups

# Surface variants the extractors may emit -> one name per group.
GROUP_SYNONYMS = {
    None: "people", "": "people", "person": "people", "persons": "people", "individuals": "people",
    "residents": "civilians", "inhabitants": "civilians", "locals": "civilians", "civilian": "civilians",
    "troops": "soldiers", "servicemen": "soldiers", "service members": "soldiers", "fighters": "soldiers",
    "combatants": "soldiers", "military personnel": "soldiers", "soldier": "soldiers",
    "doctors": "medical staff", "medics": "medical staff", "nurses": "medical staff",
    "health workers": "medical staff", "medical workers": "medical staff", "medical_staff": "medical staff",
    "kids": "children", "minors": "children", "child": "children",
    "police officers": "police", "policemen": "police",
    "aid_workers": "aid workers", "humanitarian workers": "aid workers",
}
# Every human group has a parent; a figure about a subgroup never contradicts its total.
GROUP_PARENT = {
    "civilians": "people", "soldiers": "people", "police": "people",
    "children": "civilians", "women": "civilians", "elderly": "civilians", "medical staff": "civilians",
    "journalists": "civilians", "aid workers": "civilians", "patients": "civilians",
}
# Groups that one place-level count of people covers: one series, one contradiction check.
PEOPLE_LIKE = frozenset({"people", "civilians"})


@lru_cache(maxsize=4096)
def norm_group(group: str | None) -> str:
    """The canonical name of a group ("residents" -> "civilians", None -> "people")."""
    key = (group or "").strip().lower()
    return GROUP_SYNONYMS.get(key, key.replace("_", " ") or "people")


@lru_cache(maxsize=4096)
def _line(group: str | None) -> tuple[str, ...]:
    g = norm_group(group)
    line = [g]
    while g in GROUP_PARENT and len(line) < 8:
        g = GROUP_PARENT[g]
        line.append(g)
    return tuple(line)


def group_line(group: str | None) -> list[str]:
    """The group and its ancestors, most specific first."""
    return list(_line(group))


@lru_cache(maxsize=4096)
def groups_compatible(a: str | None, b: str | None) -> bool:
    """True when one group contains the other (civilians and people; children and civilians)."""
    ga, gb = norm_group(a), norm_group(b)
    return ga in _line(gb) or gb in _line(ga)


def series_group(group: str | None) -> str:
    """Civilians and people form one series (a place-level toll is rarely split); others stay apart."""
    g = norm_group(group)
    return "people" if g in PEOPLE_LIKE else g


# ---------------------------------------------------------------- figures

def anchor(c: Claim) -> float | None:
    """The number the claim is anchored on: the value, else the bound that was said."""
    for x in (c.value, c.low, c.high):
        if x is not None:
            return float(x)
    return None


def is_interval(c: Claim) -> bool:
    """A vague amount or a range ("tens of thousands", "between 10 and 20") rather than one number."""
    if c.qualifier in INTERVAL_QUALIFIERS:
        return c.low is not None and c.high is not None
    return c.low is not None and c.high is not None and float(c.high) > float(c.low)


def has_figure(c: Claim) -> bool:
    return c.kind == "quantity" and bool(c.measure) and anchor(c) is not None


def bounds(c: Claim, *, widen: bool = True) -> tuple[float, float]:
    """Inclusive bounds with open ends as infinities; approximate figures widened by the tolerance."""
    lo = float(c.low) if c.low is not None else None
    hi = float(c.high) if c.high is not None else None
    if lo is None and hi is None and c.value is not None:
        lo = hi = float(c.value)
    # A plain point figure with only a value: both bounds are the value.
    if c.qualifier in (None, "exact") and c.value is not None and lo is None and hi is None:
        lo = hi = float(c.value)
    lo_f = -math.inf if lo is None else lo
    hi_f = math.inf if hi is None else hi
    if widen and c.qualifier in APPROXIMATE:
        lo_f, hi_f = lo_f * (1 - TOLERANCE), hi_f * (1 + TOLERANCE)
    return lo_f, hi_f


def bounds_overlap(a: Claim, b: Claim, *, widen: bool = True) -> bool:
    """Whether both figures can be true at once (inclusive bounds)."""
    alo, ahi = bounds(a, widen=widen)
    blo, bhi = bounds(b, widen=widen)
    return alo <= bhi and blo <= ahi


def representative(c: Claim) -> float | None:
    """One number for ordering and distances: the anchor, or the geometric middle of an interval."""
    if is_interval(c) and c.low and c.high and c.low > 0:
        return math.sqrt(float(c.low) * float(c.high))
    return anchor(c)


def _log_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Overlap of two positive intervals on a log scale, as a share of their union (0..1)."""
    la = (math.log(max(a[0], 1e-9)), math.log(max(a[1], 1e-9)))
    lb = (math.log(max(b[0], 1e-9)), math.log(max(b[1], 1e-9)))
    inter = min(la[1], lb[1]) - max(la[0], lb[0])
    union = max(la[1], lb[1]) - min(la[0], lb[0])
    if union <= 0:
        return 1.0 if inter >= 0 else 0.0
    return max(0.0, inter) / union


def same_figure(a: Claim, b: Claim) -> bool:
    """Whether two claims state the same figure (not merely compatible ones).

    Two anchored numbers match when they are equal, or within ~10% when either is
    approximate ("about", "an estimated"), and their bounds overlap ("more than 5,000" ~ "at least 5,000" ~ "roughly
    5,000"). Two vague amounts match when they cover mostly the same span. An anchored
    number and a vague amount match only when the span is narrow: "more than 5,000" is
    compatible with "tens of thousands" but is not the same claim.
    """
    if not bounds_overlap(a, b):
        return False
    ia, ib = is_interval(a), is_interval(b)
    if ia and ib:
        return _log_overlap((float(a.low), float(a.high)), (float(b.low), float(b.high))) >= 0.5  # type: ignore[arg-type]
    if ia or ib:
        span, point = (a, b) if ia else (b, a)
        lo, hi = float(span.low), float(span.high)  # type: ignore[arg-type]
        x = anchor(point)
        return lo > 0 and hi / lo <= 1.25 and x is not None and lo * (1 - TOLERANCE) <= x <= hi * (1 + TOLERANCE)
    xa, xb = anchor(a), anchor(b)
    if xa is None or xb is None:
        return False
    if a.qualifier in APPROXIMATE or b.qualifier in APPROXIMATE:
        return abs(xa - xb) <= TOLERANCE * max(abs(xa), abs(xb))
    # "at least 50" and "52" can both hold but are two figures (52 is usually the later count)
    return xa == xb


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def describe_figure(c: Claim) -> str:
    """The figure as a reader would say it: "more than 5,000", "10,000-99,999", "18"."""
    q = c.qualifier
    if is_interval(c):
        return f"{_num(c.low)}-{_num(c.high)}"  # type: ignore[arg-type]
    x = anchor(c)
    if x is None:
        return "?"
    words = {"approximately": "about ", "estimate": "an estimated ", "at_least": "at least ",
             "more_than": "more than ", "at_most": "at most ", "as_many_as": "as many as ", "up_to": "up to "}
    return words.get(q or "", "") + _num(x)


# ---------------------------------------------------------------- dates

def parse_date(text: str | None) -> date | None:
    """An ISO date (or the date part of a timestamp); None for anything else."""
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- event cues

# What gets struck: a claim whose sentence names one is about one incident, not a place-level toll.
_TARGETS = (
    r"hospital|maternity(?: ward| hospital)?|clinic|medical (?:centre|center|facility)|school|kindergarten|"
    r"university|market|theatre|theater|(?:railway |train |bus )?station|shelter|(?:shopping )?mall|"
    r"shopping (?:centre|center)|church|mosque|synagogue|temple|convoy|bus|train|apartment (?:block|building)|"
    r"residential (?:block|building)|factory|warehouse|bridge|checkpoint|wedding|funeral|concert|"
    r"nightclub|club|bar|restaurant|cafe|supermarket|store|embassy|prison|airport"
)
_ACTIONS = (
    r"air ?strike|missile strike|drone strike|rocket attack|strike|attack|bombing|shelling|blast|explosion|"
    r"raid|shooting|massacre|ambush|bombardment|crash|collision"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night|overnight"
_TARGET_RE = re.compile(rf"\b({_TARGETS})s?\b", re.I)
# Where the wounded are taken is not what was struck: "taken to a nearby hospital", "in hospital".
_DESTINATION_RE = re.compile(
    r"(?:\b(?:to|into)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}|\b(?:in|at)\s+(?:[A-Z][\w-]*\s+){0,3}"
    r"|\b(?:treated|died|dead|condition|recovering|remains?|remained|hospitali[sz]ed)\s+(?:at|in)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,3})$", re.I)
_MEDICAL = ("hospital", "clinic", "medical")
_ACTION_RE = re.compile(rf"\b({_ACTIONS})(?:s|es)?\b", re.I)
_DAY_RE = re.compile(rf"\b({_DAYS})(?:'s|’s)?\b", re.I)
# "the Wednesday attack", "a strike", "this bombing": one particular event is meant.
_DEFINITE_RE = re.compile(
    rf"\b(?:the|a|an|this|that|its|their|[A-Z]\w+day(?:'s|’s)?)\s+(?:[\w-]+\s+){{0,3}}?(?:{_ACTIONS})\b", re.I)
_ANOTHER_RE = re.compile(rf"\b(?:another|second|separate|other|new|fresh)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ACTIONS})\b",
                         re.I)
# "rose to", "up from": the sentence itself reports an update, not two readings of one event.
UPDATE_RE = re.compile(r"\b(?:rises|rose|risen|rising|climbs|climbed|reaches|reached|increased|jumped|grew|up from|"
                       r"revised|updated|now stands|"
                       r"fell|dropped|down from|brought the (?:death )?toll|"
                       r"by (?:late |this |that )?(?:evening|nightfall|the end of the day)|"
                       r"later (?:that|the same) day)\b", re.I)


@dataclass(frozen=True)
class EventCues:
    """What a claim's sentence says about which event it is about."""

    targets: frozenset[str]
    actions: frozenset[str]
    days: frozenset[str]
    definite: bool
    another: bool
    primary: str | None = None  # the first target the sentence names
    update: bool = False  # the sentence itself reports an update ("rose to", UPDATE_RE)

    @property
    def bound(self) -> bool:
        """The sentence is about one incident (a target struck, or "the attack")."""
        return bool(self.targets) or self.definite


def _stem(word: str) -> str:
    w = re.sub(r"\s+", " ", word.lower())
    # "the railway station" and "the station" are one target
    w = re.sub(r"^(?:railway|train|bus) (?=station)", "", w)
    return w.replace("airstrike", "air strike")


@lru_cache(maxsize=1 << 15)  # a wire story's sentences come back in every copy
def event_cues(sentence: str | None) -> EventCues:
    """The incident cues of one sentence (targets, attack words, weekdays, definite reference)."""
    s = sentence or ""
    struck = [
        _stem(m.group(1)) for m in _TARGET_RE.finditer(s)
        if not (m.group(1).lower().startswith(_MEDICAL) and _DESTINATION_RE.search(s[max(0, m.start() - 60):m.start()]))
    ]
    return EventCues(
        targets=frozenset(struck),
        primary=struck[0] if struck else None,
        update=bool(UPDATE_RE.search(s)),
        actions=frozenset(_stem(m.group(1)) for m in _ACTION_RE.finditer(s)),
        days=frozenset(m.group(1).lower() for m in _DAY_RE.finditer(s)),
        definite=bool(_DEFINITE_RE.search(s)),
        another=bool(_ANOTHER_RE.search(s)),
    )


def same_event(a: EventCues, b: EventCues, *, same_sentence: bool = False) -> str | None:
    """Why two event-bound sentences describe the same incident, or None when we cannot tell.

    Positive evidence is required (a shared target, weekday, or attack word with a definite
    reference); disjoint targets or weekdays, or "another strike", mean different incidents.
    """
    if a.targets and b.targets and not (a.targets & b.targets):
        return None
    if a.days and b.days and not (a.days & b.days):
        return None
    if (a.another or b.another) and not same_sentence:
        return None
    if a.targets & b.targets:
        return "same " + "/".join(sorted(a.targets & b.targets))
    if a.days & b.days and (a.bound or b.bound):
        return "same " + "/".join(sorted(a.days & b.days)) + " event"
    if a.actions & b.actions and (a.definite or b.definite):
        return "same " + "/".join(sorted(a.actions & b.actions))
    return None


# A number that counts part of the victims ("two others", "among them three", "a fourth man was
# also shot"): it is a subset of the total, not a second reading of it.
_PARTIAL_BEFORE = re.compile(
    r"\b(?:including|among(?:st)? (?:them|whom|those)|of (?:them|whom)|another|also|one of|(?<!in )all|"
    r"a (?:second|third|fourth|fifth|sixth))\W+(?:\w+\W+){0,2}$", re.I)
_PARTIAL_AT = re.compile(r"\b(?:others?|more(?!\s+than)|additional|also|most|of (?:them|whom|those)|remaining)\b",
                         re.I)


def partial_count(c: Claim) -> bool:
    """Whether the claim's words mark its figure as part of a larger count."""
    sentence, text = c.sentence or "", c.text or ""
    i = sentence.find(text)
    if i < 0:
        return bool(_PARTIAL_AT.search(text))
    return bool(_PARTIAL_BEFORE.search(sentence[max(0, i - 30):i])
                or _PARTIAL_AT.search(sentence[i:i + len(text) + 12]))
