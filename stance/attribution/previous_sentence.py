"""Sieve ``previous-sentence``: a quote that stands as a sentence of its own, with no
tag, after a sentence whose speech verb names a speaker ("..., Haddad said. “...”";
"X called him a master of compromise. “...”"), or whose subject is a named person ("X identified
fatigue as the reason. “...”", in the same paragraph or closing the paragraph above). A previous sentence
holding a quote is left to ``continuation``."""
from __future__ import annotations

from dataclasses import replace

from ..mentions import INDEFINITE_DETERMINERS
from .base import Article, Attribution, Target, opening
from .constants import CONFIDENCE_CONTINUATION, SIGNATURE_DASHES
from .cue_verb import speaker_of, tagged_by_someone_new
from .resolve import resolve

NAME = "previous-sentence"


def previous_sentence(art: Article, t: Target, done: list) -> Attribution | None:
    got = _previous_sentence(art, t)
    if got is None or (got.resolution == "description" and not _someone_described(got)) or tagged_by_someone_new(art, t):
        # 'Experts fear the row will drag on. / "..." / "...," said X': a description no one is named for
        # (a bare plural, "no injuries") is the sentence's topic, not the quote's speaker; and in
        # '"...," said a deckhand in Oslo' someone new speaks (``described-subject`` when nothing resolves them)
        return None
    return got


def _someone_described(got: Attribution) -> bool:
    """'A renter in Oslo, who has moved twice, saw it differently. “...”': one person the text
    brings in by a description ("a", "another", "one"), not a quantifier ("Not every voter was
    persuaded.") nor a group."""
    words = got.mention.split()
    return got.speaker_type == "anonymous" and bool(words) and words[0].lower() in INDEFINITE_DETERMINERS


def _previous_sentence(art: Article, t: Target) -> Attribution | None:
    span = t.span
    first = art.token_at(span.start)
    before = art.text[max(art.sentence(first).start_char, span.para_start):opening(art.text, span)].strip() if first is not None else ""
    if first is None or (before and before.lower().rstrip(",:") != "quote"):
        return None  # the quote does not open its sentence (a reader's "Quote," before it does not count)
    k = art.sentence(first).start - 1
    while k >= 0 and art.doc[k].is_space:
        k -= 1
    if k < 0 or art.text[art.doc[k].idx:span.start].count("\n") > 2:
        return None  # no sentence before, or it is paragraphs away
    previous = art.sentence(art.doc[k])
    if any(art.ents.inside_quote(tok.idx) for tok in previous):
        return None
    if t.n > 0 and previous.start_char > art.spans[t.n - 1].end and previous.start_char >= art.spans[t.n - 1].para_start \
            and not art.text[art.spans[t.n - 1].end:previous.start_char].strip(" ,\"'”’»") \
            and not previous.text.startswith(SIGNATURE_DASHES):
        return None  # '"Any evidence?" | X asked.': the tag of the quote before, split off by the parser: continuation's
    verbs = [tok for tok in previous if art.is_cue(tok) and tok.lower_ != "according"]
    for verb in reversed(verbs):
        got = speaker_of(art, verb, t, NAME)
        if got is not None:
            return replace(got, sieve=NAME)
    if not verbs and previous.start_char < span.para_start and opening(art.text, span) <= span.para_start + 1:
        return _paragraph_above(art, t, previous) or _subject_before(art, t, previous)
    if verbs or previous.start_char < span.para_start:
        return None
    return _subject_before(art, t, previous)


def _subject_before(art: Article, t: Target, previous) -> Attribution | None:
    """'X identified fatigue as the reason. “...”', or a paragraph 'X, a fellow at ..., thinks
    the plan will fail.' and then one of quote alone: a person named (or a pronoun) as the subject
    of the sentence right before an untagged quote, with no speech verb there, is the one quoted."""
    subject = art.own_subject(previous.root, t.inside)
    got = resolve(art, subject, previous.root, t, NAME) if subject is not None else None
    if got is not None and (got.speaker_type == "person" and got.resolution in ("name", "pronoun")
                            or _someone_described(got)):
        return replace(got, cue="", confidence=min(got.confidence, CONFIDENCE_CONTINUATION))
    return None


def _paragraph_above(art: Article, t: Target, last) -> Attribution | None:
    """'X said the couple looked at other spaces. She has not ruled out reopening.' then a
    paragraph of quote alone: the person whose words the paragraph above reports, when no one
    else is the subject of a sentence after that report."""
    para_start = art.text.rfind("\n", 0, last.start_char) + 1
    sent = last
    while sent.start_char >= para_start:
        if any(art.ents.inside_quote(tok.idx) for tok in sent):
            return None  # a quote above: ``continuation``'s business
        for verb in reversed([tok for tok in sent if art.is_cue(tok) and tok.lower_ != "according"]):
            got = speaker_of(art, verb, t, NAME)
            if got is None or got.speaker_type != "person" or art.names_someone_else(verb.idx, t.span.start, got.speaker):
                return None
            return replace(got, sieve=NAME, confidence=min(got.confidence, CONFIDENCE_CONTINUATION))
        if sent.start == 0:
            break
        sent = art.sentence(art.doc[sent.start - 1])
    return None
