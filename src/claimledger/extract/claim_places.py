"""Where a figure is about: the place named in its noun phrase, a locative phrase, "the city"
resolved through the article, or the article's main place (owner: quantities work).

Works on the place Mentions the entities component found, read against the parse. What a
mention names is read with the words around it: "the X region" is the admin-1 region X, "the
X direction" a military axis (an area at X, not the town), and a name the model took for an
organisation, person or nationality is a place where the gazetteer knows it and a locative or region word
says place ("an attack on <town>", "in DPR"). Places that are not the scene are kept but not
chosen: the owner of an organisation ("the Armed Forces of <country>"), the agent of an attack
("shelling by <country>"), a capital that speaks for its government ("<capital> said").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.gazetteer import AXIS_WORDS, get_gazetteer
from claimledger.extract.measures import CITY_ANAPHORS, SPEECH, VERBS, is_passive, lemma
from claimledger.records import Mention

_DEMONYM = re.compile(r"(an|ese|ish|i|ic|ch)$", re.I)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_LOCATIVE = frozenset({"in", "inside", "at", "near", "from", "of", "around", "across", "outside", "within",
                       "into", "to", "throughout", "on"})
# Words after a name that make it the admin-1 region of that name ("the Ternopil region").
_REGION_AFTER = frozenset({"region", "oblast", "province", "governorate"})
# What a belligerent owns: "<capital>'s tanks", "the forces of <country>" name a party, not a scene.
_PARTY_NOUNS = frozenset({"force", "forces", "troops", "army", "military", "navy", "tank", "tanks", "missile",
                          "missiles", "artillery", "drone", "drones", "warplane", "warplanes", "jet", "jets",
                          "soldier", "soldiers", "invasion", "offensive", "shelling"})
# A name the model tagged as an organisation or person is read as a place only if it has this few words.
_MAX_RETAGGED_WORDS = 3


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
    party: bool = False  # the owner of an organisation or the agent of an attack: not the scene
    region: bool = False  # an admin-1 region: less specific than a town, more than a country
    known: bool = True  # the gazetteer placed it (a name it does not know may be no place at all)


def places_of(doc: Doc, mentions: list[Mention]) -> list[Place]:
    """Place mentions with what the parse says about them."""
    out = []
    # a name the article uses for a place elsewhere is that place here too ("<Town> residents"
    # is often tagged as an organisation)
    place_names = {_place_name(m) for m in mentions if m.type == "place"} | \
        {_POSSESSIVE.sub("", m.text) for m in mentions if m.type == "place"}
    countries = Counter(m.country for m in mentions if m.type == "place" and m.country)
    context = countries.most_common(1)[0][0] if countries else None
    orgs = [(m.start, m.end) for m in mentions if m.type == "organisation"]
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        name = _place_name(m)
        # countries, seas and regions have no admin-1 area in the gazetteer; towns do, and an
        # admin-1 region is its own admin-1 area
        country = m.gazetteer_id is not None and m.admin1 is None
        region = m.gazetteer_id is not None and m.admin1 is not None and m.canonical == m.admin1
        if m.type != "place" and not (m.type == "organisation" and _POSSESSIVE.sub("", m.text) in place_names):
            retagged = _retagged_place(doc, span, m, context)
            if retagged is None:
                continue
            name, country, region = retagged
        read = _read_with_next_word(doc, span, name, (country, region), context)
        root = span.root
        if read[0] != name and span.end < len(doc) and root.head.i == span.end:
            root = doc[span.end]  # "in the X region": the region word carries the phrase's role
        name, country, region = read
        speaker = root.dep_ in ("nsubj", "nsubjpass") and lemma(root.head) in SPEECH or _speakers_owner(root)
        # "Russian forces": a demonym, not a place the figure is in (the small model tags some
        # town names as adjectives too, so the word's ending decides); "<country>-made" likewise
        demonym = (root.pos_ == "ADJ" or root.dep_ == "amod") and bool(_DEMONYM.search(m.text)) \
            or _hyphen_compound(doc, span)
        out.append(Place(name, m.start, m.end, root, country, speaker, demonym, party=_party(root, orgs),
                         region=region, known=m.gazetteer_id is not None or m.type != "place"))
    return out


def _retagged_place(doc: Doc, span: Span, m: Mention, context: str | None) -> tuple[str, bool, bool] | None:
    """(name, country-level, region-level) of an organisation, person or group mention that is a
    place by its context, else None.

    The gazetteer must know the name (a romanisation variant or a region's acronym will do) and
    the words around it must say place: a locative preposition before it ("an attack on X", "in
    DPR") or a region or axis word after it ("X direction").
    """
    if m.type not in ("organisation", "person", "group") or len(span) > _MAX_RETAGGED_WORDS:
        return None
    root = span.root
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    locative = root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE
    if not (locative or after in _REGION_AFTER or after in AXIS_WORDS):
        return None
    text = _POSSESSIVE.sub("", m.text)
    gaz = get_gazetteer()
    if not gaz.is_known(text):
        return None
    hit = gaz.geocode(text, context_country=context)
    if hit is None or hit.lat is None:
        return None
    return hit.name, hit.admin1 is None and hit.kind != "admin1", hit.kind == "admin1"


def _read_with_next_word(doc: Doc, span: Span, name: str, levels: tuple[bool, bool],
                         context: str | None) -> tuple[str, bool, bool]:
    """(name, country-level, region-level) of a name read with the word after it: "X region" is
    the admin-1 region X, "X direction" an axis (an area at the town X)."""
    if span.end >= len(doc):
        return name, *levels
    after = doc[span.end].lower_
    gaz = get_gazetteer()
    text = _POSSESSIVE.sub("", span.text)
    if after in _REGION_AFTER:
        hit = gaz.geocode(f"{text} {after}", context_country=context)
        if hit is not None and hit.kind == "admin1":
            return hit.name, False, True
    elif after in AXIS_WORDS:
        hit = gaz.axis(text, after, context)
        if hit is not None:
            return f"{text} {after}", False, False  # the resolver geocodes this same phrase to the area
    return name, *levels


def _speakers_owner(root: Token) -> bool:
    """ "<country>'s emergency service reported ...": the owner of whoever speaks stands for its government."""
    head = root.head
    return root.dep_ == "poss" and head.dep_ in ("nsubj", "nsubjpass") and lemma(head.head) in SPEECH


def _hyphen_compound(doc: Doc, span: Span) -> bool:
    """ "<country>-made rockets", "<country>-backed forces": the name qualifies a thing, it is no place here."""
    end = span.end
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].tag_ == "VBN"


def _party(root: Token, orgs: list[tuple[int, int]]) -> bool:
    """A belligerent, not a scene: the owner of an organisation named around it ("the Armed Forces
    of <country>", "<country>'s Defence Ministry") or of an army ("<capital>'s tanks", "the troops
    of <country>"), or the agent of an attack ("shelling by <country>", "<country>'s shelling";
    "the shelling of <town>" names its target)."""
    if root.dep_ == "poss":  # "<country>'s Defence Ministry", "<capital>'s tanks"
        return root.head.lower_ in _PARTY_NOUNS or any(a <= root.head.idx < b for a, b in orgs)
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "by":
        return True
    owner_of = prep.head
    return prep.lower_ == "of" and (owner_of.lower_ in _PARTY_NOUNS and owner_of.lower_ != "shelling"
                                    or any(a <= owner_of.idx < b for a, b in orgs))


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
    pool = [p for p in places if not p.speaker and not p.adjective and not p.party and p.root.dep_ != "poss"
            and not _with_speaker(p.root) and not (p.root.dep_ == "nsubj" and lemma(p.root.head) != "be")]
    # a town before a region, a region before a country: the most specific place the article is
    # about; a name the gazetteer does not know ("an <unknown> missile") comes after the regions
    towns = [p for p in pool if not p.country_level and not p.region and p.known] or \
        [p for p in pool if p.region] or [p for p in pool if not p.country_level] or pool
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
    inside = [p for p in places if sent.start_char <= p.start and p.end <= sent.end_char and not p.adjective
              and not p.party]
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

    def nearest_specific(cands: list[Place]) -> str:
        # a town or region named with its country is the more specific place ("a village in the X
        # region of <country>"); then the nearest to the figure
        return min(cands, key=lambda p: (p.country_level, p.region, abs(p.start - centre))).name

    attached = [p for p in inside if locative(p) is not None and (locative(p) in (verb, noun) or
                                                                   locative(p).i in tokens)]
    if attached:
        return nearest_specific(attached)
    loc = [p for p in inside if locative(p) is not None]
    if loc:
        return nearest_specific(loc)
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
