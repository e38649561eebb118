"""End to end: `stance score` on the real seeds and the dev set, scored by the reference scorer."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stance.cli import main

pytestmark = pytest.mark.slow


def reference_scores(shared: Path, gold: str, quotes_csv: Path) -> dict:
    out = subprocess.run([sys.executable, str(shared / "tools" / "quote_eval.py"), "score",
                          str(shared / "gold" / gold), str(quotes_csv), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_end_to_end_seeds_meet_the_quality_bar(shared, seeds, tmp_path):
    out = tmp_path / "seeds"
    assert main(["score", str(seeds), "--out", str(out), "--quiet"]) == 0
    scores = reference_scores(shared, "seeds.jsonl", out / "quotes.csv")
    assert scores["quote_f1"] >= 0.95
    assert scores["speaker_accuracy"] >= 0.90
    assert scores["stance_macro_f1"] >= 0.80


def test_end_to_end_dev_meets_the_quality_bar(shared, tmp_path):
    texts = tmp_path / "dev"
    subprocess.run([sys.executable, str(shared / "tools" / "quote_eval.py"), "texts",
                    str(shared / "gold" / "dev.jsonl"), str(texts)], check=True)
    out = tmp_path / "out"
    assert main(["score", str(texts), "--out", str(out), "--quiet"]) == 0
    scores = reference_scores(shared, "dev.jsonl", out / "quotes.csv")
    assert scores["quote_f1"] >= 0.95
    assert scores["speaker_accuracy"] >= 0.90
    assert scores["stance_macro_f1"] >= 0.80
