"""data/stance/writer_weights.py: every writer batch weighs the median batch size, on hand-made rows."""
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("data/stance/writer_weights.py")


def rows(batches: dict[str, int]) -> pd.DataFrame:
    """`n` rows per batch: a letter is a train.csv batch (id e17), wK an article writer (its source)."""
    out = []
    for batch, n in batches.items():
        for i in range(n):
            article = batch.startswith("w")
            out.append({"id": f"doc-{i}:1" if article else f"{batch}{i}",
                        "source": f"article batch {batch}, independent writer, extracted by stance 0.1.0"
                        if article else "an independent writer", "label": "neutral"})
    return pd.DataFrame(out)


def test_rows_are_grouped_by_article_writer_or_id_letter(script):
    found = script.writer_batches(rows({"e": 2, "w3": 1, "w12": 2}))
    assert found.tolist() == ["e", "e", "w3", "w12", "w12"]


def test_each_batch_weighs_the_median_batch_size(script):
    data = rows({"e": 6, "f": 4, "w1": 2, "w2": 3, "w3": 2})  # sizes 6, 4, 2, 3, 2: median 3
    weight = script.writer_weights(data).astype(float)
    per_batch = weight.groupby(script.writer_batches(data)).sum()
    assert per_batch.to_dict() == pytest.approx({"e": 3.0, "f": 3.0, "w1": 3.0, "w2": 3.0, "w3": 3.0}, abs=1e-3)
    assert weight.iloc[0] == pytest.approx(0.5) and weight.iloc[-1] == pytest.approx(1.5)


def test_review_corrections_are_a_writer_batch_of_their_own(script):
    """corrections.csv (`stance review import`) has no id column and source "review": appended to the
    default model's rows they had no batch and an empty weight, which `stance train` refuses."""
    data = pd.concat([rows({"e": 4, "w1": 2}), pd.DataFrame({"source": ["review"] * 2, "label": "neutral"})],
                     ignore_index=True)
    assert script.writer_batches(data).tolist() == ["e"] * 4 + ["w1"] * 2 + ["review"] * 2
    assert script.writer_weights(data).astype(float).tolist()[-2:] == pytest.approx([1.5, 1.5])  # median 3 / 2


def corrections(n: int) -> pd.DataFrame:
    return pd.DataFrame({"source": ["review"] * n, "label": "neutral"})


@pytest.mark.parametrize("n, each", [(1, 5.0), (4, 5.0), (20, 2.0), (40, 1.0), (400, 1.0)])
def test_corrections_weigh_a_writer_batch_but_each_between_one_and_five_rows(script, n, each):
    """As one writer's batch, one correction weighed as much as a whole writer's 229 rows (a
    careless click rewrote the fine-tune's steps it fell in) and 2,000 corrections of the user's own
    conflict weighed less than a tenth of a row each. A correction now weighs the batch share within
    [1, 5]: few corrections count five rows each, many count at least one each, and the shipped
    rows' weights never move."""
    writers = rows({"e": 40, "f": 40, "w1": 40})
    data = pd.concat([writers, corrections(n)], ignore_index=True)
    weight = script.writer_weights(data).astype(float)
    assert weight.iloc[len(writers):].tolist() == pytest.approx([each] * n)
    assert weight.iloc[:len(writers)].tolist() == script.writer_weights(writers).astype(float).tolist()


def test_corrections_weight_can_be_set(script, tmp_path, capsys, monkeypatch):
    data = pd.concat([rows({"e": 40, "w1": 40}), corrections(3)], ignore_index=True)
    assert script.writer_weights(data, review_weight=12).astype(float).iloc[-3:].tolist() == [12.0] * 3
    assert script.writer_weights(corrections(3)).astype(float).tolist() == [1.0] * 3  # no writer's rows beside them
    data.to_csv(tmp_path / "FDR.csv", index=False)
    monkeypatch.setattr("sys.argv", ["writer_weights.py", str(tmp_path / "FDR.csv"), "--out", str(tmp_path / "B.csv")])
    script.main()
    assert capsys.readouterr().err.strip() == (
        "writer_weights: 3 corrections (source 'review') weigh 5 rows each, 15 in all (a writer's batch weighs 40); "
        "--review-weight W sets another")
    assert pd.read_csv(tmp_path / "B.csv")["weight"].tolist()[-3:] == [5.0] * 3
