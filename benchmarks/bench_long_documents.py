"""Attribution and descriptions on very long documents: CPU seconds per 100,000 characters.

README accepts documents of up to 5,000,000 characters. Extraction parses them a piece at a
time (linear); what follows the parse must be near-linear too: resolving a pronoun or a
description, or describing a speaker, must not read the whole document each time. This joins
distinct training articles (data/stance/articles, written for this project) into one document
per length, parses each once (not timed), then times ``attribute()`` and ``describe_speakers()``
on it with this tree's code and with a reference tree's (``git archive REF stance``, imported
under another name in the same process), on the same parsed document, back to back, and counts
the quotes whose records differ (rules landed after REF change a few; a pure speed-up changes
none). A constant figure per 100,000 characters as the document grows is linear; a growing one
is not.

    python benchmarks/bench_long_documents.py [--lengths 100000 200000 400000] [--reference REF]
"""
from __future__ import annotations

import argparse
import importlib
import io
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.extract import _parse, _parse_end, _record  # noqa: E402
from stance.nlp import DEFAULT_PIPELINE, load_parser  # noqa: E402
from stance.quotes import find_quote_spans  # noqa: E402
from stance.records import Document  # noqa: E402

ARTICLES = ROOT / "data" / "stance" / "articles"
REFERENCE = "4ef8d84"  # main before mentions/describe indexed their mentions (the quadratic scans)
REFERENCE_PACKAGE = "stance_reference"


def articles():
    """Texts of the training articles, batch by batch (w1, w2, ...), each once."""
    for path in sorted(ARTICLES.glob("w*.jsonl"), key=lambda p: int(p.stem[1:])):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                yield json.loads(line)["text"]


def documents(lengths: list[int]) -> list[str]:
    """One document per length, each made of articles no other document uses."""
    source, out = articles(), []
    for length in lengths:
        parts, size = [], 0
        for text in source:
            parts.append(text)
            size += len(text) + 2
            if size >= length:
                break
        else:
            raise SystemExit(f"{ARTICLES}: only {size} characters of articles left for a {length}-character document")
        out.append("\n\n".join(parts))
    return out


def reference_package(ref: str, folder: Path):
    """The `stance` package of commit `ref`, importable as REFERENCE_PACKAGE (its data files too)."""
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "stance"], check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"git archive {ref}: cannot read the reference tree ({exc})") from exc
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "stance").rename(folder / REFERENCE_PACKAGE)
    lexicon = folder / REFERENCE_PACKAGE / "lexicon.py"  # its word lists, not this tree's
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace('files("stance")', f'files("{REFERENCE_PACKAGE}")'),
                       encoding="utf-8")
    sys.path.insert(0, str(folder))
    return (importlib.import_module(f"{REFERENCE_PACKAGE}.attribution").attribute,
            importlib.import_module(f"{REFERENCE_PACKAGE}.describe").describe_speakers)


def timed(attribute, describe_speakers, text: str, spans, parsed) -> tuple[float, list]:
    """CPU seconds of attributing and describing every quote of one document, and the records."""
    doc = Document("long", text)
    start = time.process_time()
    found = attribute(text, spans, parsed)
    quotes = describe_speakers(doc, [_record(doc, n, span, att) for n, (span, att) in enumerate(zip(spans, found), 1)])
    return time.process_time() - start, quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[100_000, 200_000, 400_000], metavar="CHARS")
    parser.add_argument("--reference", default=REFERENCE, metavar="REF",
                        help=f"git commit whose code is timed beside this tree's (default {REFERENCE})")
    args = parser.parse_args()
    from stance.attribution import attribute
    from stance.describe import describe_speakers

    nlp = load_parser(DEFAULT_PIPELINE)
    with tempfile.TemporaryDirectory() as tmp:
        reference = reference_package(args.reference, Path(tmp))
        print("attribute() + describe_speakers(), CPU seconds per 100,000 characters")
        print(f"{'characters':>10} {'quotes':>6} {'parse s':>8} | {'this tree':>9} {'reference':>9} {'speedup':>7} | quotes differing")
        for text in documents(args.lengths):
            spans = find_quote_spans(text)
            start = time.process_time()
            parsed = _parse(nlp, text[:_parse_end(text, spans)])
            parse = time.process_time() - start
            new, new_quotes = timed(attribute, describe_speakers, text, spans, parsed)
            old, old_quotes = timed(*reference, text, spans, parsed)
            differing = sum(asdict(a) != asdict(b) for a, b in zip(new_quotes, old_quotes))
            per = 100_000 / len(text)
            print(f"{len(text):>10,} {len(spans):>6} {parse:>8.1f} | {new * per:>9.2f} {old * per:>9.2f} "
                  f"{old / new:>6.1f}x | {differing}", flush=True)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (reference: {args.reference})")


if __name__ == "__main__":
    main()
