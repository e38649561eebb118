"""The `stance` command line.

Each command is a self-contained pair, `_add_<name>_parser(sub)` and
`_cmd_<name>(args) -> exit code`: the parser validates, the command checks paths
and calls a plain library function. User errors are one line, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .errors import StanceError
from .io import Skipped, prepare_out_dir, write_csv
from .nlp import DEFAULT_PIPELINE
from .pipeline import score

EXIT_USAGE = 2  # as argparse: the command was asked for something it will not do


def main(argv: list[str] | None = None) -> int:
    """Run the `stance` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="stance", description="Who said what in the news, and where they stand.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_score_parser(sub)
    _add_report_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StanceError as exc:
        _error(str(exc))
        return 1
    except OSError as exc:  # a file that vanished or became unreadable mid-run
        _error(f"{exc.filename or 'input/output'}: {exc.strerror or exc}")
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _add_score_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="extract the quotes of many documents into CSV tables",
                       description="Extract quotes from .txt files, folders of them, or .csv/.jsonl/.parquet "
                                   "tables with a 'text' column; write quotes.csv, documents.csv and errors.csv.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt file, folder, or .csv/.jsonl/.parquet table")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (must be new or empty)")
    p.add_argument("--force", action="store_true", help="replace the output files in an existing folder")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="parallel processes, each loading the parser once (default: 1, in-process)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary; problems are still reported")
    p.add_argument("--parser", default=DEFAULT_PIPELINE, metavar="NAME_OR_PATH",
                   help=f"spaCy pipeline package or folder (default: {DEFAULT_PIPELINE})")
    p.set_defaults(run=_cmd_score)


def _cmd_score(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        prepare_out_dir(out, args.force)
    except StanceError as exc:
        _error(str(exc))
        return EXIT_USAGE
    started = time.perf_counter()
    result = score([Path(p) for p in args.inputs], workers=args.workers, parser=args.parser,
                   progress=not args.quiet, on_skip=_report_skip)
    for name, frame in (("quotes.csv", result.quotes), ("documents.csv", result.documents),
                        ("errors.csv", result.errors)):
        write_csv(frame, out / name)
    if not args.quiet:
        print(f"stance: {len(result.documents)} documents, {len(result.quotes)} quotes, "
              f"{len(result.errors)} skipped in {time.perf_counter() - started:.1f}s -> {out}", file=sys.stderr)
    if result.documents.empty:
        _error(f"no document could be processed (reasons in {out / 'errors.csv'})")
        return 1
    return 0


def _add_report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="rebuild actors.csv, matrix.csv, agreement.csv and report.html",
                       description="Rebuild the reports from DIR/quotes.csv, e.g. after correcting stances, "
                                   "speakers or actor_ids by hand.")
    p.add_argument("dir", metavar="DIR", help="output folder of `stance score` (holds quotes.csv)")
    p.add_argument("--actors", metavar="FILE", help="actor registry (.csv or .yaml): actor_id, name, aliases, "
                                                   "type, country, role; re-groups speakers into actors")
    p.add_argument("--no-dedupe", action="store_true", help="count every report of a repeated quote")
    p.set_defaults(run=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .report import REPORT_FILES, rebuild_reports

    out = Path(args.dir)
    try:
        if not out.is_dir():
            raise StanceError(f"{out}: not a folder")
        registry = load_registry(args.actors) if args.actors else None
        quotes = rebuild_reports(out, dedupe=not args.no_dedupe, registry=registry)
    except StanceError as exc:
        _error(str(exc))
        return EXIT_USAGE
    actors = quotes["actor_id"].str.split(";").explode().replace("", None).nunique()
    print(f"stance: {len(quotes)} quotes, {actors} actors -> {', '.join(str(out / f) for f in REPORT_FILES)}",
          file=sys.stderr)
    return 0


def _report_skip(skipped: Skipped) -> None:
    tqdm.write(f"stance: error: {skipped.message()} (skipped)", file=sys.stderr)


def _error(message: str) -> None:
    print(f"stance: error: {message}", file=sys.stderr)


def _positive_int(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number
