"""Sieve ``headline-place``: a heading that makes a country or capital the speaker
('Moscow warns of "direct conflict"') stands for the first person or body of that
country the story quotes below (the foreign ministry's spokeswoman, the minister):
a heading speaks of a country for short, the story says who spoke. Applied after the
ordered sieves, since it reads the other quotes' final answers."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target
from .constants import CONFIDENCE_HEADING
from .headline_echo import story_answers

NAME = "headline-place"


def headline_place(art: Article, t: Target, done: list) -> Attribution | None:
    own = done[t.n]
    if not t.heading or own is None or not own.speaker:
        return None
    country = art.lex.places.get(own.speaker.lower())
    if not country:
        return None
    for _, got in story_answers(art, t, done):
        if not art.lex.places.get(got.speaker.lower()) and country in _countries(art, got.speaker):
            return replace(got, sieve=NAME, confidence=min(got.confidence, CONFIDENCE_HEADING))
    return None


def _countries(art: Article, speaker: str) -> set[str]:
    """The countries a speaker's name and what the article says of them point to."""
    words = set(speaker.lower().replace("’s", " ").replace("'s", " ").split())
    if NAME not in art.memo:  # what the article says of each name, gathered once: not every entity per quote
        described: dict[str, set[str]] = {}
        for ent in art.ents.items:
            described.setdefault(ent.name, set()).update(ent.descriptors)
        art.memo[NAME] = described
    words |= art.memo[NAME].get(speaker, set())
    return {art.lex.nationality(w) for w in words} - {""}
