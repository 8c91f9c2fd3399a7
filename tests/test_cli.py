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


def test_an_odd_length_utf16_file_does_not_stop_the_run(corpus: Path, tmp_path: Path) -> None:
    (corpus / "odd.txt").write_bytes(b"\xff\xfe" + "Six cars were burned.".encode("utf-16-le") + b"!")
    db = str(tmp_path / "l.db")
    r = run("ingest", str(corpus), "--db", db, "-q")
    assert r.exit_code == 0, r.output
    assert "5 new document(s)" in r.output and "Traceback" not in r.output
    assert "odd.txt" in r.output and "odd number of bytes" in r.output


# ------------------------------------------------- markup and terminal escapes shown literally (issue 22, item 2)
MARKUP_NAMES = ["[b]bold report.txt", "[link=mailto:evil]click.txt", "esc \x1b[31mred.txt",
                "bidi \u202eexe.txt", "alarm :warning: note.txt"]


def _no_escapes(output: str) -> None:
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output and "Traceback" not in output


def test_markup_and_escapes_in_file_names_are_shown_literally(tmp_path: Path) -> None:
    d = tmp_path / "a[" / "x]"  # the folder's path holds "[/x]"
    d.mkdir(parents=True)
    for i, name in enumerate(MARKUP_NAMES):
        (d / name).write_text(f"{i + 2} people were injured when a wall fell, the fire service said.",
                              encoding="utf-8")
    (d / "[i] empty.txt").write_bytes(b"")
    (d / "odd [i].txt").write_bytes(b"\xff\xfe" + "A roof fell in.".encode("utf-16-le") + b"!")
    db = str(tmp_path / "l.db")
    r = run("ingest", str(d), "--db", db, "-q")
    assert r.exit_code == 0, r.output
    assert f"{len(MARKUP_NAMES) + 1} new document(s)" in r.output
    assert "[i] empty.txt: empty file" in r.output and "odd [i].txt: a UTF-16" in r.output
    assert "a[/x]" in r.output
    _no_escapes(r.output)
    stored = sorted(Path(d["path"]).name for d in json.loads(run("export", "--db", db).output)["documents"])
    assert stored == sorted([*MARKUP_NAMES, "odd [i].txt"])  # the names themselves are kept as they are
    r = run("verify", "--db", db)
    assert r.exit_code == 0 and "6/6 document(s) verified" in r.output


def test_markup_in_fields_is_shown_literally_by_claims_verify_and_timeline(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from claimledger import cli

    monkeypatch.setattr(cli.out, "width", 400)  # room for every column of the claims table

    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "[/x]one", "outlet": "[/evil]", "text": "Seven people were killed in the blast, police said."},
            {"id": "two\x1b]8;;https://e.example\x07", "outlet": "[link=https://evil.example]Post[/link]",
             "text": "Eight houses were destroyed by the fire, the mayor said."}]
    feed.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = str(tmp_path / "l.db")
    r = run("ingest", str(feed), "--db", db, "-q")
    assert r.exit_code == 0, r.output
    r = run("claims", "--db", db)
    assert r.exit_code == 0, r.output
    assert "[/evil]" in r.output and "[link=https://evil.exam" in r.output
    _no_escapes(r.output)
    r = run("claims", "--db", db, "--json")
    _no_escapes(r.output)
    assert {c["document"] for c in json.loads(r.output)}  # still the data, escapes written as JSON escapes
    r = run("timeline", "killed", "[b]Nowhere\x1b[2J", "--db", db)
    assert r.exit_code == 1 and "[b]Nowhere" in r.output
    _no_escapes(r.output)
    con = sqlite3.connect(db)
    con.execute("UPDATE documents SET text = text || ' Nine more.'")
    con.commit()
    con.close()
    r = run("verify", "--db", db)
    assert r.exit_code == 1
    assert "[/x]one" in r.output and "two\\x1b]8;;https://e.example\\x07" in r.output
    _no_escapes(r.output)


def test_a_fifo_and_an_unreadable_folder_are_counted_and_fail_strict(corpus: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (corpus / "locked").mkdir()
    fifo = tmp_path / "given.jsonl"
    os.mkfifo(fifo)
    scandir = os.scandir

    def refuse(path: object = ".") -> object:  # chmod 000 does not stop root
        if Path(os.fsdecode(path)).name == "locked":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    db = str(tmp_path / "l.db")
    r = run("ingest", str(corpus / "one.txt"), str(fifo), str(corpus / "locked"), "--db", db, "-q", "--strict")
    assert r.exit_code == 1, r.output
    assert "1 new document(s)" in r.output and "2 input(s) skipped" in r.output
    assert "given.jsonl: not a regular file" in r.output and "locked: cannot read the folder" in r.output


@pytest.fixture
def read_only(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make a folder and its files read-only, as on write-once media (root ignores chmod: chattr +i)."""
    import os
    import subprocess

    made: list[Path] = []

    def freeze(folder: Path) -> None:
        paths = [*folder.iterdir(), folder]
        if os.geteuid() != 0:
            for p in paths:
                p.chmod(0o555 if p.is_dir() else 0o444)
            return
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot make files immutable here ({done.stderr.decode().strip()})")
        made.extend(paths)

    yield freeze
    if made:
        subprocess.run(["chattr", "-i", *map(str, made)], check=True)


def test_read_commands_work_on_a_ledger_in_a_read_only_folder(corpus: Path, tmp_path: Path, read_only) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import hashlib

    import httpx

    from claimledger.views.web import create_app

    folder = tmp_path / "media"
    db = folder / "l.db"
    assert run("ingest", str(corpus), "--db", str(db), "-q").exit_code == 0
    read_only(folder)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = run("verify", "--db", str(db))
    assert r.exit_code == 0 and "4/4 document(s) verified" in r.output, r.output
    for args in (["claims"], ["claims", "--json"], ["timeline", "killed", "Nowhere", "--json"],
                 ["export", "--out", str(tmp_path / "l.json")], ["report", "--out", str(tmp_path / "r.html")]):
        r = run(*args, "--db", str(db))
        assert r.exit_code == 0, (args, r.output)
    assert len(json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))["documents"]) == 4

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(str(db)))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as ac:
            return await ac.get("/api/overview")

    assert asyncio.run(get()).status_code == 200
    r = runner.invoke(app, ["resolve", "--db", str(db)])
    assert r.exit_code != 0 and "Traceback" not in r.output and "cannot" in r.output, r.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


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
