"""benchmarks/unseen_rows.py: the rows no parent of an averaged folder trained on."""
import json

import numpy as np
import pandas as pd
import pytest

from stance.codebook import load_codebook
from stance.io import file_sha256
from stance.training import holdout_split

LABELS = load_codebook().names


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("benchmarks/unseen_rows.py")


def _rows(start: int, count: int) -> pd.DataFrame:
    """Invented rows, every label alike; half from an article batch."""
    return pd.DataFrame({"id": [f"r{i}" for i in range(start, start + count)],
                         "text": [f"invented quote number {i}" for i in range(start, start + count)],
                         "label": [LABELS[i % len(LABELS)] for i in range(start, start + count)],
                         "source": ["article batch w1" if i % 2 else "hand batch a" for i in range(start, start + count)]})


def _parent(path, seed: int, refit: bool = False) -> dict:
    return {"name": path.stem, "seed": seed, "training_data": {"file": path.name, "sha256": file_sha256(path)},
            "cross_validation": {"method": "holdout", "holdout": 0.2, "seed": seed, "refit_on_all_rows": refit}}


def _average(repo, folder, parents):
    """The shipped default's manifest with `parents` as its `averaged_from`."""
    folder.mkdir()
    manifest = json.loads((repo / "models" / "default" / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "averaged_from": parents}))
    return folder


def _held(frame: pd.DataFrame, seed: int) -> set:
    _, test = holdout_split(np.asarray(frame["label"]), len(LABELS), 0.2, seed)
    return set(frame["id"].iloc[test])


def test_unseen_rows_are_those_every_parent_held_out(script, repo, tmp_path):
    small, large = _rows(0, 50), _rows(0, 70)  # the second parent's file: the first's rows and 20 more
    small.to_csv(tmp_path / "small.csv", index=False)
    large.to_csv(tmp_path / "large.csv", index=False)
    folder = _average(repo, tmp_path / "soup", [_parent(tmp_path / "small.csv", 0), _parent(tmp_path / "large.csv", 1)])
    rows = script.unseen_rows(folder, [tmp_path / "large.csv", tmp_path / "small.csv"])
    expected = (_held(small, 0) | set(large["id"].iloc[50:])) & _held(large, 1)
    assert set(rows["id"]) == expected and expected
    assert list(rows.columns[:4]) == ["id", "text", "label", "source"]


def test_a_parent_refitted_on_all_rows_leaves_none_of_its_rows(script, repo, tmp_path):
    _rows(0, 50).to_csv(tmp_path / "a.csv", index=False)
    folder = _average(repo, tmp_path / "soup", [_parent(tmp_path / "a.csv", 0), _parent(tmp_path / "a.csv", 1, refit=True)])
    assert script.unseen_rows(folder, [tmp_path / "a.csv"]).empty


def test_a_parent_whose_data_is_not_given_is_named(script, repo, tmp_path):
    _rows(0, 50).to_csv(tmp_path / "a.csv", index=False)
    _rows(0, 60).to_csv(tmp_path / "b.csv", index=False)
    folder = _average(repo, tmp_path / "soup", [_parent(tmp_path / "a.csv", 0), _parent(tmp_path / "b.csv", 0)])
    with pytest.raises(SystemExit, match=r"b: trained on b.csv \(sha256 [0-9a-f]{8}\.\.\.\), which no --data file is"):
        script.unseen_rows(folder, [tmp_path / "a.csv"])


def test_the_shipped_defaults_parents_are_read(script, repo):
    """The shipped default records both parents' data files and splits, so its unseen rows can be rebuilt."""
    manifest = json.loads((repo / "models" / "default" / "manifest.json").read_text())
    for parent in manifest["averaged_from"]:
        assert parent["cross_validation"]["method"] == "holdout" and parent["cross_validation"]["refit_on_all_rows"] is False
        assert parent["training_data"]["sha256"]
