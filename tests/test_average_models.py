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


def _changed(repo, folder, arrays=None, params=None):
    """A copy of the shipped default with some arrays or parameters replaced, its hashes rewritten."""
    shutil.copytree(repo / "models" / "default", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    if arrays:
        save_file({**load_file(str(folder / "classifier.safetensors")), **arrays}, str(folder / "classifier.safetensors"))
        manifest["classifier"]["arrays"]["sha256"] = file_sha256(folder / "classifier.safetensors")
    if params:
        (folder / "classifier.json").write_text(json.dumps({**json.loads((folder / "classifier.json").read_text()),
                                                            **params}))
        manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_the_trained_layers_and_head_are_averaged_the_rest_is_the_first_folders(script, repo, tmp_path):
    first = load_file(str(repo / "models" / "default" / "classifier.safetensors"))
    layer = next(k for k in first if k.startswith("encoder.") and k.endswith("dense.weight"))
    moved = {"head.coef": first["head.coef"] + 0.5, layer: (first[layer] * 0).astype(first[layer].dtype),
             "tfidf.intercept": first["tfidf.intercept"] + 9.0}
    other = _changed(repo, tmp_path / "other", arrays=moved)
    manifest = script.average([repo / "models" / "default", other], tmp_path / "soup", "soup")
    soup = load_file(str(tmp_path / "soup" / "classifier.safetensors"))
    assert np.allclose(soup["head.coef"], first["head.coef"] + 0.25)
    assert np.allclose(soup[layer].astype(float), first[layer].astype(float) / 2, atol=1e-3)
    assert np.array_equal(soup["tfidf.intercept"], first["tfidf.intercept"])  # the first folder's TF-IDF half
    assert manifest["name"] == "soup" and [m["name"] for m in manifest["averaged_from"]] == ["default", "default"]
    model = load_model(tmp_path / "soup")  # hashes right, and it classifies
    proba = model.predict_proba(pd.DataFrame({"text": ["We will not interfere"], "cue": ["said"], "sentence": [""]}))
    assert proba.shape == (1, 5) and np.isclose(proba.sum(), 1)


def test_folders_of_another_network_are_refused(script, repo, tmp_path):
    other = _changed(repo, tmp_path / "other", params={"encoder_layers": 3})
    with pytest.raises(SystemExit, match="not the same network.*encoder_layers"):
        script.average([repo / "models" / "default", other], tmp_path / "soup", "soup")
