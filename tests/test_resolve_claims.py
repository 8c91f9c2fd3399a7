"""Claim clusters, origins and independence, conflicts and series on small hand-made corpora.

Every corpus here is invented (fictional towns, people and outlets); no model is loaded.
"""

from __future__ import annotations

import hashlib

import pytest

from claimledger.records import Claim, Document, Entity, Extraction, Statement
from claimledger.resolve.claims import build_clusters, build_series, find_conflicts
from claimledger.resolve.clusters import ClaimTable
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.figures import event_cues, same_event, same_figure
from claimledger.resolve.origins import OriginKeys, country_of_word

# ---------------------------------------------------------------- builders

PLACES = {  # surface -> (entity id, canonical name, country)
    "Northport": ("p-north", "Northport", "NO"),
    "Lakeside": ("p-lake", "Lakeside", "NO"),
    "Oslo": ("p-oslo", "Oslo", "NO"),
}


def doc(name: str, text: str, *, outlet: str | None = None, published: str | None = None) -> Document:
    h = hashlib.sha256(name.encode()).hexdigest()
    return Document(id=h[:16], sha256=h, path=f"{name}.txt", text=text, outlet=outlet, published=published)


def claim(d: Document, n: int, sentence: str, *, measure: str = "killed", group: str | None = "people",
          low: float | None = None, high: float | None = None, value: float | None = None,
          qualifier: str = "exact", place: str | None = "Northport", source: str | None = None,
          source_type: str | None = None, as_of: str | None = None, hedged: bool = False) -> Claim:
    if qualifier == "exact" and value is not None and low is None and high is None:
        low = high = value
    start = max(0, d.text.find(sentence))
    return Claim(id=f"{d.id}:c{n}", document=d.id, kind="quantity", sentence=sentence, text=sentence,
                 start=start + n, end=start + len(sentence), measure=measure, group=group, value=value,
                 low=low, high=high, qualifier=qualifier, hedged=hedged, place_text=place,
                 as_of=as_of or d.published, attributed_text=source, attributed_type=source_type)


def corpus_of(pairs: list[tuple[Document, list[Claim]]], near: dict[str, str] | None = None) -> Corpus:
    docs = {d.id: d for d, _ in pairs}
    exs = {d.id: Extraction(document=d.id, claims=tuple(cs)) for d, cs in pairs}
    return Corpus(docs, exs, dict(near or {}))


def index_of(corpus: Corpus, same: dict[str, str] | None = None) -> EntityIndex:
    """Places from PLACES; every other surface one entity, unless ``same`` maps it to a shared id."""
    index = EntityIndex()
    made: dict[str, Entity] = {}
    for eid, name, country in PLACES.values():
        made[eid] = Entity(id=eid, type="place", name=name, aliases=(name,), country=country)
    for ex in corpus.extractions.values():
        for c in ex.claims:
            for surface, typ in ((c.place_text, "place"), (c.attributed_text, c.attributed_type or "person")):
                if not surface:
                    continue
                if surface in PLACES:
                    eid = PLACES[surface][0]
                else:
                    eid = (same or {}).get(surface, "e-" + surface.lower().replace(" ", "-"))
                    if eid not in made:
                        made[eid] = Entity(id=eid, type=typ, name=surface, aliases=(surface,))
                    elif surface not in made[eid].aliases:
                        e = made[eid]
                        made[eid] = Entity(id=e.id, type=e.type, name=e.name, aliases=(*e.aliases, surface))
                index.add_link(c.document, surface, eid)
    index.entities = [made[k] for k in sorted(made)]
    return index


def cluster_of(corpus: Corpus, index: EntityIndex | None = None) -> tuple[dict, dict]:
    clusters, pairs = build_clusters(corpus, index or index_of(corpus))
    return {k.id: k for k in clusters}, dict(pairs)


# ---------------------------------------------------------------- figures


def test_same_figure_rules():
    d = doc("f", "x")
    more = claim(d, 0, "a", low=2000, qualifier="more_than")
    least = claim(d, 1, "b", low=2000, qualifier="at_least")
    about = claim(d, 2, "c", value=2100, low=2100, high=2100, qualifier="approximately")
    tens = claim(d, 3, "d", low=10000, high=99999, qualifier="order_of_magnitude")
    upto = claim(d, 4, "e", high=800, qualifier="as_many_as")
    assert same_figure(more, least) and same_figure(more, about)
    assert not same_figure(more, tens), "compatible but not the same claim"
    assert not same_figure(upto, more)
    assert not same_figure(claim(d, 5, "f", value=18), claim(d, 6, "g", value=17))


def test_country_words():
    assert country_of_word("Norwegian") == "NO"
    assert country_of_word("Nigerian") == "NG"  # not Niger
    assert country_of_word("U.K.") == "GB"
    assert country_of_word("Christian") is None
    assert country_of_word("Council") is None


# ---------------------------------------------------------------- clusters


def three_outlets(sources: tuple[str | None, str | None, str | None] = (None, None, None),
                  types: tuple[str | None, ...] = (None, None, None)) -> Corpus:
    a = doc("a", "More than 2,000 people have been killed in Northport.", outlet="Daily A", published="2023-05-02")
    b = doc("b", "At least 2,000 have died in the port.", outlet="Weekly B", published="2023-05-03")
    c = doc("c", "Roughly 2,000 civilians were killed, the town says.", outlet="Radio C", published="2023-05-05")
    return corpus_of([
        (a, [claim(a, 0, a.text, low=2000, qualifier="more_than", source=sources[0], source_type=types[0])]),
        (b, [claim(b, 0, b.text, low=2000, qualifier="at_least", source=sources[1], source_type=types[1])]),
        (c, [claim(c, 0, c.text, group="civilians", value=2000, low=2000, high=2000, qualifier="approximately",
                   source=sources[2], source_type=types[2])]),
    ])


def test_merge_across_outlets():
    corpus = three_outlets()
    clusters, of = cluster_of(corpus)
    ids = {of[c.id] for c in corpus.claims()}
    assert len(ids) == 1
    k = clusters[ids.pop()]
    assert len(k.claims) == 3 and len(k.documents) == 3
    assert set(k.outlets) == {"Daily A", "Weekly B", "Radio C"}
    assert k.first_reported == "2023-05-02"
    assert k.group == "people" and k.measure == "killed"
    # unattributed in three outlets: each outlet's own reporting counts
    assert k.independent_sources == 3


def test_no_merge_across_places_measures_or_figures():
    a = doc("a", "x", outlet="A", published="2023-05-02")
    b = doc("b", "y", outlet="B", published="2023-05-02")
    corpus = corpus_of([
        (a, [claim(a, 0, "s1", low=2000, qualifier="more_than"),
             claim(a, 1, "s2", low=2000, qualifier="more_than", measure="injured"),
             claim(a, 2, "s3", low=10000, high=99999, qualifier="order_of_magnitude")]),
        (b, [claim(b, 0, "s4", low=2000, qualifier="more_than", place="Lakeside"),
             claim(b, 1, "s5", high=800, qualifier="as_many_as")]),
    ])
    clusters, of = cluster_of(corpus)
    assert len(set(of.values())) == 5, "five different claims, five clusters"
    assert len(of) == 5, "every quantity claim gets a cluster"


def test_time_window_splits_far_apart_repeats():
    a = doc("a", "x", outlet="A", published="2023-01-01")
    b = doc("b", "y", outlet="B", published="2023-03-01")
    corpus = corpus_of([(a, [claim(a, 0, "s", value=40)]), (b, [claim(b, 0, "t", value=40)])])
    _, of = cluster_of(corpus)
    assert of[f"{a.id}:c0"] != of[f"{b.id}:c0"]


def test_allegations_get_no_cluster_unless_they_carry_a_figure():
    text = "Rebels say 12 villagers were shot by the army. The army denies any wrongdoing."
    a = doc("a", text, outlet="A")
    figure = claim(a, 0, "12 villagers were shot", value=12)
    carrier = Claim(id=f"{a.id}:c8", document=a.id, kind="allegation", sentence=text.split(". ")[0],
                    text="12 villagers were shot by the army", start=figure.start, end=figure.start + 34)
    denial = Claim(id=f"{a.id}:c9", document=a.id, kind="denial", sentence="x", text="denies any wrongdoing",
                   start=text.index("denies"), end=len(text))
    corpus = corpus_of([(a, [figure, carrier, denial])])
    clusters, of = cluster_of(corpus)
    assert f"{a.id}:c9" not in of
    assert of[f"{a.id}:c8"] == of[figure.id], "the allegation states the figure: it points at its cluster"
    assert clusters[of[figure.id]].claims == (figure.id,)


def test_circular_reporting_one_origin():
    corpus = three_outlets(("Northport City Council", "Ada Quill", "Northport officials"),
                           ("organisation", "person", "organisation"))
    # the text gives Quill's role: that makes her the council's voice
    b = next(d for d in corpus.documents.values() if d.path == "b.txt")
    corpus.documents[b.id] = Document(**{**b.as_dict(), "text": b.text + " Northport mayor Ada Quill said so."})
    clusters, _ = cluster_of(corpus)
    (k,) = clusters.values()
    assert k.independent_sources == 1, k.origins
    assert len(k.outlets) == 3


def test_mayor_role_read_from_apposition():
    a = doc("a", "Ada Quill, the mayor of Northport, spoke on Monday.", outlet="A", published="2023-05-02")
    corpus = corpus_of([(a, [claim(a, 0, "s", value=9, source="Ada Quill", source_type="person")])])
    keys = OriginKeys(corpus, index_of(corpus))
    assert keys.key(next(corpus.claims())) == "place:northport"


def test_two_independent_sources_and_inherited_origin():
    corpus = three_outlets(("Northport City Council", "the Norwegian health ministry", None),
                           ("organisation", "organisation", None))
    clusters, _ = cluster_of(corpus)
    (k,) = clusters.values()
    assert k.independent_sources == 2, k.origins  # the unattributed third repeats, it adds nothing
    keys = OriginKeys(corpus, index_of(corpus))
    assert {keys.key(c) for c in corpus.claims()} == {"place:northport", "gov:NO", None}


def test_government_and_its_capital_are_one_origin():
    corpus = three_outlets(("Oslo", "Norway", "Norwegian officials"), ("place", "place", "organisation"))
    clusters, _ = cluster_of(corpus)
    (k,) = clusters.values()
    assert k.independent_sources == 1, k.origins


def test_wire_copy_counts_once():
    a = doc("a", "Rockets killed 31 people in Northport, rescuers said.", outlet="Wire", published="2023-05-02")
    b = doc("b", "Rockets killed 31 people in Northport, rescuers said. (copy)", outlet="Paper", published="2023-05-02")
    c = doc("c", "Rockets killed 31 people in Northport.", outlet="Other", published="2023-05-02")
    pairs = [(d, [claim(d, 0, d.text.split(",")[0], value=31)]) for d in (a, b, c)]
    copied = corpus_of(pairs[:2], near={b.id: a.id})
    (k,) = cluster_of(copied)[0].values()
    assert len(k.documents) == 2 and k.outlets == ("Wire",) and k.independent_sources == 1
    independent = corpus_of([pairs[0], pairs[2]])
    (k2,) = cluster_of(independent)[0].values()
    assert k2.independent_sources == 2


def test_two_halves_give_the_same_clusters(fresh_store):
    corpus = three_outlets(("Northport City Council", None, "Northport officials"))
    x = doc("x", "Nine people were hurt in Lakeside.", outlet="D", published="2023-05-04")
    corpus.documents[x.id] = x
    corpus.extractions[x.id] = Extraction(document=x.id, claims=(claim(x, 0, x.text, value=9, measure="injured",
                                                                         place="Lakeside"),))
    order = sorted(corpus.documents)
    whole = cluster_of(corpus)
    # stored in two halves, in reverse order, then read back
    for half in (order[2:][::-1], order[:2][::-1]):
        for doc_id in half:
            fresh_store.add(corpus.documents[doc_id], corpus.extractions[doc_id])
    again = Corpus.from_ledger(fresh_store)
    rebuilt = cluster_of(again)
    assert sorted(rebuilt[0]) == sorted(whole[0])
    assert rebuilt[1] == whole[1]
    assert [k.independent_sources for k in sorted(rebuilt[0].values(), key=lambda k: k.id)] == \
        [k.independent_sources for k in sorted(whole[0].values(), key=lambda k: k.id)]


# ---------------------------------------------------------------- conflicts

STRIKE = ("The Tuesday strike on the school in Northport wounded 12 pupils and staff. "
          "Rescuers said later that the attack on Tuesday wounded 14 people in all.")


def test_contradiction_in_one_document():
    a = doc("a", STRIKE, outlet="A")
    s1, s2 = STRIKE.split(". ")
    corpus = corpus_of([(a, [claim(a, 0, s1, measure="injured", value=12),
                             claim(a, 1, s2, measure="injured", value=14)])])
    conflicts = find_conflicts(corpus, index_of(corpus))
    contra = [k for k in conflicts if k.kind == "contradiction"]
    assert len(contra) == 1
    assert set(contra[0].claims) == {f"{a.id}:c0", f"{a.id}:c1"}
    assert "12" in contra[0].reason and "14" in contra[0].reason and "Northport" in contra[0].reason


def test_two_attacks_in_one_article_are_not_a_contradiction():
    text = "A strike on the market killed 9 people. Another strike hit a school, killing 4."
    a = doc("a", text, outlet="A", published="2023-06-01")
    s1, s2 = text.split(". ")
    corpus = corpus_of([(a, [claim(a, 0, s1, value=9), claim(a, 1, s2, value=4)])])
    assert [k for k in find_conflicts(corpus, index_of(corpus)) if k.kind == "contradiction"] == []


def test_toll_next_to_incident_count_is_not_a_contradiction():
    text = "Officials said more than 700 people have died in Northport. One shelter was hit where 30 died."
    a = doc("a", text, outlet="A", published="2023-06-01")
    s1, s2 = text.split(". ")
    corpus = corpus_of([(a, [claim(a, 0, s1, low=700, qualifier="more_than"), claim(a, 1, s2, value=30)])])
    assert find_conflicts(corpus, index_of(corpus)) == []


def test_total_and_subgroup_are_not_a_contradiction():
    text = "The bombing of the station killed 300 people, 40 of them children."
    a = doc("a", text, outlet="A", published="2023-06-01")
    corpus = corpus_of([(a, [claim(a, 0, text, value=300), claim(a, 1, text, value=40, group="children")])])
    assert find_conflicts(corpus, index_of(corpus)) == []


def test_update_in_one_sentence_is_not_a_contradiction():
    text = "The toll from the strike on the bridge rose from 5 to 8."
    a = doc("a", text, outlet="A", published="2023-06-01")
    corpus = corpus_of([(a, [claim(a, 0, text, value=5), claim(a, 1, text, value=8)])])
    assert [k for k in find_conflicts(corpus, index_of(corpus)) if k.kind == "contradiction"] == []


def test_revision_not_contradiction():
    a = doc("a", "The council said 300 have been killed in Northport.", outlet="A", published="2023-05-01")
    b = doc("b", "The council now says 650 have been killed in Northport.", outlet="B", published="2023-05-20")
    corpus = corpus_of([
        (a, [claim(a, 0, a.text, value=300, source="Northport City Council", source_type="organisation")]),
        (b, [claim(b, 0, b.text, value=650, source="Northport City Council", source_type="organisation")]),
    ])
    conflicts = find_conflicts(corpus, index_of(corpus))
    assert [k.kind for k in conflicts] == ["revision"]
    assert conflicts[0].claims == (f"{a.id}:c0", f"{b.id}:c0")
    assert "same source" in conflicts[0].reason and "rises" in conflicts[0].reason


def test_same_event_cues():
    one = event_cues("The Friday bombing of the clinic wounded 6.")
    two = event_cues("The Friday attack wounded 5 people.")
    other = event_cues("Another raid on a school killed 2.")
    assert same_event(one, two)
    assert same_event(one, other) is None
    assert not event_cues("Months of bombing and siege killed thousands.").bound


# ---------------------------------------------------------------- series


def test_series_order_and_undated_point():
    early = doc("e", "As many as 400 have died in the siege of Northport.", outlet="E")  # no date at all
    mid = doc("m", "More than 1,500 people have been killed in Northport.", outlet="M", published="2023-04-07")
    late = doc("l", "Tens of thousands of civilians died in Northport.", outlet="L", published="2023-04-25")
    strike = doc("s", "The strike on the hospital in Northport killed 3 people.", outlet="S", published="2023-04-08")
    corpus = corpus_of([
        (mid, [claim(mid, 0, mid.text, low=1500, qualifier="more_than")]),
        (late, [claim(late, 0, late.text, group="civilians", low=10000, high=99999, qualifier="order_of_magnitude")]),
        (early, [claim(early, 0, early.text, high=400, qualifier="as_many_as")]),
        (strike, [claim(strike, 0, strike.text, value=3)]),
    ])
    series = build_series(corpus, index_of(corpus))
    (s,) = [x for x in series if x.measure == "killed" and x.target is None]
    assert s.place_name == "Northport" and s.group == "people"
    order = [p.claim for p in s.points]
    assert order == [f"{early.id}:c0", f"{mid.id}:c0", f"{late.id}:c0"], "incident count left out, undated first"
    (h,) = [x for x in series if x.measure == "killed" and x.target == "hospital"]
    assert [p.claim for p in h.points] == [f"{strike.id}:c0"], "the hospital strike's count is its own series"
    assert s.points[0].as_of is None, "an estimated position is not presented as a date"


def test_series_decreasing_figure_and_estimated_document_date():
    # an undated outlet repeats a dated figure: it gets that document's date
    a = doc("a", "x", outlet="A", published="2023-04-06")
    b = doc("b", "y", outlet="B")
    c = doc("c", "z", outlet="C", published="2023-04-22")
    u = doc("u", "w", outlet="U")
    corpus = corpus_of([
        (a, [claim(a, 0, "s", measure="killed", low=5000, qualifier="more_than")]),
        (b, [claim(b, 0, "t", measure="killed", low=5000, qualifier="at_least"),
             claim(b, 1, "v", measure="trapped", group="residents", value=160000, low=160000, high=160000,
                   qualifier="estimate")]),
        (c, [claim(c, 0, "r", measure="trapped", value=100000)]),
        (u, [claim(u, 0, "q", measure="trapped", group="civilians", value=200000)]),
    ])
    table = ClaimTable(corpus, index_of(corpus))
    assert table.doc_dates[b.id].isoformat() == "2023-04-06"
    (s,) = [x for x in build_series(corpus, index_of(corpus)) if x.measure == "trapped"]
    assert [p.claim for p in s.points] == [f"{u.id}:c0", f"{b.id}:c1", f"{c.id}:c0"]


def test_documents_without_any_date_do_not_crash():
    a = doc("a", "x", outlet=None)
    b = doc("b", "y", outlet=None)
    corpus = corpus_of([(a, [claim(a, 0, "s", value=7, place=None)]), (b, [claim(b, 0, "t", value=9)])])
    index = index_of(corpus)
    clusters, pairs = build_clusters(corpus, index)
    assert len(clusters) == 2 and {k.outlets for k in clusters} == {("a.txt",), ("b.txt",)}
    assert find_conflicts(corpus, index) == []
    assert len(build_series(corpus, index)) == 1


# ---------------------------------------------------------------- the seeds, end to end


@pytest.mark.slow
def test_seeds_cross_document_scores(seeds_export_path):
    """Floors on the seeds' cross-document checks (they may only go up)."""
    from conftest import score_seeds

    res = score_seeds(seeds_export_path)
    assert res["same_claim_clustered"] == [2, 2], res["misses"]
    assert res["independence_right"] == [1, 1], res["misses"]
    assert res["contradictions_flagged"] == [1, 1], res["misses"]
    assert res["series_in_order"] == [2, 2], res["misses"]


@pytest.mark.slow
def test_seeds_export_keeps_the_contract(seeds_export):
    """Every quantity claim has a cluster; clusters, conflicts and series carry the contract's fields."""
    quantities = [c for c in seeds_export["claims"] if c["kind"] == "quantity" and c["measure"]]
    assert quantities and all(c["cluster"] for c in quantities)
    ids = {k["id"] for k in seeds_export["clusters"]}
    assert {c["cluster"] for c in quantities} <= ids
    for k in seeds_export["clusters"]:
        assert k["independent_sources"] == len(k["origins"]) >= 1
    assert all(k["kind"] in ("contradiction", "revision") and k["reason"] for k in seeds_export["conflicts"])
    assert all(s["place_name"] for s in seeds_export["series"] if s["place"])


def test_ministry_country_from_context():
    a = doc("a", "Figures from the Norwegian Ministry of Health show 40 dead in Northport.", outlet="A",
            published="2023-05-02")
    corpus = corpus_of([(a, [claim(a, 0, "40 dead", value=40, source="Ministry of Health",
                                   source_type="organisation")])])
    keys = OriginKeys(corpus, index_of(corpus))
    assert keys.key(next(corpus.claims())) == "gov:NO"


def test_partial_counts_and_destinations_are_not_contradictions():
    text = ("Five people were wounded in the shooting at the depot on Friday. "
            "Two others were taken to a nearby hospital on Friday. "
            "A third man was also hit at the depot.")
    a = doc("a", text, outlet="A", published="2023-06-02")
    s1, s2, s3 = [x.strip() for x in text.split(". ")]
    corpus = corpus_of([(a, [claim(a, 0, s1, measure="injured", value=5, place="Northport"),
                             claim(a, 1, s2, measure="injured", value=2, place="Northport"),
                             claim(a, 2, s3, measure="injured", value=1, place="Northport")])])
    assert not event_cues(s2).targets, "where the wounded are taken is not what was struck"
    assert [k for k in find_conflicts(corpus, index_of(corpus)) if k.kind == "contradiction"] == []


def test_different_days_in_one_document_are_not_a_contradiction():
    text = "The 2019 shooting at the mall killed 9. The 2021 shooting at the mall killed 4."
    a = doc("a", text, outlet="A", published="2023-06-02")
    s1, s2 = text.split(". ")
    corpus = corpus_of([(a, [claim(a, 0, s1, value=9, as_of="2019-05-01"),
                             claim(a, 1, s2, value=4, as_of="2021-05-01")])])
    assert [k for k in find_conflicts(corpus, index_of(corpus)) if k.kind == "contradiction"] == []


def test_an_incident_toll_revised_over_days_is_its_own_series():
    texts = [("d1", "2023-04-08", 30, "The strike on the railway station in Northport killed 30 people."),
             ("d2", "2023-04-09", 50, "The toll of the strike on the station has risen to 50."),
             ("d3", "2023-04-11", 57, "The strike on the station killed 57 people, officials said."),
             ("d4", "2023-06-20", 4, "A strike on the station in Northport killed 4 people.")]
    pairs = []
    for name, day, n, text in texts:
        d = doc(name, text, outlet=name.upper(), published=day)
        pairs.append((d, [claim(d, 0, text, value=n)]))
    corpus = corpus_of(pairs)
    index = index_of(corpus)
    station = [s for s in build_series(corpus, index) if s.target == "station"]
    assert [[p.low for p in s.points] for s in station] == [[30, 50, 57], [4]], "a strike months later is another"
    revisions = [k for k in find_conflicts(corpus, index) if k.kind == "revision"]
    assert len(revisions) == 2 and not [k for k in find_conflicts(corpus, index) if k.kind == "contradiction"]


def test_at_least_a_figure_and_a_higher_count_are_two_figures():
    d = doc("f", "x")
    at_least_50 = claim(d, 0, "a", low=50, qualifier="at_least")
    assert same_figure(at_least_50, claim(d, 1, "b", value=50))
    assert not same_figure(at_least_50, claim(d, 2, "c", value=52)), "52 is a later count, not the same claim"
    assert same_figure(claim(d, 3, "d", value=52, low=52, high=52, qualifier="approximately"),
                       claim(d, 4, "e", value=50))


def test_large_incident_count_repeated_days_later_is_one_claim():
    s1 = "The strike on the station in Northport killed 52 people."
    s2 = "Monitors say the strike on the station killed 52 people."
    small = "The strike on the station in Northport killed 2 people."
    a = doc("a", s1 + " " + small, outlet="A", published="2023-04-09")
    b = doc("b", s2 + " " + small, outlet="B", published="2023-04-14")
    corpus = corpus_of([(a, [claim(a, 0, s1, value=52), claim(a, 1, small, value=2)]),
                        (b, [claim(b, 0, s2, value=52), claim(b, 1, small, value=2)])])
    _, of = cluster_of(corpus)
    assert of[f"{a.id}:c0"] == of[f"{b.id}:c0"]
    assert of[f"{a.id}:c1"] != of[f"{b.id}:c1"], "two strikes with 2 dead five days apart are common"


def test_a_role_without_a_place_is_the_one_the_document_names():
    text = ("At least 50 people were killed in Northport, the governor of Lakeside said. "
            "Later the governor said 60 had died.")
    a = doc("a", text, outlet="A", published="2023-05-02")
    s2 = "Later the governor said 60 had died."
    corpus = corpus_of([(a, [claim(a, 0, s2, value=60, source="the governor", source_type="person")])])
    keys = OriginKeys(corpus, index_of(corpus))
    assert keys.key(next(corpus.claims())) == "place:lakeside", "not the place of the figure (Northport)"


def test_one_source_with_two_figures_in_one_report_is_a_contradiction():
    s1 = "The governor said 98 people had been injured and taken to hospitals in the region."
    s2 = "Hospitals in Northport were treating 109 people wounded in the attack, the governor said."
    s3 = "By late evening the governor said 120 had been injured."
    a = doc("a", " ".join((s1, s2, s3)), outlet="A", published="2023-06-01")
    corpus = corpus_of([(a, [claim(a, 0, s1, measure="injured", value=98, source="governor of Northport"),
                             claim(a, 1, s2, measure="injured", value=109, source="governor of Northport"),
                             claim(a, 2, s3, measure="injured", value=120, source="governor of Northport")])])
    contra = [set(k.claims) for k in find_conflicts(corpus, index_of(corpus)) if k.kind == "contradiction"]
    assert {f"{a.id}:c0", f"{a.id}:c1"} in contra
    assert not any(f"{a.id}:c2" in k for k in contra), "a figure told as an update is not a contradiction"


# ---------------------------------------------------------------- wire copies, chains and scope

WIRE_LEAD = "Rockets hit the town of Northport, killing at least 9 people, officials said."
WIRE_NEXT = "Ada Quill, the mayor of Northport, said two dozen people could be trapped in the rubble."


def _wire_pair(credit_in: str = "b") -> tuple[Corpus, EntityIndex]:
    """One invented wire story on two sites: "b" copies "a"; the agency credit is in ``credit_in``."""
    texts = {name: (f"NORTHPORT (AP) — {WIRE_LEAD} {WIRE_NEXT}" if name == credit_in else f"{WIRE_LEAD} {WIRE_NEXT}")
             for name in ("a", "b")}
    a = doc("a", texts["a"], outlet="first-site.example", published="2023-05-02")
    b = doc("b", texts["b"], outlet="second-site.example")
    exs = {}
    for d in (a, b):
        c = claim(d, 0, WIRE_LEAD, low=9, qualifier="at_least", source="officials", source_type="organisation")
        at = d.text.find("Ada Quill")
        said = Statement(id=f"{d.id}:s0", document=d.id, text="two dozen people could be trapped", start=at + 40,
                         end=at + 80, direct=False, cue="said", speaker_text="Ada Quill", speaker_type="person",
                         speaker_start=at, speaker_end=at + 9)
        exs[d.id] = Extraction(document=d.id, claims=(c,), statements=(said,))
    corpus = Corpus({a.id: a, b.id: b}, exs, {b.id: a.id})
    index = index_of(corpus)
    for d in (a, b):
        index.add_link(d.id, "Ada Quill", "e-ada")
    index.entities = sorted([*index.entities, Entity(id="e-ada", type="person", name="Ada Quill",
                                                     aliases=("Ada Quill",))], key=lambda e: e.id)
    return corpus, index


@pytest.mark.parametrize("credit_in", ["a", "b"])
def test_wire_copy_takes_the_official_named_next_to_officials_said(credit_in: str) -> None:
    corpus, index = _wire_pair(credit_in)
    clusters, _ = cluster_of(corpus, index)
    (k,) = clusters.values()
    assert k.independent_sources == 1
    assert not any(o.startswith("outlet:") for o in k.origins), k.origins
    assert k.chain == ("first-site.example, second-site.example → AP → Ada Quill",)


def test_officials_said_far_from_a_named_official_stays_vague() -> None:
    text = WIRE_LEAD + " " + "The town has been shelled for months, and few families are left. " * 8 + WIRE_NEXT
    a = doc("a", text, outlet="site.example", published="2023-05-02")
    c = claim(a, 0, WIRE_LEAD, low=9, qualifier="at_least", source="officials")
    at = text.find("Ada Quill")
    said = Statement(id="s0", document=a.id, text="x", start=at + 40, end=at + 80, direct=False,
                     speaker_text="the mayor of Northport", speaker_start=at, speaker_end=at + 9)
    corpus = Corpus({a.id: a}, {a.id: Extraction(document=a.id, claims=(c,), statements=(said,))}, {})
    keys = OriginKeys(corpus, index_of(corpus))
    assert keys.nearby_source(c) is None
    said_near = Statement(id="s1", document=a.id, text="x", start=len(WIRE_LEAD) + 5, end=len(WIRE_LEAD) + 9,
                          direct=False, speaker_text="the mayor of Northport", speaker_start=len(WIRE_LEAD) + 1,
                          speaker_end=len(WIRE_LEAD) + 4)
    corpus.extractions[a.id] = Extraction(document=a.id, claims=(c,), statements=(said, said_near))
    assert keys.nearby_source(c) == ("place:northport", "the mayor of Northport")


def test_unattributed_wire_copies_are_one_agency_story() -> None:
    a = doc("a", "Rockets killed 31 people in Northport on Monday.", outlet="one.example", published="2023-05-02")
    b = doc("b", "NORTHPORT (Reuters) - Rockets killed 31 people in Northport on Monday.", outlet="two.example",
            published="2023-05-02")
    c = doc("c", "Thirty-one people died when rockets hit Northport.", outlet="three.example", published="2023-05-02")
    pairs = [(d, [claim(d, 0, d.text, value=31)]) for d in (a, b, c)]
    (k,) = cluster_of(corpus_of(pairs, near={b.id: a.id}))[0].values()
    assert set(k.origins) == {"agency:Reuters", "outlet:threeexample"} and k.independent_sources == 2
    assert k.chain == ("one.example, two.example → Reuters", "three.example (own reporting)")


def test_a_part_of_a_toll_is_not_a_toll_of_that_number() -> None:
    a = doc("a", "Twelve of them died in the hospital.", outlet="A", published="2023-05-02")
    b = doc("b", "Twelve people were killed in Northport.", outlet="B", published="2023-05-02")
    corpus = corpus_of([(a, [claim(a, 0, a.text, value=12)]), (b, [claim(b, 0, b.text, value=12)])])
    assert len(cluster_of(corpus)[0]) == 2


@pytest.mark.parametrize("lead_b, together", [
    ("Missile strike on the railway station of Northport", True),
    ("Missile strike on a restaurant in Northport", False),
])
def test_counts_of_one_strike_read_their_document_lead(lead_b: str, together: bool) -> None:
    """Undated counts whose sentences name no target: the leads tell one strike from another."""
    a = Document(id="a" * 16, sha256="a" * 64, path="a.txt", title="Missile hits the railway station in Northport",
                 text="Officials gave new figures.\nTwelve others were killed in the attack.", outlet="A")
    b = Document(id="b" * 16, sha256="b" * 64, path="b.txt", title=lead_b,
                 text="The governor spoke.\nTwelve others were killed in the attack.", outlet="B")
    pairs = [(d, [claim(d, 0, "Twelve others were killed in the attack.", value=12)]) for d in (a, b)]
    assert (len(cluster_of(corpus_of(pairs))[0]) == 1) is together


def _key_of(text: str, source: str, place: str = "Lakeside", extra: tuple[tuple[str, Entity], ...] = ()) -> str | None:
    a = doc("a", text, outlet="A", published="2023-05-02")
    c = claim(a, 0, text.split("\n")[-1], value=9, place=place, source=source, source_type="person")
    corpus = corpus_of([(a, [c])])
    index = index_of(corpus)
    for surface, ent in extra:
        index.add_link(a.id, surface, ent.id)
        index.entities = sorted([*index.entities, ent], key=lambda e: e.id)
    return OriginKeys(corpus, index).key(c)


def test_the_place_of_an_appositive_role_not_of_the_name() -> None:
    text = "At least 9 people were killed, Lakeside Marr, the Northport regional governor, said."
    assert _key_of(text, "Lakeside Marr, the Northport regional governor") == "place:northport"


def test_a_demonym_read_as_a_place_speaks_for_its_country() -> None:
    nor = Entity(id="e-nor", type="place", name="Norwegian", aliases=("Norwegian",))
    assert _key_of("At least 9 people were killed, Norwegian officials said.", "Norwegian officials",
                   extra=(("Norwegian", nor),)) == "gov:NO"


def test_a_headline_colon_ends_the_role_clause() -> None:
    text = ("Convoy hit near Lakeside: regional governor\n"
            "Ada Quill, the Northport regional governor, wrote on a messaging app.\n"
            "At least 9 people were killed near Lakeside, the regional governor said.")
    assert _key_of(text, "the regional governor") == "place:northport"
