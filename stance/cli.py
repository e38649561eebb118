"""The `stance` command line.

Each command is a self-contained pair, `_add_<name>_parser(sub)` and
`_cmd_<name>(args) -> exit code`: the parser validates, the command checks paths
and calls a plain library function. User errors are one line, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .errors import StanceError, file_in_the_way, os_reason
from .io import ReadOptions, Skipped, read_meta, read_quotes, undated
from .nlp import DEFAULT_PIPELINE
from .outputs import OutputSet
from .assembly import write_run
from .pipeline import ENGINES, run, score
from .report import REPORT_FILES, RUN_FILES, excel_copies
from .workers import BUDGET_CAP, BUDGET_CHARS, CHUNK_SIZE, DOC_TIMEOUT


# Exit codes: 0 done; 1 nothing could be processed; 2 (as argparse) the command was
# asked for something it cannot do (bad option, output folder, model, codebook).
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    """Run the `stance` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="stance", description="Who said what in the news, and where they stand.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_score_parser(sub)
    _add_report_parser(sub)
    _add_train_parser(sub)
    _add_evaluate_parser(sub)
    _add_review_parser(sub)
    _add_dna_parser(sub)
    args = parser.parse_args(argv)
    previous = _stop_on_sigterm()
    try:
        if _finish_swaps(args) and getattr(args, "resume", False):  # what --resume was for is done
            return 0
        return args.run(args)
    except StanceError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except OSError as exc:  # a file that vanished or became unreadable mid-run
        _error(f"{exc.filename or 'input/output'}: {os_reason(exc)}")
        return 1
    except KeyboardInterrupt as exc:  # an output folder's hold says what it holds now
        terminated = isinstance(exc, Terminated)
        _error(("terminated" if terminated else "interrupted") + (f": {exc.args[0]}" if exc.args else ""))
        return 143 if terminated else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _finish_swaps(args: argparse.Namespace) -> bool:
    """Before a command reads or writes an output folder: finish the swap of new files for old
    that a stopped run (a kill, a full disk) began there, so it reads one whole set. Whether
    `stance score --resume`'s folder was one (then nothing is left to resume)."""
    from .outputs import finish_swap

    finished = False
    for folder in dict.fromkeys(getattr(args, name, None) for name in ("dir", "into", "out")):
        if folder and finish_swap(folder):
            resumed = getattr(args, "resume", False) and folder == getattr(args, "out", None)
            finished = finished or resumed
            print(f"stance: note: {folder}: finished replacing its files with the new ones, which a stopped run "
                  "had begun; its output set is complete" + (": nothing left to resume" if resumed else ""),
                  file=sys.stderr)
    return finished


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill PID`, a scheduler or container stopping the job): stopped as Ctrl-C stops a run,
    so the workers end with it and one line says what DIR holds and that --resume finishes it."""


def _stop_on_sigterm():
    """Raise `Terminated` in the main thread on SIGTERM; the previous handler (None off the main thread)."""
    def stop(signum, frame):
        raise Terminated()

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a caller's thread): leave signals alone
        return None


def _add_score_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="extract the quotes of many documents into CSV tables",
                       description="Extract quotes from .txt files, folders of them, or .csv/.jsonl/.json/.parquet "
                                   "tables with a 'text' column; write quotes.csv, documents.csv and errors.csv.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt or .html file, folder, or .csv/.jsonl/.json/.parquet table")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (must be new or empty)")
    p.add_argument("--force", action="store_true", help="replace the output files in an existing folder")
    p.add_argument("--discard-review", action="store_true",
                   help="with --force over a set reviewed in Label Studio: replace the reviewed quotes too")
    p.add_argument("--resume", action="store_true",
                   help="finish an interrupted run into DIR: chunks of documents already in DIR/parts are not redone")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv",
                   help="parquet: write every table as .parquet too (default: csv only)")
    p.add_argument("--chunk-size", type=_positive_int, default=CHUNK_SIZE, metavar="N",
                   help=f"documents per chunk: per worker task, per part in DIR/parts (default: {CHUNK_SIZE})")
    p.add_argument("--doc-timeout", type=_seconds, default=DOC_TIMEOUT, metavar="SECONDS",
                   help=f"seconds a document's extraction may take before it is skipped, per {BUDGET_CHARS:,} "
                        f"characters of a longer one, at most {BUDGET_CAP} times this (default: {DOC_TIMEOUT:g}, "
                        f"so {DOC_TIMEOUT * BUDGET_CAP / 60:g} minutes at most; 0: no limit)")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="parallel processes, each loading the parser once (default: 1, in-process)")
    p.add_argument("--engine", choices=ENGINES, default="processes",
                   help="processes: --workers local processes (default); dask: tasks on a Dask cluster, "
                        "a local one with --workers worker processes or the one at --scheduler")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary; problems are still reported")
    p.add_argument("--parser", default=DEFAULT_PIPELINE, metavar="NAME_OR_PATH",
                   help=f"spaCy pipeline package or folder (default: {DEFAULT_PIPELINE})")
    _add_reading_options(p)
    p.add_argument("--meta", metavar="FILE.csv", help="doc_id and any of date, source, title, url: "
                                                       "overrides what the inputs state")
    _add_model_options(p)
    _add_grouping_options(p)
    p.set_defaults(run=_cmd_score)


def _add_reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text-column", default="text", metavar="NAME", help="table column holding the text "
                                                                       "(default: text)")
    p.add_argument("--encoding", default="utf-8", type=_encoding, metavar="NAME",
                   help="encoding of the input files (default: utf-8). A single-byte code page (cp1252, "
                        "latin-1, ...) reads only what is not UTF-8: UTF-8 files, lines and bytes stay UTF-8, and "
                        "a byte-order mark says its own encoding; --meta and --actors are read so too")


def _add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--codebook", metavar="PATH", help="stance codebook (.yaml); default: the shipped one")
    p.add_argument("--model", metavar="FOLDER", help="model folder from `stance train`, a shipped model's "
                   "name ('fast': TF-IDF only, no encoder: classifying costs ~1/120 of the default's, and macro-F1 is "
                   "~7 points lower), or 'zero-shot' (default: $STANCE_MODEL if set, else models/default)")


def _add_grouping_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actors", metavar="FILE", help="actor registry (.csv or .yaml): actor_id, name, aliases, "
                                                   "type, country, role; overrides the automatic grouping")
    p.add_argument("--no-dedupe", action="store_true", help="count every report of a repeated quote in the matrix")
    p.add_argument("--excel-safe", action="store_true",
                   help="also write NAME.excel.csv copies of the tables, with cells that start like a "
                        "formula (= + - @) prefixed by ' so a spreadsheet shows them as text")


def _cmd_score(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.scheduler and args.engine != "dask":
        raise StanceError("--scheduler needs --engine dask")
    if any(Path(p).is_dir() and Path(p).resolve() == out.resolve() for p in args.inputs):
        raise StanceError(f"{out}: the output folder is an input folder (its articles would share it with the "
                          f"results, which the next run skips): write elsewhere, e.g. --out {Path(out, 'run')}")
    if _is_model_folder(out):  # --force replaced the model's manifest with the set's: the model was lost
        raise StanceError(f"{out} is a model folder (its manifest.json is a model's): score into another --out")
    _check_review_kept(out, args)
    if args.resume:
        _check_resume_inputs(out, args.inputs)
        if changed := _changed_since_parts(out):
            print(f"stance: note: --resume: {_counted(len(changed), 'input')} changed since the interrupted run "
                  f"({_first(changed)}): the finished chunks holding {'it' if len(changed) == 1 else 'them'} are "
                  "redone from the inputs as they are now", file=sys.stderr)
        if added := _added_since_parts(out, args.inputs):
            print(f"stance: note: --resume: {_counted(len(added), 'input')} added since the interrupted run "
                  f"({_first(added)}): the finished chunks {'it falls' if len(added) == 1 else 'they fall'} in are "
                  f"redone with {'it' if len(added) == 1 else 'them'}; the other finished chunks are kept",
                  file=sys.stderr)
    reading = ReadOptions(args.text_column, args.encoding, read_meta(args.meta, args.encoding) if args.meta else None)
    if bad := undated(reading.meta or {}):
        named = ", ".join(f"{doc_id}: {date!r}" for doc_id, date in bad[:3]) + (" ..." if len(bad) > 3 else "")
        print(f"stance: note: {args.meta}: {_counted(len(bad), 'date')} not read as a date ({named}): kept as "
              "written; a matrix by period leaves those documents' quotes out", file=sys.stderr)
    started = time.perf_counter()
    report_skip = _SkipLines(out / "errors.csv")
    with OutputSet(out, force=args.force, resume=args.resume) as output:
        result = run([Path(p) for p in args.inputs], workers=args.workers, parser=args.parser,
                     progress=not args.quiet, on_skip=report_skip, codebook=args.codebook, model=args.model,
                     actors=args.actors, timeout=args.doc_timeout or None, parts=output.parts, resume=args.resume,
                     chunk_size=args.chunk_size, reading=reading, engine=args.engine, scheduler=args.scheduler)
        if result.documents.empty and output.holds_earlier_set():  # --force or --resume over finished results
            output.abandon()
            if report_skip.hidden:  # errors.csv stays the earlier set's: the reasons, counted, here
                print(f"stance: skipped, by reason: {_by_reason(result.errors['reason'])}", file=sys.stderr)
            _error(f"no document could be processed; the earlier output set in {out} is unchanged")
            return 1
        # errors.csv's notes (a document read with a repair, a table's HTML cells) were read, not skipped
        skipped = int((~result.errors["reason"].astype(str).str.endswith("processed)")).sum())
        names = write_run(output.staging, result, dedupe=not args.no_dedupe, parquet=args.format == "parquet",
                          progress=not args.quiet)
        if args.excel_safe:
            names += excel_copies(output.staging)
        output.commit(names, {"documents": len(result.documents), "quotes": len(result.actor_ids),
                              "skipped": skipped})
    if report_skip.hidden:
        print(f"stance: skipped, by reason: {_by_reason(result.errors['reason'])}", file=sys.stderr)
    if not args.quiet:
        print(f"stance: {len(result.documents)} documents, {len(result.actor_ids)} quotes, "
              f"{skipped} skipped in {time.perf_counter() - started:.1f}s -> {out}", file=sys.stderr)
    if result.documents.empty:
        _error(f"no document could be processed (reasons in {out / 'errors.csv'})")
        return 1
    return 0


def _check_resume_inputs(out: Path, inputs: list[str]) -> None:
    """--resume given other inputs than the interrupted run's (a wrong folder or table named): every
    finished chunk was redone from the new inputs and the earlier run's work was dropped without a word.
    Refused when no document or skipped input of the finished chunks comes from an input given now (a
    chunk's fingerprint holds its inputs' paths, so none of them could have been kept anyway)."""
    import fnmatch

    given = [os.path.abspath(i) for i in inputs]

    def ours(path: str) -> bool:  # the input itself, a file in its folder, or a file its pattern matched
        path = os.path.abspath(path)
        return any(path == i or path.startswith(i.rstrip(os.sep) + os.sep)
                   or any(fnmatch.fnmatchcase(str(p), i) for p in (Path(path), *Path(path).parents)) for i in given)

    seen: list[str] = []
    for _, paths, _ in _finished_parts(out):
        if any(ours(p) for p in paths):
            return
        seen += paths[:1]
    if seen:
        raise StanceError(f"{out}: --resume with other inputs: no document of its {_counted(len(seen), 'finished chunk')} "
                          f"comes from {', '.join(inputs[:3])}{' ...' * (len(inputs) > 3)} (the run was "
                          f"started on {seen[0]}{', ...' * (len(seen) > 1)}): give the inputs it was started with, "
                          "or start over with --force")


def _changed_since_parts(out: Path) -> list[str]:
    """The inputs of an interrupted run's finished chunks changed (or gone) since their part was written: the
    run redoes those chunks (their fingerprint no longer matches), which a note should say, not hide."""
    changed: dict[str, None] = {}  # (ordered, and a membership test in constant time for many inputs)
    for _, paths, written in _finished_parts(out):
        for path in paths:
            if path in changed:
                continue
            try:  # a folder's own note (tables not read): adding a file moves its mtime, not the note
                if Path(path).stat().st_mtime > written and not Path(path).is_dir():
                    changed[path] = None
            except OSError:
                if Path(path).name and not Path(path).exists():
                    changed[path] = None
    return list(changed)


def _added_since_parts(out: Path, inputs: list[str]) -> list[str]:
    """Text files of the inputs (folders, patterns) that an interrupted run's finished chunks do not hold and
    that lie among them: the nearest files before and after are in one finished chunk or in two that follow
    each other (or the first chunk is next). Files after the finished chunks, or where a chunk did not finish,
    are not added ones."""
    from .io import text_files

    part_of = {path: index for index, paths, _ in _finished_parts(out) for path in paths}
    files = text_files(inputs) if part_of else []
    before = [None] * len(files)  # the finished chunk of the nearest held file before each file
    last = -1 if 0 in part_of.values() else None  # the first chunk began with the first file
    for k, path in enumerate(files):
        before[k], last = last, part_of.get(path, last)
    added, after = [], None
    for k in range(len(files) - 1, -1, -1):
        if files[k] not in part_of and None not in (before[k], after) and after - before[k] in (0, 1):
            added.append(files[k])
        after = part_of.get(files[k], after)
    return added[::-1]


def _finished_parts(out: Path) -> list[tuple[int, list[str], float]]:
    """The finished chunks an interrupted run left in OUT/parts: index, the paths of their inputs
    (documents and skipped ones), when the part was written. An unreadable part is left out (the run
    redoes it)."""
    import json

    parts = []
    for part in sorted((out / "parts").glob("[0-9]*.json")) if (out / "parts").is_dir() else []:
        try:
            meta = json.loads(part.read_text(encoding="utf-8"))
            paths = [d.get("path") for d in meta.get("documents") or []] + \
                [e.get("source") for e in meta.get("errors") or []]
            parts.append((int(part.stem), list(dict.fromkeys(str(p) for p in paths if p)), part.stat().st_mtime))
        except (OSError, ValueError, AttributeError):
            continue
    return parts


def _check_review_kept(out: Path, args: argparse.Namespace) -> None:
    """A run over a set a person has reviewed would replace their corrections with the machine's
    reading (corrections.csv stays, but quotes.csv, the matrix and reviewed.csv are the new run's):
    refused unless --discard-review says that is meant."""
    from .review import REVIEWED_FILE, review_held

    if not (args.force or args.resume) or args.discard_review or not (held := review_held(out)):
        return
    count, exports = held
    files = " ".join(exports) or "EXPORT.json"
    raise StanceError(f"{out} holds a review ({count}: {out / REVIEWED_FILE}); a new run would replace it with the "
                      f"machine's reading. Score into another --out and import the review's Label Studio "
                      f"export{'s' * (len(exports) > 1)} there (stance review import {files} --into NEWDIR), "
                      "or pass --discard-review")


def _add_report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="rebuild actors.csv, matrix.csv, agreement.csv and report.html",
                       description="Rebuild the reports from DIR/quotes.csv, e.g. after correcting stances, "
                                   "speakers or actor_ids by hand.")
    p.add_argument("dir", metavar="DIR", help="output folder of `stance score` (holds quotes.csv)")
    _add_grouping_options(p)
    p.add_argument("--encoding", default="utf-8", type=_encoding, metavar="NAME",
                   help="encoding of the --actors file (default: utf-8), as `stance score --encoding` reads it")
    p.set_defaults(run=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .report import REBUILD_COLUMNS, read_outputs, rebuild_set

    out = Path(args.dir)
    if not out.is_dir():
        raise StanceError(f"{out}: not a folder")
    registry = load_registry(args.actors, args.encoding) if args.actors else None
    outputs = read_outputs(out, REBUILD_COLUMNS)  # a malformed quotes.csv fails here, before the folder is touched
    quotes, note = rebuild_set(out, outputs, dedupe=not args.no_dedupe, registry=registry,
                               excel_safe=args.excel_safe)
    if note:
        print(f"stance: note: {note}", file=sys.stderr)
    actors = quotes["actor_id"].str.split(";").explode().replace("", None).nunique()
    print(f"stance: {len(quotes)} quotes, {actors} actors -> {', '.join(str(out / f) for f in REPORT_FILES)}",
          file=sys.stderr)
    return 0


def _add_train_parser(sub: argparse._SubParsersAction) -> None:
    from .encoder import DEFAULT_ENCODER
    from .model import RUN_DTYPES

    p = sub.add_parser("train", help="fit and cross-validate a stance classifier; write a model folder",
                       description="Train on a CSV of annotated quotes (columns text, label; optional cue, "
                                   "sentence, source), report cross-validation (one writer held out at a "
                                   "time when `source` names three or more), write FOLDER with "
                                   "classifier.safetensors, classifier.json and manifest.json.")
    p.add_argument("data", metavar="DATA.csv", help="annotated quotes")
    p.add_argument("--out", required=True, metavar="FOLDER", help="model folder to write (e.g. models/mine)")
    p.add_argument("--codebook", metavar="PATH", help="stance codebook (.yaml); default: the shipped one")
    p.add_argument("--like", metavar="FOLDER",
                   help="train as the model in FOLDER was trained (e.g. models/default, or a shipped model's name): "
                        "its kind, --param values, encoder, seed, folds, --no-refit, --calibrate-on and "
                        "--run-dtype, as its manifest records them; the options given here override them. Not "
                        "taken: the data and --codebook. Folders written before 2026-11-30 (ninth session) do not "
                        "record the --folds asked (the folds they used are taken), and parameters added to a kind "
                        "since a folder was written take their defaults; a manifest edited by hand is read as it is. A "
                        "folder made by --recalibrate: its training is repeated, and the command that repeats the "
                        "recalibration is printed. A folder averaged from several models (the shipped default): its parents' recipe is "
                        "trained once, and the steps that rebuild the average are printed")
    p.add_argument("--kind", metavar="KIND",
                   help="classifier: hybrid (default), embedding, tfidf, finetune (MiniLM fine-tuned "
                        "end to end; validated on a 20%% held-out split), or finetune-hybrid (the fine-tuned "
                        "encoder, reading the sentence with the quote marked, in a vote with TF-IDF)")
    p.add_argument("--encoder", metavar="NAME_OR_PATH",
                   help=f"sentence encoder: {DEFAULT_ENCODER} (shipped, the default) or a local model folder")
    p.add_argument("--folds", type=_positive_int, metavar="K",
                   help="cross-validation folds when the data names fewer than three writers (default: 5)")
    p.add_argument("--seed", type=int, help="random seed for the folds and the fit (default: 0)")
    p.add_argument("--refit", action=argparse.BooleanOptionalAction,
                   help="fine-tuned kinds only: --no-refit saves the model fitted on the 80%% not held out (half the "
                        "training time); --refit fits again on all rows (the default)")
    p.add_argument("--calibrate-on", metavar="TEXT",
                   help="fit the temperature on the held-out predictions of the rows whose source column "
                        "contains TEXT (e.g. 'article batch': quotes as the pipeline finds them); default: all "
                        "rows ('' says so over --like)")
    p.add_argument("--run-dtype", choices=RUN_DTYPES,
                   help="fine-tuned kinds only: how the model's encoder runs wherever it is loaded, written into "
                        "its manifest (the shipped default runs in int8: 1.3x the quotes per second); default: "
                        "float32, or the --like folder's")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="set one of the kind's hyper-parameters, typed by its default (repeatable), e.g. "
                        "--param epochs=3 --param train_layers=2; an unknown key lists the kind's parameters")
    p.add_argument("--recalibrate", metavar="MODEL",
                   help="train nothing: copy MODEL with its temperature refitted on its predictions for DATA's "
                        "rows (writers it never saw; --calibrate-on filters them); predictions stay the same")
    p.add_argument("--encoding", default="utf-8", type=_encoding, metavar="NAME",
                   help="encoding of DATA.csv (default: utf-8); a single-byte code page (cp1252, ...) reads only "
                        "what is not UTF-8, as `stance score --encoding` does")
    p.add_argument("--force", action="store_true", help="replace an existing model folder")
    p.set_defaults(run=_cmd_train)


def _cmd_train(args: argparse.Namespace) -> int:
    from .codebook import load_codebook
    from .model import recover_model_folder
    from .training import Recipe, read_recipe, train_model

    out = Path(args.out)
    if note := recover_model_folder(out):  # before the training, not after it
        print(f"stance: note: {note}", file=sys.stderr)
    if out.exists() and not out.is_dir():  # --force renamed it aside, then failed: the file was hidden
        raise StanceError(f"output path {out} exists and is not a folder")
    if out.exists() and not args.force:
        raise StanceError(f"model folder {out} exists: pass --force to replace it")
    if (blocking := file_in_the_way(out.parent)) is not None:  # found now, not after the training
        raise StanceError(f"cannot write model folder {out}: {blocking} is a file, not a folder")
    if out.is_dir() and (names := sorted(p.name for p in out.iterdir())) and not _is_model_folder(out):
        # --force replaced the whole folder: an output set (its review too) or the training CSV itself was lost
        raise StanceError(f"{out} is not a model folder (it holds {', '.join(names[:3])}{' ...' * (len(names) > 3)}): "
                          "--force replaces only a model folder; give --out a new folder")
    if args.recalibrate:
        return _recalibrate(args, out)
    recipe = Recipe()
    if args.like:
        folder, recipe = read_recipe(args.like)
    recipe = recipe.overridden(args.kind, args.param, args.encoder, args.seed, args.folds, args.refit,
                               args.calibrate_on, args.run_dtype)
    if args.like:
        print(f"stance: like {folder}: {recipe.describe()}", file=sys.stderr)
        if recipe.recalibrated:
            file, rows, contains, _ = recipe.recalibrated
            print(f"stance: note: {folder} was recalibrated after its training (its temperature refitted on "
                  f"{rows} rows of {file}" + (f" whose source contains {contains!r}" if contains else "")
                  + f"); --like repeats the training only; to repeat that step too: {recipe.recalibration_step(out)}",
                  file=sys.stderr)
        if recipe.averaged:
            print(f"stance: note: {recipe.average_note(folder, args.data)}", file=sys.stderr)
    manifest = train_model(args.data, out, load_codebook(args.codebook), kind=recipe.kind, encoder=recipe.encoder,
                           folds=recipe.folds, seed=recipe.seed, progress=True, refit=recipe.refit,
                           calibrate_on=recipe.calibrate_on, params=recipe.params, run_dtype=recipe.run_dtype,
                           encoding=args.encoding)
    cv = manifest["cross_validation"]
    per_label = ", ".join(f"{lab} {f1:.3f}" for lab, f1 in cv["per_label_f1"].items())
    print(f"stance: {manifest['training_data']['rows']} quotes, {cv['method']} macro-F1 {cv['macro_f1']:.3f} "
          f"(accuracy {cv['accuracy']:.3f}, ECE {cv['ece']:.3f}; {per_label}) -> {out}", file=sys.stderr)
    if args.like and recipe.recalibrated:
        print(f"stance: next, as {folder} was: {recipe.recalibration_step(out)}", file=sys.stderr)
    if args.like and recipe.averaged:
        print(f"stance: next, {recipe.average_next(folder, out)}", file=sys.stderr)
    return 0


def _recalibrate(args: argparse.Namespace, out: Path) -> int:
    from .codebook import load_codebook
    from .training import recalibrate

    given = [flag for flag, value in (("--like", args.like), ("--kind", args.kind), ("--param", args.param),
                                      ("--refit/--no-refit", args.refit is not None), ("--run-dtype", args.run_dtype),
                                      ("--encoder", args.encoder), ("--seed", args.seed is not None),
                                      ("--folds", args.folds)) if value]
    if given:
        verb = "do" if len(given) > 1 else "does"
        raise StanceError(f"--recalibrate trains nothing: {', '.join(given)} {verb} not apply")
    manifest = recalibrate(args.recalibrate, args.data, out, args.calibrate_on, load_codebook(args.codebook),
                           args.encoding)
    done = manifest["recalibrated"]
    print(f"stance: temperature {done['temperature_before']:.3f} -> {done['temperature']:.3f} on "
          f"{done['data']['rows']} rows (ECE {done['before']['ece']:.3f} -> {done['after']['ece']:.3f}, "
          f"macro-F1 {done['after']['macro_f1']:.3f}) -> {out}", file=sys.stderr)
    return 0


def _add_evaluate_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score quotes, speakers and stances against a gold JSONL",
                       description="Compare a quotes.csv (or a fresh run of the pipeline on the gold texts) "
                                   "with gold quotes in the format of shared/gold/seeds.jsonl.")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold documents: doc_id, text or file, quotes")
    p.add_argument("--quotes", metavar="QUOTES.csv", help="predictions to score; default: run the pipeline")
    p.add_argument("--texts", metavar="DIR", help="folder of the texts named by 'file' (default: the folder "
                        "'seeds' beside the gold file's folder: shared/seeds for shared/gold/seeds.jsonl)")
    p.add_argument("--parser", default=DEFAULT_PIPELINE, metavar="NAME_OR_PATH", help="spaCy pipeline")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="parallel processes")
    _add_model_options(p)
    p.set_defaults(run=_cmd_evaluate)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .gold import evaluate, load_gold
    from .records import Document

    docs = load_gold(args.gold, args.texts)
    if args.quotes:
        quotes = read_quotes(args.quotes, ("doc_id", "start", "end", "speaker"))
    else:
        quotes = score([Document(str(d["doc_id"]), d["text"]) for d in docs], workers=args.workers,
                       parser=args.parser, codebook=args.codebook, model=args.model).quotes
    figures = evaluate(docs, quotes)
    for key, value in figures.items():
        if key != "confusion":
            print(f"{key}: {value if isinstance(value, int) else round(value, 4)}")
    if "confusion" in figures:
        print("confusion (rows gold, columns predicted):")
        print(figures["confusion"].to_string())
    return 0


def _add_review_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="review quotes in Label Studio: export tasks, import corrections",
                       description="Export quotes as Label Studio tasks with the model's predictions, and apply "
                                   "a Label Studio JSON export back to quotes.csv.")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    e = actions.add_parser("export", help="write Label Studio tasks (JSON) and the labelling config (XML)")
    e.add_argument("dir", metavar="DIR", help="output folder of `stance score` (holds quotes.csv)")
    e.add_argument("--out", required=True, metavar="TASKS.json", help="tasks file; the config is written beside it")
    e.add_argument("--sample", type=_positive_int, metavar="N", help="export N quotes (default: all)")
    e.add_argument("--strategy", default="uncertain", choices=("uncertain", "random", "stratified"),
                   help="which quotes to sample: least certain stance (default), random, or equal per stance")
    e.add_argument("--seed", type=int, default=0, help="random seed for sampling (default: 0)")
    e.add_argument("--codebook", metavar="PATH", help="codebook for the label hints (default: the shipped one)")
    _add_reading_options(e)
    e.set_defaults(run=_cmd_review_export)
    i = actions.add_parser("import", help="apply a Label Studio JSON export to quotes.csv and rebuild the reports")
    i.add_argument("export", nargs="+", metavar="EXPORT.json",
                   help="Label Studio export (JSON format); several: applied in order, one round each")
    i.add_argument("--into", required=True, metavar="DIR", help="output folder the tasks were exported from")
    i.add_argument("--train-out", metavar="FILE.csv", help="corrected quotes for `stance train` "
                                                          "(default: DIR/corrections.csv)")
    i.add_argument("--no-dedupe", action="store_true", help="count every report of a repeated quote in the matrix")
    i.set_defaults(run=_cmd_review_import)


def _cmd_review_export(args: argparse.Namespace) -> int:
    from .codebook import load_codebook
    from .io import ReadOptions
    from .review import write_export

    n, missing, config, earlier = write_export(args.dir, args.out, load_codebook(args.codebook), args.sample,
                                               args.strategy, args.seed, ReadOptions(args.text_column, args.encoding))
    left = f" ({missing} left out: article not found or changed)" if missing else ""
    left += f" ({earlier} quotes reviewed in earlier rounds not exported again)" if earlier else ""
    print(f"stance: {n} tasks{left} -> {args.out}; labelling config -> {config}", file=sys.stderr)
    return 0


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _first(items, shown: int = 3, sep: str = ", ") -> str:
    """The first `shown` items joined, and how many more there are (a note names a few, never thousands)."""
    more = f"{sep.rstrip(', ')} and {len(items) - shown} more" if len(items) > shown else ""
    return sep.join(map(str, items[:shown])) + more


def _cmd_review_import(args: argparse.Namespace) -> int:
    from .review import import_annotations

    for export in args.export:  # each a round of its own, as if imported one after the other
        s = import_annotations(export, args.into, args.train_out, dedupe=not args.no_dedupe)
        print(f"stance: {export}: {_counted(s.reviewed, 'task')} reviewed: {_counted(s.changed, 'quote')} changed, "
              f"{s.deleted} deleted, {s.added} added; reports rebuilt in {args.into}; "
              f"{_counted(s.train_rows, 'training row')} -> {s.train_path}", file=sys.stderr)
        v = s.verdicts or {}
        print(f"stance: {export}: annotations: {v.get('accepted', 0)} accepted, {v.get('rejected', 0)} rejected, "
              f"{v.get('unreviewed', 0)} unreviewed, {v.get('skipped', 0)} skipped", file=sys.stderr)
        if s.rejected:
            print(f"stance: note: {export}: {_counted(len(s.rejected), 'task')} whose annotations a reviewer rejected "
                  f"(task {_first(s.rejected)}): not applied, out of corrections.csv, and can "
                  "be exported again", file=sys.stderr)
        if s.withdrawn:
            print(f"stance: note: {export}: {_counted(len(s.withdrawn), 'quote')} an earlier import took from an "
                  f"annotation now rejected, disputed or replaced ({_first(s.withdrawn)}): withdrawn from quotes.csv (the "
                  "machine's reading is back, the quotes it added are gone), the reports, the review record and "
                  "corrections.csv", file=sys.stderr)
        if s.unrestored:
            print(f"stance: note: {export}: {_counted(len(s.unrestored), 'quote')} ({_first(s.unrestored)}) keep the "
                  "withdrawn reading in quotes.csv (or stay deleted): imported before the set kept the machine's reading "
                  "(review-machine.csv); score again into a new folder and import the exports there to drop it",
                  file=sys.stderr)
        if s.unseen:
            one = s.unseen == 1
            whose = "1 task's annotation was" if one else f"{s.unseen} tasks' annotations were"
            kept = "its quote was kept as the machine read it" if one else "their quotes were kept as the machine read them"
            print(f"stance: note: {export}: {whose} not made from the machine's reading (Label Studio's 'Use "
                  f"predictions to prelabel tasks' off?): {kept}, and can be exported again", file=sys.stderr)
        if s.disputed:
            named = _first([f"task {task} {text[:30]!r}: {apart}" for task, text, apart in s.disputed], 2, "; ")
            print(f"stance: note: {export}: {_counted(len(s.disputed), 'task')} its annotators read differently "
                  f"({named}): left as the machine read {'it' if len(s.disputed) == 1 else 'them'}, out of "
                  "corrections.csv; in Label Studio mark the annotation to keep as ground truth (its star) and "
                  "import the new export", file=sys.stderr)
        if s.drafts:
            print(f"stance: note: {export}: {_counted(len(s.drafts), 'task')} with a draft saved and nothing submitted "
                  f"(task {_first(s.drafts)}): not applied; submit {'it' if len(s.drafts) == 1 else 'them'} "
                  "in Label Studio and import the new export", file=sys.stderr)
        if s.unlabelled:
            named = _first([f"task {task}: {text[:40]!r}" for task, text in s.unlabelled])
            print(f"stance: note: {export}: {_counted(len(s.unlabelled), 'quote')} added without a stance ({named}): "
                  "left out of the matrix and corrections.csv; pick its stance in Label Studio and import the new "
                  "export", file=sys.stderr)
    return 0


def _add_dna_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dna", help="export statements and the actor network for discourse network analysis",
                       description="Write dna_statements.csv (time, actor, concept = stance, agreement, outlet) "
                                   "and dna_congruence.csv (Gephi edge table) from DIR/quotes.csv.")
    p.add_argument("dir", metavar="DIR", help="output folder of `stance score` (holds quotes.csv)")
    p.add_argument("--out", metavar="FOLDER", help="where to write (default: DIR)")
    p.set_defaults(run=_cmd_dna)


def _cmd_dna(args: argparse.Namespace) -> int:
    """The two DNA tables join the output set of `--out` (default DIR) as one change: staged,
    then swapped in with the manifest, so a failed export leaves the earlier set as it was."""
    from .dna import DNA_FILES, write_dna
    from .matrix import annotate
    from .report import read_outputs

    quotes, documents, labels = read_outputs(args.dir)
    out = Path(args.out or args.dir)
    in_run = out.resolve() == Path(args.dir).resolve()
    _check_dna_out(out, args.dir, in_run)
    with OutputSet(out, force=True, update=True) as output:
        written, note = write_dna(output.staging, annotate(quotes), labels, documents)
        names = output.carry_over(written, unlisted=RUN_FILES if in_run else ())
        names = [name for name in names if name in written or name not in DNA_FILES]  # no stale network
        output.commit(names, {"quotes": len(quotes)})
    for name in DNA_FILES:  # an older network beside new statements, from before manifests
        if name not in written:
            (out / name).unlink(missing_ok=True)
    if note:
        print(f"stance: note: {note}", file=sys.stderr)
    print(f"stance: -> {', '.join(str(out / name) for name in written)}", file=sys.stderr)
    return 0


def _is_model_folder(folder: Path) -> bool:
    """Whether `folder` holds a model `stance train` wrote (its manifest names a kind and a classifier)."""
    import json

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "kind" in manifest and "classifier" in manifest


def _check_dna_out(out: Path, source: str, in_run: bool) -> None:
    """`dna --out` names a folder of its own: new, empty, or an output set already. A folder of other files
    (the articles, say) was made an output set by the tables' manifest, and the next `stance score` of it
    skipped every article as results."""
    from .io import _is_output_set

    try:
        names = [p.name for p in out.iterdir()] if out.is_dir() and not in_run else []
    except OSError:
        return  # unreadable: OutputSet says why
    if names and not _is_output_set(out, names):
        raise StanceError(f"{out}: not empty and not an output folder of stance: the DNA tables' manifest would "
                          "make it one, and `stance score` would then skip what it holds; give --out a new or "
                          "empty folder")
    if "quotes.csv" in names:  # another run's set: its manifest would list DIR's network beside its own quotes
        raise StanceError(f"{out}: the output set of another run (its own quotes.csv): the DNA tables of {source} "
                          f"would mix with it; give --out a new or empty folder, or run `stance dna {out}` for its own")


class _SkipLines:
    """A line on stderr per skipped input as it happens, up to `limit`; then one line saying the
    rest are in errors.csv only (a table of 2,000 scraped rows can have hundreds of empty ones),
    and the run ends with the count per reason."""

    def __init__(self, errors: Path, limit: int = 20):
        self.errors, self.limit, self.seen = errors, limit, 0

    @property
    def hidden(self) -> int:
        return max(0, self.seen - self.limit)

    def __call__(self, skipped: Skipped) -> None:
        self.seen += 1
        if self.seen <= self.limit:
            if skipped.reason.endswith("processed)"):  # a note: the input was read
                tqdm.write(f"stance: note: {skipped.message()}", file=sys.stderr)
            else:
                tqdm.write(f"stance: error: {skipped.message()} (skipped)", file=sys.stderr)
        elif self.seen == self.limit + 1:
            tqdm.write(f"stance: more inputs skipped: listed in {self.errors} only (counted by reason at the end)",
                       file=sys.stderr)


def _by_reason(reasons) -> str:
    """'100 empty document, 50 not UTF-8, ...': a reason without its row, line, byte and details."""
    kinds = [re.sub(r"(?<![\w-])\d[\d,]*", "N", re.sub(r"^row \d+(, line \d+, byte \d+)?[:,] ", "", str(r)).split(" (")[0])
             for r in reasons]
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _error(message: str) -> None:
    print(f"stance: error: {message}", file=sys.stderr)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0 for no limit), got {value!r}")
    return number


def _encoding(value: str) -> str:
    import codecs

    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r}") from None


def _positive_int(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number
