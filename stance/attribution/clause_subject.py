"""Sieve ``clause-subject``, a last resort: a quote in a sentence whose verbs are no speech verbs
('X likened the vote to “...”', 'X ordered the crews to see that “...”', 'X mocked “...”'), or a
quoted predicate whose verb is none ('X, in a letter, “wants ...”'), is
the words of the nearest subject above it, when that subject names a person or a body (a name, or a
pronoun for one; not a place, which the clause is about). The first verb above the quote with a subject of its own decides."""
from __future__ import annotations

from dataclasses import replace

from ..nlp import coarse
from .base import Article, Attribution, Target
from .constants import CLAUSE_SUBJECT_CLIMB, CONFIDENCE_COLLECTIVE
from .cue_verb import quote_roots
from .kinds import is_scare
from .resolve import resolve

NAME = "clause-subject"


def clause_subject(art: Article, t: Target, done: list) -> Attribution | None:
    if t.heading or not t.inside or is_scare(art.text, t.span):
        return None
    for root in quote_roots(art, t):
        tok = root
        for step in range(CLAUSE_SUBJECT_CLIMB):
            if step or coarse(tok) not in ("VERB", "AUX"):  # the quote's own verb first ('X, in a statement, “reiterates ...”')
                if tok.head.i == tok.i:
                    break
                tok = tok.head
            if tok.i in t.inside and step or coarse(tok) not in ("VERB", "AUX"):
                continue
            subject = art.own_subject(tok, t.inside)
            if subject is None:
                continue
            named = art.ents.entity_at(subject)
            if named is not None and named.place:
                break  # a place the clause is about ('Portugal will be “...”') says nothing
            got = resolve(art, subject, tok, t, NAME)
            if got is None or got.resolution not in ("name", "pronoun") or got.speaker_type not in ("person", "organisation"):
                break
            if coarse(subject) not in ("PROPN", "PRON") and not _holds_name(art, got):
                break  # a common noun must stand for someone named ('the chairman, X,'; 'X's statement')
            return replace(got, confidence=min(got.confidence, CONFIDENCE_COLLECTIVE))
    return None


def _holds_name(art: Article, got: Attribution) -> bool:
    """The mention found holds a proper noun (a phrase of common nouns alone, "Most of the crowd", names no one)."""
    if got.mention_start is None:
        return False
    span = art.doc.char_span(got.mention_start, got.mention_end, alignment_mode="expand")
    return span is not None and any(coarse(tok) == "PROPN" for tok in span)
