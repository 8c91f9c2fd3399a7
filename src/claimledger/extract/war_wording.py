"""How war reports and news agencies word casualty figures (owner: quantities work).

Military communiqués and agency headlines say "eliminated 40 invaders", "losses amounted to
120 servicemen", "killed and wounded 300", "the number of victims rose to six", "the bodies of
ten people were recovered", "among the wounded is a child", "death toll rises to 4, injured to
9 - mayor". Each rule here is a small function over the parse (or the surface words where the
small model's parse is unreliable on such text) that ``quantities.py`` calls at one step of
reading a figure. The vocabulary (verbs, group nouns) is in ``measures.py``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimledger.extract.figures import Figure, Found
from claimledger.extract.harm_nouns import measure_from_noun
from claimledger.extract.measures import (
    ADJ_MEASURES,
    GROUPS,
    NOUN_MEASURES,
    PERSON_GROUPS,
    REFER_BACK,
    TOLL_VERBS,
    VERBS,
    lemma,
)
from claimledger.extract.numbers import Bounds

# Verbs said of things that, said of people by an army, mean they were killed ("destroyed 50 soldiers").
PERSON_KILL_VERBS = frozenset({"destroy"})
# Nouns that are the dead themselves: "312 bodies found", "the remains of 23 people".
CORPSE_NOUNS = frozenset({"body", "bodies", "remains", "corpse", "corpses"})
# "claimed the lives of 14 people", "cost the lives of": the figure is of the dead.
LIFE_NOUNS = frozenset({"life", "lives"})
# Nouns whose of-complement is the figure's own count ("a total of 38 people").
TOTAL_NOUNS = frozenset({"total"})
# Measures a noun gives that the clause's verb overrides ("26 prisoners were killed": killed, not detained).
YIELDING_NOUN_MEASURES = frozenset({"detained"})
# Words joined by "and"/"or" that together mean casualties: "killed and wounded", "dead or injured".
_DEAD_WORDS = frozenset({"killed", "dead"})
_HURT_WORDS = frozenset({"wounded", "injured"})
_JOINERS = frozenset({"and", "or", "&"})
# Verbs of a rising toll; with a modal ("may rise to 58") the figure is a projection: at most that.
RISE_VERBS = frozenset({"rise", "increase", "climb", "reach", "grow", "jump", "mount", "exceed", "go"})
# Words that can follow an elided measure word: "2 injured - ministry", "320 wounded, the army said".
_DASHES = frozenset({"-", "\u2013", "\u2014"})
_ELISION_END = frozenset({"-", "\u2013", "\u2014", ",", ".", ";", ":", "in", "as", "after", "during", "and", "near",
                          "on", "at", "by", "when", "while", "("})
# Reporting words between a figure and its measure ("13 reported wounded").
REPORTED_WORDS = frozenset({"reported", "confirmed", "feared", "believed", "presumed"})
# A title-case headline: at least this many words longer than this many letters, this share capitalised.
TITLE_MIN_WORDS = 4
TITLE_MIN_LETTERS = 3
TITLE_SHARE = 0.8
# How far after a figure "including a child" may sit (tokens) and still belong to it.
INCLUDING_WINDOW = 12
# Words that open an included victim named singly.
_INCLUDING = frozenset({"including", "incl."})
_SINGLE_DETS = frozenset({"a", "an", "one"})


def person_killed(verb_lemma: str, group: str | None) -> bool:
    """"destroyed up to 70 soldiers": a verb of things said of people means they were killed."""
    return verb_lemma in PERSON_KILL_VERBS and group in PERSON_GROUPS


def demonym_group(noun: Token) -> str | None:
    """"16 Moldovans", "40 Georgians": a plural nationality counts people."""
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNS", "NNPS") and noun.text[:1].isupper():
        return "people"
    return None


def joint_casualties(doc_or_span: Span, i: int) -> set[int] | None:
    """Tokens of "killed and wounded" / "dead or injured" starting at token ``i``, or None."""
    doc = doc_or_span.doc
    if i + 2 >= len(doc):
        return None
    a, j, b = (doc[i].text.lower(), doc[i + 1].text.lower(), doc[i + 2].text.lower())
    if j in _JOINERS and ((a in _DEAD_WORDS and b in _HURT_WORDS) or (a in _HURT_WORDS and b in _DEAD_WORDS)):
        return {i, i + 1, i + 2}
    return None


def corpse_measure(noun: Token) -> str | None:
    """"the bodies of 9 people", "the remains of 23 people": the counted people are dead."""
    if noun.dep_ == "pobj" and noun.head.text.lower() == "of" and noun.head.head.text.lower() in CORPSE_NOUNS:
        return "killed"
    if noun.dep_ == "pobj" and noun.head.text.lower() == "of" and noun.head.head.text.lower() in LIFE_NOUNS \
            and lemma(noun.head.head.head) in ("claim", "take", "cost"):
        return "killed"
    return None


def through_total(node: Token) -> Token:
    """"A total of 38 people were killed": the clause reads "total"; the figure stands in for it."""
    if node.dep_ == "pobj" and node.head.text.lower() == "of" and node.head.head.text.lower() in TOTAL_NOUNS:
        return node.head.head
    return node


def toll_of(noun: Token) -> str | None:
    """"a death toll of eight", "a toll of 12 dead": the figure is the toll's own number."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    m = measure_from_noun(noun)
    if m is not None and lemma(noun) in ("toll", "number", "tally", "count", "total", "figure"):
        return m[0]
    return None


def among_measure(tok: Token) -> tuple[str, set[int]] | None:
    """"five children among those killed", "among the wounded is a child": the measure of the "among" group."""
    holders = [tok]
    if tok.dep_ in ("nsubj", "attr", "nsubjpass") and lemma(tok.head) == "be":
        holders.append(tok.head)
    # "one of the injured", "two of the dead": a figure "of" the harmed is part of them
    preps = ("among", "amongst", "of") if tok.like_num else ("among", "amongst")
    for h in holders:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.text.lower() not in preps or (prep.text.lower() == "of" and h is not tok):
                continue
            for p in prep.children:
                if p.dep_ != "pobj":
                    continue
                low = p.text.lower()
                if low in ADJ_MEASURES and ADJ_MEASURES[low] in ("killed", "injured"):
                    return ADJ_MEASURES[low], {prep.i, p.i}
                if low in CORPSE_NOUNS:
                    return "killed", {prep.i, p.i}
                if NOUN_MEASURES.get(lemma(p)) in ("killed", "injured", "casualties"):
                    return NOUN_MEASURES[lemma(p)], {prep.i, p.i}
                if low in REFER_BACK:
                    for acl in p.children:
                        w = acl.text.lower()
                        m = ADJ_MEASURES.get(w) or (VERBS.get(lemma(acl), ("", ""))[0] if acl.tag_ == "VBN" else None)
                        if acl.dep_ in ("acl", "amod", "relcl") and m in ("killed", "injured"):
                            return m, {prep.i, p.i, acl.i}
    return None


def elided_measure(sent: Span, end: int) -> tuple[str, int] | None:
    """"4 people were killed and 2 injured - ministry": a measure word right after the figure, then a break."""
    doc = sent.doc
    if end >= sent.end:
        return None
    w = doc[end].text.lower()
    if w not in ADJ_MEASURES or ADJ_MEASURES[w] not in ("killed", "injured"):
        return None
    if end + 1 == sent.end or doc[end + 1].text.lower() in _ELISION_END:
        return ADJ_MEASURES[w], end
    return None


def reported_measure(sent: Span, end: int) -> tuple[str, set[int]] | None:
    """"at least 13 reported wounded", "12 confirmed dead": a reporting word between the figure and its measure."""
    doc = sent.doc
    if end + 1 >= sent.end or doc[end].text.lower() not in REPORTED_WORDS:
        return None
    w = doc[end + 1].text.lower()
    if w in ADJ_MEASURES and ADJ_MEASURES[w] in ("killed", "injured"):
        return ADJ_MEASURES[w], {end, end + 1}
    return None


def is_title_case(sent: Span) -> bool:
    """A headline in title case ("Strike Kills At Least 14 People"), which the small model parses badly."""
    words = [t.text for t in sent if t.is_alpha and len(t.text) > TITLE_MIN_LETTERS]
    return len(words) >= TITLE_MIN_WORDS and sum(w[0].isupper() for w in words) >= TITLE_SHARE * len(words)


def title_reading(fig: Figure, sent: Span) -> Found | None:
    """A title-case headline read from its words: "Strike Kills At Least 14 People", "Toll Reaches 44"."""
    if not is_title_case(sent) or fig.start <= sent.start:
        return None
    doc = sent.doc
    before = doc[fig.start - 1]
    nxt = doc[fig.end] if fig.end < sent.end else None
    group = GROUPS.get(lemma(nxt.text)) if nxt is not None else None
    group = group if group in PERSON_GROUPS else None
    tokens = set(range(fig.start, fig.end)) | ({nxt.i} if group and nxt is not None else set())
    measure, kind = VERBS.get(lemma(before.text), ("", ""))
    if measure in ("killed", "injured") and kind in ("t", "shoot"):
        return Found(measure, group or "people", tokens | {before.i})
    if lemma(before.text) in TOLL_VERBS or (before.text.lower() == "to" and fig.start - 2 >= sent.start
                                            and lemma(doc[fig.start - 2].text) in TOLL_VERBS):
        toll = next((t for t in doc[sent.start:fig.start] if t.text.lower() == "toll"), None)
        if toll is not None:
            measure = "killed" if toll.i > sent.start and doc[toll.i - 1].text.lower() == "death" else "casualties"
            return Found(measure, group or "people", tokens | {toll.i, before.i})
    return None


def elided_toll(sent: Span, start: int) -> tuple[str, int] | None:
    """"death toll rises to 3, injured to 11": the toll verb is left out before the second figure."""
    doc = sent.doc
    if start - 2 < sent.start or doc[start - 1].text.lower() != "to":
        return None
    w = doc[start - 2].text.lower()
    if w in ADJ_MEASURES and ADJ_MEASURES[w] in ("killed", "injured"):
        return ADJ_MEASURES[w], start - 2
    return None


def projected(verb: Token | None, hedged: bool, head: Token, bounds: Bounds) -> Bounds:
    """"the death toll may rise to 58": a forecast bounds the toll from above (up to 58)."""
    if verb is None or not hedged or bounds.qualifier != "exact" or lemma(verb) not in RISE_VERBS:
        return bounds
    if head.dep_ == "nummod":
        head = head.head
    if not (head.dep_ == "pobj" and head.head.text.lower() == "to" and head.head.head == verb):
        return bounds
    return Bounds(bounds.value, None, bounds.value, "up_to")


def included_singles(sent: Span, start: int, stop: int) -> list[tuple[str, set[int]]]:
    """Victims named singly inside a figure's phrase: "three people, including a child," -> [("children", toks)].

    Read from the surface between ``start`` (the end of the figure) and ``stop``: "including"
    (optionally "a"/"an"/"one", adjectives, "eleven-year-old") and a person noun in the singular.
    A number after "including" is a figure of its own and is left to the figure rules.
    """
    doc = sent.doc
    out: list[tuple[str, set[int]]] = []
    i = start
    stop = min(stop, sent.end, start + INCLUDING_WINDOW)
    while i < stop:
        if doc[i].text.lower() not in _INCLUDING:
            i += 1
            continue
        j = i + 1
        toks = {i}
        while j < stop:
            t = doc[j]
            if t.like_num and t.text.lower() not in _SINGLE_DETS and not (
                    j + 1 < stop and doc[j + 1].text == "-" and not t.whitespace_):
                break  # a number is a figure of its own; "eleven-year-old" is an adjective
            group = GROUPS.get(lemma(t))
            if t.tag_ == "NN" and group in PERSON_GROUPS and not any(c.dep_ == "nummod" for c in t.children):
                toks.add(j)
                out.append((group, toks))
                break
            hyphen_next = j + 1 < stop and doc[j + 1].tag_ == "HYPH"
            if t.text.lower() in _SINGLE_DETS or t.pos_ in ("ADJ", "NUM") or t.tag_ == "HYPH" or \
                    t.text.lower().endswith("-old") or (t.pos_ == "NOUN" and hyphen_next):
                toks.add(j)
                j += 1
                continue
            if t.text.lower() in ("year", "month", "old", "-") or t.pos_ == "NOUN" and j + 1 < stop and \
                    doc[j + 1].text.lower() in ("-", "old"):
                toks.add(j)
                j += 1
                continue
            break
        i = j + 1
    return out


def among_singles(sent: Span, used: set[int]) -> list[tuple[Token, str, str, set[int]]]:
    """Victims named singly among the dead or as a body: "a baby was among the wounded", "the body of a teenager"."""
    out = []
    for tok in sent:
        if tok.i in used or tok.tag_ != "NN" or GROUPS.get(lemma(tok)) not in PERSON_GROUPS:
            continue
        if any(c.dep_ == "nummod" or (c.dep_ == "det" and c.text.lower() in ("no", "every", "each", "any"))
               for c in tok.children):
            continue
        m = among_measure(tok)
        if m is None and corpse_measure(tok) and tok.head.head.text.lower() in CORPSE_NOUNS:
            m = "killed", {tok.head.head.i}  # "the body of a teenager was pulled out"
        if m is None:
            continue
        measure, toks = m
        left = min([t.i for t in tok.subtree if t.dep_ not in ("relcl", "appos", "punct", "acl")] + [tok.i])
        out.append((tok, measure, GROUPS.get(lemma(tok)) or "people", toks | {tok.i, left}))
    return out


def across_dash(doc: Doc, start: int, end: int) -> bool:
    """A spaced dash between ``start`` and ``end``: the agency convention "... rises to 3 - mayor"."""
    return any(doc[k].text in _DASHES and k > 0 and doc[k - 1].whitespace_ and doc[k].whitespace_
               for k in range(start, min(end, len(doc))))


def war_reading(fig: Figure, sent: Span, noun: Token | None, group: str | None, tokens: set[int]) -> Found | None:
    """The readings of war wording that come before the general ones, or None."""
    title = title_reading(fig, sent)
    if title is not None:
        return title
    rep = reported_measure(sent, fig.end)
    if rep is not None:
        return Found(rep[0], group or "people", tokens | rep[1])
    el = elided_toll(sent, fig.start)
    if el is not None:
        return Found(el[0], "people", tokens | {el[1]})
    jc = joint_casualties(sent, fig.end) or (joint_casualties(sent, noun.i + 1) if noun is not None else None)
    if jc is not None:
        return Found("casualties", group or "people", tokens | jc)
    el = elided_measure(sent, fig.end)
    if el is not None and noun is not None and noun.i > el[1]:
        # the parse read the source after the dash as the counted noun ("2 injured - KR VPR")
        return Found(el[0], "people", set(range(fig.start, fig.end)) | {el[1]})
    am = among_measure(noun if noun is not None and not fig.vague else fig.head)
    if am is not None:
        return Found(am[0], group or "people", tokens | am[1])
    if noun is not None and corpse_measure(noun):
        return Found("killed", group or "people", tokens | {noun.head.head.i})
    return None
