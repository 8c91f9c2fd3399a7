"""Quantity claims on sentences written for these tests, read by the real pipeline."""

from __future__ import annotations

import pytest

from claimledger.records import Claim


def claims_of(nlp, text: str) -> list[Claim]:
    doc = nlp(text)
    return list(doc._.cl_claims or [])


def only(nlp, text: str, measure: str | None = None) -> Claim:
    found = [c for c in claims_of(nlp, text) if measure is None or c.measure == measure]
    assert len(found) == 1, [(c.measure, c.value, c.text) for c in claims_of(nlp, text)]
    return found[0]


# ------------------------------------------------------------------ qualifiers and bounds

@pytest.mark.parametrize("text, measure, low, high, qualifier", [
    ("Officials said more than 3,000 people have been killed.", "killed", 3000, None, "more_than"),
    ("Rescuers said at least 40 were injured.", "injured", 40, None, "at_least"),
    ("As many as 900 have died since the siege began.", "killed", None, 900, "as_many_as"),
    ("Up to 250 villagers were evacuated on Monday.", "evacuated", None, 250, "up_to"),
    ("An estimated 70,000 residents were displaced by the fighting.", "displaced", 70_000, 70_000, "estimate"),
    ("Roughly 600 civilians had been killed, officials said.", "killed", 600, 600, "approximately"),
    ("Militias detained between 15 and 20 journalists.", "detained", 15, 20, "range"),
    ("The strike killed 14 people.", "killed", 14, 14, "exact"),
])
def test_qualifiers_give_bounds(nlp, text, measure, low, high, qualifier):
    c = only(nlp, text, measure)
    assert (c.low, c.high, c.qualifier) == (low, high, qualifier)
    assert c.kind == "quantity"


def test_over_and_well_over_are_more_than(nlp):
    c = only(nlp, "Gunmen fired on three schools, killing seven pupils and injuring over twenty.", "injured")
    assert (c.low, c.high, c.qualifier) == (20, None, "more_than")
    c = only(nlp, "The army has suffered well-over 9,000 deaths since May.", "killed")
    assert (c.low, c.high, c.qualifier) == (9000, None, "more_than")


# ------------------------------------------------------------------ vague amounts

def test_tens_of_thousands(nlp):
    c = only(nlp, "Aid groups fear tens of thousands of civilians died in the region.", "killed")
    assert (c.low, c.high, c.qualifier, c.group) == (10_000, 99_999, "order_of_magnitude", "civilians")


def test_hedged_toll_in_the_tens_of_thousands(nlp):
    c = only(nlp, "The death toll could be in the tens of thousands.", "killed")
    assert (c.low, c.high) == (10_000, 99_999)
    assert c.hedged is True


def test_not_hedged_without_a_modal(nlp):
    assert only(nlp, "The shelling killed 14 people.").hedged is False


def test_hundreds_and_dozens(nlp):
    found = {c.measure: c for c in claims_of(nlp, "Hundreds of homes were destroyed and dozens of people are missing.")}
    assert (found["destroyed"].low, found["destroyed"].high, found["destroyed"].group) == (100, 999, "buildings")
    assert (found["missing"].low, found["missing"].high) == (24, 99)


def test_at_least_in_the_thousands(nlp):
    c = only(nlp, "The agency said the number of casualties was at least in the thousands.", "casualties")
    assert (c.low, c.high, c.qualifier) == (1000, None, "at_least")


# ------------------------------------------------------------------ spelled-out numbers and composites

def test_spelled_out_numbers(nlp):
    found = claims_of(nlp, "Gunmen fired on three schools, killing seven pupils and injuring over twenty.")
    by = {c.measure: c for c in found}
    assert by["attacked"].value == 3 and by["attacked"].group == "schools"
    assert by["killed"].value == 7 and by["killed"].group == "students"
    assert by["injured"].group == "students"  # the elided object shares the group before it


def test_two_adults_and_a_child_make_three(nlp):
    c = only(nlp, "Two adults and a child were killed when the shell hit the clinic.", "killed")
    assert c.value == 3 and c.low == 3 and c.high == 3


def test_she_and_three_others(nlp):
    c = only(nlp, "She and three others were shot outside a bar.", "injured")
    assert c.value == 4


# ------------------------------------------------------------------ non-claims

@pytest.mark.parametrize("text", [
    "The port lies 40 miles north of the border.",
    "It is a city of 85,000 in the south.",
    "A six year-old girl waved from the window.",
    "The trench was 30 metres long.",
    "Separatists have fought there for eight years.",
    "The alliance has 30 members.",
    "The region was annexed in 2014.",
    "A 5,000-strong brigade moved north.",
    "The convoy carried 300 tonnes of aid.",
    "Prices rose by 30 percent.",
    "The fund raised $2 million.",
    "The president sacked eight generals.",
    "The shooting happened in the 400 block of Elm Street around 11 p.m.",
    "Smith, 31, was charged with murder.",
    "No one was hurt.",
])
def test_non_claims(nlp, text):
    assert claims_of(nlp, text) == []


def test_ages_are_not_counts(nlp):
    c = only(nlp, "A 23-year-old man was shot and killed on Friday night.")
    assert (c.measure, c.value, c.group) == ("killed", 1, "people")


def test_agents_are_not_victims(nlp):
    found = claims_of(nlp, "Three gunmen killed a guard.")
    assert [c.value for c in found] == [1]


# ------------------------------------------------------------------ reference back

def test_of_those_inherits_measure_and_place(nlp):
    text = "Officials said more than 3,000 people have been killed in Aleppo. Of those, 400 were children."
    found = claims_of(nlp, text)
    assert len(found) == 2
    first, second = found
    assert (second.measure, second.group, second.value) == ("killed", "children", 400)
    assert second.place_text == first.place_text
    assert second.qualifier == "exact"


def test_including_inherits_measure(nlp):
    found = claims_of(nlp, "The attack killed 30 people, including 12 children.")
    assert [(c.measure, c.group, c.value) for c in found] == [("killed", "people", 30), ("killed", "children", 12)]


# ------------------------------------------------------------------ measures from the parse

@pytest.mark.parametrize("text, measure, value", [
    ("As many as 900 remain trapped in the rubble.", "trapped", 900),
    ("About 8,000 people remain in the besieged town.", "trapped", 8000),
    ("An estimated 5,000 residents are unable to leave the city.", "trapped", 5000),
    ("Thousands of troops are still holed up in the plant.", "trapped", None),
    ("200,000 trapped civilians wait for a corridor.", "trapped", 200_000),
    ("Bombs fell on two hospitals overnight.", "attacked", 2),
    ("Police said five men were arrested.", "detained", 5),
    ("Fifty people burned to death in the fire.", "killed", 50),
    ("The blast wounded 9 people.", "injured", 9),
    ("Soldiers found 40 bodies and said 12 were still missing.", "missing", 12),
])
def test_measures(nlp, text, measure, value):
    c = only(nlp, text, measure)
    assert c.value == value


# ------------------------------------------------------------------ local crime news

def test_one_dead_three_injured(nlp):
    found = {c.measure: c.value for c in claims_of(nlp, "One dead, three injured after gunfire downtown.")}
    assert found == {"killed": 1, "injured": 3}


@pytest.mark.parametrize("text, measure", [
    ("The victim died at the hospital.", "killed"),
    ("He was shot in the leg.", "injured"),
    ("Two people were wounded in the shooting.", "injured"),
    ("The child was pronounced dead at the scene.", "killed"),
    ("A man has been charged in the death of his son.", "killed"),
])
def test_single_victims(nlp, text, measure):
    c = only(nlp, text, measure)
    assert c.value == (2 if "Two" in text else 1)


def test_a_victim_shot_who_died_is_not_also_injured(nlp):
    found = claims_of(nlp, "A man was shot on Main Street. He died at the hospital.")
    assert [(c.measure, c.value) for c in found] == [("killed", 1)]


def test_shot_count_with_deaths_becomes_casualties(nlp):
    found = {c.measure: c.value for c in claims_of(nlp, "Four people were shot. Two of them died.")}
    assert found.get("casualties") == 4 and "injured" not in found


# ------------------------------------------------------------------ provenance

def test_offsets_point_at_the_text(nlp):
    text = "Rescuers say at least 40 were injured in the blast, and 12 people were killed."
    doc = nlp(text)
    found = doc._.cl_claims
    assert [c.id for c in found] == [f"q{i}" for i in range(len(found))]
    for c in found:
        assert text[c.start:c.end] == c.text
        assert c.sentence in text and c.text in c.sentence
        assert c.document == ""


def test_place_from_a_locative_phrase(nlp):
    c = only(nlp, "Officials said 12 people were killed in Aleppo on Sunday.")
    assert c.place_text == "Aleppo"


def test_the_city_resolves_to_the_article_place(nlp):
    text = "Shelling hit Aleppo again on Sunday. Officials said 12 people were killed in the city."
    c = only(nlp, text, "killed")
    assert c.place_text == "Aleppo"


def test_a_breakdown_is_not_added_twice(nlp):
    found = claims_of(nlp, "Six people, three men and three women, were wounded.")
    assert [(c.measure, c.value) for c in found] == [("injured", 6)]


def test_a_relative_clause_names_the_victim(nlp):
    c = only(nlp, "Police identified him as the man who was pronounced dead at the scene.")
    assert (c.measure, c.value) == ("killed", 1)


def test_critical_condition_is_injury_not_trapped(nlp):
    c = only(nlp, "One victim is still in critical condition.")
    assert (c.measure, c.value) == ("injured", 1)


def test_three_or_four_is_a_range(nlp):
    c = only(nlp, "Witnesses said three or four people were wounded.")
    assert (c.low, c.high, c.qualifier) == (3, 4, "range")


def test_victims_joined_by_and_count_each(nlp):
    c = only(nlp, "A woman and a child were shot.")
    assert (c.measure, c.value) == ("injured", 2)


def test_toll_verbs(nlp):
    c = only(nlp, "The death toll has climbed to 1,200.")
    assert (c.measure, c.value) == ("killed", 1200)
    assert claims_of(nlp, "The governor called the killings senseless.") == []


def test_ages_after_under_are_not_figures(nlp):
    found = claims_of(nlp, "Police said four children under 13 had been killed.")
    assert [(c.measure, c.value, c.group) for c in found] == [("killed", 4, "children")]


def test_ages_in_a_list_of_victims(nlp):
    found = claims_of(nlp, "He killed his father Vic Baker, 50; his mother Kim Baker, 49; and a neighbor, 16.")
    assert all(c.value not in (50, 49, 16) for c in found)


def test_a_relative_clause_about_something_else_is_no_victim(nlp):
    assert claims_of(nlp, "We talked to a woman who drove to the plant.") == []


@pytest.mark.parametrize("text", [
    "Two other people were not injured.",
    "Three children, ages 10, 8 and 7, were inside the home but weren't hurt.",
])
def test_negated_harm_is_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


def test_one_fatally(nlp):
    text = "Police say four teenagers were shot, one fatally, on Tuesday."
    found = {c.measure: c.value for c in claims_of(nlp, text)}
    assert found == {"casualties": 4, "killed": 1}


@pytest.mark.parametrize("text, value", [
    ("The shooting sent four people to the hospital.", 4),
    ("The three others who were shot suffered minor injuries.", 3),
    ("Three people were shot to death and another was injured.", 1),
])
def test_more_injury_phrasings(nlp, text, value):
    assert only(nlp, text, "injured").value == value


def test_hyphenated_spelled_number_is_not_a_range(nlp):
    c = only(nlp, "Twenty-one people were killed and 45 wounded.", "killed")
    assert (c.value, c.qualifier) == (21, "exact")


def test_the_dead_included(nlp):
    c = only(nlp, "The dead included three journalists.")
    assert (c.measure, c.group, c.value) == ("killed", "journalists", 3)


@pytest.mark.parametrize("text", [
    "He threatened to kill her and their two children.",
    "The gunman tried to kill three officers.",
    "If the bomb had gone off, hundreds would have died.",
    "I wished you'd killed him.",
])
def test_harm_that_did_not_happen(nlp, text):
    assert claims_of(nlp, text) == []


def test_feared_deaths_stay_hedged_claims(nlp):
    c = only(nlp, "Officials fear that tens of thousands could have died.")
    assert c.hedged and c.measure == "killed"


@pytest.mark.parametrize("text, measure, value", [
    ("The attack left 12 dead and 30 wounded.", "killed", 12),
    ("Fighting raged for weeks in a long siege leaving more than 9,000 running out of food.", "trapped", 9000),
])
def test_left_figures(nlp, text, measure, value):
    assert only(nlp, text, measure).value == value


def test_one_of_them(nlp):
    text = "He is charged with shooting four people and killing one of them."
    found = {c.measure: c.value for c in claims_of(nlp, text)}
    assert found == {"casualties": 4, "killed": 1}
    found = [(c.measure, c.group, c.value) for c in claims_of(nlp, "Five were killed. One of them was a child.")]
    assert found == [("killed", "people", 5), ("killed", "children", 1)]


def test_two_of_them_dead(nlp):
    text = "Police found four victims wounded, two of them already dead."
    found = {c.measure: c.value for c in claims_of(nlp, text)}
    assert found["killed"] == 2


def test_n_of_them_fatally(nlp):
    found = {c.measure: c.value for c in claims_of(nlp, "At least 35 people have been shot, eight of them fatally.")}
    assert found == {"casualties": 35, "killed": 8}


def test_unharmed_is_not_injured(nlp):
    assert claims_of(nlp, "He was unharmed and was taken to the hospital for observation.") == []


@pytest.mark.parametrize("text, measure, value", [
    ("The number of people killed in the attack has risen to 57.", "killed", 57),
    ("Monitors confirmed that 52 civilians lost their lives at the station.", "killed", 52),
    ("Officials said tens of thousands of residents had already left the region.", "displaced", None),
])
def test_more_toll_phrasings(nlp, text, measure, value):
    assert only(nlp, text, measure).value == value


def test_where_it_was_said_is_not_the_place(nlp):
    c = only(nlp, "The mission told reporters in Geneva that 52 civilians were killed.")
    assert c.place_text != "Geneva"


def test_his_country_is_the_speakers_country(nlp):
    text = "Norway's health minister said Sweden has already fired on 12 clinics in his country."
    c = only(nlp, text, "attacked")
    assert c.place_text == "Norway"


@pytest.mark.parametrize("text, measure, value", [
    ("The victim is reported to have died from her injuries.", "killed", 1),
    ("Five people are believed to have been killed.", "killed", 5),
    ("A high school senior is dead after an accidental shooting.", "killed", 1),
])
def test_raised_and_state_clauses(nlp, text, measure, value):
    assert only(nlp, text, measure).value == value


def test_things_that_die_are_not_victims(nlp):
    assert claims_of(nlp, "The bill died in committee.") == []


@pytest.mark.parametrize("text, measure, value", [
    ("A teenager was struck by a stray bullet on Sunday.", "injured", 1),
    ("Two people were hit by gunfire outside a bar.", "injured", 2),
    ("A nine-year-old shot himself in the hand with his uncle's rifle on Monday.", "injured", 1),
])
def test_hit_by_a_projectile_and_self_inflicted(nlp, text, measure, value):
    c = only(nlp, text, measure)
    assert c.value == value


def test_self_inflicted_wound_of_one_who_died_is_not_an_injury(nlp):
    found = claims_of(nlp, "Police said the gunman shot himself. He died at the scene.")
    assert [(c.measure, c.value) for c in found] == [("killed", 1)]


def test_age_after_a_headline_noun(nlp):
    assert not [c for c in claims_of(nlp, "Boy, 3, wounded in accidental shooting, police say")
                if c.value == 3]


def test_found_by_police_is_no_harm(nlp):
    assert claims_of(nlp, "The boy was found by police on Tuesday.") == []


def test_numbers_in_a_list_of_ages_are_ages(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Three other men, ages 25, 26, and 33, were injured and taken to a local hospital.")
    assert [(c.measure, c.value) for c in doc._.cl_claims] == [("injured", 3)]
    doc = nlp("Two men, aged 19 and 20, were killed.")
    assert [(c.measure, c.value) for c in doc._.cl_claims] == [("killed", 2)]
