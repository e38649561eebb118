"""The final tables of a `stance score` run, streamed from its parts.

quotes.csv (and quotes.parquet) are written a part at a time with each quote's
actor_id and statement_id joined in, and the same pass feeds the `Tally` that
the reports are made from, so the whole quote table is never in memory: what
stays is the actor and statement aggregates (`stance.tally`), documents.csv and
errors.csv. The files go to a staging folder (`stance.outputs`), so the set is
complete or visibly incomplete.
"""
from __future__ import annotations

from pathlib import Path
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .io import atomic_path, write_csv
from .pipeline import Run, stage_bar
from .report import REPORT_FILES, parquet_copy, write_tallied
from .tally import Tally


def write_run(folder: Path, run: Run, dedupe: bool = True, parquet: bool = False, progress: bool = False) -> list[str]:
    """quotes.csv, documents.csv, errors.csv and the reports into `folder`; with `parquet`, every
    table as .parquet too. Returns the file names. `progress`: a bar over the quotes written,
    then one over the other files."""
    tally = Tally(run.labels, dedupe)
    with atomic_path(folder / "quotes.csv") as csv_path, csv_path.open("w", encoding="utf-8", newline="") as csv, \
            _ParquetParts(folder / "quotes.parquet" if parquet else None, run) as pq_out, \
            stage_bar("quotes.csv", len(run.actor_ids), progress) as bar:
        first = True
        for frame in run.chunks():
            if len(frame) or first:
                frame.to_csv(csv, index=False, header=first)
                first = False
            pq_out.write(frame)
            tally.add(frame)
            bar.update(len(frame))
        csv.flush()
    names = ["quotes.csv", "documents.csv", "errors.csv", *REPORT_FILES]
    copies = [n for n in names if n.endswith(".csv")] if parquet else []
    with stage_bar("reports", len(names) - 1 + len(copies), progress, "file") as bar:
        for name, frame in (("documents", run.documents), ("errors", run.errors)):
            write_csv(frame, folder / f"{name}.csv")
            bar.update()
        write_tallied(folder, tally, run.actors, run.documents, run.chunks)
        bar.update(len(REPORT_FILES))
        frames = {"documents": run.documents, "errors": run.errors}
        for name in copies:
            if name != "quotes.csv":  # written part by part above; the report tables read back
                parquet_copy(folder, name, frames.get(name[:-4]))
            bar.update()
    return names + [f"{n[:-4]}.parquet" for n in copies]


class _ParquetParts:
    """quotes.parquet written a part at a time, in one schema: the parts' types unified (a column
    empty in one part is null there), plus the ids; pandas metadata from the first rows, so
    offsets read back as nullable integers."""

    def __init__(self, path: Path | None, run: Run) -> None:
        self.path = path
        self.run = run
        self.writer: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None
        self._atomic = None

    def __enter__(self) -> _ParquetParts:
        if self.path is not None:
            self._atomic = atomic_path(self.path)
            self.tmp = self._atomic.__enter__()
        return self

    def write(self, frame: pd.DataFrame) -> None:
        if self.path is None or (not len(frame) and self.writer is not None):
            return
        if self.writer is None:
            paths = self.run.quotes.paths()
            parts = [pq.read_schema(p) for p in paths] or [pa.Schema.from_pandas(frame, preserve_index=False)]
            unified = pa.unify_schemas([s.remove_metadata() for s in parts], promote_options="permissive")
            own = pa.Schema.from_pandas(frame, preserve_index=False)
            fields = [unified.field(f.name) if f.name in unified.names else f for f in own]
            self.schema = pa.schema(fields, metadata=own.metadata)
            self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.writer.write_table(pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False))

    def __exit__(self, kind, exc, tb) -> None:
        if self.writer is not None:
            self.writer.close()
        if self._atomic is not None:
            self._atomic.__exit__(kind, exc, tb)
