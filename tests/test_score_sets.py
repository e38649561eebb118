"""benchmarks/score_sets.py: set names, and the speaker-by-speaker comparison of two runs."""
import json

import pytest


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("benchmarks/score_sets.py")


def test_set_names_stand_for_the_gold_files_here(script, repo):
    assert script.gold_path("gn1") == repo / "data" / "attribution" / "gn1.jsonl"
    assert script.gold_path("t2") == repo / "data" / "attribution" / "train" / "t2.jsonl"
    assert script.gold_path("blind5") == repo / "data" / "stance" / "blind5" / "blind5.jsonl"
    spent = script.spent_sets()
    assert spent[:4] == ["seeds", "dev", "polnear", "blind"]
    assert spent.index("blind2") < spent.index("blind10") < spent.index("gn1") < spent.index("gn10") < spent.index("t1")
    assert all(script.gold_path(s).is_file() for s in spent if s not in ("seeds", "dev", "polnear"))


def _run(folder, gold, rows):
    (folder / "g").mkdir(parents=True)
    header = "doc_id,quote_id,start,end,kind,speaker\n"
    (folder / "g" / "quotes.csv").write_text(header + "".join(f"d,d:{n},{s},{e},direct,{who}\n"
                                                              for n, (s, e, who) in enumerate(rows)), encoding="utf-8")
    (folder / "figures.tsv").write_text(f"g\t{gold}\n", encoding="utf-8")


def test_compare_counts_the_speakers_that_became_right_or_wrong(script, tmp_path, capsys):
    text = 'Ana Ruiz spoke. "We stay," she said. Tom Greer disagreed. "We go," he said. "Maybe," said Ruiz.'
    spans = [(text.index(q), text.index(q) + len(q)) for q in ("We stay,", "We go,", "Maybe,")]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d", "text": text, "quotes": [
        {"start": s, "end": e, "speaker_keys": [key]} for (s, e), key in zip(spans, ("ruiz", "greer", "ruiz"))]}),
        encoding="utf-8")
    _run(tmp_path / "before", gold, [(*spans[0], "Ana Ruiz"), (*spans[1], "Ana Ruiz"), (*spans[2], "Ana Ruiz")])
    _run(tmp_path / "after", gold, [(*spans[0], "Tom Greer"), (*spans[1], "Tom Greer")])  # the third quote missed
    scorer = script.reference_scorer()
    assert script.compare(tmp_path / "before", tmp_path / "after", True, scorer) == (1, 2)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "g: +1 -2" and out[1].startswith("   + d We go") and out[-1] == "total +1 -2"
