"""Series: how one figure (measure + group + place) evolved, ordered by as-of date.

Decisions:

- Civilians and people form one series (``figures.series_group``): outlets call the same
  toll either; children, soldiers, medical staff and non-human groups keep their own.
- A place's toll and one incident's toll are different series. A claim whose sentence
  is about one incident with a struck target ("the strike on the station") joins the
  series of that target at that place, so a strike's toll revised over days is a
  timeline of its own; one that names no target ("the attack") is a count for an
  incident we cannot tell apart, and stays out (incidents and conflicts handle it).
- An incident series breaks where two successive reports are more than
  ``WINDOW_DAYS`` apart: a hospital struck in March and another in May are two incidents.
- Points are ordered by date (the claim's as-of, else its document's published date,
  else the document's estimated date, see ``ClaimTable``), then published date, then
  document and position. A point with no date at all is inserted where it least
  disturbs the dated sequence (smallest added change on a log scale): with nothing
  known about when it was said, the smoothest reading of the figures is the best guess.
- ``SeriesPoint.as_of`` is only a date the claim or its document states; estimated
  dates order points but are not presented as facts.
- ``Series.scope`` says what a series counts: ``"incident"`` (a struck target's toll) or
  ``"toll"`` (a place's running total: "more than 900 killed in the city").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any, TypeVar

from claimledger.records import Series, SeriesPoint
from claimledger.resolve.clusters import WINDOW_DAYS, ClaimInfo, ClaimTable
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.figures import representative, series_group

P = TypeVar("P")


def _log(x: float | None) -> float:
    return math.log(max(float(x or 0.0), 1.0))


def _value(info: ClaimInfo) -> float:
    return _log(representative(info.claim))


def _insert_undated(dated: Sequence[P], undated: Sequence[P], value: Callable[[P], float]) -> list[P]:
    """Insert each undated point where the sequence's total change (``value``: log scale) grows least."""
    seq = list(dated)
    for info in undated:
        x = value(info)
        if not seq:
            seq.append(info)
            continue
        vals = [value(s) for s in seq]
        best_pos, best_cost = 0, math.inf
        for pos in range(len(seq) + 1):
            left = vals[pos - 1] if pos > 0 else None
            right = vals[pos] if pos < len(seq) else None
            if left is not None and right is not None:
                cost = abs(x - left) + abs(right - x) - abs(right - left)
            else:
                cost = abs(x - (left if left is not None else right))  # type: ignore[operator]
            if cost < best_cost - 1e-12:
                best_pos, best_cost = pos, cost
        seq.insert(best_pos, info)
    return seq


def series_target(info: ClaimInfo) -> str | None:
    """"" for a place-level figure, the (first) struck target for an incident's, None for neither."""
    if not info.incident_bound:
        return ""
    return info.cues.primary


def _split_incidents(points: Sequence[P], date_of: Callable[[P], date | None]) -> list[list[P]]:
    """An incident series cut where successive dated reports are far apart."""
    runs: list[list[P]] = [[]]
    last = None
    for p in points:
        when = date_of(p)
        if when is not None and last is not None and (when - last).days > WINDOW_DAYS and runs[-1]:
            runs.append([])
        runs[-1].append(p)
        last = when or last
    return runs


def series_key(info: ClaimInfo) -> tuple[str, str, str, str] | None:
    """(measure, group, place key, target) of the series a claim is a point of, or None."""
    target = series_target(info)
    if info.place_key is None or target is None:
        return None
    return (info.claim.measure or "", series_group(info.claim.group), info.place_key, target)


def ordered_series(table: ClaimTable) -> list[tuple[tuple[str, str, str, str], list[ClaimInfo]]]:
    """((measure, group, place key, target), points in order) for every series, in a stable order."""
    groups: dict[tuple[str, str, str, str], list[ClaimInfo]] = defaultdict(list)
    for info in table.infos:
        key = series_key(info)
        if key is not None:
            groups[key].append(info)
    out = []
    for key in sorted(groups):
        infos = groups[key]
        dated, undated = [], []
        for info in infos:
            (dated if table.date_of(info)[0] is not None else undated).append(info)

        def by_date(i: ClaimInfo) -> tuple:
            doc = table.corpus.documents.get(i.claim.document)
            return (table.date_of(i)[0], (doc.published if doc else None) or "9999",
                    i.claim.document, i.claim.start, i.id)

        dated.sort(key=by_date)
        undated.sort(key=lambda i: (i.claim.document, i.claim.start, i.id))
        ordered = _insert_undated(dated, undated, _value)
        if key[3]:
            out.extend((key, run) for run in _split_incidents(ordered, lambda i: table.date_of(i)[0]))
        else:
            out.append((key, ordered))
    return out


# --------------------------------------------------------------------------- series kept between updates

def point_row(table: ClaimTable, info: ClaimInfo) -> list[Any]:
    """One point as a stored series keeps it: what orders it ([date, published, document, start, id],
    as ``ordered_series`` orders), its value for placing undated points, the point's fields
    (``SeriesPoint``: as of, low, high, source) and its place (entity, name)."""
    when, _ = table.date_of(info)
    doc = table.corpus.documents.get(info.claim.document)
    p = series_point(table, info)
    return [when.isoformat() if when else None, (doc.published if doc else None) or "9999", info.claim.document,
            info.claim.start, info.id, _value(info), p.as_of, p.low, p.high, p.source, info.place_entity,
            info.place_name]


WHOLE = "*"  # the one chunk of a series kept whole


def chunk_of(row: list[Any], whole: bool) -> str:
    """The chunk a stored point (``point_row``) is kept in: its date, or ``WHOLE``.

    A place's toll gathers points for as long as the corpus runs, and an update changes a
    few of them: kept by date, an update reads and writes the dates it touches (and their
    neighbours, for the revisions between them). An incident's series is short and cut
    into runs by the gaps between its dates, and a series with an undated point (which
    may go anywhere in it) is ordered as a whole: those are kept whole.
    """
    return WHOLE if whole else row[0]


def row_runs(key: tuple[str, str, str, str], rows: list[list[Any]]) -> list[list[list[Any]]]:
    """Stored points (``point_row``) of one series key in order, cut into runs as ``ordered_series`` cuts."""
    dated = sorted((r for r in rows if r[0] is not None), key=itemgetter(0, 1, 2, 3, 4))
    undated = sorted((r for r in rows if r[0] is None), key=itemgetter(2, 3, 4))
    ordered = _insert_undated(dated, undated, lambda r: r[5])
    if not key[3]:
        return [ordered]
    return _split_incidents(ordered, lambda r: date.fromisoformat(r[0]) if r[0] else None)


def row_record(key: tuple[str, str, str, str], run: list[list[Any]]) -> dict[str, Any]:
    """``plain(series_record(...))`` of a run of stored points."""
    measure, group, _, target = key
    return {"measure": measure, "group": group, "place": run[0][10], "place_name": run[0][11],
            "points": [{"claim": r[4], "as_of": r[6], "low": r[7], "high": r[8], "source": r[9]} for r in run],
            "target": target or None, "scope": series_scope(target)}


def point_source(table: ClaimTable, info: ClaimInfo) -> str | None:
    """Who gives the figure: the attributed source's name, else the outlet that reports it."""
    ent = table.index.get(info.source_entity)
    if ent is not None:
        return ent.name
    return info.claim.attributed_text or info.outlet


def series_from(table: ClaimTable) -> list[Series]:
    """The series of a prepared claim table."""
    return [series_record(table, key, points) for key, points in ordered_series(table)]


def series_record(table: ClaimTable, key: tuple[str, str, str, str], points: list[ClaimInfo]) -> Series:
    """One series: its key (measure, group, place key, target) and its points in order."""
    measure, group, _, target = key
    first = points[0]
    return Series(
        measure=measure,
        group=group,
        place=first.place_entity,
        place_name=first.place_name,
        points=tuple(series_point(table, p) for p in points),
        target=target or None,
        scope=series_scope(target),
    )


def series_scope(target: str | None) -> str:
    """What a series of this target counts: one incident's toll (a struck target), else a place's running toll."""
    return "incident" if target else "toll"


def series_point(table: ClaimTable, p: ClaimInfo) -> SeriesPoint:
    return SeriesPoint(claim=p.id, as_of=p.date.isoformat() if p.date else None,
                       low=p.claim.low, high=p.claim.high, source=point_source(table, p))


def build_series(corpus: Corpus, index: EntityIndex) -> list[Series]:
    """For each measure + group + place, the figures ordered by as-of date."""
    return series_from(ClaimTable(corpus, index))
