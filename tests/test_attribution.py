"""Speaker attribution on hand-made articles with invented people: every rule the extractor claims."""
import pytest

from stance.extract import extract_quotes
from stance.records import Document

pytestmark = pytest.mark.slow


def quotes_of(text: str, parser) -> dict[str, object]:
    """Quote text (first 25 chars) -> Quote."""
    return {q.text[:25]: q for q in extract_quotes(Document("t", text), parser)}


def speaker(text: str, parser, quote_start: str) -> str:
    (q,) = [q for k, q in quotes_of(text, parser).items() if k.startswith(quote_start)]
    return q.speaker


def test_attribution_cue_after_with_name(parser):
    text = '"Our border is closed to fighters," Interior Minister Karim Haddad said on Sunday.\n'
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.sieve, q.resolution, q.cue, q.speaker_type) == ("Karim Haddad", "cue-verb", "name", "said", "person")
    assert text[q.speaker_start:q.speaker_end] == q.speaker_mention


def test_attribution_inverted_tag(parser):
    text = '"Nobody in Baghdad controls this war," said Lina Haddad, a researcher at a policy institute.\n'
    assert speaker(text, parser, "Nobody") == "Lina Haddad"


def test_attribution_cue_before_with_colon_and_title(parser):
    text = "Jordan's Foreign Minister Omar Nasser told reporters: \"We will act if the smuggling continues.\"\n"
    assert speaker(text, parser, "We will act") == "Omar Nasser"


def test_attribution_partial_quote_through_the_cue(parser):
    text = 'Egypt\'s foreign minister, Samir Adel, expressed "grave concern" over the fighting.\n'
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.kind) == ("Samir Adel", "partial")


def test_attribution_split_quote_both_parts_same_speaker(parser):
    text = '"We are ready," Colonel Tarek Mansour said, "but we will not cross the border first."\n'
    qs = list(quotes_of(text, parser).values())
    assert [q.speaker for q in qs] == ["Tarek Mansour", "Tarek Mansour"]


def test_attribution_pronoun_resolves_past_a_second_person(parser):
    text = ("Cleric Hadi al-Rubaie told followers on Friday that he had met Prime Minister Salim Qasim.\n"
            "\"This war belongs to the Syrians alone,\" he said.\n")
    q = next(q for q in quotes_of(text, parser).values() if q.text.startswith("This war"))
    assert (q.speaker, q.speaker_mention, q.sieve, q.resolution) == ("Hadi al-Rubaie", "he", "cue-verb", "pronoun")


def test_attribution_nominal_resolves_to_matching_description(parser):
    text = ("Populist cleric Hadi al-Rubaie ordered his fighters to stay home. "
            "Militia commander Yasser Darwish disagreed.\n"
            "\"Those who want war can send their own sons,\" the cleric said.\n")
    assert speaker(text, parser, "Those who want") == "Hadi al-Rubaie"


def test_attribution_nationality_nominal_skips_other_ministers(parser):
    text = ("Jordanian Foreign Minister Omar Nasser met his Iraqi counterpart Fuad Salman and "
            "Egyptian Foreign Minister Samir Adel in Amman.\n"
            "\"The smuggling routes must be shut,\" the Jordanian minister said.\n")
    assert speaker(text, parser, "The smuggling") == "Omar Nasser"


def test_attribution_surname_resolves_to_full_name(parser):
    text = ("Prime Minister Mohammed Kamal al-Obeidi met envoys on Monday.\n"
            "\"We will not be dragged into this,\" Obeidi said.\n")
    assert speaker(text, parser, "We will not") == "Mohammed Kamal al-Obeidi"


def test_attribution_according_to_statement_from_office(parser):
    text = ("\"Our position is fixed,\" Obeidi added, according to a statement from his office.\n")
    text = "Prime Minister Mohammed Kamal al-Obeidi spoke by phone with allies.\n" + text
    assert speaker(text, parser, "Our position") == "Mohammed Kamal al-Obeidi"


def test_attribution_read_a_statement_from_someones_office(parser):
    text = ("President Nabil Farouk received the envoy.\n"
            "Farouk \"stressed that stability is shared,\" read a statement from Farouk's office.\n")
    assert speaker(text, parser, "stressed that") == "Nabil Farouk"


def test_attribution_organisation_statement_and_group_reference(parser):
    text = ("Kataib al-Nasr, one of the armed groups near the border, issued a warning.\n"
            "\"We will not wait for them to reach our towns,\" the group said in a statement.\n")
    q = next(iter(v for k, v in quotes_of(text, parser).items() if k.startswith("We will not")))
    assert q.speaker == "Kataib al-Nasr" and q.speaker_type == "organisation"


def test_attribution_wrote_on_social_media(parser):
    text = "\"No rifle of ours will cross the border,\" Hadi al-Rubaie wrote on X.\n"
    assert speaker(text, parser, "No rifle") == "Hadi al-Rubaie"


def test_attribution_continuation_of_previous_quote(parser):
    text = ("\"Iraq has paid enough,\" Hadi al-Rubaie wrote on X. "
            "\"Whoever goes does not go in my name.\"\n")
    q = next(v for k, v in quotes_of(text, parser).items() if k.startswith("Whoever"))
    assert q.speaker == "Hadi al-Rubaie"


def test_attribution_continuation_in_next_paragraph(parser):
    text = ("\"Iraq has paid enough,\" Hadi al-Rubaie told a rally.\n\n"
            "\"Whoever goes does not go in my name.\"\n\nThe rally ended at noon.\n")
    q = next(v for k, v in quotes_of(text, parser).items() if k.startswith("Whoever"))
    assert (q.speaker, q.sieve) == ("Hadi al-Rubaie", "continuation")


def test_attribution_multi_paragraph_quote_after_colon_lead(parser):
    text = ("Opening the session, Foreign Minister Omar Nasser said:\n\n"
            "\"The kingdom stands with its neighbours.\n\n"
            "\"We call for the withdrawal of all foreign forces.\"\n")
    assert [q.speaker for q in extract_quotes(Document("t", text), parser)] == ["Omar Nasser", "Omar Nasser"]


def test_attribution_anonymous_source(parser):
    text = ("A senior security official, who asked not to be named, said brigades had moved. "
            "\"Every crossing is covered,\" the official said.\n")
    q = next(v for k, v in quotes_of(text, parser).items() if k.startswith("Every crossing"))
    assert q.speaker_type == "anonymous" and "security official" in q.speaker


def test_attribution_joint_speakers(parser):
    text = ("Foreign Minister Omar Nasser met his counterpart, Foreign Minister Samir Adel, in Cairo.\n"
            "The two ministers stressed \"the need for continued coordination\".\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert "Omar Nasser" in q.speaker and "Samir Adel" in q.speaker and q.speaker_type == "group"


def test_attribution_headline_quote(parser):
    text = ("Border security 'closely linked', Obeidi tells Farouk\n\n"
            "Prime Minister Mohammed Kamal al-Obeidi spoke with President Nabil Farouk on Saturday.\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert q.kind == "headline" and q.speaker == "Mohammed Kamal al-Obeidi"


def test_attribution_heading_led_by_a_name_and_colon(parser):
    text = ("Haddad: Jordan 'will not wait' for Damascus\n\n"
            "Interior Minister Karim Haddad told parliament that the army was ready.\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert q.kind == "headline" and q.speaker == "Karim Haddad"


def test_attribution_names_in_apposition_to_a_plural_subject_speak_jointly(parser):
    text = "Two senior officials, Karim Haddad and Omar Nasser, said the border would stay \"closed to all fighters\".\n"
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.speaker_type) == ("Karim Haddad and Omar Nasser", "group")


def test_attribution_heading_lead_the_tagger_calls_a_common_noun(parser):
    text = ("Haddad: 'Our border stays closed'\n\nInterior Minister Karim Haddad spoke in Amman.\n"
            "Analysis: 'a war nobody controls'\n")
    quotes = quotes_of(text, parser)
    assert quotes["Our border stays closed"].speaker == "Karim Haddad"
    assert quotes["a war nobody controls"].speaker == ""  # a section label, not a name


def test_attribution_unnamed_role_is_the_speaker(parser):
    text = '"The roads will be rebuilt by spring," the EU\'s reconstruction commissioner said on Monday.\n'
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.resolution) == ("EU's reconstruction commissioner", "description")


def test_attribution_tag_after_the_quote_when_the_parse_misses_it(parser):
    text = ("“Norway remains ready to facilitate talks whenever the parties want to meet”, "
            "Norway's foreign minister posted on X.\n"
            "‘We asked for more drones, and we will ask again’, admitted the interior minister of the eastern government.\n")
    quotes = quotes_of(text, parser)
    assert quotes["Norway remains ready to f"].speaker == "Norway's foreign minister"
    assert quotes["We asked for more drones,"].speaker == "interior minister of the eastern government"
    spaced = '"Containment has failed. The coalition must act, or accept more refugees," a former envoy argued on a podcast.\n'
    assert quotes_of(spaced, parser)["Containment has failed. T"].speaker == "a former envoy"
    closed = "The night passed quietly. “The border is calm.” Officials said nothing more.\n"
    assert quotes_of(closed, parser)["The border is calm."].speaker == ""  # the quote closed its sentence


def test_attribution_according_to_a_report_by_an_organisation(parser):
    text = '"Detainees face torture and hunger", according to a new report by Human Rights Watch.\n'
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.sieve, q.resolution) == ("Human Rights Watch", "according-to", "statement")


def test_attribution_scare_quote_gets_no_speaker(parser):
    text = "The seat went to the so-called \"national coalition\" in 2013, diplomats recalled.\n"
    q = next(iter(quotes_of(text, parser).values()))
    assert q.kind == "scare" and q.speaker == ""


def test_attribution_boilerplate_has_no_quotes(parser):
    text = ("BAGHDAD, Dec 5 (Wire) - \n\nBy Layla Karim and Tom Reed\n\n"
            "(Reporting by Layla Karim; Editing by Mark Ellis)\n\nRead more:\nComments are moderated.\n")
    assert extract_quotes(Document("t", text), parser) == []


def test_attribution_sentence_holds_the_quote(parser):
    text = "Opening line.\nHe left. \"We stay,\" Karim Haddad said on Sunday. Then silence.\n"
    q = next(iter(quotes_of(text, parser).values()))
    assert q.text in q.sentence and q.sentence.startswith("\"We stay")


def test_text_after_the_quotes_changes_nothing(parser):
    """Parsing stops a paragraph after the last quote; trailing boilerplate must not matter."""
    text = ("Haddad: 'Our border stays closed'\n\nInterior Minister Karim Haddad spoke in Amman on Monday.\n\n"
            '"We will not wait," he said.\n\nThe ministry gave no figures.\n')
    tail = "".join(f"Comment {n}: readers must follow the community rules.\n\n" for n in range(40))
    short, long_ = quotes_of(text, parser), quotes_of(text + tail, parser)
    assert [(q.start, q.end, q.speaker, q.sentence) for q in short.values()] == \
        [(q.start, q.end, q.speaker, q.sentence) for q in long_.values()]
    assert [q.speaker for q in short.values()] == ["Karim Haddad", "Karim Haddad"]
