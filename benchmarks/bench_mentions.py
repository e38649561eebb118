"""Extraction after the parse, in CPU seconds, this tree beside a reference tree in one process.

Parses synthetic articles (benchmarks/corpus.py) once, then times
`extract_quotes` on the cached parses (mentions, the sieves, the speakers'
descriptions: what a worker does after spaCy), for this tree and, with
``--reference TREE``, for another checkout of the project loaded in the same
process (each tree's modules are put back in place before its runs, so lazy
imports find their own tree). Runs alternate, the fastest of ``--rounds`` is
kept, and the figures are printed as a ratio, which a loaded or faster machine
leaves alone. Both trees must give the same quotes; a difference is reported.

``--growth`` also times one invented document of N short quotes on one line
(the same speaker each time) for N = 500 ... 4,000: the CPU per quote should
stay flat (it grew with N before the tenth session).

    python benchmarks/bench_mentions.py [--articles 160] [--reference /path/to/tree] [--growth]
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "benchmarks"))


def _load(tree: Path) -> tuple[object, dict]:
    """`stance.extract` of `tree`, and that tree's modules (to put back before running it)."""
    for name in [m for m in sys.modules if m == "stance" or m.startswith("stance.")]:
        del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        extract = importlib.import_module("stance.extract")  # (stance.extract is also a function)
    finally:
        sys.path.remove(str(tree))
    return extract, {m: mod for m, mod in sys.modules.items() if m == "stance" or m.startswith("stance.")}


def _run(tree: tuple[object, dict], docs: list, parsed: list) -> tuple[float, list]:
    extract, modules = tree
    sys.modules.update(modules)
    start = time.process_time()
    out = [extract.extract_quotes(doc, parsed=p) for doc, p in zip(docs, parsed)]
    return time.process_time() - start, out


def _rows(quotes: list) -> list[tuple]:
    return [(q.text, q.speaker, q.speaker_start, q.speaker_role, q.speaker_country, q.sieve) for qs in quotes for q in qs]


def _many_quotes(n: int) -> str:
    return '"Yes," said Ana. ' * n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=160)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reference", type=Path, help="another checkout of the project, timed beside this one")
    ap.add_argument("--growth", action="store_true", help="also time one document of N quotes, N = 500 ... 4,000")
    args = ap.parse_args()
    trees = {"this": _load(HERE)}
    if args.reference:
        trees["reference"] = _load(args.reference.resolve())
    sys.modules.update(trees["this"][1])
    import corpus
    from stance.nlp import load_parser
    from stance.records import Document

    extract = trees["this"][0]
    nlp = load_parser()
    docs = [Document(a.doc_id, a.text) for a in corpus.articles(args.articles)]
    parsed = [extract._parse(nlp, extract.parse_text(d.text)) if extract.parse_text(d.text) else None for d in docs]
    keep = [k for k, p in enumerate(parsed) if p is not None]
    docs, parsed = [docs[k] for k in keep], [parsed[k] for k in keep]
    print(f"{len(docs)} articles with quotes, {sum(len(p) for p in parsed):,} tokens; fastest of {args.rounds} rounds")
    _report(trees, docs, parsed, args.rounds, "articles")
    if args.growth:
        for n in (500, 1000, 2000, 4000):
            text = _many_quotes(n)
            sys.modules.update(trees["this"][1])
            big = [extract._parse(nlp, extract.parse_text(text))]
            _report(trees, [Document(f"many{n}", text)], big, 1, f"{n} quotes", per_quote=n)


def _report(trees: dict, docs: list, parsed: list, rounds: int, label: str, per_quote: int = 0) -> None:
    best, outs = {}, {}
    for _ in range(rounds):
        for name, tree in trees.items():
            seconds, outs[name] = _run(tree, docs, parsed)
            best[name] = min(best.get(name, seconds), seconds)
    line = "  ".join(f"{name} {s:.2f} CPU s" + (f" ({s / per_quote * 1000:.3f} ms/quote)" if per_quote else "")
                     for name, s in best.items())
    if "reference" in best:
        line += f"  reference/this {best['reference'] / best['this']:.2f}x"
        line += "  same quotes" if _rows(outs["this"]) == _rows(outs["reference"]) else "  QUOTES DIFFER"
    print(f"{label}: {line}", flush=True)


if __name__ == "__main__":
    main()
