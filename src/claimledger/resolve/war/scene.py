"""Where a war report's attack happened: the town struck, not the perpetrator, a speaking capital or a dateline.

Each place mention of the report is read by the registered ``scene`` rules, which yield
typed evidence (``rules.Evidence``): a town named in the headline, a town the text says was
struck ("a strike on X", "the city of X, killing ..."), a government speaking ("Borovgrad
denied", "officials in Korvana said"), an agency's dateline ("KORVANA, April 8 (Wire) -"), an
oblast ("the X region"). A town of the war's theatre named with no such cue is a plain
mention; a town abroad counts only where the text says it was struck. The scene is the town
with the most evidence; when no town is said to be struck and the report's own scene is a
village the gazetteer lacks ("the village of Brenka, near Ostrivka"), the town the text ties
it to (``ties``); without one, the oblast the report names most; else the country.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from claimledger.extract.gazetteer import Place, fold
from claimledger.resolve.war.events import TARGETS
from claimledger.resolve.war.rules import Evidence, EvidenceKind, rule, rules
from claimledger.resolve.war.ties import best_tie, scene_villages, village_ties

# the countries a war's attacks are reported in (ISO codes): towns elsewhere are the scene only when
# the text says they were struck
THEATRE = frozenset({"UA"})

MENTION_WEIGHT = 1.0  # a town of the theatre named once
REPEAT_DECAY = 0.6  # each further plain mention of the same town counts this much of the one before
TITLE_WEIGHT = 3.0  # a town the headline names
TOLL_WEIGHT = 1.5  # a town named in the sentence of a casualty figure
SCENE_WEIGHT = 2.0  # a town the text says was struck
DATELINE_WEIGHT = 0.3  # the agency's dateline: the writer's town, the scene only when nothing else is named
LATE_FACTOR = 0.5  # what a mention after the opening paragraphs (``OPENING_CHARS``) says, against one in them
OPENING_CHARS = 800
MIN_TOWN = 0.3  # the least evidence for a town to be the scene (one plain mention late in the text is enough)
LEAD_CHARS = 3000  # the part of a report its place is read from

_ATTACK = (r"(?:strikes?|airstrikes?|attacks?|shelling|bombing|bombardment|raids?|explosions?|blasts?|hits?|"
           r"struck|targeted|shelled|bombed|pounded|hit)")
_PLACE_NOUN = r"(?:city|town|village|settlement|port|centre|center|downtown)"
# "30 km south of Y": Y locates another place, it is not the scene itself
_DISTANCE_BEFORE = re.compile(r"\b(?:kilometres|kilometers|km|miles)\s+(?:\([^)]{0,20}\)\s+)?"
                              r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:-\w+)?\s+of"
                              r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
# "X, near Y", "X, on the outskirts of Y": Y locates the place just named (a convoy "near Y" is at Y)
_NEAR_BEFORE = re.compile(r"\b(?:outskirts\s+of|suburbs?\s+of|edge\s+of|near)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$",
                          re.IGNORECASE)
LOCATED_CHARS = 40  # how near before "near Y" the place it locates is named
# "... a missile strike on the eastern city of X", "the invaders shelled X"
_SCENE_BEFORE = re.compile(rf"\b{_ATTACK}\s+(?:(?:on|in|at|against|of|near)\s+)?(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}$"
                           rf"|\b{_PLACE_NOUN}\s+of\s+$|\b(?:in|near)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}"
                           rf"{_PLACE_NOUN}\s+of\s+$", re.IGNORECASE)
# "... X, killing at least 20", "X, where the missile hit"
_SCENE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)?,?\s+(?:killing|injuring|wounding|destroying|"
                          r"damaging|where\s+(?:a|the)\s+\w+\s+(?:hit|struck|exploded))\b")
# "the X railway station", "X's maternity hospital": the town of the site struck
_TARGET_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:[\w-]+\s+)?(?:" + "|".join(
    re.escape(w) for words in TARGETS.values() for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# "a residential building in X", "the hospital of X": the town of the site struck
_TARGET_BEFORE = re.compile(r"\b(?:" + "|".join(
    re.escape(w) for words in TARGETS.values() for w in sorted(words, key=len, reverse=True)) + r"|building)s?"
    r"\s+(?:in|at|of)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# "Borovgrad denied", "Korvana has accused", "Borovgrad's defence ministry": a government speaking
_SPEAKER_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?:government|authorities|officials|leadership|regime|embassy|envoy|ministry|military"
    r"|side)\b|(?:has|have|had|was|is|did|does|will|would)\s+(?:not\s+)?(?:\w+\s+)?(?:said|denied|accused|claimed"
    r"|blamed|called|rejected|insisted|blame|deny|accuse|claim|say|responded)\b|(?:said|says|denied|denies|accused"
    r"|accuses|claimed|claims|blamed|blames|insisted|insists|called|calls|rejected|rejects|announced|responded"
    r"|condemned|warned|dismissed)\b)")
_SPEAKER_BEFORE = re.compile(r"\b(?:officials|authorities|government|sources|leaders|diplomats|spokesm[ae]n)\s+in\s+$",
                             re.IGNORECASE)
# "the X region", "X oblast", "X People's Republic": a region, not the town of its name
_REGION_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:region|oblast|province|regional|governor|People['’]s\s+Republic)\b",
                           re.IGNORECASE)
# "a Dalemar village", "Dalemar villages": a village of the oblast of that name, not its capital
_VILLAGE_AFTER = re.compile(r"^\s+(?:villages?|hamlets?)\b", re.IGNORECASE)
# "the X district of Y": Y is the oblast; "the region of Y"
_REGION_BEFORE = re.compile(r"\b(?:region|oblast|province)\s+of\s+$", re.IGNORECASE)
# "the X district of Y": a raion named after its town X lies in the oblast Y; a city's district ("the Central
# district of Y") lies in the city Y
_DISTRICT_OF_BEFORE = re.compile(r"(?:district|raion)\s+of\s+$", re.IGNORECASE)
# "the X district", "X raion", "the X direction", "the X battalion", "the X area": an area or a unit, not the town
_NOT_TOWN_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:district|raion|hromada|community|direction|axis|front|area|battalion"
                             r"|regiment|brigade|division|sea|river)\b", re.IGNORECASE)
# "KORVANA, Kestria —", "BOROVGRAD, October 1. /Agency/", "KORVANA, April 8 (Wire) -": at a paragraph's start
_DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][A-Za-z]+)?(?:,?\s*[A-Z][a-z]+\.?\s+\d{1,2}\.?)?\s*(?:\(|/|—|–|-{1,2}\s)")


class Gazetteer(Protocol):
    """What the scene rules ask of a gazetteer (``extract.gazetteer.Gazetteer`` has it; tests pass a fake)."""

    def lookup(self, name: str, *, context_country: str | None = None, context_admin1: str | None = None,
               kinds: tuple[str, ...] | None = None) -> list[Place]: ...

    def geocode(self, name: str, context_country: str | None = None,
                context_admin1: str | None = None) -> Place | None: ...


@dataclass(frozen=True)
class Spot:
    """One place mention of a report: where the text names it, and the gazetteer's entry for it."""

    name: str
    start: int
    end: int
    place: Place | None


@dataclass(frozen=True)
class SceneContext:
    text: str
    title: str  # the headline (folded)
    tolls: tuple[tuple[int, int], ...] = ()  # the sentences (start, end) that give a casualty figure
    ends: tuple[int, ...] = ()  # where each place mention of the text ends
    town_ends: frozenset[int] = frozenset()  # ... each that the gazetteer knows as a town
    oblast_names: frozenset[str] = frozenset()  # the towns named (folded) whose name an oblast has as well


@dataclass(frozen=True)
class Scene:
    """The scene a report's words give: a town, else an oblast, else a country (``place``), and its evidence;
    ``tie``: how the town is tied to an unlocated village that is the scene (``ties.COMMUNITY`` ...), if it is."""

    place: Place | None
    weight: float
    evidence: tuple[Evidence, ...] = ()
    tie: str | None = None
    villages: tuple[str, ...] = ()  # the villages the gazetteer lacks that the report names as its scene


# --------------------------------------------------------------------------- rules

def _before(ctx: SceneContext, s: Spot, n: int = 80) -> str:
    return ctx.text[max(0, s.start - n):s.start]


def _after(ctx: SceneContext, s: Spot, n: int = 80) -> str:
    return ctx.text[s.end:s.end + n]


@rule("scene", "speaker.v1")
def speaker(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A place that speaks or is spoken to ("Borovgrad denied", "officials in Korvana said")."""
    if _SPEAKER_AFTER.match(_after(ctx, s)) or _SPEAKER_BEFORE.search(_before(ctx, s, 40)):
        yield Evidence(EvidenceKind.SPEAKER, s.name, 0.0, s.start)


@rule("scene", "dateline.v1")
def dateline(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """An agency's dateline: a name in capitals at a paragraph's start, before a dash, a bracket or a date."""
    at_start = s.start == 0 or ctx.text[max(0, s.start - 1):s.start] == "\n"
    if at_start and s.name.isupper() and len(s.name) > 2 and _DATELINE_AFTER.match(_after(ctx, s, 40)):
        yield Evidence(EvidenceKind.DATELINE, s.name, DATELINE_WEIGHT, s.start)


@rule("scene", "region.v1")
def region(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """An oblast: "the X region", "X oblast", "the region of X", "the T district of X" (T a town), "an X village"
    (X an oblast's name too), or a name only an admin-1 region has."""
    before, after = _before(ctx, s, 30), _after(ctx, s, 30)
    district = _DISTRICT_OF_BEFORE.search(before)
    raion_of = district is not None and any(
        0 < s.start - len(before) + district.start() - e <= 1 for e in ctx.town_ends)
    oblast_village = _VILLAGE_AFTER.match(after) is not None and fold(s.name) in ctx.oblast_names
    if (_REGION_AFTER.match(after) or _REGION_BEFORE.search(before) or raion_of or oblast_village
            or (s.place is not None and s.place.kind == "admin1")):
        yield Evidence(EvidenceKind.REGION, s.name, MENTION_WEIGHT, s.start)


@rule("scene", "area.v1")
def area(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A district, a direction, a unit named after a town ("the X district", "the X battalion"): not the town."""
    if _NOT_TOWN_AFTER.match(_after(ctx, s, 30)):
        yield Evidence(EvidenceKind.AREA, s.name, 0.0, s.start)


@rule("scene", "struck.v1")
def struck(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A town the text says was struck: "a strike on X", "the city of X", "X, killing ...", "the X prison"."""
    after, before = _after(ctx, s), _before(ctx, s)
    if (_SCENE_BEFORE.search(before) or _TARGET_BEFORE.search(before) or _SCENE_AFTER.match(after)
            or _TARGET_AFTER.match(after)):
        yield Evidence(EvidenceKind.SCENE, s.name, SCENE_WEIGHT, s.start)


@rule("scene", "locator.v1")
def locator(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A town that locates another ("30 km south of Y", "X, on the outskirts of Y"): not the scene itself."""
    before = _before(ctx, s, 60)
    near = _NEAR_BEFORE.search(before)
    located = near is not None and any(s.start - len(before) + near.start() - LOCATED_CHARS <= e
                                       <= s.start - len(before) + near.start() for e in ctx.ends)
    if _DISTANCE_BEFORE.search(before) or located:
        yield Evidence(EvidenceKind.LOCATOR, s.name, 0.0, s.start)


@rule("scene", "toll.v1")
def toll(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A town named in a sentence that gives a casualty figure ("... in X, where 20 were killed")."""
    if any(a <= s.start < b for a, b in ctx.tolls):
        yield Evidence(EvidenceKind.TOLL, s.name, TOLL_WEIGHT, s.start)


@rule("scene", "title.v1")
def in_title(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """A town the headline names."""
    key = fold(s.name)
    if key and re.search(rf"\b{re.escape(key)}\b", ctx.title):
        yield Evidence(EvidenceKind.TITLE, s.name, TITLE_WEIGHT, s.start)


@rule("scene", "mention.v1")
def mention(ctx: SceneContext, s: Spot) -> Iterator[Evidence]:
    """Any place named: a plain mention (what it says is decided with the other evidence)."""
    yield Evidence(EvidenceKind.MENTION, s.name, MENTION_WEIGHT, s.start)


# --------------------------------------------------------------------------- the reader

def spot_evidence(ctx: SceneContext, s: Spot) -> tuple[Evidence, ...]:
    """Everything the registered scene rules say of one mention."""
    return tuple(e for fn in rules("scene").values() for e in fn(ctx, s))


def _is_town(p: Place | None) -> bool:
    return p is not None and p.kind == "city" and p.lat is not None


def read_scene(text: str, title: str, spots: Sequence[Spot], gaz: Gazetteer,
               theatre: frozenset[str] = THEATRE, tolls: Sequence[tuple[int, int]] = ()) -> Scene:
    """The scene of a report from its place mentions (see the module's docstring); ``tolls``: the spans of
    its casualty figures (their sentences count a town named in them)."""
    ctx = SceneContext(text=text, title=fold(title), tolls=tuple(_sentence_of(text, a, b) for a, b in tolls),
                       ends=tuple(s.end for s in spots), town_ends=frozenset(s.end for s in spots if _is_town(s.place)),
                       oblast_names=_oblast_names(spots, gaz))
    towns: dict[str, float] = defaultdict(float)
    plain: dict[str, int] = defaultdict(int)
    regions: dict[str, float] = defaultdict(float)
    places: dict[str, Place] = {}
    countries: dict[str, float] = defaultdict(float)
    datelines: dict[str, float] = defaultdict(float)
    found: list[Evidence] = []
    struck: set[str] = set()  # the towns the headline names or the text says were struck
    for s in spots:
        if s.start >= LEAD_CHARS or s.place is None:
            continue
        ev = spot_evidence(ctx, s)
        found.extend(ev)
        kinds = {e.kind for e in ev}
        p = s.place
        if p.kind == "country":
            countries[p.id] += MENTION_WEIGHT
            places[p.id] = p
            continue
        if EvidenceKind.REGION in kinds:
            reg = _region_of(gaz, s.name, p)
            if reg is not None:
                regions[reg.id] += MENTION_WEIGHT
                places[reg.id] = reg
            continue
        if not _is_town(p) or kinds & {EvidenceKind.AREA, EvidenceKind.LOCATOR}:
            continue
        scene = EvidenceKind.SCENE in kinds
        if not scene and (EvidenceKind.SPEAKER in kinds):
            continue
        if p.country not in theatre and not scene:
            continue
        places[p.id] = p
        if EvidenceKind.DATELINE in kinds and not scene:
            datelines[p.id] += DATELINE_WEIGHT
            continue
        late = 1.0 if s.start < OPENING_CHARS else LATE_FACTOR
        if kinds & {EvidenceKind.SCENE, EvidenceKind.TITLE}:
            struck.add(p.id)
        towns[p.id] += MENTION_WEIGHT * REPEAT_DECAY ** plain[p.id] * late
        plain[p.id] += 1
        towns[p.id] += sum(e.weight * (late if e.kind == EvidenceKind.SCENE else 1.0) for e in ev
                           if e.kind in (EvidenceKind.TITLE, EvidenceKind.SCENE, EvidenceKind.TOLL))
    best = max(towns, key=lambda k: (towns[k], k)) if towns else None
    villages = scene_villages(text, gaz, theatre, title=title, opening=OPENING_CHARS)
    if villages and (best is None or best not in struck):
        # no town the text says was struck: an unlocated village it names is the scene, at the town it is tied to
        oblast = _most(regions, places, theatre)
        tie = best_tie(village_ties(text, villages, gaz, theatre, places[oblast].admin1 if oblast else None))
        if tie is not None:
            return Scene(tie.place, SCENE_WEIGHT, tuple(found), tie=tie.kind, villages=villages)
    if best is not None and towns[best] >= MIN_TOWN:
        return Scene(places[best], towns[best], tuple(found), villages=villages)
    # no town: the oblast named most, else the dateline's town, else the country
    for votes in (regions, datelines, countries):
        top = _most(votes, places, theatre)
        if top is not None:
            return Scene(places[top], votes[top], tuple(found), villages=villages)
    return Scene(None, 0.0, tuple(found), villages=villages)


def _most(votes: dict[str, float], places: dict[str, Place], theatre: frozenset[str]) -> str | None:
    """The place of the theatre with the most votes (the greatest id among equals), if any."""
    theatre_votes = {k: v for k, v in votes.items() if places[k].country in theatre}
    return max(theatre_votes, key=lambda k: (theatre_votes[k], k)) if theatre_votes else None


def _oblast_names(spots: Sequence[Spot], gaz: Gazetteer) -> frozenset[str]:
    """The towns named (folded) that share their name with an oblast."""
    return frozenset(fold(s.name) for s in spots if s.start < LEAD_CHARS and _is_town(s.place)
                     and _region_of(gaz, s.name, s.place) is not None)  # type: ignore[arg-type]


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around ``start``-``end`` (ends at ". ", "! ", "? " or a line break)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else max(0, start - 400), after.start() if after else len(text))


def _region_of(gaz: Gazetteer, name: str, p: Place) -> Place | None:
    """The oblast a name stands for ("Dalemar" of "the Dalemar region"): the admin-1 entry."""
    if p.kind == "admin1":
        return p
    hit = gaz.geocode(f"{name} region", context_country=p.country)
    return hit if hit is not None and hit.kind == "admin1" else None


def place_of_mention(gaz: Gazetteer, name: str, gazetteer_id: str | None, canonical: str | None,
                     country: str | None) -> Place | None:
    """The gazetteer entry of a mention the extraction resolved (its id), with its kind."""
    if not gazetteer_id:
        return None
    for n in dict.fromkeys(x for x in (canonical, name) if x):
        for p in gaz.lookup(n, context_country=country):
            if p.id == gazetteer_id:
                return p
    return None


def spots_of(mentions: Iterable, gaz: Gazetteer) -> list[Spot]:  # type: ignore[type-arg]
    """The place mentions of an extraction as spots, in text order."""
    out = []
    for m in mentions:
        if m.type != "place":
            continue
        out.append(Spot(m.text, m.start, m.end, place_of_mention(gaz, m.text, m.gazetteer_id, m.canonical,
                                                                  m.country)))
    return sorted(out, key=lambda s: s.start)
