"""Model folders: trained, saved safely, checked on load; the shipped default model and zero-shot."""
import json
import shutil

import numpy as np
import pytest

from stance.codebook import load_codebook
from stance.errors import StanceError
from stance.model import classify_quotes, load_model, repo_models_dir
from stance.records import Quote
from stance.training import train_model

TRAIN = repo_models_dir().parent / "data" / "stance" / "train.csv"


@pytest.fixture(scope="module")
def tfidf_model(tmp_path_factory):
    """A TF-IDF model trained on the repository's data: no encoder, so quick."""
    folder = tmp_path_factory.mktemp("models") / "tfidf"
    train_model(TRAIN, folder, kind="tfidf", folds=3)
    return folder


def test_train_writes_manifest_with_provenance_and_scores(tfidf_model):
    manifest = json.loads((tfidf_model / "manifest.json").read_text())
    assert manifest["labels"] == list(load_codebook().names)
    assert manifest["kind"] == "tfidf" and manifest["seed"] == 0
    data = manifest["training_data"]
    assert data["rows"] == sum(data["label_counts"].values()) >= 600 and len(data["sha256"]) == 64
    cv = manifest["cross_validation"]
    assert cv["folds"] == 3 and set(cv["per_label_f1"]) == set(manifest["labels"])
    assert 0.5 < cv["macro_f1"] <= 1 and 0 <= cv["ece"] < 0.2
    assert manifest["classifier"]["format"] == "skops" and {"scikit-learn", "torch"} <= set(manifest["versions"])


def test_loaded_model_classifies_quotes_in_codebook_order(tfidf_model):
    model = load_model(tfidf_model)
    quotes = [Quote("d", "d:1", 0, 10, "We will send our troops to crush the terrorists in Syria", "direct", cue="vowed"),
              Quote("d", "d:2", 0, 10, "expressed deep concern over the escalation", "partial", cue="expressed")]
    first, second = classify_quotes(quotes, model)
    assert [lab for lab, _ in first.probabilities] == list(model.labels)
    assert sum(p for _, p in first.probabilities) == pytest.approx(1.0, abs=1e-3)
    assert first.stance == "interventionist" and second.stance == "concern"
    assert first.stance_score == max(p for _, p in first.probabilities)
    assert first.model == "tfidf@" + model.manifest["version"]


def test_tampered_or_incomplete_model_folders_are_refused(tfidf_model, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(tfidf_model, changed)
    with (changed / "classifier.skops").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(StanceError, match="sha256 differs from the manifest"):
        load_model(changed)
    (changed / "classifier.skops").unlink()
    with pytest.raises(StanceError, match="classifier.skops: missing"):
        load_model(changed)
    (changed / "manifest.json").unlink()
    with pytest.raises(StanceError, match="manifest.json: missing"):
        load_model(changed)
    with pytest.raises(StanceError, match="no such model folder"):
        load_model(tmp_path / "nowhere")


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
    assert manifest["cross_validation"]["macro_f1"] >= 0.8
    proba = model.predict_proba(np.array(['said "We stand by the unity and sovereignty of Syria"']))
    assert model.labels[int(proba.argmax())] == "support"


@pytest.mark.slow
def test_zero_shot_model_needs_no_folder(tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text("name: toy\nlabels:\n"
                    "  - {name: hawk, definition: calls for military force, examples: ['bomb them now']}\n"
                    "  - {name: dove, definition: calls for peace talks, examples: ['we must negotiate']}\n")
    model = load_model("zero-shot", load_codebook(path))
    [quote] = classify_quotes([Quote("d", "d:1", 0, 1, "Send in the air force and destroy their bases", "direct")], model)
    assert quote.stance == "hawk" and quote.model == "zero-shot:toy"
