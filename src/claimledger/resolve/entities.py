"""Entity resolution across documents: one Entity per real-world person, organisation,
place or group, with every surface form seen, and a link for every surface the ledger
looks up.

How each type is keyed (blocking by key; never all pairs):

- places: the gazetteer id (Odessa and Odesa are one city); unknown places by folded name;
- persons: a transliteration-aware key of the surname (Tkachenko/Tkatchenko,
  Yanukovych/Yanukovich/Yanukovitch), then first-name compatibility inside that block: equal
  first-name keys, national forms of one given name (Pavlo/Pavel, Serhiy/Sergei) or an
  initial merge, different first names never do ("Petro X" is not "Valentyna X"); a
  surname alone joins the one full name it can mean (in its document, else in the
  ledger), and stays apart when that is ambiguous;
- organisations: folded name with the country prefix normalised ("the U.K.'s Ministry of
  Defense" = "UK Ministry of Defence"), the bare name joined to the one country-prefixed
  form its document writes, and acronyms joined to the one long form they abbreviate
  (ICRC = International Committee of the Red Cross);
- groups: folded, singular ("Russians" = "Russian").

Entity ids hash the type and the key, so they are stable across runs and machines.
This module stays free of spaCy; extract/entities.py reuses its name helpers.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from unidecode import unidecode

from claimledger.records import Entity, Mention
from claimledger.resolve.corpus import Corpus, EntityIndex

log = logging.getLogger(__name__)

# Titles and honorifics that come before a name (generic vocabulary, lower case, no dots).
TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady madam mister
mayor president vice prime minister deputy foreign defence defense interior secretary general gen
lieutenant lt colonel col major maj captain capt sergeant sgt corporal cpl private pvt officer
commander cmdr admiral adm marshal governor gov senator sen representative rep congressman
congresswoman judge justice chief chancellor ambassador envoy spokesman spokeswoman spokesperson
king queen prince princess sheikh emir pope father rev reverend bishop cardinal imam rabbi
detective det sheriff deputy trooper agent inspector superintendent supt constable sgt
chairman chairwoman chair ceo director head leader commissioner coroner attorney da
former late acting assistant state senior top police city regional council mp
""".split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})
_ORG_STOP = frozenset({"of", "the", "for", "and", "on", "in", "de", "la", "des", "du", "del", "at", "to", "&"})
# British and American spellings of words that recur in organisation names.
_SPELLING = {"defense": "defence", "center": "centre", "organization": "organisation",
             "programme": "program", "labor": "labour", "honor": "honour"}


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1 << 16)
def _letters(s: str) -> str:
    return re.sub(r"[^a-z]", "", unidecode(s).lower())


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same names over and over
def name_key(word: str) -> str:
    """A transliteration-aware key for one name word.

    Folds the usual variation of romanised Slavic, Arabic and German names: y/i/j, kh/h,
    ts/tz/c, w/v, ph/f, ck/k, x/ks, doubled letters and -iy/-yy/-yi endings, so that
    Dmytro/Dmitro, Serhiy/Serhii and Yanukovych/Yanukovich share a key.
    """
    s = _letters(word)
    for prefix in ("al", "el"):  # Arabic article: "al-Assad" = "Assad"
        if word.lower().startswith(prefix + "-") and len(s) > len(prefix) + 2:
            s = s[len(prefix):]
    for a, b in (("tsch", "ch"), ("tch", "ch"), ("kh", "h"), ("zh", "z"), ("ts", "c"), ("tz", "c"), ("ck", "k"),
                 ("ph", "f"), ("th", "t"), ("w", "v"), ("x", "ks"), ("q", "k"), ("y", "i"), ("j", "i")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)  # doubled letters: Petrovskii -> Petrovski


@lru_cache(maxsize=1 << 16)
def strip_title(name: str) -> str:
    """A name without leading titles ("Mayor", "Mr.", "Deputy Prime Minister"), "the", possessive and Jr./Sr."""
    s = re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip(" ,;:")
    s = re.sub(r"'s?$", "", s).strip()
    words = s.split(" ")
    while len(words) > 1 and (words[0].lower() == "the" or words[0].lower().rstrip(".") in TITLES):
        words = words[1:]
    while len(words) > 1 and words[-1].lower().strip(".,") in _SUFFIXES:
        words = words[:-1]
    return " ".join(words).strip(" ,")


@dataclass(frozen=True)
class PersonName:
    """A person's name split for matching."""

    display: str  # title-stripped form as written
    first: str | None  # key of the first name, None when only a surname is given
    last: str  # key of the surname
    initial: bool = False  # the first name is only an initial ("V. Tkachenko")


@lru_cache(maxsize=1 << 16)
def parse_person(name: str) -> PersonName | None:
    """Split a person's name; None when it does not look like a name (lower-case description, digits)."""
    display = strip_title(name)
    words = [w for w in display.split(" ") if w]
    if not words or not words[0][:1].isupper() or any(c.isdigit() for c in display):
        return None
    last = name_key(words[-1])
    if not last:
        return None
    if len(words) == 1:
        return PersonName(display, None, last)
    first_raw = words[0]
    initial = len(_letters(first_raw)) == 1
    return PersonName(display, name_key(first_raw), last, initial)


def first_names_compatible(a: str, b: str) -> bool:
    """Same first name: equal keys, an initial of the other, or a short form (3+ letters) of it."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


_VOWELS = "aeiou"


@lru_cache(maxsize=1 << 16)
def _skeleton(key: str) -> str:
    """The consonants of a first-name key, g and h as one (Ukrainian h is Russian g)."""
    return re.sub(rf"[{_VOWELS}]", "", key.replace("g", "h"))


def given_name_variants(a: str, b: str) -> bool:
    """One given name in two national forms: Pavlo/Pavel, Serhiy/Sergei, Volodymyr/Vladimir, Ihor/Igor.

    Keys (``name_key``) with the same consonants in the same order (at least three, or
    two with g/h alternating), the same first consonant (or both opening with a vowel)
    and both or neither ending in -a (a feminine name is never a masculine one).
    """
    if a == b:
        return True
    sa, sb = _skeleton(a), _skeleton(b)
    # two consonants are too few to tell names apart (Allen/Ellen, Dan/Don) unless g/h alternates
    if sa != sb or len(sa) < 2 or (len(sa) == 2 and not ("g" in a + b and "h" in a + b)):
        return False
    fa, fb = a[0].replace("g", "h"), b[0].replace("g", "h")
    if (fa in _VOWELS) != (fb in _VOWELS) or (fa not in _VOWELS and fa != fb):
        return False
    return a.endswith("a") == b.endswith("a")


def acronym(name: str) -> str:
    """Initials of the significant words of a long organisation name ("ICRC")."""
    words = [w for w in re.split(r"[\s\-]+", unidecode(name)) if w]
    words = [w for w in words if w.lower() not in _ORG_STOP and w[:1].isalpha()]
    return "".join(w[0].upper() for w in words)


def _is_acronym(surface: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return 2 <= len(letters) <= 8 and letters.isupper() and " " not in surface.strip()


# --------------------------------------------------------------------------- resolution


def _eid(typ: str, key: str) -> str:
    return "ent_" + hashlib.sha1(f"{typ}|{key}".encode()).hexdigest()[:12]


@dataclass
class _Group:
    """Everything known about one entity while resolving."""

    type: str
    key: str
    surfaces: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)  # candidate display names
    place: Mention | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (document, surface)


@dataclass(frozen=True)
class LinkDetail:
    """What one (document, surface) link adds to its entity, and what its resolution depended on.

    ``blocks`` name the other documents that decided the link ("sur:<surname key>": every
    person with that surname, and lone words that may be one; "acr:<ACRONYM>": the long
    names it may abbreviate); empty when the document alone decides it. A document's keys
    (``EntityIndex.doc_keys``) also say where it may matter to others: "full:<key>" a
    surname named in full, "lone:<key>" a one-word organisation that may be a person,
    "long:<ACRONYM>" (and "long:<ACRONYM>:<key>") a long name an acronym may abbreviate.
    """

    entity: str
    type: str
    blocks: frozenset[str]
    name: str | None
    place: Mention | None
    seq: int = 0  # where the document first asks for the surface


class _Resolver:
    def __init__(self) -> None:
        self.groups: dict[str, _Group] = {}
        self.details: dict[tuple[str, str], LinkDetail] = {}
        self.seq: dict[tuple[str, str], int] = {}
        self.longs: dict[str, set[tuple[str, str]]] = defaultdict(set)  # doc -> (initials, long name key)
        self._gaz = None
        self._geocoded: dict[tuple[str, str | None], object] = {}
        self.org_keys: dict[str, str] = {}  # surface -> _org_key

    def gazetteer(self):  # type: ignore[no-untyped-def]
        if self._gaz is None:
            from claimledger.extract.gazetteer import get_gazetteer

            self._gaz = get_gazetteer()
        return self._gaz

    def geocode(self, surface: str, country: str | None):  # type: ignore[no-untyped-def]
        """The gazetteer's place for a name in a country's context (asked once per pair)."""
        if (surface, country) not in self._geocoded:
            self._geocoded[(surface, country)] = self.gazetteer().geocode(surface, context_country=country)
        return self._geocoded[(surface, country)]

    def add(self, typ: str, key: str, doc: str, surface: str, name: str | None = None,
            place: Mention | None = None, block: str | None = None) -> None:
        eid = _eid(typ, key)
        g = self.groups.get(eid)
        if g is None:
            g = self.groups[eid] = _Group(typ, key)
        g.surfaces[surface] += 1
        if name:
            g.names[name] += 1
        if place is not None and g.place is None:
            g.place = place
        g.links.append((doc, surface))
        self.details[(doc, surface)] = LinkDetail(eid, typ, frozenset({block} if block else ()), name or None, place,
                                                  self.seq.get((doc, surface), 0))


def _doc_country(mentions: tuple[Mention, ...]) -> str | None:
    """The country most places of a document lie in: the context for geocoding bare names."""
    counts = Counter(m.country for m in mentions if m.type == "place" and m.country)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


_OWNER_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)['\u2019]s\s+$")


def _with_owner(text: str, surface: str, resolver: _Resolver) -> str:
    """The surface with the country the document writes before it: "the U.K.'s" + "Ministry of Defense"."""
    if not surface or len(surface) < 4:
        return surface
    at = text.find(surface)
    while at >= 0:  # each occurrence, left to right, not overlapping
        owner = _OWNER_BEFORE.search(text[max(0, at - 30):at])
        if owner and resolver.gazetteer().country_code(owner.group(1)):
            return f"{owner.group(1)}'s {surface}"
        at = text.find(surface, at + len(surface))
    return surface


def _org_key(surface: str, resolver: _Resolver) -> str:
    """Folded organisation name; a leading country ("the U.K.'s", "UK", "Britain's") becomes its code."""
    if surface not in resolver.org_keys:
        resolver.org_keys[surface] = _fold_org(surface, resolver)
    return resolver.org_keys[surface]


def _fold_org(surface: str, resolver: _Resolver) -> str:
    s = surface.replace("\u2019", "'").strip()
    s = re.sub(r"^(?i:the)\s+", "", s)
    prefix = ""
    m = re.match(r"^(.+?)'s\s+(.+)$", s)
    if m:
        cc = resolver.gazetteer().country_code(m.group(1))
        if cc:
            prefix, s = cc, m.group(2)
    else:
        words = s.split()
        for n in (3, 2, 1):
            if len(words) > n:
                cc = resolver.gazetteer().country_code(" ".join(words[:n]))
                if cc:
                    prefix, s = cc, " ".join(words[n:])
                    break
    words = re.sub(r"[^a-z0-9 ]", " ", unidecode(s).lower().replace(".", "")).split()
    words = [_SPELLING.get(w, w) for w in words if w != "the"]
    return (prefix + ":" if prefix else "") + " ".join(words)


_HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame madam mayor president governor gov senator sen "
                        "rep gen col lt sgt capt captain judge prof minister".split())


def _lone_word(surface: str, r: _Resolver) -> str | None:
    """The surname key of an "organisation" written as one word that may be a surname, else None."""
    words = strip_title(surface).split()
    if len(words) == 1 and not _is_acronym(words[0]) and not r.gazetteer().is_known(words[0]):
        return name_key(words[0]) or None
    return None


def _honorific(surface: str) -> bool:
    """An "organisation" that is really a person by its title: "Ms Smith", "Gov. Jane Roe".

    (A lone word that is a known surname and no place is one too: see ``_lone_word``.)
    """
    words = strip_title(surface).split()
    first = surface.split()[0].lower().rstrip(".") if surface.split() else ""
    return first in _HONORIFICS and 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


def _group_key(surface: str) -> str:
    k = re.sub(r"[^a-z ]", "", unidecode(surface).lower()).strip()
    k = re.sub(r"^the ", "", k)
    return k[:-1] if k.endswith("s") and len(k) > 3 else k


def resolve_entities(corpus: Corpus) -> EntityIndex:
    """Entities across the corpus, and a link for every surface form the ledger looks up.

    ``index.details`` and ``index.doc_keys`` say what each link and document depended on
    (``resolve/claim_layer.py`` updates the stored layer with them).
    """
    index = resolve_items(items_of(corpus, corpus.extractions))
    log.info("entities: %d from %d documents", len(index.entities), len(corpus.extractions))
    return index


def items_of(corpus: Corpus, doc_ids: Iterable[str]) -> dict[str, list[list[Any]]]:
    """``document_items`` of some documents of the corpus."""
    r = _Resolver()
    return {d: document_items(corpus, d, r) for d in sorted(doc_ids)}


def document_items(corpus: Corpus, doc_id: str, r: _Resolver | None = None) -> list[list[Any]]:
    """What one document asks entity resolution, decided as far as the document alone decides it.

    One list per surface form, in the order the document asks: ["place", surface, key, name,
    mention], ["group", surface, key], ["person", surface, *name] where name is
    [display, first, last, initial] or ["desc", key], ["org", surface, key, lone, name] (lone:
    the surname key of a one-word "organisation" that is a person if anyone is named in full
    with it, then read as ``name``); and ["full", key] for every surname named in full.
    """
    r = r or _Resolver()
    ex = corpus.extractions[doc_id]
    out: list[list[Any]] = []
    for m in ex.mentions:  # surnames of people named in full: a lone "Yanukovich" tagged ORG is one of them
        p = parse_person(m.canonical or m.text) if m.type == "person" else None
        if p is not None and p.first:
            out.append(["full", p.last])
    by_text: dict[str, Mention] = {}
    for m in ex.mentions:
        by_text.setdefault(m.text, m)
        by_text.setdefault(strip_title(m.text), m)
    ctx = _doc_country(ex.mentions)

    wanted: dict[str, str | None] = {}  # surface -> declared type
    for m in ex.mentions:
        wanted.setdefault(m.text, m.type)
    for s in ex.statements:
        if s.speaker_text:
            wanted.setdefault(s.speaker_text, s.speaker_type)
    for c in ex.claims:
        if c.attributed_text:
            wanted.setdefault(c.attributed_text, c.attributed_type)
        if c.place_text:
            wanted.setdefault(c.place_text, "place")

    def person(surface: str, m: Mention | None) -> list[Any]:
        name = (m.canonical if m is not None and m.canonical else None) or surface
        parsed = parse_person(name)
        if parsed is None:
            # A description ("the mayor", "officials"): only this document knows whom it means.
            return ["desc", f"desc:{doc_id}:{surface.lower()}"]
        return [parsed.display, parsed.first, parsed.last, parsed.initial]

    for surface, declared in wanted.items():
        m = by_text.get(surface) or by_text.get(strip_title(surface))
        typ = m.type if m is not None else (declared or "person")
        if typ == "organisation" and _honorific(surface):
            typ = "person"
        if typ == "place":
            key, name, place = _place_of(r, surface, m, ctx)
            out.append(["place", surface, key, name, asdict(place) if place is not None else None])
        elif typ == "person":
            out.append(["person", surface, *person(surface, m)])
        elif typ == "organisation":
            # The mention's canonical carries an owning country the span lacks ("U.K.'s" + "Ministry").
            full = m.canonical if m is not None and m.type == "organisation" and m.canonical else surface
            if full == surface:
                full = _with_owner(corpus.text(doc_id), surface, r)
            lone = _lone_word(surface, r)
            out.append(["org", surface, _org_key(full, r), lone, person(surface, m) if lone else None])
        else:
            out.append(["group", surface, _group_key(surface)])
    return out


def needed_items(items: list[list[Any]], blocks: set[str]) -> list[list[Any]]:
    """A document's items as far as they matter to some blocks ("sur:", "acr:"); the rest ["skip"].

    Persons of those surnames, one-word organisations that may be one of them, acronyms
    and the long names they may abbreviate, and the country-prefixed names that tell a
    document's bare organisation names.
    """
    def needed(it: list[Any]) -> bool:
        kind = it[0]
        if kind == "full":
            return True
        if kind == "person":
            return it[2] != "desc" and f"sur:{it[4]}" in blocks
        if kind != "org":
            return False
        if it[3] is not None and (f"sur:{it[3]}" in blocks or (it[4][0] != "desc" and f"sur:{it[4][2]}" in blocks)):
            return True
        if ":" in it[2]:
            return True
        bare = re.sub(r"^(?i:the)\s+", "", it[1]).replace(".", "")
        if _is_acronym(bare):
            return f"acr:{bare.upper()}" in blocks
        initials = acronym(it[1].split("'s ")[-1])
        return f"acr:{initials}" in blocks

    return [it if needed(it) else ["skip"] for it in items]


def resolve_items(items: dict[str, list[list[Any]]], *, is_surname: Callable[[str], bool] | None = None,
                  firsts: Callable[[str], set[str]] | None = None,
                  longs: Callable[[str], set[str]] | None = None) -> EntityIndex:
    """Entities from documents' ``document_items`` (see ``resolve_entities``).

    For documents that are part of a ledger, what the rest of it holds: ``is_surname``
    whether anyone is named in full with a surname key, ``firsts`` the first names written
    in full with it, ``longs`` the long names an acronym may abbreviate. ``index.firsts``
    and ``index.longs`` give the same of these documents, per document.
    """
    r = _Resolver()
    persons: list[tuple[str, str, PersonName]] = []  # (doc, surface, parsed)
    orgs: list[tuple[str, str, str]] = []  # (doc, surface, key)
    doc_keys: dict[str, set[str]] = defaultdict(set)
    surname_keys = {it[1] for asked in items.values() for it in asked if it[0] == "full"}
    lone_words: dict[tuple[str, str], str] = {}

    def known_surname(key: str) -> bool:
        return key in surname_keys or (is_surname is not None and is_surname(key))

    for doc_id in sorted(items):
        seq = 0
        for it in items[doc_id]:
            kind = it[0]
            if kind == "full":
                doc_keys[doc_id] |= {f"full:{it[1]}", f"sur:{it[1]}"}
                continue
            seq += 1
            if kind == "skip":  # asked, but not wanted from this document now
                continue
            surface = it[1]
            r.seq[(doc_id, surface)] = seq - 1
            if kind == "org" and it[3] is not None:
                doc_keys[doc_id].add(f"lone:{it[3]}")  # a person if anyone is named in full with it
                lone_words[(doc_id, surface)] = f"sur:{it[3]}"
                if known_surname(it[3]):
                    kind, it = "person", ["person", surface, *it[4]]
            if kind == "place":
                place = Mention(**it[4]) if it[4] is not None else None
                r.add("place", it[2], doc_id, surface, it[3], place)
            elif kind == "person":
                if it[2] == "desc":
                    r.add("person", it[3], doc_id, surface)
                else:
                    persons.append((doc_id, surface, PersonName(it[2], it[3], it[4], it[5])))
            elif kind == "org":
                orgs.append((doc_id, surface, it[2]))
            else:
                r.add(kind, it[2], doc_id, surface)

    _resolve_persons(r, persons, firsts)
    _resolve_orgs(r, orgs, doc_keys, longs)
    for doc, _, p in persons:
        doc_keys[doc].add(f"sur:{p.last}")
        if not p.first:  # linked by the surname's set of people, not by a first name of its own
            doc_keys[doc].add(f"bare:{p.last}")
        elif p.initial:  # ... by those of its people whose first names begin with it
            doc_keys[doc].add(f"init:{p.last}\x1f{p.first[0]}")
    for link, block in lone_words.items():  # typed by whether anyone is named in full with that word
        d = r.details[link]
        r.details[link] = LinkDetail(d.entity, d.type, d.blocks | {block}, d.name, d.place, d.seq)

    index = EntityIndex()
    for eid in sorted(r.groups):
        g = r.groups[eid]
        index.entities.append(make_entity(eid, g.type, g.surfaces, g.names, g.place))
        for doc, surface in g.links:
            index.add_link(doc, surface, eid)
    index.details = r.details
    index.doc_keys = {d: frozenset(k) for d, k in doc_keys.items()}
    for doc, _, p in persons:
        if p.first and not p.initial:
            index.firsts.setdefault(doc, set()).add((p.last, p.first))
    index.longs = dict(r.longs)
    return index


def make_entity(eid: str, typ: str, surfaces: Counter, names: Counter, place: Mention | None) -> Entity:
    """An entity's record from what its links add up to (surface forms, full names, the first place)."""
    pool = names or surfaces  # full names when there are any, else what the documents wrote
    name = min(pool, key=lambda n: (-pool[n], -len(n), n))
    p = place
    if p is not None and p.canonical:
        name = p.canonical
    aliases = tuple(sorted(set(surfaces) | set(names) | ({name} if name else set())))
    return Entity(
        id=eid, type=typ, name=name, aliases=aliases,
        gazetteer_id=p.gazetteer_id if p else None, lat=p.lat if p else None, lon=p.lon if p else None,
        country=p.country if p else None, admin1=p.admin1 if p else None,
    )


def _place_of(r: _Resolver, surface: str, m: Mention | None, ctx: str | None) -> tuple[str, str | None,
                                                                                     Mention | None]:
    """(entity key, name, place) of a place surface: the gazetteer's, else its folded name."""
    if m is None or not m.gazetteer_id:
        hit = r.geocode(surface, ctx)
        if hit is not None:
            m = Mention(0, 0, surface, "place", gazetteer_id=hit.id, canonical=hit.name, lat=hit.lat,
                        lon=hit.lon, country=hit.country, admin1=hit.admin1_name)
    if m is not None and m.gazetteer_id:
        return "gaz:" + m.gazetteer_id, m.canonical, m
    from claimledger.extract.gazetteer import fold

    return "name:" + fold(surface), None, None


def first_name_canon(firsts: Iterable[str]) -> dict[str, str]:
    """The person each first name written in full with one surname stands for (its cluster's name).

    A first name that is a short form of exactly one other stays with it ("Alex" -> "Alexander");
    national forms of one given name are one name (the alphabetically first stands for them).
    A document's full names link by this map; its bare surnames and initials by the set of
    its values (the one person, if there is one; for an initial, among those it begins), so
    an update need read again only the documents whose first names map elsewhere now, and
    those whose bare surname or initial reads as someone else now.
    """
    full_keys = sorted(set(firsts))
    canon: dict[str, str] = {}
    for k in full_keys:
        longer = [o for o in full_keys if o != k and first_names_compatible(k, o) and len(o) > len(k)]
        canon[k] = longer[0] if len(longer) == 1 else k
    for k in full_keys:
        same = [o for o in full_keys if given_name_variants(canon[k], canon[o])]
        canon[k] = min(canon[o] for o in same)
    return canon


def _resolve_persons(r: _Resolver, persons: list[tuple[str, str, PersonName]],
                     firsts: Callable[[str], set[str]] | None = None) -> None:
    """Cluster person names inside surname blocks; see the module docstring for the rules.

    ``firsts``: the first names written in full with a surname elsewhere in the ledger.
    """
    blocks: dict[str, list[tuple[str, str, PersonName]]] = defaultdict(list)
    for item in persons:
        blocks[item[2].last].append(item)
    for last, items in blocks.items():
        canon = first_name_canon({p.first for _, _, p in items if p.first and not p.initial}
                                 | (firsts(last) if firsts is not None else set()))
        clusters = sorted(set(canon.values()))


        doc_clusters: dict[str, set[str]] = defaultdict(set)
        for doc, _, p in items:
            if p.first and not p.initial:
                doc_clusters[doc].add(canon[p.first])
        for doc, surface, p in items:
            if p.first:
                c = _cluster_of(p.first, canon, sorted(doc_clusters[doc]) or clusters)
                key = f"{last}|{c}" if c else f"{last}|{p.first}"
            else:
                here = sorted(doc_clusters[doc])
                if len(here) == 1:
                    key = f"{last}|{here[0]}"
                elif not here and len(clusters) == 1:
                    key = f"{last}|{clusters[0]}"
                elif not here and not clusters:
                    key = f"{last}|"
                else:  # ambiguous: several people share this surname
                    key = f"{last}|?{doc}"
            r.add("person", key, doc, surface, p.display if p.first and not p.initial else None, block=f"sur:{last}")


def _cluster_of(first: str, canon: dict[str, str], pool: list[str]) -> str | None:
    """The first-name cluster a first name (or initial) belongs to, when exactly one fits."""
    if first in canon:
        return canon[first]
    hits = [c for c in pool if first_names_compatible(first, c)]
    return hits[0] if len(hits) == 1 else None


def _resolve_orgs(r: _Resolver, orgs: list[tuple[str, str, str]], doc_keys: dict[str, set[str]],
                  longs: Callable[[str], set[str]] | None = None) -> None:
    """Organisations by folded name; acronyms joined to the one long name they abbreviate (``longs``:
    the long names written elsewhere in the ledger with those initials)."""
    long_by_acronym: dict[str, set[str]] = defaultdict(set)
    # "the Ministry of Defence" in a document that also writes "the U.K.'s Ministry of Defence"
    with_country: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, surface, key in orgs:
        if not _is_acronym(surface.replace(".", "")) and len(key.split()) >= 2:
            initials = acronym(surface.split("'s ")[-1])
            long_by_acronym[initials].add(key)
            doc_keys[doc].add(f"long:{initials}")
            r.longs[doc].add((initials, key))
        if ":" in key:
            with_country[(doc, key.split(":", 1)[1])].add(key)
    for doc, surface, key in orgs:
        if ":" not in key and len(with_country.get((doc, key), ())) == 1:
            key = next(iter(with_country[(doc, key)]))
        bare = re.sub(r"^(?i:the)\s+", "", surface).replace(".", "")
        block = None
        if _is_acronym(bare):
            block = f"acr:{bare.upper()}"
            doc_keys[doc].add(block)
            forms = long_by_acronym.get(bare.upper(), set()) | (longs(bare.upper()) if longs is not None else set())
            if len(forms) == 1:
                key = next(iter(forms))
        elif (lone := _lone_word(surface, r)) is not None:
            block = f"sur:{lone}"  # an organisation only while nobody is named in full with it
        r.add("organisation", key, doc, surface, None if _is_acronym(bare) else re.sub(r"^(?i:the)\s+", "", surface),
              block=block)
