"""Label Studio round trip, rebuilding from corrected actor_ids, and the DNA export, on hand-made runs."""
import json

import numpy as np
import pandas as pd
import pytest

from stance.cli import main
from stance.codebook import load_codebook
from stance.dna import congruence_edges, dna_statements
from stance.matrix import annotate
from stance.records import Quote, quotes_to_frame
from stance.review import export_tasks, import_annotations, labeling_config
from stance.training import read_training_data

LABELS = ("interventionist", "non-interference", "concern", "support", "neutral")


def _quote(doc_id, n, article, words, speaker, actor, stance, p):
    start = article.index(words)
    probs = tuple((lab, p if lab == stance else round((1 - p) / 4, 4)) for lab in LABELS)
    return Quote(doc_id, f"{doc_id}:{n}", start, start + len(words), words, "direct", cue="said", speaker=speaker,
                 speaker_type="person", sentence=words, stance=stance, stance_score=p, probabilities=probs,
                 model="default@0.1.0", actor_id=actor)


@pytest.fixture
def run_dir(tmp_path, article, other_article):
    """A `stance score` output folder made by hand: two articles, five quotes, known probabilities."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(article, encoding="utf-8")
    (texts / "b.txt").write_text(other_article, encoding="utf-8")
    quotes = [
        _quote("a", 1, article, "containing the crisis in Syria due to its clear impact on Iraqi security",
               "Mohammed Shia al-Sudani", "mohammed-shia-al-sudani", "concern", 0.9),
        _quote("a", 2, article, "Iraq’s official, fixed stance is in support of Syria’s unity, security and stability,",
               "Mohammed Shia al-Sudani", "mohammed-shia-al-sudani", "support", 0.41),
        _quote("a", 3, article, "will not stand idly by", "Mohammed Shia al-Sudani", "mohammed-shia-al-sudani",
               "non-interference", 0.35),
        _quote("b", 1, other_article, "deep concerns", "Fuad Hussein", "fuad-hussein", "concern", 0.95),
        _quote("b", 2, other_article, "We are following the situation closely,", "a government spokesman",
               "a-government-spokesman", "neutral", 0.6),
    ]
    out = tmp_path / "run"
    out.mkdir()
    quotes_to_frame(quotes, LABELS).to_csv(out / "quotes.csv", index=False)
    pd.DataFrame({"doc_id": ["a", "b"], "source": ["Rudaw", "AFP"], "title": ["Iraq presses diplomacy", ""],
                  "date": ["2024-12-06", "2024-12-07"], "url": ["", ""],
                  "path": [str(texts / "a.txt"), str(texts / "b.txt")], "n_quotes": [3, 2]}
                 ).to_csv(out / "documents.csv", index=False)
    assert main(["report", str(out)]) == 0
    return out


def test_export_tasks_are_label_studio_pre_annotations(run_dir, article):
    tasks, labels, missing = export_tasks(run_dir, sample=2, strategy="uncertain")
    assert labels == LABELS and missing == 0
    # the two least certain quotes: margins 0.35 - 0.1625 and 0.41 - 0.1475
    assert [t["data"]["quote_id"] for t in tasks] == ["a:2", "a:3"]
    task = tasks[1]
    assert task["data"]["text"] == article and task["data"]["title"] == "Iraq presses diplomacy"
    prediction = task["predictions"][0]
    assert prediction["score"] == 0.35 and prediction["model_version"] == "default@0.1.0"
    by_name = {r["from_name"]: r for r in prediction["result"]}
    assert {r["id"] for r in prediction["result"]} == {by_name["quote"]["id"]}  # one region, per-region fields
    span = by_name["quote"]["value"]
    assert article[span["start"]:span["end"]] == span["text"] == "will not stand idly by"
    assert by_name["quote"]["type"] == "labels" and span["labels"] == ["quote"]
    assert by_name["stance"]["type"] == "choices" and by_name["stance"]["value"]["choices"] == ["non-interference"]
    assert by_name["speaker"]["value"]["text"] == ["Mohammed Shia al-Sudani"]
    assert by_name["actor_id"]["value"]["text"] == ["mohammed-shia-al-sudani"]
    stratified, _, _ = export_tasks(run_dir, sample=3, strategy="stratified")
    assert len({t["predictions"][0]["result"][1]["value"]["choices"][0] for t in stratified}) == 3


def test_export_from_another_folder_names_the_article_path_it_cannot_find(run_dir, tmp_path, monkeypatch, capsys):
    """documents.csv keeps each article's path as `stance score` was given it (relative to where it ran)."""
    docs = pd.read_csv(run_dir / "documents.csv", dtype=str, keep_default_na=False)
    docs["path"] = ["texts/a.txt", "texts/b.txt"]
    docs.to_csv(run_dir / "documents.csv", index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "t.json")]) == 0
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    capsys.readouterr()
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "t.json")]) == 2
    assert capsys.readouterr().err == (f"stance: error: {run_dir}: no quote could be exported (5 without a readable "
                                       "article; 'texts/a.txt' (documents.csv's path) is not here: run where "
                                       "`stance score` ran)\n")


def test_labeling_config_names_match_the_results():
    config = labeling_config(load_codebook(), LABELS)
    import xml.etree.ElementTree as ET

    root = ET.fromstring(config)
    names = {el.get("name"): el.tag for el in root.iter() if el.get("name")}
    assert names == {"text": "Text", "quote": "Labels", "stance": "Choices", "speaker": "TextArea",
                     "actor_id": "TextArea"}
    assert [c.get("value") for c in root.iter("Choice")] == list(LABELS)
    assert all(el.get("perRegion") == "true" for el in root.iter() if el.tag in ("Choices", "TextArea"))


def _ls_export(tasks: list[dict], results: list[list[dict] | None], cancelled: set[int] = frozenset()) -> list[dict]:
    """Tasks as Label Studio's "JSON" export shapes them: ids, annotations with result lists, predictions."""
    exported = []
    for number, (task, result) in enumerate(zip(tasks, results), start=1):
        annotations = [] if result is None else [{
            "id": 100 + number, "completed_by": 1, "result": result, "was_cancelled": number in cancelled,
            "ground_truth": False, "created_at": "2026-11-29T10:00:00.000000Z",
            "updated_at": "2026-11-29T10:05:00.000000Z", "draft_created_at": None, "lead_time": 12.5,
            "prediction": {}, "result_count": 0, "unique_id": f"u{number}", "import_id": None,
            "last_action": None, "task": number, "project": 7, "updated_by": 1, "parent_prediction": number,
            "parent_annotation": None, "last_created_by": None}]
        exported.append({"id": number, "annotations": annotations, "file_upload": "tasks.json", "drafts": [],
                         "predictions": [{**task["predictions"][0], "id": number, "task": number}],
                         "data": task["data"], "meta": {}, "created_at": "2026-11-29T09:00:00.000000Z",
                         "updated_at": "2026-11-29T10:05:00.000000Z", "inner_id": number, "total_annotations": 1,
                         "cancelled_annotations": 0, "total_predictions": 1, "comment_count": 0,
                         "unresolved_comment_count": 0, "last_comment_updated_at": None, "project": 7,
                         "updated_by": 1, "comment_authors": []})
    return exported


def _region(rid, start, end, text, **fields):
    """Result items of one region, as the annotator left them (new regions get fresh random ids)."""
    span = {"start": start, "end": end, "text": text}
    items = [{"value": {**span, "labels": ["quote"]}, "id": rid, "from_name": "quote", "to_name": "text",
              "type": "labels", "origin": "manual"}]
    if "stance" in fields:
        items.append({"value": {**span, "choices": [fields["stance"]]}, "id": rid, "from_name": "stance",
                      "to_name": "text", "type": "choices", "origin": "manual"})
    for name in ("speaker", "actor_id"):
        if name in fields:
            items.append({"value": {**span, "text": [fields[name]]}, "id": rid, "from_name": name,
                          "to_name": "text", "type": "textarea", "origin": "manual"})
    return items


def test_export_into_a_new_folder_creates_it_and_a_file_in_the_way_is_one_line(run_dir, tmp_path, capsys):
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "review" / "tasks.json")]) == 0
    assert (tmp_path / "review" / "tasks.json").is_file() and (tmp_path / "review" / "tasks.config.xml").is_file()
    (tmp_path / "a-file").write_text("x")
    capsys.readouterr()
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "a-file" / "tasks.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stance: error: cannot write ") and err.count("\n") == 1


def test_round_trip_through_a_label_studio_export(run_dir, article, other_article, tmp_path, capsys):
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "tasks.json")]) == 0
    assert (tmp_path / "tasks.config.xml").is_file()
    tasks = {t["data"]["quote_id"]: t for t in json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))}
    assert set(tasks) == {"a:1", "a:2", "a:3", "b:1", "b:2"}

    def kept(qid):
        return [dict(r, origin="prediction") for r in tasks[qid]["predictions"][0]["result"]]

    a1 = tasks["a:1"]["predictions"][0]["result"][0]["value"]
    a1 = _region("Xk2_ab91IS", a1["start"], a1["end"], a1["text"], stance="interventionist",
                 speaker="Mohammed Shia al-Sudani", actor_id="mohammed-shia-al-sudani")
    new = "We are following the situation closely"
    b2_start = other_article.index("a government spokesman")
    results = [
        a1,                                                 # a:1 stance corrected, region id regenerated
        [],                                                 # a:2 region deleted: not a quote
        kept("a:3"),                                        # a:3 accepted as predicted
        kept("b:1") + _region("Nw9_cd12QQ", b2_start, b2_start + 22, "a government spokesman",
                              stance="neutral", speaker="Fuad Hussein"),  # a quote added (a made-up one)
        _region("q_b_2", other_article.index(new), other_article.index(new) + len(new), new,
                stance="concern", speaker="Fuad Hussein"),  # b:2 speaker corrected to a known actor
    ]
    export = tmp_path / "project-7-at-2026-11-29.json"
    order = ["a:1", "a:2", "a:3", "b:1", "b:2"]
    export.write_text(json.dumps(_ls_export([tasks[q] for q in order], results)), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "5 tasks reviewed: 3 quotes changed, 1 deleted, 1 added" in capsys.readouterr().err

    quotes = pd.read_csv(run_dir / "quotes.csv", dtype={"actor_id": str}, keep_default_na=False).set_index("quote_id")
    assert "a:2" not in quotes.index and len(quotes) == 5
    assert quotes.loc["a:1", ["stance", "model", "stance_score", "p_interventionist"]].tolist() == [
        "interventionist", "review", 1.0, 1.0]
    assert quotes.loc["a:3", "model"] == "default@0.1.0"  # unchanged rows keep the model's output
    assert quotes.loc["b:2", ["speaker", "actor_id", "stance", "text"]].tolist() == [
        "Fuad Hussein", "fuad-hussein", "concern", new]
    assert quotes.loc["b:2", "speaker_role"] == "foreign minister"  # what the article says the new speaker is
    added = quotes.loc["b:1+r4.1"]
    assert (added["doc_id"], added["text"], added["actor_id"]) == ("b", "a government spokesman", "fuad-hussein")
    assert other_article[added["start"]:added["end"]] == added["text"]
    for qid, row in quotes.iterrows():
        assert (article if row["doc_id"] == "a" else other_article)[row["start"]:row["end"]] == row["text"], qid

    matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    assert matrix.loc["fuad-hussein", ["concern", "neutral"]].tolist() == [2, 1]
    assert "a-government-spokesman" not in matrix.index
    actors = pd.read_csv(run_dir / "actors.csv", keep_default_na=False).set_index("actor_id")
    assert set(actors.index) == set(matrix.index) and actors.loc["fuad-hussein", "n_quotes"] == 3

    train = pd.read_csv(run_dir / "corrections.csv", keep_default_na=False)
    assert list(train.columns[:4]) == ["text", "label", "cue", "sentence"] and len(train) == 5
    assert sorted(train["label"]) == ["concern", "concern", "interventionist", "neutral", "non-interference"]
    doubled = pd.concat([train, train])  # stance train reads it (two examples of every label needed)
    doubled = pd.concat([doubled, pd.DataFrame({"text": ["x", "y"], "label": ["support", "support"]})])
    doubled.to_csv(tmp_path / "train.csv", index=False)
    assert len(read_training_data(tmp_path / "train.csv", load_codebook())) == 12


def test_import_skips_cancelled_and_unannotated_tasks(run_dir, tmp_path):
    tasks, _, _ = export_tasks(run_dir)
    before = pd.read_csv(run_dir / "quotes.csv")
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export(tasks[:2], [[], None], cancelled={1})), encoding="utf-8")
    summary = import_annotations(export, run_dir)
    assert (summary.reviewed, summary.changed, summary.deleted, summary.added) == (0, 0, 0, 0)
    pd.testing.assert_frame_equal(pd.read_csv(run_dir / "quotes.csv"), before)


def _as_annotated(task, speaker=None, stance=None):
    """What Label Studio saves when an annotator opens a pre-annotated task and edits it: the
    prediction's result items copied into the annotation, the edited ones replaced."""
    result = []
    for item in task["predictions"][0]["result"]:
        item = json.loads(json.dumps(item))
        if speaker and item["from_name"] == "speaker":
            item.update(origin="prediction-changed", value={**item["value"], "text": [speaker]})
        if stance and item["from_name"] == "stance":
            item.update(origin="prediction-changed", value={**item["value"], "choices": [stance]})
        result.append(item)
    return result


def test_import_a_corrected_speaker_leaves_the_predicted_actor_id_behind(run_dir, tmp_path):
    """Only the speaker box was edited: the actor_id box still holds the old actor's id, which
    must not tie the corrected speaker to the old actor."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["b:2"], tasks["a:3"]], [
        _as_annotated(tasks["b:2"], speaker="Fuad Hussein"),
        _as_annotated(tasks["a:3"], speaker="Nechirvan Barzani")])), encoding="utf-8")
    import_annotations(export, run_dir)
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["b:2", ["speaker", "actor_id"]].tolist() == ["Fuad Hussein", "fuad-hussein"]
    assert quotes.loc["a:3", ["speaker", "actor_id"]].tolist() == ["Nechirvan Barzani", "nechirvan-barzani"]
    assert "a-government-spokesman" not in set(pd.read_csv(run_dir / "actors.csv")["actor_id"])


def test_import_rebuilds_a_complete_output_set_and_its_dna_tables(run_dir, tmp_path):
    from stance.outputs import read_manifest

    assert main(["dna", str(run_dir)]) == 0
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["b:1"]], [_as_annotated(tasks["b:1"], stance="support")])),
                      encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    files = read_manifest(run_dir)["files"]  # complete, and every file matches it
    assert {"quotes.csv", "matrix.csv", "documents.csv", "dna_statements.csv"} <= set(files)
    dna = pd.read_csv(run_dir / "dna_statements.csv", keep_default_na=False)
    assert dna.loc[dna["actor"] == "fuad-hussein", "concept"].tolist() == ["support"]


def test_import_with_an_unwritable_train_out_changes_nothing(run_dir, tmp_path, capsys):
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["b:1"]], [_as_annotated(tasks["b:1"], stance="support")])),
                      encoding="utf-8")
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}
    (tmp_path / "a-file").write_text("x")
    assert main(["review", "import", str(export), "--into", str(run_dir),
                 "--train-out", str(tmp_path / "a-file" / "mine.csv")]) == 2
    assert capsys.readouterr().err.startswith(f"stance: error: cannot write {tmp_path / 'a-file' / 'mine.csv'}: ")
    assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before
    assert main(["review", "import", str(export), "--into", str(run_dir),
                 "--train-out", str(tmp_path / "new" / "mine.csv")]) == 0  # a new folder is made
    assert len(pd.read_csv(tmp_path / "new" / "mine.csv")) == 1


def test_import_of_a_later_export_of_the_same_project_applies_nothing_twice(run_dir, article, other_article,
                                                                            tmp_path, capsys):
    """Label Studio's export holds every task of the project: the tasks imported before (a quote
    deleted, one added, a speaker corrected) come back with the new ones."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    b1 = tasks["b:1"]["predictions"][0]["result"][0]["value"]
    b2_start = other_article.index("a government spokesman")
    first = [[], _as_annotated(tasks["b:2"], speaker="Fuad Hussein"),
             _as_annotated(tasks["b:1"]) + _region("Nw9_cd12QQ", b2_start, b2_start + 22, "a government spokesman",
                                                   stance="neutral", speaker="Fuad Hussein")]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks[q] for q in ("a:2", "b:2", "b:1")], first)), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    once = (run_dir / "quotes.csv").read_bytes()
    later = first + [_as_annotated(tasks["a:1"], stance="interventionist")]
    export.write_text(json.dumps(_ls_export([tasks[q] for q in ("a:2", "b:2", "b:1", "a:1")], later)),
                      encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "4 tasks reviewed: 1 quote changed, 0 deleted, 0 added" in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert len(quotes) == 5 and quotes.index.is_unique and "a:2" not in quotes.index
    assert quotes.loc["b:2", "actor_id"] == "fuad-hussein" and quotes.loc["a:1", "stance"] == "interventionist"
    assert quotes.loc["b:1", "text"] == b1["text"]
    pd.testing.assert_frame_equal(quotes.drop(index="a:1"), pd.read_csv(
        __import__("io").BytesIO(once), dtype=str, keep_default_na=False).set_index("quote_id").drop(index="a:1"))


@pytest.mark.parametrize("strategy", ["random", "uncertain", "stratified"])
def test_second_round_never_exports_a_quote_reviewed_in_the_first(run_dir, tmp_path, capsys, strategy):
    """Round 1 reviews two quotes (one confirmed as predicted, one corrected) in its own Label Studio
    project; round 2, any strategy and seed, samples only the other three, and the training rows
    after round 2 hold both rounds' quotes (not only the last export's)."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    first = tmp_path / "project-1.json"
    first.write_text(json.dumps(_ls_export([tasks["a:3"], tasks["b:2"]],
                                           [_as_annotated(tasks["a:3"]), _as_annotated(tasks["b:2"], stance="concern")])),
                     encoding="utf-8")
    assert main(["review", "import", str(first), "--into", str(run_dir)]) == 0
    for seed in range(6):
        again, _, _ = export_tasks(run_dir, sample=3, strategy=strategy, seed=seed)
        assert sorted(t["data"]["quote_id"] for t in again) == ["a:1", "a:2", "b:1"], seed
    capsys.readouterr()
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "r2.json"), "--strategy", strategy,
                 "--sample", "2", "--seed", "1"]) == 0
    assert "(2 quotes reviewed in earlier rounds not exported again)" in capsys.readouterr().err
    picked = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert len(picked) == 2 and not {t["data"]["quote_id"] for t in picked} & {"a:3", "b:2"}
    second = tmp_path / "project-2.json"
    second.write_text(json.dumps(_ls_export(picked, [_as_annotated(t) for t in picked])), encoding="utf-8")
    assert main(["review", "import", str(second), "--into", str(run_dir), "--train-out", str(tmp_path / "c.csv")]) == 0
    record = pd.read_csv(run_dir / "reviewed.csv", dtype=str)
    assert record["round"].tolist() == ["1", "1", "2", "2"] and record["export"].iloc[-1] == "project-2.json"
    assert set(pd.read_csv(tmp_path / "c.csv")["quote_id"]) == set(record["quote_id"])
    assert "reviewed.csv" in json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    [last] = [q for q in ("a:1", "a:2", "b:1") if q not in record["quote_id"].tolist()]
    assert [t["data"]["quote_id"] for t in export_tasks(run_dir, sample=3, strategy=strategy)[0]] == [last]
    final = tmp_path / "project-3.json"
    final.write_text(json.dumps(_ls_export([tasks[last]], [_as_annotated(tasks[last])])), encoding="utf-8")
    assert main(["review", "import", str(final), "--into", str(run_dir)]) == 0
    capsys.readouterr()
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "r4.json")]) == 2
    assert capsys.readouterr().err == (f"stance: error: {run_dir}: nothing to export: all 5 quotes were reviewed "
                                       f"in earlier rounds ({run_dir / 'reviewed.csv'})\n")


def test_import_errors_are_one_line(run_dir, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["review", "import", str(bad), "--into", str(run_dir)]) == 2
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps([{"id": 1, "data": {"text": "x", "quote_id": "zz:9"},
                                    "annotations": [{"result": [], "was_cancelled": False}]}]), encoding="utf-8")
    assert main(["review", "import", str(foreign), "--into", str(run_dir)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("stance: error: ") for line in err) and "zz:9" in err[1]


@pytest.mark.parametrize("content, problem", [
    (b"[{\"id\": 1, \"annotations\": [", "not a Label Studio JSON export"),            # cut short
    (b"\xff\xfe[\x00]\x00", "not a Label Studio JSON export"),                          # UTF-16
    (json.dumps([{"text": "x", "quote_id": "a:1", "stance": "concern"}]).encode(),  # JSON-MIN
     "not JSON-MIN or CSV"),
    (json.dumps([{"id": 1, "data": ["a:1"], "annotations": [{"result": []}]}]).encode(),
     "task 1: not in Label Studio's JSON export format (AttributeError"),
    (json.dumps([{"id": 1, "data": {"text": "x", "quote_id": "a:1"}, "annotations": [{"result": [
        {"id": "r", "from_name": "quote", "to_name": "text", "value": {"start": "one", "end": 3,
                                                                        "labels": ["quote"]}}]}]}]).encode(),
     "task 1: not in Label Studio's JSON export format (ValueError"),
    (json.dumps([{"id": 1, "data": {"text": "x", "quote_id": "a:1"}, "annotations": [{"result": [
        {"id": "r", "from_name": name, "to_name": "text", "type": kind,
         "value": {"start": 0, "end": 1, "text": "x", **value}}
        for name, kind, value in (("quote", "labels", {"labels": ["quote"]}),
                                  ("stance", "choices", {"choices": ["war"]}))]}]}]).encode(),
     "task 1: stance 'war' is not one of the labels interventionist, "),  # a codebook changed in between
])
def test_import_bad_exports_are_one_line_and_change_nothing(run_dir, tmp_path, capsys, content, problem):
    before = (run_dir / "quotes.csv").read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(content)
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {export}: ") and problem in line
    assert (run_dir / "quotes.csv").read_bytes() == before


def test_import_reads_excel_saved_actors_and_a_bom_export(run_dir, tmp_path, capsys):
    """actors.csv saved by a European Excel (semicolons, BOM) still names known actors; a
    Label Studio export with a BOM reads; an actors.csv without actor_id is one line."""
    tasks, _, _ = export_tasks(run_dir)
    b2 = next(t for t in tasks if t["data"]["quote_id"] == "b:2")
    value = b2["predictions"][0]["result"][0]["value"]
    export = tmp_path / "export.json"
    export.write_text("\ufeff" + json.dumps(_ls_export([b2], [_region("q_b_2", value["start"], value["end"],
                                                                      value["text"], speaker="Fuad Hussein")])),
                      encoding="utf-8")
    actors = pd.read_csv(run_dir / "actors.csv", dtype=str, keep_default_na=False)
    actors.to_csv(run_dir / "actors.csv", sep=";", index=False, encoding="utf-8-sig")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["b:2", "actor_id"] == "fuad-hussein"
    actors.drop(columns=["actor_id"]).to_csv(run_dir / "actors.csv", index=False)
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"stance: error: {run_dir / 'actors.csv'}: missing column(s) actor_id (columns: {', '.join(actors.columns[1:])})"


def test_report_keeps_hand_corrected_actor_ids(run_dir):
    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False)
    quotes.loc[quotes["quote_id"] == "b:2", ["speaker", "actor_id"]] = ["Iran;Russia", "iran;russia"]
    quotes.to_csv(run_dir / "quotes.csv", index=False)
    assert main(["report", str(run_dir)]) == 0
    actors = pd.read_csv(run_dir / "actors.csv", keep_default_na=False).set_index("actor_id")
    matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    assert set(actors.index) == set(matrix.index) >= {"iran", "russia"}
    assert "a-government-spokesman" not in actors.index
    assert actors.loc["iran", "name"] == "Iran" and actors.loc["fuad-hussein", "name"] == "Fuad Hussein"


def test_report_reads_a_semicolon_csv_from_excel(run_dir, capsys):
    comma = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False)
    quotes.to_csv(run_dir / "quotes.csv", index=False, sep=";", decimal=",", encoding="utf-8-sig")
    assert main(["report", str(run_dir)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(run_dir / "matrix.csv", index_col=0), comma)
    (run_dir / "quotes.csv").write_bytes(b"doc_id;text\n\"a;\"b\"\"\n\x00\xff")
    capsys.readouterr()
    assert main(["report", str(run_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stance: error: ") and err.count("\n") == 1


def test_dna_statements_and_congruence(run_dir):
    quotes = annotate(pd.read_csv(run_dir / "quotes.csv", dtype={"actor_id": str}, keep_default_na=False))
    docs = pd.read_csv(run_dir / "documents.csv", dtype=str, keep_default_na=False)
    statements = dna_statements(quotes, LABELS, docs)
    assert list(statements.columns[:5]) == ["time", "actor", "concept", "agreement", "outlet"]
    row = statements[statements["actor"] == "fuad-hussein"].iloc[0]
    assert (row["time"], row["concept"], row["outlet"], row["agreement"]) == ("2024-12-07", "concern", "AFP", 1)
    edges = congruence_edges(statements)
    assert edges.to_dict("records") == [{"Source": "fuad-hussein", "Target": "mohammed-shia-al-sudani",
                                         "Weight": 1, "Type": "Undirected"}]


def _pairwise_congruence(statements):
    """The first implementation (every pair of actors compared): the oracle for the grouped one."""
    from itertools import combinations

    concepts = statements.groupby("actor")["concept"].agg(set)
    rows = [{"Source": a, "Target": b, "Weight": len(concepts[a] & concepts[b]), "Type": "Undirected"}
            for a, b in combinations(sorted(concepts.index), 2) if concepts[a] & concepts[b]]
    return pd.DataFrame(rows, columns=["Source", "Target", "Weight", "Type"])


@pytest.mark.parametrize("seed", range(5))
def test_dna_congruence_grouped_by_concept_equals_all_pairs(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    statements = pd.DataFrame({"actor": [f"actor-{rng.integers(0, 25)}" for _ in range(n)],
                               "concept": rng.choice(LABELS, size=n)})
    expected = _pairwise_congruence(statements)
    got = congruence_edges(statements)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_dna_skips_a_network_too_dense_to_write(run_dir, tmp_path, monkeypatch, capsys):
    import stance.dna

    (run_dir / "dna_congruence.csv").write_text("Source,Target,Weight,Type\nold,older,9,Undirected\n")
    monkeypatch.setattr(stance.dna, "MAX_TIES", 0)
    assert main(["dna", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "dna_congruence.csv not written: 1 actor pairs share a concept (the limit is 0)" in err
    assert (run_dir / "dna_statements.csv").is_file() and not (run_dir / "dna_congruence.csv").exists()


def test_dna_joins_the_output_set_of_the_run(run_dir):
    from stance.outputs import read_manifest

    assert main(["dna", str(run_dir)]) == 0
    files = read_manifest(run_dir)["files"]  # complete, and every file matches it
    assert {"dna_statements.csv", "dna_congruence.csv", "quotes.csv", "documents.csv"} <= set(files)


def test_dna_into_another_folder_is_a_set_of_its_own(run_dir, tmp_path):
    from stance.outputs import read_manifest

    before = sorted(p.name for p in run_dir.iterdir())
    assert main(["dna", str(run_dir), "--out", str(tmp_path / "dna")]) == 0
    assert set(read_manifest(tmp_path / "dna")["files"]) == {"dna_statements.csv", "dna_congruence.csv"}
    assert sorted(p.name for p in run_dir.iterdir()) == before


def test_dna_failed_export_leaves_the_earlier_set_as_it_was(run_dir, monkeypatch, capsys):
    """A disk that fills after the statements were written: neither table changes, the set stays complete."""
    import stance.dna
    from stance.outputs import read_manifest

    assert main(["dna", str(run_dir)]) == 0
    earlier = {name: (run_dir / name).read_bytes() for name in read_manifest(run_dir)["files"]}
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False)
    quotes.loc[quotes["stance"] == "concern", "stance"] = "support"
    quotes.to_csv(run_dir / "quotes.csv", index=False)  # edited by hand: not the set's quotes.csv any more
    earlier["quotes.csv"] = (run_dir / "quotes.csv").read_bytes()
    earlier["manifest.json"] = (run_dir / "manifest.json").read_bytes()
    write_csv = stance.dna.write_csv

    def full_after_one(frame, path):
        if path.name == "dna_congruence.csv":
            raise OSError(28, "No space left on device", str(path))
        write_csv(frame, path)

    monkeypatch.setattr(stance.dna, "write_csv", full_after_one)
    capsys.readouterr()
    assert main(["dna", str(run_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stance: error: ") and "No space left on device" in err and err.count("\n") == 1
    assert {name: (run_dir / name).read_bytes() for name in earlier} == earlier
    assert not (run_dir / ".stance-staging").exists()


def test_report_redoes_the_dna_tables_of_the_set_from_the_corrected_quotes(run_dir, tmp_path):
    from stance.outputs import read_manifest

    assert main(["dna", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False)
    quotes.loc[quotes["stance"] == "concern", "stance"] = "support"  # corrected by hand
    quotes.to_csv(run_dir / "quotes.csv", index=False)
    assert main(["report", str(run_dir)]) == 0
    assert {"dna_statements.csv", "dna_congruence.csv"} <= set(read_manifest(run_dir)["files"])
    concepts = set(pd.read_csv(run_dir / "dna_statements.csv")["concept"])
    assert "concern" not in concepts and "support" in concepts
    assert main(["dna", str(run_dir), "--out", str(tmp_path / "again")]) == 0  # what `stance dna` gives now
    for name in ("dna_statements.csv", "dna_congruence.csv"):
        assert (run_dir / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_review_a_rescore_never_drops_a_review_silently_and_an_export_carries_it(tmp_path, seeds, capsys):
    """`stance score --force` over a reviewed set replaced the corrected quotes with the machine's
    reading without a word. Now it is refused (the set unchanged) unless --discard-review; the
    review goes to a new run by importing its export there, and that run's next export leaves the
    reviewed quotes out, as the first run's would."""
    run, run2 = tmp_path / "run", tmp_path / "run2"
    assert main(["score", str(seeds), "--out", str(run), "--model", "fast", "--quiet"]) == 0
    tasks = export_tasks(run, sample=2, strategy="random")[0]
    label = tasks[0]["predictions"][0]["result"][1]["value"]["choices"][0]
    other = next(lab for lab in LABELS if lab != label)
    export = tmp_path / "project-1.json"
    export.write_text(json.dumps(_ls_export(tasks, [_as_annotated(tasks[0], stance=other), _as_annotated(tasks[1])])),
                      encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run)]) == 0
    before = {p.name: p.read_bytes() for p in run.iterdir()}
    capsys.readouterr()
    assert main(["score", str(seeds), "--out", str(run), "--model", "fast", "--quiet", "--force"]) == 2
    assert capsys.readouterr().err == (
        f"stance: error: {run} holds a review (2 quotes reviewed in 1 round: {run / 'reviewed.csv'}); a new run "
        "would replace it with the machine's reading. Score into another --out and import the review's Label "
        f"Studio export there (stance review import project-1.json --into NEWDIR), or pass --discard-review\n")
    assert {p.name: p.read_bytes() for p in run.iterdir()} == before
    assert main(["score", str(seeds), "--out", str(run2), "--model", "fast", "--quiet"]) == 0
    again = tmp_path / "project-1-again.json"  # a later export of the same project: changes nothing twice
    again.write_text(export.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["review", "import", str(export), str(again), "--into", str(run2)]) == 0
    assert f"stance: {again}: 2 tasks reviewed: 0 quotes changed" in capsys.readouterr().err
    corrected = tasks[0]["data"]["quote_id"]
    quotes = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc[corrected, ["stance", "model"]].tolist() == [other, "review"]
    assert set(pd.read_csv(run2 / "reviewed.csv")["quote_id"]) == {t["data"]["quote_id"] for t in tasks}
    assert not {t["data"]["quote_id"] for t in tasks} & {t["data"]["quote_id"] for t in export_tasks(run2)[0]}
    assert main(["score", str(seeds), "--out", str(run), "--model", "fast", "--quiet", "--force",
                 "--discard-review"]) == 0
    assert not (run / "reviewed.csv").exists() and (run / "corrections.csv").exists()


def _without(result, *names):
    return [item for item in result if item["from_name"] not in names]


def test_import_a_speaker_deleted_in_label_studio_leaves_the_quote_unattributed(run_dir, tmp_path, capsys):
    """The speaker box is one entry (maxSubmissions 1); an annotator who finds no speaker in the article
    deletes it (its x), and Label Studio then saves no speaker item at all for the region. The import
    read that as 'not touched' and kept the machine's wrong speaker. An entry edited to nothing
    ('text': ['']) said the same and was read so."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    cleared = _as_annotated(tasks["a:3"])
    for item in cleared:
        if item["from_name"] == "speaker":
            item.update(origin="prediction-changed", value={**item["value"], "text": [""]})
    export.write_text(json.dumps(_ls_export([tasks["b:2"], tasks["a:2"], tasks["a:3"], tasks["b:1"]], [
        _without(_as_annotated(tasks["b:2"]), "speaker", "actor_id"),  # both boxes emptied
        _without(_as_annotated(tasks["a:2"]), "speaker"),               # the speaker only; actor_id left
        cleared,
        _as_annotated(tasks["b:1"]),                                     # accepted as it was
    ])), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "4 tasks reviewed: 3 quotes changed, 0 deleted, 0 added" in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    for qid in ("b:2", "a:2", "a:3"):
        assert quotes.loc[qid, ["speaker", "actor_id", "sieve"]].tolist() == ["", "", "review"], qid
    assert quotes.loc["b:1", ["speaker", "actor_id"]].tolist() == ["Fuad Hussein", "fuad-hussein"]
    assert "a-government-spokesman" not in set(pd.read_csv(run_dir / "actors.csv")["actor_id"])
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0  # again: nothing twice
    assert "4 tasks reviewed: 0 quotes changed" in capsys.readouterr().err


def test_import_a_span_edited_on_the_predicted_region(run_dir, article, tmp_path, capsys):
    """An annotator widens the predicted region (same region id, every item of it carrying the new
    offsets, Label Studio's UTF-16 units): the quote takes the new span; importing again changes nothing."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    wider = "Baghdad “will not stand idly by”"
    start = article.index(wider)
    units = len(article[:start].encode("utf-16-le")) // 2
    span = {"start": units, "end": units + len(wider.encode("utf-16-le")) // 2, "text": wider}
    edited = _as_annotated(tasks["a:3"], stance="concern")
    for item in edited:  # a textarea's value.text is its entries, not the region's text
        moved = {k: v for k, v in span.items() if k != "text" or item["type"] != "textarea"}
        item.update(origin="prediction-changed", value={**item["value"], **moved})
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["a:3"]], [edited])), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "1 task reviewed: 1 quote changed, 0 deleted, 0 added" in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", ["start", "end", "text", "stance", "speaker"]].tolist() == [
        start, start + len(wider), wider, "concern", "Mohammed Shia al-Sudani"]
    assert len(quotes) == 5
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "1 task reviewed: 0 quotes changed" in capsys.readouterr().err


def test_report_cut_short_mid_swap_is_finished_by_the_next_command(run_dir, monkeypatch, capsys):
    """`stance report` stopped by a full disk while its files replaced the old ones: the folder was
    refused by every later command ('incomplete output set (replacing); rerun with --resume'), and
    there was nothing to resume. The next command finishes the swap and goes on."""
    import os

    from stance.outputs import read_manifest

    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False)
    quotes.loc[quotes["quote_id"] == "b:2", "stance"] = "concern"
    quotes.to_csv(run_dir / "quotes.csv", index=False)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        if str(dst) == str(run_dir / "matrix.csv"):  # the swap's rename, not the staging's
            raise OSError(28, "No space left on device", str(dst))
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["report", str(run_dir)]) == 2
    monkeypatch.setattr(os, "replace", real_replace)
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the next stance command on it" in err
    assert main(["review", "export", str(run_dir), "--out", str(run_dir.parent / "tasks.json")]) == 0
    assert capsys.readouterr().err.startswith(f"stance: note: {run_dir}: finished replacing its files")
    read_manifest(run_dir)  # complete, every file as listed
    matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    assert matrix.loc["a-government-spokesman", "concern"] == 1  # the corrected stance, rebuilt


def test_import_an_added_quote_without_a_stance_is_named(run_dir, other_article, tmp_path, capsys):
    """A quote the machine missed, drawn in Label Studio with its speaker but no stance picked: it was
    added without a stance, left out of the matrix and corrections.csv, and the summary only said
    '1 added'. A note names the task so the analyst can pick one and import again."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    start = other_article.index("the rebel advance")
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["b:1"]], [
        _as_annotated(tasks["b:1"]) + _region("Nw9_x", start, start + 17, "the rebel advance", speaker="Fuad Hussein")])),
        encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"stance: note: {export}: 1 quote added without a stance (task 1: 'the rebel advance'): "
                       "left out of the matrix and corrections.csv; pick its stance in Label Studio and import "
                       "the new export")
    fixed = _as_annotated(tasks["b:1"]) + _region("Nw9_x", start, start + 17, "the rebel advance",
                                                  speaker="Fuad Hussein", stance="concern")
    export.write_text(json.dumps(_ls_export([tasks["b:1"]], [fixed])), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "without a stance" not in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False).set_index("quote_id")
    assert quotes.loc["b:1+r1.1", ["stance", "model"]].tolist() == ["concern", "review"]
    assert "the rebel advance" in set(pd.read_csv(run_dir / "corrections.csv")["text"])


def test_import_an_annotation_not_made_from_the_prediction_deletes_nothing(run_dir, article, tmp_path, capsys):
    """With Label Studio's 'Use predictions to prelabel tasks' off, an annotator starts from an empty
    annotation and never sees the machine's region: a task submitted without drawing it deleted the
    quote, and a whole project submitted so deleted every quote it covered. An annotation whose
    `parent_prediction` is null and that holds no item of the prediction now deletes nothing; a region
    drawn over the quote still corrects it, and a note says how many were not shown."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    words = "will not stand idly by"
    start = article.index(words)
    exported = _ls_export([tasks["a:2"], tasks["a:3"], tasks["b:1"]], [
        [], _region("drawn1", start, start + len(words), words, stance="concern"), []])
    for task in exported[:2]:
        task["annotations"][0]["parent_prediction"] = None
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "3 tasks reviewed: 2 quotes changed, 1 deleted, 0 added" in err  # b:1, made from its prediction, deleted
    assert (f"stance: note: {export}: 1 task's annotation was not made from the machine's reading (Label Studio's "
            "'Use predictions to prelabel tasks' off?): its quote was kept as the machine read it") in err
    quotes = pd.read_csv(run_dir / "quotes.csv", keep_default_na=False).set_index("quote_id")
    assert "a:2" in quotes.index and "b:1" not in quotes.index
    assert quotes.loc["a:3", "stance"] == "concern"
    assert set(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == {"a:3"}  # a:2 can be exported again


def test_import_two_annotators_who_disagree_apply_neither_until_one_is_ground_truth(run_dir, tmp_path, capsys):
    """A project with overlap (two annotators per task): one read a:3 as concern, the other, later, as
    interventionist. The later one was applied without a word and trained the next model as if certain. Now
    a task its annotators read differently is left as the machine read it, out of corrections.csv, and
    named; one annotator's later annotation replaces their own earlier one; agreeing annotators apply; the
    annotation marked ground truth (a reviewer's pick) is applied."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    exported = _ls_export([tasks["a:3"], tasks["b:2"]], [_as_annotated(tasks["a:3"], stance="concern"),
                                                         _as_annotated(tasks["b:2"], stance="support")])

    def second(task: dict, stance: str, who, when: str, **extra) -> None:
        task["annotations"].append({**task["annotations"][0], "id": task["annotations"][-1]["id"] + 10,
                                    "completed_by": who, "updated_at": when, **extra,
                                    "result": _as_annotated(tasks[task["data"]["quote_id"]], stance=stance)})

    second(exported[0], "interventionist", 2, "2026-11-29T10:07:00.000000Z")  # annotator 2 disagrees
    second(exported[1], "support", 2, "2026-11-29T10:07:00.000000Z")  # agrees
    second(exported[1], "neutral", 1, "2026-11-29T10:01:00.000000Z")  # annotator 1's earlier try, replaced
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert ("1 task its annotators read differently (task 1 'will not stand idly by': annotator 2: interventionist; "
            "annotator 1: concern): left as the machine read it, out of corrections.csv") in err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", "stance"] == "non-interference" and quotes.loc["b:2", "stance"] == "support"
    assert list(pd.read_csv(run_dir / "corrections.csv")["text"]) == ["We are following the situation closely,"]
    exported[0]["annotations"][0]["ground_truth"] = True  # the reviewer keeps annotator 1's
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "read differently" not in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", "stance"] == "concern"
    assert len(pd.read_csv(run_dir / "corrections.csv")) == 2


def test_import_into_a_rescored_set_follows_the_quote_not_its_number(run_dir, tmp_path, capsys):
    """An export imported into another output set (`stance review import ... --into run2`, as the README
    says for a rescore) where the extractor numbered the quotes differently: run2's a:2 is the quote that
    was a:3. The task for the old a:2 took run2's a:2 by its number and moved it onto the old a:2's span:
    two rows with one span, and 'will not stand idly by' lost. The task's own region (its span) says which
    quote it is: run2's quote with that span takes the correction, and no quote moves."""
    import shutil

    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    run2 = tmp_path / "run2"
    shutil.copytree(run_dir, run2)
    quotes = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False)
    quotes = quotes[quotes["quote_id"] != "a:1"].copy()  # the new extractor missed the first quote
    quotes["quote_id"] = quotes["quote_id"].replace({"a:2": "a:1", "a:3": "a:2"})
    quotes.to_csv(run2 / "quotes.csv", index=False)
    assert main(["report", str(run2)]) == 0
    spans = dict(zip(quotes["quote_id"], quotes["text"]))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["a:2"]], [_as_annotated(tasks["a:2"], stance="concern")])),
                      encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run2)]) == 0
    after = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert dict(zip(after.index, after["text"])) == spans  # every quote where it was
    assert after.loc["a:1", "stance"] == "concern" and after.loc["a:2", "stance"] == "non-interference"
    assert list(pd.read_csv(run2 / "reviewed.csv")["quote_id"]) == ["a:1"]
    deleted = _ls_export([tasks["a:2"]], [_without(_as_annotated(tasks["a:2"]), "quote", "stance", "speaker",
                                                                "actor_id")])  # the region deleted
    export.write_text(json.dumps(deleted), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run2)]) == 0
    after = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert "a:1" not in after.index and after.loc["a:2", "text"] == "will not stand idly by"


def test_import_tasks_imported_twice_into_a_project_are_compared_as_one(run_dir, tmp_path, capsys):
    """tasks.json imported twice into one Label Studio project: two tasks for a:3, one annotated concern, the
    other (later, by someone else) interventionist. The later task overrode the earlier without a word; now
    the copies' annotations are one task's: read apart, neither applies, and the note names the first copy."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    exported = _ls_export([tasks["a:3"], tasks["b:2"], tasks["a:3"]],
                          [_as_annotated(tasks["a:3"], stance="concern"), _as_annotated(tasks["b:2"]),
                           _as_annotated(tasks["a:3"], stance="interventionist")])
    exported[2]["annotations"][0].update(completed_by=2, updated_at="2026-11-29T11:00:00.000000Z")
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert ("1 task its annotators read differently (task 1 'will not stand idly by': annotator 2: interventionist; "
            "annotator 1: concern)") in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", "stance"] == "non-interference"
    exported[2]["annotations"][0]["result"] = _as_annotated(tasks["a:3"], stance="concern")  # now they agree
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", "stance"] == "concern"


@pytest.mark.parametrize("renamed", [{"stance": "label"}, {"quote": "span", "stance": "span_stance"},
                                     {"to_name": "article"}])
def test_import_refuses_results_under_names_the_exported_config_does_not_have(run_dir, tmp_path, capsys, renamed):
    """A project whose labelling config was edited (the stance choices renamed 'label', or the text tag
    'article'): its stances were dropped without a word and the machine's went into corrections.csv as if
    confirmed, or every quote, found under no region of the 'text' tag, was deleted. Refused in one line now,
    and the set is left as it was."""
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "tasks.json")]) == 0
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    results = []
    for task in tasks:
        result = [dict(r, origin="prediction") for r in task["predictions"][0]["result"]]
        for item in result:
            item["from_name"] = renamed.get(item["from_name"], item["from_name"])
            item["to_name"] = renamed.get("to_name", item["to_name"])
        results.append(result)
    export = tmp_path / "project-7.json"
    export.write_text(json.dumps(_ls_export(tasks, results)), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in run_dir.iterdir() if p.is_file()}
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {export}: task 1: a result from ") and \
        "which the exported labelling config does not name (quote, stance, speaker, actor_id on text)" in line
    assert {p.name: p.read_bytes() for p in run_dir.iterdir() if p.is_file()} == before


def test_import_of_an_empty_export_or_drafts_only_says_so(run_dir, tmp_path, capsys):
    """An export of an empty project (`[]`) rebuilt the set and reported "0 tasks reviewed"; a task whose
    annotator saved a draft and never submitted it was passed over without a word."""
    export = tmp_path / "empty.json"
    export.write_text("[]", encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    assert capsys.readouterr().err.strip() == (f"stance: error: {export}: holds no tasks (the export of an empty "
                                               "project, or of another one?)")
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "tasks.json")]) == 0
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    exported = _ls_export(tasks, [None] * len(tasks))
    exported[1]["drafts"] = [{"id": 9, "result": [dict(r, origin="prediction") for r in
                                                  tasks[1]["predictions"][0]["result"]], "lead_time": 3.0}]
    export = tmp_path / "drafts.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert f"stance: note: {export}: 1 task with a draft saved and nothing submitted (task 2): not applied; submit it " \
           "in Label Studio and import the new export" in capsys.readouterr().err


def test_import_of_a_csv_export_says_to_export_json(run_dir, tmp_path, capsys):
    export = tmp_path / "project-7-at-2026-11-30.csv"
    export.write_text("id,quote_id,stance\n1,a:1,concern\n", encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    assert capsys.readouterr().err.strip() == (f"stance: error: {export}: not a Label Studio JSON export (Label "
                                               "Studio's CSV or TSV export: export with its \"JSON\" format)")


def _reviewed_by(annotation: dict, *verdicts: bool, last_action=None) -> dict:
    """An annotation as Label Studio Enterprise exports it after review: `reviews` lists each reviewer's
    verdict (`accepted`), and newer versions name the latest history item in `last_action`."""
    reviews = [{"id": 500 + k, "created_by": {"id": 9, "email": "lead@example.org", "first_name": "R",
                                              "last_name": "Lead"},
                "accepted": verdict, "created_at": f"2026-11-29T11:0{k}:00.000000Z"} for k, verdict in enumerate(verdicts)]
    return {**annotation, "reviews": reviews, "last_action": last_action}


def test_review_verdicts_of_enterprise_exports():
    from stance.review import review_verdict

    base = {"result": [], "was_cancelled": False}
    assert review_verdict(base) is None  # Community Edition: no reviews
    assert review_verdict(_reviewed_by(base, True)) == "accepted"
    assert review_verdict(_reviewed_by(base, False)) == "rejected"
    assert review_verdict(_reviewed_by(base, False, True)) == "accepted"  # the latest review decides
    assert review_verdict(_reviewed_by(base, True, False)) == "rejected"
    assert review_verdict(_reviewed_by(base, last_action="fixed_and_accepted")) == "accepted"
    assert review_verdict(_reviewed_by(base, True, last_action="rejected")) == "rejected"
    assert review_verdict(_reviewed_by(base, True, last_action="updated")) is None  # changed after the review
    assert review_verdict({**base, "reviews": [{"id": 1}]}) is None  # a review without a verdict
    assert review_verdict({**base, "reviews": 3}) is None  # hand-edited: no review read, no traceback


def test_import_honours_enterprise_reviewers_accept_and_reject(run_dir, tmp_path, capsys):
    """Label Studio Enterprise: a reviewer accepts, fixes and accepts, or rejects each annotation. A rejected
    annotation was applied and trained the next model like any other. Now it is never applied (the quote stays
    as the machine read it, out of corrections.csv, exportable again); an accepted one wins over another
    annotator's unreviewed one (no dispute); the import counts them."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    order = ["a:1", "a:3", "b:1", "b:2"]
    exported = _ls_export([tasks[q] for q in order], [
        _as_annotated(tasks["a:1"], stance="interventionist"),  # rejected
        _as_annotated(tasks["a:3"], stance="concern"),          # accepted; annotator 2's unreviewed one differs
        _as_annotated(tasks["b:1"], stance="neutral"),          # unreviewed
        _as_annotated(tasks["b:2"], stance="support")],         # skipped below
        cancelled={4})
    exported[0]["annotations"][0] = _reviewed_by(exported[0]["annotations"][0], False, last_action="rejected")
    exported[1]["annotations"][0] = _reviewed_by(exported[1]["annotations"][0], True)
    exported[1]["annotations"].append({**exported[1]["annotations"][0], "id": 900, "completed_by": 2, "reviews": [],
                                       "updated_at": "2026-11-29T10:09:00.000000Z",
                                       "result": _as_annotated(tasks["a:3"], stance="support")})
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "annotations: 1 accepted, 1 rejected, 2 unreviewed, 1 skipped" in err
    assert "1 task whose annotations a reviewer rejected (task 1): not applied, out of corrections.csv" in err
    assert "read differently" not in err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:1", "stance"] == "concern" and quotes.loc["a:1", "model"] == "default@0.1.0"
    assert quotes.loc["a:3", "stance"] == "concern" and quotes.loc["b:1", "stance"] == "neutral"
    train = pd.read_csv(run_dir / "corrections.csv", keep_default_na=False)
    assert sorted(train["quote_id"]) == ["a:3", "b:1"]
    assert set(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == {"a:3", "b:1"}  # a:1 exportable again


def test_import_a_rejection_after_an_earlier_import_withdraws_the_training_row(run_dir, tmp_path, capsys):
    """The project exported before the reviewer's verdict: the annotation was imported and became a training
    row. The next export says it was rejected: the quote leaves reviewed.csv and corrections.csv (said), an
    added quote of the same task too."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    extra = "We are following the situation closely"
    start = tasks["b:1"]["data"]["text"].index(extra)
    exported = _ls_export([tasks["a:1"], tasks["b:1"]], [
        _as_annotated(tasks["a:1"], stance="interventionist"),
        _as_annotated(tasks["b:1"], stance="neutral") + _region("Nw9_cd12QQ", start, start + len(extra), extra,
                                                                stance="support", speaker="Fuad Hussein")])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert sorted(pd.read_csv(run_dir / "corrections.csv")["quote_id"]) == ["a:1", "b:1", "b:1+r2.1"]
    capsys.readouterr()
    exported[1]["annotations"][0] = _reviewed_by(exported[1]["annotations"][0], False)
    exported[0]["annotations"][0] = _reviewed_by(exported[0]["annotations"][0], True)
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "annotations: 1 accepted, 1 rejected, 0 unreviewed, 0 skipped" in err
    assert "2 quotes an earlier import took from an annotation now rejected, disputed or replaced (b:1, b:1+r2.1)" in err
    assert list(pd.read_csv(run_dir / "corrections.csv")["quote_id"]) == ["a:1"]
    assert set(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == {"a:1"}


def test_export_never_writes_over_a_file_it_did_not_write(run_dir, tmp_path, capsys):
    """`--out run/quotes.csv` (the set's folder meant) wrote the tasks over quotes.csv: the output set could
    no longer be read. Only an earlier export's tasks and config are replaced; anything else is one line."""
    before = {p.name: p.read_bytes() for p in run_dir.iterdir() if p.is_file()}
    for target in (run_dir / "quotes.csv", run_dir / "manifest.json"):
        assert main(["review", "export", str(run_dir), "--out", str(target)]) == 2
        assert capsys.readouterr().err == (f"stance: error: {target} exists and is not a Label Studio tasks file a "
                                           "review export wrote: it is left as it is; give --out another name\n")
    assert main(["review", "export", str(run_dir), "--out", str(run_dir)]) == 2
    assert "it is a folder" in capsys.readouterr().err
    under = run_dir / "quotes.csv" / "review" / "tasks.json"  # mkdir's "File exists"/"Not a directory" named neither
    assert main(["review", "export", str(run_dir), "--out", str(under)]) == 2
    assert capsys.readouterr().err == (f"stance: error: cannot write {under}: {run_dir / 'quotes.csv'} is a file, "
                                       "not a folder\n")
    assert {p.name: p.read_bytes() for p in run_dir.iterdir() if p.is_file()} == before
    assert main(["report", str(run_dir)]) == 0
    tasks = tmp_path / "tasks.json"
    assert main(["review", "export", str(run_dir), "--out", str(tasks)]) == 0
    assert main(["review", "export", str(run_dir), "--out", str(tasks), "--sample", "2"]) == 0  # its own: replaced
    assert len(json.loads(tasks.read_text(encoding="utf-8"))) == 2
    (tmp_path / "notes.config.xml").write_text("my notes", encoding="utf-8")
    assert main(["review", "export", str(run_dir), "--out", str(tmp_path / "notes.json")]) == 2
    assert "notes.config.xml exists and is not a labelling config file" in capsys.readouterr().err
    assert not (tmp_path / "notes.json").exists()


def test_dna_out_is_a_new_folder_or_a_dna_set_never_articles_or_another_run(run_dir, tmp_path, capsys):
    """`dna --out articles/` made the articles folder an output set (the tables' manifest), and the next
    `stance score articles/` skipped every article in it as results; `--out run2` listed run's network in
    run2's manifest beside run2's own quotes. Both are one line now, and the folders are left as they were."""
    import shutil

    articles = tmp_path / "texts"
    run2 = tmp_path / "run2"
    shutil.copytree(run_dir, run2)
    for folder in (articles, run2):
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert main(["dna", str(run_dir), "--out", str(folder)]) == 2
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith(f"stance: error: {folder}: ") and "give --out a new or empty folder" in line
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert main(["score", str(articles), "--out", str(tmp_path / "again"), "--model", "fast", "--quiet"]) == 0
    assert main(["dna", str(run_dir), "--out", str(tmp_path / "dna")]) == 0
    assert main(["dna", str(run_dir), "--out", str(tmp_path / "dna")]) == 0  # a DNA set of its own: replaced


def test_import_train_out_never_replaces_the_training_data(run_dir, tmp_path, capsys):
    """`--train-out train.csv` (meant: add the corrections to it) wrote the corrections over the analyst's
    training data. Only an earlier import's corrections are replaced; the set is left unchanged too."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["a:3"]], [_as_annotated(tasks["a:3"], stance="concern")])),
                      encoding="utf-8")
    train = tmp_path / "train.csv"
    train.write_text("text,label\nWe must act now,interventionist\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}
    assert main(["review", "import", str(export), "--into", str(run_dir), "--train-out", str(train)]) == 2
    assert capsys.readouterr().err.startswith(f"stance: error: {train} exists and is not a corrections file a "
                                              "review import wrote: it is left as it is")
    assert train.read_text(encoding="utf-8") == "text,label\nWe must act now,interventionist\n"
    assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before
    mine = tmp_path / "mine.csv"
    assert main(["review", "import", str(export), "--into", str(run_dir), "--train-out", str(mine)]) == 0
    assert main(["review", "import", str(export), "--into", str(run_dir), "--train-out", str(mine)]) == 0  # its own
    assert list(pd.read_csv(mine)["label"]) == ["concern"]


def test_import_two_accepted_readings_that_differ_are_a_dispute(run_dir, tmp_path, capsys):
    """Two reviewers each accepted another annotator's reading of a:3: the later one was applied as if the
    task were settled. Now it is left as the machine read it and named, as annotators who differ are; an
    accepted reading agreeing with another accepted one applies."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    exported = _ls_export([tasks["a:3"], tasks["b:2"]], [_as_annotated(tasks["a:3"], stance="concern"),
                                                         _as_annotated(tasks["b:2"], stance="support")])
    for task, stance in ((exported[0], "interventionist"), (exported[1], "support")):
        first = _reviewed_by(task["annotations"][0], True)
        task["annotations"] = [first, {**first, "id": first["id"] + 10, "completed_by": 2,
                                       "updated_at": "2026-11-29T10:07:00.000000Z",
                                       "result": _as_annotated(tasks[task["data"]["quote_id"]], stance=stance)}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "annotations: 4 accepted, 0 rejected, 0 unreviewed, 0 skipped" in err
    assert ("1 task its annotators read differently (task 1 'will not stand idly by': annotator 2: interventionist; "
            "annotator 1: concern)") in err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["a:3", "stance"] == "non-interference" and quotes.loc["b:2", "stance"] == "support"
    assert list(pd.read_csv(run_dir / "corrections.csv")["quote_id"]) == ["b:2"]


def test_import_a_withdrawn_reading_leaves_every_output(run_dir, tmp_path, capsys):
    """An earlier import applied annotations that a later export shows rejected (a:1 restanced and re-attributed,
    a:2 deleted), disputed (b:1, which also added a quote) or replaced by another annotator's reading after a
    rejection (b:2). quotes.csv kept the withdrawn readings (and the deletion, and the added quotes), so the
    matrix and reports still counted them. Now every output is as if the withdrawn annotation never came: the
    machine's reading is back (kept in review-machine.csv), added quotes are gone, and nothing trains on them."""
    machine_quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    machine_matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    text_b = tasks["b:1"]["data"]["text"]
    extra = "We are following the situation closely"
    start = text_b.index(extra)
    order = ["a:1", "a:2", "b:1", "b:2"]
    first = [_as_annotated(tasks["a:1"], stance="interventionist", speaker="Fuad Hussein"), [],
             _as_annotated(tasks["b:1"], stance="support") + _region("Zq7_pp01AB", start, start + len(extra), extra,
                                                                       stance="support", speaker="Fuad Hussein"),
             _as_annotated(tasks["b:2"], speaker="Fuad Hussein")
             + _region("Lm3_xx44CD", text_b.index("the rebel advance"), text_b.index("the rebel advance") + 17,
                       "the rebel advance", stance="interventionist")]
    exported = _ls_export([tasks[q] for q in order], first)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert "a:2" not in quotes.index and {"b:1+r3.1", "b:2+r4.1"} <= set(quotes.index)
    assert quotes.loc["a:1", "stance"] == "interventionist"

    for k in (0, 1):  # a:1 and a:2 rejected
        exported[k]["annotations"][0] = _reviewed_by(exported[k]["annotations"][0], False)
    exported[2]["annotations"].append({**exported[2]["annotations"][0], "id": 950, "completed_by": 2,
                                       "updated_at": "2026-11-29T10:09:00.000000Z",
                                       "result": _as_annotated(tasks["b:1"], stance="neutral")})
    exported[3]["annotations"][0] = _reviewed_by(exported[3]["annotations"][0], False)
    exported[3]["annotations"].append({**exported[3]["annotations"][0], "id": 960, "completed_by": 2, "reviews": [],
                                       "last_action": None, "updated_at": "2026-11-29T10:11:00.000000Z",
                                       "result": _as_annotated(tasks["b:2"], stance="support")})
    export.write_text(json.dumps(exported), encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "1 task reviewed: 6 quotes changed, 2 deleted, 0 added" in err  # 4 as the machine read them, 2 gone
    assert ("5 quotes an earlier import took from an annotation now rejected, disputed or replaced (a:1, b:1, "
            "b:1+r3.1 and 2 more): withdrawn from quotes.csv (the machine's reading is back, the quotes it added "
            "are gone)") in err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert sorted(quotes.index) == sorted(machine_quotes.index)  # a:2 back; b:1's and b:2's added quotes gone
    columns = [c for c in machine_quotes.columns if c != "statement_id"]
    for qid in ("a:1", "a:2", "a:3", "b:1"):
        assert quotes.loc[qid, columns].tolist() == machine_quotes.loc[qid, columns].tolist(), qid
    b2 = quotes.loc["b:2"]  # annotator 2's reading, on the machine's (not on the rejected annotator 1's)
    assert (b2["stance"], b2["speaker"], b2["actor_id"]) == ("support", "a government spokesman",
                                                             "a-government-spokesman")
    matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    assert matrix.drop(index="a-government-spokesman").equals(machine_matrix.drop(index="a-government-spokesman"))
    assert matrix.loc["a-government-spokesman", "support"] == 1
    assert list(pd.read_csv(run_dir / "corrections.csv")["quote_id"]) == ["b:2"]
    assert list(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == ["b:2"]
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0  # again: nothing changes twice
    assert "1 task reviewed: 0 quotes changed, 0 deleted, 0 added" in capsys.readouterr().err


def test_import_a_fix_and_accept_reads_the_reviewers_fixed_result(run_dir, tmp_path, capsys):
    """Label Studio Enterprise's Fix & Accept saves the reviewer's correction as a history item of the annotation,
    and the export lists it on the review (`fixed_annotation_history_result`, with the annotator's reading as
    `previous_annotation_history_result`). The import read only the annotation's result: where that still held
    the annotator's reading, the reviewer's fix was lost. Now the accepted review's fixed result is read; a
    plain Accept, and a fix the annotator changed afterwards, read the annotation's result as before."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    order = ["a:1", "a:3", "b:1"]
    exported = _ls_export([tasks[q] for q in order], [_as_annotated(tasks[q], stance="neutral") for q in order])
    for k, (fixed, last_action) in enumerate((("support", "fixed_and_accepted"), (None, "accepted"),
                                              ("support", "updated"))):
        annotation = _reviewed_by(exported[k]["annotations"][0], True, last_action=last_action)
        if fixed:
            annotation["reviews"][0].update(
                fixed_annotation_history=700 + k, previous_annotation_history=600 + k,
                fixed_annotation_history_result=_as_annotated(tasks[order[k]], stance=fixed),
                previous_annotation_history_result=annotation["result"])
        exported[k]["annotations"][0] = annotation
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "annotations: 2 accepted, 0 rejected, 1 unreviewed, 0 skipped" in capsys.readouterr().err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc[order, "stance"].tolist() == ["support", "neutral", "neutral"]
    train = pd.read_csv(run_dir / "corrections.csv", keep_default_na=False).set_index("quote_id")
    assert train.loc["a:1", "label"] == "support"


def test_import_a_withdrawal_in_a_rescored_set_restores_the_quote_the_task_was_for(run_dir, tmp_path, capsys):
    """In a set scored again and numbered otherwise (run2's a:1 is run's a:2, run2's a:2 is run's a:3), the
    machine's reading must come back to the quote the withdrawn task was for (found by its span), not to
    run2's quote that happens to carry the task's number."""
    import shutil

    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    run2 = tmp_path / "run2"
    shutil.copytree(run_dir, run2)
    quotes = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False)
    quotes = quotes[quotes["quote_id"] != "a:1"].copy()
    quotes["quote_id"] = quotes["quote_id"].replace({"a:2": "a:1", "a:3": "a:2"})
    quotes.to_csv(run2 / "quotes.csv", index=False)
    assert main(["report", str(run2)]) == 0
    machine = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    exported = _ls_export([tasks["a:3"], tasks["a:2"]], [_as_annotated(tasks["a:3"], stance="support"),
                                                         _as_annotated(tasks["a:2"], stance="concern")])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    for _ in range(2):  # the same export again (a later one of the same project) changes nothing
        capsys.readouterr()
        assert main(["review", "import", str(export), "--into", str(run2)]) == 0
        after = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
        assert after.loc[["a:1", "a:2"], "stance"].tolist() == ["concern", "support"]
    assert "2 tasks reviewed: 0 quotes changed" in capsys.readouterr().err
    exported[0]["annotations"][0] = _reviewed_by(exported[0]["annotations"][0], False)  # run's a:3 rejected
    export.write_text(json.dumps(exported), encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run2)]) == 0
    assert "1 quote an earlier import took from an annotation now rejected, disputed or replaced (a:2)" in \
        capsys.readouterr().err
    after = pd.read_csv(run2 / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert after.loc["a:1", "stance"] == "concern"  # the other task's reading stays
    columns = [c for c in machine.columns if c != "statement_id"]
    assert after.loc["a:2", columns].tolist() == machine.loc["a:2", columns].tolist()
    assert list(pd.read_csv(run2 / "reviewed.csv")["quote_id"]) == ["a:1"]


def test_import_a_withdrawal_in_a_set_reviewed_before_the_machine_record_says_what_stays(run_dir, tmp_path, capsys):
    """A set whose earlier import ran before review-machine.csv existed: the machine's reading of a quote it
    changed or deleted is not kept anywhere. A withdrawal then cannot undo it, and says so instead of
    leaving it without a word."""
    from stance.outputs import MANIFEST

    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    exported = _ls_export([tasks["a:1"], tasks["a:2"]], [_as_annotated(tasks["a:1"], stance="interventionist"), []])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    (run_dir / "review-machine.csv").unlink()  # as an import of the thirteenth session left the set
    manifest = json.loads((run_dir / MANIFEST).read_text(encoding="utf-8"))
    del manifest["files"]["review-machine.csv"]
    (run_dir / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    for task in exported:
        task["annotations"][0] = _reviewed_by(task["annotations"][0], False)
    export.write_text(json.dumps(exported), encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert ("2 quotes (a:1, a:2) keep the withdrawn reading in quotes.csv (or stay deleted): imported before the "
            "set kept the machine's reading") in capsys.readouterr().err
    assert not (run_dir / "reviewed.csv").is_file() or pd.read_csv(run_dir / "reviewed.csv").empty


def test_import_again_with_a_region_over_another_tasks_quote_changes_nothing(run_dir, tmp_path, capsys):
    """Task 1's annotator drew a region over the quote of task 2 (the same article), and task 2's annotator
    confirmed it. Importing the export again must change nothing: the machine's reading is put back for every
    task before any is applied, so task 2's turn does not undo what task 1's region did in this import."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    b2 = tasks["b:2"]["predictions"][0]["result"][0]["value"]
    exported = _ls_export([tasks["b:1"], tasks["b:2"]], [
        _as_annotated(tasks["b:1"], stance="support") + _region("Kx1_zz09QQ", b2["start"], b2["end"], b2["text"],
                                                                  stance="support", speaker="Fuad Hussein"),
        _as_annotated(tasks["b:2"])])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    once = (run_dir / "quotes.csv").read_bytes()
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert "2 tasks reviewed: 0 quotes changed, 0 deleted, 0 added" in capsys.readouterr().err
    assert (run_dir / "quotes.csv").read_bytes() == once


def test_import_a_withdrawn_region_over_a_quote_never_exported_leaves_it(run_dir, tmp_path, capsys):
    """Only b:1 was exported; its annotator also drew a region over b:2's exact span (a quote of the set, never a
    task), which edits b:2. When b:1's annotation is later rejected, or replaced by one without that region, b:2
    must go back to the machine's reading too: it kept the withdrawn edit, because the record did not say which
    task made it. reviewed.csv now names it (`drawn_in`), and review-machine.csv's rows come in a fixed order."""
    machine_quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    machine_matrix = pd.read_csv(run_dir / "matrix.csv", index_col=0)
    columns = [c for c in machine_quotes.columns if c != "statement_id"]
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    b2 = tasks["b:2"]["predictions"][0]["result"][0]["value"]
    over_b2 = _region("Kx1_zz09QQ", b2["start"], b2["end"], b2["text"], stance="support", speaker="Fuad Hussein")
    exported = _ls_export([tasks["b:1"]], [_as_annotated(tasks["b:1"], stance="support") + over_b2])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert (quotes.loc["b:2", "stance"], quotes.loc["b:2", "speaker"]) == ("support", "Fuad Hussein")
    record = pd.read_csv(run_dir / "reviewed.csv", dtype=str)
    assert record["drawn_in"].fillna("").tolist() == ["", "b:1"]
    assert list(pd.read_csv(run_dir / "review-machine.csv")["quote_id"]) == ["b:1", "b:2"]

    replaced = json.loads(json.dumps(exported))  # b:1 read again by another annotator, without the region
    replaced[0]["annotations"][0] = _reviewed_by(replaced[0]["annotations"][0], False)
    replaced[0]["annotations"].append({**replaced[0]["annotations"][0], "id": 950, "completed_by": 2, "reviews": [],
                                       "result": _as_annotated(tasks["b:1"], stance="neutral")})
    export.write_text(json.dumps(replaced), encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    err = capsys.readouterr().err
    assert "1 task reviewed: 2 quotes changed, 0 deleted, 0 added" in err
    assert "1 quote an earlier import took from an annotation now rejected, disputed or replaced (b:2)" in err
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    assert quotes.loc["b:2", columns].tolist() == machine_quotes.loc["b:2", columns].tolist()
    assert quotes.loc["b:1", "stance"] == "neutral"
    assert list(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == ["b:1"]
    assert list(pd.read_csv(run_dir / "corrections.csv")["quote_id"]) == ["b:1"]

    exported[0]["annotations"][0] = _reviewed_by(exported[0]["annotations"][0], False)  # only a rejection
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    quotes = pd.read_csv(run_dir / "quotes.csv", dtype=str, keep_default_na=False).set_index("quote_id")
    for qid in machine_quotes.index:
        assert quotes.loc[qid, columns].tolist() == machine_quotes.loc[qid, columns].tolist(), qid
    assert pd.read_csv(run_dir / "matrix.csv", index_col=0).equals(machine_matrix)
    assert pd.read_csv(run_dir / "reviewed.csv").empty and pd.read_csv(run_dir / "corrections.csv").empty


def test_import_into_a_set_whose_machine_record_lost_a_span_is_one_line(run_dir, tmp_path, capsys):
    """review-machine.csv damaged by hand (a row's start emptied): the import stopped with a TypeError traceback.
    Now one line names the file, row and column, and the set is left as it was."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["a:1"]], [_as_annotated(tasks["a:1"], stance="support")])),
                      encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    machine = pd.read_csv(run_dir / "review-machine.csv", dtype=str, keep_default_na=False)
    machine.loc[0, "start"] = ""
    machine.to_csv(run_dir / "review-machine.csv", index=False)
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}
    capsys.readouterr()
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"stance: error: {run_dir / 'review-machine.csv'}: row 1, column start: empty (every quote has its span)"]
    assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before


def test_import_a_rejected_task_without_a_quote_id_leaves_earlier_rounds_alone(run_dir, tmp_path, capsys):
    """A task whose data has no quote_id (added to the project by hand), whose annotation a reviewer rejected,
    made "" a redone task's quote: every quote of reviewed.csv with an empty `drawn_in` (nearly all, and every
    one in a record written before the column) was put back to the machine's reading and left the record."""
    tasks = {t["data"]["quote_id"]: t for t in export_tasks(run_dir)[0]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_ls_export([tasks["a:1"]], [_as_annotated(tasks["a:1"], stance="support")])),
                      encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    reviewed = (run_dir / "quotes.csv").read_bytes()
    by_hand = {**tasks["b:1"], "data": {k: v for k, v in tasks["b:1"]["data"].items() if k != "quote_id"}}
    exported = _ls_export([by_hand], [_as_annotated(tasks["b:1"], stance="oppose")])
    exported[0]["annotations"][0] = _reviewed_by(exported[0]["annotations"][0], False)
    export.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["review", "import", str(export), "--into", str(run_dir)]) == 0
    assert (run_dir / "quotes.csv").read_bytes() == reviewed
    assert list(pd.read_csv(run_dir / "reviewed.csv")["quote_id"]) == ["a:1"]
