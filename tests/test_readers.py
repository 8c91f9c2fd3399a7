"""Readers: each input format becomes Documents; bad input becomes one clear InputError and the run goes on."""

from __future__ import annotations

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest

from claimledger.errors import InputError, InputWarning
from claimledger.ingest.decode import decode, decode_noting, looks_binary, strip_inline_tags
from claimledger.ingest.outlet import from_boilerplate, from_dateline, from_url
from claimledger.ingest.readers import iter_documents, read_manifest
from claimledger.records import Document, Extraction
from claimledger.settings import Settings

S = Settings()


def docs_and_errors(paths: list[Path], **kw: object) -> tuple[list[Document], list[InputError]]:
    items = list(iter_documents([str(p) for p in paths], settings=kw.pop("settings", S), **kw))  # type: ignore[arg-type]
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def test_text_with_date_header(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(" date 2023-05-02 Shelling hit the town overnight, officials said.\n\nMore follows.", encoding="utf-8")
    (doc,), errors = docs_and_errors([p])
    assert not errors
    assert doc.published == "2023-05-02" and doc.published_source == "header"
    assert doc.text.startswith("Shelling hit the town")
    assert doc.path == str(p)
    assert doc.raw == p.read_bytes()


def test_same_bytes_same_id_and_stray_tags_removed(tmp_path: Path) -> None:
    body = 'Rescuers <a href="https://www.example-news.org/x">searched</a> the rubble &amp; found two survivors.'
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")
    docs, _ = docs_and_errors([tmp_path])
    assert len(docs) == 2 and docs[0].id == docs[1].id
    assert docs[0].text == "Rescuers searched the rubble & found two survivors."
    assert docs[0].outlet == "example-news.org" and docs[0].outlet_source == "links"


@pytest.mark.parametrize("encoding", ["utf-16", "cp1251", "latin-1", "utf-8-sig"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "Обстріл міста тривав усю ніч, повідомила адміністрація." if encoding in {"utf-16", "cp1251", "utf-8-sig"} \
        else "Le maire a déclaré que l'hôpital était touché à côté de la gare."
    p = tmp_path / "x.txt"
    p.write_bytes(text.encode(encoding))
    (doc,), errors = docs_and_errors([p])
    assert not errors
    assert doc.text == text


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    page = """<!doctype html><html><head><title>Strike hits depot - Valley Courier</title>
    <meta property="og:site_name" content="Valley Courier">
    <meta property="article:published_time" content="2023-03-14T08:00:00Z">
    </head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Strike hits depot</h1>
    <p>A missile struck a fuel depot on the edge of the city early on Tuesday, the regional governor said.</p>
    <p>Four workers were injured and one was killed, according to the emergency service, which said the fire
    burned for several hours before crews brought it under control.</p>
    <p>Residents of nearby streets were told to keep their windows closed while the smoke cleared.</p>
    </article><footer>Copyright Valley Courier. All rights reserved.</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    (doc,), errors = docs_and_errors([p])
    assert not errors
    assert doc.outlet == "Valley Courier" and doc.outlet_source == "html-meta"
    assert doc.published == "2023-03-14"
    assert "Four workers were injured" in doc.text
    assert "All rights reserved" not in doc.text


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "r1", "title": "One", "content": "Two people were hurt in a crash.", "dct": "2016-02-03",
                    "uri": "http://web.archive.org/web/2016/http://www.localpaper.com/story"}),
        "{not json",
        json.dumps({"id": "r2", "body": "Police said a man was arrested.", "published": "2016-02-04",
                    "source": "Local Paper"}),
        json.dumps({"id": "r3", "title": "no text here"}),
        json.dumps(["a", "list"]),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = docs_and_errors([p])
    assert [d.path for d in docs] == ["r1", "r2"]
    assert docs[0].published == "2016-02-03" and docs[0].outlet == "localpaper.com"
    assert docs[1].outlet == "Local Paper" and docs[1].source_id == "r2"
    assert [e.path for e in errors] == [f"{p}:2", f"{p}:4", f"{p}:5"]
    assert "invalid JSON" in errors[0].reason and "no text field" in errors[1].reason


def _warc_bytes(n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(n):
        html = (f"<html><head><title>Report {i}</title></head><body><article><p>Report number {i}: three "
                f"houses were damaged by shelling in the village overnight, the local council said on its "
                f"channel, adding that nobody was hurt.</p><p>Repairs will start next week.</p></article>"
                f"</body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = w.create_warc_record(f"https://news.example.org/r{i}", "response", payload=io.BytesIO(html),
                                   http_headers=headers)
        w.write_record(rec)
    return buf.getvalue()


def test_warc_and_truncated_warc(tmp_path: Path) -> None:
    data = _warc_bytes(3)
    good = tmp_path / "crawl.warc.gz"
    good.write_bytes(data)
    docs, errors = docs_and_errors([good])
    assert len(docs) == 3 and not errors
    assert docs[0].url == "https://news.example.org/r0"
    assert docs[0].outlet == "news.example.org"
    bad = tmp_path / "cut.warc.gz"
    bad.write_bytes(data[: int(len(data) * 0.6)])
    docs, errors = docs_and_errors([bad])
    assert len(docs) < 3
    assert len(errors) == 1 and "truncated or damaged WARC" in errors[0].reason, errors


def test_bad_inputs_each_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x00\x01\x02" * 100)
    (tmp_path / "big.txt").write_bytes(b"word " * 1000)
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b"\n" * (3 * 1024 * 1024)))  # ~3 KB on disk
    (tmp_path / "ok.txt").write_text("Two civilians were wounded in the shelling, officials said.", encoding="utf-8")
    small = S.with_(max_bytes=4000, max_decompressed=1024 * 1024)
    docs, errors = docs_and_errors([tmp_path], settings=small)
    assert [Path(d.path).name for d in docs] == ["ok.txt"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["image.txt"] and "binary" in reasons["nul.txt"]
    assert "too large" in reasons["big.txt"]
    assert "gzip bomb" in reasons["bomb.jsonl.gz"]


def test_symlink_loop_and_missing_path(tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text("Five people were evacuated.", encoding="utf-8")
    (d / "loop").symlink_to(d)
    docs, errors = docs_and_errors([d, tmp_path / "nope"])
    assert len(docs) == 1
    assert any("symbolic link loop" in e.reason for e in errors)
    assert any(e.reason == "no such file or folder" for e in errors)


def test_odd_file_names(tmp_path: Path) -> None:
    p = tmp_path / "rep ort #1 (copy) – ü.txt"
    p.write_text("Nine families were displaced by the flooding.", encoding="utf-8")
    (doc,), errors = docs_and_errors([p])
    assert not errors and doc.path == str(p)


def test_manifest_sets_outlet_and_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A bridge was destroyed.", encoding="utf-8")
    m = tmp_path / "manifest.csv"
    m.write_text("path,outlet,url,published\na.txt,River Post,https://riverpost.example/a,2021-07-01\n",
                 encoding="utf-8")
    man = read_manifest(str(m))
    (doc,), _ = docs_and_errors([tmp_path / "a.txt"], manifest=man)
    assert (doc.outlet, doc.outlet_source, doc.published, doc.published_source, doc.url) == \
        ("River Post", "manifest", "2021-07-01", "manifest", "https://riverpost.example/a")
    # the manifest inside the ingested folder describes the corpus: it is not a document of it
    docs, errors = docs_and_errors([tmp_path], manifest=man)
    assert [d.path for d in docs] == [str(tmp_path / "a.txt")] and not errors
    assert pickle.loads(pickle.dumps(man)).source == man.source, "it crosses process and Dask boundaries"


def test_a_separate_title_becomes_the_first_paragraph(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "title": "3 killed, 2 hurt in shooting - WXYZ News", "text": "Police said the gunman fled."},
            {"id": "b", "title": "Bridge closed", "text": "Bridge closed after the storm. Crews worked all night."}]
    p.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (a, b), _ = docs_and_errors([p])
    assert a.text == "3 killed, 2 hurt in shooting\n\nPolice said the gunman fled."
    assert b.text.startswith("Bridge closed after"), "a body that opens with its title keeps it once"


def test_outlet_rules() -> None:
    assert from_dateline("LVIV/ODESA (Reuters) - Air raid sirens sounded.") == "Reuters"
    assert from_dateline("WASHINGTON (AP) — The senate voted.") == "Associated Press"
    assert from_dateline("Officials (who declined) - said") is None
    assert from_boilerplate("text\nCLICK HERE TO GET THE EVENING STAR APP\nmore") == "Evening Star"
    assert from_url("http://web.archive.org/web/2015/http://www.kctv5.com/story/1") == "kctv5.com"


def test_decode_helpers() -> None:
    assert looks_binary(b"plain words only") is None
    assert decode("naïve".encode("latin-1"), "x") == "naïve"
    assert strip_inline_tags("a <b>bold</b> <script>alert(1)</script>move") == "a bold  move"


def test_input_errors_survive_pickling() -> None:
    import pickle

    from claimledger.errors import UnsupportedInput

    for e in (InputError("a.txt", "empty file"), UnsupportedInput("b.bin", "binary file")):
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and (back.path, back.reason) == (e.path, e.reason) and str(back) == str(e)


# ------------------------------------------------------------ hostile encodings (issue 22, item 1)
def test_odd_length_utf16_bom_is_read_with_a_warning_and_the_run_goes_on(tmp_path: Path) -> None:
    good = "Three houses were damaged in the storm, the council said."
    (tmp_path / "a.txt").write_text(good, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe" + "Two bridges were closed.".encode("utf-16-le") + b"x")
    (tmp_path / "c.txt").write_text(good.replace("Three", "Four"), encoding="utf-8")
    items = list(iter_documents([str(tmp_path)], settings=S))
    docs = [i for i in items if isinstance(i, Document)]
    warnings = [i for i in items if isinstance(i, InputWarning)]
    assert [Path(d.path).name for d in docs] == ["a.txt", "b.txt", "c.txt"]
    assert docs[1].text == "Two bridges were closed."
    assert [Path(w.path).name for w in warnings] == ["b.txt"] and "odd number of bytes" in warnings[0].reason


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + "\ud800".encode("utf-16-le", "surrogatepass") + b"a\x00",  # an unpaired surrogate
    b"\xfe\xff\xdc\x00\x00a",
])
def test_a_utf16_bom_over_bytes_that_are_not_utf16_is_one_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="not valid UTF-16"):
        decode(data, "x.txt")


MOSTLY_UTF8 = [
    # (bytes, text expected, a note expected)
    ("“Quoted” — fine. ".encode() * 30 + b"\x93bad\xff" + "“end”".encode(), "“Quoted” — fine. ", True),
    ("\ufeff“Quoted” — fine.".encode() * 30 + b"\xa0", "“Quoted” — fine.", True),  # a UTF-8 BOM too
    ("Le maire a déclaré que l'hôpital était touché.".encode("latin-1"), "Le maire a déclaré", False),
    ("Обстріл міста тривав усю ніч, повідомила адміністрація.".encode("cp1251"), "Обстріл міста", False),
]


@pytest.mark.parametrize(("data", "expected", "noted"), MOSTLY_UTF8)
def test_almost_all_utf8_is_utf8_with_replacement_and_a_note(data: bytes, expected: str, noted: bool) -> None:
    decoded = decode_noting(data, "x.txt")
    assert decoded.text.lstrip("\ufeff").startswith(expected)
    assert "â€" not in decoded.text  # no cp1252 mojibake of curly quotes
    assert (decoded.note is not None) == noted
    if noted:
        assert "UTF-8" in decoded.note and "replaced" in decoded.note


def test_a_decoding_note_reaches_the_audit_log(tmp_path: Path) -> None:
    from claimledger.store import open_ledger
    from claimledger.workflow import ingest

    p = tmp_path / "q.txt"
    p.write_bytes("“Five people were hurt,” the mayor said. ".encode() * 10 + b"\x81")
    with open_ledger(str(tmp_path / "l.db")) as ledger:
        summary = ingest([str(p)], ledger, settings=S, resolve_after=False,
                         runner=lambda docs, settings: ((d, Extraction(document=d.id)) for d in docs))
        log = ledger.audit_log()
    assert summary.added == 1 and summary.skipped == 0
    notes = [a for a in log if a["action"] == "decode-warning"]
    assert len(notes) == 1 and notes[0]["path"] == str(p) and "replaced" in notes[0]["detail"]


# ------------------------------------------------------ size bounds of archives and records (issue 22, item 3)
GIB = 1 << 30
BOMB_RSS_LIMIT_MB = 300


def _warc_record(body: bytes, *, length: int | None = None, n: int = 0) -> bytes:
    """One uncompressed WARC resource record (``length`` may claim more bytes than ``body`` holds)."""
    head = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:0000-{n}>\r\n"
            f"WARC-Target-URI: https://news.example.org/r{n}\r\nWARC-Date: 2023-04-0{n % 9 + 1}T00:00:00Z\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {len(body) if length is None else length}\r\n\r\n")
    return head.encode() + body + b"\r\n\r\n"


def _gzip_of_zeros(prefix: bytes, zeros: int, suffix: bytes) -> bytes:
    """One gzip member of ``prefix`` + ``zeros`` NUL bytes + ``suffix``, built from one repeated deflate block
    (seconds instead of deflating a gibibyte)."""
    import struct
    import zlib

    chunk = b"\0" * (1 << 20)
    assert zeros % len(chunk) == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)]
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every chunk after a full flush
    parts += [block * (zeros // len(chunk)), c.compress(suffix) + c.flush()]
    crc = zlib.crc32(prefix)
    for _ in range(zeros // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    size = (len(prefix) + zeros + len(suffix)) & 0xFFFFFFFF
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + b"".join(parts) + struct.pack("<II", crc, size)


_READ_IN_CHILD = """
import json, resource, sys, time
from claimledger.ingest.readers import iter_documents
from claimledger.settings import Settings
t = time.monotonic()
items = [(type(i).__name__, i.path, getattr(i, "reason", ""))
         for i in iter_documents(sys.argv[1:], settings=Settings())]
def peak_mb():
    # VmHWM is this program's own peak; ru_maxrss keeps the peak of the process it was forked from (a pytest
    # run with the model loaded), which is not what reading the file cost
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"items": items, "rss_mb": peak_mb(), "seconds": time.monotonic() - t}))
"""


def _read_in_child(*paths: Path, timeout: float = 300) -> dict:  # type: ignore[type-arg]
    import os
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _READ_IN_CHILD, *map(str, paths)], capture_output=True, text=True,
                         timeout=timeout, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def test_a_warc_gz_bomb_is_bounded_in_memory_and_stopped_at_the_limit(tmp_path: Path) -> None:
    good = _warc_record(b"Two people were hurt when a roof collapsed, the fire service said.", n=1)
    bomb = _warc_record(b"", length=GIB, n=2)
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(gzip.compress(good) + _gzip_of_zeros(bomb[:-4], GIB, b"\r\n\r\n"))
    assert p.stat().st_size < 1.2e6  # about 1 MB on disk, a gibibyte inflated
    result = _read_in_child(p)
    print(f"bomb: peak RSS {result['rss_mb']:.0f} MB, {result['seconds']:.1f} s")  # shown with -s
    kinds = [k for k, _, _ in result["items"]]
    assert kinds[0] == "Document" and kinds.count("Document") == 1
    reasons = " | ".join(r for k, _, r in result["items"] if k != "Document")
    assert "larger than the 50 MB limit" in reasons and "possible archive bomb" in reasons
    assert result["rss_mb"] <= BOMB_RSS_LIMIT_MB


def test_a_plain_warc_obeys_the_limits(tmp_path: Path) -> None:
    zeros = tmp_path / "zeros.warc"
    with open(zeros, "wb") as fh:
        fh.truncate(S.max_bytes + 1)  # 50 MiB of NUL bytes, no WARC in them
    (_, _, reason), = _read_in_child(zeros)["items"]
    assert "not a WARC file" in reason
    records = b"".join(_warc_record(f"Report {i}: {i + 2} houses were damaged.".encode() * (20 if i == 1 else 1),
                                    n=i) for i in range(4))
    p = tmp_path / "crawl.warc"
    p.write_bytes(records)
    docs, errors = docs_and_errors([p], settings=S.with_(max_bytes=500))
    assert [d.path for d in docs] == [f"{p}#1", f"{p}#3", f"{p}#4"]
    assert [(e.path, "larger than" in e.reason) for e in errors] == [(f"{p}#2", True)]
    docs, errors = docs_and_errors([p], settings=S.with_(max_decompressed=len(records) // 2))
    assert len(docs) < 4 and len(errors) == 1 and "possible archive bomb" in errors[0].reason, errors


def test_a_text_gz_obeys_the_file_limit_decompressed(tmp_path: Path) -> None:
    p = tmp_path / "a.txt.gz"
    p.write_bytes(gzip.compress(b"Three people were hurt. " * 500))  # 12 kB inflated, far less on disk
    docs, errors = docs_and_errors([p], settings=S.with_(max_bytes=4000))
    assert not docs and len(errors) == 1 and "decompresses to more than" in errors[0].reason


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_limits_records_not_the_file(tmp_path: Path, gz: bool) -> None:
    rows = [json.dumps({"id": f"r{i}", "text": f"Report {i}: {i + 1} people were hurt in a crash."})
            for i in range(200)]
    rows[7] = json.dumps({"id": "long", "text": "word " * 2000})  # one record over the limit
    data = "\n".join(rows).encode()
    p = tmp_path / ("feed.jsonl.gz" if gz else "feed.jsonl")
    p.write_bytes(gzip.compress(data) if gz else data)
    small = S.with_(max_bytes=4000)  # the file is several times larger than the limit
    assert len(data) > 4 * small.max_bytes
    docs, errors = docs_and_errors([p], settings=small)
    assert len(docs) == 199
    assert [(e.path, "larger than" in e.reason) for e in errors] == [(f"{p}:8", True)]


# --------------------------------------------------- FIFOs and folders that cannot be read (issue 22, item 4)
def test_fifos_are_never_opened_and_each_is_one_line(tmp_path: Path) -> None:
    import os

    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text("Four people were hurt in a fire, the police said.", encoding="utf-8")
    os.mkfifo(d / "crawl.warc")  # opening it for reading would wait for a writer forever
    os.mkfifo(tmp_path / "given.txt")
    result = _read_in_child(d, tmp_path / "given.txt", timeout=60)  # a hang fails here, not forever
    items = {Path(p).name: (kind, reason) for kind, p, reason in result["items"]}
    assert items["a.txt"][0] == "Document"
    assert items["crawl.warc"] == ("InputError", "not a regular file (a FIFO), skipped")
    assert items["given.txt"] == ("InputError", "not a regular file (a FIFO), skipped")


def test_a_folder_that_cannot_be_read_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    d = tmp_path / "corpus"
    (d / "locked").mkdir(parents=True)
    (d / "a.txt").write_text("Four people were hurt in a fire, the police said.", encoding="utf-8")
    (d / "locked" / "b.txt").write_text("Two cars were burned.", encoding="utf-8")
    scandir = os.scandir

    def refuse(path: object = ".") -> object:  # chmod 000 does not stop root: refuse as the kernel would
        if Path(os.fsdecode(path)).name == "locked":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    docs, errors = docs_and_errors([d])
    assert [Path(x.path).name for x in docs] == ["a.txt"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [("locked", "cannot read the folder (Permission denied)")]
