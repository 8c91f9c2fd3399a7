"""Incident grouping and figures, on hand-made corpora (no model needed)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from claimledger.records import Claim, Document, Extraction, Mention
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.incidents import build_incidents
from claimledger.resolve.incidents_report import document_counts, event_type
from conftest import EVAL, need_shared


def _doc(i: str, text: str, published: str, title: str) -> Document:
    return Document(id=i, sha256=i * 4, path=f"{i}.txt", text=text, title=title, published=published)


def _claim(doc: str, n: int, measure: str, value: int, sentence: str, group: str = "people") -> Claim:
    return Claim(id=f"{doc}:c{n}", document=doc, kind="quantity", sentence=sentence, text=str(value),
                 start=0, end=1, measure=measure, group=group, value=value, low=value, high=value,
                 qualifier="exact")


def _place(text: str, name: str, lat: float, lon: float, state: str) -> Mention:
    i = text.index(name)
    return Mention(i, i + len(name), name, "place", gazetteer_id=f"t:{name}", canonical=name, lat=lat, lon=lon,
                   country="US", admin1=state)


def _person(text: str, name: str) -> Mention:
    i = text.index(name)
    return Mention(i, i + len(name), name, "person")


def _report(i: str, published: str, event: str, town: tuple[str, float, float, str], *, victim: str | None = None,
            killed: int | None = None, injured: int | None = None, title: str = "") -> tuple[Document, Extraction]:
    name, lat, lon, state = town
    text = (f"A man was shot outside a store on Quarry Lane in {name}, police said. "
            + (f"The victim was identified as {victim}. " if victim else ""))
    claims = []
    if killed is not None:
        claims.append(_claim(i, 0, "killed", killed, "killed sentence"))
    if injured is not None:
        claims.append(_claim(i, 1, "injured", injured, "injured sentence"))
    mentions = [_place(text, name, lat, lon, state)] + ([_person(text, victim)] if victim else [])
    ex = Extraction(document=i, mentions=tuple(mentions), claims=tuple(claims), event_date=event)
    return _doc(i, text, published, title or f"Shooting in {name}"), ex


BROOKVALE = ("Brookvale", 39.10, -84.50, "Ohio")
FARHAVEN = ("Farhaven", 41.50, -81.70, "Ohio")


def _corpus(*pairs: tuple[Document, Extraction], near: dict[str, str] | None = None) -> Corpus:
    return Corpus({d.id: d for d, _ in pairs}, {e.document: e for _, e in pairs}, near or {})


def _incidents(corpus: Corpus) -> list:  # type: ignore[type-arg]
    return build_incidents(corpus, EntityIndex())


def test_two_reports_of_one_event_merge() -> None:
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1)
    b = _report("b2", "2020-05-05", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1)
    incs = _incidents(_corpus(a, b))
    assert len(incs) == 1
    inc = incs[0]
    assert inc.documents == ("a1", "b2")
    assert inc.killed == 1 and inc.type == "shooting"
    assert inc.date == "2020-05-03"
    assert inc.lat == pytest.approx(39.10)


def test_no_merge_across_places_or_far_dates() -> None:
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, killed=1)
    b = _report("b2", "2020-05-04", "2020-05-03", FARHAVEN, killed=1)
    c = _report("c3", "2020-07-20", "2020-07-19", BROOKVALE, killed=1)
    incs = _incidents(_corpus(a, b, c))
    assert sorted(i.documents for i in incs) == [("a1",), ("b2",), ("c3",)]


def test_incident_date_is_the_one_most_reports_agree_on() -> None:
    # the first report misread its date (an arrest a week before); the two next ones agree
    a = _report("a1", "2020-05-04", "2020-04-27", BROOKVALE, victim="Darnell Okafor")
    b = _report("b2", "2020-05-05", "2020-05-03", BROOKVALE, victim="Darnell Okafor")
    c = _report("c3", "2020-05-06", "2020-05-04", BROOKVALE, victim="Darnell Okafor")
    (inc,) = _incidents(_corpus(a, b, c))
    assert inc.date == "2020-05-03"


def test_count_update_latest_figure_is_best() -> None:
    # an injured victim died later: the later report's toll is the best estimate; min/max are kept
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=0, injured=2)
    b = _report("b2", "2020-05-09", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=1, injured=1)
    (inc,) = _incidents(_corpus(a, b))
    assert (inc.killed, inc.injured) == (1, 1)
    assert (inc.killed_low, inc.killed_high) == (0, 1)
    assert (inc.injured_low, inc.injured_high) == (1, 2)


def test_figures_of_one_event_are_not_summed() -> None:
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=2)
    b = _report("b2", "2020-05-04", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=2)
    (inc,) = _incidents(_corpus(a, b))
    assert inc.killed == 2


def test_near_duplicates_are_together_when_details_agree() -> None:
    # a republished story with no figures and a later date still joins its original
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, killed=1)
    b = _report("b2", "2020-05-12", None, BROOKVALE)  # type: ignore[arg-type]
    incs = _incidents(_corpus(a, b, near={"b2": "a1"}))
    assert [i.documents for i in incs] == [("a1", "b2")]


def test_near_duplicate_template_pages_about_different_events_stay_apart() -> None:
    # two pages of one site's template look alike, but report other towns months apart
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE)
    b = _report("b2", "2020-09-04", "2020-09-03", FARHAVEN)
    incs = _incidents(_corpus(a, b, near={"b2": "a1"}))
    assert sorted(i.documents for i in incs) == [("a1",), ("b2",)]


def test_near_duplicate_template_pages_weeks_apart_in_one_town_stay_apart() -> None:
    # one site's template around two stories of its own town a month apart: two events
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, title="Teen wounded at a bus stop")
    b = _report("b2", "2020-06-05", "2020-06-04", BROOKVALE, title="Clerk killed during a robbery")
    incs = _incidents(_corpus(a, b, near={"b2": "a1"}))
    assert sorted(i.documents for i in incs) == [("a1",), ("b2",)]


def _quoting(i: str, published: str, event: str, victim: str, spokesman: str,
             title: str) -> tuple[Document, Extraction]:
    """A report from Brookvale naming its victim and quoting the police spokesman."""
    name, lat, lon, state = BROOKVALE
    text = (f"{victim} was shot in {name} on Saturday night, police said. "
            f"Police spokesman {spokesman} asked witnesses to call the department.")
    ex = Extraction(document=i, mentions=(_place(text, name, lat, lon, state), _person(text, victim),
                                          _person(text, spokesman)), event_date=event)
    return _doc(i, text, published, title), ex


def test_one_shared_name_weeks_apart_is_not_one_event() -> None:
    # the same spokesman speaks about two shootings of his town three weeks apart
    a = _quoting("a1", "2020-05-04", "2020-05-02", "Darnell Okafor", "Ray Colton", "Teen wounded at a bus stop")
    b = _quoting("b2", "2020-05-25", "2020-05-23", "Lena Marsh", "Ray Colton", "Clerk killed during a robbery")
    # a follow-up that names the victim and the spokesman again is still the same event
    c = _quoting("c3", "2020-06-20", "2020-06-19", "Darnell Okafor", "Ray Colton", "Suspect charged")
    incs = _incidents(_corpus(a, b, c))
    assert sorted(i.documents for i in incs) == [("a1", "c3"), ("b2",)]


def test_deterministic_under_splitting() -> None:
    reports = [
        _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=1),
        _report("b2", "2020-05-05", "2020-05-03", BROOKVALE, victim="Lena Marsh", killed=1),
        _report("c3", "2020-05-04", "2020-05-03", FARHAVEN, injured=3),
        _report("d4", "2020-06-01", "2020-05-31", FARHAVEN, victim="Omar Felding", killed=2),
    ]
    whole = _incidents(_corpus(*reports))
    # the same corpus assembled in another order (as after ingesting it in two halves)
    halves = _corpus(*(reports[2:] + reports[:2]))
    again = _incidents(halves)
    assert [(i.id, i.documents, i.killed) for i in whole] == [(i.id, i.documents, i.killed) for i in again]
    assert len({i.id for i in whole}) == len(whole) == 3


def test_document_counts_sum_distinct_groups_of_one_sentence_only() -> None:
    s1 = "A woman and her two children were killed."
    claims = [_claim("d", 0, "killed", 1, s1, "women"), _claim("d", 1, "killed", 2, s1, "children"),
              _claim("d", 2, "killed", 3, "Three people died, police said.")]
    assert document_counts(claims, "killed")[0] == 3
    s2 = "Four people were killed, including two children."
    claims = [_claim("d", 0, "killed", 4, s2), _claim("d", 1, "killed", 2, s2, "children")]
    assert document_counts(claims, "killed")[0] == 4
    assert document_counts([], "injured") == (None, ())


def test_event_type() -> None:
    assert event_type("Two men were shot near a park; the gunman fled.") == "shooting"
    assert event_type("An airstrike hit the market, and another air strike followed.") == "airstrike"
    assert event_type("Villagers described the violence.") == "attack"


def test_gva_benchmark_runs_on_a_small_slice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The benchmark end to end on a few articles: an incident for every scored gold incident."""
    need_shared(EVAL / "gva-dev" / "articles.jsonl")
    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "gva.py"
    if not bench.exists():
        pytest.skip("benchmarks/gva.py is not beside the tests")
    out = subprocess.run([sys.executable, str(bench), "8", "--workers", "1", "--db", str(tmp_path / "g.db")],
                         capture_output=True, text=True, check=True, timeout=600)
    assert "incident_found" in out.stdout
    found = next(line for line in out.stdout.splitlines() if line.startswith("incident_found"))
    got, total = found.split()[1].split("/")
    assert int(total) > 0 and int(got) == int(total)


def test_headline_drops_the_sites_name() -> None:
    from claimledger.resolve.incidents_report import headline

    assert headline("Two hurt in shooting - WXYZ | Springfield News, Weather") == "Two hurt in shooting"
    assert headline("Three dead in gunfire :: WXYZ.com") == "Three dead in gunfire"
    assert headline("UPDATE - Arrest made in fatal shooting") == "Arrest made in fatal shooting"
    assert headline("Police search for gunman") == "Police search for gunman"


def test_a_county_unique_to_one_state_names_the_state() -> None:
    from claimledger.resolve.incidents_report import county_states

    states = county_states("Anson Co. deputies said. A shooting at a Trigg County home. Prince George's County.")
    assert states == ["NC", "KY", "MD"]
    assert county_states("Union County") == [], "a county name many states have says nothing"


def test_a_town_name_the_corpus_country_also_has_is_read_there() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "One man was killed in a shooting in Taunton on Friday, police said. Taunton police are investigating."
    i = text.index("Taunton")
    j = text.index("Taunton", i + 1)
    mentions = tuple(Mention(k, k + 7, "Taunton", "place", gazetteer_id="gb", canonical="Taunton", lat=51.01,
                             lon=-3.10, country="GB", admin1="England") for k in (i, j))
    doc = _doc("t", text, "2015-03-02", "1 killed in Taunton shooting")
    place, _ = report_place(doc, Extraction(document="t", mentions=mentions), prior_country="US")
    assert place is not None and place.country == "US" and place.admin1 == "MA"
    alone, _ = report_place(doc, Extraction(document="t", mentions=mentions))
    assert alone is not None and alone.country == "GB", "without a corpus of US news the English town stands"


def test_a_town_the_tagger_once_took_for_a_person_is_still_the_place() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("Police in Brookvale said two men were shot outside a bar. Brookvale officers arrived within minutes. "
            "Brookvale said the bar would stay closed. Jay Patel, the owner, was not hurt.")
    mentions = [Mention(m, m + 9, "Brookvale", "place", gazetteer_id="t:b", canonical="Brookvale", lat=39.1,
                        lon=-84.5, country="US", admin1="Ohio") for m in (text.index("Brookvale"),
                                                                           text.index("Brookvale officers"))]
    k = text.index("Brookvale said")
    mentions.append(Mention(k, k + 9, "Brookvale", "person"))  # the tagger's slip
    i = text.index("Jay Patel")
    mentions.append(Mention(i, i + 9, "Jay Patel", "person"))
    doc = _doc("w", text, "2015-05-18", "Two shot outside Brookvale bar")
    place, _ = report_place(doc, Extraction(document="w", mentions=tuple(mentions)), prior_country="US")
    assert place is not None and place.name == "Brookvale"


def test_a_citys_police_outweighs_a_same_named_neighbourhood_elsewhere() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("A 14-year-old girl was critically wounded in a shooting late Monday in the Gresham neighborhood "
            "on the South Side, Chicago Police said. Gresham residents gathered outside the hospital.")
    i = text.index("Gresham")
    j = text.index("Gresham residents")
    mentions = tuple(Mention(k, k + 7, "Gresham", "place", gazetteer_id="or", canonical="Gresham", lat=45.50,
                             lon=-122.43, country="US", admin1="Oregon") for k in (i, j))
    doc = _doc("g", text, "2016-12-27", "14-year-old girl shot, critically wounded in Gresham")
    place, state = report_place(doc, Extraction(document="g", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Chicago" and state == "IL"


def test_a_compass_quarter_of_a_city_is_in_the_city() -> None:
    from claimledger.resolve.incidents_report import report_place

    doc = _doc("s", "A 16-year-old boy was shot and killed on Saturday night in the South Chicago neighborhood, "
                    "police said.", "2016-05-02", "Teen boy killed in South Chicago shooting")
    place, _ = report_place(doc, Extraction(document="s"), prior_country="US")
    assert place is not None and place.name == "Chicago"


def test_a_street_named_after_a_town_is_not_the_town() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "A man was shot on Farhaven Avenue in Brookvale on Friday, police said."
    i = text.index("Farhaven")
    j = text.index("Brookvale")
    mentions = (Mention(i, i + 8, "Farhaven", "place", gazetteer_id="t:f", canonical="Farhaven", lat=41.5, lon=-81.7,
                        country="US", admin1="Ohio"),
                Mention(j, j + 9, "Brookvale", "place", gazetteer_id="t:b", canonical="Brookvale", lat=39.1,
                        lon=-84.5, country="US", admin1="Ohio"))
    doc = _doc("st", text, "2016-05-02", "Man shot on Friday")
    place, _ = report_place(doc, Extraction(document="st", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Brookvale"


def test_two_parts_of_one_city_are_two_events() -> None:
    def report(i: str, quarter: str, title: str) -> tuple[Document, Extraction]:
        text = f"A man was shot and killed on Sunday in the {quarter} neighborhood of Brookvale, police said."
        k = text.index("Brookvale")
        place = Mention(k, k + 9, "Brookvale", "place", gazetteer_id="t:b", canonical="Brookvale", lat=39.1,
                        lon=-84.5, country="US", admin1="Ohio")
        claim = _claim(i, 0, "killed", 1, text)
        return (_doc(i, text, "2020-05-04", title),
                Extraction(document=i, mentions=(place,), claims=(claim,), event_date="2020-05-03"))

    apart = _incidents(_corpus(report("q1", "Gage Park", "Man killed in Gage Park"),
                               report("q2", "Hyde Park", "Man shot dead in Hyde Park")))
    assert sorted(i.documents for i in apart) == [("q1",), ("q2",)]
    together = _incidents(_corpus(report("q3", "Gage Park", "Man killed in Gage Park"),
                                  report("q4", "Gage Park", "Police name man shot in Gage Park")))
    assert [i.documents for i in together] == [("q3", "q4")]


def _town(text: str, name: str, state: str, start: int = 0) -> Mention:
    """A place mention as the tagger gives it, placed at the gazetteer's town of that name in ``state``."""
    from claimledger.extract.gazetteer import geocode_us

    p = geocode_us(name, state)
    assert p is not None
    i = text.index(name, start)
    return Mention(i, i + len(name), name, "place", gazetteer_id=p.id, canonical=p.name, lat=p.lat, lon=p.lon,
                   country="US", admin1=p.admin1_name)


def test_a_big_citys_name_is_not_made_ambiguous_by_a_village() -> None:
    from claimledger.resolve.incidents_report import _ambiguous_in_country, _gazetteer

    gaz = _gazetteer()
    assert not _ambiguous_in_country(gaz, "Houston", "US", "TX"), "a village of the name elsewhere says little"
    assert _ambiguous_in_country(gaz, "Springfield", "US", "MO"), "several cities of the name: ambiguous"


def test_a_dateline_may_open_with_a_label_word_or_touch_the_sentence() -> None:
    from claimledger.resolve.incidents_report import _dateline

    assert _dateline("Two hurt\n\nNEW HAVEN, Conn. — Two men were hurt on Friday.") == ("New Haven", "Conn.")
    assert _dateline("Two hurt\n\nDAYTON (WXYZ)–Police say two men were hurt.") == ("Dayton", None)
    assert _dateline("BREAKING NEWS - Two men were hurt on Friday.") is None


def test_a_part_of_any_city_is_no_place() -> None:
    from claimledger.resolve.incidents_report import _not_a_place

    for name in ("the West Side", "North Side", "Uptown", "Mid-City", "Metro", "downtown"):
        assert _not_a_place(name), name
    for name in ("Westfield", "Side", "Metropolis"):
        assert not _not_a_place(name), name


def test_a_name_after_block_of_is_a_street() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("A woman was wounded in the 400 block of Kalamazoo in Toledo on Sunday, police said. Neighbors in "
            "the 400 block of Kalamazoo heard three shots.")
    mentions = (_town(text, "Kalamazoo", "MI"), _town(text, "Kalamazoo", "MI", text.index("Toledo")),
                _town(text, "Toledo", "OH"))
    doc = _doc("bl", text, "2016-05-02", "Woman wounded on Sunday")
    place, _ = report_place(doc, Extraction(document="bl", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Toledo"


def test_a_county_of_several_states_picks_the_namesake_town() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("Two men were shot outside a bar in Dover late Saturday. Kent County deputies said both men were "
            "taken to a hospital in Dover and are expected to survive.")
    mentions = tuple(_town(text, "Dover", "NH", k) for k in (0, text.index("Dover") + 1))
    doc = _doc("kc", text, "2016-05-02", "Two men shot outside Dover bar")
    place, state = report_place(doc, Extraction(document="kc", mentions=mentions), prior_country="US")
    assert state == "DE" and place is not None and place.name == "Dover" and place.admin1 == "DE"


def test_the_outlets_home_state_tells_namesake_towns_apart() -> None:
    from claimledger.resolve.incidents_report import outlet_states, report_place

    assert outlet_states("Two hurt in a shooting downtown - WXYZ | Fairview, TN") == {"TN"}
    assert outlet_states("Two hurt in a shooting downtown - WXYZ.com, North Georgia News, Weather") == {"GA"}
    assert outlet_states("Two hurt in a shooting downtown") == frozenset()
    text = "Two men were shot in Athens on Friday night, police said. Both are expected to survive."
    doc = _doc("os", text, "2016-05-02", "Two men shot in Athens - WXYZ News 4, Ohio Valley, Ohio")
    mentions = (_town(text, "Athens", "GA"),)
    place, state = report_place(doc, Extraction(document="os", mentions=mentions), prior_country="US")
    assert state == "OH" and place is not None and place.name == "Athens" and place.admin1 == "OH"


def test_a_county_is_the_place_when_no_town_is_named() -> None:
    from claimledger.resolve.incidents import _km
    from claimledger.resolve.incidents_report import report_place

    text = "A hunter was shot and killed in Adams County, Pa., on Saturday, the coroner said."
    doc = _doc("co", text, "2016-11-28", "Hunter killed in accidental shooting")
    place, state = report_place(doc, Extraction(document="co"), prior_country="US")
    assert state == "PA" and place is not None and place.kind == "county"
    assert _km((place.lat, place.lon), (39.87, -77.22)) < 25  # type: ignore[arg-type]


def test_the_outlets_home_town_is_the_last_resort() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "A teenager was hurt when a gun went off while he was cleaning it, police said."
    doc = _doc("ot", text, "2016-05-02", "Teen hurt in accidental shooting at home - WXYZ 8 | Lakeland, FL")
    place, state = report_place(doc, Extraction(document="ot"), prior_country="US")
    assert state == "FL" and place is not None and place.name == "Lakeland"


def test_a_namesake_town_is_the_one_of_the_state_other_evidence_names() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("Three men were shot in Springfield late Friday and taken to a hospital in Dayton, police said. "
            "Springfield police said the men were standing outside a Springfield bar. The Springfield mayor "
            "called it a senseless act.")
    mentions = (_town(text, "Springfield", "MO"), _town(text, "Dayton", "OH"),
                *(_town(text, "Springfield", "MO", k) for k in (text.index(". ") + 1, text.index("a Springfield"),
                                                                 text.index("The Springfield"))))
    doc = _doc("ns", text, "2016-05-02", "Three men shot in Springfield")
    place, state = report_place(doc, Extraction(document="ns", mentions=mentions), prior_country="US")
    assert state == "OH" and place is not None and place.name == "Springfield" and place.admin1 == "OH"


def test_a_place_a_town_owns_is_a_part_of_that_town() -> None:
    from claimledger.resolve.incidents_report import owned_quarters, report_place

    assert owned_quarters("Shots fired in Houston's Montrose") == {"montrose"}
    assert owned_quarters("Texas's Harris County and Jane Doe's Montrose") == set(), "a state or a person: no"
    text = ("Two men were shot Friday night in Houston's Montrose, police said. Montrose residents heard "
            "several shots. A Montrose bar owner called 911.")
    mentions = (_town(text, "Houston", "TX"),
                *(_town(text, "Montrose", "CO", k) for k in (0, text.index("Montrose r"), text.index("A Montrose"))))
    doc = _doc("ow", text, "2016-05-02", "Two men shot in Montrose")
    place, state = report_place(doc, Extraction(document="ow", mentions=mentions), prior_country="US")
    assert state == "TX" and place is not None and place.name == "Houston"


def test_a_country_named_like_a_us_state_is_the_state_in_a_us_corpus() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "A deputy was wounded in rural Georgia on Friday, the sheriff said. Georgia troopers are searching."
    mentions = tuple(Mention(i, i + 7, "Georgia", "place", country="GE", lat=42.0, lon=43.5)
                     for i in (text.index("Georgia"), text.index("Georgia t")))
    doc = _doc("ge", text, "2016-05-02", "Deputy wounded in Georgia")
    place, state = report_place(doc, Extraction(document="ge", mentions=mentions), prior_country="US")
    assert state == "GA" and place is not None and place.country == "US"


def test_a_foreign_name_said_again_and_again_does_not_outvote_the_corpus_country() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("Two men were shot Friday at the Kilkenny apartments in Memphis, police said. Kilkenny residents "
            "heard shots. The Kilkenny manager said the gate was broken.")
    mentions = (_town(text, "Memphis", "TN"),
                *(Mention(i, i + 8, "Kilkenny", "place", country="IE", lat=52.65, lon=-7.25)
                  for i in (m.start() for m in re.finditer("Kilkenny", text))))
    doc = _doc("ie", text, "2016-05-02", "Two men shot at an apartment complex")
    place, state = report_place(doc, Extraction(document="ie", mentions=mentions), prior_country="US")
    assert state == "TN" and place is not None and place.name == "Memphis"


def test_a_headline_label_does_not_hide_the_dateline_after_it() -> None:
    from claimledger.resolve.incidents_report import _dateline

    assert _dateline("HCSO: Two hurt in shooting\n\nDAYTON -- Police said two men were hurt.") == ("Dayton", None)
    assert _dateline("Two hurt\n\nHARTFORD, Conn.-An update on Friday's shooting.") == ("Hartford", "Conn.")


def test_a_headline_the_tagger_took_for_a_name_does_not_hide_its_town() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "Police Investigate Scranton Shooting\n\nPolice are investigating a shooting in Scranton on Monday."
    mentions = (Mention(7, 36, "Investigate Scranton Shooting", "person"), _town(text, "Scranton", "PA", 40))
    doc = _doc("pi", text, "2016-05-02", "Police Investigate Scranton Shooting")
    place, _ = report_place(doc, Extraction(document="pi", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Scranton" and place.admin1 == "PA"


def test_a_day_before_a_town_in_the_headline_is_cut_off() -> None:
    from claimledger.resolve.incidents_report import report_place

    doc = _doc("sd", "Already a subscriber? Log in.", "2016-05-02", "Suspect in Sunday Scranton shooting surrenders")
    place, _ = report_place(doc, Extraction(document="sd"), prior_country="US")
    assert place is not None and place.name == "Scranton" and place.admin1 == "PA"


def test_a_county_of_one_state_picks_the_namesake_town_of_that_state() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("An Irvine man was shot in Irvine on Friday night. Estill County deputies said the Irvine man "
            "was taken to a hospital and is expected to survive.")
    mentions = tuple(_town(text, "Irvine", "CA", k) for k in (0, 20, 70))
    doc = _doc("ec", text, "2016-05-02", "Irvine man shot in Irvine")
    place, state = report_place(doc, Extraction(document="ec", mentions=mentions), prior_country="US")
    assert state == "KY" and place is not None and place.name == "Irvine" and place.admin1 == "KY"


def test_a_town_ending_the_headline_is_no_police_force_of_the_next_line() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("Teen shot in Olney\n\nPolice say a teenager was shot in the Olney section of Philadelphia "
            "on Monday night.")
    mentions = (_town(text, "Olney", "MD"), _town(text, "Olney", "MD", 30), _town(text, "Philadelphia", "PA"))
    doc = _doc("ks", text, "2016-05-02", "Teen shot in Olney")
    place, state = report_place(doc, Extraction(document="ks", mentions=mentions), prior_country="US")
    assert state == "PA" and place is not None and place.name == "Philadelphia"


def test_a_town_is_a_namesake_only_by_its_own_name() -> None:
    from claimledger.resolve.incidents_report import _namesake_states

    assert _namesake_states("Marthasville", "US") == frozenset({"MO"})  # an old name of Atlanta, a town in Missouri


def test_of_two_towns_of_a_name_in_a_state_the_one_in_the_named_county() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = "A man was shot in Mount Vernon on Friday night, Posey County deputies said."
    doc = _doc("pc", text, "2016-05-02", "Man shot in Mount Vernon")
    mentions = (_town(text, "Mount Vernon", "NY"),)
    place, state = report_place(doc, Extraction(document="pc", mentions=mentions), prior_country="US")
    assert state == "IN" and place is not None and place.name == "Mount Vernon" and place.lat is not None
    assert abs(place.lat - 37.93) < 0.1


def test_an_incident_is_placed_where_most_of_its_reports_place_it() -> None:
    """One report that names a wrong town over and over does not outvote two that agree."""
    from datetime import date

    from claimledger.resolve.incidents import make_incident
    from claimledger.resolve.incidents_report import PlaceGuess, Report

    def report(doc: str, town: str, lat: float, weight: float) -> Report:
        return Report(doc=doc, published=date(2020, 5, 4), date=date(2020, 5, 3), type="shooting", violent=True,
                      place=PlaceGuess(town, lat, -84.5, f"t:{town}", "OH", "US", "city", weight), state="OH",
                      names=frozenset(), surnames=frozenset(), streets=frozenset(), title_words=frozenset(),
                      killed=1, injured=None, claims=())

    members = [report("a1", "Brookvale", 39.1, 6.0), report("b2", "Brookvale", 39.1, 4.0),
               report("c3", "Farhaven", 41.5, 14.0)]
    assert make_incident(members).place_name == "Brookvale"
    # with two towns one report each, the stronger evidence decides
    assert make_incident(members[1:]).place_name == "Farhaven"


def test_a_county_of_several_states_alone_is_the_most_populous_one() -> None:
    """With no town nor state named, a county name several states share is the most populous such county."""
    from claimledger.resolve.incidents_report import report_place

    text = "A man was shot and wounded outside a store in Cook County on Sunday night, deputies said."
    doc = _doc("pc", text, "2016-03-07", "Man wounded in shooting outside store")
    place, state = report_place(doc, Extraction(document="pc"), prior_country="US")
    assert place is not None and place.kind == "county" and place.admin1 == "IL"
    # a guessed state places the report but does not keep it apart from reports of other states
    assert state is None
    # the outlet's home state, named in the page title, outweighs the population
    doc = _doc("pd", text, "2016-03-07", "Man wounded in shooting outside store - South Georgia News")
    place, state = report_place(doc, Extraction(document="pd"), prior_country="US")
    assert state == "GA" and place is not None and place.kind == "county"


def test_a_county_outvotes_its_state_between_one_report_of_each() -> None:
    from datetime import date

    from claimledger.resolve.incidents import make_incident
    from claimledger.resolve.incidents_report import PlaceGuess, Report

    def report(doc: str, guess: PlaceGuess) -> Report:
        return Report(doc=doc, published=date(2020, 5, 4), date=date(2020, 5, 3), type="shooting", violent=True,
                      place=guess, state="OH", names=frozenset(), surnames=frozenset(), streets=frozenset(),
                      title_words=frozenset(), killed=1, injured=None, claims=())

    members = [report("a1", PlaceGuess("Ohio", 40.3, -82.8, "t:oh", "OH", "US", "admin1", 9.0)),
               report("b2", PlaceGuess("Elmwood County", 39.6, -84.1, "t:elm", "OH", "US", "county", 1.2))]
    assert make_incident(members).place_name == "Elmwood County"


def test_a_report_placed_nowhere_of_its_own_is_read_in_the_corpus_country() -> None:
    """A report that names only a county (no town, no state) is placed once the corpus's main country is known."""
    towns = [("Brookvale", 39.10, -84.50, "Ohio"), ("Farhaven", 41.50, -81.70, "Ohio"),
             ("Linden Hollow", 40.10, -83.00, "Ohio"), ("Quarry Bend", 40.80, -81.40, "Ohio"),
             ("Maple Ford", 39.90, -82.20, "Ohio")]
    pairs = [_report(f"t{n}", f"2020-0{n + 1}-10", f"2020-0{n + 1}-09", town) for n, town in enumerate(towns)]
    text = "A hunter was wounded in a shooting in Adams County, the coroner said."
    pairs.append((_doc("k9", text, "2020-08-10", "One wounded in accidental shooting"),
                  Extraction(document="k9", claims=(_claim("k9", 0, "injured", 1, text),), event_date="2020-08-09")))
    lone = next(i for i in _incidents(_corpus(*pairs)) if i.documents == ("k9",))
    assert lone.place_name is not None and "Adams" in lone.place_name


def test_a_page_without_text_is_placed_by_its_address() -> None:
    """A paywalled page says nothing but its headline; its address still names the town."""
    from claimledger.resolve.incidents_report import report_place, url_towns

    text = "Man hurt in accidental shooting\n\nSubscribe to keep reading."
    doc = replace(_doc("pw", text, "2016-05-02", "Man hurt in accidental shooting"),
                  url="http://archive.example/web/2016/http://www.dailyledger.example/news/man-shot-in-oshkosh-home/a1")
    place, state = report_place(doc, Extraction(document="pw"), prior_country="US")
    assert place is not None and place.name == "Oshkosh" and state == "WI"
    # a town's name in an address counts next to a word that makes it a place, or as a path part of its own
    assert url_towns("http://x.example/local/eau-claire/story123.html", "US") == ["eau claire"]
    assert url_towns("http://x.example/news/sheboygan-police-investigate-shooting/", "US") == ["sheboygan"]
    # not a street, a county, or a name that only shares words with a town
    assert url_towns("http://x.example/news/man-shot-on-scranton-ave/", "US") == []
    assert url_towns("http://x.example/news/man-shot-in-scranton-county-park/", "US") == []
    assert url_towns("http://x.example/news/man-shot-while-hunting/", "US") == []


def test_a_page_that_names_no_place_is_placed_at_its_sites_home_town() -> None:
    """The last resort: the town a news site's name gives ("<town>dailyherald", "abc9<town>", "<town>.<site>")."""
    from claimledger.resolve.incidents_report import report_place, site_towns

    text = "A teenager was hurt when a gun went off, police said."
    doc = replace(_doc("st", text, "2016-05-02", "Teen hurt in accidental shooting"),
                  url="http://www.oshkoshdailyherald.example/story/123456")
    place, state = report_place(doc, Extraction(document="st"), prior_country="US")
    assert place is not None and place.name == "Oshkosh" and state == "WI"
    assert site_towns("http://abc9sheboygan.example/news/x", "US") == ["Sheboygan"]
    assert site_towns("http://eauclaire.newsdesk.example/x", "US") == ["Eau Claire"]
    # no town, a state, or a newspaper's own word ("union" of "<x>timesunion") is no home town
    assert site_towns("http://www.thedailynews.example/x", "US") == []
    assert site_towns("http://www.wisconsinherald.example/x", "US") == []
    assert site_towns("http://www.timesunion.example/x", "US") == []
    # a town the text names comes first
    text = "A teenager was hurt in Scranton when a gun went off, police said."
    doc = replace(doc, text=text)
    mentions = (_town(text, "Scranton", "PA"),)
    place, _ = report_place(doc, Extraction(document="st", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Scranton"


def test_a_report_whose_places_all_fall_away_is_placed_by_its_address() -> None:
    """Its only "place" is a foreign namesake of a part of town: the address still names the town."""
    from claimledger.resolve.incidents_report import report_place

    text = "A boy was wounded in a shooting on the Quenby Side on Thursday, police said."
    i = text.index("Quenby Side")
    abroad = Mention(i, i + 11, "Quenby Side", "place", gazetteer_id="t:q", canonical="Quenby Side", lat=52.6,
                     lon=-1.0, country="GB", admin1="ENG")
    doc = replace(_doc("qs", text, "2016-05-02", "Boy wounded in shooting"),
                  url="http://www.example.com/news/boy-wounded-in-oshkosh-shooting/")
    place, state = report_place(doc, Extraction(document="qs", mentions=(abroad,)), prior_country="US")
    assert place is not None and place.name == "Oshkosh" and state == "WI"


def test_a_station_names_its_home_town_in_the_title_without_its_state() -> None:
    from claimledger.resolve.incidents_report import report_place, title_site_towns

    text = "A teenager was hurt when a gun went off, police said."
    doc = _doc("ts", text, "2016-05-02", "Teen hurt in accidental shooting - WXYZ 9 Oshkosh News, Weather & Sports")
    place, state = report_place(doc, Extraction(document="ts"), prior_country="US")
    assert place is not None and place.name == "Oshkosh" and state == "WI"
    assert title_site_towns("Teen hurt - The Daily Courier | News, Weather", "US") == []


def test_a_weakly_guessed_town_neither_joins_nor_parts_two_reports() -> None:
    """The outlet's home town, far from the town another report names, does not keep the two apart."""
    from datetime import date

    from claimledger.resolve.incidents import WEAK_PLACE, pair_score
    from claimledger.resolve.incidents_report import PlaceGuess, Report

    def report(doc: str, guess: PlaceGuess) -> Report:
        return Report(doc=doc, published=date(2020, 5, 4), date=date(2020, 5, 3), type="shooting", violent=True,
                      place=guess, state="OH", names=frozenset(), surnames=frozenset(), streets=frozenset(),
                      title_words=frozenset(), killed=1, injured=None, claims=())

    town = report("a1", PlaceGuess("Brookvale", 39.1, -84.5, "t:b", "OH", "US", "city", 4.0))
    far = PlaceGuess("Farhaven", 41.5, -81.7, "t:f", "OH", "US", "city", 4.0)
    unplaced = pair_score(town, report("b2", PlaceGuess("Ohio", 40.3, -82.8, "t:oh", "OH", "US", "admin1", 3.0)))
    assert pair_score(town, report("b2", far)) < unplaced
    assert pair_score(town, report("b2", replace(far, weight=WEAK_PLACE / 2))) == unplaced


def test_the_state_of_the_sites_home_town_tells_namesake_towns_apart() -> None:
    assert _watertown_read_from("http://www.oshkoshdailyherald.example/news/story/123456") == ("WI", "Watertown", "WI")


def _watertown_read_from(url: str) -> tuple[str | None, str | None, str | None]:
    """(state, town, town's state) of a report of a shooting in "Watertown" on a page of ``url``."""
    from claimledger.resolve.incidents_report import report_place

    text = "A man was shot and wounded in Watertown on Sunday night, police said."
    doc = replace(_doc("sw", text, "2016-05-02", "Man wounded in shooting"), url=url)
    mentions = (_town(text, "Watertown", "MA"),)  # the tagger's pick: the biggest town of the name
    place, state = report_place(doc, Extraction(document="sw", mentions=mentions), prior_country="US")
    return state, place.name if place else None, place.admin1 if place else None

# invented towns: two same-named ones in two states (neither much bigger), a town of one state only,
# and a second name of two states whose namesake in the first state is near the first name's
_INVENTED = {"harrowby": (("OR", 44.0, -121.0, 40_000), ("GA", 33.0, -83.0, 30_000)),
             "pellingford": (("GA", 32.5, -84.0, 200_000),),
             "ostrey": (("GA", 33.3, -83.4, 30_000), ("TX", 31.0, -97.0, 60_000))}


def _invent_towns(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The gazetteer with the invented towns of ``_INVENTED`` (its caches of town names emptied)."""
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.lookup

    def lookup(name: str, **kwargs) -> list[Place]:  # type: ignore[no-untyped-def]
        towns = _INVENTED.get(fold(name))
        if towns is None:
            return real(name, **kwargs)
        return sorted((Place(f"t:{name}:{st}", name.title(), "city", "US", st, None, lat, lon, pop)
                       for st, lat, lon, pop in towns), key=lambda p: -p.population)

    monkeypatch.setattr(gaz, "lookup", lookup)
    for cached in (ir._namesakes, ir._namesake_states, ir._ambiguity_cached, ir._city_in):
        cached.cache_clear()


def test_a_home_town_the_titles_site_part_names_gives_the_outlets_state(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.resolve.incidents_report import title_home_states

    _invent_towns(monkeypatch)
    # a town of one state, or a name one town dominates; a site's label before the headline too
    assert title_home_states("Man shot at a party - WXYZ 5 Pellingford News", "US") == {"GA"}
    assert title_home_states("Pellingford news, man shot at party", "US") == {"GA"}
    # a name two states share about equally says nothing alone ...
    assert title_home_states("Man shot at a party - WXYZ 5 Harrowby News", "US") == frozenset()
    # ... but a market is one area: of two such names, the namesakes near each other
    assert title_home_states("Man shot at a party - WXYZ 5 Harrowby Ostrey News", "US") == {"GA"}
    assert title_home_states("Man shot at a party - WXYZ | Harrowby, Ostrey", "US") == {"GA"}


def test_the_titles_home_town_tips_a_namesake_town_but_not_the_reports_own_state(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.resolve.incidents_report import place_reading, report_place

    _invent_towns(monkeypatch)
    text = "A man was shot in Harrowby on Sunday night, police said."
    i = text.index("Harrowby")
    tagged = Mention(i, i + 8, "Harrowby", "place", gazetteer_id="t:h", canonical="Harrowby", lat=44.0, lon=-121.0,
                     country="US", admin1="OR")  # the tagger's pick: the biggest town of the name
    doc = _doc("th", text, "2016-05-02", "Man shot in Harrowby - WXYZ 5 Pellingford News, Weather")
    place, state = report_place(doc, Extraction(document="th", mentions=(tagged,)), prior_country="US")
    assert state == "GA" and place is not None and place.name == "Harrowby" and place.lat == 33.0
    # what the outlet's other reports teach of its home comes first: a town's state is no state the title names
    reading = place_reading(doc, Extraction(document="th", mentions=(tagged,)), prior_country="US", home="US|OR")
    assert reading.home == "US|OR" and reading.state == "OR"
    # the report's own "City, State" over the outlet's home
    text = "A man was shot in Harrowby, Ore., on Sunday night, police said."
    doc = replace(doc, text=text)
    place, state = report_place(doc, Extraction(document="th", mentions=(tagged,)), prior_country="US")
    assert state == "OR" and place is not None and place.name == "Harrowby" and place.lat == 44.0


def test_the_headlines_town_outweighs_the_dateline_of_the_stations_city(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode_us

    def geocode_us(city: str, state: str) -> Place | None:
        if fold(city) == "dornhaven":  # an invented city, the station's
            return Place("t:d", "Dornhaven", "city", "US", "OH", "Ohio", 40.0, -83.0, 800_000)
        return real(city, state)

    monkeypatch.setattr(gaz, "geocode_us", geocode_us)
    text = ("DORNHAVEN, Ohio (WXYZ) — A Quillmere man was shot in his home on Tuesday night, the sheriff said. "
            "Quillmere neighbours heard two shots.")
    mentions = tuple(Mention(k, k + 9, "Quillmere", "place", gazetteer_id="t:q", canonical="Quillmere", lat=40.6,
                             lon=-82.1, country="US", admin1="Ohio")
                     for k in (text.index("Quillmere"), text.index("Quillmere neighbours")))
    doc = _doc("q", text, "2016-05-02", "Quillmere man shot at home")
    place, state = ir.report_place(doc, Extraction(document="q", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Quillmere" and state == "OH"
    # a headline that names the dateline's city too keeps it
    doc = _doc("q", text, "2016-05-02", "Dornhaven: Quillmere man shot at home")
    place, _ = ir.report_place(doc, Extraction(document="q", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Dornhaven"


def test_a_town_in_a_headline_is_the_stories_place_only_as_itself() -> None:
    from claimledger.resolve.incidents_report import _town_in_headline

    assert _town_in_headline("Quillmere", "Two shot in Quillmere") == 12
    assert _town_in_headline("Quillmere", "Three found dead in Quillmere suburbs") == -1
    assert _town_in_headline("Quillmere", "Quillmere news, man shot at party") == -1
    assert _town_in_headline("Quillmere", "Airman from Dorn-Quillmere base shot") == -1
    assert _town_in_headline("Quillmere", "Shooting near 12th & Quillmere") == -1


def test_the_one_state_that_has_every_town_a_report_names_is_its_state(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.resolve import incidents_report as ir

    # two invented towns: each a big town of its own state and a small one of a third state
    namesake_gazetteer(monkeypatch, {("quillmere", "TX"): (31.0, -97.0), ("quillmere", "KS"): (38.0, -97.5),
                                     ("dornhaven", "IN"): (40.0, -86.0), ("dornhaven", "KS"): (38.1, -97.4)},
                       ambiguous=False)
    text = "A man was shot in Quillmere on Sunday. He was taken to a hospital in Dornhaven, police said."
    mentions = (Mention(text.index("Quillmere"), text.index("Quillmere") + 9, "Quillmere", "place", gazetteer_id="t:q",
                        canonical="Quillmere", lat=31.0, lon=-97.0, country="US", admin1="Texas"),
                Mention(text.index("Dornhaven"), text.index("Dornhaven") + 9, "Dornhaven", "place", gazetteer_id="t:d",
                        canonical="Dornhaven", lat=40.0, lon=-86.0, country="US", admin1="Indiana"))
    doc = _doc("k", text, "2016-05-02", "Man shot on Sunday")
    place, state = ir.report_place(doc, Extraction(document="k", mentions=mentions), prior_country="US")
    assert state == "KS" and place is not None and place.name == "Quillmere" and place.lat == 38.0


def test_a_metropolitan_police_force_is_its_citys(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode

    def geocode(name: str, *args, **kwargs) -> Place | None:  # type: ignore[no-untyped-def]
        if fold(name) == "dornhaven":  # an invented city
            return Place("t:d", "Dornhaven", "city", "US", "TN", "Tennessee", 36.0, -86.7, 600_000)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(gaz, "geocode", geocode)
    text = "A teen was found shot to death on Sunday, according to the Metro Dornhaven Police Department."
    doc = _doc("m", text, "2016-05-02", "Teen found shot to death")
    place, state = ir.report_place(doc, Extraction(document="m"), prior_country="US")
    assert place is not None and place.name == "Dornhaven" and state == "TN"


def test_a_town_of_the_state_beats_the_state_itself() -> None:
    from claimledger.resolve.incidents_report import report_place

    text = ("QUILLMERE COUNTY, Ohio — A man was shot on a farm on Sunday, the sheriff of the Ohio county said. "
            + "Deputies searched the fields and the barns through the night. " * 10
            + "The man was taken to a hospital in Dornhaven.")
    k = text.index("Dornhaven")
    town = Mention(k, k + 9, "Dornhaven", "place", gazetteer_id="t:d", canonical="Dornhaven", lat=40.2, lon=-82.9,
                   country="US", admin1="Ohio")
    o = text.index("Ohio county")
    region = Mention(o, o + 4, "Ohio", "place", gazetteer_id="t:oh", canonical="Ohio", lat=40.3, lon=-82.8,
                     country="US", admin1="Ohio")
    doc = _doc("s", text, "2016-05-02", "Man shot on farm")
    place, state = report_place(doc, Extraction(document="s", mentions=(region, town)), prior_country="US")
    assert state == "OH" and place is not None and place.name == "Dornhaven"


def test_candidate_pairs_come_once_each_and_match_the_pairwise_rule() -> None:
    """The streamed pairs are exactly the pairs ``is_candidate`` accepts, none twice (close dates
    and a shared name at once must not give a pair twice)."""
    import random
    from collections import Counter
    from datetime import date, timedelta
    from itertools import combinations

    from claimledger.resolve.incidents import NAME_BLOCK_MAX, candidate_pairs, is_candidate
    from claimledger.resolve.incidents_report import Report

    rng = random.Random(3)
    names = [f"victim {i}" for i in range(6)] + ["public figure"]
    reports = []
    for i in range(120):
        day = None if rng.random() < 0.1 else date(2021, 1, 1) + timedelta(days=rng.randrange(40))
        held = {rng.choice(names) for _ in range(rng.randrange(3))}
        if i < NAME_BLOCK_MAX + 5:
            held.add("public figure")  # in more reports than a name may pair
        reports.append(Report(doc=f"d{i:03d}", published=day, date=day, type="shooting", violent=True, place=None,
                              state=rng.choice([None, "OH", "IN"]), names=frozenset(held), surnames=frozenset(),
                              streets=frozenset(), title_words=frozenset(), killed=1, injured=None, claims=()))
    got = list(candidate_pairs(reports))
    assert len(got) == len(set(got))
    assert all(a < b for a, b in got)
    counts = Counter(n for r in reports for n in r.names)
    want = {(a.doc, b.doc) for a, b in combinations(reports, 2) if is_candidate(a, b, counts)}
    assert set(got) == want
    assert any(a.date and b.date and abs((a.date - b.date).days) > 3 for a, b in combinations(reports, 2)
               if (a.doc, b.doc) in want)  # pairs by name alone are among them


def test_a_city_part_written_short_is_not_the_state_of_that_postal_code() -> None:
    """"South LA" is part of a city: stripping the compass word leaves "LA", which must not place
    the report in the state with that postal code."""
    from claimledger.resolve.incidents_report import report_place

    text = "A man was shot and wounded near a strip mall in South LA on Tuesday, police said."
    title = "Man wounded in South LA shooting"
    at = text.index("South LA")
    ex = Extraction(document="sla", mentions=(Mention(start=at, end=at + 8, text="South LA", type="place"),))
    place, state = report_place(_doc("sla", text, "2017-04-05", title), ex, prior_country="US")
    assert state != "LA" and (place is None or place.admin1 != "LA")


def test_a_police_force_of_a_hyphenated_town_is_that_town() -> None:
    """"the Wilkes-Barre Police Department" is the force of Wilkes-Barre, not of a town named Barre."""
    from claimledger.resolve.incidents_report import report_place

    text = ("Officers with the Wilkes-Barre Police Department responded to a home on a report of a shooting "
            "and found a man with a gunshot wound to his leg.")
    place, state = report_place(_doc("wb", text, "2017-03-09", "Man shot in leg, police say"),
                                Extraction(document="wb"), prior_country="US")
    assert place is not None and place.name == "Wilkes-Barre" and state == "PA"


# An invented town that two states have (the bigger one in OH), and invented towns of one state each.
NAMESAKES = {("quillmere", "OH"): (40.0, -83.0), ("quillmere", "IN"): (39.5, -86.5)}
QUILLMERE = ("Quillmere", 40.0, -83.0, "Ohio")  # as the tagger places it: the bigger namesake
DORNHAVEN = ("Dornhaven", 39.8, -86.1, "Indiana")
ASHCOMBE = ("Ashcombe", 41.0, -81.5, "Ohio")


def namesake_gazetteer(monkeypatch: pytest.MonkeyPatch, towns: dict[tuple[str, str], tuple[float, float]] = NAMESAKES,
                       *, ambiguous: bool = True) -> None:
    """A gazetteer where invented towns ((folded name, state) -> where) share a name across states
    (``ambiguous``: their names are also ambiguous ones)."""
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    monkeypatch.setattr(ir, "_namesake_states",
                        lambda name, country: frozenset(st for n, st in towns if n == fold(name)))
    if ambiguous:
        monkeypatch.setattr(ir, "_ambiguity", lambda gaz, name, country, admin1: any(n == fold(name) for n, _ in towns))
    gaz = ir._gazetteer()
    real = gaz.geocode_us

    def geocode_us(city: str, state: str) -> Place | None:
        at = towns.get((fold(city), state))
        return Place(f"t:{fold(city)}:{state}", city, "city", "US", state, None, *at) if at else real(city, state)

    monkeypatch.setattr(gaz, "geocode_us", geocode_us)


def outlet_report(i: str, day: int, *towns: tuple[str, float, float, str], outlet: str = "wzqx.example"
                  ) -> tuple[Document, Extraction]:
    """A report of one outlet (its site's address) on a shooting in the first town, the others named much later."""
    first = towns[0][0]
    text = f"A man was shot outside a store in {first} on Sunday, police said. " + "He was taken to a hospital. " * 25
    text += "".join(f"He had lived in {t[0]} for years. " for t in towns[1:])
    mentions = tuple(_place(text, *t) for t in towns)
    published = (date(2020, 1, 1) + timedelta(days=10 * day)).isoformat()
    event = (date(2020, 1, 1) + timedelta(days=10 * day - 1)).isoformat()
    doc = replace(_doc(i, text, published, "Man shot on Sunday"), url=f"https://www.{outlet}/news/{i}.html")
    return doc, Extraction(document=i, mentions=mentions, claims=(_claim(i, 0, "killed", 1, text),), event_date=event)


def _placed(incs: list, doc: str) -> str | None:  # type: ignore[type-arg]
    return next(i.place for i in incs if doc in i.documents)


def test_an_outlets_learned_home_picks_the_namesake_town(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three of the outlet's reports place themselves in IN: its report of a town that OH and IN both
    have is the one in IN; another outlet's report of that town stays with the gazetteer's pick. Two
    reports that agree are enough; one is not, nor two that disagree."""
    namesake_gazetteer(monkeypatch)
    firm = [outlet_report(f"f{k}", k, DORNHAVEN) for k in range(3)]
    ours = outlet_report("t1", 5, QUILLMERE)
    theirs = outlet_report("u1", 8, QUILLMERE, outlet="another.example")
    incs = _incidents(_corpus(*firm, ours, theirs))
    assert _placed(incs, "t1") == "quillmere|IN|US"
    assert _placed(incs, "u1") == "quillmere|OH|US"
    assert _placed(_incidents(_corpus(*firm[:2], ours)), "t1") == "quillmere|IN|US"
    # one report is too few to learn a home from, and two of two regions give none
    assert _placed(_incidents(_corpus(firm[0], ours)), "t1") == "quillmere|OH|US"
    assert _placed(_incidents(_corpus(firm[0], outlet_report("f9", 9, ASHCOMBE), ours)), "t1") == "quillmere|OH|US"


def test_a_reports_own_region_beats_its_outlets_learned_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report whose lead names a town of OH (and a town of IN in passing) is read in OH, although its
    outlet's home, IN, would outweigh that town: the home only picks among namesakes."""
    namesake_gazetteer(monkeypatch)
    firm = [outlet_report(f"f{k}", k, DORNHAVEN) for k in range(3)]
    own = outlet_report("t2", 5, ASHCOMBE, DORNHAVEN)
    bare = outlet_report("t3", 8, QUILLMERE)
    incs = _incidents(_corpus(*firm, own, bare))
    assert _placed(incs, "t2") == "ashcombe|OH|US"
    assert _placed(incs, "t3") == "quillmere|IN|US"


def test_a_sites_name_that_is_a_states_tells_namesake_towns_apart() -> None:
    """"<state>online.example": the outlet's home state, as a home town's state in its site's name does."""
    from claimledger.resolve.incidents_report import site_states

    assert _watertown_read_from("http://www.wisconsinonline.example/news/story/123456") == ("WI", "Watertown", "WI")
    assert site_states("http://nbcwisconsin.example/x") == {"WI"}
    assert site_states("http://newhampshire.example/x") == {"NH"}
    # not a state's name in a longer town's ("<state>city"), nor one a big city of another state has
    assert site_states("http://www.kansascitynews.example/x") == frozenset()
    assert site_states("http://www.washingtonherald.example/x") == frozenset()
    assert site_states("http://www.thedailynews.example/x") == frozenset()


def _alias_gazetteer(monkeypatch: pytest.MonkeyPatch, own_population: int) -> None:
    """A gazetteer where "Quenwick" is a town of DE and an old name of the bigger city of Dornport, ME."""
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.lookup

    def lookup(name: str, **kwargs) -> list[Place]:  # type: ignore[no-untyped-def]
        if fold(name) != "quenwick":
            return real(name, **kwargs)
        return [Place("t:dornport", "Dornport", "city", "US", "ME", None, 44.3, -69.8, 19_000),
                Place("t:quenwick", "Quenwick", "city", "US", "DE", None, 38.9, -75.6, own_population)]

    monkeypatch.setattr(gaz, "lookup", lookup)
    ir._own_named.cache_clear()


@pytest.mark.parametrize("own_population", [3_700, 700])
def test_a_town_of_the_name_itself_before_a_city_that_has_it_as_an_old_name(
        monkeypatch: pytest.MonkeyPatch, own_population: int) -> None:
    """A name is its town's, not a bigger city's that lists it among its old names; but a village's own
    name does not take a city's short name."""
    from claimledger.resolve import incidents_report as ir

    _alias_gazetteer(monkeypatch, own_population)
    text = "Six people were shot at a party in Quenwick on Saturday, police said."
    i = text.index("Quenwick")
    tagged = Mention(i, i + 8, "Quenwick", "place", gazetteer_id="t:dornport", canonical="Dornport", lat=44.3,
                     lon=-69.8, country="US", admin1="ME")  # the tagger's pick: the city with the old name
    doc = _doc("qw", text, "2016-05-02", "Six shot at a party")
    place, state = ir.report_place(doc, Extraction(document="qw", mentions=(tagged,)), prior_country="US")
    assert place is not None
    assert (place.name, state) == (("Quenwick", "DE") if own_population > 2_000 else ("Dornport", "ME"))
    # a town the headline names is looked up the same way
    place, state = ir.report_place(_doc("qw", "Police are investigating.", "2016-05-02", "Six shot at Quenwick party"),
                                   Extraction(document="qw"), prior_country="US")
    assert place is not None
    assert (place.name, state) == (("Quenwick", "DE") if own_population > 2_000 else ("Dornport", "ME"))


def test_a_broadcasters_call_sign_tells_namesake_towns_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """A K station is west of the Mississippi, a W station east of it (or in the plains): of a town two
    states have, the one on its side; a site named otherwise keeps the gazetteer's pick."""
    from claimledger.resolve.incidents_report import call_sign_states, report_place

    _invent_towns(monkeypatch)  # "Harrowby": OR (the bigger) and GA
    text = "A man was shot in Harrowby on Sunday night, police said."
    i = text.index("Harrowby")
    for url, pick, expected in (("http://www.wqzx.example/news/1", "OR", "GA"),
                                ("http://kqzx7.example/news/1", "GA", "OR"),
                                ("http://www.dailyledger.example/news/1", "OR", "OR")):
        tagged = Mention(i, i + 8, "Harrowby", "place", gazetteer_id="t:h", canonical="Harrowby",
                         lat=44.0 if pick == "OR" else 33.0, lon=-121.0 if pick == "OR" else -83.0,
                         country="US", admin1=pick)
        doc = replace(_doc("cs", text, "2016-05-02", "Man shot on Sunday"), url=url)
        place, state = report_place(doc, Extraction(document="cs", mentions=(tagged,)), prior_country="US")
        assert state == expected and place is not None and place.name == "Harrowby", url
    assert "MO" in call_sign_states("http://kqzx.example/") and "IL" not in call_sign_states("http://kqzx.example/")
    assert "IL" in call_sign_states("http://wqzxtv.example/") and "CA" not in call_sign_states("http://wqzx.example/")
    assert call_sign_states("http://www.wired.example/") == frozenset()


def _invent_quenby_county(monkeypatch: pytest.MonkeyPatch) -> None:
    """An invented "Quenby County" of two states: GA's the more populous (90,000), OR's (30,000)."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    sizes = {"GA": (33.0, -83.0, 90_000), "OR": (44.0, -121.0, 30_000)}
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {"quenby": frozenset(sizes)})
    monkeypatch.setattr(ir, "_county_states", dict)  # (no county of one state: not the cached real table's)
    gaz = ir._gazetteer()
    real = gaz.us_county

    def us_county(name: str, state: str) -> Place | None:
        at = sizes.get(state) if name.lower().startswith("quenby") else None
        return Place(f"county:{state}:quenby", "Quenby County", "county", "US", state, None, *at) if at \
            else real(name, state)

    monkeypatch.setattr(gaz, "us_county", us_county)


def test_a_county_several_states_have_is_the_most_populous_on_the_call_signs_side(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.resolve import incidents_report as ir

    _invent_quenby_county(monkeypatch)
    text = "A man was shot in Quenby County on Sunday night, deputies said."
    for url, expected in (("http://kqzx.example/news/1", "OR"), ("http://www.dailyledger.example/news/1", "GA")):
        doc = replace(_doc("qc", text, "2016-05-02", "Man shot on Sunday"), url=url)
        place, _ = ir.report_place(doc, Extraction(document="qc"), prior_country="US")
        assert place is not None and place.key == f"county:{expected}:quenby", url


def test_an_invisible_character_before_a_dateline_does_not_hide_it() -> None:
    from claimledger.resolve.incidents_report import _dateline

    assert _dateline("Two shot overnight\n\n\u200bQUILLMERE -- Police are investigating a shooting.") == \
        ("Quillmere", None)
    assert _dateline("Two shot overnight\n\n\ufeffQUILLMERE, Ohio -- Police said.") == ("Quillmere", "Ohio")


def test_a_town_named_like_a_county_several_states_share_does_not_pick_the_state(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Quenby" is a county of three states and a town of one (IL): a report of "Quenby County"
    deputies that says "Quenby" for short, from an outlet of GA, is read in GA (the county), not
    in the IL town's state, which the county's own name would vote for as a county and town of IL."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    namesake_gazetteer(monkeypatch, {("quenby", "IL"): (41.5, -89.0)}, ambiguous=False)
    counties = {"GA": (33.6, -84.2), "IL": (41.9, -88.7), "OR": (44.0, -121.0)}
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {"quenby": frozenset(counties)})
    gaz = ir._gazetteer()
    real = gaz.us_county

    def us_county(name: str, state: str) -> Place | None:
        at = counties.get(state) if name.lower().startswith("quenby") else None
        return Place(f"county:{state}:quenby", "Quenby County", "county", "US", state, None, *at, 700_000) if at \
            else real(name, state)

    monkeypatch.setattr(gaz, "us_county", us_county)
    text = ("Quenby County deputies said a man was shot at a home in Quenby on Sunday. "
            "He was taken to a hospital. The Quenby man had lived there for years.")
    mentions = tuple(Mention(m.start(), m.end(), "Quenby", "place", gazetteer_id="t:quenby", canonical="Quenby",
                             lat=41.5, lon=-89.0, country="US", admin1="Illinois")
                     for m in re.finditer(r"Quenby(?! County)", text))
    doc = _doc("qt", text, "2016-05-02", "Man shot in Quenby home - The Evening Ledger | Georgia")
    place, state = ir.report_place(doc, Extraction(document="qt", mentions=mentions))
    assert state == "GA" and place is not None and place.key == "county:GA:quenby", place


def test_a_dateline_after_another_story_is_the_reports_when_the_headline_names_its_town() -> None:
    """A page opens with an old story of another state ("Quillmere, Ohio") before the report's own
    dateline of the headline's town: the report is in the dateline's town and state. A dateline
    deeper in the text whose town the headline does not name is no dateline."""
    from claimledger.resolve.incidents_report import _headline_dateline, report_place

    old = "In 1990 a man was shot outside a Quillmere, Ohio, clinic. " + "The case led to a new law. " * 15 + "\n\n"
    text = old + "DORNHAVEN, Ind. -- Dornhaven police say a teen was shot near Elm Street on Sunday. He is stable."
    mentions = (_place(text, "Quillmere", 40.0, -83.0, "Ohio"), _place(text, "Dornhaven", 39.8, -86.1, "Indiana"))
    doc = _doc("hd", text, "2016-05-02", "Teen shot in Dornhaven")
    geo = {("dornhaven", "IN"): (39.8, -86.1), ("quillmere", "OH"): (40.0, -83.0)}
    with pytest.MonkeyPatch.context() as mp:
        namesake_gazetteer(mp, geo, ambiguous=False)
        place, state = report_place(doc, Extraction(document="hd", mentions=mentions), prior_country="US")
    assert state == "IN" and place is not None and place.name == "Dornhaven", (place, state)
    assert _headline_dateline(text, "Teen shot on Sunday") is None


def test_a_police_forces_acronym_names_the_town_of_its_initials(monkeypatch: pytest.MonkeyPatch) -> None:
    """"NEPD" is the force of a town of initials N.E.: the most populous, or the one of the state
    the report names, or else of its broadcaster's side of the Mississippi ("wqzx": east); "QMPD" is
    Quillmere's metropolitan force; one letter ("APD") names no town."""
    from claimledger.resolve import incidents_report as ir

    towns = {("new eastfield", "OR"): (45.0, -122.0), ("north elmwood", "GA"): (33.0, -84.0),
             ("quillmere", "OH"): (40.0, -83.0), ("dornhaven", "GA"): (33.5, -84.5), ("ashby", "TX"): (30.0, -97.0)}
    namesake_gazetteer(monkeypatch, towns, ambiguous=False)
    table = {"NE": (("New Eastfield", "OR", 400_000), ("North Elmwood", "GA", 150_000)),
             "Q": (("Quillmere", "OH", 500_000),), "A": (("Ashby", "TX", 900_000),)}
    monkeypatch.setattr(ir._gazetteer(), "initial_towns", lambda country, population: table)

    def placed(title: str, text: str, *mentions: Mention, url: str = "https://www.dailyledger.example/1") -> str | None:
        doc = replace(_doc("pd", text, "2016-05-02", title), url=url)
        place, _ = ir.report_place(doc, Extraction(document="pd", mentions=mentions), prior_country="US")
        return place.key if place is not None else None

    stub = "A man was shot on Sunday night, police said. He was taken to a hospital."
    assert placed("NEPD: Man shot on Sunday", stub) == "new eastfield|OR|US"
    named = "A man was shot on Sunday night, police said. He had lived in Dornhaven for years."
    assert placed("NEPD: Man shot on Sunday", named, _place(named, "Dornhaven", 33.5, -84.5, "Georgia")) \
        == "north elmwood|GA|US"
    assert placed("NEPD: Man shot on Sunday", stub, url="https://www.wqzx.example/news/1") == "north elmwood|GA|US"
    assert placed("QMPD: Man shot on Sunday", stub) == "quillmere|OH|US"
    assert placed("APD: Man shot on Sunday", stub) is None


def test_a_headlines_town_after_in_or_near_is_the_scene(monkeypatch: pytest.MonkeyPatch) -> None:
    """"Eastfield man shot while hunting near Millbrook": the report names the man's home town more
    often, but the headline says where he was shot; a town the headline names otherwise gains nothing."""
    from claimledger.resolve import incidents_report as ir

    towns = {("eastfield", "OR"): (45.0, -122.0), ("millbrook", "OR"): (44.5, -123.0),
             ("millbrook", "NV"): (39.0, -119.0)}
    namesake_gazetteer(monkeypatch, towns, ambiguous=False)
    text = ("An Eastfield man was shot on Sunday while hunting, deputies said. The Eastfield man, 40, was taken "
            "to a hospital. He had lived in Eastfield for years. The hunting party had set out from Millbrook.")
    mentions = tuple(Mention(m.start(), m.end(), m.group(0), "place", gazetteer_id=f"t:{m.group(0)}",
                             canonical=m.group(0), lat=45.0 if m.group(0) == "Eastfield" else 44.5,
                             lon=-122.0 if m.group(0) == "Eastfield" else -123.0, country="US", admin1="Oregon")
                     for m in re.finditer(r"Eastfield|Millbrook", text))

    def placed(title: str) -> str | None:
        doc = _doc("sc", text, "2016-05-02", title)
        place, _ = ir.report_place(doc, Extraction(document="sc", mentions=mentions))
        return place.key if place is not None else None

    assert placed("Eastfield man shot while hunting near Millbrook") == "millbrook|OR|US"
    assert placed("Eastfield man shot while hunting, Millbrook party says") == "eastfield|OR|US"


def test_a_site_named_after_a_state_picks_that_states_namesake_town(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report naming "Harrowby", a town of OR (the bigger) and of GA, again and again, on a site named
    after Georgia and with nothing else to tell, is of the GA town; on a site that names no state, of the
    gazetteer's pick."""
    from claimledger.resolve.incidents_report import report_place

    _invent_towns(monkeypatch)
    text = ("A man was shot outside a store in Harrowby on Sunday, police said. The Harrowby man was taken to "
            "a hospital. Harrowby police are asking for help. A Harrowby store owner called them.")
    mentions = tuple(Mention(m.start(), m.end(), "Harrowby", "place", gazetteer_id="t:h", canonical="Harrowby",
                             lat=44.0, lon=-121.0, country="US", admin1="OR") for m in re.finditer("Harrowby", text))
    for url, expected in (("http://georgiaonline.example/news/1", "GA"),
                          ("http://www.thedailyledger.example/news/1", "OR")):
        doc = replace(_doc("sh", text, "2016-05-02", "Man shot on Sunday"), url=url)
        place, state = report_place(doc, Extraction(document="sh", mentions=mentions))
        assert state == expected and place is not None and place.name == "Harrowby", url


def test_a_county_places_the_report_in_the_town_it_names_near_the_countys_centre(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Quenby County deputies" and a town named once, in passing: the report is in that town when the
    town lies near the county's centre, at the county when the only town it names is far from it."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    namesake_gazetteer(monkeypatch, {("millbrook", "OR"): (44.1, -121.1), ("eastfield", "OR"): (45.5, -123.0)},
                       ambiguous=False)
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {"quenby": frozenset({"OR"})})
    gaz = ir._gazetteer()
    real = gaz.us_county
    monkeypatch.setattr(gaz, "us_county", lambda name, state: Place(
        "county:OR:quenby", "Quenby County", "county", "US", "OR", None, 44.0, -121.0, 50_000)
        if name.lower().startswith("quenby") and state == "OR" else real(name, state))

    def placed(town: str, lat: float, lon: float) -> str | None:
        text = ("Quenby County deputies said a man was shot at a home on Sunday night. " + "He is stable. " * 60
                + f"The man had lived in {town} for years.")
        doc = _doc("ct", text, "2016-05-02", "Man shot on Sunday")
        place, _ = ir.report_place(doc, Extraction(document="ct", mentions=(_place(text, town, lat, lon, "Oregon"),)))
        return place.key if place is not None else None

    assert placed("Millbrook", 44.1, -121.1) == "millbrook|OR|US"
    assert placed("Eastfield", 45.5, -123.0) == "county:OR:quenby"


def test_a_county_several_states_have_is_the_one_nearest_the_outlets_home_town(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A station of Eastfield, Oregon reports a shooting in "Quenby County", a county of WA (near) and of
    WV (far) and not of OR: the report is in the WA county, not in the station's own city; the station's
    city, named with its state, is no town of the report whose namesake in WV would back that county."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    namesake_gazetteer(monkeypatch, {("eastfield", "OR"): (44.0, -121.0), ("eastfield", "WV"): (38.5, -81.0)},
                       ambiguous=False)
    counties = {"WA": (46.0, -121.0), "WV": (38.0, -81.0)}
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {"quenby": frozenset(counties)})
    gaz = ir._gazetteer()
    real = gaz.us_county

    def us_county(name: str, state: str) -> Place | None:
        at = counties.get(state) if name.lower().startswith("quenby") else None
        return Place(f"county:{state}:quenby", "Quenby County", "county", "US", state, None, *at, 900_000) if at \
            else real(name, state)

    monkeypatch.setattr(gaz, "us_county", us_county)
    text = "Two men were shot in Quenby County on Sunday night, deputies said. Both are expected to survive."
    doc = _doc("nc", text, "2016-05-02", "Two shot in Quenby County - WQZX News - Eastfield, Oregon")
    place, state = ir.report_place(doc, Extraction(document="nc"), prior_country="US")
    assert state == "WA" and place is not None and place.key == "county:WA:quenby", place


def test_a_county_named_again_and_again_is_one_guess_of_its_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """"Quenby County", of GA (the more populous) and of OR, named four times by a report of a site named
    after Oregon: the most populous county is one guess, however often named, and the site's state
    outweighs it."""
    from claimledger.resolve import incidents_report as ir

    _invent_quenby_county(monkeypatch)
    text = ("A man was shot in Quenby County on Sunday night, deputies said. Quenby County deputies found him "
            "at a home. The Quenby County sheriff said a suspect was held. Quenby County schools were closed.")
    doc = replace(_doc("qg", text, "2016-05-02", "Man shot on Sunday"), url="http://oregononline.example/news/1")
    place, _ = ir.report_place(doc, Extraction(document="qg"), prior_country="US")
    assert place is not None and place.key == "county:OR:quenby", place


def test_a_name_the_text_follows_with_county_is_the_county_not_a_town() -> None:
    """The tagger may take "Dornhaven" of "the Dornhaven County Sheriff's Office" alone, as some town of the name."""
    from claimledger.resolve.incidents_report import report_place

    for county in ("County", "Co.", "Parish"):
        text = f"A girl was killed on Tuesday, the Dornhaven {county} Sheriff's Office said."
        k = text.index("Dornhaven")
        town = Mention(k, k + 9, "Dornhaven", "place", gazetteer_id="t:d", canonical="Dornhaven", lat=34.0,
                       lon=-81.0, country="US", admin1="South Carolina")
        doc = _doc("cty", text, "2016-05-02", "Girl killed in accidental shooting")
        place, _ = report_place(doc, Extraction(document="cty", mentions=(town,)), prior_country="US")
        assert place is None or place.name != "Dornhaven", county


def test_a_datelines_county_is_a_county_of_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """"QUENBY COUNTY —" is read as the text's counties are, never geocoded as a town (or a state) of that name."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    _invent_quenby_county(monkeypatch)
    gaz = ir._gazetteer()
    real = gaz.geocode
    monkeypatch.setattr(gaz, "geocode", lambda name, *a, **k: Place(
        "t:q", "Quenby County", "city", "US", "OR", "Oregon", 44.0, -121.0, 5000) if name.lower().startswith(
        "quenby") else real(name, *a, **k))
    doc = _doc("dq", "QUENBY COUNTY — A man was shot on Sunday night, deputies said.", "2016-05-02", "Man shot")
    place, _ = ir.report_place(doc, Extraction(document="dq"), prior_country="US")
    assert place is not None and place.key == "county:GA:quenby"


def test_a_datelines_county_of_one_state_names_its_towns_state() -> None:
    """"DORNHAVEN, MECOSTA COUNTY —": only one state has the county."""
    from claimledger.resolve import incidents_report as ir

    doc = _doc("dm", "DORNHAVEN, MECOSTA COUNTY — A man was shot on Sunday night, deputies said.", "2016-05-02",
               "Man shot")
    place, state = ir.report_place(doc, Extraction(document="dm"), prior_country="US")
    assert state == "MI" and place is not None


def test_a_namesake_town_alone_is_the_one_of_the_sites_home_state_before_the_call_signs_side() -> None:
    """A "Bloomington" of several states, with nothing else to tell which, is the site's home state's (its
    name says Indiana), not the biggest one on the call sign's side of the Mississippi (Minnesota's)."""
    from claimledger.resolve.incidents_report import report_place

    text = "Two men were shot in Bloomington on Friday night, Bloomington police said."
    doc = replace(_doc("bl", text, "2016-05-02", "Bloomington police investigate shooting"),
                  url="http://indianadaily.wxyz.example/news/two-men-shot")
    place, state = report_place(doc, Extraction(document="bl", mentions=(_town(text, "Bloomington", "MN"),)),
                                prior_country="US")
    assert state == "IN" and place is not None and place.name == "Bloomington"


def test_a_county_the_pages_address_names_places_a_report_that_names_none() -> None:
    """A paywall's stub names no place; its address "/man-shot-in-mecosta-county/" names the county."""
    from claimledger.resolve.incidents_report import report_place, url_counties

    assert url_counties("http://x.example/news/man-shot-in-mecosta-county/123") == ["Mecosta"]
    assert url_counties("http://x.example/news/county-fair-opens/") == []
    doc = replace(_doc("uc", "Subscribe to read the full story.", "2016-05-02", "Man shot on Sunday"),
                  url="http://www.dailyledger.example/news/man-shot-in-mecosta-county/123")
    place, state = report_place(doc, Extraction(document="uc"), prior_country="US")
    assert state == "MI" and place is not None and place.key == "county:MI:mecosta"

def _invent_places(monkeypatch, towns: dict, counties: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """The gazetteer with invented towns (folded name -> places) and US counties (folded name without
    'County' -> one place per state); the real gazetteer answers every other name."""
    from claimledger.extract.gazetteer import fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real_lookup, real_county, real_sets = gaz.lookup, gaz.us_county, ir._county_state_sets()

    def us_county(name: str, state: str):  # type: ignore[no-untyped-def]
        mine = [p for p in counties.get(fold(name).removesuffix(" county"), ()) if p.admin1 == state]
        return mine[0] if mine else real_county(name, state)

    monkeypatch.setattr(gaz, "lookup", lambda name, **kw: towns.get(fold(name)) or real_lookup(name, **kw))
    monkeypatch.setattr(gaz, "us_county", us_county)
    sets = {name: frozenset(p.admin1 for p in places) for name, places in counties.items()}
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {**real_sets, **sets})
    for cached in (ir._namesakes, ir._namesake_states, ir._ambiguity_cached, ir._city_in, ir._colocated_states):
        cached.cache_clear()


def _quenby_ga_tx() -> dict:  # type: ignore[type-arg]
    from claimledger.extract.gazetteer import Place

    return {"quenby": [Place("county:GA:quenby", "Quenby County", "county", "US", "GA", None, 33.7, -84.2, 90_000),
                       Place("county:TX:quenby", "Quenby County", "county", "US", "TX", None, 31.0, -97.0, 90_000)]}


def test_a_bare_name_its_outlets_home_state_has_only_as_a_county_is_that_county(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    # an invented village of Oregon, and invented counties of Georgia and Texas
    _invent_places(monkeypatch, {"quenby": [Place("t:q", "Quenby", "city", "US", "OR", None, 44.0, -121.0, 3_000)]},
                   _quenby_ga_tx())
    text = "Two people were shot at a Quenby apartment complex on Sunday night, police said."
    i = text.index("Quenby")
    tagged = Mention(i, i + 6, "Quenby", "place", gazetteer_id="t:q", canonical="Quenby", lat=44.0, lon=-121.0,
                     country="US", admin1="OR")
    doc = _doc("qb", text, "2016-05-02", "Two shot at Quenby apartments")
    ex = Extraction(document="qb", mentions=(tagged,))
    alone = ir.place_reading(doc, ex, prior_country="US")
    assert alone.state == "OR" and "US|GA" in alone.home_open  # a home of a Quenby County may read it
    homed = ir.place_reading(doc, ex, prior_country="US", home="US|GA")
    assert homed.home == "US|GA" and homed.state == "GA"
    assert homed.place is not None and homed.place.kind == "county" and homed.place.admin1 == "GA"
    assert homed.region == alone.region  # what the report's own words say of its region is unchanged
    # the report's own "Quenby, Ore." is the town, whatever its outlet's home
    doc = replace(doc, text=text.replace("a Quenby apartment complex", "an apartment complex in Quenby, Ore.,"))
    i = doc.text.index("Quenby")
    ex = Extraction(document="qb", mentions=(replace(tagged, start=i, end=i + 6),))
    assert ir.place_reading(doc, ex, prior_country="US", home="US|GA").state == "OR"


def test_a_town_whose_namesake_lies_in_the_county_the_report_names_is_that_namesake(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    # an invented big town of Oregon and its small namesake in Georgia's (invented) Quenby County
    towns = {"millbrook": [Place("t:m:or", "Millbrook", "city", "US", "OR", None, 44.0, -121.0, 250_000),
                           Place("t:m:ga", "Millbrook", "city", "US", "GA", None, 33.75, -84.1, 2_000)]}
    _invent_places(monkeypatch, towns, _quenby_ga_tx())
    text = ("Millbrook police said a man was shot in Millbrook on Sunday night. Deputies of the Quenby County "
            "Sheriff's Office helped Millbrook officers search for the gunman.")
    mentions = tuple(Mention(k, k + 9, "Millbrook", "place", gazetteer_id="t:m:or", canonical="Millbrook",
                             lat=44.0, lon=-121.0, country="US", admin1="OR")
                     for k in (m.start() for m in re.finditer("Millbrook", text)))
    doc = _doc("mb", text, "2016-05-02", "Man shot in Millbrook")
    reading = ir.place_reading(doc, Extraction(document="mb", mentions=mentions), prior_country="US")
    assert reading.state == "GA" and reading.place is not None and reading.place.name == "Millbrook"
    assert reading.place.admin1 == "GA"


def test_a_region_named_again_and_again_counts_less_each_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode_us

    def geocode_us(city: str, state: str) -> Place | None:
        if fold(city) == "dornhaven":  # an invented city
            return Place("t:d", "Dornhaven", "city", "US", "OH", "Ohio", 40.0, -83.0, 80_000)
        return real(city, state)

    monkeypatch.setattr(gaz, "geocode_us", geocode_us)
    text = ("DORNHAVEN, Ohio — The suspect was arrested in Mississippi on Tuesday. Mississippi deputies held him, "
            "and he waits in Mississippi to be sent back from Mississippi to face charges of the shooting.")
    mentions = tuple(Mention(k, k + 11, "Mississippi", "place", gazetteer_id="t:ms", canonical="Mississippi",
                             lat=32.7, lon=-89.7, country="US", admin1="Mississippi")
                     for k in (m.start() for m in re.finditer("Mississippi", text)))
    doc = _doc("dh", text, "2016-05-02", "Suspect in shooting arrested")
    reading = ir.place_reading(doc, Extraction(document="dh", mentions=mentions), prior_country="US")
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Dornhaven"


def test_a_town_far_from_the_county_the_event_is_in_is_not_its_scene(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real_county, real_sets = gaz.us_county, ir._county_state_sets()

    def us_county(name: str, state: str) -> Place | None:
        if fold(name).removesuffix(" county") == "quenby" and state == "TX":  # an invented county of Texas
            return Place("county:TX:quenby", "Quenby County", "county", "US", "TX", None, 32.3, -95.3, 200_000)
        return real_county(name, state)

    monkeypatch.setattr(gaz, "us_county", us_county)
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {**real_sets, "quenby": frozenset({"TX"})})
    text = ("Deputies are looking for a Quillmere man after a man was shot dead at a Quenby County truck stop "
            "on Saturday, the sheriff said.")
    mentions = tuple(Mention(k, k + 9, "Quillmere", "place", gazetteer_id="t:ql", canonical="Quillmere",
                             lat=32.5, lon=-94.7, country="US", admin1="Texas")  # some 60 km away
                     for k in (m.start() for m in re.finditer("Quillmere", text)))
    doc = _doc("qc", text, "2016-05-02", "Man shot dead at truck stop")
    reading = ir.place_reading(doc, Extraction(document="qc", mentions=mentions), prior_country="US")
    assert reading.state == "TX" and reading.place is not None and reading.place.kind == "county"
    assert reading.place.name == "Quenby County"
    # the county's own office is no scene: "at the Quenby County Jail" says nothing of where it happened
    doc = replace(doc, text=text.replace("at a Quenby County truck stop", "at a truck stop; he is in the Quenby "
                                                                              "County Jail"))
    mentions = tuple(replace(m, start=k, end=k + 9) for m, k in
                     zip(mentions, (m.start() for m in re.finditer("Quillmere", doc.text)), strict=True))
    reading = ir.place_reading(doc, Extraction(document="qc", mentions=mentions), prior_country="US")
    assert reading.place is not None and reading.place.name == "Quillmere"


def test_an_outlets_home_reads_a_datelines_namesake_town_against_a_passing_town_elsewhere(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.resolve import incidents_report as ir

    monkeypatch.setitem(_INVENTED, "quillmere", (("TX", 31.5, -97.5, 5_000),))  # a town of a third state
    _invent_towns(monkeypatch)
    text = ("HARROWBY (WXYZ) — Two teenagers were shot on Friday night on the east side, police said. "
            + "Both were taken to a hospital in stable condition. " * 12
            + "One of them had moved from Quillmere last year.")
    i = text.index("Quillmere")
    tagged = Mention(i, i + 9, "Quillmere", "place", gazetteer_id="t:p", canonical="Quillmere", lat=31.5,
                     lon=-97.5, country="US", admin1="TX")
    doc = _doc("hd", text, "2016-05-02", "Two teenagers shot on the east side")
    ex = Extraction(document="hd", mentions=(tagged,))
    alone = ir.place_reading(doc, ex, prior_country="US")
    assert alone.region == "US|TX" and alone.state == "OR" and "US|GA" in alone.home_open
    # (the gazetteer's pick is the bigger Harrowby, of Oregon; the outlet's home is Georgia)
    homed = ir.place_reading(doc, ex, prior_country="US", home="US|GA")
    assert homed.state == "GA" and homed.place is not None and homed.place.name == "Harrowby"
    assert homed.place.lat == 33.0


def test_a_force_of_a_city_and_its_county_is_the_citys(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode

    def geocode(name: str, *args, **kwargs) -> Place | None:  # type: ignore[no-untyped-def]
        if fold(name) == "dornhaven":  # an invented city
            return Place("t:d", "Dornhaven", "city", "US", "GA", "Georgia", 32.0, -81.1, 150_000)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(gaz, "geocode", geocode)
    text = ("The Dornhaven-Quenby Metropolitan Police Department is investigating after a 4-year-old was shot "
            "in the hand at a hotel on Sunday morning.")
    doc = _doc("dq", text, "2016-05-02", "Police seek suspect in hotel shooting")
    reading = ir.place_reading(doc, Extraction(document="dq"), prior_country="US")
    assert reading.place is not None and reading.place.name == "Dornhaven" and reading.state == "GA"


def test_a_county_of_several_states_still_names_the_us(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real_county, real_sets = gaz.us_county, ir._county_state_sets()

    def us_county(name: str, state: str) -> Place | None:
        if fold(name).removesuffix(" county") == "quenby" and state in ("GA", "TX"):  # invented counties
            return Place(f"county:{state}:quenby", "Quenby County", "county", "US", state, None,
                         33.7 if state == "GA" else 31.0, -84.2 if state == "GA" else -97.0,
                         90_000 if state == "GA" else 40_000)
        return real_county(name, state)

    monkeypatch.setattr(gaz, "us_county", us_county)
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {**real_sets, "quenby": frozenset({"GA", "TX"})})
    text = ("Quenby County deputies said a man was shot at his home on Sunday. The man had come back from Kenya "
            "a week before.")
    mentions = tuple(Mention(k, k + 5, "Kenya", "place", gazetteer_id="t:ke", canonical="Kenya", lat=0.5,
                             lon=37.9, country="KE")
                     for k in (m.start() for m in re.finditer("Kenya", text)))
    doc = _doc("qk", text, "2016-05-02", "Man shot at his home")
    reading = ir.place_reading(doc, Extraction(document="qk", mentions=mentions), prior_country="US")
    assert reading.place is not None and reading.place.country == "US" and reading.place.kind == "county"


def test_a_county_of_several_states_votes_for_the_one_where_the_reports_town_lies_in_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    # invented towns: the Georgian one lies in Georgia's Quenby County, the Texan one far from Texas's
    towns = {"millbrook": [Place("t:m:or", "Millbrook", "city", "US", "OR", None, 44.0, -121.0, 250_000),
                           Place("t:m:tx", "Millbrook", "city", "US", "TX", None, 29.0, -99.0, 3_000),
                           Place("t:m:ga", "Millbrook", "city", "US", "GA", None, 33.75, -84.1, 2_000)]}
    _invent_places(monkeypatch, towns, _quenby_ga_tx())
    text = "A man was shot in Millbrook on Sunday night, the Quenby County Sheriff's Office said."
    i = text.index("Millbrook")
    tagged = Mention(i, i + 9, "Millbrook", "place", gazetteer_id="t:m:or", canonical="Millbrook", lat=44.0,
                     lon=-121.0, country="US", admin1="OR")
    doc = _doc("mq", text, "2016-05-02", "Man shot on Sunday night")
    reading = ir.place_reading(doc, Extraction(document="mq", mentions=(tagged,)), prior_country="US")
    assert reading.state == "GA" and reading.place is not None and reading.place.lat == 33.75


def _ohio_mentions(text: str, *towns: tuple[str, float, float]) -> tuple[Mention, ...]:
    """Every mention in ``text`` of invented Ohio towns (name, lat, lon), as the tagger gives them."""
    return tuple(sorted((Mention(m.start(), m.end(), name, "place", gazetteer_id=f"t:{name}", canonical=name,
                                 lat=lat, lon=lon, country="US", admin1="Ohio")
                         for name, lat, lon in towns for m in re.finditer(name, text)), key=lambda m: m.start))


def _ohio_reading(doc_id: str, text: str, title: str, *towns: tuple[str, float, float]):  # type: ignore[no-untyped-def]
    """The place reading of a report that names invented Ohio towns (name, lat, lon), as the tagger gives them."""
    from claimledger.resolve import incidents_report as ir

    doc = _doc(doc_id, text, "2016-05-02", title)
    return ir.place_reading(doc, Extraction(document=doc_id, mentions=_ohio_mentions(text, *towns)),
                            prior_country="US")


def test_the_town_the_lead_says_it_happened_in_is_the_scene() -> None:
    from claimledger.resolve import incidents_report as ir

    text = ("Two Dornhaven men were arrested after a woman was shot Sunday night in Quillmere, police said. "
            "Both suspects live in Dornhaven.")
    towns = (("Dornhaven", 40.1, -82.9), ("Quillmere", 40.4, -83.4))
    doc = _doc("ls", text, "2016-05-02", "Woman shot, two arrested")
    reading = ir.place_reading(doc, Extraction(document="ls", mentions=_ohio_mentions(text, *towns)),
                               prior_country="US")
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Quillmere"
    # a hospital is no scene: "was shot and taken to a hospital in Quillmere"
    text = text.replace("was shot Sunday night in Quillmere", "was shot and taken to a hospital in Quillmere")
    doc = replace(doc, text=text)
    reading = ir.place_reading(doc, Extraction(document="ls", mentions=_ohio_mentions(text, *towns)),
                               prior_country="US")
    assert reading.place is not None and reading.place.name == "Dornhaven"
    # the words of the event other than the violence's own: "the incident outside a friend's home in Quillmere"
    text = ("Two Dornhaven men were arrested after the incident Sunday night outside a home in Quillmere, police "
            "said. Both suspects live in Dornhaven.")
    doc = replace(doc, text=text)
    reading = ir.place_reading(doc, Extraction(document="ls", mentions=_ohio_mentions(text, *towns)),
                               prior_country="US")
    assert reading.place is not None and reading.place.name == "Quillmere"


def test_a_village_that_has_a_name_only_as_an_old_name_is_no_reading_of_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place, fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real_geocode_us = gaz.geocode_us

    def geocode_us(city: str, state: str) -> Place | None:
        if fold(city) == "millbrook" and state == "OH":  # a hamlet that once was "Millbrook", 150 km away
            return Place("t:of", "Old Forge", "city", "US", "OH", None, 41.4, -81.2, 600)
        return real_geocode_us(city, state)

    monkeypatch.setattr(gaz, "geocode_us", geocode_us)
    text = "MILLBROOK, Ohio — A man was shot on Elm Street on Sunday, police in Dornhaven said."
    doc = _doc("ov", text, "2016-05-02", "Man shot on Elm Street")
    mentions = _ohio_mentions(text, ("Dornhaven", 40.1, -82.9))
    reading = ir.place_reading(doc, Extraction(document="ov", mentions=mentions), prior_country="US")
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Dornhaven"
    # a town of that old name's size is still the name's town
    monkeypatch.setattr(gaz, "geocode_us", lambda city, state: Place(
        "t:of", "Old Forge", "city", "US", "OH", None, 41.4, -81.2, 60_000) if fold(city) == "millbrook"
        else real_geocode_us(city, state))
    reading = ir.place_reading(doc, Extraction(document="ov", mentions=mentions), prior_country="US")
    assert reading.place is not None and reading.place.name == "Old Forge"


def test_a_dateline_town_of_a_name_two_towns_of_its_state_share_is_the_one_near_the_county_named(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    # two invented towns of one name in Ohio, and an invented county of Ohio around the small one
    towns = {"millbrook": [Place("t:m:big", "Millbrook", "city", "US", "OH", None, 39.2, -84.3, 40_000),
                           Place("t:m:small", "Millbrook", "city", "US", "OH", None, 41.4, -81.2, 1_500)]}
    county = Place("county:OH:quenby", "Quenby County", "county", "US", "OH", None, 41.45, -81.25, 30_000)
    _invent_places(monkeypatch, towns, {"quenby": [county]})
    text = "MILLBROOK, Ohio — A man was shot at a trucking company on Sunday, the Quenby County Sheriff's Office said."
    doc = _doc("nd", text, "2016-05-02", "Man shot at trucking company")
    reading = ir.place_reading(doc, Extraction(document="nd", mentions=()), prior_country="US")
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Millbrook"
    assert reading.place.lat == 41.4


def test_a_headline_town_of_someone_who_lives_there_is_not_the_scene_the_headline_names(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    towns = {"dornhaven": [Place("t:Dornhaven", "Dornhaven", "city", "US", "OH", None, 40.1, -82.9, 90_000)],
             "quillmere": [Place("t:Quillmere", "Quillmere", "city", "US", "OH", None, 40.4, -83.4, 3_000)]}
    _invent_places(monkeypatch, towns, {})
    text = ("A Dornhaven man died Saturday while hunting with his son, deputies said. The man, 45, of Dornhaven, "
            "was a teacher. " + "Friends remembered him as a patient man who loved the outdoors. " * 10
            + "The two were in the woods west of Quillmere.")
    towns_at = (("Dornhaven", 40.1, -82.9), ("Quillmere", 40.4, -83.4))
    for title, scene in (("Dornhaven man fatally shot while hunting near Quillmere", "Quillmere"),
                         ("Dornhaven man fatally shot while hunting", "Dornhaven")):
        doc = _doc("rs", text, "2016-05-02", title)
        reading = ir.place_reading(doc, Extraction(document="rs", mentions=_ohio_mentions(text, *towns_at)),
                                   prior_country="US")
        assert reading.state == "OH" and reading.place is not None and reading.place.name == scene

def _invent_ohio_towns(monkeypatch, towns: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """The gazetteer's 'town, state' lookup with invented towns of Ohio (folded name -> place)."""
    from claimledger.extract.gazetteer import fold
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode_us
    monkeypatch.setattr(gaz, "geocode_us", lambda city, state: towns[fold(city)] if state == "OH"
                        and fold(city) in towns else real(city, state))


def test_of_towns_named_as_strongly_the_most_populous_is_the_place(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place

    towns = {"dornhaven": Place("t:Dornhaven", "Dornhaven", "city", "US", "OH", None, 40.1, -82.9, 250_000),
             "quillmere": Place("t:Quillmere", "Quillmere", "city", "US", "OH", None, 40.4, -83.4, 900)}
    _invent_ohio_towns(monkeypatch, towns)
    text = "Police said a man was hurt on Elm Street. Neighbours in Dornhaven and Quillmere heard it."
    reading = _ohio_reading("tp", text, "Man hurt on Elm Street",
                            ("Dornhaven", 40.1, -82.9), ("Quillmere", 40.4, -83.4))
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Dornhaven"


def test_a_name_the_tagger_reads_as_a_longer_town_name_is_no_mention_of_that_town() -> None:
    from claimledger.resolve import incidents_report as ir

    text = ("A teenager was hurt on Friday, Dornhaven police said. Shootings on Quenby Island "
            "are rare, a Quenby Island police spokesman said.")
    mentions = list(_ohio_mentions(text, ("Dornhaven", 40.1, -82.9)))
    for m in re.finditer("Quenby Island", text):  # the tagger's pick: "Quenby Island City", a town of the island
        mentions.append(Mention(m.start(), m.end(), "Quenby Island", "place", gazetteer_id="t:qic",
                                canonical="Quenby Island City", lat=41.5, lon=-81.7, country="US", admin1="Ohio"))
    doc = _doc("lp", text, "2016-05-02", "Teenager shot at a home")
    reading = ir.place_reading(doc, Extraction(document="lp", mentions=tuple(sorted(mentions, key=lambda m: m.start))),
                               prior_country="US")
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Dornhaven"


def test_a_town_the_report_says_it_happened_in_near_the_force_city_takes_the_force(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place

    towns = {"dornhaven": [Place("t:Dornhaven", "Dornhaven", "city", "US", "OH", None, 40.1, -82.9, 900_000)]}
    _invent_places(monkeypatch, towns, {})
    text = "A man was shot in Quillmere on Sunday night, Dornhaven police said."
    for quillmere, place in (((40.3, -83.1), "Quillmere"),  # a part of the city's area, 28 km from its centre
                             ((41.0, -84.0), "Dornhaven")):  # 135 km away: another force's
        reading = _ohio_reading("fs", text, "Man shot on Sunday night",
                                ("Dornhaven", 40.1, -82.9), ("Quillmere", *quillmere))
        assert reading.state == "OH" and reading.place is not None and reading.place.name == place


def test_a_town_named_as_where_a_suspect_was_caught_is_not_the_scene() -> None:
    text = ("Quillmere police said a teenager was hurt on Friday. The suspect was arrested in Dornhaven after a "
            "chase, and Dornhaven officers found the gun.")
    reading = _ohio_reading("ac", text, "Teenager hurt, suspect held",
                            ("Dornhaven", 40.1, -82.9), ("Quillmere", 40.4, -83.4))
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Quillmere"


def test_a_village_far_from_a_big_city_the_report_names_is_the_city_s_quarter(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place

    towns = {"dornhaven": Place("t:Dornhaven", "Dornhaven", "city", "US", "OH", None, 40.1, -82.9, 1_200_000),
             "quillmere": Place("t:Quillmere", "Quillmere", "city", "US", "OH", None, 41.9, -84.6, 3_000)}
    _invent_ohio_towns(monkeypatch, towns)
    text = ("Two men were hurt at a Quillmere gas station on Friday. Quillmere residents have asked Dornhaven for "
            "more patrols.")
    reading = _ohio_reading("vq", text, "Two hurt at gas station",
                            ("Dornhaven", 40.1, -82.9), ("Quillmere", 41.9, -84.6))  # 240 km apart
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Dornhaven"
    # a village near the city is a town of its own
    towns["quillmere"] = Place("t:Quillmere", "Quillmere", "city", "US", "OH", None, 40.3, -83.1, 3_000)
    reading = _ohio_reading("vq", text, "Two hurt at gas station",
                            ("Dornhaven", 40.1, -82.9), ("Quillmere", 40.3, -83.1))
    assert reading.place is not None and reading.place.name == "Quillmere"


def test_a_force_a_suspect_gave_himself_up_to_is_not_the_force_of_the_scene(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import Place

    towns = {"dornhaven": [Place("t:Dornhaven", "Dornhaven", "city", "US", "OH", None, 40.1, -82.9, 90_000)]}
    _invent_places(monkeypatch, towns, {})
    text = ("A man was hurt on Elm Street in Quillmere on Friday, Quillmere officials said. The suspect later "
            "turned himself in to Dornhaven police.")
    reading = _ohio_reading("of", text, "Man hurt on Elm Street",
                            ("Dornhaven", 40.1, -82.9), ("Quillmere", 40.4, -83.4))
    assert reading.state == "OH" and reading.place is not None and reading.place.name == "Quillmere"


def test_a_persons_possessive_tagged_as_a_place_is_no_town() -> None:
    """"Quillby's first court appearance", after "Quillby was arrested": the tagger's slip takes the
    possessive of the suspect's name for a town of that name; the report names the town of Riverton."""
    from claimledger.resolve import incidents_report as ir

    text = ("A Riverton man was arrested after a shooting on Sunday, police said. Quillby was held on a charge "
            "of manslaughter. Bond was set at Quillby's first court appearance. Quillby told police the gun "
            "went off.")
    i = text.index("Quillby's")
    mentions = (Mention(i, i + 9, "Quillby's", "place", gazetteer_id="t:q", canonical="Quillby", lat=45.0,
                        lon=-90.0, country="US", admin1="WI"),
                _place(text, "Riverton", 43.0, -108.4, "WY"),
                *(Mention(k, k + 7, "Quillby", "person") for k in (m.start() for m in re.finditer(r"Quillby\b(?!')",
                                                                                                    text))))
    doc = _doc("qp", text, "2016-05-02", "Man charged in shooting")
    place, state = ir.report_place(doc, Extraction(document="qp", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Riverton" and state == "WY", place


def test_a_sites_name_gives_its_home_town_next_to_any_newspapers_word() -> None:
    """"eugenepaper", "spokaneblade", "salembee": a newspaper's name words around the home town's, as
    "rivertonherald" has them."""
    from claimledger.resolve.incidents_report import site_towns

    for host, town in (("eugenepaper", "Eugene"), ("spokaneblade", "Spokane"), ("boisebee", "Boise"),
                       ("thetopekaadvertiser", "Topeka"), ("billingseagle", "Billings")):
        assert site_towns(f"http://www.{host}.example/news/1", "US") == [town], host


def test_a_report_that_someone_shoots_himself_or_a_bullet_grazed_is_of_violence() -> None:
    """Headlines with no killed or injured figure and none of the event-date cues ("shoots self", "grazed
    by a bullet", "separate homicides") still report violence; a report of a school board meeting does not."""
    from claimledger.resolve.incidents_report import build_report

    for title in ("Boy, 6, shoots self with father's pistol", "Girl's arm grazed by bullet outside a store",
                  "Police name victims of two separate homicides", "Deputy's handgun discharged in a parking lot"):
        doc = _doc("v", "Officers went to the home on Elm Street on Sunday evening.", "2016-05-02", title)
        assert build_report(doc, Extraction(document="v")).violent, title
    doc = _doc("b", "The board met on Sunday evening to discuss the budget.", "2016-05-02", "School board meets")
    assert not build_report(doc, Extraction(document="b")).violent


def test_a_sites_home_town_is_the_biggest_of_its_very_name_not_a_city_known_by_it_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"quillmeremirror.example": the gazetteer's first hit for "Quillmere" is a big city of NJ that has it as
    an old name; the site's home is the town called Quillmere, in CT."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.lookup
    hits = [Place("t:e", "Eastfield", "city", "US", "NJ", None, 40.7, -74.2, 280_000),
            Place("t:q", "Quillmere", "city", "US", "CT", None, 41.2, -73.0, 50_000)]
    monkeypatch.setattr(gaz, "lookup", lambda name, **kw: hits if name == "Quillmere" else real(name, **kw))
    monkeypatch.setattr(ir, "site_towns", lambda url, country=None: ["Quillmere"] if "quillmere" in (url or "") else [])
    doc = replace(_doc("sq", "A man was found shot on Sunday.", "2016-05-02", "Man found shot"),
                  url="http://www.quillmeremirror.example/news/1")
    assert "CT" in ir._site_home_states(doc, "US") and "NJ" not in ir._site_home_states(doc, "US")


def test_a_town_after_mt_is_the_mount_town_not_the_one_of_the_bare_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """"near Mt. Quillmere": the tagger tags "Quillmere" alone (a town of OH); the report means Mount
    Quillmere, of IN."""
    from claimledger.extract.gazetteer import Place
    from claimledger.resolve import incidents_report as ir

    gaz = ir._gazetteer()
    real = gaz.geocode
    mount = Place("t:mq", "Mount Quillmere", "city", "US", "IN", "Indiana", 39.5, -86.5, 900)
    monkeypatch.setattr(gaz, "geocode", lambda name: mount if name == "Mt. Quillmere" else real(name))
    text = "A boy was shot at a home on a county road near Mt. Quillmere on Tuesday, troopers said."
    mentions = (_place(text, "Quillmere", 40.0, -83.0, "OH"),)
    doc = _doc("mq", text, "2016-05-02", "Boy shot at a home")
    place, state = ir.report_place(doc, Extraction(document="mq", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Mount Quillmere" and state == "IN", place


def test_a_bare_name_that_is_a_county_of_the_reports_other_towns_state_sides_with_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Eastfield" is a town of GA only; "Quenby", named bare, is a town of OK and a county of GA: the one
    state that has both names is the report's, not OK's town of the tagger's pick."""
    from claimledger.resolve import incidents_report as ir

    namesake_gazetteer(monkeypatch, {("eastfield", "GA"): (33.4, -84.8), ("quenby", "OK"): (36.0, -95.8)},
                       ambiguous=False)
    real_sets = ir._county_state_sets()
    monkeypatch.setattr(ir, "_county_state_sets", lambda: {**real_sets, "quenby": frozenset({"GA"})})
    text = ("Officers went to a home on Elm Trace in Eastfield after a man was shot in the foot. "
            "Quenby deputies later found drugs in his car.")
    mentions = (_place(text, "Eastfield", 33.4, -84.8, "GA"), _place(text, "Quenby", 36.0, -95.8, "OK"))
    doc = _doc("cq", text, "2016-05-02", "Man shot in the foot")
    place, state = ir.report_place(doc, Extraction(document="cq", mentions=mentions), prior_country="US")
    assert state == "GA" and place is not None and place.name == "Eastfield", place


def test_a_pages_list_of_other_stories_videos_names_no_town_of_the_report() -> None:
    """A news site's page opens with the lengths and headlines of other stories' videos; the towns they
    name (of another state) are not the report's: its own words name Riverton, WY."""
    from claimledger.resolve import incidents_report as ir

    text = ("1:19 Quillmere sheriff speaks on crash Pause\n\n0:48 Ashcombe council meets on roads\n\n"
            "2:05 Dornhaven mayor on the budget\n\n"
            "A man was shot outside a bar in Riverton on Sunday night, police said. He is expected to recover.")
    mentions = (_place(text, "Quillmere", 40.0, -83.0, "OH"), _place(text, "Ashcombe", 41.0, -81.5, "OH"),
                _place(text, "Dornhaven", 39.9, -82.1, "OH"), _place(text, "Riverton", 43.0, -108.4, "WY"))
    doc = _doc("pl", text, "2016-05-02", "Man shot outside a bar")
    place, state = ir.report_place(doc, Extraction(document="pl", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Riverton" and state == "WY", place
    # times of day in a live report are no such list
    assert ir._playlist_spans("10:52 p.m.: Police said two were hurt.\n\n11:02 p.m.: A third died.") == []


def test_a_town_and_state_in_a_list_of_other_stories_videos_names_no_region_of_the_report() -> None:
    """"1:02 Crash closes road in Quillmere, Ohio Pause": a "Town, State" of another story's video names
    no region of the report, which is in Riverton, WY."""
    from claimledger.resolve import incidents_report as ir

    text = ("1:02 Crash closes road in Quillmere, Ohio Pause\n\n0:48 Council meets in Ashcombe, Ohio\n\n"
            "A man was shot outside a bar in Riverton on Sunday night, police said. He is expected to recover.")
    mentions = (_place(text, "Riverton", 43.0, -108.4, "WY"),)
    doc = _doc("pm", text, "2016-05-02", "Man shot outside a bar")
    place, state = ir.report_place(doc, Extraction(document="pm", mentions=mentions), prior_country="US")
    assert place is not None and place.name == "Riverton" and state == "WY", place


def test_two_streets_named_with_one_plural_are_no_towns() -> None:
    """"at Quillmere and Ashcombe avenues": two streets, not the towns of those names in another state."""
    from claimledger.resolve import incidents_report as ir

    text = ("A woman was shot in Riverton near Quillmere and Ashcombe avenues on Thursday, police said. "
            "Officers closed Quillmere and Ashcombe avenues for hours.")
    mentions = (_place(text, "Riverton", 43.0, -108.4, "WY"),
                *(Mention(k, k + len(n), n, "place", gazetteer_id=f"t:{n}", canonical=n, lat=40.0, lon=-83.0,
                          country="US", admin1="OH")
                  for n in ("Quillmere", "Ashcombe") for k in (m.start() for m in re.finditer(n, text))))
    doc = _doc("sa", text, "2016-05-02", "Woman shot")
    place, state = ir.report_place(doc, Extraction(document="sa", mentions=mentions), prior_country="US")
    assert state == "WY" and place is not None and place.name == "Riverton", (place, state)
    assert not ir._STREETS_AFTER.match("Riverton and Eastfield police said", len("Riverton"))


def test_a_home_town_before_man_or_woman_that_the_tagger_missed_places_the_report() -> None:
    """"A 19-year-old Boise man": the tagger tagged no place; the town named as the man's is the report's
    (a town of some size); "the Quillby family" names none."""
    from claimledger.resolve import incidents_report as ir

    text = "A 19-year-old Boise man was shot outside a bar on Sunday night, police said. He is expected to recover."
    doc = _doc("tm", text, "2016-05-02", "Man shot outside a bar")
    place, state = ir.report_place(doc, Extraction(document="tm"), prior_country="US")
    assert place is not None and place.name == "Boise" and state == "ID", place
    assert not ir._TOWN_PERSON.search("The Quillby family said the Quillby children were safe.")
