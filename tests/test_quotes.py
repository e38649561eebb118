"""Quote-span finding on hand-made text: marks, apostrophes, splits, paragraphs, nesting."""
import pytest

from stance.quotes import find_quote_spans


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "we will stay out of it" on Monday.', ["we will stay out of it"]),
    ("He said “we will stay out of it” on Monday.", ["we will stay out of it"]),
    ("He said ‘we will stay out of it’ on Monday.", ["we will stay out of it"]),
    ("He said 'we will stay out of it' on Monday.", ["we will stay out of it"]),
    ("Il a dit « nous resterons neutres » lundi.", ["nous resterons neutres"]),
])
def test_quotes_every_mark_style(text, expected):
    assert texts(text) == expected


def test_quotes_offsets_are_exact_python_str_offsets():
    text = "Café owner Zoë said: “Iraq’s neighbours can’t ignore this.” Then she left."
    (span,) = find_quote_spans(text)
    assert text[span.start:span.end] == "Iraq’s neighbours can’t ignore this."
    assert text[span.start - 1] == "“" and text[span.end] == "”"


def test_quotes_apostrophes_inside_words_are_not_marks():
    text = "Iraq's envoy didn't comment, and the rebels’ letter went unanswered."
    assert texts(text) == []


def test_quotes_possessive_inside_single_quotes_does_not_close_early():
    text = "'The neighbours' row is not ours to settle,' the minister said."
    assert texts(text) == ["The neighbours' row is not ours to settle,"]


def test_quotes_possessive_after_single_quote_is_not_the_close():
    text = "He called the war 'not our fight' and the rebels' plan a fantasy."
    assert texts(text) == ["not our fight"]


def test_quotes_split_by_attribution_gives_two_spans():
    text = '"We are ready," he said, "but we will not cross first."'
    assert texts(text) == ["We are ready,", "but we will not cross first."]


def test_quotes_multi_paragraph_quote_reopens_each_paragraph():
    text = ('The minister said:\n\n"First part of the speech.\n\n'
            '"Second part of the speech.\n\n"Last part," he concluded.\n\nUnrelated line.')
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == [
        "First part of the speech.", "Second part of the speech.", "Last part,"]
    assert len({s.part_of for s in spans}) == 1
    assert [s.closed for s in spans] == [False, False, True]


def test_quotes_inner_quote_is_covered_by_outer_only():
    text = "\"They call it a 'memorandum', we call it an attack,\" she said."
    assert texts(text) == ["They call it a 'memorandum', we call it an attack,"]


def test_quotes_british_singles_with_inner_doubles():
    text = "‘We are told the strikes will be “limited”. We heard that before,’ he said."
    assert texts(text) == ["We are told the strikes will be “limited”. We heard that before,"]


def test_quotes_unbalanced_mark_never_fails_and_keeps_the_rest():
    text = 'He said "this never closes.\nShe said "this one does" later.\n'
    assert texts(text) == ["this one does"]


def test_quotes_text_without_quotes():
    assert find_quote_spans("BAGHDAD, Dec 5 (Wire) - No quotes here.\n\nBy A Reporter") == []
