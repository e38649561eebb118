"""benchmarks/average_models.py: fine-tuned folders of one network averaged in weight space."""
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from safetensors.numpy import load_file, save_file

from stance.io import file_sha256
from stance.model import load_model


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("benchmarks/average_models.py")


def _trained(repo, folder, arrays=None, params=None):
    """A folder as training writes one: the shipped default's arrays (themselves an average) under its first
    parent's own manifest (recipe, training data, scores), with some arrays or parameters replaced."""
    shutil.copytree(repo / "models" / "default", folder)
    shipped = json.loads((folder / "manifest.json").read_text())
    parent = shipped["averaged_from"][0]
    manifest = {**{k: shipped[k] for k in ("version", "labels", "codebook", "input_template")},
                **{k: parent[k] for k in ("kind", "params", "encoder", "seed", "training_data", "cross_validation")},
                "name": folder.name, "classifier": shipped["classifier"]}
    if arrays:
        save_file({**load_file(str(folder / "classifier.safetensors")), **arrays}, str(folder / "classifier.safetensors"))
    if params:
        (folder / "classifier.json").write_text(json.dumps({**json.loads((folder / "classifier.json").read_text()),
                                                            **params}))
    manifest["classifier"]["arrays"]["sha256"] = file_sha256(folder / "classifier.safetensors")
    manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_the_trained_layers_and_head_are_averaged_the_rest_is_the_first_folders(script, repo, tmp_path):
    first_folder = _trained(repo, tmp_path / "one")
    first = load_file(str(first_folder / "classifier.safetensors"))
    layer = next(k for k in first if k.startswith("encoder.") and k.endswith("dense.weight"))
    moved = {"head.coef": first["head.coef"] + 0.5, layer: (first[layer] * 0).astype(first[layer].dtype),
             "tfidf.intercept": first["tfidf.intercept"] + 9.0}
    other = _trained(repo, tmp_path / "other", arrays=moved)
    manifest = script.average([first_folder, other], tmp_path / "soup", "soup")
    soup = load_file(str(tmp_path / "soup" / "classifier.safetensors"))
    assert np.allclose(soup["head.coef"], first["head.coef"] + 0.25)
    assert np.allclose(soup[layer].astype(float), first[layer].astype(float) / 2, atol=1e-3)
    assert np.array_equal(soup["tfidf.intercept"], first["tfidf.intercept"])  # the first folder's TF-IDF half
    assert manifest["name"] == "soup" and [m["name"] for m in manifest["averaged_from"]] == ["one", "other"]
    model = load_model(tmp_path / "soup")  # hashes right, and it classifies
    proba = model.predict_proba(pd.DataFrame({"text": ["We will not interfere"], "cue": ["said"], "sentence": [""]}))
    assert proba.shape == (1, 5) and np.isclose(proba.sum(), 1)


def test_an_averaged_manifest_claims_only_what_it_is_and_names_each_parents_recipe(script, repo, tmp_path):
    """No training data, seed or held-out scores of its own: the parents' are theirs, each under its name, with
    its arrays' sha256 and the command that trains it again; a parent that is an average itself is refused."""
    one, two = _trained(repo, tmp_path / "one"), _trained(repo, tmp_path / "two")
    manifest = script.average([one, two], tmp_path / "soup", "soup", ["a", "b"])
    assert not {"training_data", "cross_validation", "seed", "train_seconds"} & set(manifest)
    assert manifest["averaged"]["kept_from"] == "a" and "not refitted" in manifest["averaged"]["kept"]
    assert manifest["averaged"]["command"] == ("python benchmarks/average_models.py a b --out soup --name soup "
                                               "--names a,b")
    first = manifest["averaged_from"][0]
    assert first["name"] == "a" and first["training_data"]["file"] == "FDB.csv"
    assert first["arrays_sha256"] == json.loads((one / "manifest.json").read_text())["classifier"]["arrays"]["sha256"]
    assert first["command"] == ("stance train FDB.csv --kind finetune-hybrid --param encoder_layers=4 --param epochs=4 "
                                "--param train_layers=3 --no-refit --calibrate-on 'article batch' --run-dtype int8 "
                                "--out a")
    assert json.loads((tmp_path / "soup" / "manifest.json").read_text()) == manifest
    with pytest.raises(SystemExit, match="already an average; average its parents"):
        script.average([tmp_path / "soup", one], tmp_path / "again", "again")
    assert not (tmp_path / "again").exists()


def test_folders_of_another_network_are_refused(script, repo, tmp_path):
    one = _trained(repo, tmp_path / "one")
    other = _trained(repo, tmp_path / "other", params={"encoder_layers": 3})
    with pytest.raises(SystemExit, match="not the same network.*encoder_layers"):
        script.average([one, other], tmp_path / "soup", "soup")


def test_the_shipped_default_is_kb4_and_kc4_averaged_as_its_manifest_says(repo):
    """models/default (soup4) names both parents, their data by sha256 (FDB.csv, FDCB.csv: data/stance/README.md)
    and the command that made it; its recipe for `--like` is the parents' one recipe."""
    from stance.training import read_recipe

    manifest = json.loads((repo / "models" / "default" / "manifest.json").read_text())
    assert manifest["name"] == "soup4" and manifest["averaged"]["kept_from"] == "kb4"
    assert [(p["name"], p["training_data"]["file"], p["training_data"]["sha256"][:8])
            for p in manifest["averaged_from"]] == [("kb4", "FDB.csv", "c740ca32"), ("kc4", "FDCB.csv", "a1e46195")]
    assert not {"training_data", "cross_validation", "seed"} & set(manifest)
    _, recipe = read_recipe("default")
    assert [name for name, _, _ in recipe.averaged] == ["kb4", "kc4"]
    assert all(parent == recipe.averaged[0][2] for _, _, parent in recipe.averaged)
