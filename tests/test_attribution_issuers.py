"""Documents whose issuer the text names, on invented articles: a body that sent a statement,
an office that published a review."""
import pytest

from stance.extract import extract_quotes
from stance.records import Document

pytestmark = pytest.mark.slow


def speaker(text: str, parser, quote_start: str) -> str:
    (q,) = [q for q in extract_quotes(Document("t", text), parser) if q.text.startswith(quote_start)]
    return q.speaker


def test_attribution_issuers_a_municipality_that_sent_a_statement(parser):
    # "the statement said" after "The municipality ... emailed ... a written statement": the
    # municipality (a body noun), not the document word
    text = ("The water board held its last hearing of the year on Thursday.\n\n"
            "The municipality later emailed the station a written statement about the pumps. \"Two new "
            "pumping stations will open in the eastern districts before the rainy months,\" the statement said.\n")
    assert speaker(text, parser, "Two new pumping") == "municipality"


def test_attribution_issuers_a_comptrollers_office_is_not_the_last_subject(parser):
    # "a review published by the county comptroller's office": the comptroller's office, not the
    # office of the councillor who cited the review (no comptroller is named)
    text = ("Councillor Dana Whitlock wants the jail budget cut. She pointed to a review published in March "
            "by the county comptroller's office. It said the jail had overspent on food contracts.\n\n"
            "\"Contracts were renewed without competing bids,\" the review states.\n")
    got = speaker(text, parser, "Contracts were renewed")
    assert "comptroller" in got and "Whitlock" not in got



def test_attribution_issuers_plural_ministers_are_not_the_one_named(parser):
    # "In a joint release, the ministers said": the ministers, not the one minister the text names
    text = ("Labour ministers from six provinces met in Halifax on Friday. \"We have agreed on the hard part,\" "
            "said Oren Baptiste, the host province's labour minister.\n\n"
            "In a joint release, the ministers said the deal could \"cut paperwork for thousands of small firms.\"\n")
    assert speaker(text, parser, "cut paperwork") == "ministers"
