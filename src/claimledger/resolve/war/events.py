"""What kind of attack a war report tells of, and what it hit, from the report's own words.

Types: missile strike, airstrike, drone strike, shelling (artillery and rocket fire),
explosion, mine. Targets: the kind of site struck (a station, a mall, a hospital, a
restaurant, a convoy, a prison, ...), a small table of nouns of the language: two reports
of one town that name different targets are two attacks.
"""

from __future__ import annotations

import re
from collections import Counter

from claimledger.resolve.war.rules import rule, rules

TITLE_FACTOR = 3  # a cue in the headline counts this many times one in the text
LEAD_CHARS = 2500  # the part of a report its type and targets are read from
TARGET_SHARE = 0.5  # a target named at least this share as often as the report's main one is one of its targets

# cue words of each war event type, most specific type first (the first of equals wins)
WAR_TYPES: dict[str, tuple[str, ...]] = {
    "drone strike": ("drone", "drones", "uav", "uavs", "kamikaze drone", "loitering munition"),
    "missile strike": ("missile", "missiles", "ballistic", "cruise missile"),
    "airstrike": ("airstrike", "airstrikes", "air strike", "air strikes", "air raid", "warplane", "warplanes",
                  "aerial bomb", "aerial bombs", "glide bomb", "bombed", "bombing", "bombs"),
    "shelling": ("shelling", "shelled", "artillery", "mortar", "mortars", "rocket", "rockets", "multiple rocket",
                 "rocket launcher", "shells"),
    "mine": ("landmine", "landmines", "mine blast", "tripwire", "anti-personnel mine", "stepped on a mine",
             "mine exploded"),
    "explosion": ("explosion", "explosions", "blast", "exploded", "detonated", "detonation"),
}

# the kind of site struck -> the words that name it
TARGETS: dict[str, tuple[str, ...]] = {
    "station": ("railway station", "train station", "rail station", "bus station", "station"),
    "mall": ("shopping mall", "shopping centre", "shopping center", "mall", "supermarket"),
    "market": ("market", "marketplace", "bazaar"),
    "hospital": ("hospital", "maternity", "clinic", "medical facility"),
    "restaurant": ("restaurant", "cafe", "café", "pizzeria", "diner"),
    "shop": ("shop", "store", "grocery"),
    "convoy": ("convoy", "column of cars", "humanitarian column", "evacuation column"),
    "prison": ("prison", "penal colony", "detention", "prisoners of war", "pows", "barracks", "jail"),
    "school": ("school", "kindergarten", "university", "college"),
    "apartment": ("apartment", "apartment building", "residential building", "block of flats", "high-rise",
                  "dormitory"),
    "theatre": ("theatre", "theater", "drama theatre"),
    "church": ("church", "cathedral", "monastery"),
    "port": ("seaport", "harbour", "harbor", "grain terminal"),
    "plant": ("factory", "power plant", "depot", "warehouse"),
    "hotel": ("hotel",),
    "stop": ("bus stop", "tram stop"),
    "funeral": ("funeral", "memorial service"),
}


# where a target word names no site struck: the wounded "taken to hospital", "treated in a local hospital"
NOT_STRUCK_BEFORE: dict[str, re.Pattern[str]] = {
    "hospital": re.compile(r"\b(?:to|in|from|at)\s+(?:a\s+|the\s+)?(?:local\s+|nearby\s+|city\s+|regional\s+)?$"),
}


# where a type's cue names no weapon: "drone footage", "drone video" (a camera that filmed the aftermath)
NOT_WEAPON_AFTER: dict[str, re.Pattern[str]] = {
    "drone strike": re.compile(r"^\s+(?:footage|video|videos|images|photos?|camera|shots?|view|pictures)\b"),
}


def _patterns(table: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    return {k: re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b")
            for k, cues in table.items()}


_TYPE_RE = _patterns(WAR_TYPES)
_TARGET_RE = _patterns(TARGETS)


def _found(k: str, p: re.Pattern[str], text: str) -> int:
    not_struck, not_weapon = NOT_STRUCK_BEFORE.get(k), NOT_WEAPON_AFTER.get(k)
    if not_struck is None and not_weapon is None:
        return len(p.findall(text))
    return sum(1 for m in p.finditer(text)
               if not (not_struck and not_struck.search(text[max(0, m.start() - 40):m.start()]))
               and not (not_weapon and not_weapon.match(text[m.end():m.end() + 20])))


def _counts(patterns: dict[str, re.Pattern[str]], title: str, text: str) -> Counter[str]:
    head, lead = title.lower(), text[:LEAD_CHARS].lower()
    return Counter({k: TITLE_FACTOR * _found(k, p, head) + _found(k, p, lead) for k, p in patterns.items()})


@rule("type", "cues.v1")
def type_by_cues(title: str, text: str) -> str | None:
    """The war type whose cue words the headline and lead use most (headline words count thrice)."""
    counts = _counts(_TYPE_RE, title, text)
    order = list(WAR_TYPES)
    best = max(order, key=lambda t: (counts[t], -order.index(t)))
    return best if counts[best] > 0 else None


@rule("targets", "nouns.v1")
def targets_by_nouns(title: str, text: str) -> frozenset[str]:
    """The kinds of site the report says were hit: those named about as often as its main one."""
    counts = _counts(_TARGET_RE, title, text)
    top = max(counts.values(), default=0)
    if top <= 0:
        return frozenset()
    return frozenset(k for k, n in counts.items() if n > 0 and n >= TARGET_SHARE * top)


def war_type(title: str, text: str, default: str) -> str:
    """The report's war event type by the registered type rules (the first that answers), else ``default``."""
    for fn in rules("type").values():
        t = fn(title, text)
        if t:
            return t
    return default


def war_targets(title: str, text: str) -> frozenset[str]:
    """Every target the registered target rules find."""
    out: frozenset[str] = frozenset()
    for fn in rules("targets").values():
        out |= fn(title, text)
    return out
