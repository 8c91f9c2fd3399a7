"""Figure phrases in a sentence and the filter of figures that count nothing harmed (owner: quantities work).

``find_figures`` finds every figure phrase (digits, spelled-out numbers, vague amounts, ranges,
with the qualifier before it); ``non_claim`` says why a figure is an age, a year, a distance, an
identifier or a population rather than a count of victims. ``Figure`` and ``Found`` are the
records the quantity rules pass around.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from claimledger.extract.measures import (
    ADJ_MEASURES,
    GROUPS,
    NOT_BEFORE,
    PERSON_GROUPS,
    POPULATION_HEADS,
    REFER_BACK,
    TIME_WORDS,
    UNITS,
    lemma,
)
from claimledger.extract.numbers import VAGUE_HEADS, Bounds, make_bounds, match_qualifier, parse_number, vague_bounds


@dataclass
class Figure:
    start: int  # first token of the phrase, qualifier included
    end: int  # one past the last token of the figure
    head: Token  # the token that stands for the figure in the parse
    bounds: Bounds
    vague: bool = False


@dataclass
class Found:
    measure: str
    group: str
    tokens: set[int] = field(default_factory=set)
    hedged: bool = False
    verb: Token | None = None
    estimate: bool = False
    weak: bool = False  # a single victim "shot": injured unless the article says they died
    inherit: bool = False  # refers back to the previous figure
    count: int = 1  # victims named singly and joined by "and" ("a woman and a child")


def is_num(tok: Token) -> bool:
    return tok.like_num or tok.tag_ == "CD"


def find_figures(sent: Span) -> list[Figure]:
    """Every figure phrase in the sentence, with its bounds, before any non-claim filtering."""
    doc = sent.doc
    out: list[Figure] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        low = tok.text.lower()
        fig: Figure | None = None
        if low in VAGUE_HEADS and tok.tag_ in ("NNS", "NNPS", "CD"):
            words = [t.text.lower() for t in doc[i:min(sent.end, i + 3)]]
            vb = vague_bounds(words)
            if vb and not (i > sent.start and is_num(doc[i - 1])):
                (lo, hi), n = vb
                # "scores" and "dozens" only count as amounts when followed by "of"
                if low in ("scores",) and (i + n >= sent.end or doc[i + n].text.lower() != "of"):
                    i += 1
                    continue
                span_toks = doc[i:i + n]
                head = next((t for t in span_toks if not (i <= t.head.i < i + n) or t.head == t), tok)
                fig = Figure(i, i + n, head, make_bounds(None, (lo, hi), None), True)
        elif is_num(tok) and low != "one" or (low == "one" and _one_is_figure(tok, sent)):
            j = i
            while j + 1 < sent.end:
                if is_num(doc[j + 1]) and not doc[j + 1].text[0].isdigit() \
                        or doc[j + 1].text.lower() in ("million", "thousand", "hundred", "billion"):
                    j += 1
                elif j + 2 < sent.end and doc[j + 1].text == "-" and doc[j].text.isalpha() and \
                        doc[j + 2].text.isalpha() and is_num(doc[j + 2]) and not doc[j].whitespace_:
                    j += 2  # "twenty-one" is one number, not a range
                else:
                    break
            text = " ".join(t.text for t in doc[i:j + 1])
            value = parse_number(text)
            if value is not None:
                head = next((t for t in doc[i:j + 1] if not (i <= t.head.i <= j) or t.head == t), doc[j])
                second = None
                # ranges: "10 to 20", "10-20", "between 10 and 20"
                if j + 2 < sent.end and doc[j + 1].text.lower() in ("to", "-", "\u2013", "and", "or") \
                        and is_num(doc[j + 2]):
                    between = i > sent.start and doc[i - 1].text.lower() == "between"
                    if doc[j + 1].text.lower() != "and" or between:
                        second = parse_number(doc[j + 2].text)
                        if second is not None:
                            j += 2
                start = i - 1 if second is not None and i > sent.start and doc[i - 1].text.lower() == "between" else i
                fig = Figure(start, j + 1, head, make_bounds(value, None, None, second))
        elif low in ("dozen", "hundred", "thousand") and i > sent.start and doc[i - 1].text.lower() in ("a", "an"):
            value = parse_number(f"a {low}")
            fig = Figure(i - 1, i + 1, tok, make_bounds(value, None, None))
        if fig is None:
            i += 1
            continue
        if fig.bounds.qualifier != "range":
            before = [t.text.lower() for t in doc[max(sent.start, fig.start - 5):fig.start]]
            q = match_qualifier(before)
            if q:
                fig.start -= q[2]
                fig.bounds = make_bounds(fig.bounds.value, None if not fig.vague else (
                    fig.bounds.low, fig.bounds.high), (q[0], q[1]))
                if fig.vague and q[1] == "point" and q[0] != "estimate":
                    # "about thousands" keeps the vague bounds
                    fig.bounds = make_bounds(None, (fig.bounds.low or 0, fig.bounds.high or 0), None)
        out.append(fig)
        i = fig.end
    return out


def _one_is_figure(tok: Token, sent: Span) -> bool:
    """"one" is a figure in "one person", "one dead", "one was killed"; not in "one of", "the one where"."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if tok.dep_ == "nummod":
        return True
    if nxt is not None and nxt.text.lower() == "of" and tok.i + 2 < sent.end:
        # "killing one of them", "one of the victims died"
        after = tok.doc[tok.i + 2]
        if after.text.lower() in REFER_BACK:
            return True
        if after.text.lower() == "the" and tok.i + 3 < sent.end and (
                GROUPS.get(lemma(tok.doc[tok.i + 3])) in PERSON_GROUPS
                or tok.doc[tok.i + 3].text.lower() in ADJ_MEASURES):  # "one of the injured was a woman"
            return True
        return False
    if nxt is None or nxt.text.lower() in ("of", "where", "who", "that", "which", "another", "day", "more"):
        return False
    return nxt.text.lower() in ADJ_MEASURES or nxt.text.lower() in ("was", "has", "had", "is", "fatally", "mortally")


def non_claim(fig: Figure, sent: Span) -> str | None:
    """Why this figure is not a count of people or things harmed, or None if it may be one."""
    doc = sent.doc
    first = doc[fig.start]
    num_start = next((t for t in doc[fig.start:fig.end] if is_num(t) or t.text.lower() in VAGUE_HEADS), first)
    nxt = doc[fig.end] if fig.end < sent.end else None
    nxt2 = doc[fig.end + 1] if fig.end + 1 < sent.end else None
    prev = doc[num_start.i - 1] if num_start.i > sent.start else None
    if fig.vague:
        return None
    if any(t.ent_type_ in ("MONEY", "PERCENT", "TIME", "QUANTITY", "ORDINAL") for t in doc[fig.start:fig.end]):
        return "measurement"
    if nxt is not None and nxt.text.lower() in UNITS:
        return "unit"
    if nxt is not None and nxt.tag_ == "HYPH" and nxt2 is not None and not is_num(nxt2) and \
            not (doc[fig.end - 1].whitespace_ and nxt.whitespace_):
        # (a spaced dash is punctuation: "rises to 3 - mayor")
        return "compound adjective"  # "150,000-strong", "23-year-old", "nine-day"
    if nxt is not None and nxt.text.lower() in ("-", "\u2013") and nxt2 is not None and nxt2.text.lower() in UNITS:
        return "unit"
    if nxt is not None and nxt.text.lower().startswith(("year", "-year")):
        return "age"
    head_text = fig.head.text
    if head_text.isdigit() and len(head_text) == 4 and 1800 <= int(head_text) <= 2100:
        return "year"
    if fig.head.ent_type_ == "DATE":
        ent = next((e for e in doc.ents if e.start <= fig.head.i < e.end), None)
        if ent is not None and any(w in TIME_WORDS for w in ent.text.lower().split()):
            return "date"
    if prev is not None and prev.text.lower() in NOT_BEFORE:
        return "identifier"
    # "Smith, 23, was shot": an age in apposition
    if prev is not None and prev.text == "," and (nxt is None or nxt.text in (",", ")", "and", ";", ".", "--", ":",
                                                                             "\u2014", "\u2013", "-", "(")) \
            and prev.i > sent.start and (doc[prev.i - 1].pos_ in ("PROPN", "NOUN")
                                         or GROUPS.get(lemma(doc[prev.i - 1])) in PERSON_GROUPS):
        return "age"  # ("Boy, 3, wounded": a headline's noun the tagger reads as an interjection)
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return "age"
    # "ages 25, 26 and 33", "aged 19 and 20": every number of the list after "ages" is an age
    back = doc[max(sent.start, fig.start - 8):fig.start]
    words = [t.lower_ for t in back]
    if "ages" in words or "aged" in words:
        k = max(i for i, w in enumerate(words) if w in ("ages", "aged"))
        if all(is_num(t) or t.text in (",", "and", "&", "to", "-", "\u2013") for t in back[k + 1:]):
            return "age"
    # "a city of 260,000", "home to 260,000 people", "a population of"
    h = fig.head
    if h.dep_ == "pobj" and h.head.text.lower() in ("of", "to") and lemma(h.head.head) in POPULATION_HEADS:
        return "population"
    if h.dep_ == "nummod" and h.head.dep_ == "pobj" and h.head.head.text.lower() in ("of", "to") \
            and lemma(h.head.head.head) in POPULATION_HEADS and lemma(h.head) in ("people", "resident"):
        return "population"
    if prev is not None and prev.text.lower() in ("no", "not", "zero"):
        return "negated"
    # "children under 13", "people over 65", "men aged 20 to 30": ages
    if prev is not None and prev.text.lower() in ("under", "over", "above", "below") and prev.i > sent.start \
            and GROUPS.get(lemma(doc[prev.i - 1])) in PERSON_GROUPS:
        return "age"
    if fig.bounds.value == 0:
        return "zero"
    return None
