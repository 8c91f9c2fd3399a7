"""Which figures of a war report are its incident's: the figure-scope classifier.

A war report gives, beside the toll of the strike it is about, running totals ("at least
3,100 civilians have been killed since the invasion"), figures of earlier strikes in
background paragraphs ("on this day last year a missile killed 19 people"), figures of other
attacks the same day elsewhere, a belligerent's claims of the enemy's losses ("the ministry
said 90 militants were eliminated"), parts of a total ("nine of them died in hospital") and
forecasts ("the toll may rise to 40"). Only the first are the incident's totals: the
incident's low and high span them, the rest never inflate it.

Each quantity claim is read by small registered rules, in order; the first that decides
gives the claim's ``FigureScope`` (a ``Scope`` and the rule's name). A claim no rule
decides is an incident figure. The rules read the claim's sentence, its paragraph, its
group, the report's event date and a few tables of English words; never a place or a name.

The rules, in the order they run: projection.hedged, toll.period (since the invasion, per
day, during the siege), party.enemy_losses (fighters' losses in a belligerent's words or
given by its military), background.other_attack (another attack, such as one earlier in the
war), background.earlier_date (a date well before the event in the sentence, else the last
one its paragraph names before it), toll.place (the city's toll told as run up to now, or
thousands with no attack), part.subgroup, part.among_wounded, part.words, part.one_victim,
part.treated. Then ``scopes_of`` gives a part of a toll the toll's scope, and the figures of
a report that has no incident figure but background ones back to its incident (a
retrospective). To add a rule: write a function of (claim, context) returning a
``FigureScope`` or None, decorate it with ``@scope_rule("family.what.v1")`` where it should
run, and give it a line in ``tests/test_tolls.py``.

The classification applies only to war reports (the war locale decides which:
``resolve.war.locale.is_war_report``): a US crime report keeps the one-figure-per-report
reading of ``incidents_report.document_counts``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from claimledger.records import Claim
from claimledger.resolve.figures import event_cues, norm_group

# ---------------------------------------------------------------- scopes


class Scope(str, Enum):
    """What a casualty figure of a report counts."""

    INCIDENT = "incident"  # a total of the report's own incident
    PART = "part"  # a part of a total: a subgroup, "nine of them", those hospitalised of the wounded
    PROJECTION = "projection"  # a forecast or a hedged figure: "the toll may rise to 40"
    TOLL = "toll"  # a running total of a place, a period, a group or the war
    BACKGROUND = "background"  # another strike: an earlier one, or one elsewhere
    PARTY = "party"  # a belligerent's claim of the enemy's losses, kept with its source


@dataclass(frozen=True)
class FigureScope:
    """The scope of one figure and the rule that decided it (``"toll.period.v1"``)."""

    scope: Scope
    rule: str
    cue: str | None = None  # the words that decided, as the text writes them


SENTENCE_HEAD = 40  # characters of a claim's sentence that find where it starts in the report's text


@dataclass(frozen=True)
class FigureContext:
    """What the rules may read besides the claim: the report's text, event date and other claims."""

    text: str
    event_date: date | None
    claims: tuple[Claim, ...] = ()

    def paragraph_before(self, c: Claim) -> str:
        """The claim's paragraph up to the start of its sentence."""
        start = self.text.rfind("\n\n", 0, max(0, c.start)) + 1
        head = (c.sentence or "").strip()[:SENTENCE_HEAD]
        at = self.text.rfind(head, start, c.start + len(head)) if head else -1
        return self.text[start:at if at >= 0 else start]


Rule = Callable[[Claim, FigureContext], FigureScope | None]
_RULES: list[tuple[str, Rule]] = []


def scope_rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``name`` ("family.what.vN"); rules run in the order they are registered."""
    def register(fn: Rule) -> Rule:
        assert all(n != name for n, _ in _RULES), f"rule {name} registered twice"
        _RULES.append((name, fn))
        return fn
    return register


def rule_names() -> tuple[str, ...]:
    """The registered rules, in the order they run (part of what a resolution's version depends on)."""
    return tuple(n for n, _ in _RULES)


# ---------------------------------------------------------------- word tables

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_RE = "|".join(_MONTHS) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_UNITS = r"(?:hours?|days?|weeks?|months?|years?)"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
# words that make a figure a running total whatever else its sentence says
_PERIOD = re.compile(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset)\b"
    r"|\bsince\s+(?:the\s+|its\s+|their\s+|[A-Z]\w+(?:'s|’s)\s+)?(?:full[- ]scale\s+)?(?:invasion|war|aggression)\b"
    r"|\bsince\s+[A-Z]\w+\s+(?:invaded|attacked|launched)\b"
    r"|\bsince\s+(?:(?:" + _MONTH_RE + r")\b|\d{4}\b|\d{1,2}\s+(?:" + _MONTH_RE + r")\b)"
    r"|\bso\s+far\s+this\s+(?:year|month|week)\b|\bthis\s+year\b"
    r"|\b(?:per|each|every)\s+day\b|\bdaily\s+(?:toll|losses|average)\b"
    r"|\bin\s+(?:the\s+)?(?:less|more|fewer)\s+than\s+" + _COUNT + r"\s+" + _UNITS + r"\b"
    r"|\b(?:in|over|during)\s+(?:the\s+)?(?:past|last|first|nearly|almost|about|some)\s+(?:" + _COUNT + r"\s+)?"
    + _UNITS + r"\b"
    r"|\b" + _COUNT + r"\s+" + _UNITS + r"\s+into\b"
    r"|\bduring\s+(?:the\s+|a\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:siege|blockade|occupation|war)\b"
    r"|\bin\s+the\s+war\b|\bthroughout\s+the\s+war\b",
    re.I)
# "one of the worst attacks since the invasion", "for the first time since 2009": a comparison, not the figure's period
_COMPARISON = re.compile(
    r"\b(?:worst|deadliest|bloodiest|biggest|largest|heaviest|highest|most\s+(?:deadly|lethal|devastating)|"
    r"first\s+time)\b"
    r"[^,.;:()–—]*", re.I)
# words that make a figure a place's running total when its sentence names no struck target nor an attack
_WEAK_TOLL = re.compile(
    r"\b(?:the|this|that|whole|entire)\s+(?:city|town|country|region|province|port|oblast)\b(?!\s+(?:council|hall|"
    r"administration|authorities|officials|police|mayor|governor|'s|’s))"
    r"|\bbesieged\b|\bsiege\b|\bblockade\b|\boccupation\b|\bin\s+total\b|\boverall\b|\bin\s+all\b"
    r"|\b(?:in|across|throughout)\s+(?:his|her|their|our)\s+country\b",
    re.I)
# "have been killed", "had died": a count that has run up to now, as a place's toll is told
_PERFECT = re.compile(
    r"\b(?:have|has|had)\s+(?:\w+\s+)?(?:been\s+)?(?:killed|died|dead|wounded|injured|perished|lost)\b", re.I)
# a figure this large with no struck target in its sentence is a running total: one attack rarely harms so many
TOLL_MAGNITUDE = 1000
# the clause before a figure says it is another attack than the report's
_OTHER_ATTACK = re.compile(
    r"\b(?:another|other|a\s+separate|separate|a\s+different|an\s+earlier|a\s+previous|previous|earlier)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|air\s?strikes?|shelling|bombing|raids?|blasts?|explosions?)\b"
    r"|\b(?:attacks|strikes)\s+earlier\s+in\s+the\s+war\b|\bearlier\s+in\s+the\s+war\b|\bsuch\s+as\b",
    re.I)
# words a sentence opens with when it turns to another event
_ELSEWHERE_OPENING = re.compile(
    r"^\W*(?:further|farther)\s+(?:north|south|east|west|afield)\b|^\W*elsewhere\b|^\W*separately\b"
    r"|^\W*in\s+(?:a\s+)?(?:separate|another|other)\b|^\W*(?:last|earlier\s+this|earlier\s+that)\s+(?:week|month|year)\b",
    re.I)
# a date or a time of the past a sentence names: "in April 2030", "on this day in 2030", "a year ago"
_DATE_MENTION = re.compile(
    r"\b(?:(?:early|mid|late)[- ])?(" + _MONTH_RE + r")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(\d{4}))?\b"
    r"|\b\d{1,2}\s+(" + _MONTH_RE + r")(?:,?\s+(\d{4}))?\b"
    r"|\b(?<!born\s)(?:in|of|since|from)\s+((?:19|20)\d{2})\b"
    r"|\b(last\s+year|a\s+year\s+ago|last\s+month|a\s+month\s+ago|(?:" + _COUNT + r")\s+(?:months|years)\s+ago)\b",
    re.I)
# after a month name these make it no date ("may rise", "march on")
_MONTH_NOT_DATE = frozenset({"may", "march", "mar", "jan", "dec", "sep", "oct", "nov", "aug", "jun", "jul", "apr",
                             "feb", "sept"})
DATE_SLACK_DAYS = 7  # a date mention ending this long before the event is another, earlier event
YEAR_AGO_DAYS = 300  # "last year", "a year ago": at least this long before the event
MONTH_AGO_DAYS = 20  # "last month", "a month ago": at least this long before the event
# groups whose figures are a belligerent's fighters
_COMBATANTS = frozenset({"soldiers", "militants", "nationalists", "invaders", "occupiers", "mercenaries", "fighters",
                         "servicemen", "troops", "marines", "paratroopers", "reservists", "personnel",
                         "prisoners", "prisoners of war", "pows"})
# words of a belligerent's claim of the enemy's losses
_ENEMY_LOSS = re.compile(
    r"\b(?:eliminated|eliminating|neutrali[sz]ed|destroyed|wiped\s+out|liquidated|losses|lost|militants|"
    r"nationalists|invaders|occupiers|mercenaries|enemy|enemy's|enemy’s|personnel)\b",
    re.I)
# a belligerent's military speaking: its figures of fighters are that party's claims
_MILITARY = re.compile(r"\b(?:defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|general\s+staff|armed\s+forces|"
                       r"military|army|command|mod)\b", re.I)
_SAID = re.compile(r"\b(?:said|says|claimed|claims|reported|reports|stated|announced)\b", re.I)
# a count of the wounded who were hospitalised or treated: part of the wounded, when the report gives more
_TREATED = re.compile(r"\b(?:hospitali[sz]ed|hospitali[sz]ation|first\s+aid|serious\s+condition|critical\s+condition|"
                      r"taken\s+to\s+(?:the\s+)?hospitals?|in\s+hospital)\b", re.I)
# "N more", "another N", "N others": an increment, unless the figure before it is of another measure
_INCREMENT = re.compile(r"\b(?:another|more|others?|additional|further|also)\b", re.I)
# words that make a figure part of a total: just before it ("including 12", "of them, 12", "another 23")
_PART_BEFORE = re.compile(r"\b(including|among\s+(?:them|whom|those|these)|of\s+(?:them|whom|those|these)|one\s+of|"
                          r"another|also|a\s+(?:second|third|fourth|fifth))\W+(?:\w+\W+)?$", re.I)
# ... or in its own words ("nine of them", "two others", "one more body", "the remaining 5")
_NUMBER_WORD = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
                r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|dozens?|several)(?:-\w+)?")
_PART_OWN = re.compile(r"^\W*(?:about\s+|some\s+|around\s+)?" + _NUMBER_WORD + r"\s+(of\s+(?:them|whom|those|these))\b"
                       r"|\b(others?|more(?!\s+than)|additional|remaining)\b|\b(also)\b", re.I)
# ... or just after it ("saw 14 bodies, three of them in cars")
_PART_AFTER = re.compile(r"^\s*(of\s+(?:them|whom|those|these))\b", re.I)
# "90 were injured, 20 of them died": the first figure counts the dead too
_DIED_AMONG = re.compile(r"\b(?:of\s+them|of\s+whom|among\s+them)\s+(?:later\s+|have\s+|had\s+|has\s+)?"
                         r"(?:died|were\s+killed|succumbed)\b", re.I)
_PEOPLE_LIKE = frozenset({"people", "civilians"})
_INTERVALS = frozenset({"order_of_magnitude", "range"})


# ---------------------------------------------------------------- helpers


def _plain(text: str) -> str:
    """The text without its comparisons ("the deadliest since 2009"), which date no figure."""
    return _COMPARISON.sub(" ", text)


def _before(c: Claim) -> str:
    """The claim's sentence up to its own words."""
    s = c.sentence or ""
    i = s.find(c.text or "")
    return s[:i] if i >= 0 else ""


def _after(c: Claim) -> str:
    """The claim's sentence after its own words."""
    s = c.sentence or ""
    i = s.find(c.text or "")
    return s[i + len(c.text or ""):] if i >= 0 else ""


def _clause_before(c: Claim) -> str:
    """The clause of the sentence that leads to the claim (after the last comma, semicolon or dash)."""
    return re.split(r"[,;:—–]|\s-\s|\b(?:even\s+as|while|whereas|and)\b", _before(c))[-1]


def _number(c: Claim) -> float | None:
    for x in (c.low, c.value, c.high):
        if x is not None:
            return float(x)
    return None


def _no_incident_cue(c: Claim) -> bool:
    cues = event_cues(c.sentence)
    return not cues.targets and not cues.actions and not cues.definite


def _mention_interval(m: re.Match[str], ref: date) -> tuple[date, date] | None:
    """The days a date mention covers, read against the event date (a month without a year: the latest before)."""
    month_name = (m.group(1) or m.group(3) or "").lower()
    year = m.group(2) or m.group(4)
    if month_name:
        if month_name in _MONTH_NOT_DATE and not year and not re.search(r"\d", m.group(0)):
            return None  # "may", "march" alone are more often words than months
        month = next(i for i, n in enumerate(_MONTHS, 1) if n.startswith(month_name[:3]))
        years = [int(year)] if year else [ref.year - 1, ref.year, ref.year + 1]
        spans = [(date(y, month, 1), date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1)) for y in years]
        # a month without a year: the one nearest the event
        return min(spans, key=lambda sp: 0 if sp[0] <= ref <= sp[1] else min(abs((ref - sp[0]).days),
                                                                              abs((ref - sp[1]).days)))
    if m.group(5):
        y = int(m.group(5))
        return date(y, 1, 1), date(y, 12, 31)
    rel = (m.group(6) or "").lower()
    if "year" in rel:
        return date.min, ref - timedelta(days=YEAR_AGO_DAYS)
    if "month" in rel:
        return date.min, ref - timedelta(days=MONTH_AGO_DAYS)
    return None


def _earlier_date(text: str, ref: date, *, last_only: bool = False) -> str | None:
    """A date mention of ``text`` that ends well before ``ref`` (the words), else None; with ``last_only``
    only the last date ``text`` names counts (the one a following sentence goes on from)."""
    found = [(m, span) for m in _DATE_MENTION.finditer(text) if (span := _mention_interval(m, ref)) is not None]
    for m, span in found[-1:] if last_only else found:
        if (ref - span[1]).days > DATE_SLACK_DAYS:
            return m.group(0)
    return None


# ---------------------------------------------------------------- rules (in the order they run)


@scope_rule("projection.hedged.v1")
def _hedged(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"The toll may rise to 40", "could run into the thousands": a forecast, not a reported toll."""
    return FigureScope(Scope.PROJECTION, "projection.hedged.v1") if c.hedged else None


@scope_rule("toll.period.v1")
def _period(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"Since the start of the invasion", "so far this year", "per day", "during the siege": a running total."""
    m = _PERIOD.search(_plain(c.sentence or ""))
    return FigureScope(Scope.TOLL, "toll.period.v1", m.group(0)) if m else None


@scope_rule("party.enemy_losses.v1")
def _party(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """Fighters' losses told in a belligerent's words ("eliminated 90 invaders") or by its military."""
    if norm_group(c.group) not in _COMBATANTS:
        return None
    m = _ENEMY_LOSS.search(c.sentence or "") or _MILITARY.search(c.attributed_text or "")
    if m is None and _SAID.search(_before(c)):  # "the defence ministry said 200 soldiers were killed"
        m = _MILITARY.search(_before(c))
    return FigureScope(Scope.PARTY, "party.enemy_losses.v1", m.group(0)) if m else None


@scope_rule("background.other_attack.v1")
def _other_attack(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"Even as another attack killed five", "such as one in spring": the figure of another event."""
    m = _OTHER_ATTACK.search(_clause_before(c)) or _ELSEWHERE_OPENING.search(c.sentence or "")
    return FigureScope(Scope.BACKGROUND, "background.other_attack.v1", m.group(0)) if m else None


@scope_rule("background.earlier_date.v1")
def _earlier(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """A sentence (or, when it names no date, its paragraph before it) dated well before the event."""
    if ctx.event_date is None:
        return None
    sentence = _plain(c.sentence or "")
    words = _earlier_date(sentence, ctx.event_date)
    if words is None and not _DATE_MENTION.search(sentence):
        words = _earlier_date(_plain(ctx.paragraph_before(c)), ctx.event_date, last_only=True)
    return FigureScope(Scope.BACKGROUND, "background.earlier_date.v1", words) if words else None


@scope_rule("toll.place.v1")
def _place_toll(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"More than 900 have been killed in the city": a place's total, told as run up to now, in a sentence
    of no attack; or a figure in the thousands with no attack."""
    if not _no_incident_cue(c):
        return None
    m = _WEAK_TOLL.search(c.sentence or "")
    if m and _PERFECT.search(c.sentence or ""):
        return FigureScope(Scope.TOLL, "toll.place.v1", m.group(0))
    n = _number(c)
    if n is not None and n >= TOLL_MAGNITUDE:
        return FigureScope(Scope.TOLL, "toll.place.v1", c.text)
    return None


@scope_rule("part.subgroup.v1")
def _subgroup(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """Children, women, police among the victims: part of the people's total."""
    g = norm_group(c.group)
    return None if g in _PEOPLE_LIKE or g in _COMBATANTS else FigureScope(Scope.PART, "part.subgroup.v1", g)


@scope_rule("part.among_wounded.v1")
def _among_wounded(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"90 were injured, 20 of them died": the wounded figure counts the dead too, so it is no injured total."""
    if c.measure != "injured":
        return None
    m = _DIED_AMONG.search(_after(c))
    return FigureScope(Scope.PART, "part.among_wounded.v1", m.group(0)) if m else None


INCREMENT_REACH = 600  # characters back to the figure that "N more" is more than


_HARM_WORDS = {"killed": re.compile(r"\b(?:killed|killing|dead|died|deaths?|lives)\b", re.I),
               "injured": re.compile(r"\b(?:injured|injuring|wounded|wounding|hurt|injuries)\b", re.I)}


def _other_measure_before(c: Claim, ctx: FigureContext) -> bool:
    """Whether the figure before the claim is of another measure ("19 were killed; 26 more were hurt"): the
    nearest figure before it, else the words of its sentence before it ("killed 31 and injured 64 others")."""
    other = "injured" if c.measure == "killed" else "killed"
    if _HARM_WORDS[other].search(_before(c)) and not _HARM_WORDS[c.measure or "killed"].search(_before(c)):
        return True
    before = [o for o in ctx.claims if o.start < c.start and c.start - o.start < INCREMENT_REACH]
    return bool(before) and max(before, key=lambda o: o.start).measure != c.measure


@scope_rule("part.words.v1")
def _part_words(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"Nine of them died in hospital", "one more body was found": part of a total the report gives."""
    if c.measure == "killed" and _DIED_AMONG.search(f"{c.text} {(c.sentence or '')[len(_before(c)):][:60]}") \
            and any(o.measure == "injured" and o.sentence == c.sentence and o.start < c.start for o in ctx.claims):
        return None  # "90 were injured, 20 of them died": 20 is the toll of the dead
    before, own = _before(c), c.text or ""
    m = _PART_BEFORE.search(before) or _PART_OWN.search(own) or _PART_AFTER.search(_after(c))
    if m is None:
        return None
    word = next(g for g in m.groups() if g).lower().split()[-1]
    if _INCREMENT.fullmatch(word) and _other_measure_before(c, ctx):
        return None  # "40 were killed, five more were injured": more than the dead, not more of the wounded
    return FigureScope(Scope.PART, "part.words.v1", m.group(0).strip())


@scope_rule("part.one_victim.v1")
def _one_victim(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"A writer died of her wounds", "a woman was killed": one victim told of, when the report gives a larger toll."""
    if _number(c) != 1:
        return None
    larger = any(o.measure == c.measure and (_number(o) or 0) > 1 and norm_group(o.group) in _PEOPLE_LIKE
                 and not o.hedged for o in ctx.claims)
    return FigureScope(Scope.PART, "part.one_victim.v1", c.text) if larger else None


@scope_rule("part.treated.v1")
def _treated(c: Claim, ctx: FigureContext) -> FigureScope | None:
    """"18 people were hospitalised", when the report gives a larger count of the wounded: a part of it."""
    if c.measure != "injured" or not _TREATED.search(c.sentence or ""):
        return None
    n = _number(c)
    if n is None:
        return None
    larger = any(o.measure == "injured" and o is not c and not _TREATED.search(o.sentence or "")
                 and (_number(o) or 0) > n and norm_group(o.group) in _PEOPLE_LIKE for o in ctx.claims)
    return FigureScope(Scope.PART, "part.treated.v1", c.text) if larger else None


# ---------------------------------------------------------------- classification


def classify(c: Claim, ctx: FigureContext) -> FigureScope:
    """The scope of one casualty claim: the first registered rule that decides, else an incident figure."""
    for _, rule in _RULES:
        found = rule(c, ctx)
        if found is not None:
            return found
    return FigureScope(Scope.INCIDENT, "incident.default.v1")


@dataclass(frozen=True)
class IncidentFigures:
    """One war report's figures of its own incident, for one measure."""

    best: int | None  # the report's figure: the largest of its totals (as ``document_counts`` takes for other reports)
    totals: tuple[int, ...]  # every total the report gives, in text order
    claims: tuple[str, ...]  # the claims of its incident (totals and their parts)
    party: tuple[str, ...] = ()  # a belligerent's claims of the enemy's losses: kept beside the toll, not in it
    groups: tuple[int, ...] = ()  # counts of some of the victims only (children, women): when no report counts all


def _is_total(c: Claim) -> bool:
    return c.qualifier not in _INTERVALS and _number(c) is not None


def scopes_of(claims: Iterable[Claim], ctx: FigureContext) -> dict[str, FigureScope]:
    """claim id -> scope, for the casualty claims of one report.

    When none of them is the report's own incident but some are background, the report is
    about that earlier event (a retrospective): those figures are its incident's.
    """
    claims = sorted(claims, key=lambda c: c.start)
    out = {c.id: classify(c, ctx) for c in claims}
    for c in claims:  # "Of those, 300 were children" after a city's toll: a part of the toll is the toll's
        if out[c.id].scope is Scope.PART:
            ante = _antecedent(c, claims, out)
            if ante is not None and out[ante.id].scope in (Scope.TOLL, Scope.BACKGROUND, Scope.PARTY):
                out[c.id] = FigureScope(out[ante.id].scope, "part.of_other.v1", ante.text)
    if not any(s.scope is Scope.INCIDENT for s in out.values()):
        out = {k: FigureScope(Scope.INCIDENT, "incident.retrospective.v1") if s.scope is Scope.BACKGROUND else s
               for k, s in out.items()}
    return out


def _antecedent(c: Claim, claims: list[Claim], scopes: dict[str, FigureScope]) -> Claim | None:
    """The nearest figure of the same measure before a part, of a whole group (people, civilians, fighters)."""
    before = [o for o in claims if o.measure == c.measure and o.start < c.start and c.start - o.start < INCREMENT_REACH
              and scopes[o.id].rule != "part.subgroup.v1"]
    return max(before, key=lambda o: o.start) if before else None


def incident_figures(claims: list[Claim], measure: str, ctx: FigureContext,
                     scopes: dict[str, FigureScope]) -> IncidentFigures:
    """The report's totals of ``measure`` for its incident: figures of the people harmed, else of fighters."""
    mine = [c for c in claims if c.kind == "quantity" and c.measure == measure and c.id in scopes]
    inc = [c for c in mine if scopes[c.id].scope in (Scope.INCIDENT, Scope.PART)]
    totals = [c for c in inc if scopes[c.id].scope is Scope.INCIDENT and _is_total(c)]
    people = [c for c in totals if norm_group(c.group) in _PEOPLE_LIKE]
    chosen = sorted(people or totals, key=lambda c: c.start)
    # the counts of some of the victims ("a child was killed"): the incident's, when none of its reports counts all
    groups = tuple(int(_number(c)) for c in inc if scopes[c.id].rule == "part.subgroup.v1"  # type: ignore[arg-type]
                   and _is_total(c))
    values = tuple(int(_number(c)) for c in chosen)  # type: ignore[arg-type]
    party = tuple(c.id for c in mine if scopes[c.id].scope is Scope.PARTY)
    return IncidentFigures(best=max(values) if values else None, totals=values, claims=tuple(c.id for c in inc),
                           party=party, groups=groups)
