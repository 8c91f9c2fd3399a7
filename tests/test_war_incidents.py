"""The war locale (``resolve.war``): scene, day, type, targets, locale and grouping rules, on invented places."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from claimledger.extract.dates import DateExpr
from claimledger.extract.gazetteer import Place, fold
from claimledger.records import Document, Extraction, Mention
from claimledger.resolve.incidents import MERGE_THRESHOLD, candidate_pairs, group_reports, make_incident, pair_score
from claimledger.resolve.incidents_report import PlaceGuess, Report
from claimledger.resolve.war import rules as war_rules
from claimledger.resolve.war.events import war_targets, war_type
from claimledger.resolve.war.locale import WAR, is_war_report, read_war_report, report_headline
from claimledger.resolve.war.pairs import OTHER_LOCALE, war_pair_score
from claimledger.resolve.war.scene import Spot, read_scene
from claimledger.resolve.war.ties import CLOSE, COMMUNITY, NEAR, RAION, fold_ties, scene_villages, tie_of
from claimledger.resolve.war.when import DateContext, guessed_year, page_stamp, period_start, war_date

# --------------------------------------------------------------------------- an invented gazetteer

XA, XB = "XA", "XB"  # an invented country at war, and an invented neighbour
THEATRE = frozenset({XA})


def _place(pid: str, name: str, kind: str, country: str, admin1: str | None, lat: float, lon: float) -> Place:
    return Place(id=pid, name=name, kind=kind, country=country, admin1=admin1, admin1_name=None, lat=lat, lon=lon,
                 population=1000)


PLACES = [
    _place("t:vyrnograd", "Vyrnograd", "city", XA, "01", 48.0, 37.0),
    _place("t:ostrivka", "Ostrivka", "city", XA, "01", 48.1, 37.1),
    _place("t:zelenopil", "Zelenopil", "city", XA, "02", 46.0, 33.0),
    _place("t:korvana", "Korvana", "city", XA, "09", 50.0, 30.0),  # the capital
    _place("t:dalemar", "Dalemar", "city", XA, "02", 46.5, 33.5),
    _place("t:dalemar-oblast", "Dalemar", "admin1", XA, "02", 46.6, 33.6),
    # two towns of one name: the seat of a community in the Dalemar oblast, and its namesake elsewhere
    _place("t:tarnivka-02", "Tarnivka", "city", XA, "02", 46.2, 33.2),
    _place("t:tarnivka-01", "Tarnivka", "city", XA, "01", 48.4, 37.4),
    _place("t:merrow", "Merrow", "city", XB, "07", 55.0, 38.0),  # a town of the neighbour
    _place("t:xb", "Borovia", "country", XB, None, 56.0, 40.0),
    _place("t:xa", "Kestria", "country", XA, None, 49.0, 32.0),
]


class FakeGazetteer:
    """The two lookups the scene rules use, over ``PLACES``."""

    def lookup(self, name: str, *, context_country: str | None = None, context_admin1: str | None = None,
               kinds: tuple[str, ...] | None = None) -> list[Place]:
        key = fold(name)
        return [p for p in PLACES if fold(p.name) == key and (not kinds or p.kind in kinds)]

    def geocode(self, name: str, context_country: str | None = None,
                context_admin1: str | None = None) -> Place | None:
        words = fold(name).split()
        if len(words) > 1 and words[-1] in ("region", "oblast"):
            hits = self.lookup(" ".join(words[:-1]), kinds=("admin1",))
        else:
            hits = [p for p in self.lookup(name) if p.kind != "admin1"] or self.lookup(name)
        return hits[0] if hits else None


GAZ = FakeGazetteer()


def _spots(text: str) -> list[Spot]:
    """Every mention of an invented place in ``text`` (the town entry of a name the oblast shares)."""
    out = []
    for name in sorted({p.name for p in PLACES}):
        for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            out.append(Spot(m.group(0), m.start(), m.end(), GAZ.geocode(name)))
    return sorted(out, key=lambda s: s.start)


def _scene(text: str, title: str = "", tolls: tuple[tuple[int, int], ...] = ()) -> str | None:
    s = read_scene(text, title, _spots(text), GAZ, theatre=THEATRE, tolls=tolls)
    return f"{s.place.name}/{s.place.kind}" if s.place else None


# --------------------------------------------------------------------------- the registry

def test_registry_names_rules_by_family_and_version() -> None:
    names = war_rules.rule_names()
    for r in ("scene/struck.v1", "scene/speaker.v1", "scene/dateline.v1", "date/period_start.v1",
              "type/cues.v1", "targets/nouns.v1", "locale/theatre_and_words.v1"):
        assert r in names


def test_registry_refuses_a_second_rule_of_one_name() -> None:
    @war_rules.rule("test-only", "one.v1")
    def one() -> int:
        return 1

    assert war_rules.rules("test-only") == {"one.v1": one}
    with pytest.raises(ValueError):
        @war_rules.rule("test-only", "one.v1")
        def other() -> int:
            return 2


# --------------------------------------------------------------------------- scene rules

@pytest.mark.parametrize(("text", "title", "want"), [
    # the town struck, not the capital speaking
    ("Rockets hit the town of Vyrnograd, killing 12. Officials in Korvana said the toll would rise.", "",
     "Vyrnograd/city"),
    ("Korvana denied that its forces were near. Twenty died in the strike on Vyrnograd.", "", "Vyrnograd/city"),
    # an agency dateline is the writer's town
    ("KORVANA, May 3 (Wire) - A missile struck a market in Vyrnograd on Tuesday.", "", "Vyrnograd/city"),
    # ... the scene only when nothing else is named
    ("KORVANA (Wire) - An explosion was heard overnight, officials said.", "", "Korvana/city"),
    # the perpetrator country is not the scene
    ("Borovia launched missiles at Vyrnograd overnight.", "", "Vyrnograd/city"),
    # the headline's town
    ("Rescuers worked in Ostrivka all night. Korvana sent crews; Korvana sent food.", "Strike on Ostrivka kills five",
     "Ostrivka/city"),
    ("Rescuers worked in Ostrivka all night. Korvana sent crews; Korvana sent food.", "", "Korvana/city"),
    # "X region" is the oblast, not the town of its name
    ("Shelling hit villages across the Dalemar region overnight.", "", "Dalemar/admin1"),
    # "the X district" is an area, "30 km south of X" locates something else: neither is the town
    ("A drone hit a school in the Ostrivka district, 30 km south of Zelenopil, in Kestria.", "", "Kestria/country"),
    # "the T district of X": a raion named after its town T lies in the oblast X; a city's district in the city
    ("A missile hit a cafe in the Ostrivka district of Dalemar.", "", "Dalemar/admin1"),
    ("Shells hit the Central district of Dalemar.", "", "Dalemar/city"),
    # "X, on the outskirts of Y" is X; a convoy "near Y" is at Y
    ("Rockets hit Ostrivka, on the outskirts of Korvana. Korvana sent help.", "", "Ostrivka/city"),
    ("Rockets hit a convoy near Zelenopil at dawn.", "", "Zelenopil/city"),
    # a town abroad is the scene only where the text says it was struck
    ("Merrow reported nothing. Shelling of Merrow killed two.", "", "Merrow/city"),
    ("A strike hit Vyrnograd. Merrow is where the talks were held, and Merrow stays calm.", "", "Vyrnograd/city"),
    # "the X railway station": the town of the site struck
    ("Crowds waited at the Ostrivka railway station. Zelenopil is far away.", "", "Ostrivka/city"),
])
def test_scene(text: str, title: str, want: str | None) -> None:
    assert _scene(text, title) == want


# --------------------------------------------------------------------------- villages the gazetteer lacks

@pytest.mark.parametrize(("clause", "want"), [
    (" in the Tarnivka community of the Zelenopil district of the Dalemar region",
     [("Tarnivka", COMMUNITY), ("Zelenopil", RAION)]),
    (" is a village in the Tarnivka rural hromada", [("Tarnivka", COMMUNITY)]),
    (", Zelenopil raion, with a missile", [("Zelenopil", RAION)]),
    (", a village 8 km from Zelenopil", [("Zelenopil", CLOSE)]),
    (", some 45 kilometres north-east of the city of Zelenopil", [("Zelenopil", NEAR)]),
    (", near Vyrnograd, on Tuesday", [("Vyrnograd", NEAR)]),
    (", on the outskirts of Vyrnograd", [("Vyrnograd", NEAR)]),
    (" in the Dalemar region", []),
])
def test_tie_of(clause: str, want: list[tuple[str, str]]) -> None:
    assert [(t, k) for t, k, _ in tie_of(clause)] == want


def test_scene_villages_are_the_unknown_ones_of_the_opening_or_the_headline() -> None:
    text = "A missile hit the village of Brenka. Brenka is a village of 300. The village of Ostrivka was calm."
    assert scene_villages(text, GAZ, THEATRE) == ("Brenka",)  # Ostrivka is a town the gazetteer knows
    late = "Rescuers worked all night. " * 40 + "The village of Brenka mourns."
    assert scene_villages(late, GAZ, THEATRE, opening=800) == ()
    assert scene_villages(late, GAZ, THEATRE, title="Brenka mourns", opening=800) == ("Brenka",)


@pytest.mark.parametrize(("text", "title", "want", "tie"), [
    # the seat of the village's district (named after it), not the oblast's centroid
    ("A missile struck the village of Brenka in the Zelenopil district of the Dalemar region, killing 9.", "",
     "Zelenopil/city", RAION),
    # the seat of its community, more specific than its district: the namesake in the oblast the text names
    ("A missile struck the village of Brenka in the Dalemar region, killing 9. Brenka is a village in the Tarnivka "
     "settlement community of the Zelenopil district of the Dalemar region.", "", "Tarnivka/city", COMMUNITY),
    # a town a few kilometres away; a town it lies near
    ("Shells hit Brenka, a village 8 km from Zelenopil, overnight.", "", "Zelenopil/city", CLOSE),
    ("Mourners gathered in the village of Brenka, near Vyrnograd, on Sunday.", "Strike on Brenka kills 9",
     "Vyrnograd/city", NEAR),
    # no town tied to it: its oblast
    ("A missile struck the village of Brenka in the Dalemar region, killing 9.", "", "Dalemar/admin1", None),
    # "a Dalemar village": a village of the oblast, not its capital
    ("Strike on Dalemar village kills 9\n\nRescuers searched the village of Brenka.",
     "Strike on Dalemar village kills 9", "Dalemar/admin1", None),
    # a town the text says was struck stays the scene
    ("A missile hit the city of Vyrnograd, killing 5. Earlier the village of Brenka, near Ostrivka, was shelled.",
     "", "Vyrnograd/city", None),
])
def test_scene_of_a_village_the_gazetteer_lacks(text: str, title: str, want: str, tie: str | None) -> None:
    s = read_scene(text, title, _spots(text), GAZ, theatre=THEATRE)
    assert s.place is not None and f"{s.place.name}/{s.place.kind}" == want
    assert s.tie == tie
    assert "Brenka" in s.villages


def test_scene_counts_the_town_of_a_casualty_figure() -> None:
    text = "Zelenopil was calm on Monday. In Ostrivka, 14 people were killed. Zelenopil mourns."
    start = text.index("14 people")
    assert _scene(text) == "Zelenopil/city"
    assert _scene(text, tolls=((start, start + 9),)) == "Ostrivka/city"


# --------------------------------------------------------------------------- date rules

def _expr(text: str, whole: str, day: date | None) -> DateExpr:
    at = whole.index(text)
    return DateExpr(at, at + len(text), text, day, False)


@pytest.mark.parametrize(("rule", "whole", "expr", "day", "pub", "vetoed"), [
    (period_start, "Hundreds have died since 3 March.", "3 March", date(2031, 3, 3), None, True),
    (period_start, "Borovia, which invaded Kestria on March 3, denied it.", "March 3",
     date(2031, 3, 3), None, True),
    (period_start, "The strike on Friday killed nine.", "Friday", date(2031, 5, 9), None, False),
    (page_stamp, "07/10/2031\nA strike killed nine.", "07/10/2031", date(2031, 7, 10), None, True),
    (page_stamp, "A strike on 10 July killed nine.", "10 July", date(2031, 7, 10), None, False),
    (guessed_year, "It hit the mall on Monday, 27 May.", "Monday, 27 May", date(2028, 5, 27), date(2031, 6, 27),
     True),
    (guessed_year, "It hit the mall on 27 May 2028.", "27 May 2028", date(2028, 5, 27), date(2031, 6, 27), False),
    (guessed_year, "It hit the mall on 27 May.", "27 May", date(2031, 5, 27), date(2031, 6, 27), False),
])
def test_date_rules(rule, whole: str, expr: str, day: date, pub: date | None, vetoed: bool) -> None:  # type: ignore[no-untyped-def]
    assert rule(DateContext(whole, pub), _expr(expr, whole, day)) is vetoed


@pytest.mark.parametrize(("text", "pub", "extracted", "want"), [
    # a period's start is replaced by the attack's day
    ("Missiles hit Vyrnograd on Friday, killing 9. Since 3 March, hundreds have died.",
     date(2031, 5, 10), date(2031, 3, 3), date(2031, 5, 9)),
    # a numeric page stamp read the wrong way round
    ("07/10/2031\nA strike on Thursday killed 5 people in Ostrivka.", date(2031, 10, 7), date(2031, 7, 10),
     date(2031, 10, 2)),
    # a date no rule vetoes stays
    ("A strike on Thursday killed 5 people in Ostrivka.", date(2031, 10, 7), date(2031, 10, 2), date(2031, 10, 2)),
    # nothing left: the fallback
    ("Borovia invaded Kestria on 3 March.", date(2031, 9, 30), date(2031, 3, 3), date(2031, 9, 29)),
])
def test_war_date(text: str, pub: date, extracted: date, want: date) -> None:
    assert war_date(text, pub, extracted, fallback=date(2031, 9, 29)) == want


# --------------------------------------------------------------------------- type and targets

@pytest.mark.parametrize(("title", "text", "want"), [
    ("Missile strike on Vyrnograd", "A ballistic missile hit the centre.", "missile strike"),
    ("", "Warplanes dropped aerial bombs on the market; the air raid lasted an hour.", "airstrike"),
    ("Drones attack Ostrivka", "Several drones hit the depot.", "drone strike"),
    # a drone that filmed the ruins is a camera, not the weapon
    ("Drone footage shows ruins", "Drone video showed the depot a missile hit.", "missile strike"),
    ("", "Artillery shelling and mortar fire continued; shells hit houses.", "shelling"),
    ("", "A blast tore through the barracks; the explosion was heard far away.", "explosion"),
    ("", "A tractor driver stepped on a mine; the landmine had been left in the field.", "mine"),
    ("Two killed in Vyrnograd", "Nobody said what hit the town.", "attack"),
])
def test_war_type(title: str, text: str, want: str) -> None:
    assert war_type(title, text, default="attack") == want


@pytest.mark.parametrize(("title", "text", "want"), [
    ("Strike on railway station", "People waited at the station for trains.", {"station"}),
    ("Missile hits shopping mall", "The mall was full.", {"mall"}),
    ("", "The maternity hospital was hit.", {"hospital"}),
    ("Strike on a pizzeria", "The restaurant was crowded.", {"restaurant"}),
    ("", "The convoy was hit at a market.", {"convoy", "market"}),
    ("", "Prisoners of war died in the prison barracks.", {"prison"}),
    ("", "Nobody said what was hit.", set()),
    # the wounded taken to hospital: no hospital struck
    ("Strike on apartment block", "The apartment block collapsed; nine were taken to hospital, two to a local "
     "hospital.", {"apartment"}),
])
def test_war_targets(title: str, text: str, want: set[str]) -> None:
    assert war_targets(title, text) == frozenset(want)


# --------------------------------------------------------------------------- the locale

def _mention(text: str, at: int, country: str | None) -> Mention:
    return Mention(start=at, end=at + len(text), text=text, type="place", gazetteer_id="t:x", country=country)


@pytest.mark.parametrize(("countries", "text", "war"), [
    (["UA", "UA", "RU"], "Borovian missiles hit the town; troops shelled the outskirts.", True),
    (["UA", "UA"], "The town council met to discuss the budget.", False),  # no words of war
    (["UA"], "A missile strike hit the town; artillery fired.", False),  # one place of the theatre only
    (["RU", "RU", "UA"], "Drones hit the border town; shelling went on.", True),  # a town of the attacker struck
    (["RU", "RU", "RU"], "Troops paraded; missiles were shown.", False),  # nothing in the theatre
    (["US", "US", "US", "UA"], "Police said a shooting left two dead; a war veteran was hurt.", False),
])
def test_is_war_report(countries: list[str], text: str, war: bool) -> None:
    ms = [_mention("Someplace", i * 10, c) for i, c in enumerate(countries)]
    assert is_war_report("", text, ms) is war


def test_headline_is_the_first_line_of_words_when_the_page_has_no_title() -> None:
    doc = Document(id="d", sha256="", path="p", text="Strike on a depot kills three\n\nBody text.")
    assert report_headline(doc) == "Strike on a depot kills three"
    assert report_headline(replace(doc, text="0\nFriday 29 July\nBody")) == ""
    assert report_headline(replace(doc, title="Blast at a plant - Daily Wire")) == "Blast at a plant"


def _us_report(doc: str) -> Report:
    return Report(doc=doc, published=date(2031, 4, 9), date=date(2031, 4, 8), type="shooting", violent=True,
                  place=None, state="OH", names=frozenset(), surnames=frozenset(), streets=frozenset(),
                  title_words=frozenset(), killed=1, injured=None, claims=())


def test_read_war_report_leaves_other_reports_alone() -> None:
    doc = Document(id="d", sha256="", path="p", text="Police said a man was shot on Elm Street.",
                   published="2031-04-09")
    base = _us_report("d")
    assert read_war_report(doc, Extraction(document="d"), base, gaz=GAZ) is base


def test_read_war_report_reads_scene_day_type_and_targets() -> None:
    text = ("Missile strike on Vyrnograd station kills 30\n\nKORVANA, April 8 (Wire) - A Borovian missile struck "
            "the railway station in the city of Vyrnograd on Friday, killing 30 people, officials in Korvana said.")
    mentions = tuple(Mention(start=s.start, end=s.end, text=s.name, type="place",
                             gazetteer_id=s.place.id if s.place else None, canonical=s.place.name if s.place else None,
                             country="UA") for s in _spots(text) if s.place is not None)
    doc = Document(id="d", sha256="", path="p", text=text, published="2031-04-08")
    r = read_war_report(doc, Extraction(document="d", mentions=mentions, event_date="2031-04-08"), _us_report("d"),
                        gaz=GAZ)
    assert r.locale == WAR
    assert r.place is not None and r.place.name == "Vyrnograd" and r.place.kind == "city"
    assert r.state is None and r.region is None and r.home_open == frozenset()
    assert r.date == date(2031, 4, 8)
    assert r.type == "missile strike"
    assert "station" in r.targets
    assert r.keys == frozenset({"scene:t:vyrnograd"})


# --------------------------------------------------------------------------- grouping

def _tied(key: str, admin1: str, tie: str | None, kind: str = "city") -> PlaceGuess:
    return PlaceGuess(name=key, lat=47.0, lon=34.0, key=key, admin1=admin1, country=XA, kind=kind, weight=2.0,
                      tie=tie)


OBLAST = _tied("dalemar-oblast", "02", None, kind="admin1")


@pytest.mark.parametrize(("places", "want"), [
    # the community's seat, named by one report, takes the oblast's votes and the district seat's
    ([OBLAST] * 5 + [_tied("tarnivka", "02", COMMUNITY), _tied("zelenopil", "02", RAION),
                     _tied("vyrnograd", "02", NEAR)], "tarnivka"),
    # a town of another oblast takes none of this oblast's votes
    ([OBLAST] * 5 + [_tied("ostrivka", "01", COMMUNITY)], "dalemar-oblast"),
    # no tie: the votes as they are
    ([OBLAST] * 3 + [_tied("zelenopil", "02", None)], "dalemar-oblast"),
])
def test_fold_ties(places: list[PlaceGuess], want: str) -> None:
    votes: Counter[str] = Counter()
    for p in places:
        votes[p.key] += 2.0 if p.kind == "city" else 1.0
    guesses = {p.key: p for p in places}
    folded = fold_ties(votes, guesses, [(p.key, p.tie) for p in places if p.tie])
    assert max(folded, key=lambda k: folded[k]) == want
    assert sum(folded.values()) == sum(votes.values())


def test_an_incident_of_an_unlocated_village_is_at_the_town_tied_most_specifically() -> None:
    places = [OBLAST] * 5 + [_tied("zelenopil", "02", RAION), _tied("zelenopil", "02", RAION),
                             _tied("tarnivka", "02", COMMUNITY)]
    members = [replace(_war(f"d{i}", D, place=p), keys=frozenset({"village:brenka"})) for i, p in enumerate(places)]
    assert make_incident(members).place == "tarnivka"
    assert make_incident([replace(r, place=replace(r.place, tie=None)) for r in members]).place == "dalemar-oblast"


def test_reports_of_one_unlocated_village_are_of_one_place() -> None:
    a = replace(_war("a", D, place=_tied("zelenopil", "02", RAION)), keys=frozenset({"village:brenka"}))
    b = replace(_war("b", D, place=_tied("vyrnograd", "02", NEAR)), keys=frozenset({"village:brenka"}))
    assert war_pair_score(a, b) == war_pair_score(a, replace(b, place=a.place))
    # without the village in common, two tied towns of one oblast are a region in common, not two far towns
    assert war_pair_score(replace(a, keys=frozenset()), replace(b, keys=frozenset())) > 0

def _town(key: str, lat: float, lon: float) -> PlaceGuess:
    return PlaceGuess(name=key, lat=lat, lon=lon, key=key, admin1="01", country=XA, kind="city", weight=3.0)


VYR, OST, ZEL = _town("vyr", 48.0, 37.0), _town("ost", 48.1, 37.1), _town("zel", 46.0, 33.0)


def _war(doc: str, day: date | None, place: PlaceGuess | None = VYR, targets: tuple[str, ...] = ("station",),
         killed: int | None = 30, kind: str = "missile strike", title: str = "") -> Report:
    return Report(doc=doc, published=day, date=day, type=kind, violent=True, place=place, state=None,
                  names=frozenset(), surnames=frozenset(), streets=frozenset(),
                  title_words=frozenset(title.split()), killed=killed, injured=None, claims=(), locale=WAR,
                  targets=frozenset(targets), keys=frozenset({f"scene:{place.key}"}) if place else frozenset())


D = date(2031, 4, 8)


@pytest.mark.parametrize(("a", "b", "merge"), [
    # one strike, a toll rising over the days
    (_war("a", D, killed=30), _war("b", date(2031, 4, 10), killed=57), True),
    # a report with no date, of the same town and target
    (_war("a", D), _war("b", None, killed=50), True),
    # a village beside the town, the same day and target
    (_war("a", D), _war("b", D, place=OST), True),
    # the same town a year later
    (_war("a", D), _war("b", date(2032, 4, 8)), False),
    # the same town and day, another target
    (_war("a", D), _war("b", D, targets=("restaurant",)), False),
    # a report with no date, another target
    (_war("a", D), _war("b", None, targets=("restaurant",)), False),
    # another town far away, the same day
    (_war("a", D), _war("b", D, place=ZEL), False),
])
def test_war_pair_score(a: Report, b: Report, merge: bool) -> None:
    assert (war_pair_score(a, b) >= MERGE_THRESHOLD) is merge
    assert pair_score(a, b) == war_pair_score(a, b)


def test_a_war_report_and_a_us_report_are_apart() -> None:
    assert pair_score(_war("a", D), _us_report("b")) == OTHER_LOCALE


def test_undated_reports_are_paired_through_their_scene() -> None:
    pairs = set(candidate_pairs([_war("a", D), _war("b", None), _war("c", None, place=ZEL)]))
    assert ("a", "b") in pairs
    assert ("a", "c") not in pairs and ("b", "c") not in pairs


def test_grouping_of_war_reports() -> None:
    reports = [
        _war("s1", D, killed=27), _war("s2", D, killed=35), _war("s3", date(2031, 4, 9), killed=50),
        _war("s4", date(2031, 4, 10), killed=57), _war("s5", None, killed=39),
        # the same town a year later: a restaurant
        _war("r1", date(2032, 6, 27), targets=("restaurant",), killed=3),
        _war("r2", date(2032, 6, 28), targets=("restaurant",), killed=12),
        _war("r3", None, targets=("restaurant",), killed=11),
        # another town of the region, another day
        _war("z1", date(2031, 4, 20), place=ZEL, targets=("convoy",), killed=23),
    ]
    groups = [[r.doc for r in g] for g in group_reports(reports, {})]
    assert sorted(groups) == [["r1", "r2", "r3"], ["s1", "s2", "s3", "s4", "s5"], ["z1"]]


def test_a_stored_war_report_reads_back_the_same() -> None:
    from claimledger.resolve.incremental import decode_report, encode_report

    r = _war("a", D, targets=("station", "mall"))
    assert decode_report(encode_report(r)) == r
    assert r.blocks == frozenset({"scene:vyr"})


def test_a_scene_key_pairs_like_a_name_and_a_busy_one_does_not() -> None:
    from claimledger.resolve.incidents import NAME_BLOCK_MAX, is_candidate

    a, b = _war("a", D), _war("b", None)
    assert is_candidate(a, b, {"scene:vyr": 2})
    assert not is_candidate(a, b, {"scene:vyr": NAME_BLOCK_MAX + 1})
