import pandas as pd
import pytest

from stance.gold import compare_to_gold
from stance.matrix import DEFAULT_LABELS, agreement, annotate, stance_matrix, with_shares
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
