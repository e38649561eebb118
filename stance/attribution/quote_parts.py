"""Sieve ``quote-parts``: an untagged part of a quotation that runs over several
paragraphs takes the speaker of a later part ('‘...\n‘..., ’ said X'), as a
later part takes the speaker of an earlier one by ``continuation``."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target
from .constants import CONFIDENCE_CONTINUATION

NAME = "quote-parts"


def quote_parts(art: Article, t: Target, done: list) -> Attribution | None:
    span = t.span
    for later, other in zip(art.spans[t.n + 1:], done[t.n + 1:]):
        if later.part_of != span.part_of:
            return None
        if other is not None and other.speaker:
            return replace(other, sieve=NAME, confidence=min(other.confidence, CONFIDENCE_CONTINUATION))
    return None
