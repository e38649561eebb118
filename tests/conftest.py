"""Shared fixtures: hand-made inputs in every format, built from real news text."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"  # gold sets and the reference scorer live beside the repo

ARTICLE = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani on Friday said his country was pressing "
    "diplomatic efforts aimed at “containing the crisis in Syria due to its clear impact on Iraqi security”.\n"
    "“Iraq’s official, fixed stance is in support of Syria’s unity, security and stability,” he said, "
    "adding that Baghdad “will not stand idly by”.\n"
)
OTHER_ARTICLE = (
    "Foreign Minister Fuad Hussein expressed “deep concerns” about the rebel advance.\n"
    "\"We are following the situation closely,\" a government spokesman told reporters on Saturday.\n"
)


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def seeds() -> Path:
    """The five real articles shipped with the repository."""
    return SEEDS


@pytest.fixture
def article() -> str:
    return ARTICLE


@pytest.fixture
def other_article() -> str:
    return OTHER_ARTICLE


@pytest.fixture
def good_inputs(tmp_path: Path) -> dict[str, Path]:
    """One valid input of every kind, each holding real text with quotes."""
    folder = tmp_path / "folder"
    (folder / "2024" / "dec").mkdir(parents=True)
    (folder / "2024" / "dec" / "sudani.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "hussein.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    txt = tmp_path / "single.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    rows = pd.DataFrame({"doc_id": ["a1", ""], "text": [ARTICLE, OTHER_ARTICLE],
                         "date": ["2024-12-06", "2024-12-07"], "source": ["AFP", "Reuters"],
                         "title": ["Iraq presses diplomacy", "Concern over Syria"], "url": ["https://example.org/a1", ""]})
    csv = tmp_path / "articles.csv"
    rows.to_csv(csv, index=False)
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("\n".join(json.dumps({"id": f"j{i}", "text": t, "source": "AP"})
                               for i, t in enumerate([ARTICLE, OTHER_ARTICLE])) + "\n", encoding="utf-8")
    parquet = tmp_path / "articles.parquet"
    rows.drop(columns=["doc_id"]).to_parquet(parquet, index=False)
    return {"folder": folder, "txt": txt, "csv": csv, "jsonl": jsonl, "parquet": parquet}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    """One input for every kind of problem the batch command must survive."""
    bad = tmp_path / "bad"
    bad.mkdir()
    latin1 = bad / "latin1.txt"
    latin1.write_bytes("Le ministre a déclaré « nous restons vigilants ».".encode("latin-1"))
    no_text = bad / "no_text.csv"
    pd.DataFrame({"headline": ["Iraq presses diplomacy"], "body": [ARTICLE]}).to_csv(no_text, index=False)
    empty = bad / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = bad / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {"missing": tmp_path / "does_not_exist.txt", "latin1": latin1, "no_text": no_text,
            "empty": empty, "binary": binary}


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "gold" / "seeds.jsonl").exists():
        pytest.skip(f"needs the shared gold set at {SHARED} (a folder beside the repository)")
    return SHARED


@pytest.fixture(scope="session")
def parser():
    """The spaCy pipeline, loaded once for the whole test session."""
    from stance.nlp import load_parser

    return load_parser()


@pytest.fixture(scope="session")
def gold_frame():
    """The seed gold quotes as a quotes.csv frame (sentence = the quote's paragraph)."""
    from stance.gold import gold_quotes

    if not (SHARED / "gold" / "seeds.jsonl").exists():
        pytest.skip(f"needs the shared gold set at {SHARED} (a folder beside the repository)")
    return gold_quotes(SHARED / "gold" / "seeds.jsonl", SEEDS)


@pytest.fixture(scope="session")
def load_script():
    """A script outside the package (data/, benchmarks/), loaded as a module by its path in the repo."""
    def load(relative: str):
        path = REPO / relative
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return load
