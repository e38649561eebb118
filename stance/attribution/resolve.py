"""The second step: a speaker mention (a token a sieve found) resolved to a speaker.

`resolution` says how: ``name`` (the mention is a name, or a surname of one),
``pronoun`` and ``nominal`` ("he", "the Iraqi minister": an entity met earlier),
``office`` ("X's office": the office speaks for X), ``statement`` ("a statement
from X", "the statement said": whoever issued it), ``description`` (an unnamed
source described by the text: "a senior official", "participants").
"""
from __future__ import annotations

from ..nlp import coarse, noun_chunks
from .base import Article, Attribution, Target
from .constants import (CONFIDENCE, CONFIDENCE_COLLECTIVE, CONFIDENCE_DESCRIPTION, DESCRIPTION_MAX_WORDS,
                        EARLIER_STATEMENT_TOKENS, INDEFINITE_PRONOUNS, SOURCE_PREPOSITIONS)


def resolve(art: Article, subject, cue, t: Target, sieve: str, via: str = "") -> Attribution | None:
    """The speaker a mention token refers to (names, pronouns, descriptions, offices,
    joint subjects), or None when the token points to no one."""
    # "X's office said", "a statement from X's office": the office speaks for X
    if subject.lower_ in ("office", "statement"):
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is not None:
            got = resolve(art, owner, cue, t, sieve, "office" if subject.lower_ == "office" else "statement")
            if got is not None:
                return got
        if subject.lower_ == "statement":
            obj = source_of(subject)
            if obj is not None:
                return resolve(art, obj, cue, t, sieve, "statement")
            if any(c.lower_ == "the" for c in subject.children):
                return earlier_statement(art, subject, cue, t, sieve)
    # "Two Gulf states, Qatar and Kuwait, said": the names in apposition speak
    named = next((c for c in subject.children if c.dep_ == "appos" and coarse(c) == "PROPN"), None)
    if subject.tag_ == "NNS" and named is not None:
        subject = named
    conjuncts = [subject] + [c for c in subject.conjuncts if c.i not in t.inside]
    names, kinds, how = [], [], ""
    for tok in conjuncts:
        ent_idx, how_one = art.ents.resolve(tok)
        if ent_idx is None:
            continue
        ent = art.ents.items[ent_idx]
        if ent.name not in names:
            names.append(ent.name)
            kinds.append(ent.kind)
        how = how or how_one
    if not names and subject.lower_ in art.lex.role_nouns and subject.tag_ == "NNS":
        names, kinds, how = _plural_description(art, subject)
    if not names:
        return unnamed(art, subject, cue, t, sieve, via)
    mention = art.ents.mention_at(subject)
    m_start, m_end = (mention.start, mention.end) if mention else (subject.idx, subject.idx + len(subject.text))
    if how == "nominal" and mention is None:
        chunk = next((c for c in noun_chunks(art.doc) if c.root.i == subject.i), None)
        if chunk is not None:
            m_start, m_end = chunk.start_char, chunk.end_char
    speaker_type = "group" if len(names) > 1 else ("anonymous" if kinds[0] == "anonymous" else kinds[0])
    return Attribution(
        cue=cue.text, speaker=" and ".join(names), mention=art.text[m_start:m_end], mention_start=m_start,
        mention_end=m_end, speaker_type=speaker_type, sieve=sieve, resolution=via or how,
        confidence=CONFIDENCE.get(how, CONFIDENCE_DESCRIPTION),
    )


def source_of(noun):
    """The object of "from/by/of" under a cue noun: X in "a statement from X"."""
    src = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in SOURCE_PREPOSITIONS), None)
    return next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None


def earlier_statement(art: Article, subject, cue, t: Target, sieve: str) -> Attribution | None:
    """'The statement said': whoever issued the last statement mentioned before."""
    for tok in reversed(art.doc[max(0, subject.i - EARLIER_STATEMENT_TOKENS):subject.i]):
        if tok.lower_ != "statement" or art.ents.inside_quote(tok.idx):
            continue
        for sub in tok.subtree:
            if sub.dep_ == "pobj" and sub.head.lower_ in ("by", "from") and sub.i not in t.inside:
                return resolve(art, sub, cue, t, sieve, "statement")
        if coarse(tok.head) == "VERB":  # "X said in a statement"
            owner = art.own_subject(tok.head.head if tok.dep_ == "pobj" else tok.head, t.inside)
            if owner is not None:
                return resolve(art, owner, cue, t, sieve, "statement")
    return None


def unnamed(art: Article, subject, cue, t: Target, sieve: str, via: str = "") -> Attribution | None:
    """A speaker the article describes but never names ("the French foreign minister",
    "a spokesman for the Karen National Union", "UNICEF"): the description is the speaker."""
    lex = art.lex
    role = lex.role_nouns.get(subject.lower_)
    proper = (subject.tag_ in ("NNP", "NNPS") or (subject.text[:1].isupper() and subject.tag_ == "NN")) \
        and subject.lower_ not in lex.not_names and subject.lower_ not in INDEFINITE_PRONOUNS
    if (role is None and not proper) or subject.lower_ in lex.cue_nouns:
        return None
    words = art.ents.description(subject, t.inside)
    if not words or len(words) > DESCRIPTION_MAX_WORDS:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    phrase = art.text[start:end]
    indefinite = words[0].lower_ in ("a", "an")
    kind = "organisation" if role == "organisation" or (role is None and proper) else (
        "anonymous" if indefinite else "person")
    return Attribution(cue=cue.text, speaker=_without_article(phrase), mention=phrase, mention_start=start,
                       mention_end=end, speaker_type=kind, sieve=sieve,
                       resolution=via or ("name" if proper else "description"), confidence=CONFIDENCE_DESCRIPTION)


def collective(art: Article, subject, cue, sieve: str) -> Attribution:
    """An unnamed plural subject ("participants agreed on ..."): the noun phrase speaks."""
    chunk = next((c for c in noun_chunks(art.doc) if c.root.i == subject.i), None)
    start, end = (chunk.start_char, chunk.end_char) if chunk is not None else (subject.idx, subject.idx + len(subject.text))
    words = art.text[start:end]
    return Attribution(cue=cue.text, speaker=_without_article(words), mention=words, mention_start=start,
                       mention_end=end, speaker_type="group", sieve=sieve, resolution="description",
                       confidence=CONFIDENCE_COLLECTIVE)


def _plural_description(art: Article, subject) -> tuple[list[str], list[str], str]:
    """'the two ministers stressed': the last persons described by that noun."""
    singular = subject.lower_[:-1]
    picked: list[str] = []
    for ent in sorted((e for e in art.ents.items if e.kind == "person" and any(m < subject.idx for m in e.mentions)),
                      key=lambda e: -max(m for m in e.mentions if m < subject.idx)):
        if singular in ent.descriptors:
            picked.append(ent.name)
        if len(picked) == 2:
            break
    return picked[::-1], ["person"] * len(picked), "nominal" if picked else ""


def _without_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase
