"""The float32 encoder in ONNX Runtime: the same vectors as torch, a graph built here and checked."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stance.encoder import DEFAULT_ENCODER, Encoder, default_encoder_path, encoder_weights_sha256
from stance.onnx_encoder import graph_for

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]

SENTENCES = [
    "The minister said the country would \"never accept foreign troops on its soil\".",
    "\"We are deeply worried,\" an aid official told reporters in the capital on Tuesday.",
    "Asked whether the talks would resume, the envoy said: \"Not before the guns fall silent.\"",
    "Short.",
    " ".join(["The council's statement, read out after a long night of talks, repeated its call"] * 30),  # > 256 tokens
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STANCE_CACHE", str(folder))
        patch.delenv("STANCE_ENCODER_BACKEND", raising=False)
        yield folder


def test_onnx_vectors_equal_torch_vectors(cache, monkeypatch):
    onnx = Encoder(DEFAULT_ENCODER, dtype="float32")
    assert onnx.backend == "onnx"
    assert list((cache / "encoders").glob("*.onnx")), "the graph is built into the cache"
    monkeypatch.setenv("STANCE_ENCODER_BACKEND", "torch")
    torch_encoder = Encoder(DEFAULT_ENCODER, dtype="float32")
    assert torch_encoder.backend == "torch"
    # The tokenizers agree, truncation at max_length included.
    assert onnx._runner.tokenize(SENTENCES) == torch_encoder._runner.tokenize(SENTENCES)
    assert len(onnx._runner.tokenize(SENTENCES[-1:])[0]) == 256
    a, b = onnx.encode(SENTENCES), torch_encoder.encode(SENTENCES)
    assert a.shape == (len(SENTENCES), 384)
    assert np.abs(a - b).max() < 1e-5
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    # Batching by token length does not change a text's vector: alone or among others, the same.
    assert np.abs(onnx._embed(SENTENCES[:1]) - a[:1]).max() < 1e-5


def test_a_changed_graph_is_rebuilt_not_used(cache):
    source, sha = default_encoder_path(), encoder_weights_sha256(DEFAULT_ENCODER)
    path = graph_for(source, sha)
    original = path.read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))
    assert graph_for(source, sha) == path
    assert path.read_bytes() == original  # exported again from the weights


def test_unusable_cache_falls_back_to_torch(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STANCE_CACHE", str(blocker))
    with pytest.warns(UserWarning, match="running the encoder in torch"):
        encoder = Encoder(DEFAULT_ENCODER, dtype="float32")
    assert encoder.backend == "torch"
    assert encoder.encode(SENTENCES[:2]).shape == (2, 384)


def test_worker_thread_limit_reaches_libraries_loaded_later(cache):
    """A pool worker limits threads before spaCy loads torch: both runtimes must still use one."""
    code = (
        "from stance.encoder import limit_threads, Encoder\n"
        "limit_threads(1)\n"
        "import spacy, torch\n"
        "onnx = Encoder(dtype='float32')\n"
        "import os; os.environ['STANCE_ENCODER_BACKEND'] = 'torch'\n"
        "int8 = Encoder(dtype='int8')\n"
        "print(onnx.backend, onnx._runner.session.get_session_options().intra_op_num_threads, torch.get_num_threads())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.split() == ["onnx", "1", "1"]


def test_a_cut_encoder_runs_its_first_layers_in_onnx_and_torch(cache, monkeypatch):
    """"all-MiniLM-L6-v2:layers=2" is the packaged MiniLM's first two layers, mean-pooled: its own
    graph in the cache, the same vectors in torch, and the full model's weights hash in manifests."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    cut = Encoder(f"{DEFAULT_ENCODER}:layers=2", dtype="float32")
    assert (cut.backend, cut.name) == ("onnx", f"{DEFAULT_ENCODER}:layers=2")
    assert list((cache / "encoders").glob("*-L2-v*.onnx"))
    assert encoder_weights_sha256(cut.name) == encoder_weights_sha256(DEFAULT_ENCODER)
    monkeypatch.setenv("STANCE_ENCODER_BACKEND", "torch")
    in_torch = Encoder(f"{DEFAULT_ENCODER}:layers=2", dtype="float32")
    a, b = cut.encode(SENTENCES[:3]), in_torch.encode(SENTENCES[:3])
    assert np.abs(a - b).max() < 1e-5
    tokenizer, full = AutoTokenizer.from_pretrained(default_encoder_path()), AutoModel.from_pretrained(default_encoder_path())
    with torch.inference_mode():
        batch = tokenizer(SENTENCES[:1], return_tensors="pt")
        hidden = full(**batch, output_hidden_states=True).hidden_states[2].mean(dim=1)[0].numpy()
    assert np.abs(a[0] - hidden / np.linalg.norm(hidden)).max() < 1e-5


def test_int8_runs_a_quantised_copy_of_the_float32_graph(cache, monkeypatch):
    """$STANCE_ENCODER_DTYPE=int8: the float32 graph quantised once into its own cached file (a quarter of
    the size), vectors near float32's; a float32 record written before records had a dtype still serves."""
    import json

    int8 = Encoder(DEFAULT_ENCODER, dtype="int8")
    assert int8.backend == "onnx"
    quantised = next((cache / "encoders").glob("*-q8-v*.onnx"))
    plain = quantised.with_name(quantised.name.replace("-q8", ""))
    assert json.loads(quantised.with_suffix(".json").read_text())["dtype"] == "int8"
    assert quantised.stat().st_size < plain.stat().st_size / 3
    a, b = int8.encode(SENTENCES[:4]), Encoder(DEFAULT_ENCODER, dtype="float32").encode(SENTENCES[:4])
    assert 0.97 < (a * b).sum(axis=1).min() < 1.0 - 1e-7  # unit vectors: close, not the same
    # One text at a time (a batch's activations share one int8 scale): a text's vector is its own, whatever
    # texts come with it, so another chunking gives the same labels.
    assert int8.batch_size == 1 and np.array_equal(int8._embed(SENTENCES[1:2]), a[1:2])
    record = json.loads(plain.with_suffix(".json").read_text())
    plain.with_suffix(".json").write_text(json.dumps({k: v for k, v in record.items() if k != "dtype"}))
    modified = plain.stat().st_mtime_ns
    assert graph_for(default_encoder_path(), encoder_weights_sha256(DEFAULT_ENCODER)) == plain
    assert plain.stat().st_mtime_ns == modified  # not exported again
    monkeypatch.setenv("STANCE_ENCODER_BACKEND", "torch")
    assert Encoder(DEFAULT_ENCODER, dtype="int8").backend == "torch"


def test_int8_spreads_its_one_text_calls_over_the_cores_with_the_same_vectors(cache, monkeypatch):
    """int8 runs one text per call; with two cores two calls run side by side (one thread each), and every
    vector is the one a single lane gives, bit for bit. A worker (`limit_threads(1)`) keeps one lane."""
    import stance.encoder as encoder_module

    texts = [f"{sentence} ({i})" for i in range(6) for sentence in SENTENCES[:4]]
    monkeypatch.setattr(encoder_module, "_cores", lambda: 1)
    one = Encoder(DEFAULT_ENCODER, dtype="int8")
    monkeypatch.setattr(encoder_module, "_cores", lambda: 2)
    two = Encoder(DEFAULT_ENCODER, dtype="int8")
    assert (one._lanes, two._lanes) == (1, 2)
    assert np.array_equal(one.encode(texts), two.encode(texts))
    assert Encoder(DEFAULT_ENCODER, dtype="float32")._lanes == 1  # float32 batches use the cores themselves
    monkeypatch.undo()
    monkeypatch.setattr(encoder_module, "_threads", 1)  # what limit_threads(1) sets in a worker
    assert Encoder(DEFAULT_ENCODER, dtype="int8")._lanes == 1


def test_a_new_graph_makes_room_in_the_cache(tmp_path):
    """The rule: the KEEP_GRAPHS graphs used last stay, and so does any used within KEEP_SECONDS and the graph
    just made; the others go with their records, as do half-written files of dead exports."""
    import os

    from stance.onnx_encoder import KEEP_GRAPHS, KEEP_SECONDS, prune

    now = 2_000_000_000.0
    graphs = []
    for age in range(KEEP_GRAPHS + 4):  # graph i last used (i + 1) * 2 hours ago, by its record's time
        graph = tmp_path / f"{age:016x}-v1.onnx"
        graph.write_bytes(b"graph")
        graph.with_suffix(".json").write_text("{}")
        os.utime(graph.with_suffix(".json"), (now - (age + 1) * 2 * KEEP_SECONDS,) * 2)
        graphs.append(graph)
    os.utime(graphs[-1].with_suffix(".json"), (now - KEEP_SECONDS / 2,) * 2)  # the oldest, used again lately
    dead, fresh = tmp_path / ".a-v1.onnx.1.partial", tmp_path / ".b-v1.onnx.2.partial"
    for partial, when in ((dead, now - 2 * KEEP_SECONDS), (fresh, now)):
        partial.write_bytes(b"half")
        os.utime(partial, (when,) * 2)
    removed = prune(tmp_path, keep=graphs[-2], now=now)
    # ranked by last use: graphs[-1], graphs[0..KEEP_GRAPHS-2] stay; then graphs[KEEP_GRAPHS-1..-3] go, except `keep`
    assert sorted(removed) == graphs[KEEP_GRAPHS - 1:-2]
    assert sorted(tmp_path.glob("*.onnx")) == sorted([*graphs[:KEEP_GRAPHS - 1], *graphs[-2:]])
    assert sorted(tmp_path.glob("*.json")) == [g.with_suffix(".json") for g in sorted(tmp_path.glob("*.onnx"))]
    assert not dead.exists() and fresh.exists()


def test_using_a_graph_marks_it_used(cache):
    """graph_for marks the graph it returns (its record's time), so the graphs in use are the last to go."""
    import os

    source, sha = default_encoder_path(), encoder_weights_sha256(DEFAULT_ENCODER)
    path = graph_for(source, sha)
    os.utime(path.with_suffix(".json"), (1_000_000_000,) * 2)
    assert graph_for(source, sha) == path
    assert path.with_suffix(".json").stat().st_mtime > 1_000_000_000 + 1e8


def test_int8_in_torch_runs_float32_without_torchs_deprecated_quantisation(cache, monkeypatch):
    """Where ONNX Runtime is not used, int8 was torch's dynamic quantisation (`torch.ao.quantization`,
    deprecated and to be removed; its labels agreed less with ONNX int8's than float32's do). Now the encoder
    says so and runs float32 in torch: the vectors are float32's, and torch warns of nothing."""
    import warnings

    monkeypatch.setenv("STANCE_ENCODER_BACKEND", "torch")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        int8 = Encoder(DEFAULT_ENCODER, dtype="int8")
        vectors = int8.encode(SENTENCES[:3])
    said = [str(w.message) for w in caught]
    assert not [m for m in said if "torch.ao.quantization" in m or "quantize_per_tensor" in m]
    assert any("int8 runs in ONNX Runtime only; the encoder runs float32 in torch" in m for m in said)
    assert (int8.backend, int8.dtype) == ("torch", "float32")
    np.testing.assert_array_equal(vectors, Encoder(DEFAULT_ENCODER, dtype="float32").encode(SENTENCES[:3]))
