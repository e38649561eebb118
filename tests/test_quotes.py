"""Quote-span finding on hand-made text: marks, apostrophes, splits, paragraphs, nesting."""
import pytest

from stance.constants import DOUBLE_MARKS, SINGLE_MARKS
from stance.quotes import QuoteSpan, _outermost, find_quote_spans


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


def test_quotes_close_before_a_no_break_space_or_a_signature_dash():
    text = ("The mayor called the plan a “slow leak on the budget”\xa0and left.\n"
            "“The ferry is late again.”― Ana Reyes\n“We walk now.”\xa0― Tomas Lind")
    assert texts(text) == ["slow leak on the budget", "The ferry is late again.", "We walk now."]
    assert all(s.closed for s in find_quote_spans(text))


def test_quotes_opening_mark_typed_for_the_closing_one():
    text = "Reyes told the council:\n\n“Fares rise in May and nobody asked the riders.“\n\nThe vote is next week."
    assert texts(text) == ["Fares rise in May and nobody asked the riders."]


def test_quotes_german_low_and_high_marks():
    text = "Sie sprach von einer „Besatzung auf Raten“. „Wir bleiben,“ sagte sie, es sei „zu spät“ dafür."
    assert texts(text) == ["Besatzung auf Raten", "Wir bleiben,", "zu spät"]


def test_quotes_space_between_an_inner_and_an_outer_closing_mark():
    text = "\"I never liked the word 'reform,' \" she said, adding that it meant cuts."
    assert texts(text) == ["I never liked the word 'reform,'"]


def test_quotes_text_without_quotes():
    assert find_quote_spans("BAGHDAD, Dec 5 (Wire) - No quotes here.\n\nBy A Reporter") == []


# -- quote pairing stays linear ------------------------------------------------------

def _outermost_reference(spans):
    """The pairwise version `_outermost` replaced (quadratic): the oracle for the stack pass."""
    kept = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if any(k.start - 1 <= s.start and s.end <= k.end + 1 for k in kept):
            continue
        crossing = [k for k in kept if k.start < s.start < k.end < s.end]
        if crossing:
            if s.open_mark in DOUBLE_MARKS and all(k.open_mark in SINGLE_MARKS for k in crossing):
                kept = [k for k in kept if k not in crossing]
            else:
                continue
        kept.append(s)
    return sorted(kept, key=lambda s: s.start)


def _random_spans(rng, n):
    spans = []
    for _ in range(n):
        start = rng.randrange(1, 200)
        end = start + rng.randrange(1, 40)
        mark = rng.choice(["“", "'", "‘", '"'])
        spans.append(QuoteSpan(start, end, mark, "”", 0, 300, start))
    return spans


def test_quotes_outermost_matches_the_pairwise_version(seeds):
    import random

    rng = random.Random(7)
    for _ in range(2000):
        spans = _random_spans(rng, rng.randrange(0, 12))
        assert _outermost(spans) == _outermost_reference(spans)
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = [s for s in find_quote_spans(text)]
        assert _outermost(spans) == _outermost_reference(spans) == spans


def test_quotes_fifty_thousand_marks_finish():
    line = 'He said "yes" and "no" and \'maybe\' ' * 6250
    nested = "“We will ‘never’ stand by,” he said."
    text = line + "\n" + "\n".join([nested] * 5000)
    assert sum(text.count(m) for m in "\"'“”‘’") >= 50000
    spans = find_quote_spans(text)  # the pairwise version took minutes here
    one_nested = texts(nested)
    assert [text[s.start:s.end] for s in spans] == ["yes", "no", "maybe"] * 6250 + one_nested * 5000
    assert one_nested == ["We will ‘never’ stand by,"]  # the inner quote is covered by the outer one
    some = find_quote_spans(line[:2000] + "\n" + "\n".join([nested] * 100))
    assert _outermost(some) == _outermost_reference(some) == some


def test_quotes_inside_markdown_bold_subheadings():
    text = "The mill closed.\n\n**'A mess'**\n\n**Family ‘relieved’**\n\nShe said it was *'fine'* then."
    assert texts(text) == ["A mess", "relieved", "fine"]
