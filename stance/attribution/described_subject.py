"""Sieve ``described-subject``, the last resort of the ordered sieves: a quote no rule attributed
whose speech verb has a common noun for a subject that nothing resolved (“the harbour pilot in Tromso
said”, “the brigade said”, a document no issuer is named for) is the words of what that noun
phrase describes, as the text gives it: someone the article points to is better than no one."""
from __future__ import annotations

from ..nlp import coarse
from .base import Article, Attribution, Target
from .constants import CONFIDENCE_COLLECTIVE, DESCRIPTION_MAX_WORDS, INDEFINITE_PRONOUNS, INVERTED_SUBJECT_DEPS
from .cue_verb import _attached_cues, _governing_cues, _subject_candidates, quote_roots

NAME = "described-subject"


def described_subject(art: Article, t: Target, done: list) -> Attribution | None:
    if not t.inside:
        return None
    verbs = [v for root in quote_roots(art, t) for v in _governing_cues(art, root, t.inside)]
    verbs += [v for i in sorted(t.inside) for v in _attached_cues(art, art.doc[i], t.inside) if art.adjacent(v, t.span)]
    for verb in sorted(dict.fromkeys(verbs), key=lambda v: art.distance(v, t.span)):
        if verb.lower_ == "according":
            continue
        subject = next(iter(_subject_candidates(art, verb, t.inside)), None) or _unparsed_subject(art, verb, t)
        if subject is None or (coarse(subject) != "NOUN" and subject.lower_ not in art.lex.cue_nouns
                               and not _part_of_body(art, subject)) or subject.lower_ in INDEFINITE_PRONOUNS:
            continue
        words = art.ents.description(subject, t.inside)
        if words and words[-1].tag_ == "POS":
            words = words[:-1]
        if not words or len(words) > DESCRIPTION_MAX_WORDS:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        phrase = art.text[start:end]
        speaker = phrase[4:] if phrase.lower().startswith("the ") else phrase
        return Attribution(cue=verb.text, speaker=speaker, mention=phrase, mention_start=start, mention_end=end,
                           speaker_type="unknown", sieve=NAME, resolution="description",
                           confidence=CONFIDENCE_COLLECTIVE)
    return None


def _part_of_body(art: Article, subject) -> bool:
    """'Local 1402 of the Transit Union, which ..., said': a capitalised word the tagger took for an
    adjective or a name, heading a unit "of" an organisation the text names."""
    if not subject.text[:1].isupper() or coarse(subject) not in ("ADJ", "PROPN"):
        return False
    for of in (c for c in subject.subtree if c.dep_ == "prep" and c.lower_ == "of"):
        named = next((art.ents.entity_at(o) for o in of.children if o.dep_ == "pobj"), None)
        if named is not None and named.kind == "organisation":
            return True
    return False


def _unparsed_subject(art: Article, verb, t: Target):
    """A subject the parse did not give the verb: an inverted one after it ('"...," said one
    longtime angler'), or a document word read as a modifier of it ("The ruling states" with
    "ruling" an adjective). None when there is neither."""
    doc = art.doc
    if t.inside and verb.i > max(t.inside) and not any(ch.isalnum() for ch in art.text[doc[max(t.inside)].idx + 1:verb.idx]):
        for right in verb.rights:
            if right.dep_ in INVERTED_SUBJECT_DEPS:
                return right
            # '"...," said one longtime angler reached by phone': the subject of a clause hung on the verb
            subject = next((c for c in right.children if c.dep_ == "nsubj"), None) if right.dep_ == "ccomp" else None
            if subject is not None and subject.left_edge.i == verb.i + 1:
                return subject
    left = doc[verb.i - 1] if verb.i > 0 else None
    if left is not None and left.i not in t.inside and left.head.i == verb.i and left.lower_ in art.lex.cue_nouns:
        return left
    return None
