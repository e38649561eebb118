"""Stance classifiers compared, and classification speed on distinct quotes.

Quality: for each baseline kind (zero-shot, TF-IDF, embedding, hybrid) the
cross-validated macro-F1, accuracy and expected calibration error on the
repository's training data, and macro-F1 end to end on the quotes the
extractor finds in the seeds and dev gold sets (never training data). Model
folders given with --models (a fine-tuned one, say: too slow to cross-validate
here) are scored on the same gold sets, with the validation from their manifest.

On a machine other jobs load, wall-clock rates say little; `--per-core` times
the reference and model folders in float32 on one thread by process CPU time,
in interleaved rounds (median of three), so their ratios hold under load.

Speed: quotes per second for a model folder (default: the shipped one) over
distinct quotes, once per encoder dtype (float32 in torch and in ONNX Runtime, int8 dynamic quantisation in ONNX Runtime,
bfloat16 where the CPU has it), the encoder's memo cleared before each timed
run; beside it a float32 MiniLM forward pass over the same inputs in the same
process (a slower or faster machine shows as the same ratio), the labels'
agreement with float32 on the quotes found in the dev and blind sets, and peak
RSS. Goal: 150 quotes/s. `--compare FOLDER ...` times other model folders (a static or cut encoder, a
shallower fine-tuned one, TF-IDF alone) the same way right after, in the same process, each beside the
timed model in float32 and in int8, in interleaved rounds: quotes/s, quotes per CPU-second, the ratio
to the timed model, and label agreement with it.

    python benchmarks/bench_stance.py [--quick] [--models FOLDER ...] [--speed-model FOLDER] [--speed-only]
                                      [--quotes N] [--per-core [FOLDER ...]] [--compare FOLDER ...]
"""
from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from stance.classify import KINDS, TemperatureCalibrated, as_inputs, make_classifier
from stance.codebook import load_codebook
from stance.context import CONTEXT_FIELDS
from stance.encoder import clear_memos, default_encoder_path, fast_dtype, load_encoder, mean_pool
from stance.gold import evaluate, load_gold
from stance.model import StanceModel, load_model
from stance.pipeline import score
from stance.records import Document
from stance.training import classification_scores, cross_validate, read_training_data

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOAL_QUOTES_PER_SECOND = 150
BASELINES = [k for k in KINDS if k != "finetune"]  # fine-tuned models come as folders (--models)


def gold_quotes_found(name: str) -> tuple[list[dict], pd.DataFrame] | None:
    """The gold documents and the quotes `stance score` finds in them (extracted once)."""
    path = REPO / "data" / "stance" / "blind.jsonl" if name == "blind" else SHARED / "gold" / f"{name}.jsonl"
    if not path.is_file():
        return None
    docs = load_gold(path)
    quotes = score([Document(str(d["doc_id"]), d["text"]) for d in docs], model="zero-shot").quotes
    return docs, quotes


def gold_f1(model: StanceModel, gold: dict) -> str:
    row = ""
    for docs, quotes in gold.values():
        proba = model.predict_proba(quotes[["text", "cue", "sentence"]])
        labelled = quotes.assign(stance=[model.labels[i] for i in proba.argmax(axis=1)])
        row += f" {evaluate(docs, labelled)['stance_macro_f1']:>9.3f}"
    return row


def compare(data: pd.DataFrame, gold: dict, quick: bool, folders: list[str]) -> None:
    codebook = load_codebook()
    print(f"{'kind':<16} {'validation':<10} {'macro_f1':>8} {'acc':>6} {'ece':>6}"
          + "".join(f" {g + '_f1':>9}" for g in gold))
    for kind in BASELINES:
        if kind == "zero-shot":  # nothing to fit: scored on all the training data
            estimator = make_classifier(kind, codebook).fit()
            cv = {"method": "all rows", **classification_scores(data["label"], estimator.predict_proba(data),
                                                                 codebook.names)}
        else:
            if quick and kind == "embedding":
                continue
            estimator = make_classifier(kind, codebook)
            cv, temperature = cross_validate(estimator, data, codebook.names)
            estimator = TemperatureCalibrated.prefitted(estimator.fit(data, data["label"].tolist()), temperature)
        model = StanceModel(estimator, codebook.names, kind, {})
        print(f"{kind:<16} {cv['method']:<10} {cv['macro_f1']:>8.3f} {cv['accuracy']:>6.3f} {cv['ece']:>6.3f}"
              + gold_f1(model, gold), flush=True)
    for folder in folders:
        model = load_model(folder, codebook)
        cv = model.manifest.get("cross_validation")  # an averaged folder has none of its own
        name = f"{Path(folder).name}:{model.manifest['kind']}"
        own = f"{cv['method']:<10} {cv['macro_f1']:>8.3f} {cv['accuracy']:>6.3f} {cv['ece']:>6.3f}" if cv else \
            f"{'averaged':<10} {'-':>8} {'-':>6} {'-':>6}"
        print(f"{name:<16} {own}" + gold_f1(model, gold), flush=True)


def distinct_inputs(data: pd.DataFrame, n: int) -> pd.DataFrame:
    """Up to `n` quotes whose classifier inputs and sentences are all different, so no memo or cache can
    answer one (a model whose encoder reads the sentence would otherwise encode a shared one once)."""
    context = [c for c in CONTEXT_FIELDS if c in data]  # train.csv's speaker: what a model reading it is timed on
    frame = data[["text", "cue", "sentence", *context]].assign(input=as_inputs(data), read=as_inputs(data, "sentence"))
    frame = frame.drop_duplicates("input").drop_duplicates("read")
    return frame.head(n).drop(columns=["input", "read"]).reset_index(drop=True)


def bare_minilm():
    """A function that runs a bare float32 MiniLM forward pass (batches of 16, longest first) over inputs."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = default_encoder_path()
    tokenizer, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).float().eval()

    def forward(inputs: list[str]) -> None:
        ordered = sorted(inputs, key=len, reverse=True)
        with torch.inference_mode():
            for start in range(0, len(ordered), 16):
                batch = tokenizer(ordered[start:start + 16], padding=True, truncation=True, max_length=256,
                                  return_tensors="pt")
                mean_pool(model(**batch).last_hidden_state, batch["attention_mask"])
    return forward


def reference_rate(inputs: list[str]) -> float:
    """Quotes/s of a bare float32 MiniLM forward pass over `inputs` (see `bare_minilm`)."""
    forward = bare_minilm()
    started = time.perf_counter()
    forward(inputs)
    return len(inputs) / (time.perf_counter() - started)


def per_core(data: pd.DataFrame, n: int, folders: list[str | None], rounds: int = 3) -> None:
    """Quotes per CPU-second on one thread, float32: the reference, the shipped model (in torch and in
    ONNX Runtime) and each model folder, interleaved; each encoder is loaded before its timed run."""
    import torch

    from stance.encoder import limit_threads

    torch.set_num_threads(1)
    limit_threads(1)
    frame = distinct_inputs(data, n)
    forward = bare_minilm()
    runs = {"reference (bare MiniLM)": (None, "", lambda: forward(as_inputs(frame)))}
    for folder, backend in [(None, "torch"), *((f, "") for f in folders)]:
        model = timed_model(folder, "float32", backend)
        name = (model.name if folder is None else Path(folder).name) + f" ({backend or 'default'})"
        runs[name] = (model, backend,
                      lambda m=model: [m.predict_proba(frame.iloc[i:i + 256]) for i in range(0, len(frame), 256)])
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, (model, backend, run) in runs.items():
            if model is not None:
                os.environ["STANCE_ENCODER_BACKEND"] = backend
                load_encoder.cache_clear()
                model.predict_proba(frame.head(8))  # the encoder loads (untimed)
            clear_memos()
            started = time.process_time()
            run()
            rates[name].append(len(frame) / (time.process_time() - started))
    reference = float(np.median(rates["reference (bare MiniLM)"]))
    for name, found in rates.items():
        print(f"per core, float32, 1 thread: {name:<34} {np.median(found):6.1f} quotes per CPU-second "
              f"({', '.join(f'{r:.0f}' for r in found)}); {np.median(found) / reference:.2f}x the reference",
              flush=True)


def timed_model(folder: str | None, dtype: str, backend: str = "") -> StanceModel:
    """The model with its encoder running in `dtype` (on `backend` where given), loaded afresh (no memo
    carried over)."""
    os.environ["STANCE_ENCODER_DTYPE"] = dtype
    os.environ["STANCE_ENCODER_BACKEND"] = backend
    load_encoder.cache_clear()
    clear_memos()
    return load_model(folder)


def timed_run(model: StanceModel, frame: pd.DataFrame) -> tuple[float, float]:
    """Quotes per second and per CPU-second (all threads of this process) classifying `frame` in chunks of
    256, the encoder loaded and its memo cleared first."""
    model.predict_proba(frame.head(8))  # warm-up: the encoder loads and allocates
    clear_memos()
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(frame), 256):
        model.predict_proba(frame.iloc[start:start + 256])
    return len(frame) / (time.perf_counter() - started), len(frame) / (time.process_time() - cpu)


def compare_speed(frame: pd.DataFrame, folders: list[str], shipped: str | None, agreement_sets: dict,
                  rounds: int = 3) -> None:
    """Each folder timed on the same distinct quotes as the timed model (`shipped`), in float32 and in int8
    (how a fine-tuned model ships), in `rounds` interleaved rounds (the median: load on a shared machine
    moves every model alike), with its label agreement with the timed model in the same dtype."""
    for dtype in ("float32", "int8"):
        models = {"": timed_model(shipped, dtype), **{folder: timed_model(folder, dtype) for folder in folders}}
        for model in models.values():
            model.predict_proba(frame.head(8))  # the encoder is built now, in this dtype
        found: dict[str, list[tuple[float, float]]] = {name: [] for name in models}
        for _ in range(rounds):
            for name, model in models.items():
                found[name].append(timed_run(model, frame))
        rate, per_cpu = (float(np.median([r[i] for r in found[""]])) for i in (0, 1))
        base = models[""]
        labels = {name: base.predict_proba(quotes).argmax(axis=1)  # the extracted columns: speaker too
                  for name, (_, quotes) in agreement_sets.items()}
        for folder in folders:
            other = models[folder]
            other_rate, other_cpu = (float(np.median([r[i] for r in found[folder]])) for i in (0, 1))
            agree = "".join(f", {name} labels agree {np.mean(other.predict_proba(q).argmax(axis=1) == labels[name]):.3f}"
                            for name, (_, q) in agreement_sets.items())
            encoder = other.manifest["encoder"]["name"] or "none"
            layers = other.manifest.get("params", {}).get("encoder_layers")
            print(f"compared {dtype} {Path(folder).name} ({other.manifest['kind']}, encoder {encoder}"
                  f"{f', {layers} layers' if layers else ''}): {other_rate:,.0f} quotes/s, {other_cpu:,.0f} per "
                  f"CPU-second ({other_rate / rate:.2f}x / {other_cpu / per_cpu:.2f}x {base.name}'s {rate:,.0f} / "
                  f"{per_cpu:,.0f} in {dtype}, median of {rounds} interleaved rounds){agree}", flush=True)


def speed(data: pd.DataFrame, n: int, folder: str | None, agreement_sets: dict, compare: list[str]) -> None:
    """Quotes/s per way of running the encoder on `n` distinct quotes; label agreement with float32 in torch
    (the first row, the way this project ran until ONNX Runtime) on the gold sets' quotes; then the
    `compare` folders beside the timed model (`compare_speed`)."""
    frame = distinct_inputs(data, n)
    runs = [("float32", "torch"), ("float32", ""), ("int8", "")] + \
        ([("bfloat16", "torch")] if fast_dtype() == "bfloat16" else [])
    reference = reference_rate(as_inputs(frame))
    print(f"reference: bare float32 MiniLM forward pass in torch, {len(frame)} distinct inputs: {reference:,.0f} quotes/s "
          f"(torch threads {__import__('torch').get_num_threads()})")
    labels = {}
    for dtype, backend in runs:
        model = timed_model(folder, dtype, backend)
        rate, per_cpu = timed_run(model, frame)
        way = f"{dtype} {load_encoder(model.manifest['encoder']['name']).backend}"
        labels[way] = {name: model.predict_proba(quotes).argmax(axis=1)
                       for name, (_, quotes) in agreement_sets.items()}
        first = next(iter(labels))
        agree = "".join(f", {name} labels agree with {first} {np.mean(found == labels[first][name]):.3f} "
                        f"({len(found)} quotes)" for name, found in labels[way].items() if way != first)
        print(f"classification {way:>16}: {len(frame)} distinct quotes, {rate:,.0f} quotes/s "
              f"(goal {GOAL_QUOTES_PER_SECOND}; {rate / reference:.2f}x the reference) with {model.name}{agree}",
              flush=True)
    if compare:
        compare_speed(frame, compare, folder, agreement_sets)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the embedding-only model; 500 quotes for speed")
    parser.add_argument("--models", nargs="*", default=[], metavar="FOLDER", help="model folders to score too")
    parser.add_argument("--speed-model", metavar="FOLDER", help="model timed (default: the shipped one)")
    parser.add_argument("--speed-only", action="store_true", help="only the speed figures")
    parser.add_argument("--quotes", type=int, help="distinct quotes timed (default 2000, 500 with --quick)")
    parser.add_argument("--per-core", nargs="*", metavar="FOLDER",
                        help="only per-core rates by CPU time: the shipped model and these folders")
    parser.add_argument("--compare", nargs="*", default=[], metavar="FOLDER",
                        help="model folders timed beside the timed model's float32 run (speed figures)")
    args = parser.parse_args()
    data = read_training_data(REPO / "data" / "stance" / "train.csv", load_codebook())
    if args.per_core is not None:
        per_core(data, args.quotes or 600, [None, *args.per_core])  # None: the shipped model
        return
    gold = {name: found for name in ("seeds", "dev") if (found := gold_quotes_found(name))}
    if not args.speed_only:
        compare(data, gold, args.quick, args.models)
    # Label agreement needs no gold labels, so the blind set's quotes serve too (its labels are never read here).
    agreement = {k: v for k, v in gold.items() if k == "dev"}
    if found := gold_quotes_found("blind"):
        agreement["blind"] = found
    speed(data, args.quotes or (500 if args.quick else 2000), args.speed_model, agreement, args.compare)


if __name__ == "__main__":
    main()
