"""Discourse-network-analysis export: statements as (actor, concept, agreement) and the actor network.

Plain CSV, not a DNA database: the Discourse Network Analyzer keeps its data in
a SQLite file whose schema changes between versions, while its statement table
(time, actor, concept, agreement, outlet, text) and a weighted edge list load
into DNA's and rDNA's CSV import, igraph, networkx and Gephi alike.

- ``dna_statements.csv``: one row per (statement, actor), the unit the matrix
  counts (repeated reports of one statement count once): ``time`` (the first
  report's date), ``actor``, ``concept`` (the stance label), ``agreement`` (1:
  the actor takes that stance; the codebook's labels are positions, so a
  statement never disagrees with its own label), ``outlet``, ``doc_id``,
  ``statement_id``, ``n_reports``, ``text``.
- ``dna_congruence.csv``: Gephi's edge table (``Source, Target, Weight, Type``):
  two actors are linked by the number of concepts both expressed, DNA's
  congruence network; ties below one shared concept are left out.
"""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pandas as pd

from .io import write_csv
from .statements import statement_table

STATEMENT_COLUMNS = ["time", "actor", "concept", "agreement", "outlet", "doc_id", "statement_id", "n_reports", "text"]
EDGE_COLUMNS = ["Source", "Target", "Weight", "Type"]


def dna_statements(quotes: pd.DataFrame, labels: tuple[str, ...], documents: pd.DataFrame | None = None
                   ) -> pd.DataFrame:
    """One row per deduplicated statement and actor, in DNA's statement shape."""
    units = statement_table(quotes, labels)
    meta = (documents.set_index("doc_id") if documents is not None and "doc_id" in documents
            else pd.DataFrame(columns=["date", "source"]))
    frame = pd.DataFrame({
        "time": units["doc_id"].map(meta.get("date", pd.Series(dtype=str))).fillna(""),
        "actor": units["actor_id"],
        "concept": units["stance"],
        "agreement": 1,
        "outlet": units["doc_id"].map(meta.get("source", pd.Series(dtype=str))).fillna(""),
        "doc_id": units["doc_id"],
        "statement_id": units["statement_id"],
        "n_reports": units["n_reports"],
        "text": units["text"],
    }, columns=STATEMENT_COLUMNS)
    return frame.sort_values(["statement_id", "actor"], ignore_index=True)


def congruence_edges(statements: pd.DataFrame) -> pd.DataFrame:
    """Actor pairs weighted by the number of concepts both expressed (DNA's congruence network)."""
    concepts = statements.groupby("actor")["concept"].agg(set)
    rows = [{"Source": a, "Target": b, "Weight": len(concepts[a] & concepts[b]), "Type": "Undirected"}
            for a, b in combinations(sorted(concepts.index), 2) if concepts[a] & concepts[b]]
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def write_dna(out_dir: str | Path, quotes: pd.DataFrame, labels: tuple[str, ...],
              documents: pd.DataFrame | None = None, target: str | Path | None = None) -> tuple[Path, Path]:
    """Write dna_statements.csv and dna_congruence.csv into `target` (default: `out_dir`)."""
    folder = Path(target or out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    statements = dna_statements(quotes, labels, documents)
    paths = folder / "dna_statements.csv", folder / "dna_congruence.csv"
    write_csv(statements, paths[0])
    write_csv(congruence_edges(statements), paths[1])
    return paths
