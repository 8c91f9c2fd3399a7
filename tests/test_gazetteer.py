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


# --------------------------------------------------------------------------- romanisation variants

@pytest.mark.parametrize(("russian_way", "ukrainian_way"), [
    ("Gribovka", "Hrybivka"),  # g / h, -ovka / -ivka, i / y
    ("Zhuravlov", "Zhuravliv"),  # -ov / -iv
    ("Pechorsky", "Pechorskyi"),  # -sky / -skyi
    ("Pechorskiy", "Pechorskij"),
    ("Krutoye", "Krute"),  # -oye / -e
    ("Belozerye", "Bilozerria"),  # -ye / -ia, a doubled consonant
    ("Novy Kamen", "Novokamen"),  # spaces go
    ("Perwomajsk", "Pervomaisk"),  # German w, j
    ("Toretz", "Torets"),  # tz / ts
])
def test_romanisations_of_one_name_share_a_key(russian_way: str, ukrainian_way: str) -> None:
    from claimledger.extract.translit import variant_key

    assert variant_key(fold(russian_way)) == variant_key(fold(ukrainian_way))


@pytest.mark.parametrize(("a", "b"), [
    ("Pechorsky", "Pechorske"),  # masculine and neuter forms are different names
    ("Gribovka", "Gribovsk"),
    ("Zhuravlov", "Zhuravka"),
])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    from claimledger.extract.translit import variant_key

    assert variant_key(fold(a)) != variant_key(fold(b))


def test_short_keys_are_not_used() -> None:
    from claimledger.extract.translit import usable, variant_key

    assert not usable(variant_key(fold("Kiev")))  # two consonants match too many places
    assert usable(variant_key(fold("Gribovka")))


@pytest.mark.parametrize(("written", "town"), [
    ("Berdychev", "Berdychiv"),  # a romanisation the alternate names lack
    ("Kamenets-Podolskiy", "Kamyanets-Podilskyi"),
    ("Shepetiwka", "Shepetivka"),
])
def test_a_romanisation_missing_from_the_alternate_names_finds_its_town(gaz, written: str, town: str) -> None:  # type: ignore[no-untyped-def]
    hit = gaz.geocode(written, context_country="UA")
    assert hit is not None and hit.name == town and hit.country == "UA"
    assert gaz.is_known(written)


def test_variants_are_only_tried_in_their_countries_and_without_an_exact_name(gaz) -> None:  # type: ignore[no-untyped-def]
    assert gaz.geocode("Berdychev", context_country="US") is None  # no guessing in a US story
    assert gaz.geocode("Qwxzyvka") is None
    # an exact name wins over any variant: the alternate names are data, the table a fallback
    assert gaz.geocode("Lvov").name == gaz.geocode("Lviv").name


def test_a_variant_of_towns_in_two_countries_needs_a_context(gaz) -> None:  # type: ignore[no-untyped-def]
    # "OPR" abbreviates a Ukrainian and a Russian region: alone it says nothing, in a Ukrainian story the oblast
    assert gaz.geocode("OPR") is None
    odesa = gaz.geocode("OPR", context_country="UA")
    assert odesa is not None and odesa.kind == "admin1" and odesa.country == "UA"
    assert odesa.id == gaz.geocode("Odesa Oblast").id


def test_a_peoples_republic_is_the_admin1_region_of_its_name(gaz) -> None:  # type: ignore[no-untyped-def]
    oblast = gaz.geocode("Odesa Oblast")
    assert oblast is not None and oblast.kind == "admin1"
    for form in ("Odesa People's Republic", "the Odesa People's Republic"):
        hit = gaz.geocode(form)
        assert hit is not None and hit.id == oblast.id, form
    assert gaz.geocode("ONR", context_country="UA").id == oblast.id  # the Russian-style acronym
    # region names are no ruler surfaces as acronyms: "OPR" in a US story stays a word
    assert "OPR" not in gaz.surfaces(min_city_population=100_000)


def test_a_regions_own_name_beats_the_city_its_first_word_names(gaz) -> None:  # type: ignore[no-untyped-def]
    for name in ("Odeska oblast", "Odesa region", "Odesa Oblast"):
        hit = gaz.geocode(name, context_country="UA")
        assert hit is not None and hit.kind == "admin1" and hit.admin1_name == "Odeska oblast", name


def test_a_military_direction_is_an_area_at_its_town_not_the_town(gaz) -> None:  # type: ignore[no-untyped-def]
    town = gaz.geocode("Konotop")
    area = gaz.geocode("the Konotop direction")
    assert town is not None and area is not None
    assert area.kind == "area" and area.id != town.id and area.name == "Konotop direction"
    assert (area.lat, area.lon) == (town.lat, town.lon) and area.admin1 == town.admin1
    assert gaz.geocode("Qwxzyville direction") is None


def test_the_index_key_follows_the_build_rules(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract import gazetteer, translit

    before = gazetteer.index_path()
    monkeypatch.setattr(translit, "CONSONANTS", translit.CONSONANTS[:-1])
    assert gazetteer.index_path() != before, "a changed transliteration table must not reuse the old index"
    monkeypatch.undo()
    monkeypatch.setattr(gazetteer, "VARIANT_MIN_POPULATION", gazetteer.VARIANT_MIN_POPULATION + 1)
    assert gazetteer.index_path() != before
