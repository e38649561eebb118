"""Reading inputs into Document records, and writing result tables safely.

Reading is a generator, so a huge folder or table streams one document at a
time, and anything that cannot be read becomes a `Skipped` record with a reason
instead of an exception: one bad file never stops a batch. Tables are written
under a temporary name and renamed, so an interrupted run never leaves a
half-written CSV behind.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import StanceError
from .records import Document

TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
METADATA_FIELDS = ("date", "source", "title", "url")
_BATCH_ROWS = 1000  # table rows read at a time
_MIN_TEXT_SHARE = 0.9  # a document with fewer printable characters than this is binary


@dataclass(frozen=True)
class Input:
    """A document to process, with the file it came from ("" for in-memory input)."""

    document: Document
    path: str = ""


@dataclass(frozen=True)
class Skipped:
    """An input that could not be processed, and why: one row of errors.csv."""

    source: str
    doc_id: str
    reason: str

    def message(self) -> str:
        where = self.source or "input"
        where = f"{where} ({self.doc_id})" if self.doc_id else where
        return f"{where}: {self.reason}"


Item = Input | Skipped


def read_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Item]:
    """Every document under `paths`, in order: .txt files, folders of them, and tables."""
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        if path.is_dir():
            yield from _read_folder(path)
        elif not path.exists():
            yield Skipped(str(path), "", "no such file or folder")
        elif suffix == ".txt":
            yield _read_txt(path, path.stem)
        elif suffix in TABLE_SUFFIXES:
            yield from _read_table(path)
        else:
            yield Skipped(str(path), "", f"unsupported file type {suffix or '(none)'!r}: "
                                         "expected .txt, .csv, .jsonl, .parquet or a folder")


def read_frame(frame: pd.DataFrame, source: str = "") -> Iterator[Item]:
    """Documents from a DataFrame's rows; doc_id defaults to the row's index label."""
    if reason := _missing_text(frame.columns):
        raise StanceError(f"{source or 'DataFrame'}: {reason}")
    for index, record in zip(frame.index, frame.to_dict("records")):
        yield _row_item(record, source, str(index))


def read_memory(objects: Iterable[Document | str]) -> Iterator[Item]:
    """Documents given in memory; a plain string gets its position as doc_id."""
    for position, obj in enumerate(objects):
        if isinstance(obj, str):
            obj = Document(str(position), obj)
        elif not isinstance(obj, Document):
            raise StanceError(f"cannot read input of type {type(obj).__name__}: "
                              "pass texts, Documents, paths or a DataFrame")
        yield _checked(obj, "")


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Skip a document whose doc_id is already taken: quotes and reports join on doc_id."""
    first_path: dict[str, str] = {}
    for item in items:
        if isinstance(item, Input):
            doc_id = item.document.doc_id
            if doc_id in first_path:
                item = Skipped(item.path, doc_id,
                               f"duplicate doc_id (first read from {first_path[doc_id] or 'memory'})")
            else:
                first_path[doc_id] = item.path
        yield item


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """Write `frame` as CSV atomically (see `write_text`)."""
    write_text(path, frame.to_csv(index=index))


def write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StanceError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in blocks (model weights are large)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


QUOTE_TEXT_COLUMNS = ("doc_id", "quote_id", "actor_id", "statement_id", "stance", "speaker", "text", "cue")


def read_quotes(path: str | Path, required: Iterable[str]) -> pd.DataFrame:
    """A quotes.csv written by `stance score` (possibly corrected by hand): ids and labels
    stay strings, missing text is "", numbers stay numbers; a problem is one StanceError."""
    try:
        quotes = pd.read_csv(path, dtype={c: str for c in QUOTE_TEXT_COLUMNS})
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StanceError(f"{path}: cannot read quotes ({' '.join(str(exc).split())})") from None
    missing = set(required) - set(quotes.columns)
    if missing:
        raise StanceError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    text_columns = [c for c in quotes.columns if not pd.api.types.is_numeric_dtype(quotes[c])]
    quotes[text_columns] = quotes[text_columns].fillna("")
    return quotes


def text_problem(text: str) -> str | None:
    """Why `text` is not a document worth parsing (empty or binary), or None."""
    if not text.strip():
        return "empty document"
    if "\0" in text:
        return "binary content (NUL bytes)"
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if printable < _MIN_TEXT_SHARE * len(text):
        return "binary content (mostly non-text characters)"
    return None


def _checked(doc: Document, path: str) -> Item:
    problem = text_problem(doc.text)
    return Skipped(path, doc.doc_id, problem) if problem else Input(doc, path)


def _read_folder(folder: Path) -> Iterator[Item]:
    """Every .txt file below `folder`; doc_id is its relative path without extension."""
    files = sorted(p for p in folder.rglob("*.txt") if not p.is_dir())
    if not files:
        yield Skipped(str(folder), "", "no .txt files in folder")
    for path in files:
        yield _read_txt(path, path.relative_to(folder).with_suffix("").as_posix())


def _read_txt(path: Path, doc_id: str) -> Item:
    """A UTF-8 text file, line breaks read as Python's text mode does (offsets match)."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = "binary content (NUL bytes)" if b"\0" in data else _decode_reason(exc)
        return Skipped(str(path), doc_id, reason)
    except OSError as exc:
        return Skipped(str(path), doc_id, f"cannot read: {exc.strerror or exc}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _checked(Document(doc_id, text), str(path))


def _read_table(path: Path) -> Iterator[Item]:
    """Rows of a .csv, .jsonl or .parquet table; doc_id defaults to <stem>:<row number>.

    A reader yields a dict per row, or a string saying why that row is unreadable.
    """
    readers = {".csv": _csv_rows, ".jsonl": _jsonl_rows, ".parquet": _parquet_rows}
    source, number = str(path), 0
    try:
        for number, row in enumerate(readers[path.suffix.lower()](path), start=1):
            default_id = f"{path.stem}:{number}"
            yield Skipped(source, default_id, row) if isinstance(row, str) else _row_item(row, source, default_id)
    except StanceError as exc:
        yield Skipped(source, "", str(exc))
    except UnicodeDecodeError as exc:
        yield Skipped(source, "", _decode_reason(exc))
    except (OSError, ValueError) as exc:  # pandas and pyarrow parse errors are ValueErrors
        yield Skipped(source, "", f"cannot read table after row {number}: {_one_line(exc)}")
    else:
        if number == 0:
            yield Skipped(source, "", "table has no rows")


def _csv_rows(path: Path) -> Iterator[dict]:
    with pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8",
                     chunksize=_BATCH_ROWS) as chunks:
        for chunk in chunks:
            if reason := _missing_text(chunk.columns):
                raise StanceError(reason)
            yield from chunk.to_dict("records")


def _jsonl_rows(path: Path) -> Iterator[dict | str]:
    with path.open(encoding="utf-8") as fh:
        for line_number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"line {line_number}: invalid JSON ({exc.msg})"
                continue
            yield row if isinstance(row, dict) else f"line {line_number}: not a JSON object"


def _parquet_rows(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    if reason := _missing_text(table.schema_arrow.names):
        raise StanceError(reason)
    for batch in table.iter_batches(batch_size=_BATCH_ROWS):
        yield from batch.to_pylist()


def _missing_text(columns: Iterable[str]) -> str | None:
    columns = [str(c) for c in columns]
    return None if "text" in columns else f"no 'text' column (columns: {', '.join(columns) or 'none'})"


def _row_item(row: dict, source: str, default_id: str) -> Item:
    doc_id = _cell(row.get("doc_id")) or _cell(row.get("id")) or default_id
    if "text" not in row:
        return Skipped(source, doc_id, "no 'text' field")
    metadata = {name: _cell(row.get(name)) for name in METADATA_FIELDS}
    return _checked(Document(doc_id, _cell(row["text"]), **metadata), source)


def _cell(value: object) -> str:
    """A table cell as a string; missing values (None, NaN, NaT) become ""."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value)


def _decode_reason(exc: UnicodeDecodeError) -> str:
    return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
