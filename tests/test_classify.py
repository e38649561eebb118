"""Classifier inputs, the scikit-learn estimators and calibration, on hand-made quotes."""
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from stance.classify import (INPUT_TEMPLATE, EmbeddingClassifier, TfidfClassifier, ZeroShotClassifier, as_inputs,
                             classifier_input, cross_fitted_temperature, encoder_input_param,
                             expected_calibration_error, fold_ids, marked_input, out_of_fold_proba,
                             writer_groups)
from stance.codebook import load_codebook

# Invented quotes, two per label, each unambiguous under the default codebook.
QUOTES = pd.DataFrame([
    ("We must strike the militants before they cross our border.", "said", "interventionist"),
    ("send our fighters to defend the shrines", "vowed to", "interventionist"),
    ("This is an internal affair and we will not send a single soldier.", "said", "non-interference"),
    ("keep out of a war that is not ours", "urged the factions to", "non-interference"),
    ("We are deeply worried by this dangerous escalation.", "said", "concern"),
    ("grave concern", "expressed", "concern"),
    ("We stand by Syria's unity, security and stability.", "said", "support"),
    ("strategic relations between our two brotherly states", "praised the", "support"),
    ("The delegation will arrive on Tuesday.", "said", "neutral"),
    ("Operation Dawn", "dubbed", "neutral"),
], columns=["text", "cue", "label"])


def test_classifier_input_reads_cue_quote_and_sentence():
    sentence = 'Fuad Hussein expressed "deep concerns" about the rebel advance.'
    assert classifier_input("deep concerns", "expressed", sentence) == f'expressed "deep concerns" | {sentence}'


def test_classifier_input_leaves_out_missing_parts():
    assert classifier_input("We will not stop.") == '"We will not stop."'
    assert classifier_input("We will not stop.", "", "We will not stop.") == '"We will not stop."'
    assert classifier_input(" buffer zone ", "so-called", "the so-called\n 'buffer zone'") == \
        "so-called \"buffer zone\" | the so-called 'buffer zone'"


def test_as_inputs_takes_frames_with_missing_columns_and_strings():
    frame = pd.DataFrame({"text": ["a", "b"], "cue": ["said", None]})
    assert as_inputs(frame) == ['said "a"', '"b"']
    assert as_inputs(['said "a"']) == ['said "a"']
    with pytest.raises(ValueError, match="'text' column"):
        as_inputs(pd.DataFrame({"quote": ["a"]}))


def test_sentence_input_reads_the_sentence_alone_else_cue_and_quote():
    frame = pd.DataFrame({"text": ["deep concerns", "We will not stop."], "cue": ["expressed", "said"],
                          "sentence": ['Fuad Hussein expressed\n "deep concerns" about it.', ""]})
    assert as_inputs(frame, "sentence") == ['Fuad Hussein expressed "deep concerns" about it.',
                                            'said "We will not stop."']
    assert as_inputs(frame, "quote") == ['expressed "deep concerns"', 'said "We will not stop."']
    assert as_inputs(['said "a"'], "sentence") == ['said "a"']  # ready-made strings stay as they are


def test_marked_input_marks_the_quoted_words_inside_their_sentence():
    """A fine-tuned encoder reads the sentence once, with the quote it must label between one-token marks:
    the sentence's other quote is context, not the quote; words the sentence lacks fall back to the template."""
    sentence = 'He called it "a duty" but said\n "we will not send troops" yet.'
    assert marked_input("we will not send troops", "said", sentence) == \
        'He called it "a duty" but said "{we will not send troops}" yet.'
    assert marked_input("a duty", "called", sentence) == 'He called it "{a duty}" but said "we will not send troops" yet.'
    assert marked_input("not in the sentence", "said", "Another sentence.") == 'said "not in the sentence" | Another sentence.'
    assert marked_input("a duty", "", "") == '"a duty"'
    frame = pd.DataFrame({"text": ["a duty"], "cue": ["called"], "sentence": ['He called it "a duty".']})
    assert as_inputs(frame, "marked") == ['He called it "{a duty}".']


def test_encoder_input_of_folders_saved_before_it_existed_is_the_template():
    assert encoder_input_param({}) == "template"
    assert encoder_input_param({"encoder_input": "sentence"}) == "sentence"
    with pytest.raises(ValueError, match="'encoder_input' must be one of template, sentence, quote, marked"):
        encoder_input_param({"encoder_input": "__import__('os')"})


def _written_by_three():
    """QUOTES written three times over, by three writers with their own wording around the same quotes."""
    return pd.concat([QUOTES.assign(source=writer, sentence=[f"{lead} {cue} '{text}'" for cue, text in
                                                               zip(QUOTES["cue"], QUOTES["text"])])
                      for writer, lead in (("w1", "He"), ("w2", "The minister"), ("w3", "A spokesman"))],
                     ignore_index=True)


def test_writer_groups_hold_out_one_writer_at_a_time():
    data = _written_by_three()
    groups = writer_groups(data)
    assert list(groups[:2]) == ["w1", "w1"] and set(groups) == {"w1", "w2", "w3"}
    assert writer_groups(data[data["source"] != "w3"]) is None  # two writers: k-fold instead
    assert writer_groups(QUOTES) is None
    ids = fold_ids(data["label"].to_numpy(), groups=groups)
    assert len(set(ids)) == 3 and all(len(set(ids[groups == w])) == 1 for w in ("w1", "w2", "w3"))
    labels = tuple(sorted(set(QUOTES["label"])))
    proba = out_of_fold_proba(TfidfClassifier(), data, data["label"], labels, groups=groups)
    assert proba.shape == (30, 5) and np.allclose(proba.sum(axis=1), 1.0)
    # each writer's rows are predicted by a model that never saw them, yet the same quotes: all right
    assert np.mean(np.asarray(labels)[proba.argmax(axis=1)] == data["label"].to_numpy()) == 1.0


def test_a_label_only_the_held_out_writer_used_gets_probability_zero():
    data = _written_by_three()
    data = data[(data["source"] == "w3") | (data["label"] != "neutral")]  # only w3 wrote neutral rows
    labels = tuple(sorted(set(QUOTES["label"])))
    proba = out_of_fold_proba(TfidfClassifier(), data, data["label"], labels, groups=writer_groups(data))
    held = (data["source"] == "w3").to_numpy()
    assert (proba[held, labels.index("neutral")] == 0).all() and np.allclose(proba.sum(axis=1), 1.0)


def test_cross_fitted_temperature_flattens_an_overconfident_model():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    correct = rng.random(400) < 0.7  # right 70% of the time, always 99% sure
    predicted = np.where(correct, y, 1 - y)
    proba = np.where(predicted[:, None] == np.arange(2), 0.99, 0.01)
    ids = np.arange(400) % 4
    calibrated = cross_fitted_temperature(proba, y, (0, 1), ids)
    assert (calibrated.argmax(axis=1) == proba.argmax(axis=1)).all()  # same labels
    assert calibrated.max(axis=1).mean() == pytest.approx(0.7, abs=0.05)
    assert expected_calibration_error(calibrated, correct) < 0.05 < expected_calibration_error(proba, correct)


def test_expected_calibration_error_known_values():
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    # bin 0.9: accuracy 1/2 -> |0.9 - 0.5|; bin 0.6: accuracy 1 -> |0.6 - 1|; equal weights
    assert expected_calibration_error(proba, np.array([1, 0, 1, 1])) == pytest.approx(0.4)
    assert expected_calibration_error(np.array([[1.0, 0.0]] * 3), np.ones(3)) == pytest.approx(0.0)


def test_tfidf_classifier_is_a_scikit_learn_estimator():
    clf = TfidfClassifier(C=5.0)
    assert clf.get_params() == {"C": 5.0, "examples": (), "input_template": INPUT_TEMPLATE} and clone(clf).C == 5.0
    clf.fit(QUOTES, QUOTES["label"])
    assert set(clf.classes_) == set(QUOTES["label"])
    proba = clf.predict_proba(QUOTES)
    assert proba.shape == (10, 5) and np.allclose(proba.sum(axis=1), 1.0)
    assert list(clf.predict(QUOTES)) == list(QUOTES["label"])  # it can at least learn its training set


@pytest.mark.slow
def test_embedding_classifier_generalises_to_new_wording():
    clf = EmbeddingClassifier(C=10.0).fit(QUOTES, QUOTES["label"])
    new = pd.DataFrame({"text": ["Our air force must bomb the terrorists' bases across the border.",
                                 "We are very alarmed by the escalation."], "cue": ["said", "said"]})
    assert list(clf.predict(new)) == ["interventionist", "concern"]
    assert cross_val_score(clone(clf), QUOTES, QUOTES["label"], cv=2).shape == (2,)


@pytest.mark.slow
def test_zero_shot_scores_against_the_codebook_without_training_data():
    clf = ZeroShotClassifier(load_codebook()).fit()
    assert list(clf.classes_) == list(load_codebook().names)
    predicted = clf.predict(QUOTES)
    assert np.mean(predicted == QUOTES["label"].to_numpy()) >= 0.6  # well above chance (0.2) on clear cases
    assert np.allclose(clf.predict_proba(QUOTES).sum(axis=1), 1.0)


def test_numpy_tfidf_features_are_scikit_learns():
    """Runs predict with `heads.TfidfFeatures` (no scikit-learn): the same rows as the vectorizer fitted in
    training, for repeated words, bigrams across punctuation, accents, one-letter words and empty text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from stance.heads import TfidfFeatures

    texts = ['said "We will not, we will NOT leave" | He said it.', "Café diplomacy: a réunion of the 5+1",
             "a b c", "", "deep concern deep concern deep", "not in the vocabulary at all"]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts[:3] + texts[4:5])
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    features = TfidfFeatures(vocabulary, vectorizer.idf_).transform(texts)
    weights = np.random.default_rng(0).normal(size=(len(vocabulary), 3))
    assert np.abs((features @ weights) - vectorizer.transform(texts) @ weights).max() < 1e-12
    assert np.allclose((features @ np.eye(len(vocabulary)))[0], vectorizer.transform(texts[:1]).toarray()[0])
