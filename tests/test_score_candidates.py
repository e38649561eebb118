"""benchmarks/score_candidates.py: the selection mean is one vote per selection set (seeds never count)."""
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("benchmarks/score_candidates.py")


def test_the_selection_is_dev_and_the_sixteen_blind_sets(script):
    assert script.SELECTION == ("dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8",
                                "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16")
    assert set(script.SELECTION) <= set(script.GOLD)


def test_the_mean_gives_each_selection_set_one_vote_and_ignores_seeds(script):
    sets = ["seeds", "dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9",
            "blind10"]
    scores = {"a": [1.0, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 0.7, 0.7, 0.7, 0.7],
              "b": [0.0, 0.75, 0.72, 0.72, 0.72, 0.72, 0.72, 0.65, 0.74, 0.66, 0.70, 0.68]}
    table = pd.DataFrame([{"model": m, "set": s, "stance_macro_f1": f} for m, row in scores.items()
                          for s, f in zip(sets, row)])
    wide = script.selection_table(table, sets)
    mean = wide["mean of dev blind blind2 blind3 blind4 blind5 blind6 blind7 blind8 blind9 blind10"]
    assert mean["a"] == pytest.approx((0.8 + 0.7 * 9 + 0.6) / 11, abs=1e-4)
    assert mean["b"] == pytest.approx((0.75 + 0.72 * 5 + 0.65 + 0.74 + 0.66 + 0.70 + 0.68) / 11, abs=1e-4)
    assert list(wide.columns[:12]) == sets and wide.loc["a", "dev"] == 0.8
    assert "mean" not in " ".join(script.selection_table(table, ["seeds", "dev"]).columns)


def test_selection_names_the_development_sets_once_in_order(script):
    assert script.named_sets(["selection"]) == list(script.SELECTION)
    assert script.named_sets(["seeds", "selection", "dev"]) == ["seeds", *script.SELECTION]
    assert script.named_sets(["dev", "blind"]) == ["dev", "blind"]


def test_the_table_gives_ece_and_actor_means_over_the_selection_sets_only(script):
    rows = [{"model": "a", "set": s, "stance_macro_f1": f, "ece": e, "actor_rate": r}
            for s, f, e, r in (("seeds", 0.9, 0.5, 0.0), ("dev", 0.8, 0.04, 1.0), ("blind", 0.7, 0.06, 0.8))]
    wide = script.selection_table(pd.DataFrame(rows), ["seeds", "dev", "blind"])
    assert wide.loc["a", "mean of dev blind"] == pytest.approx(0.75)
    assert wide.loc["a", "ECE mean"] == pytest.approx(0.05)
    assert wide.loc["a", "actor mean"] == pytest.approx(0.9)
