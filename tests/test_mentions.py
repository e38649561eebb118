"""Word classes of stance.mentions read from stance/data (data, not code)."""
from __future__ import annotations

import pytest

from stance import lexicon
from stance.lexicon import load_lexicon, word_classes
from stance.mentions import GENDER_WORDS, SEAT_ROLES


def test_word_classes_are_read_from_the_data_file():
    classes = word_classes("mentions.txt")
    assert "mla" in classes["seat_roles"] and "mla" in SEAT_ROLES
    assert "spokeswoman" in GENDER_WORDS["f"] and "spokesman" in GENDER_WORDS["m"]
    assert int(*classes["nearby_chars"]) > 0


def test_a_malformed_word_class_line_names_the_file(monkeypatch):
    monkeypatch.setattr(lexicon, "_lines", lambda name: ["seat_roles: mp mla", "no colon here"])
    with pytest.raises(ValueError, match=r"stance/data/x\.txt.*no colon here"):
        word_classes("x.txt")


def test_honorifics_are_listed_once_and_read_as_titles():
    lex = load_lexicon()
    assert {"mr", "mrs", "dr"} <= lex.honorifics <= lex.titles
    assert "professor" in lex.titles and "professor" not in lex.honorifics
