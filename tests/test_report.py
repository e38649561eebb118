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
    assert html.count("<script") == 1 and "&lt;script&gt;alert(1)" in html  # only the page's own inline script
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


def test_report_links_only_safe_and_relative(tmp_path, gold_frame):
    from stance.report_html import safe_href

    for bad in ("javascript://%0Aalert(document.cookie)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<b>x</b>", "vbscript:msgbox", "file:///etc/passwd", "//evil.example/x"):
        assert safe_href(bad) is None, bad
    assert safe_href(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    assert safe_href(str(tmp_path / "texts" / "a b.txt"), tmp_path / "run") == "../texts/a%20b.txt"
    frame = gold_frame.copy()
    docs = pd.DataFrame({"doc_id": frame["doc_id"].unique()})
    docs["url"] = ["javascript://%0Aalert(document.cookie)"] + [""] * (len(docs) - 1)
    docs["path"] = [str(tmp_path / "articles" / f"{d}.txt") for d in docs["doc_id"]]
    write_reports(tmp_path / "run", frame, documents_df=docs)
    html = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "javascript:" not in html.lower() and "file:" not in html and str(tmp_path) not in html
    assert f"href='../articles/{docs['doc_id'][0]}.txt'" in html  # the unsafe url falls back to the file


def test_report_page_scales_and_shows_evidence(tmp_path, gold_frame):
    from stance.report_html import MIN_EVIDENCE, coalition_order

    frame = gold_frame.copy()
    frame.loc[frame.index[:2], "speaker"] = ""
    docs = pd.DataFrame({"doc_id": frame["doc_id"].unique(), "source": "Rudaw", "date": "2024-12-06"})
    write_reports(tmp_path, frame, documents_df=docs)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    matrix = pd.read_csv(tmp_path / "matrix.csv", index_col=0)
    for section in ("id='matrix'", "id='coalitions'", "id='time'", "id='outlets'", "id='unattributed'"):
        assert section in html
    assert "position:sticky" in html and "data-type='num'" in html and "id='q'" in html
    assert html.count("class='chip'") >= 2 * 5  # legend and column heads: a colour per label
    thin = int((matrix["n"] < MIN_EVIDENCE).sum())
    assert thin and html.count("<tr class='thin'") == thin
    assert "2 quotes whose speaker was not found" in html
    assert frame.loc[frame.index[0], "text"][:30] in html.split("id='unattributed'")[1]
    assert "http" not in html.replace("https://example", "") and "<link" not in html and " src=" not in html
    # coalitions: actors with the same profile sit together, opposed ones apart
    toy = pd.DataFrame({"a": [5, 0, 4, 0], "b": [0, 6, 1, 5], "n": [5, 6, 5, 5]}, index=["w", "x", "y", "z"])
    assert sorted(map(sorted, coalition_order(toy, ("a", "b")))) == [["w", "y"], ["x", "z"]]
    from stance.report_html import _profile_name

    assert _profile_name(pd.Series({"a": 2, "b": 2})) == "mixed: a and b"
    assert _profile_name(pd.Series({"a": 1, "b": 3})) == "mostly b"


def test_report_cells_show_intervals_and_fade_when_present(gold_frame):
    from stance.report_html import render_html

    labels = ("concern", "support")
    matrix = pd.DataFrame({"concern": [1, 30], "support": [0, 10], "n": [1, 40], "lo_concern": [0.2, 0.6],
                           "hi_concern": [0.99, 0.86], "lo_support": [0.0, 0.13], "hi_support": [0.8, 0.39]},
                          index=["thin-actor", "sure-actor"])
    quotes = pd.DataFrame({"doc_id": ["d"], "quote_id": ["d:1"], "text": ["x"], "speaker": ["T"], "stance": ["concern"],
                           "actor_id": ["thin-actor"], "statement_id": ["s0001"]})
    actors = pd.DataFrame({"actor_id": ["thin-actor", "sure-actor"], "name": ["Thin", "Sure"], "type": "person",
                           "country": ""})
    html = render_html(quotes, matrix, actors, labels)
    assert "20%–99%" in html and "60%–86%" in html
    assert html.count("class='c wide'") == 2  # both cells of the one-quote row


def test_report_keeps_the_parquet_and_excel_copies_of_a_set(tmp_path, seeds):
    """`stance report` on a `--format parquet --excel-safe` run: every rebuilt table keeps its copies
    (they were dropped, leaving parquet for documents and errors only), and they match the CSVs."""
    from stance.io import read_quotes

    out = tmp_path / "run"
    assert main(["score", str(seeds / "000_43cefed9074ec0fa.txt"), str(seeds / "003_99cc9db34240f53a.txt"),
                 "--out", str(out), "--model", "fast", "--quiet", "--format", "parquet", "--excel-safe"]) == 0
    before = set(read_manifest(out)["files"])
    quotes = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    quotes.loc[0, "stance"] = "support" if quotes.loc[0, "stance"] != "support" else "concern"
    quotes.to_csv(out / "quotes.csv", index=False)  # corrected by hand
    assert main(["report", str(out)]) == 0
    assert set(read_manifest(out)["files"]) == before
    assert read_quotes(out / "quotes.parquet")["stance"].tolist() == quotes["stance"].tolist()
    for stem in ("actors", "matrix", "agreement"):
        parquet = pd.read_parquet(out / f"{stem}.parquet")
        assert len(parquet) == len(pd.read_csv(out / f"{stem}.csv")) > 0
    excel = pd.read_csv(out / "quotes.excel.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert excel["stance"].tolist() == quotes["stance"].tolist()


def test_report_over_time_reads_dates_of_mixed_forms(tmp_path, gold_frame):
    """Only dates in the first date's form counted; the others were 'undated left out'."""
    docs = pd.DataFrame({"doc_id": sorted(gold_frame["doc_id"].unique())})
    forms = ["2024-12-06", "2024-12-06T14:30:00", "6 Dec 2024", "2024-12-06T14:30:00+00:00"]
    docs["date"] = [forms[i % len(forms)] for i in range(len(docs))]
    write_reports(tmp_path, gold_frame, documents_df=docs)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "; 0 undated left out." in html


def test_report_matrix_and_coalitions_same_for_counts_as_floats():
    """The matrix table and coalitions read rows as plain values (no Series per row); summed
    probabilities (floats) and counts (integers) with equal values give the same page."""
    from stance.report_html import render_html

    labels = ("concern", "support", "neutral")
    counts = pd.DataFrame({"concern": [9, 4, 0, 3, 1], "support": [1, 0, 6, 3, 0], "neutral": [0, 1, 2, 0, 0]},
                          index=["ana-roth", "ben-okafor", "cara-lind", "dev-patel", "eli-moss"])
    counts["n"] = counts.sum(axis=1)
    quotes = pd.DataFrame({"doc_id": ["d"], "quote_id": ["d:1"], "text": ["x"], "speaker": ["Ana Roth"],
                           "stance": ["concern"], "actor_id": ["ana-roth"], "statement_id": ["s0001"]})
    actors = pd.DataFrame({"actor_id": counts.index, "name": ["Ana Roth", "Ben Okafor", "Cara Lind", "Dev Patel",
                                                              "Eli Moss"], "type": "person", "country": ""})
    as_ints = render_html(quotes, counts, actors, labels)
    assert as_ints == render_html(quotes, counts.astype(float), actors, labels)
    assert "Coalition 1: mostly concern <span class='muted'>(2 actors, 15 statements)" in as_ints
