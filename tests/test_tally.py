"""The reports made part by part (a `Tally` fed in chunks, as `stance score` does over its parts)
are the reports made from the whole quote table at once."""
from __future__ import annotations

import pandas as pd
import pytest

from stance import tally as tally_module
from stance.actors import actor_table
from stance.matrix import DEFAULT_LABELS, annotate, stance_matrix, unit_matrix
from stance.records import quotes_from_frame
from stance.report import REPORT_FILES, write_reports, write_tallied
from stance.tally import Tally


def _tally(frame: pd.DataFrame, dedupe: bool, size: int) -> Tally:
    tally = Tally(DEFAULT_LABELS, dedupe)
    for start in range(0, len(frame), size):
        tally.add(frame.iloc[start:start + size])
    return tally


@pytest.mark.parametrize("dedupe", [True, False])
def test_tally_in_chunks_gives_the_matrix_and_reports_of_the_whole_table(tmp_path, gold_frame, monkeypatch, dedupe):
    frame = annotate(gold_frame)
    frame.loc[frame.index[::7], "stance"] = ""  # unlabelled reports: listed, never counted
    frame.loc[frame.index[3], "actor_id"] = ""  # and one without a speaker
    assert frame["statement_id"].duplicated().any() and frame["actor_id"].str.contains(";").any()
    docs = pd.DataFrame({"doc_id": frame["doc_id"].unique(), "source": "Wire", "date": "2024-03-01"})
    write_reports(tmp_path / "whole", frame, DEFAULT_LABELS, docs, dedupe=dedupe)

    monkeypatch.setattr(tally_module, "_COMPACT", 5)  # partial aggregates combined many times over
    monkeypatch.setattr(tally_module, "MAX_QUOTES_PER_ACTOR", 2)  # first reports merged across chunks
    whole, chunked = _tally(frame, dedupe, len(frame)), _tally(frame, dedupe, 3)
    key = ["actor_id", "doc_id", "stance"]
    pd.testing.assert_frame_equal(whole.units().sort_values(key, ignore_index=True),
                                  chunked.units().sort_values(key, ignore_index=True), check_dtype=False)
    assert chunked.reports().to_dict() == whole.reports().to_dict()
    assert chunked.statements().to_dict() == whole.statements().to_dict()
    for actor in frame["actor_id"].str.split(";").explode().unique():
        assert [q["quote_id"] for q in chunked.shown(actor)] == [q["quote_id"] for q in whole.shown(actor)]
    want = stance_matrix(frame, DEFAULT_LABELS, dedupe=dedupe)
    pd.testing.assert_frame_equal(unit_matrix(chunked.units(), DEFAULT_LABELS), want, check_dtype=False)

    monkeypatch.setattr(tally_module, "MAX_QUOTES_PER_ACTOR", 50)
    write_tallied(tmp_path / "parts", _tally(frame, dedupe, 3), actor_table(quotes_from_frame(frame)), docs)
    for name in REPORT_FILES:
        assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name


def test_tally_of_no_quotes_writes_empty_reports(tmp_path, gold_frame):
    empty = annotate(gold_frame).iloc[:0]
    write_reports(tmp_path, empty, DEFAULT_LABELS)
    assert pd.read_csv(tmp_path / "matrix.csv").empty and "0 quotes in 0 documents" in \
        (tmp_path / "report.html").read_text(encoding="utf-8")
