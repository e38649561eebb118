"""How `stance score` grows with the corpus: time per stage, peak memory, growth exponent.

Two modes, both on synthetic corpora from `corpus.py` (distinct articles, syndicated
copies across outlets; no gold text), grown as an archive grows (`corpus.articles(growing=True)`:
speakers ~ articles^0.75, towns and quote words from vocabularies that grow with the corpus);
`--fixed-pool` gives the older corpora (2,000 names and a ~300-word phrase bank at every size):

    python benchmarks/bench_scale.py --articles 1000 5000            # full `stance score`
    python benchmarks/bench_scale.py --articles 200 --engine processes dask   # and the Dask engine, same corpus
    python benchmarks/bench_scale.py --crossdoc --articles 1000 5000 50000
    python benchmarks/bench_scale.py --crossdoc --articles 1000 5000 --code OLD_CHECKOUT
    python benchmarks/bench_scale.py --parts --articles 10000 50000 [--whole]

The full mode writes N articles to a JSONL file, runs `stance score` on it in a
subprocess (so workers start as they do for users), samples the peak RSS of
every process of the run, then times the cross-document stages again, alone,
on the quotes.csv it wrote. `--crossdoc` skips parsing: it times the
cross-document stages on the quotes the generator says the articles hold, which
takes seconds even at 50,000 articles. `--code DIR` runs those stages with the
`stance` package found in DIR (an older checkout), for before/after figures.
`--parts` writes the generated quotes as a run's parts and times what `stance score`
does after the last chunk (actors, statements, quotes.csv and the reports, streamed
over the parts) with the peak RSS after each stage; `--whole` adds the reference
that holds every table in memory, on the same parts (same files, compared by hash).
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
GROWING = os.environ.get("STANCE_BENCH_FIXED_POOL", "") == ""  # --fixed-pool, passed on to the children


# -- the cross-document stages, timed in a child process ----------------------

def time_stages(quotes_path: str) -> dict:
    """Seconds per cross-document stage on a quotes table, and this process's peak RSS."""
    import resource

    from stance import actors as actors_module
    from stance import matrix as matrix_module
    from stance.records import quotes_from_frame
    from stance.report_html import render_html
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


# -- the end of a run, over parts: actors, statements, quotes.csv and the reports ---------

LABELS = ("interventionist", "non-interference", "concern", "support", "neutral")


def write_parts(folder: Path, n: int, seed: int) -> int:
    """The quotes of n generated articles as a run's parts (`CHUNK_SIZE` documents each, written
    as the workers write them), without parsing; returns the number of quotes."""
    from stance.parts import Chunk, write_part
    from stance.records import Quote
    from stance.workers import CHUNK_SIZE

    folder.mkdir(parents=True, exist_ok=True)
    index, documents, quotes, total = 0, [], [], 0
    for article, rows in corpus.article_quotes(n, seed, growing=GROWING):
        documents.append({"doc_id": article.doc_id, "source": article.outlet, "title": article.text.split("\n", 1)[0],
                          "date": article.date, "url": "", "path": "", "n_quotes": len(rows)})
        quotes += [Quote(doc_id=r["doc_id"], quote_id=r["quote_id"], start=r["start"], end=r["end"], text=r["text"],
                         kind=r["kind"], speaker=r["speaker"], speaker_type=r["speaker_type"], sentence=r["sentence"],
                         confidence=0.9, stance=r["stance"], stance_score=r["stance_score"], model="bench",
                         probabilities=tuple((lab, r[f"p_{lab}"]) for lab in LABELS)) for r in rows]
        if len(documents) == CHUNK_SIZE:
            write_part(folder, Chunk(index, "bench", documents, quotes, inputs=len(documents)), LABELS)
            index, documents, total, quotes = index + 1, [], total + len(quotes), []
    if documents:
        write_part(folder, Chunk(index, "bench", documents, quotes, inputs=len(documents)), LABELS)
    return total + len(quotes)


def time_assembly(folder: str, whole: bool) -> dict:
    """What `stance score` does after the last chunk, on the parts in `folder`: seconds per stage
    and this process's peak RSS after each. `whole`: the reference, every table in memory
    (`Run.result` and `write_reports`, as `stance score` did before it streamed)."""
    import resource

    from stance.actors import SPEAKER_COLUMNS, group_speakers
    from stance.assembly import write_run
    from stance.parts import QuoteTable, part_name
    from stance.pipeline import DOCUMENT_COLUMNS, ERROR_COLUMNS, Run
    from stance.records import quotes_to_frame
    from stance.report import write_reports
    from stance.statements import statement_numbers

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    parts = Path(folder)
    indexes = sorted(int(p.stem) for p in parts.glob("[0-9]*.json"))
    documents = pd.DataFrame([d for i in indexes for d in json.loads((parts / f"{part_name(i)}.json").read_text())["documents"]],
                             columns=DOCUMENT_COLUMNS)
    table = QuoteTable(parts, indexes, quotes_to_frame([], LABELS))
    times, peaks = {}, {"start": peak()}
    t = time.process_time()
    ids, actors = group_speakers(table.read(SPEAKER_COLUMNS), sentences=table.sentences())
    times["actors"], peaks["actors"] = time.process_time() - t, peak()
    t = time.process_time()
    numbers = statement_numbers(ids, (x for f in table.chunks(["text"]) for x in f["text"].fillna("").astype(str)))
    times["statements"], peaks["statements"] = time.process_time() - t, peak()
    run = Run(table, ids, numbers, documents, pd.DataFrame(columns=ERROR_COLUMNS), actors, LABELS)
    out = parts.parent / "out"
    out.mkdir(exist_ok=True)
    t = time.process_time()
    if whole:
        result = run.result()
        result.quotes.to_csv(out / "quotes.csv", index=False)
        write_reports(out, result.quotes, LABELS, documents, actors=actors)
    else:
        write_run(out, run)
    times["tables+reports"], peaks["tables+reports"] = time.process_time() - t, peak()
    return {"times": times, "peaks_mib": peaks, "quotes": len(ids), "actors": len(actors),
            "statements": int(numbers.max()) + 1, "quotes_csv_sha": _sha(out / "quotes.csv"),
            "report_sha": _sha(out / "report.html")}


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def run_assembly(parts: Path, whole: bool) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child-parts", str(parts), *(["--whole"] if whole else [])],
                         env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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
        for a in corpus.articles(n, seed, growing=GROWING):
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
    args.add_argument("--parts", action="store_true",
                      help="time the end of a run (actors, statements, quotes.csv, reports) over generated parts, "
                           "streamed, with peak RSS; --whole also runs the in-memory reference on the same parts")
    args.add_argument("--fixed-pool", action="store_true",
                      help="the older corpora: 2,000 names and one phrase bank at every size (no growth)")
    args.add_argument("--whole", action="store_true", help=argparse.SUPPRESS)
    args.add_argument("--child", help=argparse.SUPPRESS)
    args.add_argument("--child-parts", help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.fixed_pool:
        global GROWING
        GROWING = False
        os.environ["STANCE_BENCH_FIXED_POOL"] = "1"
    if opts.child:
        print(json.dumps(time_stages(opts.child)))
        return
    if opts.child_parts:
        print(json.dumps(time_assembly(opts.child_parts, opts.whole)))
        return
    if opts.parts:
        parts_mode(opts.articles, opts.seed, opts.whole)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="stance-scale-") as tmp:
        for n in opts.articles:
            if opts.crossdoc:
                path = Path(tmp) / f"quotes{n}.parquet"
                pd.DataFrame(corpus.quote_records(n, opts.seed, growing=GROWING)).to_parquet(path, index=False)
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


def parts_mode(sizes: list[int], seed: int, whole: bool) -> None:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="stance-scale-") as tmp:
            parts = Path(tmp) / "parts"
            write_parts(parts, n, seed)
            for reference in ([False, True] if whole else [False]):
                r = run_assembly(parts, reference)
                label = "in memory (reference)" if reference else "streamed"
                print(f"{n:>9,} articles {r['quotes']:>9,} quotes {r['actors']:>6,} actors {r['statements']:>9,} statements"
                      f"  [{label}]\n  CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in r["times"].items())
                      + "\n  peak RSS MiB after: " + ", ".join(f"{k} {v:,.0f}" for k, v in r["peaks_mib"].items())
                      + f"\n  quotes.csv {r['quotes_csv_sha']}, report.html {r['report_sha']}", flush=True)
                if not reference:
                    rows.append((n, r))
    if len(rows) > 1:
        sizes = [n for n, _ in rows]
        fits = {k: exponent(sizes, [r["times"][k] for _, r in rows]) for k in rows[0][1]["times"]}
        fits["peak RSS"] = exponent(sizes, [r["peaks_mib"]["tables+reports"] for _, r in rows])
        print("growth exponent b (~ articles^b): " + ", ".join(f"{k} {v:.2f}" for k, v in fits.items()))


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
