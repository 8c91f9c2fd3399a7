"""Incidents: reports of the same event grouped, with min/max/best casualty figures.

Every document that reports a violent event belongs to exactly one incident (a lone
report is an incident of one document). Grouping:

1. near-duplicate documents are together unless their places or dates clearly differ;
2. candidate pairs come from blocking, never from all pairs: event dates within a few
   days of each other, or a shared victim's full name (follow-up stories months later);
3. a pair is merged when its shared details outweigh its differences: the same city,
   victims' names, street names, the same part of the city, figures and title words count
   for it; another state, city or part of the city, far dates and different figures count
   against it.

Figures are never summed across reports of one event: each incident keeps the lowest
and highest figure any report gave, and its best estimate is the latest report's figure
(an injured victim who died later raises the toll). Ids hash the sorted member document
ids, so the same corpus gives the same incidents however it was ingested.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from claimledger.records import Incident
from claimledger.resolve.corpus import Corpus, EntityIndex
from claimledger.resolve.incidents_report import Report, _km, build_report
from claimledger.resolve.war.locale import WAR
from claimledger.resolve.war.pairs import war_pair_score
from claimledger.resolve.war.ties import fold_ties

log = logging.getLogger(__name__)

DATE_WINDOW = 3  # days between event dates for a candidate pair
MERGE_THRESHOLD = 2.5
LINK_THRESHOLD = 1.5  # mean score between two groups' members for the groups to join
NEAR_DUPLICATE_BONUS = 6.0
NEAR_DUPLICATE_DAYS = 7  # near-duplicates whose event dates are further apart are one site's template, not one report
VETO_SCORE = -2.0  # one pair this far apart keeps two groups apart
FAR_KM = 40.0  # two places further apart are different places
QUARTER_AGREE = 1.0  # both reports name the same part of a city
QUARTER_DIFFER = -2.5  # each names another part of the city: two events
MIN_REPORTS_FOR_PRIOR = 5
NAME_BLOCK_MAX = 30  # a name in more reports than this is a public figure, not a victim: no pairs
MIN_OUTLET_REPORTS = 2  # reports of an outlet that place themselves, for it to have a learned home region
OUTLET_MAJORITY = 0.55  # ... and the share of them its home region must hold (2 of 2 or 3, 3 of 4 or 5: no tie)
WEAK_PLACE = 0.5  # a town guessed on weaker evidence (the outlet's home town) neither joins nor parts two reports
TIE_WEIGHT = 0.01  # how much a report's place evidence weighs in the incident's place vote
# a report's vote for its incident's place, by the kind of place it names: a town counts twice a
# state; a county, more precise than its state, beats the state between one report of each
PLACE_VOTE = {"city": 2.0, "county": 1.5}
NAME_AGREE = 3.0  # each shared full name (two at most)
LONE_NAME_FAR = 1.0  # one shared name, event dates beyond the candidate window


def names_score(shared: int, gap: int | None) -> float:
    """What shared full names add to a pair whose event dates are ``gap`` days apart.

    A victim's name links follow-up stories months later, but such stories name the victim
    and the suspect, the family, the officers. One name alone in stories weeks apart is
    mostly the town's police spokesman, an alderman or an activist quoted about every
    shooting: beyond the candidate window it counts only a little.
    """
    if shared == 1 and gap is not None and gap > DATE_WINDOW:
        return LONE_NAME_FAR
    return min(2, shared) * NAME_AGREE


def pair_score(a: Report, b: Report) -> float:
    """How strongly two reports look like the same event (merge at ``MERGE_THRESHOLD``)."""
    if a.locale == WAR or b.locale == WAR:
        return war_pair_score(a, b)
    score = 0.0
    # place: another state rules a pair out; another city far away nearly so
    if a.state and b.state and a.state != b.state:
        return -10.0
    pa, pb = a.place, b.place
    if pa and pb and pa.lat is not None and pb.lat is not None and pa.kind == "city" and pb.kind == "city" \
            and min(pa.weight, pb.weight) >= WEAK_PLACE:
        if pa.key == pb.key:
            score += 1.5
        elif _km((pa.lat, pa.lon), (pb.lat, pb.lon)) <= 25:  # type: ignore[arg-type]
            score += 0.5
        elif _km((pa.lat, pa.lon), (pb.lat, pb.lon)) > FAR_KM:  # type: ignore[arg-type]
            score -= 3.0
    elif a.state and a.state == b.state:
        score += 0.3
    # date
    gap = abs((a.date - b.date).days) if a.date and b.date else None
    if gap is not None:
        score += {0: 1.0, 1: 0.7, 2: 0.2, 3: 0.0}.get(gap, -min(3.0, 0.5 + gap / 30))
    # shared details
    shared_names = len(a.names & b.names)
    score += names_score(shared_names, gap)
    if not shared_names:
        score += min(2, len(a.surnames & b.surnames)) * 1.2
    score += min(2, len(a.streets & b.streets)) * 2.0
    # parts of a city: the same one agrees, two different ones are two events in one big city
    if a.quarters and b.quarters:
        score += QUARTER_AGREE if a.quarters & b.quarters else QUARTER_DIFFER
    if a.title_words and b.title_words:
        jac = len(a.title_words & b.title_words) / len(a.title_words | b.title_words)
        score += 3.0 * jac
    # figures: the same toll agrees a little; a different one disagrees a little (tolls change)
    for x, y in ((a.killed, b.killed), (a.injured, b.injured)):
        if x is not None and y is not None:
            score += 0.5 if x == y and x > 0 else (-0.5 if x != y else 0.0)
    if a.type != b.type and "attack" not in (a.type, b.type):
        score -= 1.0
    return score


def near_duplicate_bonus(a: Report, b: Report) -> float:
    """What near-duplicate text adds to a pair: the same report again, unless its event dates clearly differ.

    Pages that are mostly one site's template (menus, headlines of the day) look alike whatever
    they report; two such pages weeks apart are two events in the site's town, not one.
    """
    if a.date and b.date and abs((a.date - b.date).days) > NEAR_DUPLICATE_DAYS:
        return 0.0
    return NEAR_DUPLICATE_BONUS


class _Union:
    def __init__(self, items: list[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id is the root: the result does not depend on the order of unions
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _date_pair(a: Report, b: Report) -> bool:
    """Whether two reports' event dates are close enough to pair them (and no state tells them apart)."""
    return bool(a.date and b.date and abs((a.date - b.date).days) <= DATE_WINDOW
                and not (a.state and b.state and a.state != b.state))


def candidate_pairs(reports: list[Report], name_counts: Mapping[str, int] | None = None) -> Iterator[tuple[str, str]]:
    """Pairs worth scoring: close event dates (a sliding window), or a shared full name at any date.

    Each pair comes once, as (smaller id, larger id), and as it is found: a busy region's reports
    make millions of them, too many to hold at once. ``name_counts``: in how many reports of the
    whole ledger each name occurs, when ``reports`` is only part of it (an incremental update);
    by default they are counted in ``reports``.
    """
    dated = sorted((r for r in reports if r.date), key=lambda r: (r.date, r.doc))
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if (b.date - a.date).days > DATE_WINDOW:  # type: ignore[operator]
                break
            if a.state and b.state and a.state != b.state:
                continue
            yield (a.doc, b.doc) if a.doc < b.doc else (b.doc, a.doc)
    by_id = {r.doc: r for r in reports}
    by_name: dict[str, list[str]] = defaultdict(list)
    for r in reports:
        for n in r.blocks:
            by_name[n].append(r.doc)
    named: set[tuple[str, str]] = set()  # few: a name pairs at most NAME_BLOCK_MAX reports
    for name, docs in by_name.items():
        if len(docs) > NAME_BLOCK_MAX or (name_counts and name_counts.get(name, 0) > NAME_BLOCK_MAX):
            continue
        for i, x in enumerate(docs):
            for y in docs[i + 1:]:
                k = (x, y) if x < y else (y, x)
                if k not in named and not _date_pair(by_id[x], by_id[y]):  # not already given by date
                    named.add(k)
                    yield k


def is_candidate(a: Report, b: Report, name_counts: Mapping[str, int]) -> bool:
    """Whether ``candidate_pairs`` pairs these two reports (``name_counts``: reports per name)."""
    if _date_pair(a, b):
        return True
    return any(name_counts.get(n, 0) <= NAME_BLOCK_MAX for n in a.blocks & b.blocks)


def group_reports(reports: list[Report], near_duplicate_of: dict[str, str]) -> list[list[Report]]:
    """Reports grouped into events (each group sorted by document id, groups by first id).

    Pairs are merged strongest first, and two groups join only when their members agree on
    the whole (mean cross score at least ``LINK_THRESHOLD``, no pair clearly apart), so a
    chain of pairwise look-alikes (a big city's shootings, week after week) does not
    snowball into one incident.
    """
    return grouping(reports, near_duplicate_of).groups


@dataclass
class Grouping:
    groups: list[list[Report]]
    # document -> the smallest document id of its component: the reports linked by pairs that
    # score at least MERGE_THRESHOLD. Only those pairs can merge, so each component is grouped
    # on its own, and an update regroups just the components its new reports reach.
    component: dict[str, str]


def grouping(reports: list[Report], near_duplicate_of: dict[str, str],
             name_counts: Mapping[str, int] | None = None) -> Grouping:
    """``group_reports`` with the components it worked in (see ``Grouping``)."""
    by_id = {r.doc: r for r in reports}
    uf = _Union(sorted(by_id))
    links = _Union(sorted(by_id))
    near = {(min(d, o), max(d, o)) for d, o in near_duplicate_of.items() if d in by_id and o in by_id}
    members: dict[str, list[str]] = {d: [d] for d in by_id}
    cache: dict[tuple[str, str], float] = {}

    def fresh_score(k: tuple[str, str]) -> float:
        # near-duplicate text is the same report again, unless its details say otherwise (pages
        # that are mostly one site's template look alike whatever they report)
        a, b = by_id[k[0]], by_id[k[1]]
        return pair_score(a, b) + (near_duplicate_bonus(a, b) if k in near else 0.0)

    def score(x: str, y: str) -> float:
        k = (x, y) if x < y else (y, x)
        if k not in cache:
            cache[k] = fresh_score(k)
        return cache[k]

    def may_join(gx: list[str], gy: list[str]) -> bool:
        """No pair of members clearly apart, and the members agree on the whole."""
        cross = []
        for a in gx:
            for b in gy:
                v = score(a, b)
                if v < VETO_SCORE:
                    return False
                cross.append(v)
        return sum(cross) / len(cross) >= LINK_THRESHOLD

    # only pairs that may merge are kept (and their scores cached): a busy region's reports
    # make millions of candidate pairs, most of them far below the threshold
    scored = []
    def keep(k: tuple[str, str]) -> None:
        s = fresh_score(k)
        if s >= MERGE_THRESHOLD:
            cache[k] = s
            scored.append((s, *k))

    near_left = set(near)
    for k in candidate_pairs(reports, name_counts):
        near_left.discard(k)
        keep(k)
    for k in near_left:
        keep(k)
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    # two groups that may not join stay so until one of them grows (a group is its root and
    # size: groups only grow), so each such pair of groups is compared once, not once per link
    refused: set[tuple[str, int, str, int]] = set()
    for s, x, y in scored:
        if s < MERGE_THRESHOLD:
            break
        links.union(x, y)
        rx, ry = uf.find(x), uf.find(y)
        if rx == ry:
            continue
        state = (rx, len(members[rx]), ry, len(members[ry])) if rx < ry else (ry, len(members[ry]), rx,
                                                                               len(members[rx]))
        if state in refused:
            continue
        if not may_join(members[rx], members[ry]):
            refused.add(state)
            continue
        uf.union(rx, ry)
        root = uf.find(rx)
        other = ry if root == rx else rx
        members[root].extend(members.pop(other))
    groups: dict[str, list[Report]] = defaultdict(list)
    for d in sorted(by_id):
        groups[uf.find(d)].append(by_id[d])
    return Grouping(sorted(groups.values(), key=lambda g: g[0].doc), {d: links.find(d) for d in by_id})


def _latest_figure(members: list[Report], attr: str) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) of one measure: best is the figure of the latest report that gives one."""
    given = [(r.published or date.min, getattr(r, attr), r.doc) for r in members if getattr(r, attr) is not None]
    if not given:
        # war reports that count only some victims ("a child was killed"), when none counts them all
        parts = [(r.published or date.min, max(g), r.doc) for r in members if (g := getattr(r, f"{attr}_groups"))]
        if not parts:
            return None, None, None
        best = max(v for p, v, _ in parts if p == max(q for q, _, _ in parts))
        return best, min(v for r in members for v in getattr(r, f"{attr}_groups")), max(v for _, v, _ in parts)
    # a war report gives every total of its incident (``Report.killed_totals``): low and high span them all
    values = [v for r in members for v in (getattr(r, f"{attr}_totals") or
                                           ((getattr(r, attr),) if getattr(r, attr) is not None else ()))]
    latest_day = max(p for p, _, _ in given)
    # several reports on the latest day: the highest of them (a toll rarely goes down)
    best = max(v for p, v, _ in given if p == latest_day)
    return best, min(values), max(values)


def incident_date(members: list[Report]) -> date | None:
    """The event date of an incident: the one most of its reports agree on to within a day.

    Each report's date reads one text, and one text is misread now and then (a crawled
    page's date, the day of an arrest); the reports of one event mostly agree. A date
    counts the reports within a day of it; among equals the earliest report's date wins,
    as the first reports know the event best (follow-ups are dated weeks later).
    """
    first: dict[date, date] = {}  # date -> the earliest publication of a report giving it
    days: list[date] = []
    for r in sorted(members, key=lambda r: (r.published or date.max, r.doc)):
        if r.date is not None:
            first.setdefault(r.date, r.published or date.max)
            days.append(r.date)
    support = {d: sum(abs((d - e).days) <= 1 for e in days) for d in first}
    return min(support, key=lambda d: (-support[d], first[d], d), default=None)


def make_incident(members: list[Report]) -> Incident:
    """One incident from the reports of one event."""
    docs = tuple(sorted(r.doc for r in members))
    iid = "inc:" + hashlib.sha1("\n".join(docs).encode()).hexdigest()[:16]
    when = incident_date(members)
    end = max((r.date for r in members if r.date), default=None)
    # the place: one vote per report (a town counts twice a region), the strength of each
    # report's evidence only breaking ties: one report with a long list of mentions of a
    # wrong town does not outvote the others; a town tied to a scene the gazetteer lacks takes its oblast's votes
    pv: Counter[str] = Counter()
    guesses = {}
    for r in members:
        if r.place is not None and r.place.lat is not None:
            pv[r.place.key] += PLACE_VOTE.get(r.place.kind, 1.0) + TIE_WEIGHT * r.place.weight
            guesses.setdefault(r.place.key, r.place)
    pv = fold_ties(pv, guesses, [(r.place.key, r.place.tie) for r in members
                                 if r.place is not None and r.place.tie and r.place.key in guesses])
    place = guesses[max(pv, key=lambda k: (pv[k], k))] if pv else None
    killed, k_lo, k_hi = _latest_figure(members, "killed")
    injured, i_lo, i_hi = _latest_figure(members, "injured")
    types = Counter(r.type for r in members)
    itype = min(types, key=lambda t: (-types[t] - (0.5 if t != "attack" else 0), t))
    return Incident(
        id=iid, type=itype, date=when.isoformat() if when else None,
        place_name=place.name if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        # a report of violence that gives no figure reports nobody killed (or injured)
        killed=killed if killed is not None else 0,
        injured=injured if injured is not None else 0,
        killed_low=k_lo, killed_high=k_hi, injured_low=i_lo, injured_high=i_hi,
        documents=docs, claims=tuple(sorted({c for r in members for c in r.claims})),
        date_end=end.isoformat() if end and when and end != when else None,
        place=place.key if place else None,
        party_claims=tuple(sorted({c for r in members for c in r.party_claims})),
    )


def main_country(reports: list[Report]) -> str | None:
    """The country most placed reports are about, when clearly most of them (more than half)."""
    return main_country_of(Counter(r.place.country for r in reports if r.place is not None and r.place.country))


def main_country_of(votes: Counter[str]) -> str | None:
    """``main_country`` from the number of reports placed in each country."""
    total = sum(votes.values())
    if not votes or total < MIN_REPORTS_FOR_PRIOR:
        return None
    country, n = votes.most_common(1)[0]
    return country if n > total / 2 else None


def learned_home(regions: Mapping[str, int]) -> str | None:
    """An outlet's home region, from how many of its reports place themselves in each: when it is clear.

    A local outlet reports mostly from home. With ``MIN_OUTLET_REPORTS`` such reports, of
    which its commonest region holds ``OUTLET_MAJORITY``, that region is its home; else it has none.
    """
    total = sum(regions.values())
    if total < MIN_OUTLET_REPORTS:
        return None
    region, n = min(regions.items(), key=lambda kv: (-kv[1], kv[0]))
    return region if n >= OUTLET_MAJORITY * total else None


def outlet_regions(reports: Iterable[Report]) -> dict[str, Counter[str]]:
    """outlet -> how many of its reports of violence place themselves in each region (``Report.region``).

    What a report's own words say, never what its outlet's home made of it: the home
    learned from these does not feed itself.
    """
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        if r.violent and r.outlet and r.region:
            out[r.outlet][r.region] += 1
    return dict(out)


def home_for(r: Report, homes: Mapping[str, str]) -> str | None:
    """The learned home a report of violence is read with: its outlet's, when it is one the report can be read in."""
    home = homes.get(r.outlet) if r.violent and r.outlet else None
    return home if home in r.home_open else None


def read_again(r: Report, homes: Mapping[str, str]) -> bool:
    """Whether a report read with the home it records must be read again with its outlet's home now.

    A report read with no home lists the homes that could change it (``home_open``); one
    read with a home is read again, from scratch, when its outlet's home is another.
    """
    if r.home is None:
        return home_for(r, homes) is not None
    return homes.get(r.outlet or "") != r.home


def with_home(r: Report, homes: Mapping[str, str], build: Callable[[str | None], Report]) -> Report:
    """The report as its outlet's learned home reads it; ``build(home)`` profiles its document again."""
    if not read_again(r, homes):
        return r
    if r.home is not None:
        r = build(None)
    home = home_for(r, homes)
    return build(home) if home is not None else r


def build_incidents(corpus: Corpus, index: EntityIndex) -> list[Incident]:
    """Group the reports of violent events in the corpus into incidents."""
    reports = []
    for doc_id in sorted(corpus.documents):
        r = build_report(corpus.document(doc_id), corpus.extractions.get(doc_id))
        if r.violent:
            reports.append(r)
    # a report with weak evidence of its country is read in the country of most reports
    prior = main_country(reports)
    read_in: dict[str, str | None] = {}
    if prior:
        read_in = {r.doc: prior for r in reports if r.place is None or r.place.country != prior}
        reports = [build_report(corpus.document(r.doc), corpus.extractions.get(r.doc), prior_country=prior)
                   if r.doc in read_in else r for r in reports]
    # a report that could be in several regions is read with its outlet's home, learned from its other reports
    homes = {o: h for o, regions in outlet_regions(reports).items() if (h := learned_home(regions))}
    reports = [with_home(r, homes, lambda home, d=r.doc: build_report(  # type: ignore[misc]
        corpus.document(d), corpus.extractions.get(d), prior_country=read_in.get(d), home=home)) for r in reports]
    groups = group_reports(reports, corpus.near_duplicate_of)
    log.info("incidents: %d reports of violence in %d incidents", len(reports), len(groups))
    return [make_incident(g) for g in groups]
