"""Conflicts: contradictions (both cannot be true) and revisions (a later figure supersedes).

A **contradiction** needs two claims about the same measure, group (civilians and people
count as one; a subgroup never contradicts its total), place and time whose bounds do
not overlap, and positive evidence that they describe one thing:

- in one document: the sentences point at the same incident (a shared target such as
  "hospital", a shared weekday, or the same attack word with "the"/"this"), or the same
  source gives both figures with no word of an update between them; two attacks told in
  one article, or a toll next to one incident's count, are not flagged;
- across documents: the same stated date, and either the same incident cues or the same
  origin giving a place-level figure; a figure its sentence tells as an update ("has
  risen to 52") is news that day, not a second reading of the older one.

Hedged figures ("could be") and sentences that themselves report an update ("rose to"), or two
figures of one report given "as of" two different times, are never contradictions. Figures are flagged, never averaged.

A **revision** is a later figure in a series (see ``series.py``) that differs from the
figure before it: the same origin's earlier figure when there is one, else the latest
figure of the previous date.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from itertools import combinations

from claimledger.records import Conflict
from claimledger.resolve.clusters import HARM_MEASURES, ClaimInfo, ClaimTable, stable_id
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.figures import (
    anchor,
    bounds_overlap,
    describe_figure,
    partial_count,
    same_event,
    same_figure,
    series_group,
)
from claimledger.resolve.series import ordered_series

_ELSEWHERE = re.compile(r"\b(?:another|a different|a second|other)\s+(?:city|town|village|region|province|place)\b|"
                       r"\belsewhere\b", re.I)


# "As of 6 am Monday", "as of 17:00": the time a report's figure is given for
_AS_OF = re.compile(r"\bas\s+of\s+([^,;\n]{1,30}?)(?=,|;|\s+(?:the|\d)|$)", re.I)


def _stamps_differ(a: str | None, b: str | None) -> bool:
    """Whether two sentences give their figures as of two different times."""
    ma, mb = _AS_OF.search(a or ""), _AS_OF.search(b or "")
    return bool(ma and mb and ma.group(1).strip().lower() != mb.group(1).strip().lower())


def _doc_label(table: ClaimTable, doc_id: str) -> str:
    doc = table.corpus.documents.get(doc_id)
    return os.path.basename(doc.path) if doc and doc.path else doc_id


def _point(table: ClaimTable, info: ClaimInfo, *, with_date: bool = True) -> str:
    when, estimated = table.date_of(info)
    where = _doc_label(table, info.claim.document)
    if with_date and when is not None:
        where += f", {'~' if estimated else ''}{when.isoformat()}"
    return f"{describe_figure(info.claim)} ({where})"


def _about(info: ClaimInfo) -> str:
    c = info.claim
    place = f" in {info.place_name}" if info.place_name else ""
    return f"{c.measure} {series_group(c.group)}{place}"


def _contradiction_reason(a: ClaimInfo, b: ClaimInfo) -> str | None:
    """Why a and b are about the same thing at the same time, or None."""
    if a.claim.hedged or b.claim.hedged:
        return None
    if a.date is not None and b.date is not None and a.date != b.date:
        return None  # figures for different days are a revision, if anything
    if partial_count(a.claim) or partial_count(b.claim):
        return None
    if min(anchor(a.claim) or 0, anchor(b.claim) or 0) <= 1:
        return None  # one named victim next to a total is the usual story, not a contradiction
    if a.claim.document == b.claim.document or a.canon_doc == b.canon_doc:
        same_sentence = a.claim.sentence == b.claim.sentence
        if same_sentence and a.cues.update:
            return None
        # "the toll has risen to 46" beside an earlier figure, or two figures "as of" two times: a revision
        if a.cues.update or b.cues.update or _stamps_differ(a.claim.sentence, b.claim.sentence):
            return None
        if a.claim.measure not in HARM_MEASURES:
            return None
        if a.incident_bound or b.incident_bound:
            why = same_event(a.cues, b.cues, same_sentence=same_sentence)
            if why:
                return f"{why}, same document"
        # one source giving two figures for the same day in one report, neither told as an update
        if (a.origin and a.origin == b.origin and not (a.cues.another or b.cues.another)
                and not (a.cues.update or b.cues.update)):
            return "same source, same document"
        return None
    if a.date is None or a.date != b.date:
        return None
    if a.cues.update or b.cues.update:
        return None  # "the toll has risen to 52" the same day another outlet still has 50: an update
    if a.incident_bound and b.incident_bound:
        why = same_event(a.cues, b.cues)
        return f"{why}, same date" if why else None
    if not a.incident_bound and not b.incident_bound and a.origin and a.origin == b.origin:
        return "same source, same date"
    return None


def _place_stated(table: ClaimTable, info: ClaimInfo) -> bool:
    """Whether the claim's own sentence names its place (else the place came from context)."""
    sentence = (info.claim.sentence or "").lower()
    ent = table.index.get(info.place_entity)
    forms = {info.claim.place_text or ""} | ({ent.name, *ent.aliases} if ent else set())
    if _ELSEWHERE.search(sentence):
        return True  # "in another city": the sentence says it is somewhere else
    return any(f and f.lower().rstrip("’'s ").strip() in sentence for f in forms)


def contradictions(table: ClaimTable) -> list[Conflict]:
    """Pairs of claims that cannot both be true."""
    blocks: dict[tuple, list[ClaimInfo]] = defaultdict(list)
    for info in table.infos:
        blocks[(info.claim.measure, series_group(info.claim.group))].append(info)
    out: dict[str, Conflict] = {}
    for key in sorted(blocks, key=str):
        # only pairs that could qualify: one document, or one place on one stated date (never all pairs)
        sub: dict[tuple, list[ClaimInfo]] = defaultdict(list)
        for info in blocks[key]:
            sub[("doc", info.canon_doc)].append(info)
            if info.date is not None and info.place_key is not None:
                sub[("date", info.place_key, info.date.isoformat())].append(info)
        for members in sub.values():
            members = sorted(members, key=ClaimInfo.sort_key)
            for a, b in combinations(members, 2):
                if a.id == b.id or bounds_overlap(a.claim, b.claim):
                    continue
                note = ""
                if a.place_key != b.place_key:
                    # one document, two places: only when one place was only inferred from context
                    # (a sentence like "the attack wounded 17" names no place of its own)
                    if a.canon_doc != b.canon_doc or (_place_stated(table, a) and _place_stated(table, b)):
                        continue
                    note = ", place of one taken from context"
                why = _contradiction_reason(a, b)
                if why is None:
                    continue
                cid = stable_id("x", ["contradiction", a.id, b.id])
                out[cid] = Conflict(
                    id=cid, kind="contradiction", claims=(a.id, b.id),
                    reason=(f"{_about(a)}: {_point(table, a)} vs {_point(table, b)} — {why}{note}, "
                            "bounds do not overlap"),
                )
    return [out[k] for k in sorted(out)]


def revisions(table: ClaimTable) -> list[Conflict]:
    """Later figures that supersede earlier ones in the same series."""
    out: dict[str, Conflict] = {}
    for _, points in ordered_series(table):
        by_date: dict = defaultdict(list)
        for p in points:
            when, _ = table.date_of(p)
            if when is not None:
                by_date[when].append(p)
        days = sorted(by_date)
        for earlier_day, later_day in zip(days, days[1:], strict=False):
            out.update((x.id, x) for x in revisions_between(table, by_date[earlier_day], by_date[later_day]))
    return [out[k] for k in sorted(out)]


def revisions_between(table: ClaimTable, before: list[ClaimInfo], later: list[ClaimInfo]) -> list[Conflict]:
    """The revisions from one date's points of a series to the next date's (each in series order)."""
    out = []
    done: list[tuple[ClaimInfo, ClaimInfo]] = []
    for b in later:
        a = next((p for p in reversed(before) if b.origin and p.origin == b.origin), before[-1])
        if same_figure(a.claim, b.claim):
            continue
        if any(x is a and same_figure(y.claim, b.claim) for x, y in done):
            continue  # the same later figure told twice: one revision
        done.append((a, b))
        same_source = bool(b.origin) and a.origin == b.origin
        direction = "rises" if (b.claim.low or 0) > (a.claim.high or float("inf")) else (
            "falls" if (b.claim.high or float("inf")) < (a.claim.low or 0) else "changes")
        out.append(Conflict(
            id=stable_id("x", ["revision", a.id, b.id]), kind="revision", claims=(a.id, b.id),
            reason=(f"{_about(b)}: {_point(table, a)} → {_point(table, b)} — later figure "
                    f"{'from the same source ' if same_source else ''}{direction}, superseding the earlier"),
        ))
    return out


def conflicts_from(table: ClaimTable) -> list[Conflict]:
    """Contradictions then revisions of a prepared claim table."""
    return contradictions(table) + revisions(table)


def find_conflicts(corpus: Corpus, index: EntityIndex) -> list[Conflict]:
    """Contradictions (same thing, same time, bounds cannot both hold) and revisions (later figures)."""
    return conflicts_from(ClaimTable(corpus, index))
