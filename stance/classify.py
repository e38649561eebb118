"""Stance classifiers: scikit-learn estimators over a quote read with its cue and sentence.

Every estimator takes X as a DataFrame with ``text`` (and optional ``cue``,
``sentence``) columns, or as a list of strings already built by
:func:`classifier_input`, so users can cross-validate and grid-search them like
any scikit-learn classifier. ``classes_`` follow the order they were fitted
with; :class:`stance.model.StanceModel` maps them to the codebook's order.
"""
from __future__ import annotations


import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from .codebook import Codebook
from .context import CONTEXT_FIELDS
from .encoder import DEFAULT_ENCODER, load_encoder

# The inputs and the fitted heads live in `stance.heads` (NumPy only, what a run's workers load); they are
# named here too, where the estimators that fit them are.
from .heads import (CLASSIC_TEMPLATE, ENCODER_INPUTS, QUOTE_MARKS, Arrays, EmbeddingHead, HybridHead, LinearHead,  # noqa: F401
                    TfidfFeatures, TfidfHead, as_inputs, calibrate, checked_classes, checked_temperature,
                    classifier_input, encoder_input_param, marked_input, sentence_input, softmax, state_array,
                    state_param)

INPUT_TEMPLATE = CLASSIC_TEMPLATE  # what TF-IDF reads unless a kind's `input_template` says more (stance.context)
KINDS = ("embedding", "tfidf", "hybrid", "finetune", "finetune-hybrid", "zero-shot")


def fit_head(X, y: np.ndarray, C: float, sample_weight: np.ndarray | None = None) -> tuple[LinearHead, np.ndarray]:
    """A multinomial logistic regression fitted by scikit-learn's lbfgs, as a `LinearHead`, and its
    classes (sorted)."""
    fitted = LogisticRegression(C=C, max_iter=5000).fit(X, y, sample_weight=sample_weight)
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2:  # binary: sigmoid(z) == softmax([-z/2, z/2])
        coef, intercept = np.vstack([-coef, coef]) / 2, np.concatenate([-intercept, intercept]) / 2
    return LinearHead(coef, intercept), fitted.classes_


def row_weights(X) -> np.ndarray | None:
    """The training rows' `weight` column (1 where empty: the codebook's examples), or None without one."""
    if not isinstance(X, pd.DataFrame) or "weight" not in X:
        return None
    return X["weight"].astype(float).fillna(1.0).to_numpy()


class _StanceClassifier(ClassifierMixin, BaseEstimator):
    """Shared fitting: annotated quotes plus the codebook's (text, label) examples, if given.

    The codebook's example quotes and typical words are evidence the annotators
    wrote down once; learning from them keeps the codebook's wording in the model
    even where the annotated data happens not to use it.
    """

    examples: tuple[tuple[str, str], ...] = ()
    state_params: tuple[str, ...] = ()  # the JSON parameters of `state()` besides classes and temperature

    def fit(self, X, y):
        """`X` and the codebook's examples, as one quotes frame (or one list of ready-made strings)."""
        if isinstance(X, pd.DataFrame):
            examples = pd.DataFrame({"text": [text for text, _ in self.examples]}, dtype=object)
            rows = pd.concat([X[[c for c in ("text", "cue", "sentence", "weight", "teacher_share", *CONTEXT_FIELDS)
                                if c in X]], examples],
                             ignore_index=True)
        else:
            rows = as_inputs(X) + [classifier_input(text) for text, _ in self.examples]
        labels = np.asarray([*list(y), *(label for _, label in self.examples)])
        self._fit(rows, labels)
        return self

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def state(self) -> tuple[Arrays, dict]:
        """The fitted state as named arrays and JSON parameters (see `stance.model`)."""
        arrays, params = self._state()
        return arrays, {"classes": [str(c) for c in self.classes_], **params}

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict):
        """A fitted estimator from `state()`'s output; raises ValueError on anything unexpected."""
        classes = checked_classes(params)
        estimator = cls._from_state(arrays, params, len(classes))
        estimator.classes_ = np.array(classes, dtype=object)
        return estimator


class EmbeddingClassifier(_StanceClassifier):
    """Sentence embeddings (frozen encoder) + multinomial logistic regression.

    `encoder_input` (see ENCODER_INPUTS) is what the encoder reads of each quote. Fitted, it predicts
    through `stance.heads.EmbeddingHead` (`head_`), as a loaded model does.
    """

    state_params = EmbeddingHead.state_params

    def __init__(self, encoder: str = DEFAULT_ENCODER, C: float = 4.0, examples: tuple = (),
                 encoder_input: str = "sentence"):
        self.encoder = encoder
        self.C = C
        self.examples = examples
        self.encoder_input = encoder_input

    def _fit(self, X, y: np.ndarray) -> None:
        vectors = load_encoder(self.encoder).encode(as_inputs(X, self.encoder_input))
        head, self.classes_ = fit_head(vectors, y, self.C, row_weights(X))
        self.head_ = EmbeddingHead(self.encoder, self.encoder_input, head, self.C)

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)

    def _state(self) -> tuple[Arrays, dict]:
        return self.head_.state()

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> EmbeddingClassifier:
        head = EmbeddingHead.from_state(arrays, params, n_classes)
        estimator = cls(head.encoder, head.C, encoder_input=head.encoder_input)
        estimator.head_ = head
        return estimator


class TfidfClassifier(_StanceClassifier):
    """The baseline: word and bigram TF-IDF + logistic regression (predicting through
    `stance.heads.TfidfHead`, which computes scikit-learn's TF-IDF in NumPy)."""

    state_params = TfidfHead.state_params

    def __init__(self, C: float = 10.0, examples: tuple = (), input_template: str = INPUT_TEMPLATE):
        self.C = C
        self.examples = examples
        self.input_template = input_template

    def _fit(self, X, y: np.ndarray) -> None:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)  # what TfidfFeatures computes
        head, self.classes_ = fit_head(vectorizer.fit_transform(as_inputs(X, self.input_template)), y, self.C,
                                       row_weights(X))
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        self.head_ = TfidfHead(TfidfFeatures(vocabulary, vectorizer.idf_), head, self.C, self.input_template)

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)

    def _state(self) -> tuple[Arrays, dict]:
        return self.head_.state()

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> TfidfClassifier:
        head = TfidfHead.from_state(arrays, params, n_classes)
        estimator = cls(head.C, input_template=head.template)
        estimator.head_ = head
        return estimator


class HybridClassifier(_StanceClassifier):
    """Soft vote of the embedding and TF-IDF classifiers: meaning, and exact words such as negations.

    `embedding_weight` is the embedding model's share of the vote; the TF-IDF
    model gets the rest.
    """

    state_params = HybridHead.state_params

    def __init__(self, encoder: str = DEFAULT_ENCODER, embedding_weight: float = 0.25, examples: tuple = (),
                 encoder_input: str = "sentence", input_template: str = INPUT_TEMPLATE):
        self.encoder = encoder
        self.embedding_weight = embedding_weight
        self.examples = examples
        self.encoder_input = encoder_input
        self.input_template = input_template

    def _fit(self, X, y: np.ndarray) -> None:
        embedding = EmbeddingClassifier(self.encoder, encoder_input=self.encoder_input)
        embedding._fit(X, y)
        tfidf = TfidfClassifier(input_template=self.input_template)
        tfidf._fit(X, y)
        self.classes_ = tfidf.classes_
        self.head_ = HybridHead(embedding.head_, tfidf.head_, self.embedding_weight)

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)

    def _state(self) -> tuple[Arrays, dict]:
        return self.head_.state()

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> HybridClassifier:
        head = HybridHead.from_state(arrays, params, n_classes)
        estimator = cls(head.embedding.encoder, head.embedding_weight, encoder_input=head.embedding.encoder_input,
                        input_template=head.tfidf.template)
        estimator.head_ = head
        return estimator


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
        return softmax(load_encoder(self.encoder).encode(as_inputs(quotes)) @ self.prototypes_.T / self.temperature)


class TemperatureCalibrated(ClassifierMixin, BaseEstimator):
    """Temperature scaling fitted on held-out predictions, so probabilities mean what they say.

    One temperature for all labels keeps the ranking (and so every prediction)
    of the wrapped classifier and only sharpens or flattens its probabilities.
    When the quotes frame says who wrote each row (`group_column`, three
    writers or more), the held-out predictions are those of each writer's rows
    by a model fitted on the other writers' rows: a new writer is what the
    model meets in use, and it is less predictable than a random fold of a
    known one.
    """

    def __init__(self, estimator=None, folds: int = 5, seed: int = 0, group_column: str | None = "source"):
        self.estimator = estimator
        self.folds = folds
        self.seed = seed
        self.group_column = group_column

    def fit(self, X, y):
        y = np.asarray(list(y))
        labels, counts = np.unique(y, return_counts=True)
        labels = tuple(labels)
        groups = writer_groups(X, self.group_column)
        # No more folds than the rarest label has rows (a cross-validation fold of a small set).
        folds = min(self.folds, int(counts.min()))
        self.temperature_ = fit_temperature(out_of_fold_proba(self.estimator, X, y, labels, folds, self.seed, groups),
                                            y, labels) if folds >= 2 or groups is not None else 1.0
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X) -> np.ndarray:
        return calibrate(self.estimator_.predict_proba(X), self.temperature_)

    def predict(self, X) -> np.ndarray:
        return self.estimator_.predict(X)

    @classmethod
    def prefitted(cls, fitted: _StanceClassifier, temperature: float) -> TemperatureCalibrated:
        """A fitted classifier with a temperature found elsewhere (a held-out split)."""
        calibrated = cls(fitted)
        calibrated.estimator_, calibrated.temperature_, calibrated.classes_ = fitted, temperature, fitted.classes_
        return calibrated

    def state(self) -> tuple[Arrays, dict]:
        arrays, params = self.estimator_.state()
        return arrays, {**params, "temperature": self.temperature_}

    @classmethod
    def from_state(cls, inner: type[_StanceClassifier], arrays: Arrays, params: dict) -> TemperatureCalibrated:
        """`inner` is the wrapped kind's class, chosen by the caller from a fixed table, never by the file."""
        calibrated = cls()
        calibrated.temperature_ = checked_temperature(params)
        calibrated.estimator_ = inner.from_state(arrays, params)
        calibrated.classes_ = calibrated.estimator_.classes_
        return calibrated


def fit_temperature(proba: np.ndarray, y: np.ndarray, labels: tuple[str, ...]) -> float:
    """The temperature that minimises the log-loss of held-out probabilities (columns in `labels` order)."""
    truth = np.log(np.clip(proba[np.arange(len(y)), [labels.index(v) for v in y]], 1e-12, None))
    logp = np.log(np.clip(proba, 1e-12, None))

    def nll(log_t: float) -> float:
        scaled = logp / np.exp(log_t)
        return float(np.mean(np.log(np.exp(scaled).sum(axis=1)) - truth / np.exp(log_t)))

    return float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))


MIN_WRITERS = 3


def writer_groups(X, column: str | None = "source") -> np.ndarray | None:
    """Who wrote each row (a quotes frame's `column`), when three writers or more did; else None."""
    if column is None or not isinstance(X, pd.DataFrame) or column not in X:
        return None
    groups = X[column].fillna("").astype(str).to_numpy()
    return groups if len(set(groups)) >= MIN_WRITERS else None


def fold_ids(y: np.ndarray, folds: int = 5, seed: int = 0, groups=None) -> np.ndarray:
    """Each row's validation fold: its group's number when `groups` is given, else a stratified k-fold."""
    if groups is not None:
        return np.unique(np.asarray(groups), return_inverse=True)[1]
    ids = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(y, y)):
        ids[test] = k
    return ids


def out_of_fold_proba(estimator, X, y, labels: tuple[str, ...], folds: int = 5, seed: int = 0,
                      groups=None, progress: bool = False) -> np.ndarray:
    """Held-out probabilities for every row, columns in `labels` order: stratified k-fold, or one
    group held out at a time when `groups` is given (see `fold_ids`).

    Not sklearn's cross_val_predict: it label-encodes y, and the codebook
    examples our estimators add carry label names.
    """
    y = np.asarray(list(y))
    rows = X.iloc if isinstance(X, pd.DataFrame) else np.asarray(X, dtype=object)
    proba = np.zeros((len(y), len(labels)))
    ids = fold_ids(y, folds, seed, groups)
    for k in tqdm(np.unique(ids), desc="cross-validation", unit="fold", disable=not progress):
        train, test = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        fitted = clone(estimator).fit(rows[train], y[train])
        # A label only the held-out writer used gets probability 0: the other writers never taught it.
        known = [i for i, label in enumerate(labels) if label in list(fitted.classes_)]
        order = [list(fitted.classes_).index(labels[i]) for i in known]
        proba[np.ix_(test, known)] = fitted.predict_proba(rows[test])[:, order]
    return proba


def cross_fitted_temperature(proba: np.ndarray, y, labels: tuple[str, ...], ids: np.ndarray,
                             fit_on: np.ndarray | None = None) -> np.ndarray:
    """Each fold's held-out probabilities scaled by the temperature fitted on the other folds' ones
    (only their `fit_on` rows, when given).

    An honest view of calibration: no probability is scaled by a temperature fitted on itself.
    """
    y = np.asarray(list(y))
    fit_on = np.ones(len(y), dtype=bool) if fit_on is None else np.asarray(fit_on, dtype=bool)
    out = np.zeros_like(proba)
    for k in np.unique(ids):
        held = ids == k
        rows = ~held & fit_on
        temperature = fit_temperature(proba[rows], y[rows], labels) if rows.any() else 1.0
        out[held] = calibrate(proba[held], temperature)
    return out


def fitted_kinds() -> dict[str, type[_StanceClassifier]]:
    """The kinds a model folder may hold, and the class that restores each: the only classes loading builds."""
    from .finetune import FineTunedClassifier, FineTunedHybrid

    return {"embedding": EmbeddingClassifier, "tfidf": TfidfClassifier, "hybrid": HybridClassifier,
            "finetune": FineTunedClassifier, "finetune-hybrid": FineTunedHybrid}


def make_classifier(kind: str, codebook: Codebook | None = None, encoder: str = DEFAULT_ENCODER) -> BaseEstimator:
    """A fresh estimator of one kind (see KINDS); trained kinds also learn the codebook's examples."""
    examples = codebook.examples() if codebook else ()
    if kind == "embedding":
        return EmbeddingClassifier(encoder, examples=examples)
    if kind == "tfidf":
        return TfidfClassifier(examples=examples)
    if kind == "hybrid":
        return HybridClassifier(encoder, examples=examples)
    if kind in ("finetune", "finetune-hybrid"):
        return fitted_kinds()[kind](encoder, examples=examples)
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
