"""Sieve ``turn-label``: a transcript turn led by its speaker's label, inside the
quote ('“HADDAD: Well, the question is ...”') or opening the paragraph before it
('REYES: “No. The pumps are old.”', a broadcast's '[CLIP — REYES, in Spanish]: ...', a committee
record's 'ANA REYES (Leeds, Labour): ...' or 'Ana Reyes (Labour): ...', a broadcast's 'ANA REYES,
PORT DIRECTOR (sound bite): ...' or 'CLIP (Ana Reyes, port director): ...'): the label names the speaker, resolved to the article's full name for that
surname when there is one (a person the text names, or an earlier label's full name)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..names import same_token, surname_and_given
from .base import Article, Attribution, Target, opening
from .constants import (ACRONYM_MAX_LETTERS, BROADCAST_LABELS, CONFIDENCE, CONFIDENCE_DESCRIPTION, QUESTION_LABEL_CHARS,
                        READING_VERBS, TURN_LEAD_TOKENS)

NAME = "turn-label"
FIRST_PERSON_NAME = "turn-first-person"
# Capitals, accented ones too ('PETROVIĆ', 'ŠKODA'): Latin-1 and Latin Extended-A/B.
_CAPS = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
_NAME = rf"((?:[{_CAPS}][{_CAPS}.'’-]*\s){{0,3}}[{_CAPS}][{_CAPS}.'’-]+)"
_LABEL = re.compile(rf"{_NAME}:\s")
# 'REYES:', and a broadcast's '[CLIP — REYES]:', '[CLIP — ANA REYES, in Spanish, voiced by interpreter]:' or
# 'ANA REYES, PORT DIRECTOR (sound bite):' (the name, then who they are after a comma), or a committee
# record's 'ANA REYES (Leeds, Labour):'
_LEAD = re.compile(rf"(?:\[[{_CAPS} ]+\s*[—–-]\s*{_NAME}(?:,[^\n\[\]]{{1,80}})?\]"
                   rf"|{_NAME}(?:,[^\n:()\[\]]{{1,80}})?(?:\s*\([^()\n]{{1,60}}\))?):\s*$")
# a record's 'Ana Reyes (Labour):' at the paragraph's start: a name in Title Case needs its bracket
_TITLED = re.compile(rf"((?:[{_CAPS}][^\W\d_]*(?:['’-][{_CAPS}]?[^\W\d_]+)*\s){{1,3}}[{_CAPS}][^\W\d_]*(?:['’-][{_CAPS}]?[^\W\d_]+)*)"
                     rf"\s*\([^()\n]{{1,60}}\):\s*$")
# the name in a broadcast label's bracket ('CLIP (Ana Reyes, port director):', 'ANCHOR (ANA REYES):'): two to
# five words up to a comma or the bracket's end, capitalised but for particles ('Pieter de Wolf')
_WORD = rf"[{_CAPS}][^\W\d_]*(?:['’.-][{_CAPS}]?[^\W\d_]*)*"
# a transcript's unnamed question: 'Q: "..."', 'QUESTION: "..."' opening the paragraph
_QUESTION = re.compile(r"(Q|QUESTION)\s*:\s*")
# a broadcast clip's label alone on the paragraph above its quotes: '[CLIP — Captain Ana Reyes, Oslo]'
_CLIP_PARAGRAPH = re.compile(rf"\[\s*(?i:{'|'.join(sorted(BROADCAST_LABELS))})\s*[—–-]\s*({_WORD}(?:\s{_WORD}){{0,4}})(?:,[^\]\n]*)?\]\s*$")
_BRACKETED = re.compile(rf"\(\s*({_WORD}(?:\s(?:[a-z]{{1,3}}\s){{0,2}}{_WORD}){{1,3}})\s*[,)]")


def turn_label(art: Article, t: Target, done: list) -> Attribution | None:
    label = _LABEL.match(art.text, t.span.start, t.span.end)
    if label is None:
        question = _QUESTION.fullmatch(art.text, t.span.para_start, opening(art.text, t.span))
        if question is not None:
            return _questioner(art, t, question)
        label = _LEAD.match(art.text, t.span.para_start, opening(art.text, t.span)) \
            or _TITLED.match(art.text, t.span.para_start, opening(art.text, t.span)) or _clip_above(art, t)
    if label is None or sum(c.isalpha() for c in _name(label)) < 2 or _name(label).lower() in art.lex.places:
        return None  # 'CAIRO: ...' is a dateline
    return _speaker(art, label, done)


def _clip_above(art: Article, t: Target):
    """'[CLIP — Captain Ana Reyes, Oslo]' as the whole paragraph right above a quote that opens its
    paragraph: the clip's speaker, named in Title Case. None otherwise."""
    if opening(art.text, t.span) > t.span.para_start + 1:
        return None
    paragraphs = art.paragraphs()
    k = bisect_right(paragraphs, t.span.para_start, key=lambda p: p[1])  # by bisection: linear in the quotes
    if k == 0 or art.text[paragraphs[k - 1][1]:t.span.para_start].strip():
        return None
    return _CLIP_PARAGRAPH.match(art.text, *paragraphs[k - 1])


def _questioner(art: Article, t: Target, label) -> Attribution:
    """'Q: "Why the delay?"' in a transcript: the one who asks, unnamed. Under an interview's lead
    ("An excerpt from an interview with X:") the interviewer; else (a briefing's or news
    conference's transcript) a reporter. The lead is the paragraph above the run of labelled turns."""
    lead = ""
    for start, end in reversed([p for p in art.paragraphs() if p[1] <= t.span.para_start]):
        if not (_QUESTION.match(art.text, start, min(end, start + QUESTION_LABEL_CHARS))
                or _LEAD.match(art.text, start, min(end, art.text.find(":", start, end) + 1 or start))
                or _TITLED.match(art.text, start, min(end, art.text.find(":", start, end) + 1 or start))):
            lead = art.text[start:end].lower()
            break
    speaker = "interviewer" if "interview" in lead else "a reporter"
    return Attribution(speaker=speaker, mention=label.group(1), mention_start=label.start(1), mention_end=label.end(1),
                       speaker_type="anonymous", sieve=NAME, resolution="description", confidence=CONFIDENCE_DESCRIPTION)


def turn_first_person(art: Article, t: Target, done: list) -> Attribution | None:
    """Sieve ``turn-first-person``: a quote inside a transcript turn that the turn's speaker says
    they said or wrote ('LIND: Yes. What I told the board was, "..."', 'REYES: My answer to
    them was "..."'): "I" or "my" before the quote in its sentence is the label's
    speaker. Only where no earlier sieve found a speaker (one the turn names keeps the quote)."""
    start = t.span.para_start
    colon = art.text.find(": ", start, t.span.start)
    if colon < 0 or not t.inside:
        return None
    label = _LEAD.match(art.text, start, colon + 1) or _TITLED.match(art.text, start, colon + 1)
    if label is None or sum(c.isalpha() for c in _name(label)) < 2 or _name(label).lower() in art.lex.places:
        return None
    first = art.doc[min(t.inside)]
    start = max(art.sentence(first).start, first.i - TURN_LEAD_TOKENS)  # a few words, not a whole long turn per quote
    if not any(_own_words(tok) and tok.idx > colon and not art.ents.inside_quote(tok.idx)
               for tok in art.doc[start:first.i]):
        return None
    return replace(_speaker(art, label, done), sieve=FIRST_PERSON_NAME)


def _own_words(tok) -> bool:
    """"I" as the subject of a verb other than one that reads out someone else's words ("I'll read
    this part out: '...'"), or "my" on a noun ("my advice was")."""
    if tok.text == "I":
        return tok.dep_ == "nsubj" and tok.head.lower_ not in READING_VERBS
    return tok.lower_ == "my" and tok.dep_ == "poss"


def _speaker(art: Article, label, done: list) -> Attribution:
    """The speaker a turn's label names."""
    label = _bracketed(art, label) or label
    words = _name(label).split()
    key = surname_and_given(words[-1])[0]
    known = next((e for e in art.ents.items if e.kind == "person" and e.tokens > 1 and same_token(e.key, key)), None)
    if known is not None:
        return _labelled(label, known.name, "person")
    labelled = next((a.speaker for a in done if a is not None and a.sieve == NAME and " " in a.speaker
                     and same_token(surname_and_given(a.speaker)[0], key)), None)
    if labelled is not None:  # 'ANA REYES, RESIDENT: ...' then 'REYES: ...'
        return _labelled(label, labelled, "person")
    if len(words) == 1:  # "WWF: “...”" after "the World Wetland Fund": an organisation's initials
        body = next((e for e in art.ents.items if e.tokens > 1 and _initials(e.name) == words[0]), None)
        if body is not None:
            return _labelled(label, body.name, "organisation")
        if len(words[0]) <= ACRONYM_MAX_LETTERS:
            return _labelled(label, words[0], "organisation")
    return _labelled(label, " ".join(w.capitalize() if w.isupper() else w for w in words), "person")


def _bracketed(art: Article, label):
    """'CLIP (Ana Reyes, port director):', 'PRESENTER (ANA REYES):': a broadcast's label word (a clip,
    a presenter, a caller) with a name in its bracket: the name is the speaker's label."""
    if _name(label).lower() not in BROADCAST_LABELS:
        return None
    return _BRACKETED.match(art.text, label.end(_group(label)) + (art.text[label.end(_group(label))] == " "),
                            label.end())


def _name(label) -> str:
    """The name a label matched (its first group that took part in the match)."""
    return label.group(_group(label))


def _group(label) -> int:
    return next(k for k in range(1, (label.re.groups or 0) + 1) if label.group(k) is not None)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _labelled(label, speaker: str, kind: str) -> Attribution:
    k = _group(label)
    return Attribution(speaker=speaker, mention=label.group(k), mention_start=label.start(k), mention_end=label.end(k),
                       speaker_type=kind, sieve=NAME, resolution="name", confidence=CONFIDENCE["name"])
