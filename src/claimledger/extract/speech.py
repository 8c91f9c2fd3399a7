"""Quotes, reported speech, attribution of claims, allegations and denials.

Three passes over one parsed document:

1. direct quotes (``quotes.find_quote_spans``) with the frame around them: ``"...," X
   said`` / ``said X`` after the quote, ``X said: "..."`` before it, or nothing, when a
   quote continues the previous speaker's words;
2. reported speech from the parse: a verb of saying with a clausal complement ("X said
   that ..."), an inverted cue ("..., reported the ministry"), a parenthetical one
   ("..., officials said") and "according to X";
3. speakers resolved in text order (so "he" can point at the last speaker) by
   ``speakers.SpeakerResolver``.

``attribute_claims`` then hands each quantity claim the speaker of the statement it sits
in, and ``find_allegations`` turns accusations, allegation cues and denials into claims.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claimledger.extract import credits
from claimledger.extract.attribution import attribute_claims
from claimledger.extract.intervals import Intervals
from claimledger.extract.lexicon import (
    ALLEGE_LEMMAS,
    DENY_LEMMAS,
    FALSITY_WORDS,
    QUOTE_FRAME_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from claimledger.extract.quotes import QuoteSpan, find_quote_spans
from claimledger.extract.speakers import Speaker, SpeakerResolver, add_spoken, doc_text
from claimledger.records import Claim, Mention, Statement

log = logging.getLogger(__name__)
__all__ = ["attribute_claims", "find_allegations", "find_statements"]  # attribute_claims lives in attribution

_VERB_POS = {"VERB", "AUX"}
_VERB_TAGS = {"VBD", "VBZ", "VBP", "VBN", "VB", "VBG"}
_SUBJ = {"nsubj", "nsubjpass"}
_STOP = {".", "!", "?"}
_DASHES = {"\u2015", "\u2014", "\u2013"}
_ELABORATION_GAP = 1500  # chars after an accusation within which its maker's quotes elaborate it
_CREDIT_CUES = {"-", "source:"}  # the cues of ``credits``: a source named without a verb
_CONTINUATION_GAP = 260  # chars between two quotes for the second to inherit the speaker
# cues that may come after their content with the source as object: "..., reported the ministry"
_INVERTIBLE = {"say", "report", "add", "write", "state", "announce", "tell", "claim", "estimate", "confirm"}
_ACCUSE = {"accuse", "accuses", "accused", "accusing"}
_ACTOR_WORDS = {
    "troops", "forces", "army", "soldiers", "military", "killers", "occupiers", "invaders",
    "regime", "militants", "rebels", "police", "murderers", "attackers", "aggressor", "enemy",
}


@dataclass
class _Pending:
    """A statement before its speaker is resolved (resolution runs in text order)."""

    start: int
    end: int
    direct: bool
    cue: Token | None
    cue_text: str | None
    speaker_tokens: list[Token] | None
    continues: bool = False  # a quote that takes the previous quote's speaker
    order: int = 0


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in _VERB_POS or tok.tag_ in _VERB_TAGS


def _lemma(tok: Token) -> str | None:
    return SPEECH_VERBS.get(tok.lower_)


def _trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.\u2014-"):
        end -= 1
    return start, end


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


# ---- direct quotes ------------------------------------------------------------------
def _after_frame(doc: Doc, q: QuoteSpan, next_open: int) -> list[Token]:
    """Tokens after a closed quote up to the end of its sentence, the next quote or paragraph."""
    if q.close_at is None:
        return []
    text = doc_text(doc)
    content = text[q.start:q.close_at].rstrip()
    after = text[q.close_at + 1:q.close_at + 3].lstrip()
    # only a quote that ends a clause has a frame after it ("...," she said)
    if not (content.endswith((",", "!", "?", "\u2026", "-", "\u2014")) or after.startswith(",")):
        return []
    newline = text.find("\n", q.close_at)
    limit = min(next_open, newline if newline >= 0 else len(text))
    toks = _tokens_between(doc, q.close_at + 1, limit)
    out: list[Token] = []
    for i, t in enumerate(toks):
        if t.text in _STOP:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            # "Jane Jones. said." - a stray full stop before the cue does not end the frame
            if nxt is not None and nxt.text[:1].islower() and nxt.lower_ in QUOTE_FRAME_VERBS:
                continue
            break
        out.append(t)
        if len(out) >= 25:
            break
    return out


def _before_frame(doc: Doc, q: QuoteSpan, prev_close: int) -> list[Token]:
    """Tokens from the start of the sentence up to a quote that opens after ':' or ','."""
    text = doc_text(doc)
    i = q.open_at - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] not in ":,":
        return []
    if i < 0 and text[:q.open_at].strip():
        return []
    if text[i] == ":" and "\n" in text[i:q.open_at]:
        # "The reporter writes:" closing the paragraph before a quoted one
        pass
    elif "\n" in text[i:q.open_at]:
        return []
    start = max(prev_close + 1, text.rfind("\n", 0, i) + 1)
    toks = _tokens_between(doc, start, i + 1)
    for j in range(len(toks) - 1, -1, -1):
        if toks[j].text in _STOP:
            toks = toks[j + 1:]
            break
    return toks


def _frame_cue(frame: list[Token], first: bool) -> Token | None:
    verbs = [t for t in frame if t.lower_ in QUOTE_FRAME_VERBS and _is_verb(t) and not t.is_title
             or (t.lower_ in QUOTE_FRAME_VERBS and t.tag_ in _VERB_TAGS)]
    if not verbs:
        return None
    return verbs[0] if first else verbs[-1]


def _np_after(tokens: list[Token], cue: Token) -> list[Token]:
    """The noun phrase right after an inverted cue ("said the mayor in ...")."""
    out: list[Token] = []
    for t in tokens:
        if t.i <= cue.i:
            continue
        if t.pos_ in {"DET", "PROPN", "NOUN", "ADJ", "NUM", "PART", "PRON"} or t.text in {"-", "'s", "\u2019s", "."}:
            if t.text == "." and out and not out[-1].text[:1].isupper():
                break
            out.append(t)
            continue
        break
    return out


def _subject_of(cue: Token, resolver: SpeakerResolver, frame_ids: set[int] | None = None) -> list[Token] | None:
    """The cue's grammatical subject as a noun phrase, inherited through conjunctions."""
    verb: Token | None = cue
    for _ in range(3):
        if verb is None:
            break
        subs = [c for c in verb.children if c.dep_ in _SUBJ]
        if len(subs) > 1:
            # "furnaces which Jane Jones alleges are ...": the speaker, not the relative pronoun
            subs = sorted(subs, key=lambda c: (c.lower_ in {"which", "that", "what"}, abs(c.i - verb.i)))
        line_start = doc_text(cue.doc).rfind("\n", 0, cue.idx) + 1
        if subs and (subs[0].pos_ in _VERB_POS or subs[0].left_edge.idx < line_start):
            # a parse that ran over a paragraph break: trust the words on the cue's own line
            return _line_subject(cue, resolver)
        if subs:
            toks = resolver.subject_tokens(subs[0])
            if frame_ids is not None:
                toks = [t for t in toks if t.i in frame_ids]
            return toks or None
        # "..., adding that", "and warned that": the subject of the verb it hangs from
        inherits = verb.dep_ in {"conj", "xcomp"} or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
        verb = verb.head if inherits and verb.head.i != verb.i else None
    return _line_subject(cue, resolver)


_NP_POS = {"DET", "ADJ", "NOUN", "PROPN", "PART", "NUM", "PRON"}


def _line_subject(cue: Token, resolver: SpeakerResolver) -> list[Token] | None:
    """A noun phrase opening the cue's paragraph when the parse gave the verb no subject.

    The parser sometimes runs a caption into the next paragraph; the words before the verb
    on its own line are then still its subject ("The mayor of X also said ...").
    """
    doc = cue.doc
    line_start = doc_text(doc).rfind("\n", 0, cue.idx) + 1
    sent_start = cue.sent.start_char
    start = max(line_start, sent_start)
    toks = [t for t in doc[cue.sent.start:cue.i] if t.idx >= start and not t.is_space]
    toks = [t for t in toks if t.pos_ not in {"ADV", "AUX"}]
    if not toks or len(toks) > 8:
        return None
    if all(t.pos_ in _NP_POS or t.lower_ == "of" or t.text in {"-", "'s", "\u2019s"} for t in toks):
        return toks
    return None


def _direct_candidates(doc: Doc, quotes: list[QuoteSpan], resolver: SpeakerResolver) -> list[_Pending]:
    out: list[_Pending] = []
    n = len(doc_text(doc))
    for k, q in enumerate(quotes):
        next_open = quotes[k + 1].open_at if k + 1 < len(quotes) else n
        prev_close = quotes[k - 1].close_at or quotes[k - 1].end if k > 0 else -1
        cue: Token | None = None
        speaker: list[Token] | None = None
        label = _LABEL.match(doc_text(doc), q.start, q.end)
        if label:
            # a transcript line inside quotes: "SMITH: Well, ..."
            out.append(_Pending(label.end(), q.end, True, None, ":",
                                _tokens_between(doc, label.start(1), label.end(1))))
            continue
        byline = _BYLINE.match(doc_text(doc), (q.close_at or q.end) + 1)
        if q.close_at is not None and byline:
            # "...." - Jane Jones: the dash credits the quote
            out.append(_Pending(q.start, q.end, True, None, byline.group(1),
                                _tokens_between(doc, byline.start(2), byline.end(2))))
            continue
        frame = _after_frame(doc, q, next_open)
        cue = _frame_cue(frame[:10], first=True)
        if cue is not None:
            ids = {t.i for t in frame}
            speaker = _subject_of(cue, resolver, ids)
            if not speaker:
                before = [t for t in frame if t.i < cue.i and not t.is_punct and t.pos_ not in {"ADV", "AUX"}]
                speaker = before or _np_after(frame, cue)
        else:
            frame = _before_frame(doc, q, prev_close)
            cue = _frame_cue(frame, first=False)
            if cue is not None:
                speaker = _subject_of(cue, resolver, None)
                if not speaker:
                    speaker = [t for t in frame if t.i < cue.i and not t.is_punct] or None
        words = len(doc_text(doc)[q.start:q.end].split())
        if cue is None:
            # a quote standing alone right after another quote continues its speaker's words
            standalone = _starts_sentence(doc_text(doc), q.open_at)
            if standalone and k > 0 and q.open_at - prev_close <= _CONTINUATION_GAP and out \
                    and out[-1].start == quotes[k - 1].start:
                out.append(_Pending(q.start, q.end, True, None, None, None, continues=True))
            elif standalone and words >= 6:
                out.append(_Pending(q.start, q.end, True, None, None, None))
            continue
        out.append(_Pending(q.start, q.end, True, cue, cue.text, speaker or None))
    return out


_NAME = r"[A-Z][\w.'\u2019-]*(?:[ \u00a0][A-Z][\w.'\u2019-]*){0,3}"
_BYLINE = re.compile(r"[ \t\u00a0]*([\u2015\u2014\u2013])[ \t\u00a0]*(%s)[ \t\u00a0.]*(?:\n|$)" % _NAME)
_LABEL = re.compile(r"([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):\s+")
_LINE_LABEL = re.compile(r"^[ \t]*([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):[ \t]+(\S.*)$", re.M)


# A headline that credits its content: "Governor: 50 killed in station attack", "Police: man shot 4".
_HEADLINE_LABEL = re.compile(r"^[ \t]*((?:[A-Z][\w.'\u2019-]*)(?: [A-Z][\w.'\u2019-]*){0,3}):[ \t]+([^\n]+)$",
                             re.M)
# Labels that name a kind of item, not who speaks.
_NOT_SPEAKER_LABELS = frozenset("""
update updated breaking watch video photos photo gallery question answer q a editor note exclusive analysis opinion
live fact check factcheck correction related read more source sources note warning timeline explainer poll
details detail background quote context reminder summary
""".split())


def _item_label(label: str) -> bool:
    """Whether a line label names a kind of item ("UPDATE", "Video") rather than a speaker."""
    return bool(set(re.findall(r"[a-z]+", label.lower())) & _NOT_SPEAKER_LABELS)


def _label_candidates(doc: Doc, quotes: list[QuoteSpan], resolver: SpeakerResolver) -> list[_Pending]:
    """Transcript lines outside quotes ("SMITH: We never said that.") and crediting headlines.

    A headline label counts only when it names a speaker (a person, organisation or role
    the text knows), never a kind of item ("UPDATE:", "Video:").
    """
    out: list[_Pending] = []
    taken: set[int] = set()
    quoted = Intervals((q.start, q.end) for q in quotes)
    for m in _LINE_LABEL.finditer(doc_text(doc)):
        if quoted.covers(m.start(2)) or len(m.group(2).split()) < 3:
            continue
        taken.add(m.start(2))
        if _item_label(m.group(1)):
            continue
        out.append(_Pending(m.start(2), m.end(2), True, None, ":",
                            _tokens_between(doc, m.start(1), m.end(1))))
    for m in _HEADLINE_LABEL.finditer(doc_text(doc)):
        label = m.group(1)
        if m.start(2) in taken or len(m.group(2).split()) < 3 or quoted.covers(m.start(2)):
            continue
        if _item_label(label):
            continue
        tokens = _tokens_between(doc, m.start(1), m.end(1))
        sp = resolver.resolve_tokens(tokens) if tokens else None
        if sp is None or sp.type not in ("person", "organisation", "group"):
            continue
        out.append(_Pending(m.start(2), m.end(2), False, None, ":", tokens))
    return out


def _starts_sentence(text: str, at: int) -> bool:
    i = at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?\n\u201d\"" or text[i] in "\u2026"


# ---- reported speech ------------------------------------------------------------------
def _that_clause(verb: Token) -> bool:
    """A clause opened by "that" alone (not "so that", a purpose)."""
    return any(m.dep_ == "mark" and m.lower_ == "that" and not (m.i > 0 and m.doc[m.i - 1].lower_ == "so")
               for m in verb.children)


def _content_child(verb: Token) -> Token | None:
    lemma = _lemma(verb)
    for c in verb.children:
        if c.dep_ == "ccomp":
            return c
        if c.dep_ in {"xcomp", "advcl"} and c.i > verb.i and _that_clause(c):
            return c  # "reported earlier that 55 had been killed": a that-clause the parser misattached
    if lemma in ALLEGE_LEMMAS | DENY_LEMMAS:
        for c in verb.children:
            if c.dep_ in {"xcomp", "dobj"} and c.i > verb.i:
                return c
    return None


def _reported_candidates(doc: Doc, resolver: SpeakerResolver, used: set[int],
                         quotes: list[QuoteSpan]) -> list[_Pending]:
    out: list[_Pending] = []
    quoted = Intervals((q.start, q.end) for q in quotes)
    for tok in doc:
        if tok.i in used:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            p = _according(doc, tok, resolver)
            if p is not None:
                out.append(p)
            continue
        if _lemma(tok) is None and STANCE_VERBS.get(tok.lower_) and _is_verb(tok):
            stance = _stance(doc, tok, resolver)
            if stance is not None:
                out.append(stance)
            continue
        if _lemma(tok) is None or not _is_verb(tok) or tok.dep_ in {"amod", "compound"}:
            continue
        other = _pointing_back(doc, tok, resolver) or _as_reported(doc, tok, resolver)
        if other is not None:
            out.append(other)
            continue
        subj = [c for c in tok.children if c.dep_ in _SUBJ]
        if subj and (subj[0].dep_ == "nsubjpass" or subj[0].lower_ in {"what", "it"} and subj[0].dep_ == "nsubjpass"):
            continue
        if any(c.dep_ == "auxpass" for c in tok.children):
            continue  # "is said to", "it is estimated": no speaker here
        content = _content_child(tok)
        speaker: list[Token] | None
        if content is not None:
            start, end = content.left_edge.idx, content.right_edge.idx + len(content.right_edge.text)
            if content.left_edge.i < tok.i < content.right_edge.i:
                continue
            speaker = _subject_of(tok, resolver)
            if speaker and speaker[0].lower_ in {"what", "which"} and speaker[0].dep_ == "nsubj" and len(speaker) == 1:
                continue
        else:
            # "..., reported the ministry." / "..., officials said." at the end of a clause
            prev = doc[tok.i - 1] if tok.i > 0 else None
            sent = tok.sent
            after_subj = [c for c in tok.children if (c.dep_ in _SUBJ or c.dep_ == "dobj") and c.i > tok.i]
            before_subj = [c for c in tok.children if c.dep_ in _SUBJ and c.i < tok.i]
            tail = doc[tok.right_edge.i + 1:sent.end]
            clause_end = all(t.is_punct or t.is_space for t in tail)
            if after_subj and not before_subj and prev is not None and prev.text == "," and clause_end \
                    and (after_subj[0].dep_ in _SUBJ or _lemma(tok) in _INVERTIBLE):
                speaker = resolver.subject_tokens(after_subj[0])
                start, end = sent.start_char, prev.idx
            elif before_subj and tok.dep_ in {"parataxis", "conj", "advcl", "ROOT"}:
                left = before_subj[0].left_edge
                if left.i == sent.start or left.i - 1 < sent.start or doc[left.i - 1].text != ",":
                    continue
                speaker = resolver.subject_tokens(before_subj[0])
                start, end = sent.start_char, doc[left.i - 1].idx
                comma = tok.right_edge.i if tok.right_edge.text == "," else tok.right_edge.i + 1
                if comma + 1 < sent.end and doc[comma].text == "," and not doc[comma + 1].is_punct:
                    end = sent.end_char  # "This campaign, he says, is different.": the words on both sides
            else:
                stance = _stance(doc, tok, resolver) if STANCE_VERBS.get(tok.lower_) else None
                if stance is not None:
                    out.append(stance)
                continue
        start, end = _trim_span(doc, start, end)
        if len(doc_text(doc)[start:end].split()) < 3:
            continue
        if quoted.contains(start, end):
            continue  # the complement is a quote already framed by this verb
        out.append(_Pending(start, end, False, tok, tok.text, speaker))
    return out


_STANCE_CONTENT = {"dobj", "xcomp", "ccomp", "oprd"}
_NO_SPEAKER = {"it", "that", "which", "what", "there", "this", "who"}
_STANCE_MIN_WORDS = 2  # "called it a sham": shorter objects are pronouns, not content


def _stance(doc: Doc, tok: Token, resolver: SpeakerResolver) -> _Pending | None:
    """"X called the plan a failure", "X refused to give ...": the object is X's content."""
    if tok.dep_ in {"amod", "compound"} or any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
        return None
    parts = [c for c in tok.children if c.dep_ in _STANCE_CONTENT and c.i > tok.i]
    if not parts:
        return None
    if tok.dep_ in {"acl", "relcl"}:
        # "the voters who support X", "the group backing X": the noun the clause hangs from
        if tok.tag_ == "VBN" or tok.head.pos_ not in {"NOUN", "PROPN"}:
            return None
        speaker = resolver.subject_tokens(tok.head)
    else:
        speaker = _subject_of(tok, resolver)
    if not speaker or (len(speaker) == 1 and speaker[0].lower_ in _NO_SPEAKER):
        return None
    start = min(c.left_edge.idx for c in parts)
    last = max((c.right_edge for c in parts), key=lambda t: t.i)
    start, end = _trim_span(doc, start, last.idx + len(last.text))
    if len(doc_text(doc)[start:end].split()) < _STANCE_MIN_WORDS:
        return None
    return _Pending(start, end, False, tok, tok.text, speaker)


def _pointing_back(doc: Doc, tok: Token, resolver: SpeakerResolver) -> _Pending | None:
    """"X stated this on Telegram", "This was reported by X": the words before are X's."""
    if _content_child(tok) is not None or not credits.points_back(tok):
        return None
    span = credits.content_before(tok)
    agent = credits.passive_agent(tok) or credits.document_issuer(tok)
    speaker = resolver.subject_tokens(agent) if agent is not None else _subject_of(tok, resolver)
    if span is None or not speaker or speaker[0].lower_ in {"this", "so", "these"}:
        return None
    start, end = _trim_span(doc, *span)
    if len(doc_text(doc)[start:end].split()) < 3:
        return None
    return _Pending(start, end, False, tok, tok.text, speaker)


def _as_reported(doc: Doc, tok: Token, resolver: SpeakerResolver) -> _Pending | None:
    """"As X reported, ...": the rest of the sentence is X's."""
    found = credits.as_reported(tok)
    if found is None:
        return None
    start, end, subj = found
    start, end = _trim_span(doc, start, end)
    if len(doc_text(doc)[start:end].split()) < 3:
        return None
    return _Pending(start, end, False, tok, tok.text, resolver.subject_tokens(subj))


def _credit_candidates(doc: Doc) -> list[_Pending]:
    """Dash credits ending a line and "Source: X" lines (see ``credits``)."""
    return [_Pending(c.start, c.end, False, None, c.cue, _tokens_between(doc, c.speaker_start, c.speaker_end))
            for c in credits.tail_credits(doc) + credits.source_lines(doc)]


def _according(doc: Doc, tok: Token, resolver: SpeakerResolver) -> _Pending | None:
    """"according to X, ..." / "... according to X": X is the source of the sentence."""
    to = doc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    src = resolver.subject_tokens(objs[0])
    if not src:
        return None
    sent = tok.sent
    src_end = max(t.i for t in src)
    if _bare_evidence(objs[0]):
        src = []  # "according to preliminary data": a statement with no named source
    elif objs[0].lower_ in _EVIDENCE_SOURCES and len(src) > 1 and objs[0].i == src_end:
        src = [t for t in src if t.i != objs[0].i]  # "the Emergency Service data": the service is the source
    if tok.i <= sent.start + 1:
        start, end = doc[min(src_end + 1, sent.end - 1)].idx, sent.end_char
    else:
        start, end = sent.start_char, tok.idx
        tail = doc[src_end + 1:sent.end]
        if len([t for t in tail if not t.is_punct]) > 3:
            end = sent.end_char  # the source sits mid-sentence: the whole sentence is its content
    start, end = _trim_span(doc, start, end)
    if end - start < 10:
        return None
    return _Pending(start, end, False, tok, "according to", src)


_EVIDENCE_SOURCES = {"data", "information", "estimates", "figures", "reports", "counts", "statistics"}


def _bare_evidence(obj: Token) -> bool:
    """"preliminary data", "initial reports": evidence that names no one ("the ministry's data" names it)."""
    return obj.lower_ in _EVIDENCE_SOURCES and not any(
        c.dep_ in {"prep", "poss"} or (c.dep_ in {"compound", "nmod", "amod"} and c.pos_ == "PROPN")
        for c in obj.children)


# ---- statements -------------------------------------------------------------------------
def find_statements(doc: Doc, mentions: list[Mention]) -> list[Statement]:
    """Direct quotes and reported speech with their speakers. Ids are local ("s0", "s1", ...)."""
    resolver = SpeakerResolver(doc, mentions)
    quotes = find_quote_spans(doc_text(doc))
    pending = _direct_candidates(doc, quotes, resolver)
    used = {p.cue.i for p in pending if p.cue is not None}
    reported = _reported_candidates(doc, resolver, used, quotes)
    # a partial quote inside reported speech belongs to that statement, not its own
    in_reported = Intervals((r.start, r.end) for r in reported)
    pending = [p for p in pending if p.cue_text is not None or p.continues or not in_reported.contains(p.start, p.end)]
    pending += reported + _label_candidates(doc, quotes, resolver) + _credit_candidates(doc)
    for i, p in enumerate(pending):
        p.order = i
    pending.sort(key=lambda p: (min(p.start, p.cue.idx if p.cue is not None else p.start), p.order))
    resolver.learn_titles([p.speaker_tokens for p in pending if p.speaker_tokens])
    spoken: list[Speaker] = []
    out: list[Statement] = []
    last_direct: Statement | None = None
    for p in pending:
        sp: Speaker | None = None
        if p.continues and last_direct is not None:
            st = Statement(id="", document="", text=doc_text(doc)[p.start:p.end], start=p.start, end=p.end,
                           direct=True, cue=last_direct.cue, speaker_text=last_direct.speaker_text,
                           speaker_type=last_direct.speaker_type, speaker_start=last_direct.speaker_start,
                           speaker_end=last_direct.speaker_end)
        else:
            if p.speaker_tokens:
                sp = resolver.resolve_tokens(p.speaker_tokens, statements=spoken)
                if sp is None and p.cue_text in _CREDIT_CUES:
                    sp = resolver.credited(p.speaker_tokens)
                if p.cue_text in _DASHES and (sp is None or sp.type == "place") and len(p.speaker_tokens) >= 2:
                    # a dash credit names a person even when the words look like places
                    a, b = p.speaker_tokens[0].idx, p.speaker_tokens[-1].idx + len(p.speaker_tokens[-1].text)
                    sp = Speaker(resolver.full_person(doc_text(doc)[a:b], a), "person", a, b)
            # a speaker the text mentions but no rule names ("I", "you") keeps where it is mentioned
            words = [t for t in p.speaker_tokens or [] if not t.is_space]
            mention = (words[0].idx, words[-1].idx + len(words[-1].text)) if words else (None, None)
            st = Statement(id="", document="", text=doc_text(doc)[p.start:p.end], start=p.start, end=p.end,
                           direct=p.direct, cue=p.cue_text,
                           speaker_text=sp.name if sp else None, speaker_type=sp.type if sp else None,
                           speaker_start=sp.start if sp else mention[0], speaker_end=sp.end if sp else mention[1])
        if sp is not None:
            add_spoken(spoken, Speaker(sp.name, sp.type, p.cue.idx if p.cue is not None else p.start, p.end))
        if st.direct:
            last_direct = st
        out.append(st)
    out.sort(key=lambda s: (s.start, s.end))
    return [replace(s, id=f"s{i}") for i, s in enumerate(out)]


# ---- allegations and denials ------------------------------------------------------------------
def _sentence_of(doc: Doc, tok: Token) -> str:
    return tok.sent.text.strip()


def _subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def find_allegations(doc: Doc, statements: list[Statement], mentions: list[Mention]) -> list[Claim]:
    """Claims of kind ``allegation`` and ``denial``, attributed to who makes them."""
    resolver = SpeakerResolver(doc, mentions)
    found: list[tuple[str, int, int, str, Speaker | None]] = []  # kind, start, end, sentence, speaker
    spoken = sorted((Speaker(s.speaker_text, s.speaker_type or "person", s.speaker_start or s.start, s.end)
                     for s in statements if s.speaker_text), key=lambda sp: sp.start)
    for tok in doc:
        low = tok.lower_
        lemma = _lemma(tok)
        if not _is_verb(tok) or lemma is None:
            continue
        if low in _ACCUSE:
            # "X accused Y of Z": the allegation is Z, made by X
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is None:
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None) if obj else None
            comp = next((c for c in of.children if c.dep_ in {"pcomp", "pobj"}), None) if of else None
            if comp is None:
                continue
            start, end = _subtree_span(comp)
            subj = _subject_of(tok, resolver)
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if not subj and agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                subj = resolver.subject_tokens(pobj) if pobj is not None else None
            sp = resolver.resolve_tokens(subj, statements=spoken) if subj else None
            found.append(("allegation", start, end, _sentence_of(doc, tok), sp))
        elif lemma in DENY_LEMMAS:
            comp = _content_child(tok) or next((c for c in tok.children if c.dep_ in {"dobj", "xcomp", "ccomp"}), None)
            if comp is None:
                continue
            start, end = _subtree_span(comp)
            if lemma != "deny":
                # "rejected ... as fake news", "dismissed it as propaganda": only a rejection
                # that calls something false is a denial
                rest = {t.lower_ for t in tok.subtree if t.i > tok.i}
                if not rest & FALSITY_WORDS:
                    continue
                as_prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
                if as_prep is not None:
                    end = max(end, _subtree_span(as_prep)[1])
            subj = _subject_of(tok, resolver)
            sp = resolver.resolve_tokens(subj, statements=spoken) if subj else None
            found.append(("denial", start, end, _sentence_of(doc, tok), sp))
        elif lemma in ALLEGE_LEMMAS and not any(c.dep_ == "auxpass" for c in tok.children):
            comp = _content_child(tok)
            if comp is None:
                continue
            start, end = _subtree_span(comp)
            if tok.left_edge.i < tok.i and comp.i < tok.i:
                continue
            subj = _subject_of(tok, resolver)
            sp = resolver.resolve_tokens(subj, statements=spoken) if subj else None
            found.append(("allegation", start, end, _sentence_of(doc, tok), sp))
    found += _elaborations(doc, found, statements)
    out: list[Claim] = []
    seen: set[tuple[str, int, int]] = set()
    for kind, start, end, sentence, sp in sorted(found, key=lambda f: (f[1], f[2])):
        start, end = _trim_span(doc, start, end)
        if end <= start or (kind, start, end) in seen:
            continue
        seen.add((kind, start, end))
        out.append(Claim(id=f"a{len(out)}", document="", kind=kind, sentence=sentence,
                         text=doc_text(doc)[start:end], start=start, end=end,
                         attributed_text=sp.name if sp else None, attributed_type=sp.type if sp else None))
    return out


def _elaborations(doc: Doc, found: list[tuple[str, int, int, str, Speaker | None]],
                  statements: list[Statement]) -> list[tuple[str, int, int, str, Speaker | None]]:
    """Quotes by someone who made an accusation just before, naming an armed actor, are allegations too.

    ("X accused the army of hiding bodies. ... 'The troops are burning them,' X said.")
    """
    out: list[tuple[str, int, int, str, Speaker | None]] = []
    accusers = sorted((s, sp.name, sp) for kind, s, _e, _sent, sp in found if kind == "allegation" and sp is not None)
    accused_at = [a[0] for a in accusers]
    for st in statements:
        if not st.direct or not st.speaker_text:
            continue
        near = accusers[bisect_left(accused_at, st.start - _ELABORATION_GAP):bisect_left(accused_at, st.start)]
        src = next((sp for _s, name, sp in near if name == st.speaker_text), None)
        if src is None:
            continue
        span = doc.char_span(st.start, st.end, alignment_mode="expand")
        if span is None:
            continue
        for sent in span.sents:
            words = {t.lower_ for t in sent}
            actor = words & _ACTOR_WORDS or any(e.label_ in {"NORP", "GPE"} for e in sent.ents)
            if actor and any(t.dep_ in _SUBJ for t in sent):
                s, e = max(sent.start_char, st.start), min(sent.end_char, st.end)
                out.append(("allegation", s, e, sent.text.strip(), src))
    return out
