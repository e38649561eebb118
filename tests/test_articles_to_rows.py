"""data/stance/articles_to_rows.py: annotated articles -> training rows, on two hand-made articles.

The articles are invented here (no gold set's text); offsets are computed from the quoted words.
The real extractor runs on them, so the rows hold what `stance score` would classify.
"""
import json

import pandas as pd
import pytest


T1 = ("Ministry rules out troops for the north\n\n"
      "ARDEN, May 4 - \"We will not send a single soldier across that border,\" Defence Minister Aram Belisko "
      "said on Tuesday. \"This is not our war.\"\n\n"
      "Opposition leader Mara Tovin called the plan \"a betrayal of our allies\" and urged the government to act.\n\n"
      "\"Both sides are repeating old positions,\" said Lena Ostrova, a researcher at the Halden Institute.\n\n"
      "A ministry spokesman described the border as \"calm\". Officials said the talks would continue next week.\n")
T2 = ("Dunmore opens its shelters\n\n"
      "Mayor Ilse Garrow said the city would \u201cstand with our neighbours\u201d and pledged beds for 400 families.\n\n"
      "\u201cSend the brigade,\u201d General Piet Varro told reporters, \u201cand do it before the winter.\u201d\n\n"
      "\u201cWe have heard nothing from the capital,\u201d a shopkeeper said.\n")


def gold(text: str, words: str, stance: str, kind: str = "direct", speaker: str | None = "x",
         ok: tuple = (), optional: bool = False) -> dict:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words, "speaker": speaker,
            "speaker_keys": [speaker.split()[-1].lower()] if speaker else [], "stance": stance,
            "stance_ok": [stance, *ok], "kind": kind, "optional": optional}


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("data/stance/articles_to_rows.py")


@pytest.fixture(scope="module")
def built(script, tmp_path_factory):
    docs = [
        {"doc_id": "t-01", "text": T1, "quotes": [
            gold(T1, "We will not send a single soldier across that border,", "non-interference", speaker="Aram Belisko"),
            gold(T1, "This is not our war.", "non-interference", speaker="Aram Belisko"),
            gold(T1, "a betrayal of our allies", "interventionist", "partial", "Mara Tovin", ok=("support",)),
            gold(T1, "Both sides are repeating old positions,", "neutral", speaker="Lena Ostrova"),
            gold(T1, "calm", "neutral", "partial", "ministry spokesman", optional=True),
            # reported speech without quote marks: no extractor finds it, so it is counted as missed
            gold(T1, "the talks would continue next week", "concern", "partial", "officials")]},
        {"doc_id": "t-02", "text": T2, "quotes": [
            gold(T2, "stand with our neighbours", "support", "partial", "Ilse Garrow"),
            gold(T2, "Send the brigade,", "interventionist", speaker="Piet Varro"),
            gold(T2, "and do it before the winter.", "interventionist", speaker="Piet Varro")]},
    ]
    path = tmp_path_factory.mktemp("articles") / "w9.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    from stance.gold import load_gold

    return script.article_rows(load_gold(path), "w9")


def test_rows_hold_the_extracted_quote_and_the_gold_label(built, repo):
    rows, counts = built
    by_id = rows.set_index("id")
    assert list(rows.columns) == list(pd.read_csv(repo / "data" / "stance" / "train.csv", nrows=0).columns)
    assert set(by_id.index) == {"t-01:1", "t-01:2", "t-01:3", "t-01:4", "t-01:5", "t-02:1", "t-02:2", "t-02:3"}
    assert by_id.at["t-01:3", "label"] == "interventionist" and by_id.at["t-01:3", "label_ok"] == "support"
    assert by_id.at["t-01:1", "label_ok"] == ""
    assert by_id.at["t-02:1", "label"] == "support" and by_id.at["t-02:1", "kind"] == "partial"
    # the extractor's sentence and cue, not the gold paragraph: the partial quote keeps the words around it
    assert "Mayor Ilse Garrow said the city would" in by_id.at["t-02:1", "sentence"]
    assert by_id.at["t-01:1", "cue"] == "said"
    for row in rows.itertuples():
        assert row.text.strip(" ,.") and row.text in (T1 + T2)
        assert row.text.strip(" ,.\u201c\u201d\"") in row.sentence
    assert by_id.at["t-01:5", "label"] == "neutral"  # the optional attributed term, labelled neutral: kept
    assert set(rows["source"]) == {"article batch w9, independent writer, extracted by stance 0.1.0"}
    assert set(rows["conflict"]) == {"t-01", "t-02"}
    assert counts["gold"] == 9 and counts["rows"] == 8 and counts["optional_kept_neutral"] == 1
    assert counts["gold_unmatched"] == 1
    assert counts["extracted_unmatched"] >= 1  # the shopkeeper's quote has no gold quote


def test_rows_echoing_an_evaluation_quote_or_repeating_are_dropped(script, built):
    rows, _ = built
    doubled = pd.concat([rows, rows.iloc[[0]]], ignore_index=True)
    evaluation = {"heldout": [script.words("this is not our war at all")],  # Jaccard 5/7 with t-01:2
                  # four words in a row shared with t-02:3 ("do it before the"), Jaccard only 6/17
                  "other": [script.words("they told us to do it before the winter and then they went home to rest")]}
    kept, dropped = script.decontaminate(doubled, evaluation)
    assert "t-01:2" not in set(kept["id"]) and dropped["echo heldout"] == 1
    assert dropped["echo other"] == 1 and "t-02:3" not in set(kept["id"])
    assert dropped["repeats"] == 1 and len(kept) == len(rows) - 2


def test_training_file_repeats_the_article_rows(script, built, repo):
    rows, _ = built
    train = pd.read_csv(repo / "data" / "stance" / "train.csv", dtype=str, keep_default_na=False).head(5)
    both = script.with_training(train, rows, 3)
    assert len(both) == 5 + 3 * len(rows) and both["id"].is_unique
    assert (both["id"] == "t-01:1#3").sum() == 1 and list(both.columns) == list(train.columns)


def test_a_share_of_the_written_rows_keeps_label_shares(script):
    train = pd.DataFrame({"id": [f"a{i}" for i in range(40)], "label": ["concern"] * 30 + ["support"] * 10})
    train = train.reindex(columns=script.COLUMNS, fill_value="")
    rows = pd.DataFrame([{c: "" for c in script.COLUMNS} | {"id": "t-01:1", "label": "neutral"}])
    both = script.with_training(train[script.COLUMNS], rows, 2, train_rows=20)
    assert both["label"].value_counts().to_dict() == {"concern": 15, "support": 5, "neutral": 2}
    again = script.with_training(train[script.COLUMNS], rows, 2, train_rows=20)
    assert both["id"].tolist() == again["id"].tolist()  # a fixed seed: the same rows every time
