"""TEMPORARY per-document extraction stage for the `cli` branch.

Replaced at merge by the lead's extract.py (quotes with speakers). It keeps the
agreed signature so the batch command, API and tests can be built against it.
"""
from __future__ import annotations

from .quotes import find_quote_spans
from .records import Document, Quote


def extract_quotes(doc: Document, nlp=None) -> list[Quote]:
    """The quotations of one document, without speakers (nlp is unused here)."""
    return [
        Quote(
            doc_id=doc.doc_id,
            quote_id=f"{doc.doc_id}:{i}",
            start=span.start,
            end=span.end,
            text=doc.text[span.start:span.end],
            kind="direct",
            sentence=doc.text[span.para_start:span.para_end],
        )
        for i, span in enumerate(find_quote_spans(doc.text), start=1)
    ]
