"""The vocabulary of harm: which words say what happened to whom (owner: quantities work).

One table per question, so a new measure word is a one-line change:
``VERBS`` (verb -> measure and how its arguments read), ``PHRASES`` (verb + particle or
complement), ``NOUN_MEASURES`` ("deaths", "casualties"), ``ADJ_MEASURES`` ("dead",
"wounded"), ``GROUPS`` (who or what is counted), ``UNITS`` (words that make a figure a
measurement). The spaCy model runs without its lemmatizer, so ``lemma`` maps inflected
forms onto these tables.
"""

from __future__ import annotations

from spacy.tokens import Token

# Verb lemma -> (measure, kind). kind: "t" transitive (the victims are its object, or its
# subject when passive), "i" intransitive (the victims are its subject), "weak" needs
# context (see WEAK_CONTEXT), "attack" takes facilities as object or via "on"/"at".
VERBS: dict[str, tuple[str, str]] = {
    "kill": ("killed", "t"), "murder": ("killed", "t"), "slay": ("killed", "t"), "execute": ("killed", "t"),
    "massacre": ("killed", "t"), "slaughter": ("killed", "t"),
    # military and agency wording: "eliminated 106 invaders", "neutralised 30 fighters"
    "eliminate": ("killed", "t"), "neutralise": ("killed", "t"), "neutralize": ("killed", "t"),
    "liquidate": ("killed", "t"), "annihilate": ("killed", "t"),
    # "the army lost up to 120 soldiers": killed or wounded, the communiqué does not say which
    "lose": ("casualties", "t"),
    "die": ("killed", "i"), "perish": ("killed", "i"), "drown": ("killed", "i"),
    "wound": ("injured", "t"), "injure": ("injured", "t"), "hurt": ("injured", "t"), "maim": ("injured", "t"),
    "hospitalize": ("injured", "t"), "hospitalise": ("injured", "t"),
    "shoot": ("injured", "shoot"), "stab": ("injured", "shoot"),
    "trap": ("trapped", "t"), "strand": ("trapped", "t"), "besiege": ("trapped", "t"),
    "evacuate": ("evacuated", "t"), "rescue": ("evacuated", "t"), "arrive": ("evacuated", "weak"),
    "displace": ("displaced", "t"), "uproot": ("displaced", "t"), "flee": ("displaced", "i"),
    "deport": ("deported", "t"), "take": ("deported", "weak"), "transfer": ("deported", "weak"),
    "detain": ("detained", "t"), "arrest": ("detained", "t"), "abduct": ("detained", "t"),
    "kidnap": ("detained", "t"), "imprison": ("detained", "t"), "capture": ("detained", "t"),
    "attack": ("attacked", "attack"), "shell": ("attacked", "attack"), "bomb": ("attacked", "attack"),
    "strike": ("attacked", "attack"), "hit": ("attacked", "attack"), "target": ("attacked", "attack"),
    "fire": ("attacked", "attack"), "raid": ("attacked", "attack"), "damage": ("attacked", "attack"),
    "fall": ("attacked", "attack"),
    "destroy": ("destroyed", "t"), "raze": ("destroyed", "t"), "demolish": ("destroyed", "t"),
    "flatten": ("destroyed", "t"),
    "go": ("missing", "missing"), "disappear": ("missing", "i"),
    "remain": ("trapped", "remain"), "stay": ("trapped", "remain"),
    "leave": ("displaced", "leave"),
}
# Verb + particle or complement that changes the meaning.
PHRASES: dict[tuple[str, str], str] = {
    ("hole", "up"): "trapped", ("run", "out"): "trapped", ("fall", "victim"): "killed",
    ("burn", "death"): "killed", ("shoot", "dead"): "killed", ("find", "dead"): "killed",
    ("beat", "death"): "killed", ("stab", "death"): "killed", ("leave", "dead"): "killed",
    ("go", "missing"): "missing", ("be", "missing"): "missing", ("be", "dead"): "killed",
    ("suffer", "wound"): "injured", ("suffer", "injury"): "injured", ("treat", "wound"): "injured",
    ("treat", "injury"): "injured", ("sustain", "injury"): "injured", ("sustain", "wound"): "injured",
    ("transport", "hospital"): "injured", ("take", "hospital"): "injured", ("rush", "hospital"): "injured",
    ("airlift", "hospital"): "injured", ("fly", "hospital"): "injured", ("bring", "hospital"): "injured",
    ("send", "hospital"): "injured", ("put", "hospital"): "injured", ("admit", "hospital"): "injured",
    ("end", "dead"): "killed", ("lose", "life"): "killed", ("die", "injury"): "killed", ("die", "wound"): "killed",
    ("pronounce", "dead"): "killed",
    ("declare", "dead"): "killed",
    # hit by a projectile: "struck by a stray bullet", "hit by shotgun pellets", "grazed by gunfire"
    **{(v, w): "injured" for v in ("strike", "hit", "graze")
       for w in ("bullet", "gunfire", "gunshot", "pellet", "shrapnel", "round", "shot", "buckshot")},
}
TRANSITIVE_PHRASE_VERBS = frozenset({"take", "transport", "rush", "bring", "fly", "airlift", "treat", "shoot",
                                      "find", "leave", "beat", "stab", "pronounce", "declare", "send", "put",
                                      "admit"})
# Nouns that are themselves the measure ("5,000 deaths", "the three dead").
NOUN_MEASURES: dict[str, str] = {
    "death": "killed", "dead": "killed", "fatality": "killed", "toll": "killed", "killing": "killed",
    "casualty": "casualties", "injury": "injured", "wounded": "injured", "injured": "injured",
    "refugee": "displaced", "evacuee": "evacuated", "hostage": "detained", "detainee": "detained",
    "prisoner": "detained", "missing": "missing", "displaced": "displaced", "pow": "detained",
    # "447 bodies found": the dead themselves; "losses amounted to 40 people"
    "body": "killed", "corpse": "killed", "loss": "casualties",
}
# Adjectives and participles that say what happened when they follow or modify a figure.
ADJ_MEASURES: dict[str, str] = {
    "dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured", "hurt": "injured",
    "missing": "missing", "trapped": "trapped", "displaced": "displaced", "evacuated": "evacuated",
    "detained": "detained", "destroyed": "destroyed", "stranded": "trapped", "besieged": "trapped",
    "deported": "deported", "arrested": "detained", "abducted": "detained", "damaged": "attacked",
}
# Nouns counted -> group. Person nouns map to the people group unless more specific.
GROUPS: dict[str, str] = {
    "people": "people", "person": "people", "individual": "people", "adult": "people", "man": "people",
    "woman": "women", "victim": "people", "life": "people", "soul": "people", "body": "people",
    "civilian": "civilians", "resident": "civilians", "inhabitant": "civilians", "villager": "civilians",
    "noncombatant": "civilians", "local": "civilians", "citizen": "civilians", "refugee": "civilians",
    "child": "children", "kid": "children", "minor": "children", "boy": "children", "girl": "children",
    "baby": "children", "infant": "children", "toddler": "children", "schoolchild": "children",
    "teen": "teenagers", "teenager": "teenagers", "youth": "teenagers", "juvenile": "teenagers",
    "student": "students", "pupil": "students",
    "soldier": "soldiers", "troop": "soldiers", "serviceman": "soldiers", "servicemen": "soldiers",
    "fighter": "soldiers", "militant": "soldiers", "combatant": "soldiers", "marine": "soldiers",
    "paratrooper": "soldiers", "conscript": "soldiers", "general": "soldiers", "personnel": "soldiers",
    "invader": "soldiers", "occupier": "soldiers", "defender": "soldiers", "reservist": "soldiers",
    "mercenary": "soldiers", "militiaman": "soldiers", "rescuer": "workers", "staff": "workers",
    "prisoner": "people", "pow": "people",
    "doctor": "medical staff", "nurse": "medical staff", "medic": "medical staff",
    "paramedic": "medical staff", "surgeon": "medical staff", "health worker": "medical staff",
    "officer": "police", "policeman": "police", "cop": "police", "deputy": "police", "trooper": "police",
    "journalist": "journalists", "reporter": "journalists", "worker": "workers", "employee": "workers",
    "patient": "patients", "pedestrian": "people", "bystander": "people", "passenger": "people",
    "driver": "people", "suspect": "people", "gunman": "people", "shooter": "people", "male": "people",
    "female": "people", "other": "people",
    "father": "people", "mother": "people", "son": "children", "daughter": "children",
    "brother": "people", "sister": "people", "husband": "people", "wife": "people", "relative": "people",
    "neighbor": "people", "neighbour": "people", "friend": "people", "girlfriend": "people",
    "boyfriend": "people", "customer": "people", "hunter": "people", "homeowner": "people", "guard": "people",
    "owner": "people", "resident's": "people", "grandmother": "people", "grandfather": "people",
    "uncle": "people", "aunt": "people", "cousin": "people", "nephew": "people", "niece": "people",
    "toddler's": "children", "stepson": "children", "stepdaughter": "children", "granddaughter": "children",
    "grandson": "children", "newborn": "children", "senior": "students", "junior": "students",
    "freshman": "students", "sophomore": "students", "classmate": "students", "teacher": "people",
    "coach": "people", "player": "people", "athlete": "people", "musician": "people", "rapper": "people",
    "singer": "people", "artist": "people", "pastor": "people", "priest": "people", "veteran": "people",
    "bouncer": "people", "bartender": "people", "cashier": "people", "manager": "people", "landlord": "people",
    "tenant": "people", "roommate": "people", "fiance": "people", "fiancee": "people", "partner": "people",
    "spouse": "people", "stepfather": "people", "stepmother": "people", "mom": "people", "dad": "people",
    "motorist": "people", "cyclist": "people", "jogger": "people", "hiker": "people", "witness": "people",
    "inmate": "people", "sergeant": "police", "detective": "police", "marshal": "police", "agent": "police",
    "firefighter": "people", "homeless man": "people", "intruder": "people", "robber": "people",
    "burglar": "people", "teenage": "teenagers", "clerk": "people", "student athlete": "students",
    "hospital": "hospitals", "clinic": "hospitals", "maternity": "hospitals",
    "school": "schools", "kindergarten": "schools", "university": "schools",
    "building": "buildings", "house": "buildings", "home": "buildings", "apartment": "buildings",
    "vehicle": "vehicles", "tank": "vehicles", "car": "vehicles", "truck": "vehicles", "bus": "vehicles",
    "aircraft": "vehicles", "plane": "vehicles", "helicopter": "vehicles", "drone": "vehicles",
    "ship": "vehicles",
}
PERSON_GROUPS = frozenset({"people", "women", "civilians", "children", "teenagers", "students", "soldiers",
                            "medical staff", "police", "journalists", "workers", "patients"})
THING_GROUPS = frozenset({"hospitals", "schools", "buildings", "vehicles"})
# Measures that make sense for things; people can't be "destroyed", buildings aren't "killed".
THING_MEASURES = frozenset({"attacked", "destroyed"})
# Nouns of the "number" kind whose of-complement carries the measure ("the number of dead").
COUNT_NOUNS = frozenset({"number", "toll", "tally", "count", "figure", "total"})
# Words after a figure that make it a measurement, not a count of victims.
UNITS = frozenset("""year years yr yrs old month months week weeks day days hour hours minute minutes
second seconds decade decades century centuries mile miles km kms kilometre kilometres kilometer
kilometers metre metres meter meters m ft feet foot inch inches yard yards acre acres hectare hectares
percent per % times time round rounds shot shots bullet bullets block blocks caliber calibre mm a.m.
p.m. am pm o'clock dollars dollar cents pounds euros tons tonnes kg kilograms lbs gallons litres liters
degrees storey stories floors points votes seats members billion-dollar am. pm. st nd rd th""".split())
# Words just before a figure that make it an identifier, an age or an amount of money.
NOT_BEFORE = frozenset("""$ £ € # no. number route highway interstate page chapter article section code
flight room apartment suite unit ward district precinct channel grade level category size phase aged age
ages zero no not year years model version season""".split())
# Nouns a figure can be "of" without being a count of victims ("a city of 260,000").
POPULATION_HEADS = frozenset("""city town village population country nation region community force army
metropolis municipality home district province state capital""".split())
TIME_WORDS = frozenset("""year years month months week weeks day days hour hours ago decade decades
century monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december minute minutes""".split())
# Verbs that state a toll ("the toll rose to 50", "estimates put the toll at", "it is in the thousands").
TOLL_VERBS = frozenset({"be", "put", "rise", "climb", "reach", "stand", "hit", "increase", "jump", "exceed", "top",
                        "amount", "total",
                        "surpass", "remain", "grow", "estimate", "bring", "raise", "pass", "near", "approach",
                        "double", "mount", "soar", "include"})
# Verbs whose injured subject surely survived ("29 received first aid"): not a weak reading.
SURE_INJURY_VERBS = frozenset({"suffer", "sustain", "receive", "get"})
# "received first aid", "got medical treatment": the care words and the words that make it medical.
CARE_NOUNS = frozenset({"aid", "help", "treatment", "care", "assistance"})
MEDICAL_WORDS = frozenset({"first", "medical", "emergency"})
# A victim noun that, counted by a toll noun ("the number of victims rose to four"), means the dead.
TOLL_VICTIMS = frozenset({"victim"})
MODALS = frozenset({"could", "may", "might"})
HEDGE_ADVERBS = frozenset({"possibly", "perhaps", "potentially"})
REFER_BACK = frozenset({"those", "them", "these"})
CITY_ANAPHORS = frozenset({"city", "town", "village", "there", "here", "port", "capital"})
# Context that turns a weak verb into a measure.
WEAK_CONTEXT: dict[str, tuple[str, ...]] = {
    "arrive": ("convoy", "evacuat", "corridor", "bus", "fled", "flee"),
    "take": ("deport", "forcibl", "filtration"),
    "transfer": ("deport", "forcibl", "filtration"),
}
PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
# "shoot" for a victim named singly is injury unless something says they died.
KILL_WORDS = frozenset({"dead", "fatally", "mortally", "death"})


# Irregular forms; regular ones come from lemma()'s suffix rules.
IRREGULAR = {
    "told": "tell", "said": "say", "lost": "lose", "sent": "send", "admitted": "admit", "tried": "try",
    "tries": "try", "sought": "seek",
    "included": "include",
    "includes": "include",
    "rose": "rise", "risen": "rise", "stood": "stand", "grew": "grow", "grown": "grow", "brought": "bring",
    "shot": "shoot", "died": "die", "dying": "die", "dies": "die", "hurt": "hurt", "hit": "hit",
    "struck": "strike", "fled": "flee", "took": "take", "taken": "take", "fell": "fall", "fallen": "fall",
    "left": "leave", "burnt": "burn", "ran": "run", "found": "find", "slain": "slay", "slew": "slay",
    "went": "go", "gone": "go", "going": "go", "goes": "go", "beaten": "beat", "holed": "hole",
    "has": "have", "had": "have", "having": "have",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
    "people": "people", "children": "child", "men": "man", "women": "woman", "lives": "life",
    "wives": "wife", "personnel": "personnel", "dead": "dead", "wounded": "wounded", "injured": "injured",
    "missing": "missing", "casualties": "casualty", "fatalities": "fatality",
    "injuries": "injury", "bodies": "body", "babies": "baby", "deaths": "death", "police": "police",
    "teens": "teen", "youths": "youth", "refugees": "refugee", "servicemen": "serviceman",
    "policemen": "policeman", "stories": "story", "militia": "militia", "bus": "bus", "buses": "bus",
    "wounds": "wound",
    "killing": "kill", "killings": "killing", "shooting": "shoot", "evacuees": "evacuee",
}
SPEECH = frozenset({"say", "claim", "report", "estimate", "accuse", "tell", "announce", "state", "add",
                     "warn", "confirm", "deny", "allege", "insist", "declare", "believe", "think", "agree"})
EVENT_NOUNS = {"death": "killed", "killing": "killed", "murder": "killed", "slaying": "killed",
                "homicide": "killed", "execution": "killed", "wounding": "injured", "injury": "injured"}
_KNOWN = set(SPEECH) | set(EVENT_NOUNS) | set(TOLL_VERBS) | set(VERBS) | set(NOUN_MEASURES) | set(GROUPS)
_KNOWN |= set(SURE_INJURY_VERBS) | {"need", "require"}
_KNOWN |= {w for w, _ in PHRASES} | {"threaten", "try", "attempt", "want", "plan", "vow", "intend", "wish", "hope",
                                     "seek", "plot", "conspire", "order", "urge", "ask", "pray", "prevent", "avoid",
                                     "refuse", "aim"}


def lemma(tok: Token | str) -> str:
    """A lemma good enough for our tables (the model runs without its lemmatizer)."""
    w = (tok if isinstance(tok, str) else tok.text).lower().replace("\u2019", "'")
    verb = not isinstance(tok, str) and tok.pos_ in ("VERB", "AUX")
    if verb and w in ("wounded", "injured", "displaced", "trapped", "killed", "evacuated", "detained"):
        # participles that double as nouns in our tables: as verbs they have a verb lemma
        return w[:-2] if w[:-2] in VERBS else w[:-1] if w[:-1] in VERBS else w[:-3]
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w in _KNOWN:
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                         ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            if stem in _KNOWN:
                return stem
            if stem in IRREGULAR:
                return IRREGULAR[stem]
            # doubled consonant: "shelled" -> "shell" is direct; "trapped" -> "trap"
            if suffix in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _KNOWN:
                return stem[:-1]
    return w


def is_passive(verb: Token) -> bool:
    """A passive clause, or a bare participle that reads as one ("tanks destroyed")."""
    if any(c.dep_ in PASSIVE_DEPS for c in verb.children):
        return True
    # "tanks destroyed", headline style "2 killed in crash": a bare participle is passive
    # ("with 109 people injured": a participle after "with" is passive too)
    with_clause = verb.dep_ == "pcomp" or any(c.dep_ == "mark" and c.text.lower() == "with" for c in verb.children)
    return verb.tag_ == "VBN" and (verb.dep_ in ("ROOT", "acl", "amod", "conj") or with_clause) and not any(
        (c.dep_ == "aux" and lemma(c) == "have") or c.dep_ == "dobj" for c in verb.children)
