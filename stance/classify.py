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
from tqdm.auto import tqdm

from .codebook import Codebook
from .encoder import DEFAULT_ENCODER, load_encoder

INPUT_TEMPLATE = '{cue} "{text}" | {sentence}'
KINDS = ("embedding", "tfidf", "hybrid", "finetune", "finetune-hybrid", "zero-shot")
# What the sentence encoder reads: the whole template; the sentence alone (it holds the quote and usually
# the cue, so the template says the quote twice: 40% fewer tokens, the same held-out scores); or the cue
# and quote alone (60% fewer tokens; the TF-IDF half of a hybrid still reads the sentence); or the sentence
# with the quote between QUOTE_MARKS (a fine-tuned encoder can learn to read the marked words).
ENCODER_INPUTS = ("template", "sentence", "quote", "marked")
QUOTE_MARKS = ("{", "}")  # one MiniLM token each, and rare in news text

Arrays = dict[str, np.ndarray]


def classifier_input(text: str, cue: str = "", sentence: str = "") -> str:
    """The quote as the classifier reads it: cue, quoted words, then the sentence around them.

    The cue carries stance for fragments (expressed "deep concerns"); the sentence
    says what the fragment is about. Missing parts are left out, not left blank.
    """
    quote = f'{cue.strip()} "{text.strip()}"'.strip()
    sentence = " ".join(sentence.split())
    return f"{quote} | {sentence}" if sentence and sentence != text.strip() else quote


def sentence_input(text: str, cue: str = "", sentence: str = "") -> str:
    """The quote as the encoder reads it with ``encoder_input="sentence"``: its sentence, else cue and quote."""
    return " ".join(sentence.split()) or classifier_input(text, cue)


def marked_input(text: str, cue: str = "", sentence: str = "") -> str:
    """The quote as an encoder reads it with ``encoder_input="marked"``: its sentence with the quoted words
    between QUOTE_MARKS (one token each, so it costs what the sentence costs: the cue is in the sentence);
    the template when the sentence does not hold the words (a sentence with two quotes says which one)."""
    quote, sentence = " ".join(text.split()), " ".join(sentence.split())
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return classifier_input(text, cue, sentence)
    opening, closing = QUOTE_MARKS
    return f"{sentence[:at]}{opening}{quote}{closing}{sentence[at + len(quote):]}"


def as_inputs(X: pd.DataFrame | Sequence[str], reads: str = "template") -> list[str]:
    """Classifier inputs from a quotes frame (text, cue, sentence columns) or ready-made strings.

    `reads` is "template" (`classifier_input`), "sentence" (`sentence_input`), "quote"
    (`classifier_input` without the sentence) or "marked" (`marked_input`); ready-made strings are used
    as they are.
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X:
            raise ValueError("a quotes frame needs a 'text' column")
        blank = pd.Series("", index=X.index)
        parts = [X[c].fillna("").astype(str) if c in X else blank for c in ("text", "cue", "sentence")]
        if reads in ("sentence", "marked"):
            build = sentence_input if reads == "sentence" else marked_input
            return [build(t, c, s) for t, c, s in zip(*parts)]
        return [classifier_input(t, c, "" if reads == "quote" else s) for t, c, s in zip(*parts)]
    return [str(x) for x in X]


def encoder_input_param(params: dict) -> str:
    """The saved `encoder_input`; folders written before it existed read the template."""
    value = params.get("encoder_input", "template")
    if value not in ENCODER_INPUTS:
        raise ValueError(f"parameter 'encoder_input' must be one of {', '.join(ENCODER_INPUTS)}")
    return value


class LinearHead:
    """A fitted multinomial logistic regression as two arrays: softmax(X @ coef.T + intercept).

    Predicting needs only NumPy, and saving it needs only the arrays, so a
    model folder never has to rebuild a scikit-learn object from a file.
    """

    def __init__(self, coef: np.ndarray, intercept: np.ndarray):
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)

    @classmethod
    def fit(cls, X, y: np.ndarray, C: float) -> tuple[LinearHead, np.ndarray]:
        """The head and its classes (sorted), fitted by scikit-learn's lbfgs."""
        fitted = LogisticRegression(C=C, max_iter=5000).fit(X, y)
        coef, intercept = fitted.coef_, fitted.intercept_
        if len(fitted.classes_) == 2:  # binary: sigmoid(z) == softmax([-z/2, z/2])
            coef, intercept = np.vstack([-coef, coef]) / 2, np.concatenate([-intercept, intercept]) / 2
        return cls(coef, intercept), fitted.classes_

    def predict_proba(self, X) -> np.ndarray:
        return softmax(np.asarray(X @ self.coef.T) + self.intercept)

    def state(self, prefix: str) -> Arrays:
        return {f"{prefix}.coef": self.coef, f"{prefix}.intercept": self.intercept}

    @classmethod
    def from_state(cls, arrays: Arrays, prefix: str, n_classes: int, n_features: int | None = None) -> LinearHead:
        coef = state_array(arrays, f"{prefix}.coef", 2)
        intercept = state_array(arrays, f"{prefix}.intercept", 1)
        if coef.shape[0] != n_classes or intercept.shape != (n_classes,) or \
                (n_features is not None and coef.shape[1] != n_features):
            raise ValueError(f"array {prefix}.coef/{prefix}.intercept has the wrong shape {coef.shape}/{intercept.shape}")
        return cls(coef, intercept)


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    return scores / scores.sum(axis=1, keepdims=True)


def state_array(arrays: Arrays, key: str, ndim: int) -> np.ndarray:
    """A float array from a saved state, checked, so a damaged file is a clear error, not a crash later."""
    value = arrays.get(key)
    if value is None:
        raise ValueError(f"array {key} is missing")
    if value.ndim != ndim or value.dtype.kind != "f" or not np.isfinite(value).all():
        raise ValueError(f"array {key} must be a finite float array with {ndim} dimension(s)")
    return value


def state_param(params: dict, key: str, kind: type | tuple[type, ...]):
    """A JSON parameter of an expected plain type (str, float, list of str...), never anything else."""
    value = params.get(key)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"parameter {key!r} must be {getattr(kind, '__name__', kind)}, not {type(value).__name__}")
    if kind is list and not all(isinstance(v, str) for v in value):
        raise ValueError(f"parameter {key!r} must be a list of strings")
    return value


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
            rows = pd.concat([X[[c for c in ("text", "cue", "sentence") if c in X]], examples], ignore_index=True)
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
        classes = state_param(params, "classes", list)
        if len(classes) < 2 or len(set(classes)) != len(classes):
            raise ValueError("parameter 'classes' must name two or more distinct labels")
        estimator = cls._from_state(arrays, params, len(classes))
        estimator.classes_ = np.array(classes, dtype=object)
        return estimator


class EmbeddingClassifier(_StanceClassifier):
    """Sentence embeddings (frozen encoder) + multinomial logistic regression.

    `encoder_input` (see ENCODER_INPUTS) is what the encoder reads of each quote.
    """

    state_params = ("encoder", "C", "encoder_input")

    def __init__(self, encoder: str = DEFAULT_ENCODER, C: float = 4.0, examples: tuple = (),
                 encoder_input: str = "sentence"):
        self.encoder = encoder
        self.C = C
        self.examples = examples
        self.encoder_input = encoder_input

    def _fit(self, X, y: np.ndarray) -> None:
        self.head_, self.classes_ = LinearHead.fit(self._embed(X), y, self.C)

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(self._embed(X))

    def _embed(self, X) -> np.ndarray:
        return load_encoder(self.encoder).encode(as_inputs(X, self.encoder_input))

    def _state(self) -> tuple[Arrays, dict]:
        return self.head_.state("embedding"), {"encoder": self.encoder, "C": self.C,
                                               "encoder_input": self.encoder_input}

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> EmbeddingClassifier:
        estimator = cls(state_param(params, "encoder", str), state_param(params, "C", float),
                        encoder_input=encoder_input_param(params))
        estimator.head_ = LinearHead.from_state(arrays, "embedding", n_classes)
        return estimator


class TfidfClassifier(_StanceClassifier):
    """The baseline: word and bigram TF-IDF + logistic regression."""

    state_params = ("C", "vocabulary")

    def __init__(self, C: float = 10.0, examples: tuple = ()):
        self.C = C
        self.examples = examples

    def _fit(self, X, y: np.ndarray) -> None:
        self.vectorizer_ = _vectorizer()
        self.head_, self.classes_ = LinearHead.fit(self.vectorizer_.fit_transform(as_inputs(X)), y, self.C)

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(self.vectorizer_.transform(as_inputs(X)))

    def _state(self) -> tuple[Arrays, dict]:
        vocabulary = sorted(self.vectorizer_.vocabulary_, key=self.vectorizer_.vocabulary_.get)
        return ({**self.head_.state("tfidf"), "tfidf.idf": self.vectorizer_.idf_},
                {"C": self.C, "vocabulary": vocabulary})

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> TfidfClassifier:
        estimator = cls(state_param(params, "C", float))
        vocabulary = state_param(params, "vocabulary", list)
        idf = state_array(arrays, "tfidf.idf", 1)
        if len(set(vocabulary)) != len(vocabulary) or idf.shape != (len(vocabulary),):
            raise ValueError(f"parameter 'vocabulary' ({len(vocabulary)} words, distinct) must match "
                             f"array tfidf.idf ({idf.shape[0]})")
        estimator.vectorizer_ = _vectorizer({word: i for i, word in enumerate(vocabulary)})
        estimator.vectorizer_.idf_ = idf
        estimator.head_ = LinearHead.from_state(arrays, "tfidf", n_classes, len(vocabulary))
        return estimator


def _vectorizer(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    """Words and bigrams, sublinear counts: the one TF-IDF setting, for fitting and for loading."""
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=vocabulary)


class HybridClassifier(_StanceClassifier):
    """Soft vote of the embedding and TF-IDF classifiers: meaning, and exact words such as negations.

    `embedding_weight` is the embedding model's share of the vote; the TF-IDF
    model gets the rest.
    """

    state_params = ("encoder", "embedding_weight", "embedding_C", "tfidf_C", "vocabulary", "encoder_input")

    def __init__(self, encoder: str = DEFAULT_ENCODER, embedding_weight: float = 0.25, examples: tuple = (),
                 encoder_input: str = "sentence"):
        self.encoder = encoder
        self.embedding_weight = embedding_weight
        self.examples = examples
        self.encoder_input = encoder_input

    def _fit(self, X, y: np.ndarray) -> None:
        self.embedding_ = EmbeddingClassifier(self.encoder, encoder_input=self.encoder_input)
        self.embedding_._fit(X, y)
        self.tfidf_ = TfidfClassifier()
        self.tfidf_._fit(X, y)
        self.classes_ = self.tfidf_.classes_

    def predict_proba(self, X) -> np.ndarray:
        w = self.embedding_weight
        return w * self.embedding_.predict_proba(X) + (1 - w) * self.tfidf_.predict_proba(X)

    def _state(self) -> tuple[Arrays, dict]:
        (embedding, e_params), (tfidf, t_params) = self.embedding_._state(), self.tfidf_._state()
        return ({**embedding, **tfidf}, {"encoder": self.encoder, "embedding_weight": self.embedding_weight,
                                         "embedding_C": e_params["C"], "tfidf_C": t_params["C"],
                                         "vocabulary": t_params["vocabulary"], "encoder_input": self.encoder_input})

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> HybridClassifier:
        estimator = cls(state_param(params, "encoder", str), state_param(params, "embedding_weight", float),
                        encoder_input=encoder_input_param(params))
        if not 0 <= estimator.embedding_weight <= 1:
            raise ValueError("parameter 'embedding_weight' must be between 0 and 1")
        estimator.embedding_ = EmbeddingClassifier._from_state(
            arrays, {"encoder": estimator.encoder, "C": params.get("embedding_C"),
                     "encoder_input": estimator.encoder_input}, n_classes)
        estimator.tfidf_ = TfidfClassifier._from_state(
            arrays, {"C": params.get("tfidf_C"), "vocabulary": params.get("vocabulary")}, n_classes)
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
        return softmax(np.log(np.clip(self.estimator_.predict_proba(X), 1e-12, None)) / self.temperature_)

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
        calibrated.temperature_ = state_param(params, "temperature", float)
        if not 0 < calibrated.temperature_ < 1e3:
            raise ValueError("parameter 'temperature' must be positive")
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
        out[held] = softmax(np.log(np.clip(proba[held], 1e-12, None)) / temperature)
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
