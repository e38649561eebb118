"""The codebook is data: the shipped one loads, and a broken one gets a one-line error naming the field."""
import pytest

from stance.cli import main
from stance.codebook import load_codebook
from stance.errors import StanceError

GOOD = """
name: toy
labels:
  - name: hawk
    definition: wants force
    examples: ["strike them now"]
  - name: dove
    definition: wants talks
"""


def test_default_codebook_has_the_five_labels_in_order():
    codebook = load_codebook()
    assert codebook.names == ("interventionist", "non-interference", "concern", "support", "neutral")
    assert all(label.definition and len(label.examples) >= 3 for label in codebook.labels)
    assert len(codebook.rules) >= 5 and len(codebook.sha256) == 64


def test_user_codebook_with_other_labels(tmp_path):
    path = tmp_path / "toy.yaml"
    path.write_text(GOOD, encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.name == "toy" and codebook.names == ("hawk", "dove")
    assert codebook.labels[1].examples == ()


@pytest.mark.parametrize("text, field", [
    ("labels: [{name: hawk, definition: x}]", "'labels'"),                           # one label only
    ("name: t\nlabels:\n  - {name: hawk, definition: x}\n  - {name: Dove!, definition: y}", "labels[1].name"),
    ("name: t\nlabels:\n  - {name: hawk, definition: x}\n  - {name: dove}", "labels[1].definition"),
    ("name: t\nlabels:\n  - {name: hawk, definition: x, examples: 3}\n  - {name: dove, definition: y}",
     "labels[0].examples"),
    ("name: t\nlabels:\n  - {name: hawk, definition: x}\n  - {name: hawk, definition: y}", "appears twice"),
    ("labels: [unclosed", "not valid YAML"),
])
def test_malformed_codebook_names_file_and_field(tmp_path, text, field):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StanceError) as err:
        load_codebook(path)
    assert str(err.value).startswith(str(path)) and field in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_reports_a_bad_codebook_in_one_line(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("name: t\nlabels:\n  - {name: hawk}\n  - {name: dove, definition: y}", encoding="utf-8")
    data = tmp_path / "train.csv"
    data.write_text("text,label\nstrike now,hawk\n", encoding="utf-8")
    assert main(["train", str(data), "--codebook", str(path), "--out", str(tmp_path / "m")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"stance: error: {path}: labels[0].definition: missing for label 'hawk'"


def test_a_codebook_with_the_models_labels_in_another_order_says_so(tmp_path, capsys, article):
    """A codebook copied and its labels reordered (support moved first) was refused with the two label lists,
    which read alike; the line now says the labels are the same in another order, and what to do."""
    import yaml

    from stance.codebook import default_codebook_path
    from stance.model import load_model

    data = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    data["labels"] = [data["labels"][3], *data["labels"][:3], data["labels"][4]]
    moved = tmp_path / "moved.yaml"
    moved.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    assert main(["score", str(tmp_path / "a.txt"), "--codebook", str(moved), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert ("the codebook has the model's labels in another order (model: interventionist, non-interference, concern, "
            "support, neutral; codebook: support, interventionist, non-interference, concern, neutral): list the "
            "codebook's labels in the model's order, or train a model for this codebook") in err
    with pytest.raises(StanceError, match="labels in another order"):
        load_model(None, load_codebook(moved))
    renamed = tmp_path / "renamed.yaml"
    data["labels"][0]["name"] = "backing"
    renamed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(StanceError, match=r"the model's labels \(.*\) are not the codebook's \(backing, "):
        load_model(None, load_codebook(renamed))
