"""Quantity claims: figures about harm or displacement with bounds and qualifiers (owner: quantities work).

For every sentence we find the figures (digits, spelled-out numbers, vague amounts), throw
away those that are not about people or things harmed (ages, distances, durations,
populations, years, money...), then read the dependency parse to learn what the figure
counts: the noun it quantifies (the *group*), and the verb, adjective or noun that says
what happened to them (the *measure*). Victims named singly ("a 23-year-old man was shot
and killed") count as one. A figure that refers back ("Of those, 210 were children")
inherits the measure and place of the figure before it.

The vocabularies live in one table each (``VERBS``, ``NOUN_MEASURES``, ``GROUPS``) so a
new measure word is a one-line change. The spaCy model here runs without its lemmatizer,
so words are matched through our own inflection table (``_lemma``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from claimledger.extract.numbers import (
    VAGUE_HEADS,
    Bounds,
    make_bounds,
    match_qualifier,
    parse_number,
    vague_bounds,
)
from claimledger.records import Claim, Mention

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- vocabularies

# Verb lemma -> (measure, kind). kind: "t" transitive (the victims are its object, or its
# subject when passive), "i" intransitive (the victims are its subject), "weak" needs
# context (see _WEAK_CONTEXT), "attack" takes facilities as object or via "on"/"at".
VERBS: dict[str, tuple[str, str]] = {
    "kill": ("killed", "t"), "murder": ("killed", "t"), "slay": ("killed", "t"), "execute": ("killed", "t"),
    "massacre": ("killed", "t"), "slaughter": ("killed", "t"),
    "die": ("killed", "i"), "perish": ("killed", "i"), "drown": ("killed", "i"),
    "wound": ("injured", "t"), "injure": ("injured", "t"), "hurt": ("injured", "t"), "maim": ("injured", "t"),
    "hospitalize": ("injured", "t"), "hospitalise": ("injured", "t"),
    "shoot": ("injured", "shoot"), "stab": ("injured", "shoot"),
    "trap": ("trapped", "t"), "strand": ("trapped", "t"), "besiege": ("trapped", "t"),
    "evacuate": ("evacuated", "t"), "rescue": ("evacuated", "t"), "arrive": ("evacuated", "weak"),
    "displace": ("displaced", "t"), "uproot": ("displaced", "t"), "flee": ("displaced", "i"),
    "deport": ("deported", "t"), "take": ("deported", "weak"), "transfer": ("deported", "weak"),
    "detain": ("detained", "t"), "arrest": ("detained", "t"), "abduct": ("detained", "t"),
    "kidnap": ("detained", "t"), "imprison": ("detained", "t"), "capture": ("detained", "t"),
    "attack": ("attacked", "attack"), "shell": ("attacked", "attack"), "bomb": ("attacked", "attack"),
    "strike": ("attacked", "attack"), "hit": ("attacked", "attack"), "target": ("attacked", "attack"),
    "fire": ("attacked", "attack"), "raid": ("attacked", "attack"), "damage": ("attacked", "attack"),
    "fall": ("attacked", "attack"),
    "destroy": ("destroyed", "t"), "raze": ("destroyed", "t"), "demolish": ("destroyed", "t"),
    "flatten": ("destroyed", "t"),
    "go": ("missing", "missing"), "disappear": ("missing", "i"),
    "remain": ("trapped", "remain"), "stay": ("trapped", "remain"),
}
# Verb + particle or complement that changes the meaning.
PHRASES: dict[tuple[str, str], str] = {
    ("hole", "up"): "trapped", ("run", "out"): "trapped", ("fall", "victim"): "killed",
    ("burn", "death"): "killed", ("shoot", "dead"): "killed", ("find", "dead"): "killed",
    ("beat", "death"): "killed", ("stab", "death"): "killed", ("leave", "dead"): "killed",
    ("go", "missing"): "missing", ("be", "missing"): "missing", ("be", "dead"): "killed",
    ("suffer", "wound"): "injured", ("suffer", "injury"): "injured", ("treat", "wound"): "injured",
    ("treat", "injury"): "injured", ("sustain", "injury"): "injured", ("sustain", "wound"): "injured",
    ("transport", "hospital"): "injured", ("take", "hospital"): "injured", ("rush", "hospital"): "injured",
    ("airlift", "hospital"): "injured", ("fly", "hospital"): "injured", ("bring", "hospital"): "injured",
    ("die", "injury"): "killed", ("die", "wound"): "killed", ("pronounce", "dead"): "killed",
    ("declare", "dead"): "killed",
}
_TRANSITIVE_PHRASE_VERBS = frozenset({"take", "transport", "rush", "bring", "fly", "airlift", "treat", "shoot",
                                      "find", "leave", "beat", "stab", "pronounce", "declare"})
# Nouns that are themselves the measure ("5,000 deaths", "the three dead").
NOUN_MEASURES: dict[str, str] = {
    "death": "killed", "dead": "killed", "fatality": "killed", "toll": "killed", "killing": "killed",
    "casualty": "casualties", "injury": "injured", "wounded": "injured", "injured": "injured",
    "refugee": "displaced", "evacuee": "evacuated", "hostage": "detained", "detainee": "detained",
    "prisoner": "detained", "missing": "missing", "displaced": "displaced",
}
# Adjectives and participles that say what happened when they follow or modify a figure.
ADJ_MEASURES: dict[str, str] = {
    "dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured", "hurt": "injured",
    "missing": "missing", "trapped": "trapped", "displaced": "displaced", "evacuated": "evacuated",
    "detained": "detained", "destroyed": "destroyed", "stranded": "trapped", "besieged": "trapped",
    "deported": "deported", "arrested": "detained", "abducted": "detained", "damaged": "attacked",
}
# Nouns counted -> group. Person nouns map to the people group unless more specific.
GROUPS: dict[str, str] = {
    "people": "people", "person": "people", "individual": "people", "adult": "people", "man": "people",
    "woman": "women", "victim": "people", "life": "people", "soul": "people", "body": "people",
    "civilian": "civilians", "resident": "civilians", "inhabitant": "civilians", "villager": "civilians",
    "noncombatant": "civilians", "local": "civilians", "citizen": "civilians", "refugee": "civilians",
    "child": "children", "kid": "children", "minor": "children", "boy": "children", "girl": "children",
    "baby": "children", "infant": "children", "toddler": "children", "schoolchild": "children",
    "teen": "teenagers", "teenager": "teenagers", "youth": "teenagers", "juvenile": "teenagers",
    "student": "students", "pupil": "students",
    "soldier": "soldiers", "troop": "soldiers", "serviceman": "soldiers", "servicemen": "soldiers",
    "fighter": "soldiers", "militant": "soldiers", "combatant": "soldiers", "marine": "soldiers",
    "paratrooper": "soldiers", "conscript": "soldiers", "general": "soldiers", "personnel": "soldiers",
    "doctor": "medical staff", "nurse": "medical staff", "medic": "medical staff",
    "paramedic": "medical staff", "surgeon": "medical staff", "health worker": "medical staff",
    "officer": "police", "policeman": "police", "cop": "police", "deputy": "police", "trooper": "police",
    "journalist": "journalists", "reporter": "journalists", "worker": "workers", "employee": "workers",
    "patient": "patients", "pedestrian": "people", "bystander": "people", "passenger": "people",
    "driver": "people", "suspect": "people", "gunman": "people", "shooter": "people", "male": "people",
    "female": "people", "other": "people",
    "father": "people", "mother": "people", "son": "children", "daughter": "children",
    "brother": "people", "sister": "people", "husband": "people", "wife": "people", "relative": "people",
    "neighbor": "people", "neighbour": "people", "friend": "people", "girlfriend": "people",
    "boyfriend": "people", "customer": "people", "hunter": "people", "homeowner": "people", "guard": "people",
    "owner": "people", "resident's": "people", "grandmother": "people", "grandfather": "people",
    "uncle": "people", "aunt": "people", "cousin": "people", "nephew": "people", "niece": "people",
    "toddler's": "children", "stepson": "children", "stepdaughter": "children", "granddaughter": "children",
    "grandson": "children", "clerk": "people", "student athlete": "students",
    "hospital": "hospitals", "clinic": "hospitals", "maternity": "hospitals",
    "school": "schools", "kindergarten": "schools", "university": "schools",
    "building": "buildings", "house": "buildings", "home": "buildings", "apartment": "buildings",
    "vehicle": "vehicles", "tank": "vehicles", "car": "vehicles", "truck": "vehicles", "bus": "vehicles",
    "aircraft": "vehicles", "plane": "vehicles", "helicopter": "vehicles", "drone": "vehicles",
    "ship": "vehicles",
}
_PERSON_GROUPS = frozenset({"people", "women", "civilians", "children", "teenagers", "students", "soldiers",
                            "medical staff", "police", "journalists", "workers", "patients"})
_THING_GROUPS = frozenset({"hospitals", "schools", "buildings", "vehicles"})
# Measures that make sense for things; people can't be "destroyed", buildings aren't "killed".
_THING_MEASURES = frozenset({"attacked", "destroyed"})
# Nouns of the "number" kind whose of-complement carries the measure ("the number of dead").
_COUNT_NOUNS = frozenset({"number", "toll", "tally", "count", "figure", "total"})
# Words after a figure that make it a measurement, not a count of victims.
UNITS = frozenset("""year years yr yrs old month months week weeks day days hour hours minute minutes
second seconds decade decades century centuries mile miles km kms kilometre kilometres kilometer
kilometers metre metres meter meters m ft feet foot inch inches yard yards acre acres hectare hectares
percent per % times time round rounds shot shots bullet bullets block blocks caliber calibre mm a.m.
p.m. am pm o'clock dollars dollar cents pounds euros tons tonnes kg kilograms lbs gallons litres liters
degrees storey stories floors points votes seats members billion-dollar am. pm. st nd rd th""".split())
# Words just before a figure that make it an identifier, an age or an amount of money.
_NOT_BEFORE = frozenset("""$ £ € # no. number route highway interstate page chapter article section code
flight room apartment suite unit ward district precinct channel grade level category size phase aged age
ages zero no not year years model version season""".split())
# Nouns a figure can be "of" without being a count of victims ("a city of 260,000").
_POPULATION_HEADS = frozenset("""city town village population country nation region community force army
metropolis municipality home district province state capital""".split())
_TIME_WORDS = frozenset("""year years month months week weeks day days hour hours ago decade decades
century monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december minute minutes""".split())
_MODALS = frozenset({"could", "may", "might"})
_HEDGE_ADVERBS = frozenset({"possibly", "perhaps", "potentially"})
_REFER_BACK = frozenset({"those", "them", "these", "whom", "which", "the dead", "the victims", "the casualties"})
_CITY_ANAPHORS = frozenset({"city", "town", "village", "there", "here", "port", "capital"})
# Context that turns a weak verb into a measure.
_WEAK_CONTEXT: dict[str, tuple[str, ...]] = {
    "arrive": ("convoy", "evacuat", "corridor", "bus", "fled", "flee"),
    "take": ("deport", "forcibl", "filtration"),
    "transfer": ("deport", "forcibl", "filtration"),
}
_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
# "shoot" for a victim named singly is injury unless something says they died.
_KILL_WORDS = frozenset({"dead", "fatally", "mortally", "death"})


# Irregular forms; regular ones come from _lemma's suffix rules.
_IRREGULAR = {
    "shot": "shoot", "died": "die", "dying": "die", "dies": "die", "hurt": "hurt", "hit": "hit",
    "struck": "strike", "fled": "flee", "took": "take", "taken": "take", "fell": "fall", "fallen": "fall",
    "left": "leave", "burnt": "burn", "ran": "run", "found": "find", "slain": "slay", "slew": "slay",
    "went": "go", "gone": "go", "going": "go", "goes": "go", "beaten": "beat", "holed": "hole",
    "has": "have", "had": "have", "having": "have",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
    "people": "people", "children": "child", "men": "man", "women": "woman", "lives": "life",
    "wives": "wife", "personnel": "personnel", "dead": "dead", "wounded": "wounded", "injured": "injured",
    "missing": "missing", "casualties": "casualty", "fatalities": "fatality",
    "injuries": "injury", "bodies": "body", "babies": "baby", "deaths": "death", "police": "police",
    "teens": "teen", "youths": "youth", "refugees": "refugee", "servicemen": "serviceman",
    "policemen": "policeman", "stories": "story", "militia": "militia", "bus": "bus", "buses": "bus",
    "wounds": "wound",
    "killing": "kill", "killings": "killing", "shooting": "shoot", "evacuees": "evacuee",
}
_SPEECH = frozenset({"say", "claim", "report", "estimate", "accuse", "tell", "announce", "state", "add",
                     "warn", "confirm", "deny", "allege", "insist", "declare", "believe", "think", "agree"})
_KNOWN = set(_SPEECH) | set(VERBS) | set(NOUN_MEASURES) | set(GROUPS) | {w for w, _ in PHRASES}


def _lemma(tok: Token | str) -> str:
    """A lemma good enough for our tables (the model runs without its lemmatizer)."""
    w = (tok if isinstance(tok, str) else tok.text).lower().replace("\u2019", "'")
    verb = not isinstance(tok, str) and tok.pos_ in ("VERB", "AUX")
    if verb and w in ("wounded", "injured", "displaced", "trapped", "killed", "evacuated", "detained"):
        # participles that double as nouns in our tables: as verbs they have a verb lemma
        return w[:-2] if w[:-2] in VERBS else w[:-1] if w[:-1] in VERBS else w[:-3]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in _KNOWN:
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                         ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            if stem in _KNOWN:
                return stem
            # doubled consonant: "shelled" -> "shell" is direct; "trapped" -> "trap"
            if suffix in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _KNOWN:
                return stem[:-1]
    return w


# ---------------------------------------------------------------- figures


@dataclass
class _Figure:
    start: int  # first token of the phrase, qualifier included
    end: int  # one past the last token of the figure
    head: Token  # the token that stands for the figure in the parse
    bounds: Bounds
    vague: bool = False


@dataclass
class _Found:
    measure: str
    group: str
    tokens: set[int] = field(default_factory=set)
    hedged: bool = False
    verb: Token | None = None
    estimate: bool = False
    weak: bool = False  # a single victim "shot": injured unless the article says they died
    inherit: bool = False  # refers back to the previous figure


def _is_num(tok: Token) -> bool:
    return tok.like_num or tok.tag_ == "CD"


def _figures(sent: Span) -> list[_Figure]:
    """Every figure phrase in the sentence, with its bounds, before any non-claim filtering."""
    doc = sent.doc
    out: list[_Figure] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        low = tok.text.lower()
        fig: _Figure | None = None
        if low in VAGUE_HEADS and tok.tag_ in ("NNS", "NNPS", "CD"):
            words = [t.text.lower() for t in doc[i:min(sent.end, i + 3)]]
            vb = vague_bounds(words)
            if vb and not (i > sent.start and _is_num(doc[i - 1])):
                (lo, hi), n = vb
                # "scores" and "dozens" only count as amounts when followed by "of"
                if low in ("scores",) and (i + n >= sent.end or doc[i + n].text.lower() != "of"):
                    i += 1
                    continue
                span_toks = doc[i:i + n]
                head = next((t for t in span_toks if not (i <= t.head.i < i + n) or t.head == t), tok)
                fig = _Figure(i, i + n, head, make_bounds(None, (lo, hi), None), True)
        elif _is_num(tok) and low != "one" or (low == "one" and _one_is_figure(tok, sent)):
            j = i
            while j + 1 < sent.end and (_is_num(doc[j + 1]) and not doc[j + 1].text[0].isdigit()
                                        or doc[j + 1].text.lower() in ("million", "thousand", "hundred", "billion")):
                j += 1
            text = " ".join(t.text for t in doc[i:j + 1])
            value = parse_number(text)
            if value is not None:
                head = next((t for t in doc[i:j + 1] if not (i <= t.head.i <= j) or t.head == t), doc[j])
                second = None
                # ranges: "10 to 20", "10-20", "between 10 and 20"
                if j + 2 < sent.end and doc[j + 1].text.lower() in ("to", "-", "\u2013", "and") and _is_num(doc[j + 2]):
                    between = i > sent.start and doc[i - 1].text.lower() == "between"
                    if doc[j + 1].text.lower() != "and" or between:
                        second = parse_number(doc[j + 2].text)
                        if second is not None:
                            j += 2
                fig = _Figure(i, j + 1, head, make_bounds(value, None, None, second))
        elif low in ("dozen", "hundred", "thousand") and i > sent.start and doc[i - 1].text.lower() in ("a", "an"):
            value = parse_number(f"a {low}")
            fig = _Figure(i - 1, i + 1, tok, make_bounds(value, None, None))
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
    if nxt is None or nxt.text.lower() in ("of", "where", "who", "that", "which", "another", "day", "more"):
        return False
    return nxt.text.lower() in ADJ_MEASURES or nxt.text.lower() in ("was", "has", "had", "is")


def _non_claim(fig: _Figure, sent: Span) -> str | None:
    """Why this figure is not a count of people or things harmed, or None if it may be one."""
    doc = sent.doc
    first = doc[fig.start]
    num_start = next((t for t in doc[fig.start:fig.end] if _is_num(t) or t.text.lower() in VAGUE_HEADS), first)
    nxt = doc[fig.end] if fig.end < sent.end else None
    nxt2 = doc[fig.end + 1] if fig.end + 1 < sent.end else None
    prev = doc[num_start.i - 1] if num_start.i > sent.start else None
    if fig.vague:
        return None
    if any(t.ent_type_ in ("MONEY", "PERCENT", "TIME", "QUANTITY", "ORDINAL") for t in doc[fig.start:fig.end]):
        return "measurement"
    if nxt is not None and nxt.text.lower() in UNITS:
        return "unit"
    if nxt is not None and nxt.tag_ == "HYPH" and nxt2 is not None and not _is_num(nxt2):
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
        if ent is not None and any(w in _TIME_WORDS for w in ent.text.lower().split()):
            return "date"
    if prev is not None and prev.text.lower() in _NOT_BEFORE:
        return "identifier"
    # "Smith, 23, was shot": an age in apposition
    if prev is not None and prev.text == "," and nxt is not None and nxt.text in (",", ")", "and") \
            and prev.i > sent.start and doc[prev.i - 1].pos_ in ("PROPN", "NOUN"):
        return "age"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return "age"
    # "a city of 260,000", "home to 260,000 people", "a population of"
    h = fig.head
    if h.dep_ == "pobj" and h.head.text.lower() in ("of", "to") and _lemma(h.head.head) in _POPULATION_HEADS:
        return "population"
    if h.dep_ == "nummod" and h.head.dep_ == "pobj" and h.head.head.text.lower() in ("of", "to") \
            and _lemma(h.head.head.head) in _POPULATION_HEADS and _lemma(h.head) in ("people", "resident"):
        return "population"
    if prev is not None and prev.text.lower() in ("no", "not", "zero"):
        return "negated"
    if fig.bounds.value == 0:
        return "zero"
    return None


# ---------------------------------------------------------------- what a figure counts


def _counted_noun(fig: _Figure) -> Token | None:
    """The noun the figure quantifies ("5,000 people" -> people), or None for a bare figure."""
    h = fig.head
    if fig.vague:
        # "tens of thousands of civilians" -> civilians
        cur = h
        for _ in range(3):
            of = next((c for c in cur.children if c.dep_ == "prep" and c.text.lower() == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is None:
                break
            if pobj.text.lower() in VAGUE_HEADS:
                cur = pobj
                continue
            return pobj
        return None
    cur = h
    while cur.dep_ in ("nummod", "quantmod", "compound") and cur.head != cur and _is_num(cur) or \
            cur.dep_ == "nummod":
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN", "ADJ", "PRON") and not _is_num(cur):
            return cur
    return None


def _group_of(noun: Token | None) -> str | None:
    if noun is None:
        return None
    lem = _lemma(noun)
    if noun.i > 0 and f"{_lemma(noun.doc[noun.i - 1])} {lem}" in GROUPS:
        return GROUPS[f"{_lemma(noun.doc[noun.i - 1])} {lem}"]
    group = GROUPS.get(lem)
    if group in ("people", None):
        # "civilian casualties", "Ukrainian soldiers": a modifier can say more
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and GROUPS.get(_lemma(c)) not in (None, "people"):
                return GROUPS[_lemma(c)]
    return group


def _among_group(tok: Token) -> str | None:
    """Group named by an "among X" phrase ("12,000 deaths among its attack force")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.text.lower() in ("among", "amongst"):
            for p in c.children:
                if p.dep_ == "pobj":
                    if _lemma(p) in ("force", "army", "troop", "military", "unit", "ranks"):
                        return "soldiers"
                    return _group_of(p)
    return None


def _hedged(tokens: list[Token]) -> bool:
    for tok in tokens:
        cur: Token | None = tok
        for _ in range(4):
            if cur is None:
                break
            if any(c.dep_ == "aux" and c.text.lower() in _MODALS for c in cur.children):
                return True
            if any(c.dep_ == "advmod" and c.text.lower() in _HEDGE_ADVERBS for c in cur.children):
                return True
            if cur.dep_ in ("ccomp", "ROOT") or cur.head == cur:
                break
            cur = cur.head
    return False


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in _PASSIVE_DEPS for c in verb.children):
        return True
    # "tanks destroyed", headline style "2 killed in crash": a bare participle is passive
    return verb.tag_ == "VBN" and not any((c.dep_ == "aux" and _lemma(c) == "have") or c.dep_ == "dobj"
                                          for c in verb.children)


def _phrase_measure(verb: Token) -> str | None:
    """Verb + particle or complement: "holed up", "fell victim", "burned to death", "found dead"."""
    lem = _lemma(verb)
    for c in verb.children:
        words = [_lemma(c)]
        if c.dep_ == "prep":
            words += [_lemma(p) for p in c.children if p.dep_ == "pobj"]
        for w in words:
            if (lem, w) in PHRASES:
                return PHRASES[(lem, w)]
            if w in ("death",) and c.dep_ == "prep" and c.text.lower() == "to":
                return "killed"  # "beaten to death", "burned to death"
            if w in _KILL_WORDS and c.dep_ in ("advmod", "acomp", "oprd") and lem in ("shoot", "stab", "wound",
                                                                                       "injure", "find", "leave"):
                return "killed"
    return None


def _sentence_has(sent: Span, stems: tuple[str, ...]) -> bool:
    low = sent.text.lower()
    return any(s in low for s in stems)


def _verb_measure(verb: Token, role: str, victim: Token, group: str | None, sent: Span) -> tuple[str, bool] | None:
    """What ``verb`` says happened to ``victim`` (its ``role`` in the clause), and whether it is weak."""
    lem = _lemma(verb)
    phrase = _phrase_measure(verb)
    passive = _is_passive(verb)
    if phrase:
        # "officers took the man to hospital": the officers are not the injured
        agent = role == "nsubj" and lem in _TRANSITIVE_PHRASE_VERBS and not passive
        if not agent and (role in ("nsubj", "nsubjpass", "dobj", "attr", "oprd") or role.startswith("prep:")):
            # taken to hospital: hurt, but maybe the same person the article says died
            return phrase, phrase == "injured" and lem not in ("suffer", "sustain")
    if lem not in VERBS:
        return None
    measure, kind = VERBS[lem]
    # unable to evacuate / leave = trapped; able to evacuate = evacuated
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if kind == "attack":
        if group not in _THING_GROUPS:
            return None
        if lem == "fall":
            if not (role.startswith("prep:") and any(_lemma(c) in ("bomb", "shell", "missile", "rocket")
                                                      for c in verb.children if c.dep_ == "nsubj")):
                return None
        elif not (role in ("dobj", "nsubjpass") or role in ("prep:on", "prep:at") or (role == "nsubj" and passive)):
            return None
        if group == "vehicles" and lem not in ("fire", "target", "hit", "strike", "attack"):
            return "destroyed", False
        return "attacked", False
    if group in _THING_GROUPS and measure not in _THING_MEASURES:
        return None
    if group not in _THING_GROUPS and measure in _THING_MEASURES:
        return None
    if kind == "weak":
        if not _sentence_has(sent, _WEAK_CONTEXT.get(lem, ())):
            return None
        kind = "i" if lem == "arrive" else "t"
    if kind == "missing":
        return None  # only via the "go missing" phrase
    if kind == "remain":
        # "remain in the city" / "stay inside": still in a besieged place; "remain in hospital" is injury
        for c in verb.children:
            if c.dep_ == "prep" and c.text.lower() in ("in", "inside", "within"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and _lemma(pobj) in ("hospital", "condition", "care"):
                    return ("injured", True) if role == "nsubj" else None
                if pobj is not None and role == "nsubj":
                    return "trapped", False
        return None
    if kind == "i":
        return (measure, False) if role in ("nsubj", "nsubjpass") else None
    if kind in ("t", "shoot"):
        ok = role in ("dobj", "nsubjpass") or (role == "nsubj" and passive) or role == "acl"
        if not ok:
            return None
        if kind == "shoot":
            return measure, True
        return measure, False
    return None


def _measure_from_noun(noun: Token) -> tuple[str, Token] | None:
    """A harm noun near ``noun``: the noun itself, its compound ("death toll"), its of-complement."""
    lem = _lemma(noun)
    if lem in NOUN_MEASURES and not (lem == "toll" and any(_lemma(c) == "casualty" for c in noun.children)):
        if lem == "toll":
            for c in noun.children:
                if c.dep_ == "compound" and _lemma(c) in NOUN_MEASURES:
                    return NOUN_MEASURES[_lemma(c)], noun
        return NOUN_MEASURES[lem], noun
    if lem == "toll":
        return "casualties", noun
    if lem in _COUNT_NOUNS:
        for c in noun.children:
            if c.dep_ == "prep" and c.text.lower() == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = _measure_from_noun(p)
                        if found:
                            return found
        for c in noun.children:
            if c.dep_ == "compound" and _lemma(c) in NOUN_MEASURES:
                return NOUN_MEASURES[_lemma(c)], noun
    return None


def _modifier_measure(tok: Token) -> tuple[str, Token] | None:
    """A participle or adjective modifying the figure or its noun ("trapped civilians", "tanks destroyed")."""
    for c in tok.children:
        if c.dep_ in ("amod", "acl", "relcl") or (c.dep_ == "appos" and c.pos_ in ("ADJ", "VERB")):
            lem = _lemma(c)
            low = c.text.lower()
            if lem == "unable" or any(x.dep_ == "neg" for x in c.children):
                # "residents unable to evacuate": still trapped
                for x in c.children:
                    if x.dep_ == "xcomp" and _lemma(x) in ("evacuate", "leave", "flee", "escape"):
                        return "trapped", x
                continue
            phrase = _phrase_measure(c)
            if phrase:
                return phrase, c
            if low in ADJ_MEASURES and c.dep_ in ("amod", "acl"):
                return ADJ_MEASURES[low], c
            if c.dep_ == "acl" and lem in VERBS:
                measure, kind = VERBS[lem]
                if kind in ("t", "shoot") and c.tag_ == "VBN":
                    return measure, c
    return None


_EVENT_NOUNS = {"death": "killed", "killing": "killed", "murder": "killed", "slaying": "killed",
                "homicide": "killed", "execution": "killed", "wounding": "injured", "injury": "injured"}


def _event_measure(noun: Token) -> str | None:
    """What an event noun says happened to those it is "of": "the killing of", "the fatal shooting of"."""
    lem = _lemma(noun)
    if lem in _EVENT_NOUNS:
        return _EVENT_NOUNS[lem]
    if lem in ("shoot", "shooting", "stabbing", "stab") and any(
            c.text.lower() in ("fatal", "deadly") for c in noun.children):
        return "killed"
    return None


def _clause_subject_noun(verb: Token, sent: Span) -> Token | None:
    """The harm noun a copula or toll verb talks about ("the death toll stands at ...")."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if c.pos_ == "PRON" and c.text.lower() in ("it", "that", "this"):
                # "the number of casualties is unknown, but it is in the thousands"
                for t in sent:
                    if t.i < verb.i and _measure_from_noun(t):
                        return t
                continue
            if _measure_from_noun(c):
                return c
    return None


def _interpret(fig: _Figure, sent: Span, previous: list[tuple[Claim, _Found, int]]) -> _Found | None:
    """Measure, group and the words that say so, for one figure; None if it is not a harm figure."""
    doc = sent.doc
    noun = _counted_noun(fig)
    # "thousands of troops" sits in the clause as "thousands"; "5,000 people" as "people"
    anchor = noun if noun is not None and not fig.vague else fig.head
    group = _group_of(noun) if noun is not None else None
    tokens = set(range(fig.start, fig.end))
    if noun is not None:
        tokens.add(noun.i)
        # a figure counting some other thing ("eight generals" are people; "30 members" are not victims)
        if group is None and _measure_from_noun(noun) is None and _lemma(noun) not in ADJ_MEASURES:
            return None
    found: _Found | None = None

    # 1. a reference back: "Of those, 210 were children", "among them 12 children"
    refer = None
    for c in fig.head.children:
        if c.dep_ == "prep" and c.text.lower() in ("of", "among", "amongst"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and pobj.text.lower() in _REFER_BACK:
                refer = c
    first_words = " ".join(t.text.lower() for t in sent[:3])
    if refer is not None or first_words.startswith(("of those", "of them", "among them", "among those",
                                                     "of the dead", "among the dead", "of these")):
        if previous and anchor.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos"):
            attr = next((c for c in anchor.head.children if c.dep_ == "attr"), None) if anchor.dep_ == "nsubj" else None
            prev_claim, prev_found, _ = previous[-1]
            found = _Found(prev_claim.measure or "killed", _group_of(attr) or group or prev_claim.group or "people",
                           tokens | ({attr.i} if attr is not None else set()), inherit=True)
            return found

    # 2. the counted noun is itself the measure: "5,000 deaths", "the three dead", "20 casualties"
    if noun is not None:
        m = _measure_from_noun(noun)
        if m is None and _lemma(noun) in ADJ_MEASURES and noun.pos_ == "ADJ":
            m = (ADJ_MEASURES[_lemma(noun)], noun)
        if m is not None:
            measure, trig = m
            g = _among_group(noun) or next((GROUPS[_lemma(c)] for c in noun.children
                                            if c.dep_ in ("amod", "compound") and _lemma(c) in GROUPS), None)
            found = _Found(measure, g or "people", tokens | {trig.i})
    if found is None and anchor.dep_ == "pobj" and anchor.head.text.lower() in ("including", "among") and previous:
        prev_claim, prev_found, prev_sent = previous[-1]
        if prev_sent == sent.start:
            return _Found(prev_claim.measure or "killed", group or "people", tokens, inherit=True)
    # 3. a participle or adjective on the figure or its noun: "200,000 trapped civilians", "one dead"
    if found is None:
        for tok in ([noun] if noun is not None else []) + [fig.head]:
            m = _modifier_measure(tok)
            if m is not None:
                measure, trig = m
                if (group in _THING_GROUPS) == (measure in _THING_MEASURES):
                    found = _Found(measure, group or "people", tokens | {trig.i})
                    break
    if found is None and fig.end < sent.end and doc[fig.end].text.lower() in ADJ_MEASURES \
            and doc[fig.end].pos_ in ("ADJ", "VERB") and noun is None:
        found = _Found(ADJ_MEASURES[doc[fig.end].text.lower()], "people", tokens | {fig.end})
    # 4. the verb the figure belongs to
    if found is None:
        node = anchor
        # "she and three others", "the victims, two men and two women,", "all of the victims"
        for _ in range(4):
            if node.dep_ in ("conj", "appos") and node.head.pos_ in ("NOUN", "NUM", "PROPN", "ADJ", "PRON"):
                node = node.head
            elif node.dep_ == "pobj" and node.head.text.lower() == "of" and \
                    node.head.head.text.lower() in ("all", "both", "each", "some", "many", "most"):
                node = node.head.head
            else:
                break
        role = node.dep_
        verb = node.head
        if role == "pobj":
            role = f"prep:{verb.text.lower()}"
            verb = verb.head
        if role == "prep:of" and _event_measure(verb) and (group in _PERSON_GROUPS or group is None):
            # "the deaths of four people", "the fatal shooting of two men"
            found = _Found(_event_measure(verb) or "killed", group or "people", tokens | {verb.i}, verb=verb)
        elif verb.pos_ in ("VERB", "AUX"):
            found = _from_verb(verb, role, anchor, group, sent, tokens)
            # "shot and killed", "wounded and later died": the strongest conjoined verb wins
            if found is None or found.weak:
                for conj in verb.children:
                    # "three were shot and a baby was killed": a conjunct with its own subject is another clause
                    if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(
                            c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                        other = _from_verb(conj, "nsubjpass" if _is_passive(verb) and role == "nsubjpass" else role,
                                           anchor, group, sent, tokens)
                        if other is not None and (found is None or other.measure == "killed"):
                            found = other
    # 5. the figure followed by "were killed" when the parse lost the link
    if found is None and noun is None or found is None and group in _PERSON_GROUPS:
        j = fig.end if noun is None else max(fig.end, noun.i + 1)
        if noun is not None:
            extra_toks = _composite(noun, sent)[1]
            j = max([j] + [t + 1 for t in extra_toks])
            tokens = tokens | extra_toks
        while j < sent.end and doc[j].text.lower() in ("were", "was", "have", "had", "has", "been", "be", "are",
                                                      "is", "reportedly", "also", "later"):
            j += 1
        if j > (fig.end if noun is None else noun.i + 1) and j < sent.end and doc[j].tag_ == "VBN" \
                and doc[j - 1].text.lower() != (noun.text.lower() if noun is not None else ""):
            lem = _lemma(doc[j])
            if lem in VERBS and VERBS[lem][1] in ("t", "shoot"):
                found = _Found(VERBS[lem][0], group or "people", tokens | set(range(fig.end, j + 1)),
                               weak=VERBS[lem][1] == "shoot")
    if found is None:
        return None
    if found.group in ("people",) and group and group != "people":
        found.group = group
    if noun is None and found.group == "people" and previous:
        # an elided object shares the group of the figure before it ("killing five doctors and injuring ten")
        prev_claim, prev_found, prev_sent = previous[-1]
        if prev_sent == sent.start and prev_found.verb is not None and found.verb is not None and \
                (found.verb.head == prev_found.verb or prev_found.verb.head == found.verb) and \
                prev_claim.group in _PERSON_GROUPS:
            found.group = prev_claim.group or "people"
    found.hedged = _hedged([anchor] + ([found.verb] if found.verb is not None else []))
    return found


def _from_verb(verb: Token, role: str, anchor: Token, group: str | None, sent: Span,
               tokens: set[int]) -> _Found | None:
    """Measure from the verb the figure depends on, including copulas and toll verbs."""
    lem = _lemma(verb)
    res = _verb_measure(verb, role, anchor, group, sent)
    if res is not None:
        measure, weak = res
        # keep "dead" in "pronounced dead", "to death" in "beaten to death" inside the span
        extra = {c.i for c in verb.children if c.dep_ in ("oprd", "acomp") or
                 (c.dep_ == "prep" and c.text.lower() == "to" and any(_lemma(x) == "death" for x in c.children))}
        extra |= {x.i for c in verb.children if c.i in extra and c.dep_ == "prep" for x in c.children}
        return _Found(measure, group or "people", tokens | {verb.i} | extra, verb=verb, weak=weak,
                      estimate=_estimated(verb))
    # copulas and toll verbs: "the toll could be in the tens of thousands", "put the death toll at 5,000"
    if role in ("attr", "dobj", "prep:at", "prep:in", "prep:to", "prep:of", "nsubj") or lem == "be":
        subj = _clause_subject_noun(verb, sent)
        if subj is not None and subj.i != anchor.i:
            m = _measure_from_noun(subj)
            if m is not None:
                measure, trig = m
                g = group or _among_group(subj) or next((GROUPS[_lemma(c)] for c in subj.children
                                                         if c.dep_ in ("amod", "compound") and _lemma(c) in GROUPS),
                                                        None)
                for p in subj.children:  # "the number of civilian casualties"
                    if p.dep_ == "prep" and p.text.lower() == "of":
                        for x in p.children:
                            g = g or _group_of(x) if _group_of(x) != "people" else g
                return _Found(measure, g or "people", tokens | {trig.i, verb.i}, verb=verb,
                              estimate=_estimated(verb))
        if lem == "leave" and role == "dobj":
            # "left 300 dead", "leaving 200,000 running out of food"
            for c in verb.children:
                if c.dep_ in ("xcomp", "advcl", "oprd", "acomp", "ccomp") and c.i > anchor.i:
                    m = _phrase_measure(c) or ADJ_MEASURES.get(c.text.lower())
                    if m:
                        return _Found(m, group or "people", tokens | {verb.i, c.i}, verb=verb)
        if lem == "be" and role in ("nsubj",):
            # "100,000 civilians are still inside the city"
            still = any(c.text.lower() == "still" for c in verb.children)
            inside = any(c.dep_ in ("prep", "advmod") and c.text.lower() in ("inside", "in", "trapped")
                         for c in verb.children)
            if still and inside and (group in _PERSON_GROUPS or group is None):
                return _Found("trapped", group or "people", tokens | {verb.i}, verb=verb)
            acomp = next((c for c in verb.children
                          if c.dep_ in ("acomp", "attr") and c.text.lower() in ADJ_MEASURES), None)
            if acomp is not None:
                return _Found(ADJ_MEASURES[acomp.text.lower()], group or "people", tokens | {acomp.i}, verb=verb)
    return None


def _estimated(verb: Token) -> bool:
    """The figure is given as an estimate: "estimates put the toll at", "officials estimate that ..."."""
    cur: Token | None = verb
    for _ in range(3):
        if cur is None:
            break
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.text.lower().startswith("estimat") for c in cur.children):
            return True
        if cur is not verb and cur.text.lower().startswith("estimat"):
            return True
        if cur.head == cur:
            break
        cur = cur.head
    return False


# ---------------------------------------------------------------- victims named singly

_SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _singles(sent: Span, used: set[int]) -> list[tuple[Token, _Found]]:
    """Victims named singly: "a 23-year-old man was shot and killed", "the victim died" -> 1."""
    out: list[tuple[Token, _Found]] = []
    for tok in sent:
        if tok.i in used or tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        if tok.dep_ == "pobj" and not (tok.head.text.lower() == "of" and _event_measure(tok.head.head)):
            continue
        lem = _lemma(tok)
        person = tok.tag_ == "NN" and GROUPS.get(lem) in _PERSON_GROUPS
        person = person or (tok.tag_ == "NNP" and tok.ent_type_ == "PERSON")
        person = person or (tok.tag_ == "PRP" and tok.text.lower() in _SINGLE_PRONOUNS)
        person = person or (lem == "old" and any(c.text.lower() == "year" for c in tok.subtree))
        if not person or any(_is_num(c) and c.dep_ == "nummod" for c in tok.children):
            continue
        if any(c.dep_ == "det" and c.text.lower() in ("no", "every", "each", "any") for c in tok.children):
            continue
        verb = tok.head
        if tok.dep_ == "pobj":
            event = tok.head.head
            found = _Found(_event_measure(event) or "killed", "people", {tok.i, event.i}, verb=event)
        elif verb.pos_ not in ("VERB", "AUX") or (_lemma(verb), lem) in PHRASES:
            continue  # "fell victim" names no victim
        else:
            found = _from_verb(verb, tok.dep_, tok, GROUPS.get(lem, "people"), sent, {tok.i})
        if found is None or found.weak:
            for conj in verb.children:
                if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass")
                                                                           for c in conj.children):
                    other = _from_verb(conj, tok.dep_, tok, GROUPS.get(lem, "people"), sent, {tok.i})
                    if other is not None and (found is None or other.measure == "killed"):
                        found = other
        if found is None or found.measure not in ("killed", "injured"):
            continue
        if found.verb is not None and any(c.dep_ in ("neg",) for c in found.verb.children):
            continue
        if tok.text.lower() in _SINGLE_PRONOUNS or tok.tag_ == "NNP":
            found.weak = found.weak or found.measure == "injured"
        found.group = GROUPS.get(lem) or "people"
        if found.group not in _PERSON_GROUPS:
            found.group = "people"
        # the span starts at the noun phrase ("a 23-year-old man")
        left = min(t.i for t in tok.subtree if t.dep_ not in ("relcl", "appos", "punct") or t.i == tok.i)
        found.tokens |= {left, tok.i}
        found.hedged = _hedged([tok, verb])
        out.append((tok, found))
    return out


# ---------------------------------------------------------------- places

_DEMONYM = re.compile(r"(an|ese|ish|i|ic|ch)$", re.I)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_LOCATIVE = frozenset({"in", "inside", "at", "near", "from", "of", "around", "across", "outside", "within",
                       "into", "to", "throughout", "on"})


@dataclass
class _Place:
    name: str
    start: int  # character offsets
    end: int
    root: Token
    country_level: bool
    speaker: bool  # the subject of a verb of saying ("Kiev says"), standing for a government
    adjective: bool  # a demonym used as an adjective ("Russian forces")


def _places(doc: Doc, mentions: list[Mention]) -> list[_Place]:
    """Place mentions with what the parse says about them."""
    out = []
    # a name the article uses for a place elsewhere is that place here too ("<Town> residents"
    # is often tagged as an organisation)
    place_names = {_place_name(m) for m in mentions if m.type == "place"} | \
        {_POSSESSIVE.sub("", m.text) for m in mentions if m.type == "place"}
    for m in mentions:
        if m.type != "place" and not (m.type == "organisation" and _POSSESSIVE.sub("", m.text) in place_names):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        speaker = root.dep_ in ("nsubj", "nsubjpass") and _lemma(root.head) in _SPEECH
        # countries, seas and regions have no admin-1 area in the gazetteer; towns do
        country = m.gazetteer_id is not None and m.admin1 is None
        # "Russian forces": a demonym, not a place the figure is in (the small model tags some
        # town names as adjectives too, so the word's ending decides)
        demonym = (root.pos_ == "ADJ" or root.dep_ == "amod") and bool(_DEMONYM.search(m.text))
        out.append(_Place(_place_name(m), m.start, m.end, root, country, speaker, demonym))
    return out


def _place_name(m: Mention) -> str:
    return _POSSESSIVE.sub("", m.canonical or m.text)


_TITLES = frozenset({"mayor", "governor", "council", "sheriff", "administration", "prefect", "municipality",
                     "councillor", "councilman", "mayoral"})


def _titled_place(sent: Span, places: list[_Place]) -> str | None:
    """"The city" in a sentence about its mayor (or council, governor...) is the city the
    article names as that official's: "the mayor of X", "X's mayor", "X city council"."""
    titles = {t.text.lower() for t in sent if t.text.lower() in _TITLES}
    if not titles:
        return None
    # "the mayor of X" is the clearest link, then "X's mayor", then "X city council"
    for deps in (("pobj",), ("poss",), ("compound", "amod", "nmod")):
        for p in places:
            r = p.root
            owner = r.head.head if r.dep_ == "pobj" and r.head.text.lower() == "of" else r.head
            if r.dep_ in deps and owner.text.lower() in titles and not p.country_level:
                return p.name
    return None


def _salient_place(places: list[_Place], sent: Span) -> str | None:
    """The place an article is about when a sentence says "the city" or names none.

    Town-level places named before the sentence, counted, with a bonus for those named in
    the two sentences before it (a reader resolves "the city" to what was just talked about);
    countries and capitals speaking for their governments are left out. With nothing named
    before, the whole article counts.
    """
    pool = [p for p in places if not p.speaker and not p.adjective and p.root.dep_ != "poss"]
    towns = [p for p in pool if not p.country_level] or pool
    if not towns:
        return None
    before = sent.start_char
    earlier = [p for p in towns if p.end <= before]
    score: Counter[str] = Counter(p.name for p in (earlier or towns))
    recent = sent
    for _ in range(2):
        if recent.start > 0:
            recent = sent.doc[recent.start - 1].sent
    recent_from = recent.start_char
    for name in {p.name for p in earlier if p.start >= recent_from}:
        score[name] += 1.5  # type: ignore[assignment]
    first = {p.name: p.start for p in reversed(towns)}
    return max(score, key=lambda n: (score[n], -first[n]))


def _place_for(sent: Span, tokens: set[int], noun: Token | None, verb: Token | None,
               places: list[_Place]) -> str | None:
    """The place a figure is about: in its noun phrase, a locative phrase, "the city", or the article's."""
    doc = sent.doc
    inside = [p for p in places if sent.start_char <= p.start and p.end <= sent.end_char and not p.adjective]
    centre = doc[min(tokens)].idx
    if noun is not None:
        sub = list(noun.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        within = [p for p in inside if lo <= p.start and p.end <= hi]
        if within:
            return within[0].name

    def locative(p: _Place) -> Token | None:
        if p.root.dep_ == "pobj" and p.root.head.text.lower() in _LOCATIVE:
            return p.root.head.head
        return None

    attached = [p for p in inside if locative(p) is not None and (locative(p) in (verb, noun) or
                                                                   locative(p).i in tokens)]
    if attached:
        return min(attached, key=lambda p: abs(p.start - centre)).name
    loc = [p for p in inside if locative(p) is not None]
    if loc:
        return min(loc, key=lambda p: abs(p.start - centre)).name
    anaphor = any(t.text.lower() in _CITY_ANAPHORS and (t.text.lower() in ("there", "here") or
                  any(c.text.lower() == "the" for c in t.children)) for t in sent)
    if not anaphor:
        # the country that fired is not where the figure is
        others = [p for p in inside if not p.speaker and not (
            p.root.dep_ == "nsubj" and _lemma(p.root.head) in VERBS and not _is_passive(p.root.head))]
        if others:
            return min(others, key=lambda p: abs(p.start - centre)).name
    return (_titled_place(sent, places) if anaphor else None) or _salient_place(places, sent)


# ---------------------------------------------------------------- the component


def find_quantities(doc: Doc, mentions: list[Mention]) -> list[Claim]:
    """Every harm figure in the document, as Claim(kind="quantity") with local ids ("q0", ...)."""
    places = _places(doc, mentions)
    found_all: list[tuple[Claim, _Found, int]] = []
    for sent in doc.sents:
        used: set[int] = set()
        for fig in _figures(sent):
            if any(i in used for i in range(fig.start, fig.end)):
                continue  # already counted as part of "two men and two women"
            why = _non_claim(fig, sent)
            if why:
                log.debug("not a claim (%s): %s", why, doc[fig.start:fig.end].text)
                continue
            found = _interpret(fig, sent, found_all)
            if found is None:
                continue
            noun = _counted_noun(fig)
            bounds = fig.bounds
            # "two adults and a child": conjoined counts add up
            if noun is not None and bounds.qualifier == "exact" and bounds.value is not None \
                    and found.group in _PERSON_GROUPS:
                extra, extra_tokens, groups = _composite(noun, sent)
                groups.add(found.group)
                if extra:
                    value = bounds.value + extra
                    bounds = Bounds(value, value, value, "exact")
                    found.tokens |= extra_tokens
                    found.group = groups.pop() if len(groups) == 1 else "people"
            if found.estimate and bounds.qualifier == "exact":
                bounds = Bounds(bounds.value, bounds.low, bounds.high, "estimate")
            used |= found.tokens
            claim = _claim(doc, sent, found, bounds, noun, places, found_all)
            found_all.append((claim, found, sent.start))
        for tok, found in _singles(sent, used):
            if tok.i in used:
                continue
            used |= found.tokens
            claim = _claim(doc, sent, found, Bounds(1, 1, 1, "exact"), tok, places, found_all)
            found_all.append((claim, found, sent.start))
    claims = _settle_weak(found_all)
    claims.sort(key=lambda c: (c.start, c.end))
    return [_with_id(c, f"q{i}") for i, c in enumerate(claims)]


def _settle_weak(found_all: list[tuple[Claim, _Found, int]]) -> list[Claim]:
    """Decide the figures read from "shot" or "taken to hospital", once the whole article is known.

    Being shot is an injury only if one survives. A single victim "shot" in an article that
    says a single victim died is most likely that person: dropped. "Four people were shot" in
    an article that also reports deaths counts everyone hit, dead or alive: casualties.
    """
    has_kill = any(f.measure == "killed" for _, f, _ in found_all)
    has_single_kill = any(f.measure == "killed" and c.value == 1 for c, f, _ in found_all)
    out = []
    for c, f, _ in found_all:
        if f.weak and c.measure == "injured":
            if c.value == 1 and c.qualifier == "exact" and has_single_kill:
                continue
            others = any(_lemma(w) == "other" for w in c.text.split())
            if has_kill and not others and c.value != 1:
                c = replace(c, measure="casualties")
        out.append(c)
    return out


def _composite(noun: Token, sent: Span) -> tuple[float, set[int], set[str]]:
    """Counts joined to ``noun``: "two adults and a child" -> (1, tokens, {"children"}).

    Read from the surface as well as the parse, because the small model often attaches the
    second conjunct to the verb instead of the first noun.
    """
    doc = sent.doc
    extra, toks, groups = 0.0, set(), set()
    # "she and three others", "a man and two women": a single person before the figure
    head = noun.head
    single = head.text.lower() in _SINGLE_PRONOUNS or head.ent_type_ == "PERSON" or (
        head.tag_ == "NN" and GROUPS.get(_lemma(head)) in _PERSON_GROUPS)
    if noun.dep_ == "conj" and head.i < noun.i and not any(_is_num(c) for c in head.children) and single:
        extra += 1
        toks.add(head.i)
    j = noun.i + 1
    while j + 2 < sent.end and doc[j].text.lower() in ("and", ",") :
        k = j + 1
        if doc[k].text.lower() == "and":
            k += 1
        count = parse_number(doc[k].text) if (doc[k].text.lower() in ("a", "an", "one") or _is_num(doc[k])) else None
        if count is None or k + 1 >= sent.end:
            break
        person = doc[k + 1]
        group = GROUPS.get(_lemma(person))
        if group not in _PERSON_GROUPS or (doc[k].text.lower() in ("a", "an") and person.tag_ != "NN"):
            break
        extra += count
        toks |= {doc[k].i, person.i}
        groups.add(group)
        j = k + 2
    return extra, toks, groups


def _is_claimed(tok: Token, found_all: list[tuple[Claim, _Found, int]]) -> bool:
    return any(tok.i in f.tokens for _, f, s in found_all if s == tok.sent.start)


def _with_id(c: Claim, cid: str) -> Claim:
    return replace(c, id=cid)


def _claim(doc: Doc, sent: Span, found: _Found, bounds: Bounds, noun: Token | None, places: list[_Place],
           previous: list[tuple[Claim, _Found, int]]) -> Claim:
    # phrasal verbs keep their particle in the span ("holed up", "running out")
    toks = set(found.tokens) | {c.i for i in found.tokens for c in doc[i].children if c.dep_ == "prt"}
    lo_i, hi_i = min(toks), max(toks)
    span = doc[lo_i:hi_i + 1]
    if found.inherit and previous:
        place = previous[-1][0].place_text
    else:
        place = _place_for(sent, found.tokens, noun, found.verb, places)
    return Claim(
        id="", document="", kind="quantity", sentence=sent.text, text=span.text,
        start=span.start_char, end=span.end_char, measure=found.measure, group=found.group,
        value=bounds.value, low=bounds.low, high=bounds.high, qualifier=bounds.qualifier,
        hedged=found.hedged, place_text=place,
    )
