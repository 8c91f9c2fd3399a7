"""The figure-scope classifier of war reports (``resolve.tolls``): invented sentences, places and people."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from claimledger.records import Claim, Document, Extraction, Mention
from claimledger.resolve import tolls
from claimledger.resolve.conflicts import find_conflicts
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.incidents import make_incident
from claimledger.resolve.incidents_report import build_report
from claimledger.resolve.series import series_scope
from claimledger.resolve.tolls import FigureContext, Scope

EVENT = date(2031, 5, 14)


def _claims(text: str, figures: list[tuple]) -> list[Claim]:
    """Claims of ``text``: (claim words, measure, group, value[, hedged]) each; the sentence is the one holding
    the words."""
    out = []
    for n, (words, measure, group, value, *hedged) in enumerate(figures):
        start = text.index(words)
        dot = text.rfind(". ", 0, start)
        lo = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, start) + 1)
        ends = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
        hi = min(ends) + 1 if ends else len(text)
        out.append(Claim(id=f"c{n}", document="d", kind="quantity", sentence=text[lo:hi].strip(), text=words,
                         start=start, end=start + len(words), measure=measure, group=group, value=value,
                         low=value, high=value, qualifier="exact", hedged=bool(hedged and hedged[0])))
    return out


def _with_doc(c: Claim, doc: str) -> Claim:
    return replace(c, document=doc, id=f"{doc}{c.id}")


def _scope(text: str, figures: list[tuple], which: int = 0,
           event: date | None = EVENT) -> tolls.FigureScope:
    claims = _claims(text, figures)
    return tolls.scopes_of(claims, FigureContext(text=text, event_date=event, claims=tuple(claims)))[f"c{which}"]


# (text, figures, which figure, scope, rule)
CASES = [
    ("A missile struck the bus depot in Varnok, killing 14 people.",
     [("killing 14 people", "killed", "people", 14)], 0, Scope.INCIDENT, "incident.default.v1"),
    ("The agency said at least 3,100 civilians have been killed since the invasion began. "
     "A drone hit a school in Varnok, killing 4 people.",
     [("3,100 civilians have been killed", "killed", "civilians", 3100), ("killing 4 people", "killed", "people", 4)],
     0, Scope.TOLL, "toll.period.v1"),
    ("Losses per day amounted to 140 soldiers, the governor of Ostrel said.",
     [("140 soldiers", "killed", "soldiers", 140)], 0, Scope.TOLL, "toll.period.v1"),
    ("The mayor said more than 900 people have been killed in the city. "
     "A strike on the market of Ostrel killed 7 people.",
     [("900 people have been killed", "killed", "people", 900), ("killed 7 people", "killed", "people", 7)],
     0, Scope.TOLL, "toll.place.v1"),
    ("A rocket hit a hospital in Ostrel, wounding 22 people, even as another attack killed five in Dravin.",
     [("wounding 22 people", "injured", "people", 22), ("killed five", "killed", "people", 5)],
     1, Scope.BACKGROUND, "background.other_attack.v1"),
    ("A rocket hit a hospital in Ostrel, wounding 22 people, even as another attack killed five in Dravin.",
     [("wounding 22 people", "injured", "people", 22), ("killed five", "killed", "people", 5)],
     0, Scope.INCIDENT, "incident.default.v1"),
    ("A strike on a station in Ostrel killed 31 people.\n\n"
     "In March 2030, the attackers hit a theatre in Dravin. Then they killed 80 people.",
     [("killed 31 people", "killed", "people", 31), ("killed 80 people", "killed", "people", 80)],
     1, Scope.BACKGROUND, "background.earlier_date.v1"),
    ("The defence ministry said its forces eliminated 120 militants near Ostrel.",
     [("120 militants", "killed", "militants", 120)], 0, Scope.PARTY, "party.enemy_losses.v1"),
    ("The defence ministry of Dravin said 230 soldiers were killed near Ostrel.",
     [("230 soldiers were killed", "killed", "soldiers", 230)], 0, Scope.PARTY, "party.enemy_losses.v1"),
    ("Two weeks into the war, its army has suffered more than 9,000 deaths among its soldiers.",
     [("9,000 deaths", "killed", "soldiers", 9000)], 0, Scope.TOLL, "toll.period.v1"),
    ("A missile hit the barracks in Ostrel, killing 15 soldiers, the mayor said.",
     [("killing 15 soldiers", "killed", "soldiers", 15)], 0, Scope.INCIDENT, "incident.default.v1"),
    ("Officials fear the toll may rise to 40.",
     [("toll may rise to 40", "killed", "people", 40, True)], 0, Scope.PROJECTION, "projection.hedged.v1"),
    ("The strike on the station killed 30 people. Nine of them died in hospital.",
     [("killed 30 people", "killed", "people", 30), ("Nine of them died", "killed", "people", 9)],
     1, Scope.PART, "part.words.v1"),
    ("The strike on the mall killed 30 people and 41 others were wounded.",
     [("killed 30 people", "killed", "people", 30), ("41 others were wounded", "injured", "people", 41)],
     1, Scope.INCIDENT, "incident.default.v1"),
    ("The shelling of the bridge killed 12 people, including 3 children.",
     [("killed 12 people", "killed", "people", 12), ("3 children", "killed", "children", 3)],
     1, Scope.PART, "part.subgroup.v1"),
    ("The strike on the mall wounded 60 people. 18 people were hospitalised.",
     [("wounded 60 people", "injured", "people", 60), ("18 people were hospitalised", "injured", "people", 18)],
     1, Scope.PART, "part.treated.v1"),
    ("Some 90 people were injured, 20 of them died, the mayor of Ostrel said after the strike.",
     [("90 people were injured", "injured", "people", 90), ("20 of them died", "killed", "people", 20)],
     0, Scope.PART, "part.among_wounded.v1"),
    ("Some 90 people were injured, 20 of them died, the mayor of Ostrel said after the strike.",
     [("90 people were injured", "injured", "people", 90), ("20 of them died", "killed", "people", 20)],
     1, Scope.INCIDENT, "incident.default.v1"),
    ("The strike on the depot killed 26 people. Rescuers found one more body.",
     [("killed 26 people", "killed", "people", 26), ("one more body", "killed", "people", 1)],
     1, Scope.PART, "part.words.v1"),
    ("Mayor Ilsa Korven said more than 6,000 have been killed in the city. Of those, 300 were children.",
     [("6,000 have been killed", "killed", "people", 6000), ("300 were children", "killed", "children", 300)],
     1, Scope.TOLL, "part.of_other.v1"),
    # a strike's toll told in the past tense beside "the city" is the strike's, not the city's
    ("A missile hit Ostrel at dawn. Officials said 14 people were killed in the city.",
     [("14 people were killed", "killed", "people", 14)], 0, Scope.INCIDENT, "incident.default.v1"),
    ("In March 2030, a strike hit the Dravin theatre, killing 80 people. In May 2031 a strike on a depot killed 9.",
     [("killing 80 people", "killed", "people", 80), ("killed 9", "killed", "people", 9)],
     1, Scope.INCIDENT, "incident.default.v1"),
    ("The blast at the depot, one of the deadliest since the war began, killed 44 people.",
     [("killed 44 people", "killed", "people", 44)], 0, Scope.INCIDENT, "incident.default.v1"),
    # a retrospective: its only figures are of the earlier event, which is what it is about
    ("A year ago, in April 2030, a missile hit the Ostrel station and killed 58 people.",
     [("killed 58 people", "killed", "people", 58)], 0, Scope.INCIDENT, "incident.retrospective.v1"),
]


@pytest.mark.parametrize("text,figures,which,scope,rule", CASES)
def test_figure_scope(text: str, figures: list, which: int, scope: Scope, rule: str) -> None:
    got = _scope(text, figures, which)
    assert (got.scope, got.rule) == (scope, rule)


def test_rules_are_registered_once_in_order() -> None:
    names = tolls.rule_names()
    assert len(names) == len(set(names))
    assert names[0] == "projection.hedged.v1"
    assert names.index("toll.period.v1") < names.index("party.enemy_losses.v1") < names.index("part.subgroup.v1")


def test_date_mentions_after_the_event_are_updates_not_background() -> None:
    text = "As of May 20, the toll of the strike on the Ostrel station reached 61."
    got = _scope(text, [("reached 61", "killed", "people", 61)])
    assert got.scope is Scope.INCIDENT


def _towns(text: str) -> tuple[Mention, ...]:
    """The invented town of the war's theatre as the text names it: what makes the war locale read a report as a war
    report (``resolve.war.locale``: two places of the countries at war at least)."""
    return tuple(Mention(start=m.start(), end=m.end(), text=m.group(0), type="place", country="UA")
                 for m in re.finditer("Ostrel", text))


def test_the_incident_spans_every_total_its_reports_give() -> None:
    """Two invented war reports of one strike: low and high span their totals; the city's toll stays out."""
    first = ("Missile strike on Ostrel station\nA missile struck the railway station in Ostrel on Friday, killing "
             "27 people. Officials later said more than 30 people were killed in the shelling. "
             "The regional governor said 4,000 civilians have been killed since the start of the invasion.")
    later = ("Ostrel station toll rises\nThe death toll from the missile strike on the Ostrel station has risen to "
             "52. Troops and artillery kept up the shelling of the front line.")
    reports = []
    for n, (text, figures) in enumerate([
        (first, [("killing 27 people", "killed", "people", 27), ("30 people were killed", "killed", "people", 30),
                 ("4,000 civilians have been killed", "killed", "civilians", 4000)]),
        (later, [("risen to 52", "killed", "people", 52)]),
    ]):
        doc = Document(id=f"d{n}", sha256="0" * 64, path=f"r{n}.txt", text=text, title=text.split("\n")[0],
                       published=f"2031-05-{14 + n:02d}")
        claims = [_with_doc(c, doc.id) for c in _claims(text, figures)]
        reports.append(build_report(doc, Extraction(document=doc.id, claims=tuple(claims), mentions=_towns(text))))
    assert all(r.locale == "war" for r in reports)
    assert reports[0].killed_totals == (27, 30)
    inc = make_incident(reports)
    assert (inc.killed_low, inc.killed_high, inc.killed) == (27, 52, 52)


def test_a_report_of_tolls_only_is_no_incident() -> None:
    text = ("Siege of Ostrel\nThe mayor said more than 5,000 people have been killed in the city during the siege, "
            "as shelling and missile strikes by the invading troops went on. Ostrel mourns.")
    doc = Document(id="t", sha256="0" * 64, path="t.txt", text=text, title="Siege of Ostrel", published="2031-05-14")
    claims = tuple(_with_doc(c, "t") for c in _claims(text, [("5,000 people have been killed", "killed", "people",
                                                                5000)]))
    r = build_report(doc, Extraction(document="t", claims=claims, mentions=_towns(text)))
    assert r.locale == "war"
    assert not r.violent and r.killed is None and r.killed_totals == ()


# ---------------------------------------------------------------- revisions in one report, series scope

def _one_report(text: str, figures: list[tuple[str, str, float]]) -> tuple[Corpus, EntityIndex]:
    """A corpus of one invented report; each figure (its sentence, measure, value) placed in Ostrel."""
    d = Document(id="r", sha256="1" * 64, path="r.txt", text=text, outlet="ostrel.example", published="2031-05-14")
    claims = []
    for n, (sentence, measure, value) in enumerate(figures):
        start = text.index(sentence)
        claims.append(Claim(id=f"r:c{n}", document="r", kind="quantity", sentence=sentence, text=sentence,
                            start=start, end=start + len(sentence), measure=measure, group="people", value=value,
                            low=value, high=value, qualifier="exact", place_text="Ostrel", as_of="2031-05-14"))
    corpus = Corpus({"r": d}, {"r": Extraction(document="r", claims=tuple(claims))}, {})
    index = EntityIndex()
    index.add_link("r", "Ostrel", "p-ostrel")
    return corpus, index


@pytest.mark.parametrize("text,contradiction", [
    # one report, one strike, two counts told as they are: flagged
    ("The Tuesday strike on the depot in Ostrel wounded 12 people. "
     "Rescuers said the attack on Tuesday wounded 14 people.", True),
    # the later count is told as an update: a revision
    ("The Tuesday strike on the depot in Ostrel wounded 12 people. "
     "The number wounded in the attack on Tuesday has risen to 14.", False),
    # two counts given as of two times of the day
    ("As of 8 am Tuesday, the strike on the depot in Ostrel had wounded 12 people. "
     "As of 6 pm Tuesday, the attack on the depot had wounded 14 people.", False),
])
def test_updates_in_one_report_are_revisions(text: str, contradiction: bool) -> None:
    s1, s2 = (s if s.endswith(".") else s + "." for s in text.split(". "))
    corpus, index = _one_report(text, [(s1, "injured", 12), (s2, "injured", 14)])
    kinds = [k.kind for k in find_conflicts(corpus, index)]
    assert ("contradiction" in kinds) is contradiction


def test_series_say_whether_they_are_a_toll_or_an_incident() -> None:
    assert series_scope("station") == "incident"
    assert series_scope(None) == "toll" and series_scope("") == "toll"


def _report(text: str, figures: list[tuple], title: str = "Missile strike on Ostrel station"):  # type: ignore[no-untyped-def]
    doc = Document(id="w", sha256="2" * 64, path="w.txt", text=text, title=title, published="2031-05-14")
    claims = tuple(_with_doc(c, "w") for c in _claims(text, figures))
    return build_report(doc, Extraction(document="w", claims=claims, mentions=_towns(text)))


def test_party_claims_are_kept_beside_the_toll() -> None:
    r = _report("A missile struck the station in Ostrel, killing 40 people. "
                "The defence ministry said its forces eliminated 120 militants in the shelling. Ostrel mourns.",
                [("killing 40 people", "killed", "people", 40), ("120 militants", "killed", "militants", 120)])
    assert r.killed_totals == (40,) and r.killed == 40
    assert r.party_claims == ("wc1",)
    assert make_incident([r]).party_claims == ("wc1",)


def test_counts_of_some_victims_are_the_incidents_only_when_no_report_counts_all() -> None:
    only_a_child = _report("A child was killed and two more people were injured in the shelling of Ostrel by "
                           "invading troops. Ostrel mourns.",
                           [("A child was killed", "killed", "children", 1),
                            ("two more people were injured", "injured", "people", 2)])
    assert only_a_child.killed is None and only_a_child.killed_groups == (1,)
    assert make_incident([only_a_child]).killed == 1
    counted = _report("The shelling of the station in Ostrel killed 9 people and injured 20. Ostrel mourns.",
                      [("killed 9 people", "killed", "people", 9), ("injured 20", "injured", "people", 20)])
    inc = make_incident([only_a_child, replace(counted, doc="w2")])
    assert (inc.killed_low, inc.killed_high) == (9, 9)
