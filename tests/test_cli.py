"""The command line, end to end on small corpora we write: ingest, idempotency, export, verify, claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

runner = CliRunner()

REPORTS = {
    "one.txt": " date 2023-02-01 Two people were killed and five were injured when a shell hit a market in the "
               "town on Tuesday, the regional governor said.",
    "two.txt": " date 2023-02-02 The governor said on Wednesday that the number of dead from the market strike "
               "had risen to three.",
    "three.txt": "Rescue workers searched the rubble for a second day.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for name, text in REPORTS.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "broken.jsonl").write_text('{"id": "j1", "text": "Four houses were destroyed by the fire."}\n{oops\n',
                                    encoding="utf-8")
    return d


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_ingest_idempotent_export_and_verify(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    r = run("ingest", str(corpus), "--db", db, "-q")
    assert r.exit_code == 0, r.output
    assert "4 new document(s)" in r.output and "1 input(s) skipped" in r.output
    assert "broken.jsonl:2" in r.output  # the bad line is named with its file and line

    r = run("ingest", str(corpus), "--db", db, "-q", "--strict")
    assert r.exit_code == 1  # --strict: non-zero because an input was skipped
    assert "0 new document(s), 4 already in the ledger" in r.output

    out = tmp_path / "l.json"
    assert run("export", "--db", db, "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("documents", "entities", "statements", "claims", "clusters", "conflicts", "series", "incidents"):
        assert isinstance(data[key], list), key
    assert len(data["documents"]) == 4
    paths = sorted(Path(d["path"]).name for d in data["documents"])
    assert paths == ["j1", "one.txt", "three.txt", "two.txt"]
    one = next(d for d in data["documents"] if d["path"].endswith("one.txt"))
    assert one["published"] == "2023-02-01" and one["published_source"] == "header"
    assert len(one["sha256"]) == 64
    assert any(a["action"] == "skipped" for a in data["audit"])

    r = run("verify", "--db", db)
    assert r.exit_code == 0 and "4/4 document(s) verified" in r.output


def test_verify_fails_on_tampering(corpus: Path, tmp_path: Path) -> None:
    import sqlite3

    db = str(tmp_path / "l.db")
    assert run("ingest", str(corpus / "one.txt"), "--db", db, "-q").exit_code == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE documents SET raw = raw || x'00'")
    con.commit()
    con.close()
    r = run("verify", "--db", db)
    assert r.exit_code == 1
    assert "no longer matches its SHA-256" in r.output


def test_commands_need_a_ledger(tmp_path: Path) -> None:
    r = runner.invoke(app, ["claims", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code != 0 and "no ledger at" in r.output


def test_export_unknown_format(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    run("ingest", str(corpus / "three.txt"), "--db", db, "-q")
    r = runner.invoke(app, ["export", "--format", "xml", "--db", db])
    assert r.exit_code != 0 and "unknown format" in r.output


def test_claims_json_lists_only_the_measure(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    run("ingest", str(corpus), "--db", db, "-q")
    r = run("claims", "--db", db, "--json", "--measure", "killed")
    assert r.exit_code == 0
    rows = json.loads(r.output)
    assert all(c["measure"] == "killed" for c in rows)


def test_timeline_tells_an_incidents_toll_from_the_places(tmp_path: Path) -> None:
    d = tmp_path / "strike"
    d.mkdir()
    (d / "a.txt").write_text(" date 2023-03-01 The strike on the hospital in Kharkiv killed 4 people, officials said.",
                             encoding="utf-8")
    (d / "b.txt").write_text(" date 2023-03-03 The toll of the strike on the hospital in Kharkiv has risen to 6, "
                             "officials said.", encoding="utf-8")
    (d / "c.txt").write_text(" date 2023-03-04 More than 300 civilians have been killed in Kharkiv since the war "
                             "began, officials said.", encoding="utf-8")
    db = str(tmp_path / "l.db")
    run("ingest", str(d), "--db", db, "-q")
    r = run("timeline", "killed", "Kharkiv", "--db", db)
    assert r.exit_code == 0
    assert "(the hospital struck)" in r.output and "(the place's toll)" in r.output
    series = json.loads(run("timeline", "killed", "Kharkiv", "--db", db, "--json").output)
    hospital = [s for s in series if s.get("target") == "hospital"]
    assert len(hospital) == 1 and [p["low"] for p in hospital[0]["points"]] == [4, 6]


def test_batches_without_resolve_then_resolve_equal_one_ingest(corpus: Path, tmp_path: Path) -> None:
    """--no-resolve stores documents only; `resolve` afterwards gives what one ingest gives."""

    def export(db: str) -> dict:  # type: ignore[type-arg]
        out = tmp_path / f"{Path(db).stem}.json"
        assert run("export", "--db", db, "--out", str(out)).exit_code == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        return {k: data[k] for k in ("entities", "clusters", "conflicts", "series", "incidents")}

    once, batched = str(tmp_path / "once.db"), str(tmp_path / "batched.db")
    assert run("ingest", str(corpus), "--db", once, "-q").exit_code == 0
    for name in ("one.txt", "two.txt", "three.txt"):
        r = run("ingest", str(corpus / name), "--db", batched, "--no-resolve")
        assert r.exit_code == 0 and "not refreshed" in r.output
    assert run("ingest", str(corpus / "broken.jsonl"), "--db", batched, "-q", "--no-resolve").exit_code == 0
    assert export(batched)["incidents"] == []  # nothing resolved yet
    r = run("resolve", "--db", batched)
    assert r.exit_code == 0 and "incidents recomputed" in r.output
    assert export(batched) == export(once) and export(once)["incidents"]
    r = run("resolve", "--db", batched)
    assert "nothing new" in r.output


# ------------------------------------------------------------------ validation, help and formatting
def test_unknown_measure_or_kind_lists_the_valid_values(corpus: Path, tmp_path: Path) -> None:
    from claimledger.records import CLAIM_KINDS, MEASURES

    db = str(tmp_path / "l.db")
    run("ingest", str(corpus / "one.txt"), "--db", db, "-q")
    for args, allowed in ((["claims", "--measure", "deaths"], MEASURES), (["claims", "--kind", "foo"], CLAIM_KINDS),
                          (["timeline", "deaths", "Anytown"], MEASURES)):
        r = runner.invoke(app, [*args, "--db", db])
        assert r.exit_code == 2, (args, r.output)
        flat = " ".join(r.output.split()).replace("│", "")
        assert all(v in flat for v in allowed), (args, r.output)


def test_ingest_of_a_missing_path_says_so_and_creates_no_ledger(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    r = runner.invoke(app, ["ingest", str(tmp_path / "no" / "such" / "path"), "--db", str(db)])
    assert r.exit_code != 0
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "no such file or folder" in lines[0]
    assert not db.exists() and not list(tmp_path.glob("l.db*"))


def test_a_folders_manifest_is_not_a_document(corpus: Path, tmp_path: Path) -> None:
    (corpus / "manifest.csv").write_text("path,outlet\none.txt,Invented Gazette\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    r = run("ingest", str(corpus), "--db", db, "-q")
    assert r.exit_code == 0 and "4 new document(s)" in r.output
    out = tmp_path / "l.json"
    run("export", "--db", db, "--out", str(out))
    assert not any(d["path"].endswith("manifest.csv") for d in json.loads(out.read_text("utf-8"))["documents"])


def test_every_option_and_argument_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    missing = [f"{name} {p.name}" for name, cmd in group.commands.items()  # type: ignore[attr-defined]
               for p in cmd.params if not getattr(p, "help", None)]
    assert missing == []


def test_timeline_shows_outlet_and_open_bounds_without_cutting_words(tmp_path: Path) -> None:
    d = tmp_path / "siege"
    d.mkdir()
    (d / "a.txt").write_text(" date 2023-03-01 More than 5,000 civilians have been killed in Kharkiv since the "
                             "siege began, the regional governor told reporters on Wednesday.", encoding="utf-8")
    (d / "b.txt").write_text(" date 2023-03-09 As many as 1,200 civilians have been killed in Kharkiv, according to "
                             "the estimates of the regional governor published on Thursday.", encoding="utf-8")
    (tmp_path / "m.csv").write_text("path,outlet\na.txt,Invented Gazette\nb.txt,Made-up Herald\n", encoding="utf-8")
    db = str(tmp_path / "l.db")
    assert run("ingest", str(d), "--db", db, "-q", "--manifest", str(tmp_path / "m.csv")).exit_code == 0
    r = run("timeline", "killed", "Kharkiv", "--db", db)
    assert r.exit_code == 0, r.output
    words = set(r.output.replace("│", " ").replace("┃", " ").split())
    assert {"outlet", "Invented", "Gazette", "Made-up", "Herald"} <= words
    assert "≥ 5,000" in r.output and "≤ 1,200" in r.output  # open bounds as the web shows them
    texts = [c["text"] for c in json.loads(run("claims", "--db", db, "--json").output)]
    assert texts and all(set(t.split()) <= words for t in texts)  # every word whole: wrapped, not cut
