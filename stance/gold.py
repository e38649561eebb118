"""Gold quote sets (shared/gold/*.jsonl): read, scored against predictions, turned into matrices.

`evaluate` follows the project's reference scorer (tools/quote_eval.py): a
predicted quote matches a gold one when, after trimming marks and punctuation,
they overlap by at least half of each span; the speaker is right when the
folded name holds one of the gold speaker_keys (never a bare pronoun). Tests,
the notebook and the integration check also build matrices from gold the same
way they build them from predictions, so the two can be compared cell by cell.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .actors import assign_actors
from .errors import StanceError
from .io import check_readable
from .matrix import DEFAULT_LABELS, stance_matrix
from .names import fold
from .records import Quote, quotes_from_frame, quotes_to_frame


_TRIM = set(" \t\r\n\"'“”‘’«»„‟‹›,.;:!?…—–-()[]")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}


def load_gold(jsonl: str | Path, texts_dir: str | Path | None = None) -> list[dict]:
    """Gold documents, each with its text: inline, or read from `texts_dir` (default: ../seeds beside the file)."""
    path = Path(jsonl)
    texts = Path(texts_dir) if texts_dir else path.resolve().parent.parent / "seeds"
    docs = []
    check_readable(path, "gold")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise StanceError(f"{path}: gold file is not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})") \
            from None
    except OSError as exc:
        raise StanceError(f"{path}: cannot read gold file ({exc.strerror or exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            missing = {"doc_id", "quotes"} - set(doc)
            if missing:
                raise KeyError(", ".join(sorted(missing)))
            if "text" not in doc:
                doc["text"] = (texts / doc["file"]).read_text(encoding="utf-8")
            for k, quote in enumerate(doc["quotes"], 1):  # a span outside its text failed deep in the matching
                if not 0 <= int(quote["start"]) < int(quote["end"]) <= len(doc["text"]):
                    raise ValueError(f"quote {k}: span {quote['start']}-{quote['end']} is not inside its text "
                                     f"({len(doc['text'])} characters)")
        except (ValueError, KeyError, TypeError) as exc:
            raise StanceError(f"{path}: line {n}: not a gold document ({type(exc).__name__}: {exc})") from None
        except OSError as exc:
            raise StanceError(f"{path}: line {n}: cannot read its text {exc.filename} ({exc.strerror or exc}); "
                              "name the folder of the texts with --texts") from None
        docs.append(doc)
    return docs


def evaluate(gold_docs: list[dict], predicted: pd.DataFrame) -> dict:
    """Quote P/R/F1, exact spans, speaker accuracy, stance accuracy, macro-F1 and the confusion matrix."""
    tp = fp = fn = exact = speaker_ok = 0
    pairs: list[tuple[str, str]] = []
    rows = predicted.astype(object).where(predicted.notna(), "").to_dict("records")
    for doc in gold_docs:
        text = doc["text"]
        doc_rows = [r for r in rows if str(r["doc_id"]) == str(doc["doc_id"])]
        hits = match_to_gold(text, doc["quotes"], [(int(r["start"]), int(r["end"])) for r in doc_rows])
        for row, hit in zip(doc_rows, hits):
            if hit is None:
                fp += 1
                continue
            q = doc["quotes"][hit]
            if q.get("optional"):
                continue
            tp += 1
            exact += _trimmed(text, int(row["start"]), int(row["end"])) == _trimmed(text, q["start"], q["end"])
            speaker_ok += _speaker_right(row, q)
            if row.get("stance"):
                pairs.append((row["stance"] if row["stance"] in q["stance_ok"] else q["stance_ok"][0], row["stance"]))
        fn += sum(1 for i, q in enumerate(doc["quotes"]) if i not in hits and not q.get("optional"))
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    out = {"gold_quotes": tp + fn, "predicted": tp + fp, "quote_precision": precision, "quote_recall": recall,
           "quote_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
           "exact_span_rate": exact / max(tp, 1), "speaker_accuracy": speaker_ok / max(tp, 1)}
    if pairs:
        from sklearn.metrics import f1_score  # here: `stance score` imports this module (review), not scikit-learn's 1 s

        gold_labels, predicted_labels = zip(*pairs)
        labels = sorted(set(gold_labels) | set(predicted_labels))
        out["stance_accuracy"] = sum(g == p for g, p in pairs) / len(pairs)
        out["stance_macro_f1"] = float(f1_score(gold_labels, predicted_labels, labels=labels, average="macro"))
        out["confusion"] = pd.crosstab(pd.Series(gold_labels, name="gold"), pd.Series(predicted_labels, name="predicted"))
    return out


def match_to_gold(text: str, gold: list[dict], spans: list[tuple[int, int]]) -> list[int | None]:
    """For each predicted (start, end) span of `text`, in order, the index of the gold quote it matches, or None.

    The reference scorer's rule: after trimming marks and punctuation the two
    spans overlap by at least half of each; each gold quote matches once, the
    first span to reach it takes it.
    """
    targets = [_trimmed(text, q["start"], q["end"]) for q in gold]
    used: set[int] = set()
    hits: list[int | None] = []
    for start, end in spans:
        span = _trimmed(text, start, end)
        hit = next((i for i, g in enumerate(targets) if i not in used and _overlaps(span, g)), None)
        if hit is not None:
            used.add(hit)
        hits.append(hit)
    return hits


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * (a[1] - a[0]) and inter >= 0.5 * (b[1] - b[0])


def _speaker_right(row: dict, q: dict) -> bool:
    speaker = fold(str(row.get("speaker") or ""))
    if speaker and speaker not in _PRONOUNS and any(fold(k) in speaker for k in q["speaker_keys"]):
        return True
    start, end = str(row.get("speaker_start", "")), str(row.get("speaker_end", ""))
    if "speaker_start" in q and start.isdigit() and end.isdigit():
        return _overlaps((int(start), int(end)), (q["speaker_start"], q["speaker_end"]))
    return False


def gold_quotes(jsonl: str | Path, texts_dir: str | Path | None = None, labels: tuple[str, ...] = DEFAULT_LABELS,
                include_optional: bool = False) -> pd.DataFrame:
    """Gold quotes as a quotes.csv frame; `sentence` is the quote's paragraph."""
    quotes = []
    for doc in load_gold(jsonl, texts_dir):
        text = doc["text"]
        for n, g in enumerate(doc["quotes"], 1):
            if not g.get("speaker") or g.get("optional") and not include_optional:
                continue
            quotes.append(Quote(doc["doc_id"], f"{doc['doc_id']}:{n}", g["start"], g["end"], g["text"],
                                g["kind"], speaker=g["speaker"], sentence=paragraph_of(text, g["start"]),
                                stance=g["stance"], probabilities=((g["stance"], 1.0),)))
    return quotes_to_frame(quotes, labels)


def paragraph_of(text: str, at: int) -> str:
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
    distance between the two matrices; ``gold`` and ``predicted`` are the two
    frames with their shared actor ids.
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
        "gold": g.drop(columns="_set"),
        "predicted": p.drop(columns="_set"),
        "quote_recall": len(matched) / max(len(quotes), 1),
        "speaker_accuracy": float(matched["speaker_ok"].mean()) if len(matched) else 0.0,
        "stance_accuracy": float(matched["stance_ok"].mean()) if len(matched) else 0.0,
        "cells_exact": float((cells["diff"] == 0).mean()) if len(cells) else 1.0,
        "l1": int(cells["diff"].abs().sum()),
    }
