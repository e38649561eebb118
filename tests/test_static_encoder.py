"""Static encoders: a table of token vectors read by the encoder's tokenizer, mean-pooled; how one is made."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from safetensors.numpy import save_file

from stance.encoder import Encoder, default_encoder_path, encoder_weights_sha256
from stance.errors import StanceError
from stance.static_encoder import reduce, sif_weights


@pytest.fixture
def tiny_static(tmp_path):
    """A static encoder with four dimensions over MiniLM's vocabulary, random vectors."""
    folder = tmp_path / "tiny-static"
    folder.mkdir()
    shutil.copyfile(default_encoder_path() / "tokenizer.json", folder / "tokenizer.json")
    vectors = np.random.default_rng(0).normal(size=(30522, 4)).astype(np.float16)
    save_file({"vectors": vectors}, str(folder / "vectors.safetensors"))
    (folder / "static.json").write_text(json.dumps({"kind": "static", "dims": 4}), encoding="utf-8")
    return folder, vectors.astype(np.float32)


def test_a_text_is_the_mean_of_its_token_vectors_made_unit_length(tiny_static):
    folder, vectors = tiny_static
    encoder = Encoder(str(folder))
    assert (encoder.backend, encoder.dim, encoder.name) == ("static", 4, "tiny-static")
    assert encoder.sha256 == encoder_weights_sha256(str(folder)) and len(encoder.sha256) == 64
    ids = encoder._runner.tokenize(["Troops, troops!", "peace"])
    assert ids[0][0] == ids[0][2] and len(ids[0]) == 4  # no [CLS]/[SEP]: words and punctuation only
    expected = np.stack([vectors[i].mean(axis=0) for i in ids])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.abs(encoder.encode(["Troops, troops!", "peace"]) - expected).max() < 1e-6
    assert np.abs(encoder.encode([""])).max() == 0  # no tokens: a zero vector, not NaN


def test_a_static_folder_that_disagrees_with_itself_is_a_clear_error(tiny_static):
    folder, _ = tiny_static
    (folder / "static.json").write_text(json.dumps({"kind": "static", "dims": 8}), encoding="utf-8")
    with pytest.raises(StanceError, match="cannot load the static encoder"):
        Encoder(str(folder))


def test_pca_keeps_the_largest_components_with_fixed_signs():
    rng = np.random.default_rng(1)
    data = rng.normal(size=(500, 6)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    projected, kept = reduce(data, 2)
    assert projected.shape == (500, 2) and 0.9 < kept < 1.0
    assert projected[:, 0].var() > projected[:, 1].var() > data[:, 2].var()
    flipped, _ = reduce(-data, 2)  # the same directions, whatever sign the SVD returns
    assert np.allclose(np.abs(flipped), np.abs(projected), atol=1e-4)


def test_sif_weights_favour_rare_tokens():
    weights = sif_weights(30522, 1e-4)
    assert 0 < weights[0] < weights[2000] < weights[-1] < 1


def test_an_encoder_under_models_encoders_is_found_by_its_folder_name(tiny_static, monkeypatch):
    """A manifest names a shipped encoder by its folder's name, so a model folder loads from any working
    directory; other names stay paths or hub ids."""
    import stance.encoder

    folder, _ = tiny_static
    monkeypatch.setattr(stance.encoder, "SHIPPED_ENCODERS", folder.parent)
    assert stance.encoder.encoder_source("tiny-static") == folder
    assert stance.encoder.encoder_weights_sha256("tiny-static") == encoder_weights_sha256(str(folder))
    assert Encoder("tiny-static").name == "tiny-static"
    assert stance.encoder.encoder_source("no-such-encoder") == "no-such-encoder"
