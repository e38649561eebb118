"""Time to the first document and peak memory per process of `stance score`, as a user runs it.

Runs the command in a subprocess on copies of the seed articles (distinct doc_ids)
with one document per chunk, and watches it: the first document is done when the
first chunk's part (DIR/parts/000000.json: extracted and classified) appears. The
process tree is sampled every 50 ms for each process's resident memory, so the
peaks are lower bounds. Goal: first document in under 10 s.
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

import psutil

REPO = Path(__file__).resolve().parents[1]
GOAL_FIRST_SECONDS = 10.0


def build_corpus(folder: Path, documents: int) -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    words = 0
    for n, text in zip(range(documents), itertools.cycle(texts)):
        (folder / f"copy{n:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def watch(corpus: Path, out: Path, workers: int, engine: str = "processes"
          ) -> tuple[float | None, float, dict[int, tuple[str, int]], float]:
    """Seconds to the first finished chunk, seconds in all, {pid: (role, peak RSS bytes)}, and the CPU
    seconds the run's processes had used when the first chunk was done (what a loaded machine does
    not inflate: on an idle one the wait is at least that divided by the cores)."""
    command = [sys.executable, "-m", "stance", "score", str(corpus), "--out", str(out), "--workers", str(workers),
               "--chunk-size", "1", "--quiet", "--force", "--engine", engine]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    parent = psutil.Process(process.pid)
    first, peaks, cpu, first_cpu = None, {}, {}, float("nan")
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for proc in tree:
            try:
                times = proc.cpu_times()
                cpu[proc.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                continue
        if first is None and (out / "parts" / "000000.json").exists():
            first, first_cpu = time.perf_counter() - started, sum(cpu.values())
        for proc in tree:
            try:
                rss = proc.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            role = "parent" if proc.pid == parent.pid else "worker"
            peaks[proc.pid] = (role, max(rss, peaks.get(proc.pid, (role, 0))[1]))
        time.sleep(0.05)
    if process.wait() != 0:
        raise SystemExit(f"stance score failed with workers={workers}")
    return first, time.perf_counter() - started, peaks, first_cpu


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--documents", type=int, default=40)
    args.add_argument("--workers", type=int, default=2)
    args.add_argument("--engine", default="processes", choices=("processes", "dask"))
    opts = args.parse_args()
    with tempfile.TemporaryDirectory(prefix="stance-startup-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = build_corpus(corpus, opts.documents)
        first, seconds, peaks, first_cpu = watch(corpus, Path(tmp) / "out", opts.workers, opts.engine)
    goal = "" if first is None else (" (goal met)" if first < GOAL_FIRST_SECONDS else
                                     f" (goal: under {GOAL_FIRST_SECONDS:g} s)")
    print(f"corpus: {opts.documents} documents, {words:,} words; workers={opts.workers}, engine={opts.engine}")
    print(f"first document done after {first or float('nan'):.1f} s{goal}, when the run's processes had used "
          f"{first_cpu:.1f} CPU-s ({psutil.cpu_count()} cores); all in {seconds:.1f} s "
          f"({words / seconds:,.0f} words/s, start-up included)")
    for pid, (role, rss) in sorted(peaks.items(), key=lambda kv: kv[1][0] != "parent"):
        if rss > 50 * 2**20:  # leaves out the resource tracker
            print(f"  {role:<7} pid {pid}: peak {rss / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
