"""Gold quote sets (shared/gold/*.jsonl) as quotes frames, and predictions scored against them.

Tests, the notebook and the integration check build matrices from gold the
same way they build them from predictions, so the two can be compared cell by cell.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .actors import assign_actors
from .matrix import DEFAULT_LABELS, stance_matrix
from .records import Quote, quotes_from_frame, quotes_to_frame


def gold_quotes(jsonl: str | Path, texts_dir: str | Path | None = None, labels: tuple[str, ...] = DEFAULT_LABELS,
                include_optional: bool = False) -> pd.DataFrame:
    """Gold quotes as a quotes.csv frame; `sentence` is the quote's paragraph when the text is known."""
    quotes = []
    for line in Path(jsonl).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc.get("text") or (Path(texts_dir, doc["file"]).read_text(encoding="utf-8")
                                   if texts_dir and doc.get("file") else "")
        for n, g in enumerate(doc["quotes"], 1):
            if not g.get("speaker") or g.get("optional") and not include_optional:
                continue
            quotes.append(Quote(doc["doc_id"], f"{doc['doc_id']}:{n}", g["start"], g["end"], g["text"],
                                g["kind"], speaker=g["speaker"], sentence=_paragraph(text, g["start"]),
                                stance=g["stance"], probabilities=((g["stance"], 1.0),)))
    return quotes_to_frame(quotes, labels)


def _paragraph(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)].strip()


def compare_to_gold(predicted: pd.DataFrame, gold: pd.DataFrame, labels: tuple[str, ...] = DEFAULT_LABELS,
                    dedupe: bool = True) -> dict:
    """How far the predicted matrix is from the gold one, and why.

    Actors are grouped over both sets together, so ids are shared. Returns
    ``quotes`` (each gold quote: matched predicted quote_id by span overlap in the
    same document, speaker_ok, stance_ok), ``cells`` (actor x label: gold,
    predicted, diff) and summary figures: quote recall, speaker and stance
    accuracy on matched quotes, the share of exactly right cells and the L1
    distance between the two matrices.
    """
    both = pd.concat([gold.assign(_set="gold"), predicted.assign(_set="predicted")], ignore_index=True)
    both = both.drop(columns=["actor_id", "statement_id"], errors="ignore")
    both["actor_id"] = [q.actor_id for q in assign_actors(quotes_from_frame(both))]
    g, p = both[both["_set"] == "gold"], both[both["_set"] == "predicted"]
    rows = []
    for q in g.to_dict("records"):
        same_doc = p[(p["doc_id"] == q["doc_id"]) & (p["start"] < q["end"]) & (p["end"] > q["start"])]
        hit = same_doc.iloc[0].to_dict() if len(same_doc) else None
        rows.append({"doc_id": q["doc_id"], "gold_quote_id": q["quote_id"], "text": q["text"],
                     "gold_actor": q["actor_id"], "gold_stance": q["stance"],
                     "quote_id": hit["quote_id"] if hit else "",
                     "actor_id": hit["actor_id"] if hit else "", "stance": hit["stance"] if hit else "",
                     "speaker_ok": bool(hit) and bool(set(hit["actor_id"].split(";")) & set(q["actor_id"].split(";"))),
                     "stance_ok": bool(hit) and hit["stance"] == q["stance"]})
    quotes = pd.DataFrame(rows)
    gm = stance_matrix(g, labels, dedupe=dedupe)[list(labels)]
    pm = stance_matrix(p, labels, dedupe=dedupe)[list(labels)]
    gm, pm = gm.align(pm, fill_value=0)
    cells = pd.DataFrame({"gold": gm.stack(), "predicted": pm.stack()}).rename_axis(["actor_id", "label"]).reset_index()
    cells["diff"] = cells["predicted"] - cells["gold"]
    matched = quotes[quotes["quote_id"].ne("")]
    return {
        "quotes": quotes,
        "cells": cells,
        "quote_recall": len(matched) / max(len(quotes), 1),
        "speaker_accuracy": float(matched["speaker_ok"].mean()) if len(matched) else 0.0,
        "stance_accuracy": float(matched["stance_ok"].mean()) if len(matched) else 0.0,
        "cells_exact": float((cells["diff"] == 0).mean()) if len(cells) else 1.0,
        "l1": int(cells["diff"].abs().sum()),
    }
