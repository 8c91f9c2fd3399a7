"""Where a figure is about: the place named in its noun phrase, a locative phrase, "the city"
resolved through the article, or the article's main place (owner: quantities work).

Works on the place Mentions the entities component found, read against the parse.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.measures import CITY_ANAPHORS, SPEECH, VERBS, is_passive, lemma
from claimledger.records import Mention

_DEMONYM = re.compile(r"(an|ese|ish|i|ic|ch)$", re.I)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_LOCATIVE = frozenset({"in", "inside", "at", "near", "from", "of", "around", "across", "outside", "within",
                       "into", "to", "throughout", "on"})


@dataclass
class Place:
    """A place mention and what the parse says about it."""

    name: str
    start: int  # character offsets
    end: int
    root: Token
    country_level: bool
    speaker: bool  # the subject of a verb of saying ("Kiev says"), standing for a government
    adjective: bool  # a demonym used as an adjective ("Russian forces")


def places_of(doc: Doc, mentions: list[Mention]) -> list[Place]:
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
        speaker = root.dep_ in ("nsubj", "nsubjpass") and lemma(root.head) in SPEECH
        # countries, seas and regions have no admin-1 area in the gazetteer; towns do
        country = m.gazetteer_id is not None and m.admin1 is None
        # "Russian forces": a demonym, not a place the figure is in (the small model tags some
        # town names as adjectives too, so the word's ending decides)
        demonym = (root.pos_ == "ADJ" or root.dep_ == "amod") and bool(_DEMONYM.search(m.text))
        out.append(Place(_place_name(m), m.start, m.end, root, country, speaker, demonym))
    return out


def _place_name(m: Mention) -> str:
    return _POSSESSIVE.sub("", m.canonical or m.text)


_TITLES = frozenset({"mayor", "governor", "council", "sheriff", "administration", "prefect", "municipality",
                     "councillor", "councilman", "mayoral"})


def _titled_place(sent: Span, places: list[Place]) -> str | None:
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


def _salient_place(places: list[Place], sent: Span) -> str | None:
    """The place an article is about when a sentence says "the city" or names none.

    Town-level places named before the sentence, counted, with a bonus for those named in
    the two sentences before it (a reader resolves "the city" to what was just talked about);
    countries and capitals speaking for their governments are left out. With nothing named
    before, the whole article counts.
    """
    # a place that acts ("Moscow would look into it") stands for its government
    pool = [p for p in places if not p.speaker and not p.adjective and p.root.dep_ != "poss"
            and not _with_speaker(p.root) and not (p.root.dep_ == "nsubj" and lemma(p.root.head) != "be")]
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
    # ties go to the place named last: what the text was talking about just before
    last = {p.name: p.start for p in (earlier or towns)}
    return max(score, key=lambda n: (score[n], last[n]))


def _with_speaker(tok: Token) -> bool:
    """Where the words were said, not where the figure is: "told reporters in Geneva", "the
    mission in Ukraine said"."""
    cur = tok
    for _ in range(6):
        head = cur.head
        if head == cur:
            return False
        if lemma(head) in SPEECH and head.pos_ in ("VERB", "AUX") and \
                cur.dep_ in ("prep", "nsubj", "dobj", "dative"):
            return True
        if cur.dep_ in ("ccomp", "xcomp", "advcl", "relcl"):
            return False
        cur = head
    return False


def place_for(sent: Span, tokens: set[int], noun: Token | None, verb: Token | None,
               places: list[Place]) -> str | None:
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

    def locative(p: Place) -> Token | None:
        if p.root.dep_ == "pobj" and p.root.head.text.lower() in _LOCATIVE and not _with_speaker(p.root):
            return p.root.head.head
        return None

    attached = [p for p in inside if locative(p) is not None and (locative(p) in (verb, noun) or
                                                                   locative(p).i in tokens)]
    if attached:
        return min(attached, key=lambda p: abs(p.start - centre)).name
    loc = [p for p in inside if locative(p) is not None]
    if loc:
        return min(loc, key=lambda p: abs(p.start - centre)).name
    own_country = next((t for t in sent if t.text.lower() == "country" and any(
        c.dep_ == "poss" and c.text.lower() in ("his", "her", "their", "its", "our") for c in t.children)), None)
    if own_country is not None:
        # "the minister of X said ... in his country": the speaker's country
        countries = [p for p in inside if p.country_level and not p.adjective and not (
            p.root.dep_ == "nsubj" and lemma(p.root.head) in VERBS)]  # not the country that fired
        countries.sort(key=lambda p: (p.root.dep_ not in ("poss", "compound"), abs(p.start - own_country.idx)))
        if countries:
            return countries[0].name
    anaphor = any(t.text.lower() in CITY_ANAPHORS and (t.text.lower() in ("there", "here") or
                  any(c.text.lower() == "the" for c in t.children)) for t in sent)
    if not anaphor:
        # the country that fired is not where the figure is
        others = [p for p in inside if not p.speaker and not _with_speaker(p.root) and not (
            p.root.dep_ == "nsubj" and lemma(p.root.head) in VERBS and not is_passive(p.root.head))]
        if others:
            return min(others, key=lambda p: abs(p.start - centre)).name
    # "the city", or no place at all in a sentence about its mayor: the mayor's city
    return _titled_place(sent, places) or _salient_place(places, sent)
