"""A scene the gazetteer does not know: the most specific town the text ties it to.

War reports often place a strike in a village too small for the gazetteer ("the village of
Brenka in the Tarnivka community of the Ostrivka district"). Such a scene is placed at the
town the text ties the village to, the most specific first: the seat of its community
(hromada), a town a few kilometres away ("Brenka, a village 8 km from Ostrivka"), the seat
of its district (raion: named after its seat town), a town it lies near ("Brenka, near
Ostrivka"), never the oblast's centroid when the text gives a town. In an incident's place
vote (``fold_ties``) the town tied most specifically takes the votes of the reports that
name only its oblast, or a less specific tie in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from claimledger.extract.gazetteer import Place, fold

# how a town is tied to an unlocated village, most specific first (the rank orders the ties)
COMMUNITY = "community"  # the seat of the village's community (hromada)
CLOSE = "close"  # a town "N km from" it, N at most ``CLOSE_KM``
RAION = "raion"  # the seat of its district (a raion is named after its seat town)
NEAR = "near"  # a town it lies "near" (or further than ``CLOSE_KM`` from)
TIE_RANK = {COMMUNITY: 0, CLOSE: 1, RAION: 2, NEAR: 3}
CLOSE_KM = 20  # a village this near a town is placed better at that town than at its raion's seat
MILE_KM = 1.609  # kilometres in a mile ("5 miles from Y")
TIE_CHARS = 160  # how far after the village's name, within its sentence, the text ties it to a town
LEAD_CHARS = 3000  # the part of a report a village is looked for in
VILLAGE_KEY = "village:"  # the blocking key of a report's unlocated village (``Report.keys``), before its folded name

_NAME = r"[A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?"
_SETTLEMENT = r"(?:village|settlement|hamlet)"
# "the village of Brenka", "the settlement of Brenka", "Brenka is a village", "Brenka, a village"
_VILLAGE = re.compile(rf"\b{_SETTLEMENT}\s+of\s+(?P<a>{_NAME})"
                      rf"|\b(?P<b>{_NAME})(?:\s+is|,)\s+an?\s+(?:small\s+|tiny\s+)?{_SETTLEMENT}\b")
_COMMUNITY = re.compile(rf"\b(?P<t>{_NAME})\s+(?:(?:urban|rural|settlement|village|town|city|territorial)[\s-]+)*"
                        r"(?i:hromada|community|municipality)\b")
_RAION = re.compile(rf"\b(?P<t>{_NAME})\s+(?i:district|raion)\b")
_DISTANCE = re.compile(r"\b(?P<n>\d{1,3})\s*(?P<u>km|kilometres|kilometers|miles)\s+(?:\([^)]{0,20}\)\s+)?"
                       r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:-\w+)?\s+)?"
                       rf"(?:of|from)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?(?P<t>{_NAME})")
_NEAR = re.compile(r"\b(?:near|outside|close\s+to|(?:on\s+)?the\s+outskirts\s+of)\s+(?:the\s+)?"
                   rf"(?:(?:city|town)\s+of\s+)?(?P<t>{_NAME})")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


class Gazetteer(Protocol):
    def lookup(self, name: str, *, context_country: str | None = None, context_admin1: str | None = None,
               kinds: tuple[str, ...] | None = None) -> list[Place]: ...


@dataclass(frozen=True)
class Tie:
    """A town the text ties an unlocated village to, and how (``COMMUNITY`` ... ``NEAR``)."""

    village: str
    place: Place
    kind: str
    start: int  # where the text names the town


def tie_of(clause: str) -> list[tuple[str, str, int]]:
    """The towns a clause after a village's name ties it to: (name, kind, offset), in text order."""
    out = []
    for pattern, kind in ((_COMMUNITY, COMMUNITY), (_RAION, RAION), (_NEAR, NEAR)):
        out.extend((m.group("t"), kind, m.start("t")) for m in pattern.finditer(clause))
    for m in _DISTANCE.finditer(clause):
        km = int(m.group("n")) * (MILE_KM if m.group("u") == "miles" else 1.0)
        out.append((m.group("t"), CLOSE if km <= CLOSE_KM else NEAR, m.start("t")))
    return sorted(out, key=lambda t: t[2])


def unlocated_villages(text: str, gaz: Gazetteer, theatre: frozenset[str]) -> list[tuple[str, int]]:
    """The villages the lead names that the gazetteer knows no town of in the theatre: (name, where)."""
    out = []
    for m in _VILLAGE.finditer(text[:LEAD_CHARS]):
        name = m.group("a") or m.group("b")
        if not any(p.country in theatre for p in gaz.lookup(name, kinds=("city",))):
            out.append((name, m.start("a") if m.group("a") else m.start("b")))
    return out


def _locate(gaz: Gazetteer, name: str, theatre: frozenset[str], admin1: str | None) -> Place | None:
    """The town of the theatre a tie names: in the oblast the report names, else the only one of that name."""
    towns = [p for p in gaz.lookup(name, kinds=("city",)) if p.country in theatre and p.lat is not None]
    if admin1 is not None:
        towns = [p for p in towns if p.admin1 == admin1]
    return towns[0] if len(towns) == 1 or (admin1 is not None and towns) else None


def scene_villages(text: str, gaz: Gazetteer, theatre: frozenset[str], *, title: str = "",
                   opening: int = LEAD_CHARS) -> tuple[str, ...]:
    """The unlocated villages that are a report's own scene, as the text writes them: those the headline names
    or the text names in its first ``opening`` characters (not a place of its background paragraphs)."""
    folded_title = fold(title)
    return tuple(dict.fromkeys(v for v, at in unlocated_villages(text, gaz, theatre)
                               if at < opening or re.search(rf"\b{re.escape(fold(v))}\b", folded_title)))


def village_ties(text: str, villages: Sequence[str], gaz: Gazetteer, theatre: frozenset[str],
                 admin1: str | None = None) -> list[Tie]:
    """Every town the text ties one of ``villages`` to, most specific first (``admin1``: the oblast the report
    names)."""
    folded = {fold(v) for v in villages}
    out = []
    for name in villages:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text[:LEAD_CHARS]):
            start = m.end()
            end = _SENTENCE_END.search(text, start)
            clause = text[start:min(end.start() if end else len(text), start + TIE_CHARS)]
            for town, kind, at in tie_of(clause):
                p = _locate(gaz, town, theatre, admin1)
                if p is not None and fold(town) not in folded:
                    out.append(Tie(name, p, kind, start + at))
    return sorted(out, key=lambda t: (TIE_RANK[t.kind], t.start))


def best_tie(ties: Sequence[Tie]) -> Tie | None:
    """The most specific tie (the first named among equals)."""
    return min(ties, key=lambda t: (TIE_RANK[t.kind], t.start), default=None)


class Guess(Protocol):
    """What ``fold_ties`` reads of a report's place (``incidents_report.PlaceGuess`` has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def tie(self) -> str | None: ...


def fold_ties(votes: Counter[str], guesses: Mapping[str, Guess], ties: Iterable[tuple[str, str]]) -> Counter[str]:
    """An incident's place votes with its best tied town holding its oblast's votes.

    ``votes``: place key -> votes; ``guesses``: key -> a report's place; ``ties``: (key, tie kind) of each
    report placed at a town tied to an unlocated village. The town tied most specifically (then with most
    votes) takes the votes of the oblast it lies in and of the towns tied less specifically in that oblast
    (other reports' less precise words for the same village). Without ties the votes are unchanged.
    """
    rank: dict[str, int] = {}
    for key, kind in ties:
        rank[key] = min(rank.get(key, len(TIE_RANK)), TIE_RANK[kind])
    if not rank:
        return votes
    best = min(rank, key=lambda k: (rank[k], -votes[k], k))
    b = guesses[best]
    out = Counter(votes)
    for key, g in guesses.items():
        if key == best or g.country != b.country or g.admin1 != b.admin1:
            continue
        if g.kind == "admin1" or (key in rank and rank[key] >= rank[best]):
            out[best] += out.pop(key)
    return out
