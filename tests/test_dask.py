"""The Dask engine: a LocalCluster of two worker processes gives exactly the in-process result."""
from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import stance
from stance.errors import StanceError
from stance.io import Input, read_inputs

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _inputs(seeds: Path, tmp_path: Path) -> list[Path]:
    """The seeds, and the dev texts where the shared gold set is beside the repository."""
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")  # one input skipped: errors.csv has a row
    inputs = [seeds, tmp_path / "empty.txt"]
    dev = SHARED / "gold" / "dev.jsonl"
    if dev.exists():
        subprocess.run([sys.executable, str(SHARED / "tools" / "quote_eval.py"), "texts", str(dev),
                        str(tmp_path / "dev")], check=True, capture_output=True)
        inputs.append(tmp_path / "dev")
    return inputs


@pytest.mark.slow
def test_dask_local_cluster_equals_the_in_process_run(seeds, tmp_path):
    pytest.importorskip("distributed")
    inputs = _inputs(seeds, tmp_path)
    expected = stance.score(inputs)
    got = stance.score(inputs, engine="dask", workers=2, parts=tmp_path / "parts", chunk_size=2)
    assert len(got.documents) + len(got.errors) == sum(len(list(read_inputs([p]))) for p in inputs)
    assert got.errors["doc_id"].tolist() == ["empty"]
    assert len(list((tmp_path / "parts").glob("*.parquet"))) == -(-(len(got.documents) + 1) // 2)
    for name in ("quotes", "documents", "errors", "actors"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name), obj=name)
    assert got.quotes["stance"].ne("").all() and got.quotes["actor_id"].ne("").any()


def test_dask_engine_and_scheduler_are_checked_before_any_work(article):
    with pytest.raises(StanceError, match="unknown engine 'spark'"):
        stance.score([article], engine="spark")
    with pytest.raises(StanceError, match="needs the dask engine"):
        stance.score([article], scheduler="tcp://127.0.0.1:8786")


def test_a_quoted_pattern_reads_every_matching_table_in_order(tmp_path, article, other_article):
    for name, text in (("b", other_article), ("a", article)):
        pd.DataFrame({"doc_id": [name], "text": [text]}).to_parquet(tmp_path / f"{name}.parquet", index=False)
    items = list(read_inputs([str(tmp_path / "*.parquet")]))
    assert [i.document.doc_id for i in items if isinstance(i, Input)] == ["a", "b"]
    assert [s.reason for s in read_inputs([str(tmp_path / "*.csv")])] == ["no file matches the pattern"]


@pytest.mark.slow
def test_dask_local_cluster_processes_leave_ctrl_c_to_the_client():
    """Ctrl-C reaches the terminal's whole process group: each worker process printed a
    KeyboardInterrupt traceback; now they ignore it, and the client, which closes the
    cluster and says what the output folder holds, keeps its own handler."""
    import signal

    pytest.importorskip("distributed")
    from stance.dask_engine import DaskExtractor
    from stance.nlp import DEFAULT_PIPELINE
    from stance.workers import Stage

    before = signal.getsignal(signal.SIGINT)
    with DaskExtractor(1, Stage(DEFAULT_PIPELINE, None)) as extractor:
        ignored = lambda: __import__("signal").getsignal(2) == __import__("signal").SIG_IGN  # noqa: E731
        assert list(extractor._client.run(ignored).values()) == [True]  # the worker processes (nannies run here)
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.slow
def test_dask_workers_run_the_encoder_as_the_client_chose(tmp_path, article, other_article, monkeypatch):
    """A worker on another machine chose its encoder's run type itself (bfloat16 where its CPU has it, or its
    own $STANCE_ENCODER_DTYPE): one output set could hold quotes read by int8 on one machine and float32 on
    another while run.json recorded the client's choice only. The workers now run it as the client chose.
    Here the cluster's worker is started with float32 as its own choice and the client chooses int8."""
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    texts = [article, other_article]
    expected = stance.score(texts)  # in this process, int8
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"STANCE_ENCODER_DTYPE": "float32"}) as cluster:
        got = stance.score(texts, engine="dask", scheduler=cluster.scheduler_address, parts=tmp_path / "parts")
    pd.testing.assert_frame_equal(got.quotes, expected.quotes)
    assert json.loads((tmp_path / "parts" / "run.json").read_text())["settings"]["encoder_dtype"] == "int8"


@pytest.mark.slow
def test_dask_workers_started_in_another_folder_load_a_model_named_by_a_relative_path(tmp_path, repo, monkeypatch,
                                                                                      article, other_article):
    """`--model models/mine` from the project folder, on a cluster whose workers were started elsewhere: the
    client read the folder, then every worker looked for models/mine in its own folder ("no such model folder",
    for a folder that was there). Workers get the folder's absolute path now (names stay names); where a worker
    still cannot read it, the line says it was the worker, and what each worker needs."""
    import logging
    import os
    import shutil

    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from stance import pipeline

    (tmp_path / "models").mkdir()
    shutil.copytree(repo / "models" / "fast", tmp_path / "models" / "mine")
    (tmp_path / "in.txt").write_text(article + other_article, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = stance.score([Path("in.txt")], model="models/mine")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster:
        with Client(cluster) as client:
            client.run(os.chdir, "/")  # as `dask worker` started in its user's home
        got = stance.score([Path("in.txt")], engine="dask", scheduler=cluster.scheduler_address, model="models/mine")
    pd.testing.assert_frame_equal(got.quotes, expected.quotes)
    assert len(got.quotes) and got.quotes["stance"].ne("").all()

    monkeypatch.setattr(pipeline, "_for_workers", lambda name, model_name=False: "/elsewhere/mine" if model_name else name)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster:  # a worker that cannot see the folder
        with pytest.raises(StanceError, match=r"^on a Dask worker: /elsewhere/mine: no such model folder .*install them "
                                              "on every worker, or keep them on a filesystem every worker sees"):
            stance.score([Path("in.txt")], engine="dask", scheduler=cluster.scheduler_address, model="models/mine")



def test_workers_get_this_folders_paths_made_absolute_and_names_as_given(tmp_path, monkeypatch):
    from stance.nlp import DEFAULT_PIPELINE
    from stance.pipeline import _for_workers

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pipelines" / "mine").mkdir(parents=True)
    (tmp_path / DEFAULT_PIPELINE).mkdir()  # spaCy loads the installed package of that name first: so do the workers
    assert _for_workers("pipelines/mine") == str(tmp_path / "pipelines" / "mine")
    assert _for_workers(DEFAULT_PIPELINE) == DEFAULT_PIPELINE
    assert [_for_workers(name, model_name=True) for name in ("fast", "zero-shot", None)] == ["fast", "zero-shot", None]
    (tmp_path / "fast").mkdir()  # a folder here is what --model fast reads (stance.model.model_folder)
    assert _for_workers("fast", model_name=True) == str(tmp_path / "fast")


def _run_waiting_for_a_worker(capsys, monkeypatch, texts, wait_for, **options):
    """A run on a scheduler without workers, its stderr read until `wait_for` appears (and 1.5 s more, to see what
    is said again); then a worker joins and the run ends. Returns the scheduler's address, that stderr and the
    run's result (None if it gave none)."""
    import logging
    import threading
    import time

    pytest.importorskip("distributed")
    from distributed import LocalCluster

    import stance.pipeline

    monkeypatch.setattr(stance.pipeline, "HEARTBEAT", 0.3)
    with LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster:
        address, got = cluster.scheduler_address, []
        capsys.readouterr()
        run = threading.Thread(target=lambda: got.append(stance.score(texts, model="fast", engine="dask",
                                                                      scheduler=address, **options)))
        run.start()
        err, deadline = "", time.monotonic() + 60
        while wait_for not in err and time.monotonic() < deadline:
            time.sleep(0.2)
            err += capsys.readouterr().err
        time.sleep(1.5)
        err += capsys.readouterr().err
        cluster.scale(1)
        run.join(120)
    return address, err, (got[0] if got else None)


@pytest.mark.slow
def test_dask_bar_says_the_cluster_has_no_workers_until_one_joins(capsys, monkeypatch, article, other_article):
    """A scheduler whose workers are not started yet (or all gone): the run waits for them, and the bar said the
    first chunk's longest document was running ("on=1 (4,183 characters, 84 s)"). It says why now; a worker that
    joins runs the chunks, with the result of a run on this machine."""
    texts = [article, other_article]
    expected = stance.score(texts, model="fast")
    address, err, got = _run_waiting_for_a_worker(capsys, monkeypatch, texts, "on=no Dask workers", progress=True)
    assert f"on=no Dask workers: waiting for the scheduler at {address} to have one (dask worker {address}) (" in err
    assert got is not None and got.quotes.equals(expected.quotes)


def test_a_worker_told_another_run_type_loads_the_encoder_again(monkeypatch):
    """A Dask worker shared by two runs is told each run's encoder run type in turn (`ModelSpec.encoder_dtype`);
    the encoder was cached by name alone, so the second run's quotes went through the first run's int8 encoder."""
    from stance.encoder import DEFAULT_ENCODER, load_encoder

    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    first = load_encoder(DEFAULT_ENCODER)
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")
    assert (first.dtype, load_encoder(DEFAULT_ENCODER).dtype) == ("int8", "float32")
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    assert load_encoder(DEFAULT_ENCODER) is first


@pytest.mark.slow
def test_a_local_clusters_workers_write_their_parts_with_an_ordinary_malloc(seeds, tmp_path, monkeypatch):
    """A local cluster's workers write their chunks' parts (the client wrote them all: its CPU is the workers'
    on a machine they share), without Dask's MALLOC_TRIM_THRESHOLD_ (1.16-1.3x a chunk's CPU) or its profiler."""
    pytest.importorskip("distributed")
    import stance.workers
    from stance.dask_engine import DaskExtractor
    from stance.nlp import DEFAULT_PIPELINE
    from stance.workers import Stage

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # left by another test's own LocalCluster's nanny
    with DaskExtractor(1, Stage(DEFAULT_PIPELINE, None)) as extractor:
        seen = extractor._client.run(lambda: (__import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"),
                                              __import__("dask").config.get("distributed.worker.profile.enabled")))
    assert list(seen.values()) == [(None, False)]

    expected = stance.score([seeds], model="fast")

    def written_here(*args, **kwargs):
        raise AssertionError("the client wrote a part")

    monkeypatch.setattr(stance.workers, "write_part", written_here)
    got = stance.score([seeds], model="fast", engine="dask", workers=2, parts=tmp_path / "parts", chunk_size=2)
    assert len(list((tmp_path / "parts").glob("*.parquet"))) == -(-len(expected.documents) // 2)
    pd.testing.assert_frame_equal(got.quotes, expected.quotes)


def test_a_dask_worker_told_to_trim_malloc_by_its_nanny_sets_an_ordinary_processs_thresholds(monkeypatch):
    from stance.dask_engine import malloc_as_a_process

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert not malloc_as_a_process()  # an ordinary process: glibc's adaptive thresholds left alone
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert malloc_as_a_process() is (sys.platform.startswith("linux") and "glibc" in " ".join(platform.libc_ver()))


def test_a_worker_keeps_each_runs_stage_and_loads_none_again_at_a_switch(monkeypatch, article):
    """Two runs sharing a Dask worker: each chunk of the other run re-initialised the worker (parser and model
    loaded again, seconds per switch, and the run type switched process-wide under a model still loading). The
    worker now keeps each run's stage: chunks of A, B, A load A's model and B's, once each."""
    import stance.workers
    from stance import dask_engine
    from stance.io import Input
    from stance.records import Document
    from stance.workers import ModelSpec, Stage

    loads = []

    class Counted(stance.workers.LazyModel):
        def __init__(self, spec):
            loads.append(spec.encoder_dtype)
            super().__init__(spec)

    monkeypatch.setattr(stance.workers, "LazyModel", Counted)
    monkeypatch.setattr(dask_engine, "_stages", [], raising=False)
    from stance.nlp import DEFAULT_PIPELINE

    first = Stage(DEFAULT_PIPELINE, model=ModelSpec("fast", encoder_dtype="int8"))
    second = Stage(DEFAULT_PIPELINE, model=ModelSpec("fast", encoder_dtype="float32"))
    items = [Input(Document(doc_id="a", text=article))]
    chunks = [dask_engine._chunk_task(stage, 0, "k", items) for stage in (first, second, first, second)]
    assert loads == ["int8", "float32"]
    assert all(chunk.quotes == chunks[0].quotes for chunk in chunks) and chunks[0].quotes


@pytest.mark.slow
def test_a_model_runs_its_encoder_as_its_run_chose_not_as_the_process_environment(monkeypatch, article):
    """The run type was the worker's environment ($STANCE_ENCODER_DTYPE, set by each run's stage in turn): a
    model loading in the background while another run's chunk switched it took the other run's reading. The
    model now carries its run's choice (`ModelSpec.encoder_dtype`) into the threads that load and use it."""
    from stance.codebook import load_codebook
    from stance.workers import LazyModel, ModelSpec

    quotes = stance.extract(article)
    codebook = load_codebook()

    def scores(dtype: str) -> list[float]:
        return [q.stance_score for q in LazyModel(ModelSpec(None, codebook, encoder_dtype=dtype)).classify(quotes)]

    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    int8 = scores("")
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")
    float32 = scores("")
    assert int8 != float32
    assert scores("int8") == int8
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    assert scores("float32") == float32


@pytest.mark.slow
def test_two_runs_at_once_on_one_dask_worker_each_keep_their_reading(tmp_path, article, other_article):
    """Two clients on one shared cluster, one choosing int8, the other float32 for the same model, at the same
    time on a single worker: each output set equals its own in-process run."""
    import threading

    pytest.importorskip("distributed")
    from distributed import LocalCluster

    from stance.encoder import run_as

    texts = [article, other_article] * 3
    expected, got = {}, {}
    for dtype in ("int8", "float32"):
        with run_as(dtype):
            expected[dtype] = stance.score(texts)

    def run(dtype: str, address: str) -> None:
        with run_as(dtype):
            got[dtype] = stance.score(texts, engine="dask", scheduler=address, chunk_size=1,
                                      parts=tmp_path / dtype)

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        runs = [threading.Thread(target=run, args=(dtype, cluster.scheduler_address)) for dtype in expected]
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join(300)
    assert not expected["int8"].quotes.equals(expected["float32"].quotes)
    for dtype in expected:
        pd.testing.assert_frame_equal(got[dtype].quotes, expected[dtype].quotes)
        assert json.loads((tmp_path / dtype / "run.json").read_text())["settings"]["encoder_dtype"] == dtype


@pytest.mark.slow
def test_a_quiet_dask_run_says_it_waits_for_workers_in_one_line(capsys, monkeypatch, article, other_article):
    """Without the bar (`--quiet`, a notebook's default) a run on a scheduler without workers waited without a
    word. It says so in one line, and in another when a worker joins and the run goes on."""
    texts = [article, other_article]
    expected = stance.score(texts, model="fast")
    address, err, got = _run_waiting_for_a_worker(capsys, monkeypatch, texts, "stance: waiting")
    assert err.count(f"stance: waiting: no Dask workers: waiting for the scheduler at {address} to have one") == 1
    assert got is not None and got.quotes.equals(expected.quotes)
    assert capsys.readouterr().err.count("stance: the run goes on") == 1


@pytest.mark.slow
def test_dask_bar_counts_each_document_as_it_ends(article, capsys):
    """With `--engine dask` the bar moved a whole chunk at a time (0/6, 3/6, 6/6): workers on other machines
    share no memory with the client. They now post each step as a Dask event the client hears; the results
    are those of a quiet run."""
    pytest.importorskip("distributed")
    from stance.records import Document

    long_text = (article + "\n\n") * (22_000 // len(article) + 1)
    texts = [Document(f"d{n}", long_text.replace("Iraq", f"Iraq{n}", 1)) for n in range(6)]
    quiet = stance.score(texts, model="fast", chunk_size=3)
    capsys.readouterr()
    shown = stance.score(texts, model="fast", engine="dask", workers=1, chunk_size=3, progress=True)
    counts = {int(f.split("/6")[0].split()[-1]) for f in capsys.readouterr().err.split("\r")
              if f.startswith("extract+classify") and "/6" in f}
    assert counts - {0, 3, 6}, counts  # a document counted inside a chunk
    assert shown.quotes.equals(quiet.quotes) and shown.documents.equals(quiet.documents)
