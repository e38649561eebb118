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


def test_attribution_sentence_is_bounded_around_the_quote_in_a_text_with_no_full_stop(parser):
    """A text without full stops is one sentence; each quote keeps at most CONTEXT_MAX_CHARS
    of it either side, cut at a space, so thousands of quotes do not each carry the whole text."""
    from stance.attribution.constants import CONTEXT_MAX_CHARS

    text = "".join(f"the rebels' allies 'ninety {n}' o'clock and more " for n in range(200))
    quotes = extract_quotes(Document("t", text), parser)
    assert len(quotes) == 200
    middle = quotes[100]
    assert middle.text == "ninety 100"
    before, _, after = middle.sentence.partition(middle.text)
    assert 0 < len(before) <= CONTEXT_MAX_CHARS and 0 < len(after) <= CONTEXT_MAX_CHARS
    at = text.index(middle.sentence)
    assert text[at - 1] == " " and text[at + len(middle.sentence)] == " "  # cut between words
    assert quotes[0].sentence.startswith("the rebels' allies 'ninety 0'")  # the text's start is within reach


def test_text_after_the_quotes_changes_nothing(parser):
    """Parsing stops a paragraph after the last quote; trailing boilerplate must not matter."""
    text = ("Haddad: 'Our border stays closed'\n\nInterior Minister Karim Haddad spoke in Amman on Monday.\n\n"
            '"We will not wait," he said.\n\nThe ministry gave no figures.\n')
    tail = "".join(f"Comment {n}: readers must follow the community rules.\n\n" for n in range(40))
    short, long_ = quotes_of(text, parser), quotes_of(text + tail, parser)
    assert [(q.start, q.end, q.speaker, q.sentence) for q in short.values()] == \
        [(q.start, q.end, q.speaker, q.sentence) for q in long_.values()]
    assert [q.speaker for q in short.values()] == ["Karim Haddad", "Karim Haddad"]


def test_attribution_names_are_matched_by_the_one_name_matcher(parser):
    """Within an article as across articles: spelling variants join, different given names do not."""
    text = ("Hussein Ali, a lawmaker, spoke first.\n"
            "\"We will vote against it,\" Hassan Ali said.\n"
            "Militia leader Falih al-Fayyadh arrived later.\n"
            "\"Nobody asked us,\" Fayyad said.\n")
    quotes = quotes_of(text, parser)
    assert quotes["We will vote against it,"].speaker == "Hassan Ali"
    assert quotes["Nobody asked us,"].speaker == "Falih al-Fayyadh"


def test_attribution_the_two_ministers_are_the_two_named_just_before(parser):
    text = ("Prime Minister Karim Haddad met envoys on Friday.\n"
            "Foreign Minister Omar Nasser, during a meeting with his Syrian counterpart Samir Adel, "
            "expressed \"deep concern\" over the fighting.\n"
            "The two ministers stressed \"the importance of continuing coordination between the two countries\".\n")
    q = quotes_of(text, parser)["the importance of continu"]
    assert (q.speaker, q.speaker_type) == ("Omar Nasser and Samir Adel", "group")


def test_attribution_dateline_and_places_are_never_pronoun_antecedents(parser):
    text = ("BAGHDAD, June 3 (Wire) - Parliament met on Monday.\n"
            "The Iraqi Kurdish party said it would \"not take part in the vote\".\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert "BAGHDAD" not in q.speaker and q.speaker


def test_attribution_party_tag_in_brackets_is_not_a_name(parser):
    text = ("Senator Mary Okafor (D-Ore.) chaired the hearing.\n"
            "\"The science is settled,\" she said.\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert q.speaker == "Mary Okafor"


def test_attribution_indefinite_description_introduces_a_new_source(parser):
    text = ("Foreign Minister Omar Nasser warned against delays.\n"
            "A Western diplomat who attended the meeting said: \"Nobody wants another war.\"\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker_type, q.speaker) == ("anonymous", "A Western diplomat")


def test_attribution_name_in_apposition_to_a_description(parser):
    text = "The head of the monitoring mission, Lina Haddad, told the council: \"The camps are full.\"\n"
    q = next(iter(quotes_of(text, parser).values()))
    assert q.speaker == "Lina Haddad"


def test_attribution_per_a_document_and_as_someone_put_it(parser):
    text = ("Proxies are barred for \"any change to the charter,\" per the union's bylaws.\n"
            "The only test is \"a clean criminal record,\" as a Labour Ministry memo put it.\n")
    quotes = quotes_of(text, parser)
    assert "bylaws" in quotes["any change to the charter"].speaker_mention
    assert "memo" in quotes["a clean criminal record,"].speaker_mention


def test_attribution_statement_calling_speaks_for_its_issuer(parser):
    text = "The Arab League issued a statement calling the raid \"an unacceptable escalation\" of the war.\n"
    q = next(iter(quotes_of(text, parser).values()))
    assert q.speaker == "Arab League"


def test_attribution_pronoun_under_a_reporting_verb_is_its_subject(parser):
    text = ("Militia leader Karim Haddad spoke in Basra.\n"
            "The Danish embassy in Baghdad said in a statement that it was urging \"restraint on all sides\".\n")
    q = next(iter(quotes_of(text, parser).values()))
    assert q.speaker.startswith("Danish embassy")


def test_attribution_transcript_labels_before_the_quote_name_the_turns(parser):
    text = ("Transcript of a phone interview\n\n"
            "Ana Ortiz put questions to the deputy minister for water, Tomas Reyes.\n\n"
            "ORTIZ: \"Why are the taps dry in the east of the city?\"\n\n"
            "REYES: \"No pump there is younger than forty years, and we replace them now.\"\n")
    quotes = quotes_of(text, parser)
    assert quotes["Why are the taps dry in t"].speaker == "Ana Ortiz"
    assert (quotes["No pump there is younger "].speaker, quotes["No pump there is younger "].sieve) == \
        ("Tomas Reyes", "turn-label")


def test_attribution_capitals_before_a_colon_and_text_are_a_dateline(parser):
    text = ("LIMA/QUITO, March 3 (Wire) - Peru's President Ana Solis said on Friday that a trade pact "
            "was \"almost ready\".\n\n"
            "QUITO: Officials met again.\n\n"
            "Chile's foreign ministry said Santiago would \"not accept any delay\".\n")
    quotes = quotes_of(text, parser)
    assert quotes["almost ready"].speaker == "Ana Solis"
    assert quotes["not accept any delay"].speaker == "Chile's foreign ministry"


def test_attribution_unnamed_source_without_a_verb_of_its_own_is_the_one_described(parser):
    text = ("Omar Nasser, the interior minister, spoke first. \"We will close the crossing,\" he said.\n\n"
            "A senior border official, speaking on condition that he not be named since he had no leave to "
            "talk to reporters, dismissed the threats as \"empty\". \"Nobody is crossing without us knowing,\" "
            "the official said.\n\n"
            "\"If the bridge falls, everything changes,\" he added.\n\n"
            "At the market, a fruit seller who lost his shop in the flood said he was tired. \"Nobody comes,\" he said.\n")
    quotes = quotes_of(text, parser)
    assert quotes["Nobody is crossing withou"].speaker == "A senior border official"
    assert quotes["If the bridge falls, ever"].speaker == "A senior border official"
    assert quotes["Nobody comes,"].speaker == "a fruit seller"


def test_attribution_the_group_is_the_organisation_named_before(parser):
    text = ("Liwa al-Fath, an armed faction based in the south, called the decision \"a betrayal\". "
            "\"We will defend the valley with our own hands,\" the group said.\n")
    assert speaker(text, parser, "We will defend") == "Liwa al-Fath"


def test_attribution_pronoun_skips_a_person_of_the_other_gender(parser):
    text = ("Samira Haddad, a professor of politics, sees a pattern. \"The factions always win,\" she said.\n\n"
            "The bill of Mr Karim Tahan was opposed by Leila Nour, who speaks for the opposition on water. "
            "She said the ministry should act \"without delay\".\n")
    assert speaker(text, parser, "without delay") == "Leila Nour"


def test_attribution_role_words_stand_for_the_person_the_text_ties_them_to(parser):
    text = ("LIVE: Floods in the delta\n\n"
            "14:10 | Engineer: the dams are \"holding for now\"\n\n"
            "Paolo Verdi, a hydraulic engineer at the state water agency, said the levees were strained.\n\n"
            "Carla Benni spoke at length in Rome. \"Nobody should be blamed before the inquiry "
            "ends,\" the Italian minister said.\n")
    quotes = quotes_of(text, parser)
    assert quotes["holding for now"].speaker == "Paolo Verdi"
    assert quotes["Nobody should be blamed b"].speaker == "Carla Benni"


def test_attribution_dateline_with_wire_name_is_never_the_subject(parser):
    text = ("OSLO/BERGEN, May 2 (Wire) - Norway's Prime Minister Erik Lund said on Monday that the fishing deal "
            "was \"nearly done\".\n")
    assert speaker(text, parser, "nearly done") == "Erik Lund"


def test_attribution_person_presented_by_a_who_clause_is_the_next_she(parser):
    text = ("Jonas Berg said the quota was fair. \"We have waited long enough,\" Berg said.\n\n"
            "I met a nurse in Tromso, who works nights at the clinic. "
            "\"We need doctors, not speeches,\" she said.\n")
    assert speaker(text, parser, "We need doctors") == "a nurse in Tromso"


def test_attribution_untagged_quote_after_a_sentence_about_a_named_person_in_its_paragraph(parser):
    text = ("Later, Mayor Tom Okoro toured the flooded streets. \"We will rebuild every house.\"\n\n"
            "The river fell overnight.\n\n"
            "\"Nobody saw it coming.\"\n")
    quotes = quotes_of(text, parser)
    assert (quotes["We will rebuild every hou"].speaker, quotes["We will rebuild every hou"].sieve) == \
        ("Tom Okoro", "previous-sentence")


def test_attribution_title_of_a_show_between_two_parts_of_one_speech(parser):
    text = ("\"There is a gap between the cabinet and the army,\" Reyes said on Tuesday on \"Morning Live.\" "
            "\"I mean, nobody talks to anybody.\"\n\n"
            "\"Here comes the boss,\" she said. \"The Chief. Our Boss.\"\n")
    quotes = quotes_of(text, parser)
    assert (quotes["Morning Live."].kind, quotes["Morning Live."].speaker) == ("scare", "")
    assert quotes["I mean, nobody talks to a"].speaker == "Reyes"
    assert quotes["The Chief. Our Boss."].kind != "scare"


def test_attribution_role_words_leading_live_blog_headings_name_the_person_below(parser):
    text = ("LIVE: Floods in the delta\n\n"
            "14:10 | Analyst: the levees are \"at the limit\"\n\n"
            "Paolo Verdi, a water analyst at the state agency, said the levees were strained.\n\n"
            "The World Wetland Fund asked the government to act.\n\n"
            "WWF: \"Restore the wetlands.\"\n")
    quotes = quotes_of(text, parser)
    assert quotes["at the limit"].speaker == "Paolo Verdi"
    assert quotes["Restore the wetlands."].speaker == "World Wetland Fund"


def test_attribution_whose_clause_tells_nothing_of_the_name_it_follows(parser):
    # "whose son" describes the son: the woman named before it is still the next "she"
    text = ("Tomas Rell, 58, who drives a lorry, wants the troops out. \"Enough,\" he said.\n\n"
            "Ilona Varga, whose son serves in the navy, disagreed. \"We must help,\" she said.\n")
    assert speaker(text, parser, "We must help") == "Ilona Varga"


def test_attribution_name_after_a_fronted_place_is_the_subject(parser):
    # "In <place>, Name, a baker, said": the parser hangs the name on the place; it is the subject
    text = ("Defence Minister Karel Dvorak spoke in the capital on Monday. \"We are ready,\" he said.\n\n"
            "In the market town of Brenn, Maria Lindqvist, a baker, said she had heard the news on the radio. "
            "\"I would rather they sent diplomats,\" she said.\n")
    assert speaker(text, parser, "I would rather") == "Maria Lindqvist"


def test_attribution_heading_quote_said_again_below_is_that_speakers(parser):
    # the heading names the country; the story names who said the words
    text = ("Norland warns of \"grave consequences\" over border drills\n\n"
            "The foreign minister of Norland, Petra Aalto, spoke on Tuesday. \"Any incursion will have grave "
            "consequences for the region,\" Aalto said.\n")
    q = quotes_of(text, parser)["grave consequences"]
    assert (q.speaker, q.sieve, q.kind) == ("Petra Aalto", "headline-echo", "headline")


def test_attribution_name_in_apposition_to_a_described_subject_is_the_next_he(parser):
    # "Her colleague, the nurse X, was ...": X is the subject, so the next "he" is X
    text = ("Anna Moser, who teaches at the village school, is hopeful. \"Things will calm down,\" she said.\n\n"
            "Her colleague, the nurse Pavel Horak, was less sure. \"Nobody is listening to us,\" he said.\n")
    assert speaker(text, parser, "Nobody is listening") == "Pavel Horak"


def test_attribution_byline_author_is_never_the_next_he(parser):
    text = ("Farmers fear the border closure\n\nBy Jonas Weber\n\nOn the road to the crossing, the talk is of prices. "
            "Tomasz has farmed here for thirty years. \"We cannot sell anything now,\" he said.\n")
    assert speaker(text, parser, "We cannot sell") != "Jonas Weber"



def test_attribution_capitalised_label_after_a_name_is_no_new_person(parser):
    # "X, a Social Democrat, ...": the label describes X; the next "he" is X, not "Social Democrat"
    text = ("Karl Brandt, a Social Democrat from Bremen, spoke next. \"We are not at war,\" he said.\n")
    assert speaker(text, parser, "We are not at war") == "Karl Brandt"


def test_attribution_definite_body_met_first_is_the_next_it(parser):
    text = ("Rebels shelled the port on Friday. The exiled government took a different line. "
            "In a statement, it said the strikes were \"the natural result\" of rebel attacks.\n")
    assert speaker(text, parser, "the natural result") == "exiled government"


def test_attribution_heading_country_is_the_countrys_speaker_below(parser):
    # the heading makes a capital the speaker; the story quotes that country's minister
    text = ("Oslo warns of \"consequences\" over the drills\n\n"
            "Rain fell on the harbour on Monday. Norwegian Defence Minister Erik Dahl spoke to reporters. "
            "\"We are watching the exercises closely,\" Dahl said.\n")
    q = quotes_of(text, parser)["consequences"]
    assert (q.speaker, q.sieve) == ("Erik Dahl", "headline-place")



def test_attribution_aged_description_is_the_person_just_named(parser):
    # "the 66-year-old retired plumber from Millbrook": not the town, not a new person
    text = ("Tom Hale waited two days for a repair crew last winter.\n\n"
            "\"The crew was kind. They were simply swamped,\" the 66-year-old retired plumber from Millbrook said.\n")
    q = quotes_of(text, parser)["The crew was kind. They w"]
    assert (q.speaker, q.resolution) == ("Tom Hale", "nominal")


def test_attribution_a_seat_goes_with_another_role(parser):
    # "the Liberal MLA" after "justice critic Mary Lund": one person holds both; the party word is no name
    text = ("Opposition justice critic Mary Lund questioned the bill on Tuesday.\n\n"
            "\"The courts are waiting on this. Nothing has moved,\" the Liberal MLA for Pine Ridge said.\n")
    assert speaker(text, parser, "The courts are waiting") == "Mary Lund"


def test_attribution_tag_after_a_full_stop_inside_the_marks(parser):
    # a writer's slip: '"... no more." she said.' still tags the quote before it
    text = ("Transport Minister Dana Cole answered on Tuesday.\n\n"
            "\"The ferry schedule will not change this year, and not next year either.\" she said. \"That is final.\"\n")
    q = quotes_of(text, parser)["The ferry schedule will n"]
    assert (q.speaker, q.sieve) == ("Dana Cole", "tag-after")


def test_attribution_continuation_past_a_place_named_in_passing(parser):
    # a multi-paragraph quote after "... south of Port Elgin": the town takes no turn
    text = ("\"We planted these fields for forty years,\" Chief Tom Redsky told the crowd in the arena, "
            "about 200 kilometres south of Port Elgin.\n\n"
            "\"The river is ours to mind. We never stopped.\n\n"
            "\"And now the province agrees on paper.\"\n")
    qs = quotes_of(text, parser)
    assert qs["The river is ours to mind"].speaker == "Tom Redsky"
    assert qs["And now the province agre"].speaker == "Tom Redsky"


def test_attribution_plural_possessive_inside_an_organisation_name(parser):
    # "the Cedar Point Growers' Association": one name, not "Association"
    text = ("In a letter, the Cedar Point Growers' Association called the levy \"a tax on rain.\"\n\n"
            "\"We ask the board to wait a season,\" the letter reads.\n")
    assert speaker(text, parser, "a tax on rain") == "Cedar Point Growers' Association"
    assert speaker(text, parser, "We ask the board") == "Cedar Point Growers' Association"


def test_attribution_heading_role_found_past_a_long_caption(parser):
    # the role in the heading names a person the story reaches only after byline and caption
    caption = "[Photo caption: " + "The bow pair lifts the shell onto the dock after the final heat. " * 12 + "]"
    text = ("Rowing club folds its season\n\nCrew misses regatta; coach says 'next spring is ours'\n\n"
            f"By Jo Park\n\n{caption}\n\nThe season ended on Sunday. Head coach Rick Dale spoke after the last heat.\n\n"
            "\"We need two more rowers,\" Dale said.\n")
    assert speaker(text, parser, "next spring is ours") == "Rick Dale"


def test_attribution_surname_alone_keeps_its_honorific(parser):
    text = "Tom Hale spoke first. Mrs. Ostrova said the plan was \"a disgrace\" and left.\n"
    assert speaker(text, parser, "a disgrace") == "Mrs. Ostrova"


def test_attribution_honorific_gives_way_to_the_full_name(parser):
    text = "Mr. Okafor said the plan was \"a disgrace.\" Later, Peter Okafor said it was \"fixable.\"\n"
    assert speaker(text, parser, "a disgrace") == "Peter Okafor"


def test_attribution_quote_paragraph_after_reported_speech(parser):
    # a paragraph of quote alone, after a paragraph that reports a person's words without quotes
    text = ("Linh Tran said the pair have toured other kitchens but none fits the budget. "
            "She has not given up on a second shop.\n\n"
            "'Perhaps a food truck first. Perhaps a stall.'\n")
    q = quotes_of(text, parser)["Perhaps a food truck firs"]
    assert (q.speaker, q.sieve) == ("Linh Tran", "previous-sentence")


def test_attribution_quote_paragraph_after_someone_else_acts(parser):
    # ... but not when another person is the subject after that report
    text = ("Linh Tran said the pair have toured other kitchens. Omar Haddad, her landlord, "
            "refused to lower the rent.\n\n'Perhaps a food truck first. Perhaps a stall.'\n")
    assert quotes_of(text, parser)["Perhaps a food truck firs"].speaker != "Linh Tran"


def test_attribution_office_named_with_a_role_is_a_body(parser):
    # "the Office of the High Commissioner" is a body's name, not "the ... Commissioner" nor anyone's office
    text = ("Rana Odeh dismissed the debate on Monday.\n\n"
            "The Office of the High Commissioner said in a statement that it \"welcomes the support.\"\n")
    assert speaker(text, parser, "welcomes the support") == "Office of the High Commissioner"


def test_attribution_state_and_party_label_is_the_member_just_named(parser):
    # "the Oregon Democrat" is Sen. Hale, not a person called "Oregon Democrat"
    text = ("Sen. Tom Hale spoke first on Tuesday.\n\n"
            "\"This budget leaves the coast with nothing,\" the Oregon Democrat said.\n")
    q = quotes_of(text, parser)["This budget leaves the co"]
    assert (q.speaker, q.resolution) == ("Tom Hale", "nominal")


def test_attribution_another_with_an_unnamed_description(parser):
    # "Another, a nurse from Elm Grove, said": the nurse speaks, not the town
    text = ("Shoppers lined up at the market. Another, a nurse from Elm Grove, said the new rules "
            "were \"a week of paperwork for a day of sales.\"\n")
    assert speaker(text, parser, "a week of paperwork") == "a nurse from Elm Grove"


def test_attribution_memo_obtained_by_the_paper_is_the_issuers(parser):
    # the paper that saw the letter did not write it; the body that "told" ports did,
    # and its name runs through "and"
    text = ("The Office of Ports and Harbours on Friday told harbour masters to check their cranes, "
            "according to a letter seen by this paper.\n\n"
            "\"Every crane must be inspected by June,\" the letter reads.\n")
    assert speaker(text, parser, "Every crane must be") == "Office of Ports and Harbours"


def test_attribution_someones_answer_before_a_colon(parser):
    text = "Rick Castle asked about the bridge. Mary Lund's reply: \"The money was spent on the schools.\"\n"
    q = quotes_of(text, parser)["The money was spent on th"]
    assert (q.speaker, q.sieve) == ("Mary Lund", "colon-lead")


def test_attribution_the_man_whose_name_is(parser):
    text = ("The driver shrugs. \"The road was never this bad,\" says the driver, whose name is Tom Vale "
            "and who hauls gravel.\n")
    assert speaker(text, parser, "The road was never") == "Tom Vale"


def test_attribution_it_after_a_document_that_spoke_is_that_document(parser):
    # "it" is the study that spoke in the sentence before, not the last organisation named
    text = ("The Harbour Authority published its figures on Monday.\n\n"
            "\"Freight volumes fell for a third year,\" the study says.\n\n"
            "It also warns that repairs \"were put off again and again\" since 2019.\n")
    q = quotes_of(text, parser)["were put off again and ag"]
    assert (q.speaker, q.speaker_mention, q.resolution) == ("study", "It", "document")


def test_attribution_party_label_prefers_the_member_just_named(parser):
    # an aide described as "Republican" earlier does not take "the Ohio Republican" from the member
    text = ("A Republican staff aide said the subpoena went out on Monday.\n\n"
            "Rep. Carl Dorsey, who chairs the panel, spoke to reporters after the hearing.\n\n"
            "\"We will read every page of it,\" the Ohio Republican said.\n")
    assert speaker(text, parser, "We will read every page") == "Carl Dorsey"


def test_attribution_a_reader_writing_in(parser):
    # "reader", "listener", "caller": people the story quotes without a name
    text = ("A reader in Cedar Falls asked us to check the figures, writing in an email that she was "
            "\"lost between two sets of numbers.\"\n")
    assert speaker(text, parser, "lost between two sets") == "A reader in Cedar Falls"


def test_attribution_epigraph_signed_on_the_line_below(parser):
    text = ("FACT CHECK\n\n\"Bus fares doubled while my opponent ran the city.\"\n"
            "— Sen. Rick Castle (D-Ore.), in a debate on May 2, 2024\n\nThe claim needs context.\n")
    q = quotes_of(text, parser)["Bus fares doubled while m"]
    assert (q.speaker, q.sieve) == ("Rick Castle", "dash-tag")


def test_attribution_turn_label_is_not_the_subject_of_the_turn(parser):
    # the parser makes the label the subject of the turn's first verb; the agency called it that
    text = ("ANCHOR: Our guest is Paul Linden. And Pyongyang?\n\n"
            "LINDEN: North Korea's KCNA called the budget a \"dangerous ambition\" and said it would respond.\n")
    assert speaker(text, parser, "dangerous ambition") == "KCNA"


def test_attribution_a_broader_role_word_stands_for_a_narrower_title(parser):
    officer = ("Farid Nasser, a retired colonel who served in the north, doubts the plan. "
               "Layla Karimi, a nurse at the camp, agreed with him.\n\n"
               "\"The danger is real,\" the former officer said.\n")
    assert speaker(officer, parser, "The danger is real") == "Farid Nasser"
    cleric = ("Sheikh Hadi Amiri leads prayers in the old town. Mayor Rana Saleh opened a clinic there.\n\n"
              "\"Let them fight their war somewhere else,\" the cleric said.\n")
    assert speaker(cleric, parser, "Let them fight") == "Hadi Amiri"


def test_attribution_a_nationality_fits_a_person_whose_country_is_unsaid(parser):
    filler = ("The reinforcements, about 300 soldiers with armoured vehicles and engineers, arrived by road "
              "over the weekend and will patrol the crossings and the valley villages for at least two months, "
              "the mission said in a written statement that also listed the units involved and their bases.\n\n")
    text = ("The mission's commander, Major General Paolo Ferri, spoke to reporters on Friday.\n\n"
            + filler * 2 + "\"We will act if violence is used,\" the Italian general said.\n")
    assert speaker(text, parser, "We will act") == "Paolo Ferri"
    other = ("French General Jules Moreau spoke to reporters on Friday.\n\n"
             + filler * 2 + "\"We will act if violence is used,\" the Italian general said.\n")
    assert speaker(other, parser, "We will act") != "Jules Moreau"


def test_attribution_a_bare_spokesperson_speaks_for_the_body_just_said_to_speak(parser):
    text = ("The Harbour Workers Association said it had filed a complaint. \"Our crews acted within the law,\" "
            "a spokesperson said. \"We will publish the logs,\" the spokesperson added.\n\n"
            "Farmers in the delta said the water was rising. \"Nobody came,\" a spokesperson said.\n")
    assert speaker(text, parser, "Our crews") == "Harbour Workers Association spokesperson"
    assert speaker(text, parser, "We will publish") == "Harbour Workers Association spokesperson"
    assert speaker(text, parser, "Nobody came") in ("a spokesperson", "spokesperson")


def test_attribution_its_spokesperson_speaks_for_the_body_it_points_to(parser):
    text = ("The Harbour Workers Association filed a complaint on Monday. \"The cranes are unsafe,\" "
            "its spokesman said.\n")
    assert speaker(text, parser, "The cranes") == "Harbour Workers Association spokesman"


def test_attribution_quoted_answers_in_an_interview_are_the_interviewees(parser):
    text = ("Harbour chief: \"We are not a toll gate\"\n\n"
            "Q&A | Interview by Tomas Weller\n\n"
            "PORT ALDER — Ingrid Valsson runs the busiest harbour on the coast. Valsson, 52, took the job in May. "
            "The transport minister, Pavel Okoro, has called the new fees \"a tax on bread\".\n\n"
            "Q: Okoro says the fees hurt families. Is he right?\n\n"
            "A: \"No. The fees pay for the dredging, and without dredging there is no port.\"\n\n"
            "Q: Will you raise them again?\n\n"
            "\"Not this year,\" she said. \"Maybe never.\"\n")
    quotes = quotes_of(text, parser)
    assert quotes["No. The fees pay for the "].speaker == "Ingrid Valsson"
    assert speaker(text, parser, "Not this year") == "Ingrid Valsson"
    assert speaker(text, parser, "Maybe never") == "Ingrid Valsson"
    assert speaker(text, parser, "a tax on bread") == "Pavel Okoro"


def test_attribution_the_statement_is_that_of_whoever_spoke_last_in_its_paragraph(parser):
    text = ("The Harbour Workers Association said the cranes were unsafe and called for an inspection. "
            "\"Nobody should work under them,\" the statement said.\n")
    assert speaker(text, parser, "Nobody should") == "Harbour Workers Association"
    unheralded = "Rain fell all week. \"Nobody should work under them,\" the statement said.\n"
    assert speaker(unheralded, parser, "Nobody should") == "statement"


def test_attribution_the_agency_is_the_body_named_last_whatever_its_name(parser):
    text = ("Floods closed the coastal road for a week. The Valdoran Transport Ministry said repairs would start soon.\n\n"
            "According to CORVIA, more than 400 families left their homes. The agency said in a statement that the "
            "shelters were \"full beyond capacity\".\n")
    assert speaker(text, parser, "full beyond") == "CORVIA"


def test_attribution_a_name_ending_in_news_is_an_outlet_not_a_person(parser):
    from stance.lexicon import load_lexicon
    from stance.mentions import Entities
    doc = parser("Valley News | Local\n\nKerris Obuor, who runs the housing office, spoke on Monday.\n")
    kinds = {e.name: e.kind for e in Entities(doc, load_lexicon(), []).items}
    assert kinds["Valley News"] == "organisation"


def test_attribution_the_name_after_an_opening_participle_phrase_is_the_subject(parser):
    text = ("Addressing donors in Oslo, Kerris Obuor-Lane, Special Envoy of the Secretary-General and head of the "
            "Lakes Office, called the season \"the worst in memory\".\n")
    assert speaker(text, parser, "the worst in memory") == "Kerris Obuor-Lane"


def test_attribution_an_initial_alone_is_no_known_persons_name(parser):
    text = ("Sam Ortiz reported from the Pentagon on Monday. One U.S. navy official told reporters that the ships "
            "would \"stay as long as needed.\"\n")
    assert speaker(text, parser, "stay as long") == "One U.S. navy official"


def test_attribution_an_ampersand_and_a_plural_body_word_keep_a_name_whole(parser):
    text = ("In a notice posted on Friday, the Centers for Farming & Fisheries Research said the catch would fall "
            "by \"roughly a third\" this year.\n")
    assert speaker(text, parser, "roughly a third") == "Centers for Farming & Fisheries Research"


def test_attribution_a_name_after_a_description_ending_in_a_place_is_the_described_person(parser):
    text = ("Peru's ambassador in Oslo, Mateo Ruiz-Orvil, told the paper that his country was "
            "\"proud of the new ferry line\".\n\n\"It took ten years of talks,\" the envoy said.\n")
    assert speaker(text, parser, "proud of the new") == "Mateo Ruiz-Orvil"
    assert speaker(text, parser, "It took ten years") == "Mateo Ruiz-Orvil"


def test_attribution_a_bare_spokesperson_looks_back_only_within_its_own_paragraph(parser):
    # paragraphs are lines (quotes.paragraphs), also when no blank line separates them
    text = ("The Harbour Workers Association said the cranes were unsafe.\n"
            "Farmers in the delta said the water was rising. \"Nobody came,\" a spokesperson said.\n")
    assert speaker(text, parser, "Nobody came") == "a spokesperson"


def test_attribution_a_speech_verb_joined_to_a_reported_clause_is_the_reporters(parser):
    text = ("A report published this month by the Delta Water Institute says the lake shrank by a fifth "
            "over the decade and warns that new dams \"cannot hold another dry summer\".\n")
    assert speaker(text, parser, "cannot hold") == "Delta Water Institute"


def test_attribution_a_document_sent_by_a_body_speaks_for_it(parser):
    text = ("A letter sent to the governor on Friday by a coalition of nine fishing unions says the river is dying "
            "and warns of \"a season lost to neglect\".\n")
    assert speaker(text, parser, "a season lost") == "a coalition of nine fishing unions"


def test_attribution_the_statement_is_that_of_a_subject_of_a_conjoined_verb(parser):
    text = ("The Harbour Board lodged a protest and said in a statement posted online that the council had "
            "\"ignored every warning\" about the dredging.\n\n"
            "\"The port belongs to the people of the bay,\" the statement said.\n")
    assert speaker(text, parser, "The port belongs") == "Harbour Board"


def test_attribution_the_document_is_the_report_named_before(parser):
    text = ("According to a report published in March by the Coastal Watch Institute, the wetlands have lost a "
            "third of their birds. The document says the bay has become \"a desert of reeds\".\n")
    assert speaker(text, parser, "a desert of reeds") == "Coastal Watch Institute"



def test_attribution_a_bracketed_clip_label_or_a_label_with_its_seat_names_the_speaker(parser):
    text = ("ANCHOR: Our correspondent reports from the harbour.\n\n"
            "REPORTER: The harbour master, Ines Valdor, spoke to reporters this morning.\n\n"
            "[CLIP — VALDOR]: 'The port will reopen on Monday, and the fees will not rise.'\n\n"
            "MARK OKAFOR (Dunmore, Labour): 'Will the fees rise again next year?'\n")
    assert speaker(text, parser, "The port will reopen") == "Ines Valdor"
    assert speaker(text, parser, "Will the fees rise") == "Mark Okafor"


def test_attribution_a_broadcast_label_with_who_they_are_after_a_comma_names_the_speaker(parser):
    text = ("REPORTER: The port director, Ines Valdor, spoke to reporters this morning.\n\n"
            "INES VALDOR, PORT DIRECTOR (sound bite): 'The port will reopen on Monday.' 'The fees will not rise.'\n\n"
            "TOMÁŠ ŽIVKOVIĆ, RESIDENT (through translator): 'We only want to live normally.'\n\n"
            "ŽIVKOVIĆ (through translator): 'Nobody asks us.'\n")
    assert speaker(text, parser, "The port will reopen") == "Ines Valdor"
    assert speaker(text, parser, "The fees will not rise") == "Ines Valdor"
    assert speaker(text, parser, "We only want") == "Tomáš Živković"
    assert speaker(text, parser, "Nobody asks us") == "Tomáš Živković"


def test_attribution_a_quoted_verb_does_not_make_the_tag_after_it_a_report(parser):
    text = ("'The road will bring trade,' a ministry spokesperson told reporters.\n\n"
            "In the hill towns, people worry about daily life. 'The bus stopped coming in March. Nobody tells us why,' "
            "Sevan Arakelyan, a 60-year-old baker, told me in May.\n\n"
            "'We will manage, as always,' she said.\n")
    assert speaker(text, parser, "We will manage") == "Sevan Arakelyan"


def test_attribution_a_place_joined_by_a_hyphen_to_a_participle_is_no_name(parser):
    text = ("Marco Vidal, a director at the state mining company, rejected the findings. 'Our exports are "
            "documented,' he said.\n\n"
            "A Lisbon-based trader, who asked not to be named, said prices there 'doubled since the spring'. "
            "'Every shipment now waits a week at the border,' he said.\n")
    assert speaker(text, parser, "Every shipment now") == "A Lisbon-based trader"


def test_attribution_the_age_alone_is_the_person_just_named(parser):
    text = ("Senator Greg Holm, who chairs the farm committee, said he would bring a water bill to the floor in May. "
            "The 61-year-old said his bill would \"keep the valley green for our grandchildren.\"\n")
    assert speaker(text, parser, "keep the valley green") == "Greg Holm"


def test_attribution_the_head_of_state_is_the_president_just_named(parser):
    text = ("Trade ministers met in Vardena on Monday. President Orhan Kelmet spoke on state radio the same day. "
            "\"Our borders are not for sale,\" the head of state said.\n")
    assert speaker(text, parser, "Our borders") == "Orhan Kelmet"


def test_attribution_a_person_familiar_and_another_fan_are_unnamed_sources(parser):
    text = ("A person familiar with the talks, who asked not to be named because they were private, said the "
            "club had weighed a bigger sale. \"The board argued about the price for weeks,\" the person said.\n\n"
            "Another fan, who has held a season ticket for 30 years, said: 'The new owner must spend money on the squad.'\n")
    assert speaker(text, parser, "The board argued") == "A person familiar with the talks"
    assert speaker(text, parser, "The new owner must") == "Another fan"


def test_attribution_said_one_is_one_of_the_people_just_named(parser):
    text = ("Back in the market, the taxi drivers who wait under the tree had a simpler reading. 'The fares went "
            "up again in June,' said one. 'Fuel costs twice what it did.'\n")
    assert speaker(text, parser, "The fares went") == "one of the taxi drivers"
    assert speaker(text, parser, "Fuel costs twice") == "one of the taxi drivers"



def test_attribution_a_speaker_who_shot_back(parser):
    text = ("Finance Minister Lena Duval faced the committee on Tuesday. MP Joel Harte asked who would pay for the "
            "new port.\n\n\"The port pays for itself within a decade,\" the minister shot back.\n")
    assert speaker(text, parser, "The port pays") == "Lena Duval"


def test_attribution_the_cs_is_the_cabinet_secretary(parser):
    text = ("Interior Cabinet Secretary Jonah Kiprop defended the mission before MPs on Tuesday. MP Ruth Achieng "
            "asked about the budget.\n\n\"The funds come from our partners,\" the CS said.\n")
    assert speaker(text, parser, "The funds come") == "Jonah Kiprop"


def test_a_transcripts_q_label_is_a_reporter_in_a_briefing_and_the_interviewer_in_an_interview(parser):
    briefing = ("Port Minister Erik Halvorsen took questions for half an hour on Friday.\n\n"
                "The questions turned to the port levy. Part of the exchange, from the ministry's transcript:\n\n"
                "Q: \"Why wait until spring to collect it?\"\n\n"
                "MR. HALVORSEN: \"Because the scanners arrive in March. Not before.\"\n\n"
                "Q: \"Did the shipping lines ask for more time?\"\n\n"
                "MR. HALVORSEN: \"Not to my knowledge.\"")
    interview = briefing.replace("Part of the exchange, from the ministry's transcript:",
                                 "From our interview with Halvorsen, shortened:")
    for text, asker in ((briefing, "a reporter"), (interview, "interviewer")):
        quotes = extract_quotes(Document("t", text), parser)
        assert [(q.speaker, q.sieve) for q in quotes] == [(asker, "turn-label"), ("Erik Halvorsen", "turn-label")] * 2


def test_a_vox_pops_rider_and_another_alone_are_the_people_described(parser):
    # "rider" is a person's role; "Another" alone is one more of the farmers the sentence before introduced
    riders = ("Buses stall in the rain\n\nAt the depot, commuters waited for shuttles that never came. "
              "\"Two hours now,\" one commuter said.\n\n"
              "Another rider shrugged. \"I saw this coming for a month. I rented a bike on Monday,\" he said.")
    farmers = ("Valley told to leave\n\nNot everyone planned to go. One farmer, a beekeeper near the bridge, said he "
               "would stay and soak his barn roof. \"I've seen four of these,\" he said.\n\n"
               "Another was already packing the truck. \"The air hurt my lungs last time. Never again,\" she said.")
    assert [q.speaker for q in extract_quotes(Document("t", riders), parser)][-1] == "Another rider"
    assert [q.speaker for q in extract_quotes(Document("t", farmers), parser)][-1] == "another farmer"


def test_a_given_name_read_as_per_is_the_speaker_not_according_to(parser):
    """'Per' before a capitalised name inside a sentence is a given name; lower-case 'per' and a
    sentence's first 'Per' stay 'according to'."""
    inverted = '"We cannot keep the ferry running all winter," said Per Solvik, the deputy mayor of the island.\n'
    q = next(iter(quotes_of(inverted, parser).values()))
    assert (q.speaker, q.sieve, q.resolution) == ("Per Solvik", "cue-verb", "name")
    apposed = ("The council met in the school hall on Monday.\n\n"
               "The mayor, Per Lunde, said: \"The new harbour wall will be finished by the autumn.\"\n\n"
               "\"We will believe it when we see it,\" said Ingrid Moe, who runs the bakery.\n")
    assert [q.speaker for q in quotes_of(apposed, parser).values()] == ["Per Lunde", "Ingrid Moe"]
    after = '"The wall will hold," Per Lunde said on Monday.\n'
    assert speaker(after, parser, "The wall") == "Per Lunde"
    lower = '"The tunnel opens in March," per Tom Arkwright, the engineer in charge.\n'
    q = next(iter(quotes_of(lower, parser).values()))
    assert (q.speaker, q.sieve) == ("Tom Arkwright", "according-to")
    statement = '"The tunnel opens in March," per a statement from the roads agency.\n'
    assert next(iter(quotes_of(statement, parser).values())).sieve == "according-to"


def test_attribution_a_question_opened_by_will_names_no_will(parser):
    text = ('HOST: Will Brandt start in goal on Sunday?\n\nGUEST: He is fit.\n\n'
            'Brandt told the club paper he was "ready for any keeper duel," and Ole Brandt trains alone.\n')
    assert speaker(text, parser, "ready for") != "Will Brandt"


def test_attribution_per_reuters_at_a_sentence_start_stays_the_preposition(parser):
    text = 'Per Reuters, the port is "finished for the season," a trader said.\n'
    assert speaker(text, parser, "finished") == "a trader"


def test_attribution_title_case_headline_speaks_through_the_person_it_opens_with(parser):
    # the tagger reads the whole headline as one name ("... Chief"), its quote hung on it
    text = ("Senator Jane Holt Slams Acme Bank Chief: ‘You Should Resign Today.’\n\n"
            "Senator Jane Holt grilled the chief executive of Acme Bank on Tuesday.\n\n"
            '"We will not stand for this," Holt said.\n')
    q = quotes_of(text, parser)["You Should Resign Today."]
    assert (q.speaker, q.sieve) == ("Jane Holt", "colon-lead")
    assert q.speaker_mention == "Senator Jane Holt Slams Acme Bank Chief"


def test_attribution_headline_opened_by_someone_of_the_person_is_not_the_person(parser):
    body = "\n\nSenator Jane Holt spoke on Monday.\n\n\"We will win,\" Holt said.\n"
    for headline in ("Holt's Lawyer Fires Back: \"No Comment\"", "Holt Lawyer Fires Back: \"No Comment\""):
        assert "Jane Holt" != speaker(headline + body, parser, "No Comment")


def test_attribution_a_description_ends_at_its_last_word_not_at_the_line_break(parser):
    text = ("Commuters were calm.\n\nOne porter, who has carried bags at the station since 1998, sighed when told about "
            'the closure.\n\n"It is just a timetable," he said.\n')
    q = quotes_of(text, parser)["It is just a timetable,"]
    assert (q.speaker, q.speaker_mention) == ("One porter", "he")


@pytest.mark.parametrize("opening, who", [("For her", "Marta Vilches"), ("For Vilches", "Marta Vilches")])
def test_a_fronted_for_a_person_gives_the_quote_to_that_person(parser, opening, who):
    text = ("Marta Vilches, who chairs the tenants' union, was less forgiving. "
            f"{opening}, closing the office on a Friday \"is a gift to landlords.\"")
    q = next(iter(quotes_of(text, parser).values()))
    assert (q.speaker, q.sieve) == (who, "according-to")


def test_a_fronted_for_a_time_credits_no_one(parser):
    text = "The council met on Friday. For years, the rules have been \"a gift to landlords.\""
    assert next(iter(quotes_of(text, parser).values())).speaker == ""
