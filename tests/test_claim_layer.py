"""The claim layer updated from stored state equals a full computation, batch after batch.

The corpora are random and invented: people who share surnames (some named only by the
surname, some tagged as one-word organisations), an acronym and the long names it may
abbreviate, places, near duplicates, undated documents and allegations that carry figures.
No model is loaded.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from claimledger.records import Claim, Document, Extraction, Mention, Resolution
from claimledger.resolve import claim_layer, resolve_claims
from claimledger.resolve.corpus import Corpus
from claimledger.resolve.incremental import refresh
from claimledger.settings import Settings
from claimledger.store import open_ledger

PEOPLE = ["Ada Quill", "Bo Quill", "Cy Marsh", "Di Marsh", "Ed Finch",
          "Alex Marsh", "Alexander Marsh", "Alexandra Marsh"]  # a short form of one long name, then of two
ORGS = ["Harbour Relief Council", "Hill Rescue Corps", "Northport Police Department"]
PLACES = [("Alden", "g1", 40.0, -83.0), ("Corwin", "g2", 35.0, -90.0), ("Brightwater", None, None, None)]
ROLES = ["the mayor of Alden", "a spokesman for the council", "the Corwin police chief", ""]
MEASURES = ["killed", "injured", "displaced"]


def _document(rng: random.Random, i: int, days: int = 20) -> tuple[Document, Extraction]:
    """A random document; its dates within ``days`` of 1 March 2022 (or none)."""
    doc_id = hashlib.sha256(f"doc{i}".encode()).hexdigest()[:16]
    mentions, claims = [], []
    text = ""

    def say(sentence: str) -> int:
        nonlocal text
        at = len(text)
        text += sentence + " "
        return at

    for _ in range(rng.randint(1, 4)):
        who = rng.choice(PEOPLE)
        form = rng.choice([who, who.split()[1], f"{who.split()[0][0]}. {who.split()[1]}"])
        role = rng.choice(ROLES)
        at = say(f"{form}, {role}, spoke." if role else f"{form} spoke.")
        typ = "organisation" if " " not in form and rng.random() < 0.4 else "person"
        mentions.append(Mention(at, at + len(form), form, typ, canonical=who if typ == "person" and rng.random() < 0.5
                                else None))
    for _ in range(rng.randint(0, 2)):
        org = rng.choice([*ORGS, "HRC", "the HRC"])
        at = say(f"The {org} helped.")
        mentions.append(Mention(at + 4, at + 4 + len(org), org, "organisation"))
    for n in range(rng.randint(1, 3)):
        name, gid, lat, lon = rng.choice(PLACES)
        measure = rng.choice(MEASURES)
        value = rng.choice([3, 4, 12, 40])
        source = rng.choice([*PEOPLE, "HRC", "officials", None, "the Alden council"])
        sentence = f"{value} people were {measure} in {name}, {source or 'the paper'} said."
        at = say(sentence)
        mentions.append(Mention(at + sentence.index(name), at + sentence.index(name) + len(name), name, "place",
                                gazetteer_id=gid, canonical=name if gid else None, lat=lat, lon=lon,
                                country="US" if gid else None))
        claims.append(Claim(id=f"{doc_id}:q{n}", document=doc_id, kind="quantity", sentence=sentence,
                            text=f"{value} people", start=at, end=at + len(sentence), measure=measure,
                            group="people", value=float(value), low=float(value), high=float(value),
                            qualifier="exact",
                            place_text=name, as_of=rng.choice([None, _day(rng, 9 if days <= 20 else days)]),
                            attributed_text=source, attributed_type="person" if source in PEOPLE else None))
        if rng.random() < 0.3:
            claims.append(Claim(id=f"{doc_id}:a{n}", document=doc_id, kind="allegation", sentence=sentence,
                                text=sentence, start=at, end=at + len(sentence)))
    day = rng.choice([None, _day(rng, days)])
    doc = Document(id=doc_id, sha256=doc_id * 4, path=f"d{i}.txt", text=text, published=day,
                   outlet=rng.choice(["alden-times.example", "corwin-post.example", None]))
    return doc, Extraction(document=doc_id, mentions=tuple(mentions), claims=tuple(claims))


def _day(rng: random.Random, days: int) -> str:
    return (date(2022, 3, 1) + timedelta(days=rng.randrange(days))).isoformat()


def _parts(path: Path) -> dict[str, object]:
    """The stored claim layer's parts (what the export merges), by key."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT key, payload FROM resolution WHERE key LIKE 'claims/%'")
        return {k: json.loads(v) for k, v in rows}


def _index(path: Path) -> set[tuple[str, str, str]]:
    """The stored claim layer's indexes: (kind, key, item)."""
    with sqlite3.connect(path) as conn:
        return set(conn.execute("SELECT kind, key, item FROM claim_index"))


def _layer(res: Resolution) -> dict[str, list]:
    return {f: sorted(map(repr, getattr(res, f))) for f in
            ("entities", "links", "clusters", "claim_cluster", "conflicts", "series")}


@pytest.mark.parametrize(("seed", "days", "sizes"), [
    *((seed, 20, (15, 1, 6, 8, 10)) for seed in range(6)),
    # a long history in small batches: each block is clustered again from where its claims changed
    *((seed, 300, (20, 3, 1, 4, 2, 5, 3, 2)) for seed in range(6, 10)),
])
def test_updates_in_batches_equal_a_full_computation(tmp_path: Path, seed: int, days: int,
                                                     sizes: tuple[int, ...]) -> None:
    rng = random.Random(seed)
    items = [_document(rng, i, days) for i in range(sum(sizes))]
    near = {items[j][0].id: items[j - 1][0].id for j in range(1, len(items)) if rng.random() < 0.1}
    settings = Settings()
    with open_ledger(str(tmp_path / "inc.db")) as ledger, open_ledger(str(tmp_path / "full.db")) as full:
        at = 0
        for size in sizes:
            for doc, ex in items[at:at + size]:
                for target in (ledger, full):
                    target.add(doc, ex, near_duplicate_of=near.get(doc.id))
            at += size
            stats = refresh(ledger, settings=settings)
            assert stats.claims  # the claim layer was updated, not skipped
            refresh(full, settings=settings, incremental=False)
            assert _layer(ledger.load_resolution()) == _layer(full.load_resolution())
            assert _parts(tmp_path / "inc.db") == _parts(tmp_path / "full.db")  # nothing stale left either
            assert _index(tmp_path / "inc.db") == _index(tmp_path / "full.db")  # nor pointing where nothing is
        # and a full computation is what resolve_claims gives for the whole corpus
        docs = {d.id: d for d, _ in items}
        reference = resolve_claims(Corpus(docs, {d.id: e for d, e in items}, near), settings=settings)
        assert _layer(full.load_resolution()) == _layer(reference)


@pytest.mark.parametrize(("seed", "days", "sizes"), [(0, 20, (15, 1, 6, 8, 10)), (7, 300, (20, 3, 1, 4, 2, 5, 3, 2))])
def test_updates_that_let_go_of_what_they_read_equal_a_full_computation(
        tmp_path: Path, seed: int, days: int, sizes: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """An update holds only so much of what it read (``STATE_HELD`` characters of stored state,
    ``INFOS_HELD`` decoded infos) and reads the rest again when asked: with next to nothing
    held, the same layer."""
    monkeypatch.setattr(claim_layer, "STATE_HELD", 300)
    monkeypatch.setattr(claim_layer, "INFOS_HELD", 2)
    test_updates_in_batches_equal_a_full_computation(tmp_path, seed, days, sizes)


def test_a_first_full_name_turns_a_lone_word_organisation_into_that_person(tmp_path: Path) -> None:
    """A one-word "organisation" is re-read when someone is first named in full with that surname."""
    def pair(n: int, text: str, mentions: list[Mention]) -> tuple[Document, Extraction]:
        doc_id = f"doc{n:02d}"
        return (Document(id=doc_id, sha256=doc_id * 4, path=f"{doc_id}.txt", text=text),
                Extraction(document=doc_id, mentions=tuple(mentions)))

    first = pair(1, "Quillmont said so.", [Mention(0, 9, "Quillmont", "organisation")])
    second = pair(2, "Ada Quillmont said so.", [Mention(0, 13, "Ada Quillmont", "person")])
    with open_ledger(str(tmp_path / "l.db")) as ledger:
        ledger.add(*first)
        refresh(ledger, settings=Settings())
        first_res = ledger.load_resolution()
        first_links = {(d, s): e for d, s, e in first_res.links}
        before = {e.id: e for e in first_res.entities}[first_links[("doc01", "Quillmont")]]
        ledger.add(*second)
        refresh(ledger, settings=Settings())
        res = ledger.load_resolution()
    links = {(d, s): e for d, s, e in res.links}
    assert before.type == "organisation"
    entity = {e.id: e for e in res.entities}[links[("doc01", "Quillmont")]]
    assert entity.type == "person" and links[("doc01", "Quillmont")] == links[("doc02", "Ada Quillmont")]


@pytest.mark.parametrize("seed", [11, 12])
def test_a_refresh_of_many_documents_runs_in_steps_with_the_same_result(tmp_path: Path, seed: int) -> None:
    """A refresh with more documents to read than a step runs as steps in ingest order (each an update
    of the one before); a recomputation likewise. Both equal one computation of everything."""
    rng = random.Random(seed)
    items = [_document(rng, i) for i in range(23)]
    near = {items[j][0].id: items[j - 1][0].id for j in range(1, len(items)) if rng.random() < 0.15}
    paths = [tmp_path / f"{name}.db" for name in ("steps", "again", "once")]
    ledgers = [open_ledger(str(p)) for p in paths]
    try:
        for doc, ex in items:
            for target in ledgers:
                target.add(doc, ex, near_duplicate_of=near.get(doc.id))
        steps, again, once = ledgers
        assert refresh(steps, settings=Settings(), step=5).steps == 5
        refresh(again, settings=Settings(), step=100)  # one step, then recomputed in steps
        assert refresh(again, settings=Settings(), incremental=False, step=6).steps == 4
        assert refresh(once, settings=Settings(), incremental=False, step=100).steps == 0
        for other, path in ((steps, paths[0]), (again, paths[1])):
            assert _layer(other.load_resolution()) == _layer(once.load_resolution())
            assert other.load_resolution().incidents == once.load_resolution().incidents
            assert _parts(path) == _parts(paths[2])
            assert _index(path) == _index(paths[2])
    finally:
        for target in ledgers:
            target.close()


def _said(n: int, *names: tuple[str, str]) -> tuple[Document, Extraction]:
    """A document in which each (name, type) says so, in a sentence of its own."""
    doc_id, text, mentions = f"doc{n:02d}", "", []
    for name, typ in names:
        mentions.append(Mention(len(text), len(text) + len(name), name, typ))
        text += f"{name} said so. "
    return (Document(id=doc_id, sha256=doc_id * 4, path=f"{doc_id}.txt", text=text),
            Extraction(document=doc_id, mentions=tuple(mentions)))


def _updated_per_batch(tmp_path: Path, batches: list[list[tuple[Document, Extraction]]],
                       counts: list[dict[str, int]] | None = None) -> Iterator[Resolution]:
    """Each batch added to a ledger that is updated and to one computed in full: the two must be
    equal after every batch (the layer, its stored parts and its indexes); yields the updated
    ledger's resolution (and appends what its claim layer counted to ``counts``)."""
    with open_ledger(str(tmp_path / "inc.db")) as ledger, open_ledger(str(tmp_path / "full.db")) as full:
        for batch in batches:
            for doc, ex in batch:
                for target in (ledger, full):
                    target.add(doc, ex)
            stats = refresh(ledger, settings=Settings())
            if counts is not None:
                counts.append(stats.claims)
            refresh(full, settings=Settings(), incremental=False)
            res = ledger.load_resolution()
            assert _layer(res) == _layer(full.load_resolution())
            assert _parts(tmp_path / "inc.db") == _parts(tmp_path / "full.db")  # nothing stale left either
            assert _index(tmp_path / "inc.db") == _index(tmp_path / "full.db")  # nor pointing where nothing is
            yield res


def _links_per_batch(tmp_path: Path, batches: list[list[tuple[Document, Extraction]]]
                     ) -> Iterator[dict[tuple[str, str], str]]:
    """``_updated_per_batch``'s links after each batch, (document, surface) -> entity."""
    for res in _updated_per_batch(tmp_path, batches):
        yield {(d, s): e for d, s, e in res.links}


def test_an_acronym_follows_the_long_names_that_arrive_after_it(tmp_path: Path) -> None:
    """An acronym read alone, then with the one long name it may stand for, then with two: the stored
    readings of the acronym follow, as a full computation gives them."""
    batches = [[_said(1, ("HRC", "organisation"))], [_said(2, ("Harbour Relief Council", "organisation"))],
               [_said(3, ("Hill Rescue Corps", "organisation"))]]
    readings = [links[("doc01", "HRC")] == links.get(("doc02", "Harbour Relief Council"))
                for links in _links_per_batch(tmp_path, batches)]
    assert readings == [False, True, False]  # its own; the council; its own again (two long names fit)


def test_stored_people_follow_the_first_names_that_arrive_after_them(tmp_path: Path) -> None:
    """A surname's people change as first names arrive: a short form joins the one long name it
    may stand for, and leaves it when a second fits; a bare surname or an initial is one person
    while the surname has one, and nobody known once it has two. Only the documents these
    change are read again, and the stored links equal a full computation after every batch."""
    def person(n: int, name: str, typ: str = "person") -> tuple[Document, Extraction]:
        return _said(n, (name, typ))

    batches = [[person(1, "Alex Quillmont"), person(2, "Quillmont"), person(3, "A. Quillmont")],
               [person(4, "Alexander Quillmont"), person(7, "Quillmont", "organisation")],
               [person(5, "Alexandra Quillmont")], [person(6, "Di Quillmont")]]
    same = [(links[("doc01", "Alex Quillmont")] == links.get(("doc04", "Alexander Quillmont")),
             links[("doc02", "Quillmont")] == links[("doc01", "Alex Quillmont")],
             links.get(("doc07", "Quillmont")) == links[("doc01", "Alex Quillmont")])
            for links in _links_per_batch(tmp_path, batches)]
    # Alex alone; Alex is Alexander (one person); Alex fits two (three people); and a fourth
    # (a one-word "organisation" named like the surname is that surname's person, once stored)
    assert same == [(False, True, False), (True, True, True), (False, False, False), (False, False, False)]


def test_a_document_read_again_for_one_surname_still_follows_another(tmp_path: Path) -> None:
    """A stored document read again for one surname's block keeps what ties it to its other blocks,
    so it is read again when those change later."""
    batches = [[_said(1, ("Alex Quillmont", "person"), ("Bo Finchley", "person"))],
               [_said(2, ("Quillmont", "organisation"), ("Finchley", "person"))],
               [_said(3, ("Cy Finchley", "person"))],  # doc02 is read again for Finchley
               [_said(4, ("Di Quillmont", "person"))]]  # and must be again for Quillmont
    links = list(_links_per_batch(tmp_path, batches))[-1]
    assert links[("doc02", "Quillmont")] != links[("doc01", "Alex Quillmont")]  # two Quillmonts now


def test_a_stored_claim_is_read_again_only_when_a_link_it_read_changed(tmp_path: Path) -> None:
    """A report gives two figures for a town, one from an acronym and one from officials. The
    acronym reads as the one long name it may stand for, then as its own once a second fits:
    the first figure's origin follows, though the long name's entity stays (nothing but the
    link changed for it); the second figure read no link that changed and is not computed again."""
    sentences = ["5 people were killed in Alden, HRC said.", "7 people were injured in Alden, officials said."]
    text, mentions, claims = "", [], []
    for n, sentence in enumerate(sentences):
        who, value = sentence.split(", ")[1].removesuffix(" said."), float(sentence.split()[0])
        town = len(text) + sentence.index("Alden")
        mentions.append(Mention(town, town + 5, "Alden", "place", gazetteer_id="g1", canonical="Alden", lat=40.0,
                                lon=-83.0, country="US"))
        if who == "HRC":
            mentions.append(Mention(len(text) + sentence.index(who), len(text) + sentence.index(who) + 3, who,
                                    "organisation"))
        claims.append(Claim(id=f"doc01:q{n}", document="doc01", kind="quantity", sentence=sentence,
                            text=sentence.split(" were")[0], start=len(text), end=len(text) + len(sentence),
                            measure=sentence.split()[3], group="people", value=value, low=value, high=value,
                            qualifier="exact", place_text="Alden", attributed_text=who))
        text += sentence + " "
    report = (Document(id="doc01", sha256="1" * 64, path="doc01.txt", text=text, published="2022-03-05"),
              Extraction(document="doc01", mentions=tuple(mentions), claims=tuple(claims)))
    counts: list[dict[str, int]] = []
    origins = []
    for res in _updated_per_batch(tmp_path, [[report], [_said(2, ("Harbour Relief Council", "organisation"))],
                                             [_said(3, ("Hill Rescue Corps", "organisation"))]], counts):
        council = next(e.id for e in res.entities if e.name == "Harbour Relief Council") if len(counts) > 1 else None
        origins.append([council in c.origins for c in res.clusters if c.claims == ("doc01:q0",)])
    assert origins == [[False], [True], [False]]
    assert counts[2]["infos_read"] == 1  # doc01:q0 alone
    assert counts[2]["infos"] == 1


def test_a_claim_that_moves_to_another_place_leaves_nothing_behind(tmp_path: Path) -> None:
    """A town the tagger took for a person is the claims' place only by that person's entity. Two
    figures of one source for it on one day contradict each other. Once a later report names
    the town as a place, both claims move to that place's block, and their contradiction with
    them: nothing of the old block stays stored."""

    def report(n: int, value: int, typ: str) -> tuple[Document, Extraction]:
        doc_id, sentence = f"doc{n:02d}", f"{value} people were killed in Dunmore, the Harbour Relief Council said."
        at = sentence.index("Dunmore")
        town = Mention(at, at + 7, "Dunmore", typ, **({"gazetteer_id": "g7", "canonical": "Dunmore", "lat": 41.4,
                                                       "lon": -75.6, "country": "US"} if typ == "place" else {}))
        claims = (Claim(id=f"{doc_id}:q0", document=doc_id, kind="quantity", sentence=sentence,
                        text=f"{value} people", start=0, end=len(sentence), measure="killed", group="people",
                        value=float(value), low=float(value), high=float(value), qualifier="exact",
                        place_text="Dunmore", attributed_text="the Harbour Relief Council",
                        attributed_type="organisation"),)
        return (Document(id=doc_id, sha256=doc_id * 4, path=f"{doc_id}.txt", text=sentence, published="2022-03-05"),
                Extraction(document=doc_id, mentions=(town,), claims=claims))

    places = []
    for res in _updated_per_batch(tmp_path, [[report(1, 5, "person"), report(2, 9, "person")],
                                             [report(3, 9, "place")]]):
        kinds = {e.id: e.type for e in res.entities}
        places.append(({c.split(":")[0]: kinds[k.place] for k in res.clusters if k.place for c in k.claims},
                       sorted(tuple(c.claims) for c in res.conflicts if c.kind == "contradiction")))
    assert places == [({"doc01": "person", "doc02": "person"}, [("doc01:q0", "doc02:q0")]),
                      ({"doc01": "place", "doc02": "place", "doc03": "place"},
                       [("doc01:q0", "doc02:q0"), ("doc01:q0", "doc03:q0")])]


def test_a_place_named_in_a_new_way_updates_the_contradictions_of_an_older_report(tmp_path: Path) -> None:
    """One source gives two tolls in one report, the second for a place the sentence does not name:
    a contradiction, its place taken from context. A later report names that place the way the
    sentence does, so the sentence names its place after all and the two tolls are for two places."""

    def claim(doc_id: str, n: int, sentence: str, at: int, value: int, place: str) -> Claim:
        return Claim(id=f"{doc_id}:q{n}", document=doc_id, kind="quantity", sentence=sentence, text=f"{value} people",
                     start=at, end=at + len(sentence), measure="killed", group="people", value=float(value),
                     low=float(value), high=float(value), qualifier="exact", place_text=place,
                     attributed_text="Ada Quill", attributed_type="person")

    def place(text: str, at: int, name: str) -> Mention:
        return Mention(at, at + len(text), text, "place", gazetteer_id=name, canonical=name, lat=41.0, lon=-75.0,
                       country="US")

    first = "5 people were killed in Dunmore, Ada Quill said."
    second = "9 people were killed near Ellis Harbour, Ada Quill said."
    text = f"Port Ellis is quiet. {first} {second}"
    one = (Document(id="doc01", sha256="1" * 64, path="doc01.txt", text=text, published="2022-03-05"),
           Extraction(document="doc01", mentions=(place("Port Ellis", 0, "Port Ellis"),
                                                  place("Dunmore", text.index("Dunmore"), "Dunmore"),
                                                  Mention(text.index("Ada"), text.index("Ada") + 9, "Ada Quill",
                                                          "person")),
                      claims=(claim("doc01", 0, first, text.index(first), 5, "Dunmore"),
                              claim("doc01", 1, second, text.index(second), 9, "Port Ellis"))))
    later = "Ellis Harbour held a vigil."
    two = (Document(id="doc02", sha256="2" * 64, path="doc02.txt", text=later, published="2022-03-09"),
           Extraction(document="doc02", mentions=(place("Ellis Harbour", 0, "Port Ellis"),)))
    found = [[c.reason.split(" — ")[1] for c in res.conflicts] for res in _updated_per_batch(tmp_path, [[one], [two]])]
    assert found == [["same source, same document, place of one taken from context, bounds do not overlap"], []]
