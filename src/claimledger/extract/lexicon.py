"""Word lists for attribution: verbs of saying, allegation and denial, titles, pronouns.

The pipeline runs without spaCy's lemmatizer, so verbs are listed by lemma and every
inflected form is generated here once (``said`` -> ``say``).
"""

from __future__ import annotations


def _forms(base: str, past: str | None = None, participle: str | None = None) -> set[str]:
    """The inflected forms of a regular (or given irregular) English verb."""
    if base.endswith("e"):
        ing, ed = base[:-1] + "ing", base + "d"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        ing, ed = base + "ing", base[:-1] + "ied"
    else:
        ing, ed = base + "ing", base + "ed"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    past = past or ed
    return {base, third, ing, past, participle or past}


_IRREGULAR = {
    "say": ("said", None), "tell": ("told", None), "write": ("wrote", "written"),
    "think": ("thought", None), "know": ("knew", "known"), "hold": ("held", None),
    "feel": ("felt", None), "find": ("found", None), "forecast": ("forecast", None),
    "admit": ("admitted", None), "rebut": ("rebutted", None), "hear": ("heard", None),
    "put": ("put", None), "speak": ("spoke", "spoken"), "post": ("posted", None),
    "show": ("showed", "shown"), "prefer": ("preferred", None), "slam": ("slammed", None),
    "dub": ("dubbed", None), "label": ("labeled", None), "read": ("read", None),
}


def _table(lemmas: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma in lemmas:
        past, part = _IRREGULAR.get(lemma, (None, None))
        forms = _forms(lemma, past, part)
        if lemma == "admit":
            forms |= {"admitting"}
        for f in forms:
            out.setdefault(f, lemma)
    return out


# verbs that introduce what someone says, writes, believes or estimates
SPEECH_LEMMAS = [
    "say", "tell", "claim", "estimate", "report", "write", "tweet", "post", "add", "state",
    "announce", "insist", "confirm", "deny", "allege", "warn", "explain", "note", "argue",
    "assert", "maintain", "suggest", "declare", "acknowledge", "admit", "recall", "predict",
    "disclose", "indicate", "comment", "reply", "respond", "answer", "remark",
    "stress", "emphasise", "emphasize", "complain", "concede", "contend", "testify", "ask",
    "believe", "think", "know", "charge", "counter", "conclude", "calculate", "forecast",
    "feel", "fear", "hope", "vow", "pledge", "promise", "threaten",
    "speak", "announce", "observe", "underline", "urge", "accuse", "reject", "dismiss",
    "rebut", "dispute", "caution", "boast", "brag", "joke", "quip", "recount", "describe",
    "insinuate", "imply", "mention", "specify",
]
SPEECH_VERBS: dict[str, str] = _table(SPEECH_LEMMAS)

# verbs by which a source takes a stand on something: the object is its content ("X called the
# plan a failure", "X refused to give ...", "the poll showed ..."); only read with a subject
STANCE_LEMMAS = [
    "call", "refuse", "want", "show", "support", "find", "praise", "thank", "criticize", "criticise",
    "endorse", "back", "oppose", "demand", "propose", "agree", "decline", "condemn", "blame", "question",
    "mock", "welcome", "discuss", "reveal", "release", "label", "dub", "brand", "defend", "applaud",
    "slam", "attack", "challenge", "recommend", "favor", "favour", "prefer", "doubt", "expect",
    "announce", "describe", "pledge", "promise", "vow", "urge", "mention", "suggest", "insist",
    "vote", "unveil", "disavow", "feature", "list", "confirm", "ask", "tell",
]
STANCE_VERBS: dict[str, str] = _table(STANCE_LEMMAS)

# verbs that frame a direct quote right next to it ("...," she tweeted)
QUOTE_FRAME_LEMMAS = {
    "say", "tell", "claim", "write", "tweet", "post", "add", "state", "announce", "insist",
    "warn", "explain", "note", "argue", "assert", "declare", "recall", "reply", "respond",
    "answer", "remark", "stress", "emphasise", "emphasize", "complain", "concede", "ask",
    "speak", "continue", "conclude", "allege", "deny", "confirm", "admit", "acknowledge",
    "joke", "quip", "recount", "caution", "boast", "vow", "pledge", "promise", "threaten",
    "charge", "counter", "suggest", "predict", "observe", "describe", "urge", "plead",
    "shout", "scream", "cry", "whisper", "sigh", "lament", "exclaim", "demand", "reveal",
    "estimate", "report", "put", "mention", "testify", "read",
}
QUOTE_FRAME_VERBS: dict[str, str] = _table(sorted(QUOTE_FRAME_LEMMAS))

# a reported-speech cue that makes the content an allegation or a denial
ALLEGE_LEMMAS = {"allege", "claim", "charge", "accuse", "insinuate"}
DENY_LEMMAS = {"deny", "reject", "dismiss", "refute", "rebut", "dispute"}
# words that mark what was rejected as false ("dismissed as propaganda")
FALSITY_WORDS = {
    "fake", "false", "falsehood", "lie", "lies", "propaganda", "baseless", "fabricated",
    "fabrication", "fabrications", "untrue", "nonsense", "provocation", "staged", "hoax",
    "groundless", "unfounded", "disinformation", "misinformation", "absurd", "slander",
    "libel", "fiction", "invented", "smear", "allegations", "allegation", "claims", "claim",
    "accusations", "accusation", "reports", "report",
}

# titles that name a person's office; "the mayor" is resolved through them
TITLES = {
    "mayor", "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "adviser", "advisor", "ambassador", "governor", "chief", "commander", "general",
    "premier", "chancellor", "senator", "congressman", "congresswoman", "deputy", "councillor",
    "councilor", "sheriff", "prosecutor", "attorney", "judge", "king", "queen", "prince",
    "pope", "envoy", "negotiator", "coordinator", "commissioner", "secretary-general",
    "lawmaker", "mp", "director", "chairman", "chairwoman", "chair", "leader", "head",
    "ombudsman", "ombudsperson", "representative", "official", "officer", "colonel",
    "lieutenant", "captain", "major", "marshal", "admiral", "sergeant", "superintendent",
    "inspector", "coroner", "administrator", "emir", "sheikh", "ayatollah", "cleric",
    "bishop", "patriarch", "rabbi", "imam", "founder", "ceo", "correspondent", "reporter",
    "analyst", "researcher", "professor", "doctor", "surgeon", "nurse", "medic", "witness",
    "resident", "survivor", "activist", "volunteer", "lawyer", "editor", "journalist",
    "monitor", "observer", "rapporteur", "speaker", "mufti", "vice-president", "spokesmen",
}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "lord", "lady", "mx", "st"}

# head nouns of organisations that are named elsewhere in an article ("the council")
ORG_HEADS = {
    "council", "ministry", "committee", "government", "army", "police", "office", "agency",
    "administration", "department", "service", "staff", "command", "military", "commission",
    "parliament", "cabinet", "court", "union", "organisation", "organization", "authority",
    "authorities", "assembly", "navy", "force", "forces", "guard", "mission", "embassy",
    "group", "company", "firm", "institute", "bureau", "directorate", "prosecutor's",
    "party", "movement", "network", "observatory", "alliance", "coalition", "federation",
    "foundation", "association", "fund", "programme", "program", "centre", "center",
    "hospital", "university", "secretariat", "presidency", "kremlin", "pentagon", "regime",
    "junta", "brigade", "battalion", "militia", "corps",
}
GROUP_HEADS = {
    "officials", "sources", "authorities", "witnesses", "residents", "analysts", "experts",
    "investigators", "diplomats", "officers", "medics", "doctors", "activists", "observers",
    "monitors", "locals", "survivors", "people", "leaders", "lawmakers", "ministers",
    "spokesmen", "representatives", "rescuers", "volunteers", "journalists", "reporters",
    "critics", "researchers", "prosecutors", "police", "troops", "soldiers", "militants",
    "rebels", "separatists", "insurgents", "forces", "staff", "workers", "agencies",
    "groups", "organisations", "organizations", "governments", "estimates", "figures",
    "reports", "data", "statistics", "counts",
}

PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they", "we"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# words that open a noun phrase but are not part of a speaker's name
NP_NOISE = {
    "the", "a", "an", "other", "some", "several", "many", "most", "all", "both", "two",
    "three", "four", "five", "few", "various", "numerous", "one", "another", "these", "those",
    "this", "that", "also", "but", "and", "however", "still", "meanwhile", "yet", "so",
}
