"""data/stance/context_rows.py: training rows get the context `stance score` gives a context model, on an
invented article; rows without an article get none; context echoing an evaluation quote is emptied."""
import pandas as pd
import pytest

from stance.records import Quote

TEXT = ("Valley council splits over river patrols\n\n"
        "The council met late on Thursday after a week of incidents at the weir.\n\n"
        "\"We will keep our boats on our own bank,\" councillor Dana Ferro said.\n")


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("data/stance/context_rows.py")


def _extract(text, doc_id):
    start = text.index("We will")
    words = "We will keep our boats on our own bank,"
    return [Quote(doc_id, f"{doc_id}:1", start, start + len(words), words, "direct", speaker="Dana Ferro",
                  speaker_role="councillor", sentence=text[start - 1:].strip())]


def test_article_rows_get_their_context_and_other_rows_none(script):
    rows = pd.DataFrame({"id": ["a1", "v-01:1", "v-01:2"],
                         "text": ["We stay out.", "We will keep our boats on our own bank,", "never found"],
                         "sentence": ["", "", ""], "conflict": ["some-conflict", "v-01", "v-01"],
                         "label": ["non-interference"] * 3})
    out, counts = script.with_context(rows, {"v-01": TEXT}, extract=_extract)
    assert counts == {"no article": 1, "found": 1, "not found": 1}
    assert list(out["headline"]) == ["", "Valley council splits over river patrols", ""]
    assert out.at[1, "previous"].startswith("The council met late") and out.at[1, "role"] == "councillor"
    assert out[list(rows.columns)].equals(rows)  # the rows themselves are untouched


def test_context_that_echoes_an_evaluation_quote_is_emptied(script):
    rows = pd.DataFrame({"headline": ["Valley council splits over river patrols", ""],
                         "previous": ["they said we will keep our boats there", "nothing in common here"],
                         "role": ["", ""], "country": ["", ""]})
    out, counts = script.decontaminate(rows, {"dev": [["we", "will", "keep", "our", "boats"]]})
    assert list(out["previous"]) == ["", "nothing in common here"] and out.at[0, "headline"] != ""
    assert counts["previous emptied"] == 1 and counts["headline emptied"] == 0
