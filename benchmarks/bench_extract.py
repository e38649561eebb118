"""Throughput of `stance score` with 1 and 2 workers, as a user runs it.

Builds at least 100,000 words by cycling the seed articles under distinct
doc_ids, runs the command in a subprocess (so worker processes start as they do
for users) and prints words/second and the peak memory of the command's
processes. Goal: 8,000 words/s with 2 workers.
"""
from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_WORDS = 100_000
GOAL_WORDS_PER_SECOND = 8_000


def build_corpus(folder: Path, seeds: Path, target_words: int) -> int:
    """Write copies of the seed articles into `folder` until `target_words`; return the word count."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    words = 0
    for n, text in enumerate(itertools.cycle(texts)):
        if words >= target_words:
            return words
        (folder / f"copy{n:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    raise AssertionError("unreachable")


def run_score(corpus: Path, out: Path, workers: int) -> tuple[float, int]:
    """Seconds taken, and the peak resident memory (KiB) of the largest process of this run."""
    command = [sys.executable, "-m", "stance", "score", str(corpus), "--out", str(out),
               "--workers", str(workers), "--quiet", "--force"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    # wait4 reports this run alone: the command and the workers it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"stance score failed with workers={workers}")
    return seconds, usage.ru_maxrss


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--words", type=int, default=TARGET_WORDS)
    args.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    opts = args.parse_args()
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = build_corpus(corpus, REPO / "seeds", opts.words)
        print(f"corpus: {len(os.listdir(corpus))} documents, {words:,} words")
        for workers in opts.workers:
            seconds, peak_kib = run_score(corpus, Path(tmp) / f"out{workers}", workers)
            rate = words / seconds
            goal = "" if workers < 2 else (" (goal met)" if rate >= GOAL_WORDS_PER_SECOND else
                                           f" (below the {GOAL_WORDS_PER_SECOND:,} words/s goal)")
            print(f"workers={workers}: {seconds:6.1f}s  {rate:8,.0f} words/s  "
                  f"peak memory {peak_kib / 1024:,.0f} MiB (largest process){goal}")


if __name__ == "__main__":
    main()
