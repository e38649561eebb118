import numpy as np
import pandas as pd
import pytest

from stance.gold import compare_to_gold
from stance.matrix import DEFAULT_LABELS, agreement, agreement_pairs, annotate, stance_matrix, with_intervals, with_shares
from stance.records import Quote, quotes_to_frame


def test_matrix_gold_counts_by_hand(gold_frame):
    m = stance_matrix(gold_frame, DEFAULT_LABELS)
    # Sudani: "containing the crisis" (3 reports, 1 statement) concern; 4 support statements
    # ("closely linked" headline is too short to be folded into the body quote).
    assert m.loc["mohammed-shia-al-sudani", list(DEFAULT_LABELS)].tolist() == [0, 0, 1, 4, 0]
    # Fuad Hussein: "deep concerns" twice -> 1, joint consultation quote (with Sabbagh) -> support, "great concern".
    assert m.loc["fuad-hussein", ["concern", "support", "n"]].tolist() == [2, 1, 3]
    assert m.loc["bassam-al-sabbagh", ["interventionist", "support", "n"]].tolist() == [1, 1, 2]
    assert m.loc["faleh-al-fayyad", ["interventionist", "non-interference"]].tolist() == [3, 1]
    raw = stance_matrix(gold_frame, DEFAULT_LABELS, dedupe=False)
    assert raw.loc["mohammed-shia-al-sudani", "n"] == 7 and raw.loc["fuad-hussein", "n"] == 5


def _two_reports(stances=("concern", "concern"), probs=(0.9, 0.6)):
    quotes = [Quote(doc, f"{doc}:1", 0, 10, "Iraq is following events in Syria with great concern", "direct",
                    speaker=speaker, stance=st, probabilities=((st, p),))
              for doc, speaker, st, p in zip(("a", "b"), ("Fuad Hussein", "Iraqi Foreign Minister Fuad Hussein"), stances, probs)]
    return quotes_to_frame(quotes, DEFAULT_LABELS)


def test_matrix_dedupe_one_statement_two_reports():
    frame = annotate(_two_reports())
    assert frame["statement_id"].nunique() == 1 and frame["actor_id"].nunique() == 1
    assert stance_matrix(frame).loc["fuad-hussein", "n"] == 1
    assert stance_matrix(frame, dedupe=False).loc["fuad-hussein", "concern"] == 2


def test_matrix_disagreeing_reports_take_most_probable_label():
    m = stance_matrix(_two_reports(("concern", "support"), (0.55, 0.95)))
    assert m.loc["fuad-hussein", ["concern", "support"]].tolist() == [0, 1]


def test_matrix_row_shares_country_and_period(gold_frame):
    shares = stance_matrix(gold_frame, normalize="row")
    assert shares[list(DEFAULT_LABELS)].sum(axis=1).round(6).eq(1).all()
    by_country = stance_matrix(gold_frame, by="country")
    assert by_country.loc["Iraq", "n"] >= 9
    dates = pd.Series({d: f"2024-1{i % 2}-05" for i, d in enumerate(sorted(gold_frame["doc_id"].unique()))})
    over_time = stance_matrix(gold_frame, period="M", dates=dates)
    assert set(over_time.index.get_level_values("period")) == {"2024-10", "2024-11"}
    with pytest.raises(ValueError):
        stance_matrix(gold_frame, by="outlet")


def test_matrix_shares_and_agreement(gold_frame):
    m = stance_matrix(gold_frame)
    csv = with_shares(m, DEFAULT_LABELS)
    assert csv.loc["faleh-al-fayyad", "share_interventionist"] == 0.75
    agree = agreement(m, DEFAULT_LABELS)
    assert agree.loc["ibrahim-al-jaafari", "walid-al-moallem"] == 1.0    # both only support
    assert agree.loc["muqtada-al-sadr", "asaad-al-shaibani"] == 0.0
    assert (agree.to_numpy() == agree.to_numpy().T).all()


def test_matrix_compare_to_gold_reports_errors(gold_frame):
    perfect = compare_to_gold(gold_frame, gold_frame)
    assert perfect["l1"] == 0 and perfect["stance_accuracy"] == 1.0 and perfect["speaker_accuracy"] == 1.0
    wrong = gold_frame.copy()
    wrong.loc[wrong["speaker"] == "Muqtada al-Sadr", "stance"] = "support"
    result = compare_to_gold(wrong.iloc[:-2], gold_frame)
    assert result["l1"] > 0 and result["stance_accuracy"] < 1.0 and result["quote_recall"] < 1.0


def _scored(rows, labels=("concern", "support")):
    """Quotes of hand-made probabilities: (doc, speaker, text, stance, {label: p} or None)."""
    quotes = [Quote(doc, f"{doc}:{i}", 0, 1, text, "direct", speaker=speaker, stance=stance,
                    probabilities=tuple((probs or {}).items()))
              for i, (doc, speaker, text, stance, probs) in enumerate(rows)]
    return quotes_to_frame(quotes, labels)


def test_matrix_probability_weighting_sums_probabilities():
    labels = ("concern", "support")
    frame = _scored([
        ("a", "Fuad Hussein", "we are deeply worried about the fighting near the border", "concern",
         {"concern": 0.6, "support": 0.4}),
        ("b", "Fuad Hussein", "we are deeply worried about the fighting near the border", "concern",
         {"concern": 0.8, "support": 0.2}),                       # the same statement, another outlet
        ("c", "Fuad Hussein", "Baghdad stands with the government in Damascus", "support",
         {"concern": 0.1, "support": 0.9}),
        ("d", "Fuad Hussein", "a corrected quote with no probabilities left", "support", None),
    ], labels)
    deduped = stance_matrix(frame, labels, weighting="probability")
    assert deduped.index.name == "actor_id"
    assert deduped.loc["fuad-hussein", ["concern", "support", "n"]].round(6).tolist() == [0.8, 2.2, 3.0]
    reports = stance_matrix(frame, labels, dedupe=False, weighting="probability")
    assert reports.loc["fuad-hussein", ["concern", "support", "n"]].round(6).tolist() == [1.5, 2.5, 4.0]
    counted = stance_matrix(frame, labels)
    assert counted.loc["fuad-hussein", ["concern", "support", "n"]].tolist() == [1, 2, 3]
    with pytest.raises(ValueError):
        stance_matrix(frame, labels, weighting="votes")


def test_matrix_intervals_match_dirichlet_samples():
    labels = ("concern", "support", "neutral")
    m = pd.DataFrame({"concern": [2.0, 20.0, 0.0], "support": [1.0, 10.0, 0.6], "neutral": [0.0, 0.0, 0.4]},
                     index=pd.Index(["few", "many", "one"], name="actor_id"))
    m["n"] = m.sum(axis=1)
    table = with_intervals(m, labels)
    rng = np.random.default_rng(0)
    for actor, row in m.iterrows():
        draws = rng.dirichlet(row[list(labels)].to_numpy() + 1 / 3, size=200_000)
        for k, lab in enumerate(labels):
            lo, hi = np.quantile(draws[:, k], [0.025, 0.975])
            assert abs(table.loc[actor, f"lo_{lab}"] - lo) < 0.01 and abs(table.loc[actor, f"hi_{lab}"] - hi) < 0.01
    width = table["hi_concern"] - table["lo_concern"]
    assert width["many"] < width["few"] / 2          # same share (2/3), ten times the evidence
    assert table.loc["few", "lo_neutral"] == 0.0 and table.loc["few", "hi_neutral"] > 0.2


def test_matrix_csv_carries_shares_and_intervals(gold_frame):
    csv = with_shares(stance_matrix(gold_frame), DEFAULT_LABELS)
    for lab in DEFAULT_LABELS:
        mean = (csv[lab] + 0.2) / (csv["n"] + 1)          # posterior mean lies inside its interval
        assert (csv[f"lo_{lab}"] <= mean).all() and (mean <= csv[f"hi_{lab}"]).all()


def test_agreement_pairs_are_the_dense_values_top_k(gold_frame):
    m = stance_matrix(gold_frame)
    dense = agreement(m, DEFAULT_LABELS)
    for k in (3, len(m)):
        pairs = agreement_pairs(m, DEFAULT_LABELS, top_k=k)
        assert list(pairs.columns) == ["actor_id", "other_actor_id", "agreement"]
        for actor, group in pairs.groupby("actor_id", sort=False):
            others = dense.loc[actor].drop(actor)
            want = sorted(others.items(), key=lambda item: (-item[1], item[0]))[:k]
            assert list(zip(group["other_actor_id"], group["agreement"])) == want
    assert len(agreement_pairs(m, DEFAULT_LABELS, top_k=3, min_n=3)) == 3 * (m["n"] >= 3).sum()


def test_matrix_period_reads_dates_of_mixed_forms(gold_frame):
    """pandas infers one format from the first date and made every other form NaT (left out as
    undated): an archive's dates are seldom all in one form."""
    docs = sorted(gold_frame["doc_id"].unique())
    forms = ["2024-10-05", "2024-10-05T14:30:00", "2024-10-05 09:05:07.123000", "2024-10-05T14:30:00+00:00", "5 Oct 2024"]
    dates = pd.Series({d: forms[i % len(forms)] for i, d in enumerate(docs)})
    over_time = stance_matrix(gold_frame, period="M", dates=dates)
    assert over_time["n"].sum() == stance_matrix(gold_frame)["n"].sum()


def test_matrix_intervals_are_scipy_beta_quantiles_without_scipy_stats():
    """with_intervals gives scipy.stats.beta.ppf's values (the same quantile function) without
    importing scipy.stats, which costs seconds at the end of a run."""
    import subprocess
    import sys

    from scipy.stats import beta

    counts = pd.DataFrame({"concern": [0, 1, 7, 250], "support": [3, 0, 7, 1]}, index=list("abcd"))
    counts["n"] = counts.sum(axis=1)
    table = with_intervals(counts, ("concern", "support"))
    a = counts["concern"] + 0.5
    b = counts["n"] - counts["concern"] + 0.5
    assert table["lo_concern"].tolist() == beta.ppf(0.025, a, b).round(3).tolist()
    assert table["hi_concern"].tolist() == beta.ppf(0.975, a, b).round(3).tolist()
    code = ("import sys, pandas as pd; from stance.matrix import with_intervals; "
            "with_intervals(pd.DataFrame({'x': [1], 'y': [2], 'n': [3]}), ('x', 'y')); "
            "assert 'scipy.stats' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
