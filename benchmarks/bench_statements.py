"""Statement grouping on one speaker's near-identical quotes: time, texts met, growth.

    python benchmarks/bench_statements.py                        # 1,000 2,000 4,000 8,000 quotes
    python benchmarks/bench_statements.py --sizes 1000 8000 --reference f4ccdf6

Four invented cases, each n quotes of one actor: `number` (a sentence with a
changing number: n statements, every pair shares all words but one), `boilerplate`
(a long sentence with a changing number: one statement), `dates` (a sentence with
one of 28 dates: 28 statements, many repeats), `calendar` (weekday, day and month:
2,352 texts, each its own statement; the hard case left: each meets the earlier texts
of its day, bounded by the texts, not the quotes). Prints CPU seconds, the entries
`find` met (the work; near-linear means about twice for twice the quotes) and the
fitted exponent. `--reference REV` also runs the `statements.py` of commit REV in
the same process on the same input (its time, and whether its numbers are equal).
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance import statements  # noqa: E402

_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "january february march april may june july august september october november december".split()
CASES = {
    "number": lambda i: f"We will rebuild the pier by spring {i},",
    "boilerplate": lambda i: f"The council will meet again on the first working day of month {i} to hear the harbour plans",
    "dates": lambda i: f"The ferry will sail on March {i % 28 + 1}",
    "calendar": lambda i: f"The ferry sails {_DAYS[i // 28 % 7]} {i % 28 + 1} {_MONTHS[i // 196 % 12]}",
}


def reference(rev: str):
    """The statements module of commit `rev`, loaded beside this tree's (its imports resolve in `stance`)."""
    source = subprocess.run(["git", "show", f"{rev}:stance/statements.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "statements_reference.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("stance.statements_reference", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "stance"
    spec.loader.exec_module(module)
    return module


def timed(function, ids, texts):
    statements._words.cache_clear()
    start = time.process_time()
    numbers = function(ids, texts)
    return numbers, time.process_time() - start


def exponent(sizes, values):
    if len(sizes) < 2 or min(values) <= 0:
        return float("nan")
    xs, ys = [math.log(s) for s in sizes], [math.log(v) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--reference", metavar="REV", help="also time this commit's statements.py, same input")
    args = parser.parse_args()
    old = reference(args.reference) if args.reference else None
    for case in args.cases:
        print(f"{case}: quotes statements seconds met" + (f" | {args.reference} seconds equal ratio" if old else ""))
        times, mets = [], []
        for n in args.sizes:
            texts = [CASES[case](i) for i in range(n)]
            ids = ["aas-nils"] * n
            found = statements._group(ids, texts)
            numbers, seconds = timed(statements.statement_numbers, ids, texts)
            times.append(max(seconds, 1e-3))
            mets.append(found[1].met)
            line = f"  {n:>7,} {len(set(numbers.tolist())):>7,} {seconds:8.2f} {found[1].met:>9,}"
            if old:
                theirs, their_seconds = timed(old.statement_numbers, ids, texts)
                line += f" | {their_seconds:8.2f} {(theirs == numbers).all()!s:>5} {their_seconds / max(seconds, 1e-3):7.0f}x"
            print(line, flush=True)
        print(f"  exponent: seconds {exponent(args.sizes, times):.2f}, met {exponent(args.sizes, mets):.2f}")


if __name__ == "__main__":
    main()
