"""Conflicts as a reader wants them: one line per disagreement, named by outlet and date, never by file.

The resolver may flag the same disagreement several times, once per pair of claims (two
sentences of one report both say 52, another report says 57): those pairs are one line here,
keyed by the reports and figures on each side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.records import Conflict
    from claimledger.views.pages import Reader

MAX_CONFLICT_LINES = 50  # the overview lists this many of each kind; every claim page lists its own


def why(reason: str | None) -> str:
    """The resolver's reason without its leading restatement of the figures and files.

    ``killed people in X: 57 (a.html, 2022-04-13) vs 52 (b.txt, 2022-04-13) — same date, bounds do not
    overlap`` → ``same date, bounds do not overlap``; a reason without that lead is kept whole.
    """
    reason = (reason or "").strip()
    head, sep, tail = reason.partition(" — ")
    return tail.strip() if sep and tail.strip() else reason


def _side(c: dict[str, Any]) -> tuple[str, str]:
    return (c.get("document") or c["id"], c.get("figure") or "")


def conflict_lines(r: Reader, kind: str, *, limit: int = MAX_CONFLICT_LINES) -> list[dict[str, Any]]:
    """The conflicts of one kind as lines: measure, group, place, and each side's figure, reporter and date."""
    found: list[Conflict] = [k for k in r.ix.resolution.conflicts if k.kind == kind]
    by_id = r.claims_by_id([cid for k in found[:limit * 4] for cid in k.claims], limit=limit * 20)
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for k in found:
        claims = [by_id[cid] for cid in k.claims if cid in by_id]
        if not claims:
            continue
        key = (kind, tuple(sorted({_side(c) for c in claims})))
        line = lines.get(key)
        if line is None:
            if len(lines) >= limit:
                continue
            first = claims[0]
            line = lines[key] = {"kind": kind, "ids": [], "why": why(k.reason), "reason": k.reason,
                                 "measure": first.get("measure"), "group": first.get("group"),
                                 "place": first.get("place"), "place_name": first.get("place_name"),
                                 "sides": [], "claims": []}
        line["ids"].append(k.id)
        for c in sorted(claims, key=lambda c: (c.get("date") or "", c["id"])):
            if all(c["id"] != x["id"] for x in line["claims"]):
                line["claims"].append(c)
            side = next((s for s in line["sides"] if _side(s["claim"]) == _side(c)), None)
            if side is None:
                line["sides"].append({"claim": c, "claims": [c["id"]]})
            elif c["id"] not in side["claims"]:
                side["claims"].append(c["id"])
    return list(lines.values())
