import pytest

from stance.actors import actor_table, assign_actors, speaker_kind
from stance.errors import StanceError
from stance.names import same_token
from stance.describe import describe_speakers
from stance.records import Document, Quote, quotes_from_frame
from stance.registry import load_registry


def _quotes(*speakers, doc="d1", sentence=""):
    return [Quote(doc, f"{doc}:{i}", 0, 1, "w", "direct", speaker=s, sentence=sentence) for i, s in enumerate(speakers)]


def _ids(quotes, registry=None):
    return {q.speaker: q.actor_id for q in assign_actors(quotes, registry)}


VARIANTS = ["Sudani", "Mohammed Shia’ al-Sudani", "Iraqi Prime Minister Mohammed Shia al-Sudani",
            "Faleh al-Fayyad", "Falih al-Fayyadh", "Abu Mohammed al-Jolani", "Abu Mohammad Al-Jolani",
            "Ibrahim al-Jaafari", "Al-Jaafari", "Ja'afari", "Fuad Hussein", "Bassam al-Sabbagh",
            "Abbas Araghchi", "Bashar al-Assad", "Hafez al-Assad", "Iraqi Foreign Ministry", "Syrian opposition"]


def test_actors_gold_and_surface_variants(gold_frame):
    quotes = quotes_from_frame(gold_frame) + _quotes(*VARIANTS, doc="extra")
    ids = _ids(quotes)
    assert {ids[s] for s in ("Mohammed Shia al-Sudani", *VARIANTS[:3])} == {"mohammed-shia-al-sudani"}
    assert ids["Faleh al-Fayyad"] == ids["Falih al-Fayyadh"] == "faleh-al-fayyad"
    assert ids["Abu Mohammed al-Jolani"] == ids["Abu Mohammad Al-Jolani"]
    assert ids["Ibrahim al-Jaafari"] == ids["Al-Jaafari"] == ids["Ja'afari"]
    others = ["Fuad Hussein", "Bassam al-Sabbagh", "Abbas Araghchi", "Bashar al-Assad", "Hafez al-Assad",
              "Iraqi Foreign Ministry", "Syrian opposition", "Muqtada al-Sadr", "Walid al-Moallem",
              "Asaad al-Shaibani", "Mohammed Shia al-Sudani", "Faleh al-Fayyad",
              "Abu Mohammed al-Jolani", "Ibrahim al-Jaafari", "anonymous Iraqi foreign ministry official"]
    assert len({ids[s] for s in others}) == len(others)


def test_actors_joint_speakers_get_both_ids():
    ids = _ids(_quotes("Fuad Hussein; Bassam al-Sabbagh", "Mohammed Shia al-Sudani and Fuad Hussein",
                       "Bosnia and Herzegovina"))
    assert ids["Fuad Hussein; Bassam al-Sabbagh"] == "fuad-hussein;bassam-al-sabbagh"
    assert ids["Mohammed Shia al-Sudani and Fuad Hussein"] == "mohammed-shia-al-sudani;fuad-hussein"
    assert ids["Bosnia and Herzegovina"] == "bosnia-and-herzegovina"


def test_actors_ambiguous_surname_prefers_same_document():
    quotes = _quotes("Bashar al-Assad", "President Assad", doc="a") + _quotes("Hafez al-Assad", doc="b")
    assert _ids(quotes)["President Assad"] == "bashar-al-assad"
    both = _quotes("Bashar al-Assad", "Hafez al-Assad", "Assad")
    assert _ids(both)["Assad"] == "assad"


def test_actors_role_noun_joins_person_the_article_names():
    sentence = "Iraqi Prime Minister Mohammed Shia al-Sudani said on Friday"
    quotes = _quotes("Mohammed Shia al-Sudani", "the Iraqi prime minister", sentence=sentence)
    assert _ids(quotes)["the Iraqi prime minister"] == "mohammed-shia-al-sudani"


def test_actors_table_counts_and_country():
    sentence = "Iraq’s Foreign Minister Fuad Hussein met his Syrian counterpart Bassam al-Sabbagh"
    quotes = _quotes("Fuad Hussein", "Hussein", "Bassam al-Sabbagh", sentence=sentence) + _quotes("Fuad Hussein", doc="d2")
    table = actor_table(quotes).set_index("actor_id")
    assert table.loc["fuad-hussein", ["n_quotes", "n_docs", "country"]].tolist() == [3, 2, "Iraq"]
    assert table.loc["bassam-al-sabbagh", "country"] == "Syria"
    assert table.loc["fuad-hussein", "aliases"] == "Hussein"


def test_actors_anonymous_source_is_one_actor_per_document():
    # The same description in two articles is two unknown people; within one article, one source.
    quotes = [Quote(doc, f"{doc}:{i}", 0, 1, "w", "direct", speaker="a senior official", speaker_type="anonymous")
              for doc in ("kyiv-1", "lagos-7") for i in range(2)]
    quotes.append(Quote("lagos-7", "lagos-7:9", 0, 1, "w", "direct", speaker="the Interior Ministry"))
    quotes.append(Quote("kyiv-1", "kyiv-1:9", 0, 1, "w", "direct", speaker="the Interior Ministry"))
    ids = [q.actor_id for q in assign_actors(quotes)]
    assert ids[:4] == ["a-senior-official", "a-senior-official", "a-senior-official-2", "a-senior-official-2"]
    assert ids[4] == ids[5] == "interior-ministry"  # a named body stays one actor across articles
    table = actor_table(quotes).set_index("actor_id")
    assert table.loc[["a-senior-official", "a-senior-official-2"], "n_docs"].tolist() == [1, 1]


def test_actors_speaker_kind():
    assert speaker_kind("Iraqi Foreign Ministry") == "organisation"
    assert speaker_kind("Syrian opposition") == "organisation"
    assert speaker_kind("prominent Iraqi voices") == "group"
    assert speaker_kind("anonymous Iraqi foreign ministry official") == "anonymous"
    assert speaker_kind("Muqtada al-Sadr") == "person"


def test_names_transliteration_keeps_different_names_apart():
    assert same_token("mohammed", "muhammad") and same_token("husayn", "hussein")
    assert not same_token("hussein", "hassan") and not same_token("bashar", "bashir")


def test_actors_registry_overrides_and_extends(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- actor_id: hts-leader\n  name: Ahmed al-Sharaa\n  aliases: [Abu Mohammed al-Jolani]\n"
                    "  type: person\n  country: Syria\n  role: HTS leader\n", encoding="utf-8")
    registry = load_registry(path)
    quotes = _quotes("Abu Mohammad Al-Jolani", "Ahmed al-Sharaa", "Fuad Hussein")
    ids = _ids(quotes, registry)
    assert ids["Abu Mohammad Al-Jolani"] == ids["Ahmed al-Sharaa"] == "hts-leader"
    assert ids["Fuad Hussein"] == "fuad-hussein"
    row = actor_table(quotes, registry).set_index("actor_id").loc["hts-leader"]
    assert (row["name"], row["country"], row["n_quotes"]) == ("Ahmed al-Sharaa", "Syria", 2)


def test_actors_registry_csv(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor_id,name,aliases,type,country,role\niraq-mfa,Iraqi Foreign Ministry,"
                    "Iraq's foreign ministry|MFA,organisation,Iraq,\n", encoding="utf-8")
    assert _ids(_quotes("Iraq's foreign ministry"), load_registry(path))["Iraq's foreign ministry"] == "iraq-mfa"


@pytest.mark.parametrize("name,text,problem", [
    ("bad.yaml", "- name: [unclosed\n", "not valid YAML"),
    ("bad.yaml", "- actor_id: x\n", "missing name"),
    ("bad.csv", "actor_id,name,type\nx,X,robot\n", "type 'robot'"),
    ("bad.csv", "actor_id,name\nx,X\nx,Y\n", "duplicate actor_id"),
    ("bad.txt", "x", "must be .csv"),
    # quotes.csv joins a quote's speakers' ids with ';': this actor was counted as two in the matrix
    ("bad.csv", "actor_id,name\nmara;vell,Mara Vell\n", "line 2: actor_id 'mara;vell' has a ';'"),
    ("bad.yaml", "- actor_id: owen;prask\n  name: Owen Prask\n", "entry 1: actor_id 'owen;prask' has a ';'"),
])
def test_registry_malformed_is_one_line_error(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StanceError) as err:
        load_registry(path)
    assert problem in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_actors_role_and_country_from_the_article_description():
    """actors.csv votes over what `stance.describe` read around each quote's speaker."""
    def described(doc_id, text, speaker):
        quote = Quote(doc_id, f"{doc_id}:1", 0, 1, "w", "direct", speaker=speaker, speaker_type="person")
        return describe_speakers(Document(doc_id, text), [quote])

    quotes = described("d1", "Iraqi Shia cleric Muqtada al-Sadr made a call.\nSadr said fighters must stay home.",
                       "Muqtada al-Sadr") \
        + described("d2", "Syria’s interim Foreign Minister Asaad al-Shaibani visited Baghdad.", "Asaad al-Shaibani") \
        + _quotes("President Paul Kagame", doc="d3")
    table = actor_table(quotes).set_index("actor_id")
    assert table.loc["muqtada-al-sadr", ["country", "role"]].tolist() == ["Iraq", "shia cleric"]
    assert table.loc["asaad-al-shaibani", ["country", "role"]].tolist() == ["Syria", "interim foreign minister"]
    assert table.loc["paul-kagame", ["country", "role"]].tolist() == ["", "president"]


def test_actors_office_of_a_person_is_that_person():
    """'His office said' resolves to "office of X": the office speaks for X, one actor in the matrix."""
    quotes = [Quote("d1", "d1:0", 0, 1, "w", "direct", speaker="Kamal Nadir", speaker_type="person"),
              Quote("d1", "d1:1", 0, 1, "w", "direct", speaker="office of Kamal Nadir", speaker_type="organisation"),
              Quote("d1", "d1:2", 0, 1, "w", "direct", speaker="Office of the Ombudsman", speaker_type="organisation"),
              Quote("d1", "d1:3", 0, 1, "w", "direct", speaker="the Ombudsman", speaker_type="person")]
    ids = _ids(quotes)
    assert ids["office of Kamal Nadir"] == ids["Kamal Nadir"] == "kamal-nadir"
    assert ids["Office of the Ombudsman"] not in ("kamal-nadir", ids["the Ombudsman"])


def test_actors_country_ignores_short_words_that_sound_like_a_given_name():
    """ "in" folds like "Ian": Turkish troops staying in Libya say nothing about Ian Doyle."""
    quotes = _quotes("Ian Doyle", sentence="Turkish troops stay in Libya, envoy Ian Doyle said “enough”.")
    assert actor_table(quotes).set_index("actor_id").loc["ian-doyle", "country"] == ""


def test_actors_role_words_read_only_the_clauses_that_can_hold_the_name():
    """The role words in front of a name come from the clauses where a word shares a blocking key
    with the name's ends (`_Clauses.holding`); reading every clause gives the same words."""
    from stance.actors import _Clauses, _role_words_in
    from stance.describe import word_positions

    context = ("Defence minister Oren Vale said the plan was sound, and Vale added: “we will wait”.",
               "Ms. Odile Brandt, the Belgian envoy, met Vale; O. Brandt said nothing.",
               "In Brussels, Brandt's deputy spoke (Ian Doyle was away).")
    clauses = _Clauses(context)

    class Every:
        def holding(self, ends):
            return [(folded, word_positions(folded)) for folded in clauses.folded]

    names = [(("oren", "vale"), ()), (("odile", "brandt"), ("ms",)), (("o", "brandt"), ()), (("ian", "doyle"), ()),
             (("noone", "here"), ("envoy",))]
    for ends, lead in names:
        assert _role_words_in(ends, lead, clauses) == _role_words_in(ends, lead, Every())
    assert "minister" in _role_words_in(("oren", "vale"), (), clauses)
    assert len(list(clauses.holding(("oren", "vale")))) < len(clauses.folded)
