"""Quantity claims: figures about harm or displacement with bounds and qualifiers (owner: quantities work).

For every sentence we find the figures (digits, spelled-out numbers, vague amounts), throw
away those that are not about people or things harmed (ages, distances, durations,
populations, years, money...), then read the dependency parse to learn what the figure
counts: the noun it quantifies (the *group*), and the verb, adjective or noun that says
what happened to them (the *measure*). Victims named singly ("a 23-year-old man was shot
and killed") count as one. A figure that refers back ("Of those, 210 were children")
inherits the measure and place of the figure before it.

The vocabularies live in ``measures.py``, one table each (``VERBS``, ``NOUN_MEASURES``,
``GROUPS``...), so a new measure word is a one-line change; the figures' values and
bounds come from ``numbers.py``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimledger.extract.claim_places import Place, place_for, places_of
from claimledger.extract.figures import Figure, Found, find_figures, is_num, non_claim
from claimledger.extract.harm_nouns import event_measure, measure_from_noun, modifier_measure, phrase_measure
from claimledger.extract.measures import (
    ADJ_MEASURES,
    GROUPS,
    HEDGE_ADVERBS,
    MODALS,
    PERSON_GROUPS,
    PHRASES,
    REFER_BACK,
    SURE_INJURY_VERBS,
    THING_GROUPS,
    THING_MEASURES,
    TOLL_VERBS,
    TRANSITIVE_PHRASE_VERBS,
    VERBS,
    WEAK_CONTEXT,
    is_passive,
    lemma,
)
from claimledger.extract.numbers import VAGUE_HEADS, Bounds, parse_number
from claimledger.extract.war_wording import (
    YIELDING_NOUN_MEASURES,
    across_dash,
    among_singles,
    demonym_group,
    included_singles,
    person_killed,
    projected,
    through_total,
    toll_of,
    war_reading,
)
from claimledger.records import Claim, Mention

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- what a figure counts


def _counted_noun(fig: Figure) -> Token | None:
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
    while cur.dep_ in ("nummod", "quantmod", "compound") and cur.head != cur and is_num(cur) or \
            cur.dep_ == "nummod":
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN", "ADJ", "PRON") and not is_num(cur):
            # "rises to three - DPR ministry": the source named after a dash is not what is counted
            return None if across_dash(h.doc, fig.end, cur.i) else cur
    return None


def _group_of(noun: Token | None) -> str | None:
    if noun is None:
        return None
    lem = lemma(noun)
    if noun.i > 0 and f"{lemma(noun.doc[noun.i - 1])} {lem}" in GROUPS:
        return GROUPS[f"{lemma(noun.doc[noun.i - 1])} {lem}"]
    group = GROUPS.get(lem) or demonym_group(noun)
    if group in ("people", None):
        # "civilian casualties", "Ukrainian soldiers": a modifier can say more
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and GROUPS.get(lemma(c)) not in (None, "people"):
                return GROUPS[lemma(c)]
    return group


def _among_group(tok: Token) -> str | None:
    """Group named by an "among X" phrase ("12,000 deaths among its attack force")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.text.lower() in ("among", "amongst"):
            for p in c.children:
                if p.dep_ == "pobj":
                    if lemma(p) in ("force", "army", "troop", "military", "unit", "ranks"):
                        return "soldiers"
                    return _group_of(p)
    return None


def _hedged(tokens: list[Token]) -> bool:
    for tok in tokens:
        cur: Token | None = tok
        for _ in range(4):
            if cur is None:
                break
            if any(c.dep_ == "aux" and c.text.lower() in MODALS for c in cur.children):
                return True
            if any(c.dep_ == "advmod" and c.text.lower() in HEDGE_ADVERBS for c in cur.children):
                return True
            if cur.dep_ in ("ccomp", "ROOT") or cur.head == cur:
                break
            cur = cur.head
    return False


def _sentence_has(sent: Span, stems: tuple[str, ...]) -> bool:
    low = sent.text.lower()
    return any(s in low for s in stems)


def _verb_measure(verb: Token, role: str, victim: Token, group: str | None, sent: Span) -> tuple[str, bool] | None:
    """What ``verb`` says happened to ``victim`` (its ``role`` in the clause), and whether it is weak."""
    lem = lemma(verb)
    phrase = phrase_measure(verb)
    passive = is_passive(verb)
    if phrase:
        # "officers took the man to hospital": the officers are not the injured
        agent = role == "nsubj" and lem in TRANSITIVE_PHRASE_VERBS and not passive
        if not agent and (role in ("nsubj", "nsubjpass", "dobj", "attr", "oprd") or role.startswith("prep:")):
            # taken to hospital: hurt, but maybe the same person the article says died
            return phrase, phrase == "injured" and lem not in SURE_INJURY_VERBS
    if lem not in VERBS:
        return None
    measure, kind = VERBS[lem]
    # unable to evacuate / leave = trapped; able to evacuate = evacuated
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if kind == "attack":
        if group not in THING_GROUPS:
            return None
        if lem == "fall":
            if not (role.startswith("prep:") and any(lemma(c) in ("bomb", "shell", "missile", "rocket")
                                                      for c in verb.children if c.dep_ == "nsubj")):
                return None
        elif not (role in ("dobj", "nsubjpass") or role in ("prep:on", "prep:at") or (role == "nsubj" and passive)):
            return None
        if group == "vehicles" and lem not in ("fire", "target", "hit", "strike", "attack"):
            return "destroyed", False
        return "attacked", False
    if person_killed(lem, group):
        measure = "killed"  # "destroyed up to 50 soldiers"
    if group in THING_GROUPS and measure not in THING_MEASURES:
        return None
    if group not in THING_GROUPS and measure in THING_MEASURES:
        return None
    if kind == "weak":
        if not _sentence_has(sent, WEAK_CONTEXT.get(lem, ())):
            return None
        kind = "i" if lem == "arrive" else "t"
    if kind == "missing":
        return None  # only via the "go missing" phrase
    if kind == "leave":
        # "tens of thousands have left (the region)": displaced; "left 300 dead" is read elsewhere
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if role == "nsubj" and not passive and group in PERSON_GROUPS | {None} and all(
                c.pos_ == "PROPN" or lemma(c) in _LEFT_PLACES for c in objs):
            return "displaced", False
        return None
    if kind == "remain" and role == "nsubj":
        # "900 remain trapped", "two remain missing"
        for c in verb.children:
            if c.dep_ in ("acomp", "oprd", "xcomp") and c.text.lower() in ADJ_MEASURES:
                return ADJ_MEASURES[c.text.lower()], False
    if kind == "remain":
        # "remain in the city" / "stay inside": still in a besieged place; "remain in hospital" is injury
        for c in verb.children:
            if c.dep_ == "prep" and c.text.lower() in ("in", "inside", "within"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and lemma(pobj) in ("hospital", "condition", "care"):
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


def _clause_subject_noun(verb: Token, sent: Span) -> Token | None:
    """The harm noun a copula or toll verb talks about ("the death toll stands at ...")."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if c.pos_ == "PRON" and c.text.lower() in ("it", "this") and lemma(verb) in TOLL_VERBS:
                # "the number of casualties is unknown, but it is in the thousands"
                for t in sent:
                    if t.i < verb.i and measure_from_noun(t):
                        return t
                continue
            if measure_from_noun(c):
                return c
    return None


def _interpret(fig: Figure, sent: Span, previous: list[tuple[Claim, Found, int]]) -> Found | None:
    """Measure, group and the words that say so, for one figure; None if it is not a harm figure."""
    doc = sent.doc
    noun = _counted_noun(fig)
    # "thousands of troops" sits in the clause as "thousands"; "5,000 people" as "people"
    anchor = noun if noun is not None and not fig.vague else fig.head
    if noun is None and fig.head.dep_ == "nummod" and across_dash(doc, fig.end, fig.head.head.i):
        anchor = fig.head.head  # the source after the dash holds the figure's place in the clause
        while anchor.dep_ in ("compound", "nmod") and anchor.head != anchor:
            anchor = anchor.head
    group = _group_of(noun) if noun is not None else None
    tokens = set(range(fig.start, fig.end))
    if noun is not None:
        tokens.add(noun.i)
    war = war_reading(fig, sent, noun, group, tokens)
    if war is not None:
        war.hedged = _hedged([anchor])
        return war
    if noun is not None:
        # a figure counting some other thing ("eight generals" are people; "30 members" are not victims)
        if group is None and measure_from_noun(noun) is None and lemma(noun) not in ADJ_MEASURES:
            return None
    found: Found | None = None

    # 1. a reference back: "Of those, 210 were children", "among them 12 children"
    refer = None
    for c in fig.head.children:
        if c.dep_ == "prep" and c.text.lower() in ("of", "among", "amongst"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and pobj.text.lower() in REFER_BACK:
                refer = c
    first_words = " ".join(t.text.lower() for t in sent[:3])
    if refer is not None or first_words.startswith(("of those", "of them", "among them", "among those",
                                                     "of the dead", "among the dead", "of these")):
        if previous and anchor.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos"):
            prev_claim, prev_found, _ = previous[-1]
            # "Two of them died": the clause says what happened; it is still about the same people
            own = _from_verb(anchor.head, anchor.dep_, anchor, group, sent, tokens) \
                if anchor.head.pos_ in ("VERB", "AUX") and lemma(anchor.head) != "be" else None
            if own is None and anchor.head.text.lower() in ADJ_MEASURES:
                # "two of them already dead"
                own = Found(ADJ_MEASURES[anchor.head.text.lower()], "people", tokens | {anchor.head.i})
            fatal = next((t for t in sent.doc[fig.end:min(sent.end, fig.end + 4)]
                          if t.text.lower() in ("fatally", "mortally")), None)
            if own is None and fatal is not None:
                # "35 people have been shot, eight of them fatally"
                own = Found("killed", "people", tokens | {fatal.i})
            if own is not None:
                own.inherit = True
                own.group = group or prev_claim.group or "people"
                own.hedged = _hedged([anchor, anchor.head])
                return own
            if anchor.dep_ == "nsubj" and lemma(anchor.head) != "be":
                return None  # "two of them shared a surname": not a count of harm
            attr = next((c for c in anchor.head.children if c.dep_ == "attr"), None) if anchor.dep_ == "nsubj" else None
            return Found(prev_claim.measure or "killed", _group_of(attr) or group or prev_claim.group or "people",
                          tokens | ({attr.i} if attr is not None else set()), inherit=True)

    # 2. the counted noun is itself the measure: "5,000 deaths", "the three dead", "20 casualties"
    if noun is not None:
        m = measure_from_noun(noun)
        if m is None and lemma(noun) in ADJ_MEASURES and noun.pos_ == "ADJ":
            m = (ADJ_MEASURES[lemma(noun)], noun)
        if m is not None:
            measure, trig = m
            g = _among_group(noun) or next((GROUPS[lemma(c)] for c in noun.children
                                            if c.dep_ in ("amod", "compound") and lemma(c) in GROUPS), None)
            found = Found(measure, g or "people", tokens | {trig.i})
    fallback = None
    if found is not None and found.measure in YIELDING_NOUN_MEASURES:
        fallback, found = found, None  # "40 prisoners were killed": the verb says what happened to them
    if found is None and anchor.dep_ == "pobj" and anchor.head.text.lower() in ("including", "among") and previous:
        prev_claim, prev_found, prev_sent = previous[-1]
        if prev_sent == sent.start:
            return Found(prev_claim.measure or "killed", group or "people", tokens, inherit=True)
    # 3. a participle or adjective on the figure or its noun: "200,000 trapped civilians", "one dead"
    if found is None:
        for tok in ([noun] if noun is not None else []) + [fig.head]:
            m = modifier_measure(tok)
            if m is not None:
                measure, trig = m
                if (group in THING_GROUPS) == (measure in THING_MEASURES):
                    found = Found(measure, group or "people", tokens | {trig.i})
                    break
    if found is None and noun is not None:
        # "the three others who were shot"
        for c in noun.children:
            who = next((x for x in c.children
                        if x.dep_ in ("nsubj", "nsubjpass") and x.text.lower() in ("who", "that")),
                       None) if c.dep_ == "relcl" else None
            if who is not None:
                found = _from_verb(c, who.dep_, noun, group, sent, tokens)
                if found is not None:
                    break
    if found is None and noun is None and fig.end < sent.end and doc[fig.end].text.lower() in ("fatally", "mortally"):
        found = Found("killed", "people", tokens | {fig.end})  # "four were shot, one fatally"
    if found is None and fig.end < sent.end and doc[fig.end].text.lower() in ADJ_MEASURES \
            and doc[fig.end].pos_ in ("ADJ", "VERB") and noun is None:
        found = Found(ADJ_MEASURES[doc[fig.end].text.lower()], "people", tokens | {fig.end})
    # 4. the verb the figure belongs to
    if found is None:
        node = anchor
        # "she and three others", "the victims, two men and two women,", "all of the victims"
        for _ in range(4):
            if node.dep_ in ("conj", "appos") and node.head.pos_ in ("NOUN", "NUM", "PROPN", "ADJ", "PRON") and \
                    not any(t.pos_ == "VERB" for t in sent.doc[node.head.i + 1:node.i]):
                # (a verb in between means the parse joined two clauses' objects)
                node = node.head
            elif node.dep_ == "pobj" and node.head.text.lower() == "of" and \
                    node.head.head.text.lower() in ("all", "both", "each", "some", "many", "most"):
                node = node.head.head
            elif through_total(node) is not node:
                node = through_total(node)  # "a total of 51 people were killed"
            else:
                break
        role = node.dep_
        verb = node.head
        if role == "pobj" and fig.start <= verb.i < fig.end and verb.dep_ == "prep":
            # "injuring over twenty", "detained between 15 and 20": the qualifier was parsed as a
            # preposition; the figure is still the verb's object
            role, verb = "dobj", verb.head
        elif role == "pobj":
            role = f"prep:{verb.text.lower()}"
            verb = verb.head
        if role == "prep:of" and toll_of(verb):
            found = Found(toll_of(verb) or "killed", group or "people", tokens | {verb.i}, verb=verb)  # "a toll of six"
        elif role == "prep:of" and event_measure(verb) and (group in PERSON_GROUPS or group is None):
            # "the deaths of four people", "the fatal shooting of two men"
            found = Found(event_measure(verb) or "killed", group or "people", tokens | {verb.i}, verb=verb)
        elif verb.pos_ in ("VERB", "AUX"):
            found = _from_verb(verb, role, anchor, group, sent, tokens)
            if found is None and role in ("nsubj", "nsubjpass"):
                found = _raised(verb, anchor, group, sent)
                if found is not None:
                    found.tokens |= tokens
            # "shot and killed", "wounded and later died": the strongest conjoined verb wins
            if found is None or found.weak:
                for conj in verb.children:
                    # "three were shot and a baby was killed": a conjunct with its own subject is another
                    # clause; "shooting four and killing one of them": with its own object, other victims
                    if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(
                            c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in conj.children):
                        other = _from_verb(conj, "nsubjpass" if is_passive(verb) and role == "nsubjpass" else role,
                                           anchor, group, sent, tokens)
                        if other is not None and (found is None or other.measure == "killed"):
                            found = other
    # 5. the figure followed by "were killed" when the parse lost the link
    if found is None and noun is None or found is None and group in PERSON_GROUPS:
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
            lem = lemma(doc[j])
            if lem in VERBS and VERBS[lem][1] in ("t", "shoot"):
                found = Found(VERBS[lem][0], group or "people", tokens | set(range(fig.end, j + 1)),
                               weak=VERBS[lem][1] == "shoot")
    found = found or fallback
    if found is None:
        return None
    if found.group in ("people",) and group and group != "people":
        found.group = group
    if noun is None and found.group == "people" and not found.inherit:
        # "two of the deputies"
        for c in fig.head.children:
            if c.dep_ == "prep" and c.text.lower() == "of":
                for x in c.children:
                    if x.dep_ == "pobj" and _group_of(x) in PERSON_GROUPS:
                        found.group = _group_of(x) or "people"
    if noun is None and found.group == "people" and previous:
        # an elided object shares the group of the figure before it ("killing five doctors and injuring ten")
        prev_claim, prev_found, prev_sent = previous[-1]
        if prev_sent == sent.start and prev_found.verb is not None and found.verb is not None and \
                (found.verb.head == prev_found.verb or prev_found.verb.head == found.verb) and \
                prev_claim.group in PERSON_GROUPS:
            found.group = prev_claim.group or "people"
    found.hedged = _hedged([anchor] + ([found.verb] if found.verb is not None else []))
    return found


def _from_verb(verb: Token, role: str, anchor: Token, group: str | None, sent: Span,
               tokens: set[int]) -> Found | None:
    """Measure from the verb the figure depends on, including copulas and toll verbs."""
    if any(c.dep_ == "neg" or c.text.lower() in ("never", "not", "n't") for c in verb.children):
        return None  # "were not hurt"
    if _unreal(verb):
        return None
    lem = lemma(verb)
    res = _verb_measure(verb, role, anchor, group, sent)
    if res is not None:
        measure, weak = res
        # keep "dead" in "pronounced dead", "to death" in "beaten to death" inside the span
        extra = {c.i for c in verb.children if c.dep_ in ("oprd", "acomp") or
                 (c.dep_ == "dobj" and lemma(c) == "life") or
                 (c.dep_ == "prep" and c.text.lower() == "to" and any(lemma(x) == "death" for x in c.children))}
        extra |= {x.i for c in verb.children if c.i in extra and c.dep_ == "prep" for x in c.children}
        return Found(measure, group or "people", tokens | {verb.i} | extra, verb=verb, weak=weak,
                      estimate=_estimated(verb))
    # "dozens are missing", "three are dead": the state word heads the clause
    if role in ("nsubj", "nsubjpass") and verb.text.lower() in ADJ_MEASURES and (
            verb.pos_ == "ADJ" or any(lemma(c) == "be" for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        return Found(ADJ_MEASURES[verb.text.lower()], group or "people", tokens | {verb.i}, verb=verb)
    # copulas and toll verbs: "the toll could be in the tens of thousands", "put the death toll at 5,000"
    if lem in TOLL_VERBS and (role in ("attr", "dobj", "prep:at", "prep:in", "prep:to", "prep:of", "prep:into",
                                       "prep:from", "nsubj") or lem == "be"):
        subj = _clause_subject_noun(verb, sent)
        if subj is not None and subj.i != anchor.i:
            m = measure_from_noun(subj)
            if m is not None:
                measure, trig = m
                g = group or _among_group(subj) or next((GROUPS[lemma(c)] for c in subj.children
                                                         if c.dep_ in ("amod", "compound") and lemma(c) in GROUPS),
                                                        None)
                for p in subj.children:  # "the number of civilian casualties"
                    if p.dep_ == "prep" and p.text.lower() == "of":
                        for x in p.children:
                            g = g or _group_of(x) if _group_of(x) != "people" else g
                return Found(measure, g or "people", tokens | {subj.i, trig.i, verb.i}, verb=verb,
                              estimate=_estimated(verb))
    if lem == "leave" and role == "dobj":
        # "left 300 dead", "leaving 200,000 running out of food"
        nxt = sent.doc[anchor.i + 1] if anchor.i + 1 < sent.end else None
        if nxt is not None and nxt.text.lower() in ADJ_MEASURES:
            return Found(ADJ_MEASURES[nxt.text.lower()], group or "people", tokens | {verb.i, nxt.i}, verb=verb)
        for c in verb.children:
            if c.dep_ in ("xcomp", "advcl", "oprd", "acomp", "ccomp") and c.i > anchor.i:
                m = phrase_measure(c) or ADJ_MEASURES.get(c.text.lower())
                if m:
                    return Found(m, group or "people", tokens | {verb.i, c.i}, verb=verb)
    if lem == "be" and role in ("nsubj",):
        # "100,000 civilians are still inside the city"
        still = any(c.text.lower() == "still" for c in verb.children)
        inside = [c for c in verb.children if c.dep_ in ("prep", "advmod") and c.text.lower() in ("inside", "in")]
        where = {lemma(p) for c in inside for p in c.children if p.dep_ == "pobj"}
        if inside and where & {"hospital", "condition", "care", "surgery"}:
            # "one victim is (still) in critical condition": hurt, maybe the one who later died
            return Found("injured", group or "people", tokens | {verb.i}, verb=verb, weak=True)
        if still and inside and (group in PERSON_GROUPS or group is None):
            return Found("trapped", group or "people", tokens | {verb.i}, verb=verb)
        for c in verb.children:
            if c.dep_ not in ("acomp", "attr", "xcomp"):
                continue
            # "are dead", "are still holed up", "are unable to leave"
            m = ADJ_MEASURES.get(c.text.lower()) or phrase_measure(c)
            if m is None and lemma(c) == "unable" and any(
                    x.dep_ == "xcomp" and lemma(x) in ("evacuate", "leave", "flee", "escape") for x in c.children):
                m = "trapped"
            if m is not None:
                return Found(m, group or "people", tokens | {c.i}, verb=verb)
    return None


_LEFT_PLACES = frozenset({"region", "city", "town", "village", "country", "area", "home", "homes", "house",
                          "province", "district", "state", "territory", "oblast", "capital", "neighbourhood",
                          "neighborhood"})
_INTENT = frozenset({"threaten", "try", "attempt", "want", "plan", "vow", "intend", "wish", "hope", "seek", "plot",
                     "conspire", "order", "urge", "ask", "pray", "prevent", "avoid", "refuse", "aim"})


def _unreal(verb: Token) -> bool:
    """Harm that did not happen: "threatened to kill her", "tried to kill", "would have killed", "if ... died"."""
    if any(c.dep_ == "aux" and c.text.lower() in ("would", "'d", "should", "must", "will", "wo", "shall")
           for c in verb.children):
        return True
    if any(c.dep_ == "mark" and c.text.lower() in ("if", "unless", "whether") for c in verb.children):
        return True
    cur = verb
    for _ in range(2):
        if cur.dep_ in ("xcomp", "ccomp", "advcl") and lemma(cur.head) in _INTENT:
            return True
        if cur.dep_ not in ("conj", "xcomp"):
            break
        cur = cur.head
    return False


def _raised(verb: Token, victim: Token, group: str | None, sent: Span) -> Found | None:
    """"is reported to have died", "is believed to have been killed": the harm is in the xcomp."""
    for x in verb.children:
        if x.dep_ == "xcomp" and x.pos_ == "VERB":
            # "are reported killed": a participle after a passive raising verb is passive too
            role = "nsubjpass" if is_passive(x) or (x.tag_ == "VBN" and is_passive(verb)) else "nsubj"
            found = _from_verb(x, role, victim, group, sent, {victim.i})
            if found is not None:
                return found
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

SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her"})
REFLEXIVES = frozenset({"himself", "herself"})
SELF_HARM_FORMS = frozenset({"shot", "shoots", "shooting", "wounded", "wounds", "wounding", "injured", "injures",
                             "injuring", "stabbed"})


def _singles(sent: Span, used: set[int]) -> list[tuple[Token, Found]]:
    """Victims named singly: "a 23-year-old man was shot and killed", "the victim died" -> 1."""
    out: list[tuple[Token, Found]] = []
    for tok in sent:
        if tok.text.lower() in REFLEXIVES and tok.i > sent.start and tok.i not in used:
            # "an 8-year-old shot himself": the one who fired is the one hit (whatever the parse
            # makes of "shot"); hurt unless the article says the person died
            verb = sent.doc[tok.i - 1]
            if verb.text.lower() in SELF_HARM_FORMS:
                out.append((tok, Found("injured", "people", {verb.i, tok.i}, verb=verb, weak=True)))
                continue
        relcl = next((c for c in tok.children if c.dep_ == "relcl" and any(
            x.dep_ in ("nsubj", "nsubjpass") and x.text.lower() in ("who", "that") for x in c.children)), None)
        if tok.i in used or (tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj") and relcl is None):
            continue
        if tok.dep_ == "pobj" and not (tok.head.text.lower() == "of" and event_measure(tok.head.head)) \
                and relcl is None:
            continue
        lem = lemma(tok)
        person = tok.tag_ == "NN" and GROUPS.get(lem) in PERSON_GROUPS
        person = person or (tok.tag_ == "NNP" and (tok.ent_type_ == "PERSON" or GROUPS.get(lem) in PERSON_GROUPS))
        person = person or (lem == "another" and tok.dep_ in ("dobj", "nsubjpass", "nsubj"))  # "wounding another"
        person = person or (tok.tag_ == "PRP" and tok.text.lower() in SINGLE_PRONOUNS)
        person = person or (lem == "old" and any(c.text.lower() == "year" for c in tok.subtree))
        if not person or any(is_num(c) and c.dep_ == "nummod" for c in tok.children):
            continue
        if any(c.dep_ == "det" and c.text.lower() in ("no", "every", "each", "any") for c in tok.children):
            continue
        verb = tok.head
        found = None
        if relcl is not None:
            # "the man who was pronounced dead", "a woman who was shot"
            who = next(x for x in relcl.children
                       if x.dep_ in ("nsubj", "nsubjpass") and x.text.lower() in ("who", "that"))
            found = _from_verb(relcl, who.dep_, tok, GROUPS.get(lem, "people"), sent, {tok.i})
            if found is not None:
                verb = relcl
            if found is not None and found.measure == "injured" and tok.dep_ == "nsubj" and \
                    tok.head.pos_ in ("VERB", "AUX"):
                # "a woman who was injured in the shelling has died": the main verb tells the end
                main = _from_verb(tok.head, "nsubj", tok, GROUPS.get(lem, "people"), sent, {tok.i})
                if main is not None and main.measure == "killed":
                    found, verb = main, tok.head
        if found is not None:
            pass
        elif tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        elif tok.dep_ == "pobj":
            if not (tok.head.text.lower() == "of" and event_measure(tok.head.head)):
                continue
            event = tok.head.head
            found = Found(event_measure(event) or "killed", "people", {tok.i, event.i}, verb=event)
        elif verb.pos_ not in ("VERB", "AUX") or (lemma(verb), lem) in PHRASES:
            continue  # "fell victim" names no victim
        else:
            found = _from_verb(verb, tok.dep_, tok, GROUPS.get(lem, "people"), sent, {tok.i})
        if found is None and verb.pos_ in ("VERB", "AUX"):
            found = _raised(verb, tok, GROUPS.get(lem, "people"), sent)
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
        if tok.text.lower() in SINGLE_PRONOUNS or tok.tag_ == "NNP" or (
                found.verb is not None and lemma(found.verb) in ("suffer", "sustain")):
            # a named or pronoun victim, or one who "suffered a wound", is often the one who died
            found.weak = found.weak or found.measure == "injured"
        found.group = GROUPS.get(lem) or "people"
        if found.group not in PERSON_GROUPS:
            found.group = "people"
        # "a woman and a child were shot", "Nadia and her brother were killed": each one counts
        for conj in tok.conjuncts:
            if conj.i > tok.i and conj.i not in used and not any(is_num(c) for c in conj.children) and (
                    conj.ent_type_ == "PERSON" or conj.text.lower() in SINGLE_PRONOUNS or
                    conj.tag_ == "NN" and GROUPS.get(lemma(conj)) in PERSON_GROUPS):
                found.count += 1
                found.tokens.add(conj.i)
                if GROUPS.get(lemma(conj)) != found.group:
                    found.group = "people"
        # the span starts at the noun phrase ("a 23-year-old man")
        left = min(t.i for t in tok.subtree if t.dep_ not in ("relcl", "appos", "punct") or t.i == tok.i)
        found.tokens |= {left, tok.i}
        found.hedged = _hedged([tok, verb])
        out.append((tok, found))
    return out


# ---------------------------------------------------------------- the component


def find_quantities(doc: Doc, mentions: list[Mention]) -> list[Claim]:
    """Every harm figure in the document, as Claim(kind="quantity") with local ids ("q0", ...)."""
    places = places_of(doc, mentions)
    found_all: list[tuple[Claim, Found, int]] = []
    parts: list[tuple[Claim, Found, int]] = []  # victims named inside a figure's phrase: not "the figure before"
    for sent in doc.sents:
        used: set[int] = set()
        figures = find_figures(sent)
        for k, fig in enumerate(figures):
            if any(i in used for i in range(fig.start, fig.end)):
                continue  # already counted as part of "two men and two women"
            why = non_claim(fig, sent)
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
                    and found.group in PERSON_GROUPS:
                extra, extra_tokens, groups = _composite(noun, sent)
                groups.add(found.group)
                found.tokens |= extra_tokens
                if extra:
                    value = bounds.value + extra
                    bounds = Bounds(value, value, value, "exact")
                    found.tokens |= extra_tokens
                    found.group = groups.pop() if len(groups) == 1 else "people"
            if found.estimate and bounds.qualifier == "exact":
                bounds = Bounds(bounds.value, bounds.low, bounds.high, "estimate")
            bounds = projected(found.verb, found.hedged, fig.head, bounds)
            used |= found.tokens
            claim = _claim(doc, sent, found, bounds, noun, places, found_all)
            found_all.append((claim, found, sent.start))
            if found.measure in ("killed", "injured") and not found.inherit:
                # "three people, including a child, were killed": the child is a claim of its own (a part)
                stop = next((f.start for f in figures[k + 1:] if not non_claim(f, sent)), sent.end)
                after = fig.end if noun is None else max(fig.end, noun.i + 1)
                for group, toks in included_singles(sent, after, stop):
                    if toks & used:
                        continue
                    used |= toks
                    part = Found(found.measure, group, toks, hedged=found.hedged, inherit=True)
                    parts.append((_claim(doc, sent, part, Bounds(1, 1, 1, "exact"), None, places, found_all),
                                  part, sent.start))
        for tok, found in _singles(sent, used):
            if tok.i in used:
                continue
            used |= found.tokens
            claim = _claim(doc, sent, found, Bounds(found.count, found.count, found.count, "exact"), tok, places,
                           found_all)
            found_all.append((claim, found, sent.start))
        for tok, measure, group, toks in among_singles(sent, used):
            # "a newborn baby was among the wounded"
            used |= toks
            one = Found(measure, group, toks, hedged=_hedged([tok]))
            found_all.append((_claim(doc, sent, one, Bounds(1, 1, 1, "exact"), tok, places, found_all), one,
                              sent.start))
    claims = _settle_weak(found_all + parts)
    claims.sort(key=lambda c: (c.start, c.end))
    return [_with_id(c, f"q{i}") for i, c in enumerate(claims)]


def _settle_weak(found_all: list[tuple[Claim, Found, int]]) -> list[Claim]:
    """Decide the figures read from "shot" or "taken to hospital", once the whole article is known.

    Being shot is an injury only if one survives. A single victim "shot" in an article that
    says a single victim died is most likely that person: dropped. "Four people were shot" in
    an article that also reports deaths counts everyone hit, dead or alive: casualties.
    """
    has_kill = any(f.measure == "killed" for _, f, _ in found_all)
    has_single_kill = any(f.measure == "killed" and c.value == 1 for c, f, _ in found_all)
    out = []
    for c, f, _ in found_all:
        if f.weak and c.measure == "injured" and any(w in c.sentence.lower() for w in ("unharmed", "unhurt",
                                                                                         "uninjured")):
            continue  # "he was unharmed and was taken to hospital for observation"
        if f.weak and c.measure == "injured":
            if c.value == 1 and c.qualifier == "exact" and has_single_kill:
                continue
            others = any(lemma(w) == "other" for w in c.text.split())
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
    # "six people, three men and three women,": a breakdown of the same six, not more people
    breakdown = lemma(noun) in ("people", "person", "victim", "individual") and doc[noun.i + 1].text == ","
    # "she and three others", "a man and two women": a single person before the figure
    head = noun.head
    single = head.text.lower() in SINGLE_PRONOUNS or head.ent_type_ == "PERSON" or (
        head.tag_ == "NN" and GROUPS.get(lemma(head)) in PERSON_GROUPS)
    if noun.dep_ == "conj" and head.i < noun.i and not any(is_num(c) for c in head.children) and single:
        extra += 1
        toks.add(head.i)
    j = noun.i + 1
    while j + 2 < sent.end and doc[j].text.lower() in ("and", ","):
        k = j + 1
        if doc[k].text.lower() == "and":
            k += 1
        count = parse_number(doc[k].text) if (doc[k].text.lower() in ("a", "an", "one") or is_num(doc[k])) else None
        if count is None or k + 1 >= sent.end:
            break
        person = doc[k + 1]
        group = GROUPS.get(lemma(person))
        if group not in PERSON_GROUPS or (doc[k].text.lower() in ("a", "an") and person.tag_ != "NN"):
            break
        extra += count
        toks |= {doc[k].i, person.i}
        groups.add(group)
        j = k + 2
    if breakdown:
        return 0.0, toks, set()
    return extra, toks, groups


def _is_claimed(tok: Token, found_all: list[tuple[Claim, Found, int]]) -> bool:
    return any(tok.i in f.tokens for _, f, s in found_all if s == tok.sent.start)


def _with_id(c: Claim, cid: str) -> Claim:
    return replace(c, id=cid)


def _claim(doc: Doc, sent: Span, found: Found, bounds: Bounds, noun: Token | None, places: list[Place],
           previous: list[tuple[Claim, Found, int]]) -> Claim:
    # phrasal verbs keep their particle in the span ("holed up", "running out")
    toks = set(found.tokens) | {c.i for i in found.tokens for c in doc[i].children if c.dep_ == "prt"}
    lo_i, hi_i = min(toks), max(toks)
    span = doc[lo_i:hi_i + 1]
    if found.inherit and previous:
        place = previous[-1][0].place_text
    else:
        place = place_for(sent, found.tokens, noun, found.verb, places)
    return Claim(
        id="", document="", kind="quantity", sentence=sent.text, text=span.text,
        start=span.start_char, end=span.end_char, measure=found.measure, group=found.group,
        value=bounds.value, low=bounds.low, high=bounds.high, qualifier=bounds.qualifier,
        hedged=found.hedged, place_text=place,
    )
