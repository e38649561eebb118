"""Model folders: a fitted classifier saved safely (skops, never pickle) with a manifest.

A folder holds ``classifier.skops`` and ``manifest.json`` (labels, input
template, encoder and its weights' sha256, training data sha256 and counts,
cross-validated scores, library versions). Loading checks every hash, so a
swapped encoder or an edited file fails loudly instead of predicting nonsense.
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .classify import ZeroShotClassifier
from .codebook import Codebook, load_codebook
from .encoder import DEFAULT_ENCODER, load_encoder
from .errors import StanceError
from .io import file_sha256
from .records import Quote

CLASSIFIER_FILE = "classifier.skops"
MANIFEST_FILE = "manifest.json"
ZERO_SHOT = "zero-shot"
_TRUSTED_MODULES = ("sklearn.", "numpy.", "scipy.", "stance.classify.", "builtins.", "collections.")
_BATCH = 256


@dataclass(frozen=True)
class StanceModel:
    """A fitted classifier plus what it was fitted for; `name` goes into quotes.csv's model column."""

    estimator: object
    labels: tuple[str, ...]
    name: str
    manifest: dict

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities with columns in codebook (`labels`) order."""
        proba = self.estimator.predict_proba(X)
        order = [list(self.estimator.classes_).index(label) for label in self.labels]
        return proba[:, order]


def repo_models_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models"


def default_model_path() -> Path:
    """$STANCE_MODEL, else models/default in this checkout."""
    return Path(os.environ.get("STANCE_MODEL") or repo_models_dir() / "default")


def load_model(spec: str | os.PathLike | None = None, codebook: Codebook | None = None) -> StanceModel:
    """A model folder, or ``"zero-shot"`` (scores against `codebook`'s definitions and examples)."""
    if str(spec) == ZERO_SHOT:
        codebook = codebook or load_codebook()
        estimator = ZeroShotClassifier(codebook).fit()
        manifest = {"name": ZERO_SHOT, "version": codebook.version, "kind": ZERO_SHOT, "labels": list(codebook.names),
                    "codebook": {"name": codebook.name, "sha256": codebook.sha256}, "encoder": {"name": DEFAULT_ENCODER}}
        return StanceModel(estimator, codebook.names, f"{ZERO_SHOT}:{codebook.name}", manifest)
    folder = Path(spec) if spec else default_model_path()
    manifest = read_manifest(folder)
    _check_hash(folder / CLASSIFIER_FILE, manifest["classifier"]["sha256"])
    estimator = _load_skops(folder / CLASSIFIER_FILE)
    _check_encoder(folder, manifest)
    labels = tuple(manifest["labels"])
    if codebook is not None and codebook.names != labels:
        raise StanceError(f"{folder}: the model's labels ({', '.join(labels)}) are not the codebook's "
                          f"({', '.join(codebook.names)}); train a model for this codebook")
    return StanceModel(estimator, labels, f"{manifest['name']}@{manifest['version']}", manifest)


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        raise StanceError(f"{folder}: no such model folder (train one with `stance train`, or use --model zero-shot)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StanceError(f"{path}: missing; a model folder needs its manifest") from None
    except (OSError, ValueError) as exc:
        raise StanceError(f"{path}: cannot read the manifest ({exc})") from None
    missing = [k for k in ("name", "version", "labels", "classifier", "encoder") if k not in manifest]
    if missing:
        raise StanceError(f"{path}: missing field(s) {', '.join(missing)}")
    return manifest


def save_model(estimator, folder: Path, manifest: dict) -> None:
    """Write classifier.skops and manifest.json into a new folder, then move it into place."""
    import skops.io as sio

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.partial")
    staging.mkdir(exist_ok=True)
    sio.dump(estimator, staging / CLASSIFIER_FILE, compression=zipfile.ZIP_DEFLATED)
    manifest = {**manifest, "classifier": {"file": CLASSIFIER_FILE, "format": "skops",
                                           "sha256": file_sha256(staging / CLASSIFIER_FILE)}}
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if folder.exists():  # replace only after the new model is complete
        old = folder.with_name(f".{folder.name}.old")
        folder.rename(old)
        staging.rename(folder)
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    else:
        staging.rename(folder)


def classify_quotes(quotes: list[Quote], model: StanceModel) -> list[Quote]:
    """Each quote with stance, stance_score, one probability per label and the model name."""
    out: list[Quote] = []
    for start in range(0, len(quotes), _BATCH):
        batch = quotes[start:start + _BATCH]
        frame = pd.DataFrame({"text": [q.text for q in batch], "cue": [q.cue for q in batch],
                              "sentence": [q.sentence for q in batch]})
        for q, row in zip(batch, model.predict_proba(frame) if batch else []):
            best = int(row.argmax())
            out.append(replace(q, stance=model.labels[best], stance_score=round(float(row[best]), 4),
                               probabilities=tuple((lab, round(float(p), 4)) for lab, p in zip(model.labels, row)),
                               model=model.name))
    return out


def _check_hash(path: Path, expected: str) -> None:
    if not path.is_file():
        raise StanceError(f"{path}: missing; the model folder is incomplete")
    if file_sha256(path) != expected:
        raise StanceError(f"{path}: sha256 differs from the manifest; the file was changed or corrupted")


def _load_skops(path: Path):
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
        unknown = [t for t in untrusted if not t.startswith(_TRUSTED_MODULES)]
        if unknown:
            raise StanceError(f"{path}: refuses to load unexpected types {', '.join(unknown[:3])}")
        return sio.load(path, trusted=untrusted)
    except StanceError:
        raise
    except Exception as exc:  # skops raises many kinds on a damaged file
        raise StanceError(f"{path}: cannot load the classifier ({type(exc).__name__}: {exc})") from None


def _check_encoder(folder: Path, manifest: dict) -> None:
    """The encoder must be the one the head was fitted on, byte for byte."""
    info = manifest["encoder"]
    if not info.get("sha256"):
        return  # a TF-IDF model, or an encoder from a hub id (no local weights to hash)
    encoder = load_encoder(info["name"])
    if encoder.sha256 != info["sha256"]:
        raise StanceError(f"{folder / MANIFEST_FILE}: encoder {info['name']} has weights sha256 {encoder.sha256[:12]}..., "
                          f"the model was trained with {info['sha256'][:12]}...")
