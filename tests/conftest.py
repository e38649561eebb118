"""Shared fixtures."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def parser():
    """The spaCy pipeline, loaded once for the whole test session."""
    from stance.nlp import load_parser

    return load_parser()
