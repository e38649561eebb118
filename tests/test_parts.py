"""Chunks on disk: parts written as chunks finish, --resume redoes only what did not finish."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import psutil
import pytest

import stance
from stance.cli import main
from stance.errors import StanceError
from stance.io import Input, Skipped
from stance.matrix import DEFAULT_LABELS
from stance.outputs import read_manifest
from stance.parts import Chunk, PartStore, fingerprint, read_part, resumed_chunks, write_part
from stance.records import Document, Quote


def test_parts_fingerprint_follows_the_inputs(article):
    one = [Input(Document("a", article), "a.txt"), Skipped("b.txt", "b", "empty document")]
    assert fingerprint(one) == fingerprint(list(one))
    assert fingerprint(one) != fingerprint([Input(Document("a", article + " "), "a.txt"), one[1]])
    assert fingerprint(one) != fingerprint(one[:1])


def test_parts_resumed_chunks_keep_a_finished_parts_inputs_where_they_still_come_in_order():
    """Finished parts 0 (a b), 1 (c d), 2 (e f) and 4 (i j) of a run of chunks of 2; part 3 did not finish."""
    def inputs(names: str) -> list[Skipped]:
        return [Skipped(f"{n}.txt", n, "empty document") for n in names]

    finished = {k: (fingerprint(inputs(names)), 2) for k, names in ((0, "ab"), (1, "cd"), (2, "ef"), (4, "ij"))}

    def chunks(names: str) -> list[tuple[int, str]]:
        return [(k, "".join(i.doc_id for i in chunk)) for k, chunk in resumed_chunks(inputs(names), 2, finished)]
    assert chunks("abcdefghijkl") == [(0, "ab"), (1, "cd"), (2, "ef"), (3, "gh"), (4, "ij"), (5, "kl")]
    assert chunks("abcxdefghij") == [(0, "ab"), (1, "cxd"), (2, "ef"), (3, "gh"), (4, "ij")]  # x added
    assert chunks("xabcdef") == [(0, "xab"), (1, "cd"), (2, "ef")]  # before the first
    assert chunks("abcef") == [(0, "ab"), (1, "c"), (2, "ef")]  # d removed
    assert chunks("abefgh") == [(0, "ab"), (2, "ef"), (3, "gh")]  # part 1's inputs all gone: it holds none
    assert chunks("abcDef") == [(0, "ab"), (1, "cD"), (2, "ef")]  # d edited (another doc_id here)
    assert chunks("abcvwxyzdef") == [(0, "ab"), (1, "cv"), (2, "wx"), (3, "yz"), (4, "de"), (5, "f")]  # too many:
    assert chunks("") == []                                                            # as a fresh run takes them


def test_parts_resumed_chunks_keep_a_finished_part_after_an_unfinished_one():
    """Parts 0 (a b) and 2 (e f) finished, part 1 not (workers finish chunks out of order). A file added before
    a: chunk 0 is redone, and the unfinished chunk 1 took `size` inputs, so part 2's inputs came one later and it
    was redone too. An unfinished chunk now runs up to where the next finished part's inputs begin."""
    def inputs(names: str) -> list[Skipped]:
        return [Skipped(f"{n}.txt", n, "empty document") for n in names]

    finished = {k: (fingerprint(inputs(names)), 2) for k, names in ((0, "ab"), (2, "ef"))}

    def chunks(names: str) -> list[tuple[int, str]]:
        return [(k, "".join(i.doc_id for i in chunk)) for k, chunk in resumed_chunks(inputs(names), 2, finished)]
    assert chunks("abcdefgh") == [(0, "ab"), (1, "cd"), (2, "ef"), (3, "gh")]
    assert chunks("xabcdefgh") == [(0, "xa"), (1, "bcd"), (2, "ef"), (3, "gh")]
    assert chunks("abcxdefgh") == [(0, "ab"), (1, "cxd"), (2, "ef"), (3, "gh")]
    assert chunks("abefgh") == [(0, "ab"), (2, "ef"), (3, "gh")]  # part 1's inputs all gone


def test_parts_a_part_is_done_only_when_its_json_is_written(tmp_path):
    quote = Quote("a", "a:1", 0, 5, "words", "direct", stance="concern", stance_score=0.9,
                  probabilities=tuple((lab, 0.9 if lab == "concern" else 0.025) for lab in DEFAULT_LABELS))
    chunk = Chunk(3, "key", [{"doc_id": "a", "n_quotes": 1}], [quote], [Skipped("b.txt", "b", "empty document")])
    write_part(tmp_path, chunk, DEFAULT_LABELS)
    done = read_part(tmp_path, 3, "key")
    assert (done.documents, done.skipped, done.on_disk) == (chunk.documents, chunk.skipped, True)
    assert read_part(tmp_path, 3, "other inputs") is None
    frame = pd.read_parquet(tmp_path / "000003.parquet")
    assert frame.loc[0, ["text", "p_concern"]].tolist() == ["words", 0.9]
    (tmp_path / "000003.json").unlink()
    assert read_part(tmp_path, 3, "key") is None


def test_parts_resume_refuses_other_settings(tmp_path):
    PartStore(tmp_path, {"model": "default@0.1.0", "chunk_size": 16})
    with pytest.raises(StanceError, match=r"other settings \(model 'default@0.1.0' then, 'mine@0.2.0' now\)"):
        PartStore(tmp_path, {"model": "mine@0.2.0", "chunk_size": 16}, resume=True)
    PartStore(tmp_path, {"model": "mine@0.2.0", "chunk_size": 16})  # a fresh run starts over


def test_parts_resume_refuses_another_encoder_dtype(tmp_path, monkeypatch):
    """A run killed under STANCE_ENCODER_DTYPE=int8 (or on a CPU with bfloat16) and resumed under float32
    labelled its remaining chunks with the encoder run another way (int8 keeps 97.6% of float32's labels):
    two readings mixed in one output set without a word. How the encoder runs is a setting of the parts now."""
    from stance import workers
    from stance.pipeline import run

    class NoModel:  # no chunk is run: the model need not load
        def __init__(self, spec):
            self.classify = None

        def close(self):
            pass

    monkeypatch.setattr(workers, "LazyModel", NoModel)
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "int8")
    run([], parts=tmp_path / "parts")
    run([], parts=tmp_path / "parts", resume=True)  # as it ran: resumes
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")
    with pytest.raises(StanceError, match=r"other settings \(encoder_dtype 'int8' then, 'float32' now\): its chunks "
                                          "would mix"):
        run([], parts=tmp_path / "parts", resume=True)


class Killed(BaseException):
    """Stands for the run being stopped between two chunks."""


def test_parts_resume_in_process_redoes_only_unfinished_chunks(tmp_path, seeds, monkeypatch):
    from stance import workers

    texts = sorted(seeds.glob("*.txt"))
    whole = stance.score(texts, parts=tmp_path / "whole", chunk_size=2)
    real, calls = workers.run_chunk, []

    def dies_on_the_third_chunk(index, *args, **kwargs):
        calls.append(index)
        if index == 2 and calls == [0, 1, 2]:
            raise Killed
        return real(index, *args, **kwargs)

    monkeypatch.setattr(workers, "run_chunk", dies_on_the_third_chunk)
    with pytest.raises(Killed):
        stance.score(texts, parts=tmp_path / "parts", chunk_size=2)
    assert calls == [0, 1, 2]
    calls.clear()
    resumed = stance.score(texts, parts=tmp_path / "parts", chunk_size=2, resume=True)
    assert calls == [2]
    for name in ("quotes", "documents", "errors", "actors"):
        pd.testing.assert_frame_equal(getattr(whole, name), getattr(resumed, name))
    in_memory = stance.score(texts, chunk_size=2)
    pd.testing.assert_frame_equal(whole.quotes, in_memory.quotes)
    assert whole.quotes["speaker_start"].dtype == "Int64"


@pytest.mark.slow
def test_parts_killed_run_resumed_equals_an_uninterrupted_one(tmp_path, seeds, repo, monkeypatch):
    from stance import workers

    inputs = [str(p) for p in sorted(seeds.glob("*.txt"))]
    argv = ["score", *inputs, "--quiet", "--chunk-size", "1", "--format", "parquet"]
    assert main([*argv, "--out", str(tmp_path / "whole")]) == 0
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(repo)}
    process = subprocess.Popen([sys.executable, "-m", "stance", *argv, "--out", str(out), "--workers", "2"], env=env)
    deadline = time.monotonic() + 300
    while not (out / "parts" / "000001.json").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    children = psutil.Process(process.pid).children()
    process.send_signal(signal.SIGKILL)
    process.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert len(children) >= 2 and not alive  # the workers do not outlive a killed run
    assert (out / "parts" / "000000.json").exists() and not (out / "manifest.json").read_text().count('"complete": true')
    real, redone = workers.run_chunk, []
    monkeypatch.setattr(workers, "run_chunk", lambda index, *a, **k: redone.append(index) or real(index, *a, **k))
    assert main([*argv, "--out", str(out), "--resume"]) == 0
    assert 0 not in redone and len(redone) < len(inputs)  # finished chunks were read, not redone
    assert not (out / "parts").exists()  # a finished run leaves no parts
    whole, resumed = read_manifest(tmp_path / "whole"), read_manifest(out)
    assert resumed["files"] == whole["files"]
    quotes = pd.read_parquet(out / "quotes.parquet")
    assert quotes["speaker_start"].dtype == "Int64" and len(quotes) == whole["quotes"]


def test_parts_quote_rows_hold_every_field_as_the_quote_does():
    """A part's rows (`quotes_to_frame`, read field by field) hold what `dataclasses.asdict` of
    each quote holds: offsets that may be missing, probabilities spread into p_ columns, actors."""
    from dataclasses import asdict

    from stance.records import quote_columns, quotes_to_frame

    labels = ("support", "oppose")
    quotes = [Quote("d", "d:1", 3, 9, "Yes.", "direct", speaker="Ana Ruiz", speaker_start=12, speaker_end=20,
                    confidence=0.9, stance="support", stance_score=0.75, probabilities=(("support", 0.75),
                    ("oppose", 0.25)), model="m", actor_id="a1", statement_id="s1"),
              Quote("d", "d:2", 30, 41, "No, never.", "partial", speaker_start=None, speaker_end=None)]
    rows = []
    for quote in quotes:
        row = asdict(quote)
        probabilities = dict(row.pop("probabilities"))
        rows.append({**row, **{f"p_{label}": probabilities.get(label) for label in labels}})
    expected = pd.DataFrame(rows, columns=quote_columns(labels))
    for column in ("start", "end", "speaker_start", "speaker_end"):
        expected[column] = expected[column].astype("Int64")
    pd.testing.assert_frame_equal(quotes_to_frame(quotes, labels), expected)
