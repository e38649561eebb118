"""Sieve ``colon-lead``: 'Foreign Minister X said:' right before the quote, in its
paragraph or closing the paragraph before; 'Erdoğan: ...'; 'Abiy defended the role
of Ethiopia's neighbour:' (the subject of the lead's main verb; its owner when the subject is
no one: "X's warning deserves the last word:")."""
from __future__ import annotations

from dataclasses import replace

from ..mentions import POSSESSIVE_PRONOUNS
from ..nlp import coarse
from .base import Article, Attribution, Target, opening
from .constants import ANSWER_NOUNS, COLON_LEAD_BREAKS, TOPIC_PREPOSITIONS, WHERE_PREPOSITIONS
from .cue_verb import speaker_of
from .resolve import resolve

NAME = "colon-lead"


def colon_lead(art: Article, t: Target, done: list) -> Attribution | None:
    span = t.span
    lead = art.text[:opening(art.text, span)].rstrip()
    if not lead.endswith(":") or (len(lead) < span.para_start
                                  and art.text[len(lead):span.para_start].count("\n") > COLON_LEAD_BREAKS):
        return None
    colon = art.token_at(len(lead) - 1)
    if colon is None:
        return None
    verbs = sorted((tok for tok in art.sentence(colon) if tok.i < colon.i and art.is_cue(tok)), key=lambda tok: -tok.i)
    for verb in verbs:
        got = speaker_of(art, verb, t, NAME)
        if got is not None:
            return replace(got, sieve=NAME)
    named = name_before(art, colon, t, NAME) or _fragment_after_speech(art, colon, t)
    if named is not None:
        return named
    root = art.sentence(colon).root
    subject = art.own_subject(root, t.inside) if coarse(root) in ("VERB", "AUX") else None
    lead = colon.head  # 'Another, a retired nurse, was more cautious: "..."' parsed with a quoted root
    if subject is None and lead.i < colon.i and lead.i not in t.inside and coarse(lead) in ("VERB", "AUX"):
        subject = art.own_subject(lead, t.inside)
    named = art.ents.entity_at(root) if root.i < colon.i and coarse(root) == "PROPN" else None
    if subject is None and named is not None and named.kind == "person" and not art.turn_label(root):
        subject = root  # 'Y, a baker in Tromso: "..."': a lead with no verb names its speaker first
    if subject is None:
        # 'X, whose farm flooded, makes no secret of her anger: "..."': the parser hung the lead's
        # verb on the quote; its subject speaks
        hung = next((tok for tok in art.sentence(colon) if tok.i < colon.i and tok.head.i in t.inside
                     and coarse(tok) in ("VERB", "AUX")), None)
        subject = art.own_subject(hung, t.inside) if hung is not None else None
    if subject is not None and coarse(subject) == "NOUN" and not art.mention_like(subject):
        # "Her voice broke as she finished:", "X's warning deserves the last word:": the owner speaks
        subject = next((c for c in subject.children if c.dep_ == "poss"), subject)
    return resolve(art, subject, colon, t, NAME) if subject is not None else None


def _fragment_after_speech(art: Article, colon, t: Target) -> Attribution | None:
    """'X has just spoken to reporters. Key lines:': a lead with no verb of its own hands the
    floor to the speaker of the sentence before it, in its paragraph. None otherwise."""
    sentence = art.sentence(colon)
    if sentence.start == 0 or any(coarse(tok) in ("VERB", "AUX") for tok in art.doc[sentence.start:colon.i]):
        return None
    before = art.sentence(art.doc[sentence.start - 1])
    if before.start_char < art.text.rfind("\n", 0, colon.idx) + 1:
        return None
    for verb in reversed([tok for tok in before if art.is_cue(tok) and tok.lower_ != "according"]):
        got = speaker_of(art, verb, t, NAME)
        if got is not None:
            return replace(got, sieve=NAME)
    return None


def name_before(art: Article, colon, t: Target, sieve: str) -> Attribution | None:
    """The speaker named right before a colon, if the word there is a mention; in a heading, the
    name before "on" ('Reyes on the port strike: “...”')."""
    before = art.doc[colon.i - 1] if colon.i > 0 else None
    if t.heading:
        before = _name_on_topic(art, colon, t) or before
    if before is not None and before.lower_ in ANSWER_NOUNS:  # "Lund's reply:", "His answer:"
        before = next((c for c in before.children if c.dep_ == "poss"), None)
        if before is not None and before.lower_ in POSSESSIVE_PRONOUNS:
            return resolve(art, before, colon, t, sieve)
    if before is not None and coarse(before) == "PRON" and before.dep_ in ("dobj", "pobj", "dative"):
        # 'X delivered a speech against it:': what the lead speaks about or to does not speak; the
        # subject of the verb it hangs on does ('This is how the two envoys ended it:')
        verb = next((a for a in before.ancestors if coarse(a) in ("VERB", "AUX")), None)
        subject = art.own_subject(verb, t.inside) if verb is not None else None
        return resolve(art, subject, colon, t, sieve) if subject is not None and coarse(subject) != "PRON" else None
    if before is not None and coarse(before) == "NOUN" and (before.dep_ == "dobj" or before.dep_ == "pobj"
                                                            and before.head.lower_ in TOPIC_PREPOSITIONS):
        return None  # 'X has advice for other parents:', 'X had a warning about the bridge:'
    if before is not None and before.dep_ == "pobj" and _where(before):
        return None  # 'X went further in Oslo:', 'Y, a baker in Tromso:': where the lead is, not who speaks
    if before is None or not art.mention_like(before) or coarse(before) not in ("NOUN", "PROPN", "PRON"):
        return None  # ("X was less patient:" names no patient)
    return resolve(art, before, colon, t, sieve)


def _where(pobj) -> bool:
    """The lead closes on where it happened: a chain of prepositional phrases ('at a news conference
    on the steps of the Storting') with "in", "at", ... in it, and none that brings a source
    ("with", "from", "by": 'in an interview with X')."""
    preps, tok = [], pobj
    while tok.dep_ in ("pobj", "prep") and tok.head.i != tok.i:
        tok = tok.head
        if tok.dep_ == "prep":
            preps.append(tok.lower_)
    return any(p in WHERE_PREPOSITIONS for p in preps) and not any(p in ("with", "from", "by") for p in preps)


def _name_on_topic(art: Article, colon, t: Target):
    """'Reyes on the port strike:': a heading that opens with a name, then "on" and a topic."""
    first = art.token_at(t.span.para_start)
    if first is None:
        return None
    on = next((tok for tok in art.doc[first.i:colon.i] if tok.lower_ == "on"), None)
    if on is None or on.i == first.i or not all(coarse(tok) == "PROPN" for tok in art.doc[first.i:on.i]):
        return None
    name = art.doc[on.i - 1]
    return name if art.ents.mention_at(name) is not None else None
