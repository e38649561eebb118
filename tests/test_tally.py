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
from stance.tally import Shown, Tally


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
    actor_ids = frame["actor_id"].str.split(";").explode().unique()
    whole_shown, chunked_shown = Shown(actor_ids), Shown(actor_ids)
    whole_shown.add(frame)
    for start in range(0, len(frame), 3):
        chunked_shown.add(frame.iloc[start:start + 3])
    for actor in actor_ids:
        assert [q["quote_id"] for q in chunked_shown(actor)] == [q["quote_id"] for q in whole_shown(actor)]
    want = stance_matrix(frame, DEFAULT_LABELS, dedupe=dedupe)
    pd.testing.assert_frame_equal(unit_matrix(chunked.units(), DEFAULT_LABELS), want, check_dtype=False)

    monkeypatch.setattr(tally_module, "MAX_QUOTES_PER_ACTOR", 50)
    write_tallied(tmp_path / "parts", _tally(frame, dedupe, 3), actor_table(quotes_from_frame(frame)), docs,
                  lambda: (frame.iloc[start:start + 3] for start in range(0, len(frame), 3)))
    for name in REPORT_FILES:
        assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name


def test_tally_of_no_quotes_writes_empty_reports(tmp_path, gold_frame):
    empty = annotate(gold_frame).iloc[:0]
    write_reports(tmp_path, empty, DEFAULT_LABELS)
    assert pd.read_csv(tmp_path / "matrix.csv").empty and "0 quotes in 0 documents" in \
        (tmp_path / "report.html").read_text(encoding="utf-8")


def test_report_lists_the_quotes_of_the_first_actors_only_past_the_caps(tmp_path, monkeypatch):
    """A corpus of thousands of thin actors would list nearly every quote: past `MAX_ACTORS_LISTED`
    actors the page lists the first ones' quotes (matrix order), past `MAX_DOCUMENTS_LISTED`
    documents only those its quotes link to; the rest are counted, and stay in the CSV files."""
    from stance import report_html

    rows = [{"doc_id": f"d{k}", "quote_id": f"d{k}:0", "text": f"We will rebuild bridge number {k}.",
             "speaker": name, "actor_id": actor, "statement_id": f"s{k:04d}", "stance": "support",
             "p_support": 0.9, "sentence": "", "start": 0, "end": 30, "kind": "direct"}
            for k, (name, actor) in enumerate([("Ana Silva", "ana-silva")] * 3 + [("Bo Lind", "bo-lind")] * 2
                                              + [("Cy Moss", "cy-moss")])]
    frame = pd.DataFrame(rows)
    monkeypatch.setattr(tally_module, "MAX_ACTORS_LISTED", 2)
    monkeypatch.setattr(report_html, "MAX_ACTORS_LISTED", 2)
    monkeypatch.setattr(report_html, "MAX_DOCUMENTS_LISTED", 3)
    write_reports(tmp_path, frame, DEFAULT_LABELS)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "bridge number 4." in page and "bridge number 5." not in page   # Cy Moss: third by n
    assert "1 more actor, the ones with fewest units" in page
    assert "id='doc-d4'" in page and "id='doc-d5'" not in page and "1 more document in documents.csv" in page
    assert "6 quotes in 6 documents; 3 actors" in page
    assert len(pd.read_csv(tmp_path / "matrix.csv")) == 3
