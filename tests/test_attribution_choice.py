"""The learned choice among the sieves' candidates (`stance.attribution.choice`), on invented
articles: what the candidates and their features are, the JSON model's round trip, and the
option reaching attribution (off: the rules alone)."""
import json

import pytest

from stance.attribution import choice
from stance.attribution.runner import SIEVES, answers
from stance.extract import extract_quotes, parse_text
from stance.quotes import find_quote_spans
from stance.records import Document

pytestmark = pytest.mark.slow

# "she" resolves to the mayor; the engineer, named in passing, is the pronoun's other reading
TOURED = ("Mayor Mara Lind toured the flooded harbour on Monday with the engineer Tomas Berg.\n\n"
          "\"We will reopen the port by June,\" she said.\n")
# the sentence before names one person, the tag's pronoun another
MET = "Tomas Berg met Mara Lind at the harbour on Monday.\n\n\"We will reopen the port by June,\" she said.\n"


def groups(text: str, parser):
    spans = find_quote_spans(text)
    art, targets, terms, found = answers(text, spans, parser(parse_text(text, spans)))
    return [(art, t, choice.candidates(art, t, found, SIEVES)) for t in targets]


def by_speaker(group) -> dict:
    return {c.attribution.speaker: c for c in group}


def test_attribution_choice_candidates_of_a_pronoun_and_the_sentence_before(parser):
    ((art, t, group),) = groups(MET, parser)
    found = by_speaker(group)
    assert set(found) == {"Mara Lind", "Tomas Berg"}
    rules, other = found["Mara Lind"], found["Tomas Berg"]
    assert rules.rules and not other.rules and group[0] is rules  # the rules' answer comes first
    assert "cue-verb" in rules.proposers and other.proposers == ("previous-sentence",)
    f = choice.features(art, t, rules, group)
    assert f["rules"] == 1.0 and f["resolution:pronoun"] == 1.0 and f["mention:after"] == 1.0
    assert f["same-paragraph"] == 1.0 and f["rules:cue-verb"] == 1.0 and f["rules:opens-paragraph"] == 1.0
    g = choice.features(art, t, other, group)
    assert g["rules"] == 0.0 and g["resolution:name"] == 1.0 and g["mention:before"] == 1.0
    assert g["paragraphs"] == 1 / choice.CAP and g["same-paragraph"] == 0.0  # one paragraph up
    assert g["only:previous-sentence"] == 1.0 and g["against:pronoun"] == 1.0
    assert g["mentions"] > 0 and "rules:cue-verb" not in g


def test_attribution_choice_a_pronoun_offers_the_person_named_before(parser):
    ((art, t, group),) = groups(TOURED, parser)
    found = by_speaker(group)
    assert found["Mara Lind"].rules
    alternative = found["Tomas Berg"]
    assert alternative.proposers == (choice.ALTERNATIVE,)
    assert alternative.attribution.resolution == "pronoun-alternative"
    assert alternative.attribution.mention_start is None  # the pronoun's mention stays the rules' answer's
    assert choice.features(art, t, alternative, group)["only:alternative"] == 1.0


def write_model(path, weights: dict, intercept: float = 0.0, margin: float = 0.0):
    data = choice.to_json(weights, intercept, margin, tuple(SIEVES), 2, trained_on=["invented"], seed=0)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_attribution_choice_json_round_trip(tmp_path):
    path = write_model(tmp_path / "choice.json", {"rules": 2.5, "sieve:cue-verb": -0.25}, intercept=-1.0, margin=0.1)
    choice.load.cache_clear()
    model = choice.load(str(path))
    assert model.weights == {"rules": 2.5, "sieve:cue-verb": -0.25}
    assert (model.intercept, model.margin, model.sieves, model.alternatives) == (-1.0, 0.1, tuple(SIEVES), 2)
    assert model.probability({"rules": 1.0}) == pytest.approx(1 / (1 + 2.718281828459045 ** -1.5))
    assert model.probability({"unknown": 9.0}) == pytest.approx(1 / (1 + 2.718281828459045))  # an unknown feature weighs nothing
    assert choice.load(str(tmp_path)).weights == model.weights  # a folder holding choice.json


def test_attribution_choice_load_refuses_other_files(tmp_path):
    choice.load.cache_clear()
    (tmp_path / "a.json").write_text(json.dumps({"kind": "stance-model", "format": 1}), encoding="utf-8")
    with pytest.raises(ValueError, match="not an attribution choice model"):
        choice.load(str(tmp_path / "a.json"))
    data = choice.to_json({"rules": 1.0}, 0.0, 0.0, (), 2)
    data["coefficients"].append(2.0)
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="1 features but 2 coefficients"):
        choice.load(str(tmp_path / "b.json"))


def test_attribution_choice_the_shipped_model_says_what_it_was_trained_on():
    data = json.loads(choice.DEFAULT.read_text(encoding="utf-8"))
    assert data["kind"] == "attribution-choice" and len(data["features"]) == len(data["coefficients"])
    assert data["trained_on"] and all(name.startswith("gn") for name in data["trained_on"])  # spent general news only
    assert set(data["leave_one_set_out"]) == set(data["trained_on"])
    choice.load.cache_clear()
    assert choice.load().sieves == tuple(data["sieves"])


def test_attribution_choice_option_reaches_attribution(parser, tmp_path):
    doc = Document("t", TOURED)
    (rules,) = extract_quotes(doc, parser)
    assert rules.speaker == "Mara Lind"
    assert [q.speaker for q in extract_quotes(doc, parser, choice=None)] == ["Mara Lind"]
    keep = write_model(tmp_path / "keep.json", {"rules": 5.0})
    assert [q.speaker for q in extract_quotes(doc, parser, choice=str(keep))] == ["Mara Lind"]
    switch = write_model(tmp_path / "switch.json", {"sieve:alternative": 5.0})
    (chosen,) = extract_quotes(doc, parser, choice=str(switch))
    assert (chosen.speaker, chosen.resolution) == ("Tomas Berg", "pronoun-alternative")
    # a margin the candidate does not clear keeps the rules' answer
    high = write_model(tmp_path / "high.json", {"sieve:alternative": 5.0}, margin=0.999)
    assert [q.speaker for q in extract_quotes(doc, parser, choice=str(high))] == ["Mara Lind"]


def test_attribution_choice_pipeline_option(tmp_path):
    from stance.errors import StanceError
    from stance.pipeline import score

    switch = write_model(tmp_path / "switch.json", {"sieve:alternative": 5.0})
    on = score([TOURED], model="fast", attribution_choice=str(switch)).quotes
    off = score([TOURED], model="fast").quotes
    assert list(on["speaker"]) == ["Tomas Berg"] and list(off["speaker"]) == ["Mara Lind"]
    with pytest.raises(StanceError, match="attribution-choice"):
        score([TOURED], model="fast", attribution_choice=str(tmp_path / "missing.json"))
