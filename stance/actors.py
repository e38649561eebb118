"""Speakers across documents unified into actors with stable, readable ids.

Each quote's speaker (``;`` separates joint speakers) becomes one or more
mentions. A user registry is matched first; remaining person names are grouped
by :func:`stance.names.same_person` (fullest names first), then surname-only
mentions ("Sudani", "President Assad") join the one full-name actor with that
surname (in the same document if the surname is shared), and role-only mentions
("the Iraqi prime minister") join the person the same article names with that
role. Organisations and groups are grouped by their folded name with
nationalities read as countries ("Iraqi Foreign Ministry" is "Iraq's foreign
ministry"); they never merge with persons. An anonymous source ("a senior
official") is one actor per document, under its description: the same words in
two articles are two unknown people, not one actor across every outlet.
"""
from __future__ import annotations

import re
from bisect import insort
from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

import pandas as pd

from .describe import description, most_common as _most_common, name_hits, word_positions
from .gcpause import gc_paused
from .lexicon import Lexicon, load_lexicon
from .names import (NAME_PARTICLES, fold, person_keys, same_person, same_token, slug, split_title, surname_keys,
                    token_keys)
from .records import Quote
from .registry import Registry, RegistryEntry

ACTOR_COLUMNS = ["actor_id", "name", "aliases", "type", "country", "role", "n_quotes", "n_docs"]
SPEAKER_COLUMNS = ["doc_id", "speaker", "speaker_type", "speaker_role", "speaker_country"]  # what grouping reads
Sentences = Callable[[int, str], tuple[str, ...]]   # (quote position, doc_id) -> its document's quote sentences
_ANONYMOUS_WORDS = {"anonymous", "unnamed", "unidentified", "source", "sources"}


@dataclass(slots=True)  # one per quote: slots halve its memory
class _Mention:
    """One speaker string of one quote, with what the name reduces to."""

    index: int                    # position of the quote in the input list
    surface: str
    kind: str                     # person | organisation | group | anonymous
    lead: list[str]               # title and country words in front of the name
    tokens: list[str]             # name tokens (persons) or folded words (others)
    doc_id: str
    described: tuple[str, str] = ("", "")   # (role, country) the article gives (stance.describe)


@dataclass(eq=False)
class _Actor:
    actor_id: str = ""
    kind: str = "person"
    tokens: list[str] = field(default_factory=list)
    entry: RegistryEntry | None = None
    mentions: list[_Mention] = field(default_factory=list)
    order: int = 0                                   # creation order: the first actor that fits wins
    docs: dict[str, list[_Mention]] = field(default_factory=dict)   # mentions per document

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        self.docs.setdefault(m.doc_id, []).append(m)


def speaker_kind(speaker: str, lex: Lexicon | None = None) -> str:
    """person, organisation, group or anonymous, from the speaker string's shape.

    Used when the extractor left the type unknown. A place ("Iraq") speaks as an
    organisation; a lower-case word inside the name ("Syrian opposition",
    "prominent Iraqi voices") marks a description, not a person's name.
    """
    lex = lex or load_lexicon()
    words = [w for w in fold(speaker).split() if w != "the"]
    if not words:
        return "unknown"
    if _ANONYMOUS_WORDS & set(words):
        return "anonymous"
    head = lex.role_nouns.get(words[-1]) or ("group" if lex.role_nouns.get(words[-1][:-1]) else "")
    if head:
        return head
    if lex.places.get(" ".join(words)):
        return "organisation"
    described = [w for w in speaker.split()[1:] if w[:1].islower() and fold(w.split("-")[0]) not in NAME_PARTICLES]
    if described:
        return "group" if words[-1].endswith("s") else "organisation"
    return "person"


def assign_actors(quotes: list[Quote], registry: Registry | None = None) -> list[Quote]:
    """The same quotes with ``actor_id`` filled (``;``-joined for joint speakers)."""
    return _with_ids(quotes, _group(quotes, registry))


def actor_table(quotes: list[Quote], registry: Registry | None = None) -> pd.DataFrame:
    """actors.csv: one row per actor seen in `quotes`, with names, type, country and counts."""
    return group_actors(quotes, registry)[1]


def group_actors(quotes: list[Quote], registry: Registry | None = None) -> tuple[list[Quote], pd.DataFrame]:
    """`assign_actors` and `actor_table` from one grouping."""
    sentences = sentences_by_document((q.doc_id for q in quotes), (q.sentence for q in quotes))
    actors = _group(quotes, registry, sentences=sentences)
    return _with_ids(quotes, actors), _table(actors, sentences)


def group_speakers(frame: pd.DataFrame, registry: Registry | None = None, progress: Progress | None = None,
                   sentences: Sentences | None = None) -> tuple[list[str], pd.DataFrame]:
    """The actor_id of each row of a quotes frame, and actors.csv: `group_actors` reading only
    the speaker columns (`SPEAKER_COLUMNS`), no Quote records, for runs too large to hold them.
    The documents' sentences (role words in front of names) come from `sentences`, asked a
    document at a time, or else from the frame's ``sentence`` column.
    `progress` (a tqdm bar) counts speaker mentions: grouped, then read for actors.csv."""
    if sentences is None:
        sentences = sentences_by_document(frame["doc_id"].astype(str), frame["sentence"]) \
            if "sentence" in frame else (lambda index, doc_id: ())
    rows = list(map(_SpeakerRow, *(_shared_strings(frame[c]) if c in frame else [""] * len(frame)
                                   for c in SPEAKER_COLUMNS)))
    actors = _group(rows, registry, progress, sentences)
    return _ids(len(rows), actors), _table(actors, sentences, progress)


_SpeakerRow = namedtuple("_SpeakerRow", SPEAKER_COLUMNS)


def _shared_strings(column: pd.Series) -> list[str]:
    """A column's values as strings ("" when missing), equal values as one object: speaker columns
    repeat (a document's id for each of its quotes, "person", empty roles), and a string object per
    row, made three times over by astype, was most of the actor stage's memory at its peak."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values = ["" if pd.isna(v) else str(v) for v in uniques]
    values.append("")  # code -1: missing
    return [values[k] for k in codes.tolist()]


def sentences_by_document(doc_ids: Iterable[str], sentences: Iterable[str | None]) -> Sentences:
    """Each document's distinct quote sentences in table order (`Sentences`, by doc_id)."""
    found: dict[str, dict[str, None]] = defaultdict(dict)   # insertion-ordered set per document
    for doc_id, sentence in zip(doc_ids, sentences):
        if isinstance(sentence, str) and sentence:
            found[doc_id].setdefault(sentence)
    context = {doc: tuple(s) for doc, s in found.items()}
    return lambda index, doc_id: context.get(doc_id, ())


class Progress(Protocol):
    """A progress bar (tqdm's): its total set once the work is known, then advanced."""

    def reset(self, total: int | None = None) -> None: ...

    def update(self, n: int = 1) -> object: ...


def _ticking(items: Iterable, progress: Progress | None, every: int = 1000) -> Iterator:
    """`items`, telling `progress` of each `every` of them (and the rest at the end)."""
    if progress is None:
        yield from items
        return
    k = 0
    for k, item in enumerate(items, 1):
        yield item
        if k % every == 0:
            progress.update(every)
    progress.update(k % every)


def _with_ids(quotes: list[Quote], actors: list[_Actor]) -> list[Quote]:
    return [replace(q, actor_id=actor_id) for q, actor_id in zip(quotes, _ids(len(quotes), actors))]


def _ids(n: int, actors: list[_Actor]) -> list[str]:
    ids: dict[int, list[str]] = defaultdict(list)
    for actor in actors:
        for m in actor.mentions:
            if actor.actor_id not in ids[m.index]:
                ids[m.index].append(actor.actor_id)
    return [";".join(ids.get(i, [])) for i in range(n)]


@gc_paused
def _table(actors: list[_Actor], sentences: Sentences, progress: Progress | None = None) -> pd.DataFrame:
    rows = []
    role_words = _role_words_by_document(actors, _RoleWords(sentences), progress)
    for actor in actors:
        entry = actor.entry
        surfaces = Counter(_display(m) for m in actor.mentions)
        name = entry.name if entry else _best_name(actor, surfaces)
        aliases = sorted((set(surfaces) | set(entry.aliases if entry else ())) - {name})
        roles, countries = _descriptions(actor)
        rows.append({
            "actor_id": actor.actor_id,
            "name": name,
            "aliases": "|".join(aliases),
            "type": entry.type if entry and entry.type else actor.kind,
            "country": entry.country if entry and entry.country else _country(actor, role_words) or _most_common(countries),
            "role": entry.role if entry and entry.role else _most_common(roles),
            "n_quotes": len({m.index for m in actor.mentions}),
            "n_docs": len({m.doc_id for m in actor.mentions}),
        })
    frame = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return frame.sort_values(["n_quotes", "actor_id"], ascending=[False, True], ignore_index=True)


# -- grouping ---------------------------------------------------------------

def _mentions(quotes: list[Quote], lex: Lexicon) -> list[_Mention]:
    parsed: dict[tuple[str, str], list[tuple[str, str, list[str], list[str]]]] = {}
    descriptions: dict[tuple[str, str, int], list[tuple[str, str]]] = {}  # one object per distinct value
    out = []
    for i, q in enumerate(quotes):
        key = (q.speaker or "", q.speaker_type)
        if key not in parsed:
            parsed[key] = _parse_speaker(*key, lex)
        seen = (q.speaker_role, q.speaker_country, len(parsed[key]))
        if seen not in descriptions:
            descriptions[seen] = _described(*seen)
        described = descriptions[seen]
        for (part, kind, lead, tokens), desc in zip(parsed[key], described):
            out.append(_Mention(i, part, kind, lead, tokens, q.doc_id, desc))
    return out


def _described(speaker_role: str, speaker_country: str, n: int) -> list[tuple[str, str]]:
    """A quote's (role, country) per speaker, when they line up with its `n` mentions."""
    roles, countries = speaker_role.split(";"), speaker_country.split(";")
    if len(roles) == len(countries) == n:
        return list(zip(roles, countries))
    return [("", "")] * n      # "A and B" in one speaker string: whose description is unknown


# "office of Kamal Nadir" (a name follows), not "office of the government spokesperson"
_OFFICE_OF = re.compile(r"^(?:[Tt]he\s+)?[Oo]ffice\s+of\s+(?!(?:The|A|An)\s)(?=[A-Z])")


def _parse_speaker(speaker: str, speaker_type: str, lex: Lexicon) -> list[tuple[str, str, list[str], list[str]]]:
    """(surface, kind, lead words, name tokens) of each speaker in a speaker string."""
    parts = [name for p in speaker.split(";") for name in _joint_names(p.strip(), lex) if name]
    out = []
    for part in parts:
        principal = _OFFICE_OF.sub("", part)  # "office of X" speaks for X: one actor in the matrix
        if principal != part:
            part, kind = principal, speaker_kind(principal, lex)
        else:
            kind = speaker_type if len(parts) == 1 and speaker_type in ("person", "organisation", "group", "anonymous") \
                else speaker_kind(part, lex)
        lead, tokens = split_title(part, lex)
        if kind != "person":
            tokens = [fold(lex.nationality(w)) or w for w in fold(part).split() if w != "the"]
        out.append((part, kind, lead, tokens))
    return out


def _joint_names(speaker: str, lex: Lexicon) -> list[str]:
    """ "Mohammed Shia al-Sudani and Fuad Hussein" is two people; "Bosnia and Herzegovina" is not."""
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", speaker) if p.strip()]
    if len(pieces) > 1 and all(len(split_title(p, lex)[1]) >= 2 and speaker_kind(p, lex) == "person" for p in pieces):
        return pieces
    return [speaker]


class _Actors:
    """Actors in creation order, with blocking indexes so a mention is compared only with
    actors that share a name key (`stance.names.person_keys`), never with all of them.

    Each lookup returns what a scan of every actor in creation order would: the
    earliest actor that fits.
    """

    def __init__(self) -> None:
        self.all: list[_Actor] = []
        self.full: dict[str, list[_Actor]] = defaultdict(list)      # person_keys of full names
        self.surname: dict[str, list[_Actor]] = defaultdict(list)   # surname_keys of full names
        self.exact: dict[tuple, list[_Actor]] = defaultdict(list)   # (kind, tokens)
        self.roles: dict[tuple, list[_Actor]] = defaultdict(list)   # tokens of role-only actors
        self.by_doc: dict[str, list[_Actor]] = defaultdict(list)
        self.registered: list[_Actor] = []                           # from the user's registry

    def new(self, kind: str, tokens: list[str], entry: RegistryEntry | None = None,
            actor_id: str = "") -> _Actor:
        actor = _Actor(actor_id, kind, tokens, entry, order=len(self.all))
        self.all.append(actor)
        if entry is not None:
            self.registered.append(actor)
        if kind == "person" and len(tokens) >= 2:
            for key in person_keys(tokens):
                self.full[key].append(actor)
            for key in surname_keys(tokens[-1]):
                self.surname[key].append(actor)
        if kind != "anonymous":  # looked up per document instead (`_group`): no bucket of every article's
            self.exact[(kind, tuple(tokens))].append(actor)
        return actor

    def add(self, actor: _Actor, m: _Mention) -> None:
        if m.doc_id not in actor.docs:
            self.by_doc[m.doc_id].append(actor)
        if not actor.mentions and actor.kind == "person" and not m.tokens:
            insort(self.roles[tuple(actor.tokens)], actor, key=lambda a: a.order)
        actor.add(m)

    def first(self, buckets, fits) -> _Actor | None:
        """The earliest-created actor in any of `buckets` (each in creation order) that fits."""
        best: _Actor | None = None
        for bucket in buckets:
            for actor in bucket:
                if best is not None and actor.order >= best.order:
                    break
                if fits(actor):
                    best = actor
                    break
        return best

    def join(self, m: _Mention, found: _Actor | None) -> _Actor:
        """Add `m` to `found`, or start a new actor."""
        actor = found or self.new(m.kind, list(m.tokens) or list(m.lead))
        self.add(actor, m)
        return actor


@gc_paused
def _group(quotes: list[Quote], registry: Registry | None, progress: Progress | None = None,
           sentences: Sentences | None = None) -> list[_Actor]:
    lex = load_lexicon()
    mentions = _mentions(quotes, lex)
    if progress is not None:  # each mention is grouped once; persons' are read again for actors.csv
        progress.reset(total=len(mentions) + sum(m.kind == "person" for m in mentions))
    actors = _Actors()
    by_entry = {id(e): actors.new(e.type or "person", split_title(e.name, lex)[1], e, e.actor_id) for e in (registry or ())}
    matched: dict[str, RegistryEntry | None] = {}
    rest = []
    for m in mentions:
        if registry:
            if m.surface not in matched:
                matched[m.surface] = registry.match(m.surface)
            found = matched[m.surface]
            if found is not None:
                actors.add(by_entry[id(found)], m)
                continue
        rest.append(m)
    if progress is not None:
        progress.update(len(mentions) - len(rest))
    persons = [m for m in rest if m.kind == "person"]
    full = sorted((m for m in persons if len(m.tokens) >= 2), key=lambda m: -len(m.tokens))
    same: dict[tuple[str, ...], _Actor] = {}   # equal tokens always find the same, earliest actor
    for m in _ticking(full, progress):
        key = tuple(m.tokens)
        if key not in same:
            buckets = [actors.full.get(k, ()) for k in person_keys(m.tokens, lookup=True)]
            same[key] = actors.first(buckets, lambda a: a.kind == "person" and same_person(a.tokens, m.tokens)) \
                or actors.new("person", list(m.tokens))
        actors.add(same[key], m)
    for m in _ticking((m for m in persons if len(m.tokens) == 1), progress):
        _attach_surname(actors, m)
    role_words = _RoleWords(sentences or sentences_by_document((q.doc_id for q in quotes), (q.sentence for q in quotes)))
    for m in _ticking((m for m in persons if not m.tokens), progress):
        _attach_role(actors, m, lex, role_words)
    unnamed: dict[tuple, _Actor] = {}   # (description, document) -> its anonymous source
    for m in _ticking((m for m in rest if m.kind != "person"), progress):
        if m.kind == "anonymous":  # "a senior official" is someone in this article, not one actor everywhere
            key = (tuple(m.tokens), m.doc_id)
            unnamed[key] = actors.join(m, unnamed.get(key))
            continue
        bucket = actors.exact.get((m.kind, tuple(m.tokens)), ())
        actors.join(m, actors.first([bucket], lambda a: a.entry is None))
    result = [a for a in actors.all if a.mentions or a.entry]
    _name_ids(result)
    return result


def _attach_surname(actors: _Actors, m: _Mention) -> None:
    """A lone surname joins the single full-name actor with it, preferring this article's."""
    seen: dict[int, _Actor] = {}
    for key in surname_keys(m.tokens[0], lookup=True):
        for a in actors.surname.get(key, ()):
            if a.kind == "person" and same_token(a.tokens[-1], m.tokens[0]):
                seen[a.order] = a
    candidates = [seen[k] for k in sorted(seen)]
    local = [a for a in candidates if m.doc_id in a.docs]
    for pool in (local, candidates):
        if len(pool) == 1:
            actors.add(pool[0], m)
            return
    actors.join(m, actors.first([actors.exact.get(("person", tuple(m.tokens)), ())], lambda a: True))


def _attach_role(actors: _Actors, m: _Mention, lex: Lexicon, role_words: _RoleWords) -> None:
    """A role with no name ("the Iraqi prime minister") joins the person its article gives that role."""
    role = set(m.lead)
    bound = sorted((a for a in actors.by_doc.get(m.doc_id, ()) if a.kind == "person" and a.tokens and any(
        role <= role_words(a, x) for x in a.docs[m.doc_id])), key=lambda a: a.order)
    if not bound:
        bound = [a for a in actors.registered if role <= set(fold(f"{a.entry.country} {a.entry.role}").split())]
    if len(bound) == 1:
        actors.add(bound[0], m)
    else:
        actors.join(m, actors.first([actors.roles.get(tuple(m.lead), ())], lambda a: a.kind == "person"))


class _RoleWords:
    """Title and country words an article puts in front of an actor's name, per mention.

    The article's quote sentences are asked of `sentences` when its first mention is
    read and dropped at the next article's, so only one document's are held: callers
    visit mentions a document at a time (quote order, or `_role_words_by_document`'s).
    """

    def __init__(self, sentences: Sentences) -> None:
        self.sentences = sentences
        self.doc_id: str | None = None
        self.clauses: _Clauses | None = None
        self.found: dict[tuple, frozenset[str]] = {}

    def __call__(self, actor: _Actor, m: _Mention) -> frozenset[str]:
        if m.doc_id != self.doc_id:
            self.doc_id, self.found = m.doc_id, {}
            self.clauses = _Clauses(self.sentences(m.index, m.doc_id))
        key = (tuple(actor.tokens[:1] + actor.tokens[-1:]), tuple(m.lead))
        if key not in self.found:
            self.found[key] = _role_words_in(*key, self.clauses)
        return self.found[key]


def _role_words_in(ends: tuple[str, ...], lead: tuple[str, ...], clauses: _Clauses) -> frozenset[str]:
    """Per clause, the words before the first one that spells either end of the name."""
    lex = load_lexicon()
    words = set(lead)
    for folded, positions in clauses.holding(ends):
        hits = name_hits(folded, positions, ends)
        if hits:
            k = min(hits)
            window = folded[max(0, k - 5):k]
            words |= set(split_title(" ".join(window), lex)[0])
            nearest = [fold(lex.nationality(x)) for x in window if lex.nationality(x)][-1:]
            words |= set(nearest)   # "with Iraq's ... his Syrian counterpart Sabbagh": Syria
    return frozenset(words)


class _Clauses:
    """The folded words of each clause of a document's quote sentences. `holding(ends)` gives,
    in clause order, only the clauses where a word shares a blocking key with a name's ends,
    with where each word's keys occur (`word_positions`, made for those clauses only): the
    others cannot hold a hit, and reading every clause for every name was most of the actor
    stage."""

    def __init__(self, context: tuple[str, ...]) -> None:
        self.folded = [fold(clause).split() for clause in re.split(r"[,.;:()\[\]—–“”\"\n]", "\n".join(context))]
        where: dict[str, list[int]] = {}   # word -> the clauses holding it, ascending
        for k, words in enumerate(self.folded):
            for w in words:
                seen = where.setdefault(w, [])
                if not seen or seen[-1] != k:
                    seen.append(k)
        self.by_key: dict[str, list[list[int]]] = defaultdict(list)   # key -> its words' clause lists
        for w, seen in where.items():
            if len(w) > 1:
                for key in token_keys(w)[0]:
                    self.by_key[key].append(seen)
        self.positions: dict[int, dict[str, list[int]]] = {}

    def holding(self, ends: tuple[str, ...]) -> Iterator[tuple[list[str], dict[str, list[int]]]]:
        numbers = sorted({k for end in ends for key in surname_keys(end, lookup=True)
                          for seen in self.by_key.get(key, ()) for k in seen})
        for k in numbers:
            if k not in self.positions:
                self.positions[k] = word_positions(self.folded[k])
            yield self.folded[k], self.positions[k]


def _name_ids(actors: list[_Actor]) -> None:
    taken = {a.actor_id for a in actors if a.actor_id}
    tried: dict[str, int] = {}          # base -> next suffix to try: base-2 ... base-(n-1) are taken
    for actor in actors:
        if actor.actor_id:
            continue
        base = slug(_best_name(actor, Counter(_display(m) for m in actor.mentions)))
        actor.actor_id, n = base, tried.get(base, 2)
        while actor.actor_id in taken:
            actor.actor_id, n = f"{base}-{n}", n + 1
        tried[base] = n
        taken.add(actor.actor_id)


def _display(m: _Mention) -> str:
    """The surface without leading titles, nationality and articles, casing kept."""
    return _display_of(m.surface, m.kind, tuple(m.tokens))


@lru_cache(maxsize=65536)
def _display_of(surface: str, kind: str, tokens: tuple[str, ...]) -> str:
    words = surface.split()
    if kind != "person" or not tokens:
        return " ".join(words[1:] if words and words[0].lower() == "the" else words)
    while len(words) > 1 and tuple(split_title(" ".join(words[1:]))[1]) == tokens:
        words = words[1:]
    return " ".join(words)


def _best_name(actor: _Actor, surfaces: Counter) -> str:
    """The most complete, most frequent spelling: most name words, then count, then text."""
    return max(surfaces, key=lambda s: (len(split_title(s)[1]), surfaces[s], s))


def _role_words_by_document(actors: list[_Actor], role_words: _RoleWords, progress: Progress | None = None
                            ) -> dict[tuple[int, int], frozenset[str]]:
    """Role words (`_RoleWords`) of each named person's mentions, keyed (actor order, mention
    number), computed one document after another, in table order: each document's sentences
    are read and split into clauses once (in actor order, they would be read again and again)."""
    by_doc: dict[str, list[tuple[_Actor, int, _Mention]]] = defaultdict(list)
    for actor in actors:
        if actor.kind == "person" and actor.tokens:
            for k, m in enumerate(actor.mentions):
                if m.kind == "person":
                    by_doc[m.doc_id].append((actor, k, m))
    first = {doc: min(m.index for _, _, m in pairs) for doc, pairs in by_doc.items()}
    mentions = [pair for doc in sorted(by_doc, key=first.__getitem__) for pair in by_doc[doc]]
    return {(actor.order, k): role_words(actor, m) for actor, k, m in _ticking(mentions, progress)}


def _country(actor: _Actor, role_words: dict[tuple[int, int], frozenset[str]]) -> str:
    """Most frequent country in front of the actor's names, or in an organisation's name."""
    lex = load_lexicon()
    votes: Counter = Counter()
    for k, m in enumerate(actor.mentions):
        words = m.tokens + m.lead if m.kind != "person" else m.lead
        if m.kind == "person" and actor.tokens:
            words = sorted(role_words[(actor.order, k)])  # a set: sorted, so ties do not depend on hashing
        for w in words:
            country = _country_of(w, lex)
            if country:
                votes[country] += 1
    return votes.most_common(1)[0][0] if votes else ""


def _descriptions(actor: _Actor) -> tuple[Counter, Counter]:
    """Roles and countries the articles give a person (`stance.describe`, per quote), and
    the ones in front of the name in the speaker string itself."""
    roles: Counter = Counter()
    countries: Counter = Counter()
    if actor.kind != "person":
        return roles, countries
    for m in actor.mentions:
        words = fold(m.surface).split()
        lead = words[:words.index(m.tokens[0])] if m.tokens and m.tokens[0] in words else words if not m.tokens else []
        for role, country in (m.described, description(tuple(lead))):
            if role:
                roles[role] += 1
            if country:
                countries[country] += 1
    return roles, countries


def _country_of(word: str, lex: Lexicon) -> str:
    return _countries_by_fold().get(word) or lex.nationality(word)


@lru_cache(maxsize=1)
def _countries_by_fold() -> dict[str, str]:
    return {fold(c): c for c in set(load_lexicon().places.values())}


def table_from_ids(quotes_df: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """actors.csv for quotes whose actor_ids are settled (corrected by hand): no regrouping.

    An actor already in `previous` (the last actors.csv) keeps its name, aliases,
    type and country; a new one is named after its most frequent speaker string.
    Counts are recomputed.
    """
    known = {} if previous is None else {str(r["actor_id"]): r for r in previous.fillna("").to_dict("records")}
    columns = [*ACTOR_COLUMNS, *[c for c in (previous.columns if previous is not None else ()) if c not in ACTOR_COLUMNS]]
    speakers: dict[str, Counter] = defaultdict(Counter)
    quotes: dict[str, set] = defaultdict(set)
    docs: dict[str, set] = defaultdict(set)
    keys = quotes_df.reindex(columns=["actor_id", "speaker", "doc_id"]).astype(object).fillna("")
    for pos, row in enumerate(keys.to_dict("records")):
        ids = [a for a in str(row.get("actor_id", "")).split(";") if a]
        names = str(row.get("speaker", "")).split(";")
        for k, actor_id in enumerate(ids):
            name = names[k] if len(names) == len(ids) else str(row.get("speaker", ""))
            speakers[actor_id][name.strip()] += 1
            quotes[actor_id].add(pos)
            docs[actor_id].add(row.get("doc_id"))
    rows = []
    for actor_id, surfaces in speakers.items():
        old = known.get(actor_id)
        name = old["name"] if old else surfaces.most_common(1)[0][0] or actor_id
        aliases = old["aliases"] if old else "|".join(sorted(set(surfaces) - {name, ""}))
        rows.append({**(old or {}), "actor_id": actor_id, "name": name, "aliases": aliases,
                     "type": old["type"] if old else speaker_kind(name), "country": old["country"] if old else "",
                     "n_quotes": len(quotes[actor_id]), "n_docs": len(docs[actor_id])})
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["n_quotes", "actor_id"], ascending=[False, True], ignore_index=True)
