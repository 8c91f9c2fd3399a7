"""Incremental refresh: incidents updated from stored reports equal a full recomputation."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from claimledger.records import Document, Extraction
from claimledger.resolve import incidents, incremental
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.incidents_report import PlaceGuess, Report
from claimledger.settings import Settings
from claimledger.store import open_ledger
from test_incidents import BROOKVALE, FARHAVEN, _report

TOWNS = [PlaceGuess("Alden", 40.0, -83.0, "g:1", "OH", "US", "city", 6.0),
         PlaceGuess("Bexley Falls", 40.1, -83.1, "g:2", "OH", "US", "city", 6.0),
         PlaceGuess("Corwin", 35.0, -90.0, "g:3", "TN", "US", "city", 6.0),
         PlaceGuess("Tennessee", 35.8, -86.0, "a:TN", "TN", "US", "admin1", 1.0)]
NAMES = ["ada ray", "bo quill", "cy moss", "di lark", "ed finch", "flo marsh", "gus pike"]
STREETS = ["elm street", "oak avenue", "birch road"]


def _random_report(rng: random.Random, doc: str) -> Report:
    place = rng.choice([*TOWNS, None])
    day = date(2021, 3, 1) + timedelta(days=rng.randrange(20)) if rng.random() < 0.9 else None
    names = frozenset(rng.sample(NAMES, rng.choice([0, 0, 1, 2])))
    return Report(
        doc=doc, published=day + timedelta(days=rng.randrange(3)) if day else None, date=day,
        type=rng.choice(["shooting", "shooting", "stabbing", "attack"]), violent=rng.random() < 0.9,
        place=place, state=place.admin1 if place else None, names=names,
        surnames=frozenset(n.split()[-1] for n in names), streets=frozenset(rng.sample(STREETS, rng.choice([0, 1]))),
        title_words=frozenset(rng.sample(["gunfire", "store", "night", "teen", "parking"], 2)),
        killed=rng.choice([None, 0, 1, 2]), injured=rng.choice([None, 1, 3]), claims=(f"{doc}:c0",),
    )


def _with_outlet(rng: random.Random, r: Report) -> Report:
    """The report of one of three outlets (two mostly of one state each, one of both), maybe placed by its own words."""
    outlet = rng.choice(["oh.example", "tn.example", "both.example", None])
    state = (r.state if rng.random() < 0.5 else {"oh.example": "OH", "tn.example": "TN"}.get(outlet or "", r.state))
    region = f"US|{state}" if state and rng.random() < 0.7 else None
    home_open = frozenset({region}) if region else rng.choice([frozenset(), frozenset({"US|OH", "US|TN"})])
    return replace(r, outlet=outlet, region=region, home_open=home_open)


def _read_with(r: Report, home: str | None) -> Report:
    """What the stand-in profiler reads with an outlet's home: a report it may tip moves to a town of that state."""
    if home is None or home not in r.home_open:
        return r
    town = TOWNS[0] if home == "US|OH" else TOWNS[2]
    return replace(r, place=town, state=town.admin1, home=home)


def _stored_incidents(ledger) -> list:  # type: ignore[no-untyped-def]
    return [(i.id, i.documents, i.killed, i.injured, i.date, i.place) for i in ledger.load_resolution().incidents]


def test_report_codec_round_trips() -> None:
    r = _random_report(random.Random(1), "d1")
    r = replace(r, place=TOWNS[0], date=date(2021, 3, 4), names=frozenset({"ada ray", "bo quill"}),
                quarters=frozenset({"north end"}), outlet="oh.example", region="US|OH",
                home_open=frozenset({"US|OH", "US|TN"}), home="US|OH")
    assert incremental.decode_report(incremental.encode_report(r)) == r


@pytest.mark.parametrize("seed", range(10))
def test_updates_in_batches_equal_a_full_recomputation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       seed: int) -> None:
    """Random reports arriving in batches (with near duplicates, names that become too common to pair
    on, and outlets whose learned home comes and goes): after every batch the stored incidents are
    those a full recomputation gives."""
    rng = random.Random(seed)
    reports = {f"d{i:03d}": _random_report(rng, f"d{i:03d}") for i in range(90)}
    outlets = random.Random(seed + 100)
    reports = {d: _with_outlet(outlets, r) for d, r in reports.items()}
    monkeypatch.setattr(incremental, "build_report",
                        lambda doc, ex, prior_country=None, home=None: _read_with(reports[doc.id], home))
    for module in (incidents, incremental):  # small enough that some names cross it on the way
        monkeypatch.setattr(module, "NAME_BLOCK_MAX", 4)
    ids = list(reports)
    rng.shuffle(ids)
    near = {b: a for a, b in zip(ids, ids[1:], strict=False) if rng.random() < 0.15}
    settings = Settings()
    with open_ledger(str(tmp_path / "inc.db")) as ledger, open_ledger(str(tmp_path / "full.db")) as full:
        added: list[str] = []
        for batch in (ids[:12], ids[12:13], ids[13:25], ids[25:45], ids[45:70], ids[70:]):
            for doc_id in batch:
                doc = Document(id=doc_id, sha256=doc_id * 8, path=doc_id, text="-")
                dup = near.get(doc_id) if near.get(doc_id) in added else None
                for target in (ledger, full):
                    target.add(doc, Extraction(document=doc_id), near_duplicate_of=dup)
                added.append(doc_id)
            incremental.refresh(ledger, settings=settings)
            incremental.refresh(full, settings=settings, incremental=False)
            assert _stored_incidents(ledger) == _stored_incidents(full)
        assert ledger.resolution_meta()["generation"] == 6


def _ledger_with(tmp_path: Path, *pairs: tuple[Document, Extraction]):  # type: ignore[no-untyped-def]
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    for doc, ex in pairs:
        ledger.add(doc, ex)
    return ledger


def test_an_update_profiles_only_new_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1)
    c = _report("c3", "2020-07-10", "2020-07-09", FARHAVEN, killed=2)
    b = _report("b2", "2020-05-06", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=2)
    profiled: list[str] = []
    real = incremental.build_report

    def counting(doc, ex, prior_country=None, home=None):  # type: ignore[no-untyped-def]
        profiled.append(doc.id)
        return real(doc, ex, prior_country=prior_country, home=home)

    monkeypatch.setattr(incremental, "build_report", counting)
    settings = Settings()
    with _ledger_with(tmp_path, a, c) as ledger:
        incremental.refresh(ledger, settings=settings)
        assert sorted(profiled) == ["a1", "c3"]
        profiled.clear()
        ledger.add(*b)
        incremental.refresh(ledger, settings=settings)
        assert profiled == ["b2"]
        # the incident of the untouched component is still stored, once
        stored = ledger.load_resolution().incidents
        assert sorted(i.documents for i in stored) == [("a1", "b2"), ("c3",)]
        merged = next(i for i in stored if i.documents == ("a1", "b2"))
        assert (merged.killed, merged.killed_low, merged.killed_high) == (2, 1, 2)


def test_new_code_or_a_replaced_extraction_recomputes_everything(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    a = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1)
    c = _report("c3", "2020-07-10", "2020-07-09", FARHAVEN, killed=2)
    profiled: list[str] = []
    real = incremental.build_report
    monkeypatch.setattr(incremental, "build_report",
                        lambda doc, ex, prior_country=None, home=None: profiled.append(doc.id) or real(doc, ex))
    settings = Settings()
    with _ledger_with(tmp_path, a, c) as ledger:
        incremental.refresh(ledger, settings=settings)
        profiled.clear()
        stamp = ledger.resolution_meta()["generation"]
        stats = incremental.refresh(ledger, settings=settings)
        assert profiled == [] and "nothing new" in stats.describe()  # nothing new: nothing done
        assert ledger.resolution_meta()["generation"] == stamp
        ledger.replace_extraction(replace(c[1], claims=()))
        assert ledger.resolution_meta()["stale"] and ledger.unreported_documents() == ["c3"]
        incremental.refresh(ledger, settings=settings)
        assert profiled == ["c3"]  # the full recomputation reuses the other stored report
        assert next(i for i in ledger.load_resolution().incidents if i.documents == ("c3",)).killed == 0
        profiled.clear()
        monkeypatch.setattr(incremental, "code_version", lambda: "another")
        incremental.refresh(ledger, settings=settings)
        assert sorted(profiled) == ["a1", "c3"]


def test_a_name_that_becomes_common_unlinks_the_reports_it_linked(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Two reports two weeks apart are one incident through a victim's name; once more reports than
    NAME_BLOCK_MAX carry the name (a public figure), it links nothing and they are two."""
    base = _random_report(random.Random(0), "x")
    one = replace(base, place=TOWNS[0], state="OH", names=frozenset({"ada ray"}), surnames=frozenset({"ray"}),
                  streets=frozenset(), quarters=frozenset(), killed=1, injured=None, type="shooting", violent=True)
    reports = {
        "x1": replace(one, doc="x1", date=date(2021, 3, 1), published=date(2021, 3, 2), claims=("x1:c0",)),
        "y2": replace(one, doc="y2", date=date(2021, 3, 15), published=date(2021, 3, 16), claims=("y2:c0",)),
        "z3": replace(one, doc="z3", date=date(2021, 5, 1), published=date(2021, 5, 2), place=TOWNS[2],
                      state="TN", claims=("z3:c0",)),
    }
    monkeypatch.setattr(incremental, "build_report", lambda doc, ex, prior_country=None, home=None: reports[doc.id])
    for module in (incidents, incremental):
        monkeypatch.setattr(module, "NAME_BLOCK_MAX", 2)
    settings = Settings()
    with open_ledger(str(tmp_path / "inc.db")) as ledger:
        for doc_id in ("x1", "y2"):
            ledger.add(Document(id=doc_id, sha256=doc_id * 8, path=doc_id, text="-"), Extraction(document=doc_id))
        incremental.refresh(ledger, settings=settings)
        assert [i.documents for i in ledger.load_resolution().incidents] == [("x1", "y2")]
        ledger.add(Document(id="z3", sha256="z3" * 8, path="z3", text="-"), Extraction(document="z3"))
        incremental.refresh(ledger, settings=settings)
        assert [i.documents for i in ledger.load_resolution().incidents] == [("x1",), ("y2",), ("z3",)]


def test_a_corpus_read_from_a_ledger_fetches_texts_when_asked(tmp_path: Path) -> None:
    from claimledger.records import Statement
    from claimledger.resolve.corpus import Corpus

    doc, ex = _report("a1", "2020-05-04", "2020-05-03", BROOKVALE, victim="Darnell Okafor", killed=1)
    quote = Statement(id="a1:s0", document="a1", text="We are still counting", start=0, end=5, direct=True,
                      cue="said", speaker_text="Darnell Okafor", speaker_type="person")
    with _ledger_with(tmp_path, (doc, replace(ex, statements=(quote,)))) as ledger:
        corpus = Corpus.from_ledger(ledger)
        assert corpus.documents["a1"].text == ""  # held without its text ...
        assert corpus.text("a1") == doc.text and corpus.document("a1").text == doc.text  # ... fetched on demand
        assert corpus.text("nope") == ""
        s = corpus.extractions["a1"].statements[0]
        assert (s.text, s.speaker_text) == ("", "Darnell Okafor")  # speakers, not quotes
        assert next(ledger.extractions()).statements[0].text == "We are still counting"


def test_a_batch_that_changes_an_outlets_home_reads_its_stored_reports_again(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A report of a town two states have waits for its outlet's home: once a later batch gives the outlet
    enough reports placed in IN, the stored report is read again there; once more reports place it
    elsewhere too, it has no clear home and the report is back with the gazetteer's pick. After every
    batch the stored incidents equal a full computation (stored reports reused, and from scratch)."""
    from test_incidents import ASHCOMBE, DORNHAVEN, QUILLMERE, namesake_gazetteer, outlet_report

    namesake_gazetteer(monkeypatch)
    batches = [  # (other outlets' reports make the corpus's main country clear from the first batch on)
        [outlet_report("t1", 9, QUILLMERE), outlet_report("f0", 0, DORNHAVEN),
         *(outlet_report(f"o{k}", 20 + k, ASHCOMBE, outlet=f"other{k}.example") for k in range(3))],
        [outlet_report("f1", 1, DORNHAVEN)],  # the second report placed in IN: the outlet's home is learned
        [outlet_report(f"g{k}", 12 + k, ASHCOMBE) for k in range(3)],  # 2 of 5 in IN: no clear home
    ]
    expected = ["quillmere|OH|US", "quillmere|IN|US", "quillmere|OH|US"]
    # each batch's new reports, and the outlet's stored reports the new home reads (its IN reports too: it backs them)
    profiled = [5, 1 + 2, 3 + 3]
    settings = Settings()
    with open_ledger(str(tmp_path / "inc.db")) as ledger, open_ledger(str(tmp_path / "full.db")) as full:
        for batch, place, n in zip(batches, expected, profiled, strict=True):
            for target in (ledger, full):
                for doc, ex in batch:
                    target.add(doc, ex)
            stats = incremental.refresh(ledger, settings=settings)
            incremental.refresh(full, settings=settings, incremental=False)
            assert _stored_incidents(ledger) == _stored_incidents(full)
            fresh = incidents.build_incidents(Corpus.from_ledger(ledger), EntityIndex())
            assert sorted(map(repr, ledger.load_resolution().incidents)) == sorted(map(repr, fresh))
            assert next(i.place for i in ledger.load_resolution().incidents if "t1" in i.documents) == place
            assert stats.incremental == (batch is not batches[0]) and stats.profiled == n


def test_a_new_report_pairs_by_date_with_stored_ones_of_its_state_or_of_none(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A report that names no place, and one of another state and other details, stored; a new report
    of the same day (no names to pair on) shares the first one's street: it joins that one by date,
    as a full recomputation groups them."""
    day = date(2021, 3, 4)

    def report(doc: str, place: PlaceGuess | None, street: str, words: frozenset[str]) -> Report:
        return Report(doc=doc, published=day, date=day, type="shooting", violent=True, place=place,
                      state=place.admin1 if place else None, names=frozenset(), surnames=frozenset(),
                      streets=frozenset({street}), title_words=words, killed=1, injured=None, claims=(f"{doc}:c0",))

    words = frozenset({"gunfire", "store"})
    reports = {"d1": report("d1", None, "elm street", words), "d3": report("d3", TOWNS[2], "oak avenue", frozenset()),
               "d4": report("d4", TOWNS[1], "elm street", words)}
    monkeypatch.setattr(incremental, "build_report", lambda doc, ex, prior_country=None, home=None: reports[doc.id])
    with open_ledger(str(tmp_path / "inc.db")) as ledger, open_ledger(str(tmp_path / "full.db")) as full:
        for batch in (["d1", "d3"], ["d4"]):
            for doc_id in batch:
                for target in (ledger, full):
                    target.add(Document(id=doc_id, sha256=doc_id * 32, path=doc_id, text="-"),
                               Extraction(document=doc_id))
            incremental.refresh(ledger, settings=Settings())
            incremental.refresh(full, settings=Settings(), incremental=False)
            assert _stored_incidents(ledger) == _stored_incidents(full)
        assert sorted(i.documents for i in ledger.load_resolution().incidents) == [("d1", "d4"), ("d3",)]


@pytest.mark.parametrize("seed", range(3))
def test_a_refresh_of_many_documents_runs_in_steps_with_the_same_incidents(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          seed: int) -> None:
    """Random reports (near duplicates, outlets whose learned home comes and goes) refreshed at once
    in steps of a few documents, first from nothing, then recomputed in steps: the incidents of one
    computation of everything."""
    rng = random.Random(seed)
    outlets = random.Random(seed + 100)
    reports = {f"d{i:03d}": _with_outlet(outlets, _random_report(rng, f"d{i:03d}")) for i in range(60)}
    monkeypatch.setattr(incremental, "build_report",
                        lambda doc, ex, prior_country=None, home=None: _read_with(reports[doc.id], home))
    ids = list(reports)
    near = {b: a for a, b in zip(ids, ids[1:], strict=False) if rng.random() < 0.15}
    with open_ledger(str(tmp_path / "steps.db")) as ledger, open_ledger(str(tmp_path / "once.db")) as once:
        for doc_id in ids:
            for target in (ledger, once):
                target.add(Document(id=doc_id, sha256=doc_id * 8, path=doc_id, text="-"),
                           Extraction(document=doc_id), near_duplicate_of=near.get(doc_id))
        incremental.refresh(once, settings=Settings(), incremental=False, step=1000)
        assert incremental.refresh(ledger, settings=Settings(), step=7).steps == 9
        assert _stored_incidents(ledger) == _stored_incidents(once)
        assert incremental.refresh(ledger, settings=Settings(), incremental=False, step=11).steps == 6
        assert _stored_incidents(ledger) == _stored_incidents(once)
