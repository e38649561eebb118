"""The one name matcher's keys (stance.names), on invented names in several conventions."""
from stance.names import fold, surname_and_given, middle_keys


def test_surname_and_given_of_a_family_name_first_name():
    assert surname_and_given("Hassan Ali") == ("ali", "hassan")
    assert surname_and_given("Fung Ka-ming") == ("fung", "kaming")
    assert surname_and_given("Grace Lam Wing-yee") == ("lam", "grace")
    assert surname_and_given("Olufunke Adeola-Williams") == ("adeolawilliams", "olufunke")  # a double-barrelled surname
    assert surname_and_given("Turki al-Malki") == ("malki", "turki")
    assert surname_and_given("Lam") == ("lam", "")


def test_fold_spells_letters_unicode_does_not_decompose():
    # "Paweł" folded to "pawe" hid a man's given name, "Yıldırım" to the key "m"
    assert fold("Paweł Yıldırım Søren Đorđe Straße") == "pawel yildirim soren dorde strasse"


def test_middle_keys_are_the_words_between_the_first_and_the_last():
    assert middle_keys("Anselmo Choque Mamani") == ("choque",)
    assert middle_keys("Lucía de la Vega Ortiz") == ("vega",)
    assert middle_keys("Anselmo Choque") == ()
    assert middle_keys("Iris Chan Wai-lun") == ()  # a hyphenated given name last: the family name is not a middle word


def test_a_surname_opened_by_a_particle_has_no_given_name():
    # "Des Lauriers said" is the surname alone, not a given name "Des" that would keep it apart
    assert surname_and_given("Des Lauriers") == ("lauriers", "")
    assert surname_and_given("Van den Hoeck") == ("hoeck", "")
    assert surname_and_given("Sylvie-Anne Des Lauriers")[0] == "lauriers"
    assert surname_and_given("St. Aubin") == ("aubin", "")  # a saint's name opens the surname, no given name "St"
