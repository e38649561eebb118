"""The records that flow through the pipeline.

Frozen dataclasses holding character offsets, never parser objects, so every
record goes straight to CSV and later stages (classifier, actors, matrix) never
import the parser. Stages fill fields with ``dataclasses.replace``.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

QUOTE_KINDS = ("direct", "partial", "headline", "scare")
SPEAKER_TYPES = ("person", "organisation", "group", "anonymous", "unknown")


@dataclass(frozen=True)
class Document:
    """One article: its text exactly as read, plus optional metadata."""

    doc_id: str
    text: str
    date: str = ""
    source: str = ""
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class Quote:
    """One quotation with its speaker; `text == document.text[start:end]`."""

    doc_id: str
    quote_id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str = ""
    speaker: str = ""
    speaker_mention: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str = "unknown"
    # What the article says the speaker is ("shia cleric", "Iraq"); ";"-joined like speaker.
    speaker_role: str = ""
    speaker_country: str = ""
    sieve: str = ""
    resolution: str = ""
    confidence: float = 0.0
    sentence: str = ""
    # Filled by the stance classifier.
    stance: str = ""
    stance_score: float | None = None
    probabilities: tuple[tuple[str, float], ...] = ()
    model: str = ""
    # Filled by the cross-document steps.
    actor_id: str = ""
    statement_id: str = ""


EXTRACT_COLUMNS = [
    "doc_id", "quote_id", "start", "end", "text", "kind", "cue", "speaker",
    "speaker_mention", "speaker_start", "speaker_end", "speaker_type",
    "speaker_role", "speaker_country", "sieve", "resolution", "confidence", "sentence",
]
STANCE_COLUMNS = ["stance", "stance_score", "model"]  # plus p_<label> before "model"
ACTOR_COLUMNS = ["actor_id", "statement_id"]
_INT_COLUMNS = ("start", "end", "speaker_start", "speaker_end")
_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def quote_columns(labels: tuple[str, ...]) -> list[str]:
    """quotes.csv's columns, in order, for a codebook with these labels."""
    return [*EXTRACT_COLUMNS, "stance", "stance_score", *[f"p_{lab}" for lab in labels], "model", *ACTOR_COLUMNS]


def quotes_to_frame(quotes: list[Quote], labels: tuple[str, ...] = ()) -> pd.DataFrame:
    """quotes.csv as a DataFrame: extraction columns, then stance, then actor columns.

    Stance columns appear when `labels` is given (one ``p_<label>`` per label);
    actor columns when any quote carries an actor.
    """
    columns = quote_columns(labels)
    if not labels:
        columns = [c for c in columns if c not in STANCE_COLUMNS]
    if not any(q.actor_id for q in quotes):
        columns = [c for c in columns if c not in ACTOR_COLUMNS]
    rows = []
    for q in quotes:
        row = {name: getattr(q, name) for name in _QUOTE_FIELDS}  # asdict's deep copy: 5x the cost, same values
        probs = dict(row.pop("probabilities"))
        for lab in labels:
            row[f"p_{lab}"] = probs.get(lab)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for col in _INT_COLUMNS:
        frame[col] = frame[col].astype("Int64")
    return frame


def quotes_from_frame(frame: pd.DataFrame) -> list[Quote]:
    """Rebuild Quote records from a quotes.csv frame (e.g. after hand corrections)."""
    names = {f.name for f in fields(Quote)} - {"probabilities"}
    prob_cols = [c for c in frame.columns if c.startswith("p_")]
    quotes = []
    for row in frame.to_dict("records"):
        values = {}
        for k in names & row.keys():
            v = row[k]
            if pd.isna(v):
                v = None if k in ("speaker_start", "speaker_end", "stance_score") else ""
            elif k in _INT_COLUMNS:
                v = int(v)
            elif k in ("confidence", "stance_score"):
                v = float(v)
            else:
                v = str(v) if not isinstance(v, str) else v
            values[k] = v
        probs = tuple((c[2:], float(row[c])) for c in prob_cols if not pd.isna(row[c]))
        quotes.append(Quote(**values, probabilities=probs))
    return quotes
