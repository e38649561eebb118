"""Shared fixtures: the seed gold quotes as a quotes frame."""
from pathlib import Path

import pytest

from stance.gold import gold_quotes

SHARED = Path("/work/shared")


@pytest.fixture(scope="session")
def gold_frame():
    if not (SHARED / "gold" / "seeds.jsonl").is_file():
        pytest.skip("shared gold set not available")
    return gold_quotes(SHARED / "gold" / "seeds.jsonl", SHARED / "seeds")
