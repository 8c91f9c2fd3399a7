"""Near duplicates (ingest/dedup.py): the same story in other chrome or lightly edited is linked, other stories are not.

Every text here is invented: the town of Brackwater, the Fenmoor region, the people and the Tallis
News agency credit do not exist (the credit forms are those of real agencies).
"""

from __future__ import annotations

import threading

import pytest

from claimledger.ingest import credits, dedup
from claimledger.records import Document, Extraction
from claimledger.settings import Settings
from claimledger.store import open_ledger
from claimledger.workflow import ingest, refresh

STORY = [
    "Rockets struck the small river town of Brackwater early on Tuesday, destroying a four-story apartment block "
    "and killing at least 9 people, officials said.",
    "Maren Odell, governor of the Fenmoor region, said about two dozen people could still be trapped under the "
    "rubble of the building.",
    "Rescuers reached three people alive beneath the wreckage during the night, she wrote on a messaging app.",
    "The emergency service first gave a toll of five dead, but later said it had risen to nine by the evening.",
    "The town of about 8,000 people was hit by heavy rockets fired from launchers mounted on trucks.",
    "Brackwater lies about 30 kilometers south of the regional capital, a city expected to be the next target "
    "of the offensive.",
    "The Fenmoor region has seen months of shelling along the river, and most of its families have left.",
    "Last week the neighbouring district lost its last hospital to a strike, the regional health office said.",
]

OTHER_STORY = [  # the same strike told in an outlet's own words: not a copy
    "A rocket attack flattened an apartment block in Brackwater on Tuesday, and nine residents are confirmed dead.",
    "Regional governor Maren Odell warned that around twenty more could be buried in what is left of the block.",
    "Emergency crews spent the night digging by hand and pulled three survivors out before dawn.",
    "Early figures from the emergency service spoke of five dead, a count that rose through the day to nine.",
    "Residents said the launchers fired from the east, the direction the attacks have come from for months.",
    "Many of the town's 8,000 inhabitants have already fled toward the regional capital in the north.",
    "A local teacher said the building had housed mostly elderly people who could not leave.",
]

CHROME_A = ["Menu", "World News", "3 days ago", "Rockets kill nine in Brackwater",
            "A firefighter at the scene on Tuesday. (Tallis Photo/Ivo Brandt)",
            "We use cookies to improve your experience on our site. By continuing you accept our cookie policy."]
CHROME_B = ["Home | Europe | Opinion", "Share this article", "Nine dead as rockets hit town block",
            "Photo: a damaged building in the town centre", "Sign up for our newsletter to get the morning briefing.",
            "Read more: ten things to know about the river front"]


def page(chrome_top: list[str], body: list[str], chrome_bottom: list[str] = ()) -> str:
    return "\n\n".join([*chrome_top, *body, *chrome_bottom])


def similar(a: str, b: str) -> float | None:
    return dedup.similarity(dedup.fingerprint(a), dedup.fingerprint(b))


# ------------------------------------------------------------------------------------ line filters

@pytest.mark.parametrize("line, chrome", [
    ("4 days ago", True),
    ("Menu", True),
    ("Rockets kill nine in Brackwater as the offensive grinds on", True),  # a headline: no full stop
    ("A firefighter works at the scene on Tuesday morning. (Tallis Photo/Ivo Brandt)", True),
    ("Photo: a damaged building in the town centre after the night's rocket strike.", True),
    ("We use cookies to improve the experience of visitors to this site, as our policy explains.", True),
    ("We have sent you a verification email, please click the link inside it to continue.", True),
    ("Sign up for our newsletter to get the morning briefing every day of the week.", True),
    ("See more of the latest stories at https://news.example/world and on our app.", True),
    ("Read more: ten things to know about the long river front and its history.", True),
    ("Rescuers reached three people alive beneath the wreckage during the night, she wrote.", False),
    ('"We will rebuild your homes," the governor told residents gathered at the school.', False),
])
def test_chrome_lines(line: str, chrome: bool) -> None:
    assert dedup.is_chrome(line) is chrome


def test_hard_wrapped_text_keeps_its_lines() -> None:
    wrapped = ("Rockets struck the small river town of Brackwater early on Tuesday, destroying\n"
               "a four-story apartment block and killing at least 9 people, officials said. The\n"
               "governor said two dozen people could be trapped under the rubble of the block\n"
               "and rescuers worked through the night to reach three survivors under it.\n")
    assert len(dedup.words(dedup.body_text(wrapped))) == len(dedup.words(wrapped))


@pytest.mark.parametrize("text, agency", [
    ("BRACKWATER, Fenmoor (AP) — Rockets struck the town on Tuesday.", "AP"),
    ("Rockets struck the town on Tuesday, a Reuters witness said.\n\nReuters", "Reuters"),
    ("Rockets struck the town on Tuesday.\n\n— AFP", "AFP"),
    ("By Ivo Brandt, Associated Press\n\nRockets struck the town on Tuesday.", "AP"),
    ("Rockets struck the town on Tuesday, the regional office said.", None),
    ("Rockets struck the town on Tuesday, Xinhua reported, citing the regional office.", None),  # a citation
    ("Rockets struck the town, said a spokesman for the AP-9 battalion.", None),
    ("The APEX plant was struck on Tuesday; Reutersville was spared.", None),
])
def test_agency_credit(text: str, agency: str | None) -> None:
    assert credits.agency(text) == agency


def test_byline_is_a_credit() -> None:
    assert "byline:ivo brandt" in credits.credits("By Ivo Brandt\n\nRockets struck the town on Tuesday.")


# ------------------------------------------------------------------------------------ pairs

def test_same_body_in_other_chrome_is_one_story() -> None:
    a = page(CHROME_A, STORY)
    b = page(CHROME_B[:3], STORY[:6], CHROME_B[3:])  # cut short by the second site, other furniture
    s = similar(a, b)
    assert s is not None and s > 0.9


def test_light_edit_is_one_story() -> None:
    edited = [s.replace("early on Tuesday", "on Tuesday morning").replace("about", "roughly") for s in STORY]
    edited[3] = "The emergency service said the toll, first given as five, had risen to nine by evening."
    edited.append("The regional administration declared three days of mourning in the town.")
    assert similar(page(CHROME_A, STORY), page(CHROME_B, edited)) is not None


def test_updated_wire_story_needs_the_shared_credit() -> None:
    first = ["BRACKWATER, Fenmoor (Reuters) - " + STORY[0], *STORY[1:]]
    update = [
        "At least 12 people were killed when rockets destroyed a four-story apartment block in the river town of "
        "Brackwater, the regional governor said on Wednesday.",
        "A Reuters witness saw rescuers carry out two more bodies from the ruins at dawn.",
        *STORY[1:4],
        "The town was shelled again overnight, and two more houses burned down near the river bank.",
        "Officials said the hospital in the regional capital was treating 14 of the wounded.",
        "The army said it had intercepted four of the rockets fired at the region on Tuesday night.",
    ]
    plain = [line.replace("Reuters", "a") for line in update]
    credited = similar(page([], first), page([], update))
    assert credited is not None
    assert similar(page([], first).replace("(Reuters)", ""), page([], plain)) is None  # the same overlap, no credit


def test_two_stories_on_one_event_are_not_linked() -> None:
    assert similar(page(CHROME_A, STORY), page(CHROME_A, OTHER_STORY)) is None


def test_pages_of_furniture_only_are_not_linked() -> None:
    junk = ["Click here to return to the page you were visiting before you signed in.",
            "Sorry, this postal code is not in the delivery area of this subscription service."]
    assert similar(page(["Nine dead in Brackwater"], junk), page(["Fire at the Fenmoor mill"], junk)) is None


def test_signature_round_trip_and_old_layout() -> None:
    fp = dedup.fingerprint(page(CHROME_A, STORY))
    blob = dedup.to_bytes(fp.minhash, len(fp.shingles))
    back = dedup.from_bytes(blob)
    assert back is not None and back.jaccard(fp.minhash) == 1.0
    assert dedup.from_bytes(b"\x00" * 8 * dedup.NUM_PERM) is None  # the former layout: computed again
    assert dedup.from_bytes(None) is None


def test_links_do_not_depend_on_order() -> None:
    texts = {"d3": page(CHROME_B, STORY[:6]), "d1": page(CHROME_A, STORY), "d2": page(CHROME_A, OTHER_STORY)}
    for order in (["d1", "d2", "d3"], ["d3", "d2", "d1"]):
        index = dedup.NearDuplicates(texts.__getitem__)
        for d in order:
            index.add(d)
        links = dedup.link_documents(order, index, lambda d: dedup.rank_key(None, d))
        assert links == {"d1": None, "d2": None, "d3": "d1"}


def test_earlier_published_copy_is_the_original() -> None:
    assert dedup.rank_key("2024-05-01", "zz") < dedup.rank_key("2024-05-02", "aa") < dedup.rank_key(None, "00")


# ------------------------------------------------------------------------------------ ledgers

def _corpus(tmp_path):  # type: ignore[no-untyped-def]
    """Six invented files: three copies of one story, a second copy pair, and two stories of their own."""
    other_event = [
        "A drone hit a grain depot outside Lowen Cross on Friday night, starting a fire that burned until noon.",
        "The Tarrow district chief, Joss Renner, said two night guards were injured and taken to the town clinic.",
        "Firefighters from three villages worked for eleven hours to keep the flames away from the fuel tanks.",
        "The depot held about 4,000 tonnes of wheat from the last harvest, according to its owners.",
        "It was the third attack on farm buildings in the district since the start of the month.",
        "Farmers said they would move the rest of the grain to barns further away from the front line.",
    ]
    texts = {
        "a1.txt": page(CHROME_A, STORY), "b1.txt": page(CHROME_B, STORY[:6]),
        "a2.txt": page(["Latest"], STORY[1:]),
        "b2.txt": page(CHROME_A, OTHER_STORY), "a3.txt": page(CHROME_B, other_event),
        "b3.txt": page(["2 hours ago"], other_event[:-1]),
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return sorted(str(tmp_path / n) for n in texts)


def _empty_runner(gate: threading.Barrier | None = None):  # type: ignore[no-untyped-def]
    def run(docs, *, settings):  # type: ignore[no-untyped-def]
        for i, doc in enumerate(docs):
            if gate is not None and i == 0:
                gate.wait(timeout=30)  # both ingests have read their first document before either stores one
            yield doc, Extraction(document=doc.id)
    return run


def _links(db: str) -> set[tuple[str, str]]:
    with open_ledger(db) as ledger:
        paths = {d.id: d.path.rsplit("/", 1)[-1] for d in ledger.documents(with_text=False)}
        return {(paths[d], paths[o]) for d, o in ledger.near_duplicates().items()}


def test_concurrent_ingests_link_as_a_sequential_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = _corpus(tmp_path)
    seq = str(tmp_path / "seq.db")
    with open_ledger(seq) as ledger:
        ingest(paths, ledger, settings=Settings(db=seq), resolve_after=False, runner=_empty_runner())
    expected = _links(seq)
    assert ("b1.txt", "a1.txt") in expected or ("a1.txt", "b1.txt") in expected
    assert len(expected) == 3  # a1/b1/a2 as one story (two links), a3/b3 (one)

    both = str(tmp_path / "both.db")
    open_ledger(both).close()
    gate = threading.Barrier(2)
    halves = [[p for p in paths if p.rsplit("/", 1)[-1].startswith(h)] for h in ("a", "b")]
    errors: list[BaseException] = []

    def run(half: list[str]) -> None:
        try:
            with open_ledger(both) as ledger:
                ingest(half, ledger, settings=Settings(db=both), resolve_after=False, runner=_empty_runner(gate))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(h,)) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _links(both) == expected


def test_full_resolve_restores_lost_links(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = _corpus(tmp_path)
    db = str(tmp_path / "l.db")
    settings = Settings(db=db)
    with open_ledger(db) as ledger:
        ingest(paths, ledger, settings=settings, runner=_empty_runner())
    expected = _links(db)
    with open_ledger(db) as ledger:
        ledger.conn.execute("UPDATE documents SET near_duplicate_of = NULL, minhash = NULL")
        ledger.conn.commit()
    assert _links(db) == set()
    with open_ledger(db) as ledger:
        refresh(ledger, settings=settings, full=True)
    assert _links(db) == expected


def test_relink_marks_a_resolved_copy_stale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A later-ingested document that is the earlier-published original re-points a resolved copy."""
    db = str(tmp_path / "s.db")
    settings = Settings(db=db)
    copy = Document(id="c" * 16, sha256="c" * 64, path="copy.txt", text=page(CHROME_B, STORY[:6]),
                    published="2024-05-03")
    original = Document(id="d" * 16, sha256="d" * 64, path="orig.txt", text=page(CHROME_A, STORY),
                        published="2024-05-01")
    first = page(CHROME_A, STORY[:5])  # published later still, stored first
    early = Document(id="e" * 16, sha256="e" * 64, path="early.txt", text=first, published="2024-05-02")
    with open_ledger(db) as ledger:
        ingest(["x"], ledger, settings=settings, reader=lambda *a, **k: iter([early, copy]),
               runner=_empty_runner())
        assert ledger.near_duplicates() == {copy.id: early.id}
        assert not ledger.resolution_meta().get("stale")
        ingest(["y"], ledger, settings=settings, resolve_after=False, reader=lambda *a, **k: iter([original]),
               runner=_empty_runner())
        near = ledger.near_duplicates()
        assert near[copy.id] == original.id and near[early.id] == original.id
        assert ledger.resolution_meta().get("stale")


def test_documents_an_interrupted_run_stored_are_linked_by_the_next(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "i.db")
    a = Document(id="a" * 16, sha256="a" * 64, path="a.txt", text=page(CHROME_A, STORY), published="2024-05-01")
    b = Document(id="b" * 16, sha256="b" * 64, path="b.txt", text=page(CHROME_B, STORY[:6]), published="2024-05-02")
    c = Document(id="c" * 16, sha256="c" * 64, path="c.txt", text=page(CHROME_A, OTHER_STORY))
    with open_ledger(db) as ledger:
        for d in (a, b):  # stored, then the run was killed before it linked them
            ledger.add(d, Extraction(document=d.id))
        ingest(["x"], ledger, settings=Settings(db=db), resolve_after=False, reader=lambda *x, **k: iter([c]),
               runner=_empty_runner())
        assert ledger.near_duplicates() == {b.id: a.id}
