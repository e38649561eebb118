"""What the article says a speaker is: hand-made sentences with known answers."""
import pytest

from stance.describe import describe_speakers
from stance.records import Document, Quote


def _describe(text, speaker, mention=None, speaker_type="person"):
    """Describe one quote whose speaker mention is the first occurrence of `mention` in `text`."""
    start = text.index(mention) if mention else None
    quote = Quote("d", "d:1", 0, 1, "w", "direct", speaker=speaker, speaker_type=speaker_type,
                  speaker_start=start, speaker_end=None if start is None else start + len(mention))
    got = describe_speakers(Document("d", text), [quote])[0]
    return got.speaker_role, got.speaker_country


@pytest.mark.parametrize("text, speaker, mention, expected", [
    # Adjective before the name, in a sentence without the quote; quoted later by surname.
    ("Iraqi Shia cleric Muqtada al-Sadr made a similar call. Sadr said “stay home”.",
     "Muqtada al-Sadr", "Sadr said", ("shia cleric", "Iraq")),
    # Possessive country before the title.
    ("Syria’s interim Foreign Minister Asaad al-Shaibani visited Baghdad. “We are ready,” he said.",
     "Asaad al-Shaibani", "he", ("interim foreign minister", "Syria")),
    # Apposition after the name.
    ("“Borders matter,” said Fuad Hussein, Iraq's foreign minister, on Sunday.",
     "Fuad Hussein", "Fuad Hussein", ("foreign minister", "Iraq")),
    ("Kamala Osei, a Ghanaian diplomat, said “no”.", "Kamala Osei", "Kamala Osei", ("diplomat", "Ghana")),
    # A nominal mention describes the speaker it resolves to.
    ("Rami Haddad arrived. “It is over,” the Lebanese minister said.", "Rami Haddad", "minister",
     ("minister", "Lebanon")),
    # Two-word nationalities, and abbreviations as the table writes them.
    ("South Sudanese army chief Deng Malual said “we hold”.", "Deng Malual", "Deng Malual",
     ("army chief", "South Sudan")),
    ("U.S. envoy Tom Barrack said “talks go on”.", "Tom Barrack", "Tom Barrack", ("envoy", "United States")),
    # The title before the name wins over a later apposition in the same clause.
    ("Angola’s President João Lourenço, the African Union’s mediator, said “talk”.", "João Lourenço",
     "João Lourenço", ("president", "Angola")),
    # An apposition up to its first preposition; a mention that holds the apposition is not re-read.
    ("“War is near,” said Rana Aziz, a researcher at a Baghdad policy institute.", "Rana Aziz",
     "Rana Aziz, a researcher at a Baghdad policy institute", ("researcher", "")),
    ("Omar Dualeh, the Kenyan commander of the mission, said “we hold”.", "Omar Dualeh", "Omar Dualeh",
     ("commander", "Kenya")),
    # Where someone works: "-based".
    ("“Talks fail,” said Mogadishu-based security analyst Abdi Nur.", "Abdi Nur", "Abdi Nur",
     ("security analyst", "Somalia")),
    ("Dominican President Luis Ferrer said “no”.", "Luis Ferrer", "Luis Ferrer", ("president", "Dominican Republic")),
])
def test_describe_reads_role_and_country_around_the_speaker(text, speaker, mention, expected):
    assert _describe(text, speaker, mention) == expected


def test_describe_organisations_from_their_mention():
    text = "“Strikes will go on,” the Turkish defence ministry said."
    assert _describe(text, "the Turkish defence ministry", "the Turkish defence ministry", "organisation") == (
        "defence ministry", "Turkey")


@pytest.mark.parametrize("text, speaker, mention, expected", [
    # A given name shared with someone else: Faisal is not Faisal bin Farhan.
    ("Saudi Foreign Minister Prince Faisal bin Farhan met Foreign Minister Faisal Mekdad. “Yes,” Mekdad said.",
     "Faisal Mekdad", "Mekdad", ("foreign minister", "")),
    # A given name that sounds like another's (Lawrence, Lourenço).
    ("Angola’s President João Lourenço spoke. Rebel spokesman Lawrence Kanyuka wrote “calm”.",
     "Lawrence Kanyuka", "Lawrence Kanyuka", ("spokesman", "")),
    # "His foreign office" describes the office, not the person it speaks for.
    ("Amir Sultani spoke. “No,” his foreign office said.", "office of Amir Sultani", "his foreign office", ("", "")),
])
def test_describe_does_not_borrow_other_descriptions(text, speaker, mention, expected):
    kind = "organisation" if speaker.startswith("office") else "person"
    assert _describe(text, speaker, mention, kind) == expected


@pytest.mark.parametrize("text, speaker", [
    # A place ending an earlier phrase is no nationality.
    ("After talks in Syria, Sadr said “enough”.", "Sadr"),
    # A different person's description: Bashar is not Hafez.
    ("Syrian leader Bashar al-Assad spoke. Hafez al-Assad said “no”.", "Hafez al-Assad"),
    # A long clause after the name is no apposition.
    ("Faleh al-Fayyad, the head of a force now part of Iraq's army, said “no”.", "Faleh al-Fayyad"),
    # A place listed after the name is no apposition either.
    ("Talks between Sudani, Syria and Jordan ended. Sudani said “good”.", "Sudani"),
])
def test_describe_leaves_country_empty_without_a_description(text, speaker):
    assert _describe(text, speaker)[1] == ""


def test_describe_joint_speakers_in_speaker_order():
    text = "Iraqi Prime Minister Mohammed Shia al-Sudani met Jordanian King Abdullah. “We agree,” they said."
    quote = Quote("d", "d:1", 0, 1, "w", "direct", speaker="Mohammed Shia al-Sudani;Abdullah", speaker_type="person")
    got = describe_speakers(Document("d", text), [quote])[0]
    assert (got.speaker_role, got.speaker_country) == ("prime minister;king", "Iraq;Jordan")


def test_describe_leaves_quotes_without_speaker_alone():
    quote = Quote("d", "d:1", 0, 1, "w", "direct")
    assert describe_speakers(Document("d", "Iraqi officials said “x”."), [quote]) == [quote]
