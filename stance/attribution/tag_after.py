"""Sieve ``tag-after``: '"...," Norway's foreign minister posted on X.' when the parse
misses the tag: the first speech verb after the quote in its sentence, with the
noun phrase between them (or, inverted, right after the verb) as the mention."""
from __future__ import annotations

from ..nlp import coarse
from .base import Article, Attribution, Target
from .constants import MISREAD_TAG_WORDS, SCARE_MAX_WORDS, TAG_AFTER_TOKENS
from .resolve import resolve

NAME = "tag-after"
_STOPS = (".", "?", "!", ";", "“", "”", '"', "‘", "’", "—", "–", "--")  # a dash opens an aside


def tag_after(art: Article, t: Target, done: list) -> Attribution | None:
    span = t.span
    if span.end + 1 >= span.para_end:
        return None  # the quote closes its paragraph
    closing = art.token_at(span.end)
    if closing is None:
        return None
    if art.text[span.start:span.end].rstrip().endswith(".") and not art.text[span.end + 1:span.para_end].lstrip()[:1].islower():
        # the quote closes its sentence ('“... no more.” he said': a slip, the tag follows)
        return _named_tag(art, closing, t)
    phrase = []
    for tok in art.doc[closing.i + 1:min(closing.i + 1 + TAG_AFTER_TOKENS, len(art.doc))]:
        if (tok.i in t.inside or tok.idx >= span.para_end or "\n" in tok.text
                or tok.idx > span.end + 1 and tok.text in _STOPS and not _abbreviation(art, tok)):
            return None
        if _misread_cue(art, tok, phrase):  # '"...," the ruling states.' read as one noun phrase
            return resolve(art, phrase[-1], tok, t, NAME)
        if art.is_cue(tok) and tok.lower_ != "according":
            ids = {p.i for p in phrase}
            heads = [p for p in phrase if coarse(p) in ("NOUN", "PROPN", "PRON") and (p.head.i not in ids or p.head.i == p.i)]
            if not heads and phrase and art.ents.mention_at(phrase[-1]) is not None:
                heads = [phrase[-1]]  # the parse tied the phrase elsewhere: the name right before the verb
            if not heads and not any(p.is_alpha for p in phrase):  # inverted: '..., admitted the interior minister'
                heads = [c for c in tok.children if c.dep_ in ("nsubj", "dobj", "attr") and c.i > tok.i]
            for head in heads:
                got = resolve(art, head, tok, t, NAME)
                if got is not None:
                    return got
            return None
        phrase.append(tok)
    return None


def _named_tag(art: Article, closing, t: Target) -> Attribution | None:
    """'“... no more.” Reyes told reporters in Oslo.': a sentence after the quote that opens with a
    person's name and a speech verb reporting no words of its own (no clause, no colon) is the
    quote's tag, cut off by a full stop the writer meant as a comma."""
    doc = art.doc
    k = closing.i + 1
    if len(art.text[t.span.start:t.span.end].split()) <= SCARE_MAX_WORDS:
        return None  # ('... the nickname "Iron Karim." Haddad called him ...': a short quote there is a term)
    mention = art.ents.mention_at(doc[k]) if k < len(doc) else None
    if mention is None or mention.entity is None or art.ents.items[mention.entity].kind != "person":
        return None
    while k < len(doc) and doc[k].idx < mention.end:
        k += 1
    if k >= len(doc) or not art.is_cue(doc[k]) or doc[k].lower_ == "according" or doc[k + 1:k + 2].text == ":" \
            or any(c.dep_ in ("ccomp", "xcomp", "dobj") and coarse(c) in ("VERB", "AUX") for c in doc[k].children):
        return None
    return resolve(art, doc[k - 1], doc[k], t, NAME)


def _abbreviation(art: Article, stop) -> bool:
    """'"...," Col. Ana Reyes told ...': the full stop of a title's abbreviation before a name
    (a title the lexicon knows, or any capitalised word of up to three letters) ends no sentence."""
    doc = art.doc
    if stop.text != "." or stop.i == 0 or stop.i + 1 >= len(doc) or stop.idx != doc[stop.i - 1].idx + len(doc[stop.i - 1]):
        return False
    word, nxt = doc[stop.i - 1], doc[stop.i + 1]
    return word.text[:1].isupper() and nxt.text[:1].isupper() and (word.lower_ in art.lex.titles or len(word.text) <= 3)


def _misread_cue(art: Article, tok, phrase: list) -> bool:
    """'"...," the ruling states.': the parser reads "the ruling states" as a noun phrase (a
    plural "states" after an adjective "ruling"), or "the post read" as a compound. A speech
    verb's form that ends the tag, right after "the" and a document or role noun or a known name,
    is the tag's verb."""
    nxt = art.doc[tok.i + 1] if tok.i + 1 < len(art.doc) else None
    return (coarse(tok) == "NOUN" and tok.lower_ in art.lex.speech_verbs
            and nxt is not None and nxt.text in (".", ",", ";") and 2 <= len(phrase) <= MISREAD_TAG_WORDS
            and phrase[0].lower_ in ("the", "its", "his", "her", "their")
            and (phrase[-1].lower_ in art.lex.cue_nouns or phrase[-1].lower_ in art.lex.role_nouns
                 or art.ents.mention_at(phrase[-1]) is not None))
