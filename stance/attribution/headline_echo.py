"""Sieve ``headline-echo``: a quote in a heading whose words the story quotes again below
is the words of whoever says them there ('Moscow warns of "direct conflict"' over
'"... a direct conflict," Maria Petrova said'). Headings name the country or body for
short; the story names the speaker. It reads the other quotes' final answers, so the
runner applies it after the ordered sieves, and it overrides a heading's own subject."""
from __future__ import annotations

import re
from dataclasses import replace

from .base import Article, Attribution, Target
from .constants import CONFIDENCE_HEADING, ECHO_MAX_QUOTES
from .kinds import is_heading

NAME = "headline-echo"
_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """Lower-case words joined by single spaces, with a space either side, for whole-word matching."""
    return " " + " ".join(_WORD.findall(text.lower().replace("’", "'"))) + " "


def headline_echo(art: Article, t: Target, done: list) -> Attribution | None:
    if not t.heading:
        return None
    wanted = words(art.text[t.span.start:t.span.end])
    if not wanted.strip():
        return None
    for k, got in story_answers(art, t, done):
        if wanted in words(art.text[art.spans[k].start:art.spans[k].end]):
            return replace(got, sieve=NAME, confidence=min(got.confidence, CONFIDENCE_HEADING))
    return None


def story_answers(art: Article, t: Target, done: list):
    """(index, attribution) of the quotes after a heading, within reach, that are speech outside
    any heading and have a speaker: what the story below says of who spoke."""
    for k in range(t.n + 1, min(len(art.spans), t.n + 1 + ECHO_MAX_QUOTES)):
        other, got = art.spans[k], done[k]
        if got is None or not got.speaker or k in art.terms or other.para_start == t.span.para_start \
                or is_heading(art.text, other):
            continue
        yield k, got
