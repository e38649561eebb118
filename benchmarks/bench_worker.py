"""Where one worker's time goes in the steady state: parse, extraction, classification, parts.

Runs the chunk task a pool worker runs (`stance.workers.run_chunk`, chunks of
`CHUNK_SIZE` distinct synthetic articles from `corpus.py`, parts written to a
temporary folder) in this process, on one thread as a worker has, after 32
warm-up articles (models loaded, first calls made), and prints the CPU seconds of
each stage and its share, the words per CPU-second, and how many of the quotes
the encoder actually ran (the rest repeat a text it already encoded: the
synthetic articles reuse seed sentences); then the parse split by the parser's
components (each one's `pipe` over the same chunks, after the timed run). The
reference, on the same texts in the same process: spaCy's full pipeline run
bare (`nlp.pipe`, one thread, batches of 16 as bench_extract.py's reference).

    python benchmarks/bench_worker.py --articles 160 [--model fast]

CPU seconds, not wall time, so a loaded machine changes the figures less; the
shares say what to cut first.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import corpus  # noqa: E402

from stance import workers  # noqa: E402
from stance.codebook import load_codebook  # noqa: E402
from stance.extract import parse_text  # noqa: E402
from stance.io import Input  # noqa: E402
from stance.nlp import DEFAULT_PIPELINE  # noqa: E402
from stance.records import Document  # noqa: E402

# Articles run before timing, in chunks (the model loads in the background during the first): a fixed number,
# so that every chunk size times the same articles.
WARM_UP = 32
# The reference's batch: 16 documents, as in bench_extract.py's reference (and the chunk size before 2026-11-30,
# tenth session), so its figures compare across versions whatever the worker's chunk size.
REFERENCE_BATCH = 16


@contextmanager
def timed_stages(seconds: Counter):
    """The worker module's stages, each adding its CPU seconds to `seconds` while the block runs."""
    names = {"parse_together": "parse", "outcome": "extract", "write_part": "write part"}
    originals = {name: getattr(workers, name) for name in names}

    def wrap(name: str):
        function = originals[name]

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[names[name]] += time.process_time() - start
        return timed

    for name in names:
        setattr(workers, name, wrap(name))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(workers, name, function)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--articles", type=int, default=160, help="articles timed (after the warm-up chunks)")
    args.add_argument("--model", default=None, help="stance model (default: the shipped one)")
    args.add_argument("--seed", type=int, default=7)
    opts = args.parse_args()
    size = workers.CHUNK_SIZE
    articles = [a for _, a in zip(range(opts.articles + WARM_UP), corpus.articles(10**9, opts.seed))]
    items = [Input(Document(a.doc_id, a.text, a.date, a.outlet)) for a in articles]
    codebook = load_codebook(None)
    with tempfile.TemporaryDirectory(prefix="stance-worker-") as parts:
        stage = workers.Stage(DEFAULT_PIPELINE, workers.DOC_TIMEOUT, workers.ModelSpec(opts.model, codebook),
                              codebook.names, parts)
        workers._init_worker(stage)  # noqa: SLF001 (what a pool worker runs first: one thread, parser, model)
        warm_up, chunks = list(workers.chunked(items[:WARM_UP], size)), list(workers.chunked(items[WARM_UP:], size))
        for index, chunk in enumerate(warm_up):
            workers._worker_chunk(index, "warm-up", chunk)  # noqa: SLF001
        model = workers._worker_model  # noqa: SLF001
        seconds: Counter = Counter()
        encoded = Counter()

        def classify(quotes: list, documents: dict | None = None) -> list:
            start = time.process_time()
            memo = _memo(model._model)  # noqa: SLF001
            before = len(memo) if memo is not None else 0
            try:
                return model.classify(quotes, documents)
            finally:
                seconds["classify"] += time.process_time() - start
                encoded["quotes"] += len(quotes)
                if memo is not None:
                    encoded["encoded"] += len(memo) - before

        start = time.process_time()
        with timed_stages(seconds):
            for index, chunk in enumerate(chunks, len(warm_up)):
                workers.run_chunk(index, "timed", chunk, stage, workers._worker_nlp, classify)  # noqa: SLF001
        total = time.process_time() - start
    timed = articles[WARM_UP:]
    words = sum(len(a.text.split()) for a in timed)
    seconds["other"] = max(total - sum(seconds.values()), 0.0)
    shares = ", ".join(f"{stage} {s:.2f} ({s / total:.0%})" for stage, s in seconds.items())
    repeats = f" ({encoded['encoded']:,} encoded, the rest repeat texts)" if "encoded" in encoded else ""
    print(f"worker, {len(timed)} distinct articles, {words:,} words, {encoded['quotes']:,} quotes{repeats}: {total:.1f} CPU-s, "
          f"{words / total:,.0f} words/CPU-s\n  {shares}")
    texts = [[parse_text(item.document.text) for item in chunk] for chunk in chunks]
    split = parse_components(workers._worker_nlp, texts)  # noqa: SLF001
    print("  parse by component (CPU-s): " + ", ".join(f"{name} {s:.2f} ({s / sum(split.values()):.0%})"
                                                      for name, s in split.items()))
    reference = bare_spacy([a.text for a in timed])
    print(f"reference, spaCy {DEFAULT_PIPELINE} full pipeline bare nlp.pipe, one process: {reference:.1f} CPU-s, "
          f"{words / reference:,.0f} words/CPU-s; the worker runs {reference / total:.2f}x its words per CPU-second; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


def _memo(model) -> dict | None:
    """The fine-tuned encoder's memo of texts already encoded (None for kinds without one)."""
    head = getattr(getattr(model, "estimator", None), "estimator_", None)
    head = getattr(head, "finetuned", head)
    encoder = getattr(head, "_encoder", None)
    return getattr(encoder, "_memo", None)


def parse_components(nlp, chunks: list[list[str]]) -> dict[str, float]:
    """CPU seconds of each component of `nlp` (tokenizer first) over the texts a chunk parses,
    one chunk per batch as `workers.parse_together` runs them."""
    seconds: Counter = Counter()
    for texts in chunks:
        start = time.process_time()
        docs = [nlp.make_doc(text) for text in texts if text]
        seconds["tokenizer"] += time.process_time() - start
        for name, component in nlp.pipeline:
            start = time.process_time()
            docs = (list(component.pipe(docs, batch_size=len(docs))) if hasattr(component, "pipe")
                    else [component(doc) for doc in docs])
            seconds[name] += time.process_time() - start
    return dict(seconds)


def bare_spacy(texts: list[str]) -> float:
    """CPU seconds of the full pipeline over `texts`, in batches of `REFERENCE_BATCH`, after one warm-up text."""
    import spacy

    nlp = spacy.load(DEFAULT_PIPELINE)
    list(nlp.pipe(texts[:1]))
    start = time.process_time()
    for _ in nlp.pipe(texts, batch_size=REFERENCE_BATCH):
        pass
    return time.process_time() - start


if __name__ == "__main__":
    main()
