"""Refreshing the cross-document layer after an ingest, reusing what new documents cannot change.

Incidents are updated, not recomputed. Each document's report (its profile for grouping,
``incidents_report.build_report``) is computed once and stored with its event day, its
victims' names and its *component*: the reports linked by pairs that score high enough
to merge (``incidents.Grouping``). Only such pairs can merge, so grouping one component
never looks at another. An update therefore

1. profiles only the documents that have no stored report yet (those of this ingest, and
   any left by an interrupted one);
2. finds their possible partners through the stored indexes, the way ``candidate_pairs``
   pairs reports: event days within the window, a shared victim's name, a near duplicate;
3. regroups the new reports together with every component they link to (and with the
   reports of a name that has just become too common to pair on), and replaces only the
   incidents of those components.

An outlet's home region is learned from its reports (``incidents.outlet_regions``, stored
with each report as its outlet and own region), and a report that could be in several
regions is read with it. When new reports change an outlet's learned home, its stored
reports that the home reads differently (``incidents.read_again``) are profiled again and
regrouped as new ones are, with the components they leave.

The result is the one a full recomputation gives (tests/test_incremental.py checks it).
A full recomputation still happens when there is no stored state, when the code changed
(stored reports carry the version that computed them; reports of this version are reused),
when an extraction was replaced (the state is marked stale), or when the corpus's main
country changes (it steers how weakly placed reports are read).

Entities, clusters, conflicts and series are updated the same way, from their own stored
state (``claim_layer.py``); an update reads only the new documents and what they touch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimledger.records import Incident, Resolution
from claimledger.resolve.corpus import Corpus
from claimledger.resolve.incidents import (
    DATE_WINDOW,
    MERGE_THRESHOLD,
    NAME_BLOCK_MAX,
    grouping,
    is_candidate,
    learned_home,
    main_country_of,
    make_incident,
    near_duplicate_bonus,
    outlet_regions,
    pair_score,
    read_again,
    with_home,
)
from claimledger.resolve.incidents_report import PlaceGuess, Report, build_report
from claimledger.settings import Settings
from claimledger.store import Ledger
from claimledger.store.db import IncidentState, ReportRow

log = logging.getLogger(__name__)


# what decides a stored report profile besides the registered rules: the package's folders and files
# whose source is hashed (views/, cli, store, ingest, batch, tests and benchmarks are left out: they do not
# change a profile); relative to the package root
RESULT_SOURCES = ("resolve", "extract", "settings.py", "records.py", "data")


def result_source_files() -> list[Path]:
    """The files whose text is hashed into ``code_version`` (see ``RESULT_SOURCES``), sorted."""
    root = Path(__file__).resolve().parents[1]
    files: list[Path] = []
    for name in RESULT_SOURCES:
        p = root / name
        if p.is_dir():
            files += [f for f in p.rglob("*") if f.is_file() and f.suffix in {".py", ".csv", ".json", ".txt"}]
        elif p.is_file():
            files.append(p)
    return sorted(files)


def read_source(path: Path) -> bytes:
    return path.read_bytes()


@lru_cache(maxsize=1)
def code_version() -> str:
    """The version of what decides resolution results: stored report profiles of another version are
    computed again.

    It covers ``PIPELINE_VERSION``, the schema (its migrations' names), the war locale's registered rules
    (family/name.vN), the gazetteer index's ``BUILD_VERSION``, and a hash of the source of resolve/,
    extract/, settings.py, records.py and the package's data files. Not every rule is registered yet
    (the US local news rules are module functions), so that hash stays: an edit there, even a comment,
    still re-profiles everything. An edit anywhere else (views/, the command line, the store's code,
    ingest/, tests, benchmarks) leaves it unchanged. The installed model and packages are not covered.
    """
    from claimledger.extract.gazetteer import BUILD_VERSION
    from claimledger.resolve.war import locale, rules

    assert locale  # imported for its rule modules: they register the rules named below
    from claimledger.settings import PIPELINE_VERSION
    from claimledger.store.schema import MIGRATIONS

    h = hashlib.sha1(PIPELINE_VERSION.encode())
    h.update(repr(tuple(name for name, _ in MIGRATIONS)).encode())
    h.update(repr(rules.rule_names()).encode())
    h.update(f"gazetteer={BUILD_VERSION}".encode())
    root = Path(__file__).resolve().parents[1]
    for path in result_source_files():
        h.update(path.relative_to(root).as_posix().encode())
        h.update(read_source(path))
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- report codec

def _enc(v: Any) -> Any:
    if isinstance(v, date):
        return {"$d": v.isoformat()}
    if isinstance(v, frozenset):
        return {"$s": sorted(_enc(x) for x in v)}
    if isinstance(v, tuple):
        return {"$t": [_enc(x) for x in v]}
    if isinstance(v, PlaceGuess):
        return {"$p": {f.name: _enc(getattr(v, f.name)) for f in fields(v)}}
    assert not is_dataclass(v), f"no JSON form for {type(v).__name__}"
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1:
        (tag, x), = v.items()
        if tag == "$d":
            return date.fromisoformat(x)
        if tag == "$s":
            return frozenset(_dec(i) for i in x)
        if tag == "$t":
            return tuple(_dec(i) for i in x)
        if tag == "$p":
            return PlaceGuess(**{k: _dec(i) for k, i in x.items()})
    return v


def encode_report(r: Report) -> str:
    return json.dumps({f.name: _enc(getattr(r, f.name)) for f in fields(r)}, sort_keys=True)


def decode_report(text: str) -> Report:
    return Report(**{k: _dec(v) for k, v in json.loads(text).items()})


def _row(country: str | None, report: Report, component: str | None) -> ReportRow:
    """The stored row of a report (``country``: where it is placed without the corpus's main country)."""
    return ReportRow(
        document=report.doc, version=code_version(), violent=report.violent,
        day=report.date.isoformat() if report.date else None,
        country=country, component=component, report=encode_report(report),
        names=tuple(sorted(report.blocks)) if report.violent else (),
        outlet=report.outlet, region=report.region, state=report.state,
    )


def _raw_country(raw: Report) -> str | None:
    return raw.place.country if raw.place is not None else None


def _homes(regions: dict[str, Counter[str]]) -> dict[str, str]:
    """outlet -> its learned home region, for the outlets that have one."""
    return {o: h for o, r in sorted(regions.items()) if (h := learned_home(r))}


def _reader(corpus: Corpus, doc_id: str, country: str | None, prior: str | None):  # type: ignore[no-untyped-def]
    """``build(home)`` for ``incidents.with_home``: the document profiled again, in the main country as before."""
    return lambda home: build_report(corpus.document(doc_id), corpus.extractions.get(doc_id),
                                     prior_country=_prior_read(country, prior), home=home)


def _with_prior(country: str | None, prior: str | None) -> bool:
    """Whether a report placed in ``country`` (None: placed nowhere) is read again in the corpus's main country.

    A report that finds no place of its own may find one in the main country (a county
    named without its state), so it is read again too.
    """
    return bool(prior and country != prior)


def _prior_read(country: str | None, prior: str | None) -> str | None:
    """The main country a report placed in ``country`` is read in (None: as it stands)."""
    return prior if _with_prior(country, prior) else None


# --------------------------------------------------------------------------- refresh

@dataclass
class RefreshStats:
    """What a refresh did, and where its time went (seconds per step)."""

    incremental: bool = False  # incidents were updated rather than recomputed
    profiled: int = 0  # documents whose report was computed (the others were stored)
    regrouped: int = 0  # stored components regrouped with the new reports
    claims: dict[str, int] = field(default_factory=dict)  # what the claim layer's update recomputed
    seconds: dict[str, float] = field(default_factory=dict)
    steps: int = 0  # the steps of a refresh that read too many documents for one (``REFRESH_STEP``)

    def describe(self) -> str:
        if self.incremental and "check" in self.seconds:
            return "nothing new since the last refresh: the stored layer is current"
        how = (f"incidents updated: {self.profiled} new report(s), {self.regrouped} stored group(s) revisited"
               if self.incremental else f"incidents recomputed: {self.profiled} report(s) profiled")
        if self.steps > 1:
            how = f"in {self.steps} steps: " + how
        return how + " (" + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items()) + ")"


# documents resolved in one step: a refresh with more to read runs as steps of this many, in ingest order, each
# an update of what the steps before it stored (the same result; the new documents a step holds are bounded by
# the step, but not the stored claim-layer parts its update reads: README, memory of the resolution)
REFRESH_STEP = 10_000


def refresh(ledger: Ledger, *, settings: Settings, incremental: bool = True,
            step: int | None = None) -> RefreshStats:
    """Bring the stored cross-document layer up to date with the stored documents.

    With ``incremental`` (the default) incidents are updated from the stored state when it
    is usable; otherwise, or when it is not, everything is recomputed. More than ``step``
    (``REFRESH_STEP``) documents to read are read a step at a time: the first step of a
    recomputation computes the layer of its documents alone, each later one updates it.
    """
    step = step or REFRESH_STEP
    stats = RefreshStats()
    meta = ledger.resolution_meta()
    usable = incremental and meta.get("version") == code_version() and not meta.get("stale")
    pending = ledger.unreported_documents() if usable else []
    unread = ledger.unresolved_documents() if usable else []
    if usable and not pending and not unread:
        stats.incremental = True
        stats.seconds["check"] = 0.0
        return stats  # nothing was added since the stored layer was computed
    todo = set(pending) | set(unread) if usable else None
    order = ledger.document_ids() if todo is None else []  # ingest order: a near duplicate after what it copies
    if len(todo if todo is not None else order) <= step:  # one step
        _refresh_step(ledger, stats, meta, usable, pending, unread, None)
        return stats
    order = order or ledger.document_ids()  # (a recomputation has read it above)
    todo_ordered = [d for d in order if todo is None or d in todo]
    visible = set(order) - set(todo_ordered)  # what the stored layer holds already
    for at in range(0, len(todo_ordered), step):
        now = todo_ordered[at:at + step]
        visible.update(now)
        if usable:
            part = set(now)
            _refresh_step(ledger, stats, meta, True, [d for d in pending if d in part],
                          [d for d in unread if d in part], visible)
        else:  # the first step of a recomputation: its documents alone
            _refresh_step(ledger, stats, meta, False, [], [], visible)
            pending, unread = todo_ordered, todo_ordered  # the later steps update what it stored
        meta, usable = ledger.resolution_meta(), True
        stats.steps += 1
        log.info("refresh: %d of %d documents read", at + len(now), len(todo_ordered))
    return stats


def _refresh_step(ledger: Ledger, stats: RefreshStats, meta: dict[str, Any], usable: bool, pending: list[str],
                  unread: list[str], visible: set[str] | None) -> None:
    """One refresh of the documents ``visible`` (None: all): an update of the stored layer with ``pending``
    (documents without a stored report) and ``unread`` (not read by the stored claim layer) when it is
    ``usable``, else a computation from scratch. Adds what it did to ``stats``."""
    from claimledger.resolve.claim_layer import update_claim_layer

    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.seconds[name] = stats.seconds.get(name, 0.0) + now - clock
        clock = now

    everything = None if visible is None else sorted(visible)
    # an update reads the new documents (and what they touch); anything else reads the whole (visible) ledger
    corpus = Corpus.from_ledger(ledger, sorted(set(pending) | set(unread)) if usable else everything)
    lap("load")
    if usable:
        claims, counts = update_claim_layer(ledger, unread, fresh=False, corpus=corpus)
    else:
        claims, counts = update_claim_layer(ledger, sorted(corpus.documents), fresh=True, corpus=corpus)
    for k, v in counts.items():
        stats.claims[k] = stats.claims.get(k, 0) + v
    lap("claims")
    update = None
    if usable:
        update = _update_incidents(ledger, corpus, meta, pending, stats)
        if update is None:  # the incidents need the whole (visible) ledger after all
            corpus = Corpus.from_ledger(ledger, everything)
    stats.incremental = update is not None
    incidents, state = update if update is not None else _all_incidents(ledger, corpus, meta, stats)
    lap("incidents")
    ledger.save_resolution(Resolution(incidents=tuple(incidents)), state, claims=claims)
    lap("save")


def _all_incidents(ledger: Ledger, corpus: Corpus, meta: dict[str, Any],
                   stats: RefreshStats) -> tuple[list[Incident], IncidentState]:
    """Every incident, recomputed; stored reports of this code version are reused, not recomputed."""
    stored_prior = meta.get("prior") if meta.get("version") == code_version() else None
    cached = {r["document"]: r for r in ledger.report_rows() if r["version"] == code_version()}
    raw_country: dict[str, str | None] = {}
    fresh: dict[str, Report] = {}  # reports computed now, without a prior
    for doc_id in sorted(corpus.documents):
        row = cached.get(doc_id)
        if row is None:
            r = build_report(corpus.document(doc_id), corpus.extractions.get(doc_id))
            fresh[doc_id] = r
            raw_country[doc_id] = r.place.country if r.place is not None else None
        else:
            raw_country[doc_id] = row["country"]
    votes = Counter(c for d, c in raw_country.items() if c and (d in fresh and fresh[d].violent
                                                               or d in cached and cached[d]["violent"]))
    prior = main_country_of(votes)
    raws: dict[str, Report] = {}
    reports: dict[str, Report] = {}
    for doc_id in sorted(corpus.documents):
        country = raw_country[doc_id]
        if doc_id in fresh:
            raws[doc_id] = fresh[doc_id]
        elif _prior_read(country, prior) == _prior_read(country, stored_prior):  # stored as it is read now
            reports[doc_id] = decode_report(cached[doc_id]["report"])
            continue
        else:
            raws[doc_id] = build_report(corpus.document(doc_id), corpus.extractions.get(doc_id))
        raw = raws[doc_id]
        reports[doc_id] = (build_report(corpus.document(doc_id), corpus.extractions.get(doc_id), prior_country=prior)
                           if _with_prior(country, prior) else raw)
    # reports that could be in several regions, read with their outlet's learned home
    homes = _homes(outlet_regions(reports.values()))
    reread: set[str] = set()
    for doc_id, r in sorted(reports.items()):
        reports[doc_id] = with_home(r, homes, _reader(corpus, doc_id, raw_country[doc_id], prior))
        if reports[doc_id] is not r:
            reread.add(doc_id)
    violent = [r for _, r in sorted(reports.items()) if r.violent]
    g = grouping(violent, corpus.near_duplicate_of)
    incidents = [make_incident(members) for members in g.groups]
    parts = {inc.id: g.component[members[0].doc] for inc, members in zip(incidents, g.groups, strict=True)}
    rows = []
    for doc_id, r in sorted(reports.items()):
        if doc_id in raws or doc_id in reread:
            rows.append(_row(raw_country[doc_id], r, g.component.get(doc_id)))
        else:  # reused as stored: only its component may have changed
            row = cached[doc_id]
            rows.append(ReportRow(document=doc_id, version=row["version"], violent=bool(row["violent"]),
                                  day=row["day"], country=row["country"], component=g.component.get(doc_id),
                                  report=row["report"], names=tuple(sorted(r.blocks)) if r.violent else (),
                                  outlet=row["outlet"], region=row["region"], state=r.state))
    log.info("incidents: %d reports of violence in %d incidents (recomputed; %d reports profiled)",
             len(violent), len(incidents), len(raws.keys() | reread))
    stats.profiled += len(raws.keys() | reread)
    return incidents, IncidentState(parts=parts, drop_parts=None, reports=rows, meta=_meta(meta, prior))


def _meta(meta: dict[str, Any], prior: str | None) -> dict[str, Any]:
    return {"version": code_version(), "prior": prior, "generation": int(meta.get("generation", 0)) + 1}


@dataclass
class _Neighbours:
    """Stored violent reports near some new ones, decoded only when asked for (``report``)."""

    rows: dict[str, dict[str, Any]]  # document -> its stored row (without the report)
    by_name: dict[str, list[str]]  # a name of the new reports -> the stored reports among ``rows`` that have it
    fetch: Callable[[Iterable[str]], dict[str, str]]  # documents -> their stored reports, encoded
    fresh: dict[str, Report] = field(default_factory=dict)  # stored reports read again by this update: as now

    def __post_init__(self) -> None:
        dated = sorted((row["day"], d) for d, row in self.rows.items() if row["day"])
        self._days = [day for day, _ in dated]
        self._dated = [d for _, d in dated]
        self._decoded: dict[str, Report] = {}

    def report(self, doc: str) -> Report:
        if doc in self.fresh:
            return self.fresh[doc]
        if doc not in self._decoded:
            self.read({doc})
        return self._decoded[doc]

    def read(self, docs: Iterable[str]) -> None:
        """Fetch and decode the stored reports of some documents (of ``rows``), in one query."""
        missing = {d for d in docs if d not in self._decoded and d not in self.fresh}
        self._decoded.update((d, decode_report(e)) for d, e in self.fetch(missing).items())

    def partners(self, r: Report, dups: Iterable[str | None]) -> list[str]:
        """The stored reports ``candidate_pairs`` could pair ``r`` with: close dates in no other
        state (as stored: one read again by this update is regrouped with ``r`` anyway), a shared
        name, near-duplicate text (``dups``), each once; a superset: the caller applies the exact
        test. (A row stored before states were kept has none: it is kept.)"""
        found: dict[str, None] = {}
        if r.date:
            lo = bisect_left(self._days, (r.date - timedelta(days=DATE_WINDOW)).isoformat())
            hi = bisect_right(self._days, (r.date + timedelta(days=DATE_WINDOW)).isoformat())
            found.update(dict.fromkeys(d for d in self._dated[lo:hi]
                                       if not (r.state and (st := self.rows[d]["state"]) and st != r.state)))
        for n in sorted(r.blocks):
            found.update(dict.fromkeys(self.by_name.get(n, ())))
        for d in dups:
            if d is not None and d in self.rows:
                found[d] = None
        return list(found)

    def component(self, doc: str) -> str:
        return self.rows[doc]["component"]


def _neighbours(ledger: Ledger, new: list[Report], near: dict[str, str]) -> _Neighbours:
    """Stored violent reports that ``candidate_pairs`` could pair with a new one."""
    # ``partners`` pairs a report by date with the stored ones of its state or of none (of any, if it has none)
    dates: dict[str | None, set[date]] = defaultdict(set)
    for r in new:
        if r.date:
            dates[r.state or None].add(r.date)
            dates[""].add(r.date)
    rows = [row for state, days in sorted(dates.items(), key=lambda sd: sd[0] or "")
            for lo, hi in _windows(days)
            for row in ledger.report_rows(days=(lo.isoformat(), hi.isoformat()), state=state, encoded=False)]
    by_name = ledger.name_documents({n for r in new for n in r.blocks})
    wanted = {d for docs in by_name.values() if len(docs) <= NAME_BLOCK_MAX for d in docs}
    new_ids = {r.doc for r in new}
    wanted |= {near[r.doc] for r in new if r.doc in near}
    wanted |= {d for d, o in near.items() if o in new_ids}  # only when documents came in out of order
    wanted -= {row["document"] for row in rows}
    rows += [row for row in ledger.report_rows(documents=wanted, encoded=False) if row["violent"]]
    found = {row["document"]: row for row in rows}
    return _Neighbours(found, {n: sorted(d for d in docs if d in found) for n, docs in by_name.items()},
                       ledger.report_payloads)


def _windows(days: Iterable[date]) -> list[tuple[date, date]]:
    """The date ranges within ``DATE_WINDOW`` days of some dates, overlapping ones merged."""
    out: list[tuple[date, date]] = []
    for d in sorted(days):
        lo, hi = d - timedelta(days=DATE_WINDOW), d + timedelta(days=DATE_WINDOW)
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _name_counts(ledger: Ledger, reports: list[Report], new: list[Report]) -> tuple[dict[str, int], dict[str, int]]:
    """(stored, stored + new) reports per name, for every name of ``reports``."""
    stored = {n: len(docs) for n, docs in ledger.name_documents({n for r in reports for n in r.blocks}).items()}
    now = Counter(stored)
    for r in new:
        now.update(r.blocks)
    return stored, dict(now)


def _update_incidents(ledger: Ledger, corpus: Corpus, meta: dict[str, Any], pending: list[str],
                      stats: RefreshStats) -> tuple[list[Incident], IncidentState] | None:
    """The incidents that documents without a stored report change; None when a full recomputation is due."""
    raws = {d: build_report(corpus.document(d), corpus.extractions.get(d)) for d in pending}
    votes = Counter(ledger.report_countries())
    votes.update(r.place.country for r in raws.values() if r.violent and r.place is not None and r.place.country)
    prior = main_country_of(votes)
    if prior != meta.get("prior"):
        log.info("incidents: the corpus's main country is now %s: recomputing", prior)
        return None
    reports = {d: (build_report(corpus.document(d), corpus.extractions.get(d), prior_country=prior)
                   if _with_prior(r.place.country if r.place else None, prior) else r) for d, r in raws.items()}
    homes, moved, moved_rows = _home_changes(ledger, corpus, reports, prior)
    reports = {d: with_home(r, homes, _reader(corpus, d, _raw_country(raws[d]), prior))
               for d, r in sorted(reports.items())}
    new = [r for _, r in sorted(reports.items()) if r.violent]
    again = [r for _, r in sorted(moved.items())]  # stored reports read again: their names are stored already
    near = corpus.near_duplicate_of
    nb = _neighbours(ledger, new + again, near)
    nb.fresh.update({d: r for d, r in moved.items() if d in nb.rows})
    stored_counts, counts = _name_counts(ledger, new + again, new)

    def is_near(a: str, b: str) -> bool:
        return near.get(a) == b or near.get(b) == a

    copies: dict[str, list[str]] = defaultdict(list)  # document -> its near duplicates
    for d, o in near.items():
        copies[o].append(d)
    touched: set[str] = {row["component"] for row in moved_rows.values()}  # the components they leave
    partners = {r.doc: nb.partners(r, (near.get(r.doc), *copies.get(r.doc, ()))) for r in new + again}
    nb.read({d for docs in partners.values() for d in docs})
    for r in new + again:  # the stored components a new report links to (as ``grouping`` scores pairs)
        for doc in partners[r.doc]:
            if doc == r.doc:
                continue
            other = nb.report(doc)
            dup = is_near(r.doc, doc)
            if not (dup or is_candidate(r, other, counts)):
                continue
            if pair_score(r, other) + (near_duplicate_bonus(r, other) if dup else 0.0) >= MERGE_THRESHOLD:
                touched.add(nb.component(doc))
    # a name now too common to pair on unlinks the stored reports it linked
    crossed = [n for n, c in counts.items() if c > NAME_BLOCK_MAX >= stored_counts.get(n, 0)]
    if crossed:
        touched |= {row["component"] for row in ledger.report_rows(
            documents={d for docs in ledger.name_documents(crossed).values() for d in docs})}
    touched.discard(None)  # type: ignore[arg-type]
    kept = [decode_report(row["report"]) for row in ledger.report_rows(components=touched)
            if row["document"] not in moved]
    members = kept + new + again
    _, all_counts = _name_counts(ledger, members, new)
    g = grouping(members, near, all_counts)
    incidents = [make_incident(m) for m in g.groups]
    parts = {inc.id: g.component[m[0].doc] for inc, m in zip(incidents, g.groups, strict=True)}
    rows = [_row(_raw_country(raws[d]), r, g.component.get(d)) for d, r in sorted(reports.items())]
    rows += [_row(moved_rows[d]["country"], r, g.component.get(d)) for d, r in sorted(moved.items())]
    log.info("incidents: %d new reports of violence, %d stored ones read again with their outlet's home, "
             "%d components regrouped into %d incidents", len(new), len(moved), len(touched), len(incidents))
    stats.profiled += len(raws) + len(moved)
    stats.regrouped += len(touched)
    return incidents, IncidentState(parts=parts, drop_parts=frozenset(touched), reports=rows,
                                    components={r.doc: g.component[r.doc] for r in kept}, meta=_meta(meta, prior))


def _home_changes(ledger: Ledger, corpus: Corpus, reports: dict[str, Report], prior: str | None
                  ) -> tuple[dict[str, str], dict[str, Report], dict[str, dict[str, Any]]]:
    """The learned homes of the new reports' outlets, and the stored reports of violence a changed home reads anew.

    Returns (outlet -> home, for these outlets; document -> its report read again; document
    -> its stored row). Only the outlets of new reports can change their home, and only
    their stored reports that ``read_again`` names are profiled again.
    """
    regions = outlet_regions(reports.values())
    outlets = sorted({r.outlet for r in reports.values() if r.violent and r.outlet})
    stored = ledger.outlet_regions(outlets)
    before = _homes({o: Counter(stored.get(o, {})) for o in outlets})
    homes = _homes({o: Counter(stored.get(o, {})) + regions.get(o, Counter()) for o in outlets})
    changed = [o for o in outlets if before.get(o) != homes.get(o)]
    rows = {row["document"]: row for row in ledger.report_rows(outlets=changed) if row["violent"]} if changed else {}
    stale = {d: r for d, row in sorted(rows.items()) if read_again(r := decode_report(row["report"]), homes)}
    if not stale:
        return homes, {}, {}
    more = Corpus.from_ledger(ledger, stale, near=corpus.near_duplicate_of)
    moved = {d: with_home(r, homes, _reader(more, d, rows[d]["country"], prior)) for d, r in stale.items()}
    log.info("incidents: %d outlet(s) changed their learned home: %d stored report(s) read again",
             len(changed), len(moved))
    return homes, moved, {d: rows[d] for d in moved}
