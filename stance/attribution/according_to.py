"""Sieve ``according-to``: 'according to X' (or 'according to a report by X', 'per the
union's charter'), or a phrase that credits the words to someone ('in her words', 'by the
reckoning of X', 'His words, "..."', 'For her, ...'), in the quote's sentence, when no speech verb named a speaker."""
from __future__ import annotations

from .base import Article, Attribution, Target, opening
from .constants import CREDIT_NOUNS, CREDIT_PREPOSITIONS, SENTENCE_CONJUNCTIONS, VIEWPOINT_PREPOSITIONS
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
            owner = next((c for c in obj.children if c.dep_ == "poss"), None) if obj is not None else None
            if owner is not None and obj.lower_ not in art.lex.cue_nouns and not art.mention_like(obj):
                obj = owner  # "per the firm's slide deck": the firm
            if obj is not None and (obj.lower_ in art.lex.cue_nouns or art.mention_like(obj)):
                got = resolve(art, obj, tok, t, NAME)
                if got is not None:
                    return got
    return _credited(art, first, t) or _viewpoint(art, first, t)


def _credited(art: Article, first, t: Target) -> Attribution | None:
    """The holder of "in her words", "by his own account", "in the view of X" in the quote's
    sentence, or of "His words," right before the quote ("in other words", "by all accounts"
    credit no one)."""
    end = opening(art.text, t.span)
    end = len(art.text[:end].rstrip())
    lead = art.token_at(end - 1) if end else None
    while lead is not None and lead.i > 0 and (lead.is_punct or lead.is_space) and lead.i not in t.inside:
        lead = art.doc[lead.i - 1]
    leads = [lead] if lead is not None and lead.lower_ == "words" and lead.i not in t.inside else []
    for noun in leads + [tok for tok in art.sentence(first) if tok.lower_ in CREDIT_NOUNS and tok.i not in t.inside
                         and tok.dep_ == "pobj" and tok.head.lower_ in CREDIT_PREPOSITIONS]:
        holder = next((c for c in noun.children if c.dep_ == "poss"), None)
        if holder is None:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            holder = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if holder is not None and (holder.tag_ in ("PRP", "PRP$") or art.mention_like(holder)):
            got = resolve(art, holder, noun, t, NAME)
            if got is not None:
                return got
    return None


def _viewpoint(art: Article, first, t: Target) -> Attribution | None:
    """'For her, the new rules are "a gift to landlords."': a sentence opened by "for" or "to" and a
    person or body (a pronoun or a name) set off by a comma gives that one's view, so the quote in
    it is their words ("For years, ..." names no one)."""
    opener = next((tok for tok in art.sentence(first) if not (tok.is_space or tok.is_punct or tok.lower_ in SENTENCE_CONJUNCTIONS)),
                  None)
    if opener is None or opener.lower_ not in VIEWPOINT_PREPOSITIONS or opener.i in t.inside or opener.dep_ != "prep" \
            or opener.head.dep_ != "ROOT":
        return None
    obj = next((c for c in opener.children if c.dep_ == "pobj"), None)
    after = obj.right_edge.i + 1 if obj is not None else len(art.doc)
    if after >= len(art.doc) or art.doc[after].text != "," or not (obj.tag_ == "PRP" or art.mention_like(obj)):
        return None
    got = resolve(art, obj, opener, t, NAME)
    return got if got is not None and got.speaker_type in ("person", "organisation") else None


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
