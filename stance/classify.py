"""Stance classifiers: scikit-learn estimators over a quote read with its cue and sentence.

Every estimator takes X as a DataFrame with ``text`` (and optional ``cue``,
``sentence``) columns, or as a list of strings already built by
:func:`classifier_input`, so users can cross-validate and grid-search them like
any scikit-learn classifier. ``classes_`` follow the order they were fitted
with; :class:`stance.model.StanceModel` maps them to the codebook's order.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

from .codebook import Codebook
from .encoder import DEFAULT_ENCODER, load_encoder

INPUT_TEMPLATE = '{cue} "{text}" | {sentence}'
KINDS = ("embedding", "tfidf", "hybrid", "zero-shot")


def classifier_input(text: str, cue: str = "", sentence: str = "") -> str:
    """The quote as the classifier reads it: cue, quoted words, then the sentence around them.

    The cue carries stance for fragments (expressed "deep concerns"); the sentence
    says what the fragment is about. Missing parts are left out, not left blank.
    """
    quote = f'{cue.strip()} "{text.strip()}"'.strip()
    sentence = " ".join(sentence.split())
    return f"{quote} | {sentence}" if sentence and sentence != text.strip() else quote


def as_inputs(X: pd.DataFrame | Sequence[str]) -> list[str]:
    """Classifier inputs from a quotes frame (text, cue, sentence columns) or ready-made strings."""
    if isinstance(X, pd.DataFrame):
        if "text" not in X:
            raise ValueError("a quotes frame needs a 'text' column")
        blank = pd.Series("", index=X.index)
        parts = [X[c].fillna("").astype(str) if c in X else blank for c in ("text", "cue", "sentence")]
        return [classifier_input(t, c, s) for t, c, s in zip(*parts)]
    return [str(x) for x in X]


class _StanceClassifier(ClassifierMixin, BaseEstimator):
    """Shared fitting: annotated quotes plus the codebook's (text, label) examples, if given.

    The codebook's example quotes and typical words are evidence the annotators
    wrote down once; learning from them keeps the codebook's wording in the model
    even where the annotated data happens not to use it.
    """

    examples: tuple[tuple[str, str], ...] = ()

    def fit(self, X, y):
        inputs = as_inputs(X) + [classifier_input(text) for text, _ in self.examples]
        labels = np.asarray([*list(y), *(label for _, label in self.examples)])
        self._fit(inputs, labels)
        return self

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class EmbeddingClassifier(_StanceClassifier):
    """Sentence embeddings (frozen encoder) + multinomial logistic regression."""

    def __init__(self, encoder: str = DEFAULT_ENCODER, C: float = 4.0, examples: tuple = ()):
        self.encoder = encoder
        self.C = C
        self.examples = examples

    def _fit(self, inputs: list[str], y: np.ndarray) -> None:
        self.head_ = LogisticRegression(C=self.C, max_iter=5000).fit(load_encoder(self.encoder).encode(inputs), y)
        self.classes_ = self.head_.classes_

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(load_encoder(self.encoder).encode(as_inputs(X)))


class TfidfClassifier(_StanceClassifier):
    """The baseline: word and bigram TF-IDF + logistic regression."""

    def __init__(self, C: float = 10.0, examples: tuple = ()):
        self.C = C
        self.examples = examples

    def _fit(self, inputs: list[str], y: np.ndarray) -> None:
        self.pipeline_ = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                                       LogisticRegression(C=self.C, max_iter=5000)).fit(inputs, y)
        self.classes_ = self.pipeline_.classes_

    def predict_proba(self, X) -> np.ndarray:
        return self.pipeline_.predict_proba(as_inputs(X))


class HybridClassifier(_StanceClassifier):
    """Soft vote of the embedding and TF-IDF classifiers: meaning, and exact words such as negations.

    `embedding_weight` is the embedding model's share of the vote; the TF-IDF
    model gets the rest.
    """

    def __init__(self, encoder: str = DEFAULT_ENCODER, embedding_weight: float = 0.25, examples: tuple = ()):
        self.encoder = encoder
        self.embedding_weight = embedding_weight
        self.examples = examples

    def _fit(self, inputs: list[str], y: np.ndarray) -> None:
        self.embedding_ = EmbeddingClassifier(self.encoder)
        self.embedding_._fit(inputs, y)
        self.tfidf_ = TfidfClassifier()
        self.tfidf_._fit(inputs, y)
        self.classes_ = self.tfidf_.classes_

    def predict_proba(self, X) -> np.ndarray:
        inputs = as_inputs(X)
        w = self.embedding_weight
        return w * self.embedding_.predict_proba(inputs) + (1 - w) * self.tfidf_.predict_proba(inputs)


class ZeroShotClassifier(_StanceClassifier):
    """For a codebook with no annotations yet: similarity to each label's definition and examples.

    A label's prototype is the mean embedding of its definition and example
    quotes; probabilities are a softmax of cosine similarities over `temperature`.
    ``fit`` needs no labelled data (X and y are ignored).
    """

    def __init__(self, codebook: Codebook | None = None, encoder: str = DEFAULT_ENCODER, temperature: float = 0.05):
        self.codebook = codebook
        self.encoder = encoder
        self.temperature = temperature

    def fit(self, X=None, y=None):
        if self.codebook is None:
            raise ValueError("ZeroShotClassifier needs a codebook")
        encoder = load_encoder(self.encoder)
        prototypes = [encoder.encode([label.definition, *label.examples]).mean(axis=0) for label in self.codebook.labels]
        prototypes = np.stack(prototypes)
        self.prototypes_ = prototypes / np.linalg.norm(prototypes, axis=1, keepdims=True)
        self.classes_ = np.array(self.codebook.names, dtype=object)
        return self

    def predict_proba(self, X) -> np.ndarray:
        # The quote and its cue only: the sentence's other clauses pull towards unrelated labels.
        quotes = X.drop(columns="sentence", errors="ignore") if isinstance(X, pd.DataFrame) else X
        scores = load_encoder(self.encoder).encode(as_inputs(quotes)) @ self.prototypes_.T / self.temperature
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)


class TemperatureCalibrated(ClassifierMixin, BaseEstimator):
    """Temperature scaling fitted on out-of-fold predictions, so probabilities mean what they say.

    One temperature for all labels keeps the ranking (and so every prediction)
    of the wrapped classifier and only sharpens or flattens its probabilities.
    """

    def __init__(self, estimator=None, folds: int = 5, seed: int = 0):
        self.estimator = estimator
        self.folds = folds
        self.seed = seed

    def fit(self, X, y):
        y = np.asarray(list(y))
        labels = tuple(sorted(set(y)))
        proba = out_of_fold_proba(self.estimator, X, y, labels, self.folds, self.seed)
        truth = np.log(np.clip(proba[np.arange(len(y)), [labels.index(v) for v in y]], 1e-12, None))
        logp = np.log(np.clip(proba, 1e-12, None))

        def nll(log_t: float) -> float:
            scaled = logp / np.exp(log_t)
            return float(np.mean(np.log(np.exp(scaled).sum(axis=1)) - truth / np.exp(log_t)))

        self.temperature_ = float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X) -> np.ndarray:
        scaled = np.log(np.clip(self.estimator_.predict_proba(X), 1e-12, None)) / self.temperature_
        scaled = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        return scaled / scaled.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.estimator_.predict(X)


def out_of_fold_proba(estimator, X, y, labels: tuple[str, ...], folds: int = 5, seed: int = 0) -> np.ndarray:
    """Stratified k-fold probabilities for every row, columns in `labels` order.

    Not sklearn's cross_val_predict: it label-encodes y, and the codebook
    examples our estimators add carry label names.
    """
    y = np.asarray(list(y))
    rows = X.iloc if isinstance(X, pd.DataFrame) else np.asarray(X, dtype=object)
    proba = np.zeros((len(y), len(labels)))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(y, y):
        fitted = clone(estimator).fit(rows[train], y[train])
        order = [list(fitted.classes_).index(label) for label in labels]
        proba[test] = fitted.predict_proba(rows[test])[:, order]
    return proba


def make_classifier(kind: str, codebook: Codebook | None = None, encoder: str = DEFAULT_ENCODER) -> BaseEstimator:
    """A fresh estimator of one kind (see KINDS); trained kinds also learn the codebook's examples."""
    examples = codebook.examples() if codebook else ()
    if kind == "embedding":
        return EmbeddingClassifier(encoder, examples=examples)
    if kind == "tfidf":
        return TfidfClassifier(examples=examples)
    if kind == "hybrid":
        return HybridClassifier(encoder, examples=examples)
    if kind == "zero-shot":
        return ZeroShotClassifier(codebook, encoder)
    raise ValueError(f"unknown classifier kind {kind!r}; choose one of {', '.join(KINDS)}")


def expected_calibration_error(proba: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Mean |confidence - accuracy| over equal-width confidence bins, weighted by bin size."""
    confidence = proba.max(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)
