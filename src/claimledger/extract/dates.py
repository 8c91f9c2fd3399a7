"""Dates: relative expressions resolved against the publication date.

Two questions are answered here:

- ``claim_as_of``: the date a claim's figure is given for ("on Wednesday", "yesterday",
  "March 9" in its sentence), else the publication date;
- ``event_date``: the date of the main event an article reports (for crime news, the
  shooting: "Saturday night", "early Sunday", "on Jan. 4").

Candidate expressions are found cheaply (a regex for the common shapes plus the model's
DATE/TIME entities); the common relative shapes (weekdays, yesterday, last night) are
resolved by our own rules, everything else by dateparser with RELATIVE_BASE = the
publication date, memoised because dateparser is slow.

Our own rules, which dateparser does not follow:
- a weekday equal to the publication day's weekday means that same day, not a week back;
- past-tense reports prefer the past: "Saturday" in a Monday story is two days before;
  only "next Saturday" (or a future-tense sentence) looks forward.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span

from claimledger.records import Claim

log = logging.getLogger(__name__)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}

_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)day"
_MONTH_RE = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
             r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_WD_LEAD = r"(?:(?:on|early|late)\s+)?"
# The shapes that carry a day; order matters (longer shapes first). A weekday before a
# month and day ("Saturday, May 17") belongs to it: together they can tell the year.
_EXPR_RE = re.compile(
    r"\b(?:"
    rf"(?:{_WD_LEAD}(?P<mwd>{_WEEKDAY_RE}){_DAYPART},?\s+)?(?P<md>{_MONTH_RE}\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<myear>(?:19|20)\d\d))?)(?![\d:])"
    rf"|(?:{_WD_LEAD}(?P<dwd>{_WEEKDAY_RE}){_DAYPART},?\s+(?:the\s+)?)?(?P<dm>(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(?P<dyear>(?:19|20)\d\d))?)\b"
    r"|(?P<num>(?P<nm>1[0-2]|0?[1-9])/(?P<nd>3[01]|[12]\d|0?[1-9])(?:/(?P<ny>(?:19|20)?\d\d))?)(?![\d/])"
    rf"|(?P<wd>(?:(?P<wmod>last|next|this|early|late|on|since)\s+)?(?P<wname>{_WEEKDAY_RE}){_DAYPART})\b"
    r"|(?P<rel>yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+(?:night|evening)|overnight"
    r"|earlier\s+(?:today|this\s+week)|last\s+week(?:end)?|(?:a|one|two|three|four|five|six|\d)\s+days?\s+"
    r"(?:ago|earlier|before)|the\s+day\s+before|the\s+previous\s+day|a\s+week\s+ago)\b"
    r")",
    re.IGNORECASE,
)
# Metadata lines ("Posted: Friday, January 31, 2014") tell when the page was written, not the event.
_META_BEFORE = re.compile(r"(?:posted|updated|published|modified|created|last\s+update[d]?|copyright|©)\W{0,3}"
                          r"(?:on\s+)?(?:[a-z]+,?\s+)?$", re.IGNORECASE)
# The page's own stamp ("Created: 09/21/2015", "Posted: Friday, March 6, 2013"): when the text was written.
_STAMP = re.compile(r"\b(?:posted|updated|published|modified|created|last\s+update[d]?)\W{0,3}(?:on\s+)?"
                    r"(?:[a-z]+,?\s+)?", re.IGNORECASE)
_STAMP_WINDOW = 800  # stamps stand at the top of a page
_FUTURE = re.compile(r"\b(?:will|next|upcoming|scheduled|plans?\s+to|is\s+set\s+to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateExpr:
    """One date expression in a text, resolved."""

    start: int
    end: int
    text: str
    date: date | None
    absolute: bool  # the text alone fixes the day (a month and day), no publication date needed


def parse_iso(value: str | None) -> date | None:
    """An ISO ``YYYY-MM-DD`` (longer strings are cut) as a date, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _weekday_index(name: str) -> int | None:
    low = name.lower().rstrip(".")
    if low in WEEKDAYS:
        return WEEKDAYS.index(low)
    return _WD_ABBR.get(low[:-3] if low.endswith("day") else low)


def _month_index(name: str) -> int | None:
    low = name.lower().rstrip(".")
    if low in MONTHS:
        return MONTHS.index(low) + 1
    return _MONTH_ABBR.get(low[:4]) or _MONTH_ABBR.get(low[:3]) or (5 if low == "may" else None)


def resolve_weekday(weekday: int, base: date, *, modifier: str = "", future: bool = False) -> date:
    """The day a weekday name means in a text written on ``base``.

    The publication day's own weekday is that same day (our rule; dateparser would go a
    week back); otherwise the most recent such day before it, or the next one when the
    text looks forward ("next Friday", future tense).
    """
    modifier = modifier.lower()
    back = (base.weekday() - weekday) % 7
    if modifier == "next" or (future and modifier != "last"):
        ahead = (weekday - base.weekday()) % 7
        return base + timedelta(days=ahead or (7 if modifier == "next" else 0))
    if modifier == "last" and back == 0:
        back = 7
    return base - timedelta(days=back)


def _resolve_month_day(month: int, day: int, year: int | None, base: date | None,
                       weekday: int | None = None) -> date | None:
    """A month and day, with the year from the text or the most recent one not after ``base``.

    With a weekday named beside it ("Saturday, May 17"), the most recent year in which that
    day falls on that weekday (a few years back at most), else as without one.
    """
    if year is None and weekday is not None and base is not None:
        fits = _year_of_weekday(month, day, weekday, base)
        if fits is not None:
            return fits
    if year is None:
        if base is None:
            return None
        year = base.year
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        # past-tense news: a month-day later than the publication (beyond a couple of days' slack) is last year's
        return d if d <= base + timedelta(days=2) else _safe_date(year - 1, month, day)
    return _safe_date(year, month, day)


_WEEKDAY_YEARS_BACK = 6


def _year_of_weekday(month: int, day: int, weekday: int, base: date) -> date | None:
    """The latest month-day not after ``base`` (a couple of days' slack) that falls on ``weekday``.

    An archived story dated by its crawl, naming "Saturday, Sept. 12", happened in the
    year that Sept. 12 was a Saturday, not the crawl's year.
    """
    for year in range(base.year, base.year - _WEEKDAY_YEARS_BACK - 1, -1):
        d = _safe_date(year, month, day)
        if d is not None and d <= base + timedelta(days=2) and d.weekday() == weekday:
            return d
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_RELATIVE_DAYS = {
    "yesterday": -1, "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "last night": -1, "last evening": -1, "overnight": 0, "earlier today": 0, "the day before": -1,
    "the previous day": -1, "a week ago": -7, "last week": -7, "last weekend": None,
}
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _resolve_relative(text: str, base: date) -> date | None:
    low = re.sub(r"\s+", " ", text.lower())
    if low == "last weekend":
        # the Saturday of the weekend before the publication week's end
        return resolve_weekday(5, base, modifier="last" if base.weekday() >= 5 else "")
    if low == "earlier this week":
        return None
    if low in _RELATIVE_DAYS:
        offset = _RELATIVE_DAYS[low]
        return base + timedelta(days=offset) if offset is not None else None
    m = re.match(r"(\w+) days? (?:ago|earlier|before)$", low)
    if m:
        n = _NUMBER_WORDS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        return base - timedelta(days=n) if n else None
    return None


@lru_cache(maxsize=4096)
def _dateparser(text: str, base_iso: str | None) -> date | None:
    """dateparser, for the shapes our rules do not cover; memoised (it costs about a millisecond a call)."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day"],
                                   "RETURN_AS_TIMEZONE_AWARE": False}
    if base_iso:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base_iso)
    try:
        got = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError) as e:  # dateparser raises on odd inputs; a date we cannot read is no date
        log.debug("dateparser failed on %r: %s", text, e)
        return None
    return got.date() if got else None


def resolve_expression(text: str, published: date | None, *, future: bool = False) -> tuple[date | None, bool]:
    """Resolve one expression: (date or None, whether the expression alone fixes the date)."""
    m = _EXPR_RE.fullmatch(text.strip()) or _EXPR_RE.search(text)
    if m:
        return _resolve_match(m, published, future=future)
    if published is None or not re.search(r"\d|day|week|ago", text, re.IGNORECASE):
        return None, False
    return _dateparser(text, published.isoformat()), False


def _resolve_match(m: re.Match[str], published: date | None, *, future: bool) -> tuple[date | None, bool]:
    if m.group("md"):
        month = _month_index(m.group("md").split()[0])
        year = int(m.group("myear")) if m.group("myear") else None
        if month is None:
            return None, False
        wd = _weekday_index(m.group("mwd")) if m.group("mwd") else None
        return _resolve_month_day(month, int(m.group("mday")), year, published, wd), year is not None
    if m.group("dm"):
        parts = m.group("dm").split()
        month = _month_index(parts[-2] if m.group("dyear") else parts[-1])
        year = int(m.group("dyear")) if m.group("dyear") else None
        if month is None:
            return None, False
        wd = _weekday_index(m.group("dwd")) if m.group("dwd") else None
        return _resolve_month_day(month, int(m.group("dday")), year, published, wd), year is not None
    if m.group("num"):
        y = m.group("ny")
        year = (int(y) + (2000 if len(y) == 2 else 0)) if y else None
        return _resolve_month_day(int(m.group("nm")), int(m.group("nd")), year, published), year is not None
    if published is None:
        return None, False
    if m.group("wd"):
        wd = _weekday_index(m.group("wname"))
        if wd is None:
            return None, False
        return resolve_weekday(wd, published, modifier=m.group("wmod") or "", future=future), False
    return _resolve_relative(m.group("rel"), published), False


def find_expressions(text: str, published: date | None, *, offset: int = 0,
                     extra: tuple[tuple[int, int], ...] = ()) -> list[DateExpr]:
    """Every date expression in ``text`` with its resolved date, in text order.

    ``extra`` are more candidate spans (character offsets into ``text``, e.g. the model's
    DATE entities) for shapes the regex does not know; they go to dateparser.
    """
    future = bool(_FUTURE.search(text))
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPR_RE.finditer(text):
        if _META_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        d, absolute = _resolve_match(m, published, future=future)
        found.append(DateExpr(offset + m.start(), offset + m.end(), m.group(0), d, absolute))
        taken.append((m.start(), m.end()))
    for s, e in extra:
        if any(s < te and ts < e for ts, te in taken):
            continue
        frag = text[s:e]
        if published is None or not re.search(r"\d", frag) or not re.search(_MONTH_RE + r"\b", frag, re.IGNORECASE):
            continue  # a bare number, "last year", "recent weeks": no day of a month in it
        if _META_BEFORE.search(text[max(0, s - 40):s]):
            continue
        d = _dateparser(frag, published.isoformat())
        if d is not None:
            found.append(DateExpr(offset + s, offset + e, frag, d, False))
    found.sort(key=lambda x: x.start)
    return found


def written_date(text: str, published: date | None) -> date | None:
    """The day the text was written: its own earliest dated stamp near the top, when before ``published``.

    An archived page's publication date may be the day it was crawled, months or years
    after the story; "Posted:"/"Created:" lines with a full date (year included) tell when
    it was written, and relative days ("Saturday night") count back from then.
    """
    head = text[:_STAMP_WINDOW]
    stamps = []
    for m in _STAMP.finditer(head):
        x = _EXPR_RE.match(head, m.end())
        if x is None:
            continue
        d, absolute = _resolve_match(x, None, future=False)
        if d is not None and absolute:
            stamps.append(d)
    if not stamps:
        return published
    first = min(stamps)
    return first if published is None or first < published else published


def _date_spans(doc: Doc, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple((e.start_char - start, e.end_char - start) for e in doc.ents
                 if e.label_ in ("DATE", "TIME") and e.start_char >= start and e.end_char <= end)


def _sentence_at(doc: Doc, char: int) -> Span | None:
    starts = [t.idx for t in doc]
    if not starts:
        return None
    i = max(0, bisect_right(starts, char) - 1)
    return doc[i].sent if doc.has_annotation("SENT_START") else doc[:]


_EVENT_NOUN = (r"(?:air ?strike|missile strike|drone strike|rocket attack|strike|attack|assault|bombing|shelling|"
               r"blast|explosion|raid|shooting|massacre|ambush|bombardment|invasion|offensive|war|siege|fire|crash)s?")
# "Friday's missile strike", "the attack on Friday", "the strike of 8 April": the day of the event
_EVENT_AFTER = re.compile(rf"^(?:'s|’s)\s+(?:[\w-]+\s+){{0,2}}?{_EVENT_NOUN}\b", re.IGNORECASE)
_EVENT_BEFORE = re.compile(rf"\b{_EVENT_NOUN}\s+(?:on|of)\s+(?:the\s+)?$", re.IGNORECASE)
# "since 24 February", "since the start of the invasion on 24 February": where a period begins
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;.]{0,60}$", re.IGNORECASE)


def _not_the_figures_date(text: str, x: DateExpr) -> bool:
    """Whether a date in a figure's sentence dates something else: the event counted, or a period's start.

    A toll "from Friday's strike" that "has risen to 52" is the count when the report was
    written, not on Friday; "hundreds of deaths since 24 February" are counted up to now.
    """
    before = text[max(0, x.start - 80):x.start]
    if _SINCE_BEFORE.search(before):
        return True
    if x.text.lower().startswith("since"):
        return True
    lead = re.match(r"(?:on|of)\s+", x.text, re.IGNORECASE)  # the expression may hold the "on" itself
    return bool(_EVENT_AFTER.match(text[x.end:x.end + 60])
                or _EVENT_BEFORE.search(before + (lead.group(0) if lead else "")))


def claim_as_of(doc: Doc, claim: Claim, published: str | None) -> str | None:
    """The date a claim's figure is given for: a date expression in its sentence, else the publication date.

    Without a publication date only an absolute date (month and day with a year) counts;
    otherwise the answer is None.
    """
    return stated_as_of(doc, claim, published) or published


def stated_as_of(doc: Doc, claim: Claim, published: str | None) -> str | None:
    """The date a date expression in the claim's sentence gives its figure, or None."""
    pub = parse_iso(published)
    sent = _sentence_at(doc, claim.start)
    if sent is None:
        return None
    exprs = [x for x in find_expressions(sent.text, pub, offset=sent.start_char,
                                         extra=_date_spans(doc, sent.start_char, sent.end_char))
             if x.date is not None and (pub is not None or x.absolute)]
    text = doc.text
    exprs = [x for x in exprs if not _not_the_figures_date(text, x)]
    if pub is not None:
        # a figure is reported as of a day not after the report (slack for time zones)
        exprs = [x for x in exprs if x.date <= pub + timedelta(days=1)]  # type: ignore[operator]
    if not exprs:
        return None
    # the expression nearest to the claim's own span speaks for it
    best = min(exprs, key=lambda x: min(abs(x.start - claim.end), abs(claim.start - x.end)))
    return best.date.isoformat() if best.date else None


# Words that make a sentence about the violent event itself, and verbs a date can hang on.
VIOLENCE_WORDS = frozenset("""
shot shooting shootings shoot shooter gunman gunmen gunfire gunshot gunshots fired firing opened killed kill
killing killings slain murdered murder homicide stabbed stabbing wounded wounding injured injuring died dead
fatal fatally attack attacked airstrike airstrikes strike struck shelling shelled bombing bombed explosion
exploded blast ambush ambushed massacre slaying rampage hit
""".split())
_EVENT_VERBS = frozenset("""
shot shoot fired opened killed slain murdered stabbed wounded injured struck attacked happened occurred
erupted broke began started died hit found exploded shelled bombed ambushed took
""".split())
_LATER_VERBS = frozenset("""
said says told announced arrested charged booked sentenced convicted pleaded appeared released identified
confirmed named held scheduled arraigned indicted testified ruled filed posted updated reported died buried
""".split())


_PAST_VIOLENCE = re.compile(r"\b(?:was|were|been)\s+(?:\w+\s+)?(?:shot|killed|wounded|injured|stabbed|slain|murdered)\b"
                            r"|\b(?:died|opened fire|fatally)\b", re.IGNORECASE)


_ATTACK_NOUN = (r"(?:shooting|shootout|gunfight|homicide|slaying|killing|murder|stabbing|attack|ambush|massacre|"
                r"rampage|robbery|invasion|bombing|spree)s?")
# "the Nov. 3 shooting", "the June 11, 2015, shooting spree", "Friday's deadly shooting"
_ATTACK_AFTER = re.compile(rf"^(?:,?\s+(?:19|20)\d\d,)?(?:'s|’s)?\s+(?:[a-z-]+\s+){{0,2}}?{_ATTACK_NOUN}\b",
                           re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# "the shooting on June 11"; not a charge's name ("charged with murder on Saturday": the day of the charge)
_ATTACK_BEFORE = re.compile(r"\b(?:shooting|shootout|gunfight|slaying|stabbing|attack|ambush|massacre|rampage|"
                            r"bombing)s?\s+(?:on|of)\s+(?:the\s+)?$", re.IGNORECASE)


def _names_the_attack(text: str, x: DateExpr) -> bool:
    """Whether a date is the attack's own, named with it: "the Nov. 3 shooting", "Friday's shooting".

    A story told on a later day (an arrest, a plea, a trial) names the attack by its date;
    the verbs around it are the court's ("pleaded guilty to their roles in the Nov. 22
    shootout"), so the parse alone would rank the court day first.
    """
    lead = re.match(r"(?:on|of)\s+", x.text, re.IGNORECASE)
    before = text[max(0, x.start - 60):x.start] + (lead.group(0) if lead else "")
    if _ATTACK_BEFORE.search(before):
        return True
    after = text[x.end:x.end + 60]
    possessive = re.match(r"(?:'s|’s)\s", after) is not None
    return (possessive or bool(_THE_BEFORE.search(before))) and bool(_ATTACK_AFTER.match(after))


_MONTH_DAY_SHAPE = re.compile(rf"{_MONTH_RE}\b|\d/\d", re.IGNORECASE)


def stated_years(text: str) -> dict[tuple[int, int], date]:
    """Each month and day the text gives with a year ("March 13, 2013"), once, mapped to that date.

    A month-day given with two different years is left out: the text does not settle it.
    """
    seen: dict[tuple[int, int], set[date]] = {}
    for x in find_expressions(text, None):
        if x.absolute and x.date is not None:
            seen.setdefault((x.date.month, x.date.day), set()).add(x.date)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _with_stated_year(x: DateExpr, years: dict[tuple[int, int], date]) -> DateExpr:
    """A year-less month-day ("Mar. 13") in the year the same text gives it elsewhere ("March 13, 2013").

    The year a bare month-day is guessed in (the latest not after publication) is wrong
    for a story told a year or more on; the article itself often names the year once.
    """
    if x.absolute or x.date is None or not _MONTH_DAY_SHAPE.search(x.text):
        return x
    stated = years.get((x.date.month, x.date.day))
    return replace(x, date=stated) if stated is not None else x


def _head_verb(span: Span) -> str:
    """The first verb (or noun event) above an expression in the parse, lower-cased."""
    tok = span.root
    for _ in range(4):
        head = tok.head
        if head is tok:
            break
        if head.pos_ in ("VERB", "AUX") or head.lower_ in VIOLENCE_WORDS:
            return head.lower_
        tok = head
    return ""


_LEAD_CHARS = 3000


def _tells_of_violence(doc: Doc) -> bool:
    """Whether the article's lead is about violence ("shot", "killing", "gunfire"), in any wording.

    A story of an attack that names no day was written on the day or the day after; the
    day before publication is within a day of both (incident grouping takes the same view).
    """
    return any(t.lower_ in VIOLENCE_WORDS for t in doc if t.idx < _LEAD_CHARS)


def event_date(doc: Doc, published: str | None) -> str | None:
    """The date of the main event the article reports (ISO); see ``event_date_evidence``."""
    return event_date_evidence(doc, published)[0]


def event_date_evidence(doc: Doc, published: str | None) -> tuple[str | None, str]:
    """The date of the main event the article reports (ISO), from the text, else a fallback.

    The expression chosen hangs on an event verb ("was shot Saturday", "the shooting
    happened Wednesday night") in a sentence about violence; dates of arrests, court days
    and statements ("police said Thursday") rank lower. Without any, "last night" in the
    story means the day before, as does a story of violence naming no day; otherwise the
    publication date (the page's own stamp where it is older, see ``written_date``). Without a publication date
    only absolute dates count, else None.
    """
    pub = written_date(doc.text, parse_iso(published))
    years = stated_years(doc.text)
    best: tuple[float, int, date, str] | None = None
    for sent in doc.sents if doc.has_annotation("SENT_START") else [doc[:]]:
        text = sent.text
        words = {t.lower_ for t in sent}
        violent = bool(words & VIOLENCE_WORDS)
        exprs = find_expressions(text, pub, offset=sent.start_char,
                                 extra=_date_spans(doc, sent.start_char, sent.end_char) if violent else ())
        for x in exprs:
            x = _with_stated_year(x, years)
            if x.date is None or (pub is None and not x.absolute):
                continue
            if pub is not None and not (pub - timedelta(days=4 * 366) <= x.date <= pub + timedelta(days=1)):
                continue
            span = doc.char_span(x.start, x.end, alignment_mode="expand")
            head = _head_verb(span) if span is not None else ""
            score = 1.0
            if violent:
                score = 2.0
            if head in _EVENT_VERBS or head in VIOLENCE_WORDS:
                score = 3.0 if violent else 2.0
            elif head in _LATER_VERBS:
                score = 0.5
            if head == "died":  # a victim may die days after the attack
                score = 1.5
            if _names_the_attack(doc.text, x):
                score = 3.5
            key = (score, -x.start, x.date, f"{x.text!r} head={head!r} score={score}")
            if best is None or key[:2] > best[:2]:
                best = key
    if best is not None and best[0] >= 1.0:
        return best[2].isoformat(), best[3]
    if pub is None:
        return None, "no absolute date"
    if re.search(r"\blast\s+night\b|\blate\s+yesterday\b", doc.text, re.IGNORECASE):
        return (pub - timedelta(days=1)).isoformat(), "last night"
    if _PAST_VIOLENCE.search(doc.text) or _tells_of_violence(doc):
        # a report of a past attack with no day named: such reports appear on the day or the
        # day after, and the day before publication is within one day of both
        return (pub - timedelta(days=1)).isoformat(), "reported violence, no day named"
    return pub.isoformat(), "publication date"
