"""actors.csv, matrix.csv, agreement.csv and report.html written next to quotes.csv.

The page itself is rendered by :mod:`stance.report_html`.
``rebuild_reports`` re-runs this from a hand-corrected quotes.csv.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from .actors import actor_table, table_from_ids
from .errors import StanceError
from .io import read_csv_text, read_quotes, write_csv, write_excel_copy, write_parquet, write_text
from .matrix import DEFAULT_LABELS, agreement_pairs, annotate, unit_matrix, with_shares
from .records import quotes_from_frame
from .registry import Registry
from .report_html import render_page
from .tally import Tally, listed_quotes

REPORT_FILES = ("actors.csv", "matrix.csv", "agreement.csv", "report.html")
RUN_FILES = ("quotes.csv", "documents.csv", "errors.csv", *REPORT_FILES)  # the tables of a `stance score` run


def write_reports(out_dir: str | Path, quotes_df: pd.DataFrame, labels: tuple[str, ...] = DEFAULT_LABELS,
                  documents_df: pd.DataFrame | None = None, dedupe: bool = True,
                  registry: Registry | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Write the four report files; returns the quotes with actor_id and statement_id.

    Quotes without actor_ids are grouped into actors here, with `registry` if
    given; `actors` (an actors.csv frame already built) saves regrouping.
    """
    quotes = annotate(quotes_df, registry)
    if actors is None:
        actors = actor_table(quotes_from_frame(quotes), registry)
    tally = Tally(tuple(labels), dedupe)
    tally.add(quotes)
    write_tallied(out_dir, tally, actors, documents_df, lambda: [quotes])
    return quotes


def write_tallied(out_dir: str | Path, tally: Tally, actors: pd.DataFrame, documents_df: pd.DataFrame | None,
                  chunks: Callable[[], Iterable[pd.DataFrame]]) -> None:
    """The four report files from the quotes' `Tally` (fed part by part for a large run);
    `chunks` gives the quote table again, in order, for the quotes report.html lists."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    matrix = unit_matrix(tally.units(), tally.labels)
    table = with_shares(matrix, tally.labels)
    write_csv(actors, out / "actors.csv")
    write_csv(table, out / "matrix.csv", index=True)
    write_csv(agreement_pairs(matrix, tally.labels), out / "agreement.csv")
    shown = listed_quotes(matrix, chunks())
    write_text(out / "report.html", render_page(tally, shown, table, actors, documents_df, base=out))


def read_outputs(out_dir: str | Path, required: tuple[str, ...] = ("doc_id", "text", "speaker", "stance")
                 ) -> tuple[pd.DataFrame, pd.DataFrame | None, tuple[str, ...]]:
    """quotes.csv, documents.csv (None when absent) and the labels (from the ``p_<label>`` columns) of a run."""
    out = Path(out_dir)
    if not out.is_dir():
        raise StanceError(f"{out}: not a folder")
    path = out / "quotes.csv"
    if not path.is_file():
        raise StanceError(f"{path}: no quotes.csv (run `stance score` first)")
    quotes = read_quotes(path, required)
    labels = tuple(c[2:] for c in quotes.columns if c.startswith("p_")) or DEFAULT_LABELS
    docs_path = out / "documents.csv"
    documents = read_csv_text(docs_path, "documents") if docs_path.is_file() else None
    return quotes, documents, labels


REBUILD_COLUMNS = ("doc_id", "quote_id", "start", "end", "text", "kind", "speaker", "stance")


def rebuild_reports(out_dir: str | Path, labels: tuple[str, ...] | None = None, dedupe: bool = True,
                    registry: Registry | None = None, into: str | Path | None = None,
                    outputs: tuple | None = None) -> pd.DataFrame:
    """Rebuild the reports from ``out_dir/quotes.csv`` (e.g. after labels were corrected by hand),
    writing them and the updated quotes.csv into `into` (default: `out_dir`).

    Labels come from the ``p_<label>`` columns, else the defaults; corrected
    actor_ids are kept, and actors.csv is built from them (names, types and
    countries of known actors kept from the last actors.csv), unless a `registry`
    is given (then speakers are regrouped); statements are recomputed. `outputs` is what
    ``read_outputs(out_dir, REBUILD_COLUMNS)`` returned, when the caller read it already.
    """
    out = Path(out_dir)
    quotes, documents, found = outputs or read_outputs(out, REBUILD_COLUMNS)
    labels = labels or found
    settled = registry is None and "actor_id" in quotes and quotes["actor_id"].ne("").any()
    quotes = quotes.drop(columns=["statement_id", *([] if settled else ["actor_id"])], errors="ignore")
    actors = None
    if settled:  # hand-corrected actor_ids are the truth: build actors.csv from them, never regroup
        quotes = annotate(quotes)
        old = out / "actors.csv"
        actors = table_from_ids(quotes, read_csv_text(old, "actors") if old.is_file() else None)
    target = Path(into) if into is not None else out
    quotes = write_reports(target, quotes, labels, documents, dedupe, registry=registry, actors=actors)
    write_csv(quotes, target / "quotes.csv")
    return quotes


def rebuild_set(out_dir: str | Path, outputs: tuple, dedupe: bool = True, registry: Registry | None = None,
                excel_safe: bool = False, also: Callable[[Path, pd.DataFrame], list[str]] | None = None
                ) -> tuple[pd.DataFrame, str]:
    """`rebuild_reports` as one change of the output set in `out_dir`: staged, then swapped in with
    the manifest (the other files of the set carried over, a DNA export redone from the new quotes),
    so a failure leaves the earlier set as it was. `outputs` is `read_outputs`' triple, possibly
    corrected (`stance review import`). Returns the quotes written and a note ('' or why a DNA table
    was left out). `also(staging, quotes)` writes further files of the same change (reviewed.csv)
    and returns their names."""
    from .dna import DNA_FILES, write_dna
    from .outputs import OutputSet

    note = ""
    with OutputSet(out_dir, force=True, update=True) as output:
        quotes = rebuild_reports(out_dir, dedupe=dedupe, registry=registry, into=output.staging, outputs=outputs)
        extra = also(output.staging, quotes) if also else []
        names = output.carry_over(["quotes.csv", *REPORT_FILES, *extra], unlisted=("documents.csv", "errors.csv"))
        if any(name in DNA_FILES for name in names):  # a `stance dna` export of the old quotes: redone
            written, note = write_dna(output.staging, quotes, outputs[2], outputs[1])
            names = [name for name in names if name not in DNA_FILES] + written
        rebuilt = ["quotes.csv", *(name for name in REPORT_FILES if name.endswith(".csv"))]
        if (Path(out_dir) / "quotes.parquet").is_file():  # a `--format parquet` set keeps its copies
            names += [parquet_copy(output.staging, name, quotes if name == "quotes.csv" else None)
                      for name in rebuilt]
        if excel_safe or (Path(out_dir) / "quotes.excel.csv").is_file():  # and an `--excel-safe` one, its
            names = list(dict.fromkeys([*names, *excel_copies(output.staging)]))
        output.commit(names, {"quotes": len(quotes)})
    return quotes, note


def parquet_copy(folder: Path, name: str, frame: pd.DataFrame | None = None) -> str:
    """NAME.parquet beside the table NAME.csv in `folder` (read back from it unless `frame` is
    given); returns its name."""
    stem = name.removesuffix(".csv")
    if frame is None:
        frame = pd.read_csv(folder / name, dtype={"actor_id": str, "actor": str})
    write_parquet(frame, folder / f"{stem}.parquet")
    return f"{stem}.parquet"


def excel_copies(folder: Path) -> list[str]:
    """Spreadsheet-safe copies of every table in `folder` (see `io.write_excel_copy`); their names."""
    return [write_excel_copy(folder / name).name for name in RUN_FILES
            if name.endswith(".csv") and (folder / name).is_file()]
