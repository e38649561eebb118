"""One document in, its quotations out: spans, then speakers, then records.

This is the pure per-document stage; batching, workers and the cross-document
steps live in :mod:`stance.pipeline`.
"""
from __future__ import annotations

from .attribution import Attribution, attribute
from .nlp import DEFAULT_PIPELINE, load_parser
from .quotes import QuoteSpan, find_quote_spans
from .records import Document, Quote


def extract_quotes(doc: Document, nlp=None) -> list[Quote]:
    """All quotations of `doc`, each with its speaker resolved where the text allows."""
    spans = find_quote_spans(doc.text)
    if not spans:
        return []
    nlp = nlp or load_parser(DEFAULT_PIPELINE)
    parsed = nlp(doc.text)
    attributions = attribute(doc.text, spans, parsed)
    return [_record(doc, n, span, att) for n, (span, att) in enumerate(zip(spans, attributions), 1)]


def _record(doc: Document, n: int, span: QuoteSpan, att: Attribution) -> Quote:
    return Quote(
        doc_id=doc.doc_id,
        quote_id=f"{doc.doc_id}:{n}",
        start=span.start,
        end=span.end,
        text=doc.text[span.start:span.end],
        kind=att.kind,
        cue=att.cue,
        speaker=att.speaker,
        speaker_mention=att.mention,
        speaker_start=att.mention_start,
        speaker_end=att.mention_end,
        speaker_type=att.speaker_type,
        attribution=att.rule,
        confidence=round(att.confidence, 3),
        sentence=doc.text[att.context_start:att.context_end].strip(),
    )
