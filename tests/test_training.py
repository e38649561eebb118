"""`stance train`: bad training data is a one-line error naming the file and the row."""
import pytest

from stance.cli import main


@pytest.mark.parametrize("content, message", [
    ("text,label\nstrike now,interventionist\nstay out,pacifist\n", "row 3: label 'pacifist' is not in codebook"),
    ("quote,label\nstrike now,interventionist\n", "missing column(s) text"),
    ("text,label\n ,interventionist\n", "row 2: empty text"),
    ("text,label\nstrike now,interventionist\nstrike them,interventionist\n", "too few for non-interference"),
])
def test_bad_training_data_is_one_line(tmp_path, capsys, content, message):
    data = tmp_path / "train.csv"
    data.write_text(content, encoding="utf-8")
    assert main(["train", str(data), "--out", str(tmp_path / "model"), "--kind", "tfidf"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {data}: ") and message in line
    assert not (tmp_path / "model").exists()


def test_train_refuses_to_replace_a_model_without_force(tmp_path, capsys):
    (tmp_path / "model").mkdir()
    assert main(["train", "x.csv", "--out", str(tmp_path / "model")]) == 2
    assert "exists: pass --force" in capsys.readouterr().err


def test_train_kinds_are_the_fitted_ones(tmp_path, capsys):
    data = tmp_path / "train.csv"
    data.write_text("text,label\nstrike now,interventionist\n", encoding="utf-8")
    assert main(["train", str(data), "--out", str(tmp_path / "model"), "--kind", "zero-shot"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "choose one of embedding, tfidf, hybrid, finetune" in line and "use `stance score --model zero-shot`" in line
