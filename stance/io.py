"""Reading inputs into Document records, and writing result tables safely.

Reading is a generator, so a huge folder or table streams one document at a
time, and anything that cannot be read becomes a `Skipped` record with a reason
instead of an exception: one bad file never stops a batch. Tables are written
under a temporary name and renamed, so an interrupted run never leaves a
half-written CSV behind.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import functools
import hashlib
import io
import json
import os
import re
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from .errors import StanceError
from .metadata import html_document, text_metadata
from .records import Document

TABLE_SUFFIXES = (".csv", ".jsonl", ".json", ".parquet")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", *HTML_SUFFIXES)
METADATA_FIELDS = ("date", "source", "title", "url")
_BATCH_ROWS = 1000  # table rows read at a time
_MIN_TEXT_SHARE = 0.9  # a document with fewer printable characters than this is binary
# Longer documents are skipped with a reason (a book, a log file or a scrape gone wrong,
# not an article): above spaCy's 1,000,000-character limit, since extraction parses long
# documents a few paragraphs at a time. A UTF-8 character is at most 4 bytes, so no line
# or file needs more bytes than this to hold one document.
MAX_DOCUMENT_CHARS = 5_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Input:
    """A document to process, with the file it came from ("" for in-memory input) and, for a
    table's row, its number (data rows from 1; 0 otherwise). `id_suffix` is set when the doc_id
    was made from the file's path (a folder's `2024/afp-1`, a table's `articles:3`), not given."""

    document: Document
    path: str = ""
    row: int = 0
    id_suffix: str | None = None  # the doc_id was made from the file's name: what follows it ("", ":3"); None: given

    def __post_init__(self) -> None:  # a file name with undecodable bytes, written to documents.csv
        object.__setattr__(self, "path", _SURROGATE.sub("\ufffd", self.path))


@dataclass(frozen=True)
class Skipped:
    """An input that could not be processed, and why: one row of errors.csv."""

    source: str
    doc_id: str
    reason: str

    def __post_init__(self) -> None:
        for name in ("source", "doc_id", "reason"):  # file names may hold undecodable bytes
            object.__setattr__(self, name, _SURROGATE.sub("\ufffd", getattr(self, name)))

    def message(self) -> str:
        where = self.source or "input"
        where = f"{where} ({self.doc_id})" if self.doc_id else where
        return f"{where}: {self.reason}"


Item = Input | Skipped


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: the table column holding the text, the files' encoding, and
    metadata (doc_id -> {date, source, title, url}) that overrides what the inputs state."""

    text_column: str = "text"
    encoding: str = "utf-8"
    meta: dict[str, dict[str, str]] | None = None


def read_inputs(paths: Iterable[str | os.PathLike], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every document under `paths`, in order: .txt and .html files, folders of them, and tables."""
    items = _read_paths(paths, options)
    yield from (_with_meta(item, options.meta) for item in items) if options.meta else items


def expand_globs(paths: Iterable[str | os.PathLike]) -> Iterator[str | os.PathLike]:
    """Each path, or the files a quoted pattern names ("archive/*.parquet", "**/*.txt"), sorted:
    for inputs too many for a command line. A path that exists is never read as a pattern."""
    for raw in paths:
        text = os.fspath(raw)
        if any(c in text for c in "*?[") and not os.path.lexists(text):
            import glob

            yield from sorted(glob.glob(text, recursive=True)) or [raw]
        else:
            yield raw


def text_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The .txt and .html files `read_inputs(paths)` reads, in its order, as their documents' `path`,
    without reading them (tables left out)."""
    files: list[str] = []
    for raw in expand_globs(paths):
        path = Path(raw)
        if path.is_dir():
            files += [str(f) for f in sorted(f for f in _walk(path)[0] if f.name.lower().endswith(TEXT_SUFFIXES))]
        elif path.suffix.lower() in TEXT_SUFFIXES:
            files.append(str(path))
    return files


def _read_paths(paths: Iterable[str | os.PathLike], options: ReadOptions) -> Iterator[Item]:
    for raw in expand_globs(paths):
        path = Path(raw)
        suffix = path.suffix.lower()
        if path.is_dir():
            yield from _read_folder(path, options)
        elif not path.exists() and not path.is_symlink():
            pattern = any(c in str(raw) for c in "*?[")  # expand_globs gives back a pattern that matched nothing
            yield Skipped(str(path), "", "no file matches the pattern" if pattern else "no such file or folder")
        elif problem := _not_regular(path):
            yield Skipped(str(path), "", problem)
        elif suffix in TEXT_SUFFIXES:
            yield from _read_txt(path, path.stem, options)
        elif suffix in TABLE_SUFFIXES:
            yield from _read_table(path, options)
        else:
            yield Skipped(str(path), "", f"unsupported file type {suffix or '(none)'!r}: "
                                         "expected .txt, .html, .csv, .jsonl, .json, .parquet or a folder")


def count_inputs(paths: Iterable[str | os.PathLike], encoding: str = "utf-8") -> int:
    """About how many inputs `read_inputs(paths)` yields, for a progress bar's total: text and
    HTML files, table rows (Parquet from its metadata, CSV and JSONL by a pass over their lines
    in `encoding`, as the readers split them). Never raises."""
    total = 0
    for raw in expand_globs(paths):
        path = Path(raw)
        try:
            if path.is_dir():
                total += sum(file.name.lower().endswith(TEXT_SUFFIXES) for file in _walk(path)[0])
            elif not path.is_file() or path.suffix.lower() not in TABLE_SUFFIXES:
                total += 1
            elif path.suffix.lower() == ".parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            elif path.suffix.lower() == ".json":
                total += sum(1 for _ in _json_rows(path, ReadOptions(encoding=encoding)))
            else:
                with path.open("rb") as fh:
                    this = _bom_encoding(fh.read(4), encoding) or encoding  # as the reader does
                    fh.seek(0)
                    if path.suffix.lower() == ".csv":
                        total += max(0, sum(1 for _ in _csv_records(fh, this)) - 1)  # less the header
                    else:
                        lines = _LineFeed(fh, 4 * MAX_DOCUMENT_CHARS, this).lines()
                        total += sum(1 for line in lines if line.problem or line.text.strip())
        except (OSError, ValueError, LookupError, csv.Error, StanceError):
            total += 1
    return total


def read_meta(path: str | Path, encoding: str = "utf-8") -> dict[str, dict[str, str]]:
    """A --meta CSV: doc_id and any of date, source, title, url; empty cells leave a field as read.
    `encoding` (--encoding) as the documents': a code page reads only what is not UTF-8."""
    table = read_csv_text(path, "metadata", ("doc_id",), encoding)
    fields_ = [c for c in METADATA_FIELDS if c in table]
    if not fields_:
        raise StanceError(f"{path}: none of the columns {', '.join(METADATA_FIELDS)}")
    if "date" in table:
        table["date"] = table["date"].map(epoch_date)
    return {row["doc_id"]: {f: row[f] for f in fields_ if row[f]} for row in table.to_dict("records")}


def undated(meta: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(doc_id, date) of --meta dates no reader understands ("2024-13-45", "n/a"): kept as written, but
    a report by period leaves their quotes out, so the user is told."""
    dates = {doc_id: fields["date"] for doc_id, fields in meta.items() if fields.get("date")}
    if not dates:
        return []
    parsed = pd.to_datetime(pd.Series(dates), errors="coerce", utc=True, format="mixed")
    return [(doc_id, dates[doc_id]) for doc_id in parsed[parsed.isna()].index]


def _with_meta(item: Item, meta: dict[str, dict[str, str]]) -> Item:
    if isinstance(item, Input) and (given := meta.get(item.document.doc_id)):
        return replace(item, document=replace(item.document, **given))
    return item


def read_frame(frame: pd.DataFrame, source: str = "", text_column: str = "text") -> Iterator[Item]:
    """Documents from a DataFrame's rows; doc_id defaults to the row's index label."""
    if reason := _missing_text(frame.columns, text_column):
        raise StanceError(f"{source or 'DataFrame'}: {reason}")
    for index, record in zip(frame.index, frame.to_dict("records")):
        yield from _row_item(record, source, str(index), text_column)


def read_memory(objects: Iterable[Document | str]) -> Iterator[Item]:
    """Documents given in memory; a plain string gets its position as doc_id."""
    for position, obj in enumerate(objects):
        if isinstance(obj, str):
            obj = Document(str(position), obj)
        elif not isinstance(obj, Document):
            raise StanceError(f"cannot read input of type {type(obj).__name__}: "
                              "pass texts, Documents, paths or a DataFrame")
        yield from _checked(obj, "")


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Skip a document whose doc_id is already taken: quotes and reports join on doc_id. A doc_id made
    from a file's name that another file's took (`day1/` and `day2/` both holding `afp-1.txt`, or
    `2024/articles.csv` and `2025/articles.csv` both giving `articles:1`) is not a duplicate: it takes
    its folder's name in front (`day2/afp-1`, `2025/articles:1`), and a note says so once per folder,
    unless its text is the first's (the same article saved twice, as CSV and as Parquet: a duplicate)."""
    first: dict[str, tuple[str, int, bytes]] = {}
    noted: set[str] = set()
    for item in items:
        if isinstance(item, Input):
            doc_id = item.document.doc_id
            digest = hashlib.blake2b(item.document.text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if doc_id in first and item.id_suffix is not None and first[doc_id][0] != item.path \
                    and first[doc_id][2] != digest and (qualified := _qualified(item, first)):
                other, root = qualified
                if root not in noted:  # once per folder (or table) whose ids were taken
                    noted.add(root)
                    yield Skipped(item.path, other, f"doc_ids made from file names under {root} were taken by "
                                  f"earlier inputs (first {doc_id!r}, by {first[doc_id][0]}): these take the name "
                                  f"of their folder in front, as {other!r} (document processed)")
                item = replace(item, document=replace(item.document, doc_id=other))
                doc_id = other
            if doc_id in first:
                path, row, _ = first[doc_id]
                here = f"row {item.row}: " if item.row else ""  # which of a table's rows with that id
                item = Skipped(item.path, doc_id, f"{here}duplicate doc_id (first read from "
                                                  f"{path or 'memory'}{f', row {row}' if row else ''})")
            else:
                first[doc_id] = (item.path, item.row, digest)
        yield item


def _qualified(item: Input, taken: dict) -> tuple[str, str] | None:
    """The doc_id made from more of the item's path (its folders, nearest first) that no document took,
    and the folder its own doc_id was made under."""
    doc_id, suffix = item.document.doc_id, item.id_suffix or ""
    named = doc_id[:len(doc_id) - len(suffix)] if suffix else doc_id  # "2024/afp-1", "articles"
    base = Path(item.path).with_suffix("").as_posix().split("/")
    depth = len(named.split("/"))
    if base[-depth:] != named.split("/"):
        return None
    folders = [part for part in base[:-depth] if part]
    for k in range(1, len(folders) + 1):
        candidate = "/".join([*folders[-k:], named]) + suffix
        if candidate not in taken:
            return candidate, "/".join(base[:-depth]) or "/"
    return None


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """Write `frame` as CSV atomically (see `write_text`)."""
    write_text(path, frame.to_csv(index=index))


def write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` as Parquet atomically (see `atomic_path`)."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


class WriteError(StanceError):
    """A file could not be written (a full disk, a read-only folder): an output set's hold adds what
    the folder holds now and how to go on."""


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside `path` to write to; renamed to `path` when the block ends
    without error, removed otherwise. OSErrors become one-line StanceErrors."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):  # gone (renamed), or never made: on a read-only filesystem even
            tmp.unlink()                    # unlinking a missing file fails (EROFS), which hid the error above


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can
# leak data or launch commands); the fullwidth forms are read as formulas in some locales.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
EXCEL_SUFFIX = ".excel.csv"


def write_excel_copy(path: Path) -> Path:
    """Beside `path` (a CSV we wrote), a copy safe to open in a spreadsheet: every cell that
    starts like a formula gets a leading `'`, and a BOM says UTF-8. The original keeps the
    exact text (quotes.csv: text == article[start:end]); the copy is for reading only."""
    copy = path.with_name(path.name.removesuffix(".csv") + EXCEL_SUFFIX)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [[f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell for cell in row] for row in csv.reader(fh)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    write_text(copy, "\ufeff" + buffer.getvalue())
    return copy


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in blocks (model weights are large)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


QUOTE_TEXT_COLUMNS = ("doc_id", "quote_id", "actor_id", "statement_id", "stance", "speaker", "text", "cue")


def read_quotes(path: str | Path, required: Iterable[str] = ()) -> pd.DataFrame:
    """A quotes.csv (or quotes.parquet) written by `stance score`, possibly corrected by hand:
    ids and labels stay strings, missing text is "", offsets are integers (nullable ``Int64``:
    a quote without a speaker has ``<NA>`` speaker offsets, where a plain `pd.read_csv` would
    make the whole column float), scores floats; a problem is one StanceError."""
    check_readable(Path(path), "quotes")
    try:
        if Path(path).suffix.lower() == ".parquet":
            quotes = pd.read_parquet(path)
        else:
            quotes = pd.read_csv(path, dtype={c: str for c in QUOTE_TEXT_COLUMNS}, encoding="utf-8-sig",
                                 **_csv_dialect(Path(path)))
    except UnicodeDecodeError as exc:  # corrected by hand and saved by a spreadsheet in its code page
        raise _undecodable(path, "quotes", exc) from None
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StanceError(f"{path}: cannot read quotes ({' '.join(str(exc).split())})") from None
    missing = set(required) - set(quotes.columns)
    if missing:
        raise StanceError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    for column in quotes.columns:
        if column in _QUOTE_NUMBERS or column.startswith("p_"):
            quotes[column] = _numbers(quotes[column], path, column, whole=column in _QUOTE_OFFSETS)
    for column in ("start", "end"):  # a quote's span, where the caller needs it: never empty
        if column in required and quotes[column].isna().any():
            row = int(quotes[column].isna().to_numpy().nonzero()[0][0])
            raise StanceError(f"{path}: row {row + 1}, column {column}: empty (every quote has its span)")
    text_columns = [c for c in quotes.columns if not pd.api.types.is_numeric_dtype(quotes[c])]
    quotes[text_columns] = quotes[text_columns].fillna("")
    return quotes


_QUOTE_OFFSETS = ("start", "end", "speaker_start", "speaker_end")
_QUOTE_NUMBERS = (*_QUOTE_OFFSETS, "confidence", "stance_score")


def _numbers(values: pd.Series, path: str | Path, column: str, whole: bool) -> pd.Series:
    """A numeric quotes.csv column (empty cells allowed), or a StanceError naming the first bad cell:
    offsets are whole numbers from 0, scores finite numbers."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    given = values.notna() & (values.astype(str).str.strip() != "")
    bad = given & ~(numbers.abs() < 2 ** 53)  # also NaN: text that is not a number
    if whole:
        bad |= given & ((numbers % 1 != 0) | (numbers < 0))
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        kind = "a whole number from 0" if whole else "a number"
        raise StanceError(f"{path}: row {row + 1}, column {column}: expected {kind}, got {str(values.iloc[row])!r:.60}")
    return numbers.astype("Int64") if whole else numbers


def read_csv_text(path: str | Path, what: str, required: Iterable[str] = (),
                  encoding: str | None = None) -> pd.DataFrame:
    """A user's or our own CSV table read as text (documents.csv, actors.csv, --meta, training
    data), every cell a string: comma- or semicolon-separated (as European Excel saves it), with
    or without a BOM; with `encoding` (--encoding, for --meta) decoded as documents are
    (`decode_data`). Any problem, and a missing `required` column, is one StanceError."""
    path = Path(path)
    check_readable(path, what)
    try:
        if encoding is None:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                sep=_csv_dialect(path).get("sep", ","))
        else:
            text = decode_data(path.read_bytes(), encoding)
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                sep=_dialect_of(text.partition("\n")[0]).get("sep", ","))
    except UnicodeDecodeError as exc:
        raise _undecodable(path, what, exc, encoding) from None
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StanceError(f"{path}: cannot read {what} ({_one_line(exc)})") from None
    if any("\0" in str(c) for c in table.columns):  # UTF-16 without a BOM, or a damaged file: not its columns
        raise StanceError(f"{path}: cannot read {what} ({_nul_reason(','.join(map(str, table.columns)))})")
    missing = [c for c in required if c not in table]
    if missing:
        raise StanceError(f"{path}: missing column(s) {', '.join(missing)} "
                          f"(columns: {', '.join(map(str, table.columns)) or 'none'})")
    return table


def _undecodable(path: str | Path, what: str, exc: UnicodeDecodeError, encoding: str | None = None) -> StanceError:
    """A table that is not in its encoding, in one line: which byte, and what to do about it."""
    hint = "save it as CSV UTF-8" + (" or pass its encoding (--encoding cp1252)" if encoding else "")
    return StanceError(f"{path}: cannot read {what} (not {encoding_name(encoding or 'utf-8')}: "
                       f"byte 0x{exc.object[exc.start]:02x}; {hint})")


def check_readable(path: Path, what: str) -> None:
    """A one-line StanceError unless `path` is a regular file (a FIFO would block the reader)."""
    if not path.exists():
        raise StanceError(f"{path}: not found ({what})")
    if path.is_dir():
        raise StanceError(f"{path}: is a folder, not a {what} file")
    problem = _not_regular(path)
    if problem:
        raise StanceError(f"{path}: {problem}")


def _csv_dialect(path: Path) -> dict:
    """Comma CSV, or the semicolon CSV with decimal commas that Excel saves in European locales."""
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        return _dialect_of(fh.readline())


def _dialect_of(header: str) -> dict:
    """`_csv_dialect` from a CSV's first line."""
    return {"sep": ";", "decimal": ","} if header.count(";") > header.count(",") else {}


def text_problem(text: str) -> str | None:
    """Why `text` is not a document worth parsing (empty or binary), or None."""
    if len(text) > MAX_DOCUMENT_CHARS:
        return f"document too long ({len(text):,} characters; the limit is {MAX_DOCUMENT_CHARS:,})"
    if not text.strip():
        return "empty document"
    if "\0" in text:
        return _nul_reason(text)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if printable < _MIN_TEXT_SHARE * len(text):
        return "binary content (mostly non-text characters)"
    return None


def _checked(doc: Document, path: str, row: int = 0) -> list[Item]:
    """The document, or why it is skipped; text with lone surrogates (legal in JSON, not
    writable as UTF-8) is repaired here, with a note in errors.csv, not at the end of a run."""
    if problem := text_problem(doc.text):
        return [Skipped(path, doc.doc_id, problem)]
    broken = [f.name for f in fields(doc) if isinstance(v := getattr(doc, f.name), str) and _SURROGATE.search(v)]
    if not broken:
        return [Input(doc, path, row)]
    doc = replace(doc, **{name: _SURROGATE.sub("\ufffd", getattr(doc, name)) for name in broken})
    note = Skipped(path, doc.doc_id, f"lone surrogate code points in {', '.join(broken)} replaced by U+FFFD "
                                     "(document processed)")
    return [note, Input(doc, path, row)]


def _not_regular(path: Path) -> str | None:
    """Why `path` is not a file we can read (a FIFO would block, /dev/zero never ends), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
    return f"not a regular file ({kind})"


def _read_folder(folder: Path, options: ReadOptions) -> Iterator[Item]:
    """Every .txt and .html file below `folder`; doc_id is its relative path without extension.
    A subfolder that cannot be listed is reported, not silently left out. Tables below it are
    not read, and say so in one line: a folder often holds its --meta table or an earlier run's
    quotes.csv (which has a text column), whose rows are not articles."""
    found, outputs, unreadable = _walk(folder)
    files = sorted(path for path in found if path.name.lower().endswith(TEXT_SUFFIXES))
    tables = sorted(path.relative_to(folder).as_posix() for path in found
                    if path.suffix.lower() in TABLE_SUFFIXES and not path.name.startswith("."))
    others = sorted(relative for relative in (path.relative_to(folder).as_posix() for path in found)
                    if not relative.lower().endswith((*TEXT_SUFFIXES, *TABLE_SUFFIXES))
                    and not any(part.startswith(".") for part in relative.split("/")))
    for exc in unreadable:
        yield Skipped(str(exc.filename or folder), "", f"cannot read folder: {exc.strerror or exc}")
    for root in sorted(outputs):
        yield Skipped(root, "", "an output folder of stance (manifest.json), not read as articles")
    if tables:
        names = _first_names(tables)
        pattern = Path(folder, "**", "*" + Path(tables[0]).suffix.lower()).as_posix()
        yield Skipped(str(folder), "", f"{len(tables)} table{'s' * (len(tables) > 1)} in the folder not read ({names}): a folder's "
                                       f"documents are its .txt and .html files; to read tables, name them as "
                                       f"inputs or in a quoted pattern such as '{pattern}'")
    if others:  # a scrape's PDFs, Word files, JSON: never read, so never silently left out either
        yield Skipped(str(folder), "", f"{_named(others)} of other types not read ({_first_names(others)}): a "
                                       f"folder's documents are its .txt and .html files; save PDF and Word files "
                                       f"as .txt first")
    if not files and not tables and not others and not unreadable and not outputs:
        yield Skipped(str(folder), "", "no .txt or .html files in folder")
    for path in files:
        doc_id = path.relative_to(folder).with_suffix("").as_posix()
        if problem := _not_regular(path):
            yield Skipped(str(path), doc_id, problem)
        else:
            yield from _read_txt(path, doc_id, options)


def _named(names: list[str]) -> str:
    return f"{len(names)} file{'s' * (len(names) > 1)}"


def _first_names(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _walk(folder: Path) -> tuple[list[Path], list[str], list[OSError]]:
    """The files below `folder`, the output sets of stance left out (their report.html is not an
    article: `--out texts/run`), and the subfolders that could not be listed."""
    unreadable: list[OSError] = []
    found: list[Path] = []
    outputs: list[str] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable.append):
        if _is_output_set(Path(root), names):
            outputs.append(root)
            dirs.clear()
        else:
            found += [Path(root) / name for name in names]
    return found, outputs, unreadable


def _is_output_set(folder: Path, names: list[str]) -> bool:
    """Whether `folder` holds a stance output set (complete, running or interrupted)."""
    from .outputs import FORMAT, MANIFEST

    if MANIFEST not in names:
        return False
    try:
        with (folder / MANIFEST).open(encoding="utf-8") as fh:
            manifest = json.loads(fh.read(1 << 20))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and str(manifest.get("format", "")).split("/")[0] == FORMAT.split("/")[0]


def _read_txt(path: Path, doc_id: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """A text file (UTF-8 unless --encoding says otherwise), line breaks read as Python's text
    mode does (offsets match), with the date, outlet and title its first lines state; an HTML
    page becomes its main text (offsets refer to that text) and the page's metadata."""
    try:
        data = _read_regular(path, 4 * MAX_DOCUMENT_CHARS)
        text = _decode(data, options.encoding)
    except UnicodeDecodeError as exc:
        reason = _nul_reason(data) if b"\0" in data else _decode_reason(exc, options.encoding)
        yield Skipped(str(path), doc_id, reason)
        return
    except (OSError, ValueError) as exc:
        yield Skipped(str(path), doc_id, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        text, meta = html_document(text)
        if not text.strip():
            yield Skipped(str(path), doc_id, "no main text found in the HTML page")
            return
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        meta = text_metadata(text)
    for item in _checked(Document(doc_id, text, **meta), str(path)):  # its doc_id: from the file's name
        yield replace(item, id_suffix="") if isinstance(item, Input) else item


def _nul_reason(data: bytes | str) -> str:
    """Why a file (its bytes, or its text where they read as UTF-8) with NUL bytes is skipped; UTF-16 text
    saved without its byte-order mark (most other bytes NUL, as English in UTF-16) is named, with the
    --encoding that reads it."""
    sample = data[:4096] if len(data[:4096]) % 2 == 0 else data[:4095]
    nul = 0 if isinstance(data, bytes) else "\0"
    for order, zeros in (("le", sample[1::2]), ("be", sample[0::2])):
        if len(sample) >= 16 and zeros.count(nul) > 0.8 * len(zeros):
            return f"binary content (NUL bytes; UTF-16 text without a byte-order mark? try --encoding utf-16-{order})"
    return "binary content (NUL bytes)"


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


@functools.cache
def _code_page(encoding: str) -> str | None:
    """For a single-byte code page (cp1252, latin-1, ...): the name of an error handler that reads
    the bytes UTF-8 cannot in that code page; None for any other encoding.

    A folder or a merged table is seldom all in one encoding: most files UTF-8, a few saved by
    Notepad or Excel in the Western code page. `--encoding cp1252` is the hint for the latter, and
    read as cp1252 every UTF-8 file would be garbled without a word (a curly quote mark becomes three
    letters, so the quote is lost). Text in a code page is almost never valid UTF-8 beyond ASCII, so
    the code page is taken only where UTF-8 fails: file by file, line by line, byte by byte."""
    ascii_ = bytes(range(128))
    try:  # one character a byte, and ASCII as ASCII (not EBCDIC's cp500)
        if _is_utf8(encoding) or len(bytes(range(256)).decode(encoding, "replace")) != 256 \
                or ascii_.decode(encoding, "replace") != ascii_.decode("ascii"):
            return None
        name = codecs.lookup(encoding).name
    except LookupError:
        return None

    def in_code_page(exc: UnicodeError) -> tuple[str, int]:
        return exc.object[exc.start:exc.end].decode(name, "replace"), exc.end

    handler = f"stance-utf8-else-{name}"
    codecs.register_error(handler, in_code_page)
    return handler


def decode_data(data: bytes, encoding: str) -> str:
    """A small data file's bytes (a --meta table, an actor registry) read as a document's are in
    `encoding`: its byte-order mark, else UTF-8, else a code page for the bytes UTF-8 cannot read."""
    return _decode(data, encoding)


def encoding_name(encoding: str) -> str:
    """What a file that `encoding` cannot read is not: "UTF-8" (a code page reads any byte UTF-8 cannot)."""
    return "UTF-8" if _is_utf8(encoding) or _code_page(encoding) else encoding


def _decode(data: bytes, encoding: str, whole_file: bool = True) -> str:
    """A whole file's or a cell's bytes as text: a file's byte-order mark says its encoding; UTF-8,
    or UTF-8 with a code page for the other bytes (`_code_page`), or `encoding` as it is."""
    if whole_file and (bom := _bom_encoding(data[:4], encoding)):
        return data.decode(bom)
    if handler := _code_page(encoding):
        return data.decode("utf-8-sig", handler)
    return data.decode("utf-8-sig" if _is_utf8(encoding) else encoding)


def _bom_encoding(start: bytes, encoding: str) -> str | None:
    """"utf-16" or "utf-32" when a file starts with their byte-order mark (Windows' "Unicode"
    text) and `encoding` is the UTF-8 default or a code page, which the mark overrules (it would
    read NUL bytes)."""
    if not (_is_utf8(encoding) or _code_page(encoding)):
        return None
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    return "utf-16" if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None


def _read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; ValueError for anything else or anything longer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO swapped in after the check must not block
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"document too long (over {limit:,} bytes; the limit is {MAX_DOCUMENT_CHARS:,} characters)")
    return data


def _read_table(path: Path, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Rows of a .csv, .jsonl, .json or .parquet table; doc_id defaults to <stem>:<row number>.

    A reader yields a dict per row, or a string saying why that row is unreadable.
    """
    readers = {".csv": _csv_rows, ".jsonl": _jsonl_rows, ".json": _json_rows, ".parquet": _parquet_rows}
    source, number = str(path), 0
    markup: list[int] = []  # rows whose text is HTML, read as the text it shows
    try:
        if path.stat().st_size == 0:  # each reader said it otherwise ("no 'text' column", "after row 0")
            raise StanceError("empty file (0 bytes)")
        if path.suffix.lower() != ".parquet":
            with path.open("rb") as fh:
                if bom := _bom_encoding(fh.read(4), options.encoding):
                    options = replace(options, encoding=bom)
        for number, row in enumerate(readers[path.suffix.lower()](path, options), start=1):
            default_id = f"{path.stem}:{number}"
            if isinstance(row, str):
                yield Skipped(source, default_id, f"row {number}, {row}")
            else:
                if markup_kind(row.get(options.text_column)) in ("page", "markup"):
                    markup.append(number)
                yield from _row_item(row, source, default_id, options.text_column, number, options.encoding)
    except StanceError as exc:
        yield Skipped(source, "", str(exc))
    except UnicodeDecodeError as exc:
        yield Skipped(source, "", _decode_reason(exc, options.encoding))
    except (OSError, ValueError) as exc:  # pyarrow parse errors are ValueErrors
        yield Skipped(source, "", f"cannot read table after row {number}: {_one_line(exc)}")
    else:
        if number == 0:
            yield Skipped(source, "", "table has no rows")
    if markup:  # offsets refer to the text, not to the cell: said once per table
        rows = ", ".join(map(str, markup[:3])) + (f" and {len(markup) - 3} more" if len(markup) > 3 else "")
        yield Skipped(source, "", f"{len(markup)} row{'s' * (len(markup) > 1)}' {options.text_column!r} held HTML "
                                  f"(row{'s' * (len(markup) > 1)} {rows}): read as the text it shows, a paragraph a "
                                  "line; offsets refer to that text (documents processed)")


@dataclass(frozen=True)
class _Line:
    """One physical line of a table file: its number, the byte offset of its start, its text
    (undecodable bytes replaced) and, when it is unusable, why."""

    number: int
    offset: int
    text: str
    problem: str = ""

    def where(self) -> str:
        return f"line {self.number}, byte {self.offset}"


class _LineFeed:
    """The lines of a binary file, each decoded on its own, so a bad byte costs one row, not
    the rest of the file; lines can be pushed back to be read again after a parse error.

    Lines end where the encoding writes "\\n": the byte 0x0a in UTF-8 and the 8-bit and
    ASCII-compatible encodings, two or four bytes at a code-unit boundary in UTF-16 and
    UTF-32 (whose BOM, when present, says the byte order). Offsets stay real file offsets.
    """

    def __init__(self, fh, max_bytes: int, encoding: str = "utf-8"):
        self._fh, self._max, self._buffer = fh, max_bytes, bytearray()
        self._errors = _code_page(encoding) or "strict"  # a code page: for the bytes UTF-8 cannot read
        self._encoding = name = "utf-8" if self._errors != "strict" else codecs.lookup(encoding).name
        if name in ("utf-16", "utf-32"):  # the byte order: from the BOM, else little-endian
            self._buffer += fh.read(4)
            big = _BOMS[f"{name}-be"]
            self._encoding = f"{name}-be" if self._buffer.startswith(big) else f"{name}-le"
        self._newline = "\n".encode(self._encoding)
        self._bom = _BOMS.get(self._encoding, codecs.BOM_UTF8) if len(self._newline) > 1 else codecs.BOM_UTF8
        self._pending: deque[_Line] = deque()
        self._number = self._offset = 0
        self._utf8_seen = False  # an earlier line held non-ASCII UTF-8: the file is UTF-8
        self.taken: list[_Line] = []  # the lines the current record used

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        line = self._pending.popleft() if self._pending else self._read()
        self.taken.append(line)
        return line.text

    def push_back(self, lines: list[_Line]) -> None:
        self._pending.extendleft(reversed(lines))

    def lines(self) -> Iterator[_Line]:
        while True:
            try:
                yield self._read()
            except StopIteration:
                return

    def _read(self) -> _Line:
        raw = self._readline(self._max + 1)
        if not raw:
            raise StopIteration
        self._number += 1
        start = self._offset
        self._offset += len(raw)
        if len(raw) > self._max:
            while raw and not raw.endswith(self._newline):  # skip to the end of the line
                raw = self._readline(1 << 20)
                self._offset += len(raw)
            return _Line(self._number, start, "\n", f"line longer than {self._max:,} bytes")
        skip = len(self._bom) if start == 0 and raw.startswith(self._bom) else 0  # Excel writes a BOM
        try:
            text = raw[skip:].decode(self._encoding, self._errors)
            self._utf8_seen = self._utf8_seen or not raw.isascii()
            return _Line(self._number, start, text)
        except UnicodeDecodeError as exc:
            hint = _encoding_hint(raw[skip:], self._encoding)
            if self._utf8_seen and _is_utf8(self._encoding) and hint != _DAMAGED:
                hint = "other lines are UTF-8: this one was saved in another encoding" + (
                    "; --encoding cp1252 reads it and keeps UTF-8 text UTF-8" if hint.endswith("cp1252") else "")
            problem = (f"not {_encoding_name(self._encoding)} (byte 0x{raw[skip + exc.start]:02x} "
                       f"at offset {start + skip + exc.start}; {hint})")
            return _Line(self._number, start, raw[skip:].decode(self._encoding, errors="replace"), problem)

    def _readline(self, limit: int) -> bytes:
        """The next line with its newline, or at most `limit` bytes of it; b"" at the end."""
        if self._newline == b"\n":
            return self._fh.readline(limit)
        width, buffer, scan = len(self._newline), self._buffer, 0
        while True:
            at = buffer.find(self._newline, scan)
            while at >= 0 and at % width:
                at = buffer.find(self._newline, at + 1)
            if at >= 0 and at + width <= limit:
                line = bytes(buffer[:at + width])
                del buffer[:at + width]
                return line
            if len(buffer) >= limit:
                line = bytes(buffer[:limit])
                del buffer[:limit]
                return line
            scan = max(0, len(buffer) - len(buffer) % width - width)
            chunk = self._fh.read(1 << 16)
            if not chunk:
                line = bytes(buffer)
                buffer.clear()
                return line
            buffer += chunk


_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
         "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def _csv_records(fh, encoding: str = "utf-8", delimiter: str = ",") -> Iterator[tuple[list[str] | str, _Line]]:
    """(cells, first line) per CSV record, or (why it is unreadable, first line).

    Quoting is strict: a quote left open swallows the following rows until the next quote
    mark, so when a record breaks, it is reported and parsing restarts on its second line.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_DOCUMENT_CHARS))
    feed = _LineFeed(fh, 4 * MAX_DOCUMENT_CHARS, encoding)
    reader = csv.reader(feed, strict=True, delimiter=delimiter)
    while True:
        feed.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            first, *rest = feed.taken or [_Line(0, 0, "")]
            feed.push_back(rest)
            reader = csv.reader(feed, strict=True, delimiter=delimiter)
            span = f" (the record ran to line {rest[-1].number}: an unclosed quote?)" if rest else ""
            yield f"malformed CSV ({exc}){span}", first
            continue
        bad = next((line for line in feed.taken if line.problem), None)
        if bad:
            yield bad.problem if bad is feed.taken[0] else f"{bad.problem} on {bad.where()}", feed.taken[0]
        elif cells:  # blank lines are not rows
            yield cells, feed.taken[0]


def _csv_rows(path: Path, options: ReadOptions) -> Iterator[dict | str]:
    """Rows of a CSV file (comma-separated, or semicolon-separated as Excel saves it in European
    locales); a row that cannot be read costs that row only, with its line and byte."""
    with path.open("rb") as fh:
        records = _csv_records(fh, options.encoding)
        header, line = next(records, ([], None))
        if isinstance(header, list) and len(header) == 1 and ";" in header[0] \
                and _missing_text(header, options.text_column):
            fh.seek(0)
            records = _csv_records(fh, options.encoding, ";")
            header, line = next(records, ([], None))
        if isinstance(header, str):
            raise StanceError(f"header ({line.where()}): {header}")
        if reason := _missing_text(header, options.text_column):
            raise StanceError(reason)
        read = {options.text_column, "doc_id", "id", *METADATA_FIELDS}
        if twice := sorted({name for name in header if name in read and header.count(name) > 1}):
            raise StanceError(f"column(s) {', '.join(twice)} appear more than once in the header")
        for cells, line in records:
            if isinstance(cells, str):
                yield f"{line.where()}: {cells}"
            elif len(cells) > len(header):
                yield (f"{line.where()}: more cells than the header ({len(cells)}, the header has {len(header)}: "
                       "a stray quote or comma?)")
            else:
                yield dict(zip(header, cells + [""] * (len(header) - len(cells))))


def _jsonl_rows(path: Path, options: ReadOptions) -> Iterator[dict | str]:
    """One JSON object per line; a bad line (bytes, syntax, not an object) costs that row only."""
    with path.open("rb") as fh:
        for line in _LineFeed(fh, 4 * MAX_DOCUMENT_CHARS, options.encoding).lines():
            if line.problem:
                yield f"{line.where()}: {line.problem}"
                continue
            if not line.text.strip():
                continue
            try:
                row = json.loads(line.text)
            except json.JSONDecodeError as exc:
                yield f"{line.where()}: invalid JSON ({exc.msg})"
                continue
            except (ValueError, RecursionError) as exc:  # huge integers, deep nesting
                yield f"{line.where()}: unreadable JSON ({_one_line(exc)})"
                continue
            yield row if isinstance(row, dict) else f"{line.where()}: not a JSON object"


MAX_JSON_BYTES = 512 * 1024 * 1024  # a .json file is parsed whole; past this, JSON Lines streams


def _json_rows(path: Path, options: ReadOptions) -> Iterator[dict | str]:
    """A .json file as a scraper or a news API writes it: an array of article objects, an object
    holding one such array ({"articles": [...]}), a single article object, or JSON Lines under a
    .json name. A row that is not an object costs that row only."""
    if path.stat().st_size > MAX_JSON_BYTES:
        raise StanceError(f"larger than {MAX_JSON_BYTES >> 20} MiB, too large to read at once: save it as JSON "
                          f"Lines, one article a line (e.g. jq -c '.[]' {path.name} > {path.stem}.jsonl)")
    data = _read_regular(path, MAX_JSON_BYTES)
    try:
        value = json.loads(_decode(data, options.encoding))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object a line: JSON Lines named .json
            yield from _jsonl_rows(path, options)
            return
        raise StanceError(f"invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise StanceError(f"unreadable JSON ({_one_line(exc)})") from None
    if isinstance(value, dict) and options.text_column not in value:
        lists = [key for key, item in value.items() if isinstance(item, list) and item and isinstance(item[0], dict)]
        if len(lists) != 1:
            raise StanceError(f"a JSON object without a {options.text_column!r} field or one list of articles "
                              f"(keys: {', '.join(map(str, list(value)[:8]))})")
        value = value[lists[0]]
    for row in value if isinstance(value, list) else [value]:
        yield row if isinstance(row, dict) else "not a JSON object"


def _parquet_rows(path: Path, options: ReadOptions) -> Iterator[dict]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    if reason := _missing_text(table.schema_arrow.names, options.text_column):
        raise StanceError(reason)
    groups = table.num_row_groups
    for group in range(groups):  # a damaged row group costs its own rows, not the rest of the file
        done = 0
        try:
            for batch in table.iter_batches(batch_size=_BATCH_ROWS, row_groups=[group]):
                rows = batch.to_pylist()
                done += len(rows)
                yield from rows
        except (OSError, ValueError) as exc:  # pyarrow's parse errors are ValueErrors
            problem = f"unreadable row group {group + 1} of {groups} ({_one_line(exc)})"
            yield from [problem] * (table.metadata.row_group(group).num_rows - done)


def _missing_text(columns: Iterable[str], text_column: str = "text") -> str | None:
    columns = [str(c) for c in columns]
    if text_column in columns:
        return None
    folded = {c: re.sub(r"[^a-z]", "", c.lower()) for c in columns}
    guess = next((c for c in columns if folded[c] in _TEXT_NAMES or any(w in folded[c] for w in _TEXT_WORDS)), None)
    hint = f"try --text-column {guess}" if guess else "pass --text-column with the one holding the articles"
    return f"no {text_column!r} column (columns: {', '.join(columns) or 'none'}; {hint})"


# Names a scrape or an export gives the column of article texts (folded: lower case, letters only).
_TEXT_NAMES = {"article", "story", "texte", "contenu"}
_TEXT_WORDS = ("text", "body", "content")  # within a name: Text, full_text, article_body, main_content


def _row_item(row: dict, source: str, default_id: str, text_column: str = "text", number: int = 0,
              encoding: str = "utf-8") -> list[Item]:
    for name in ("doc_id", "id", *METADATA_FIELDS):  # a JSON row's nested value was written as Python's repr
        value = row.get(name)
        if isinstance(value, dict) and set(value) == {"$date"}:  # MongoDB's extended JSON (mongoexport)
            value = value["$date"]
            value = int(value["$numberLong"]) if isinstance(value, dict) and "$numberLong" in value else value
            row = {**row, name: value}
        if isinstance(value, (list, dict)):
            given = row.get("doc_id")
            return [Skipped(source, _cell(given) if isinstance(given, (str, int)) and _cell(given) else default_id,
                            f"{name!r} is {type(value).__name__}, not a string or number")]
    doc_id = _cell(row.get("doc_id")) or _cell(row.get("id")) or default_id
    if text_column not in row:  # a JSON row: which field holds the text, as for a table's header
        reason = _missing_text(row, text_column).replace(" column (columns: ", " field (fields: ")
        return [Skipped(source, doc_id, reason)]
    if isinstance(row[text_column], (bytes, bytearray)):  # Parquet from Spark or Hive: strings as plain binary
        try:
            row = {**row, text_column: _decode(bytes(row[text_column]), encoding, whole_file=False)}
        except UnicodeDecodeError as exc:
            return [Skipped(source, doc_id, _decode_reason(exc, encoding))]
    text = _cell(row[text_column])
    if not isinstance(row[text_column], str) and text:
        return [Skipped(source, doc_id, f"{text_column!r} is {type(row[text_column]).__name__}, not a string")]
    metadata = {name: cell_text(_cell(row.get(name)), inline=True) for name in METADATA_FIELDS}
    metadata["date"] = epoch_date(metadata["date"])
    items = _checked(Document(doc_id, cell_text(text), **metadata), source, number)
    if doc_id == default_id and number and source:  # <stem>:<row>, made from the file's name
        items = [replace(item, id_suffix=f":{number}") if isinstance(item, Input) else item for item in items]
    return items


# A news database's export often holds the article body as HTML: paragraphs as <p> or <br>, quote
# marks as &ldquo; or &#8220;. Read as text, the tags sit inside quotes and sentences, a paragraph
# never ends, and escaped quote marks are no quote marks at all.
_MARKUP = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|section|article|span|a|em|strong|b|i)\s*>|<br\s*/?>|<p[\s>]",
                     re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def cell_text(cell: str, inline: bool = False) -> str:
    """A table cell's text: a cell of HTML markup (closing tags such as </p>, or <br>) becomes the
    text a browser shows, one paragraph a line; a cell with character references (&ldquo;, &#8220;,
    &amp;) has them decoded; any other cell is left as it is. `inline`: a title or a date, on one line.
    Offsets then refer to this text, which reading the table again (review export) gives again."""
    import html

    kind = markup_kind(cell)
    if kind == "page":
        text = html_document(cell)[0]
    elif kind == "markup":
        text = _MarkupText.of(cell)
    elif kind == "references":
        text = html.unescape(cell)
    else:
        return cell
    return " ".join(text.split()) if inline else text


def markup_kind(cell: object) -> str | None:
    """"page" (a whole HTML page: its main text is taken as from an .html file), "markup" (a
    fragment), "references" (plain text with &...; references) or None (plain text)."""
    if not isinstance(cell, str):
        return None
    if "<" in cell and _MARKUP.search(cell):
        return "page" if re.match(r"\s*<(?:!doctype|html)[\s>]", cell, re.IGNORECASE) else "markup"
    return "references" if "&" in cell and _ENTITY.search(cell) else None


class _MarkupText:
    """The text of an HTML fragment: block elements and <br> end a line, runs of white space are one
    space (outside <pre>), script and style are dropped, character references decoded."""

    _BLOCKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
                        "h6 header hr li main nav ol p pre section table td th tr ul".split())
    _HIDDEN = frozenset(("script", "style", "noscript", "template", "head", "title"))

    @classmethod
    def of(cls, fragment: str) -> str:
        from html.parser import HTMLParser

        lines: list[str] = []
        current: list[str] = []
        state = {"hidden": 0, "pre": 0}

        def end_line() -> None:
            text = "".join(current)
            current.clear()
            text = text if state["pre"] else " ".join(text.split())
            if text.strip():
                lines.append(text.strip("\n") if state["pre"] else text)

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag in cls._HIDDEN:
                    state["hidden"] += 1
                elif tag in cls._BLOCKS:
                    end_line()
                    state["pre"] += tag == "pre"

            def handle_startendtag(self, tag, attrs):
                if tag in cls._BLOCKS:
                    end_line()

            def handle_endtag(self, tag):
                if tag in cls._HIDDEN:
                    state["hidden"] = max(0, state["hidden"] - 1)
                elif tag in cls._BLOCKS:
                    end_line()
                    state["pre"] = max(0, state["pre"] - (tag == "pre"))

            def handle_data(self, data):
                if not state["hidden"]:
                    current.append(data)

        parser = Parser(convert_charrefs=True)
        parser.feed(fragment)
        parser.close()
        end_line()
        return "\n".join(lines)


def _cell(value: object) -> str:
    """A table cell as a string; missing values (None, NaN, NaT) become "". A Parquet date or
    timestamp is ISO 8601: a date, or a timestamp at midnight (how pandas and Spark store dates),
    as `2024-12-06`; any other time as `2024-12-06T14:30:00`, with its zone's offset if it has one."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, datetime.datetime):
        at_midnight = value.time() == datetime.time() and getattr(value, "nanosecond", 0) == 0
        offset = value.utcoffset()
        if at_midnight and offset in (None, datetime.timedelta(0)):
            return value.date().isoformat()
        return value.isoformat()
    return str(value)


# A date given as a count since 1970-01-01 UTC (Unix time from a scraper or a database; pandas' to_json
# writes milliseconds): 9-10 digits are seconds (1973-2286), 13 milliseconds, 16 microseconds, 19
# nanoseconds (2001-2286). 8 digits are a date (20241206), 12 and 14 often one with its time
# (202412061430): those are left as written.
_EPOCH = re.compile(r"(\d{9,10}|\d{13}|\d{16}|\d{19})(?:\.\d*)?")
_EPOCH_UNITS = {9: "s", 10: "s", 13: "ms", 16: "us", 19: "ns"}


def epoch_date(cell: str) -> str:
    """A date cell that is a Unix time (`_EPOCH`) in ISO 8601, as a Parquet timestamp is written
    (`2024-12-06` at midnight UTC, else `2024-12-06T14:30:00+00:00`); any other cell as it is."""
    if not (match := _EPOCH.fullmatch(cell.strip())):
        return cell
    unit = _EPOCH_UNITS[len(match.group(1))]
    try:
        stamp = pd.Timestamp(float(cell) if unit == "s" else int(match.group(1)), unit=unit, tz="UTC")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return cell
    return _cell(stamp.round("us").to_pydatetime())


def _decode_reason(exc: UnicodeDecodeError, encoding: str = "utf-8") -> str:
    return (f"not {_encoding_name(encoding)} text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}; "
            f"{_encoding_hint(exc.object, encoding)})")


_DAMAGED = "the rest is UTF-8: a damaged byte"


def _encoding_hint(data: bytes, encoding: str) -> str:
    """What to do about bytes that are not `encoding`: Windows' Western code page when they read as
    it (the usual non-UTF-8 file, saved by Excel or Notepad), else the file's own encoding; text that
    is UTF-8 elsewhere has a damaged byte, which no other encoding would mend."""
    data = bytes(data)
    if _is_utf8(encoding):
        if any(ord(ch) > 127 and ch != "\ufffd" for ch in data.decode("utf-8", "replace")):
            return _DAMAGED
        with contextlib.suppress(UnicodeDecodeError):
            data.decode("cp1252")
            return "try --encoding cp1252"
    return "pass --encoding with the file's encoding"


def _encoding_name(encoding: str) -> str:
    return "UTF-8" if _is_utf8(encoding) else encoding


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
