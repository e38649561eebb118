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
  congruence network; ties below one shared concept are left out. Pairs are made
  within each concept, so the work grows with the ties written, not with all
  pairs of actors. With few concepts (the codebook's labels) the network is dense:
  past `MAX_TIES` actor pairs it is not written (a note says so), and
  ``dna_statements.csv`` is the input for DNA's own network tools.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .io import write_csv
from .statements import statement_table

STATEMENT_COLUMNS = ["time", "actor", "concept", "agreement", "outlet", "doc_id", "statement_id", "n_reports", "text"]
EDGE_COLUMNS = ["Source", "Target", "Weight", "Type"]
MAX_TIES = 20_000_000   # actor pairs counted for dna_congruence.csv (~0.5 GB while counting)


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
    """Actor pairs weighted by the number of concepts both expressed (DNA's congruence network),
    sorted by Source then Target; a ValueError past `MAX_TIES` pairs."""
    pairs = statements[["concept", "actor"]].drop_duplicates()
    actors = np.array(sorted(pairs["actor"].unique()), dtype=object)
    sizes = pairs.groupby("concept")["actor"].size()
    ties = int((sizes * (sizes - 1) // 2).sum())
    if ties > MAX_TIES:
        raise ValueError(f"{ties:,} actor pairs share a concept (the limit is {MAX_TIES:,})")
    n = max(len(actors), 1)
    keys = [np.zeros(0, dtype=np.int64)]
    for _, members in pairs.groupby("concept")["actor"]:
        codes = np.sort(np.searchsorted(actors, members.to_numpy()))
        first, second = np.triu_indices(len(codes), 1)
        keys.append(codes[first].astype(np.int64) * n + codes[second])
    key, weight = np.unique(np.concatenate(keys), return_counts=True)
    return pd.DataFrame({"Source": actors[key // n], "Target": actors[key % n], "Weight": weight,
                         "Type": "Undirected"}, columns=EDGE_COLUMNS)


DNA_FILES = ("dna_statements.csv", "dna_congruence.csv")


def write_dna(folder: str | Path, quotes: pd.DataFrame, labels: tuple[str, ...],
              documents: pd.DataFrame | None = None) -> tuple[list[str], str]:
    """Write dna_statements.csv and dna_congruence.csv into `folder` (an output set's staging
    folder): the names written, and why the network was not, or ""."""
    folder = Path(folder)
    statements = dna_statements(quotes, labels, documents)
    try:
        edges, note = congruence_edges(statements), ""
    except ValueError as exc:
        edges, note = None, f"{DNA_FILES[1]} not written: {exc}; load {DNA_FILES[0]} into DNA for its network tools"
    write_csv(statements, folder / DNA_FILES[0])
    if edges is None:
        return list(DNA_FILES[:1]), note
    write_csv(edges, folder / DNA_FILES[1])
    return list(DNA_FILES), note
