"""Apply the sieves in order, each to the quotes no earlier sieve attributed."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..lexicon import Lexicon, load_lexicon
from ..mentions import Entities
from ..quotes import QuoteSpan
from .according_to import according_to
from .base import Article, Attribution, Target
from .clause_subject import clause_subject
from .colon_lead import colon_lead
from .comma_lead import comma_lead
from .constants import CONFIDENCE_HEADING
from .continuation import continuation
from .cue_verb import cue_verb
from .dash_tag import dash_tag
from .described_subject import described_subject
from .heading_lead import heading_lead
from .interview import interview_answer
from .named_after import named_after
from .headline_echo import headline_echo
from .headline_place import headline_place
from .headline_story import headline_story
from .kinds import clause_kind, context, is_heading, is_modifier, is_scare, is_title, scare_context
from .previous_sentence import previous_sentence
from .quote_parts import quote_parts
from .quoted_predicate import quoted_predicate
from .tag_after import tag_after
from .turn_label import turn_first_person, turn_label

Sieve = Callable[[Article, Target, list], "Attribution | None"]

SIEVES: dict[str, Sieve] = {
    "turn-label": turn_label,
    "turn-first-person": turn_first_person,
    "dash-tag": dash_tag,
    "cue-verb": cue_verb,
    "quoted-predicate": quoted_predicate,
    "according-to": according_to,
    "colon-lead": colon_lead,
    "comma-lead": comma_lead,
    "heading-lead": heading_lead,
    "tag-after": tag_after,
    "previous-sentence": previous_sentence,
    "continuation": continuation,
    "quote-parts": quote_parts,
    "described-subject": described_subject,
    "headline-echo": headline_echo,
    "headline-place": headline_place,
    "headline-story": headline_story,
    "interview-answer": interview_answer,
    "named-after": named_after,
    "clause-subject": clause_subject,
}
# Most precise first; continuation and quote-parts last, since they copy the final speaker
# of the quote before (continuation) or after (quote-parts).
SIEVE_ORDER: tuple[str, ...] = ("turn-label", "dash-tag", "cue-verb", "quoted-predicate", "according-to", "colon-lead", "comma-lead", "heading-lead",
                                "tag-after", "turn-first-person", "previous-sentence", "continuation", "quote-parts")
# Sieves that read the other quotes' final answers and may replace a quote's own: applied last.
FINAL_ORDER: tuple[str, ...] = ("named-after", "headline-echo", "headline-place", "headline-story", "interview-answer")
# The last resort, for quotes still without a speaker once the others have read every answer (then a
# quote with no tag continues a quote the last resort attributed).
LAST_ORDER: tuple[str, ...] = ("described-subject", "clause-subject", "continuation")


def attribute(text: str, spans: list[QuoteSpan], parsed, lexicon: Lexicon | None = None,
              order: tuple[str, ...] = SIEVE_ORDER) -> list[Attribution]:
    """One Attribution per span, in the same order."""
    return finished(*answers(text, spans, parsed, lexicon, order))


def answers(text: str, spans: list[QuoteSpan], parsed, lexicon: Lexicon | None = None,
            order: tuple[str, ...] = SIEVE_ORDER) -> tuple[Article, list[Target], list[bool], list]:
    """The rules' answers before kinds and contexts are added: the article, its targets, which
    quotes are terms, and each quote's Attribution or None (what a learned step would read)."""
    lex = lexicon or load_lexicon()
    art = Article(text, parsed, lex, Entities(parsed, lex, [(s.start, s.end) for s in spans]), spans)
    targets = [Target(n, span, frozenset(tok.i for tok in art.quote_tokens(span)), is_heading(text, span))
               for n, span in enumerate(spans)]
    terms = [scare_context(text, t.span) or (not t.heading and (is_title(text, t.span) or is_modifier(art, t.span)))
             for t in targets]
    art.terms = frozenset(n for n, term in enumerate(terms) if term)
    found: list[Attribution | None] = [None] * len(spans)
    for name in order:
        sieve = SIEVES[name]
        for t in targets:
            if found[t.n] is None and not terms[t.n]:
                found[t.n] = sieve(art, t, found)
    for name in FINAL_ORDER:
        sieve = SIEVES[name]
        for t in targets:
            if not terms[t.n]:
                found[t.n] = sieve(art, t, found) or found[t.n]
    for name in LAST_ORDER:
        sieve = SIEVES[name]
        for t in targets:
            if found[t.n] is None and not terms[t.n]:
                found[t.n] = sieve(art, t, found)
    return art, targets, terms, found


def finished(art: Article, targets: list[Target], terms: list[bool], found: list) -> list[Attribution]:
    """Each quote's answer with its kind and context."""
    return [_finish(art, t, found[t.n], terms[t.n]) for t in targets]


def _finish(art: Article, t: Target, found: Attribution | None, term: bool) -> Attribution:
    """Kind and context of one quote; a heading caps the confidence."""
    start, end = context(art, t.span)
    if term:
        return Attribution(kind="scare", context_start=start, context_end=end)
    if found is None:
        kind = "headline" if t.heading else ("scare" if is_scare(art.text, t.span) else clause_kind(art, t.span))
        return Attribution(kind=kind, context_start=start, context_end=end)
    kind = "headline" if t.heading else clause_kind(art, t.span)
    confidence = found.confidence
    if t.heading and found.sieve != "continuation":
        confidence = min(confidence, CONFIDENCE_HEADING)
    return replace(found, kind=kind, context_start=start, context_end=end, confidence=confidence)
