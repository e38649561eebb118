"""Who a mention is, on invented news in conventions from several countries (live parse):
first names only, honorifics, unnamed vox pops, organisation names that must stay whole."""
import pytest

from stance.extract import extract_quotes
from stance.records import Document

pytestmark = pytest.mark.slow


def speakers(text: str, parser) -> list[str]:
    return [q.speaker for q in extract_quotes(Document("t", text), parser)]


def test_a_word_alone_with_an_age_is_a_person_named_by_first_name(parser):
    text = ("Councillor Ruth Abbot said the pool would stay open.\n\n"
            "At the library, Zuri, 16, said she had learned about the pool at school.\n\n"
            "\"I swim there every week,\" she said.\n\n"
            "His classmate Amani, eight, said the mayor had asked her to sing. \"I said yes, and everyone clapped,\" she said.")
    assert speakers(text, parser) == ["Zuri", "Amani"]
