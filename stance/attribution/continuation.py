"""Sieve ``continuation``: a quote with no tag of its own continues the previous quote
of its paragraph, a multi-paragraph quotation, or (when it opens its paragraph and
no one else is named in between) a quote of the previous paragraph."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target
from .constants import CONFIDENCE_CONTINUATION, CONTINUATION_GAP

NAME = "continuation"


def continuation(art: Article, t: Target, done: list) -> Attribution | None:
    k = t.n - 1
    while k >= 0 and k in art.terms and art.spans[k].para_start == t.span.para_start:
        k -= 1  # a title or nickname quoted in between is no one's turn ('X said on “Sunday Live.” “...”')
    if k < 0:
        return None
    span, prev_span, prev = t.span, art.spans[k], done[k]
    if prev is None or not prev.speaker:
        return None
    same_para = prev_span.para_start == span.para_start
    opens_para = span.start - 1 <= span.para_start + 1
    part = span.part_of == prev_span.part_of or span.part_of != span.start
    between = art.text[prev_span.end + 1:span.start - 1]
    signed = prev.sieve == "dash-tag"  # a signature closes its speaker's turn
    if same_para or part or (opens_para and not signed and len(between) < CONTINUATION_GAP
                             and not art.names_someone_else(prev_span.end, span.start, prev.speaker)):
        return replace(prev, sieve=NAME, confidence=min(prev.confidence, CONFIDENCE_CONTINUATION))
    return None

