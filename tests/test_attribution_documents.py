"""Documents, bodies and the outlets that carry their words, on invented articles: who speaks
when a report, an order or a statement carried by an agency is quoted, and documents whose issuer
the text names (a body that sent a statement, an office that published a review)."""
import pytest

from stance.extract import extract_quotes
from stance.records import Document

pytestmark = pytest.mark.slow


def speaker(text: str, parser, quote_start: str) -> str:
    (q,) = [q for q in extract_quotes(Document("t", text), parser) if q.text.startswith(quote_start)]
    return q.speaker


def test_attribution_documents_the_text_of_an_accord_is_the_accord(parser):
    # "the accord states": the accord speaks, not "the text" it was published as
    text = ("Negotiators finished their talks on Friday.\n\n"
            "The text of the accord, posted online Monday, commits the province to 20,000 new homes by 2029.\n\n"
            "\"The province will publish its progress twice a year,\" the accord states.\n")
    assert speaker(text, parser, "The province will") == "accord"


def test_attribution_documents_an_opinion_is_not_the_decision_before_it(parser):
    # "opinion" names a document that speaks: it is the subject of "states", not left for the
    # sentence before ("The 5-2 decision")
    text = ("The 5-2 decision, written by Judge Ann Morrow, sends the case back to a lower court.\n\n"
            "\"A tenant cannot waive a right the statute gives her,\" the majority opinion states.\n")
    assert "opinion" in speaker(text, parser, "A tenant cannot")


def test_attribution_documents_a_reported_clause_with_a_document_does_not_speak(parser):
    # guard: the agreement is the topic of what the company said, so "thanked" is the company's
    # (the parser hangs the that-clause on "note" and joins "thanked" to it)
    text = ("Northgate Rail Inc., which runs the trains, said in a note on Monday that the agreement "
            "\"secures service in the valley for 25 years\" and thanked the mayor for her \"vision and persistence.\"\n")
    assert speaker(text, parser, "vision and") == "Northgate Rail Inc."


def test_attribution_documents_a_countrys_agency_is_a_body_the_agency_returns_to(parser):
    # "Statistics Canada" is an agency, not a person surnamed Canada: "the agency" is it
    text = ("The exchange listed the shares on Monday. Inflation eased in the spring, and Statistics Canada said "
            "prices rose more slowly than in March. The agency said in a release that food costs were "
            "\"still climbing\" in most provinces.\n")
    assert speaker(text, parser, "still climbing") == "Statistics Canada"


def test_attribution_documents_an_agency_name_opened_by_a_common_noun_stays_whole(parser):
    # the tagger reads "Forests" as a plural noun: the body's name keeps it
    text = ("Ottawa has kept out of the quarrel so far. Forests and Rivers Canada told a Senate panel "
            "that quotas are \"a matter for the minister alone\" this year.\n")
    assert speaker(text, parser, "a matter for") == "Forests and Rivers Canada"


def test_attribution_documents_an_agency_that_carries_a_statement_did_not_issue_it(parser):
    # "relayed by the Orbis wire service": the service relays the Front's communique
    text = ("Fighting eased near the river on Sunday.\n\n"
            "The Northern Front said on Sunday in a communique relayed by the Orbis wire service that its units had "
            "quit the valley. \"We will not be the first to fire again,\" the communique said.\n")
    assert speaker(text, parser, "We will not") == "Northern Front"


def test_attribution_documents_it_after_a_statement_whose_phrase_names_its_carrier(parser):
    # the agency inside the communique's own phrase does not stand between the statement and "it"
    text = ("Prices for grain fell again this week.\n\n"
            "A communique from the Valley Farmers Union, relayed by the Orbis Press Agency, said: \"The harvest is "
            "lost for most of us.\" It added that members \"will not pay the new levy\" this year.\n")
    assert speaker(text, parser, "will not pay") == "Valley Farmers Union"


def test_attribution_documents_a_documents_words_according_to_its_sender(parser):
    # 'The memo, according to the department, "warns ..."': the department the text gives them to, not "memo"
    text = ("Trains were late again across the north this week.\n\n"
            "The Transport Department wrote to the rail operator on Tuesday. The memo, according to the department, "
            "\"warns the operator that every signal must be repaired within thirty days.\"\n")
    assert speaker(text, parser, "warns the operator") == "Transport Department"


def test_attribution_documents_his_office_is_not_the_office_named_before(parser):
    # "his office" after "Ortiz's office said": the office of the man the paragraph is about
    text = ("Talks on the budget dragged into a third week.\n\n"
            "Ortiz's office said in a release that the budget was \"balanced at last, after a decade of deficits.\"\n\n"
            "Councillor Amir Haddad, however, struck a sharper note. The city \"cannot afford another tax "
            "freeze,\" his office said.\n")
    assert speaker(text, parser, "cannot afford") == "office of Amir Haddad"


def test_attribution_documents_the_note_is_the_last_speakers(parser):
    # a note no sentence introduces is that of the body that spoke just before (as "the statement said")
    text = ("The tower has divided the harbour district for a year.\n\n"
            "The Halden Planning Bureau repeated on Friday that the tower would not be approved in its present form.\n\n"
            "\"The skyline of the old harbour is not for sale,\" the note said.\n")
    assert speaker(text, parser, "The skyline") == "Halden Planning Bureau"


def test_attribution_documents_a_role_noun_right_before_the_bodys_name(parser):
    # "The state news agency Tavra has been ...": the parser makes both subjects; the name speaks
    text = ("The cabinet met late into the night on Sunday, and ministers said little afterwards.\n\n"
            "The state news agency Tavra has been less careful, describing the protests as \"a plot paid for "
            "from abroad\".\n")
    assert speaker(text, parser, "a plot paid") == "Tavra"


def test_attribution_documents_its_ministry_is_the_country_just_named(parser):
    # "its Ministry of Foreign Affairs" after "Lima rejects the charge": Peru's, not the Chilean one named before
    text = ("Tension on the border grew this week.\n\n"
            "On Monday the Chilean Ministry of Foreign Affairs accused Peru of \"moving troops toward the frontier.\"\n\n"
            "Lima rejects the charge. \"Not one soldier has moved toward the frontier,\" its Ministry of Foreign "
            "Affairs said on Tuesday.\n")
    assert speaker(text, parser, "Not one soldier") == "Peru Ministry of Foreign Affairs"


def test_attribution_documents_it_after_a_statement_about_another_body(parser):
    # the Port Authority is what the statement speaks of; "It called for" is the statement again
    text = ("Dock workers walked out for a second day.\n\n"
            "A statement from the Harbour Workers Guild said the Varna Port Authority \"must reopen the eastern "
            "docks\" before talks resume. It called for \"an audit of every contract signed since the merger.\"\n")
    assert speaker(text, parser, "an audit of") == "Harbour Workers Guild"


def test_attribution_documents_a_companys_first_word_tagged_an_adjective(parser):
    # "Pelican" read as an adjective before "Seafoods Inc.": the company's name keeps it
    text = ("Pelican Seafoods warns of losses as strike drags on\n\nBy Ann Teller\n\n"
            "The strike is now visible in quarterly numbers. Pelican Seafoods Inc., the Moncton-based packer, said "
            "in a filing on Monday that a long strike would \u201churt profits badly\u201d this spring.\n")
    assert speaker(text, parser, "hurt profits") == "Pelican Seafoods Inc."


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
