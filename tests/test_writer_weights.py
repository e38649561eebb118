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
    assert script.writer_weights(data).astype(float).tolist()[-2:] == pytest.approx([1.0, 1.0])
