"""What a harm word near a figure says: nouns ("deaths", "the death toll"), participles, event nouns, phrases.

Read from the parse around one token; shared by the quantity rules (``quantities.py``) and the
war-reporting rules (``war_wording.py``). The vocabularies are in ``measures.py``.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimledger.extract.measures import (
    ADJ_MEASURES,
    CARE_NOUNS,
    COUNT_NOUNS,
    EVENT_NOUNS,
    KILL_WORDS,
    MEDICAL_WORDS,
    NOUN_MEASURES,
    PHRASES,
    TOLL_VICTIMS,
    VERBS,
    lemma,
)


def phrase_measure(verb: Token) -> str | None:
    """Verb + particle or complement: "holed up", "fell victim", "burned to death", "found dead"."""
    lem = lemma(verb)
    for c in verb.children:
        words = [lemma(c)]
        if c.dep_ in ("prep", "agent"):
            words += [lemma(p) for p in c.children if p.dep_ == "pobj"]
        for w in words:
            if (lem, w) in PHRASES:
                return PHRASES[(lem, w)]
            if w in ("death",) and c.dep_ == "prep" and c.text.lower() == "to":
                return "killed"  # "beaten to death", "burned to death"
            if w in KILL_WORDS and c.dep_ in ("advmod", "acomp", "oprd") and lem in ("shoot", "stab", "wound",
                                                                                       "injure", "find", "leave"):
                return "killed"
    return care_measure(verb)


def care_measure(verb: Token) -> str | None:
    """"29 received first aid", "got medical treatment": hurt enough to be treated (humanitarian aid is not)."""
    if lemma(verb) not in ("receive", "get", "need", "require"):
        return None
    for c in verb.children:
        if c.dep_ == "dobj" and lemma(c) in CARE_NOUNS and any(
                x.text.lower() in MEDICAL_WORDS for x in c.children if x.dep_ in ("amod", "compound")):
            return "injured"
    return None


def measure_from_noun(noun: Token) -> tuple[str, Token] | None:
    """A harm noun near ``noun``: the noun itself, its compound ("death toll"), its of-complement."""
    lem = lemma(noun)
    if lem in NOUN_MEASURES and not (lem == "toll" and any(lemma(c) == "casualty" for c in noun.children)):
        if lem == "toll":
            for c in noun.children:
                if c.dep_ == "compound" and lemma(c) in NOUN_MEASURES:
                    return NOUN_MEASURES[lemma(c)], noun
        return NOUN_MEASURES[lem], noun
    if lem == "toll":
        return "casualties", noun
    if lem in COUNT_NOUNS:
        for c in noun.children:
            if c.dep_ == "prep" and c.text.lower() == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        # "the number of dead", "the number of people killed"
                        found = measure_from_noun(p) or modifier_measure(p)
                        if found:
                            return found
                        if lemma(p) in TOLL_VICTIMS:
                            return "killed", p  # "the number of victims rose to four"
        for c in noun.children:
            if c.dep_ == "compound" and lemma(c) in NOUN_MEASURES:
                return NOUN_MEASURES[lemma(c)], noun
    return None


def modifier_measure(tok: Token) -> tuple[str, Token] | None:
    """A participle or adjective modifying the figure or its noun ("trapped civilians", "tanks destroyed")."""
    for c in tok.children:
        if c.dep_ in ("amod", "acl", "relcl") or (c.dep_ == "appos" and c.pos_ in ("ADJ", "VERB")):
            lem = lemma(c)
            low = c.text.lower()
            if lem == "unable" or any(x.dep_ == "neg" for x in c.children):
                # "residents unable to evacuate": still trapped
                for x in c.children:
                    if x.dep_ == "xcomp" and lemma(x) in ("evacuate", "leave", "flee", "escape"):
                        return "trapped", x
                continue
            phrase = phrase_measure(c)
            if phrase:
                return phrase, c
            if low in ADJ_MEASURES and c.dep_ in ("amod", "acl"):
                return ADJ_MEASURES[low], c
            if c.dep_ == "acl" and lem in VERBS:
                measure, kind = VERBS[lem]
                if kind in ("t", "shoot") and c.tag_ == "VBN":
                    return measure, c
    return None


def event_measure(noun: Token) -> str | None:
    """What an event noun says happened to those it is "of": "the killing of", "the fatal shooting of"."""
    lem = lemma(noun)
    if lem in EVENT_NOUNS:
        return EVENT_NOUNS[lem]
    if lem in ("shoot", "shooting", "stabbing", "stab") and any(
            c.text.lower() in ("fatal", "deadly") for c in noun.children):
        return "killed"
    return None
