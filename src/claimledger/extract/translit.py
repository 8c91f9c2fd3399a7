"""Romanisations of one East Slavic name as one key: Ternopol / Ternopil, Chernigov / Chernihiv.

English news writes the towns of Ukraine, Russia and Belarus in several romanisations: of
the Russian or of the Ukrainian form, by an English, German, Polish or scholarly system. The
forms differ in a few regular ways, which this module's table of letters and endings folds:

- the vowels: Russian o / e where Ukrainian has i (Ternopol / Ternopil, -ovka / -ivka, -ov / -iv),
  y / i / j / ii for the same letter, ia / ya / ja / ye / ie: every run of vowels inside a name is
  one vowel slot;
- the endings, which tell a name's grammatical form and so are kept apart: -sky / -skyi / -skiy /
  -skij (masculine), -skoye / -skoe / -ske (neuter), -aya / -a / -ia / -ya and the soft -ye / -ie
  (Polesye / Polissia);
- the consonants: Russian g where Ukrainian has h (Chernigov / Chernihiv), German w and tz, the
  scholarly c (Perwomajsk, Torezk, Toreck), x for ks, doubled letters (Polissia / Polesye, Cherkassy / Cherkasy);
- soft signs and apostrophes (Zelenodol's'k) are dropped by ``fold`` already.

The key is lossy by design: it is only used to find candidates among the places of the
countries whose main language is East Slavic, and only when a name matches no place exactly.
"""

from __future__ import annotations

import re

# Languages whose romanisations the table folds (geonames country ``languages``, the first listed).
LANGUAGES = frozenset({"ru", "uk", "be"})

# Consonant correspondences between romanisation systems, applied in order to a folded name.
CONSONANTS: tuple[tuple[str, str], ...] = (
    ("x", "ks"), ("shch", "S"), ("sch", "S"), ("tch", "C"), ("sh", "S"), ("zh", "Z"), ("kh", "X"), ("cz", "C"),
    ("ch", "C"), ("ts", "T"), ("tz", "T"), ("c", "T"), ("g", "h"), ("w", "v"),
)
VOWELS = frozenset("aeiouyj")
VOWEL_SLOT = "_"
# The class of a name's final vowels, in order: the first pattern the ending matches.
ENDINGS: tuple[tuple[str, str], ...] = (
    (r"o[ijy]?e$", "E"),  # -oye, -oe, -oie: a neuter adjective (Russian)
    (r"[ijy]e$", "A"),  # -ye, -ie after a consonant: a soft noun ending (Ukrainian -ia, -ya)
    (r"e$", "E"),  # -e: a neuter adjective (Ukrainian -ske)
    (r"a$", "A"),  # -a, -ya, -ia, -aya
    (r"[ijy]$", "I"),  # -y, -i, -iy, -yi, -ij, -ii: a masculine adjective
    (r"o$", "O"),
    (r"u$", "U"),
)
_FINAL_VOWELS = re.compile(r"[aeiouyj]+$")
# A key with fewer consonants than this matches too many places to be worth a guess ("Uman" / "Omen").
MIN_CONSONANTS = 3


def variant_key(folded: str) -> str:
    """The key shared by romanisations of one name, from its ``fold()``ed form ("ternopol", "ternopil" -> "t_rn_p_l").

    Spaces and hyphens go (Bila Tserkva / Bilatserkva), consonant digraphs become one letter,
    a doubled consonant counts once, every run of vowels inside is one slot and the final
    vowels are one of the ending classes.
    """
    s = folded.replace(" ", "").replace("-", "")
    for a, b in CONSONANTS:
        s = s.replace(a, b)
    final = _FINAL_VOWELS.search(s)
    ending = ""
    if final:
        run = final.group(0)
        ending = next((cls for pattern, cls in ENDINGS if re.search(pattern, run)), VOWEL_SLOT)
        s = s[:final.start()]
    out: list[str] = []
    for ch in s:
        c = VOWEL_SLOT if ch in VOWELS else ch
        if out and out[-1] == c:
            continue  # a vowel run, or a doubled consonant (zhzh, ss, ll)
        out.append(c)
    return "".join(out) + ending


def usable(key: str) -> bool:
    """Whether a key is specific enough to look places up by."""
    marks = {b for _, b in CONSONANTS if b.isupper()}
    return sum(1 for c in key if c.islower() or c in marks) >= MIN_CONSONANTS


def table_fingerprint() -> str:
    """The table as text, for the gazetteer index's cache key (a changed table rebuilds the index)."""
    return repr((sorted(LANGUAGES), CONSONANTS, sorted(VOWELS), ENDINGS, MIN_CONSONANTS))


_ACRONYM = re.compile(r"^[A-Z]{3,4}$")


def is_acronym(text: str) -> bool:
    """Three or four capitals: "USSR", "OSCE"."""
    return bool(_ACRONYM.match(text))


__all__ = ["LANGUAGES", "is_acronym", "table_fingerprint", "usable", "variant_key"]
