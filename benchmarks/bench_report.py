"""report.html at scale: a synthetic run with N actors, rebuilt with `rebuild_reports`.

Actors follow five stance profiles (so the coalition view has something to find),
quote counts are Zipf-distributed (many actors with one or two statements, a few
with dozens), dates span five months over six outlets, a dozen quotes have no
speaker and one document's url is a `javascript:` link. Prints the rebuild time,
the page size and peak RSS; with --screenshots DIR and Chromium installed it
also writes headless screenshots of the matrix (top, scrolled inside, filtered
and sorted), the coalitions, time and unattributed sections.

    python benchmarks/bench_report.py --actors 10 350 --screenshots /tmp/shots
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.records import Quote, quotes_to_frame  # noqa: E402
from stance.report import rebuild_reports  # noqa: E402

LABELS = ("interventionist", "non-interference", "concern", "support", "neutral")
PROFILES = ((.7, .05, .15, .05, .05), (.05, .7, .1, .05, .1), (.05, .05, .6, .2, .1), (.05, .05, .15, .65, .1),
            (.1, .1, .2, .1, .5))
WORDS = ("iraq syria border militia talks ceasefire sovereignty aid refugees oil security unity army troops "
         "withdraw dialogue threat stability envoy council").split()
OUTLETS = ("Rudaw", "AFP", "Reuters", "Al-Monitor", "Kurdistan24", "The National")
COUNTRIES = ("Iraq", "Iran", "Syria", "Turkey", "")


def synthetic_run(out: Path, n_actors: int, seed: int = 0) -> int:
    """Write quotes.csv, documents.csv and actors.csv for `n_actors`; returns the number of quotes."""
    rng = np.random.default_rng(seed)
    docs = [{"doc_id": f"d{d}", "source": OUTLETS[d % len(OUTLETS)], "title": f"Article {d}",
             "date": str(pd.Timestamp("2024-09-01") + pd.Timedelta(days=int(rng.integers(0, 150))))[:10],
             "url": "javascript://%0Aalert(document.cookie)" if d == 0 else f"https://example.org/news/{d}",
             "path": "", "n_quotes": 0} for d in range(2 * n_actors)]
    quotes = []
    for a in range(n_actors):
        k = min(60, int(rng.zipf(1.6)) if a > 5 else 25 - 3 * a)
        for j in range(k):
            probs = rng.dirichlet(np.array(PROFILES[a % len(PROFILES)]) * 8)
            label = LABELS[int(np.argmax(rng.multinomial(1, probs)))]
            doc = f"d{int(rng.integers(0, len(docs)))}"
            quotes.append(Quote(doc, f"{doc}:{a}:{j}", 0, 10, " ".join(rng.choice(WORDS, 8)), "direct",
                                speaker=f"Actor {a}", speaker_type="person", stance=label,
                                stance_score=float(probs.max()), probabilities=tuple(zip(LABELS, map(float, probs))),
                                model="synthetic", actor_id=f"actor-{a:03d}"))
    quotes += [Quote("d1", f"d1:u{j}", 0, 5, f"unattributed words {j}", "direct", stance="neutral",
                     probabilities=tuple((lab, 0.2) for lab in LABELS), model="synthetic") for j in range(12)]
    out.mkdir(parents=True, exist_ok=True)
    quotes_to_frame(quotes, LABELS).to_csv(out / "quotes.csv", index=False)
    pd.DataFrame(docs).to_csv(out / "documents.csv", index=False)
    pd.DataFrame({"actor_id": [f"actor-{a:03d}" for a in range(n_actors)],
                  "name": [f"Actor {a}" for a in range(n_actors)], "aliases": "", "type": "person",
                  "country": [COUNTRIES[a % len(COUNTRIES)] for a in range(n_actors)], "n_quotes": 0,
                  "n_docs": 0}).to_csv(out / "actors.csv", index=False)
    return len(quotes)


def _cut_before(selector: str) -> str:
    return f"var t={selector};while(t.previousSibling)t.parentNode.removeChild(t.previousSibling);"


VIEWS = {  # name: (script run after the page's own, window height)
    "top": ("", 1000),
    "scrolled": (_cut_before("document.querySelector('.controls')")
                 + "document.querySelector('.matrix-wrap').scrollTop=4000;", 1000),
    "filtered": ("var q=document.getElementById('q');q.value='iraq';q.dispatchEvent(new Event('input'));"
                 "var m=document.getElementById('minn');m.value='5';m.dispatchEvent(new Event('input'));"
                 "document.querySelectorAll('#matrix th')[4].click();"
                 + _cut_before("document.querySelector('.controls')"), 1000),
    "coalitions": (_cut_before("document.getElementById('coalitions')"), 1600),
    "time": (_cut_before("document.getElementById('time')"), 1400),
    "unattributed": (_cut_before("document.getElementById('unattributed')"), 1000),
}


def screenshots(report: Path, folder: Path, prefix: str) -> None:
    """Headless Chromium screenshots of a copy of the page with a view script appended (nothing fetched)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("  (no chromium: screenshots skipped)")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, (script, height) in VIEWS.items():
        page = folder / f"{prefix}-{name}.html"
        page.write_text(report.read_text(encoding="utf-8") + f"<script>{script}</script>", encoding="utf-8")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                            "--virtual-time-budget=2000", f"--screenshot={folder / f'{prefix}-{name}.png'}",
                            f"--window-size=1400,{height}", page.as_uri()], capture_output=True, timeout=120)
        print(f"  {folder / f'{prefix}-{name}.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, nargs="+", default=[10, 350])
    parser.add_argument("--screenshots", type=Path, metavar="DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.actors:
            out = Path(tmp) / f"run{n}"
            quotes = synthetic_run(out, n)
            started = time.perf_counter()
            rebuild_reports(out)
            seconds = time.perf_counter() - started
            size = (out / "report.html").stat().st_size
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n} actors, {quotes} quotes: rebuild {seconds:.1f}s, report.html {size / 1e6:.2f} MB, "
                  f"peak RSS {peak:.0f} MiB")
            if args.screenshots:
                screenshots(out / "report.html", args.screenshots, f"actors{n}")


if __name__ == "__main__":
    main()
