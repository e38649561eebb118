"""The sentence encoder in ONNX Runtime: its graph exported here from the packaged weights, cached.

On a CPU without bfloat16, ONNX Runtime runs MiniLM in float32 10-20% faster per core than
torch (fused layer norms and GELU, less Python per layer) with the same vectors to 1e-6, and it
loads in under a second without importing transformers. The graph (the encoder plus mean
pooling) is exported once per set of weights with torch's exporter, from the weights in the
encoder's folder, into the cache (``$STANCE_CACHE``, else ``~/.cache/stance``), beside a record
of the weights' and the graph's sha256: a graph whose hash or weights differ is rebuilt, never
used. An ONNX file is data (a protobuf of operators and tensors): loading it runs no code from it.
int8 is that graph quantised once more into its own file. Each fine-tuned model has its own graph
(~90 MB): when one is added, the cache keeps the 8 graphs used last and any used within the hour,
and the others go (`prune`).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

from .io import file_sha256

GRAPH_VERSION = 1  # bump when the export below changes: cached graphs of other versions are not used
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask")
_DTYPE_TAGS = {"float32": "", "int8": "-q8"}  # in a graph's file name
DTYPES = tuple(_DTYPE_TAGS)  # what a graph here computes in
# What `prune` keeps: the graphs used last (each ~90 MB, ~23 MB in int8), and any a process may be opening.
KEEP_GRAPHS = 8
KEEP_SECONDS = 3600


def available(source: Path) -> bool:
    """Whether this encoder folder can run in ONNX Runtime here (the runtime is installed, the folder
    has a fast tokenizer, and $STANCE_ENCODER_BACKEND does not ask for torch)."""
    if os.environ.get("STANCE_ENCODER_BACKEND", "") == "torch" or not (source / "tokenizer.json").is_file():
        return False
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def cache_dir() -> Path:
    return Path(os.environ.get("STANCE_CACHE") or Path.home() / ".cache" / "stance")


def graph_for(source: Path, weights_sha256: str, weights=None, layers: int | None = None,
              dtype: str = "float32") -> Path:
    """The cached graph of the encoder in `source` (whose weights hash to `weights_sha256`; its first
    `layers` transformer layers only, when given), exported first if it is missing or does not match
    its record. Processes starting together wait for one another (a lock file), so the export runs once.
    `weights` (a state dict, e.g. a fine-tuned copy; `weights_sha256` must then identify them) replaces
    the folder's weights. dtype "int8": the float32 graph with its weights quantised (`_quantize`).
    A graph used is marked so (its record's time); a new one makes room (`prune`)."""
    folder = cache_dir() / "encoders"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{weights_sha256[:16]}{f'-L{layers}' if layers else ''}{_DTYPE_TAGS[dtype]}-v{GRAPH_VERSION}.onnx"
    record = path.with_suffix(".json")
    with _locked(folder / ".lock"):
        if _matches(path, record, weights_sha256, dtype):
            _used(record)
            return path
    float_graph = graph_for(source, weights_sha256, weights, layers) if dtype == "int8" else None
    with _locked(folder / ".lock"):
        if not _matches(path, record, weights_sha256, dtype):
            if float_graph:
                _quantize(float_graph, path)
            else:
                _export(source, path, weights, layers)
            record.write_text(json.dumps({"weights_sha256": weights_sha256, "graph_sha256": file_sha256(path),
                                          "graph_version": GRAPH_VERSION, "opset": _OPSET, "layers": layers,
                                          "dtype": dtype}) + "\n", encoding="utf-8")
            prune(folder, keep=path)
    return path


def _used(record: Path) -> None:
    try:
        os.utime(record)
    except OSError:  # a cache someone else owns: nothing is pruned from it by this process either
        pass


def prune(folder: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Make room after a new graph: the cache keeps the KEEP_GRAPHS graphs used last and every graph used
    within KEEP_SECONDS (a process may be about to open it), besides `keep`; the others go with their
    records, and so do half-written files of exports that died. Returns the graphs removed."""
    now = time.time() if now is None else now

    def last_used(graph: Path) -> float:
        for path in (graph.with_suffix(".json"), graph):
            try:
                return path.stat().st_mtime
            except OSError:
                continue
        return 0.0

    graphs = sorted(folder.glob("*.onnx"), key=last_used, reverse=True)
    removed = [g for g in graphs[KEEP_GRAPHS:] if g != keep and now - last_used(g) > KEEP_SECONDS]
    for graph in removed:
        graph.unlink(missing_ok=True)
        graph.with_suffix(".json").unlink(missing_ok=True)
    for partial in folder.glob(".*.partial"):
        if now - last_used(partial) > KEEP_SECONDS:
            partial.unlink(missing_ok=True)
    return removed


def _matches(path: Path, record: Path, weights_sha256: str, dtype: str) -> bool:
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        return (isinstance(saved, dict) and saved.get("weights_sha256") == weights_sha256
                and saved.get("graph_version") == GRAPH_VERSION and saved.get("dtype", "float32") == dtype
                and path.is_file() and saved.get("graph_sha256") == file_sha256(path))
    except (OSError, ValueError):
        return False


def _quantize(float_graph: Path, path: Path) -> None:
    """Dynamic int8 quantisation of a float32 graph: weights int8 per output channel, activations quantised
    per batch as they come; reduce_range keeps 7-bit weights, which a CPU without VNNI multiplies
    without saturating. ~1.5x float32's quotes per CPU-second, but ~2.5% of the default model's labels
    change (NOTES.md, speed7): an option ($STANCE_ENCODER_DTYPE=int8), not the default."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    logging.disable(logging.WARNING)  # the quantiser's advice on pre-processing, on the root logger
    try:
        quantize_dynamic(float_graph, partial, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
        os.replace(partial, path)
    finally:
        logging.disable(logging.NOTSET)
        partial.unlink(missing_ok=True)


class _locked:
    """An exclusive lock on a file for the block (no lock where the OS has no fcntl)."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.handle = open(self.path, "a")  # noqa: SIM115 (held for the block)
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX)
        except ImportError:
            pass
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()  # releases the lock


def _export(source: Path, path: Path, weights=None, layers: int | None = None) -> None:
    """Export the encoder (its first `layers` layers, when given) and its mean pooling from the weights
    in `source` (or `weights`) to `path` (via a temporary file, so a reader never sees half a graph)."""
    import torch

    from .encoder import build_model, mean_pool

    class Pooled(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return mean_pool(self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state,
                             attention_mask)

    model = Pooled(build_model(source, layers, weights).float().eval())
    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on advanced indexing and deprecation
            torch.onnx.export(model, example, str(partial), input_names=list(_INPUTS), output_names=["pooled"],
                              dynamic_axes={**{name: {0: "batch", 1: "tokens"} for name in _INPUTS},
                                            "pooled": {0: "batch"}}, opset_version=_OPSET, dynamo=False)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class OnnxRunner:
    """Token ids in, mean-pooled vectors out, on ONNX Runtime with the folder's fast tokenizer."""

    def __init__(self, source: Path, weights_sha256: str, max_length: int, threads: int | None,
                 weights=None, layers: int | None = None, dtype: str = "float32"):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads to a fixed 128; batches are padded to their longest here
        self.tokenizer.enable_truncation(max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or 0  # 0: one per physical core
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy waiting beside a parser
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(graph_for(source, weights_sha256, weights, layers, dtype)), options,
                                            providers=["CPUExecutionProvider"])
        self.dim = int(json.loads((source / "config.json").read_text(encoding="utf-8"))["hidden_size"])

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]

    def pool(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]
