"""Sieve ``continuation``: a quote with no tag of its own continues the previous quote
of its paragraph, a multi-paragraph quotation, or (when it opens its paragraph and
no one else is named in between) a quote of the previous paragraph."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target, opening
from .constants import CONFIDENCE_CONTINUATION, CONTINUATION_GAP, REPLY_CUES

NAME = "continuation"


def continuation(art: Article, t: Target, done: list) -> Attribution | None:
    k = t.n - 1
    while k >= 0 and k in art.terms and art.spans[k].para_start == t.span.para_start:
        k -= 1  # a title or nickname quoted in between is no one's turn ('X said on “Sunday Live.” “...”')
    if k < 0:
        return None
    span, prev_span, prev = t.span, art.spans[k], done[k]
    same_para = prev_span.para_start == span.para_start
    part = span.part_of == prev_span.part_of or span.part_of != span.start
    if not same_para and not part and art.text[prev_span.para_end:span.para_start].strip():
        return _tagged_ahead(art, t, done)  # a paragraph of narrative closed the turn before
    if prev is None or not prev.speaker:
        return None
    opens_para = opening(art.text, span) <= span.para_start + 1
    between = art.text[prev_span.end + 1:opening(art.text, span)]
    signed = prev.sieve == "dash-tag"  # a signature closes its speaker's turn
    if same_para or part or (opens_para and not signed and len(between) < CONTINUATION_GAP
                             and not art.names_someone_else(prev_span.end, span.start, prev.speaker)):
        if not same_para and not part:
            prev = _exchange(art, t, k, done) or prev
        return replace(prev, sieve=NAME, confidence=min(prev.confidence, CONFIDENCE_CONTINUATION))
    return None


def _tagged_ahead(art: Article, t: Target, done: list) -> Attribution | None:
    """'"...," X told the board. / The speakers who followed were nearly unanimous. / "..." / "...,"
    said Y.': untagged quote paragraphs after a paragraph of narrative do not continue the speaker
    before it; they open a run that the first tagged quote after them closes, when that quote opens
    its paragraph, its tag follows it in the paragraph, and only quote paragraphs lie in between.
    None when no such quote closes the run."""
    if opening(art.text, t.span) > t.span.para_start + 1:
        return None  # the quote must open its paragraph
    m, last = t.n + 1, t.span
    while m < len(art.spans):
        span = art.spans[m]
        if span.para_start != last.para_start:
            if opening(art.text, span) > span.para_start + 1 or art.text[last.para_end:span.para_start].strip():
                return None  # narrative again before a tag closed the run
            found = done[m]
            if found is not None and found.speaker:
                tag_after = found.sieve == "cue-verb" and found.mention_start is not None \
                    and span.end <= found.mention_start < span.para_end
                return replace(found, sieve=NAME, confidence=min(found.confidence, CONFIDENCE_CONTINUATION)) \
                    if tag_after else None
        elif done[m] is not None and done[m].speaker:
            return None  # the run's own paragraph holds a tagged quote of someone's
        last, m = span, m + 1
    return None


def _exchange(art: Article, t: Target, k: int, done: list) -> Attribution | None:
    """'"Who signed it?" the prosecutor asked. / "I did not," the defendant replied. / "Then who?"':
    in a run of quote paragraphs where two speakers take turns, question against answer, an untagged
    quote that asks (or answers) as the quote two turns back did is that speaker's. A turn tagged as
    a reply ('"...," Y shot back. / "Then what?"') hands the next untagged turn back to the speaker
    before, question or not. None when the paragraphs are no such exchange."""
    first = _first_of_paragraph(art, k)  # the first quote of the previous paragraph
    j = first - 1  # the last quote of the paragraph before it
    if j < 0 or done[j] is None or not done[j].speaker or done[j].speaker == done[k].speaker:
        return None
    turns = (art.spans[_first_of_paragraph(art, j)], art.spans[first], t.span)
    if any(opening(art.text, s) > s.para_start + 1 for s in turns) or art.text[art.spans[j].para_end:art.spans[first].para_start].strip():
        return None  # each turn opens its paragraph, and the two before are adjacent
    asks = [_asks(art, n) for n in (j, k, _last_of_paragraph(art, t.n))]
    if not asks[0] and done[k].sieve != NAME and done[k].cue.lower() in REPLY_CUES:
        return done[j]  # a retort to a claim, not an answer to a question
    if done[k].sieve == NAME and _handed_back(art, j, k, done):
        return done[j]  # the turn before was itself handed back: the exchange goes on
    return done[j] if asks[0] != asks[1] and asks[2] == asks[0] else None


def _handed_back(art: Article, j: int, k: int, done: list) -> bool:
    """Whether untagged turn `k` went back to the speaker of the paragraph before `j`'s (A, B, A)."""
    i = _first_of_paragraph(art, j) - 1
    return i >= 0 and done[i] is not None and done[i].speaker == done[k].speaker \
        and not art.text[art.spans[i].para_end:art.spans[_first_of_paragraph(art, j)].para_start].strip()


def _first_of_paragraph(art: Article, n: int) -> int:
    while n > 0 and art.spans[n - 1].para_start == art.spans[n].para_start:
        n -= 1
    return n


def _last_of_paragraph(art: Article, n: int) -> int:
    while n + 1 < len(art.spans) and art.spans[n + 1].para_start == art.spans[n].para_start:
        n += 1
    return n


def _asks(art: Article, n: int) -> bool:
    return art.text[art.spans[n].start:art.spans[n].end].rstrip().endswith("?")

