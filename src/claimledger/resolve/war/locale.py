"""The war locale: which reports it reads, and how it reads their scene, day, type and targets.

A report is read as a war report from general evidence: most of the places it names with
a country are in the war's theatre (``scene.THEATRE``), and its lead uses the words of war
("missile", "shelling", "troops", ...). Every other report is read exactly as before (the
US local-news reading of ``incidents_report``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from claimledger.extract.dates import parse_iso
from claimledger.extract.gazetteer import fold, get_gazetteer
from claimledger.ingest.titles import headline
from claimledger.records import Document, Extraction, Mention
from claimledger.resolve.incidents_report import PlaceGuess, Report
from claimledger.resolve.war.events import war_targets, war_type
from claimledger.resolve.war.rules import rule, rules
from claimledger.resolve.war.scene import THEATRE, Gazetteer, Scene, read_scene, spots_of
from claimledger.resolve.war.ties import VILLAGE_KEY
from claimledger.resolve.war.when import war_date

if TYPE_CHECKING:
    from claimledger.extract.gazetteer import Place

WAR = "war"
TOLL_MEASURES = frozenset({"killed", "injured", "casualties"})  # the figures whose sentences name the scene
LEAD_CHARS = 3000  # the part of a report the locale is decided on
# the countries at war (ISO codes): the theatre, and the attacker whose towns are struck too
WAR_COUNTRIES = THEATRE | frozenset({"RU"})
MIN_THEATRE_MENTIONS = 2  # places of the countries at war a war report names at least (one of the theatre)
THEATRE_SHARE = 0.4  # ... and their least share of the places it names with a country
MIN_WAR_WORDS = 2  # words of war its lead uses at least
HEADLINE_CHARS = 200  # a text's first line this short is its headline, when the page gives no title
HEADLINE_WORDS = 3  # ... and of at least this many words
WAR_WORDS = frozenset("""
missile missiles shelling shelled airstrike airstrikes drone drones artillery invasion invaders occupiers
troops forces army military war frontline offensive strike strikes rocket rockets bombardment
bombing bombed aircraft warplane warplanes shells occupied
""".split())
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset("""
a an the of in on at to for and or with after before by from is are was were be as into over up its it his her
their says said say new news live update updates latest video photo photos
""".split())


@rule("locale", "theatre_and_words.v1")
def theatre_and_words(title: str, text: str, mentions: Iterable[Mention]) -> bool:
    """A war report: places of the countries at war are most of those it names, and its lead speaks of war."""
    countries = Counter(m.country for m in mentions if m.type == "place" and m.country and m.start < LEAD_CHARS)
    theatre = sum(n for c, n in countries.items() if c in THEATRE)
    at_war = sum(n for c, n in countries.items() if c in WAR_COUNTRIES)
    total = sum(countries.values())
    if theatre < 1 or at_war < MIN_THEATRE_MENTIONS or at_war < THEATRE_SHARE * total:
        return False
    words = _WORD.findall(f"{title}\n{text[:LEAD_CHARS]}".lower())
    return sum(1 for w in words if w in WAR_WORDS) >= MIN_WAR_WORDS


def is_war_report(title: str, text: str, mentions: Iterable[Mention]) -> bool:
    """Whether a registered locale rule reads the report as a war report."""
    ms = tuple(mentions)
    return any(fn(title, text, ms) for fn in rules("locale").values())


def report_headline(doc: Document) -> str:
    """The page's headline, else the text's first line when it is short enough to be one."""
    if doc.title and doc.title.strip():
        return headline(doc.title)
    first = doc.text.lstrip().split("\n", 1)[0]
    return first if len(first) <= HEADLINE_CHARS and len(_WORD.findall(first)) >= HEADLINE_WORDS else ""


def headline_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.lower()) if len(w) > 2 and w not in _STOP)


def _guess(p: Place, weight: float, tie: str | None = None) -> PlaceGuess:
    return PlaceGuess(name=p.name, lat=p.lat, lon=p.lon, key=p.id, admin1=p.admin1, country=p.country,
                      kind=p.kind, weight=weight, tie=tie)


def _fallback_day(published: date | None, violent: bool) -> date | None:
    """The day of a report whose text dates nothing: the day before its publication for a report of violence
    (as ``build_report`` has it), else its publication."""
    if published is None:
        return None
    return published - timedelta(days=1) if violent else published


def scene_key(place: PlaceGuess | None, villages: Iterable[str] = ()) -> frozenset[str]:
    """The blocking keys a war report's town and the villages of its scene the gazetteer lacks give
    (``Report.keys``): reports of one town, or of one such village, pair at any date."""
    keys = {f"{VILLAGE_KEY}{fold(v)}" for v in villages}
    if place is not None and place.kind == "city" and not place.tie:
        keys.add(f"scene:{place.key}")
    return frozenset(keys)


def read_war_report(doc: Document, ex: Extraction, report: Report, gaz: Gazetteer | None = None) -> Report:
    """The report as the war locale reads it, or ``report`` itself when it is no war report."""
    if not is_war_report(report_headline(doc), doc.text, ex.mentions):
        return report
    return war_reading(doc, ex, report, gaz)


def war_reading(doc: Document, ex: Extraction, report: Report, gaz: Gazetteer | None = None) -> Report:
    """The report as the war locale reads it: its scene, day, type, targets and keys replace the US reading's
    (call it for a report ``is_war_report`` accepts; ``read_war_report`` checks first)."""
    title = report_headline(doc)
    gaz = gaz or get_gazetteer()
    tolls = [(c.start, c.end) for c in ex.claims if c.kind == "quantity" and c.measure in TOLL_MEASURES]
    scene: Scene = read_scene(doc.text, title, spots_of(ex.mentions, gaz), gaz, tolls=tolls)
    place = _guess(scene.place, scene.weight, scene.tie) if scene.place is not None else None
    published = parse_iso(doc.published)
    day = war_date(doc.text, published, parse_iso(ex.event_date), _fallback_day(published, report.violent))
    return replace(report, date=day, type=war_type(title, doc.text, report.type), place=place, state=None,
                   region=None, home_open=frozenset(), home=None, locale=WAR,
                   targets=war_targets(title, doc.text), keys=scene_key(place, scene.villages),
                   title_words=headline_words(title))
