"""Attribution's cost per quote stays flat as one document holds more quotes (invented text)."""
import time

from stance.extract import _parse, extract_quotes, parse_text
from stance.records import Document


def _per_quote(parser, n: int) -> float:
    text = '"Yes," said Ana. ' * n
    parsed = _parse(parser, parse_text(text))
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        quotes = extract_quotes(Document("many", text), parsed=parsed)
        best = min(best, time.process_time() - start)
    assert len(quotes) == n and {q.speaker for q in quotes} == {"Ana"}
    return best / n


def test_attribution_cost_per_quote_flat_in_quotes(parser):
    """4,000 quotes on one line cost about what 1,000 do per quote (2.5x before the tenth session:
    each quote re-read every vote for its speaker, every mention of the name, the whole text)."""
    small, large = _per_quote(parser, 1000), _per_quote(parser, 4000)
    assert large < 1.8 * small, (small, large)
