"""The `stance` command line (this branch: the `report` command only).

Each command is a self-contained pair, `_add_<name>_parser(sub)` and
`_cmd_<name>(args) -> exit code`, so branches merge by adding pairs. User
errors are one line, ``stance: error: ...``, exit 2; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import StanceError

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    """Run the `stance` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="stance", description="Who said what in the news, and where they stand.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_report_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


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
    from .report import rebuild_reports

    out = Path(args.dir)
    if not out.is_dir():
        raise StanceError(f"{out}: not a folder")
    registry = None
    if args.actors:
        from .registry import load_registry

        registry = load_registry(args.actors)
    quotes = rebuild_reports(out, dedupe=not args.no_dedupe, registry=registry)
    print(f"stance: {len(quotes)} quotes, {quotes['actor_id'].replace('', None).nunique()} actors -> "
          f"{', '.join(str(out / f) for f in ('actors.csv', 'matrix.csv', 'agreement.csv', 'report.html'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
