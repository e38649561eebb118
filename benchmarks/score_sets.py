"""Score gold sets end to end (`stance score`, then the reference scorer), and compare two runs speaker by speaker.

The lead's check of every change to attribution: each set through `stance score` exactly as users run it, scored
by ../shared/tools/quote_eval.py; then, between two runs (a tree before and after a change), the gold quotes whose
speaker became right or wrong, per set. The runs use this checkout's code (the command runs from its root), so
to compare two commits, run this script from a worktree of each.

    python benchmarks/score_sets.py spent --out runs/before
    python benchmarks/score_sets.py gn3 blind5 path/to/new.jsonl --out runs/after
    python benchmarks/score_sets.py --compare runs/before runs/after [--show]

SET: seeds, dev, polnear, blind, blindN, gnN, tN (data/attribution/train), a gold JSONL's path, or `spent` (every
set here). Stance sets run with the default model and the general-news ones (gn, t, polnear: no stance labels)
with `--model fast`, as speakers do not depend on the model; `--model` sets one model for all. Writes
DIR/SET/quotes.csv, DIR/SET/score.json and a line per set to DIR/figures.tsv. `--show` prints the quotes that
moved: never use it on a held-out set nobody may read.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIGURES = ("quote_f1", "speaker_accuracy", "attribution_f1", "stance_macro_f1")
UNLABELLED = re.compile(r"(gn\d+|t\d+|polnear)$")  # sets without stance labels: speakers only


def gold_path(name: str) -> Path:
    """The gold JSONL a set name stands for (or the path itself)."""
    named = {"seeds": SHARED / "gold" / "seeds.jsonl", "dev": SHARED / "gold" / "dev.jsonl",
             "polnear": SHARED / "gold" / "polnear-dev.jsonl", "blind": REPO / "data" / "stance" / "blind.jsonl"}
    if name in named:
        return named[name]
    if re.fullmatch(r"blind\d+", name):
        return REPO / "data" / "stance" / name / f"{name}.jsonl"
    if re.fullmatch(r"gn\d+", name):
        return REPO / "data" / "attribution" / f"{name}.jsonl"
    if re.fullmatch(r"t\d+", name):
        return REPO / "data" / "attribution" / "train" / f"{name}.jsonl"
    return Path(name)


def spent_sets() -> list[str]:
    """Every set of the repository and ../shared, in a fixed order (seeds, dev, polnear, blind*, gn*, t*)."""
    def numbered(folder: Path, pattern: str) -> list[str]:
        return sorted((m.group(0) for p in folder.glob("*") if (m := re.fullmatch(pattern, p.stem))),
                      key=lambda s: int(re.sub(r"\D", "", s)))
    return ["seeds", "dev", "polnear", "blind", *numbered(REPO / "data" / "stance", r"blind\d+"),
            *numbered(REPO / "data" / "attribution", r"gn\d+"), *numbered(REPO / "data" / "attribution" / "train", r"t\d+")]


def set_name(name: str) -> str:
    return Path(name).stem if name.endswith(".jsonl") else name


def reference_scorer():
    spec = importlib.util.spec_from_file_location("quote_eval", SHARED / "tools" / "quote_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(name: str, out: Path, model: str | None, workers: int, scorer) -> dict:
    """One set through `stance score` (in a subprocess, from the repository's root) and the reference scorer."""
    gold, folder = gold_path(name), out / set_name(name)
    source = REPO / "seeds" if name == "seeds" else gold  # the seeds' gold names files in the seeds folder
    model = model or ("fast" if UNLABELLED.match(set_name(name)) else None)
    command = [sys.executable, "-m", "stance", "score", str(source), "--out", str(folder), "--workers", str(workers),
               "--force", "--quiet", *(["--model", model] if model else [])]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{name}: stance score failed: {done.stderr.strip().splitlines()[-1:]}")
    figures = scorer.score(str(gold), str(folder / "quotes.csv"))
    (folder / "score.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return figures


def wrong_speakers(scorer, gold: Path, quotes: Path) -> set[tuple[str, str]]:
    """The gold quotes (document, the scorer's excerpt of the quote) missed or given a wrong speaker."""
    errors = scorer.score(str(gold), str(quotes), show_errors=True)["errors"]
    found = (re.match(r"(?:SPK|FN) (\S+) (.*)", e) for e in errors)
    return {(m.group(1), m.group(2).split(": got ")[0].strip("'\"")[:40]) for m in found if m}


def compare(before: Path, after: Path, show: bool, scorer) -> tuple[int, int]:
    """Per set run in both: gold quotes whose speaker became right (+) or wrong (-); the totals."""
    gained = lost = 0
    for line in (after / "figures.tsv").read_text(encoding="utf-8").splitlines():
        name, gold = line.split("\t")[:2]
        if not (before / name / "quotes.csv").is_file():
            continue
        was, now = (wrong_speakers(scorer, Path(gold), run / name / "quotes.csv") for run in (before, after))
        plus, minus = was - now, now - was
        gained, lost = gained + len(plus), lost + len(minus)
        if plus or minus:
            print(f"{name}: +{len(plus)} -{len(minus)}")
            for sign, quotes in (("+", plus), ("-", minus)):
                for doc, quote in sorted(quotes) if show else ():
                    print(f"   {sign} {doc} {quote}")
    print(f"total +{gained} -{lost}")
    return gained, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", metavar="SET")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--model", help="one model for every set (default: the default model; fast for gn, t, polnear)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--show", action="store_true", help="with --compare: print the quotes that moved")
    args = parser.parse_args()
    scorer = reference_scorer()
    if args.compare:
        compare(*args.compare, args.show, scorer)
        return
    if not args.sets or args.out is None:
        parser.error("name sets and --out (or --compare BEFORE AFTER)")
    names = [s for name in args.sets for s in (spent_sets() if name == "spent" else [name])]
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "figures.tsv").open("w", encoding="utf-8") as table:
        for name in names:
            figures = score_set(name, args.out, args.model, args.workers, scorer)
            cells = [str(figures.get(k, "")) for k in FIGURES]
            table.write("\t".join([set_name(name), str(gold_path(name)), *cells]) + "\n")
            table.flush()
            print(set_name(name), *(f"{k}={v}" for k, v in zip(FIGURES, cells)), flush=True)


if __name__ == "__main__":
    main()
