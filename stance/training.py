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
import shlex
import time
from dataclasses import dataclass, field, replace
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
from .codebook import Codebook, check_model_labels, load_codebook
from .context import check_template
from .encoder import DEFAULT_ENCODER, encoder_source, encoder_weights_sha256, fast_dtype, load_encoder
from .errors import StanceError
from .io import file_sha256, read_csv_text, text_problem
from .model import (ARRAYS_FILE, MANIFEST_FILE, PARAMS_FILE, RUN_DTYPES, load_model, model_folder, repo_models_dir,
                    save_model)
from .trained_layers import check_encoder_layers

REQUIRED_COLUMNS = ("text", "label")
HELD_OUT_KINDS = ("finetune", "finetune-hybrid")  # too slow to fit once per writer: one 20% held-out split
FIXED_PARAMS = {"encoder": "--encoder", "seed": "--seed"}  # set by their own options, not by --param
NOT_PARAMS = ("examples", "codebook", "verbose")
RECORDED = ("codebook_examples", "temperature")  # written into a manifest's params by training, not set
SHARES = ("label_smoothing", "finetune_weight", "embedding_weight", "teacher_weight")  # between 0 and 1
ZERO_ALL = ("encoder_layers",)  # 0 stands for all of them


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


def kind_defaults(kind: str) -> dict:
    """The hyper-parameters `--param` may set for `kind`, with their defaults."""
    check_kind(kind)
    return {k: v for k, v in make_classifier(kind).get_params().items()
            if k not in NOT_PARAMS and k not in FIXED_PARAMS}


def _typed(key: str, value: str, default, where: str = "--param") -> object:
    """`value` read as the type of `default`, within the range a parameter of that kind allows."""
    bad = f"{where} {key}={value}: expected "
    if isinstance(default, bool):
        if value.lower() not in ("true", "false"):
            raise StanceError(bad + "true or false")
        return value.lower() == "true"
    if isinstance(default, int):
        least = 0 if key in ZERO_ALL else 1
        if not value.isdigit() or int(value) < least:
            raise StanceError(bad + f"a whole number of at least {least}" + (" (0: all)" if least == 0 else ""))
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
    if key == "encoder_input" and value not in ENCODER_INPUTS and "{" not in value:
        raise StanceError(bad + f"one of {', '.join(ENCODER_INPUTS)}, or a template (stance.context)")
    if key in ("encoder_input", "input_template") and "{" in value:
        try:
            check_template(value)
        except ValueError as exc:
            raise StanceError(f"{where} {key}: {exc}") from None
    elif key == "input_template":
        raise StanceError(bad + "a template naming fields, e.g. " + INPUT_TEMPLATE + " | {headline}")
    return value


@dataclass(frozen=True)
class Recipe:
    """How `stance train` fits a model: the kind, its parameters and the options around the fit.
    The defaults are the command's own; `read_recipe` reads a model folder's (`--like`)."""

    kind: str = "hybrid"
    params: dict = field(default_factory=dict)  # the kind's hyper-parameters that differ from or repeat its defaults
    encoder: str = DEFAULT_ENCODER
    seed: int = 0
    folds: int = 5
    refit: bool = True
    calibrate_on: str | None = None
    run_dtype: str = ""  # how a fine-tuned model's encoder runs ("int8"); "" its manifest says nothing
    left_out: tuple[str, ...] = ()  # the folder's parameters that another --kind does not have
    # (file, rows, source_contains, encoding): the folder's second step, which training does not repeat
    recalibrated: tuple = ()
    averaged: tuple = ()  # ((name, data file, Recipe), ...): the parents of a folder averaged in weight space

    def command(self, data: str | Path, out: str | Path) -> str:
        """The `stance train` command line of this recipe, every option spelt out (no --like)."""
        defaults = kind_defaults(self.kind)
        step = ["stance", "train", str(data), "--kind", self.kind]
        for key, value in self.params.items():
            if value != defaults.get(key):
                step += ["--param", f"{key}={str(value).lower() if isinstance(value, bool) else value}"]
        if self.encoder != DEFAULT_ENCODER and self.kind != "tfidf":
            step += ["--encoder", self.encoder]
        if self.seed:
            step += ["--seed", str(self.seed)]
        if self.kind in HELD_OUT_KINDS and not self.refit:
            step.append("--no-refit")
        if self.kind not in HELD_OUT_KINDS and self.folds != 5:
            step += ["--folds", str(self.folds)]
        step += ["--calibrate-on", self.calibrate_on] if self.calibrate_on else []
        step += ["--run-dtype", self.run_dtype] if self.run_dtype else []
        return shlex.join(step + ["--out", str(out)])

    def average_note(self, folder: Path, data: str | Path) -> str:
        """What `--like` does with a folder averaged from several models, and how to rebuild the average."""
        parents = ", ".join(f"{name} trained on {file}" for name, file, _ in self.averaged)
        same = all(recipe == self.averaged[0][2] for _, _, recipe in self.averaged)
        given = self.command(data, "-") != self.averaged[0][2].command(data, "-")  # options given over --like
        return (f"{folder} is {len(self.averaged)} models averaged in weight space ({parents}); --like trains "
                + ("their recipe" if same else f"{self.averaged[0][0]}'s recipe")
                + (" with the options given" if given else "") + f" once, on {data}: one model, "
                "not the average; to rebuild the average with your rows, add them to each parent's data, train "
                "each (`averaged_from[].command` in its manifest), then: "
                + self.average_step([f"OUT-{name}" for name, _, _ in self.averaged], "OUT"))

    def average_step(self, folders: list[str], out: str | Path) -> str:
        """The command that averages `folders` (the parents retrained, in order) into `out`, as the folder was made."""
        names = [name for name, _, _ in self.averaged]
        return shlex.join(["python", "benchmarks/average_models.py", *map(str, folders), "--out", str(out),
                           "--names", ",".join(names)])

    def average_next(self, folder: Path, out: str | Path) -> str:
        """After `--like` trained the first parent's recipe into `out`: the steps to the average."""
        others = [(name, recipe.command(f"{Path(file).stem}+yours.csv", f"{out}-{name}"))
                  for name, file, recipe in self.averaged[1:]]
        step = self.average_step([str(out), *(f"{out}-{name}" for name, _ in others)], f"{out}-averaged")
        return (f"for the average as {folder} was, with {out} as {self.averaged[0][0]} (its data and your rows): "
                + "; ".join(f"train {name}: {command}" for name, command in others) + f"; then {step}")

    def recalibration_step(self, out: str | Path) -> str:
        """The command that repeats the folder's recalibration on the model trained into `out`: with the
        file's --encoding where it was read in another (a code page: UTF-8 alone would refuse the file)."""
        file, _, contains, encoding = self.recalibrated
        step = ["stance", "train", file, "--recalibrate", str(out), "--out", f"{out}-recalibrated"]
        return shlex.join(step + (["--calibrate-on", contains] if contains else [])
                          + (["--encoding", encoding] if encoding and encoding != "utf-8" else []))

    def overridden(self, kind: str | None = None, settings: tuple[str, ...] = (), encoder: str | None = None,
                   seed: int | None = None, folds: int | None = None, refit: bool | None = None,
                   calibrate_on: str | None = None, run_dtype: str | None = None) -> Recipe:
        """This recipe with the options given on the command line (None: not given) in place: another
        kind keeps only the parameters it has, and drops a refit or run_dtype it has no use for;
        `settings` (`--param KEY=VALUE`) go over the parameters."""
        new_kind = kind or self.kind
        check_kind(new_kind)
        if run_dtype and new_kind not in HELD_OUT_KINDS:
            raise StanceError(f"--run-dtype: only a fine-tuned kind ({', '.join(HELD_OUT_KINDS)}) runs its encoder "
                              f"in int8; kind {new_kind} does not")
        own = kind_defaults(new_kind)
        params = {k: v for k, v in self.params.items() if k in own}
        fine_tuned = new_kind in HELD_OUT_KINDS
        return replace(self, kind=new_kind, params={**params, **parse_params(new_kind, list(settings))},
                       encoder=encoder or self.encoder, seed=self.seed if seed is None else seed,
                       folds=folds or self.folds,
                       refit=(self.refit if fine_tuned else True) if refit is None else refit,
                       calibrate_on=self.calibrate_on if calibrate_on is None else (calibrate_on or None),
                       run_dtype=(self.run_dtype if fine_tuned else "") if run_dtype is None else run_dtype,
                       left_out=tuple(k for k in self.params if k not in own))

    def describe(self) -> str:
        """One line: the kind, the parameters not at the kind's defaults, and the options around the fit."""
        defaults = kind_defaults(self.kind)
        changed = [f"{k}={v}" for k, v in self.params.items() if v != defaults.get(k)]
        fine_tuned = self.kind in HELD_OUT_KINDS
        parts = [f"kind {self.kind}" + (f" with {' '.join(changed)}" if changed else "")]
        if self.kind != "tfidf":
            parts.append(f"encoder {self.encoder}")
        parts.append(f"seed {self.seed}")
        parts.append(("no refit" if not self.refit else "refit on all rows") if fine_tuned else f"{self.folds} folds")
        parts.append(f"calibrate on {self.calibrate_on!r}" if self.calibrate_on else "calibrate on all rows")
        if self.run_dtype:
            parts.append(f"encoder runs in {self.run_dtype}")
        if self.left_out:
            parts.append(f"left out (not parameters of kind {self.kind}): {' '.join(self.left_out)}")
        return ", ".join(parts)


def read_recipe(spec: str | Path) -> tuple[Path, Recipe]:
    """A model folder's recipe, as its manifest records it (`stance train --like FOLDER`): kind,
    parameters, encoder, seed, folds asked, refit, calibrate-on and run_dtype. The manifest is read as
    JSON and every value typed as `--param` types it, so nothing in it runs. Parameters a kind gained
    after the folder was written take their defaults; folders written before the ninth session do not
    record the folds asked (the folds they used are taken). A folder averaged from several models
    (`benchmarks/average_models.py`) has no recipe of its own: its first parent's is returned, with every
    parent's name, data file and recipe in `averaged`."""
    folder = model_folder(str(spec))
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        shipped = repo_models_dir() / folder.name
        hint = f" (the shipped one by its name: --like {folder.name})" if (shipped / MANIFEST_FILE).is_file() else ""
        raise StanceError(f"--like {folder}: no such model folder{hint}")
    if not path.is_file():
        raise StanceError(f"--like {folder}: not a model folder (no {MANIFEST_FILE})")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StanceError(f"--like {folder}: cannot read its {MANIFEST_FILE} ({exc})") from None
    if not isinstance(manifest, dict) or not manifest.get("kind"):
        raise StanceError(f"--like {folder}: not a model folder (its {MANIFEST_FILE} names no kind)")
    where = f"--like {folder}:"
    parents = manifest.get("averaged_from")
    if parents is None:
        return folder, _recipe(manifest, where)
    if not isinstance(parents, list) or not parents or not all(isinstance(p, dict) and p.get("kind") for p in parents):
        raise StanceError(f"{where} its {MANIFEST_FILE}'s 'averaged_from' must list its parents' manifests")
    averaged = []
    for number, parent in enumerate(parents, 1):
        name = parent.get("name") if isinstance(parent.get("name"), str) and parent.get("name") else f"parent {number}"
        data = parent.get("training_data")
        file = data.get("file") if isinstance(data, dict) and isinstance(data.get("file"), str) else "DATA.csv"
        averaged.append((name, file, _recipe(parent, f"{where} its parent {name}:")))
    return folder, replace(averaged[0][2], averaged=tuple(averaged), recalibrated=_recalibration(manifest))


def _recipe(manifest: dict, where: str) -> Recipe:
    """The recipe a model's manifest (or an averaged folder's parent) records, each value checked."""
    kind = manifest["kind"]
    if not isinstance(kind, str) or kind not in fitted_kinds():
        raise StanceError(f"{where} its kind {kind!r} is not one `stance train` fits ({', '.join(fitted_kinds())})")
    recorded = _field(manifest, "params", where)
    encoder = _field(manifest, "encoder", where)
    scores = _field(manifest, "cross_validation", where)
    defaults = kind_defaults(kind)
    params = {}
    for key, value in recorded.items():
        if key in RECORDED or key in FIXED_PARAMS:
            continue
        if key not in defaults:
            raise StanceError(f"{where} its parameter {key!r} is not one of kind {kind} ({', '.join(defaults)})")
        params[key] = _recorded(key, value, defaults[key], f"{where} its parameter")
    name = encoder.get("name") or recorded.get("encoder") or DEFAULT_ENCODER
    run_dtype = encoder.get("run_dtype") or ""
    seed = manifest.get("seed", recorded.get("seed", 0))
    folds = scores.get("folds_asked") or (scores.get("folds") if str(scores.get("method", "")).endswith("-fold") else 5)
    calibrated = scores.get("calibrated_on") or {}
    calibrate_on = calibrated.get("source_contains") if isinstance(calibrated, dict) else None
    refit = scores.get("refit_on_all_rows", True)
    wrong = [key for key, right in (("encoder.name", isinstance(name, str)),
                                    ("encoder.run_dtype", run_dtype in ("", *RUN_DTYPES)), ("seed", _whole(seed, 0)),
                                    ("cross_validation.folds", _whole(folds, 2)),
                                    ("cross_validation.calibrated_on", isinstance(calibrate_on, (str, type(None)))),
                                    ("cross_validation.refit_on_all_rows", isinstance(refit, bool))) if not right]
    if wrong:
        raise StanceError(f"{where} its {MANIFEST_FILE}'s {wrong[0]} is not what training writes there"
                          + (f" ({', '.join(RUN_DTYPES)})" if wrong[0] == "encoder.run_dtype" else ""))
    return Recipe(kind, params, name, seed, folds, refit, calibrate_on, run_dtype,
                  recalibrated=_recalibration(manifest))


def _recalibration(manifest: dict) -> tuple:
    """A recalibrated folder's second step as (file, rows, source_contains, encoding), or () when it has none
    (encoding None: UTF-8, or a folder recalibrated before its encoding was recorded)."""
    done = manifest.get("recalibrated")
    data = done.get("data") if isinstance(done, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("file"), str) or not data["file"]:
        return ()
    contains, encoding = data.get("source_contains"), data.get("encoding")
    return (data["file"], data.get("rows"), contains if isinstance(contains, str) else None,
            encoding if isinstance(encoding, str) and encoding else None)


def _whole(number, least: int) -> bool:
    return isinstance(number, int) and not isinstance(number, bool) and number >= least


def _field(manifest: dict, key: str, where: str) -> dict:
    value = manifest.get(key, {})
    if not isinstance(value, dict):
        raise StanceError(f"{where} its {MANIFEST_FILE}'s {key!r} must be a JSON object")
    return value


def _recorded(key: str, value, default, where: str) -> object:
    """A parameter from a manifest: its JSON type must be the default's, its value one `--param` takes."""
    wanted = bool if isinstance(default, bool) else int if isinstance(default, int) else \
        (int, float) if isinstance(default, float) else str
    if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, wanted):
        raise StanceError(f"{where} {key}={json.dumps(value)[:40]}: expected a {type(default).__name__}")
    return _typed(key, str(value).lower() if isinstance(value, bool) else str(value), default, where)


def read_training_data(path: str | Path, codebook: Codebook, encoding: str | None = None) -> pd.DataFrame:
    """Annotated quotes (text, label; optional cue, sentence, source, and weight: a row of weight 2
    counts as if it came twice); every label must be in the codebook. `encoding` (--encoding) reads
    the file as documents are read: a code page only for what is not UTF-8 (a table saved by Excel)."""
    path = Path(path)
    data = read_csv_text(path, "training data", REQUIRED_COLUMNS, encoding)
    unknown = data.index[~data["label"].isin(codebook.names)]
    if len(unknown):
        row = unknown[0]
        raise StanceError(f"{path}: row {row + 2}: label {data.at[row, 'label']!r} is not in codebook "
                          f"{codebook.name} ({', '.join(codebook.names)})")
    empty = data.index[data["text"].str.strip().eq("")]
    if len(empty):
        raise StanceError(f"{path}: row {empty[0] + 2}: empty text")
    binary = data.index[data["text"].str.contains("\0", regex=False)]  # a damaged file: never trained on
    if len(binary):
        raise StanceError(f"{path}: row {binary[0] + 2}: {text_problem(data.at[binary[0], 'text'])}")
    if "weight" in data:
        weight = pd.to_numeric(data["weight"], errors="coerce")
        bad = data.index[~(np.isfinite(weight) & (weight > 0))]
        if len(bad):
            raise StanceError(f"{path}: row {bad[0] + 2}: weight {data.at[bad[0], 'weight']!r} is not a positive number")
        data["weight"] = weight.astype(float)
    if "teacher_share" in data:  # a row's own teacher weight (stance.finetune); empty: the model's teacher_weight
        given = data["teacher_share"].astype(str).str.strip().ne("")
        share = pd.to_numeric(data["teacher_share"].where(given), errors="coerce")
        bad = data.index[(given & share.isna()) | (share < 0) | (share > 1)]
        if len(bad):
            raise StanceError(f"{path}: row {bad[0] + 2}: teacher_share {data.at[bad[0], 'teacher_share']!r} "
                              "is not a number between 0 and 1")
        data["teacher_share"] = share
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


def holdout_split(y: np.ndarray, n_labels: int, fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The row positions a held-out model is fitted on and those it holds out (`holdout_validate`'s split;
    benchmarks/unseen_rows.py repeats it to find the rows a saved model never trained on)."""
    from sklearn.model_selection import StratifiedShuffleSplit

    size = max(n_labels, round(fraction * len(y)))  # at least one row of every label
    return next(StratifiedShuffleSplit(1, test_size=size, random_state=seed).split(y, y))


def holdout_validate(estimator, data: pd.DataFrame, labels: tuple[str, ...], fraction: float = 0.2,
                     seed: int = 0, calibrate_on: str | None = None) -> tuple[dict, float, object]:
    """Scores on a stratified held-out share, the temperature fitted there (on its `calibrate_on`
    rows only, when given: see `cross_validate`), and the model fitted on the rest.

    For a model too slow to fit k times."""
    y = np.asarray(data["label"].tolist())
    fit_on = calibration_rows(data, calibrate_on)
    train, test = holdout_split(y, len(labels), fraction, seed)
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
                calibrate_on: str | None = None, run_dtype: str = "", encoding: str | None = None) -> dict:
    """Cross-validate, fit on all rows and write the model folder; returns its manifest.

    `params` overrides the kind's hyper-parameters (e.g. ``{"epochs": 2}``).
    A fine-tuned model (HELD_OUT_KINDS) is validated on a 20% held-out split instead (five
    fine-tunes would take too long on a CPU), which also gives its temperature;
    without `refit` the model fitted on the other 80% is the one saved (half the time).
    `calibrate_on` fits the temperature on the held-out predictions of the rows whose
    `source` contains it (see `cross_validate`). `run_dtype` ("int8"), for a fine-tuned kind, is
    how its encoder runs wherever it is loaded (the manifest's `encoder.run_dtype`). `encoding`:
    the data file's (`read_training_data`). The manifest records all of these, so `read_recipe` can train another model the same way.
    """
    started = time.perf_counter()
    check_kind(kind)
    if run_dtype and (kind not in HELD_OUT_KINDS or run_dtype not in RUN_DTYPES):
        raise StanceError(f"run_dtype {run_dtype!r}: one of {', '.join(RUN_DTYPES)}, for a fine-tuned kind only")
    codebook = codebook or load_codebook()
    data = read_training_data(data_path, codebook, encoding)
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
        scores["folds_asked"] = folds  # the data may use fewer (a label with few rows, one writer at a time)
        estimator = TemperatureCalibrated.prefitted(estimator.fit(data, y), temperature)
    uses_encoder = kind != "tfidf"
    manifest = {
        "name": name or out.name,
        "version": __version__,
        "kind": kind,
        "labels": list(codebook.names),
        "codebook": {"name": codebook.name, "version": codebook.version, "sha256": codebook.sha256},
        "input_template": params.get("input_template", INPUT_TEMPLATE),
        "params": {**params, "codebook_examples": len(codebook.examples()),
                   "temperature": round(estimator.temperature_, 4)},
        "encoder": {"name": encoder if uses_encoder else "",
                    "sha256": encoder_weights_sha256(encoder) if uses_encoder else "",
                    "dtype": fast_dtype() if uses_encoder else "", **({"run_dtype": run_dtype} if run_dtype else {})},
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
                codebook: Codebook | None = None, encoding: str | None = None) -> dict:
    """A copy of `model` whose temperature is refitted on its own predictions for `data_path`'s rows
    (with `calibrate_on`, only those whose source contains it); returns the new manifest.

    For rows of writers the model never saw: the held-out split's temperature comes from writers it
    was trained on, who are easier for it than a new writer, so it leaves the model over-confident in
    use. The weights are copied unchanged, so every prediction (the argmax) stays the same. The rows are
    classified as the folder runs (its manifest's run_dtype)."""
    from safetensors.numpy import load_file

    folder, out = model_folder(str(model)), Path(out)  # a shipped model by its name, as load_model finds it
    loaded = load_model(folder)
    codebook = codebook or load_codebook()
    check_model_labels(folder, loaded.labels, codebook, "recalibrate with the codebook it was trained with")
    data = read_training_data(data_path, codebook, encoding)
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
                 "source_contains": calibrate_on, **({"encoding": encoding} if encoding else {})},
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
