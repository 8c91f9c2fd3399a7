"""Readers: one function per input format, each yielding ``Document`` or ``InputError``.

Errors are yielded, not raised, so one bad file never stops a run: the caller reports
each one (file and reason) and goes on.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from claimledger.errors import InputError, InputWarning, UnsupportedInput
from claimledger.ingest import outlet as outlets
from claimledger.ingest.decode import decode_noting, linked_domains, normalise, strip_inline_tags
from claimledger.ingest.limits import Budget, bounded, lines_at_most, read_at_most, size_text
from claimledger.ingest.titles import with_headline
from claimledger.records import Document
from claimledger.settings import Settings

Item = Document | InputError | InputWarning
_DEFAULTS = Settings()

_HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_TEXT_FIELDS = ("text", "content", "body", "article", "maintext")
_DATE_FIELDS = ("date", "published", "dct", "publish_date", "date_publish", "pubdate")
_URL_FIELDS = ("url", "uri", "link")
_OUTLET_FIELDS = ("outlet", "source", "site", "sitename", "publisher", "source_domain")
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


def make_document(raw: bytes, text: str, path: str, **meta: Any) -> Document:
    sha = hashlib.sha256(raw).hexdigest()
    return Document(id=sha[:16], sha256=sha, path=path, text=text, raw=raw, **meta)


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if m:
        return m.group(0)
    import dateparser  # slow to import; only needed for free-form dates

    parsed = dateparser.parse(str(value), settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


# ------------------------------------------------------------------ plain text
def _decoded(raw: bytes, path: str, notes: list[str] | None) -> str:
    decoded = decode_noting(raw, path)
    if decoded.note and notes is not None:
        notes.append(decoded.note)
    return decoded.text


def read_text(raw: bytes, path: str, *, notes: list[str] | None = None) -> Document:
    """One plain-text document; what decoding replaced is appended to ``notes``."""
    text = _decoded(raw, path, notes)
    published, source = None, "unknown"
    m = _HEADER_DATE.match(text)
    if m:
        published, source = m.group(1), "header"
        text = text[m.end():]
    domains = linked_domains(text)
    text = normalise(strip_inline_tags(text))
    if not text:
        raise InputError(path, "no text in the file")
    outlet, how = outlets.guess(text, domains=domains)
    return make_document(raw, text, path, published=published, published_source=source, outlet=outlet,
                         outlet_source=how, origin=path, media_type="text/plain")


# ------------------------------------------------------------------------ HTML
def read_html(raw: bytes, path: str, *, url: str | None = None, media_type: str = "text/html",
              notes: list[str] | None = None) -> Document:
    import trafilatura

    html_text = _decoded(raw, path, notes)
    try:
        result = trafilatura.bare_extraction(html_text, url=url, with_metadata=True, include_comments=False,
                                             favor_precision=True)
    except Exception as e:  # trafilatura raises many kinds on broken markup
        raise InputError(path, f"cannot parse the HTML ({type(e).__name__}: {e})") from e
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = normalise(data.get("text") or "")
    if not text:
        raise InputError(path, "no article text found in the HTML")
    url = url or data.get("url")
    outlet = data.get("sitename")
    how = "html-meta" if outlet else None
    if not outlet:
        outlet, how = outlets.guess(text, url=url)
    published = _iso_date(data.get("date"))
    text = with_headline(text, data.get("title"))
    return make_document(raw, text, path, title=data.get("title"), outlet=outlet, outlet_source=how,
                         published=published, published_source="html-meta" if published else "unknown",
                         url=url, origin=path, media_type=media_type)


# ----------------------------------------------------------------------- JSONL
def _field(rec: dict[str, Any], names: Iterable[str]) -> Any:
    for n in names:
        if rec.get(n) not in (None, ""):
            return rec[n]
    return None


def read_jsonl(stream: BinaryIO, path: str, *, max_record: int = _DEFAULTS.max_bytes) -> Iterator[Item]:
    """One document per JSON line; a line over ``max_record`` bytes is one error (the file may be any size)."""
    for lineno, line in enumerate(lines_at_most(stream, max_record), 1):
        where = f"{path}:{lineno}"
        if line is None:
            yield InputError(where, f"record larger than the {size_text(max_record)} limit")
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield InputError(where, f"invalid JSON line ({e.__class__.__name__}: {str(e)[:80]})")
            continue
        if not isinstance(rec, dict):
            yield InputError(where, "a JSON line that is not an object")
            continue
        body = _field(rec, _TEXT_FIELDS)
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, f"no text field (expected one of {', '.join(_TEXT_FIELDS)})")
            continue
        raw = line.rstrip(b"\r\n")
        rid = rec.get("id")
        url = _field(rec, _URL_FIELDS)
        published = _iso_date(_field(rec, _DATE_FIELDS))
        if body.lstrip().startswith("<") and re.search(r"</(p|div|html|body)>", body, re.I):
            try:
                doc = read_html(body.encode("utf-8"), where, url=url)
            except InputError as e:
                yield InputError(where, e.reason)
                continue
            doc = replace(doc, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), id=hashlib.sha256(raw).hexdigest()[:16])
        else:
            text = with_headline(normalise(strip_inline_tags(body)), rec.get("title"))
            doc = make_document(raw, text, where)
        outlet = _field(rec, _OUTLET_FIELDS)
        how = "jsonl" if outlet else None
        if not outlet:
            outlet, how = outlets.guess(doc.text, url=url)
        yield replace(
            doc,
            path=str(rid) if rid is not None else where,
            source_id=str(rid) if rid is not None else None,
            origin=where,
            title=rec.get("title") or doc.title,
            url=url or doc.url,
            outlet=outlet or doc.outlet,
            outlet_source=how or doc.outlet_source,
            published=published or doc.published,
            published_source="jsonl" if published else doc.published_source,
            media_type="application/jsonl",
        )


# ------------------------------------------------------------------------ WARC
_WARC_STARTS = (b"WARC/", b"filedesc:")  # a WARC record's version line; an ARC file's first record


def read_warc(stream: BinaryIO, path: str, *, max_record: int = _DEFAULTS.max_bytes,
              max_total: int = _DEFAULTS.max_decompressed) -> Iterator[Item]:
    """Each text or HTML record of a WARC (inflated already), read in a bounded stream: a record over
    ``max_record`` bytes is one error and skipped, and reading stops after ``max_total`` bytes."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fh, budget = bounded(stream, max_total)
    n = 0
    try:
        head = fh.peek(64)[:64].lstrip(b"\r\n")
        if not head:
            yield _warc_cut(path, n, budget) if budget.damage else InputError(path, "empty file")
            return
        if not head.startswith(_WARC_STARTS):
            yield InputError(path, "not a WARC file (it does not start with a WARC/ version line)")
            return
        for record in ArchiveIterator(fh):
            if record.rec_type not in ("response", "resource"):
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"record-{n}"
            where = f"{path}#{n}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or \
                record.rec_headers.get_header("Content-Type") or ""
            body = read_at_most(record.content_stream(), max_record)
            if getattr(record.raw_stream, "limit", 0) and (body is not None or budget.spent() or budget.damage):
                # the record's Content-Length promised more bytes than the file holds (or than the budget)
                yield _warc_cut(path, n, budget)
                return
            if body is None:
                yield InputError(where, f"record larger than the {size_text(max_record)} limit, skipped")
                continue
            if "html" not in ctype and "text" not in ctype:
                continue
            notes: list[str] = []
            try:
                if "html" in ctype:
                    doc = read_html(body, where, url=url, media_type="text/html", notes=notes)
                else:
                    doc = read_text(body, where, notes=notes)
            except InputError as e:
                yield InputError(where, e.reason)
                continue
            yield from (InputWarning(where, note) for note in notes)
            date = _iso_date(record.rec_headers.get_header("WARC-Date"))
            yield replace(doc, path=where, source_id=rid.strip("<>"), origin=where, url=url or doc.url,
                          published=doc.published or date,
                          published_source=doc.published_source if doc.published else ("warc" if date else "unknown"))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, gzip.BadGzipFile, zlib.error) as e:
        yield _warc_cut(path, n, budget, f"{type(e).__name__}")
        return
    if budget.spent() or budget.damage:
        yield _warc_cut(path, n, budget)


def _warc_cut(path: str, n: int, budget: Budget, why: str | None = None) -> InputError:
    """The error of a WARC that ended early: over its budget (an archive bomb), or damaged."""
    if budget.spent():
        return UnsupportedInput(path, f"more than {size_text(budget.limit)} of WARC records (inflated): stopped "
                                      f"after {n} record(s) (possible archive bomb)")
    return InputError(path, f"truncated or damaged WARC after {n} record(s) ({budget.damage or why or 'cut short'})")


# ------------------------------------------------------------------- dispatch
def _suffixes(p: Path) -> tuple[str, str]:
    name = p.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, ".gz"
    return p.suffix.lower(), ""


def _read_limited_gz(p: Path, limit: int) -> bytes:
    with gzip.open(p, "rb") as fh:
        data = read_at_most(fh, limit)  # type: ignore[arg-type]
    if data is None:
        raise UnsupportedInput(str(p), f"decompresses to more than the {size_text(limit)} file limit")
    return data


def _read_jsonl_gz(p: Path, settings: Settings) -> Iterator[Item]:
    """The records of a gzipped JSONL file, each bounded like a file's, the whole inflated like an archive."""
    with gzip.open(p, "rb") as gz:
        fh, budget = bounded(gz, settings.max_decompressed)  # type: ignore[arg-type]
        yield from read_jsonl(fh, str(p), max_record=settings.max_bytes)
        if budget.damage:
            yield InputError(str(p), f"cannot read ({budget.damage})")
        elif budget.spent():
            yield UnsupportedInput(str(p), f"decompresses to more than {size_text(settings.max_decompressed)} "
                                           "(possible gzip bomb)")


def read_path(p: Path, settings: Settings) -> Iterator[Item]:
    """Every document in one file."""
    path = str(p)
    try:
        size = p.stat().st_size
        suffix, gz = _suffixes(p)
        if suffix in {".warc", ".arc"}:
            with gzip.open(p, "rb") if gz else open(p, "rb") as fh:
                yield from read_warc(fh, path, max_record=settings.max_bytes, max_total=settings.max_decompressed)
            return
        if size == 0:
            raise InputError(path, "empty file")
        if suffix in {".jsonl", ".ndjson"}:  # the limit is on records, not on the whole corpus
            if gz:
                yield from _read_jsonl_gz(p, settings)
            else:
                with open(p, "rb") as fh:
                    yield from read_jsonl(fh, path, max_record=settings.max_bytes)
            return
        if size > settings.max_bytes:
            raise InputError(path, f"file too large ({size / 1e6:.0f} MB > {settings.max_bytes / 1e6:.0f} MB limit)")
        raw = _read_limited_gz(p, settings.max_bytes) if gz else p.read_bytes()
        if gz and not raw:
            raise InputError(path, "empty file")
        notes: list[str] = []
        if suffix in _HTML_SUFFIXES or (suffix not in _TEXT_SUFFIXES and raw.lstrip()[:200].lower().startswith(
                (b"<!doctype html", b"<html"))):
            doc = read_html(raw, path, notes=notes)
        else:
            doc = read_text(raw, path, notes=notes)
        yield from (InputWarning(path, note) for note in notes)
        yield doc
    except InputError as e:
        yield e
    except UnicodeError as e:  # a decoder's gap must cost one file, never the run
        yield InputError(path, f"cannot decode ({type(e).__name__}: {e})")
    except (OSError, gzip.BadGzipFile, EOFError, zlib.error) as e:
        yield InputError(path, f"cannot read ({type(e).__name__}: {e})")


_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# a corpus's manifest found while walking a folder is metadata, not a report, even when --manifest was not given
MANIFEST_NAMES = {"manifest.csv", "manifest.json"}


def _not_regular(p: Path) -> str:
    """Why a path that exists is neither a file nor a folder we read: it is never opened (a FIFO would block)."""
    mode = p.stat().st_mode
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind}), skipped"


def walk(paths: Iterable[str]) -> Iterator[Path | InputError]:
    """Files under the given paths, recursively, in a stable order; symlink loops, folders that cannot be
    read and what is not a regular file (FIFOs, sockets, devices: never opened) are reported once each."""
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            yield InputError(given, "no such file or folder" if not p.is_symlink() else "broken symbolic link")
            continue
        if p.is_file():
            yield p
            continue
        if not p.is_dir():
            yield InputError(given, _not_regular(p))
            continue
        unreadable: list[OSError] = []
        for root, dirs, files in os.walk(p, followlinks=True, onerror=unreadable.append):
            yield from _folder_errors(unreadable)
            real = os.path.realpath(root)
            if real in seen:
                yield InputError(root, "symbolic link loop, not followed")
                dirs[:] = []
                continue
            seen.add(real)
            dirs.sort()
            for name in sorted(files):
                if name in _SKIP_NAMES or name.lower() in MANIFEST_NAMES or name.startswith("."):
                    continue
                fp = Path(root) / name
                if not fp.exists():
                    yield InputError(str(fp), "broken symbolic link")
                elif not fp.is_file():
                    yield InputError(str(fp), _not_regular(fp))
                else:
                    yield fp
        yield from _folder_errors(unreadable)


def _folder_errors(errors: list[OSError]) -> Iterator[InputError]:
    """The folders ``os.walk`` could not list (it reports them through a callback), as input errors."""
    for e in errors:
        yield InputError(str(e.filename), f"cannot read the folder ({e.strerror or e})")
    errors.clear()


class Manifest(dict):  # type: ignore[type-arg]
    """Per-file metadata (path and basename -> outlet, url, published, ...), and the file it came from.

    The manifest file itself is metadata, not a report: ingesting its folder skips it.
    """

    def __init__(self, rows: dict[str, dict[str, str]], source: str | None = None) -> None:
        super().__init__(rows)
        self.source = os.path.realpath(source) if source else None

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Manifest, (dict(self), self.source))


def read_manifest(path: str) -> Manifest:
    """A CSV or JSON manifest: per file, outlet / url / published. Keys: path and basename."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read the manifest ({e})") from e
    rows: list[dict[str, Any]]
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(path, f"manifest is not valid JSON ({e})") from e
        rows = data if isinstance(data, list) else [dict(v, path=k) for k, v in data.items()]
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        key = r.get("path") or r.get("file") or r.get("id")
        if not key:
            continue
        out[str(key)] = {k: v for k, v in r.items() if v not in (None, "")}
        out.setdefault(os.path.basename(str(key)), out[str(key)])
    return Manifest(out, path)


def apply_manifest(doc: Document, manifest: dict[str, dict[str, str]]) -> Document:
    entry = manifest.get(doc.path) or manifest.get(os.path.basename(doc.path)) or \
        (manifest.get(doc.source_id) if doc.source_id else None)
    if not entry:
        return doc
    changes: dict[str, Any] = {}
    if entry.get("outlet"):
        changes.update(outlet=entry["outlet"], outlet_source="manifest")
    if entry.get("url"):
        changes["url"] = entry["url"]
    date = _iso_date(entry.get("published") or entry.get("date"))
    if date:
        changes.update(published=date, published_source="manifest")
    if entry.get("title"):
        changes["title"] = entry["title"]
    return replace(doc, **changes)


def iter_documents(paths: Iterable[str], *, settings: Settings,
                   manifest: dict[str, dict[str, str]] | None = None) -> Iterator[Item]:
    """Every document under ``paths`` (or an InputError for what cannot be read), manifest applied."""
    skip = getattr(manifest, "source", None)
    for item in walk(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if skip and os.path.realpath(item) == skip:
            continue  # the manifest describes the corpus; it is not part of it
        for doc in read_path(item, settings):
            if isinstance(doc, Document):
                if len(doc.text) > settings.max_text_chars:
                    doc = replace(doc, text=doc.text[: settings.max_text_chars])
                if manifest:
                    doc = apply_manifest(doc, manifest)
            yield doc
