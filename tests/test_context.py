"""Context a classifier may read (stance.context): templates, the headline and previous paragraph of a quote,
a model that asks for them by its templates, and models that do not (they read what they always read)."""
import json

import numpy as np
import pandas as pd
import pytest

from stance.context import check_template, context_fields, fill, headline, quote_context, with_context
from stance.heads import CLASSIC_TEMPLATE, as_inputs, classifier_input, templated
from stance.model import classify_quotes, load_model
from stance.records import Document, Quote

ARTICLE = ("Harbour talks stall as ministers trade warnings\n\n"
           "By a staff reporter\n\n"
           "The two governments met again on Monday without an agreement on the fishing grounds.\n\n"
           "\"Our boats stay in the home harbour,\" the deputy minister said after the meeting.\n\n"
           "Her counterpart called the plan \"a provocation\" and left early.")


def test_the_classic_template_read_through_fill_is_classifier_input():
    rows = pd.DataFrame({"text": ["we stay out", " a provocation ", "no cue here", "same", ""],
                         "cue": ["said", "called the plan", "", "", "told"],
                         "sentence": ["He said: we stay out.", "She  called the plan a provocation.", "", "same", "x"]})
    parts = [rows[c] for c in ("text", "cue", "sentence")]
    expected = [classifier_input(t, c, s) for t, c, s in zip(*parts)]
    assert templated(rows, CLASSIC_TEMPLATE, parts)[:4] == expected[:4]
    assert as_inputs(rows, CLASSIC_TEMPLATE) == as_inputs(rows) == expected


def test_parts_with_only_empty_fields_are_left_out():
    template = '{cue} "{text}" | {sentence} | {headline} | {role} {country}'
    row = {"text": "we stay out", "cue": "said", "sentence": "He said we stay out.", "headline": ""}
    assert fill(template, row) == 'said "we stay out" | He said we stay out.'
    assert fill(template, {**row, "headline": "Talks stall", "country": "Norway"}) == \
        'said "we stay out" | He said we stay out. | Talks stall | Norway'
    assert fill("{marked} | {speaker}", {"marked": "He said {no}.", "speaker": ""}) == "He said {no}."


def test_templates_name_known_fields_only():
    assert check_template("{marked} | {previous}") == "{marked} | {previous}"
    assert context_fields(["marked", CLASSIC_TEMPLATE + " | {headline}", "{sentence} | {speaker}"]) == \
        ("headline", "speaker")
    assert context_fields(["marked", CLASSIC_TEMPLATE]) == ()
    for bad in ("{sentence} | {weather}", "no fields", "{0}"):
        with pytest.raises(ValueError):
            check_template(bad)


def test_a_quote_reads_the_headline_and_the_paragraph_before_its_own():
    start = ARTICLE.index('"Our boats')
    assert quote_context(ARTICLE, start) == {
        "headline": "Harbour talks stall as ministers trade warnings",
        "previous": "The two governments met again on Monday without an agreement on the fishing grounds."}
    later = quote_context(ARTICLE, ARTICLE.index('"a provocation"'))
    assert later["previous"].startswith("\"Our boats stay")
    assert quote_context(ARTICLE, 3) == {"headline": "", "previous": ""}  # a quote in the headline
    # the paragraph after the headline has no previous paragraph but the headline, which is not repeated
    assert quote_context(ARTICLE, ARTICLE.index("staff"))["previous"] == ""
    assert quote_context(ARTICLE, start, title="Given title")["headline"] == "Given title"
    assert headline("A first paragraph that runs on and on " * 5 + "\n\nMore.") == ""


def test_with_context_reads_documents_and_the_speaker_columns():
    quotes = pd.DataFrame({"doc_id": ["a", "a", "unknown"], "start": [ARTICLE.index('"Our boats'), 0, 5],
                           "speaker": ["Ines Moreau", "", "X"], "speaker_role": ["deputy minister", "", ""],
                           "speaker_country": ["", "", ""]})
    found = with_context(quotes, {"a": (ARTICLE, "")}, ("headline", "role"))
    assert list(found["headline"]) == ["Harbour talks stall as ministers trade warnings", "", ""]
    assert list(found["role"]) == ["deputy minister", "", ""] and "previous" not in found


ROWS = [("We must strike the militants across the border.", "interventionist"),
        ("This is an internal affair; we will not send a soldier.", "non-interference"),
        ("We are deeply worried by this dangerous escalation.", "concern"),
        ("We stand by their unity, security and stability.", "support"),
        ("Nothing more to add today.", "neutral")]


def _train(tmp_path, name, template=None):
    from stance.cli import main

    data = pd.DataFrame([{"text": f"{text} ({n})", "label": label, "cue": "said", "sentence": "",
                          "headline": f"{label} headline words", "source": "invented"}
                         for n in range(3) for text, label in ROWS])
    data.to_csv(tmp_path / "rows.csv", index=False)
    extra = ["--param", f"input_template={template}"] if template else []
    assert main(["train", str(tmp_path / "rows.csv"), "--out", str(tmp_path / name), "--kind", "tfidf",
                 "--folds", "2", *extra]) == 0
    return tmp_path / name


def _unsharpened(folder):
    """The folder with temperature 1: fifteen rows fit perfectly, and sharpened every rounded probability is 0 or 1."""
    from stance.io import file_sha256

    params = json.loads((folder / "classifier.json").read_text())
    (folder / "classifier.json").write_text(json.dumps({**params, "temperature": 1.0}))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["classifier"]["params"]["sha256"] = file_sha256(folder / "classifier.json")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_model_reads_the_context_its_template_names(tmp_path):
    folder = _unsharpened(_train(tmp_path, "context", CLASSIC_TEMPLATE + " | {headline}"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["input_template"] == CLASSIC_TEMPLATE + " | {headline}"
    model = load_model(folder)
    assert model.context == ("headline",)
    docs = {"d": Document("d", "Concern headline words\n\n\"Nothing more to add today,\" he said."),
            "e": Document("e", "Support headline words\n\n\"Nothing more to add today,\" he said.")}
    quotes = [Quote(d, f"{d}:1", docs[d].text.index('"') + 1, docs[d].text.index(',"'),
                    "Nothing more to add today", "direct", cue="said") for d in docs]
    with_docs = classify_quotes(quotes, model, docs)
    without = classify_quotes(quotes, model)
    assert with_docs[0].probabilities != with_docs[1].probabilities  # only the headline differs
    assert without[0].probabilities == without[1].probabilities


def test_a_model_without_context_reads_as_before(tmp_path):
    folder = _train(tmp_path, "plain")
    assert "input_template" not in json.loads((folder / "classifier.json").read_text())
    for model in (load_model(folder), load_model("default")):
        assert model.context == ()
        docs = {"d": Document("d", "Any headline\n\n\"We stay out,\" she said.")}
        quotes = [Quote("d", "d:1", 14, 25, "We stay out", "direct", cue="said", sentence='"We stay out," she said.')]
        assert classify_quotes(quotes, model, docs) == classify_quotes(quotes, model)


def test_the_pipeline_gives_a_context_model_its_documents(tmp_path):
    from stance.pipeline import score

    folder = _unsharpened(_train(tmp_path, "context", CLASSIC_TEMPLATE + " | {headline}"))
    model = load_model(folder)
    docs = [Document("d", "Concern headline words\n\n\"Nothing more to add today,\" he said."),
            Document("e", "Support headline words\n\n\"Nothing more to add today,\" he said.")]
    quotes = score(docs, model=model).quotes  # the model in this process
    expected = model.predict_proba(with_context(quotes, {d.doc_id: (d.text, "") for d in docs}, ("headline",)))
    assert np.allclose(quotes[[f"p_{lab}" for lab in model.labels]].to_numpy(), expected, atol=1e-4)
    assert quotes["p_neutral"].iloc[0] != quotes["p_neutral"].iloc[1]
    by_folder = score(docs, model=str(folder), workers=2).quotes  # loaded by the workers, as its folder says
    assert np.allclose(by_folder[[f"p_{lab}" for lab in model.labels]].to_numpy(), expected, atol=1e-4)
