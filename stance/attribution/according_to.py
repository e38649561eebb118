"""Sieve ``according-to``: 'according to X' (or 'according to a report by X', 'per the
union's charter') in the quote's sentence, when no speech verb named a speaker."""
from __future__ import annotations

from .base import Article, Attribution, Target
from .resolve import resolve, source_of

NAME = "according-to"


def according_to(art: Article, t: Target, done: list) -> Attribution | None:
    first = art.token_at(t.span.start)
    if first is None or not t.inside:
        return None
    for tok in art.words_in(art.sentence(first), ("according", "per")):
        if tok.lower_ == "according" and tok.i not in t.inside:
            got = according_obj(art, tok, t)
            if got is not None:
                return got
        if tok.lower_ == "per" and tok.i not in t.inside and art.ents.mention_at(tok) is None:
            # "per the union's charter"; not the given name of "said Per Hole", a name's first word
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.lower_ in art.lex.cue_nouns or art.mention_like(obj)):
                got = resolve(art, obj, tok, t, NAME)
                if got is not None:
                    return got
    return None


def according_obj(art: Article, according, t: Target) -> Attribution | None:
    """The speaker named by the object of 'according to'."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None:
        return None
    if obj.lower_ in art.lex.cue_nouns:
        inner = source_of(obj)
        if inner is not None:
            return resolve(art, inner, according, t, NAME, "statement")
    return resolve(art, obj, according, t, NAME)
