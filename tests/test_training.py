"""`stance train`: bad training data is a one-line error naming the file and the row."""
import pandas as pd
import pytest

from stance.cli import main
from stance.model import repo_models_dir


@pytest.mark.parametrize("content, message", [
    ("text,label\nstrike now,interventionist\nstay out,pacifist\n", "row 3: label 'pacifist' is not in codebook"),
    ("quote,label\nstrike now,interventionist\n", "missing column(s) text"),
    ("text,label\n ,interventionist\n", "row 2: empty text"),
    ("text,label\nstrike now,interventionist\nstrike\0\0\0\0 them,interventionist\n", "row 3: binary content (NUL bytes)"),
    ("text,label\nstrike now,interventionist\nstrike them,interventionist\n", "too few for non-interference"),
])
def test_bad_training_data_is_one_line(tmp_path, capsys, content, message):
    data = tmp_path / "train.csv"
    data.write_text(content, encoding="utf-8")
    assert main(["train", str(data), "--out", str(tmp_path / "model"), "--kind", "tfidf"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {data}: ") and message in line
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize("data, message", [
    ("text;label\nstrike now;interventionist\n".encode("latin-1") + "d\xe9j\xe0 vu;neutral\n".encode("latin-1"),
     "not UTF-8: byte 0xe9; save it as CSV UTF-8"),
    (b"", "cannot read training data (No columns to parse from file)"),
    ("text,label\nstrike now,interventionist\n".encode("utf-16-le"),
     "cannot read training data (binary content (NUL bytes; UTF-16 text without a byte-order mark? try --encoding "
     "utf-16-le))"),
    (None, "not found"),
])
def test_unreadable_training_files_are_one_line(tmp_path, capsys, data, message):
    path = tmp_path / "train.csv"
    if data is not None:
        path.write_bytes(data)
    assert main(["train", str(path), "--out", str(tmp_path / "model"), "--kind", "tfidf"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {path}: ") and message in line


def test_train_reads_a_table_saved_by_excel_in_its_code_page_with_encoding(tmp_path, capsys):
    """`stance train DATA.csv --encoding cp1252` (as `stance score` has it): curly quotes and accents saved by
    Excel in Windows' Western code page are read as the characters they are (was: no --encoding at all, and the
    error said only to save it as UTF-8); a UTF-8 row in the same file stays UTF-8; --recalibrate reads so too."""
    from stance.codebook import load_codebook
    from stance.training import read_training_data

    codebook = load_codebook()
    rows = [f"\u201cCaf\u00e9 talk {k} on {label}\u201d,{label},w{k}" for label in codebook.names for k in range(3)]
    path = tmp_path / "train.csv"
    path.write_bytes(("text,label,source\r\n" + "\r\n".join(rows) + "\r\n").encode("cp1252")
                     + "Na\u00efve \u2018words\u2019,neutral,w9\r\n".encode("utf-8"))
    assert main(["train", str(path), "--out", str(tmp_path / "model"), "--kind", "tfidf"]) == 2
    assert "pass its encoding (--encoding cp1252)" in capsys.readouterr().err
    assert main(["train", str(path), "--out", str(tmp_path / "model"), "--kind", "tfidf", "--encoding", "cp1252"]) == 0
    data = read_training_data(path, codebook, "cp1252")
    assert data["text"].iloc[0] == "\u201cCaf\u00e9 talk 0 on interventionist\u201d"
    assert data["text"].iloc[-1] == "Na\u00efve \u2018words\u2019" and len(data) == 16
    assert main(["train", str(path), "--recalibrate", str(tmp_path / "model"), "--out", str(tmp_path / "again"),
                 "--encoding", "cp1252"]) == 0


def test_train_like_a_folder_recalibrated_on_a_code_page_file_prints_its_encoding(tmp_path, capsys, monkeypatch):
    """The command that `--like` prints to repeat a folder's recalibration had no --encoding: run as printed on a
    file saved in cp1252 it was refused (not UTF-8). The recalibration's encoding is recorded and printed now."""
    import shlex

    from stance.codebook import load_codebook

    rows = [f"\u201cCaf\u00e9 talk {k} on {label}\u201d,{label},w{k}" for label in load_codebook().names for k in range(3)]
    path = tmp_path / "train.csv"
    path.write_bytes(("text,label,source\r\n" + "\r\n".join(rows) + "\r\n").encode("cp1252"))
    assert main(["train", str(path), "--out", str(tmp_path / "model"), "--kind", "tfidf", "--encoding", "cp1252"]) == 0
    assert main(["train", str(path), "--recalibrate", str(tmp_path / "model"), "--out", str(tmp_path / "recal"),
                 "--encoding", "cp1252"]) == 0
    capsys.readouterr()
    assert main(["train", str(path), "--out", str(tmp_path / "again"), "--like", str(tmp_path / "recal"),
                 "--encoding", "cp1252"]) == 0
    step = capsys.readouterr().err.splitlines()[-1].partition(" was: ")[2]
    assert step.endswith(" --encoding cp1252"), step
    monkeypatch.chdir(tmp_path)  # the command names the file as the manifest does: run from its folder
    assert main(shlex.split(step)[1:]) == 0
    assert _manifest(tmp_path / "again-recalibrated")["params"]["temperature"] == \
        _manifest(tmp_path / "recal")["params"]["temperature"]
    assert _manifest(tmp_path / "recal")["recalibrated"]["data"]["encoding"] == "cp1252"


def test_training_data_saved_by_european_excel_reads(tmp_path):
    """Semicolons and a BOM, as Excel saves "CSV UTF-8" in European locales."""
    from stance.codebook import load_codebook
    from stance.training import read_training_data

    codebook = load_codebook()
    rows = [(f"Text {k}; about {label}", label) for label in codebook.names for k in range(2)]
    path = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    data = read_training_data(path, codebook)
    assert list(data[["text", "label"]].itertuples(index=False, name=None)) == rows


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


def test_training_shows_the_encoding_and_every_fold(tmp_path, capsys):
    """`stance train` of an encoder kind shows a bar over the quotes it encodes (most of the time)
    and one over the folds, each with its total, instead of minutes of silence."""
    import pandas as pd

    from stance.training import train_model

    rows = [("We must strike the militants across the border.", "interventionist"),
            ("This is an internal affair; we will not send a soldier.", "non-interference"),
            ("We are deeply worried by this dangerous escalation.", "concern"),
            ("We stand by their unity, security and stability.", "support"),
            ("The delegation will arrive on Tuesday.", "neutral")]
    data = pd.DataFrame([{"text": f"{text} ({n})", "label": label, "cue": "said",
                          "sentence": f"He said: '{text} ({n})'"} for n in range(2) for text, label in rows])
    data.to_csv(tmp_path / "train.csv", index=False)
    train_model(tmp_path / "train.csv", tmp_path / "model", kind="hybrid", folds=2, progress=True)
    err = capsys.readouterr().err
    assert "encoding training quotes" in err and "10/10" in err
    assert "cross-validation" in err and "2/2" in err


def test_temperature_fitted_on_the_rows_that_look_like_use(tmp_path):
    """`calibrate_on` fits the temperature on the held-out predictions of the rows whose source contains
    it (quotes extracted from articles), not on the written rows the model finds easy: the same
    held-out probabilities, a different temperature, and the chosen rows' scores in the manifest."""
    import numpy as np

    from stance.classify import fit_temperature, make_classifier, out_of_fold_proba, writer_groups
    from stance.codebook import load_codebook
    from stance.training import calibration_rows, cross_validate

    easy = [("We must strike the militants across the border now.", "interventionist"),
            ("This is an internal affair; we will not send a soldier.", "non-interference"),
            ("We are deeply worried by this dangerous escalation.", "concern"),
            ("We stand by their unity, security and stability.", "support"),
            ("The delegation will arrive on Tuesday.", "neutral")]
    hard = [("a duty", "interventionist"), ("not for us", "non-interference"), ("troubling", "concern"),
            ("brothers", "support"), ("on schedule", "neutral")]
    data = pd.DataFrame([{"text": text, "label": label, "source": source}
                         for source, rows in (("written a", easy), ("written b", easy),
                                              ("article batch w1", hard), ("article batch w2", hard))
                         for text, label in rows])
    labels = load_codebook().names
    estimator = make_classifier("tfidf")
    _, everywhere = cross_validate(estimator, data, labels)
    scores, on_articles = cross_validate(estimator, data, labels, calibrate_on="article batch")
    rows = calibration_rows(data, "article batch")
    assert rows.tolist() == [False] * 10 + [True] * 10
    proba = out_of_fold_proba(estimator, data, data["label"], labels, groups=writer_groups(data))
    assert on_articles == pytest.approx(fit_temperature(proba[rows], data["label"].to_numpy()[rows], labels))
    assert on_articles != pytest.approx(everywhere)
    assert scores["calibrated_on"]["rows"] == 10 and scores["calibrated_on"]["source_contains"] == "article batch"
    with pytest.raises(Exception, match="fewer than two rows"):
        calibration_rows(data, "no such writer")
    assert np.all(calibration_rows(data, None))


def test_held_out_split_calibrates_on_the_rows_that_look_like_use():
    """A fine-tuned kind is validated on one 20% split; `calibrate_on` fits its temperature on the split's
    article rows alone, as leave-one-writer-out does for the other kinds."""
    import numpy as np

    from stance.classify import fit_temperature, make_classifier
    from stance.codebook import load_codebook
    from stance.training import holdout_validate

    easy = ["We must strike the militants across the border now.", "This is an internal affair; we will not send a soldier.",
            "We are deeply worried by this dangerous escalation.", "We stand by their unity, security and stability.",
            "The delegation will arrive on Tuesday."]
    hard = ["a duty", "not for us", "troubling", "brothers", "on schedule"]
    labels = load_codebook().names
    data = pd.DataFrame([{"text": f"{text} {n}", "label": label, "source": source}
                         for n in range(4) for source, texts in (("written a", easy), ("article batch w1", hard))
                         for text, label in zip(texts, labels)])
    everywhere, t_all, _ = holdout_validate(make_classifier("tfidf"), data, labels)
    scores, t_articles, fitted = holdout_validate(make_classifier("tfidf"), data, labels, calibrate_on="article batch")
    assert scores["holdout_rows"] == 8 and "calibrated_on" not in everywhere
    on = scores["calibrated_on"]["rows"]
    assert 2 <= on < 8 and scores["calibrated_on"]["source_contains"] == "article batch"
    from sklearn.model_selection import StratifiedShuffleSplit  # the split holdout_validate draws

    y = data["label"].to_numpy()
    _, test = next(StratifiedShuffleSplit(1, test_size=8, random_state=0).split(y, y))
    test = [i for i in test if data["source"].iat[i].startswith("article")]
    proba = fitted.predict_proba(data.iloc[test])[:, [list(fitted.classes_).index(lab) for lab in labels]]
    assert t_articles == pytest.approx(fit_temperature(proba, y[test], labels))
    assert t_articles != pytest.approx(t_all)
    assert np.isfinite(t_all)


@pytest.mark.slow
def test_cached_frozen_layers_give_the_full_encoders_output():
    """Fine-tuning runs the frozen layers once per quote, unpadded; the trained layers then read them
    padded in batches. The pooled vectors must be the full model's on the same padded batch."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from stance.encoder import default_encoder_path, mean_pool
    from stance.finetune import frozen_states, top_pooled

    tokenizer = AutoTokenizer.from_pretrained(default_encoder_path())
    model = AutoModel.from_pretrained(default_encoder_path()).float().eval()
    texts = ["The minister said {we will not leave our brothers alone} on Monday.", "{No.}",
             "A longer sentence, with commas, a {marked quote} inside it and more words after the quote ends."]
    ids = tokenizer(texts)["input_ids"]
    states = frozen_states(model, 4, ids, batch_size=2)
    assert [tuple(s.shape) for s in states] == [(len(i), 384) for i in ids]
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        cached = top_pooled(model, list(model.encoder.layer)[4:], states)
        full = mean_pool(model(**batch).last_hidden_state, batch["attention_mask"])
    assert torch.allclose(cached, full, atol=1e-5)
    assert not torch.allclose(cached[0], cached[2], atol=1e-2)


@pytest.mark.parametrize("setting, message", [
    ("epoch=4", "--param epoch: kind finetune-hybrid has no such parameter; it has batch_size, encoder_input, encoder_layers, epochs"),
    ("epochs=two", "--param epochs=two: expected a whole number of at least 1"),
    ("epochs=0", "--param epochs=0: expected a whole number of at least 1"),
    ("learning_rate=-1e-4", "--param learning_rate=-1e-4: expected a positive number"),
    ("finetune_weight=1.5", "--param finetune_weight=1.5: expected a number between 0 and 1"),
    ("encoder_input=words", "--param encoder_input=words: expected one of template, sentence, quote, marked"),
    ("seed=3", "--param seed: set it with --seed"),
    ("epochs", "--param 'epochs': expected KEY=VALUE"),
])
def test_a_bad_param_is_one_line_before_any_work(tmp_path, capsys, setting, message):
    """`--param KEY=VALUE` is checked against the kind's own parameters and typed by their defaults,
    before the data is read (the file here does not exist) or a minute is spent."""
    args = ["train", str(tmp_path / "none.csv"), "--out", str(tmp_path / "model"), "--kind", "finetune-hybrid"]
    assert main([*args, "--param", "epochs=3", "--param", setting]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"stance: error: {message}" or line.startswith(f"stance: error: {message}")
    assert not (tmp_path / "model").exists()


def test_params_are_typed_by_the_kinds_defaults():
    from stance.training import parse_params

    assert parse_params("finetune-hybrid", ["epochs=4", "learning_rate=2e-4", "label_smoothing=0", "encoder_input=quote"]) \
        == {"epochs": 4, "learning_rate": 2e-4, "label_smoothing": 0.0, "encoder_input": "quote"}
    assert parse_params("tfidf", ["C=2.5"]) == {"C": 2.5} and parse_params("tfidf", []) == {}
    assert parse_params("finetune", ["encoder_layers=0"]) == {"encoder_layers": 0}  # 0 keeps all the layers


def test_train_param_reaches_the_model_and_its_manifest(tmp_path, capsys):
    import json

    rows = [(f"{text} {n}", label) for n in range(3) for text, label in (
        ("We must strike the militants", "interventionist"), ("We will not send a soldier", "non-interference"),
        ("We are deeply worried", "concern"), ("We stand by their unity", "support"), ("The talks resume", "neutral"))]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "train.csv", index=False)
    assert main(["train", str(tmp_path / "train.csv"), "--out", str(tmp_path / "m"), "--kind", "tfidf",
                 "--param", "C=0.5"]) == 0
    assert json.loads((tmp_path / "m" / "manifest.json").read_text())["params"]["C"] == 0.5
    assert json.loads((tmp_path / "m" / "classifier.json").read_text())["C"] == 0.5


def test_fine_tune_cannot_train_more_layers_than_the_encoder_has(tmp_path, capsys):
    rows = [(f"quote {label} {n}", label) for n in range(2) for label in
            ("interventionist", "non-interference", "concern", "support", "neutral")]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "train.csv", index=False)
    assert main(["train", str(tmp_path / "train.csv"), "--out", str(tmp_path / "m"), "--kind", "finetune",
                 "--param", "train_layers=9"]) == 2
    assert capsys.readouterr().err.strip() == "stance: error: train_layers=9: encoder all-MiniLM-L6-v2 has 6 layers"


def test_a_row_of_weight_two_counts_as_two_rows(tmp_path):
    """A `weight` column (e.g. 2 for the rows that look like use) is a sample weight: the logistic regression
    fitted with it equals the one fitted on the rows repeated; a bad weight is a one-line error."""
    import numpy as np

    from stance.classify import fit_head, make_classifier
    from stance.codebook import load_codebook
    from stance.errors import StanceError
    from stance.training import read_training_data

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 4)), np.array(["a", "b", "c"] * 4)
    w = np.array([2.0, 1.0] * 6)
    weighted, _ = fit_head(X, y, 1.0, w)
    repeated, _ = fit_head(np.repeat(X, w.astype(int), axis=0), np.repeat(y, w.astype(int)), 1.0)
    assert np.allclose(weighted.predict_proba(X), repeated.predict_proba(X), atol=1e-4)
    assert not np.allclose(weighted.predict_proba(X), fit_head(X, y, 1.0)[0].predict_proba(X), atol=1e-3)

    codebook = load_codebook()
    rows = [(f"{label} words {n}", label, 3 if n else 1) for n in range(2) for label in codebook.names]
    path = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["text", "label", "weight"]).to_csv(path, index=False)
    data = read_training_data(path, codebook)
    assert data["weight"].tolist() == [1.0] * 5 + [3.0] * 5
    plain = make_classifier("tfidf", codebook).fit(data.drop(columns="weight"), data["label"])
    heavy = make_classifier("tfidf", codebook).fit(data, data["label"])
    assert not np.allclose(plain.predict_proba(data), heavy.predict_proba(data))
    for bad in ("0", "-1", "x", ""):
        path.write_text(f"text,label,weight\nstrike now,interventionist,{bad}\n", encoding="utf-8")
        with pytest.raises(StanceError, match=rf"row 2: weight '{bad}' is not a positive number"):
            read_training_data(path, codebook)


@pytest.mark.slow
def test_fine_tune_reads_the_weight_column():
    """Weights scale each row's share of the fine-tuning loss: all equal is the plain mean (the same
    weights to the last bit), unequal ones train a different model."""
    import numpy as np

    from stance.finetune import FineTunedClassifier

    rows = [("We must strike the militants across the border.", "interventionist"),
            ("This is an internal affair; we will not send a soldier.", "non-interference"),
            ("We are deeply worried by this dangerous escalation.", "concern"),
            ("We stand by their unity, security and stability.", "support"),
            ("The delegation will arrive on Tuesday.", "neutral")]
    data = pd.DataFrame([{"text": f"{t} ({n})", "label": lab} for n in range(2) for t, lab in rows])

    def fitted(weights):
        frame = data if weights is None else data.assign(weight=weights)
        model = FineTunedClassifier(epochs=1, batch_size=4, max_length=32, encoder_input="quote")
        return model.fit(frame, data["label"]).head_.weights

    plain, equal, unequal = fitted(None), fitted([2.0] * 10), fitted([1.0] * 5 + [4.0] * 5)
    assert all(np.array_equal(plain[k], equal[k]) for k in plain)
    assert not all(np.array_equal(plain[k], unequal[k]) for k in plain)


def test_recalibrate_refits_only_the_temperature_on_new_writers_rows(tmp_path, capsys):
    """`stance train NEW.csv --recalibrate MODEL --out COPY`: COPY predicts the same labels as MODEL (same
    arrays), with the temperature that minimises the log-loss of MODEL's raw probabilities on NEW.csv's
    rows (filtered by --calibrate-on); MODEL is untouched and COPY loads with its hashes checked."""
    import json

    import numpy as np

    from stance.classify import fit_temperature
    from stance.model import load_model

    texts = {"interventionist": "We must strike the militants now", "non-interference": "We will not send a soldier",
             "concern": "We are deeply worried", "support": "We stand by their unity", "neutral": "The talks resume"}
    rows = [(f"{text} {n}", label) for n in range(3) for label, text in texts.items()]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "train.csv", index=False)
    assert main(["train", str(tmp_path / "train.csv"), "--out", str(tmp_path / "m"), "--kind", "tfidf"]) == 0
    # A new writer: half its rows the model gets right, half it gets wrong (labels rotated).
    names = list(texts)
    new = [(f"{texts[label]} {n}", label if n % 2 else names[(i + 1) % 5], f"article batch w{n}")
           for n in range(4) for i, label in enumerate(names)]
    new.append(("The talks resume 9", "neutral", "written by us"))
    pd.DataFrame(new, columns=["text", "label", "source"]).to_csv(tmp_path / "new.csv", index=False)
    before = (tmp_path / "m" / "classifier.json").read_bytes()
    assert main(["train", str(tmp_path / "new.csv"), "--recalibrate", str(tmp_path / "m"), "--out",
                 str(tmp_path / "t"), "--calibrate-on", "article batch"]) == 0
    assert "temperature" in capsys.readouterr().err
    assert (tmp_path / "m" / "classifier.json").read_bytes() == before
    old, copy = load_model(tmp_path / "m"), load_model(tmp_path / "t")
    probe = pd.DataFrame({"text": [t for t, _, _ in new], "cue": "", "sentence": ""})
    p_old, p_new = old.predict_proba(probe), copy.predict_proba(probe)
    assert (p_old.argmax(axis=1) == p_new.argmax(axis=1)).all() and not np.allclose(p_old, p_new)
    articles = pd.DataFrame([r for r in new if r[2].startswith("article")], columns=["text", "label", "source"])
    raw = old.estimator.estimator_.predict_proba(articles)
    raw = raw[:, [list(old.estimator.classes_).index(lab) for lab in old.labels]]
    expected = fit_temperature(raw, articles["label"].to_numpy(), old.labels)
    assert copy.estimator.temperature_ == pytest.approx(expected)
    assert expected > old.estimator.temperature_  # wrong half the time: flatter than the training writers' fit
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    assert manifest["recalibrated"]["data"]["rows"] == 20 and manifest["recalibrated"]["from"] == "m"
    assert manifest["recalibrated"]["after"]["ece"] < manifest["recalibrated"]["before"]["ece"]


@pytest.mark.parametrize("order, message", [
    (["support", "interventionist", "non-interference", "concern", "neutral"],
     "the codebook has the model's labels in another order (model: interventionist, non-interference, concern, "
     "support, neutral; codebook: support, interventionist, non-interference, concern, neutral): list the "
     "codebook's labels in the model's order, or recalibrate with the codebook it was trained with"),
    (["interventionist", "non-interference", "concern", "support", "undecided"],
     "the model's labels (interventionist, non-interference, concern, support, neutral) are not the codebook's "
     "(interventionist, non-interference, concern, support, undecided); recalibrate with the codebook it was "
     "trained with"),
])
def test_recalibrate_with_another_codebook_names_both_label_lists(tmp_path, capsys, order, message):
    """`--recalibrate` with a codebook whose labels are the model's in another order said only "the model's
    labels are not the codebook's": the two lists, and what differs, as `stance score` says them."""
    import yaml

    from stance.codebook import default_codebook_path

    labels = ("interventionist", "non-interference", "concern", "support", "neutral")
    rows = [(f"quote {label} {n}", label) for n in range(3) for label in labels]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "train.csv", index=False)
    assert main(["train", str(tmp_path / "train.csv"), "--out", str(tmp_path / "m"), "--kind", "tfidf"]) == 0
    book = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    by_name = {label["name"]: label for label in book["labels"]}
    by_name["undecided"] = {**by_name["neutral"], "name": "undecided"}
    book["labels"] = [by_name[name] for name in order]
    (tmp_path / "book.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    new = [(f"quote {label} 9", label) for label in order]
    pd.DataFrame(new, columns=["text", "label"]).to_csv(tmp_path / "new.csv", index=False)
    capsys.readouterr()
    assert main(["train", str(tmp_path / "new.csv"), "--recalibrate", str(tmp_path / "m"), "--out",
                 str(tmp_path / "t"), "--codebook", str(tmp_path / "book.yaml")]) == 2
    assert capsys.readouterr().err.strip() == f"stance: error: {tmp_path / 'm'}: {message}"
    assert not (tmp_path / "t").exists()


def test_recalibrate_trains_nothing(tmp_path, capsys):
    rows = [(f"quote {label} {n}", label) for n in range(2) for label in
            ("interventionist", "non-interference", "concern", "support", "neutral")]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "new.csv", index=False)
    assert main(["train", str(tmp_path / "new.csv"), "--recalibrate", str(tmp_path / "none"), "--out",
                 str(tmp_path / "t"), "--param", "epochs=2"]) == 2
    assert "--recalibrate trains nothing" in capsys.readouterr().err
    assert main(["train", str(tmp_path / "new.csv"), "--recalibrate", str(tmp_path / "none"), "--out",
                 str(tmp_path / "t")]) == 2
    assert "no such model folder" in capsys.readouterr().err and not (tmp_path / "t").exists()


# Invented quotes, three per label, each from an "article batch" (as quotes extracted from articles are marked).
LIKE_ROWS = pd.DataFrame([
    (f"{text} ({n})", label, "said", f"article batch w{n}")
    for n in range(3) for text, label in (
        ("Our forces must hit the camps across the river.", "interventionist"),
        ("Foreign powers ought to leave this quarrel to the locals.", "non-interference"),
        ("The fighting near the dam alarms us greatly.", "concern"),
        ("We back the council and its plan for the valley.", "support"),
        ("The envoys met for two hours on Thursday.", "neutral"))],
    columns=["text", "label", "cue", "source"])


def _manifest(folder):
    import json

    return json.loads((folder / "manifest.json").read_text())


def test_train_like_takes_a_tfidf_folders_recipe_and_flags_override_it(tmp_path, capsys):
    """`--like FOLDER`: the folder's kind, parameters, seed, folds asked and calibrate-on, as its manifest
    records them; an option given on the command line wins."""
    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    assert main(["train", str(data), "--out", str(tmp_path / "first"), "--kind", "tfidf", "--param", "C=0.5",
                 "--folds", "3", "--seed", "7", "--calibrate-on", "article batch"]) == 0
    first = _manifest(tmp_path / "first")
    assert first["cross_validation"]["folds_asked"] == 3 and "run_dtype" not in first["encoder"]
    capsys.readouterr()

    assert main(["train", str(data), "--out", str(tmp_path / "like"), "--like", str(tmp_path / "first")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"stance: like {tmp_path / 'first'}: kind tfidf with C=0.5, seed 7, 3 folds, "
                      "calibrate on 'article batch'")
    like = _manifest(tmp_path / "like")
    assert like["kind"] == "tfidf" and like["params"]["C"] == 0.5 and like["seed"] == 7
    assert like["cross_validation"]["folds_asked"] == 3
    assert like["cross_validation"]["calibrated_on"]["source_contains"] == "article batch"
    assert like["params"]["temperature"] == first["params"]["temperature"]  # the same recipe on the same rows

    assert main(["train", str(data), "--out", str(tmp_path / "over"), "--like", str(tmp_path / "first"),
                 "--param", "C=2", "--folds", "4", "--seed", "1", "--calibrate-on", ""]) == 0
    over = _manifest(tmp_path / "over")
    assert over["params"]["C"] == 2.0 and over["seed"] == 1 and over["cross_validation"]["folds_asked"] == 4
    assert "calibrated_on" not in over["cross_validation"]


def test_recipe_of_the_shipped_default_and_another_kind_over_it():
    """The shipped default's recipe is the README's long command plus its int8; `--kind` keeps only the
    parameters the other kind has and drops what it has no use for."""
    from stance.training import read_recipe

    folder, recipe = read_recipe("default")
    assert folder.name == "default" and recipe.kind == "finetune-hybrid"
    assert {k: recipe.params[k] for k in ("epochs", "train_layers", "encoder_layers")} == \
        {"epochs": 4, "train_layers": 3, "encoder_layers": 4}
    assert (recipe.refit, recipe.calibrate_on, recipe.run_dtype) == (False, "article batch", "int8")
    plain = recipe.overridden(kind="finetune", settings=("epochs=1",))
    assert plain.params["epochs"] == 1 and plain.params["encoder_layers"] == 4 and plain.left_out == ("finetune_weight",)
    assert plain.run_dtype == "int8" and not plain.refit
    words = recipe.overridden(kind="tfidf")
    assert words.params == {} and words.run_dtype == "" and words.refit and words.calibrate_on == "article batch"
    assert recipe.overridden(refit=True, run_dtype="float32", calibrate_on="").describe().endswith(
        "refit on all rows, calibrate on all rows, encoder runs in float32")


@pytest.mark.parametrize("make, message", [
    (None, "no such model folder"),
    ({}, "not a model folder (no manifest.json)"),
    ({"manifest.json": '{"name": "run", "documents": 3}'}, "not a model folder (its manifest.json names no kind)"),
    ({"manifest.json": '{"kind": "finetune"'}, "cannot read its manifest.json (Expecting"),
    ({"manifest.json": '["kind"]'}, "not a model folder (its manifest.json names no kind)"),
    ({"manifest.json": '{"kind": "zero-shot"}'}, "its kind 'zero-shot' is not one `stance train` fits"),
    ({"manifest.json": '{"kind": "tfidf", "params": {"C": "0.5; import os"}}'}, "its parameter C=\"0.5; import os\": expected a float"),
    ({"manifest.json": '{"kind": "tfidf", "params": {"C": -1}}'}, "its parameter C=-1: expected a positive number"),
    ({"manifest.json": '{"kind": "tfidf", "params": {"epochs": 3}}'}, "its parameter 'epochs' is not one of kind tfidf (C, input_template)"),
    ({"manifest.json": '{"kind": "tfidf", "params": []}'}, "its manifest.json's 'params' must be a JSON object"),
    ({"manifest.json": '{"kind": "finetune", "encoder": {"run_dtype": "int4"}}'}, "its manifest.json's encoder.run_dtype is not what training writes there (float32, int8)"),
])
def test_train_like_a_folder_that_is_no_model_is_one_line(tmp_path, capsys, make, message):
    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    folder = tmp_path / "src"
    if make is not None:
        folder.mkdir()
        for name, text in make.items():
            (folder / name).write_text(text, encoding="utf-8")
    assert main(["train", str(data), "--out", str(tmp_path / "m"), "--like", str(folder)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: --like {folder}: ") and message in line, line
    assert not (tmp_path / "m").exists()


def test_run_dtype_is_for_fine_tuned_kinds_and_recalibrate_takes_no_recipe(tmp_path, capsys):
    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    assert main(["train", str(data), "--out", str(tmp_path / "m"), "--kind", "tfidf", "--run-dtype", "int8"]) == 2
    assert "--run-dtype: only a fine-tuned kind" in capsys.readouterr().err
    assert main(["train", str(data), "--out", str(tmp_path / "m"), "--recalibrate", "default", "--like", "default"]) == 2
    assert capsys.readouterr().err.strip() == "stance: error: --recalibrate trains nothing: --like does not apply"
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_train_like_a_fine_tuned_folder_takes_its_whole_recipe(tmp_path, capsys):
    """A tiny fine-tuned hybrid (two of MiniLM's layers, one trained, one epoch) trained with --no-refit,
    --calibrate-on and --run-dtype int8; `--like` it trains the same way and the new folder loads in int8;
    options given override their part (--refit: see the recipe test above)."""
    from stance.model import load_model

    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    recipe = ["--param", "epochs=1", "--param", "train_layers=1", "--param", "encoder_layers=2",
              "--param", "batch_size=8", "--param", "max_length=24"]
    assert main(["train", str(data), "--out", str(tmp_path / "src"), "--kind", "finetune-hybrid", *recipe,
                 "--no-refit", "--calibrate-on", "article batch", "--run-dtype", "int8"]) == 0
    assert main(["train", str(data), "--out", str(tmp_path / "like"), "--like", str(tmp_path / "src")]) == 0
    src, like = _manifest(tmp_path / "src"), _manifest(tmp_path / "like")
    assert like["kind"] == "finetune-hybrid" and like["encoder"]["run_dtype"] == "int8"
    assert {k: v for k, v in like["params"].items() if k != "temperature"} == \
        {k: v for k, v in src["params"].items() if k != "temperature"}
    assert like["params"]["encoder_layers"] == 2 and like["params"]["train_layers"] == 1
    assert like["cross_validation"]["refit_on_all_rows"] is False
    assert like["cross_validation"]["calibrated_on"]["source_contains"] == "article batch"
    assert load_model(tmp_path / "like").estimator.estimator_.finetuned.run_dtype == "int8"
    capsys.readouterr()

    assert main(["train", str(data), "--out", str(tmp_path / "over"), "--like", str(tmp_path / "src"),
                 "--param", "max_length=16", "--calibrate-on", "", "--run-dtype", "float32"]) == 0
    assert "stance: like" in capsys.readouterr().err
    over = _manifest(tmp_path / "over")
    assert over["params"]["max_length"] == 16 and over["params"]["encoder_layers"] == 2
    assert over["cross_validation"]["refit_on_all_rows"] is False and "calibrated_on" not in over["cross_validation"]
    assert over["encoder"]["run_dtype"] == "float32"


def test_train_like_a_recalibrated_folder_says_how_to_repeat_the_recalibration(tmp_path, capsys):
    """A recalibrated folder's manifest names its source's training recipe and, apart, the second step
    (its temperature refitted on other rows). `--like` repeated the training without a word, and the
    new model was calibrated as the source, not as the folder named. It now says so before and after
    training, with the command that repeats the second step; run, that gives the folder's temperature."""
    import shlex

    data, new = tmp_path / "rows.csv", tmp_path / "new writer.csv"
    LIKE_ROWS.to_csv(data, index=False)
    rotated = LIKE_ROWS.assign(label=LIKE_ROWS["label"].where(LIKE_ROWS.index % 2 == 0, LIKE_ROWS["label"].iloc[::-1].values),
                               source=LIKE_ROWS["source"].str.replace("article batch", "our batch"))
    rotated.to_csv(new, index=False)
    assert main(["train", str(data), "--out", str(tmp_path / "first"), "--kind", "tfidf", "--folds", "3"]) == 0
    assert main(["train", str(new), "--recalibrate", str(tmp_path / "first"), "--out", str(tmp_path / "recal"),
                 "--calibrate-on", "our batch"]) == 0
    capsys.readouterr()

    assert main(["train", str(data), "--out", str(tmp_path / "again"), "--like", str(tmp_path / "recal")]) == 0
    err = capsys.readouterr().err.splitlines()
    step = (f"stance train {shlex.quote(str(new.name))} --recalibrate {shlex.quote(str(tmp_path / 'again'))} "
            f"--out {shlex.quote(str(tmp_path / 'again') + '-recalibrated')} --calibrate-on 'our batch'")
    assert err[1] == (f"stance: note: {tmp_path / 'recal'} was recalibrated after its training (its temperature "
                      f"refitted on 15 rows of {new.name} whose source contains 'our batch'); --like repeats the "
                      f"training only; to repeat that step too: {step}")
    assert err[-1] == f"stance: next, as {tmp_path / 'recal'} was: {step}"
    assert _manifest(tmp_path / "again")["params"]["temperature"] == _manifest(tmp_path / "first")["params"]["temperature"]

    argv = shlex.split(step)[1:]
    argv[1] = str(new)  # the command names the file as the manifest does; run from its folder
    assert main(argv) == 0
    again = _manifest(tmp_path / "again-recalibrated")
    assert again["params"]["temperature"] == _manifest(tmp_path / "recal")["params"]["temperature"]


def test_train_like_the_averaged_default_trains_its_parents_recipe_and_says_how_to_average(tmp_path, capsys):
    """The shipped default is two models averaged in weight space: it has no recipe or data of its own. `--like`
    takes its parents' one recipe (the README's long command), trains it once, and says so before and after,
    with the commands that rebuild the average (`--kind` here only keeps the test quick)."""
    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    assert main(["train", str(data), "--out", str(tmp_path / "mine"), "--like", "default", "--kind", "tfidf"]) == 0
    err = capsys.readouterr().err.splitlines()
    default = repo_models_dir() / "default"
    assert err[1] == (f"stance: note: {default} is 2 models averaged in weight space (kb4 trained on FDB.csv, kc4 "
                      f"trained on FDCB.csv); --like trains their recipe with the options given once, on {data}: one "
                      "model, not the average; "
                      "to rebuild the average with your rows, add them to each parent's data, train each "
                      "(`averaged_from[].command` in its manifest), then: python benchmarks/average_models.py "
                      "OUT-kb4 OUT-kc4 --out OUT --names kb4,kc4")
    mine = tmp_path / "mine"
    assert err[-1] == (f"stance: next, for the average as {default} was, with {mine} as kb4 (its data and your rows): "
                       "train kc4: stance train FDCB+yours.csv --kind finetune-hybrid --param encoder_layers=4 --param "
                       "epochs=4 --param train_layers=3 --no-refit --calibrate-on 'article batch' --run-dtype int8 "
                       f"--out {mine}-kc4; then python benchmarks/average_models.py {mine} {mine}-kc4 --out "
                       f"{mine}-averaged --names kb4,kc4")
    assert _manifest(mine)["cross_validation"]["calibrated_on"]["source_contains"] == "article batch"


@pytest.mark.slow
def test_the_averaged_default_rebuilt_as_its_notes_say(tmp_path, capsys, load_script):
    """Both parents retrained by the default's recipe (tiny here: one layer of two trained, one epoch) on their
    own rows, then averaged as the note says: the average loads, and `--like` it names the new parents."""
    import shlex

    from stance.model import load_model

    tiny = ["--param", "epochs=1", "--param", "train_layers=1", "--param", "encoder_layers=2",
            "--param", "batch_size=8", "--param", "max_length=24"]
    more = pd.concat([LIKE_ROWS, LIKE_ROWS.assign(source="article batch w9")], ignore_index=True)
    for name, rows in (("a", LIKE_ROWS), ("b", more)):
        rows.to_csv(tmp_path / f"{name}.csv", index=False)
        assert main(["train", str(tmp_path / f"{name}.csv"), "--out", str(tmp_path / f"out-{name}"),
                     "--like", "default", *tiny]) == 0
    src = _manifest(tmp_path / "out-a")
    assert src["encoder"]["run_dtype"] == "int8" and src["cross_validation"]["refit_on_all_rows"] is False
    step = shlex.split(recipe_of("default").average_step([tmp_path / "out-a", tmp_path / "out-b"], tmp_path / "out"))
    script = load_script(step[1])
    script.average([tmp_path / "out-a", tmp_path / "out-b"], tmp_path / "out", "out", step[-1].split(","))
    assert load_model(tmp_path / "out").manifest["averaged"]["kept_from"] == "kb4"
    capsys.readouterr()
    assert main(["train", str(tmp_path / "a.csv"), "--out", str(tmp_path / "again"), "--like", str(tmp_path / "out"),
                 *tiny]) == 0
    assert "(kb4 trained on a.csv, kc4 trained on b.csv)" in capsys.readouterr().err


def recipe_of(folder):
    from stance.training import read_recipe

    return read_recipe(folder)[1]


def test_train_like_the_default_recalibrated_keeps_both_second_steps(tmp_path, capsys):
    """The averaged default recalibrated: `--like` names the recalibration and the average, each with its step."""
    data = tmp_path / "rows.csv"
    LIKE_ROWS.to_csv(data, index=False)
    assert main(["train", str(data), "--recalibrate", "default", "--out", str(tmp_path / "recal")]) == 0
    assert main(["train", str(data), "--out", str(tmp_path / "mine"), "--like", str(tmp_path / "recal"),
                 "--kind", "tfidf"]) == 0
    err = capsys.readouterr().err
    assert "was recalibrated after its training" in err and "is 2 models averaged in weight space" in err
    assert "--recalibrate" in err.splitlines()[-2] and "average_models.py" in err.splitlines()[-1]
