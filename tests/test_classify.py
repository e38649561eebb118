"""Classifier inputs, the scikit-learn estimators and calibration, on hand-made quotes."""
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from stance.classify import (EmbeddingClassifier, TfidfClassifier, ZeroShotClassifier, as_inputs,
                             classifier_input, expected_calibration_error)
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


def test_expected_calibration_error_known_values():
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    # bin 0.9: accuracy 1/2 -> |0.9 - 0.5|; bin 0.6: accuracy 1 -> |0.6 - 1|; equal weights
    assert expected_calibration_error(proba, np.array([1, 0, 1, 1])) == pytest.approx(0.4)
    assert expected_calibration_error(np.array([[1.0, 0.0]] * 3), np.ones(3)) == pytest.approx(0.0)


def test_tfidf_classifier_is_a_scikit_learn_estimator():
    clf = TfidfClassifier(C=5.0)
    assert clf.get_params() == {"C": 5.0, "examples": ()} and clone(clf).C == 5.0
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
