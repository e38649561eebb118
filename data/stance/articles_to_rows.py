"""Training rows from annotated articles: the quotes as the pipeline finds them, with the annotators' labels.

The classifier meets quotes inside whole articles: the extractor's span, its
`sentence` and its `cue` (a partial quote whose stance lives in the paragraph, a
headline, a colon lead with no cue). train.csv's rows are standalone sentences
written to show a stance. This step closes that gap: every article (gold JSONL,
the format of shared/gold/README.md) goes through the project's extraction
(`stance.pipeline.extract`, the per-document stage of `stance score`); each
extracted quote is matched to a gold quote by the reference scorer's rule
(`stance.gold.match_to_gold`), and a row keeps the EXTRACTED text, sentence and
cue with the GOLD label (`label_ok` from `stance_ok`), kind and speaker.

Dropped and counted: gold quotes the extractor misses, extracted quotes with no
gold quote, optional gold quotes (scare quotes, titles, attributed terms) unless
the gold labels them neutral, and every row whose quoted words echo a quote of
an evaluation set (seeds, dev, blind.jsonl and each `--also` file) by
merge_batches.py's rule (four shared consecutive words, or word-set Jaccard >=
0.4). An evaluation set is read for that check only.

    python data/stance/articles_to_rows.py data/stance/articles/w*.jsonl --also data/stance/blind2/blind2.jsonl \
        [--out data/stance/article_rows.csv] [--train-out FILE --repeat N] [--dry-run]

`--train-out` also writes train.csv followed by the article rows, each repeated
N times (ids suffixed #2, #3...): a weight for `stance train`, which has none;
`--train-rows N` keeps only about N of train.csv's rows there (label shares kept).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from merge_batches import echoes, gold_quotes, shingles, words  # noqa: E402

from stance import __version__  # noqa: E402
from stance.errors import StanceError  # noqa: E402
from stance.gold import load_gold, match_to_gold  # noqa: E402

COLUMNS = ["id", "text", "sentence", "cue", "label", "label_ok", "speaker", "conflict", "kind", "source"]


def article_rows(docs: list[dict], writer: str, extract=None) -> tuple[pd.DataFrame, Counter]:
    """One row per gold quote the extractor finds, and the counts of what was kept and dropped.

    `extract(text, doc_id)` returns the document's Quote records (default: the pipeline's).
    """
    if extract is None:
        from stance.pipeline import extract
    source = f"article batch {writer}, independent writer, extracted by stance {__version__}"
    rows, counts = [], Counter()
    for doc in docs:
        text, gold = doc["text"], doc["quotes"]
        found = extract(text, str(doc["doc_id"]))
        hits = match_to_gold(text, gold, [(q.start, q.end) for q in found])
        counts["gold"] += len(gold)
        counts["extracted"] += len(found)
        counts["extracted_unmatched"] += sum(h is None for h in hits)
        matched = {h for h in hits if h is not None}
        counts["gold_unmatched"] += sum(1 for i, g in enumerate(gold) if i not in matched and not g.get("optional"))
        counts["optional_unmatched"] += sum(1 for i, g in enumerate(gold) if i not in matched and g.get("optional"))
        for quote, hit in zip(found, hits):
            if hit is None:
                continue
            g = gold[hit]
            label = g.get("stance")
            if not label:
                counts["matched_without_label"] += 1
                continue
            if g.get("optional"):
                if label != "neutral":
                    counts["optional_dropped"] += 1
                    continue
                counts["optional_kept_neutral"] += 1
            accepted = [s for s in g.get("stance_ok") or [label] if s != label]
            rows.append({"id": f"{doc['doc_id']}:{hit + 1}", "text": quote.text, "sentence": quote.sentence,
                         "cue": quote.cue, "label": label, "label_ok": accepted[0] if accepted else "",
                         "speaker": g.get("speaker") or "", "conflict": str(doc["doc_id"]),
                         "kind": g.get("kind", quote.kind), "source": source})
    counts["rows"] = len(rows)
    return pd.DataFrame(rows, columns=COLUMNS), counts


def decontaminate(rows: pd.DataFrame, gold: dict[str, list[list[str]]]) -> tuple[pd.DataFrame, dict[str, int]]:
    """`rows` without those whose text echoes a quote of any set in `gold` (name -> quotes as word lists),
    nor repeats of an earlier row's (text, sentence); and how many each check dropped."""
    index = {name: {s for g in quotes for s in shingles(g)} for name, quotes in gold.items()}
    hits = {name: rows["text"].map(lambda t, n=name: echoes(t, gold[n], index[n])) for name in gold}
    echo = pd.concat(hits, axis=1).any(axis=1) if hits else pd.Series(False, index=rows.index)
    repeat = rows[["text", "sentence"]].apply(lambda c: c.str.lower()).duplicated() & ~echo
    dropped = {f"echo {name}": int(h.sum()) for name, h in hits.items()}
    dropped.update({"echo any": int(echo.sum()), "repeats": int(repeat.sum())})
    return rows[~echo & ~repeat].reset_index(drop=True), dropped


def evaluation_quotes(also: list[Path]) -> dict[str, list[list[str]]]:
    """Quotes of seeds, dev, blind and each `also` file, as lower-cased word lists (read for the check only)."""
    found = gold_quotes(["seeds", "dev", "blind"])
    for path in also:
        if not path.is_file():
            raise SystemExit(f"{path}: missing; every evaluation set named must be present to decontaminate against it")
        found[path.stem] = [words(d["text"][q["start"]:q["end"]]) for d in load_gold(path) for q in d["quotes"]]
    return found


def with_training(train: pd.DataFrame, rows: pd.DataFrame, repeat: int, train_rows: int | None = None) -> pd.DataFrame:
    """train.csv's rows (or `train_rows` of them, drawn with a fixed seed in proportion to the labels),
    then the article rows `repeat` times (later copies' ids end in #2, #3...)."""
    if train_rows is not None and train_rows < len(train):
        share = train_rows / len(train)
        train = train.groupby("label", group_keys=False).sample(frac=share, random_state=0).sort_index()
    copies = [rows.assign(id=rows["id"] + (f"#{n}" if n > 1 else "")) for n in range(1, repeat + 1)]
    return pd.concat([train, *copies], ignore_index=True)[COLUMNS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="+", type=Path, metavar="wK.jsonl", help="annotated articles; the file "
                        "name is the writer (batch) name")
    parser.add_argument("--also", nargs="*", type=Path, default=[], metavar="GOLD.jsonl",
                        help="more evaluation sets to decontaminate against (e.g. a second blind set)")
    parser.add_argument("--out", type=Path, default=HERE / "article_rows.csv", help="rows CSV (default: %(default)s)")
    parser.add_argument("--train", type=Path, default=HERE / "train.csv", help="train.csv for --train-out")
    parser.add_argument("--train-out", type=Path, help="also write train.csv + the article rows here")
    parser.add_argument("--repeat", type=int, default=1, help="copies of each article row in --train-out")
    parser.add_argument("--train-rows", type=int, metavar="N", help="only about N rows of train.csv in --train-out "
                        "(drawn with a fixed seed, label shares kept)")
    parser.add_argument("--dry-run", action="store_true", help="print the counts, write nothing")
    args = parser.parse_args()
    if args.repeat < 1:
        raise SystemExit("--repeat must be 1 or more")
    gold = evaluation_quotes(args.also)
    frames = []
    for path in args.articles:
        try:
            docs = load_gold(path)
        except StanceError as exc:
            raise SystemExit(str(exc)) from None
        rows, counts = article_rows(docs, path.stem)
        rows, dropped = decontaminate(rows, gold)
        frames.append(rows)
        print(f"{path.name}: {len(docs)} articles, {counts['gold']} gold quotes, {counts['extracted']} extracted; "
              f"matched rows {counts['rows']}, gold missed {counts['gold_unmatched']} (+{counts['optional_unmatched']} "
              f"optional), extracted unmatched {counts['extracted_unmatched']}, optional kept as neutral "
              f"{counts['optional_kept_neutral']}, optional dropped {counts['optional_dropped']}; "
              + ", ".join(f"{k} {v}" for k, v in dropped.items()) + f"; kept {len(rows)}")
    rows = pd.concat(frames, ignore_index=True)
    print(f"{len(rows)} rows; " + ", ".join(f"{k} {v}" for k, v in rows["label"].value_counts().items())
          + "; kinds " + ", ".join(f"{k} {v}" for k, v in rows["kind"].value_counts().items()))
    if args.dry_run:
        return
    rows.to_csv(args.out, index=False)
    if args.train_out:
        train = pd.read_csv(args.train, dtype=str, keep_default_na=False)
        with_training(train, rows, args.repeat, args.train_rows).to_csv(args.train_out, index=False)


if __name__ == "__main__":
    main()
