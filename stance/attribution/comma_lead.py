"""Sieve ``comma-lead``: 'Trump boasted, “...”', '..., saying, “...”': a speech verb right
before the comma that opens the quote, when the parse hung the quote elsewhere (long
sentences, asides in dashes) and the cue-verb sieve found no tag."""
from __future__ import annotations

from dataclasses import replace

from .base import Article, Attribution, Target, opening
from .cue_verb import speaker_of

NAME = "comma-lead"


def comma_lead(art: Article, t: Target, done: list) -> Attribution | None:
    span = t.span
    lead = art.text[:opening(art.text, span)].rstrip()
    if not lead.endswith(",") or len(lead) <= span.para_start:
        return None
    comma = art.token_at(len(lead) - 1)
    if comma is None or comma.i == 0:
        return None
    verb = art.doc[comma.i - 1]
    if not art.is_cue(verb) or verb.lower_ == "according" or art.sentence(verb).start != art.sentence(comma).start:
        return None
    got = speaker_of(art, verb, t, NAME)
    return replace(got, sieve=NAME) if got is not None else None
