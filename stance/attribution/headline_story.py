"""Sieve ``headline-story``: a quote in a heading that nothing in the heading attributes and
whose words the story does not quote again ('‘A long wait’ ends for ferry town',
a live blog's '‘Nobody told us’' over its entry) is the words of the first
speaker the story quotes below it: a heading sums up the lede or the entry it stands over.
Applied after headline-echo and headline-place, only to headings they left without a speaker."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target
from .constants import CONFIDENCE_CONTINUATION
from .headline_echo import story_answers

NAME = "headline-story"


def headline_story(art: Article, t: Target, done: list) -> Attribution | None:
    if not t.heading or done[t.n] is not None:
        return None
    for _, got in story_answers(art, t, done):
        return replace(got, sieve=NAME, confidence=min(got.confidence, CONFIDENCE_CONTINUATION))
    return None
