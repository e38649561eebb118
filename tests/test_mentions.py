"""Word classes of stance.mentions read from stance/data (data, not code)."""
from __future__ import annotations

import pytest

from stance import lexicon
from stance.lexicon import load_lexicon, word_classes
from stance.mentions import GENDER_WORDS, SEAT_CHAMBERS, SEAT_ROLES, _seated_elsewhere, _Timeline


def test_word_classes_are_read_from_the_data_file():
    classes = word_classes("mentions.txt")
    assert "mla" in classes["seat_roles"] and "mla" in SEAT_ROLES
    assert "spokeswoman" in GENDER_WORDS["f"] and "spokesman" in GENDER_WORDS["m"]
    assert int(*classes["nearby_chars"]) > 0
    assert SEAT_CHAMBERS["senator"] == "senate" and SEAT_CHAMBERS["congressman"] == SEAT_CHAMBERS["representative"]


def test_a_seat_role_is_no_one_seated_only_in_another_chamber():
    assert _seated_elsewhere("senator", {"rep.", "representative", "republican"})
    assert _seated_elsewhere("mp", {"senator"})
    # a seat in the chamber named, or no seat at all, or a seat word with no chamber: maybe the one meant
    assert not _seated_elsewhere("senator", {"senator", "representative"})
    assert not _seated_elsewhere("senator", {"mayor", "lawyer"})
    assert not _seated_elsewhere("lawmaker", {"representative"})
    assert not _seated_elsewhere("congresswoman", {"representative", "democrat"})


def test_a_malformed_word_class_line_names_the_file(monkeypatch):
    monkeypatch.setattr(lexicon, "_lines", lambda name: ["seat_roles: mp mla", "no colon here"])
    with pytest.raises(ValueError, match=r"stance/data/x\.txt.*no colon here"):
        word_classes("x.txt")


def test_honorifics_are_listed_once_and_read_as_titles():
    lex = load_lexicon()
    assert {"mr", "mrs", "dr"} <= lex.honorifics <= lex.titles
    assert "professor" in lex.titles and "professor" not in lex.honorifics


def test_the_timeline_walks_back_from_a_point_latest_first():
    # mentions arrive out of order (names first, then pronouns resolved in reading order)
    line = _Timeline()
    kinds = {0: "person", 1: "organisation", 2: "person"}
    for idx, at, subject in [(0, 10, True), (1, 40, False), (0, 90, False), (2, 40, True), (1, 20, True), (0, 60, True)]:
        line.add(idx, at, subject, kinds[idx])
    assert list(line.back(60)) == [(40, 2), (40, 1), (20, 1), (10, 0)]  # ties: the entity registered last first
    assert list(line.back(60, since=20, subject=True)) == [(40, 2), (20, 1)]
    assert (line.last(0, 90), line.last(0, 91), line.last(0, 60, subject=True), line.last(0, 10)) == (60, 90, 10, -1)
    assert line.last(0, 60, since=11, subject=True) == -1
    assert line.first(0, 11, 100) == 60 and line.first(1, 41, 100) == -1
    assert line.entities(15, 61) == [0, 1, 2]
    assert list(line.back(60, kinds=frozenset({"person"}))) == [(40, 2), (10, 0)]  # one kind only
    assert list(line.back(91, kinds=frozenset({"person", "organisation"}))) == list(line.back(91))
