"""Sieve ``heading-lead``: 'Ramaphosa: South Africa 'stands with' DRC': a heading led
by a name and a colon gives the speaker of a quote later in it."""
from __future__ import annotations

from .base import Article, Attribution, Target
from .colon_lead import name_before

NAME = "heading-lead"


def heading_lead(art: Article, t: Target, done: list) -> Attribution | None:
    if not t.heading:
        return None
    colon_at = art.text.rfind(":", t.span.para_start, t.span.start)
    colon = art.token_at(colon_at) if colon_at > t.span.para_start else None
    return name_before(art, colon, t, NAME) if colon is not None else None
