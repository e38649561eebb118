"""Model folders: trained, saved safely, checked on load; the shipped default model and zero-shot."""
import json
import re
import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest

from stance.cli import main
from stance.codebook import load_codebook
from stance.errors import StanceError
from stance.io import file_sha256
from stance.model import classify_quotes, load_model, read_manifest
from stance.records import Quote
from stance.training import train_model

# Invented quotes, three per label: enough for a TF-IDF model that trains in a second.
TINY = pd.DataFrame([
    ("We will send our troops to crush the terrorists.", "vowed", "interventionist"),
    ("Our fighters must strike the militants across the border.", "said", "interventionist"),
    ("send troops and warplanes to crush them", "urged allies to", "interventionist"),
    ("This is an internal affair and we will not interfere.", "said", "non-interference"),
    ("stay out of a war that is not ours", "urged the factions to", "non-interference"),
    ("We will not interfere in their internal affairs.", "said", "non-interference"),
    ("We are deeply worried by this dangerous escalation.", "said", "concern"),
    ("deep concern over the escalation", "expressed", "concern"),
    ("The escalation is deeply worrying for the whole region.", "said", "concern"),
    ("We stand by our brothers and their unity.", "said", "support"),
    ("full solidarity with our brothers", "declared", "support"),
    ("We stand with them and support their unity and stability.", "said", "support"),
    ("The delegation will arrive on Tuesday.", "said", "neutral"),
    ("The meeting was held on Monday at noon.", "said", "neutral"),
    ("The talks will resume next week in Geneva.", "told reporters", "neutral"),
], columns=["text", "cue", "label"])


@pytest.fixture(scope="module")
def tfidf_model(tmp_path_factory):
    """A TF-IDF model trained on fifteen hand-made quotes: no encoder, so quick."""
    folder = tmp_path_factory.mktemp("models")
    TINY.to_csv(folder / "tiny.csv", index=False)
    train_model(folder / "tiny.csv", folder / "tfidf", kind="tfidf", folds=3)
    return folder / "tfidf"


def test_train_writes_manifest_with_provenance_and_scores(tfidf_model):
    manifest = json.loads((tfidf_model / "manifest.json").read_text())
    assert manifest["labels"] == list(load_codebook().names)
    assert manifest["kind"] == "tfidf" and manifest["seed"] == 0
    data = manifest["training_data"]
    assert data["rows"] == sum(data["label_counts"].values()) == 15 and len(data["sha256"]) == 64
    cv = manifest["cross_validation"]
    assert cv["folds"] == 3 and set(cv["per_label_f1"]) == set(manifest["labels"])
    assert 0 <= cv["macro_f1"] <= 1 and 0 <= cv["ece"] <= 1
    assert manifest["classifier"]["format"] == "safetensors+json"
    assert {"scikit-learn", "torch", "safetensors"} <= set(manifest["versions"])
    assert sorted(p.name for p in tfidf_model.iterdir()) == ["classifier.json", "classifier.safetensors",
                                                             "manifest.json"]


def test_loaded_model_predicts_as_the_fitted_one(tfidf_model):
    from stance.classify import TemperatureCalibrated, make_classifier

    fitted = TemperatureCalibrated(make_classifier("tfidf", load_codebook()), folds=3).fit(TINY, TINY["label"])
    loaded = load_model(tfidf_model).estimator
    assert list(loaded.classes_) == list(fitted.classes_)
    assert loaded.temperature_ == pytest.approx(fitted.temperature_)
    new = pd.DataFrame({"text": ["They must not interfere", "worried about the escalation"], "cue": ["said", "said"]})
    assert np.allclose(loaded.predict_proba(new), fitted.predict_proba(new))


def test_loaded_model_classifies_quotes_in_codebook_order(tfidf_model):
    model = load_model(tfidf_model)
    quotes = [Quote("d", "d:1", 0, 10, "We will send troops to crush the terrorists", "direct", cue="vowed"),
              Quote("d", "d:2", 0, 10, "deep concern over the escalation", "partial", cue="expressed")]
    first, second = classify_quotes(quotes, model)
    assert [lab for lab, _ in first.probabilities] == list(model.labels)
    assert sum(p for _, p in first.probabilities) == pytest.approx(1.0, abs=1e-3)
    assert first.stance == "interventionist" and second.stance == "concern"
    assert first.stance_score == max(p for _, p in first.probabilities)
    assert first.model == "tfidf@" + model.manifest["version"]


def test_tampered_or_incomplete_model_folders_are_refused(tfidf_model, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(tfidf_model, changed)
    for name in ("classifier.safetensors", "classifier.json"):
        original = (changed / name).read_bytes()
        (changed / name).write_bytes(original + b" ")
        with pytest.raises(StanceError, match=f"{name}: sha256 differs from the manifest"):
            load_model(changed)
        (changed / name).unlink()
        with pytest.raises(StanceError, match=f"{name}: missing"):
            load_model(changed)
        (changed / name).write_bytes(original)
    (changed / "manifest.json").unlink()
    with pytest.raises(StanceError, match="manifest.json: missing"):
        load_model(changed)
    with pytest.raises(StanceError, match="no such model folder"):
        load_model(tmp_path / "nowhere")
    (tmp_path / "model.zip").write_bytes(b"PK")  # it was "no such model folder": there is something there
    with pytest.raises(StanceError, match=r"model\.zip: a file, not a model folder \(the folder `stance train --out` wrote\)$"):
        load_model(tmp_path / "model.zip")


def _edited(source, folder, **fields):
    """A copy of a model folder with manifest fields replaced."""
    shutil.copytree(source, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, **fields}))
    return folder


@pytest.mark.parametrize("fields, message", [
    ({"classifier": "classifier.safetensors"}, "field 'classifier' must be"),
    ({"classifier": {}}, "field 'classifier' must be"),
    ({"classifier": {"format": "safetensors+json", "arrays": {"file": "../../etc/passwd", "sha256": "0" * 64},
                     "params": {"file": "classifier.json", "sha256": "0" * 64}}}, "field 'classifier' must be"),
    ({"encoder": None}, "field 'encoder' must be an object"),
    ({"labels": "interventionist"}, "field 'labels' must be a list"),
    ({"kind": "builtins.eval"}, "unknown kind 'builtins.eval'"),
    ({"name": 5}, "field 'name' must be a non-empty string"),
    ({"encoder": {"name": "", "run_dtype": "int8"}}, "field 'encoder.run_dtype' must be one of float32, int8, for a fine"),
])
def test_malformed_manifest_is_a_one_line_error(tfidf_model, tmp_path, capsys, monkeypatch, fields, message):
    folder = _edited(tfidf_model, tmp_path / "model", **fields)
    with pytest.raises(StanceError, match=message):
        read_manifest(folder)
    monkeypatch.setenv("STANCE_MODEL", str(folder))  # the same through the environment, from the command line
    (tmp_path / "in.txt").write_text('"We will not interfere," he said.\n', encoding="utf-8")
    assert main(["score", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {folder / 'manifest.json'}: ") and message in line


def test_manifest_that_is_not_an_object_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text("[1, 2]")
    with pytest.raises(StanceError, match="must be a JSON object"):
        load_model(tmp_path)


def test_old_skops_folder_with_an_eval_payload_is_refused_unopened(tfidf_model, tmp_path):
    """An old-style folder whose TF-IDF analyzer is builtins.eval: refused on the manifest, never unpacked."""
    folder = tmp_path / "evil"
    folder.mkdir()
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    schema = {"__class__": "TfidfVectorizer", "__module__": "sklearn.feature_extraction.text", "__loader__": "ObjectNode",
              "content": {"analyzer": {"__class__": "eval", "__module__": "builtins", "__loader__": "TypeNode"},
                          "input": payload}}
    with zipfile.ZipFile(folder / "classifier.skops", "w") as z:
        z.writestr("schema.json", json.dumps(schema))
    from stance.io import file_sha256

    manifest = json.loads((tfidf_model / "manifest.json").read_text())
    manifest["classifier"] = {"file": "classifier.skops", "format": "skops",
                              "sha256": file_sha256(folder / "classifier.skops")}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StanceError, match="old skops model folder, no longer loaded because a skops file can run code"):
        load_model(folder)
    assert not marker.exists()


@pytest.mark.parametrize("edit, message", [
    (lambda p: {**p, "analyzer": "builtins.eval"}, "unknown parameter(s) 'analyzer'"),
    (lambda p: {**p, "C": "__import__('os').system('x')"}, "parameter 'C' must be float"),
    (lambda p: {**p, "vocabulary": p["vocabulary"][:-1]}, "must match array tfidf.idf"),
    (lambda p: {**p, "temperature": -1}, "parameter 'temperature' must be positive"),
    (lambda p: {**p, "classes": ["a", "b", "c", "d", "e"]}, "not the manifest's labels"),
    (lambda p: [p], "must be a JSON object"),
])
def test_parameters_are_plain_values_checked_on_load(tfidf_model, tmp_path, edit, message):
    """The attacker ships the manifest too, so hashes prove nothing: every value is checked for its type."""
    from stance.io import file_sha256

    folder = tmp_path / "model"
    shutil.copytree(tfidf_model, folder)
    params = json.loads((folder / "classifier.json").read_text())
    (folder / "classifier.json").write_text(json.dumps(edit(params)))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StanceError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        load_model(folder)
    assert str(caught.value).startswith(f"{folder / 'classifier.json'}: ") and "\n" not in str(caught.value)


def test_arrays_that_are_not_safetensors_are_refused(tfidf_model, tmp_path):
    from stance.io import file_sha256

    folder = tmp_path / "model"
    shutil.copytree(tfidf_model, folder)
    (folder / "classifier.safetensors").write_bytes(b"\x80\x04\x95 a pickle, not arrays")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["classifier"]["arrays"]["sha256"] = file_sha256(folder / "classifier.safetensors")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StanceError, match="classifier.safetensors: cannot read the arrays"):
        load_model(folder)


def test_model_and_codebook_labels_must_agree(tfidf_model, tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text("name: toy\nlabels:\n  - {name: hawk, definition: force}\n  - {name: dove, definition: talks}\n")
    with pytest.raises(StanceError, match="not the codebook's"):
        load_model(tfidf_model, load_codebook(path))


@pytest.mark.slow
def test_shipped_default_model_loads_with_a_matching_encoder():
    model = load_model()
    manifest = model.manifest
    assert model.labels == load_codebook().names
    assert manifest["encoder"]["name"] == "all-MiniLM-L6-v2" and len(manifest["encoder"]["sha256"]) == 64
    # Two fine-tuned models averaged (soup4): each parent's held-out split must stay a working classifier's;
    # the average claims no held-out score of its own (models/README.md has what was measured on it).
    assert "cross_validation" not in manifest and model.name == "soup4@0.1.0"
    assert all(parent["cross_validation"]["macro_f1"] >= 0.7 for parent in manifest["averaged_from"])
    proba = model.predict_proba(np.array(['said "We stand by the unity and sovereignty of Syria"']))
    assert model.labels[int(proba.argmax())] == "support"


def test_shipped_fast_model_loads_by_name_and_needs_no_encoder(tmp_path, monkeypatch):
    model = load_model("fast")
    assert model.manifest["kind"] == "tfidf" and model.manifest["encoder"]["name"] == ""
    assert model.name.startswith("fast@")
    proba = model.predict_proba(np.array(['said "Our air force will strike their bases until the militias withdraw"']))
    assert model.labels[int(proba.argmax())] == "interventionist"
    # A folder of that name in the working directory is the user's and comes first.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StanceError, match="fast/manifest.json: missing"):
        (tmp_path / "fast").mkdir()
        load_model("fast")


@pytest.mark.slow
def test_zero_shot_model_needs_no_folder(tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text("name: toy\nlabels:\n"
                    "  - {name: hawk, definition: calls for military force, examples: ['bomb them now']}\n"
                    "  - {name: dove, definition: calls for peace talks, examples: ['we must negotiate']}\n")
    model = load_model("zero-shot", load_codebook(path))
    [quote] = classify_quotes([Quote("d", "d:1", 0, 1, "Send in the air force and destroy their bases", "direct")], model)
    assert quote.stance == "hawk" and quote.model == "zero-shot:toy"


@pytest.fixture(scope="module")
def finetuned_model(tmp_path_factory):
    """MiniLM fine-tuned for a few steps on the fifteen quotes: a smoke run of the real training code."""
    folder = tmp_path_factory.mktemp("models")
    TINY.to_csv(folder / "tiny.csv", index=False)
    train_model(folder / "tiny.csv", folder / "finetune", kind="finetune",
                params={"epochs": 3, "train_layers": 2, "batch_size": 4, "max_length": 32})
    return folder / "finetune"


@pytest.mark.slow
def test_fine_tuned_model_folder_holds_float16_weights_and_a_holdout_score(finetuned_model):
    from safetensors import safe_open

    manifest = json.loads((finetuned_model / "manifest.json").read_text())
    assert manifest["kind"] == "finetune" and manifest["params"]["train_layers"] == 2
    cv = manifest["cross_validation"]
    assert cv["method"] == "holdout" and cv["holdout_rows"] == 5 and 0 <= cv["macro_f1"] <= 1
    with safe_open(finetuned_model / "classifier.safetensors", "np") as arrays:
        names = set(arrays.keys())
        assert arrays.get_tensor("encoder.encoder.layer.5.output.dense.weight").dtype == np.float16
    assert {"head.coef", "head.intercept", "encoder.encoder.layer.4.output.dense.weight"} <= names
    # only the trained layers are saved: the frozen ones come from the installed encoder (sha256 in the manifest)
    assert not any(name.startswith(("encoder.embeddings.", "encoder.encoder.layer.3.")) for name in names)


@pytest.mark.slow
def test_fine_tuning_trains_only_the_top_layers_and_learns(finetuned_model):
    import torch
    from transformers import AutoModel

    from stance.encoder import default_encoder_path

    from stance.trained_layers import full_weights

    model = load_model(finetuned_model)
    tuned = full_weights("all-MiniLM-L6-v2", model.estimator.estimator_.weights)
    base = AutoModel.from_pretrained(default_encoder_path()).state_dict()
    same = lambda name: torch.equal(tuned[name].to(torch.float16), base[name].to(torch.float16))  # noqa: E731
    assert same("embeddings.word_embeddings.weight") and same("encoder.layer.3.output.dense.weight")
    assert not same("encoder.layer.5.output.dense.weight") and not same("encoder.layer.4.output.dense.weight")
    quotes = [Quote("d", f"d:{i}", 0, 1, row.text, "direct", cue=row.cue) for i, row in enumerate(TINY.itertuples())]
    labelled = classify_quotes(quotes, model)
    assert all(sum(p for _, p in q.probabilities) == pytest.approx(1.0, abs=1e-3) for q in labelled)
    assert np.mean([q.stance == label for q, label in zip(labelled, TINY["label"])]) >= 0.8  # its own training set


@pytest.mark.slow
def test_fine_tuned_weights_that_do_not_fit_the_encoder_are_refused(finetuned_model, tmp_path):
    from safetensors.numpy import load_file, save_file

    from stance.io import file_sha256

    folder = tmp_path / "model"
    shutil.copytree(finetuned_model, folder)
    arrays = load_file(folder / "classifier.safetensors")
    def saved(changed: dict):
        save_file(changed, folder / "classifier.safetensors")
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["classifier"]["arrays"]["sha256"] = file_sha256(folder / "classifier.safetensors")
        (folder / "manifest.json").write_text(json.dumps(manifest))
        return folder

    wrong_shape = {**arrays, "encoder.encoder.layer.5.output.dense.weight": np.zeros((3, 3), dtype=np.float16)}
    with pytest.raises(StanceError, match=r"encoder.encoder.layer.5.output.dense.weight has shape \(3, 3\)"):
        load_model(saved(wrong_shape))
    frozen_layer = {**arrays, "encoder.encoder.layer.0.output.dense.weight": np.zeros((384, 1536), dtype=np.float16)}
    with pytest.raises(StanceError, match=r"do not fit encoder all-MiniLM-L6-v2 \(1 names differ"):
        load_model(saved(frozen_layer))


@pytest.fixture(scope="module")
def finetuned_hybrid(tmp_path_factory):
    """The fine-tuned encoder and TF-IDF in one vote, fitted for a few steps on the fifteen quotes."""
    folder = tmp_path_factory.mktemp("models")
    TINY.assign(sentence=[f"The minister {cue} '{text}' on Monday." for cue, text in zip(TINY["cue"], TINY["text"])]) \
        .to_csv(folder / "tiny.csv", index=False)
    train_model(folder / "tiny.csv", folder / "blend", kind="finetune-hybrid",
                params={"epochs": 1, "batch_size": 4, "max_length": 32, "finetune_weight": 0.6})
    return folder / "blend"


@pytest.mark.slow
def test_fine_tuned_hybrid_is_a_weighted_vote_that_reloads_from_plain_arrays(finetuned_hybrid, tmp_path):
    manifest = json.loads((finetuned_hybrid / "manifest.json").read_text())
    assert manifest["kind"] == "finetune-hybrid" and manifest["cross_validation"]["method"] == "holdout"
    assert manifest["params"]["encoder_input"] == "marked" and manifest["params"]["finetune_weight"] == 0.6
    model = load_model(finetuned_hybrid)
    blend = model.estimator.estimator_
    frame = TINY.assign(sentence=[f"Later he {cue} '{text}'." for cue, text in zip(TINY["cue"], TINY["text"])])
    halves = 0.6 * blend.finetuned.predict_proba(frame) + 0.4 * blend.tfidf.predict_proba(frame)
    np.testing.assert_allclose(blend.predict_proba(frame), halves)
    predicted = np.asarray(model.labels)[model.predict_proba(frame).argmax(axis=1)]
    assert np.mean(predicted == TINY["label"].to_numpy()) >= 0.8  # its own training set, reworded around
    folder = tmp_path / "model"
    shutil.copytree(finetuned_hybrid, folder)
    params = json.loads((folder / "classifier.json").read_text())
    params["finetune_weight"] = 1.5
    (folder / "classifier.json").write_text(json.dumps(params))
    manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StanceError, match="'finetune_weight' must be between 0 and 1"):
        load_model(folder)


def test_manifest_kinds_are_the_kinds_loading_builds():
    from stance.classify import fitted_kinds
    from stance.model import FITTED_KINDS

    assert set(FITTED_KINDS) == set(fitted_kinds())


PREDICT_WITHOUT_SKLEARN = """\
import sys
import pandas as pd
from stance.model import load_model
model = load_model(sys.argv[1])
proba = model.predict_proba(pd.DataFrame({"text": ["They must not interfere"], "cue": ["said"]}))
print(proba.shape, sorted(m for m in ("sklearn", "scipy", "torch", "transformers") if m in sys.modules))
"""


def test_a_loaded_model_predicts_without_scikit_learn(tfidf_model, tmp_path):
    """A run's workers load the model and classify: with NumPy alone (scikit-learn costs 1.5 CPU-s each)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PREDICT_WITHOUT_SKLEARN, str(tfidf_model)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 5) []"


@pytest.mark.slow
def test_a_loaded_fine_tuned_model_predicts_without_torch_or_scikit_learn(finetuned_hybrid, tmp_path, monkeypatch):
    """Each worker of a run loads the default (fine-tuned) model: its trained layers are checked against the
    installed encoder's safetensors header and run from the cached ONNX graph, so neither torch and
    transformers (~4 CPU-s, ~290 MiB a worker) nor scikit-learn are imported."""
    import subprocess
    import sys

    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")  # the ONNX graph: a bfloat16 CPU would run torch

    load_model(finetuned_hybrid).predict_proba(TINY)  # the graph of these weights is in the cache now
    done = subprocess.run([sys.executable, "-c", PREDICT_WITHOUT_SKLEARN, str(finetuned_hybrid)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 5) []"


def test_encoder_weight_names_and_shapes_come_from_its_safetensors_header():
    """The header gives what torch's model of the config holds, less the integer position-id buffer."""
    from stance.encoder import default_encoder_path
    from stance.trained_layers import _meta_shapes, expected_shapes

    header = expected_shapes("all-MiniLM-L6-v2")
    assert header == _meta_shapes(str(default_encoder_path()))
    assert header["encoder.layer.5.output.dense.weight"] == (384, 1536) and "embeddings.position_ids" not in header


def test_trained_layers_are_checked_and_hashed_against_a_local_encoder(tmp_path):
    """A hand-made two-layer encoder folder: top layers or all weights fit; others, wrong shapes, integer
    arrays and a config.json that disagrees with the weights are refused; the digest follows every value."""
    from safetensors.numpy import save_file

    from stance.trained_layers import check, digest

    encoder = tmp_path / "tiny-encoder"
    encoder.mkdir()
    tensors = {"embeddings.word_embeddings.weight": np.zeros((10, 4), np.float32),
               "embeddings.position_ids": np.arange(8, dtype=np.int64)[None],
               **{f"encoder.layer.{i}.output.dense.weight": np.zeros((4, 4), np.float32) for i in range(2)}}
    save_file(tensors, str(encoder / "model.safetensors"))
    (encoder / "config.json").write_text(json.dumps({"num_hidden_layers": 2, "hidden_size": 4}))
    top = {"encoder.layer.1.output.dense.weight": np.ones((4, 4), np.float16)}
    check(str(encoder), top, 1)
    check(str(encoder), {k: v.astype(np.float16) for k, v in tensors.items() if k != "embeddings.position_ids"}, 1)
    with pytest.raises(ValueError, match=r"\(1 names differ, e.g. encoder.layer.0.output.dense.weight\)"):
        check(str(encoder), top, 2)
    with pytest.raises(ValueError, match=r"encoder.encoder.layer.1.output.dense.weight has shape \(4, 3\)"):
        check(str(encoder), {"encoder.layer.1.output.dense.weight": np.ones((4, 3), np.float16)}, 1)
    with pytest.raises(ValueError, match="has shape"):
        check(str(encoder), {"encoder.layer.1.output.dense.weight": np.ones((4, 4), np.int64)}, 1)
    with pytest.raises(ValueError, match="'train_layers' must be between 1 and 2"):
        check(str(encoder), top, 3)
    changed = {"encoder.layer.1.output.dense.weight": top["encoder.layer.1.output.dense.weight"].copy()}
    assert digest(str(encoder), changed) == digest(str(encoder), top)
    changed["encoder.layer.1.output.dense.weight"][2, 3] = 0.5
    assert digest(str(encoder), changed) != digest(str(encoder), top)
    other = tmp_path / "three-layers"
    shutil.copytree(encoder, other)
    (other / "config.json").write_text(json.dumps({"num_hidden_layers": 3, "hidden_size": 4}))
    with pytest.raises(ValueError, match="holds 2 layers, its config.json says 3"):
        check(str(other), top, 1)


@pytest.mark.slow
def test_a_fine_tuned_model_runs_in_the_dtype_its_manifest_names(finetuned_model, tmp_path, monkeypatch):
    """"run_dtype": "int8" in the manifest's encoder runs the quantised graph; $STANCE_ENCODER_DTYPE overrides it;
    the labels stay those of float32 on these quotes, not the probabilities to the last digit."""
    manifest = json.loads((finetuned_model / "manifest.json").read_text())
    folder = _edited(finetuned_model, tmp_path / "int8", encoder={**manifest["encoder"], "run_dtype": "int8"})
    monkeypatch.delenv("STANCE_ENCODER_DTYPE", raising=False)
    int8 = load_model(folder)
    quantised = int8.predict_proba(TINY)
    assert int8.estimator.estimator_._encoder.dtype == "int8"
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")
    plain = load_model(folder)
    full = plain.predict_proba(TINY)
    assert plain.estimator.estimator_._encoder.dtype == "float32"
    assert (quantised.argmax(axis=1) == full.argmax(axis=1)).all() and 0 < np.abs(quantised - full).max() < 0.1
    with pytest.raises(StanceError, match="'encoder.run_dtype' must be one of float32, int8"):
        read_manifest(_edited(finetuned_model, tmp_path / "int4", encoder={**manifest["encoder"], "run_dtype": "int4"}))


@pytest.fixture(scope="module")
def shallow_model(tmp_path_factory):
    """A fine-tuned hybrid on MiniLM's bottom three layers (`encoder_layers=3`), the top two of them trained."""
    folder = tmp_path_factory.mktemp("models")
    TINY.to_csv(folder / "tiny.csv", index=False)
    train_model(folder / "tiny.csv", folder / "shallow", kind="finetune-hybrid",
                params={"epochs": 3, "train_layers": 2, "encoder_layers": 3, "batch_size": 4, "max_length": 32})
    return folder / "shallow"


def _edited_params(source, folder, **changed):
    """A copy of a model folder with classifier.json parameters replaced (its hash in the manifest updated)."""
    shutil.copytree(source, folder)
    params = json.loads((folder / "classifier.json").read_text())
    (folder / "classifier.json").write_text(json.dumps({**params, **changed}))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.slow
def test_a_shallow_encoder_keeps_its_bottom_layers_and_saves_only_the_trained_ones(shallow_model):
    from safetensors import safe_open

    manifest = json.loads((shallow_model / "manifest.json").read_text())
    assert manifest["params"]["encoder_layers"] == 3 and manifest["params"]["train_layers"] == 2
    assert json.loads((shallow_model / "classifier.json").read_text())["encoder_layers"] == 3
    with safe_open(shallow_model / "classifier.safetensors", "np") as arrays:
        layers = {name.split(".")[3] for name in arrays.keys() if name.startswith("encoder.encoder.layer.")}
        assert not any(name.startswith("encoder.embeddings.") for name in arrays.keys())
    assert layers == {"1", "2"}  # the top two of the three kept: layer 0 is the installed encoder's, 3-5 are gone
    # two float16 layers of MiniLM (~1.8 M weights each) and the TF-IDF arrays: no frozen weights in the folder
    assert sum(f.stat().st_size for f in shallow_model.iterdir()) < 12_000_000


@pytest.mark.slow
def test_a_shallow_model_runs_its_three_layers_in_onnx_int8_and_torch(shallow_model, tmp_path, monkeypatch):
    """The loaded model's encoder is MiniLM's bottom three layers with the trained two in place, in every path:
    its ONNX float32 vectors are those of that network built by hand in torch, the torch backend's too,
    and int8 (the manifest's run_dtype) keeps the labels."""
    import torch
    from transformers import AutoConfig, AutoModel

    from stance.classify import as_inputs
    from stance.encoder import default_encoder_path, mean_pool
    from stance.trained_layers import full_weights

    monkeypatch.delenv("STANCE_ENCODER_DTYPE", raising=False)
    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")
    model = load_model(shallow_model)
    head = model.estimator.estimator_.finetuned
    texts = as_inputs(TINY, head.params["encoder_input"])
    head.predict_proba(TINY)  # builds the encoder
    onnx_vectors = head._encoder.encode(texts)
    assert head._encoder.backend == "onnx" and head._encoder.name == "all-MiniLM-L6-v2:layers=3"

    config = AutoConfig.from_pretrained(default_encoder_path(), num_hidden_layers=3)
    network = AutoModel.from_config(config).eval()
    network.load_state_dict(full_weights("all-MiniLM-L6-v2:layers=3", head.weights), strict=True)
    tokens = head._encoder._runner.tokenize(texts)
    by_hand = []
    with torch.no_grad():
        for ids in tokens:
            ids = torch.tensor([ids])
            mask = torch.ones_like(ids)
            by_hand.append(mean_pool(network(input_ids=ids, attention_mask=mask).last_hidden_state, mask)[0].numpy())
    np.testing.assert_allclose(onnx_vectors, np.stack(by_hand), atol=2e-4)

    monkeypatch.setenv("STANCE_ENCODER_BACKEND", "torch")
    in_torch = load_model(shallow_model).estimator.estimator_.finetuned
    in_torch.predict_proba(TINY)
    assert in_torch._encoder.backend == "torch"
    np.testing.assert_allclose(in_torch._encoder.encode(texts), onnx_vectors, atol=2e-4)
    monkeypatch.delenv("STANCE_ENCODER_BACKEND")

    manifest = json.loads((shallow_model / "manifest.json").read_text())
    folder = _edited(shallow_model, tmp_path / "int8", encoder={**manifest["encoder"], "run_dtype": "int8"})
    monkeypatch.delenv("STANCE_ENCODER_DTYPE")
    int8 = load_model(folder)
    quantised = int8.predict_proba(TINY)
    assert int8.estimator.estimator_.finetuned._encoder.dtype == "int8"
    full = model.predict_proba(TINY)
    assert (quantised.argmax(axis=1) == full.argmax(axis=1)).mean() >= 0.9 and np.abs(quantised - full).max() < 0.2
    predicted = np.asarray(model.labels)[full.argmax(axis=1)]
    assert np.mean(predicted == TINY["label"].to_numpy()) >= 0.8  # it learned its own training set


@pytest.mark.slow
@pytest.mark.parametrize("changed, message", [
    ({"encoder_layers": "3; import os"}, "'encoder_layers' must be int, not str"),
    ({"encoder_layers": 7}, "encoder_layers=7: encoder all-MiniLM-L6-v2 has 6 layers \\(0 keeps all\\)"),
    ({"encoder_layers": -1}, "encoder_layers=-1: encoder all-MiniLM-L6-v2 has 6 layers \\(0 keeps all\\)"),
    ({"encoder_layers": 0}, "do not fit encoder all-MiniLM-L6-v2"),  # its layers 1-2 are not the top of all six
    ({"encoder_layers": 4}, "do not fit encoder all-MiniLM-L6-v2:layers=4"),
])
def test_a_shallow_models_layers_are_checked_on_load(shallow_model, tmp_path, changed, message):
    with pytest.raises(StanceError, match=message):
        load_model(_edited_params(shallow_model, tmp_path / "edited", **changed))


@pytest.mark.slow
@pytest.mark.parametrize("params, message", [
    (["encoder_layers=7"], "encoder_layers=7: encoder all-MiniLM-L6-v2 has 6 layers \\(0 keeps all\\)"),
    (["encoder_layers=2", "train_layers=3"], "train_layers=3: encoder all-MiniLM-L6-v2 has 6 layers, 2 kept"),
])
def test_train_refuses_layers_the_encoder_does_not_have(tmp_path, capsys, params, message):
    TINY.to_csv(tmp_path / "tiny.csv", index=False)
    args = ["train", str(tmp_path / "tiny.csv"), "--kind", "finetune", "--out", str(tmp_path / "m")]
    assert main([*args, *[x for p in params for x in ("--param", p)]]) == 2
    assert re.fullmatch(f"stance: error: {message}.*", capsys.readouterr().err.strip())
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("layers", [7, -1])
def test_the_encoder_layers_range_has_one_message_at_every_stage(layers):
    """Before training, at fit, and on load (the name cut, the shapes expected): one check, one message."""
    from stance.finetune import check_layers
    from stance.training import _check_train_layers
    from stance.trained_layers import cut, expected_shapes

    message = f"encoder_layers={layers}: encoder all-MiniLM-L6-v2 has 6 layers (0 keeps all)"
    with pytest.raises(StanceError) as before:
        _check_train_layers("all-MiniLM-L6-v2", 1, layers)
    stages = [lambda: check_layers("all-MiniLM-L6-v2", layers), lambda: cut("all-MiniLM-L6-v2", layers)]
    if layers > 0:  # a name that says -1 layers is no cut name at all: it is the encoder not found
        stages.append(lambda: expected_shapes(f"all-MiniLM-L6-v2:layers={layers}"))
    found = [str(before.value)]
    for stage in stages:
        with pytest.raises(ValueError) as error:
            stage()
        found.append(str(error.value))
    assert found == [message] * len(found)


@pytest.mark.slow
def test_a_shallow_model_loads_in_a_worker_without_torch(shallow_model, tmp_path, monkeypatch):
    """A run's worker checks the cut model's layers against the safetensors header and runs its cached graph."""
    import subprocess
    import sys

    monkeypatch.setenv("STANCE_ENCODER_DTYPE", "float32")  # the ONNX graph: a bfloat16 CPU would run torch

    load_model(shallow_model).predict_proba(TINY)  # the graph of these weights is in the cache now
    done = subprocess.run([sys.executable, "-c", PREDICT_WITHOUT_SKLEARN, str(shallow_model)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 5) []"


def _killed_between_renames(folder):
    """What a kill between hiding the old folder and moving the new one in leaves: no folder, the old
    model as .NAME.old, the complete new one as .NAME.partial."""
    shutil.copytree(folder, folder.with_name(f".{folder.name}.partial"))
    folder.rename(folder.with_name(f".{folder.name}.old"))


def test_a_save_killed_between_its_renames_is_finished_by_the_next_command(tfidf_model, tmp_path, capsys):
    folder = tmp_path / "mine"
    shutil.copytree(tfidf_model, folder)
    _killed_between_renames(folder)
    # The folder is back before anything else, so a folder that existed still needs --force.
    assert main(["train", str(tfidf_model.parent / "tiny.csv"), "--kind", "tfidf", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "interrupted" in err and "pass --force" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    load_model(folder)


def test_a_leftover_old_folder_does_not_fail_a_forced_save_after_training(tfidf_model, tmp_path, capsys):
    folder = tmp_path / "mine"
    shutil.copytree(tfidf_model, folder)
    shutil.copytree(tfidf_model, folder.with_name(".mine.old"))  # a kill while the replaced model was deleted
    assert main(["train", str(tfidf_model.parent / "tiny.csv"), "--kind", "tfidf", "--folds", "3",
                 "--out", str(folder), "--force"]) == 0
    assert not folder.with_name(".mine.old").exists() and not folder.with_name(".mine.partial").exists()
    load_model(folder)


def test_loading_a_folder_an_interrupted_save_left_says_so_and_changes_nothing(tfidf_model, tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(tfidf_model, folder)
    _killed_between_renames(folder)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StanceError, match="interrupted.*rename .*[.]mine[.]old"):
        load_model(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == before == [".mine.old", ".mine.partial"]


def test_a_kill_between_the_renames_leaves_a_folder_the_next_save_recovers(tfidf_model, tmp_path, capsys):
    from stance.model import recover_model_folder

    folder = tmp_path / "mine"
    shutil.copytree(tfidf_model, folder)
    _killed_between_renames(folder)
    assert "interrupted" in recover_model_folder(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    load_model(folder)
    # The new model was incomplete (its manifest's hashes do not match): the old one comes back.
    (folder.with_name(".mine.partial")).mkdir()
    (folder.with_name(".mine.partial") / "manifest.json").write_text("{}")
    folder.rename(folder.with_name(".mine.old"))
    assert "previous" in recover_model_folder(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    assert recover_model_folder(folder) is None


def test_a_leftover_that_is_not_a_model_folder_is_refused_before_training(tfidf_model, tmp_path, capsys, monkeypatch):
    import stance.training

    folder = tmp_path / "mine"
    shutil.copytree(tfidf_model, folder)
    (folder.with_name(".mine.old") / "notes").mkdir(parents=True)
    monkeypatch.setattr(stance.training, "train_model", lambda *a, **k: pytest.fail("trained"))
    assert main(["train", str(tfidf_model.parent / "tiny.csv"), "--out", str(folder), "--force"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and ".mine.old" in err and "move or delete it" in err
