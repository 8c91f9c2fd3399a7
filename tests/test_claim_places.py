"""Where a figure is: regions, military directions, retagged names and the parties that are not the scene.

Invented sentences about real Ukrainian towns and regions (gazetteer data); each row gives the
sentence, the figure's value and the place the claim must name.
"""

from __future__ import annotations

import pytest

ROWS = [
    # "the X region" is the admin-1 region X, not the city X
    ("In the Vinnytsia region, two people were killed by shelling.", 2, "Vinnytska oblast"),
    ("Shelling of Odesa region: four civilians were wounded in a day.", 4, "Odeska oblast"),
    # "the X direction" is a military axis: an area named after X
    ("Three soldiers were killed in the Konotop direction, the army said.", 3, "Konotop direction"),
    # a romanisation the gazetteer's alternate names lack, after "on"
    ("A rocket attack on Berdychev killed seven people.", 7, "Berdychiv"),
    # the owner of an organisation and the agent of an attack are not the scene
    ("Two civilians were wounded in the shelling of the village of Smila by the Armed Forces of Belarus.", 2, "Smila"),
    ("Six people were killed in the shelling by Russia of the city of Konotop.", 6, "Konotop"),
    # the town before its region, the region before its country
    ("Nine people were killed in a village in the Sumy region of northeastern Ukraine.", 9, "Sumska oblast"),
    ("Five people were injured in the city of Nizhyn in the Chernihiv region.", 5, "Nizhyn"),
    # a word the tagger has never seen is still the town the gazetteer knows ("shelled X" tags it an adverb)
    ("The invaders shelled Nizhyn again: two civilians were killed.", 2, "Nizhyn"),
    # a capital that speaks is the seat of a government; a country that kills is not where the dead are
    ("Moscow said that 12 soldiers were killed in Sumy.", 12, "Sumy"),
    ("Russia killed 30 children in Ukraine.", 30, "Ukraine"),
    # the owner of a speaking ministry or service, and a country that made the weapon, are no scene
    ("Moldova's Defence Ministry says 40 soldiers were killed.", 40, None),
    ("Poland's emergency service reported that 42 people were injured in Sumy.", 42, "Sumy"),
    ("Belarus struck a depot with US-made rockets, killing 14 soldiers.", 14, None),
    # what a belligerent owns names a party, not the place of the figure
    ("Moldova's tanks killed 16 people in a day.", 16, None),
    ("The troops of Moldova shelled Smila, killing 17 people.", 17, "Smila"),
    # the shelling of a town names its target; "the shelling of <country>" (its fire) yields to the town hit
    ("The shelling of Smila killed 18 people.", 18, "Smila"),
    ("As a result of the shelling of the Russian Federation, two civilians were killed in Sumy.", 2, "Sumy"),
    ("Due to the shelling of the Russian Federation, a man was wounded in the Sumy region.", 1, "Sumska oblast"),
    ("Kyiv claims that 50 soldiers were killed near Konotop.", 50, "Konotop"),
]


@pytest.mark.parametrize(("text", "value", "place"), ROWS)
def test_the_place_of_a_figure(nlp, text: str, value: int, place: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    claims = [c for c in doc._.cl_claims if c.value == value]
    assert claims, f"no claim of {value} in {text!r}"
    assert claims[0].place_text == place


def test_a_name_tagged_as_an_organisation_is_a_place_only_where_the_context_says_so(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.claim_places import places_of

    doc = nlp("Officials of Kovelltex said eight workers were injured.")
    assert all(p.name != "Kovel" for p in places_of(doc, doc._.cl_mentions))


def test_the_owner_of_an_organisation_is_marked_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.claim_places import places_of

    doc = nlp("Two people were wounded in Smila after shelling by the Armed Forces of Belarus.")
    by_name = {p.name: p for p in places_of(doc, doc._.cl_mentions)}
    assert by_name["Belarus"].party and not by_name["Smila"].party
