"""The day of a war report's attack: the event's day, never a period's start or a year from elsewhere.

The extraction's event date (``extract.dates.event_date``) reads US crime news well; in war
reports it may land on the war's start ("since the invaders came on 3 March"), on a page's
numeric stamp read the wrong way round ("03/11/2031"), or on a weekday's year guessed years
back ("on Tuesday, 14 March"). The registered ``date`` rules each veto such a date; the day is
then the best other date expression of the lead that no rule vetoes, else the report's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from claimledger.extract.dates import DateExpr, find_expressions
from claimledger.resolve.war.rules import rule, rules

LEAD_CHARS = 3000  # the part of a report its date is read from
YEAR_GUESS_DAYS = 366  # a date whose year the text does not write is at most this far before the report
RECENT_DAYS = 7  # a date this near the report's own is the attack's, when the text ties it to nothing else
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMERIC = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
# "since 3 March", "the invasion on 3 March", "Borovia, which invaded Kestria on March 3"
_PERIOD_BEFORE = re.compile(r"\b(?:since|invaded|invasion|started|began|launched|start\s+of|beginning\s+of|"
                            r"full-scale|outbreak)\b[^.;\n]{0,50}$", re.IGNORECASE)
_ATTACK = re.compile(r"\b(?:strikes?|struck|attacks?|attacked|hit|shelling|shelled|missiles?|rockets?|explosions?|"
                     r"blasts?|bomb\w*|killed|killing|injured|wounded|died|dead)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateContext:
    text: str
    published: date | None


@rule("date", "period_start.v1")
def period_start(ctx: DateContext, x: DateExpr) -> bool:
    """A period's start ("since 3 March", "invaded Kestria on March 3"): not the attack's day."""
    return bool(_PERIOD_BEFORE.search(ctx.text[max(0, x.start - 70):x.start])) or x.text.lower().startswith("since")


@rule("date", "page_stamp.v1")
def page_stamp(ctx: DateContext, x: DateExpr) -> bool:
    """A numeric date ("03/11/2031"): a page's stamp, in an order the text does not tell, not prose."""
    return bool(_NUMERIC.match(x.text.strip()))


@rule("date", "guessed_year.v1")
def guessed_year(ctx: DateContext, x: DateExpr) -> bool:
    """A date whose year the text does not write, more than a year before the report: a year guessed wrong."""
    if ctx.published is None or x.date is None or _YEAR.search(x.text):
        return False
    return (ctx.published - x.date).days > YEAR_GUESS_DAYS


@rule("date", "future.v1")
def future(ctx: DateContext, x: DateExpr) -> bool:
    """A date after the report's own day: a plan or a deadline."""
    return ctx.published is not None and x.date is not None and x.date > ctx.published + timedelta(days=1)


def vetoed(ctx: DateContext, x: DateExpr) -> bool:
    """Whether any registered date rule says the expression is not the attack's day."""
    return any(fn(ctx, x) for fn in rules("date").values())


def _expression_of(exprs: list[DateExpr], day: date) -> DateExpr | None:
    return next((x for x in exprs if x.date == day), None)


def war_date(text: str, published: date | None, extracted: date | None, fallback: date | None) -> date | None:
    """The attack's day (see the module's docstring); ``fallback``: the day when the text gives none."""
    lead = text[:LEAD_CHARS]
    ctx = DateContext(lead, published)
    exprs = [x for x in find_expressions(lead, published) if x.date is not None]
    if extracted is not None:
        x = _expression_of(exprs, extracted)
        if x is None or not vetoed(ctx, x):
            return extracted
    kept = [x for x in exprs if not vetoed(ctx, x)]
    if not kept:
        return fallback

    def rank(x: DateExpr) -> tuple[int, int, int]:
        """Dates in a sentence about the attack first, then those near the report's own day, then the earliest."""
        end = lead.find(".", x.end)
        sentence = lead[max(0, lead.rfind(".", 0, x.start)):end if end >= 0 else len(lead)]
        recent = published is not None and 0 <= (published - x.date).days <= RECENT_DAYS  # type: ignore[operator]
        return (int(bool(_ATTACK.search(sentence))), int(recent or published is None), -x.start)

    return max(kept, key=rank).date
