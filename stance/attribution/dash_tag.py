"""Sieve ``dash-tag``: '“...” ― Lina Haddad': a name after a dash right behind the
closing mark, or opening the line below it, signs the quote (reader quotes, pull quotes,
epigraphs)."""
from __future__ import annotations

import re

from .base import Article, Attribution, Target
from .constants import CONFIDENCE, DASH_NAME_MAX_WORDS
from .resolve import resolve

NAME = "dash-tag"
_DASH = re.compile(r"[^\S\n]*(?:[―—–]|--|-(?=[^\S\n]))[^\S\n]*")
_CLOSING_BEFORE_DASH = re.compile(r"[”\"»](?=" + _DASH.pattern + r"\w)")


def dash_tag(art: Article, t: Target, done: list) -> Attribution | None:
    span = t.span
    if span.closed:
        after = span.end + len(span.close_mark)
    else:  # a closing mark glued to the dash ('...shame.”―Name') left the quote open
        marks = list(_CLOSING_BEFORE_DASH.finditer(art.text, span.start, span.para_end))
        if not marks:
            return None
        after = marks[-1].end()
    end = span.para_end
    if after == span.para_end and art.text.startswith("\n", after) and not art.text.startswith("\n\n", after):
        # an epigraph signed on the line below: '"..."\n— Sen. X, in a debate'
        after += 1
        end = art.text.find("\n", after)
        end = len(art.text) if end < 0 else end
    dash = _DASH.match(art.text, after, end)
    if dash is None:
        return None
    first = art.token_at(dash.end())
    if first is None or first.idx != dash.end() or not first.text[:1].isupper():
        return None
    signed = _signature(art, first, end)
    mention = art.ents.mention_at(first)
    if mention is not None and (signed is None or mention.end >= signed.mention_end):
        return resolve(art, first, first, t, NAME) or signed
    return signed


def _signature(art: Article, first, end: int) -> Attribution | None:
    """Capitalised words up to the line's end (or a full stop): a name the
    entity finder did not register (the tagger often misreads bare name lines)."""
    words = []
    for tok in art.doc[first.i:first.i + DASH_NAME_MAX_WORDS + 1]:
        if tok.idx >= end or tok.text in (".", ",", "\n") or tok.is_space:
            break
        if not (tok.text[:1].isupper() or tok.text in ("-", "'", "’")):
            return None
        words.append(tok)
    if not words or len(words) > DASH_NAME_MAX_WORDS:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    name = art.text[start:end]
    return Attribution(cue="", speaker=name, mention=name, mention_start=start, mention_end=end,
                       speaker_type="person", sieve=NAME, resolution="name", confidence=CONFIDENCE["name"])
