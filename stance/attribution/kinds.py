"""What kind of quote a span is (direct, partial, headline, scare) and the sentence around it."""
from __future__ import annotations

from ..nlp import coarse
from ..quotes import QuoteSpan
from .base import Article, opening
from .constants import (CONTEXT_MAX_CHARS, FINITE_TAGS, GOVERNING_CLIMB, HEADING_MAX_WORDS, SCARE_CUE_MAX_WORDS, SCARE_CUE_WINDOW,
                        SCARE_CUES, SCARE_MAX_WORDS, TITLE_LEADS, TITLE_MAX_WORDS, TITLE_SMALL_WORDS)


def is_heading(text: str, span: QuoteSpan) -> bool:
    """Titles and live-blog entry headings: short lines without sentence punctuation."""
    if span.para_end - span.para_start > 64 * HEADING_MAX_WORDS:  # no need to split a long paragraph
        return False  # (per quote, that made a 50,000-quote paragraph quadratic)
    return heading_line(text[span.para_start:span.para_end])


def heading_line(line: str) -> bool:
    """A short line without sentence punctuation at its end (quote marks aside)."""
    if len(line.split()) > HEADING_MAX_WORDS:
        return False
    return not line.rstrip("\"'”’»").rstrip().endswith((".", "!", "?", "…", ":"))


def scare_context(text: str, span: QuoteSpan) -> bool:
    """A short quote right after 'so-called', 'dubbed', 'known as': a term, not speech."""
    before = text[max(span.para_start, span.start - SCARE_CUE_WINDOW):opening(text, span)].lower().rstrip()
    return len(text[span.start:span.end].split()) <= SCARE_CUE_MAX_WORDS and before.endswith(SCARE_CUES)


def is_title(text: str, span: QuoteSpan) -> bool:
    """A name or title in Title Case ("Hour of the Wolf", "Rivers and Roads"): a
    term, not speech. Headings are written in Title Case too, so they are left out."""
    quoted = text[span.start:span.end].strip().rstrip(",;:").rstrip()
    if quoted.endswith(".") and not quoted.endswith("..") and ". " not in quoted and _names_a_work(text, span):
        quoted = quoted[:-1]  # American style puts the sentence's full stop inside: 'on "Meet the Press."'
    words = [w for w in quoted.split() if any(c.isalnum() for c in w)]
    if not 2 <= len(words) <= TITLE_MAX_WORDS or quoted.endswith((".", "!", "?")):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words) \
        and (words[0][:1].isupper() or words[0][:1].isdigit())


def _names_a_work(text: str, span: QuoteSpan) -> bool:
    """Where a quote can only be a title: after "on", "in", "of", a possessive ('on NBC's
    "Meet the Press."'), or alone as a paragraph (a section head)."""
    before = text[span.para_start:max(span.para_start, opening(text, span))].rstrip()
    after = text[span.end + 1:span.para_end].strip()
    return (not before and not after) or before.lower().endswith(TITLE_LEADS)


def is_modifier(art: Article, span: QuoteSpan) -> bool:
    """A short quote that modifies a noun outside it (promoting “miracle” pills, Maria “Mimi”
    Lopez): a label or nickname the writer holds at a distance, not words someone said."""
    tokens = art.quote_tokens(span)
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside]
    if len(roots) != 1 or len(span_words := art.text[span.start:span.end].split()) > SCARE_MAX_WORDS or not span_words:
        return False
    root, noun = roots[0], roots[0].head
    if root.dep_ not in ("amod", "compound", "nmod") or noun.i < root.i:
        return False
    # a nickname inside a name; a label on a thing, unless a speech verb takes that thing
    # ('voiced "deep" concern' reports the speaker's word)
    return coarse(noun) == "PROPN" or (coarse(noun) == "NOUN" and not _spoken(art, noun))


def _spoken(art: Article, noun) -> bool:
    """A speech verb above the noun in its sentence ('warning that only a "very limited" service
    will run', 'dismissed as "baseless" fresh allegations'): the label is the speaker's word."""
    tok = noun
    for _ in range(GOVERNING_CLIMB):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if art.is_cue(tok):
            return True
    return False


def is_scare(text: str, span: QuoteSpan) -> bool:
    """A quote too short to be speech when nothing attributes it."""
    return len(text[span.start:span.end].split()) <= SCARE_MAX_WORDS


def clause_kind(art: Article, span: QuoteSpan) -> str:
    """Direct when the quote is a clause of its own, partial when it is a fragment."""
    has_finite = any(t.tag_ in FINITE_TAGS for t in art.quote_tokens(span))
    before = art.text[span.para_start:opening(art.text, span)].rstrip()
    starts_sentence = not before or before[-1] in ".:!?\"”’'" or before.endswith(",")
    if has_finite and (starts_sentence or art.text[span.start].isupper() or before.endswith("that")):
        return "direct"
    return "partial"


def context(art: Article, span: QuoteSpan) -> tuple[int, int]:
    """The sentence(s) around a quote, clipped to its paragraph."""
    first = art.token_at(span.start - 1) or art.token_at(span.start)
    last = art.token_at(span.end) or art.token_at(span.end - 1)
    start = art.sentence(first).start_char if first is not None else span.para_start
    end = art.sentence(last).end_char if last is not None else span.para_end
    start, end = max(start, span.para_start), min(max(end, span.end + 1), span.para_end)
    # at most CONTEXT_MAX_CHARS either side, cut at a space: a text with no full stop is one
    # sentence, and thousands of quotes each carrying all of it make the output quadratic
    if start < span.start - CONTEXT_MAX_CHARS:
        start = span.start - CONTEXT_MAX_CHARS
        space = art.text.find(" ", start, span.start)
        start = space + 1 if space >= 0 else start
    if end > span.end + CONTEXT_MAX_CHARS:
        end = span.end + CONTEXT_MAX_CHARS
        space = art.text.rfind(" ", span.end, end)
        end = space if space > span.end else end
    return start, end
