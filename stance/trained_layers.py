"""A fine-tuned encoder's trained layers: checked against the installed encoder, hashed, run.

A fine-tuned model folder keeps the layers it trained (float16 arrays), or, in folders written
before 2026-11-30 (late), all of the encoder's weights; the other layers come from the installed
encoder, whose sha256 the manifest checks. Names and shapes are checked against the installed
encoder's safetensors header and config.json, and the weights hashed, in NumPy: a run's workers
load a fine-tuned model without importing torch or transformers (~4 CPU-seconds and ~290 MiB
each). torch comes in only when the encoder's ONNX graph must be exported (`full_weights`), or
when it runs in torch (bfloat16, int8, no ONNX Runtime).

A model trained on a shallower encoder (`encoder_layers` K) names it "ENCODER:layers=K" here (`cut`):
the bottom K layers of the installed encoder, the trained ones the top of those K.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

from .encoder import Encoder, build_model, encoder_source, encoder_weights_sha256, fast_dtype, split_layers

PREFIX = "encoder."  # the trained weights' names in a model folder's arrays
_LAYER = "encoder.layer."
_SAFETENSORS = "model.safetensors"


def cut(encoder: str, layers: int) -> str:
    """The encoder's name as it runs with its bottom `layers` layers only (0: all, the name itself)."""
    check_encoder_layers(encoder, layers)
    return f"{encoder}:layers={layers}" if layers else encoder


def check_encoder_layers(encoder: str, layers: int, count: int | None = None) -> int:
    """`encoder_layers`, 0 (all) or at most the encoder's `count` layers (read from its weights when not
    given): the one check of the range and its one message, before training (`stance.training`), at fit
    (`stance.finetune`) and on load (`cut`, `expected_shapes`). ValueError otherwise."""
    if count is None:
        count = layer_count(encoder)
    if isinstance(layers, bool) or not isinstance(layers, int) or not 0 <= layers <= count:
        raise ValueError(f"encoder_layers={layers}: encoder {encoder} has {count} layers (0 keeps all)")
    return layers


def layer_count(encoder: str) -> int:
    """How many transformer layers the installed encoder has (a cut name: its full encoder's)."""
    return _count(expected_shapes(split_layers(encoder)[0]))


def _count(shapes: dict[str, tuple[int, ...]]) -> int:
    return len({name.split(".")[2] for name in shapes if name.startswith(_LAYER)})


def expected_shapes(encoder: str) -> dict[str, tuple[int, ...]]:
    """The encoder's weight names and shapes: the floating-point tensors of its safetensors file (integer
    buffers such as position ids are not weights), read from the file's header, not its tensors.
    An encoder without a safetensors file (a hub id, a pytorch_model.bin) is asked through torch.
    "NAME:layers=K": NAME's weights but those of its layers K and above."""
    base, layers = split_layers(encoder)
    source = encoder_source(base)
    path = Path(source) / _SAFETENSORS
    shapes = _header_shapes(path.resolve()) if path.is_file() else _meta_shapes(str(source))
    if not layers:
        return shapes
    check_encoder_layers(str(base), layers, _count(shapes))
    return {name: shape for name, shape in shapes.items()
            if not name.startswith(_LAYER) or int(name.split(".")[2]) < layers}


@functools.lru_cache(maxsize=4)
def _header_shapes(path: Path) -> dict[str, tuple[int, ...]]:
    from safetensors import safe_open

    with safe_open(str(path), "np") as tensors:
        slices = {name: tensors.get_slice(name) for name in tensors.keys()}  # noqa: SIM118 (not a dict)
        shapes = {name: tuple(s.get_shape()) for name, s in slices.items() if s.get_dtype().startswith(("F", "BF"))}
    _check_config(path.parent / "config.json", shapes)
    return shapes


def _check_config(path: Path, shapes: dict[str, tuple[int, ...]]) -> None:
    """The weights file must hold the layers config.json describes (what builds the model for an export)."""
    try:
        layers = int(json.loads(path.read_text(encoding="utf-8"))["num_hidden_layers"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read the number of layers in {path} ({exc})") from None
    found = {int(name.split(".")[2]) for name in shapes if name.startswith(_LAYER)}
    if found != set(range(layers)):
        raise ValueError(f"{path.parent / _SAFETENSORS} holds {len(found)} layers, its config.json says {layers}")


def _meta_shapes(source: str) -> dict[str, tuple[int, ...]]:
    import torch
    from transformers import AutoConfig, AutoModel

    with torch.device("meta"):
        model = AutoModel.from_config(AutoConfig.from_pretrained(source))
    return {name: tuple(t.shape) for name, t in model.state_dict().items()}


def check(encoder: str, weights: dict[str, np.ndarray], train_layers: int) -> None:
    """The weights must fit the encoder exactly: either all of its weights or those of its top
    `train_layers` layers, each a float array of the installed encoder's shape; else ValueError."""
    expected = expected_shapes(encoder)
    layers = sorted({int(name.split(".")[2]) for name in expected if name.startswith(_LAYER)})
    if not 1 <= train_layers <= len(layers):
        raise ValueError(f"parameter 'train_layers' must be between 1 and {len(layers)}")
    top = tuple(f"{_LAYER}{i}." for i in layers[-train_layers:])
    if set(weights) != set(expected):
        expected = {name: shape for name, shape in expected.items() if name.startswith(top)}
    if set(weights) != set(expected):
        odd = sorted(set(weights) ^ set(expected))
        raise ValueError(f"the fine-tuned weights do not fit encoder {encoder} ({len(odd)} names differ, e.g. {odd[0]})")
    for name, array in weights.items():
        if tuple(array.shape) != expected[name] or array.dtype.kind != "f":
            raise ValueError(f"array {PREFIX}{name} has shape {tuple(array.shape)}, the encoder needs {expected[name]}")


def digest(encoder: str, weights: dict[str, np.ndarray]) -> str:
    """sha256 of the installed encoder's weights and the trained ones: the key of the fine-tuned
    encoder's cached ONNX graph (`stance.onnx_encoder`), so a graph never outlives its weights."""
    sha = hashlib.sha256(encoder_weights_sha256(encoder).encode())
    if split_layers(encoder)[1]:  # a cut encoder's graph differs with the same trained weights
        sha.update(f":layers={split_layers(encoder)[1]}".encode())
    for name in sorted(weights):
        sha.update(name.encode())
        sha.update(np.ascontiguousarray(weights[name]).tobytes())
    return sha.hexdigest()


def full_weights(encoder: str, weights: dict[str, np.ndarray]) -> dict:
    """A full torch state dict: the installed encoder's weights with the trained ones in their place
    (what exporting the ONNX graph or running in torch needs; imports torch)."""
    import torch

    trained = {name: torch.from_numpy(np.array(array, dtype=np.float32)) for name, array in weights.items()}
    expected = expected_shapes(encoder)
    if set(weights) == set(expected):
        return trained
    base, layers = split_layers(encoder)
    source = encoder_source(base)
    path = Path(source) / _SAFETENSORS
    if path.is_file():
        from safetensors.torch import load_file

        installed = {name: tensor for name, tensor in load_file(str(path)).items() if name in expected}
    else:
        installed = build_model(source, layers).state_dict()
    return {**installed, **trained}


def fine_tuned_encoder(encoder: str, weights: dict[str, np.ndarray], max_length: int, dtype: str = "") -> Encoder:
    """The installed encoder with the trained layers in place, unnormalised (a head reads its pooled
    output), in ONNX Runtime from a graph cached under `digest`; full weights built only for an export.
    `dtype`: the model's own choice ("int8"), which $STANCE_ENCODER_DTYPE overrides (`fast_dtype`)."""
    return Encoder(encoder, max_length=max_length, normalize=False, dtype=fast_dtype(dtype),
                   weights=functools.partial(full_weights, encoder, weights), weights_key=digest(encoder, weights))
