"""Date rules: relative expressions against the publication date, event dates of crime reports."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract.dates import (
    claim_as_of,
    event_date,
    find_expressions,
    resolve_expression,
    resolve_weekday,
)
from claimledger.records import Claim

MON = date(2021, 6, 14)  # a Monday
WED = date(2021, 6, 16)


def test_weekday_equal_to_publication_day_is_that_day() -> None:
    assert resolve_weekday(2, WED) == WED
    assert resolve_expression("Wednesday", WED)[0] == WED
    assert resolve_expression("on Wednesday", WED)[0] == WED


def test_weekday_before_publication_prefers_past() -> None:
    # "Saturday" in a Monday story is two days before
    assert resolve_expression("Saturday", MON)[0] == date(2021, 6, 12)
    assert resolve_expression("early Sunday", MON)[0] == date(2021, 6, 13)
    assert resolve_expression("Saturday night", MON)[0] == date(2021, 6, 12)
    assert resolve_expression("last Monday", MON)[0] == date(2021, 6, 7)


def test_future_weekday_looks_forward() -> None:
    assert resolve_expression("next Friday", MON)[0] == date(2021, 6, 18)
    assert resolve_weekday(4, MON, future=True) == date(2021, 6, 18)


def test_relative_words() -> None:
    assert resolve_expression("yesterday", MON)[0] == date(2021, 6, 13)
    assert resolve_expression("last night", MON)[0] == date(2021, 6, 13)
    assert resolve_expression("today", MON)[0] == MON
    assert resolve_expression("two days ago", MON)[0] == date(2021, 6, 12)
    assert resolve_expression("last week", MON)[0] == date(2021, 6, 7)


def test_absolute_dates() -> None:
    d, absolute = resolve_expression("Jan. 4, 2019", MON)
    assert d == date(2019, 1, 4) and absolute
    d, absolute = resolve_expression("March 9", MON)
    assert d == date(2021, 3, 9) and not absolute
    # a month-day after the publication belongs to the year before
    assert resolve_expression("December 30", MON)[0] == date(2020, 12, 30)
    assert resolve_expression("4 July 2020", MON)[0] == date(2020, 7, 4)


def test_missing_publication_date_keeps_only_absolute() -> None:
    assert resolve_expression("Saturday", None)[0] is None
    assert resolve_expression("yesterday", None)[0] is None
    assert resolve_expression("Feb. 2, 2020", None)[0] == date(2020, 2, 2)


def test_metadata_lines_are_not_event_dates() -> None:
    text = "Posted: Friday, June 11, 2021 10:21 AM. The clinic was hit on Sunday."
    got = find_expressions(text, MON)
    assert [x.date for x in got] == [date(2021, 6, 13)]


def _claim(text: str, needle: str) -> Claim:
    i = text.index(needle)
    return Claim(id="c0", document="d", kind="quantity", sentence="", text=needle, start=i, end=i + len(needle))


def test_claim_as_of_uses_the_date_in_its_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The council said on Saturday that 40 people had died. Officials gave no new figure."
    doc = nlp(text)
    c = _claim(text, "40 people")
    assert claim_as_of(doc, c, MON.isoformat()) == "2021-06-12"
    c2 = _claim(text, "no new figure")
    assert claim_as_of(doc, c2, MON.isoformat()) == MON.isoformat()
    assert claim_as_of(doc, c, None) is None


def test_event_date_of_a_shooting_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Police said Monday they arrested a man. A woman was shot Saturday night outside a bar on Elm Street "
            "and died early Monday at a hospital.")
    assert event_date(nlp(text), MON.isoformat()) == "2021-06-12"


@pytest.mark.parametrize("text,expected", [
    ("A man was shot and killed last night near the river, police said.", "2021-06-13"),
    ("The shooting happened on Jan. 4 at an apartment complex.", "2021-01-04"),
    ("Two men were wounded in a shooting Monday morning.", "2021-06-14"),
])
def test_event_date_shapes(nlp, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert event_date(nlp(text), MON.isoformat()) == expected


def test_event_date_without_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    assert event_date(nlp("A man was shot Saturday near the park."), None) is None
    assert event_date(nlp("A man was shot on March 3, 2020 near the park."), None) == "2020-03-03"


def test_the_day_of_the_event_counted_is_not_the_figures_date(nlp) -> None:  # type: ignore[no-untyped-def]
    # published on a Saturday: "Friday's strike" is the day before, the toll is as of the report
    pub = "2022-04-09"
    for text in ("The death toll from Friday's missile strike has risen to 52, officials said.",
                 "The toll of the attack on Friday has risen to 52, officials said.",
                 "The mission has documented 52 deaths since 24 February."):
        doc = nlp(text)
        (c,) = [c for c in doc._.cl_claims if c.value == 52 or c.low == 52]
        assert claim_as_of(doc, c, pub) == pub, text
    doc = nlp("At least 30 people were killed on Friday morning, officials said.")
    (c,) = doc._.cl_claims
    assert claim_as_of(doc, c, pub) == "2022-04-08"


def test_relative_days_count_from_the_pages_own_stamp(nlp) -> None:  # type: ignore[no-untyped-def]
    # an archived page crawled long after it was written: "Sunday" is the Sunday before its stamp
    text = ("Man hurt in parking lot shooting Created: 03/02/2021 9:10 AM Updated: 03/03/2021 8:00 AM\n\n"
            "A man was shot Sunday night outside a grocery store, police said.")
    assert event_date(nlp(text), "2023-01-10") == "2021-02-28"
    # a stamp after the publication date changes nothing
    later = text.replace("03/02/2021", "03/02/2024").replace("03/03/2021", "03/03/2024")
    assert event_date(nlp(later), "2023-01-10") == "2023-01-08"


def test_a_weekday_beside_a_month_day_tells_the_year() -> None:
    # Sept. 12 was a Saturday in 2020, not in the publication's year
    assert resolve_expression("Saturday, Sept. 12", date(2023, 1, 10))[0] == date(2020, 9, 12)
    assert resolve_expression("on Saturday night, 12 September", date(2023, 1, 10))[0] == date(2020, 9, 12)
    # the month-day wins over the bare weekday it stands beside
    assert [x.date for x in find_expressions("A man was shot on Saturday, May 15 near a bar.", MON)] == [
        date(2021, 5, 15)]
    # the weekday agreeing with the usual year changes nothing
    assert resolve_expression("Tuesday, March 9", MON)[0] == date(2021, 3, 9)


def test_a_bare_month_day_takes_the_year_the_text_gives_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Two men were shot and killed at a lakeside park on Mar. 13. A judge dropped the charges Friday. "
            "The men were gunned down late on March 13, 2020, after a ball game.")
    assert event_date(nlp(text), MON.isoformat()) == "2020-03-13"
    # two years for one month-day: the usual guess stands
    both = text + " A memorial was held on March 13, 2019."
    assert event_date(nlp(both), MON.isoformat()) == "2021-03-13"


def test_a_date_named_with_the_attack_is_its_day(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Three men pleaded guilty Friday to their roles in the Nov. 22 shootout at a block party. "
            "A fourth man will go to trial in the spring.")
    assert event_date(nlp(text), MON.isoformat()) == "2020-11-22"
    text = "A jury on Thursday heard from witnesses to the shooting on May 2 outside a corner store."
    assert event_date(nlp(text), MON.isoformat()) == "2021-05-02"


def test_a_violent_story_naming_no_day_is_dated_the_day_before(nlp) -> None:  # type: ignore[no-untyped-def]
    assert event_date(nlp("A man is dead after a shooting near the harbor, police said."),
                      MON.isoformat()) == "2021-06-13"
    assert event_date(nlp("The city council approved a new budget for the harbor."), MON.isoformat()) == MON.isoformat()
