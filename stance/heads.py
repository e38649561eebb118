"""Fitted stance classifiers as NumPy arrays: what reads a quote and predicts, without scikit-learn.

`stance.classify`'s and `stance.finetune`'s estimators fit these and predict through them, and a
model folder is restored into them, so a quote gets the same probabilities in cross-validation and in
a run, and a run's workers never import scikit-learn (1.5 CPU-seconds each: sklearn.base pulls in
scipy), nor torch for a fine-tuned model whose ONNX graph is cached.
Restoring takes plain JSON values and arrays, each checked for its type and shape.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import trained_layers
from .context import CONTEXT_FIELDS, check_template, fill, one_line, template_fields
from .encoder import load_encoder

# What a sentence encoder reads: the whole template; the sentence alone (it holds the quote and usually
# the cue, so the template says the quote twice: 40% fewer tokens, the same held-out scores); or the cue
# and quote alone (60% fewer tokens; the TF-IDF half of a hybrid still reads the sentence); or the sentence
# with the quote between QUOTE_MARKS (a fine-tuned encoder can learn to read the marked words).
ENCODER_INPUTS = ("template", "sentence", "quote", "marked")
QUOTE_MARKS = ("{", "}")  # one MiniLM token each, and rare in news text
CLASSIC_TEMPLATE = '{cue} "{text}" | {sentence}'  # what `classifier_input` reads (the manifests' input_template)

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
    (`classifier_input` without the sentence) or "marked" (`marked_input`), or a template naming
    fields (`stance.context.fill`: ``{marked} | {headline}``; a context field is read from the frame's
    column of that name, empty where it has none); ready-made strings are used as they are.
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X:
            raise ValueError("a quotes frame needs a 'text' column")
        blank = pd.Series("", index=X.index)
        parts = [X[c].fillna("").astype(str) if c in X else blank for c in ("text", "cue", "sentence")]
        if "{" in reads and reads != CLASSIC_TEMPLATE:
            return templated(X, reads, parts)
        if reads in ("sentence", "marked"):
            build = sentence_input if reads == "sentence" else marked_input
            return [build(t, c, s) for t, c, s in zip(*parts)]
        return [classifier_input(t, c, "" if reads == "quote" else s) for t, c, s in zip(*parts)]
    return [str(x) for x in X]


def templated(X: pd.DataFrame, template: str, parts: list[pd.Series]) -> list[str]:
    """Each row of `X` read through `template` (`stance.context.fill`)."""
    fields = template_fields(template)
    text, cue, sentence = ([one_line(v) for v in part] for part in parts)
    columns = {name: [one_line(v) for v in X[name].fillna("").astype(str)] if name in X else [""] * len(X)
               for name in CONTEXT_FIELDS if name in fields}
    out = []
    for n, (t, c, s) in enumerate(zip(text, cue, sentence)):
        row = {"text": t, "cue": c, "sentence": s, **{name: values[n] for name, values in columns.items()}}
        if "marked" in fields:
            row["marked"] = marked_input(t, c, s)
        out.append(fill(template, row) or classifier_input(t, c))  # nothing named is there: the quote
    return out


def encoder_input_param(params: dict) -> str:
    """The saved `encoder_input` (one of ENCODER_INPUTS, or a template: `stance.context`); folders written
    before it existed read the template."""
    value = params.get("encoder_input", "template")
    return checked_input(value, "encoder_input")


def checked_input(value, name: str) -> str:
    """An encoder input or a template, checked; ValueError names the parameter."""
    if isinstance(value, str) and (value in ENCODER_INPUTS or "{" in value):
        try:
            return value if value in ENCODER_INPUTS else check_template(value)
        except ValueError as exc:
            raise ValueError(f"parameter {name!r}: {exc}") from None
    raise ValueError(f"parameter {name!r} must be one of {', '.join(ENCODER_INPUTS)} or a template")


def input_template_param(params: dict) -> str:
    """The TF-IDF half's saved `input_template`; folders written before it read the classic template."""
    value = params.get("input_template", CLASSIC_TEMPLATE)
    if not isinstance(value, str) or "{" not in value:
        raise ValueError("parameter 'input_template' must be a template")
    return checked_input(value, "input_template")


def head_templates(head) -> tuple[str, ...]:
    """What a restored head reads: its TF-IDF template and its encoder's input, where it has them."""
    found = []
    for part in (head, *(getattr(head, a, None) for a in ("embedding", "finetuned", "tfidf"))):
        if isinstance(part, TfidfHead):
            found.append(part.template)
        elif isinstance(part, (EmbeddingHead, FineTunedHead)):
            found.append(part.encoder_input if isinstance(part, EmbeddingHead) else part.params["encoder_input"])
    return tuple(dict.fromkeys(found))


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


class LinearHead:
    """A fitted multinomial logistic regression as two arrays: softmax(X @ coef.T + intercept).

    Predicting needs only NumPy, and saving it needs only the arrays, so a
    model folder never has to rebuild a scikit-learn object from a file.
    """

    def __init__(self, coef: np.ndarray, intercept: np.ndarray):
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)

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


class SparseRows:
    """Rows of a sparse matrix (CSR arrays), enough to multiply by a dense matrix on the right."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray):
        self.indptr, self.indices, self.data = indptr, indices, data

    def __matmul__(self, dense: np.ndarray) -> np.ndarray:
        out = np.zeros((len(self.indptr) - 1, dense.shape[1]))
        rows = np.repeat(np.arange(len(out)), np.diff(self.indptr))
        np.add.at(out, rows, self.data[:, None] * dense[self.indices])
        return out


_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


class TfidfFeatures:
    """Word and bigram TF-IDF over a fixed vocabulary, as scikit-learn's TfidfVectorizer computes it with
    ``ngram_range=(1, 2), sublinear_tf=True`` (lower case, its token pattern, 1 + log(count), times the
    IDF, rows of unit length)."""

    def __init__(self, vocabulary: list[str], idf: np.ndarray):
        self.vocabulary = vocabulary
        self.index = {word: i for i, word in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)

    def transform(self, texts: list[str]) -> SparseRows:
        indptr, indices, counts = [0], [], []
        for text in texts:
            words = _WORD.findall(text.lower())
            grams = Counter(self.index[g] for g in (*words, *map(" ".join, zip(words, words[1:])))
                            if g in self.index)
            indices.extend(grams)
            counts.extend(grams.values())
            indptr.append(len(indices))
        indices_ = np.asarray(indices, dtype=np.int64)
        data = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[indices_]
        indptr_ = np.asarray(indptr, dtype=np.int64)
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr_))
        norms = np.sqrt(np.bincount(rows, weights=data ** 2, minlength=len(texts)))
        data = data / np.where(norms > 0, norms, 1.0)[rows]
        return SparseRows(indptr_, indices_, data)


class EmbeddingHead:
    """Sentence embeddings (a frozen encoder, `encoder_input` read of each quote) + a linear head."""

    state_params = ("encoder", "C", "encoder_input")

    def __init__(self, encoder: str, encoder_input: str, head: LinearHead, C: float):
        self.encoder, self.encoder_input, self.head, self.C = encoder, encoder_input, head, C

    def predict_proba(self, X) -> np.ndarray:
        return self.head.predict_proba(load_encoder(self.encoder).encode(as_inputs(X, self.encoder_input)))

    def state(self) -> tuple[Arrays, dict]:
        return self.head.state("embedding"), {"encoder": self.encoder, "C": self.C, "encoder_input": self.encoder_input}

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> EmbeddingHead:
        return cls(state_param(params, "encoder", str), encoder_input_param(params),
                   LinearHead.from_state(arrays, "embedding", n_classes), state_param(params, "C", float))


class TfidfHead:
    """Word and bigram TF-IDF of the template (`classifier_input`, or `template` when it names more) + a
    linear head."""

    state_params = ("C", "vocabulary", "input_template")  # input_template: only when not the classic one

    def __init__(self, features: TfidfFeatures, head: LinearHead, C: float, template: str = CLASSIC_TEMPLATE):
        self.features, self.head, self.C, self.template = features, head, C, template

    def predict_proba(self, X) -> np.ndarray:
        return self.head.predict_proba(self.features.transform(as_inputs(X, self.template)))

    def state(self) -> tuple[Arrays, dict]:
        return ({**self.head.state("tfidf"), "tfidf.idf": self.features.idf},
                {"C": self.C, "vocabulary": self.features.vocabulary, **self.template_state()})

    def template_state(self) -> dict:
        """The template as saved: only when it is not the classic one (older folders stay as they were)."""
        return {} if self.template == CLASSIC_TEMPLATE else {"input_template": self.template}

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> TfidfHead:
        vocabulary = state_param(params, "vocabulary", list)
        idf = state_array(arrays, "tfidf.idf", 1)
        if len(set(vocabulary)) != len(vocabulary) or idf.shape != (len(vocabulary),):
            raise ValueError(f"parameter 'vocabulary' ({len(vocabulary)} words, distinct) must match "
                             f"array tfidf.idf ({idf.shape[0]})")
        return cls(TfidfFeatures(vocabulary, idf), LinearHead.from_state(arrays, "tfidf", n_classes, len(vocabulary)),
                   state_param(params, "C", float), input_template_param(params))


def vote_weight(name: str, weight: float) -> float:
    """A soft vote's share for its first head, checked."""
    if not 0 <= weight <= 1:
        raise ValueError(f"parameter '{name}' must be between 0 and 1")
    return weight


def vote(weight: float, first, tfidf: TfidfHead, X) -> np.ndarray:
    """Soft vote: `weight` of the first head's probabilities, the rest the TF-IDF head's (the two err
    differently: an encoder reads meaning, TF-IDF exact words such as negations)."""
    return weight * first.predict_proba(X) + (1 - weight) * tfidf.predict_proba(X)


class HybridHead:
    """Soft vote: `embedding_weight` of the embedding head's probabilities, the rest the TF-IDF head's."""

    state_params = ("encoder", "embedding_weight", "embedding_C", "tfidf_C", "vocabulary", "encoder_input",
                    "input_template")

    def __init__(self, embedding: EmbeddingHead, tfidf: TfidfHead, embedding_weight: float):
        self.embedding, self.tfidf = embedding, tfidf
        self.embedding_weight = vote_weight("embedding_weight", embedding_weight)

    def predict_proba(self, X) -> np.ndarray:
        return vote(self.embedding_weight, self.embedding, self.tfidf, X)

    def state(self) -> tuple[Arrays, dict]:
        (embedding, e_params), (tfidf, t_params) = self.embedding.state(), self.tfidf.state()
        return ({**embedding, **tfidf}, {"encoder": self.embedding.encoder, "embedding_weight": self.embedding_weight,
                                         "embedding_C": e_params["C"], "tfidf_C": t_params["C"],
                                         "vocabulary": t_params["vocabulary"],
                                         "encoder_input": self.embedding.encoder_input, **self.tfidf.template_state()})

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> HybridHead:
        embedding = EmbeddingHead.from_state(arrays, {"encoder": params.get("encoder"), "C": params.get("embedding_C"),
                                                      "encoder_input": encoder_input_param(params)}, n_classes)
        tfidf = TfidfHead.from_state(arrays, tfidf_params(params), n_classes)
        return cls(embedding, tfidf, state_param(params, "embedding_weight", float))


class FineTunedHead:
    """A fine-tuned encoder (the installed one with its trained layers, `stance.trained_layers`) + a linear
    head on its mean-pooled output. The encoder is built when the first quote comes; `params` are the
    saved training parameters (written back by `state`, the encoder reads five of them). `run_dtype`
    ("int8", from the model's manifest) is how the encoder runs unless $STANCE_ENCODER_DTYPE says otherwise.
    `encoder_layers` K > 0: the encoder is cut to its bottom K layers (`trained_layers.cut`) in every
    path it runs (ONNX float32 or int8, torch); 0, or absent in folders written before it: all layers."""

    _PARAMS = {"encoder": str, "epochs": int, "train_layers": int, "learning_rate": float,
               "head_learning_rate": float, "batch_size": int, "max_length": int, "label_smoothing": float,
               "seed": int, "encoder_input": str, "encoder_layers": int}
    _OPTIONAL = {"encoder_input", "encoder_layers"}  # folders written before them have neither
    state_params = tuple(_PARAMS)

    def __init__(self, weights: Arrays, head: LinearHead, params: dict):
        self.weights, self.head, self.params = weights, head, params
        self.run_dtype = ""
        self._encoder = None

    def predict_proba(self, X) -> np.ndarray:
        if self._encoder is None:
            self._encoder = trained_layers.fine_tuned_encoder(self.encoder_name, self.weights,
                                                              self.params["max_length"], self.run_dtype)
        return self.head.predict_proba(self._encoder.encode(as_inputs(X, self.params["encoder_input"])))

    @property
    def encoder_name(self) -> str:
        """The encoder as it runs: its name, cut to `encoder_layers` layers when the model says so."""
        return trained_layers.cut(self.params["encoder"], self.params.get("encoder_layers", 0))

    def state(self) -> tuple[Arrays, dict]:
        arrays = {trained_layers.PREFIX + name: array for name, array in self.weights.items()}
        return {**arrays, **self.head.state("head")}, dict(self.params)

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> FineTunedHead:
        checked = {key: state_param(params, key, kind) for key, kind in cls._PARAMS.items() if key not in cls._OPTIONAL}
        checked["encoder_input"] = encoder_input_param(params)
        checked["encoder_layers"] = state_param(params, "encoder_layers", int) if "encoder_layers" in params else 0
        prefix = trained_layers.PREFIX
        weights = {name[len(prefix):]: array for name, array in arrays.items() if name.startswith(prefix)}
        head = cls(weights, LinearHead.from_state(arrays, "head", n_classes), checked)
        trained_layers.check(head.encoder_name, weights, checked["train_layers"])
        return head


class FineTunedHybridHead:
    """Soft vote: `finetune_weight` of the fine-tuned head's probabilities, the rest the TF-IDF head's."""

    state_params = (*FineTunedHead.state_params, "finetune_weight", "tfidf_C", "vocabulary", "input_template")

    def __init__(self, finetuned: FineTunedHead, tfidf: TfidfHead, finetune_weight: float):
        self.finetuned, self.tfidf = finetuned, tfidf
        self.finetune_weight = vote_weight("finetune_weight", finetune_weight)

    def predict_proba(self, X) -> np.ndarray:
        return vote(self.finetune_weight, self.finetuned, self.tfidf, X)

    def state(self) -> tuple[Arrays, dict]:
        (arrays, params), (tfidf, t_params) = self.finetuned.state(), self.tfidf.state()
        return {**arrays, **tfidf}, {**params, "finetune_weight": self.finetune_weight, "tfidf_C": t_params["C"],
                                     "vocabulary": t_params["vocabulary"], **self.tfidf.template_state()}

    @classmethod
    def from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> FineTunedHybridHead:
        finetuned = FineTunedHead.from_state(arrays, params, n_classes)
        tfidf = TfidfHead.from_state(arrays, tfidf_params(params), n_classes)
        return cls(finetuned, tfidf, state_param(params, "finetune_weight", float))


def tfidf_params(params: dict) -> dict:
    """A hybrid's saved parameters of its TF-IDF half, as `TfidfHead.from_state` reads them."""
    return {"C": params.get("tfidf_C"), "vocabulary": params.get("vocabulary"),
            **({"input_template": params["input_template"]} if "input_template" in params else {})}


HEADS = {"embedding": EmbeddingHead, "tfidf": TfidfHead, "hybrid": HybridHead, "finetune": FineTunedHead,
         "finetune-hybrid": FineTunedHybridHead}


class Calibrated:
    """A restored head with its temperature and classes: what `stance.model.load_model` returns for the
    kinds in HEADS. Same attributes as `stance.classify.TemperatureCalibrated`, without scikit-learn."""

    def __init__(self, head, classes: list[str], temperature: float):
        self.estimator_, self.classes_, self.temperature_ = head, np.array(classes, dtype=object), temperature

    def predict_proba(self, X) -> np.ndarray:
        return calibrate(self.estimator_.predict_proba(X), self.temperature_)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    @classmethod
    def from_state(cls, head: type, arrays: Arrays, params: dict) -> Calibrated:
        """`head` is chosen by the caller from HEADS by the manifest's kind, never by the file."""
        temperature, classes = checked_temperature(params), checked_classes(params)
        return cls(head.from_state(arrays, params, len(classes)), classes, temperature)


def calibrate(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities sharpened (temperature < 1) or flattened (> 1); the ranking stays."""
    return softmax(np.log(np.clip(proba, 1e-12, None)) / temperature)


def checked_temperature(params: dict) -> float:
    temperature = state_param(params, "temperature", float)
    if not 0 < temperature < 1e3:
        raise ValueError("parameter 'temperature' must be positive")
    return temperature


def checked_classes(params: dict) -> list[str]:
    classes = state_param(params, "classes", list)
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError("parameter 'classes' must name two or more distinct labels")
    return classes
