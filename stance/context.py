"""What a classifier may read around a quote besides its sentence: the article's headline, the paragraph
before the quote's, and the resolved speaker (name, role, country).

A model folder asks for them by name in its input templates (the TF-IDF half's `input_template`, a
fine-tuned or embedding encoder's `encoder_input`), e.g. ``{cue} "{text}" | {sentence} | {headline}``.
A model whose templates name none of them reads what it always read, and nothing here runs for it.

A template is parts joined by `` | ``; a part whose fields are all empty is left out (a quote with no
headline reads as if the template had no headline part), and so is a ``{sentence}`` part equal to the
quoted words (the classic template's rule, `stance.heads.classifier_input`).
"""
from __future__ import annotations

import string
from bisect import bisect_right
from collections.abc import Mapping

import pandas as pd

from .quotes import paragraphs

CONTEXT_FIELDS = ("headline", "previous", "speaker", "role", "country")
QUOTE_FIELDS = ("text", "cue", "sentence", "marked")  # what every quote has (marked: `heads.marked_input`)
SEPARATOR = " | "
HEADLINE_WORDS = 30  # a first paragraph longer than this is the lede, not a headline
PREVIOUS_WORDS = 80  # the previous paragraph's last words at most (a long one says its point near the quote)
# The quotes frame's column each speaker field is read from (quotes.csv's names).
SPEAKER_COLUMNS = {"speaker": "speaker", "role": "speaker_role", "country": "speaker_country"}


def template_fields(template: str) -> tuple[str, ...]:
    """The fields a template names, in order; a template that is not one (a bare input name) names none."""
    try:
        return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name is not None))
    except ValueError as exc:
        raise ValueError(f"template {template!r}: {exc}") from None


def check_template(template: str) -> str:
    """`template` if every field it names is known (a quote field or a context field), else ValueError."""
    fields = template_fields(template)
    unknown = [f for f in fields if f not in (*QUOTE_FIELDS, *CONTEXT_FIELDS)]
    if not fields or unknown:
        raise ValueError(f"template {template!r} must name fields among {', '.join((*QUOTE_FIELDS, *CONTEXT_FIELDS))}"
                         + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    return template


def context_fields(templates) -> tuple[str, ...]:
    """The context fields the templates name (none: the model reads only the quote and its sentence)."""
    named = {f for t in templates if t and "{" in t for f in template_fields(t)}
    return tuple(f for f in CONTEXT_FIELDS if f in named)


def fill(template: str, fields: Mapping[str, str]) -> str:
    """One quote's input: each part filled, parts with only empty fields (or a sentence equal to the quoted
    words) left out."""
    parts = []
    for part in template.split(SEPARATOR):
        names = template_fields(part)
        if names and not any(fields.get(n) for n in names):
            continue
        if names == ("sentence",) and fields.get("sentence") == fields.get("text"):
            continue
        filled = part.format_map({n: fields.get(n, "") for n in names}).strip()
        if filled:
            parts.append(filled)
    return SEPARATOR.join(parts)


def one_line(text) -> str:
    return " ".join(str(text).split()) if isinstance(text, str) else ""


def headline(text: str, title: str = "") -> str:
    """The document's title, else its first line when it is short enough to be a headline."""
    return _layout(text, title)[1]


def quote_context(text: str, start: int, title: str = "") -> dict[str, str]:
    """The headline and the previous paragraph of the quote that starts at `start` in `text`. A quote in
    the headline has no headline context; the previous paragraph is never the headline itself."""
    return _context_at(text, start, *_layout(text, title))


def _layout(text: str, title: str) -> tuple[list[tuple[int, int]], str, bool]:
    """A document's paragraphs (`stance.quotes.paragraphs`), its headline, and whether that headline is
    its first paragraph: read once per document, whatever its number of quotes."""
    spans = paragraphs(text)
    if one_line(title):
        return spans, one_line(title), False
    first = one_line(text[spans[0][0]:spans[0][1]]) if spans else ""
    head = first if len(first.split()) <= HEADLINE_WORDS else ""
    return spans, head, head != ""


def _context_at(text: str, start: int, spans: list[tuple[int, int]], head: str, first_is_head: bool) -> dict[str, str]:
    at = bisect_right(spans, (start, len(text) + 1)) - 1  # the last paragraph starting at or before `start`
    if at < 0 or not spans[at][0] <= start < spans[at][1]:
        return {"headline": head, "previous": ""}
    if at == 0 and first_is_head:
        return {"headline": "", "previous": ""}
    previous = ""
    if at > 0 and not (at == 1 and first_is_head):
        words = one_line(text[spans[at - 1][0]:spans[at - 1][1]]).split()
        previous = " ".join(words[-PREVIOUS_WORDS:])
    return {"headline": head, "previous": previous}


def with_context(quotes: pd.DataFrame, documents: Mapping[str, tuple[str, str]], fields=CONTEXT_FIELDS) -> pd.DataFrame:
    """`quotes` (doc_id, start and the speaker columns) with a column per context field in `fields`;
    `documents` maps a doc_id to its (text, title). A quote of an unknown document gets empty context."""
    out = quotes.copy()
    if {"headline", "previous"} & set(fields):
        layouts: dict[str, tuple] = {}  # doc_id -> _layout, once per document
        found = []
        for doc, start in zip(quotes["doc_id"], quotes["start"]):
            if doc not in documents or pd.isna(start):
                found.append({"headline": "", "previous": ""})
                continue
            text, title = (v or "" for v in documents[doc])
            if doc not in layouts:
                layouts[doc] = _layout(text, title)
            found.append(_context_at(text, int(start), *layouts[doc]))
        for name in ("headline", "previous"):
            if name in fields:
                out[name] = [f[name] for f in found]
    for name, column in SPEAKER_COLUMNS.items():
        if name in fields:
            out[name] = [one_line(v) for v in quotes[column]] if column in quotes else ""
    return out
