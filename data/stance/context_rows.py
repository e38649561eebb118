"""Training rows with the context a model may read (`stance.context`): the article's headline, the paragraph
before the quote's, and the speaker's role and country as the pipeline describes them.

Rows from annotated articles (`articles_to_rows.py`: their `conflict` column holds the article's doc_id)
get it from their article: the article goes through the project's extraction once, and each row is
matched to the extracted quote with the same words (and sentence); the context is computed from that
quote's offset exactly as `stance score` computes it for a model that asks for it
(`stance.context.quote_context`). Rows without an article (train.csv's standalone sentences) and rows
whose quote is not found again get empty context. The `speaker` column is kept as it is. Nothing else
changes: the same rows, in the same order, with the same ids and labels.

A context value that shares four consecutive words with a quote of an evaluation set (seeds, dev,
blind.jsonl and each `--also` file: merge_batches.py's shingle rule) is left empty, so the training
articles' text around a quote stays as decontaminated as the rows themselves.

    python data/stance/context_rows.py FDB.csv data/stance/articles/w*.jsonl --out FDBX.csv \
        --also data/stance/blind2/blind2.jsonl ... data/stance/blind11/blind11.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

sys.path.insert(0, str(HERE))

from articles_to_rows import evaluation_quotes  # noqa: E402
from merge_batches import shingles, words  # noqa: E402

from stance.context import one_line, quote_context  # noqa: E402

ADDED = ("headline", "previous", "role", "country")


def read_articles(paths: list[Path]) -> dict[str, str]:
    """doc_id -> text of every article in the JSONL files."""
    texts = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                texts[str(doc["doc_id"])] = doc["text"]
    return texts


def with_context(rows: pd.DataFrame, texts: dict[str, str], extract=None) -> tuple[pd.DataFrame, Counter]:
    """`rows` with the ADDED columns, and counts (rows with an article, found again, without)."""
    if extract is None:
        from stance.pipeline import extract
    counts, found, out = Counter(), {}, {name: [] for name in ADDED}
    docs = rows["conflict"].fillna("").astype(str) if "conflict" in rows else pd.Series("", index=rows.index)
    for doc_id, text, sentence in zip(docs, rows["text"].fillna(""), rows["sentence"].fillna("")):
        quote = None
        if doc_id in texts:
            if doc_id not in found:
                found[doc_id] = extract(texts[doc_id], doc_id)
            quote = match(found[doc_id], text, sentence)
            counts["found" if quote is not None else "not found"] += 1
        else:
            counts["no article"] += 1
        context = quote_context(texts[doc_id], quote.start) if quote is not None else {"headline": "", "previous": ""}
        out["headline"].append(context["headline"])
        out["previous"].append(context["previous"])
        out["role"].append(one_line(quote.speaker_role) if quote is not None else "")
        out["country"].append(one_line(quote.speaker_country) if quote is not None else "")
    return rows.assign(**out), counts


def decontaminate(rows: pd.DataFrame, gold: dict[str, list[list[str]]]) -> tuple[pd.DataFrame, Counter]:
    """`rows` with every ADDED value that echoes an evaluation quote (four shared words) emptied, and the counts."""
    index = {s for quotes in gold.values() for g in quotes for s in shingles(g)}
    counts, out = Counter(), rows.copy()
    for name in ADDED:
        hit = out[name].map(lambda text: bool(text) and any(s in index for s in shingles(words(text))))
        out.loc[hit, name] = ""
        counts[f"{name} emptied"] = int(hit.sum())
    return out, counts


def match(quotes: list, text: str, sentence: str):
    """The extracted quote with these words (and this sentence, when several have them), else None."""
    same = [q for q in quotes if one_line(q.text) == one_line(text)]
    return next((q for q in same if one_line(q.sentence) == one_line(sentence)), same[0] if same else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path, help="training CSV (articles_to_rows.py's columns, optional weight)")
    parser.add_argument("articles", nargs="+", type=Path, metavar="wK.jsonl", help="the annotated articles")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--also", nargs="*", type=Path, default=[], metavar="GOLD.jsonl",
                        help="more evaluation sets whose quotes no context value may echo")
    args = parser.parse_args()
    gold = evaluation_quotes(args.also)
    rows = pd.read_csv(args.rows, dtype=str, keep_default_na=False)
    rows, counts = with_context(rows, read_articles(args.articles))
    rows, emptied = decontaminate(rows, gold)
    counts.update(emptied)
    rows.to_csv(args.out, index=False)
    print(json.dumps({"rows": len(rows), **counts}), file=sys.stderr)


if __name__ == "__main__":
    main()
