import pandas as pd

from stance.cli import main
from stance.outputs import read_manifest
from stance.report import REPORT_FILES, rebuild_reports, write_reports


def test_report_writes_all_files_and_escapes(tmp_path, gold_frame):
    frame = gold_frame.copy()
    frame.loc[0, "sentence"] = "<script>alert(1)</script> & more"
    docs = pd.DataFrame({"doc_id": [frame.loc[0, "doc_id"]], "url": ["https://example.org/a?x=1&y=2"]})
    quotes = write_reports(tmp_path, frame, documents_df=docs)
    assert all((tmp_path / f).is_file() for f in REPORT_FILES)
    assert quotes["statement_id"].ne("").all()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "https://example.org/a?x=1&amp;y=2" in html and "href='#doc-" in html
    assert "http://" not in html.replace("https://example.org", "") and "<link" not in html
    actors = pd.read_csv(tmp_path / "actors.csv")
    assert list(actors.columns) == ["actor_id", "name", "aliases", "type", "country", "role", "n_quotes", "n_docs"]
    assert list(tmp_path.glob(".*.tmp")) == []


def test_report_rebuild_after_hand_correction(tmp_path, gold_frame):
    gold_frame.to_csv(tmp_path / "quotes.csv", index=False)
    rebuild_reports(tmp_path)
    before = pd.read_csv(tmp_path / "matrix.csv", index_col=0)
    quotes = pd.read_csv(tmp_path / "quotes.csv")
    assert {"actor_id", "statement_id"} <= set(quotes.columns)
    quotes.loc[quotes["actor_id"] == "muqtada-al-sadr", "stance"] = "concern"
    quotes.to_csv(tmp_path / "quotes.csv", index=False)
    assert main(["report", str(tmp_path)]) == 0
    after = pd.read_csv(tmp_path / "matrix.csv", index_col=0)
    assert before.loc["muqtada-al-sadr", "non-interference"] == 2
    assert after.loc["muqtada-al-sadr", ["non-interference", "concern"]].tolist() == [0, 2]
    assert set(read_manifest(tmp_path)["files"]) == {"quotes.csv", *REPORT_FILES}  # the rebuilt set is complete


def test_report_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stance: error: ") and "quotes.csv" in err and err.count("\n") == 1
    (tmp_path / "quotes.csv").write_text("doc_id,text,speaker,stance\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("- actor_id: x\n", encoding="utf-8")
    assert main(["report", str(tmp_path), "--actors", str(tmp_path / "bad.yaml")]) == 2
    assert "missing name" in capsys.readouterr().err
