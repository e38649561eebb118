"""Statement and document sources: 'read a statement from X's office', 'a report by X said'.

Not a sieve of its own: the speech-verb sieves ask it when the verb's subject
names no one, since the speaker then sits in the verb's object.
"""
from __future__ import annotations

from .base import Article, Attribution, Target
from .resolve import resolve, source_of


def statement_source(art: Article, verb, t: Target, sieve: str) -> Attribution | None:
    """The issuer of a statement, report or letter that is the object of a speech verb."""
    for child in verb.children:
        if child.i in t.inside or child.lower_ not in art.lex.cue_nouns:
            continue
        obj = source_of(child)
        if obj is not None:
            return resolve(art, obj, verb, t, sieve, "statement")
    return None
