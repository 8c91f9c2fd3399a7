"""Sources that news and agency copy credits outside a verb's clause.

- a credit after a dash at the end of a headline or sentence ("Two killed in shelling - regional
  administration", "... has risen to 43, - SES");
- a "Source: X" line, crediting the paragraph before it;
- a cue that points back ("X stated this on Telegram", "This was reported by X"): the sentences
  before it are its content;
- "As X reported, ...": the rest of the sentence is X's.

Each finder returns ``Credit`` records (content span, cue, the speaker's tokens); ``speech``
turns them into statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.extract.lexicon import GROUP_HEADS, ORG_HEADS, SPEECH_VERBS, TITLES
from claimledger.extract.speakers import DOC_NOUNS, doc_text

_DASH_CHARS = re.escape("-\u2013\u2014\u2015")
# "<content>[,] - <credit>" ending a line; the credit holds no dash, digit or sentence stop
_TAIL_CREDIT = re.compile(r"^(?P<content>[^\n]*?[^\s,])\s*,?[ \t\u00a0]+[%s]{1,2}[ \t\u00a0]+"
                          r"(?P<credit>[^\n%s.!?\d\"\u201c\u201d]{2,80}?)[ \t\u00a0]*\.?[ \t\u00a0]*$"
                          % (_DASH_CHARS, _DASH_CHARS), re.M)
# a headline that credits after a colon at its end: "Dozens killed in strike on convoy: regional governor"
_COLON_CREDIT = re.compile(r"^(?P<content>[^\n:]*[^\s,:])[ \t]*:[ \t]+"
                           r"(?P<credit>[^\n.!?:\d\"\u201c\u201d]{2,60}?)[ \t]*$", re.M)
_SOURCE_LINE = re.compile(r"^[ \t]*(?:source|sources)[ \t]*:[ \t]*(?P<credit>[^\n]{2,80}?)[ \t.]*$", re.M | re.I)
_CREDIT_MAX_WORDS = 8  # a dash credit longer than this is a clause, not a name
_CONTENT_MIN_WORDS = 3
_LEADING = {"the", "a", "an"}
# words that open a dash tail that explains rather than credits ("... - a child and two women")
_NOT_CREDIT_OPENERS = {
    "a", "an", "including", "mostly", "mainly", "among", "and", "or", "but", "not", "all", "some", "most",
    "many", "both", "each", "his", "her", "their", "its", "our", "this", "that", "these", "those", "as",
    "in", "at", "on", "for", "from", "with", "by", "to", "of", "after", "before", "when", "while", "which",
    "who", "where", "more", "less", "over", "under", "up", "down", "about", "almost", "nearly", "only",
}
# words that point back at what was said before ("stated this", "said so")
_BACK_WORDS = {"this", "so", "these"}
_DOC_HEADS = ORG_HEADS | GROUP_HEADS | TITLES | {"headquarters", "services", "ministries", "spokesperson"}


@dataclass(frozen=True)
class Credit:
    start: int  # the content
    end: int
    cue: str
    speaker_start: int  # the speaker's words
    speaker_end: int


def _credit_words_name_a_source(words: list[str]) -> bool:
    """A dash tail that reads as a source: a capitalised name, an acronym or a head like "ministry"."""
    if not words or len(words) > _CREDIT_MAX_WORDS:
        return False
    first = words[0].lower().strip(",")
    if first in _NOT_CREDIT_OPENERS and first not in _LEADING:
        return False
    rest = words[1:] if first in _LEADING else words
    if not rest or rest[0].lower() in _NOT_CREDIT_OPENERS:
        return False
    if any(w[:1].isupper() for w in rest):
        return True
    return any(w.lower().strip(",") in _DOC_HEADS for w in rest)


def tail_credits(doc: Doc) -> list[Credit]:
    """Dash credits ending a line: "One dead and three wounded in shelling - regional police"."""
    text = doc_text(doc)
    out: list[Credit] = []
    matches = list(_TAIL_CREDIT.finditer(text)) + [m for m in _COLON_CREDIT.finditer(text)
                                                   if len(m.group("content").split()) > len(m.group("credit").split())]
    for m in matches:
        content, credit = m.group("content"), m.group("credit").strip()
        if len(content.split()) < _CONTENT_MIN_WORDS:
            continue
        if content.rstrip()[-1:] in "\"\u201d":
            continue  # a quote's byline, read with the quote
        words = credit.split()
        if not _credit_words_name_a_source(words) or _has_verb(doc, m.start("credit"), m.end("credit")):
            continue
        start = m.start("content") + len(content) - len(content.lstrip())
        out.append(Credit(start, m.end("content"), "-", m.start("credit"),
                          m.start("credit") + len(credit)))
    return out


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in {"VERB", "AUX"} and t.tag_ != "VBN" for t in span)


def _paragraph_before(text: str, at: int) -> tuple[int, int] | None:
    """The paragraph that ends before offset ``at`` (skipping blank lines)."""
    end = text.rfind("\n", 0, at)
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    if end <= 0:
        return None
    start = text.rfind("\n", 0, end) + 1
    return start, end


def source_lines(doc: Doc) -> list[Credit]:
    """"Source: X" on a line of its own credits the paragraph before it."""
    text = doc_text(doc)
    out: list[Credit] = []
    for m in _SOURCE_LINE.finditer(text):
        words = m.group("credit").split()
        if not _credit_words_name_a_source(words):
            continue
        para = _paragraph_before(text, m.start())
        if para is None:
            continue
        out.append(Credit(para[0], para[1], "source:", m.start("credit"), m.end("credit")))
        quoted = quoted_paragraphs_after(text, m.end())
        if quoted is not None:
            out.append(Credit(quoted[0], quoted[1], "source:", m.start("credit"), m.end("credit")))
    return out


_OPEN_QUOTES = "\"\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\"\u201d\u2019\u00bb"


def quoted_paragraphs_after(text: str, at: int) -> tuple[int, int] | None:
    """The run of paragraphs right after offset ``at`` that are quotes alone, with no frame: a "Source: X"
    line set above them says whose words they are."""
    pos = text.find("\n", at)
    start = end = None
    while pos != -1 and pos < len(text):
        nxt = text.find("\n", pos + 1)
        line_end = len(text) if nxt == -1 else nxt
        line = text[pos + 1:line_end].strip()
        if line:
            if not (line[0] in _OPEN_QUOTES and line.rstrip(".")[-1:] in _CLOSE_QUOTES):
                break
            first = pos + 1 + (len(text[pos + 1:line_end]) - len(text[pos + 1:line_end].lstrip()))
            start = first if start is None else start
            end = first + len(line)
        pos = nxt
    return (start, end) if start is not None and end is not None else None


def points_back(tok: Token) -> bool:
    """A cue whose object is "this"/"so": "X stated this on Telegram", "This was reported by X"."""
    return any(c.lower_ in _BACK_WORDS and c.dep_ in {"dobj", "nsubjpass", "advmod", "nsubj"} for c in tok.children)


def content_before(tok: Token) -> tuple[int, int] | None:
    """What a pointing-back cue refers to: the paragraph before its sentence, or the sentences before it."""
    doc = tok.doc
    text = doc_text(doc)
    sent = tok.sent
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    if text[line_start:sent.start_char].strip():
        return line_start, sent.start_char
    return _paragraph_before(text, sent.start_char)


def passive_agent(tok: Token) -> Token | None:
    """The agent of a passive cue: "was reported by the ministry" -> ministry."""
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    return next((c for c in agent.children if c.dep_ == "pobj"), None)


def document_issuer(tok: Token) -> Token | None:
    """Who issued the document a passive cue names: "This is stated in the message of the ministry" -> ministry."""
    if not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "on"}:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lower_ not in DOC_NOUNS:
                continue
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "from", "by"}), None)
            if of is not None:
                return next((c for c in of.children if c.dep_ == "pobj"), None)
    return None


def as_reported(tok: Token) -> tuple[int, int, Token] | None:
    """"As X reported, <clause>": the clause (content) and X's head token."""
    if SPEECH_VERBS.get(tok.lower_) is None or tok.dep_ != "advcl":
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return None
    subj = next((c for c in tok.children if c.dep_ in {"nsubj"} and c.i < tok.i), None)
    if subj is None:
        return None
    sent = tok.sent
    after = tok.right_edge.i + 1
    if after >= sent.end or tok.right_edge.i < tok.i:
        return None
    doc = tok.doc
    k = after
    while k < sent.end and doc[k].is_punct:
        k += 1
    if k >= sent.end:
        return None
    return doc[k].idx, sent.end_char, subj
