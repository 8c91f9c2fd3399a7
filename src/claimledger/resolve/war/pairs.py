"""How strongly two war reports look like one attack (``incidents.pair_score`` asks here for war reports).

War reports of one strike come over days, from many outlets, with a toll that rises; they
agree on the town struck, the day and what was hit. So the town, the day and the target
count; figures do not (a rising toll is the same strike). Two strikes on one town a year
apart, or on different targets of one town, are two attacks.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from claimledger.resolve.war.ties import VILLAGE_KEY

if TYPE_CHECKING:
    from claimledger.resolve.incidents_report import Report

SAME_TOWN = 2.0  # both reports put the attack in the same town
NEAR_TOWN = 1.0  # ... in towns this near (``NEAR_KM``): a village by a city, a suburb
NEAR_KM = 25.0
FAR_KM = 40.0  # towns further apart are two places
OTHER_TOWN = -4.0  # two towns far apart: two attacks
SAME_REGION = 0.3  # one gives a town, the other only that town's oblast
OTHER_REGION = -3.0  # ... or another oblast
# event days this many days apart -> what they add; a gap beyond the table counts FAR_DAYS_SCORE, and beyond
# ``APART_DAYS`` (another month, another year) APART_SCORE
DAY_GAP_SCORE = {0: 1.0, 1: 0.8, 2: 0.4, 3: 0.0, 4: -0.5, 5: -0.5, 6: -1.0, 7: -1.0}
FAR_DAYS_SCORE = -2.5
APART_DAYS = 30
APART_SCORE = -6.0
SHARED_TARGET = 1.5  # both name a kind of site struck that the other names too
OTHER_TARGET = -2.5  # both name targets, none in common
OTHER_TYPE = -0.5  # different war types (reports of one strike disagree on the weapon now and then)
TITLE_WORDS = 1.0  # times the headlines' word overlap (Jaccard)
UNTYPED = "attack"  # the type of a report that names no weapon: it differs from no other
OTHER_LOCALE = -10.0  # a war report and a report of another locale


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def place_score(a: Report, b: Report) -> float:
    """Same town, near towns, far towns, same or other oblast; two reports naming one village the gazetteer lacks
    are of the same town, and a town tied to such a village (``ties``) stands for a place of its oblast."""
    if any(k.startswith(VILLAGE_KEY) for k in a.keys & b.keys):
        return SAME_TOWN
    pa, pb = a.place, b.place
    if pa is None or pb is None or pa.lat is None or pb.lat is None or pa.lon is None or pb.lon is None:
        return 0.0
    if (pa.tie or pb.tie) and pa.key != pb.key:
        if pa.country == pb.country and pa.admin1 and pb.admin1:
            return SAME_REGION if pa.admin1 == pb.admin1 else OTHER_REGION
        return 0.0
    if pa.kind == "city" and pb.kind == "city":
        if pa.key == pb.key:
            return SAME_TOWN
        d = _km((pa.lat, pa.lon), (pb.lat, pb.lon))
        return NEAR_TOWN if d <= NEAR_KM else (OTHER_TOWN if d > FAR_KM else 0.0)
    if "admin1" in (pa.kind, pb.kind) and pa.country == pb.country and pa.admin1 and pb.admin1:
        return SAME_REGION if pa.admin1 == pb.admin1 else OTHER_REGION
    return 0.0


def day_score(a: Report, b: Report) -> float:
    if a.date is None or b.date is None:
        return 0.0
    gap = abs((a.date - b.date).days)
    if gap > APART_DAYS:
        return APART_SCORE
    return DAY_GAP_SCORE.get(gap, FAR_DAYS_SCORE)


def target_score(a: Report, b: Report) -> float:
    if not a.targets or not b.targets:
        return 0.0
    return SHARED_TARGET if a.targets & b.targets else OTHER_TARGET


def war_pair_score(a: Report, b: Report) -> float:
    """The merge score of two war reports (``incidents.MERGE_THRESHOLD`` merges)."""
    if a.locale != b.locale:
        return OTHER_LOCALE
    score = place_score(a, b) + day_score(a, b) + target_score(a, b)
    if a.type != b.type and UNTYPED not in (a.type, b.type):
        score += OTHER_TYPE
    if a.title_words and b.title_words:
        score += TITLE_WORDS * len(a.title_words & b.title_words) / len(a.title_words | b.title_words)
    return score
