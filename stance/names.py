"""Person and organisation names reduced to keys that survive spelling variation.

News spells the same Arabic, Persian or Russian name many ways (Mohammed,
Mohammad, Muhammad; Faleh, Falih; Fayyad, Fayyadh; Jaafari, Ja'afari), with or
without the al-/el- particle, titles and apostrophes. Tokens are compared by a
consonant skeleton plus a coarse vowel pattern, so transliteration variants
match while different names that share consonants (Hussein, Hassan) do not.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

from .lexicon import Lexicon, load_lexicon

ARTICLE_PARTICLES = {"al", "el", "as", "ash", "ad", "ar", "at", "az", "ul"}
NAME_PARTICLES = ARTICLE_PARTICLES | {"bin", "ibn", "bint", "abu", "abd", "de", "des", "du", "van", "von", "da", "der", "den", "ter", "ten",
                                       "le", "la", "ben", "ould", "ag", "st", "ste"}  # ("St. Pierre": no given name "St")
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"}
_APOSTROPHES = "'’‘`ʼʻ´"
# letters that Unicode does not decompose into a Latin letter and an accent ("Paweł", "Yıldırım", "Søren")
_PLAIN_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                                "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H"})
_VOWELS = set("aeiou")
_VOWEL_CLASS = {"a": "A", "e": "E", "i": "I", "y": "I", "o": "U", "u": "U", "w": "U"}


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower case ASCII words: accents and apostrophes dropped, other punctuation a space."""
    text = re.sub(rf"[{_APOSTROPHES}]s\b", "", text or "")  # possessive: Iraq's -> Iraq
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = re.sub(rf"[{_APOSTROPHES}]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """The key of one name word: folded, al-/el- particles dropped ("al-Sudani" -> "sudani")."""
    tokens = [w for w in fold(word).split() if w not in ARTICLE_PARTICLES]
    return tokens[-1] if tokens else ""


# "Ka-ming", "Ki-moon", "Jong-un": a two-syllable given name written with a hyphen and a small
# letter after it, which Chinese and Korean names put after the family name ("Fung Ka-ming",
# "Grace Lam Wing-yee"); a double-barrelled surname has a capital after it ("Adeola-Williams").
_SYLLABLE_PAIR = re.compile(r"[^\W\d_][^\W\d_A-Z]*-[^\W\d_A-Z]+")


def surname_and_given(name: str) -> tuple[str, str]:
    """(surname key, given-name key) of a person's name as written, without titles.

    "Hassan Ali" gives ("ali", "hassan"); a double-barrelled surname is one key
    ("Kwame Owusu-Boateng": "owusuboateng", so no Boateng is him), an article particle is
    dropped ("al-Malki": "malki"); a name whose last word is a hyphenated given name puts the
    family name before it: "Fung Ka-ming" gives ("fung", "kaming"), "Grace Lam Wing-yee"
    ("lam", "grace"). A single word gives (its key, "").
    """
    words = name.split()
    if not words:
        return "", ""
    pair = len(words) > 1 and _SYLLABLE_PAIR.fullmatch(words[-1]) is not None
    surname = "".join(w for w in fold(words[-2] if pair else words[-1]).split() if w not in ARTICLE_PARTICLES)
    if pair and len(words) == 2:
        return surname, fold(words[-1]).replace(" ", "")
    first = fold(words[0].split("-")[0])
    return surname, name_key(first) if len(words) > 1 and first not in NAME_PARTICLES else ""


def middle_keys(name: str) -> tuple[str, ...]:
    """Keys of the words between a full name's first and last word: "Teodoro Quispe Huamán" gives
    ("quispe",), the family name Spanish and Portuguese names put before the mother's, by which a
    story then calls the person ("Quispe said"). Particles and initials are left out; a name with a
    hyphenated given name last ("Grace Lam Wing-yee") or of fewer than three words has none."""
    words = name.split()
    if len(words) < 3 or _SYLLABLE_PAIR.fullmatch(words[-1]) is not None:
        return ()
    keys = (name_key(w) for w in words[1:-1] if fold(w) not in NAME_PARTICLES)
    return tuple(k for k in keys if len(k) > 1)


def split_title(name: str, lex: Lexicon | None = None) -> tuple[list[str], list[str]]:
    """(leading title/nationality words, name tokens) of a folded name.

    "Iraqi Prime Minister Mohammed Shia' al-Sudani" gives
    (["iraq", "prime", "minister"], ["mohammed", "shia", "sudani"]): demonyms and
    places become country names, al-/el- particles are dropped.
    """
    lex = lex or load_lexicon()
    words = fold(name).split()
    lead: list[str] = []
    def leading(k: int) -> bool:
        # A nationality counts only before a title ("Iraqi Prime Minister"), not "Chad Smith".
        w = words[k] if k < len(words) else ""
        return w in DETERMINERS or w in lex.titles or bool(lex.nationality(w)) and leading(k + 1)

    while words and leading(0):
        word = words.pop(0)
        if word not in DETERMINERS:
            lead.append(fold(lex.nationality(word)) or word)
    return lead, [w for w in words if w not in ARTICLE_PARTICLES]


def _normalise_letters(token: str) -> str:
    t = token.replace("ph", "f").replace("dh", "d").replace("ck", "k").replace("q", "k")
    t = re.sub(r"(.)\1+", r"\1", t)           # doubled letters: Fayyad -> Fayad
    t = re.sub(r"(?<=[aeiou])h$", "", t)       # h-endings after a vowel: Faleh -> Fale
    return t


def _is_vowel(t: str, i: int) -> bool:
    """y and w are vowels unless a vowel follows (Husayn vs Yemane, Fayad)."""
    c = t[i]
    if c in _VOWELS:
        return True
    return c in "yw" and i > 0 and (i + 1 == len(t) or t[i + 1] not in _VOWELS)


@lru_cache(maxsize=65536)
def _shape(token: str) -> tuple[str, tuple[str, ...]]:
    """Consonant skeleton (an initial vowel kept as '*') and the class of each vowel group."""
    t = _normalise_letters(token)
    skeleton, groups, current = [], [], ""
    for i, c in enumerate(t):
        if _is_vowel(t, i):
            current += c
            continue
        if current:
            groups.append(current)
            current = ""
        skeleton.append(c)
    if current:
        groups.append(current)
    if t and _is_vowel(t, 0):
        skeleton.insert(0, "*")
    return "".join(skeleton), tuple(_vowel_class(g) for g in groups)


def _vowel_class(group: str) -> str:
    if re.fullmatch(r"[ae][iy]", group):
        return "I"                              # Hussein/Husain/Husayn, Sergei/Sergey
    if re.fullmatch(r"[ao][uw]", group):
        return "U"
    return _VOWEL_CLASS[group[0]]


@lru_cache(maxsize=262144)  # called for every pair of names across a whole corpus
def same_token(a: str, b: str) -> bool:
    """Two folded name tokens are spellings of one name ('e' is the wildcard vowel)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]                    # an initial
    (ska, va), (skb, vb) = _shape(a), _shape(b)
    return ska == skb and len(va) == len(vb) and all(x == y or "E" in (x, y) for x, y in zip(va, vb))


def same_person(a: list[str], b: list[str]) -> bool:
    """Full names (two or more tokens each) of one person.

    Surnames must match and the first given names must agree, so Bashar and Hafez
    al-Assad stay apart; a middle name may be missing from one of them.
    """
    if len(a) < 2 or len(b) < 2 or not same_token(a[-1], b[-1]) or not same_token(a[0], b[0]):
        return False
    short, long_ = sorted((a[1:-1], b[1:-1]), key=len)
    it = iter(long_)
    return all(any(same_token(s, t) for t in it) for s in short)


def slug(name: str) -> str:
    """A readable, stable id: 'Mohammed Shia’ al-Sudani' -> 'mohammed-shia-al-sudani'."""
    return "-".join(fold(name).split()) or "unnamed"


# -- blocking keys: candidate pairs for same_token / same_person without comparing every pair --

@lru_cache(maxsize=262144)
def token_keys(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys to index `token` under, keys to look it up by): any two tokens that
    `same_token` accepts share a key, so only tokens in the same buckets need comparing.

    A longer token is found by its consonant skeleton; an initial ("m") matches every
    token with that first letter, and every token can be an initial's match.
    """
    if len(token) <= 1:
        return (f"1:{token}", f"f:{token}"), (f"f:{token}",)
    skeleton = f"s:{_shape(token)[0]}"
    return (skeleton, f"f:{token[0]}"), (skeleton, f"1:{token[0]}")


def person_keys(tokens: list[str] | tuple[str, ...], lookup: bool = False) -> list[str]:
    """Blocking keys of a full name (first and last token): `same_person` needs both to match."""
    if len(tokens) < 2:
        return []
    side = 1 if lookup else 0
    return [f"{a}|{b}" for a in token_keys(tokens[0])[side] for b in token_keys(tokens[-1])[side]]


def surname_keys(token: str, lookup: bool = False) -> tuple[str, ...]:
    """Blocking keys of one name token (a surname) for `same_token`."""
    return token_keys(token)[1 if lookup else 0]
