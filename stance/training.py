"""`stance train`: fit a classifier on annotated quotes, cross-validate it, write a model folder.

Validation holds out one writer at a time when the data's `source` column
names three writers or more (a new writer is what the model meets in use),
else it is stratified k-fold with a fixed seed, so the figures in the manifest
can be reproduced; the temperature is fitted on those held-out predictions and
the model is then fitted on all the data.
"""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from tqdm.auto import tqdm

from . import __version__
from sklearn.base import clone

from .classify import (ENCODER_INPUTS, INPUT_TEMPLATE, TemperatureCalibrated, as_inputs, cross_fitted_temperature,
                       expected_calibration_error,
                       fit_temperature, fitted_kinds, fold_ids, make_classifier, out_of_fold_proba, softmax,
                       writer_groups)
from .codebook import Codebook, load_codebook
from .encoder import DEFAULT_ENCODER, encoder_source, encoder_weights_sha256, fast_dtype, load_encoder
from .errors import StanceError
from .io import file_sha256, read_csv_text
from .model import ARRAYS_FILE, PARAMS_FILE, load_model, save_model
from .trained_layers import check_encoder_layers

REQUIRED_COLUMNS = ("text", "label")
HELD_OUT_KINDS = ("finetune", "finetune-hybrid")  # too slow to fit once per writer: one 20% held-out split
FIXED_PARAMS = {"encoder": "--encoder", "seed": "--seed"}  # set by their own options, not by --param
NOT_PARAMS = ("examples", "codebook", "verbose")
SHARES = ("label_smoothing", "finetune_weight", "embedding_weight")  # between 0 and 1


def check_kind(kind: str) -> None:
    """A one-line error unless `kind` is one `stance train` fits."""
    if kind not in fitted_kinds():
        hint = " (zero-shot needs no training: use `stance score --model zero-shot`)" if kind == "zero-shot" else ""
        raise StanceError(f"unknown classifier kind {kind!r}; choose one of {', '.join(fitted_kinds())}{hint}")


def parse_params(kind: str, settings: list[str]) -> dict:
    """`--param KEY=VALUE` settings of a kind's hyper-parameters, each typed by the kind's default
    (whole numbers >= 1, positive numbers, shares between 0 and 1, true/false, the encoder inputs);
    anything else is a one-line error naming the setting."""
    check_kind(kind)
    defaults = {k: v for k, v in make_classifier(kind).get_params().items() if k not in NOT_PARAMS}
    params = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise StanceError(f"--param {setting!r}: expected KEY=VALUE, e.g. epochs=3")
        if key in FIXED_PARAMS:
            raise StanceError(f"--param {key}: set it with {FIXED_PARAMS[key]}")
        if key not in defaults:
            known = ", ".join(k for k in defaults if k not in FIXED_PARAMS)
            raise StanceError(f"--param {key}: kind {kind} has no such parameter; it has {known}")
        params[key] = _typed(key, value, defaults[key])
    return params


def _typed(key: str, value: str, default) -> object:
    """`value` read as the type of `default`, within the range a parameter of that kind allows."""
    bad = f"--param {key}={value}: expected "
    if isinstance(default, bool):
        if value.lower() not in ("true", "false"):
            raise StanceError(bad + "true or false")
        return value.lower() == "true"
    if isinstance(default, int):
        if not value.isdigit() or int(value) < 1:
            raise StanceError(bad + "a whole number of at least 1")
        return int(value)
    if isinstance(default, float):
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        share = key in SHARES
        if not (np.isfinite(number) and (0 <= number <= 1 if share else number > 0)):
            raise StanceError(bad + ("a number between 0 and 1" if share else "a positive number"))
        return number
    if key == "encoder_input" and value not in ENCODER_INPUTS:
        raise StanceError(bad + f"one of {', '.join(ENCODER_INPUTS)}")
    return value


def read_training_data(path: str | Path, codebook: Codebook) -> pd.DataFrame:
    """Annotated quotes (text, label; optional cue, sentence, source, and weight: a row of weight 2
    counts as if it came twice); every label must be in the codebook."""
    path = Path(path)
    data = read_csv_text(path, "training data", REQUIRED_COLUMNS)
    unknown = data.index[~data["label"].isin(codebook.names)]
    if len(unknown):
        row = unknown[0]
        raise StanceError(f"{path}: row {row + 2}: label {data.at[row, 'label']!r} is not in codebook "
                          f"{codebook.name} ({', '.join(codebook.names)})")
    empty = data.index[data["text"].str.strip().eq("")]
    if len(empty):
        raise StanceError(f"{path}: row {empty[0] + 2}: empty text")
    if "weight" in data:
        weight = pd.to_numeric(data["weight"], errors="coerce")
        bad = data.index[~(np.isfinite(weight) & (weight > 0))]
        if len(bad):
            raise StanceError(f"{path}: row {bad[0] + 2}: weight {data.at[bad[0], 'weight']!r} is not a positive number")
        data["weight"] = weight.astype(float)
    counts = data["label"].value_counts()
    if counts.min() < 2 or len(counts) < len(codebook.names):
        absent = [lab for lab in codebook.names if counts.get(lab, 0) < 2]
        raise StanceError(f"{path}: needs at least two examples of every label; too few for {', '.join(absent)}")
    return data


def cross_validate(estimator, data: pd.DataFrame, labels: tuple[str, ...], folds: int = 5,
                   seed: int = 0, progress: bool = False, calibrate_on: str | None = None) -> tuple[dict, float]:
    """Held-out macro-F1, per-label F1, accuracy and expected calibration error, and the temperature.

    Leave-one-writer-out when the data's `source` column names three writers
    or more (a new writer is what the model meets in use), else stratified
    k-fold. The scores are of calibrated probabilities, each fold scaled by a
    temperature fitted on the other folds; the temperature returned is fitted
    on every held-out probability, or with `calibrate_on` only on those of the rows whose
    `source` contains it (rows that look like use: quotes extracted from annotated articles,
    not sentences written to show a label, which a model finds easier and so would sharpen).
    """
    y = np.asarray(data["label"].tolist())
    groups = writer_groups(data)
    if groups is None:
        folds = min(folds, int(data["label"].value_counts().min()))
    ids = fold_ids(y, folds, seed, groups)
    proba = out_of_fold_proba(estimator, data, y, labels, folds, seed, groups, progress=progress)
    fit_on = calibration_rows(data, calibrate_on)
    calibrated = cross_fitted_temperature(proba, y, labels, ids, fit_on)
    scores = {"method": "leave-one-writer-out" if groups is not None else f"{folds}-fold",
              "folds": int(ids.max()) + 1, "seed": seed, **classification_scores(y, calibrated, labels),
              "uncalibrated_ece": classification_scores(y, proba, labels)["ece"]}
    if calibrate_on:
        scores["calibrated_on"] = {"source_contains": calibrate_on, "rows": int(fit_on.sum()),
                                   **classification_scores(y[fit_on], calibrated[fit_on], labels),
                                   "uncalibrated_ece": classification_scores(y[fit_on], proba[fit_on], labels)["ece"]}
    if groups is not None:
        scores["per_writer_macro_f1"] = {
            str(writer): classification_scores(y[groups == writer], calibrated[groups == writer], labels)["macro_f1"]
            for writer in dict.fromkeys(groups)}
    return scores, fit_temperature(proba[fit_on], y[fit_on], labels)


def calibration_rows(data: pd.DataFrame, calibrate_on: str | None) -> np.ndarray:
    """Which rows the temperature is fitted on: all, or those whose `source` contains `calibrate_on`."""
    if not calibrate_on:
        return np.ones(len(data), dtype=bool)
    source = data["source"].fillna("").astype(str) if "source" in data else pd.Series("", index=data.index)
    rows = source.str.contains(calibrate_on, regex=False).to_numpy()
    if rows.sum() < 2:
        raise StanceError(f"--calibrate-on {calibrate_on!r}: fewer than two rows whose source contains it")
    return rows


def holdout_validate(estimator, data: pd.DataFrame, labels: tuple[str, ...], fraction: float = 0.2,
                     seed: int = 0, calibrate_on: str | None = None) -> tuple[dict, float, object]:
    """Scores on a stratified held-out share, the temperature fitted there (on its `calibrate_on`
    rows only, when given: see `cross_validate`), and the model fitted on the rest.

    For a model too slow to fit k times."""
    from sklearn.model_selection import StratifiedShuffleSplit

    y = np.asarray(data["label"].tolist())
    fit_on = calibration_rows(data, calibrate_on)
    size = max(len(labels), round(fraction * len(y)))  # at least one row of every label
    train, test = next(StratifiedShuffleSplit(1, test_size=size, random_state=seed).split(y, y))
    if fit_on[test].sum() < 2:
        raise StanceError(f"--calibrate-on {calibrate_on!r}: fewer than two such rows in the held-out share")
    fitted = clone(estimator).fit(data.iloc[train], y[train])
    order = [list(fitted.classes_).index(label) for label in labels]
    proba = fitted.predict_proba(data.iloc[test])[:, order]
    held, on = y[test], fit_on[test]
    temperature = fit_temperature(proba[on], held[on], labels)
    calibrated = softmax(np.log(np.clip(proba, 1e-12, None)) / temperature)
    scores = {"method": "holdout", "holdout": fraction, "holdout_rows": len(test), "seed": seed,
              **classification_scores(held, calibrated, labels),
              "uncalibrated_ece": classification_scores(held, proba, labels)["ece"]}
    if calibrate_on:
        scores["calibrated_on"] = {"source_contains": calibrate_on, "rows": int(on.sum()),
                                   **classification_scores(held[on], calibrated[on], labels),
                                   "uncalibrated_ece": classification_scores(held[on], proba[on], labels)["ece"]}
    return scores, temperature, fitted


def classification_scores(y, proba: np.ndarray, labels: tuple[str, ...]) -> dict:
    """Macro-F1, accuracy, expected calibration error and per-label F1 of `proba` (columns in `labels` order)."""
    y = np.asarray(list(y))
    predicted = np.asarray(labels)[proba.argmax(axis=1)]
    per_label = f1_score(y, predicted, labels=list(labels), average=None, zero_division=0)
    return {"macro_f1": round(float(per_label.mean()), 4),
            "accuracy": round(float(accuracy_score(y, predicted)), 4),
            "ece": round(expected_calibration_error(proba, predicted == y), 4),
            "per_label_f1": {lab: round(float(f), 4) for lab, f in zip(labels, per_label)}}


def train_model(data_path: str | Path, out: str | Path, codebook: Codebook | None = None, kind: str = "hybrid",
                encoder: str = DEFAULT_ENCODER, folds: int = 5, seed: int = 0, name: str | None = None,
                progress: bool = False, params: dict | None = None, refit: bool = True,
                calibrate_on: str | None = None) -> dict:
    """Cross-validate, fit on all rows and write the model folder; returns its manifest.

    `params` overrides the kind's hyper-parameters (e.g. ``{"epochs": 2}``).
    A fine-tuned model (HELD_OUT_KINDS) is validated on a 20% held-out split instead (five
    fine-tunes would take too long on a CPU), which also gives its temperature;
    without `refit` the model fitted on the other 80% is the one saved (half the time).
    `calibrate_on` fits the temperature on the held-out predictions of the rows whose
    `source` contains it (see `cross_validate`).
    """
    started = time.perf_counter()
    check_kind(kind)
    codebook = codebook or load_codebook()
    data = read_training_data(data_path, codebook)
    out = Path(out)
    estimator = make_classifier(kind, codebook, encoder)
    try:
        estimator.set_params(**(params or {}))
    except ValueError as exc:
        raise StanceError(f"kind {kind}: {exc}") from None
    held_out = kind in HELD_OUT_KINDS
    if held_out:
        estimator.set_params(verbose=progress, seed=seed)
        _check_train_layers(encoder, estimator.train_layers, estimator.encoder_layers)
    params = {k: v for k, v in estimator.get_params().items() if k not in ("examples", "codebook", "verbose")}
    y = np.asarray(data["label"].tolist())
    if held_out:
        scores, temperature, fitted = holdout_validate(estimator, data, codebook.names, seed=seed,
                                                       calibrate_on=calibrate_on)
        estimator = TemperatureCalibrated.prefitted(estimator.fit(data, y) if refit else fitted, temperature)
        scores["refit_on_all_rows"] = refit
    else:
        encode_with_progress(estimator, data, progress)
        scores, temperature = cross_validate(estimator, data, codebook.names, folds, seed, progress=progress,
                                             calibrate_on=calibrate_on)
        estimator = TemperatureCalibrated.prefitted(estimator.fit(data, y), temperature)
    uses_encoder = kind != "tfidf"
    manifest = {
        "name": name or out.name,
        "version": __version__,
        "kind": kind,
        "labels": list(codebook.names),
        "codebook": {"name": codebook.name, "version": codebook.version, "sha256": codebook.sha256},
        "input_template": INPUT_TEMPLATE,
        "params": {**params, "codebook_examples": len(codebook.examples()),
                   "temperature": round(estimator.temperature_, 4)},
        "encoder": {"name": encoder if uses_encoder else "",
                    "sha256": encoder_weights_sha256(encoder) if uses_encoder else "",
                    "dtype": fast_dtype() if uses_encoder else ""},
        "training_data": {"file": Path(data_path).name, "sha256": file_sha256(Path(data_path)), "rows": len(data),
                          "label_counts": {lab: int((data["label"] == lab).sum()) for lab in codebook.names}},
        "seed": seed,
        "cross_validation": scores,
        "train_seconds": round(time.perf_counter() - started),
        "versions": _versions(),
    }
    save_model(estimator, out, manifest)
    return manifest


def recalibrate(model: str | Path, data_path: str | Path, out: str | Path, calibrate_on: str | None = None,
                codebook: Codebook | None = None) -> dict:
    """A copy of `model` whose temperature is refitted on its own predictions for `data_path`'s rows
    (with `calibrate_on`, only those whose source contains it); returns the new manifest.

    For rows of writers the model never saw: the held-out split's temperature comes from writers it
    was trained on, who are easier for it than a new writer, so it leaves the model over-confident in
    use. The weights are copied unchanged, so every prediction (the argmax) stays the same. The rows are
    classified as the folder runs (its manifest's run_dtype)."""
    from safetensors.numpy import load_file

    folder, out = Path(model), Path(out)
    loaded = load_model(folder)
    codebook = codebook or load_codebook()
    if codebook.names != loaded.labels:
        raise StanceError(f"{folder}: the model's labels are not the codebook's; recalibrate with its own codebook")
    data = read_training_data(data_path, codebook)
    rows = calibration_rows(data, calibrate_on)
    data = data[rows].reset_index(drop=True)
    if len(data) < 2:
        raise StanceError(f"{data_path}: fewer than two rows to fit a temperature on")
    y, labels = np.asarray(data["label"].tolist()), loaded.labels
    inner = loaded.estimator.estimator_
    order = [list(loaded.estimator.classes_).index(label) for label in labels]
    raw = inner.predict_proba(data)[:, order]
    before = float(loaded.estimator.temperature_)
    temperature = fit_temperature(raw, y, labels)
    params = json.loads((folder / PARAMS_FILE).read_text(encoding="utf-8"))
    state = (load_file(str(folder / ARRAYS_FILE)), {**params, "temperature": temperature})
    manifest = {**loaded.manifest, "name": out.name}
    manifest["params"] = {**manifest.get("params", {}), "temperature": round(temperature, 4)}
    manifest["recalibrated"] = {
        "from": folder.name, "temperature_before": round(before, 4), "temperature": round(temperature, 4),
        "data": {"file": Path(data_path).name, "sha256": file_sha256(Path(data_path)), "rows": len(data),
                 "source_contains": calibrate_on},
        "before": classification_scores(y, softmax(np.log(np.clip(raw, 1e-12, None)) / before), labels),
        "after": classification_scores(y, softmax(np.log(np.clip(raw, 1e-12, None)) / temperature), labels)}
    save_model(_Saved(state), out, manifest)
    return manifest


class _Saved:
    """A model's state as read from its folder, for `save_model`."""

    def __init__(self, state: tuple):
        self._state = state

    def state(self) -> tuple:
        return self._state


def _check_train_layers(encoder: str, layers: int, encoder_layers: int = 0) -> None:
    """Before minutes of work: a fine-tune cannot train more layers than its encoder has, nor keep more
    (`encoder_layers`, 0: all) than it has."""
    from transformers import AutoConfig

    count = AutoConfig.from_pretrained(str(encoder_source(encoder))).num_hidden_layers
    try:
        check_encoder_layers(encoder, encoder_layers, count)
    except ValueError as exc:
        raise StanceError(str(exc)) from None
    kept = encoder_layers or count
    if not 1 <= layers <= kept:
        raise StanceError(f"train_layers={layers}: encoder {encoder} has {count} layers"
                          + (f", {kept} kept (encoder_layers)" if encoder_layers else ""))


def encode_with_progress(estimator, data: pd.DataFrame, progress: bool, chunk: int = 256) -> None:
    """Encode every training quote once, with a bar and an ETA: the encoder is most of the
    training time, and the folds and the final fit then read its memo."""
    if not progress or not getattr(estimator, "encoder", None) or not hasattr(estimator, "encoder_input"):
        return
    texts = list(dict.fromkeys(as_inputs(data, estimator.encoder_input)))
    encoder = load_encoder(estimator.encoder)
    with tqdm(total=len(texts), desc="encoding training quotes", unit="quote") as bar:
        for start in range(0, len(texts), chunk):
            encoder.encode(texts[start:start + chunk])
            bar.update(len(texts[start:start + chunk]))


def _versions() -> dict:
    import safetensors
    import sklearn
    import torch
    import transformers

    return {"python": platform.python_version(), "stance": __version__, "scikit-learn": sklearn.__version__,
            "safetensors": safetensors.__version__, "torch": torch.__version__, "transformers": transformers.__version__,
            "numpy": np.__version__, "pandas": pd.__version__}
