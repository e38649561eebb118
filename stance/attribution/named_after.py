"""Sieve ``named-after``: quote paragraphs followed by a paragraph that says whose words they
were ('That was Rosa Lind, a baker.', 'The verdict came from Lind, the coach.') are
that person's words: a writer who names the speaker only after the quotes (a quote paragraph
may open with a broadcast clip label that names no one). It replaces only what no one in
particular was given (nothing, a continuation, an unnamed description), so the runner applies
it after the ordered sieves."""
from __future__ import annotations

import re
from dataclasses import replace

from ..constants import CLOSE_ONLY, DOUBLE_MARKS, SINGLE_MARKS
from .base import Article, Attribution, Target
from .constants import CONFIDENCE_CONTINUATION, NAMED_AFTER_PARAGRAPHS
from .resolve import resolve

NAME = "named-after"
_OPENING_MARKS = (DOUBLE_MARKS | SINGLE_MARKS) - CLOSE_ONLY
_NEXT = re.compile(r"\S")
# 'That was X', 'Those were the words of X', 'The assessment came from X' (a transcript may label the turn)
_NAMED = re.compile(r"(?:[A-Z][A-Z .'’-]*: )?(?:(?:That|This|Those|These) (?:was|were|is|are)(?: the words of)? "
                    r"|The [a-z -]{1,40}? (?:came|comes) from )")

# a broadcast's clip label with no name before the quote ('[CLIP — resident, recorded Tuesday]: "..."')
_CLIP = re.compile(r"\[[^\]\n]{1,80}\]:\s*")


def named_after(art: Article, t: Target, done: list) -> Attribution | None:
    own = done[t.n]
    if t.heading or not (own is None or own.sieve == "continuation"
                         or (own.resolution == "description" and own.speaker_type == "anonymous")):
        return None
    text, start, end = art.text, t.span.para_start, t.span.para_end
    for _ in range(NAMED_AFTER_PARAGRAPHS + 1):  # the quote's paragraph, then those below it
        label = _CLIP.match(text, start, end)
        if text[label.end() if label else start] in _OPENING_MARKS:
            below = _NEXT.search(text, end)  # a paragraph of quotes: look further down
            if below is None:
                return None
            start = below.start()
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            continue
        match = _NAMED.match(text, start)
        token = art.token_at(match.end()) if match and start > t.span.para_start else None
        got = resolve(art, token, art.token_at(match.end() - 2), t, NAME) if token is not None and _person(art, token) else None
        return replace(got, confidence=min(got.confidence, CONFIDENCE_CONTINUATION)) if got is not None else None
    return None


def _person(art: Article, tok) -> bool:
    named = art.ents.entity_at(tok)
    return named is not None and named.kind == "person"
