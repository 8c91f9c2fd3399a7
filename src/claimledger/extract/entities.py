"""Named entities of one document: a gazetteer-driven place ruler before the model's NER,
a post-NER fix-up for places the model calls persons or organisations, and the Mentions.

The small English model tags some well-known places as PERSON or ORG. Two components fix
that without slowing the pipeline down much:

- ``claimledger_places_v1`` runs BEFORE "ner" and marks exact-case occurrences of known
  place names (countries, admin-1 regions, the hand-made table and cities above a
  population) as GPE/LOC/FAC; NER then predicts around them. A name that the document also
  uses as part of a person's name ("Andrew Jackson", "Mr Lincoln") is left to the model.
- ``claimledger_place_fixup_v1`` runs AFTER "ner" and re-labels PERSON/ORG spans, or adds
  unlabelled proper nouns, whose text the full gazetteer knows, when the context says
  place: "in X", "near X", "X's mayor", "the X region".

``find_mentions`` turns the entities into Mentions: places geocoded with the document's
dominant country as context ("Springfield, Ill." and "Bucha, Ukraine" use what follows the
comma), persons with ``canonical`` = the fullest form of the same person in the document.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimledger.extract.gazetteer import REGION_WORDS, Place, fold, get_gazetteer, us_state_code
from claimledger.extract.lexicon import SPEECH_VERBS
from claimledger.records import Mention
from claimledger.resolve.entities import first_names_compatible, name_key, parse_person, strip_title

log = logging.getLogger(__name__)

_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
          "NORP": "group"}
_LABEL_OF_KIND = {"country": "GPE", "admin1": "GPE", "city": "GPE", "region": "LOC", "sea": "LOC", "site": "FAC"}
# Words that precede a place ("in Odesa", "near the city of X"); "of" only after a place noun.
_PLACE_PREPS = frozenset("in at near from outside around into toward towards across through to via inside "
                         "throughout between".split())
_PLACE_NOUNS = frozenset("city town village region province district outskirts suburb suburbs port capital "
                         "oblast county state centre center siege battle residents people mayor governor "
                         "streets east west north south".split())
# Possessive heads that make the possessor a place: "X's mayor", "X's outskirts".
_PLACE_HEADS = frozenset("mayor governor outskirts residents streets centre center suburbs council port "
                         "population airport hospitals hospital region".split())
# Capitalised words that may precede a place name without making it part of a person's name.
# Honorifics that make the next capitalised word a person's name.
HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame madam mayor president governor gov senator sen "
                       "rep gen col lt sgt capt captain judge prof minister".split())
_DIRECTIONS = frozenset("north south east west northern southern eastern western central greater upper lower "
                        "new old northeast northwest southeast southwest".split())

# Participles and adjectives that headlines capitalise before a name ("Enraged Putin", "Embattled X").
_HEADLINE_WORD = re.compile(r"^(?:[A-Z][a-z]{3,}(?:ged|ted|ened|ized|ised|ly)|Stricken|Besieged|Embattled|Beleaguered|"
                            r"Defiant|Furious|Angry|Brave|Heroic|Tearful)$")

# Months and weekdays are also the names of some towns ("March"): never places on their own.
CALENDAR_WORDS = frozenset("january february march april may june july august september october november december "
                           "monday tuesday wednesday thursday friday saturday sunday".split())

RULER_MIN_CITY_POPULATION = 15_000
PLACES_COMPONENT = "claimledger_places_v1"
FIXUP_COMPONENT = "claimledger_place_fixup_v1"


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer place ruler before the model's NER and the place fix-up after it."""
    if "ner" not in nlp.pipe_names:
        log.warning("no 'ner' in the pipeline: the place ruler is not added")
        return
    if PLACES_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PLACES_COMPONENT, before="ner")
    if FIXUP_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(FIXUP_COMPONENT, after="ner")


def _is_cap(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.text[:1].isupper() and tok.is_alpha


class PlaceRuler:
    """Exact-case matcher of known place names; a dict lookup per capitalised token, no model calls."""

    def __init__(self, min_city_population: int = RULER_MIN_CITY_POPULATION, known_words=None) -> None:  # type: ignore[no-untyped-def]
        surfaces = get_gazetteer().surfaces(min_city_population=min_city_population)
        self.known_words = known_words or frozenset()
        # Words the model has seen ("March", "Jackson", "Lincoln", "London") it already tags in context;
        # the ruler is for the place names it has not seen. Countries, the hand table and very large
        # cities are kept regardless.
        if known_words is not None:
            surfaces = {s: v for s, v in surfaces.items()
                        if v[0] not in ("admin1", "city") or (v[0] == "city" and v[1] >= 500_000)
                        or s.lower() not in known_words}
        surfaces = {s: v for s, v in surfaces.items() if s.lower() not in CALENDAR_WORDS}
        self.surfaces = surfaces
        self.upper = {s.upper(): s for s in surfaces if len(s) >= 4}
        # The first word of each surface, to try longer spans only where one can start.
        self.starts = {s.replace("-", " ").split(" ")[0] for s in surfaces}
        self.starts |= {w.upper() for w in self.starts}
        self.max_tokens = 6

    def _match_at(self, doc: Doc, text: str, i: int) -> tuple[int, str] | None:
        start = doc[i].idx
        for n in range(min(self.max_tokens, len(doc) - i), 0, -1):
            last = doc[i + n - 1]
            span_text = text[start:last.idx + len(last)]
            if span_text in self.surfaces:
                return i + n, span_text
            if span_text.isupper() and span_text in self.upper:
                return i + n, self.upper[span_text]
        return None

    def __call__(self, doc: Doc) -> Doc:
        matches: list[tuple[int, int, str]] = []
        personish: set[str] = set()
        i = 0
        n_tokens = len(doc)
        text = doc.text  # built from the tokens on every access: once per document
        while i < n_tokens:
            tok = doc[i]
            if not tok.text[:1].isupper() or tok.text.split("-")[0] not in self.starts:
                i += 1
                continue
            hit = self._match_at(doc, text, i)
            if hit is None:
                i += 1
                continue
            end, surface = hit
            if i > 0:
                prev = doc[i - 1]
                if prev.text.lower().rstrip(".") in HONORIFICS and prev.text[:1].isupper():
                    personish.add(surface)  # "Mr Lincoln": a person throughout this document
                    i = end
                    continue
                if (prev.pos_ == "PROPN" and _is_cap(prev) and not tok.is_sent_start
                        and prev.text.lower() not in _DIRECTIONS and prev.text not in self.surfaces):
                    i = end  # "Andrew Jackson": part of a name here; the model decides
                    continue
            nxt = doc[end] if end < n_tokens else None
            part_of_longer = nxt is not None and _is_cap(nxt) and not nxt.is_sent_start \
                and nxt.text.lower() not in REGION_WORDS and nxt.text not in self.surfaces
            # a word the model has never seen gets a guessed tag ("shelled Toretsk" as an adverb)
            proper = any(t.pos_ == "PROPN" for t in doc[i:end]) or surface != doc[i:end].text \
                or bool(self.known_words) and doc[i:end].text.lower() not in self.known_words
            if not part_of_longer and proper:
                matches.append((i, end, surface))
            i = end
        spans = []
        for start, end, surface in matches:
            if surface in personish:
                continue
            kind = self.surfaces[surface][0]
            spans.append(Span(doc, start, end, label=_LABEL_OF_KIND.get(kind, "GPE")))
        if spans:
            # "unmodified": every other token stays unset, so the NER still predicts it.
            doc.set_ents(spans, default="unmodified")
        return doc


@Language.factory(PLACES_COMPONENT, default_config={"min_city_population": RULER_MIN_CITY_POPULATION})
def make_place_ruler(nlp: Language, name: str, min_city_population: int) -> PlaceRuler:
    """The gazetteer place ruler (a component before "ner")."""
    return PlaceRuler(min_city_population, known_words=frozenset(s.lower() for s in nlp.vocab.strings))


def _place_context(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around tokens [start, end) say the span is a place."""
    j = start - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    if j >= 0:
        prev = doc[j].lower_
        if prev in _PLACE_PREPS:
            return True
        if prev == "of" and j > 0 and doc[j - 1].lower_ in _PLACE_NOUNS:
            return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in REGION_WORDS or nxt.lower_ == "oblast":
            return True
        if nxt.text in ("'s", "\u2019s") and end + 1 < len(doc) and doc[end + 1].lower_ in _PLACE_HEADS:
            return True
        if nxt.text == "," and end + 1 < len(doc) and (us_state_code(doc[end + 1].text)
                                                       or get_gazetteer().country_code(doc[end + 1].text)):
            return True
    return False


def _person_surnames(doc: Doc) -> set[str]:
    """Last words of multi-word PERSON entities: the same word alone is a person, not a place."""
    out = set()
    for e in doc.ents:
        if e.label_ == "PERSON":
            words = strip_title(e.text).split()
            if len(words) >= 2:
                out.add(words[-1])
    return out


@Language.factory(FIXUP_COMPONENT)
def make_place_fixup(nlp: Language, name: str) -> PlaceFixup:
    """The post-NER place fix-up (a component after "ner")."""
    # A snapshot: the string store grows with every document read, the model's own words do not.
    return PlaceFixup(frozenset(s.lower() for s in nlp.vocab.strings))


class PlaceFixup:
    """Re-labels PERSON/ORG spans, and adds unlabelled proper nouns, that are known places in a place context."""

    def __init__(self, known_words: frozenset[str] = frozenset()) -> None:
        self.known_words = known_words

    def __call__(self, doc: Doc) -> Doc:
        return place_fixup(doc, self.known_words)


def place_fixup(doc: Doc, known_words: frozenset[str] = frozenset()) -> Doc:
    """Re-label PERSON/ORG spans, and add unlabelled proper nouns, that are known places in a place context."""
    gaz = get_gazetteer()
    ents = list(doc.ents)
    changed = False
    for k, e in enumerate(ents):
        if e.label_ not in ("PERSON", "ORG"):
            continue
        fixed = _fix_span(doc, e, gaz)
        if fixed is not None:
            ents[k] = fixed
            changed = True
    if changed:
        ents = _no_overlap(ents)
        doc.ents = ents
    surnames = _person_surnames(doc)
    for k, e in enumerate(ents):
        if e.label_ == "GPE" and len(e) == 1 and e.text in surnames and not _place_context(doc, e.start, e.end):
            ents[k] = Span(doc, e.start, e.end, label="PERSON")  # "Jackson said", after "Andrew Jackson"
            changed = True
            continue
        if e.label_ not in ("PERSON", "ORG") or len(e) > 4:
            continue
        text = e.text[4:] if e.text.lower().startswith("the ") else e.text
        if text in surnames or not gaz.is_known(text) or not _place_context(doc, e.start, e.end):
            continue
        hits = gaz.lookup(text)
        if hits:
            ents[k] = Span(doc, e.start, e.end, label=_LABEL_OF_KIND.get(hits[0].kind, "GPE"))
            changed = True
    # Proper nouns the model left unlabelled after a place preposition: "in Borodianka".
    taken = {i for e in ents for i in range(e.start, e.end)}
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or tok.pos_ != "PROPN" or not _is_cap(tok) or i == 0 or doc[i - 1].lower_ not in _PLACE_PREPS:
            i += 1
            continue
        end = i
        while end < len(doc) and end - i < 4 and doc[end].pos_ == "PROPN" and end not in taken:
            end += 1
        text = doc[i:end].text
        # Only words the model has never seen: a known word it left unlabelled is no place ("in March").
        if (text not in surnames and text.lower() not in known_words and text.lower() not in CALENDAR_WORDS
                and gaz.is_known(text)):
            hits = gaz.lookup(text)
            if hits and hits[0].population >= 1000:
                ents.append(Span(doc, i, end, label=_LABEL_OF_KIND.get(hits[0].kind, "GPE")))
                changed = True
        i = end
    if changed:
        doc.ents = _no_overlap(ents)
    return doc


def _no_overlap(ents: list[Span]) -> list[Span]:
    out: list[Span] = []
    for e in sorted(ents, key=lambda s: (s.start, -len(s))):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def _fix_span(doc: Doc, e: Span, gaz) -> Span | None:  # type: ignore[no-untyped-def]
    """Repairs of the model's PERSON/ORG spans that need no context beyond the span itself."""
    # "Linda Thomas-" + "Greenfield": the model stops at the hyphen of a double-barrelled name.
    if e.label_ == "PERSON" and e[-1].text == "-" and e.end < len(doc) and _is_cap(doc[e.end]):
        return Span(doc, e.start, e.end + 1, label="PERSON")
    words = [t for t in e if t.text not in ("'s", "\u2019s", "'", "\u2019")]
    if not words:
        return None
    # "Ms Vereshchuk" as ORG: an honorific makes it a person.
    if e.label_ == "ORG" and len(words) <= 3 and words[0].text.lower().rstrip(".") in HONORIFICS:
        return Span(doc, e.start, e.end, label="PERSON")
    # "Embattled Sumy's mayor": a headline word glued to a place that is followed by a place noun.
    last = words[-1]
    poss = e[-1].text in ("'s", "\u2019s") or (e.end < len(doc) and doc[e.end].text in ("'s", "\u2019s"))
    after = e.end + (0 if e[-1].text in ("'s", "\u2019s") else 1)
    if (len(words) >= 2 and poss and after < len(doc) and doc[after].lower_ in _PLACE_HEADS
            and gaz.is_known(last.text)):
        hits = gaz.lookup(last.text)
        if hits and hits[0].population >= 10_000:
            return Span(doc, last.i, last.i + 1, label=_LABEL_OF_KIND.get(hits[0].kind, "GPE"))
    return None


# --------------------------------------------------------------------------- mentions


def _following_qualifier(text: str, end_char: int) -> str | None:
    """The text after "X, " up to the next comma or sentence end: a state or country that locates X."""
    rest = text[end_char:end_char + 40]
    if not rest.startswith(","):
        return None
    tail = rest[1:].lstrip()
    for stop in (",", ";", "\n", " ("):
        tail = tail.split(stop)[0]
    words = tail.split()
    # Try the longest prefix of up to three words ("West Virginia", "N.C.", "Ukraine").
    for n in (3, 2, 1):
        if len(words) >= n:
            cand = " ".join(words[:n]).rstrip(".")
            if words[n - 1].endswith(".") and len(words[n - 1]) <= 6:
                cand = " ".join(words[:n])  # keep the abbreviation dot: "Ill."
            if us_state_code(cand) or get_gazetteer().country_code(cand):
                return cand
    return None


def _geocode_span(text: str, qualifier: str | None, ctx_country: str | None) -> Place | None:
    gaz = get_gazetteer()
    if qualifier:
        hit = gaz.geocode(f"{text}, {qualifier}")
        if hit is not None:
            return hit
    return gaz.geocode(text, context_country=ctx_country)


def find_mentions(doc: Doc) -> list[Mention]:
    """Every PERSON/ORG/GPE/LOC/FAC/NORP entity of the document as a Mention (places geocoded)."""
    ents = [e for e in doc.ents if e.label_ in _TYPES]
    gaz = get_gazetteer()
    text = doc.text

    # First pass: the document's dominant country, from unambiguous place names.
    places: dict[int, Place | None] = {}
    countries: Counter = Counter()
    for k, e in enumerate(ents):
        if _TYPES[e.label_] != "place":
            continue
        qualifier = _following_qualifier(text, e.end_char)
        hit = _geocode_span(e.text, qualifier, None)
        places[k] = hit
        if hit is not None and hit.country:
            countries[hit.country] += 2 if hit.kind == "country" else 1
    ctx = min(countries, key=lambda c: (-countries[c], c)) if countries else None

    # Persons: the fullest form of each person in this document.
    full: list[tuple[str, object]] = []
    for e in ents:
        if e.label_ == "PERSON":
            if len(e) > 1 and _HEADLINE_WORD.match(e[0].text):
                e = e[1:]
            p = parse_person(e.text)
            if p is not None and p.first and not p.initial:
                full.append((p.display, p))

    surname_keys = {q.last for _, q in full}  # type: ignore[attr-defined]
    place_hits = {e.text: places[k] for k, e in enumerate(ents) if places.get(k) is not None}
    out: list[Mention] = []
    org_first_words = {e[0].text for e in ents if _TYPES[e.label_] == "organisation" and len(e) > 1
                       and e[0].pos_ == "PROPN"}
    for k, e in enumerate(ents):
        typ = _TYPES[e.label_]
        if typ == "organisation" and len(e) == 1 and not e.text.isupper() and name_key(e.text) in surname_keys:
            typ = "person"  # "Yanukovich" tagged ORG in a story that names "Viktor Yanukovych"
        if typ == "place" and places.get(k) is None and _is_channel(e):
            typ = "organisation"  # "wrote on Plinkr": no place the gazetteer knows, a platform
        if typ == "place":
            hit = places.get(k)
            if ctx and (hit is None or hit.country != ctx):
                # Re-rank with the document's country: "Springfield" in a US story is a US Springfield.
                alt = _geocode_span(e.text, _following_qualifier(text, e.end_char), ctx)
                if alt is not None and (hit is None or alt.country == ctx and hit.kind != "country"):
                    hit = alt
            if (ctx and hit is not None and hit.country != ctx and hit.kind == "city" and hit.population < 100_000
                    and not _following_qualifier(text, e.end_char)):
                hit = None  # "Lopez" or "Police" in a US story: a word or name, not a small foreign town
            if hit is not None:
                out.append(Mention(e.start_char, e.end_char, e.text, typ, gazetteer_id=hit.id, canonical=hit.name,
                                   lat=hit.lat, lon=hit.lon, country=hit.country, admin1=hit.admin1_name))
            else:
                out.append(Mention(e.start_char, e.end_char, e.text, typ))
        elif typ == "person" and (_is_channel(e) or e.text in org_first_words or _ACRONYM.fullmatch(e.text)
                                  or (len(e) > 1 and e[-1].lower_ in _OUTLET_WORDS)):
            # "wrote on Twitter", "Maxar" after "Maxar Technologies": a platform or an organisation
            out.append(Mention(e.start_char, e.end_char, e.text, "organisation"))
        elif typ == "person":
            if len(e) > 1 and _HEADLINE_WORD.match(e[0].text):
                e = e[1:]  # "Enraged Putin": a headline adjective is no first name
            word = place_named_elsewhere(e, place_hits, surname_keys)
            if word is not None:
                hit = place_hits[word.text]
                out.append(Mention(word.idx, word.idx + len(word.text), word.text, "place", gazetteer_id=hit.id,
                                   canonical=hit.name, lat=hit.lat, lon=hit.lon, country=hit.country,
                                   admin1=hit.admin1_name))
                continue
            out.append(Mention(e.start_char, e.end_char, e.text, typ, canonical=_fullest(e.text, full)))
        elif typ == "organisation":
            out.append(Mention(e.start_char, e.end_char, e.text, typ, canonical=_country_owned(doc, e, gaz)))
        else:
            out.append(Mention(e.start_char, e.end_char, e.text, typ))
    return out


_POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")


def place_named_elsewhere(e: Span, place_hits: dict, surname_keys: set[str]):  # type: ignore[no-untyped-def]
    """The word of a one-word PERSON span ("Varno", "Varno's") that the same document tags as a place
    elsewhere, and names no person by: the model's slip on a town, not a person."""
    words = [t for t in e if t.text not in _POSSESSIVES]
    if len(words) != 1 or words[0].text not in place_hits or name_key(words[0].text) in surname_keys:
        return None
    return words[0]


# the last word of a newspaper's or an agency's name ("Valley Gazette", "Northline Wire"): never a surname here
_OUTLET_WORDS = {"herald", "gazette", "wire", "dispatch", "times", "post", "tribune", "courier", "ledger", "review",
                 "journal", "chronicle", "observer", "telegraph", "news", "daily", "weekly", "bulletin", "agency",
                 "press", "radio", "tv", "television", "broadcasting", "mirror", "express", "examiner", "sentinel"}
_ACRONYM = re.compile(r"[A-Z]{2,6}")  # "RL", "SES": capitals only, never a person's name
_CHANNEL_NOUNS = {"account", "channel", "page", "feed", "app", "messenger", "messaging", "post", "profile"}
_CHANNEL_PREPS = {"on", "via"}


def _is_channel(e: Span) -> bool:
    """A name used as where something was posted: "wrote on X", "on X's channel", "said via X"."""
    doc = e.doc
    if len(e) != 1 or e.start == 0 or doc[e.start - 1].lower_ not in _CHANNEL_PREPS:
        return False
    nxt = doc[e.end] if e.end < len(doc) else None
    if nxt is not None and nxt.text in ("'s", "\u2019s") and e.end + 1 < len(doc):
        nxt = doc[e.end + 1]
    if nxt is not None and nxt.lower_ in _CHANNEL_NOUNS:
        return True
    prep = doc[e.start - 1]
    return prep.head.pos_ in {"VERB", "AUX"} and SPEECH_VERBS.get(prep.head.lower_) is not None


def _country_owned(doc: Doc, e: Span, gaz) -> str | None:  # type: ignore[no-untyped-def]
    """ "the U.K.'s Ministry of Defense" -> that full form, so the ministry is told from other countries'."""
    j = e.start - 1
    if j >= 0 and doc[j].text in ("'s", "\u2019s"):
        j -= 1
    if j < 0 or doc[j].ent_type_ != "GPE":
        return None
    k = j
    while k > 0 and doc[k - 1].ent_type_ == "GPE" and doc[k].ent_iob_ != "B":
        k -= 1
    country = doc[k:j + 1].text
    if gaz.country_code(country) is None or gaz.country_code(e.text.split()[0]) is not None:
        return None
    return doc.text[doc[k].idx:e.end_char]


def _fullest(text: str, full: list[tuple[str, object]]) -> str | None:
    """The longest full form in the document of the person named ``text``, or its title-stripped form."""
    p = parse_person(text)
    if p is None:
        return None
    same = []
    for display, q in full:
        if q.last != p.last:  # type: ignore[attr-defined]
            continue
        if p.first is None or first_names_compatible(p.first, q.first):  # type: ignore[attr-defined]
            same.append((display, q))
    people = {q.first for _, q in same}  # type: ignore[attr-defined]
    if p.first is None and len(people) != 1:
        return p.display  # no full name, or several people share the surname: leave it
    if not same:
        return p.display
    return max((d for d, _ in same), key=lambda d: (len(d), d))


__all__ = ["add_entity_ruler", "find_mentions", "fold", "place_fixup", "PlaceRuler"]
