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
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, UnsupportedInput
from claimledger.ingest import outlet as outlets
from claimledger.ingest.decode import decode, linked_domains, normalise, strip_inline_tags
from claimledger.ingest.titles import with_headline
from claimledger.records import Document
from claimledger.settings import Settings

Item = Document | InputError

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
def read_text(raw: bytes, path: str) -> Document:
    text = decode(raw, path)
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
def read_html(raw: bytes, path: str, *, url: str | None = None, media_type: str = "text/html") -> Document:
    import trafilatura

    html_text = decode(raw, path)
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


def read_jsonl(stream: Iterable[bytes], path: str) -> Iterator[Item]:
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
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
def _gzip_damage(p: Path) -> str | None:
    """Why a gzip file is damaged (truncated, corrupt), or None; one streaming pass."""
    try:
        with gzip.open(p, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, gzip.BadGzipFile, OSError, zlib.error) as e:
        return f"{type(e).__name__}: {e}"
    return None


def read_warc(stream: io.BufferedIOBase, path: str, *, damage: str | None = None) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"record-{n}"
            where = f"{path}#{n}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or \
                record.rec_headers.get_header("Content-Type") or ""
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0):
                # the record's Content-Length promised more bytes than the file holds
                yield InputError(path, f"truncated or damaged WARC: record {n} is cut short")
                return
            if "html" not in ctype and "text" not in ctype:
                continue
            try:
                if "html" in ctype:
                    doc = read_html(body, where, url=url, media_type="text/html")
                else:
                    doc = read_text(body, where)
            except InputError as e:
                yield InputError(where, e.reason)
                continue
            date = _iso_date(record.rec_headers.get_header("WARC-Date"))
            yield replace(doc, path=where, source_id=rid.strip("<>"), origin=where, url=url or doc.url,
                          published=doc.published or date,
                          published_source=doc.published_source if doc.published else ("warc" if date else "unknown"))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, gzip.BadGzipFile, zlib.error) as e:
        yield InputError(path, f"truncated or damaged WARC after {n} record(s) ({type(e).__name__})")
        return
    if damage:
        yield InputError(path, f"truncated or damaged WARC after {n} record(s) ({damage})")


# ------------------------------------------------------------------- dispatch
def _suffixes(p: Path) -> tuple[str, str]:
    name = p.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, ".gz"
    return p.suffix.lower(), ""


def _read_limited_gz(p: Path, limit: int) -> bytes:
    with gzip.open(p, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnsupportedInput(str(p), f"decompresses to more than {limit // (1024 * 1024)} MB (possible gzip bomb)")
    return data


def read_path(p: Path, settings: Settings) -> Iterator[Item]:
    """Every document in one file."""
    path = str(p)
    try:
        size = p.stat().st_size
        suffix, gz = _suffixes(p)
        if suffix in {".warc", ".arc"}:
            damage = _gzip_damage(p) if gz else None
            with open(p, "rb") as fh:
                yield from read_warc(fh, path, damage=damage)
            return
        if size == 0:
            raise InputError(path, "empty file")
        if size > settings.max_bytes:
            raise InputError(path, f"file too large ({size / 1e6:.0f} MB > {settings.max_bytes / 1e6:.0f} MB limit)")
        if suffix in {".jsonl", ".ndjson"}:
            if gz:
                yield from read_jsonl(io.BytesIO(_read_limited_gz(p, settings.max_decompressed)), path)
            else:
                with open(p, "rb") as fh:
                    yield from read_jsonl(fh, path)
            return
        raw = _read_limited_gz(p, settings.max_decompressed) if gz else p.read_bytes()
        if gz and not raw:
            raise InputError(path, "empty file")
        if suffix in _HTML_SUFFIXES or (suffix not in _TEXT_SUFFIXES and raw.lstrip()[:200].lower().startswith(
                (b"<!doctype html", b"<html"))):
            yield read_html(raw, path)
        else:
            yield read_text(raw, path)
    except InputError as e:
        yield e
    except (OSError, gzip.BadGzipFile, EOFError) as e:
        yield InputError(path, f"cannot read ({type(e).__name__}: {e})")


_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# a corpus's manifest found while walking a folder is metadata, not a report, even when --manifest was not given
MANIFEST_NAMES = {"manifest.csv", "manifest.json"}


def walk(paths: Iterable[str]) -> Iterator[Path | InputError]:
    """Files under the given paths, recursively, in a stable order; symlink loops are reported once."""
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if not p.exists():
            yield InputError(given, "no such file or folder" if not p.is_symlink() else "broken symbolic link")
            continue
        if p.is_file():
            yield p
            continue
        for root, dirs, files in os.walk(p, followlinks=True):
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
                    continue
                yield fp


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
