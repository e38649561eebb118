"""What an article says its speakers are: a role and a country, from the words around their names.

"Iraqi Shia cleric Muqtada al-Sadr" gives ("shia cleric", "Iraq"); "Syria's interim Foreign
Minister Asaad al-Shaibani" ("interim foreign minister", "Syria"); "Fuad Hussein, Iraq's
foreign minister," ("foreign minister", "Iraq"); "the Turkish defence ministry" ("defence
ministry", "Turkey"). The article often describes a person once, in a sentence without a
quote, and quotes them later by surname or pronoun, so the whole text is read, not only
the quotes' sentences.

A pure per-document step (document and its quotes in, the same quotes with
``speaker_role`` and ``speaker_country`` out); the cross-document actor step votes
over them. Nationalities, places and titles are data: ``stance/data/countries.tsv``
(country, demonyms, capital, aliases), ``titles.txt`` and ``role_nouns.txt``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from .lexicon import load_lexicon
from .names import DETERMINERS, fold, same_token, split_title, surname_keys, token_keys
from .records import Document, Quote

# Clause breaks; a full stop after a lone capital ("U.S.", "John F. Kennedy") is none.
_CLAUSE_BREAK = re.compile(r"([,;:!?()\[\]—–“”\"\n]|(?<!\b[A-Z])\.)")
_WINDOW = 6          # words before a name that can describe it
_APPOSITION = 6      # longest ", Iraq's foreign minister," read after a name
_MENTION_CONTEXT = 200   # characters before a speaker mention searched for its clause


def describe_speakers(doc: Document, quotes: list[Quote]) -> list[Quote]:
    """`quotes` with ``speaker_role`` and ``speaker_country`` read from `doc`'s text;
    ``;``-joined like ``speaker`` for joint speakers, empty where the text says nothing."""
    if not any(q.speaker for q in quotes):
        return quotes
    article = _Article(doc.text)
    tallies: dict[tuple[str, bool], tuple[Counter, Counter]] = {}  # the article's votes for a speaker, counted once
    out = []
    for q in quotes:
        if not q.speaker:
            out.append(q)
            continue
        pieces = [p.strip() for p in q.speaker.split(";")]
        person = q.speaker_type == "person"
        for piece in pieces:
            if (piece, person) not in tallies:
                tallies[piece, person] = _tally(article.votes(piece, person), person)
        counts = [tallies[piece, person] for piece in pieces]
        if len(pieces) == 1 and q.speaker_start is not None and q.speaker_end is not None \
                and not _OFFICE_OF.match(pieces[0]) and not article.names_in(pieces[0], person, q.speaker_start, q.speaker_end):
            role, country = mention_description(doc.text, q.speaker_start, q.speaker_end)
            if not person or _of_a_person(role):  # this mention's own words: one more vote
                counts[0] = (counts[0][0] + Counter([role] if role else []), counts[0][1] + Counter([country] if country else []))
        found = [(most_common(roles), most_common(countries)) for roles, countries in counts]
        roles, countries = [r for r, _ in found], [c for _, c in found]
        out.append(replace(q, speaker_role=";".join(roles) if any(roles) else "",
                           speaker_country=";".join(countries) if any(countries) else ""))
    return out


def _tally(votes: list[tuple[str, str]], person: bool) -> tuple[Counter, Counter]:
    """How often each role and each country is given in `votes` (a person's: of a person's roles only)."""
    if person:
        votes = [v for v in votes if _of_a_person(v[0])]
    return Counter(r for r, _ in votes if r), Counter(c for _, c in votes if c)


# "office of X" speaks for X (the actor step joins them): the article's description of X is wanted.
_OFFICE_OF = re.compile(r"^(?:[Tt]he\s+)?[Oo]ffice\s+of\s+(?=[A-Z])")
# An apposition is read up to its first preposition: "a researcher [at a Baghdad institute]".
_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with", "to", "on", "who", "which", "and"})


def most_common(votes: Counter) -> str:
    """The most frequent value; ties go to the longer, then the alphabetically first."""
    return min(votes, key=lambda v: (-votes[v], -len(v), v)) if votes else ""


def _of_a_person(role: str) -> bool:
    """A person's role heads on a title or a person noun, not on "office", "mission", "group"
    (that describes the organisation around the name: "his foreign office said")."""
    head = role.split()[-1] if role else ""
    lex = load_lexicon()
    return not head or head in lex.titles or lex.role_nouns.get(head, "person") == "person"


def mention_description(text: str, start: int, end: int) -> tuple[str, str]:
    """(role, country) of a speaker mention read with the words before it in its clause:
    "the Iraqi minister", "Turkey's defence ministry"."""
    before = text[max(0, start - _MENTION_CONTEXT):start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    return description(tuple(fold(clause + " " + text[start:end]).split()[-_WINDOW - 3:]))


class _Article:
    """One document's clauses as folded words, indexed by name keys, read once."""

    def __init__(self, text: str):
        self.text = text
        self._clauses: list[tuple[list[str], str, dict[str, list[int]]]] | None = None
        self._clauses_with: dict[str, list[int]] = defaultdict(list)  # name key -> clauses holding it, so a
        # name is looked up where it is spelled, not in every clause (linear in the document's length)
        self._memo: dict[tuple[str, bool], list[tuple[str, str]]] = {}

    def votes(self, speaker: str, person: bool) -> list[tuple[str, str]]:
        """Every (role, country) the article gives this speaker: from the speaker string's own
        leading words, and for a named person from each clause that names them."""
        key = (speaker, person)
        if key not in self._memo:
            principal = _OFFICE_OF.sub("", speaker)
            person = person or principal != speaker
            words = fold(principal).split()
            tokens = split_title(principal)[1] if person else []
            if not tokens:
                self._memo[key] = [description(tuple(words))]
            else:
                lead = words[:words.index(tokens[0])] if tokens[0] in words else []
                self._memo[key] = [description(tuple(lead)), *self._named(tokens[0], tokens[-1])]
        return self._memo[key]

    def names_in(self, speaker: str, person: bool, start: int, end: int) -> bool:
        """Whether the mention text[start:end] spells the person's surname ("Sudani", "Rasha
        al-Obaidi, a researcher at ..."): then the name's own descriptions speak for it."""
        tokens = split_title(speaker)[1] if person else []
        folded = fold(self.text[start:end]).split()
        return bool(tokens) and bool(name_hits(folded, word_positions(folded), (tokens[-1],)))

    def _named(self, first: str, last: str) -> list[tuple[str, str]]:
        """Per clause that spells the surname: the description before the name (its given
        name up to 3 words before the surname), or else an apposition right after the name
        (", Iraq's foreign minister,")."""
        clauses = self.clauses()
        out = []
        spelled = sorted({n for key in surname_keys(last, lookup=True) for n in self._clauses_with.get(key, ())})
        for n in spelled:  # only the clauses holding a word under one of the surname's keys
            folded, delimiter, positions = clauses[n]
            surnames = name_hits(folded, positions, (last,))
            if not surnames:
                continue
            start = min(surnames)
            if first != last:
                given = [k for k in name_hits(folded, positions, (first,)) if start - 3 <= k < start]
                start = min(given, default=start)
            found = description(tuple(folded[max(0, start - _WINDOW):start]))
            if not any(found) and max(surnames) == len(folded) - 1 and delimiter == "," and n + 1 < len(clauses):
                found = apposition(tuple(clauses[n + 1][0]))
            out.append(found)
        return out

    def clauses(self) -> list[tuple[list[str], str, dict[str, list[int]]]]:
        if self._clauses is None:
            parts = _CLAUSE_BREAK.split(self.text)
            self._clauses = clauses = []
            with_key = self._clauses_with
            for n, (clause, delimiter) in enumerate(zip(parts[::2], [*parts[1::2], ""])):  # (n: len(clauses))
                folded = fold(clause).split()
                positions = word_positions(folded)
                for key in positions:
                    with_key[key].append(n)
                clauses.append((folded, delimiter, positions))
        return self._clauses


def word_positions(folded: list[str]) -> dict[str, list[int]]:
    """Where each word's name keys occur in a clause, so a name is looked up there instead of
    compared with every word (`stance.names.token_keys`)."""
    positions: dict[str, list[int]] = {}
    for k, w in enumerate(folded):
        if len(w) > 1:
            for key in token_keys(w)[0]:
                at = positions.get(key)
                if at is None:
                    positions[key] = [k]
                else:
                    at.append(k)
    return positions


def name_hits(folded: list[str], positions: dict[str, list[int]], ends: tuple[str, ...]) -> list[int]:
    """Positions in the clause of words that spell one of `ends` (a name's first or last token);
    a one- or two-letter word spells only itself ("in" is not "Ian")."""
    return [k for end in ends for key in surname_keys(end, lookup=True) for k in positions.get(key, ())
            if (len(folded[k]) > 2 or folded[k] == end) and same_token(folded[k], end)]


@lru_cache(maxsize=65536)
def apposition(words: tuple[str, ...]) -> tuple[str, str]:
    """(role, country) of a short apposition after a name, up to its first preposition:
    "Iraq's foreign minister", "the Syrian envoy", "a researcher [at ...]"; nothing for
    longer or other phrases."""
    cut = next((k for k, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    words = words[:cut]
    if not words or len(words) > _APPOSITION:
        return "", ""
    lex = load_lexicon()
    if words[0] not in DETERMINERS and not lex.nationality(words[0]):
        return "", ""
    return description(words)


@lru_cache(maxsize=65536)
def description(before: tuple[str, ...]) -> tuple[str, str]:
    """(role, country) from the folded words right before a name: a run of titles and role
    nouns, optionally one modifier before it ("shia cleric"), then a nationality or place
    ("iraqi", "syria" from "Syria's"). Empty strings where there is none."""
    lex = load_lexicon()
    k = len(before)
    while k and (before[k - 1] in lex.titles or before[k - 1] in lex.role_nouns) and not lex.nationality(before[k - 1]):
        k -= 1
    role = list(before[k:])
    if role and k >= 2 and before[k - 1] == "based":   # "Mogadishu-based analyst": where they work
        k -= 1
    elif role and k >= 2 and lex.nationality(before[k - 2]) and before[k - 1] not in DETERMINERS \
            and not lex.nationality(before[k - 1]):
        role.insert(0, before[k - 1])
        k -= 1
    if role and all(w in lex.titles and w not in lex.role_nouns for w in role):
        role = []        # "former", "senior": qualifiers without a role noun
    # A place right before a name without a role is often the end of a phrase ("in Syria, Sadr said").
    # Two words first: "South Sudanese" is not Sudanese, "U.S." folds to "u s".
    for said in ([" ".join(before[k - 2:k])] if k >= 2 else []) + ([before[k - 1]] if k else []):
        if lex.nationality(said) and (role or said in lex.demonyms):
            return " ".join(role), lex.nationality(said)
    return " ".join(role), ""
