"""The compiled gazetteer: alternate names, US "City, State", ranking, regions, country short forms."""

from __future__ import annotations

import math
import time

import pytest

from claimledger.extract.gazetteer import ensure_index, fold, geocode, geocode_us, get_gazetteer, us_state_code


def km(a, b) -> float:  # type: ignore[no-untyped-def]
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return get_gazetteer()


def test_fold_is_ascii_lower_and_idempotent() -> None:
    assert fold("Odesa's") == "odesa"
    assert fold("Zaporižžja") == "zaporizzja"
    assert fold("St. Louis") == fold("Saint Louis") == "saint louis"
    assert fold("the Gaza Strip") == "gaza strip"
    for name in ("Ivano-Frankivsk", "São Paulo", "N.C."):
        assert fold(fold(name)) == fold(name)


def test_index_exists_and_second_call_is_cheap() -> None:
    path = ensure_index()
    assert path.exists() and path.stat().st_size > 1_000_000
    t = time.perf_counter()
    assert ensure_index() == path
    assert time.perf_counter() - t < 0.05


def test_alternate_names_are_one_place(gaz) -> None:  # type: ignore[no-untyped-def]
    lviv, lvov = gaz.geocode("Lviv"), gaz.geocode("Lvov")
    assert lviv is not None and lvov is not None and lviv.id == lvov.id
    assert lviv.country == "UA" and km((lviv.lat, lviv.lon), (49.84, 24.03)) < 10
    a, b = gaz.geocode("Dnepropetrovsk"), gaz.geocode("Dnipro")
    assert a is not None and a.id == b.id  # type: ignore[union-attr]
    assert a.id != gaz.geocode("Odesa").id  # type: ignore[union-attr]


def test_us_city_and_state_forms() -> None:
    p = geocode_us("Manassas", "Virginia")
    assert p is not None and p.country == "US" and p.admin1 == "VA"
    assert km((p.lat, p.lon), (38.75, -77.47)) < 10
    nc = geocode("Snow Hill, N.C.")
    md = geocode("Snow Hill, Md.")
    assert nc is not None and md is not None and nc.admin1 == "NC" and md.admin1 == "MD" and nc.id != md.id
    ill = geocode("Springfield, Ill.")
    assert ill is not None and ill.admin1 == "IL"
    assert geocode_us("Manassas", "Nowhere") is None


def test_state_codes() -> None:
    assert us_state_code("N.C.") == "NC"
    assert us_state_code("Ill.") == "IL"
    assert us_state_code("West Virginia") == "WV"
    assert us_state_code("TX") == "TX"
    assert us_state_code("Calif.") == "CA"
    assert us_state_code("Ukraine") is None
    assert us_state_code("in") is None


def test_ambiguous_names_rank_by_population_and_context(gaz) -> None:  # type: ignore[no-untyped-def]
    hits = gaz.lookup("Springfield")
    cities = [p for p in hits if p.kind == "city"]
    assert len(cities) > 5
    assert cities[0].population == max(p.population for p in cities)
    ctx = gaz.geocode("Springfield", context_country="US", context_admin1="IL")
    assert ctx is not None and ctx.admin1 == "IL"
    # A country outranks a US state of the same name, unless the story is American.
    assert gaz.geocode("Georgia").kind == "country"
    assert gaz.geocode("Georgia", context_country="US").admin1 == "GA"


def test_regions_countries_and_hand_table(gaz) -> None:  # type: ignore[no-untyped-def]
    city, region = gaz.geocode("Kharkiv"), gaz.geocode("Kharkiv region")
    assert city.kind == "city" and region.kind == "admin1" and city.admin1 == region.admin1
    assert gaz.country_code("U.K.") == gaz.country_code("Britain") == "GB"
    assert gaz.geocode("the United States").country == "US"
    donbas = gaz.geocode("Donbass")
    assert donbas is not None and donbas.id.startswith("x:") and donbas.lat is not None
    assert gaz.geocode("Qwxzyville") is None


def test_ruler_surfaces_skip_generic_words(gaz) -> None:  # type: ignore[no-untyped-def]
    s = gaz.surfaces(min_city_population=100_000)
    assert "Lviv" in s and "Lvov" in s and "Ukraine" in s
    assert "Central" not in s and "Capital" not in s
    assert all(k[:1].isupper() for k in s)


def test_counties_are_not_guessed_from_a_town_of_the_same_name(gaz) -> None:  # type: ignore[no-untyped-def]
    assert gaz.geocode("Harris County", context_country="US") is None
    assert gaz.geocode("Donetsk region").kind == "admin1"


def test_generic_direction_words_are_not_geocoded(gaz) -> None:  # type: ignore[no-untyped-def]
    assert gaz.geocode("East") is None and gaz.geocode("the West") is None
    assert gaz.geocode("East Timor") is not None or gaz.geocode("Timor-Leste") is not None


def test_an_alternate_name_prefers_the_place_whose_own_name_is_nearest() -> None:
    hit = get_gazetteer().geocode("Sloviansk")
    assert hit is not None and hit.name == "Slovyansk" and hit.admin1 == "05"


def test_a_us_town_of_the_very_name_beats_a_bigger_town_with_it_as_an_alias(gaz) -> None:  # type: ignore[no-untyped-def]
    p = geocode_us("Woodland", "Washington")
    assert p is not None and p.name == "Woodland" and p.admin1 == "WA"


def test_us_counties_are_placed_at_the_centre_of_their_towns(gaz) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.gazetteer import county_key

    assert county_key("St. Louis County") == county_key("Saint Louis Co.") == county_key("St. Louis")
    adams = gaz.us_county("Adams County", "Pa.")
    assert adams is not None and adams.kind == "county" and adams.admin1 == "PA"
    assert km((adams.lat, adams.lon), (39.87, -77.22)) < 25
    assert gaz.us_county("Adams County", "Colorado") != adams
    assert gaz.us_county("Nowhere County", "PA") is None
    assert gaz.geocode("Adams County") is None, "plain lookups still do not guess counties"
