"""One document in, its quotations out: spans, then speakers, then records.

This is the pure per-document stage; batching, workers and the cross-document
steps live in :mod:`stance.pipeline`.
"""
from __future__ import annotations

from .attribution import Attribution, attribute
from .describe import describe_speakers
from .nlp import DEFAULT_PIPELINE, load_parser
from .quotes import QuoteSpan, find_quote_spans
from .records import Document, Quote


def extract_quotes(doc: Document, nlp=None, parsed=None, spans: list[QuoteSpan] | None = None) -> list[Quote]:
    """All quotations of `doc`, each with its speaker resolved where the text allows, and what
    the article says that speaker is (`stance.describe`). `parsed`: `parse_text(doc.text)`
    already parsed (in a batch with other documents), else it is parsed here; `spans`: the
    text's `find_quote_spans`, when already found."""
    spans = find_quote_spans(doc.text) if spans is None else spans
    if not spans:
        return []
    if parsed is None:
        parsed = _parse(nlp or load_parser(DEFAULT_PIPELINE), doc.text[:_parse_end(doc.text, spans)])
    attributions = attribute(doc.text, spans, parsed)
    return describe_speakers(doc, [_record(doc, n, span, att) for n, (span, att) in enumerate(zip(spans, attributions), 1)])


def parse_text(text: str, spans: list[QuoteSpan] | None = None) -> str:
    """The part of `text` that extraction parses ("" when it holds no quotation); `spans`: its
    `find_quote_spans`, when already found."""
    spans = find_quote_spans(text) if spans is None else spans
    return text[:_parse_end(text, spans)] if spans else ""


# Longer texts are parsed a piece at a time: the parser's memory grows with what it parses at
# once (over 12 GiB for one 2-million-character text), so this bounds a worker's memory too.
PARSE_PIECE = 100_000  # characters; news articles are far shorter, so they parse whole


def _parse(nlp, text: str):
    """Parse `text`; beyond `PARSE_PIECE` characters (or the parser's length limit, spaCy's
    E088), a run of whole lines at a time, one run after another. Sentences never cross a line
    break, so this cuts no sentence; only a single line longer than the limit is cut, after its
    last full stop (else space) within the limit."""
    limit = min(nlp.max_length, PARSE_PIECE)
    if len(text) <= limit:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(_pieces(text, limit), batch_size=1))
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def _pieces(text: str, limit: int) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters, cut after line breaks."""
    pieces, start = [], 0
    while len(text) - start > limit:
        stop = start + limit
        cut = next((at + len(sep) for sep in ("\n", ". ", " ") if (at := text.rfind(sep, start, stop)) >= 0), stop)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _parse_end(text: str, spans: list[QuoteSpan], after: int = 1, lead: int = 3) -> int:
    """Where parsing can stop: the end of the paragraph after the last quote's, and never
    before the end of the first `lead` paragraphs (where headlines find their speaker's
    full name). What follows (comment policies, related links) only costs parse time."""
    end = max(s.para_end for s in spans)
    for _ in range(after):
        end = _next_paragraph_end(text, end)
    start_of_body = 0
    for _ in range(lead):
        start_of_body = _next_paragraph_end(text, start_of_body)
    return max(end, start_of_body)


def _next_paragraph_end(text: str, at: int) -> int:
    """End of the next non-blank line after `at` (or the text's end)."""
    pos = at
    while pos < len(text) and text[pos] in "\r\n \t":
        pos += 1
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


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
        sieve=att.sieve,
        resolution=att.resolution,
        confidence=round(att.confidence, 3),
        sentence=doc.text[att.context_start:att.context_end].strip(),
    )
