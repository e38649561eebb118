"""Sieve ``quoted-predicate``: 'Farouk "stressed that ..."': the quote is the predicate,
its subject outside the marks is the speaker."""
from __future__ import annotations

from ..nlp import coarse
from .base import Article, Attribution, Target
from .cue_verb import quote_roots
from .resolve import resolve

NAME = "quoted-predicate"


def quoted_predicate(art: Article, t: Target, done: list) -> Attribution | None:
    for root in quote_roots(art, t):
        subject = art.own_subject(root, t.inside)
        if subject is not None and coarse(root) == "VERB" and root.lower_ in art.lex.speech_verbs:
            got = resolve(art, subject, root, t, NAME)
            if got is not None:
                return got
    return None
