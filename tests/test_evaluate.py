"""`stance evaluate` and stance.gold.evaluate, on hand-made gold with known answers."""
import json

import pandas as pd
import pytest

from stance.cli import main
from stance.gold import evaluate, load_gold

TEXT = 'Sadr said the war was "not our fight". "We must act now," the general said. The so-called "red line" held.'
FIGHT, ACT, RED = (TEXT.index(s) for s in ("not our fight", "We must act now,", "red line"))


def _gold(tmp_path):
    quotes = [
        {"start": FIGHT, "end": FIGHT + 13, "speaker_keys": ["sadr"], "stance_ok": ["non-interference"], "optional": False},
        {"start": ACT, "end": ACT + 16, "speaker_keys": ["general"], "stance_ok": ["interventionist"], "optional": False},
        {"start": RED, "end": RED + 8, "speaker_keys": [], "stance_ok": ["neutral"], "optional": True},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "text": TEXT, "quotes": quotes}) + "\n", encoding="utf-8")
    return path


def _predicted(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "speaker", "stance"])


def test_evaluate_counts_matches_speakers_and_stances(tmp_path):
    predicted = _predicted([
        ("d1", FIGHT, FIGHT + 13, "Muqtada al-Sadr", "non-interference"),   # right on all counts
        ("d1", ACT, ACT + 12, "he", "concern"),                  # partial span, enough overlap; pronoun; wrong stance
        ("d1", RED, RED + 8, "", "neutral"),                         # optional gold: counts neither way
        ("d1", 0, 4, "", "neutral"),                             # false positive
    ])
    figures = evaluate(load_gold(_gold(tmp_path)), predicted)
    assert (figures["quote_precision"], figures["quote_recall"]) == (2 / 3, 1.0)
    assert figures["speaker_accuracy"] == 0.5 and figures["stance_accuracy"] == 0.5
    assert figures["stance_macro_f1"] == pytest.approx((1 + 0 + 0) / 3)
    assert figures["confusion"].loc["interventionist", "concern"] == 1


def test_cli_evaluate_prints_figures_and_confusion(tmp_path, capsys):
    quotes = tmp_path / "quotes.csv"
    _predicted([("d1", FIGHT, FIGHT + 13, "Sadr", "non-interference")]).to_csv(quotes, index=False)
    assert main(["evaluate", str(_gold(tmp_path)), "--quotes", str(quotes)]) == 0
    out = capsys.readouterr().out
    assert "quote_recall: 0.5" in out and "stance_macro_f1: 1.0" in out and "confusion" in out


@pytest.mark.parametrize("gold,problem", [
    ('{"doc_id": "d1", "text": "x"}', "not a gold document"),
    # a span past its text (an offset counted on another version of the article) was an IndexError traceback
    ('{"doc_id": "d1", "text": "x", "quotes": [{"start": 0, "end": 99}]}',
     "not a gold document (ValueError: quote 1: span 0-99 is not inside its text (1 characters))"),
    ('{"doc_id": "d1", "text": "xyz", "quotes": [{"start": 0}]}', "not a gold document (KeyError: 'end')"),
])
def test_cli_evaluate_bad_gold_is_one_line(tmp_path, capsys, gold, problem):
    bad = tmp_path / "gold.jsonl"
    bad.write_text(gold + "\n", encoding="utf-8")
    quotes = tmp_path / "quotes.csv"
    quotes.write_text("doc_id,quote_id,start,end,text,speaker,stance\n", encoding="utf-8")
    assert main(["evaluate", str(bad), "--quotes", str(quotes)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {bad}: line 1: {problem}")


@pytest.mark.slow
def test_cli_evaluate_runs_the_pipeline_on_the_seed_gold(shared, capsys):
    assert main(["evaluate", str(shared / "gold" / "seeds.jsonl")]) == 0
    figures = dict(line.split(": ") for line in capsys.readouterr().out.splitlines() if ": " in line)
    assert float(figures["quote_f1"]) >= 0.95 and float(figures["speaker_accuracy"]) >= 0.9


def test_cli_evaluate_a_gold_file_or_text_that_cannot_be_read_is_named(tmp_path, capsys):
    """A missing gold file printed Python's errno text; a gold whose text file is elsewhere said "pass the
    texts folder" without naming the file or the option."""
    quotes = tmp_path / "quotes.csv"
    quotes.write_text("doc_id,quote_id,start,end,text,speaker,stance\n", encoding="utf-8")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"doc_id": "caf\xe9"}\n')
    by_file = tmp_path / "by_file.jsonl"
    by_file.write_text('{"doc_id": "d1", "file": "d1.txt", "quotes": []}\n', encoding="utf-8")
    for gold, line in ((tmp_path / "nope.jsonl", f"{tmp_path / 'nope.jsonl'}: not found (gold)"),
                       (tmp_path, f"{tmp_path}: is a folder, not a gold file"),
                       (latin, f"{latin}: gold file is not UTF-8 (byte 0xe9 at offset 15)"),
                       (by_file, f"{by_file}: line 1: cannot read its text {tmp_path / 'none' / 'd1.txt'} (No such "
                                 "file or directory); name the folder of the texts with --texts")):
        assert main(["evaluate", str(gold), "--quotes", str(quotes), "--texts", str(tmp_path / "none")]) == 2
        assert capsys.readouterr().err == f"stance: error: {line}\n"
