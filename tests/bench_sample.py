"""A ledger for the workbench browser tests: the web tests' sample plus reports with no title, no outlet or
only a URL, an invented official spelled two ways, an allegation and a denial. Every name here is invented."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from claimledger.records import Claim, Cluster, Conflict, Document, Entity, Extraction
from claimledger.resolve.origins import norm_text
from claimledger.store import open_ledger
from test_web import build_sample

PLAIN_PATH = "fixtures/0042_9f3ab.txt"
TEXTS = {
    # no title, no outlet, no date: only a path and a first line
    "plain": ("Ferry service to Port Lissa resumed on Friday\n"
              "Officials said more than 5,000 residents had left Port Lissa. "
              "Officials accused the navy of shelling the pier. More than 5,000 residents have gone."),
    # no outlet stored, but a URL
    "hosted": ("The navy denied shelling the pier in Port Lissa. "
               "Nikolai Gritsenko said 5,000 residents left Port Lissa by sea. "
               "Two children were killed in Port Lissa on Friday."),
    # two towns close together (their labels collide when zoomed out)
    "coast": "Four people were injured in Kessel Bay. Six people were injured in Amber Point.",
}


def _doc(key: str, **kw: object) -> Document:
    raw = TEXTS[key].encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    return Document(id=sha[:16], sha256=sha, text=TEXTS[key], raw=raw, **kw)  # type: ignore[arg-type]


def _claim(doc: Document, n: int, needle: str, sentence: str, **kw: object) -> Claim:
    s = doc.text.index(needle)
    return Claim(id=f"{doc.id}:c{n}", document=doc.id, sentence=sentence, text=needle, start=s, end=s + len(needle),
                 version="test-1", **kw)  # type: ignore[arg-type]


def build_bench(path: Path) -> dict[str, object]:
    ids = build_sample(path)
    plain = _doc("plain", path=PLAIN_PATH, published_source="unknown")
    hosted = _doc("hosted", path="fixtures/hosted.html", url="https://www.harbour-post.example/2023/05/ferry",
                  title="Residents leave Port Lissa by sea", published="2023-05-13", published_source="metadata")
    s_plain = "Officials said more than 5,000 residents had left Port Lissa."
    c_fled = _claim(plain, 0, "more than 5,000 residents had left", s_plain, kind="quantity", measure="displaced",
                    group="residents", value=5000, low=5001, qualifier="more_than", place_text="Port Lissa",
                    as_of="2023-05-12", attributed_text="Officials", attributed_type="group")
    c_alleg = _claim(plain, 1, "accused the navy of shelling the pier",
                     "Officials accused the navy of shelling the pier.", kind="allegation",
                     attributed_text="Officials", attributed_type="group")
    c_gone = _claim(plain, 2, "More than 5,000 residents", "More than 5,000 residents have gone.", kind="quantity",
                    measure="displaced", group="residents", value=5000, low=5001, qualifier="more_than",
                    place_text="Port Lissa")  # no date: its report has none, nor has the sentence
    c_kids = _claim(hosted, 2, "Two children were killed", "Two children were killed in Port Lissa on Friday.",
                    kind="quantity", measure="killed", group="children", value=2, low=2, high=2, qualifier="exact",
                    place_text="Port Lissa", as_of="2023-05-12")
    c_deny = _claim(hosted, 0, "denied shelling the pier", "The navy denied shelling the pier in Port Lissa.",
                    kind="denial", place_text="Port Lissa")
    c_left = _claim(hosted, 1, "5,000 residents left Port Lissa",
                    "Nikolai Gritsenko said 5,000 residents left Port Lissa by sea.", kind="quantity",
                    measure="displaced", group="residents", value=5000, low=5000, high=5000, qualifier="exact",
                    place_text="Port Lissa", as_of="2023-05-13", attributed_text="Nikolai Gritsenko",
                    attributed_type="person")
    coast = _doc("coast", path="fixtures/coast.txt", title="Two coastal towns shelled", outlet="Coast Wire",
                 published="2023-05-14", published_source="manifest")
    c_kessel = _claim(coast, 0, "Four people were injured", "Four people were injured in Kessel Bay.",
                      kind="quantity", measure="injured", group="people", value=4, low=4, high=4, qualifier="exact",
                      place_text="Kessel Bay", as_of="2023-05-14")
    c_amber = _claim(coast, 1, "Six people were injured", "Six people were injured in Amber Point.",
                     kind="quantity", measure="injured", group="people", value=6, low=6, high=6, qualifier="exact",
                     place_text="Amber Point", as_of="2023-05-14")
    with open_ledger(str(path)) as ledger:
        ledger.add(coast, Extraction(document=coast.id, claims=(c_kessel, c_amber), version="test-1"),
                   pipeline_version="test-1")
        ledger.add(plain, Extraction(document=plain.id, claims=(c_fled, c_alleg, c_gone), version="test-1"),
                   pipeline_version="test-1")
        ledger.add(hosted, Extraction(document=hosted.id, claims=(c_deny, c_left, c_kids), version="test-1"),
                   pipeline_version="test-1")
        res = ledger.load_resolution()
        official = Entity(id="P2", type="person", name="Mykola Hrytsenko",
                          aliases=("Mykola Hrytsenko", "Nikolai Gritsenko"))
        cluster = Cluster(id="K2", claims=(c_fled.id, c_left.id), documents=(plain.id, hosted.id),
                          outlets=(PLAIN_PATH, "harbour-post.example"),
                          origins=(f"outlet:{norm_text(PLAIN_PATH)}", "P2"), independent_sources=2,
                          first_reported=None, measure="displaced", group="residents", place="L1", low=5000,
                          high=None)
        conflict = Conflict(id="X3", kind="contradiction", claims=(c_fled.id, c_left.id),
                            reason=f"displaced residents in Port Lissa: 5,001 ({PLAIN_PATH}) vs 5,000 (hosted.html) "
                                   "— bounds do not overlap")
        # the same disagreement flagged twice: two sentences of one report against the other report
        twice = Conflict(id="X4", kind="contradiction", claims=(c_gone.id, c_left.id), reason=conflict.reason)
        towns = (Entity(id="L2", type="place", name="Kessel Bay", lat=46.52, lon=30.80, country="UA"),
                 Entity(id="L3", type="place", name="Amber Point", lat=46.50, lon=30.84, country="UA"),
                 # named by no claim: the map must leave it out
                 Entity(id="L4", type="place", name="Dunmere", lat=47.5, lon=32.0, country="UA"))
        res = dataclasses.replace(
            res, entities=(*res.entities, official, *towns),
            links=(*res.links, (hosted.id, "Nikolai Gritsenko", "P2"), (plain.id, "Port Lissa", "L1"),
                   (hosted.id, "Port Lissa", "L1"), (coast.id, "Kessel Bay", "L2"), (coast.id, "Amber Point", "L3")),
            clusters=(*res.clusters, cluster), conflicts=(*res.conflicts, conflict, twice),
            claim_cluster=(*res.claim_cluster, (c_fled.id, "K2"), (c_left.id, "K2")))
        ledger.save_resolution(res)
    return {**ids, "plain": plain.id, "hosted": hosted.id, "fled": c_fled.id, "left": c_left.id,
            "alleg": c_alleg.id, "deny": c_deny.id, "gone": c_gone.id, "kids": c_kids.id}
