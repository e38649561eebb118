"""Distillation (`--param teacher=FOLDER`): the loss mixes the hard label with the teacher's probabilities."""
import json
import math

import numpy as np
import pandas as pd
import pytest
import torch

from stance.errors import StanceError
from stance.codebook import load_codebook
from stance.finetune import distil_losses, teacher_proba, teacher_shares
from stance.training import parse_params, read_training_data, train_model

# Invented quotes, two per label (none from any gold set).
QUOTES = pd.DataFrame([
    ("We will send the fleet to break the blockade.", "vowed", "interventionist"),
    ("Our planes must hit the rebel bases tonight.", "said", "interventionist"),
    ("Foreign powers ought to leave this quarrel alone.", "said", "non-interference"),
    ("We will not meddle in how they run their country.", "said", "non-interference"),
    ("We are alarmed by the shelling near the dam.", "said", "concern"),
    ("The clashes are a grave worry for the valley.", "said", "concern"),
    ("We back their government and its reforms fully.", "said", "support"),
    ("Our friends can count on us in this hour.", "declared", "support"),
    ("The envoy lands in the capital on Friday.", "said", "neutral"),
    ("The committee meets again after the holiday.", "told reporters", "neutral"),
], columns=["text", "cue", "label"])


def test_without_a_teacher_share_the_loss_is_the_smoothed_cross_entropy():
    logits = torch.tensor([[0.0, math.log(3.0)], [1.0, -1.0]])
    target = torch.tensor([0, 0])
    soft = torch.tensor([[0.5, 0.5], [0.1, 0.9]])
    plain = torch.nn.functional.cross_entropy(logits, target, label_smoothing=0.1, reduction="none")
    assert torch.allclose(distil_losses(logits, target, soft, 0.0, 0.1), plain)


def test_the_loss_mixes_the_hard_label_and_the_teachers_probabilities():
    # student probabilities (0.25, 0.75), hard label the first, teacher (0.5, 0.5):
    # cross-entropy ln 4; KL(teacher || student) = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3)
    logits = torch.tensor([[0.0, math.log(3.0)]])
    target = torch.tensor([0])
    soft = torch.tensor([[0.5, 0.5]])
    assert distil_losses(logits, target, soft, 1.0).item() == pytest.approx(0.5 * math.log(4 / 3), abs=1e-6)
    assert distil_losses(logits, target, soft, 0.5).item() == pytest.approx(
        0.5 * math.log(4) + 0.25 * math.log(4 / 3), abs=1e-6)
    # a teacher that says what the student says adds nothing; one sure of a label gives it its cross-entropy
    same = torch.softmax(logits, dim=-1)
    assert distil_losses(logits, target, same, 1.0).item() == pytest.approx(0.0, abs=1e-6)
    sure = torch.tensor([[0.0, 1.0]])
    assert distil_losses(logits, target, sure, 1.0).item() == pytest.approx(-math.log(0.75), abs=1e-6)


def test_the_teacher_loss_pulls_the_student_towards_the_teacher():
    logits = torch.zeros(1, 3, requires_grad=True)
    distil_losses(logits, torch.tensor([0]), torch.tensor([[0.1, 0.8, 0.1]]), 1.0).sum().backward()
    assert logits.grad.argmin().item() == 1  # a step down the gradient raises the teacher's favourite


def test_teacher_params_are_checked():
    assert parse_params("finetune-hybrid", ["teacher=/some/folder", "teacher_weight=0.3"]) == \
        {"teacher": "/some/folder", "teacher_weight": 0.3}
    with pytest.raises(StanceError, match="teacher_weight=1.5: expected a number between 0 and 1"):
        parse_params("finetune-hybrid", ["teacher_weight=1.5"])


@pytest.fixture(scope="module")
def teacher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    QUOTES.to_csv(folder / "quotes.csv", index=False)
    train_model(folder / "quotes.csv", folder / "teacher", kind="finetune-hybrid",
                params={"epochs": 2, "train_layers": 1, "encoder_layers": 2, "batch_size": 4, "max_length": 32})
    return folder


@pytest.mark.slow
def test_a_student_trains_on_its_teachers_fine_tuned_half(teacher):
    proba = teacher_proba(str(teacher / "teacher"), QUOTES, np.array(["support", "concern", "neutral",
                                                                      "interventionist", "non-interference"]))
    assert proba.shape == (10, 5) and np.allclose(proba.sum(axis=1), 1.0)
    with pytest.raises(StanceError, match="it has no label sympathy"):
        teacher_proba(str(teacher / "teacher"), QUOTES, np.array(["sympathy"]))
    train_model(teacher / "quotes.csv", teacher / "student", kind="finetune-hybrid",
                params={"epochs": 2, "train_layers": 1, "encoder_layers": 1, "batch_size": 4, "max_length": 32,
                        "teacher": str(teacher / "teacher"), "teacher_weight": 0.5})
    manifest = json.loads((teacher / "student" / "manifest.json").read_text())
    assert manifest["params"]["teacher"] == str(teacher / "teacher") and manifest["params"]["teacher_weight"] == 0.5


def test_a_rows_own_teacher_share_overrides_the_weight():
    # per-row weights: the first row learns from the hard label alone, the second from the teacher alone
    logits = torch.tensor([[0.0, math.log(3.0)], [0.0, math.log(3.0)]])
    target = torch.tensor([0, 0])
    soft = torch.tensor([[0.5, 0.5], [0.5, 0.5]])
    losses = distil_losses(logits, target, soft, torch.tensor([0.0, 1.0]))
    assert losses[0].item() == pytest.approx(math.log(4), abs=1e-6)
    assert losses[1].item() == pytest.approx(0.5 * math.log(4 / 3), abs=1e-6)


def test_teacher_shares_fall_back_to_the_models_weight():
    rows = pd.DataFrame({"text": ["a", "b", "c"], "teacher_share": [1.0, None, 0.25]})
    assert teacher_shares(rows, 0.7).tolist() == [1.0, 0.7, 0.25]
    assert teacher_shares(rows[["text"]], 0.7).tolist() == [0.7, 0.7, 0.7]


@pytest.mark.parametrize("value", ["1.5", "-0.1", "half"])
def test_a_teacher_share_outside_zero_to_one_is_refused(tmp_path, value):
    rows = QUOTES.assign(teacher_share="")
    rows.loc[3, "teacher_share"] = value
    rows.to_csv(tmp_path / "rows.csv", index=False)
    with pytest.raises(StanceError, match=f"row 5: teacher_share '{value}' is not a number between 0 and 1"):
        read_training_data(tmp_path / "rows.csv", load_codebook())


def test_teacher_only_inputs_are_parts_of_the_rows_given(load_script):
    teacher_rows = load_script("data/stance/teacher_rows.py").teacher_rows
    rows = pd.DataFrame([
        {"id": "x1", "text": "We will not let the militias cross the river again", "label": "interventionist",
         "sentence": 'The colonel said on Monday: "We will not let the militias cross the river again" before '
                     "leaving for the front with his officers.", "cue": "said", "source": "a writer"},
        {"id": "x2", "text": "a duty", "label": "support", "sentence": 'She called it "a duty".', "cue": "called",
         "source": "a writer"}])
    added = teacher_rows(rows, share=1.0, seed=3)
    assert (added["teacher_share"] == 1.0).all() and added["source"].str.startswith("teacher only").all()
    for row in added.to_dict("records"):
        original = rows.set_index("id").loc[row["id"][2:]]
        assert row["text"] in original["text"] and row["label"] == original["label"]
        assert " ".join(row["sentence"].split()) in " ".join(original["sentence"].split())
        assert (row["text"], row["sentence"]) != (original["text"], original["sentence"])


@pytest.mark.slow
def test_a_student_learns_teacher_only_inputs_and_tfidf_leaves_them_out(teacher):
    rows = QUOTES.assign(teacher_share="")
    extra = QUOTES.head(4).assign(text=lambda d: d["text"].str.split().str[:4].str.join(" "), teacher_share="1")
    pd.concat([rows, extra]).to_csv(teacher / "mixed.csv", index=False)
    train_model(teacher / "mixed.csv", teacher / "mixed-student", kind="finetune-hybrid",
                params={"epochs": 1, "train_layers": 1, "encoder_layers": 1, "batch_size": 4, "max_length": 32,
                        "teacher": str(teacher / "teacher"), "teacher_weight": 0.8})
    assert (teacher / "mixed-student" / "manifest.json").exists()
    with pytest.raises(ValueError, match="a teacher_share column needs a teacher"):
        train_model(teacher / "mixed.csv", teacher / "no-teacher", kind="finetune-hybrid",
                    params={"epochs": 1, "train_layers": 1, "encoder_layers": 1, "batch_size": 4, "max_length": 32})
