"""Numbers, vague amounts and qualifiers as plain text: no model needed."""

from __future__ import annotations

import pytest

from claimledger.extract.numbers import bounds_of, make_bounds, match_qualifier, parse_number, vague_bounds


@pytest.mark.parametrize("text, value", [
    ("5,000", 5000), ("12", 12), ("1.5 million", 1_500_000), ("twelve", 12), ("five", 5),
    ("two hundred and fifty", 250), ("a dozen", 12), ("a hundred", 100), ("one", 1), ("ten", 10),
    ("3 thousand", 3000), ("twenty-three", 23),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "hello", "tens", "5 apples"])
def test_parse_number_rejects_words(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("words, expected", [
    (["tens", "of", "thousands"], ((10_000, 99_999), 3)),
    (["hundreds", "of", "thousands", "of", "people"], ((100_000, 999_999), 3)),
    (["thousands"], ((1000, 9999), 1)),
    (["hundreds", "of", "homes"], ((100, 999), 1)),
    (["dozens"], ((24, 99), 1)),
    (["several"], None),
])
def test_vague_bounds(words, expected):
    assert vague_bounds(words) == expected


@pytest.mark.parametrize("before, qualifier, kind", [
    (["said", "more", "than"], "more_than", "low"),
    (["well", "-", "over"], "more_than", "low"),
    (["over"], "more_than", "low"),
    (["at", "least"], "at_least", "low"),
    (["at", "least", "in", "the"], "at_least", "low"),
    (["as", "many", "as"], "as_many_as", "high"),
    (["up", "to"], "up_to", "high"),
    (["no", "more", "than"], "at_most", "high"),
    (["fewer", "than"], "at_most", "high"),
    (["an", "estimated"], "estimate", "point"),
    (["roughly"], "approximately", "point"),
    (["about"], "approximately", "point"),
    (["nearly"], "approximately", "point"),
])
def test_match_qualifier(before, qualifier, kind):
    got = match_qualifier(before)
    assert got is not None and got[:2] == (qualifier, kind)


def test_match_qualifier_needs_the_figure_right_after_a_preposition():
    # "over the weekend 30 people..." must not make 30 "more than"
    assert match_qualifier(["over", "the"]) is None
    assert match_qualifier(["killed"]) is None


@pytest.mark.parametrize("phrase, low, high, qualifier", [
    ("more than 5,000", 5000, None, "more_than"),
    ("at least 5,000", 5000, None, "at_least"),
    ("as many as 1,200", None, 1200, "as_many_as"),
    ("up to 300", None, 300, "up_to"),
    ("about 5,000", 5000, 5000, "approximately"),
    ("roughly 40", 40, 40, "approximately"),
    ("an estimated 160,000", 160_000, 160_000, "estimate"),
    ("tens of thousands", 10_000, 99_999, "order_of_magnitude"),
    ("hundreds", 100, 999, "order_of_magnitude"),
    ("thousands", 1000, 9999, "order_of_magnitude"),
    ("at least in the thousands", 1000, None, "at_least"),
    ("between 10 and 20", 10, 20, "range"),
    ("10 to 20", 10, 20, "range"),
    ("over ten", 10, None, "more_than"),
    ("well-over 12,000", 12_000, None, "more_than"),
    ("five", 5, 5, "exact"),
    ("37", 37, 37, "exact"),
])
def test_bounds_of(phrase, low, high, qualifier):
    b = bounds_of(phrase)
    assert b is not None
    assert (b.low, b.high, b.qualifier) == (low, high, qualifier)


def test_make_bounds_value_kept_for_open_bounds():
    b = make_bounds(5000, None, ("more_than", "low"))
    assert b.value == 5000 and b.low == 5000 and b.high is None


def test_make_bounds_vague_has_no_single_value():
    b = make_bounds(None, (100, 999), None)
    assert b.value is None and (b.low, b.high) == (100, 999)
