"""Military and agency wording read as quantity claims, on sentences written for these tests (real pipeline)."""

from __future__ import annotations

import pytest

from claimledger.records import Claim


def claims_of(nlp, text: str) -> list[Claim]:
    return list(nlp(text)._.cl_claims or [])


def has(claims: list[Claim], measure: str, number: float) -> Claim | None:
    return next((c for c in claims if c.measure == measure and number in (c.value, c.low, c.high)), None)


# text -> (measure, number) that must be read
@pytest.mark.parametrize("text, measure, number", [
    # eliminated / destroyed / neutralised N soldiers = killed (a party's claim)
    ("The army said its units eliminated 75 invaders near the river.", "killed", 75),
    ("Artillery destroyed up to 30 enemy soldiers overnight, the ministry said.", "killed", 30),
    ("Commanders said they had neutralised 12 fighters in the forest.", "killed", 12),
    ("The gunners liquidated 18 mercenaries, the general staff reported.", "killed", 18),
    # losses = casualties; killed and wounded N = casualties
    ("Enemy losses amounted to 45 people over the day.", "casualties", 45),
    ("The brigade lost up to 90 servicemen killed and wounded near the ridge.", "casualties", 90),
    ("The battalion suffered 60 killed and wounded in a week.", "casualties", 60),
    # bodies found / recovered / exhumed = killed
    ("Rescuers said 14 bodies were recovered from the ruins.", "killed", 14),
    ("Investigators exhumed 62 bodies in the woods near the village.", "killed", 62),
    ("Workers recovered the bodies of nine people from the rubble.", "killed", 9),
    ("The remains of 20 people have been identified so far.", "killed", 20),
    ("The strike on the depot claimed the lives of 16 people.", "killed", 16),
    # the number of victims rose to N; a toll of N; it has risen to N; a total of N
    ("The number of victims of the shelling of Dolnivka increased to seven.", "killed", 7),
    ("Officials initially gave a death toll of eight, but later said it had risen to 11.", "killed", 8),
    ("Officials initially gave a death toll of eight, but later said it had risen to 11.", "killed", 11),
    ("The number of dead victims in the attack grew from 26 on Sunday.", "killed", 26),
    ("A total of 27 people were killed in the strike.", "killed", 27),
    # agency style: the source after a spaced dash, the verb left out
    ("Death toll in Brivka rises to 5, injured to 14 - governor", "killed", 5),
    ("Death toll in Brivka rises to 5, injured to 14 - governor", "injured", 14),
    ("Shelling killed 4 people and injured 2 - district council", "injured", 2),
    ("Hospital in Zelenivka damaged by shelling, at least 15 reported wounded", "injured", 15),
    ("As of Monday, 9 civilians are reported killed and 31 wounded.", "killed", 9),
    ("The toll has increased to 44, with 87 people injured, the governor said.", "injured", 87),
    # title-case headlines, which the small model parses badly
    ("Drone Strike Kills At Least 9 People, Wounds 21", "killed", 9),
    ("Drone Strike Kills At Least 9 People, Wounds 21", "injured", 21),
    ("Market Attack Death Toll Reaches 17", "killed", 17),
    # prisoners killed are killed (the verb wins over the noun "prisoner")
    ("The attack killed 31 prisoners of war and wounded 70 others.", "killed", 31),
    ("Officials said at least 22 POWs were killed in the blast.", "killed", 22),
    # groups of war reporting: defenders, rescuers, staff, nationalities
    ("More than 35 defenders of the city were killed in the camp.", "killed", 35),
    ("Eleven rescuers were killed by a second strike on the site.", "killed", 11),
    ("Six prison staff were also injured.", "injured", 6),
    ("Eleven Georgians were wounded in the blast.", "injured", 11),
    # treated at the scene = injured
    ("Medics said 23 received first aid at the scene.", "injured", 23),
    # wounded earlier, died later: the main verb tells the end
    ("A pregnant woman who was injured in the shelling on Friday has died, the report said.", "killed", 1),
    # among the dead / wounded
    ("Among those killed were six children, the mayor said.", "killed", 6),
    ("At least seven people among the wounded are in serious condition.", "injured", 7),
])
def test_war_wording_is_read(nlp, text, measure, number):
    cs = claims_of(nlp, text)
    assert has(cs, measure, number), [(c.measure, c.value, c.low, c.high, c.text) for c in cs]


@pytest.mark.parametrize("text, group", [
    ("The army said its units eliminated 75 invaders near the river.", "soldiers"),
    ("Artillery destroyed up to 30 enemy soldiers overnight, the ministry said.", "soldiers"),
    ("Eleven rescuers were killed by a second strike on the site.", "workers"),
    ("Eleven Georgians were wounded in the blast.", "people"),
])
def test_war_groups(nlp, text, group):
    cs = [c for c in claims_of(nlp, text) if c.measure in ("killed", "injured")]
    assert cs and cs[0].group == group, [(c.measure, c.group, c.text) for c in cs]


def test_destroyed_things_stay_destroyed(nlp):
    cs = claims_of(nlp, "The strike destroyed 12 tanks near the depot.")
    assert not any(c.measure == "killed" for c in cs)


@pytest.mark.parametrize("text, low, high, qualifier", [
    ("Artillery destroyed up to 30 enemy soldiers overnight.", None, 30, "up_to"),
    ("Drone Strike Kills At Least 9 People, Wounds 21", 9, None, "at_least"),
    # a projection is bounded from above and hedged
    ("The governor warned that the death toll may rise to 40.", None, 40, "up_to"),
])
def test_war_bounds(nlp, text, low, high, qualifier):
    c = next(c for c in claims_of(nlp, text) if c.measure in ("killed", "casualties"))
    assert (c.low, c.high, c.qualifier) == (low, high, qualifier)


def test_projection_is_hedged_but_a_plain_rise_is_not(nlp):
    c = next(c for c in claims_of(nlp, "The governor warned that the death toll may rise to 40."))
    assert c.hedged is True
    c = next(c for c in claims_of(nlp, "The death toll rose to 40 on Tuesday."))
    assert (c.low, c.high, c.qualifier, c.hedged) == (40, 40, "exact", False)


@pytest.mark.parametrize("text, measure, group", [
    ("A rocket killed four people, including a child, in the market.", "killed", "children"),
    ("At least 12 people - including a nine-year-old girl - were wounded.", "injured", "children"),
    ("A teenage girl was among the wounded.", "injured", "children"),
    ("Among the dead was a policeman.", "killed", "police"),
    ("Officials said the body of a boy had been pulled from the ruins.", "killed", "children"),
    ("Doctors said one of the injured was a nurse.", "injured", "people"),
])
def test_victims_named_singly_inside_a_toll(nlp, text, measure, group):
    cs = claims_of(nlp, text)
    assert any(c.measure == measure and c.value == 1 and c.group == group for c in cs), \
        [(c.measure, c.value, c.group, c.text) for c in cs]


def test_including_a_child_keeps_the_total_and_the_next_figure(nlp):
    cs = claims_of(nlp, "The strike killed three people, including a child, and injured 42.")
    assert has(cs, "killed", 3) and has(cs, "killed", 1)
    hurt = has(cs, "injured", 42)
    assert hurt is not None and hurt.group == "people"  # not the child's group


def test_treated_at_the_scene_stays_injured_beside_deaths(nlp):
    cs = claims_of(nlp, "Two people were killed. Medics said 23 received first aid at the scene.")
    assert has(cs, "injured", 23) and not has(cs, "casualties", 23)


@pytest.mark.parametrize("text", [
    "The city received 300 tonnes of humanitarian aid.",
    "Volunteers delivered help to 2,000 residents of the district.",
    "Regional Council Holds 12 Meetings On Budget",
    "The convoy carried 40 tonnes of food - the agency said",
    "A 150,000-strong army gathered at the border.",
    "Police said one of the suspects was a teacher.",
    "The council is a governing body of 40 members.",
])
def test_not_harm(nlp, text):
    cs = [c for c in claims_of(nlp, text) if c.measure in ("killed", "injured", "casualties")]
    assert not cs, [(c.measure, c.value, c.text) for c in cs]


def test_wounded_and_still_alive_stays_injured(nlp):
    cs = claims_of(nlp, "A man who was wounded in the shelling on Friday is in hospital.")
    assert has(cs, "injured", 1) and not has(cs, "killed", 1)


@pytest.mark.parametrize("text", ["Three people were killed, including a", "Toll rises to 4 -", "5 killed and",
                                  "one of the", "Among the", "Death Toll"])
def test_fragments_at_the_end_of_a_text_are_read_without_error(nlp, text):
    for c in claims_of(nlp, text):
        assert c.measure and c.start < c.end
