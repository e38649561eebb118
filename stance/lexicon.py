"""Word lists that drive attribution, read from data files users can extend."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("stance").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]    # inflected forms, lower case
    cue_nouns: frozenset[str]
    titles: frozenset[str]
    role_nouns: dict[str, str]      # noun -> person | organisation | group
    places: dict[str, str]          # lower-case country, capital or alias -> country
    demonyms: dict[str, str]        # lower-case demonym -> country
    not_names: frozenset[str]       # capitalised words that never name a speaker
    honorifics: frozenset[str]      # "mr", "mrs", "dr": titles of address, also in titles
    given_names: dict[str, str]     # folded given name -> "m" | "f", names of one gender only

    def nationality(self, word: str) -> str:
        """The country a word points to ("Iraqi", "Iraq", "Baghdad" -> "Iraq"), or ""."""
        w = word.lower()
        return self.demonyms.get(w) or self.places.get(w, "")


def word_classes(name: str) -> dict[str, tuple[str, ...]]:
    """Named word classes of a data file, "name: words" lines (read as text, never run); a
    class named on several lines holds the words of all of them."""
    classes: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        key, sep, words = line.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            raise ValueError(f"stance/data/{name}: expected 'name: words' lines, got {line!r}")
        classes[key.strip()] = classes.get(key.strip(), ()) + tuple(words.split())
    return classes


def _given_names() -> dict[str, str]:
    names = word_classes("given_names.txt")
    genders = {w: "m" for w in names.get("male", ())}
    both = {w for w in names.get("female", ()) if w in genders}
    if both:
        raise ValueError(f"stance/data/given_names.txt: listed as male and female: {', '.join(sorted(both))}")
    return {**genders, **{w: "f" for w in names.get("female", ())}}


def _keys(name: str) -> list[str]:
    """A name as written (lower case) and as folded words read it ("U.S." -> "u s")."""
    lower = name.strip().lower()
    plain = " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]s\b", "", lower)).split())
    return [k for k in dict.fromkeys((lower, plain)) if k]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    verbs = frozenset(w.lower() for ln in _lines("speech_verbs.txt") for w in ln.split())
    honorifics = frozenset(w.lower() for ln in _lines("honorifics.txt") for w in ln.split())
    titles = frozenset(w.lower() for ln in _lines("titles.txt") for w in ln.split()) | honorifics
    roles = dict(ln.split("\t")[:2] for ln in _lines("role_nouns.txt"))
    places: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    text = resources.files("stance").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t"):
        country = row["country"].strip()
        for name in [country, row.get("capital") or "", *(row.get("aliases") or "").split("|")]:
            for key in _keys(name):
                places.setdefault(key, country)
        for dem in (row.get("demonym") or "").split("|"):
            for key in _keys(dem):
                demonyms.setdefault(key, country)
    not_names = frozenset(w for ln in _lines("not_names.txt") for w in ln.split())
    return Lexicon(verbs, frozenset(_lines("cue_nouns.txt")), titles, roles, places, demonyms, not_names,
                   honorifics, _given_names())
