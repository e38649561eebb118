"""Each attribution sieve on hand-built parses, so a parser upgrade cannot silently break a rule test.

Every sentence is invented; heads are absolute token indices (a root is its own head).
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from stance.attribution import SIEVE_ORDER, attribute
from stance.attribution.base import Article
from stance.lexicon import load_lexicon
from stance.quotes import find_quote_spans

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, punctuation), no model
_GLUED_TO_PREVIOUS = {",", ".", ":", "”", "’", "’s", "?", "!", "\n", "\n\n"}


def build(rows: list[tuple[str, str, int, str]]) -> Doc:
    """A parsed Doc from (word, tag, head, dep) rows; spacing follows English punctuation."""
    words = [w for w, *_ in rows]
    spaces = [bool(nxt) and not (w in ("“", "‘") or "\n" in w or nxt in _GLUED_TO_PREVIOUS)
              for w, nxt in zip(words, words[1:] + [""])]
    return Doc(VOCAB, words=words, spaces=spaces, tags=[r[1] for r in rows], heads=[r[2] for r in rows],
               deps=[r[3] for r in rows])


def attributed(doc: Doc, order: tuple[str, ...] = SIEVE_ORDER) -> list:
    return attribute(doc.text, find_quote_spans(doc.text), doc, order=order)


# “We stay,” Karim Haddad said.
TAG_AFTER_THE_QUOTE = [
    ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 7, "ccomp"), (",", ",", 7, "punct"),
    ("”", "''", 7, "punct"), ("Karim", "NNP", 6, "compound"), ("Haddad", "NNP", 7, "nsubj"),
    ("said", "VBD", 7, "ROOT"), (".", ".", 7, "punct"),
]


def test_cue_verb_subject_of_the_speech_verb_is_the_speaker():
    (att,) = attributed(build(TAG_AFTER_THE_QUOTE))
    assert (att.speaker, att.mention, att.cue, att.sieve, att.resolution, att.speaker_type) == \
        ("Karim Haddad", "Karim Haddad", "said", "cue-verb", "name", "person")


def test_cue_verb_pronoun_resolved_to_the_person_named_before():
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        *[(w, tag, head + 4, dep) for w, tag, head, dep in TAG_AFTER_THE_QUOTE[:5]],
        ("he", "PRP", 10, "nsubj"), ("said", "VBD", 10, "ROOT"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve, att.resolution) == ("Karim Haddad", "he", "cue-verb", "pronoun")


def test_cue_verb_office_speaks_for_its_principal():
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        ("“", "``", 6, "punct"), ("We", "PRP", 6, "nsubj"), ("stay", "VBP", 12, "ccomp"), (",", ",", 12, "punct"),
        ("”", "''", 12, "punct"), ("Haddad", "NNP", 11, "poss"), ("’s", "POS", 9, "case"),
        ("office", "NN", 12, "nsubj"), ("said", "VBD", 12, "ROOT"), (".", ".", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("office of Karim Haddad", "Haddad’s office", "office")
    assert att.speaker_type == "organisation"


def test_resolution_his_office_is_the_office_of_the_person_he_refers_to():
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        ("“", "``", 6, "punct"), ("We", "PRP", 6, "nsubj"), ("stay", "VBP", 11, "ccomp"), (",", ",", 11, "punct"),
        ("”", "''", 11, "punct"), ("his", "PRP$", 10, "poss"), ("office", "NN", 11, "nsubj"),
        ("said", "VBD", 11, "ROOT"), (".", ".", 11, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("office of Karim Haddad", "his office", "office")


def test_resolution_the_letter_speaks_for_whoever_sent_it():
    # Karim Haddad sent a letter. “We stay,” the letter reads.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("sent", "VBD", 2, "ROOT"),
        ("a", "DT", 4, "det"), ("letter", "NN", 2, "dobj"), (".", ".", 2, "punct"),
        ("“", "``", 8, "punct"), ("We", "PRP", 8, "nsubj"), ("stay", "VBP", 13, "ccomp"), (",", ",", 13, "punct"),
        ("”", "''", 13, "punct"), ("the", "DT", 12, "det"), ("letter", "NN", 13, "nsubj"),
        ("reads", "VBZ", 13, "ROOT"), (".", ".", 13, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("Karim Haddad", "the letter", "statement")


def test_resolution_a_document_with_no_named_issuer_speaks_itself():
    # “Nobody is above the law,” the ruling said.
    doc = build([
        ("“", "``", 2, "punct"), ("Nobody", "NN", 2, "nsubj"), ("is", "VBZ", 10, "ccomp"), ("above", "IN", 2, "prep"),
        ("the", "DT", 5, "det"), ("law", "NN", 3, "pobj"), (",", ",", 10, "punct"), ("”", "''", 10, "punct"),
        ("the", "DT", 9, "det"), ("ruling", "NN", 10, "nsubj"), ("said", "VBD", 10, "ROOT"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution, att.speaker_type) == ("ruling", "the ruling", "document", "unknown")


def test_quoted_predicate_subject_before_the_quote():
    # Nabil Farouk “stressed unity”.
    doc = build([
        ("Nabil", "NNP", 1, "compound"), ("Farouk", "NNP", 3, "nsubj"), ("“", "``", 3, "punct"),
        ("stressed", "VBD", 3, "ROOT"), ("unity", "NN", 3, "dobj"), ("”", "''", 3, "punct"), (".", ".", 3, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Nabil Farouk", "quoted-predicate")


def test_according_to_anywhere_in_the_sentence():
    # “Prices will rise,” according to Karim Haddad.
    doc = build([
        ("“", "``", 3, "punct"), ("Prices", "NNS", 3, "nsubj"), ("will", "MD", 3, "aux"), ("rise", "VB", 3, "ROOT"),
        (",", ",", 3, "punct"), ("”", "''", 3, "punct"), ("according", "VBG", 3, "prep"), ("to", "IN", 6, "prep"),
        ("Karim", "NNP", 9, "compound"), ("Haddad", "NNP", 7, "pobj"), (".", ".", 3, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.resolution) == ("Karim Haddad", "according-to", "name")


def _according(name: tuple[str, str], at: int) -> list[tuple[str, str, int, str]]:
    """“Prices will rise,” according to NAME.  (token indices shifted by `at`)"""
    return [(w, tag, head + at, dep) for w, tag, head, dep in [
        ("“", "``", 3, "punct"), ("Prices", "NNS", 3, "nsubj"), ("will", "MD", 3, "aux"), ("rise", "VB", 3, "ROOT"),
        (",", ",", 3, "punct"), ("”", "''", 3, "punct"), ("according", "VBG", 3, "prep"), ("to", "IN", 6, "prep"),
        (name[0], "NNP", 9, "compound"), (name[1], "NNP", 7, "pobj"), (".", ".", 3, "punct")]]


def test_according_to_reads_only_its_own_sentence():
    doc = build(_according(("Karim", "Haddad"), 0) + _according(("Nabil", "Farouk"), 11))
    assert [att.speaker for att in attributed(doc)] == ["Karim Haddad", "Nabil Farouk"]


def test_article_sentence_and_word_lookups_agree_with_the_parse():
    """The sentence table and word index (kept so that thousands of quotes in one sentence
    stay linear) give what spaCy's own `tok.sent` and a scan of the sentence give."""
    doc = build(_according(("Karim", "Haddad"), 0) + _according(("Nabil", "Farouk"), 11)
                + _according(("Sami", "Nasser"), 22))
    art = Article(doc.text, doc, load_lexicon(), None, [])
    assert [(art.sentence(tok).start, art.sentence(tok).end) for tok in doc] == \
        [(tok.sent.start, tok.sent.end) for tok in doc]
    second = doc[11].sent
    assert [tok.i for tok in art.words_in(second, ("according", "per", "to"))] == [17, 18]
    assert art.words_in(second, ("said",)) == []


def test_colon_lead_in_the_paragraph_before():
    # Karim Haddad said:\n“We stay.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        (":", ":", 2, "punct"), ("\n", "_SP", 3, "dep"),
        ("“", "``", 7, "punct"), ("We", "PRP", 7, "nsubj"), ("stay", "VBP", 7, "ROOT"), (".", ".", 7, "punct"),
        ("”", "''", 7, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.cue) == ("Karim Haddad", "colon-lead", "said")


def test_heading_lead_name_before_the_colon_of_a_heading():
    # Haddad: border ‘stays closed’\n\nInterior Minister Karim Haddad spoke.
    doc = build([
        ("Haddad", "NNP", 0, "ROOT"), (":", ":", 0, "punct"), ("border", "NN", 4, "nsubj"), ("‘", "``", 4, "punct"),
        ("stays", "VBZ", 0, "appos"), ("closed", "JJ", 4, "acomp"), ("’", "''", 4, "punct"),
        ("\n\n", "_SP", 6, "dep"),
        ("Interior", "NNP", 11, "compound"), ("Minister", "NNP", 11, "compound"), ("Karim", "NNP", 11, "compound"),
        ("Haddad", "NNP", 12, "nsubj"), ("spoke", "VBD", 12, "ROOT"), (".", ".", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker, att.sieve) == ("headline", "Karim Haddad", "heading-lead")


def test_headline_story_a_heading_quote_nothing_attributes_is_the_first_story_speakers():
    # ‘A long wait’ ends\n\n“We stay,” Karim Haddad said.   (the story does not repeat the heading's words)
    doc = build([
        ("‘", "``", 3, "punct"), ("A", "DT", 3, "det"), ("long", "JJ", 3, "amod"), ("wait", "NN", 5, "nsubj"),
        ("’", "''", 3, "punct"), ("ends", "VBZ", 5, "ROOT"), ("\n\n", "_SP", 5, "dep"),
        *[(w, tag, head + 7, dep) for w, tag, head, dep in TAG_AFTER_THE_QUOTE],
    ])
    heading, story = attributed(doc)
    assert (story.speaker, story.sieve) == ("Karim Haddad", "cue-verb")
    assert (heading.kind, heading.speaker, heading.sieve) == ("headline", "Karim Haddad", "headline-story")


def test_cue_verb_a_name_that_holds_a_copy_of_the_document_is_no_lost_subject():
    # The memo, seen by Karim Haddad, says troops “left the town”.
    doc = build([
        ("The", "DT", 1, "det"), ("memo", "NN", 8, "nsubj"), (",", ",", 1, "punct"), ("seen", "VBN", 1, "acl"),
        ("by", "IN", 3, "agent"), ("Karim", "NNP", 6, "compound"), ("Haddad", "NNP", 4, "pobj"), (",", ",", 8, "punct"),
        ("says", "VBZ", 8, "ROOT"), ("troops", "NNS", 11, "nsubj"), ("“", "``", 11, "punct"), ("left", "VBD", 8, "ccomp"),
        ("the", "DT", 13, "det"), ("town", "NN", 11, "dobj"), ("”", "''", 11, "punct"), (".", ".", 8, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution, att.sieve) == ("memo", "document", "cue-verb")


def test_cue_verb_a_bulletin_or_notification_speaks_as_a_document():
    # “Prices rise today,” the notification said.
    doc = build([
        ("“", "``", 2, "punct"), ("Prices", "NNS", 2, "nsubj"), ("rise", "VBP", 8, "ccomp"), ("today", "NN", 2, "npadvmod"),
        (",", ",", 8, "punct"), ("”", "''", 8, "punct"), ("the", "DT", 7, "det"), ("notification", "NN", 8, "nsubj"),
        ("said", "VBD", 8, "ROOT"), (".", ".", 8, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("notification", "document")


def test_statement_said_is_whoever_spoke_last_in_its_paragraph_before_an_older_statement():
    # Karim Haddad issued a statement.\n\nLina Saleh said talks continue. “We stay,” the statement said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("issued", "VBD", 2, "ROOT"), ("a", "DT", 4, "det"),
        ("statement", "NN", 2, "dobj"), (".", ".", 2, "punct"), ("\n\n", "_SP", 5, "dep"),
        ("Lina", "NNP", 8, "compound"), ("Saleh", "NNP", 9, "nsubj"), ("said", "VBD", 9, "ROOT"), ("talks", "NNS", 11, "nsubj"),
        ("continue", "VBP", 9, "ccomp"), (".", ".", 9, "punct"),
        ("“", "``", 15, "punct"), ("We", "PRP", 15, "nsubj"), ("stay", "VBP", 20, "ccomp"), (",", ",", 20, "punct"),
        ("”", "''", 20, "punct"), ("the", "DT", 19, "det"), ("statement", "NN", 20, "nsubj"), ("said", "VBD", 20, "ROOT"),
        (".", ".", 20, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Lina Saleh", "statement")


def test_the_report_says_after_the_report_of_a_body_is_that_bodys():
    # The chamber considered the report of the Defence Committee. “We stay,” the report says.
    doc = build([
        ("The", "DT", 1, "det"), ("chamber", "NN", 2, "nsubj"), ("considered", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("report", "NN", 2, "dobj"), ("of", "IN", 4, "prep"), ("the", "DT", 8, "det"), ("Defence", "NNP", 8, "compound"),
        ("Committee", "NNP", 5, "pobj"), (".", ".", 2, "punct"),
        ("“", "``", 12, "punct"), ("We", "PRP", 12, "nsubj"), ("stay", "VBP", 17, "ccomp"), (",", ",", 17, "punct"),
        ("”", "''", 17, "punct"), ("the", "DT", 16, "det"), ("report", "NN", 17, "nsubj"), ("says", "VBZ", 17, "ROOT"),
        (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Defence Committee", "statement")


def test_named_after_a_paragraph_saying_whose_words_the_quotes_were():
    # “We lost the final tonight.”\n\nThat was Rosa Lind.
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("lost", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("final", "NN", 2, "dobj"), ("tonight", "NN", 2, "npadvmod"), (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
        ("\n\n", "_SP", 7, "dep"),
        ("That", "DT", 10, "nsubj"), ("was", "VBD", 10, "ROOT"), ("Rosa", "NNP", 12, "compound"), ("Lind", "NNP", 10, "attr"),
        (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker, att.sieve) == ("direct", "Rosa Lind", "named-after")


def test_a_nationality_for_a_person_is_the_person_last_the_subject_just_before():
    # Karim Haddad scored twice.\n\n“We stay,” the Lebanese said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("scored", "VBD", 2, "ROOT"),
        ("twice", "RB", 2, "advmod"), (".", ".", 2, "punct"), ("\n\n", "_SP", 4, "dep"),
        ("“", "``", 8, "punct"), ("We", "PRP", 8, "nsubj"), ("stay", "VBP", 13, "ccomp"), (",", ",", 13, "punct"),
        ("”", "''", 13, "punct"), ("the", "DT", 12, "det"), ("Lebanese", "NNP", 13, "nsubj"), ("said", "VBD", 13, "ROOT"),
        (".", ".", 13, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Karim Haddad", "nominal")


# “Talks remain possible”, Norway’s envoy posted on X.   (the parse hangs the tag off the quote)
TAG_THE_PARSE_MISSED = [
    ("“", "``", 2, "punct"), ("Talks", "NNS", 2, "nsubj"), ("remain", "VBP", 2, "ROOT"), ("possible", "JJ", 2, "acomp"),
    ("”", "''", 2, "punct"), (",", ",", 2, "punct"), ("Norway", "NNP", 8, "poss"), ("’s", "POS", 6, "case"),
    ("envoy", "NN", 3, "appos"), ("posted", "VBD", 8, "acl"), ("on", "IN", 9, "prep"), ("X", "NNP", 10, "pobj"),
    (".", ".", 2, "punct"),
]


def test_tag_after_found_by_position_when_the_parse_misses_it():
    (att,) = attributed(build(TAG_THE_PARSE_MISSED))
    assert (att.speaker, att.sieve, att.resolution, att.cue) == ("Norway’s envoy", "tag-after", "description", "posted")


def test_order_is_data_a_sieve_left_out_finds_nothing():
    assert attributed(build(TAG_THE_PARSE_MISSED), order=("cue-verb", "continuation"))[0].speaker == ""
    assert attributed(build(TAG_AFTER_THE_QUOTE), order=("tag-after",))[0].sieve == "tag-after"


def test_continuation_of_the_previous_quote_in_the_paragraph():
    doc = build([*TAG_AFTER_THE_QUOTE,
                 ("“", "``", 11, "punct"), ("We", "PRP", 11, "nsubj"), ("fight", "VBP", 11, "ROOT"),
                 (".", ".", 11, "punct"), ("”", "''", 11, "punct")])
    first, second = attributed(doc)
    assert (second.speaker, second.sieve, first.sieve) == ("Karim Haddad", "continuation", "cue-verb")


def test_term_after_so_called_is_a_scare_quote():
    # The so-called “red line” held.
    doc = build([
        ("The", "DT", 4, "det"), ("so-called", "JJ", 4, "amod"), ("“", "``", 4, "punct"), ("red", "JJ", 4, "amod"),
        ("line", "NN", 6, "nsubj"), ("”", "''", 4, "punct"), ("held", "VBD", 6, "ROOT"), (".", ".", 6, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker) == ("scare", "")


def test_dash_tag_signature_after_the_closing_mark():
    # “We stay.” ― Karim Haddad\n“Nobody leaves.”
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (".", ".", 2, "punct"),
        ("”", "''", 2, "punct"), ("―", ":", 2, "punct"), ("Karim", "NNP", 7, "compound"), ("Haddad", "NNP", 2, "dep"),
        ("\n", "_SP", 7, "dep"),
        ("“", "``", 11, "punct"), ("Nobody", "NN", 11, "nsubj"), ("leaves", "VBZ", 11, "ROOT"), (".", ".", 11, "punct"),
        ("”", "''", 11, "punct"),
    ])
    assert doc.text.startswith("“We stay.” ― Karim Haddad\n")
    signed, unsigned = attributed(doc)
    assert (signed.speaker, signed.sieve, signed.resolution) == ("Karim Haddad", "dash-tag", "name")
    assert unsigned.speaker == ""  # a signature ends its speaker's turn: no continuation


def test_dash_tag_reads_the_name_the_tagger_split():
    # “We stay.” ― Lina A. Haddad   (the tagger calls the initial a common noun)
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (".", ".", 2, "punct"),
        ("”", "''", 2, "punct"), ("―", ":", 2, "punct"), ("Lina", "NNP", 2, "dep"), ("A.", "NN", 8, "compound"),
        ("Haddad", "NNP", 6, "appos"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lina A. Haddad", "dash-tag")


def test_title_case_name_in_quote_marks_is_a_term():
    # Karim Haddad told “Evening at Nine,” that talks were over.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("told", "VBD", 2, "ROOT"),
        ("“", "``", 4, "punct"), ("Evening", "NNP", 2, "dobj"), ("at", "IN", 4, "prep"), ("Nine", "NNP", 5, "pobj"),
        (",", ",", 4, "punct"), ("”", "''", 4, "punct"), ("that", "IN", 12, "mark"), ("talks", "NNS", 12, "nsubj"),
        ("were", "VBD", 12, "aux"), ("over", "RB", 2, "ccomp"), (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker) == ("scare", "")


def test_tag_after_name_right_before_the_verb_when_the_parse_ties_it_elsewhere():
    # “We stay,” Basra police Chief Karim Haddad said Monday.   (the tagger made "Basra" a verb)
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (",", ",", 2, "punct"),
        ("”", "''", 2, "punct"), ("Basra", "VB", 2, "dep"), ("police", "NN", 7, "compound"), ("Chief", "NNP", 5, "dobj"),
        ("Karim", "NNP", 9, "compound"), ("Haddad", "NNP", 7, "appos"), ("said", "VBD", 2, "conj"),
        ("Monday", "NNP", 10, "npadvmod"), (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Karim Haddad", "tag-after")


def test_tag_after_object_of_a_later_verb_is_no_inverted_subject():
    # Omar Nasser used “red lines” often in his speeches on the border, and criticized Karim Haddad.
    doc = build([
        ("Omar", "NNP", 1, "compound"), ("Nasser", "NNP", 2, "nsubj"), ("used", "VBD", 2, "ROOT"), ("“", "``", 5, "punct"),
        ("red", "JJ", 5, "amod"), ("lines", "NNS", 2, "dobj"), ("”", "''", 5, "punct"), ("often", "RB", 2, "advmod"),
        ("in", "IN", 2, "prep"), ("his", "PRP$", 10, "poss"), ("speeches", "NNS", 8, "pobj"), ("on", "IN", 10, "prep"),
        ("the", "DT", 13, "det"), ("border", "NN", 11, "pobj"), (",", ",", 2, "punct"), ("and", "CC", 2, "cc"),
        ("criticized", "VBD", 2, "conj"), ("Karim", "NNP", 18, "compound"), ("Haddad", "NNP", 16, "dobj"),
        (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker != "Karim Haddad"


def test_cue_verb_continued_tags_speech_only_bare():
    # Lina Haddad spoke. She continued, “We stay.”  /  Lina Haddad would continue “all support”.
    doc = build([
        ("Lina", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("She", "PRP", 5, "nsubj"), ("continued", "VBD", 5, "ROOT"), (",", ",", 5, "punct"), ("“", "``", 9, "punct"),
        ("We", "PRP", 9, "nsubj"), ("stay", "VBP", 5, "ccomp"), (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue) == ("Lina Haddad", "continued")
    doc = build([
        ("Lina", "NNP", 1, "compound"), ("Haddad", "NNP", 3, "nsubj"), ("would", "MD", 3, "aux"),
        ("continue", "VB", 3, "ROOT"), ("“", "``", 6, "punct"), ("all", "DT", 6, "det"), ("support", "NN", 3, "dobj"),
        ("”", "''", 6, "punct"), (".", ".", 3, "punct"),
    ])
    assert attributed(doc)[0].cue != "continue"


def test_previous_sentence_speaker_of_an_untagged_quote_sentence():
    # Karim Haddad said talks had failed. “We stay.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        ("talks", "NNS", 5, "nsubj"), ("had", "VBD", 5, "aux"), ("failed", "VBN", 2, "ccomp"), (".", ".", 2, "punct"),
        ("“", "``", 9, "punct"), ("We", "PRP", 9, "nsubj"), ("stay", "VBP", 9, "ROOT"), (".", ".", 9, "punct"),
        ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.cue) == ("Karim Haddad", "previous-sentence", "said")


def test_quote_parts_first_paragraph_of_a_quotation_takes_the_later_tag():
    # ‘We stay.\n‘Nobody leaves,’ said Karim Haddad.
    doc = build([
        ("‘", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (".", ".", 2, "punct"),
        ("\n", "_SP", 3, "dep"),
        ("‘", "``", 7, "punct"), ("Nobody", "NN", 7, "nsubj"), ("leaves", "VBZ", 10, "ccomp"), (",", ",", 10, "punct"),
        ("’", "''", 10, "punct"), ("said", "VBD", 10, "ROOT"), ("Karim", "NNP", 12, "compound"),
        ("Haddad", "NNP", 10, "nsubj"), (".", ".", 10, "punct"),
    ])
    assert doc.text == "‘We stay.\n‘Nobody leaves,’ said Karim Haddad."
    first, second = attributed(doc)
    assert (second.speaker, second.sieve) == ("Karim Haddad", "cue-verb")
    assert (first.speaker, first.sieve) == ("Karim Haddad", "quote-parts")


def test_resolution_a_name_mention_keeps_its_apposition():
    # “We stay,” said Karim Haddad, the chief of the Border Guard.
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 5, "ccomp"), (",", ",", 5, "punct"),
        ("”", "''", 5, "punct"), ("said", "VBD", 5, "ROOT"), ("Karim", "NNP", 7, "compound"), ("Haddad", "NNP", 5, "nsubj"),
        (",", ",", 7, "punct"), ("the", "DT", 10, "det"), ("chief", "NN", 7, "appos"), ("of", "IN", 10, "prep"),
        ("the", "DT", 14, "det"), ("Border", "NNP", 14, "compound"), ("Guard", "NNP", 11, "pobj"), (".", ".", 5, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention) == ("Karim Haddad", "Karim Haddad, the chief of the Border Guard")
    assert doc.text[att.mention_start:att.mention_end] == att.mention


def test_resolution_a_name_in_front_of_a_document_issued_it():
    # “Prices will rise,” the Finance Ministry report said.
    doc = build([
        ("“", "``", 3, "punct"), ("Prices", "NNS", 3, "nsubj"), ("will", "MD", 3, "aux"), ("rise", "VB", 10, "ccomp"),
        (",", ",", 10, "punct"), ("”", "''", 10, "punct"), ("the", "DT", 9, "det"), ("Finance", "NNP", 8, "compound"),
        ("Ministry", "NNP", 9, "compound"), ("report", "NN", 10, "nsubj"), ("said", "VBD", 10, "ROOT"),
        (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("Finance Ministry", "the Finance Ministry report", "statement")


def test_turn_label_names_the_speaker_of_a_transcript_turn():
    # Karim Haddad spoke.\n“HADDAD: We stay.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("\n", "_SP", 3, "dep"),
        ("“", "``", 9, "punct"), ("HADDAD", "NNP", 9, "nsubj"), (":", ":", 9, "punct"), ("We", "PRP", 9, "nsubj"),
        ("stay", "VBP", 9, "ROOT"), (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Karim Haddad", "HADDAD", "turn-label")


def test_resolution_name_before_a_subjectless_speech_verb_is_its_subject():
    # Omar Nasser spoke. In Basra, the governor, Karim Haddad, said the road was open. “We stay,” he said.
    doc = build([
        ("Omar", "NNP", 1, "compound"), ("Nasser", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("In", "IN", 13, "prep"), ("Basra", "NNP", 4, "pobj"), (",", ",", 5, "punct"), ("the", "DT", 8, "det"),
        ("governor", "NN", 5, "appos"), (",", ",", 8, "punct"), ("Karim", "NNP", 11, "compound"),
        ("Haddad", "NNP", 8, "appos"), (",", ",", 5, "punct"), ("said", "VBD", 13, "ROOT"), ("the", "DT", 15, "det"),
        ("road", "NN", 16, "nsubj"), ("was", "VBD", 13, "ccomp"), ("open", "JJ", 16, "acomp"), (".", ".", 13, "punct"),
        ("“", "``", 21, "punct"), ("We", "PRP", 21, "nsubj"), ("stay", "VBP", 25, "ccomp"), (",", ",", 25, "punct"),
        ("”", "''", 25, "punct"), ("he", "PRP", 25, "nsubj"), ("said", "VBD", 25, "ROOT"), (".", ".", 25, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Karim Haddad", "pronoun")


def test_title_with_the_full_stop_inside_the_marks_is_a_term():
    # Karim Haddad spoke on “Evening at Nine.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"),
        ("on", "IN", 2, "prep"), ("“", "``", 5, "punct"), ("Evening", "NNP", 3, "pobj"), ("at", "IN", 5, "prep"),
        ("Nine", "NNP", 6, "pobj"), (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker) == ("scare", "")


def test_short_quote_modifying_a_noun_is_a_term_unless_a_speech_verb_takes_the_noun():
    # Karim Haddad sold “miracle” pills. Lina Haddad voiced “deep” concern.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("sold", "VBD", 2, "ROOT"),
        ("“", "``", 6, "punct"), ("miracle", "NN", 6, "compound"), ("”", "''", 6, "punct"), ("pills", "NNS", 2, "dobj"),
        (".", ".", 2, "punct"),
        ("Lina", "NNP", 9, "compound"), ("Haddad", "NNP", 10, "nsubj"), ("voiced", "VBD", 10, "ROOT"),
        ("“", "``", 14, "punct"), ("deep", "JJ", 14, "amod"), ("”", "''", 14, "punct"), ("concern", "NN", 10, "dobj"),
        (".", ".", 10, "punct"),
    ])
    term, spoken = attributed(doc)
    assert (term.kind, term.speaker) == ("scare", "")
    assert (spoken.kind, spoken.speaker) == ("partial", "Lina Haddad")


def test_short_quote_modifying_a_noun_below_a_speech_verb_is_the_speakers_word():
    # Karim Haddad warned that only a “limited” service would run.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("warned", "VBD", 2, "ROOT"),
        ("that", "IN", 11, "mark"), ("only", "RB", 9, "advmod"), ("a", "DT", 9, "det"), ("“", "``", 9, "punct"),
        ("limited", "JJ", 9, "amod"), ("”", "''", 9, "punct"), ("service", "NN", 11, "nsubj"), ("would", "MD", 11, "aux"),
        ("run", "VB", 2, "ccomp"), (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.kind, att.speaker, att.sieve) == ("partial", "Karim Haddad", "cue-verb")


def test_turn_label_before_the_quote_names_the_speaker():
    # Karim Haddad spoke.\nHADDAD: “We stay.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("\n", "_SP", 3, "dep"),
        ("HADDAD", "NNP", 9, "nsubj"), (":", ":", 5, "punct"), ("“", "``", 9, "punct"), ("We", "PRP", 9, "nsubj"),
        ("stay", "VBP", 9, "ROOT"), (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Karim Haddad", "HADDAD", "turn-label")


def test_given_name_tagged_as_an_adjective_still_opens_the_name():
    from stance.mentions import Entities
    doc = build([
        ("Bakary", "JJ", 1, "compound"), ("Keïta", "NNP", 3, "nsubj"), ("has", "VBZ", 3, "aux"),
        ("lived", "VBN", 3, "ROOT"), ("in", "IN", 3, "prep"), ("Lyon", "NNP", 4, "pobj"), (".", ".", 3, "punct"),
    ])
    names = [e.name for e in Entities(doc, load_lexicon(), []).items if e.kind == "person"]
    assert "Bakary Keïta" in names and "Keïta" not in names


def test_clause_parsed_under_the_next_quotes_verb_still_presents_its_subject():
    # "Ilse Marten answered. “We stay,” she said." parsed as one sentence, "answered" under "said":
    # Marten is no topic of the report, she is the "she"
    doc = build([
        ("Karl", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        ("Ilse", "NNP", 5, "compound"), ("Marten", "NNP", 6, "nsubj"), ("answered", "VBD", 14, "ccomp"),
        (".", ".", 6, "punct"), ("“", "``", 10, "punct"), ("We", "PRP", 10, "nsubj"), ("stay", "VBP", 14, "ccomp"),
        (",", ",", 14, "punct"), ("”", "''", 14, "punct"), ("she", "PRP", 14, "nsubj"), ("said", "VBD", 14, "ROOT"),
        (".", ".", 14, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Ilse Marten", "pronoun")


def test_resolution_aged_description_points_to_the_person_named_before():
    # Karim Haddad arrived. “We stay,” the 61-year-old retired welder said. ("welder" is no role
    # noun: the age makes it a person; the words of "61-year-old" stay in one phrase)
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        ("“", "``", 6, "punct"), ("We", "PRP", 6, "nsubj"), ("stay", "VBP", 17, "ccomp"), (",", ",", 17, "punct"),
        ("”", "''", 17, "punct"), ("the", "DT", 16, "det"), ("61", "CD", 12, "nummod"), ("-", "HYPH", 12, "punct"),
        ("year", "NN", 14, "npadvmod"), ("-", "HYPH", 14, "punct"), ("old", "JJ", 16, "amod"),
        ("retired", "JJ", 16, "amod"), ("welder", "NN", 17, "nsubj"), ("said", "VBD", 17, "ROOT"),
        (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Karim Haddad", "nominal")
    assert att.mention.startswith("the 61") and att.mention.endswith("retired welder")


def test_resolution_who_gave_her_name_as_is_that_name():
    # Another, who gave her name as Mrs. Ostrova, said it was “a disgrace.”
    doc = build([
        ("Another", "DT", 10, "nsubj"), (",", ",", 0, "punct"), ("who", "WP", 3, "nsubj"), ("gave", "VBD", 0, "relcl"),
        ("her", "PRP$", 5, "poss"), ("name", "NN", 3, "dobj"), ("as", "IN", 3, "prep"), ("Mrs.", "NNP", 8, "compound"),
        ("Ostrova", "NNP", 6, "pobj"), (",", ",", 10, "punct"), ("said", "VBD", 10, "ROOT"), ("it", "PRP", 12, "nsubj"),
        ("was", "VBD", 10, "ccomp"), ("“", "``", 15, "punct"), ("a", "DT", 15, "det"), ("disgrace", "NN", 12, "attr"),
        (".", ".", 10, "punct"), ("”", "''", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Mrs. Ostrova", "Another", "cue-verb")


def test_cue_verb_sentence_without_a_main_verb_gives_its_root_name():
    # The Harbour Board, in a statement, called it “a mistake”. (parsed with the name as root and
    # "called" hanging off "statement": the name the sentence opens with is the subject)
    doc = build([
        ("The", "DT", 3, "det"), ("Harbour", "NNP", 3, "compound"), ("Board", "NNP", 3, "compound"),
        ("Authority", "NNP", 3, "ROOT"), (",", ",", 3, "punct"), ("in", "IN", 3, "prep"), ("a", "DT", 7, "det"),
        ("statement", "NN", 5, "pobj"), (",", ",", 7, "punct"), ("called", "VBN", 7, "acl"), ("it", "PRP", 9, "dobj"),
        ("“", "``", 13, "punct"), ("a", "DT", 13, "det"), ("mistake", "NN", 9, "oprd"), ("”", "''", 13, "punct"),
        (".", ".", 3, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.cue) == ("Harbour Board Authority", "cue-verb", "called")


def test_resolution_she_skips_a_man_known_by_his_given_name():
    # Helen Marsh opened the hearing. Gordon Ames testified. “No trial,” she said.
    doc = build([
        ("Helen", "NNP", 1, "compound"), ("Marsh", "NNP", 2, "nsubj"), ("opened", "VBD", 2, "ROOT"),
        ("the", "DT", 4, "det"), ("hearing", "NN", 2, "dobj"), (".", ".", 2, "punct"),
        ("Gordon", "NNP", 7, "compound"), ("Ames", "NNP", 8, "nsubj"), ("testified", "VBD", 8, "ROOT"),
        (".", ".", 8, "punct"),
        ("“", "``", 12, "punct"), ("No", "DT", 12, "det"), ("trial", "NN", 16, "ccomp"), (",", ",", 16, "punct"),
        ("”", "''", 16, "punct"), ("she", "PRP", 16, "nsubj"), ("said", "VBD", 16, "ROOT"), (".", ".", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Helen Marsh", "pronoun")


def test_gender_from_address_then_given_name_then_nearby_role_words():
    from stance.mentions import Entity
    given = load_lexicon().given_names
    # "Alice Brandt, a justice of the Court of King's Bench": "king" is a nearby word, not her title
    assert Entity("person", "Alice Brandt", 2, "brandt", "alice", {"justice", "court", "king"}).sex(given) == "f"
    assert Entity("person", "Alice Brandt", 2, "brandt", "alice", {"mr"}).sex(given) == "m"
    assert Entity("person", "Kim Brandt", 2, "brandt", "kim", {"spokeswoman"}).sex(given) == "f"
    assert Entity("person", "Kim Brandt", 2, "brandt", "kim").sex(given) == ""  # a name for both


def test_names_ending_in_a_company_or_place_word_are_no_people():
    from stance.mentions import Entities
    # Published Mar 3. Kestrel Resources hired Omar Lund near Birch Lake.
    doc = build([
        ("Published", "VBN", 0, "ROOT"), ("Mar", "NNP", 0, "npadvmod"), ("3", "CD", 1, "nummod"), (".", ".", 0, "punct"),
        ("Kestrel", "NNP", 5, "compound"), ("Resources", "NNPS", 6, "nsubj"), ("hired", "VBD", 6, "ROOT"),
        ("Omar", "NNP", 8, "compound"), ("Lund", "NNP", 6, "dobj"), ("near", "IN", 6, "prep"),
        ("Birch", "NNP", 11, "compound"), ("Lake", "NNP", 9, "pobj"), (".", ".", 6, "punct"),
    ])
    items = Entities(doc, load_lexicon(), []).items
    kinds = {e.name: (e.kind, e.place) for e in items}
    assert kinds == {"Kestrel Resources": ("organisation", False), "Omar Lund": ("person", False),
                     "Birch Lake": ("organisation", True)}


def test_resolution_the_association_is_the_association_named_before():
    # The Harbour Nurses Association was critical. “We object,” the association said.
    doc = build([
        ("The", "DT", 3, "det"), ("Harbour", "NNP", 3, "compound"), ("Nurses", "NNPS", 3, "compound"),
        ("Association", "NNP", 4, "nsubj"), ("was", "VBD", 4, "ROOT"), ("critical", "JJ", 4, "acomp"),
        (".", ".", 4, "punct"),
        ("“", "``", 9, "punct"), ("We", "PRP", 9, "nsubj"), ("object", "VBP", 14, "ccomp"), (",", ",", 14, "punct"),
        ("”", "''", 14, "punct"), ("the", "DT", 13, "det"), ("association", "NN", 14, "nsubj"),
        ("said", "VBD", 14, "ROOT"), (".", ".", 14, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Harbour Nurses Association", "nominal")


def test_tag_after_the_ruling_states_read_as_a_noun_phrase():
    # Vera Holt issued a ruling on Monday. “Gaps matter,” the ruling states. (parsed as the noun
    # phrase "the ruling states", "ruling" an adjective: no verb after the quote)
    doc = build([
        ("Vera", "NNP", 1, "compound"), ("Holt", "NNP", 2, "nsubj"), ("issued", "VBD", 2, "ROOT"), ("a", "DT", 4, "det"),
        ("ruling", "NN", 2, "dobj"), ("on", "IN", 2, "prep"), ("Monday", "NNP", 5, "pobj"), (".", ".", 2, "punct"),
        ("“", "``", 10, "punct"), ("Gaps", "NNS", 10, "nsubj"), ("matter", "VBP", 10, "ROOT"), (",", ",", 10, "punct"),
        ("”", "''", 10, "punct"), ("the", "DT", 15, "det"), ("ruling", "VBG", 15, "amod"), ("states", "NNS", 10, "dep"),
        (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve) == ("Vera Holt", "states", "tag-after")


def test_comma_lead_speech_verb_right_before_the_quote_when_the_parse_hangs_it_elsewhere():
    # Karl Brandt was pleased that Ana Ruiz boasted, “We won.” (the quote parsed under "was")
    doc = build([
        ("Karl", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("was", "VBD", 2, "ROOT"),
        ("pleased", "JJ", 2, "acomp"), ("that", "IN", 7, "mark"), ("Ana", "NNP", 6, "compound"), ("Ruiz", "NNP", 7, "nsubj"),
        ("boasted", "VBD", 2, "ccomp"), (",", ",", 2, "punct"), ("“", "``", 11, "punct"), ("We", "PRP", 11, "nsubj"),
        ("won", "VBD", 2, "ccomp"), (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve) == ("Ana Ruiz", "boasted", "comma-lead")
    (att,) = attributed(doc, order=tuple(s for s in SIEVE_ORDER if s != "comma-lead"))
    assert att.speaker == ""  # no other sieve reads this tag


def test_resolution_the_colonel_is_the_person_titled_col():
    # Col. Ali Musa spoke first. Karl Brandt nodded. “We stay,” the colonel said.
    doc = build([
        ("Col.", "NNP", 2, "compound"), ("Ali", "NNP", 2, "compound"), ("Musa", "NNP", 3, "nsubj"), ("spoke", "VBD", 3, "ROOT"),
        ("first", "RB", 3, "advmod"), (".", ".", 3, "punct"),
        ("Karl", "NNP", 7, "compound"), ("Brandt", "NNP", 8, "nsubj"), ("nodded", "VBD", 8, "ROOT"), (".", ".", 8, "punct"),
        ("“", "``", 12, "punct"), ("We", "PRP", 12, "nsubj"), ("stay", "VBP", 17, "ccomp"), (",", ",", 17, "punct"),
        ("”", "''", 17, "punct"), ("the", "DT", 16, "det"), ("colonel", "NN", 17, "nsubj"), ("said", "VBD", 17, "ROOT"),
        (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Ali Musa", "nominal")


def test_resolution_a_name_inside_an_indefinite_description_is_an_affiliation():
    # Karl Brandt spoke. A Brandt aide disagreed. “We wait,” the aide said. (the aide is not Brandt)
    doc = build([
        ("Karl", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("A", "DT", 6, "det"), ("Brandt", "NNP", 6, "compound"), ("aide", "NN", 7, "nsubj"), ("disagreed", "VBD", 7, "ROOT"),
        (".", ".", 7, "punct"),
        ("“", "``", 11, "punct"), ("We", "PRP", 11, "nsubj"), ("wait", "VBP", 16, "ccomp"), (",", ",", 16, "punct"),
        ("”", "''", 16, "punct"), ("the", "DT", 15, "det"), ("aide", "NN", 16, "nsubj"), ("said", "VBD", 16, "ROOT"),
        (".", ".", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "A Brandt aide"


def test_an_organisation_name_runs_through_for_and_of_after_an_organisation_word():
    from stance.mentions import Entities
    # The Alliance for Fair Schools cited the Bureau of Farm Statistics.
    doc = build([
        ("The", "DT", 1, "det"), ("Alliance", "NNP", 5, "nsubj"), ("for", "IN", 1, "prep"), ("Fair", "NNP", 4, "compound"),
        ("Schools", "NNPS", 2, "pobj"), ("cited", "VBD", 5, "ROOT"), ("the", "DT", 7, "det"), ("Bureau", "NNP", 5, "dobj"),
        ("of", "IN", 7, "prep"), ("Farm", "NNP", 10, "compound"), ("Statistics", "NNPS", 8, "pobj"), (".", ".", 5, "punct"),
    ])
    kinds = {e.name: e.kind for e in Entities(doc, load_lexicon(), []).items}
    assert kinds == {"Alliance for Fair Schools": "organisation", "Bureau of Farm Statistics": "organisation"}


def test_resolution_a_person_described_after_a_capitalised_opening_is_someone_new():
    # Karl Brandt spoke. Outside Parliament, a priest disagreed. “We wait,” he said. (the parser
    # reads "Outside Parliament" as a name and the priest as its apposition)
    doc = build([
        ("Karl", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("Outside", "NNP", 5, "compound"), ("Parliament", "NNP", 9, "nsubj"), (",", ",", 5, "punct"), ("a", "DT", 8, "det"),
        ("priest", "NN", 5, "appos"), ("disagreed", "VBD", 9, "ROOT"), (".", ".", 9, "punct"),
        ("“", "``", 13, "punct"), ("We", "PRP", 13, "nsubj"), ("wait", "VBP", 17, "ccomp"), (",", ",", 17, "punct"),
        ("”", "''", 17, "punct"), ("he", "PRP", 17, "nsubj"), ("said", "VBD", 17, "ROOT"), (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "a priest"


def test_resolution_a_document_with_its_author_in_an_aside_speaks_for_the_author():
    # The Tern Group spoke. The study, by Birch Partners, was filed. It says the dam is “safe enough for a decade.”
    doc = build([
        ("The", "DT", 2, "det"), ("Tern", "NNP", 2, "compound"), ("Group", "NNP", 3, "nsubj"), ("spoke", "VBD", 3, "ROOT"),
        (".", ".", 3, "punct"),
        ("The", "DT", 6, "det"), ("study", "NN", 13, "nsubjpass"), (",", ",", 6, "punct"), ("by", "IN", 13, "prep"),
        ("Birch", "NNP", 10, "compound"), ("Partners", "NNPS", 8, "pobj"), (",", ",", 13, "punct"), ("was", "VBD", 13, "auxpass"),
        ("filed", "VBN", 13, "ROOT"), (".", ".", 13, "punct"),
        ("It", "PRP", 16, "nsubj"), ("says", "VBZ", 16, "ROOT"), ("the", "DT", 18, "det"), ("dam", "NN", 19, "nsubj"),
        ("is", "VBZ", 16, "ccomp"), ("“", "``", 19, "punct"), ("safe", "JJ", 19, "acomp"), ("enough", "RB", 21, "advmod"),
        ("for", "IN", 21, "prep"), ("a", "DT", 25, "det"), ("decade", "NN", 23, "pobj"), (".", ".", 16, "punct"),
        ("”", "''", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention) == ("Birch Partners", "It")


def test_resolution_a_person_named_by_first_name_only_with_an_age():
    # Helen, 10, listened. Karl Brandt spoke. “We wait,” she said.
    doc = build([
        ("Helen", "NNP", 4, "nsubj"), (",", ",", 0, "punct"), ("10", "CD", 0, "appos"), (",", ",", 0, "punct"),
        ("listened", "VBD", 4, "ROOT"), (".", ".", 4, "punct"),
        ("Karl", "NNP", 7, "compound"), ("Brandt", "NNP", 8, "nsubj"), ("spoke", "VBD", 8, "ROOT"), (".", ".", 8, "punct"),
        ("“", "``", 12, "punct"), ("We", "PRP", 12, "nsubj"), ("wait", "VBP", 16, "ccomp"), (",", ",", 16, "punct"),
        ("”", "''", 16, "punct"), ("she", "PRP", 16, "nsubj"), ("said", "VBD", 16, "ROOT"), (".", ".", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Helen", "pronoun")


def test_a_dateline_runs_from_its_place_to_its_dash_and_no_further():
    from stance.mentions import Entities
    # OSLO, May 2 — Karl Brandt spoke.\n\nNEXT STEPS — Ana Ruiz left. (a section heading, not a dateline)
    doc = build([
        ("OSLO", "NNP", 7, "npadvmod"), (",", ",", 7, "punct"), ("May", "NNP", 7, "npadvmod"), ("2", "CD", 2, "nummod"),
        ("—", ":", 7, "punct"), ("Karl", "NNP", 6, "compound"), ("Brandt", "NNP", 7, "nsubj"), ("spoke", "VBD", 7, "ROOT"),
        (".", ".", 7, "punct"), ("\n\n", "_SP", 7, "dep"),
        ("NEXT", "NNP", 11, "compound"), ("STEPS", "NNP", 15, "npadvmod"), ("—", ":", 15, "punct"), ("Ana", "NNP", 14, "compound"),
        ("Ruiz", "NNP", 15, "nsubj"), ("left", "VBD", 15, "ROOT"), (".", ".", 15, "punct"),
    ])
    ents = Entities(doc, load_lexicon(), [])
    assert ents.in_dateline(doc[0].idx) and not ents.in_dateline(doc[5].idx) and not ents.in_dateline(doc[13].idx)
    assert {e.name for e in ents.items} == {"Karl Brandt", "Ana Ruiz"}


def test_a_newsletter_section_heading_the_parser_made_the_subject_is_no_speaker():
    # SOCIAL NOTES — Mayor Ana Ruiz wrote on X: “We wait.”
    doc = build([
        ("SOCIAL", "NNP", 1, "compound"), ("NOTES", "NN", 6, "nsubj"), ("—", ":", 1, "punct"), ("Mayor", "NNP", 5, "compound"),
        ("Ana", "NNP", 5, "compound"), ("Ruiz", "NNP", 6, "npadvmod"), ("wrote", "VBD", 6, "ROOT"), ("on", "IN", 6, "prep"),
        ("X", "NNP", 7, "pobj"), (":", ":", 6, "punct"), ("“", "``", 12, "punct"), ("We", "PRP", 12, "nsubj"),
        ("wait", "VBP", 6, "ccomp"), (".", ".", 12, "punct"), ("”", "''", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Ana Ruiz"


def test_a_dateline_place_with_an_apostrophe_s_is_a_dateline():
    from stance.mentions import Entities
    # ST. JOHN'S, N.L. — Karl Brandt spoke.
    rows = [
        ("ST.", "NNP", 1, "compound"), ("JOHN", "NNP", 8, "npadvmod"), ("'S", "POS", 1, "case"), (",", ",", 8, "punct"),
        ("N.L.", "NNP", 1, "appos"), ("—", ":", 8, "punct"), ("Karl", "NNP", 7, "compound"), ("Brandt", "NNP", 8, "nsubj"),
        ("spoke", "VBD", 8, "ROOT"), (".", ".", 8, "punct"),
    ]
    doc = Doc(VOCAB, words=[r[0] for r in rows], spaces=[True, False, False, True, True, True, True, True, False, False],
              tags=[r[1] for r in rows], heads=[r[2] for r in rows], deps=[r[3] for r in rows])
    assert doc.text.startswith("ST. JOHN'S, N.L. —")
    assert [e.name for e in Entities(doc, load_lexicon(), []).items] == ["Karl Brandt"]


def test_names_opening_with_a_place_word_or_ending_in_school_are_no_people():
    from stance.mentions import Entities
    # Pupils of Lincoln Elementary moved to Port Elgin.
    doc = build([
        ("Pupils", "NNS", 4, "nsubj"), ("of", "IN", 0, "prep"), ("Lincoln", "NNP", 3, "compound"),
        ("Elementary", "NNP", 1, "pobj"), ("moved", "VBD", 4, "ROOT"), ("to", "IN", 4, "prep"), ("Port", "NNP", 7, "compound"),
        ("Elgin", "NNP", 5, "pobj"), (".", ".", 4, "punct"),
    ])
    kinds = {e.name: (e.kind, e.place) for e in Entities(doc, load_lexicon(), []).items}
    assert kinds == {"Lincoln Elementary": ("organisation", False), "Port Elgin": ("organisation", True)}


def test_a_relative_named_by_given_name_takes_the_family_name():
    # Anna Holt spoke. Holt’s son, Erik, said “We wait.”
    doc = build([
        ("Anna", "NNP", 1, "compound"), ("Holt", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("Holt", "NNP", 6, "poss"), ("’s", "POS", 4, "case"), ("son", "NN", 10, "nsubj"), (",", ",", 6, "punct"),
        ("Erik", "NNP", 6, "appos"), (",", ",", 6, "punct"), ("said", "VBD", 10, "ROOT"), ("“", "``", 13, "punct"),
        ("We", "PRP", 13, "nsubj"), ("wait", "VBP", 10, "ccomp"), (".", ".", 13, "punct"), ("”", "''", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Erik Holt"


def test_resolution_the_bureau_is_the_bureau_of_x_named_before():
    # The Bureau of Farm Statistics was blunt. “Prices rose,” the bureau said.
    doc = build([
        ("The", "DT", 1, "det"), ("Bureau", "NNP", 5, "nsubj"), ("of", "IN", 1, "prep"), ("Farm", "NNP", 4, "compound"),
        ("Statistics", "NNPS", 2, "pobj"), ("was", "VBD", 5, "ROOT"), ("blunt", "JJ", 5, "acomp"), (".", ".", 5, "punct"),
        ("“", "``", 10, "punct"), ("Prices", "NNS", 10, "nsubj"), ("rose", "VBD", 15, "ccomp"), (",", ",", 15, "punct"),
        ("”", "''", 15, "punct"), ("the", "DT", 14, "det"), ("bureau", "NN", 15, "nsubj"), ("said", "VBD", 15, "ROOT"),
        (".", ".", 15, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Bureau of Farm Statistics", "nominal")


def test_cue_verb_a_name_addressed_before_the_subject_is_no_speaker():
    # Peter, one navy official told me this was “over”.
    doc = build([
        ("Peter", "NNP", 5, "nsubj"), (",", ",", 5, "punct"), ("one", "CD", 4, "nummod"), ("navy", "NN", 4, "compound"),
        ("official", "NN", 5, "nsubj"), ("told", "VBD", 5, "ROOT"), ("me", "PRP", 5, "dobj"), ("this", "DT", 8, "nsubj"),
        ("was", "VBD", 5, "ccomp"), ("“", "``", 10, "punct"), ("over", "JJ", 8, "acomp"), ("”", "''", 10, "punct"),
        (".", ".", 5, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.speaker_type) == ("one navy official", "anonymous")


def test_entities_a_given_name_outweighs_the_body_it_is_set_beside_and_nations_is_a_body():
    from stance.mentions import Entities
    # The head of the UN mission, Omar Obuor, met the mayor. The United Nations, which sent him, wants a deal.
    doc = build([
        ("The", "DT", 1, "det"), ("head", "NN", 10, "nsubj"), ("of", "IN", 1, "prep"), ("the", "DT", 5, "det"),
        ("UN", "NNP", 5, "compound"), ("mission", "NN", 2, "pobj"), (",", ",", 5, "punct"), ("Omar", "NNP", 8, "compound"),
        ("Obuor", "NNP", 5, "appos"), (",", ",", 1, "punct"), ("met", "VBD", 10, "ROOT"), ("the", "DT", 12, "det"),
        ("mayor", "NN", 10, "dobj"), (".", ".", 10, "punct"),
        ("The", "DT", 16, "det"), ("United", "NNP", 16, "compound"), ("Nations", "NNPS", 22, "nsubj"), (",", ",", 16, "punct"),
        ("which", "WDT", 19, "nsubj"), ("sent", "VBD", 16, "relcl"), ("him", "PRP", 19, "dobj"), (",", ",", 16, "punct"),
        ("wants", "VBZ", 22, "ROOT"), ("a", "DT", 24, "det"), ("deal", "NN", 22, "dobj"), (".", ".", 22, "punct"),
    ])
    kinds = {e.name: e.kind for e in Entities(doc, load_lexicon(), []).items}
    assert kinds["Omar Obuor"] == "person" and kinds["United Nations"] == "organisation"


def test_cue_verb_a_tag_set_off_by_commas_in_the_quotes_sentence():
    # The operation, the Harbour Police said, was being carried out in the east “jointly with partners”.
    doc = build([
        ("The", "DT", 1, "det"), ("operation", "NN", 10, "nsubjpass"), (",", ",", 6, "punct"), ("the", "DT", 5, "det"),
        ("Harbour", "NNP", 5, "compound"), ("Police", "NNP", 6, "nsubj"), ("said", "VBD", 10, "parataxis"),
        (",", ",", 6, "punct"), ("was", "VBD", 10, "aux"), ("being", "VBG", 10, "auxpass"), ("carried", "VBN", 10, "ROOT"),
        ("out", "RP", 10, "prt"), ("in", "IN", 10, "prep"), ("the", "DT", 14, "det"), ("east", "NN", 12, "pobj"),
        ("“", "``", 10, "punct"), ("jointly", "RB", 10, "advmod"), ("with", "IN", 10, "prep"),
        ("partners", "NNS", 17, "pobj"), ("”", "''", 10, "punct"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Harbour Police", "cue-verb")


def test_cue_verb_a_description_hung_on_a_senators_home_town_describes_the_senator():
    # Sen. Dora Whitfield of Brantley, a nurse who said the bill was “cruel”, voted no.
    doc = build([
        ("Sen.", "NNP", 2, "compound"), ("Dora", "NNP", 2, "compound"), ("Whitfield", "NNP", 17, "nsubj"),
        ("of", "IN", 2, "prep"), ("Brantley", "NNP", 3, "pobj"), (",", ",", 4, "punct"), ("a", "DT", 7, "det"),
        ("nurse", "NN", 4, "appos"), ("who", "WP", 9, "nsubj"), ("said", "VBD", 7, "relcl"), ("the", "DT", 11, "det"),
        ("bill", "NN", 12, "nsubj"), ("was", "VBD", 9, "ccomp"), ("“", "``", 14, "punct"), ("cruel", "JJ", 12, "acomp"),
        ("”", "''", 14, "punct"), (",", ",", 17, "punct"), ("voted", "VBD", 17, "ROOT"), ("no", "RB", 17, "advmod"),
        (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Dora Whitfield"


def test_colon_lead_the_leads_own_verb_when_the_parse_roots_the_sentence_in_the_quote():
    # Another, a retired nurse, was more cautious: “Roads bring trucks, not jobs.”
    doc = build([
        ("Another", "DT", 6, "nsubj"), (",", ",", 0, "punct"), ("a", "DT", 4, "det"), ("retired", "JJ", 4, "amod"),
        ("nurse", "NN", 0, "appos"), (",", ",", 0, "punct"), ("was", "VBD", 12, "ccomp"), ("more", "RBR", 8, "advmod"),
        ("cautious", "JJ", 6, "acomp"), (":", ":", 6, "punct"), ("“", "``", 12, "punct"), ("Roads", "NNS", 12, "nsubj"),
        ("bring", "VBP", 12, "ROOT"), ("trucks", "NNS", 12, "dobj"), (",", ",", 12, "punct"), ("not", "RB", 16, "neg"),
        ("jobs", "NNS", 13, "appos"), (".", ".", 12, "punct"), ("”", "''", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("a retired nurse", "colon-lead")


def test_pronoun_points_to_the_person_described_last_when_no_one_was_a_subject_since():
    # Karim Haddad said rates would fall. For Omar Nasser, a nurse, every point matters. “We fixed early,” he said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        ("rates", "NNS", 5, "nsubj"), ("would", "MD", 5, "aux"), ("fall", "VB", 2, "ccomp"), (".", ".", 2, "punct"),
        ("For", "IN", 16, "prep"), ("Omar", "NNP", 9, "compound"), ("Nasser", "NNP", 7, "pobj"), (",", ",", 9, "punct"),
        ("a", "DT", 12, "det"), ("nurse", "NN", 9, "appos"), (",", ",", 16, "punct"), ("every", "DT", 15, "det"),
        ("point", "NN", 16, "nsubj"), ("matters", "VBZ", 16, "ROOT"), (".", ".", 16, "punct"),
        ("“", "``", 20, "punct"), ("We", "PRP", 20, "nsubj"), ("fixed", "VBD", 25, "ccomp"), ("early", "RB", 20, "advmod"),
        (",", ",", 25, "punct"), ("”", "''", 25, "punct"), ("he", "PRP", 25, "nsubj"), ("said", "VBD", 25, "ROOT"),
        (".", ".", 25, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Omar Nasser", "pronoun")


def test_pronoun_keeps_the_subject_when_the_person_named_last_is_an_owner_or_beside_a_pronoun_subject():
    # Karim Haddad said rates would fall. Like Omar Nasser, a nurse, he fixed early. “We waited,” he said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        ("rates", "NNS", 5, "nsubj"), ("would", "MD", 5, "aux"), ("fall", "VB", 2, "ccomp"), (".", ".", 2, "punct"),
        ("Like", "IN", 15, "prep"), ("Omar", "NNP", 9, "compound"), ("Nasser", "NNP", 7, "pobj"), (",", ",", 9, "punct"),
        ("a", "DT", 12, "det"), ("nurse", "NN", 9, "appos"), (",", ",", 15, "punct"), ("he", "PRP", 15, "nsubj"),
        ("fixed", "VBD", 15, "ROOT"), ("early", "RB", 15, "advmod"), (".", ".", 15, "punct"),
        ("“", "``", 19, "punct"), ("We", "PRP", 19, "nsubj"), ("waited", "VBD", 23, "ccomp"),
        (",", ",", 23, "punct"), ("”", "''", 23, "punct"), ("he", "PRP", 23, "nsubj"), ("said", "VBD", 23, "ROOT"),
        (".", ".", 23, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Karim Haddad"


def test_a_definite_role_no_one_holds_is_the_subject_of_its_paragraph():
    # Ana Reyes, the group’s chair, said the group would appeal. “We will go on,” the retired teacher said.
    doc = build([
        ("Ana", "NNP", 1, "compound"), ("Reyes", "NNP", 8, "nsubj"), (",", ",", 1, "punct"), ("the", "DT", 4, "det"),
        ("group", "NN", 6, "poss"), ("’s", "POS", 4, "case"), ("chair", "NN", 1, "appos"), (",", ",", 1, "punct"),
        ("said", "VBD", 8, "ROOT"), ("the", "DT", 10, "det"), ("group", "NN", 12, "nsubj"), ("would", "MD", 12, "aux"),
        ("appeal", "VB", 8, "ccomp"), (".", ".", 8, "punct"),
        ("“", "``", 17, "punct"), ("We", "PRP", 17, "nsubj"), ("will", "MD", 17, "aux"), ("go", "VB", 24, "ccomp"),
        ("on", "RP", 17, "prt"), (",", ",", 24, "punct"), ("”", "''", 24, "punct"), ("the", "DT", 23, "det"),
        ("retired", "JJ", 23, "amod"), ("teacher", "NN", 24, "nsubj"), ("said", "VBD", 24, "ROOT"), (".", ".", 24, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Ana Reyes", "nominal")


def test_a_statement_from_an_unnamed_body_is_the_body_s():
    # The council approved the plan. A statement from the residents’ association said: “This fight is not over.”
    doc = build([
        ("The", "DT", 1, "det"), ("council", "NN", 2, "nsubj"), ("approved", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("plan", "NN", 2, "dobj"), (".", ".", 2, "punct"),
        ("A", "DT", 7, "det"), ("statement", "NN", 13, "nsubj"), ("from", "IN", 7, "prep"), ("the", "DT", 10, "det"),
        ("residents", "NNS", 12, "poss"), ("’", "POS", 10, "case"), ("association", "NN", 8, "pobj"),
        ("said", "VBD", 13, "ROOT"), (":", ":", 13, "punct"), ("“", "``", 18, "punct"), ("This", "DT", 17, "det"),
        ("fight", "NN", 18, "nsubj"), ("is", "VBZ", 13, "ccomp"), ("not", "RB", 18, "neg"), ("over", "RB", 18, "advmod"),
        (".", ".", 18, "punct"), ("”", "''", 18, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.speaker_type) == ("residents’ association", "organisation")


def test_a_document_speaks_with_a_verb_that_is_no_speech_verb():
    # The Water Board released its report. The report lists “the lowest rainfall in a hundred years” as the cause.
    doc = build([
        ("The", "DT", 2, "det"), ("Water", "NNP", 2, "compound"), ("Board", "NNP", 3, "nsubj"), ("released", "VBD", 3, "ROOT"),
        ("its", "PRP$", 5, "poss"), ("report", "NN", 3, "dobj"), (".", ".", 3, "punct"),
        ("The", "DT", 8, "det"), ("report", "NN", 9, "nsubj"), ("lists", "VBZ", 9, "ROOT"), ("“", "``", 13, "punct"),
        ("the", "DT", 13, "det"), ("lowest", "JJS", 13, "amod"), ("rainfall", "NN", 9, "dobj"), ("in", "IN", 13, "prep"),
        ("a", "DT", 17, "det"), ("hundred", "CD", 17, "nummod"), ("years", "NNS", 14, "pobj"), ("”", "''", 13, "punct"),
        ("as", "IN", 9, "prep"), ("the", "DT", 21, "det"), ("cause", "NN", 19, "pobj"), (".", ".", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.resolution) == ("Water Board", "cue-verb", "statement")


def test_pronoun_of_a_relative_clause_does_not_keep_the_earlier_subject():
    # Karim Haddad said rates would fall. Omar Nasser, a nurse he met, was angry. “We waited,” he said.
    # (parsed with the name lost as an object, as the parser does at times)
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        ("rates", "NNS", 5, "nsubj"), ("would", "MD", 5, "aux"), ("fall", "VB", 2, "ccomp"), (".", ".", 2, "punct"),
        ("Omar", "NNP", 8, "compound"), ("Nasser", "NNP", 15, "dobj"), (",", ",", 8, "punct"), ("a", "DT", 11, "det"),
        ("nurse", "NN", 8, "appos"), ("he", "PRP", 13, "nsubj"), ("met", "VBD", 11, "relcl"), (",", ",", 8, "punct"),
        ("was", "VBD", 15, "ROOT"), ("angry", "JJ", 15, "acomp"), (".", ".", 15, "punct"),
        ("“", "``", 19, "punct"), ("We", "PRP", 19, "nsubj"), ("waited", "VBD", 23, "ccomp"),
        (",", ",", 23, "punct"), ("”", "''", 23, "punct"), ("he", "PRP", 23, "nsubj"), ("said", "VBD", 23, "ROOT"),
        (".", ".", 23, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Omar Nasser", "pronoun")


def test_the_passive_subject_of_a_verb_of_asking_is_spoken_to_not_the_speaker():
    # Omar Nasser said residents were asked to “pay more and get less”.
    doc = build([
        ("Omar", "NNP", 1, "compound"), ("Nasser", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"),
        ("residents", "NNS", 5, "nsubjpass"), ("were", "VBD", 5, "auxpass"), ("asked", "VBN", 2, "ccomp"),
        ("to", "TO", 8, "aux"), ("“", "``", 8, "punct"), ("pay", "VB", 5, "xcomp"), ("more", "JJR", 8, "dobj"),
        ("and", "CC", 8, "cc"), ("get", "VB", 8, "conj"), ("less", "JJS", 11, "dobj"), ("”", "''", 8, "punct"),
        (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue) == ("Omar Nasser", "said")


def test_cue_verb_a_speech_verb_on_an_adjective_takes_the_subject_of_its_copula():
    # Lena Varnhagen was careful to add that “the port stays open”.
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 2, "nsubj"), ("was", "VBD", 2, "ROOT"), ("careful", "JJ", 2, "acomp"),
        ("to", "TO", 5, "aux"), ("add", "VB", 3, "xcomp"), ("that", "IN", 10, "mark"), ("“", "``", 10, "punct"),
        ("the", "DT", 9, "det"), ("port", "NN", 10, "nsubj"), ("stays", "VBZ", 5, "ccomp"), ("open", "JJ", 10, "acomp"),
        ("”", "''", 10, "punct"), (".", ".", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve, att.resolution) == ("Lena Varnhagen", "add", "cue-verb", "name")


def test_turn_label_a_broadcast_clip_label_with_who_and_how_after_the_name():
    # [CLIP — ANA REYES, in Portuguese, voiced by interpreter]: “We stay.”
    doc = build([
        ("[", "-LRB-", 1, "punct"), ("CLIP", "NNP", 1, "ROOT"), ("—", ":", 1, "punct"), ("ANA", "NNP", 4, "compound"),
        ("REYES", "NNP", 1, "appos"), (",", ",", 4, "punct"), ("in", "IN", 4, "prep"), ("Portuguese", "NNP", 6, "pobj"),
        (",", ",", 4, "punct"), ("voiced", "VBN", 4, "acl"), ("by", "IN", 9, "agent"), ("interpreter", "NN", 10, "pobj"),
        ("]", "-RRB-", 1, "punct"), (":", ":", 1, "punct"),
        ("“", "``", 16, "punct"), ("We", "PRP", 16, "nsubj"), ("stay", "VBP", 16, "ROOT"), (".", ".", 16, "punct"),
        ("”", "''", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Ana Reyes", "ANA REYES", "turn-label")


def test_turn_label_a_record_label_in_title_case_with_the_party_in_brackets():
    # Lena Varnhagen (Green): “We stay.”
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 1, "ROOT"), ("(", "-LRB-", 1, "punct"), ("Green", "NNP", 1, "appos"),
        (")", "-RRB-", 1, "punct"), (":", ":", 1, "punct"),
        ("“", "``", 8, "punct"), ("We", "PRP", 8, "nsubj"), ("stay", "VBP", 8, "ROOT"), (".", ".", 8, "punct"),
        ("”", "''", 8, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Lena Varnhagen", "Lena Varnhagen", "turn-label")


def test_resolution_he_is_not_the_home_town_that_took_the_who_clause():
    # Tomas Brandtner from Kellowmere, who drives a truck, had doubts. “We stay,” he said.
    doc = build([
        ("Tomas", "NNP", 1, "compound"), ("Brandtner", "NNP", 10, "nsubj"), ("from", "IN", 1, "prep"), ("Kellowmere", "NNP", 2, "pobj"),
        (",", ",", 3, "punct"), ("who", "WP", 6, "nsubj"), ("drives", "VBZ", 3, "relcl"), ("a", "DT", 8, "det"),
        ("truck", "NN", 6, "dobj"), (",", ",", 1, "punct"), ("had", "VBD", 10, "ROOT"), ("doubts", "NNS", 10, "dobj"),
        (".", ".", 10, "punct"),
        ("“", "``", 15, "punct"), ("We", "PRP", 15, "nsubj"), ("stay", "VBP", 19, "ccomp"), (",", ",", 19, "punct"),
        ("”", "''", 19, "punct"), ("he", "PRP", 19, "nsubj"), ("said", "VBD", 19, "ROOT"), (".", ".", 19, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Tomas Brandtner", "pronoun")


def test_statement_said_in_a_paragraph_of_its_own_is_whoever_spoke_in_the_main_clause_above():
    # Karim Haddad said talks continue.\n\n“We stay,” the statement said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"), ("talks", "NNS", 4, "nsubj"),
        ("continue", "VBP", 2, "ccomp"), (".", ".", 2, "punct"), ("\n\n", "_SP", 5, "dep"),
        ("“", "``", 9, "punct"), ("We", "PRP", 9, "nsubj"), ("stay", "VBP", 14, "ccomp"), (",", ",", 14, "punct"),
        ("”", "''", 14, "punct"), ("the", "DT", 13, "det"), ("statement", "NN", 14, "nsubj"), ("said", "VBD", 14, "ROOT"),
        (".", ".", 14, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Karim Haddad", "statement")


def test_previous_sentence_the_subject_closing_the_paragraph_above_a_quote_alone():
    # Lena Varnhagen doubts the plan works.\n\n“We stay.”
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 2, "nsubj"), ("doubts", "VBZ", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("plan", "NN", 5, "nsubj"), ("works", "VBZ", 2, "ccomp"), (".", ".", 2, "punct"), ("\n\n", "_SP", 6, "dep"),
        ("“", "``", 10, "punct"), ("We", "PRP", 10, "nsubj"), ("stay", "VBP", 10, "ROOT"), (".", ".", 10, "punct"),
        ("”", "''", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.resolution) == ("Lena Varnhagen", "previous-sentence", "name")


def test_cue_verb_a_wire_in_a_title_case_dateline_is_no_subject():
    # Kellowmere, 3 Oct (Wire) - Lena Varnhagen said troops “will stay”. (the parser makes the wire the subject)
    doc = build([
        ("Kellowmere", "NNP", 10, "npadvmod"), (",", ",", 0, "punct"), ("3", "CD", 3, "nummod"), ("Oct", "NNP", 0, "appos"),
        ("(", "-LRB-", 5, "punct"), ("Wire", "NNP", 10, "nsubj"), (")", "-RRB-", 5, "punct"), ("-", ":", 10, "punct"),
        ("Lena", "NNP", 9, "compound"), ("Varnhagen", "NNP", 10, "npadvmod"), ("said", "VBD", 10, "ROOT"),
        ("troops", "NNS", 14, "nsubj"), ("“", "``", 14, "punct"), ("will", "MD", 14, "aux"), ("stay", "VB", 10, "ccomp"),
        ("”", "''", 14, "punct"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lena Varnhagen", "cue-verb")


def test_a_wire_between_slashes_closes_a_dateline():
    from stance.mentions import Entities
    # KELLOWMERE, 3 October. /WIRE/. Troops left.
    words = ["KELLOWMERE", ",", "3", "October", ".", "/", "WIRE", "/", ".", "Troops", "left", "."]
    spaces = [False, True, True, False, True, False, False, False, True, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces, tags=["NNP", ",", "CD", "NNP", ".", "SYM", "NNP", "SYM", ".", "NNS", "VBD", "."],
              heads=[0, 0, 3, 0, 0, 6, 10, 6, 6, 10, 10, 10],
              deps=["ROOT", "punct", "nummod", "appos", "punct", "punct", "nsubj", "punct", "punct", "nsubj", "ROOT", "punct"])
    ents = Entities(doc, load_lexicon(), [])
    assert ents.in_dateline(doc[6].idx) and not ents.in_dateline(doc[9].idx)


def test_resolution_a_headings_bare_role_is_the_first_person_the_story_names_with_a_role():
    # Port chief warns of “long delays”\n\nHarbour Director Ana Reyes said ships “wait for days”.
    doc = build([
        ("Port", "NNP", 1, "compound"), ("chief", "NN", 2, "nsubj"), ("warns", "VBZ", 2, "ROOT"), ("of", "IN", 2, "prep"),
        ("“", "``", 6, "punct"), ("long", "JJ", 6, "amod"), ("delays", "NNS", 3, "pobj"), ("”", "''", 6, "punct"),
        ("\n\n", "_SP", 7, "dep"),
        ("Harbour", "NNP", 12, "compound"), ("Director", "NNP", 12, "compound"), ("Ana", "NNP", 12, "compound"),
        ("Reyes", "NNP", 13, "nsubj"), ("said", "VBD", 13, "ROOT"), ("ships", "NNS", 16, "nsubj"), ("“", "``", 16, "punct"),
        ("wait", "VBP", 13, "ccomp"), ("for", "IN", 16, "prep"), ("days", "NNS", 17, "pobj"), ("”", "''", 16, "punct"),
        (".", ".", 13, "punct"),
    ])
    heading, story = attributed(doc)
    assert (story.speaker, heading.kind, heading.speaker, heading.resolution) == ("Ana Reyes", "headline", "Ana Reyes", "nominal")


def test_resolution_a_spokesperson_alone_speaks_for_the_body_that_spoke_in_the_paragraph_above():
    # The Harbour Board said ships wait.\n\n“We stay,” a spokesperson said.
    doc = build([
        ("The", "DT", 2, "det"), ("Harbour", "NNP", 2, "compound"), ("Board", "NNP", 3, "nsubj"), ("said", "VBD", 3, "ROOT"),
        ("ships", "NNS", 5, "nsubj"), ("wait", "VBP", 3, "ccomp"), (".", ".", 3, "punct"), ("\n\n", "_SP", 6, "dep"),
        ("“", "``", 10, "punct"), ("We", "PRP", 10, "nsubj"), ("stay", "VBP", 15, "ccomp"), (",", ",", 15, "punct"),
        ("”", "''", 15, "punct"), ("a", "DT", 14, "det"), ("spokesperson", "NN", 15, "nsubj"), ("said", "VBD", 15, "ROOT"),
        (".", ".", 15, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Harbour Board spokesperson"


def test_resolution_his_foreign_office_is_a_ministry_not_his_own_office():
    # Karim Haddad arrived. “We stay,” his foreign office said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("arrived", "VBD", 2, "ROOT"),
        (".", ".", 2, "punct"),
        ("“", "``", 6, "punct"), ("We", "PRP", 6, "nsubj"), ("stay", "VBP", 12, "ccomp"), (",", ",", 12, "punct"),
        ("”", "''", 12, "punct"), ("his", "PRP$", 11, "poss"), ("foreign", "JJ", 11, "amod"), ("office", "NN", 12, "nsubj"),
        ("said", "VBD", 12, "ROOT"), (".", ".", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("foreign office", "his foreign office", "office")


def test_colon_lead_the_owner_of_a_subject_that_is_no_speaker_speaks():
    # Ana Reyes’s warning closes the debate: “We stay.”
    doc = build([
        ("Ana", "NNP", 1, "compound"), ("Reyes", "NNP", 3, "poss"), ("’s", "POS", 1, "case"), ("warning", "NN", 4, "nsubj"),
        ("closes", "VBZ", 4, "ROOT"), ("the", "DT", 6, "det"), ("debate", "NN", 4, "dobj"), (":", ":", 4, "punct"),
        ("“", "``", 10, "punct"), ("We", "PRP", 10, "nsubj"), ("stay", "VBP", 10, "ROOT"), (".", ".", 10, "punct"),
        ("”", "''", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ana Reyes", "colon-lead")


def test_role_nouns_a_pal_or_a_commodore_is_a_person_described():
    # A pal of the baker wrote: “We stay.”
    doc = build([
        ("A", "DT", 1, "det"), ("pal", "NN", 5, "nsubj"), ("of", "IN", 1, "prep"), ("the", "DT", 4, "det"), ("baker", "NN", 2, "pobj"),
        ("wrote", "VBD", 5, "ROOT"), (":", ":", 5, "punct"), ("“", "``", 9, "punct"),
        ("We", "PRP", 9, "nsubj"), ("stay", "VBP", 5, "ccomp"), (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.speaker_type) == ("A pal of the baker", "anonymous")
    assert {"pal", "commodore", "defender"} <= {w for w, kind in load_lexicon().role_nouns.items() if kind == "person"}


# ---- ninth session (attrib14): labels, tags and leads the parse or the writer breaks ----
_WE_STAY = [("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (".", ".", 2, "punct"),
            ("”", "''", 2, "punct")]


def _shifted(rows: list[tuple[str, str, int, str]], at: int) -> list[tuple[str, str, int, str]]:
    return [(w, tag, head + at, dep) for w, tag, head, dep in rows]


def test_turn_label_a_broadcast_label_with_the_name_in_its_bracket():
    # CLIP (Lena Varnhagen, harbour pilot): “We stay.”
    doc = build([
        ("CLIP", "NNP", 0, "ROOT"), ("(", "-LRB-", 0, "punct"), ("Lena", "NNP", 3, "compound"), ("Varnhagen", "NNP", 0, "appos"),
        (",", ",", 3, "punct"), ("harbour", "NN", 6, "compound"), ("pilot", "NN", 3, "appos"), (")", "-RRB-", 0, "punct"),
        (":", ":", 0, "punct"), *_shifted(_WE_STAY, 9),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Lena Varnhagen", "Lena Varnhagen", "turn-label")


def test_resolution_the_post_is_that_of_whoever_wrote_in_the_paragraph_above():
    # Karim Haddad wrote on social media that ferries would sail.
    #
    # “We stay,” the post said.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("wrote", "VBD", 2, "ROOT"), ("on", "IN", 2, "prep"),
        ("social", "JJ", 5, "amod"), ("media", "NNS", 3, "pobj"), ("that", "IN", 9, "mark"), ("ferries", "NNS", 9, "nsubj"),
        ("would", "MD", 9, "aux"), ("sail", "VB", 2, "ccomp"), (".", ".", 2, "punct"), ("\n\n", "_SP", 10, "dep"),
        ("“", "``", 14, "punct"), ("We", "PRP", 14, "nsubj"), ("stay", "VBP", 19, "ccomp"), (",", ",", 19, "punct"),
        ("”", "''", 19, "punct"), ("the", "DT", 18, "det"), ("post", "NN", 19, "nsubj"), ("said", "VBD", 19, "ROOT"),
        (".", ".", 19, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("Karim Haddad", "the post", "statement")


def test_tag_after_the_post_read_parsed_as_a_noun_compound():
    # Karim Haddad went further in a post. “We stay,” the post read.
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("went", "VBD", 2, "ROOT"), ("further", "RB", 2, "advmod"),
        ("in", "IN", 2, "prep"), ("a", "DT", 6, "det"), ("post", "NN", 4, "pobj"), (".", ".", 2, "punct"),
        ("“", "``", 10, "punct"), ("We", "PRP", 10, "nsubj"), ("stay", "VBP", 10, "ROOT"), (",", ",", 10, "punct"),
        ("”", "''", 10, "punct"), ("the", "DT", 15, "det"), ("post", "NN", 15, "compound"), ("read", "NN", 10, "dobj"),
        (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.resolution) == ("Karim Haddad", "tag-after", "statement")


def test_tag_after_reads_past_a_title_abbreviation_and_a_long_apposition():
    # “We stay,” the port’s harbour master, Col. Karim Haddad, told a press conference.
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), (",", ",", 2, "punct"),
        ("”", "''", 2, "punct"), ("the", "DT", 9, "det"), ("port", "NN", 9, "poss"), ("’s", "POS", 6, "case"),
        ("harbour", "NN", 9, "compound"), ("master", "NN", 14, "appos"), (",", ",", 9, "punct"), ("Col", "NNP", 14, "compound"),
        (".", ".", 11, "punct"), ("Karim", "NNP", 14, "compound"), ("Haddad", "NNP", 16, "nsubj"), (",", ",", 14, "punct"),
        ("told", "VBD", 16, "ROOT"), ("a", "DT", 19, "det"), ("press", "NN", 19, "compound"), ("conference", "NN", 16, "dobj"),
        (".", ".", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Karim Haddad", "tag-after")


def test_tag_after_a_name_and_a_bare_speech_verb_after_the_quote_s_full_stop():
    # “We stay and we sail.” Karim Haddad told reporters in Oslo.
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 2, "ROOT"), ("and", "CC", 2, "cc"),
        ("we", "PRP", 5, "nsubj"), ("sail", "VBP", 2, "conj"), (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
        ("Karim", "NNP", 9, "compound"), ("Haddad", "NNP", 10, "nsubj"), ("told", "VBD", 10, "ROOT"),
        ("reporters", "NNS", 10, "dobj"), ("in", "IN", 10, "prep"), ("Oslo", "NNP", 12, "pobj"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Karim Haddad", "tag-after")


def test_tag_after_a_name_reporting_words_of_its_own_after_the_full_stop_is_no_tag():
    # “We stay.” Karim Haddad said ferries would sail.
    doc = build([
        *_WE_STAY, ("Karim", "NNP", 6, "compound"), ("Haddad", "NNP", 7, "nsubj"), ("said", "VBD", 7, "ROOT"),
        ("ferries", "NNS", 10, "nsubj"), ("would", "MD", 10, "aux"), ("sail", "VB", 7, "ccomp"), (".", ".", 7, "punct"),
    ])
    (att,) = attributed(doc, order=("tag-after",))
    assert att.sieve == ""


def test_colon_lead_an_adjective_before_the_colon_names_no_one():
    # Lena Varnhagen, a nurse, was less patient: “We stay.”
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 6, "nsubj"), (",", ",", 1, "punct"), ("a", "DT", 4, "det"),
        ("nurse", "NN", 1, "appos"), (",", ",", 1, "punct"), ("was", "VBD", 6, "ROOT"), ("less", "RBR", 8, "advmod"),
        ("patient", "JJ", 6, "acomp"), (":", ":", 6, "punct"), *_shifted(_WE_STAY, 10),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lena Varnhagen", "colon-lead")


def test_colon_lead_a_lead_verb_the_parser_hung_on_the_quote():
    # Lena Varnhagen makes no secret of her fatigue: “We stay.”
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 2, "nsubj"), ("makes", "VBZ", 11, "ccomp"), ("no", "DT", 4, "det"),
        ("secret", "NN", 2, "dobj"), ("of", "IN", 4, "prep"), ("her", "PRP$", 7, "poss"), ("fatigue", "NN", 5, "pobj"),
        (":", ":", 11, "punct"), ("“", "``", 11, "punct"), ("We", "PRP", 11, "nsubj"), ("stay", "VBP", 11, "ROOT"),
        (".", ".", 11, "punct"), ("”", "''", 11, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lena Varnhagen", "colon-lead")


def test_cue_verb_a_speech_verb_parsed_as_a_participle_on_the_name():
    # Lena Varnhagen, an MP from Tromsø, posted on X: “We stay.”
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 16, "nsubj"), (",", ",", 1, "punct"), ("an", "DT", 4, "det"),
        ("MP", "NNP", 1, "appos"), ("from", "IN", 4, "prep"), ("Tromsø", "NNP", 5, "pobj"), (",", ",", 1, "punct"),
        ("posted", "VBN", 1, "acl"), ("on", "IN", 8, "prep"), ("X", "NNP", 9, "pobj"), (":", ":", 1, "punct"),
        ("“", "``", 16, "punct"), ("We", "PRP", 16, "nsubj"), ("all", "DT", 13, "appos"), ("must", "MD", 16, "aux"),
        ("stay", "VB", 16, "ROOT"), (".", ".", 16, "punct"), ("”", "''", 16, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue) == ("Lena Varnhagen", "posted")


def test_cue_verb_a_newsletter_label_with_the_subject_in_apposition():
    # CAMPAIGNERS: Harbourwatch, which filed the complaint, said on X: “We stay.”
    doc = build([
        ("CAMPAIGNERS", "NNS", 9, "nsubj"), (":", ":", 0, "punct"), ("Harbourwatch", "NNP", 0, "appos"), (",", ",", 2, "punct"),
        ("which", "WDT", 5, "nsubj"), ("filed", "VBD", 2, "relcl"), ("the", "DT", 7, "det"), ("complaint", "NN", 5, "dobj"),
        (",", ",", 2, "punct"), ("said", "VBD", 9, "ROOT"), ("on", "IN", 9, "prep"), ("X", "NNP", 10, "pobj"),
        (":", ":", 9, "punct"), ("“", "``", 15, "punct"), ("We", "PRP", 15, "nsubj"), ("stay", "VBP", 9, "ccomp"),
        (".", ".", 15, "punct"), ("”", "''", 15, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Harbourwatch", "cue-verb")


def test_colon_lead_his_main_line_is_his_words():
    # Karim Haddad left a briefing. His main line: “We stay.”
    doc = build([
        ("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 2, "nsubj"), ("left", "VBD", 2, "ROOT"), ("a", "DT", 4, "det"),
        ("briefing", "NN", 2, "dobj"), (".", ".", 2, "punct"), ("His", "PRP$", 8, "poss"), ("main", "JJ", 8, "amod"),
        ("line", "NN", 12, "dep"), (":", ":", 12, "punct"), *_shifted(_WE_STAY, 10),
    ])
    (att,) = attributed(doc)[-1:]
    assert (att.speaker, att.sieve) == ("Karim Haddad", "colon-lead")


def test_colon_lead_a_heading_s_name_before_on_and_its_topic():
    # Varnhagen on Port Elgin: “We stay”
    #
    # Lena Varnhagen spoke.
    doc = build([
        ("Varnhagen", "NNP", 0, "ROOT"), ("on", "IN", 0, "prep"), ("Port", "NNP", 3, "compound"), ("Elgin", "NNP", 1, "pobj"),
        (":", ":", 0, "punct"), ("“", "``", 7, "punct"), ("We", "PRP", 7, "nsubj"), ("stay", "VBP", 0, "acl"), ("”", "''", 7, "punct"),
        ("\n\n", "_SP", 8, "dep"), ("Lena", "NNP", 11, "compound"), ("Varnhagen", "NNP", 12, "nsubj"), ("spoke", "VBD", 12, "ROOT"),
        (".", ".", 12, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lena Varnhagen", "colon-lead")


def test_cue_verb_who_hung_on_an_organisation_stands_for_the_person_it_belongs_to():
    # The port was opened by Lena Varnhagen, chair of the harbour committee, who told the meeting that it stayed “open for business”.
    doc = build([
        ("The", "DT", 1, "det"), ("port", "NN", 3, "nsubjpass"), ("was", "VBD", 3, "auxpass"), ("opened", "VBN", 3, "ROOT"),
        ("by", "IN", 3, "agent"), ("Lena", "NNP", 6, "compound"), ("Varnhagen", "NNP", 4, "pobj"), (",", ",", 6, "punct"),
        ("chair", "NN", 6, "appos"), ("of", "IN", 8, "prep"), ("the", "DT", 12, "det"), ("harbour", "NN", 12, "compound"),
        ("committee", "NN", 9, "pobj"), (",", ",", 12, "punct"), ("who", "WP", 15, "nsubj"), ("told", "VBD", 12, "relcl"),
        ("the", "DT", 17, "det"), ("meeting", "NN", 15, "dobj"), ("that", "IN", 20, "mark"), ("it", "PRP", 20, "nsubj"),
        ("stayed", "VBD", 15, "ccomp"), ("“", "``", 22, "punct"), ("open", "JJ", 20, "acomp"), ("for", "IN", 22, "prep"),
        ("business", "NN", 23, "pobj"), ("”", "''", 22, "punct"), (".", ".", 3, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve) == ("Lena Varnhagen", "told", "cue-verb")


def test_cue_verb_a_main_verb_hung_on_the_last_noun_of_a_who_clause():
    # Lena Varnhagen, who rode the first ferry, called the crossing “a fresh start for the islands” and said it would run daily.
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Varnhagen", "NNP", 21, "nsubj"), (",", ",", 1, "punct"), ("who", "WP", 4, "nsubj"),
        ("rode", "VBD", 1, "relcl"), ("the", "DT", 7, "det"), ("first", "JJ", 7, "amod"), ("ferry", "NN", 4, "dobj"),
        (",", ",", 7, "punct"), ("called", "VBD", 7, "acl"), ("the", "DT", 11, "det"), ("crossing", "NN", 9, "dobj"),
        ("“", "``", 15, "punct"), ("a", "DT", 15, "det"), ("fresh", "JJ", 15, "amod"), ("start", "NN", 9, "oprd"),
        ("for", "IN", 15, "prep"), ("the", "DT", 18, "det"), ("islands", "NNS", 16, "pobj"), ("”", "''", 15, "punct"),
        ("and", "CC", 21, "cc"), ("said", "VBD", 21, "ROOT"), ("it", "PRP", 24, "nsubj"), ("would", "MD", 24, "aux"),
        ("run", "VB", 21, "ccomp"), ("daily", "RB", 24, "advmod"), (".", ".", 21, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve) == ("Lena Varnhagen", "called", "cue-verb")


def test_tag_after_a_short_quote_before_a_full_stop_and_a_name_stays_a_term():
    # He earned the nickname “Iron Karim.” Haddad called him a rival.
    doc = build([
        ("He", "PRP", 1, "nsubj"), ("earned", "VBD", 1, "ROOT"), ("the", "DT", 3, "det"), ("nickname", "NN", 1, "dobj"),
        ("“", "``", 6, "punct"), ("Iron", "NNP", 6, "compound"), ("Karim", "NNP", 3, "appos"), (".", ".", 1, "punct"),
        ("”", "''", 1, "punct"), ("Haddad", "NNP", 10, "nsubj"), ("called", "VBD", 10, "ROOT"), ("him", "PRP", 10, "dobj"),
        ("a", "DT", 13, "det"), ("rival", "NN", 10, "oprd"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc, order=("tag-after",))
    assert att.sieve == ""


def _turn(first_person: str) -> list:
    # HOST: Your view?\nNORDLUND: Yes. What I told them was, “Fix the pumps in May.”  (or: "I read them this: ...")
    rows = [
        ("HOST", "NNP", 3, "nsubj"), (":", ":", 0, "punct"), ("Your", "PRP$", 3, "poss"), ("view", "NN", 3, "ROOT"),
        ("?", ".", 3, "punct"), ("\n", "_SP", 4, "dep"),
        ("NORDLUND", "NNP", 8, "nsubj"), (":", ":", 6, "punct"), ("Yes", "UH", 8, "ROOT"), (".", ".", 8, "punct"),
    ]
    if first_person == "told":
        rows += [("What", "WP", 12, "dobj"), ("I", "PRP", 12, "nsubj"), ("told", "VBD", 14, "csubj"),
                 ("them", "PRP", 12, "dobj"), ("was", "VBD", 14, "ROOT"), (",", ",", 14, "punct")]
        verb = 14
    else:
        rows += [("I", "PRP", 11, "nsubj"), ("read", "VBD", 11, "ROOT"), ("them", "PRP", 11, "dative"),
                 ("this", "DT", 11, "dobj"), (":", ":", 11, "punct")]
        verb = 11
    at = len(rows)
    return rows + [("“", "``", at + 1, "punct"), ("Fix", "VB", verb, "ccomp"), ("the", "DT", at + 3, "det"),
                   ("pumps", "NNS", at + 1, "dobj"), ("in", "IN", at + 1, "prep"), ("May", "NNP", at + 4, "pobj"),
                   (".", ".", at + 1, "punct"), ("”", "''", at + 1, "punct")]


def test_turn_first_person_words_in_a_turn_are_the_turn_speakers():
    (att,) = attributed(build(_turn("told")))
    assert (att.speaker, att.mention, att.sieve) == ("Nordlund", "NORDLUND", "turn-first-person")


def test_turn_first_person_reading_out_words_is_not_saying_them():
    (att,) = attributed(build(_turn("read")))
    assert att.sieve != "turn-first-person"


def test_cue_verb_the_text_of_a_statement_speaks_for_its_issuer():
    # The Harbour Board issued a statement on Monday. “We act now,” the text reads.
    doc = build([
        ("The", "DT", 2, "det"), ("Harbour", "NNP", 2, "compound"), ("Board", "NNP", 3, "nsubj"), ("issued", "VBD", 3, "ROOT"),
        ("a", "DT", 5, "det"), ("statement", "NN", 3, "dobj"), ("on", "IN", 3, "prep"), ("Monday", "NNP", 6, "pobj"),
        (".", ".", 3, "punct"),
        ("“", "``", 11, "punct"), ("We", "PRP", 11, "nsubj"), ("act", "VBP", 17, "ccomp"), ("now", "RB", 11, "advmod"),
        (",", ",", 17, "punct"), ("”", "''", 17, "punct"), ("the", "DT", 16, "det"), ("text", "NN", 17, "nsubj"),
        ("reads", "VBZ", 17, "ROOT"), (".", ".", 17, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve, att.resolution) == ("Harbour Board", "the text", "cue-verb", "statement")


def _exchange(third: list) -> Doc:
    # “Who signed it?” Ivo Brandt asked.\n\n“Nobody signed,” Lena Kovac replied.\n\n(third paragraph)
    return build([
        ("“", "``", 2, "punct"), ("Who", "WP", 2, "nsubj"), ("signed", "VBD", 8, "ccomp"), ("it", "PRP", 2, "dobj"),
        ("?", ".", 2, "punct"), ("”", "''", 8, "punct"), ("Ivo", "NNP", 7, "compound"), ("Brandt", "NNP", 8, "nsubj"),
        ("asked", "VBD", 8, "ROOT"), (".", ".", 8, "punct"), ("\n\n", "_SP", 9, "dep"),
        ("“", "``", 13, "punct"), ("Nobody", "NN", 13, "nsubj"), ("signed", "VBD", 18, "ccomp"), (",", ",", 18, "punct"),
        ("”", "''", 18, "punct"), ("Lena", "NNP", 17, "compound"), ("Kovac", "NNP", 18, "nsubj"),
        ("replied", "VBD", 18, "ROOT"), (".", ".", 18, "punct"), ("\n\n", "_SP", 19, "dep"),
        *[(w, tag, head + 21, dep) for w, tag, head, dep in third],
    ])


def test_continuation_an_untagged_question_in_an_exchange_is_the_askers():
    # “Then who signed the order?”
    third = [("“", "``", 3, "punct"), ("Then", "RB", 3, "advmod"), ("who", "WP", 3, "nsubj"), ("signed", "VBD", 3, "ROOT"),
             ("the", "DT", 5, "det"), ("order", "NN", 3, "dobj"), ("?", ".", 3, "punct"), ("”", "''", 3, "punct")]
    atts = attributed(_exchange(third))
    assert [a.speaker for a in atts] == ["Ivo Brandt", "Lena Kovac", "Ivo Brandt"]
    assert atts[2].sieve == "continuation"


def test_continuation_an_untagged_answer_after_an_answer_stays_with_the_answerer():
    # “Nobody signed the order.”  (no question: the answerer goes on)
    third = [("“", "``", 2, "punct"), ("Nobody", "NN", 2, "nsubj"), ("signed", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
             ("order", "NN", 2, "dobj"), (".", ".", 2, "punct"), ("”", "''", 2, "punct")]
    atts = attributed(_exchange(third))
    assert [a.speaker for a in atts] == ["Ivo Brandt", "Lena Kovac", "Lena Kovac"]


def test_continuation_a_retort_hands_the_next_untagged_turn_back_and_the_exchange_goes_on():
    # “The plan taxes workers,” Ivo Brandt said.\n\n“That is wrong,” Lena Kovac shot back.\n\n“Then what does it say?”
    # \n\n“It cuts the fees.”
    doc = build([
        ('“', '``', 9, 'punct'), ('The', 'DT', 2, 'det'), ('plan', 'NN', 3, 'nsubj'), ('taxes', 'VBZ', 9, 'ccomp'),
        ('workers', 'NNS', 3, 'dobj'), (',', ',', 9, 'punct'), ('”', "''", 9, 'punct'),
        ('Ivo', 'NNP', 8, 'compound'), ('Brandt', 'NNP', 9, 'nsubj'), ('said', 'VBD', 9, 'ROOT'),
        ('.', '.', 9, 'punct'), ('\n\n', '_SP', 10, 'dep'), ('“', '``', 20, 'punct'), ('That', 'DT', 14, 'nsubj'),
        ('is', 'VBZ', 20, 'ccomp'), ('wrong', 'JJ', 14, 'acomp'), (',', ',', 20, 'punct'), ('”', "''", 20, 'punct'),
        ('Lena', 'NNP', 19, 'compound'), ('Kovac', 'NNP', 20, 'nsubj'), ('shot', 'VBD', 20, 'ROOT'),
        ('back', 'RB', 20, 'advmod'), ('.', '.', 20, 'punct'), ('\n\n', '_SP', 22, 'dep'), ('“', '``', 29, 'punct'),
        ('Then', 'RB', 29, 'advmod'), ('what', 'WP', 29, 'dobj'), ('does', 'VBZ', 29, 'aux'),
        ('it', 'PRP', 29, 'nsubj'), ('say', 'VB', 29, 'ROOT'), ('?', '.', 29, 'punct'), ('”', "''", 29, 'punct'),
        ('\n\n', '_SP', 31, 'dep'), ('“', '``', 35, 'punct'), ('It', 'PRP', 35, 'nsubj'),
        ('cuts', 'VBZ', 35, 'ROOT'), ('the', 'DT', 37, 'det'), ('fees', 'NNS', 35, 'dobj'), ('.', '.', 35, 'punct'),
        ('”', "''", 35, 'punct'),
    ])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Ivo Brandt", "Lena Kovac", "Ivo Brandt", "Lena Kovac"]
    assert [a.sieve for a in atts[2:]] == ["continuation", "continuation"]


def test_continuation_an_untagged_turn_after_a_question_answers_it_though_the_answerer_spoke_twice_before():
    # Mayor Ana Lund took questions.\n\n“We can do it in May,” she said. “Ask anybody.”\n\n“Will you do it today?”
    # Ivo Brandt asked.\n\n“I will send them tonight.”
    doc = build([
        ('Mayor', 'NNP', 2, 'compound'), ('Ana', 'NNP', 2, 'compound'), ('Lund', 'NNP', 3, 'nsubj'),
        ('took', 'VBD', 3, 'ROOT'), ('questions', 'NNS', 3, 'dobj'), ('.', '.', 3, 'punct'),
        ('\n\n', '_SP', 5, 'dep'), ('“', '``', 10, 'punct'), ('We', 'PRP', 10, 'nsubj'), ('can', 'MD', 10, 'aux'),
        ('do', 'VB', 17, 'ccomp'), ('it', 'PRP', 10, 'dobj'), ('in', 'IN', 10, 'prep'), ('May', 'NNP', 12, 'pobj'),
        (',', ',', 17, 'punct'), ('”', "''", 17, 'punct'), ('she', 'PRP', 17, 'nsubj'), ('said', 'VBD', 17, 'ROOT'),
        ('.', '.', 17, 'punct'), ('“', '``', 20, 'punct'), ('Ask', 'VB', 20, 'ROOT'), ('anybody', 'NN', 20, 'dobj'),
        ('.', '.', 20, 'punct'), ('”', "''", 20, 'punct'), ('\n\n', '_SP', 23, 'dep'), ('“', '``', 28, 'punct'),
        ('Will', 'MD', 28, 'aux'), ('you', 'PRP', 28, 'nsubj'), ('do', 'VB', 28, 'ROOT'), ('it', 'PRP', 28, 'dobj'),
        ('today', 'NN', 28, 'npadvmod'), ('?', '.', 28, 'punct'), ('”', "''", 28, 'punct'),
        ('Ivo', 'NNP', 34, 'compound'), ('Brandt', 'NNP', 35, 'nsubj'), ('asked', 'VBD', 35, 'ROOT'),
        ('.', '.', 35, 'punct'), ('\n\n', '_SP', 36, 'dep'), ('“', '``', 41, 'punct'), ('I', 'PRP', 41, 'nsubj'),
        ('will', 'MD', 41, 'aux'), ('send', 'VB', 41, 'ROOT'), ('them', 'PRP', 41, 'dobj'),
        ('tonight', 'NN', 41, 'npadvmod'), ('.', '.', 41, 'punct'), ('”', "''", 41, 'punct'),
    ])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Ana Lund", "Ana Lund", "Ivo Brandt", "Ana Lund"]


def test_cue_verb_a_speaker_before_an_asked_aside_the_parse_made_a_clause():
    # Ivo Brandt, asked about the ferry, said the plan was “late but sound”.
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 3, "nsubj"), (",", ",", 1, "punct"), ("asked", "VBD", 8, "ccomp"),
        ("about", "IN", 3, "prep"), ("the", "DT", 6, "det"), ("ferry", "NN", 4, "pobj"), (",", ",", 8, "punct"),
        ("said", "VBD", 8, "ROOT"), ("the", "DT", 10, "det"), ("plan", "NN", 11, "nsubj"), ("was", "VBD", 8, "ccomp"),
        ("“", "``", 13, "punct"), ("late", "JJ", 11, "acomp"), ("but", "CC", 13, "cc"), ("sound", "JJ", 13, "conj"),
        ("”", "''", 11, "punct"), (".", ".", 8, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve, att.resolution) == ("Ivo Brandt", "said", "cue-verb", "name")


def test_resolution_a_reflexive_after_names_stands_for_the_names():
    # The Harbour Board and the Port Guild, themselves rivals, said the runway was “far too short”.
    # (parsed, as happens, with "themselves" the subject and the names hung elsewhere)
    doc = build([
        ("The", "DT", 2, "det"), ("Harbour", "NNP", 2, "compound"), ("Board", "NNP", 11, "dep"), ("and", "CC", 2, "cc"),
        ("the", "DT", 6, "det"), ("Port", "NNP", 6, "compound"), ("Guild", "NNP", 2, "conj"), (",", ",", 2, "punct"),
        ("themselves", "PRP", 11, "nsubj"), ("rivals", "NNS", 8, "appos"), (",", ",", 11, "punct"), ("said", "VBD", 11, "ROOT"),
        ("the", "DT", 13, "det"), ("runway", "NN", 14, "nsubj"), ("was", "VBD", 11, "ccomp"),
        ("“", "``", 18, "punct"), ("far", "RB", 17, "advmod"), ("too", "RB", 18, "advmod"), ("short", "JJ", 14, "acomp"),
        ("”", "''", 14, "punct"), (".", ".", 11, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Harbour Board and Port Guild", "cue-verb")


def test_described_subject_an_unresolved_noun_subject_speaks_rather_than_no_one():
    # The lighthouse keeper said the gate was “never locked at all”.
    doc = build([
        ("The", "DT", 2, "det"), ("lighthouse", "NN", 2, "compound"), ("keeper", "NN", 3, "nsubj"), ("said", "VBD", 3, "ROOT"),
        ("the", "DT", 5, "det"), ("gate", "NN", 6, "nsubj"), ("was", "VBD", 3, "ccomp"), ("“", "``", 10, "punct"),
        ("never", "RB", 10, "neg"), ("locked", "VBN", 10, "advmod"), ("at", "IN", 6, "acomp"), ("all", "DT", 10, "pobj"),
        ("”", "''", 6, "punct"), (".", ".", 3, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.cue, att.sieve, att.resolution) == \
        ("lighthouse keeper", "The lighthouse keeper", "said", "described-subject", "description")


def test_described_subject_an_inverted_subject_the_parse_hung_on_a_clause_and_its_next_quote():
    # “The river is empty,” said one longtime angler reached by phone. “Show me the salmon first.”
    doc = build([
        ("“", "``", 3, "punct"), ("The", "DT", 2, "det"), ("river", "NN", 3, "nsubj"), ("is", "VBZ", 7, "ccomp"),
        ("empty", "JJ", 3, "acomp"), (",", ",", 7, "punct"), ("”", "''", 7, "punct"), ("said", "VBD", 7, "ROOT"),
        ("one", "CD", 10, "nummod"), ("longtime", "NN", 10, "compound"), ("angler", "NN", 11, "nsubj"),
        ("reached", "VBN", 7, "ccomp"), ("by", "IN", 11, "agent"), ("phone", "NN", 12, "pobj"), (".", ".", 7, "punct"),
        ("“", "``", 16, "punct"), ("Show", "VB", 16, "ROOT"), ("me", "PRP", 16, "dative"), ("the", "DT", 19, "det"),
        ("salmon", "NN", 16, "dobj"), ("first", "RB", 16, "advmod"), (".", ".", 16, "punct"), ("”", "''", 16, "punct"),
    ])
    first, second = attributed(doc)
    assert (first.speaker, first.sieve) == ("one longtime angler", "described-subject")
    assert (second.speaker, second.sieve) == ("one longtime angler", "continuation")


@pytest.mark.parametrize("verb", ["ruled", "interrupted"])
def test_cue_verb_a_court_rules_and_a_member_interrupts(verb):
    # “The harbour fee was never lawful,” Ivo Brandt ruled.  (or: interrupted)
    doc = build([
        ("“", "``", 4, "punct"), ("The", "DT", 3, "det"), ("harbour", "NN", 3, "compound"), ("fee", "NN", 4, "nsubj"),
        ("was", "VBD", 11, "ccomp"), ("never", "RB", 4, "neg"), ("lawful", "JJ", 4, "acomp"), (",", ",", 11, "punct"),
        ("”", "''", 11, "punct"), ("Ivo", "NNP", 10, "compound"), ("Brandt", "NNP", 11, "nsubj"), (verb, "VBD", 11, "ROOT"),
        (".", ".", 11, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.cue, att.sieve) == ("Ivo Brandt", verb, "cue-verb")


def test_resolution_a_charging_document_is_not_issued_by_the_one_it_charges():
    # Ivo Brandt moved the funds, according to the indictment. The indictment alleges that he “hid the transfers from the bank”.
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("moved", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("funds", "NNS", 2, "dobj"), (",", ",", 2, "punct"), ("according", "VBG", 2, "prep"), ("to", "IN", 6, "prep"),
        ("the", "DT", 9, "det"), ("indictment", "NN", 7, "pobj"), (".", ".", 2, "punct"),
        ("The", "DT", 12, "det"), ("indictment", "NN", 13, "nsubj"), ("alleges", "VBZ", 13, "ROOT"), ("that", "IN", 17, "mark"),
        ("he", "PRP", 17, "nsubj"), ("“", "``", 17, "punct"), ("hid", "VBD", 13, "ccomp"), ("the", "DT", 19, "det"),
        ("transfers", "NNS", 17, "dobj"), ("from", "IN", 17, "prep"), ("the", "DT", 22, "det"), ("bank", "NN", 20, "pobj"),
        ("”", "''", 17, "punct"), (".", ".", 13, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("indictment", "document")


def test_colon_lead_a_verbless_lead_after_a_speech_sentence():
    # Ivo Brandt has just spoken to reporters. Key lines:\n\n“We will reopen the port.”
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 4, "nsubj"), ("has", "VBZ", 4, "aux"), ("just", "RB", 4, "advmod"),
        ("spoken", "VBN", 4, "ROOT"), ("to", "IN", 4, "prep"), ("reporters", "NNS", 5, "pobj"), (".", ".", 4, "punct"),
        ("Key", "JJ", 9, "amod"), ("lines", "NNS", 9, "ROOT"), (":", ":", 9, "punct"), ("\n\n", "_SP", 10, "dep"),
        ("“", "``", 15, "punct"), ("We", "PRP", 15, "nsubj"), ("will", "MD", 15, "aux"), ("reopen", "VB", 15, "ROOT"),
        ("the", "DT", 17, "det"), ("port", "NN", 15, "dobj"), (".", ".", 15, "punct"), ("”", "''", 15, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ivo Brandt", "colon-lead")


def test_resolution_the_statement_is_the_reporters_not_the_reported_speakers():
    # Ivo Brandt fished. The Harbour Board said he had spoken to the mayor. “We will reopen the port,” the statement said.
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("fished", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("The", "DT", 6, "det"), ("Harbour", "NNP", 6, "compound"), ("Board", "NNP", 7, "nsubj"), ("said", "VBD", 7, "ROOT"),
        ("he", "PRP", 10, "nsubj"), ("had", "VBD", 10, "aux"), ("spoken", "VBN", 7, "ccomp"), ("to", "IN", 10, "prep"),
        ("the", "DT", 13, "det"), ("mayor", "NN", 11, "pobj"), (".", ".", 7, "punct"),
        ("“", "``", 18, "punct"), ("We", "PRP", 18, "nsubj"), ("will", "MD", 18, "aux"), ("reopen", "VB", 25, "ccomp"),
        ("the", "DT", 20, "det"), ("port", "NN", 18, "dobj"), (",", ",", 25, "punct"), ("”", "''", 25, "punct"),
        ("the", "DT", 24, "det"), ("statement", "NN", 25, "nsubj"), ("said", "VBD", 25, "ROOT"), (".", ".", 25, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("Harbour Board", "statement")


def test_named_after_a_clip_label_with_no_name_before_the_quote():
    # [CLIP — resident, recorded Monday]: “We cannot reach the market anymore.”\n\nANCHOR: That was Ana Reyes, a mechanic.
    doc = build([
        ("[", "-LRB-", 1, "punct"), ("CLIP", "NNP", 1, "ROOT"), ("—", ":", 1, "punct"), ("resident", "NN", 1, "appos"),
        (",", ",", 3, "punct"), ("recorded", "VBN", 3, "acl"), ("Monday", "NNP", 5, "npadvmod"), ("]", "-RRB-", 1, "punct"),
        (":", ":", 1, "punct"), ("“", "``", 12, "punct"), ("We", "PRP", 12, "nsubj"), ("cannot", "MD", 12, "aux"),
        ("reach", "VB", 12, "ROOT"), ("the", "DT", 14, "det"), ("market", "NN", 12, "dobj"), ("anymore", "RB", 12, "advmod"),
        (".", ".", 12, "punct"), ("”", "''", 12, "punct"), ("\n\n", "_SP", 17, "dep"),
        ("ANCHOR", "NNP", 22, "dep"), (":", ":", 22, "punct"), ("That", "DT", 22, "nsubj"), ("was", "VBD", 22, "ROOT"),
        ("Ana", "NNP", 24, "compound"), ("Reyes", "NNP", 22, "attr"), (",", ",", 24, "punct"), ("a", "DT", 27, "det"),
        ("mechanic", "NN", 24, "appos"), (".", ".", 22, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ana Reyes", "named-after")


def test_previous_sentence_a_readers_quote_word_before_the_quote():
    # Ivo Brandt put out a statement on Monday. Quote, “We will reopen the port.”
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("put", "VBD", 2, "ROOT"), ("out", "RP", 2, "prt"),
        ("a", "DT", 5, "det"), ("statement", "NN", 2, "dobj"), ("on", "IN", 2, "prep"), ("Monday", "NNP", 6, "pobj"),
        (".", ".", 2, "punct"),
        ("Quote", "UH", 14, "intj"), (",", ",", 14, "punct"), ("“", "``", 14, "punct"), ("We", "PRP", 14, "nsubj"),
        ("will", "MD", 14, "aux"), ("reopen", "VB", 14, "ROOT"), ("the", "DT", 16, "det"), ("port", "NN", 14, "dobj"),
        (".", ".", 14, "punct"), ("”", "''", 14, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ivo Brandt", "previous-sentence")


def test_cue_verb_a_speaker_before_a_speaking_aside_the_parse_made_a_clause():
    # Lena Kovac, writing for the panel, said the plan was “late but sound”.
    doc = build([
        ("Lena", "NNP", 1, "compound"), ("Kovac", "NNP", 3, "nsubj"), (",", ",", 1, "punct"), ("writing", "VBG", 8, "advcl"),
        ("for", "IN", 3, "prep"), ("the", "DT", 6, "det"), ("panel", "NN", 4, "pobj"), (",", ",", 8, "punct"),
        ("said", "VBD", 8, "ROOT"), ("the", "DT", 10, "det"), ("plan", "NN", 11, "nsubj"), ("was", "VBD", 8, "ccomp"),
        ("“", "``", 13, "punct"), ("late", "JJ", 11, "acomp"), ("but", "CC", 13, "cc"), ("sound", "JJ", 13, "conj"),
        ("”", "''", 11, "punct"), (".", ".", 8, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lena Kovac", "cue-verb")


def test_a_role_the_lede_left_unnamed_is_the_person_named_and_the_subject_just_before():
    # The general manager of the Harbor Transit Authority says fees will rise.\n\nAnn Vole said she rides the
    # ferry.\n\n“Nobody asks me about fees,” the general manager said.
    doc = build([
        ('The', 'DT', 2, 'det'), ('general', 'JJ', 2, 'amod'), ('manager', 'NN', 8, 'nsubj'),
        ('of', 'IN', 2, 'prep'), ('the', 'DT', 7, 'det'), ('Harbor', 'NNP', 7, 'compound'),
        ('Transit', 'NNP', 7, 'compound'), ('Authority', 'NNP', 3, 'pobj'), ('says', 'VBZ', 8, 'ROOT'),
        ('fees', 'NNS', 11, 'nsubj'), ('will', 'MD', 11, 'aux'), ('rise', 'VB', 8, 'ccomp'), ('.', '.', 8, 'punct'),
        ('\n\n', '_SP', 12, 'dep'), ('Ann', 'NNP', 15, 'compound'), ('Vole', 'NNP', 16, 'nsubj'),
        ('said', 'VBD', 16, 'ROOT'), ('she', 'PRP', 18, 'nsubj'), ('rides', 'VBZ', 16, 'ccomp'),
        ('the', 'DT', 20, 'det'), ('ferry', 'NN', 18, 'dobj'), ('.', '.', 16, 'punct'), ('\n\n', '_SP', 21, 'dep'),
        ('“', '``', 34, 'punct'), ('Nobody', 'NN', 25, 'nsubj'), ('asks', 'VBZ', 34, 'ccomp'),
        ('me', 'PRP', 25, 'dobj'), ('about', 'IN', 25, 'prep'), ('fees', 'NNS', 27, 'pobj'), (',', ',', 34, 'punct'),
        ('”', "''", 34, 'punct'), ('the', 'DT', 33, 'det'), ('general', 'JJ', 33, 'amod'),
        ('manager', 'NN', 34, 'nsubj'), ('said', 'VBD', 34, 'ROOT'), ('.', '.', 34, 'punct'),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.resolution) == ("Ann Vole", "the general manager", "nominal")


def test_colon_lead_a_pronoun_the_lead_speaks_against_does_not_speak():
    # Ann Vole, the senior Democrat of the Budget Committee, delivered a speech against it:\n\n“We are moving the problem.”
    doc = build([
        ('Ann', 'NNP', 1, 'compound'), ('Vole', 'NNP', 11, 'nsubj'), (',', ',', 1, 'punct'), ('the', 'DT', 5, 'det'),
        ('senior', 'JJ', 5, 'amod'), ('Democrat', 'NNP', 1, 'appos'), ('of', 'IN', 5, 'prep'), ('the', 'DT', 9, 'det'),
        ('Budget', 'NNP', 9, 'compound'), ('Committee', 'NNP', 6, 'pobj'), (',', ',', 1, 'punct'),
        ('delivered', 'VBD', 11, 'ROOT'), ('a', 'DT', 13, 'det'), ('speech', 'NN', 11, 'dobj'),
        ('against', 'IN', 13, 'prep'), ('it', 'PRP', 14, 'pobj'), (':', ':', 11, 'punct'),
        ('\n\n', '_SP', 16, 'dep'), ('“', '``', 21, 'punct'), ('We', 'PRP', 21, 'nsubj'), ('are', 'VBP', 21, 'aux'),
        ('moving', 'VBG', 21, 'ROOT'), ('the', 'DT', 23, 'det'), ('problem', 'NN', 21, 'dobj'),
        ('.', '.', 21, 'punct'), ('”', "''", 21, 'punct'),
    ])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 7, 10, label="ORG")]  # "it" has an antecedent
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ann Vole", "colon-lead")


def test_cue_verb_the_he_who_answers_a_question_is_not_the_one_who_asked_it():
    # Paul Brant took questions.\n\n“Will you run?” one reporter asked.\n\n“It is too early,” he said.
    doc = build([
        ('Paul', 'NNP', 1, 'compound'), ('Brant', 'NNP', 2, 'nsubj'), ('took', 'VBD', 2, 'ROOT'),
        ('questions', 'NNS', 2, 'dobj'), ('.', '.', 2, 'punct'), ('\n\n', '_SP', 4, 'dep'), ('“', '``', 9, 'punct'),
        ('Will', 'MD', 9, 'aux'), ('you', 'PRP', 9, 'nsubj'), ('run', 'VB', 9, 'ROOT'), ('?', '.', 9, 'punct'),
        ('”', "''", 9, 'punct'), ('one', 'CD', 13, 'nummod'), ('reporter', 'NN', 14, 'nsubj'),
        ('asked', 'VBD', 14, 'ROOT'), ('.', '.', 14, 'punct'), ('\n\n', '_SP', 15, 'dep'), ('“', '``', 25, 'punct'),
        ('It', 'PRP', 19, 'nsubj'), ('is', 'VBZ', 25, 'ccomp'), ('too', 'RB', 21, 'advmod'),
        ('early', 'JJ', 19, 'acomp'), (',', ',', 25, 'punct'), ('”', "''", 25, 'punct'), ('he', 'PRP', 25, 'nsubj'),
        ('said', 'VBD', 25, 'ROOT'), ('.', '.', 25, 'punct'),
    ])
    question, answer = attributed(doc)
    assert question.speaker == "one reporter"
    assert (answer.speaker, answer.resolution) == ("Paul Brant", "pronoun")


def test_cue_verb_a_he_after_a_sentence_whose_subject_is_someone_new_described_is_that_one_not_the_last_named():
    # Tom Berg chairs the board.\n\nAnother passerby, a young man with a bike, shrugged. “It is fine,” he said.
    doc = build([
        ('Tom', 'NNP', 1, 'compound'), ('Berg', 'NNP', 2, 'nsubj'), ('chairs', 'VBZ', 2, 'ROOT'), ('the', 'DT', 4, 'det'),
        ('board', 'NN', 2, 'dobj'), ('.', '.', 2, 'punct'), ('\n\n', '_SP', 5, 'dep'), ('Another', 'DT', 8, 'det'),
        ('passerby', 'NN', 17, 'nsubj'), (',', ',', 8, 'punct'), ('a', 'DT', 12, 'det'), ('young', 'JJ', 12, 'amod'),
        ('man', 'NN', 8, 'appos'), ('with', 'IN', 12, 'prep'), ('a', 'DT', 15, 'det'), ('bike', 'NN', 13, 'pobj'),
        (',', ',', 8, 'punct'), ('shrugged', 'VBD', 17, 'ROOT'), ('.', '.', 17, 'punct'), ('“', '``', 21, 'punct'),
        ('It', 'PRP', 21, 'nsubj'), ('is', 'VBZ', 26, 'ccomp'), ('fine', 'JJ', 21, 'acomp'), (',', ',', 26, 'punct'),
        ('”', "''", 26, 'punct'), ('he', 'PRP', 26, 'nsubj'), ('said', 'VBD', 26, 'ROOT'), ('.', '.', 26, 'punct'),
    ])
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == ("Another passerby", "he", "cue-verb")


def test_cue_verb_a_he_after_a_paragraph_whose_subject_is_a_role_is_its_holder():
    # (a guard: the role is resolved as before, to the person it names)
    # Gov. Dan Reyes met families.\n\nDirector Kim Lind said shelters were full. “We need beds,” the director said.\n\n
    # The governor, who grew up nearby, closed with a story.\n\n“I know that water,” he said.
    doc = build([
        ('Gov.', 'NNP', 2, 'compound'), ('Dan', 'NNP', 2, 'compound'), ('Reyes', 'NNP', 3, 'nsubj'),
        ('met', 'VBD', 3, 'ROOT'), ('families', 'NNS', 3, 'dobj'), ('.', '.', 3, 'punct'), ('\n\n', '_SP', 5, 'dep'),
        ('Director', 'NNP', 9, 'compound'), ('Kim', 'NNP', 9, 'compound'), ('Lind', 'NNP', 10, 'nsubj'),
        ('said', 'VBD', 10, 'ROOT'), ('shelters', 'NNS', 12, 'nsubj'), ('were', 'VBD', 10, 'ccomp'),
        ('full', 'JJ', 12, 'acomp'), ('.', '.', 10, 'punct'), ('“', '``', 17, 'punct'), ('We', 'PRP', 17, 'nsubj'),
        ('need', 'VBP', 23, 'ccomp'), ('beds', 'NNS', 17, 'dobj'), (',', ',', 23, 'punct'), ('”', "''", 23, 'punct'),
        ('the', 'DT', 22, 'det'), ('director', 'NN', 23, 'nsubj'), ('said', 'VBD', 23, 'ROOT'), ('.', '.', 23, 'punct'),
        ('\n\n', '_SP', 24, 'dep'),
        ('The', 'DT', 27, 'det'), ('governor', 'NN', 34, 'nsubj'), (',', ',', 27, 'punct'), ('who', 'WP', 30, 'nsubj'),
        ('grew', 'VBD', 27, 'relcl'), ('up', 'RP', 30, 'prt'), ('nearby', 'RB', 30, 'advmod'), (',', ',', 27, 'punct'),
        ('closed', 'VBD', 34, 'ROOT'), ('with', 'IN', 34, 'prep'), ('a', 'DT', 37, 'det'), ('story', 'NN', 35, 'pobj'),
        ('.', '.', 34, 'punct'), ('\n\n', '_SP', 38, 'dep'), ('“', '``', 42, 'punct'), ('I', 'PRP', 42, 'nsubj'),
        ('know', 'VBP', 48, 'ccomp'), ('that', 'DT', 44, 'det'), ('water', 'NN', 42, 'dobj'), (',', ',', 48, 'punct'),
        ('”', "''", 48, 'punct'), ('he', 'PRP', 48, 'nsubj'), ('said', 'VBD', 48, 'ROOT'), ('.', '.', 48, 'punct'),
    ])
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 8, 10, label="PERSON")]
    first, second = attributed(doc)
    assert first.speaker == "Kim Lind"
    assert (second.speaker, second.mention, second.resolution) == ("Dan Reyes", "he", "pronoun")


@pytest.mark.parametrize("newcomer", ["man", "passerby"])
def test_cue_verb_a_he_after_someone_new_who_offered_only_a_first_name_is_that_name_and_description(newcomer):
    # ("passerby" is no role noun: the "who" clause, which the parser hangs on "depot", says it is a person)
    # Tom Berg chairs the board.\n\nA man (passerby) at the depot, who offered only a first name, Ivo, was blunt. “It is late,” he said.
    doc = build([
        ('Tom', 'NNP', 1, 'compound'), ('Berg', 'NNP', 2, 'nsubj'), ('chairs', 'VBZ', 2, 'ROOT'), ('the', 'DT', 4, 'det'),
        ('board', 'NN', 2, 'dobj'), ('.', '.', 2, 'punct'), ('\n\n', '_SP', 5, 'dep'), ('A', 'DT', 8, 'det'),
        (newcomer, 'NN', 22, 'nsubj'), ('at', 'IN', 8, 'prep'), ('the', 'DT', 11, 'det'), ('depot', 'NN', 9, 'pobj'),
        (',', ',', 11, 'punct'), ('who', 'WP', 14, 'nsubj'), ('offered', 'VBD', 11, 'relcl'), ('only', 'RB', 18, 'advmod'),
        ('a', 'DT', 18, 'det'), ('first', 'JJ', 18, 'amod'), ('name', 'NN', 14, 'dobj'), (',', ',', 18, 'punct'),
        ('Ivo', 'NNP', 18, 'appos'), (',', ',', 18, 'punct'), ('was', 'VBD', 22, 'ROOT'), ('blunt', 'JJ', 22, 'acomp'),
        ('.', '.', 22, 'punct'), ('“', '``', 27, 'punct'), ('It', 'PRP', 27, 'nsubj'), ('is', 'VBZ', 32, 'ccomp'),
        ('late', 'JJ', 27, 'acomp'), (',', ',', 32, 'punct'), ('”', "''", 32, 'punct'), ('he', 'PRP', 32, 'nsubj'),
        ('said', 'VBD', 32, 'ROOT'), ('.', '.', 32, 'punct'),
    ])
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    (att,) = attributed(doc)
    assert (att.speaker, att.mention, att.sieve) == (f"Ivo, a {newcomer} at the depot", "he", "cue-verb")


def test_previous_sentence_a_question_s_tag_split_off_by_the_parser_leaves_the_answer_to_the_exchange():
    # “We counted it,” Lena Kovac said.\n\n“Any proof?” Ivo Brandt asked.\n\n“None yet.”  (the parser ends a
    # sentence after the question, so "Ivo Brandt asked." stands alone before the answer)
    doc = build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("counted", "VBD", 8, "ccomp"), ("it", "PRP", 2, "dobj"),
        (",", ",", 8, "punct"), ("”", "''", 8, "punct"), ("Lena", "NNP", 7, "compound"), ("Kovac", "NNP", 8, "nsubj"),
        ("said", "VBD", 8, "ROOT"), (".", ".", 8, "punct"), ("\n\n", "_SP", 9, "dep"),
        ("“", "``", 13, "punct"), ("Any", "DT", 13, "det"), ("proof", "NN", 13, "ROOT"), ("?", ".", 13, "punct"),
        ("”", "''", 13, "punct"), ("Ivo", "NNP", 17, "compound"), ("Brandt", "NNP", 18, "nsubj"), ("asked", "VBD", 18, "ROOT"),
        (".", ".", 18, "punct"), ("\n\n", "_SP", 19, "dep"),
        ("“", "``", 22, "punct"), ("None", "NN", 22, "ROOT"), ("yet", "RB", 22, "advmod"), (".", ".", 22, "punct"),
        ("”", "''", 22, "punct"),
    ])
    assert [a.speaker for a in attributed(doc)] == ["Lena Kovac", "Ivo Brandt", "Lena Kovac"]


def test_colon_lead_the_people_a_lead_has_advice_for_do_not_speak():
    # Ada Roe has advice for other parents:\n\n“Leave early.”
    doc = build([
        ("Ada", "NNP", 1, "compound"), ("Roe", "NNP", 2, "nsubj"), ("has", "VBZ", 2, "ROOT"), ("advice", "NN", 2, "dobj"),
        ("for", "IN", 3, "prep"), ("other", "JJ", 6, "amod"), ("parents", "NNS", 4, "pobj"), (":", ":", 2, "punct"),
        ("\n\n", "_SP", 7, "dep"), ("“", "``", 10, "punct"), ("Leave", "VB", 10, "ROOT"), ("early", "RB", 10, "advmod"),
        (".", ".", 10, "punct"), ("”", "''", 10, "punct"),
    ])
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ada Roe", "colon-lead")


def test_described_subject_a_unit_of_a_named_body_the_tagger_made_an_adjective():
    # Local 88 of the Harbor Pilots Union, which represents 900 pilots, said the deal was “a trap”.
    doc = build([
        ("Local", "JJ", 13, "nsubj"), ("88", "CD", 0, "nummod"), ("of", "IN", 1, "prep"), ("the", "DT", 6, "det"),
        ("Harbor", "NNP", 6, "compound"), ("Pilots", "NNP", 6, "compound"), ("Union", "NNP", 2, "pobj"),
        (",", ",", 6, "punct"), ("which", "WDT", 9, "nsubj"), ("represents", "VBZ", 6, "relcl"), ("900", "CD", 11, "nummod"),
        ("pilots", "NNS", 9, "dobj"), (",", ",", 0, "punct"), ("said", "VBD", 13, "ROOT"), ("the", "DT", 15, "det"),
        ("deal", "NN", 16, "nsubj"), ("was", "VBD", 13, "ccomp"), ("“", "``", 16, "punct"), ("a", "DT", 19, "det"),
        ("trap", "NN", 16, "attr"), ("”", "''", 16, "punct"), (".", ".", 13, "punct"),
    ])
    doc.ents = [Span(doc, 4, 7, label="ORG")]
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Local 88 of the Harbor Pilots Union", "described-subject")


def test_colon_lead_the_subject_of_the_verb_a_pronoun_object_hangs_on_speaks():
    # Ada Roe met the board. This is how Ada Roe closed it:\n\n“Build the bridge.”  ("it" does not speak; Roe does)
    doc = build([
        ("Ada", "NNP", 1, "compound"), ("Roe", "NNP", 2, "nsubj"), ("met", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("board", "NN", 2, "dobj"), (".", ".", 2, "punct"), ("This", "DT", 7, "nsubj"), ("is", "VBZ", 7, "ROOT"),
        ("how", "WRB", 11, "advmod"), ("Ada", "NNP", 10, "compound"), ("Roe", "NNP", 11, "nsubj"),
        ("closed", "VBD", 7, "ccomp"), ("it", "PRP", 11, "dobj"), (":", ":", 7, "punct"), ("\n\n", "_SP", 13, "dep"),
        ("“", "``", 16, "punct"), ("Build", "VB", 16, "ROOT"), ("the", "DT", 18, "det"), ("bridge", "NN", 16, "dobj"),
        (".", ".", 16, "punct"), ("”", "''", 16, "punct"),
    ])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 9, 11, label="PERSON"), Span(doc, 3, 5, label="ORG")]
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ada Roe", "colon-lead")


def _joined(segments: list[list[tuple[str, str, int, str]]]) -> Doc:
    """One Doc from segments whose heads count from the segment's first token."""
    rows, at = [], 0
    for seg in segments:
        rows, at = rows + _shifted(seg, at), at + len(seg)
    return build(rows)


# The hall went quiet.\n\n
_NARRATIVE = [("The", "DT", 1, "det"), ("hall", "NN", 2, "nsubj"), ("went", "VBD", 2, "ROOT"),
              ("quiet", "JJ", 2, "acomp"), (".", ".", 2, "punct"), ("\n\n", "_SP", 2, "dep")]
# “Fix the bridge first.”\n\n
_UNTAGGED = [("“", "``", 1, "punct"), ("Fix", "VB", 1, "ROOT"), ("the", "DT", 3, "det"), ("bridge", "NN", 1, "dobj"),
             ("first", "RB", 1, "advmod"), (".", ".", 1, "punct"), ("”", "''", 1, "punct"), ("\n\n", "_SP", 1, "dep")]
# “Then the road,” said Lina Oduya.
_TAGGED_AFTER = [("“", "``", 6, "punct"), ("Then", "RB", 3, "advmod"), ("the", "DT", 3, "det"), ("road", "NN", 6, "ccomp"),
                 (",", ",", 6, "punct"), ("”", "''", 6, "punct"), ("said", "VBD", 6, "ROOT"), ("Lina", "NNP", 8, "compound"),
                 ("Oduya", "NNP", 6, "nsubj"), (".", ".", 6, "punct")]


def test_continuation_untagged_paragraphs_after_narrative_go_to_the_tag_that_closes_their_run():
    # “We stay,” Karim Haddad said. / The hall went quiet. / “Fix the bridge first.” / “Fix ...” /
    # “Then the road,” said Lina Oduya.
    doc = _joined([TAG_AFTER_THE_QUOTE + [("\n\n", "_SP", 7, "dep")], _NARRATIVE, _UNTAGGED, _UNTAGGED, _TAGGED_AFTER])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Karim Haddad", "Lina Oduya", "Lina Oduya", "Lina Oduya"]
    assert [a.sieve for a in atts[1:3]] == ["continuation", "continuation"]


def test_continuation_no_speaker_across_narrative_when_no_tag_closes_the_run():
    # “We stay,” Karim Haddad said. / The hall went quiet. / “Fix the bridge first.”  (nothing after)
    doc = _joined([TAG_AFTER_THE_QUOTE + [("\n\n", "_SP", 7, "dep")], _NARRATIVE, _UNTAGGED[:-1]])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Karim Haddad", ""]


def test_continuation_untagged_paragraph_right_after_a_quote_still_continues_it():
    # “We stay,” Karim Haddad said. / “Fix the bridge first.” / “Then the road,” said Lina Oduya.
    doc = _joined([TAG_AFTER_THE_QUOTE + [("\n\n", "_SP", 7, "dep")], _UNTAGGED, _TAGGED_AFTER])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Karim Haddad", "Karim Haddad", "Lina Oduya"]


# Mara Lind compared the vote to “a door closing on the whole valley”.
_COMPARED = [("Mara", "NNP", 1, "compound"), ("Lind", "NNP", 2, "nsubj"), ("compared", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
             ("vote", "NN", 2, "dobj"), ("to", "IN", 2, "prep"), ("“", "``", 8, "punct"), ("a", "DT", 8, "det"),
             ("door", "NN", 5, "pobj"), ("closing", "VBG", 8, "acl"), ("on", "IN", 9, "prep"), ("the", "DT", 13, "det"),
             ("whole", "JJ", 13, "amod"), ("valley", "NN", 10, "pobj"), ("”", "''", 8, "punct"), (".", ".", 2, "punct")]


def test_clause_subject_a_quote_under_a_verb_that_is_no_speech_verb_is_its_subjects():
    (att,) = attributed(build(_COMPARED))
    assert (att.speaker, att.sieve, att.resolution) == ("Mara Lind", "clause-subject", "name")


def test_clause_subject_a_place_or_a_common_noun_the_clause_is_about_says_nothing():
    # Portugal compared the vote to “...”.  /  The plan compared the vote to “...”.
    place = build([("Portugal", "NNP", 1, "nsubj")] + _shifted(_COMPARED[2:], -1))
    place.ents = [Span(place, 0, 1, label="GPE")]
    plan = build([("The", "DT", 1, "det"), ("plan", "NN", 2, "nsubj")] + _COMPARED[2:])
    assert [a.speaker for a in attributed(place) + attributed(plan)] == ["", ""]


def test_clause_subject_a_common_noun_in_apposition_with_a_name_is_that_person():
    # The board's chair, Mara Lind, compared the vote to “...”.
    doc = build([("The", "DT", 2, "det"), ("board", "NN", 3, "poss"), ("’s", "POS", 1, "case"), ("chair", "NN", 8, "nsubj"),
                 (",", ",", 3, "punct"), ("Mara", "NNP", 6, "compound"), ("Lind", "NNP", 3, "appos"), (",", ",", 3, "punct")]
                + _shifted(_COMPARED[2:], 6))
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Mara Lind", "clause-subject")


def test_colon_lead_a_name_after_in_or_at_closing_the_lead_is_where_not_who():
    # Lina Oduya went further in Tromso: “We stay.”
    went = build([("Lina", "NNP", 1, "compound"), ("Oduya", "NNP", 2, "nsubj"), ("went", "VBD", 2, "ROOT"),
                  ("further", "RB", 2, "advmod"), ("in", "IN", 2, "prep"), ("Tromso", "NNP", 4, "pobj"), (":", ":", 2, "punct"),
                  *_shifted(_WE_STAY, 7)])
    # Karim Haddad, a baker in Tromso: “We stay.”
    verbless = build([("Karim", "NNP", 1, "compound"), ("Haddad", "NNP", 1, "ROOT"), (",", ",", 1, "punct"), ("a", "DT", 4, "det"),
                      ("baker", "NN", 1, "appos"), ("in", "IN", 4, "prep"), ("Tromso", "NNP", 5, "pobj"), (":", ":", 1, "punct"),
                      *_shifted(_WE_STAY, 8)])
    atts = attributed(went) + attributed(verbless)
    assert [(a.speaker, a.sieve) for a in atts] == [("Lina Oduya", "colon-lead"), ("Karim Haddad", "colon-lead")]


def test_previous_sentence_a_tag_after_the_quote_with_someone_new_is_not_the_sentence_befores():
    # Karim Haddad paints a calmer picture. “Nobody rides the late ferry any more,” said a deckhand in Oslo.
    rows = [
        ("Haddad", "NNP", 1, "nsubj"), ("paints", "VBZ", 1, "ROOT"), ("a", "DT", 4, "det"), ("calmer", "JJ", 4, "amod"),
        ("picture", "NN", 1, "dobj"), (".", ".", 1, "punct"), ("“", "``", 16, "punct"), ("Nobody", "NN", 8, "nsubj"),
        ("rides", "VBZ", 16, "ccomp"), ("the", "DT", 11, "det"), ("late", "JJ", 11, "amod"), ("ferry", "NN", 8, "dobj"),
        ("any", "DT", 13, "advmod"), ("more", "RB", 8, "advmod"), (",", ",", 16, "punct"), ("”", "''", 16, "punct"),
        ("said", "VBD", 16, "ROOT"), ("a", "DT", 18, "det"), ("deckhand", "NN", 16, "nsubj"), ("in", "IN", 18, "prep"),
        ("Oslo", "NNP", 19, "pobj"), (".", ".", 16, "punct"),
    ]
    (att,) = attributed(build([("Karim", "NNP", 1, "compound")] + _shifted(rows, 1)))
    assert "deckhand" in att.speaker and att.sieve != "previous-sentence"


def test_previous_sentence_a_bare_plural_is_no_speaker_and_the_run_goes_to_the_tag_after_it():
    # “We stay,” Karim Haddad said. / Analysts warn the talks are stalling. / “Fix the bridge first.” /
    # “Then the road,” said Lina Oduya.
    analysts = [("Analysts", "NNS", 1, "nsubj"), ("warn", "VBP", 1, "ROOT"), ("the", "DT", 3, "det"), ("talks", "NNS", 5, "nsubj"),
                ("are", "VBP", 5, "aux"), ("stalling", "VBG", 1, "ccomp"), (".", ".", 1, "punct"), ("\n\n", "_SP", 1, "dep")]
    doc = _joined([TAG_AFTER_THE_QUOTE + [("\n\n", "_SP", 7, "dep")], analysts, _UNTAGGED, _TAGGED_AFTER])
    atts = attributed(doc)
    assert [a.speaker for a in atts] == ["Karim Haddad", "Lina Oduya", "Lina Oduya"]


def test_colon_lead_a_name_closing_a_chain_of_where_phrases_is_where_not_who():
    # Lina Oduya appeared at a press conference on the steps of the Storting: “We stay.”
    doc = build([("Lina", "NNP", 1, "compound"), ("Oduya", "NNP", 2, "nsubj"), ("appeared", "VBD", 2, "ROOT"),
                 ("at", "IN", 2, "prep"), ("a", "DT", 6, "det"), ("press", "NN", 6, "compound"), ("conference", "NN", 3, "pobj"),
                 ("on", "IN", 6, "prep"), ("the", "DT", 9, "det"), ("steps", "NNS", 7, "pobj"), ("of", "IN", 9, "prep"),
                 ("the", "DT", 12, "det"), ("Storting", "NNP", 10, "pobj"), (":", ":", 2, "punct"), *_shifted(_WE_STAY, 14)])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 12, 13, label="ORG")]
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lina Oduya", "colon-lead")


def test_turn_label_a_clip_label_alone_above_its_quotes_names_their_speaker():
    # [CLIP — Captain Lina Oduya, Tromso]\n\n“We stay.”\n\n“Fix the bridge first.”
    label = [("[", "-LRB-", 1, "punct"), ("CLIP", "NNP", 1, "ROOT"), ("—", ":", 1, "punct"), ("Captain", "NNP", 5, "compound"),
             ("Lina", "NNP", 5, "compound"), ("Oduya", "NNP", 1, "appos"), (",", ",", 5, "punct"), ("Tromso", "NNP", 5, "appos"),
             ("]", "-RRB-", 1, "punct"), ("\n\n", "_SP", 1, "dep")]
    doc = _joined([label, _WE_STAY + [("\n\n", "_SP", 2, "dep")], _UNTAGGED[:-1]])
    atts = attributed(doc)
    assert [(a.speaker, a.sieve) for a in atts] == [("Lina Oduya", "turn-label"), ("Lina Oduya", "continuation")]


def test_clause_subject_a_quoted_predicate_with_a_verb_that_is_no_speech_verb():
    # Lina Oduya, in a letter to the board, “wants every part of the plan”.
    doc = build([("Lina", "NNP", 1, "compound"), ("Oduya", "NNP", 11, "nsubj"), (",", ",", 1, "punct"), ("in", "IN", 1, "prep"),
                 ("a", "DT", 5, "det"), ("letter", "NN", 3, "pobj"), ("to", "IN", 5, "prep"), ("the", "DT", 8, "det"),
                 ("board", "NN", 6, "pobj"), (",", ",", 1, "punct"), ("“", "``", 11, "punct"), ("wants", "VBZ", 11, "ROOT"),
                 ("every", "DT", 13, "det"), ("part", "NN", 11, "dobj"), ("of", "IN", 13, "prep"), ("the", "DT", 16, "det"),
                 ("plan", "NN", 14, "pobj"), ("”", "''", 11, "punct"), (".", ".", 11, "punct")])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Lina Oduya", "clause-subject")


def test_an_unnamed_speakers_words_lose_stray_marks():
    # “We stay,” >Haddad said.  (markup glued to a name: no name token, the tagger's proper noun speaks as written)
    (att,) = attributed(build([
        ("“", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("stay", "VBP", 6, "ccomp"), (",", ",", 6, "punct"),
        ("”", "''", 6, "punct"), (">Haddad", "NNP", 6, "nsubj"), ("said", "VBD", 6, "ROOT"), (".", ".", 6, "punct"),
    ]))
    assert (att.speaker, att.mention) == ("Haddad", "Haddad")


def test_previous_sentence_the_subject_of_an_asked_aside_before_a_clause_the_parse_made_the_verbs_subject():
    # Ivo Brandt, asked about the delay, said the plan limited night shifts to weekends. “Nobody works past ten.”
    # (the parser reads "limited" as an adjective and "shifts" as the subject of "said")
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 3, "nsubj"), (",", ",", 1, "punct"), ("asked", "VBD", 8, "ccomp"),
        ("about", "IN", 3, "prep"), ("the", "DT", 6, "det"), ("delay", "NN", 4, "pobj"), (",", ",", 3, "punct"),
        ("said", "VBD", 8, "ROOT"), ("the", "DT", 13, "det"), ("plan", "NN", 13, "nmod"), ("limited", "JJ", 13, "amod"),
        ("night", "NN", 13, "compound"), ("shifts", "NNS", 8, "nsubj"), ("to", "IN", 13, "prep"),
        ("weekends", "NNS", 14, "pobj"), (".", ".", 8, "punct"),
        ("“", "``", 19, "punct"), ("Nobody", "NN", 19, "nsubj"), ("works", "VBZ", 19, "ROOT"), ("past", "IN", 19, "prep"),
        ("ten", "CD", 20, "pobj"), (".", ".", 19, "punct"), ("”", "''", 19, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ivo Brandt", "previous-sentence")


def _someone_then_a_quote(subject: list) -> Doc:
    # (subject) took the other view. “I move house every spring.”
    at = len(subject)
    q = at + 5
    return build(subject + [
        ("took", "VBD", at, "ROOT"), ("the", "DT", at + 3, "det"), ("other", "JJ", at + 3, "amod"), ("view", "NN", at, "dobj"),
        (".", ".", at, "punct"),
        ("“", "``", q + 2, "punct"), ("I", "PRP", q + 2, "nsubj"), ("move", "VBP", q + 2, "ROOT"), ("house", "NN", q + 2, "dobj"),
        ("every", "DT", q + 5, "det"), ("spring", "NN", q + 2, "npadvmod"), (".", ".", q + 2, "punct"), ("”", "''", q + 2, "punct"),
    ])


def test_previous_sentence_someone_the_text_brings_in_by_a_description_is_the_one_quoted():
    # A baker in Tromso, who has moved twice, took the other view. “...”
    doc = _someone_then_a_quote([
        ("A", "DT", 1, "det"), ("baker", "NN", 10, "nsubj"), ("in", "IN", 1, "prep"), ("Tromso", "NNP", 2, "pobj"),
        (",", ",", 3, "punct"), ("who", "WP", 7, "nsubj"), ("has", "VBZ", 7, "aux"), ("moved", "VBN", 3, "relcl"),
        ("twice", "RB", 7, "advmod"), (",", ",", 1, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.sieve == "previous-sentence" and att.mention.startswith("A baker")


def test_previous_sentence_a_quantifier_is_no_one_described():
    # Not every rider took the other view. “...”
    doc = _someone_then_a_quote([("Not", "RB", 2, "neg"), ("every", "DT", 2, "det"), ("rider", "NN", 3, "nsubj")])
    (att,) = attributed(doc)
    assert att.sieve != "previous-sentence"


def test_cue_verb_a_place_closing_a_where_phrase_before_the_verb_is_no_lost_subject():
    # The lawsuit, lodged at the court in Reno, alleges that the firm “sold the data twice”.
    doc = build([
        ("The", "DT", 1, "det"), ("lawsuit", "NN", 10, "nsubj"), (",", ",", 1, "punct"), ("lodged", "VBN", 1, "acl"),
        ("at", "IN", 3, "prep"), ("the", "DT", 6, "det"), ("court", "NN", 4, "pobj"), ("in", "IN", 3, "prep"),
        ("Reno", "NNP", 7, "pobj"), (",", ",", 1, "punct"), ("alleges", "VBZ", 10, "ROOT"), ("that", "IN", 15, "mark"),
        ("the", "DT", 13, "det"), ("firm", "NN", 15, "nsubj"), ("“", "``", 15, "punct"), ("sold", "VBD", 10, "ccomp"),
        ("the", "DT", 17, "det"), ("data", "NNS", 15, "dobj"), ("twice", "RB", 15, "advmod"), ("”", "''", 15, "punct"),
        (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.resolution) == ("lawsuit", "document")


def test_cue_verb_the_subject_of_a_participle_aside_the_parse_made_a_clause_is_the_speaker():
    # The harbour board, in a short statement read on radio in Tromso, said its crews were “ready to sail”.
    # (parsed with "board" the subject of "read", and "read" a clause of "said")
    doc = build([
        ("The", "DT", 2, "det"), ("harbour", "NN", 2, "compound"), ("board", "NN", 8, "nsubj"), (",", ",", 8, "punct"),
        ("in", "IN", 8, "prep"), ("a", "DT", 7, "det"), ("short", "JJ", 7, "amod"), ("statement", "NN", 4, "pobj"),
        ("read", "VBN", 14, "ccomp"), ("on", "IN", 8, "prep"), ("radio", "NN", 9, "pobj"), ("in", "IN", 8, "prep"),
        ("Tromso", "NNP", 11, "pobj"), (",", ",", 14, "punct"), ("said", "VBD", 14, "ROOT"), ("its", "PRP$", 16, "poss"),
        ("crews", "NNS", 17, "nsubj"), ("were", "VBD", 14, "ccomp"), ("“", "``", 17, "punct"), ("ready", "JJ", 17, "acomp"),
        ("to", "TO", 21, "aux"), ("sail", "VB", 19, "xcomp"), ("”", "''", 17, "punct"), (".", ".", 14, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "harbour board" and att.speaker != "Tromso"


def test_colon_lead_before_a_french_mark_that_keeps_a_space_inside():
    # Ivo Brandt was blunt: « The ferry runs late every week. »
    doc = build([
        ("Ivo", "NNP", 1, "compound"), ("Brandt", "NNP", 2, "nsubj"), ("was", "VBD", 2, "ROOT"), ("blunt", "JJ", 2, "acomp"),
        (":", ":", 2, "punct"), ("«", "``", 8, "punct"), ("The", "DT", 7, "det"), ("ferry", "NN", 8, "nsubj"),
        ("runs", "VBZ", 8, "ROOT"), ("late", "RB", 8, "advmod"), ("every", "DT", 11, "det"), ("week", "NN", 8, "npadvmod"),
        (".", ".", 8, "punct"), ("»", "''", 8, "punct"),
    ])
    assert "blunt: « The" in doc.text
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ivo Brandt", "colon-lead")


def test_cue_verb_a_verb_the_parse_hung_on_the_last_noun_of_an_aside_belongs_to_the_name_before_it():
    # The Harbour Board, in a note by its press office, called on the city to “repair the north pier this year”
    # and then met. (parsed with "called" on "office", and "in" on the comma after "Board")
    doc = build([
        ("The", "DT", 2, "det"), ("Harbour", "NNP", 2, "compound"), ("Board", "NNP", 27, "nsubj"), (",", ",", 2, "punct"),
        ("in", "IN", 3, "prep"), ("a", "DT", 6, "det"), ("note", "NN", 4, "pobj"), ("by", "IN", 6, "prep"),
        ("its", "PRP$", 10, "poss"), ("press", "NN", 10, "compound"), ("office", "NN", 7, "pobj"), (",", ",", 10, "punct"),
        ("called", "VBD", 10, "acl"), ("on", "IN", 12, "prep"), ("the", "DT", 15, "det"), ("city", "NN", 13, "pobj"),
        ("to", "TO", 18, "aux"), ("“", "``", 18, "punct"), ("repair", "VB", 12, "xcomp"), ("the", "DT", 21, "det"),
        ("north", "JJ", 21, "amod"), ("pier", "NN", 18, "dobj"), ("this", "DT", 23, "det"), ("year", "NN", 18, "npadvmod"),
        ("”", "''", 18, "punct"), ("and", "CC", 27, "cc"), ("then", "RB", 27, "advmod"), ("met", "VBD", 27, "ROOT"),
        (".", ".", 27, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Harbour Board", "cue-verb")


def test_cue_verb_a_comma_closing_a_relative_clause_the_parse_ran_on_into_the_verb():
    # The Guild, which the two states left in May, said that dues were “far too high for small crews”.
    # (parsed with "said" the relative clause's verb, "which" its object and "states" its subject)
    doc = build([
        ("The", "DT", 1, "det"), ("Guild", "NNP", 1, "ROOT"), (",", ",", 1, "punct"), ("which", "WDT", 11, "dobj"),
        ("the", "DT", 6, "det"), ("two", "CD", 6, "nummod"), ("states", "NNS", 11, "nsubj"), ("left", "VBN", 6, "acl"),
        ("in", "IN", 7, "prep"), ("May", "NNP", 8, "pobj"), (",", ",", 6, "punct"), ("said", "VBD", 1, "relcl"),
        ("that", "IN", 14, "mark"), ("dues", "NNS", 14, "nsubj"), ("were", "VBD", 11, "ccomp"), ("“", "``", 14, "punct"),
        ("far", "RB", 17, "advmod"), ("too", "RB", 18, "advmod"), ("high", "JJ", 14, "acomp"), ("for", "IN", 18, "prep"),
        ("small", "JJ", 21, "amod"), ("crews", "NNS", 19, "pobj"), ("”", "''", 14, "punct"), (".", ".", 1, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Guild", "cue-verb")


def test_according_to_words_credited_by_a_possessive_pronoun():
    # Tomas Ek ran the depot. A merger would, in his words, “finish the town.”
    doc = build([
        ("Tomas", "NNP", 1, "compound"), ("Ek", "NNP", 2, "nsubj"), ("ran", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("depot", "NN", 2, "dobj"), (".", ".", 2, "punct"),
        ("A", "DT", 7, "det"), ("merger", "NN", 15, "nsubj"), ("would", "MD", 15, "aux"), (",", ",", 15, "punct"),
        ("in", "IN", 15, "prep"), ("his", "PRP$", 12, "poss"), ("words", "NNS", 10, "pobj"), (",", ",", 15, "punct"),
        ("“", "``", 15, "punct"), ("finish", "VB", 15, "ROOT"), ("the", "DT", 17, "det"), ("town", "NN", 15, "dobj"),
        (".", ".", 15, "punct"), ("”", "''", 15, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve, att.resolution) == ("Tomas Ek", "according-to", "pronoun")


def test_according_to_other_words_credit_no_one():
    # In other words, the budget is “a mess nobody owns.”
    doc = build([
        ("In", "IN", 5, "prep"), ("other", "JJ", 2, "amod"), ("words", "NNS", 0, "pobj"), (",", ",", 5, "punct"),
        ("the", "DT", 5, "det"), ("budget", "NN", 6, "nsubj"), ("is", "VBZ", 6, "ROOT"), ("“", "``", 8, "punct"),
        ("a", "DT", 9, "det"), ("mess", "NN", 6, "attr"), ("nobody", "NN", 10, "nsubj"), ("owns", "VBZ", 8, "relcl"),
        (".", ".", 6, "punct"), ("”", "''", 6, "punct"),
    ])
    doc[5].head = doc[6]
    (att,) = attributed(doc)
    assert att.speaker == ""


def test_according_to_her_words_before_the_quote():
    # Ana Ruiz spoke. Her words, “We stay here.”
    doc = build([
        ("Ana", "NNP", 1, "compound"), ("Ruiz", "NNP", 2, "nsubj"), ("spoke", "VBD", 2, "ROOT"), (".", ".", 2, "punct"),
        ("Her", "PRP$", 5, "poss"), ("words", "NNS", 5, "ROOT"), (",", ",", 5, "punct"),
        ("“", "``", 9, "punct"), ("We", "PRP", 9, "nsubj"), ("stay", "VBP", 9, "ROOT"), ("here", "RB", 9, "advmod"),
        (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ana Ruiz", "according-to")


def test_described_subject_which_of_a_relative_clause_is_the_document_it_hangs_on():
    # The vote followed a communique from a Nordic Council meeting, which voiced “deep concern over the closures.”
    doc = build([
        ("The", "DT", 1, "det"), ("vote", "NN", 2, "nsubj"), ("followed", "VBD", 2, "ROOT"),
        ("a", "DT", 4, "det"), ("communique", "NN", 2, "dobj"), ("from", "IN", 4, "prep"), ("a", "DT", 9, "det"),
        ("Nordic", "NNP", 8, "compound"), ("Council", "NNP", 9, "compound"), ("meeting", "NN", 5, "pobj"),
        (",", ",", 4, "punct"), ("which", "WDT", 12, "nsubj"), ("voiced", "VBD", 4, "relcl"), ("“", "``", 15, "punct"),
        ("deep", "JJ", 15, "amod"), ("concern", "NN", 12, "dobj"), ("over", "IN", 15, "prep"), ("the", "DT", 18, "det"),
        ("closures", "NNS", 16, "pobj"), (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("a communique from a Nordic Council meeting", "described-subject")


def test_colon_lead_name_the_parser_hung_on_a_fronted_place():
    # At a stall in Brennvik, Ola Dahlberg, a retired pilot, was more cheerful: “The quay is good.”
    doc = build([
        ("At", "IN", 13, "prep"), ("a", "DT", 2, "det"), ("stall", "NN", 0, "pobj"), ("in", "IN", 2, "prep"),
        ("Brennvik", "NNP", 3, "pobj"), (",", ",", 4, "punct"), ("Ola", "NNP", 7, "compound"), ("Dahlberg", "NNP", 4, "appos"),
        (",", ",", 7, "punct"), ("a", "DT", 11, "det"), ("retired", "JJ", 11, "amod"), ("pilot", "NN", 7, "appos"),
        (",", ",", 4, "punct"), ("was", "VBD", 13, "ROOT"), ("more", "RBR", 15, "advmod"), ("cheerful", "JJ", 13, "acomp"),
        (":", ":", 13, "punct"), ("“", "``", 20, "punct"), ("The", "DT", 19, "det"), ("quay", "NN", 20, "nsubj"),
        ("is", "VBZ", 13, "parataxis"), ("good", "JJ", 20, "acomp"), (".", ".", 20, "punct"), ("”", "''", 20, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Ola Dahlberg", "colon-lead")


def test_resolution_a_fronted_place_joined_to_the_name_is_no_joint_speaker():
    # In Kelso, Ann Rudd, a miner, said the pit was “finished for good.”
    doc = build([
        ("In", "IN", 9, "prep"), ("Kelso", "NNP", 0, "pobj"), (",", ",", 1, "punct"), ("Ann", "NNP", 4, "compound"),
        ("Rudd", "NNP", 1, "conj"), (",", ",", 4, "punct"), ("a", "DT", 7, "det"), ("miner", "NN", 4, "appos"),
        (",", ",", 1, "punct"), ("said", "VBD", 9, "ROOT"), ("the", "DT", 11, "det"), ("pit", "NN", 12, "nsubj"),
        ("was", "VBD", 9, "ccomp"), ("“", "``", 14, "punct"), ("finished", "VBN", 12, "acomp"), ("for", "IN", 14, "prep"),
        ("good", "JJ", 15, "pobj"), (".", ".", 9, "punct"), ("”", "''", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Ann Rudd"


def test_cue_verb_sentence_initial_given_name_read_as_a_modal():
    # Will Carter said the plan was “a disgrace to the county.”
    doc = build([
        ("Will", "MD", 2, "aux"), ("Carter", "NNP", 2, "nsubj"), ("said", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("plan", "NN", 5, "nsubj"), ("was", "VBD", 2, "ccomp"), ("“", "``", 8, "punct"), ("a", "DT", 8, "det"),
        ("disgrace", "NN", 5, "attr"), ("to", "IN", 8, "prep"), ("the", "DT", 11, "det"), ("county", "NN", 9, "pobj"),
        (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert att.speaker == "Will Carter"


def test_cue_verb_sentence_initial_given_name_read_as_a_preposition():
    # Per Brekke said the plan was “a disgrace to the county.”
    doc = build([
        ("Per", "IN", 2, "prep"), ("Brekke", "NNP", 0, "pobj"), ("said", "VBD", 2, "ROOT"), ("the", "DT", 4, "det"),
        ("plan", "NN", 5, "nsubj"), ("was", "VBD", 2, "ccomp"), ("“", "``", 8, "punct"), ("a", "DT", 8, "det"),
        ("disgrace", "NN", 5, "attr"), ("to", "IN", 8, "prep"), ("the", "DT", 11, "det"), ("county", "NN", 9, "pobj"),
        (".", ".", 2, "punct"), ("”", "''", 2, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Per Brekke", "cue-verb")


def test_cue_verb_subject_the_parser_hung_on_the_dateline():
    # BRENNVIK — Norway’s fisheries agency on Friday formally accused the ministry of “selling the fjord to the highest bidder”.
    doc = build([
        ("BRENNVIK", "NNP", 9, "nsubj"), ("—", ":", 0, "punct"), ("Norway", "NNP", 5, "poss"), ("’s", "POS", 2, "case"),
        ("fisheries", "NN", 5, "compound"), ("agency", "NN", 0, "appos"), ("on", "IN", 5, "prep"), ("Friday", "NNP", 6, "pobj"),
        ("formally", "RB", 9, "advmod"), ("accused", "VBD", 9, "ROOT"), ("the", "DT", 11, "det"), ("ministry", "NN", 9, "dobj"),
        ("of", "IN", 9, "prep"), ("“", "``", 14, "punct"), ("selling", "VBG", 12, "pcomp"), ("the", "DT", 16, "det"),
        ("fjord", "NN", 14, "dobj"), ("to", "IN", 14, "prep"), ("the", "DT", 20, "det"), ("highest", "JJS", 20, "amod"),
        ("bidder", "NN", 17, "pobj"), ("”", "''", 14, "punct"), (".", ".", 9, "punct"),
    ])
    (att,) = attributed(doc)
    assert (att.speaker, att.sieve) == ("Norway’s fisheries agency", "cue-verb")


def test_cue_verb_someones_pick_hung_on_the_dateline_is_left_to_the_descriptions():
    # BRENNVIK — Mayor Ola Dahl’s pick on Friday formally accused the ministry of “selling the fjord to the highest bidder”.
    doc = build([
        ("BRENNVIK", "NNP", 10, "nsubj"), ("—", ":", 0, "punct"), ("Mayor", "NNP", 4, "compound"), ("Ola", "NNP", 4, "compound"),
        ("Dahl", "NNP", 6, "poss"), ("’s", "POS", 4, "case"), ("pick", "NN", 0, "appos"), ("on", "IN", 6, "prep"),
        ("Friday", "NNP", 7, "pobj"), ("formally", "RB", 10, "advmod"), ("accused", "VBD", 10, "ROOT"), ("the", "DT", 12, "det"),
        ("ministry", "NN", 10, "dobj"), ("of", "IN", 10, "prep"), ("“", "``", 15, "punct"), ("selling", "VBG", 13, "pcomp"),
        ("the", "DT", 17, "det"), ("fjord", "NN", 15, "dobj"), ("to", "IN", 15, "prep"), ("the", "DT", 21, "det"),
        ("highest", "JJS", 21, "amod"), ("bidder", "NN", 18, "pobj"), ("”", "''", 15, "punct"), (".", ".", 10, "punct"),
    ])
    (att,) = attributed(doc, order=("cue-verb",))
    assert att.speaker != "Mayor Ola Dahl’s pick"
