"""The fine-tuned classifier: MiniLM trained end to end with a linear head on its mean-pooled output.

Plain classification fine-tuning with label smoothing (the SetFit recipe needs
many sentence pairs per quote, too slow for two CPU cores). Only the top layers
train: the frozen ones run once per quote before the first epoch
(`frozen_states`), and batches group quotes of similar length, so little time
goes into padding. The fitted state is `stance.heads.FineTunedHead`: the trained
layers' weights in float16 plus the head, saved by `stance.model` as safetensors
(the frozen layers are the installed encoder's, whose sha256 the manifest checks;
folders written before hold all the weights and still load). It predicts, here
and in a loaded model, through `stance.trained_layers`: the encoder in float32 in
ONNX Runtime (its graph cached under a digest of the weights) or in torch
(bfloat16 where the CPU has it).

`encoder_layers=K` keeps only the bottom K of the encoder's layers (a shallower, cheaper encoder:
the cost per quote is about proportional to the layers run); the trained layers are then the top
of those K, and the model runs the same K layers wherever it is loaded (`FineTunedHead`).

`teacher=FOLDER` distils a model folder into the one being trained: the teacher classifies the training
rows once before the first step, and `teacher_weight` of each row's loss is then the KL divergence from
the teacher's probabilities to the student's (temperature 1), the rest the label-smoothed cross-entropy
with the hard label (`distil_losses`). Of a hybrid teacher only its fine-tuned half speaks: it is what the
student's loss trains (the student's own TF-IDF half is fitted on the hard labels, as without a teacher).
A `teacher_share` column sets a row's own teacher weight (empty: `teacher_weight`); a row of share 1 learns
only from the teacher (an input with no hard label: its label column serves the held-out split alone, and
the TF-IDF half leaves it out), so the teacher's probabilities can reach more inputs than the labelled rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .classify import INPUT_TEMPLATE, Arrays, LinearHead, TfidfClassifier, _StanceClassifier, as_inputs, row_weights
from .encoder import DEFAULT_ENCODER, encoder_source, mean_pool, pretrained
from .heads import FineTunedHead, FineTunedHybridHead
from .trained_layers import check_encoder_layers


class FineTunedClassifier(_StanceClassifier):
    """MiniLM fine-tuned on the annotated quotes, with a softmax head on the mean-pooled tokens.

    The word embeddings and all but the top `train_layers` transformer layers
    stay frozen: that halves the work of a step on a CPU and keeps what the
    encoder learned from a billion sentence pairs. `verbose` shows a progress
    bar with an ETA while training.
    """

    state_params = FineTunedHead.state_params

    def __init__(self, encoder: str = DEFAULT_ENCODER, epochs: int = 2, train_layers: int = 2,
                 learning_rate: float = 1e-4, head_learning_rate: float = 2e-3, batch_size: int = 16,
                 max_length: int = 96, label_smoothing: float = 0.1, seed: int = 0, examples: tuple = (),
                 verbose: bool = False, encoder_input: str = "template", encoder_layers: int = 0,
                 teacher: str = "", teacher_weight: float = 0.5):
        self.encoder = encoder
        self.encoder_layers = encoder_layers
        self.encoder_input = encoder_input
        self.epochs = epochs
        self.train_layers = train_layers
        self.learning_rate = learning_rate
        self.head_learning_rate = head_learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.label_smoothing = label_smoothing
        self.seed = seed
        self.examples = examples
        self.verbose = verbose
        self.teacher = teacher
        self.teacher_weight = teacher_weight

    def _fit(self, X, y: np.ndarray) -> None:
        import torch
        from tqdm import tqdm
        from transformers import AutoTokenizer, get_linear_schedule_with_warmup
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        inputs = as_inputs(X, self.encoder_input)
        soft = mix = None
        if self.teacher:
            soft = torch.as_tensor(teacher_proba(self.teacher, X, np.unique(y)), dtype=torch.float32)
            mix = torch.tensor(teacher_shares(X, self.teacher_weight), dtype=torch.float32)
        elif teacher_shares(X, 0.0).any():
            raise ValueError("a teacher_share column needs a teacher (--param teacher=FOLDER)")
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        self.classes_, target = np.unique(y, return_inverse=True)
        source = str(encoder_source(self.encoder))
        tokenizer = AutoTokenizer.from_pretrained(source)
        model = pretrained(source, check_layers(self.encoder, self.encoder_layers)).float()
        first_trained = _first_trained(model, self.train_layers)
        ids = tokenizer(inputs, truncation=True, max_length=self.max_length)["input_ids"]
        states = frozen_states(model, first_trained, ids, verbose=self.verbose)
        top = list(model.encoder.layer)[first_trained:]
        trained = _top_layers(model, self.train_layers)
        for layer in top:
            layer.train()
        head = torch.nn.Linear(model.config.hidden_size, len(self.classes_))
        lengths = np.array([len(i) for i in ids])
        steps_per_epoch = -(-len(inputs) // self.batch_size)
        optimizer = torch.optim.AdamW([
            {"params": trained, "lr": self.learning_rate},
            {"params": head.parameters(), "lr": self.head_learning_rate}], weight_decay=0.01)
        total = steps_per_epoch * self.epochs
        schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)
        loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=self.label_smoothing, reduction="none")
        target = torch.as_tensor(target)
        share = row_weights(X)  # a `weight` column: as if each row came that many times (all 1: the plain mean)
        share = torch.ones(len(target)) if share is None else torch.tensor(share, dtype=torch.float32)
        share = share / share.mean()
        with tqdm(total=total, desc=f"fine-tuning ({len(inputs)} quotes)", unit="step", disable=not self.verbose,
                  leave=False) as bar:
            for _ in range(self.epochs):
                for index in _length_batches(lengths, self.batch_size, rng):
                    logits = head(top_pooled(model, top, [states[i] for i in index]))
                    losses = loss_fn(logits, target[index]) if soft is None else \
                        distil_losses(logits, target[index], soft[index], mix[index], self.label_smoothing)
                    loss = (losses * share[index]).mean()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_([*trained, *head.parameters()], 1.0)
                    optimizer.step()
                    schedule.step()
                    optimizer.zero_grad()
                    bar.update()
                    bar.set_postfix(loss=f"{loss.item():.3f}")
        kept = tuple(f"encoder.layer.{i}." for i in range(first_trained, len(model.encoder.layer)))
        weights = {k: v.detach().to(torch.float16).numpy() for k, v in model.state_dict().items() if k.startswith(kept)}
        self.head_ = FineTunedHead(weights, LinearHead(head.weight.detach().numpy(), head.bias.detach().numpy()),
                                   {k: getattr(self, k) for k in FineTunedHead.state_params})

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)

    def _state(self) -> tuple[Arrays, dict]:
        return self.head_.state()

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> FineTunedClassifier:
        head = FineTunedHead.from_state(arrays, params, n_classes)
        estimator = cls(**head.params)
        estimator.head_ = head
        return estimator


class FineTunedHybrid(FineTunedClassifier):
    """Soft vote of the fine-tuned encoder and word/bigram TF-IDF: the hybrid with its frozen encoder
    replaced by a trained one, at the same cost per quote (one MiniLM pass; TF-IDF is ~2% of it).

    The two err differently (a trained encoder reads meaning, TF-IDF exact words such as
    negations), so their average holds better on new writers than either alone.
    `finetune_weight` is the fine-tuned encoder's share of the vote. The encoder reads the sentence with
    the quote marked (`stance.classify.marked_input`): a third fewer tokens than the template, so it
    classifies as fast as the hybrid; TF-IDF reads the template.
    """

    state_params = FineTunedHybridHead.state_params

    def __init__(self, encoder: str = DEFAULT_ENCODER, epochs: int = 2, train_layers: int = 2,
                 learning_rate: float = 1e-4, head_learning_rate: float = 2e-3, batch_size: int = 16,
                 max_length: int = 96, label_smoothing: float = 0.1, seed: int = 0, examples: tuple = (),
                 verbose: bool = False, encoder_input: str = "marked", finetune_weight: float = 0.5,
                 encoder_layers: int = 0, input_template: str = INPUT_TEMPLATE, teacher: str = "",
                 teacher_weight: float = 0.5):
        super().__init__(encoder, epochs, train_layers, learning_rate, head_learning_rate, batch_size, max_length,
                         label_smoothing, seed, examples, verbose, encoder_input, encoder_layers, teacher, teacher_weight)
        self.finetune_weight = finetune_weight
        self.input_template = input_template

    def _fit(self, X, y: np.ndarray) -> None:
        super()._fit(X, y)
        tfidf = TfidfClassifier(input_template=self.input_template)
        hard = teacher_shares(X, 0.0) < 1  # rows the teacher alone labels have no hard label for TF-IDF
        tfidf._fit(X[hard] if isinstance(X, pd.DataFrame) else [x for x, h in zip(X, hard) if h], y[hard])
        self.head_ = FineTunedHybridHead(self.head_, tfidf.head_, self.finetune_weight)

    @classmethod
    def _from_state(cls, arrays: Arrays, params: dict, n_classes: int) -> FineTunedHybrid:
        head = FineTunedHybridHead.from_state(arrays, params, n_classes)
        estimator = cls(**head.finetuned.params, finetune_weight=head.finetune_weight, input_template=head.tfidf.template)
        estimator.head_ = head
        return estimator


def check_layers(encoder: str, layers: int) -> int:
    """`encoder_layers`, checked against the encoder's layers (0 keeps them all; `trained_layers.check_encoder_layers`)."""
    from transformers import AutoConfig

    count = AutoConfig.from_pretrained(str(encoder_source(encoder))).num_hidden_layers
    return check_encoder_layers(encoder, layers, count)


def teacher_proba(folder: str, X, classes: np.ndarray) -> np.ndarray:
    """The teacher model folder's probabilities for the training rows `X`, columns in `classes` order:
    its fine-tuned half's where it is a hybrid (else its own), before its temperature (so at temperature 1),
    run as the folder's manifest says (int8 where it ships so)."""
    from .errors import StanceError
    from .model import load_model

    model = load_model(folder)
    head = getattr(model.estimator, "estimator_", model.estimator)
    head = getattr(head, "head_", head)
    head = getattr(head, "finetuned", head)
    known = [str(c) for c in getattr(head, "classes_", model.estimator.classes_)]  # the columns of head's proba
    missing = [str(c) for c in classes if str(c) not in known]
    if missing:
        raise StanceError(f"teacher {folder}: it has no label {', '.join(missing)} (it has {', '.join(known)})")
    proba = np.asarray(head.predict_proba(X), dtype=np.float64)
    return proba[:, [known.index(str(c)) for c in classes]]


def teacher_shares(X, default: float) -> np.ndarray:
    """Each row's teacher weight: its `teacher_share` column where it has one (a share, checked when the
    rows are read), else `default`."""
    if not isinstance(X, pd.DataFrame) or "teacher_share" not in X:
        return np.full(len(X), default)
    return pd.to_numeric(X["teacher_share"], errors="coerce").fillna(default).to_numpy(dtype=float)


def distil_losses(logits, target, soft, teacher_weight: float, label_smoothing: float = 0.0):
    """Each row's loss: (1 - teacher_weight) x the label-smoothed cross-entropy with the hard label `target`
    plus teacher_weight x KL(soft || softmax(logits)), the teacher's probabilities `soft` (temperature 1);
    `teacher_weight` is one number or one per row."""
    import torch

    hard = torch.nn.functional.cross_entropy(logits, target, label_smoothing=label_smoothing, reduction="none")
    log_student = torch.log_softmax(logits, dim=-1)
    kl = (soft * (torch.log(soft.clamp_min(1e-12)) - log_student)).sum(dim=-1)
    return (1 - teacher_weight) * hard + teacher_weight * kl


def _first_trained(model, n: int) -> int:
    """Index of the first trained layer (the top `n` of the encoder's layers are trained)."""
    count = len(model.encoder.layer)
    if not 1 <= n <= count:
        raise ValueError(f"train_layers must be between 1 and {count}, got {n}")
    return count - n


def frozen_states(model, layers: int, ids: list[list[int]], batch_size: int = 64, verbose: bool = False) -> list:
    """Each input's hidden states after the embeddings and the first `layers` (frozen) layers, computed once.

    The frozen layers give the same states in every epoch, so training runs only the top layers
    (a step costs about 40% less with two of six trained). Inputs are run in batches of one token
    length, without padding or mask, and kept unpadded (one tensor of shape (tokens, hidden) each):
    a padded key is masked out in every later layer, so the states do not depend on the batch.
    Dropout is off here (the frozen layers are not trained).
    """
    import torch
    from tqdm import tqdm

    states: list = [None] * len(ids)
    by_length: dict[int, list[int]] = {}
    for i, row in enumerate(ids):
        by_length.setdefault(len(row), []).append(i)
    model.eval()
    with torch.no_grad(), tqdm(total=len(ids), desc="frozen layers, once", unit="quote", disable=not verbose,
                               leave=False) as bar:
        for index in by_length.values():
            for start in range(0, len(index), batch_size):
                chunk = index[start:start + batch_size]
                hidden = model.embeddings(input_ids=torch.as_tensor([ids[i] for i in chunk]))
                for layer in list(model.encoder.layer)[:layers]:
                    hidden = layer(hidden, None)
                for row, i in enumerate(chunk):
                    states[i] = hidden[row].clone()
                bar.update(len(chunk))
    return states


def top_pooled(model, top: list, states: list):
    """The mean-pooled output of the `top` layers run on cached frozen states (padded into one batch)."""
    import torch
    from transformers.masking_utils import create_bidirectional_mask

    hidden = torch.nn.utils.rnn.pad_sequence(states, batch_first=True)
    mask = (torch.arange(hidden.shape[1])[None, :] < torch.tensor([len(s) for s in states])[:, None]).long()
    attention = create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=mask)
    for layer in top:
        hidden = layer(hidden, attention)
    return mean_pool(hidden, mask)


def _top_layers(model, n: int) -> list:
    """Freeze the embeddings and all but the last `n` layers; the parameters left to train."""
    layers = list(model.encoder.layer)
    for param in model.parameters():
        param.requires_grad = False
    trained = [p for layer in layers[len(layers) - n:] for p in layer.parameters()]
    for param in trained:
        param.requires_grad = True
    return trained


def _length_batches(lengths: np.ndarray, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of quotes of similar length: sort within random pools of 50 batches, shuffle the batches."""
    order = rng.permutation(len(lengths))
    pool = size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = order[start:start + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches.extend(chunk[i:i + size] for i in range(0, len(chunk), size))
    return [batches[i] for i in rng.permutation(len(batches))]
