"""How `stance score` grows with the corpus: time per stage, peak memory, growth exponent.

Two modes, both on synthetic corpora from `corpus.py` (distinct articles, ~2,000
speakers, syndicated copies across outlets; no gold text):

    python benchmarks/bench_scale.py --articles 1000 5000            # full `stance score`
    python benchmarks/bench_scale.py --articles 200 --engine processes dask   # and the Dask engine, same corpus
    python benchmarks/bench_scale.py --crossdoc --articles 1000 5000 50000
    python benchmarks/bench_scale.py --crossdoc --articles 1000 5000 --code OLD_CHECKOUT

The full mode writes N articles to a JSONL file, runs `stance score` on it in a
subprocess (so workers start as they do for users), samples the peak RSS of
every process of the run, then times the cross-document stages again, alone,
on the quotes.csv it wrote. `--crossdoc` skips parsing: it times the
cross-document stages on the quotes the generator says the articles hold, which
takes seconds even at 50,000 articles. `--code DIR` runs those stages with the
`stance` package found in DIR (an older checkout), for before/after figures.
The exponent b is fitted as time ~ N^b over the sizes given (1 is linear).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from measure import peaks_text, run_measured  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
STAGES = ("actors", "statements", "matrix", "agreement", "report")


# -- the cross-document stages, timed in a child process ----------------------

def time_stages(quotes_path: str) -> dict:
    """Seconds per cross-document stage on a quotes table, and this process's peak RSS."""
    import resource

    from stance import actors as actors_module
    from stance import matrix as matrix_module
    from stance.records import quotes_from_frame
    from stance.report import render_html
    from stance.statements import assign_statements

    frame = pd.read_parquet(quotes_path) if quotes_path.endswith(".parquet") else pd.read_csv(
        quotes_path, dtype={c: str for c in ("doc_id", "quote_id", "text", "speaker", "speaker_type", "sentence", "stance")},
        keep_default_na=False)
    frame = frame.drop(columns=[c for c in ("actor_id", "statement_id") if c in frame])
    labels = tuple(c[2:] for c in frame.columns if c.startswith("p_"))
    times = {}
    t = time.process_time()
    if hasattr(actors_module, "group_speakers"):  # what `stance score` runs: the speaker columns only
        frame["actor_id"], actors = actors_module.group_speakers(frame)
    else:  # an older checkout (--code): Quote records
        quotes, actors = actors_module.group_actors(quotes_from_frame(frame))
        frame["actor_id"] = [q.actor_id for q in quotes]
    times["actors"] = time.process_time() - t
    t = time.process_time()
    frame = assign_statements(frame)
    times["statements"] = time.process_time() - t
    t = time.process_time()
    matrix = matrix_module.stance_matrix(frame, labels, actors=actors)
    times["matrix"] = time.process_time() - t
    t = time.process_time()
    pairs = getattr(matrix_module, "agreement_pairs", None)
    agreement = pairs(matrix, labels) if pairs else matrix_module.agreement(matrix, labels)
    times["agreement"] = time.process_time() - t
    t = time.process_time()
    render_html(frame, matrix, actors, labels)
    times["report"] = time.process_time() - t
    return {"times": times, "quotes": len(frame), "actors": len(actors), "statements": int(frame["statement_id"].nunique()),
            "agreement_cells": int(agreement.size), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_stages(quotes_path: Path, code: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run([sys.executable, __file__, "--child", str(quotes_path)], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the full command ---------------------------------------------------------

def run_score(inputs: Path, out: Path, workers: int, engine: str = "processes") -> tuple[float, list[float]]:
    command = [sys.executable, "-m", "stance", "score", str(inputs), "--out", str(out), "--workers", str(workers),
               "--quiet", "--force", "--engine", engine]
    return run_measured(command, {"PYTHONPATH": str(REPO)})


def write_articles(path: Path, n: int, seed: int) -> int:
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for a in corpus.articles(n, seed):
            words += len(a.text.split())
            title = a.text.split("\n", 1)[0]
            f.write(json.dumps({"doc_id": a.doc_id, "text": a.text, "source": a.outlet, "date": a.date, "title": title}) + "\n")
    return words


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """b in seconds ~ size^b, least squares on the logs."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--articles", type=int, nargs="+", default=[1000, 10000, 50000])
    args.add_argument("--crossdoc", action="store_true", help="time only the cross-document stages")
    args.add_argument("--code", type=Path, default=REPO, help="a checkout whose stance package runs the stages")
    args.add_argument("--workers", type=int, default=2)
    args.add_argument("--engine", nargs="+", default=["processes"], choices=("processes", "dask"),
                      help="full mode: engines to run on each corpus, back to back (the first one is timed per stage)")
    args.add_argument("--seed", type=int, default=0)
    args.add_argument("--child", help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.child:
        print(json.dumps(time_stages(opts.child)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="stance-scale-") as tmp:
        for n in opts.articles:
            if opts.crossdoc:
                path = Path(tmp) / f"quotes{n}.parquet"
                pd.DataFrame(corpus.quote_records(n, opts.seed)).to_parquet(path, index=False)
                stages = run_stages(path, opts.code)
                row = {"articles": n, **stages}
            else:
                inputs = Path(tmp) / f"articles{n}.jsonl"
                words = write_articles(inputs, n, opts.seed)
                seconds, peaks = run_score(inputs, Path(tmp) / f"out{n}", opts.workers, opts.engine[0])
                stages = run_stages(Path(tmp) / f"out{n}" / "quotes.csv", opts.code)
                row = {"articles": n, "words": words, "score_s": seconds, "words_per_s": words / seconds,
                       "score_peaks_mib": peaks, **stages}
                for engine in opts.engine[1:]:  # the same corpus, back to back: throughput against the first
                    other, other_peaks = run_score(inputs, Path(tmp) / f"out{n}-{engine}", opts.workers, engine)
                    same = (Path(tmp) / f"out{n}" / "quotes.csv").read_bytes() == \
                        (Path(tmp) / f"out{n}-{engine}" / "quotes.csv").read_bytes()
                    row.setdefault("engines", []).append(
                        f"  --engine {engine}: {other:.1f}s, {words / other:,.0f} words/s "
                        f"({seconds / other:.2f}x --engine {opts.engine[0]}), quotes.csv "
                        f"{'identical' if same else 'DIFFERENT'}; peak RSS: {peaks_text(other_peaks)}")
            rows.append(row)
            _print_row(row)
    if len(rows) > 1:
        sizes = [r["articles"] for r in rows]
        fits = {s: exponent(sizes, [r["times"][s] for r in rows]) for s in STAGES}
        fits["cross-document total"] = exponent(sizes, [sum(r["times"].values()) for r in rows])
        if not opts.crossdoc:
            fits["stance score"] = exponent(sizes, [r["score_s"] for r in rows])
        print("growth exponent b (time ~ articles^b): " + ", ".join(f"{k} {v:.2f}" for k, v in fits.items()))


def _print_row(row: dict) -> None:
    t = row["times"]
    head = f"{row['articles']:>7,} articles  {row['quotes']:>8,} quotes  {row['actors']:>6,} actors  " \
           f"{row['statements']:>8,} statements"
    if "score_s" in row:
        head += f"\n  stance score: {row['score_s']:.1f}s, {row['words']:,} words, {row['words_per_s']:,.0f} words/s; " \
                f"peak RSS: {peaks_text(row['score_peaks_mib'])}"
    stages = "  ".join(f"{s} {t[s]:.2f}s" for s in STAGES)
    print(f"{head}\n  cross-document stages: {stages}  (total {sum(t.values()):.2f}s, "
          f"share of run {sum(t.values()) / row['score_s']:.0%})" if "score_s" in row else
          f"{head}\n  cross-document stages: {stages}  (total {sum(t.values()):.2f}s)")
    print(f"  stage process peak RSS {row['peak_mib']:,.0f} MiB; agreement cells {row['agreement_cells']:,}", flush=True)
    for line in row.get("engines", []):
        print(line, flush=True)


if __name__ == "__main__":
    main()
