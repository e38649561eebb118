"""The notebook API: stance.extract and stance.score on every kind of input."""
from __future__ import annotations


import pandas as pd
import pytest

import stance
from stance.errors import StanceError
from stance.matrix import DEFAULT_LABELS
from stance.records import Document, quote_columns


def test_pipeline_extract_returns_quotes_of_one_text(article):
    quotes = stance.extract(article, doc_id="sudani")
    assert [q.text for q in quotes] == [
        "containing the crisis in Syria due to its clear impact on Iraqi security",
        "Iraq’s official, fixed stance is in support of Syria’s unity, security and stability,",
        "will not stand idly by"]
    assert all(q.doc_id == "sudani" and article[q.start:q.end] == q.text for q in quotes)


def test_pipeline_score_texts_use_positions_as_ids(article, other_article):
    result = stance.score([article, other_article, ""])
    assert list(result.quotes.columns) == quote_columns(DEFAULT_LABELS)
    assert list(result.documents.doc_id) == ["0", "1"]
    assert result.errors.to_dict("records") == [{"source": "", "doc_id": "2", "reason": "empty document"}]
    assert list(result.documents.n_quotes) == [3, 2]


def test_pipeline_score_documents_keep_metadata(article):
    result = stance.score([Document("afp-1", article, date="2024-12-06", source="AFP")])
    assert result.documents.loc[0, ["doc_id", "date", "source", "path"]].tolist() == ["afp-1", "2024-12-06", "AFP", ""]
    assert set(result.quotes.doc_id) == {"afp-1"}


def test_pipeline_score_dataframe(article, other_article):
    frame = pd.DataFrame({"text": [article, other_article], "title": ["Iraq presses diplomacy", None]},
                         index=[10, 11])
    result = stance.score(frame)
    assert result.documents[["doc_id", "title"]].values.tolist() == [["10", "Iraq presses diplomacy"], ["11", ""]]
    with pytest.raises(StanceError, match="no 'text' column"):
        stance.score(frame.rename(columns={"text": "body"}))


def test_pipeline_score_paths(tmp_path, seeds):
    by_folder = stance.score(str(seeds))
    by_files = stance.score(sorted(seeds.glob("*.txt")))
    assert len(by_folder.documents) == 5
    pd.testing.assert_frame_equal(by_folder.quotes, by_files.quotes)


def test_pipeline_score_rejects_other_objects():
    with pytest.raises(StanceError, match="cannot read input of type int"):
        stance.score([1, 2])


@pytest.mark.slow
def test_pipeline_workers_give_the_same_result_in_order(seeds):
    one, two = stance.score(str(seeds)), stance.score(str(seeds), workers=2)
    pd.testing.assert_frame_equal(one.quotes, two.quotes)
    pd.testing.assert_frame_equal(one.documents, two.documents)


def test_pipeline_score_reports_skips_as_they_happen(article):
    seen = []
    stance.score([article, "\n"], on_skip=seen.append)
    assert [s.message() for s in seen] == ["input (1): empty document"]


def test_pipeline_result_matrix_views(article, other_article):
    docs = [Document("a", article, date="2024-12-06", source="AFP"),
            Document("b", article, date="2025-01-10", source="Reuters"),
            Document("c", other_article, date="2025-01-11")]
    result = stance.score(docs)
    assert result.labels == DEFAULT_LABELS
    counts = result.matrix()
    assert list(counts.columns) == [*DEFAULT_LABELS, "n"]
    assert counts.loc["mohammed-shia-al-sudani", "n"] == 3  # the same words in two articles count once
    assert result.matrix(dedupe=False).loc["mohammed-shia-al-sudani", "n"] == 6
    shares = result.matrix(normalize="row")
    assert (shares[list(DEFAULT_LABELS)].sum(axis=1).round(6) == 1).all()
    monthly = result.matrix(period="M")
    assert {"2024-12", "2025-01"} <= set(monthly.index.get_level_values("period"))
    assert "Iraq" in set(result.matrix(by="country").index)
    sudani = result.actors.set_index("actor_id").loc["mohammed-shia-al-sudani"]
    assert (sudani["n_quotes"], sudani["n_docs"], sudani["country"]) == (6, 2, "Iraq")
    assert result.agreement().loc["mohammed-shia-al-sudani", "mohammed-shia-al-sudani"] == 1.0


def test_pipeline_a_document_past_its_time_budget_is_skipped(article, other_article, monkeypatch):
    import time

    from stance import workers

    real = workers.extract_quotes

    def extract_or_hang(doc, nlp, parsed=None, spans=None):
        while doc.doc_id == "1":  # stands for a document that makes extraction hang
            time.sleep(0.01)
        return real(doc, nlp, parsed, spans)

    monkeypatch.setattr(workers, "extract_quotes", extract_or_hang)
    result = stance.score([article, "He said “this never ends”.", other_article], timeout=0.5)
    assert list(result.documents.doc_id) == ["0", "2"]
    assert result.errors.to_dict("records") == [
        {"source": "", "doc_id": "1", "reason": "extraction ran past its time budget (0.5 s)"}]


@pytest.mark.slow
def test_pipeline_time_budget_holds_in_workers(article, other_article):
    """A budget far below any parse: every document with quotes is skipped and listed, the run ends."""
    result = stance.score([article, other_article, "No quotes here."], workers=2, timeout=1e-4)
    assert list(result.documents.doc_id) == ["2"]
    assert list(result.errors.doc_id) == ["0", "1"]
    assert set(result.errors.reason) == {"extraction ran past its time budget (0.0001 s)"}


def test_pipeline_offsets_are_integers_in_every_reader(tmp_path, article):
    """A quote without a speaker leaves its speaker offsets empty: our readers keep the columns
    integers (nullable Int64), where a plain pd.read_csv would make them floats."""
    from stance.cli import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(article + "The so-called “peace plan” was dropped.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["score", str(texts), "--out", str(out), "--quiet", "--format", "parquet"]) == 0
    offsets = ["start", "end", "speaker_start", "speaker_end"]
    plain = pd.read_csv(out / "quotes.csv")
    assert plain["speaker_start"].isna().any() and plain["speaker_start"].dtype == float  # why the readers exist
    loaded, result = stance.load(out), stance.score([texts])
    for frame in (stance.read_quotes(out / "quotes.csv"), stance.read_quotes(out / "quotes.parquet"),
                  pd.read_parquet(out / "quotes.parquet"), loaded.quotes, result.quotes):
        assert all(frame[c].dtype == "Int64" for c in offsets)
        assert frame[offsets].astype("float").equals(plain[offsets].astype("float"))
    assert loaded.documents["n_quotes"].tolist() == [4] and loaded.actors["n_quotes"].dtype == "Int64"
    assert loaded.matrix().equals(result.matrix())


def test_pipeline_progress_total_counts_rows_in_the_run_encoding(tmp_path, monkeypatch):
    """A UTF-16 table's rows, counted as the reader splits them (read as UTF-8 it was one input)."""
    import stance.pipeline
    from stance.io import ReadOptions

    path = tmp_path / "t.csv"
    rows = [{"doc_id": f"d{n}", "text": f"No quotes here,\\nrow {n}."} for n in range(3)]
    path.write_bytes(pd.DataFrame(rows).to_csv(index=False).encode("utf-16"))
    totals = []
    stage_bar = stance.pipeline.stage_bar

    def recording(desc, total, enabled, unit="quote"):
        totals.append((desc.strip(), total))
        return stage_bar(desc, total, False, unit)

    monkeypatch.setattr(stance.pipeline, "stage_bar", recording)
    result = stance.score(path, progress=True, reading=ReadOptions(encoding="utf-16"))
    assert len(result.documents) == 3
    assert totals[0] == ("extract+classify", 3)


def test_pipeline_every_stage_bar_has_a_total_and_reaches_it(tmp_path, monkeypatch, seeds):
    """One bar per stage of `stance score`, each with a total it reaches (so its ETA means something)."""
    import stance.assembly
    import stance.pipeline
    from stance.cli import main

    class Bar:
        def __init__(self, desc, total, enabled, unit="quote"):
            self.desc, self.total, self.n = desc.strip(), total, 0
            bars.append(self)

        def update(self, n=1):
            self.n += n

        def reset(self, total=None):
            self.n, self.total = 0, total

        def set_postfix(self, **_):
            pass

        def refresh(self):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *_):
            pass

    bars: list[Bar] = []
    monkeypatch.setattr(stance.pipeline, "stage_bar", Bar)
    monkeypatch.setattr(stance.assembly, "stage_bar", Bar)
    assert main(["score", str(seeds), "--out", str(tmp_path / "out"), "--format", "parquet"]) == 0
    assert [b.desc for b in bars] == ["extract+classify", "actors", "statements", "quotes.csv", "reports"]
    assert all(b.total and b.n == b.total for b in bars), [(b.desc, b.n, b.total) for b in bars]
    assert bars[2].total == bars[3].total == len(pd.read_csv(tmp_path / "out" / "quotes.csv"))
    assert bars[1].total >= bars[2].total  # actors: every speaker mention, some read twice


def test_pipeline_progress_moves_within_a_chunk_and_names_a_long_document(article, monkeypatch, capsys):
    """A long document parses for minutes: the bar sat at 0/1 the whole time, as if hung. It counts each
    input as it ends now, and, while one runs long, says which and for how long; the results are the same."""
    import time

    import stance.pipeline
    import stance.workers

    texts = [Document("short", article), Document("long", article + "\n\nMore, at length." * 400)]
    quiet = stance.score(texts, model="fast")
    outcome = stance.workers.outcome

    def slow(item, *args, **kwargs):
        if getattr(item, "document", None) is not None and item.document.doc_id == "long":
            time.sleep(1.2)
        return outcome(item, *args, **kwargs)

    monkeypatch.setattr(stance.workers, "outcome", slow)
    monkeypatch.setattr(stance.pipeline, "HEARTBEAT", 0.3)
    capsys.readouterr()
    shown = stance.score(texts, model="fast", progress=True)
    frames = [f for f in capsys.readouterr().err.split("\r") if f.startswith("extract+classify")]
    long_chars = f"{len(texts[1].text):,} characters"
    assert any(" 1/2 " in f and f"on=long ({long_chars}" in f for f in frames)  # counted, then named
    assert " 2/2 " in frames[-1] and "on=" not in frames[-1]
    assert shown.quotes.equals(quiet.quotes) and shown.documents.equals(quiet.documents)


def test_pipeline_progress_names_the_longest_document_of_the_chunk_out_with_workers():
    """With workers the bar hears only of whole chunks: it names the first chunk's longest document."""
    import io
    import time

    from tqdm import tqdm

    from stance.io import Input
    from stance.parts import Chunk
    from stance.pipeline import _Watch

    out = io.StringIO()
    bar = tqdm(total=3, desc="extract+classify", unit="input", file=out)
    items = [Input(Document("a", "x" * 10), "a.txt"), Input(Document("b", "y" * 2_500_000), "b.txt")]
    with _Watch(bar, True, every=0.1) as watch:
        assert list(watch.handed([(0, "k", items), (1, "k", items[:1])]))
        time.sleep(0.4)
        assert "on=b (2,500,000 characters," in out.getvalue()
        watch.done(Chunk(0, "k", inputs=2), documents=2, quotes=0, skipped=0)
    bar.close()
    assert "2/3" in out.getvalue().split("\r")[-1] and "on=" not in out.getvalue().split("\r")[-1]


def test_pipeline_progress_with_workers_counts_each_document_as_it_ends(article, capsys):
    """With workers the bar moved a whole chunk at a time (0/6, 3/6, 6/6): the parent heard only of finished
    chunks. Workers now post each document's end on a shared board that the bar reads; the results are those
    of a quiet run. (Documents past the batch-parse size are parsed one by one, so each takes a while.)"""
    long_text = (article + "\n\n") * (22_000 // len(article) + 1)
    texts = [Document(f"d{n}", long_text.replace("Iraq", f"Iraq{n}", 1)) for n in range(6)]
    quiet = stance.score(texts, model="fast", chunk_size=3)
    capsys.readouterr()
    shown = stance.score(texts, model="fast", workers=2, chunk_size=3, progress=True)
    counts = {int(f.split("/6")[0].split()[-1]) for f in capsys.readouterr().err.split("\r")
              if f.startswith("extract+classify") and "/6" in f}
    assert counts - {0, 3, 6}, counts  # a document counted inside a chunk
    assert shown.quotes.equals(quiet.quotes) and shown.documents.equals(quiet.documents)


def test_pipeline_progress_board_says_what_each_worker_waits_on():
    """What the bar says while it waits on pool workers, from their posts (`Board`): starting, a chunk's
    batch parse, the document running (counted as each ends), its classification."""
    import io
    import time

    from tqdm import tqdm

    from stance.io import Input
    from stance.parts import Chunk
    from stance.pipeline import _Watch
    from stance.workers import Board, _Posts

    out = io.StringIO()
    bar = tqdm(total=3, desc="extract+classify", unit="input", file=out)
    items = [Input(Document("a", "x" * 10), "a.txt"), Input(Document("b", "y" * 2_500_000), "b.txt")]
    board = Board.for_pool(2)
    posts = _Posts(board)  # as a worker posts, in another process

    def shows(text: str) -> bool:
        deadline = time.monotonic() + 3
        while text not in out.getvalue().split("\r")[-1] and time.monotonic() < deadline:
            time.sleep(0.05)
        return text in out.getvalue().split("\r")[-1]

    with _Watch(bar, True, every=0.1, board=board) as watch:
        assert list(watch.handed([(0, "k", items), (1, "k", items[:1])]))
        assert shows("on=workers starting")
        posts.parsing(0, 2)
        assert shows("on=chunk 1: parsing 2 inputs")
        posts.started(0, items[0])
        posts.finished(0)
        assert shows("1/3") and shows("on=b (2,500,000 characters")
        posts.finished(0)
        posts.classifying(0, 7)
        assert shows("2/3") and shows("on=chunk 1: classifying its quotes")
        watch.done(Chunk(0, "k", inputs=2), documents=2, quotes=7, skipped=0)
        assert shows("2/3")
    bar.close()
    assert "on=" not in out.getvalue().split("\r")[-1]


def test_pipeline_tail_imports_start_once_the_last_chunk_is_handed_out(monkeypatch):
    from stance import pipeline

    loaded = []
    monkeypatch.setattr(pipeline, "TAIL_MODULES", ("json", "no_such_module_for_stance_tests"))
    monkeypatch.setattr(pipeline.importlib, "import_module", lambda name: loaded.append(name) or __import__(name))
    warm = pipeline._TailImports()
    warm.join()  # never started: nothing to wait on
    handed = []
    for task in pipeline._then(iter([1, 2, 3]), warm.start):
        handed.append(task)
        assert warm._thread is None  # not before the last task is taken
    warm.join()
    assert handed == [1, 2, 3]
    assert loaded == ["json", "no_such_module_for_stance_tests"]  # a module that will not import is passed over


@pytest.mark.slow
def test_pipeline_workers_import_the_tail_modules_during_the_run(seeds, monkeypatch):
    import sys

    from stance import pipeline

    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    monkeypatch.setattr(pipeline, "TAIL_MODULES", ("colorsys",))  # a module no step of a run imports
    stance.score(seeds, workers=2)
    assert "colorsys" in sys.modules
