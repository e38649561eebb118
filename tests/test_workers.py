"""Worker processes where analysts paste the API: a script without a main guard, `python -c`."""
from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

SCRIPT = """\
import stance
result = stance.score({inputs!r}, workers=2)
print("documents", len(result.documents), "quotes", len(result.quotes))
"""


def _run(argv, repo, cwd):
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


@pytest.mark.slow
def test_workers_in_a_script_without_a_main_guard(tmp_path, seeds, repo):
    script = tmp_path / "analysis.py"
    script.write_text(SCRIPT.format(inputs=str(seeds)), encoding="utf-8")
    done = _run([sys.executable, str(script)], repo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.count("documents 5 quotes") == 1  # the workers did not re-run the script
    one_liner = _run([sys.executable, "-c", SCRIPT.format(inputs=str(seeds))], repo, tmp_path)
    assert one_liner.returncode == 0, one_liner.stderr
    assert one_liner.stdout == done.stdout


def test_time_budget_interrupts_a_thread_and_never_fires_after_the_block():
    """Dask runs tasks in worker threads, where no SIGALRM can reach: the budget still holds."""
    import threading
    import time

    from stance.workers import DocumentTimeout, time_budget

    outcomes = []

    def work():
        try:
            with time_budget(0.2):
                while True:  # stands for an extraction that never ends
                    sum(range(1000))
        except DocumentTimeout:
            outcomes.append("timed out")
        with time_budget(0.2):
            outcomes.append("quick")
        time.sleep(0.4)  # the second budget's timer would have fired here
        outcomes.append("after")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcomes == ["timed out", "quick", "after"]


def test_a_lost_chunk_names_the_documents_it_held():
    """A dead worker (process pool or Dask) is one line naming the first and last document of its chunk,
    skipped inputs included."""
    from stance.io import Input, Skipped
    from stance.records import Document
    from stance.workers import lost_chunk

    items = [Input(Document("a1", "text")), Skipped("x.csv", "a2", "empty"), Input(Document("a3", "text"))]
    assert lost_chunk("Dask workers died", 4, items) == \
        "Dask workers died (out of memory?) on one of the documents a1 .. a3 (chunk 4)"


def test_a_chunk_parsed_in_one_batch_gives_each_document_its_own_quotes(article, other_article):
    """Documents parsed together (`nlp.pipe`) get the quotes they get parsed alone; a batch that
    fails is redone one document at a time, and the chunk's quotes are the same."""
    from stance.extract import extract_quotes
    from stance.io import Input, Skipped
    from stance.nlp import load_parser
    from stance.records import Document
    from stance.workers import Stage, parse_together, run_chunk

    nlp = load_parser()
    items = [Input(Document("a", article)), Input(Document("b", "No quotation here.")),
             Skipped("x.csv", "c", "empty"), Input(Document("d", other_article))]
    assert sorted(parse_together(items, nlp)) == [0, 3]  # only documents with quotes are parsed
    alone = [q for item in (items[0], items[3]) for q in extract_quotes(item.document, nlp)]
    assert len(alone) >= 4

    class BatchFails:
        """The parser, except that a batch of documents raises."""

        max_length = nlp.max_length

        def __call__(self, text):
            return nlp(text)

        def pipe(self, texts, batch_size):
            raise ValueError("a document the batch cannot take")

    for parser in (nlp, BatchFails()):
        chunk = run_chunk(0, "k", items, Stage(), nlp=parser)
        assert chunk.quotes == alone
        assert [d["doc_id"] for d in chunk.documents] == ["a", "b", "d"]
        assert [s.doc_id for s in chunk.skipped] == ["c"]


START_UP = """\
import sys
from stance.codebook import load_codebook
from stance.pipeline import _describe_model
_describe_model(None, load_codebook())
print("parent, model checked:", sorted(m for m in ("sklearn", "torch", "spacy") if m in sys.modules))
from stance.nlp import load_parser
nlp = load_parser()
print("worker, parser loaded:", sorted(m for m in ("sklearn", "torch") if m in sys.modules))
print("parsed:", [t.dep_ for t in nlp("The minister said it.")])
import torch
print("torch still loads:", torch.tensor([1, 2]).sum().item())
"""


def test_start_up_imports_only_what_each_process_needs(tmp_path, repo):
    """The parent checks the model before its workers start without scikit-learn (its import costs
    1.5 CPU-s on the path to the first document), and a worker loads the CNN parser without torch,
    which thinc would import whenever it is installed; torch can still be loaded afterwards."""
    done = _run([sys.executable, "-c", START_UP], repo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "parent, model checked: []",
        "worker, parser loaded: []",
        "parsed: ['det', 'nsubj', 'ROOT', 'dobj', 'punct']",
        "torch still loads: 3",
    ]


def test_a_chunk_parsed_with_the_layers_in_small_batches_parses_as_one_batch(seeds, parser, monkeypatch):
    """The CNN and tagger take a chunk `LAYER_BATCH` documents at a time, the parser the whole
    chunk: every token's tag, head, label and sentence start are those of one batch for all."""
    from stance import workers
    from stance.extract import parse_text
    from stance.io import Input
    from stance.records import Document

    items = [Input(Document(path.stem, path.read_text(encoding="utf-8"))) for path in sorted(seeds.glob("*.txt"))]
    texts = [parse_text(item.document.text) for item in items]
    whole = list(parser.pipe(texts, batch_size=len(texts)))
    monkeypatch.setattr(workers, "LAYER_BATCH", 2)  # five documents: batches of 2, 2 and 1 before the parser
    parsed = workers.parse_together(items, parser)

    def tokens(doc):
        return [(t.text, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in doc]

    assert sorted(parsed) == list(range(len(items))) and len(items) >= 4
    assert [tokens(parsed[n]) for n in range(len(items))] == [tokens(doc) for doc in whole]


def test_a_chunk_finds_each_documents_quote_spans_once(article, other_article, parser, monkeypatch):
    """The parse (how far to parse) and extraction share one `find_quote_spans` per document, and
    the quotes are those the document gets alone."""
    from stance import workers
    from stance.extract import extract_quotes
    from stance.io import Input, Skipped
    from stance.records import Document

    items = [Input(Document("a", article)), Skipped("x.csv", "c", "empty"), Input(Document("d", other_article))]
    alone = [q for item in (items[0], items[2]) for q in extract_quotes(item.document, parser)]
    found = []
    real = workers.find_quote_spans
    for module in (workers, importlib.import_module("stance.extract")):  # where the parse and extraction look
        monkeypatch.setattr(module, "find_quote_spans", lambda text: found.append(text) or real(text))
    chunk = workers.run_chunk(0, "k", items, workers.Stage(), nlp=parser)
    assert found == [article, other_article]
    assert chunk.quotes == alone and len(alone) >= 4


def test_the_command_line_reaches_its_workers_without_importing_scikit_learn():
    """`stance score` imports the review module (is the output folder reviewed?), which imported scikit-learn for
    `evaluate`'s F1: a second of the parent's CPU before it started its workers, on every run."""
    code = "import sys, stance.cli, stance.review, stance.pipeline; print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_run_that_ends_before_its_first_classification_waits_for_the_model_loading(monkeypatch):
    """An in-process run that reads no document left the model loading in a daemon thread; Python then
    exited with the thread inside ONNX Runtime and the process aborted (exit status 134), not 1."""
    import threading

    from stance import workers

    started, release = threading.Event(), threading.Event()
    loaded = []

    def slow_load(self):
        started.set()
        release.wait(5)
        loaded.append(True)

    monkeypatch.setattr(workers.LazyModel, "_load", slow_load)
    with workers.Extractor(1, workers.Stage(model=workers.ModelSpec("fast"))) as extractor:
        assert list(extractor.chunks([])) == []
        started.wait(5)
        threading.Timer(0.2, release.set).start()
    assert loaded == [True]  # __exit__ waited for it
