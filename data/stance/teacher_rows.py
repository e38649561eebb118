"""Inputs for a teacher alone (`--param teacher=FOLDER`): shorter spans and narrower contexts of training rows.

A distilled student learns the teacher's probabilities wherever it is given an input, not only where a
writer labelled one. This adds, for a share of the training rows, one input the extractor could have
produced from the same sentence but no writer labelled: a contiguous part of the quote's words (60% of the
added rows; the extractor's spans often start or stop elsewhere than a writer's) or the quote with its
sentence cut to a few words either side (40%). Each added row has `teacher_share` 1: its loss is the
teacher's alone, its label column (the row's own label, kept for the held-out split) is no training target
(stance.finetune), and its `source` says what it is, so `--calibrate-on 'article batch'` never picks it.
Nothing is written but parts of the rows given: no text of any evaluation set.

    python data/stance/teacher_rows.py FDCB.csv --share 0.6 --seed 0 --out FDCBT.csv
"""
from __future__ import annotations

import argparse
import random

import pandas as pd

SOURCE = "teacher only (teacher_rows.py): a part of a training row's quote or sentence, no hard label"


def part_of_quote(text: str, rng: random.Random) -> str | None:
    """A contiguous run of 50-85% of the quote's words (at least three), or None for a quote too short."""
    words = text.split()
    if len(words) < 5:
        return None
    size = max(3, round(len(words) * rng.uniform(0.5, 0.85)))
    start = rng.randrange(len(words) - size + 1)
    return " ".join(words[start:start + size])


def narrow_sentence(text: str, sentence: str, rng: random.Random) -> str | None:
    """The sentence cut to the quote and 2-8 words either side, or None where it holds no more than that."""
    quote, words = " ".join(text.split()), " ".join(sentence.split())
    at = words.find(quote)
    if at < 0:
        return None
    before, after = words[:at].split(), words[at + len(quote):].split()
    keep_before, keep_after = rng.randint(2, 8), rng.randint(2, 8)
    if len(before) <= keep_before and len(after) <= keep_after:
        return None
    return " ".join([*before[len(before) - min(keep_before, len(before)):], quote, *after[:keep_after]])


def teacher_rows(rows: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    """One added input for about `share` of `rows` (see the module's docstring), `teacher_share` 1."""
    rng = random.Random(seed)
    added = []
    for row in rows.to_dict("records"):
        if rng.random() >= share:
            continue
        text, sentence = str(row.get("text") or ""), str(row.get("sentence") or "")
        if rng.random() < 0.6:
            part = part_of_quote(text, rng)
            new = None if part is None else {"text": part, "sentence": sentence}
        else:
            narrow = narrow_sentence(text, sentence, rng)
            new = None if narrow is None else {"text": text, "sentence": narrow}
        if new is not None:
            added.append({**row, **new, "id": f"t-{row['id']}", "source": SOURCE, "teacher_share": 1.0})
    return pd.DataFrame(added, columns=[*rows.columns, "teacher_share"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", help="training rows (CSV)")
    parser.add_argument("--share", type=float, default=0.6, help="share of the rows that get an added input")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    opts = parser.parse_args()
    rows = pd.read_csv(opts.rows, dtype=str, keep_default_na=False)
    added = teacher_rows(rows, opts.share, opts.seed)
    out = pd.concat([rows.assign(teacher_share=""), added], ignore_index=True)
    out.to_csv(opts.out, index=False)
    print(f"{len(rows)} rows + {len(added)} teacher-only inputs -> {opts.out}")


if __name__ == "__main__":
    main()
