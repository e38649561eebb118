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


def test_rows_by_three_writers_are_validated_one_writer_held_out(tmp_path):
    """A `source` column naming three writers or more: each writer's rows are scored by a model fitted on
    the others' rows, and the temperature is fitted on those scores."""
    import json

    import pandas as pd

    from stance.training import train_model

    rows = [("We must strike the militants across the border.", "interventionist"),
            ("This is an internal affair; we will not send a soldier.", "non-interference"),
            ("We are deeply worried by this dangerous escalation.", "concern"),
            ("We stand by their unity, security and stability.", "support"),
            ("The delegation will arrive on Tuesday.", "neutral")]
    data = pd.DataFrame([{"text": text, "label": label, "cue": "said", "source": writer,
                          "sentence": f"{lead} said: '{text}'"}
                         for writer, lead in (("w1", "He"), ("w2", "The minister"), ("w3", "An aide"))
                         for text, label in rows])
    data.to_csv(tmp_path / "train.csv", index=False)
    manifest = train_model(tmp_path / "train.csv", tmp_path / "model", kind="tfidf")
    cv = manifest["cross_validation"]
    assert cv["method"] == "leave-one-writer-out" and cv["folds"] == 3
    assert set(cv["per_writer_macro_f1"]) == {"w1", "w2", "w3"} and 0 <= cv["uncalibrated_ece"] <= 1
    assert json.loads((tmp_path / "model" / "manifest.json").read_text())["params"]["temperature"] > 0
