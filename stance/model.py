"""Model folders: a fitted classifier as safetensors arrays plus JSON parameters, with a manifest.

A folder holds ``classifier.safetensors`` (the fitted arrays: weights, IDF),
``classifier.json`` (plain parameters: classes, vocabulary, temperature) and
``manifest.json`` (labels, input template, encoder and its weights' sha256,
training data sha256 and counts, cross-validated scores, library versions).
Loading builds only the classes of a fixed table from plain numbers, strings
and arrays, so a shared folder can never run code (skops or pickle could); it
checks every hash, so a swapped encoder or an edited file fails loudly.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .codebook import Codebook, check_model_labels, load_codebook
from .encoder import DEFAULT_ENCODER, encoder_weights_sha256
from .errors import StanceError
from .io import file_sha256
from .records import Quote

ARRAYS_FILE = "classifier.safetensors"
PARAMS_FILE = "classifier.json"
MANIFEST_FILE = "manifest.json"
FORMAT = "safetensors+json"
ZERO_SHOT = "zero-shot"
_BATCH = 256
# The kinds a model folder may hold: the keys of `classify.fitted_kinds()` and of `heads.HEADS`, named here
# so that checking a manifest (the parent of a run does it before its workers start) imports neither.
FITTED_KINDS = ("embedding", "tfidf", "hybrid", "finetune", "finetune-hybrid")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# How a fine-tuned model's encoder may run by its manifest's choice ("encoder": {"run_dtype": ...}): int8
# where its labels were measured to hold (models/README.md); $STANCE_ENCODER_DTYPE overrides it.
RUN_DTYPES = ("float32", "int8")


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

    @property
    def context(self) -> tuple[str, ...]:
        """The context fields its templates name (`stance.context`): what `classify_quotes` must add to a
        quote from its document and speaker. None for a model that reads only the quote and its sentence."""
        from .context import context_fields
        from .heads import head_templates

        head = getattr(self.estimator, "estimator_", self.estimator)
        return context_fields(head_templates(getattr(head, "head_", head)))


def repo_models_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models"


def default_model_path() -> Path:
    """$STANCE_MODEL, else models/default in this checkout."""
    return Path(os.environ.get("STANCE_MODEL") or repo_models_dir() / "default")


def model_folder(spec: str | os.PathLike | None) -> Path:
    """The folder `--model SPEC` names: SPEC as a path if it exists, else a shipped model's name
    ("fast" is models/fast), else SPEC as given (so a missing folder is reported under its own name)."""
    if not spec:
        return default_model_path()
    folder = Path(spec)
    shipped = repo_models_dir() / str(spec)
    if not folder.exists() and folder.name == str(spec) and (shipped / MANIFEST_FILE).is_file():
        return shipped
    return folder


def load_model(spec: str | os.PathLike | None = None, codebook: Codebook | None = None) -> StanceModel:
    """A model folder, or ``"zero-shot"`` (scores against `codebook`'s definitions and examples).

    Reads only the head (milliseconds); the encoder loads when the first quote is classified.
    """
    if str(spec) == ZERO_SHOT:
        from .classify import ZeroShotClassifier

        codebook = codebook or load_codebook()
        estimator = ZeroShotClassifier(codebook).fit()
        manifest = {"name": ZERO_SHOT, "version": codebook.version, "kind": ZERO_SHOT, "labels": list(codebook.names),
                    "codebook": {"name": codebook.name, "sha256": codebook.sha256}, "encoder": {"name": DEFAULT_ENCODER}}
        return StanceModel(estimator, codebook.names, f"{ZERO_SHOT}:{codebook.name}", manifest)
    folder = model_folder(spec)
    manifest = read_manifest(folder)
    estimator = _load_head(folder, manifest)
    _check_encoder(folder, manifest)
    labels = tuple(manifest["labels"])
    if codebook is not None:
        check_model_labels(folder, labels, codebook)
    return StanceModel(estimator, labels, f"{manifest['name']}@{manifest['version']}", manifest)


def read_manifest(folder: Path) -> dict:
    """The manifest, with every field loading relies on checked: a bad one is a one-line error."""
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        if _beside(folder, "old").is_dir():  # loading stays read-only: say what the save left, not mend it
            raise StanceError(f"{folder}: a save of this model folder was interrupted; `stance train ... --out "
                              f"{folder}` finishes it before training, or rename {_beside(folder, 'old')} to "
                              f"{folder} to use the model it replaced")
        if folder.exists():
            raise StanceError(f"{folder}: a file, not a model folder (the folder `stance train --out` wrote)")
        raise StanceError(f"{folder}: no such model folder (train one with `stance train`, or use --model zero-shot)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StanceError(f"{path}: missing; a model folder needs its manifest") from None
    except (OSError, ValueError) as exc:
        raise StanceError(f"{path}: cannot read the manifest ({exc})") from None
    if not isinstance(manifest, dict):
        raise StanceError(f"{path}: the manifest must be a JSON object")
    missing = [k for k in ("name", "version", "kind", "labels", "classifier", "encoder") if k not in manifest]
    if missing:
        raise StanceError(f"{path}: missing field(s) {', '.join(missing)}")
    problem = _manifest_problem(manifest)
    if problem:
        raise StanceError(f"{path}: {problem}")
    return manifest


def _manifest_problem(manifest: dict) -> str:
    for key in ("name", "version", "kind"):
        if not isinstance(manifest[key], str) or not manifest[key]:
            return f"field '{key}' must be a non-empty string"
    labels = manifest["labels"]
    if not isinstance(labels, list) or len(labels) < 2 or not all(isinstance(x, str) and x for x in labels) \
            or len(set(labels)) != len(labels):
        return "field 'labels' must be a list of two or more distinct label names"
    if manifest["kind"] not in FITTED_KINDS:
        return f"unknown kind {manifest['kind']!r} (this version loads {', '.join(FITTED_KINDS)})"
    classifier = manifest["classifier"]
    if isinstance(classifier, dict) and classifier.get("format") == "skops":
        return ("an old skops model folder, no longer loaded because a skops file can run code; "
                "retrain it with `stance train`")
    expected = {"arrays": ARRAYS_FILE, "params": PARAMS_FILE}
    if not isinstance(classifier, dict) or classifier.get("format") != FORMAT or not all(
            isinstance(classifier.get(part), dict) and classifier[part].get("file") == name
            and isinstance(classifier[part].get("sha256"), str) and _SHA256.fullmatch(classifier[part]["sha256"])
            for part, name in expected.items()):
        return (f"field 'classifier' must be {{\"format\": \"{FORMAT}\", \"arrays\": {{\"file\": \"{ARRAYS_FILE}\", "
                f"\"sha256\": ...}}, \"params\": {{\"file\": \"{PARAMS_FILE}\", \"sha256\": ...}}}}")
    encoder = manifest["encoder"]
    if not isinstance(encoder, dict) or not isinstance(encoder.get("name"), str) \
            or not isinstance(encoder.get("sha256", ""), str):
        return "field 'encoder' must be an object with a name and the sha256 of its weights"
    if encoder.get("run_dtype", "float32") not in RUN_DTYPES or \
            (encoder.get("run_dtype") and not manifest["kind"].startswith("finetune")):
        return f"field 'encoder.run_dtype' must be one of {', '.join(RUN_DTYPES)}, for a fine-tuned kind"
    return ""


def save_model(estimator, folder: Path, manifest: dict) -> None:
    """Write the arrays, the parameters and manifest.json into a new folder, then move it into place."""
    from safetensors import SafetensorError
    from safetensors.numpy import save_file

    recover_model_folder(folder)
    arrays, params = estimator.state()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = _beside(folder, "partial")
    if staging.exists():  # an earlier save's, stopped while writing
        _check_leftover(staging, folder)
        _remove_model_files(staging)
    staging.mkdir()
    try:  # a full disk: one line (safetensors says it in its own error type), the earlier model as it was
        save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, str(staging / ARRAYS_FILE))
        (staging / PARAMS_FILE).write_text(json.dumps(params, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest = {**manifest, "classifier": {
            "format": FORMAT,
            "arrays": {"file": ARRAYS_FILE, "sha256": file_sha256(staging / ARRAYS_FILE)},
            "params": {"file": PARAMS_FILE, "sha256": file_sha256(staging / PARAMS_FILE)}}}
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except (OSError, SafetensorError) as exc:
        _remove_model_files(staging)
        kept = "; the model there is unchanged" if folder.exists() else ""
        raise StanceError(f"cannot write {folder}: {getattr(exc, 'strerror', None) or exc}{kept}") from None
    if folder.exists():  # replace only after the new model is complete
        old = _beside(folder, "old")
        folder.rename(old)
        staging.rename(folder)  # a stop before this leaves no folder: `recover_model_folder` finishes it
        _remove_model_files(old)
    else:
        staging.rename(folder)


def recover_model_folder(folder: Path) -> str | None:
    """Finish what a save of `folder` stopped by a kill left (a note saying what was done), else None.

    A save hides the replaced model as ``.NAME.old``, moves the complete new one in from
    ``.NAME.partial``, then deletes ``.NAME.old``. Stopped between the renames there is no folder:
    the new model goes in when its files match its manifest, else the replaced one comes back.
    Stopped while deleting, ``.NAME.old`` is left over and is deleted. Anything there that is not
    a model folder is a one-line StanceError (before any training: `stance train` calls this first)."""
    old, staging = _beside(folder, "old"), _beside(folder, "partial")
    if not old.exists():
        return None
    _check_leftover(old, folder)
    if folder.exists():
        _remove_model_files(old)
        return f"removed {old}, the replaced model an interrupted save of {folder} left"
    if _complete(staging):
        staging.rename(folder)
        _remove_model_files(old)
        return f"{folder}: finished an interrupted save (its new model moved in from {staging})"
    old.rename(folder)
    if _model_files_only(staging):
        _remove_model_files(staging)
    return f"{folder}: an interrupted save left its new model incomplete; the previous model is back"


def _beside(folder: Path, what: str) -> Path:
    return folder.with_name(f".{folder.name}.{what}")


def _model_files_only(path: Path) -> bool:
    names = {p.name for p in path.iterdir()} if path.is_dir() and not path.is_symlink() else None
    return names is not None and names <= {ARRAYS_FILE, PARAMS_FILE, MANIFEST_FILE} \
        and all((path / n).is_file() and not (path / n).is_symlink() for n in names)


def _check_leftover(left: Path, folder: Path) -> None:
    if not _model_files_only(left):
        raise StanceError(f"{left}: left beside {folder} but not a model folder a save of it leaves; "
                          "move or delete it, then rerun")


def _complete(staging: Path) -> bool:
    """Whether a staged model's files are all there and match its manifest (written last)."""
    try:
        manifest = json.loads((staging / MANIFEST_FILE).read_text(encoding="utf-8"))
        for name in ("arrays", "params"):
            _check_hash(staging / manifest["classifier"][name]["file"], manifest["classifier"][name]["sha256"])
    except (OSError, ValueError, KeyError, TypeError, StanceError):
        return False
    return True


def _remove_model_files(folder: Path) -> None:
    """Delete a staged or replaced model folder of plain files (nothing else is ever in one)."""
    if not folder.exists():
        return
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


def classify_quotes(quotes: list[Quote], model: StanceModel, documents: dict | None = None) -> list[Quote]:
    """Each quote with stance, stance_score, one probability per label and the model name.

    `documents` (doc_id -> Document, or (text, title)) gives a model that reads context (`StanceModel.context`)
    the quote's headline and previous paragraph; without it they are empty. A model without context never
    looks at it."""
    out: list[Quote] = []
    context = model.context
    for start in range(0, len(quotes), _BATCH):
        batch = quotes[start:start + _BATCH]
        frame = pd.DataFrame({"text": [q.text for q in batch], "cue": [q.cue for q in batch],
                              "sentence": [q.sentence for q in batch]})
        if context:
            frame = _with_context(frame, batch, documents or {}, context)
        for q, row in zip(batch, model.predict_proba(frame) if batch else []):
            best = int(row.argmax())
            out.append(replace(q, stance=model.labels[best], stance_score=round(float(row[best]), 4),
                               probabilities=tuple((lab, round(float(p), 4)) for lab, p in zip(model.labels, row)),
                               model=model.name))
    return out


def _with_context(frame: pd.DataFrame, batch: list[Quote], documents: dict, fields: tuple[str, ...]) -> pd.DataFrame:
    from .context import with_context

    texts = {k: (d.text, d.title) if hasattr(d, "text") else tuple(d) for k, d in documents.items()}
    where = pd.DataFrame({"doc_id": [q.doc_id for q in batch], "start": [q.start for q in batch],
                          "speaker": [q.speaker for q in batch], "speaker_role": [q.speaker_role for q in batch],
                          "speaker_country": [q.speaker_country for q in batch]})
    found = with_context(where, texts, fields)
    return frame.assign(**{name: found[name].to_numpy() for name in fields})


def _check_hash(path: Path, expected: str) -> None:
    if not path.is_file():
        raise StanceError(f"{path}: missing; the model folder is incomplete")
    if file_sha256(path) != expected:
        raise StanceError(f"{path}: sha256 differs from the manifest; the file was changed or corrupted")


def _load_head(folder: Path, manifest: dict):
    """The fitted estimator, rebuilt by the class the manifest's kind names in a fixed table."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    from .heads import HEADS, Calibrated

    arrays_path, params_path = folder / ARRAYS_FILE, folder / PARAMS_FILE
    _check_hash(arrays_path, manifest["classifier"]["arrays"]["sha256"])
    _check_hash(params_path, manifest["classifier"]["params"]["sha256"])
    try:
        arrays = load_file(str(arrays_path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise StanceError(f"{arrays_path}: cannot read the arrays ({' '.join(str(exc).split())[:200]})") from None
    try:
        params = json.loads(params_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StanceError(f"{params_path}: cannot read the parameters ({exc})") from None
    kind = HEADS[manifest["kind"]]  # restored in NumPy: a run's workers never import scikit-learn
    try:
        if not isinstance(params, dict):
            raise ValueError("the parameters must be a JSON object")
        unknown = sorted(set(params) - {"classes", "temperature", *kind.state_params})
        if unknown:
            raise ValueError(f"unknown parameter(s) {', '.join(map(repr, unknown))} for kind {manifest['kind']}")
        if params.get("encoder", manifest["encoder"]["name"]) != manifest["encoder"]["name"]:
            raise ValueError(f"parameter 'encoder' is not the manifest's encoder {manifest['encoder']['name']!r}")
        estimator = Calibrated.from_state(kind, arrays, params)
    except ValueError as exc:
        raise StanceError(f"{params_path}: {exc}") from None
    if sorted(map(str, estimator.classes_)) != sorted(manifest["labels"]):
        raise StanceError(f"{params_path}: classes {', '.join(map(str, estimator.classes_))} are not the manifest's labels")
    if manifest["encoder"].get("run_dtype"):
        getattr(estimator.estimator_, "finetuned", estimator.estimator_).run_dtype = manifest["encoder"]["run_dtype"]
    return estimator


def _check_encoder(folder: Path, manifest: dict) -> None:
    """The encoder must be the one the head was fitted on, byte for byte (its weights are hashed, not loaded)."""
    info = manifest["encoder"]
    if not info.get("sha256"):
        return  # a TF-IDF model, or an encoder from a hub id (no local weights to hash)
    found = encoder_weights_sha256(info["name"])
    if found != info["sha256"]:
        raise StanceError(f"{folder / MANIFEST_FILE}: encoder {info['name']} has weights sha256 {found[:12] or 'none'}..., "
                          f"the model was trained with {info['sha256'][:12]}...")
