"""Speakers across documents unified into actors with stable, readable ids.

Each quote's speaker (``;`` separates joint speakers) becomes one or more
mentions. A user registry is matched first; remaining person names are grouped
by :func:`stance.names.same_person` (fullest names first), then surname-only
mentions ("Sudani", "President Assad") join the one full-name actor with that
surname (in the same document if the surname is shared), and role-only mentions
("the Iraqi prime minister") join the person the same article names with that
role. Organisations, groups and anonymous sources are grouped by their folded
name with nationalities read as countries ("Iraqi Foreign Ministry" is "Iraq's
foreign ministry"); they never merge with persons.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from .lexicon import Lexicon, load_lexicon
from .names import NAME_PARTICLES, fold, same_person, same_token, slug, split_title
from .records import Quote
from .registry import Registry, RegistryEntry

ACTOR_COLUMNS = ["actor_id", "name", "aliases", "type", "country", "n_quotes", "n_docs"]
_ANONYMOUS_WORDS = {"anonymous", "unnamed", "unidentified", "source", "sources"}


@dataclass
class _Mention:
    """One speaker string of one quote, with what the name reduces to."""

    index: int                    # position of the quote in the input list
    surface: str
    kind: str                     # person | organisation | group | anonymous
    lead: list[str]               # title and country words in front of the name
    tokens: list[str]             # name tokens (persons) or folded words (others)
    doc_id: str
    context: tuple[str, ...]      # the sentences of every quote in the same document


@dataclass
class _Actor:
    actor_id: str = ""
    kind: str = "person"
    tokens: list[str] = field(default_factory=list)
    entry: RegistryEntry | None = None
    mentions: list[_Mention] = field(default_factory=list)


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
    return _table(_group(quotes, registry))


def group_actors(quotes: list[Quote], registry: Registry | None = None) -> tuple[list[Quote], pd.DataFrame]:
    """`assign_actors` and `actor_table` from one grouping (it compares every pair of names)."""
    actors = _group(quotes, registry)
    return _with_ids(quotes, actors), _table(actors)


def _with_ids(quotes: list[Quote], actors: list[_Actor]) -> list[Quote]:
    ids: dict[int, list[str]] = defaultdict(list)
    for actor in actors:
        for m in actor.mentions:
            if actor.actor_id not in ids[m.index]:
                ids[m.index].append(actor.actor_id)
    return [replace(q, actor_id=";".join(ids.get(i, []))) for i, q in enumerate(quotes)]


def _table(actors: list[_Actor]) -> pd.DataFrame:
    rows = []
    for actor in actors:
        entry = actor.entry
        surfaces = Counter(_display(m) for m in actor.mentions)
        name = entry.name if entry else _best_name(actor, surfaces)
        aliases = sorted((set(surfaces) | set(entry.aliases if entry else ())) - {name})
        rows.append({
            "actor_id": actor.actor_id,
            "name": name,
            "aliases": "|".join(aliases),
            "type": entry.type if entry and entry.type else actor.kind,
            "country": entry.country if entry and entry.country else _country(actor),
            "n_quotes": len({m.index for m in actor.mentions}),
            "n_docs": len({m.doc_id for m in actor.mentions}),
        })
    frame = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return frame.sort_values(["n_quotes", "actor_id"], ascending=[False, True], ignore_index=True)


# -- grouping ---------------------------------------------------------------

def _mentions(quotes: list[Quote], lex: Lexicon) -> list[_Mention]:
    out = []
    context: dict[str, list[str]] = defaultdict(list)
    for q in quotes:
        if q.sentence and q.sentence not in context[q.doc_id]:
            context[q.doc_id].append(q.sentence)
    for i, q in enumerate(quotes):
        parts = [name for p in (q.speaker or "").split(";") for name in _joint_names(p.strip(), lex) if name]
        for part in parts:
            kind = q.speaker_type if len(parts) == 1 and q.speaker_type in ("person", "organisation", "group", "anonymous") \
                else speaker_kind(part, lex)
            lead, tokens = split_title(part, lex)
            if kind != "person":
                tokens = [fold(lex.nationality(w)) or w for w in fold(part).split() if w != "the"]
            out.append(_Mention(i, part, kind, lead, tokens, q.doc_id, tuple(context[q.doc_id])))
    return out


def _joint_names(speaker: str, lex: Lexicon) -> list[str]:
    """ "Mohammed Shia al-Sudani and Fuad Hussein" is two people; "Bosnia and Herzegovina" is not."""
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", speaker) if p.strip()]
    if len(pieces) > 1 and all(len(split_title(p, lex)[1]) >= 2 and speaker_kind(p, lex) == "person" for p in pieces):
        return pieces
    return [speaker]


def _group(quotes: list[Quote], registry: Registry | None) -> list[_Actor]:
    lex = load_lexicon()
    mentions = _mentions(quotes, lex)
    actors = [_Actor(e.actor_id, e.type or "person", split_title(e.name, lex)[1], e) for e in (registry or ())]
    rest = []
    for m in mentions:
        found = registry.match(m.surface) if registry else None
        if found is not None:
            next(a for a in actors if a.entry is found).mentions.append(m)
        else:
            rest.append(m)
    persons = [m for m in rest if m.kind == "person"]
    full = sorted((m for m in persons if len(m.tokens) >= 2), key=lambda m: -len(m.tokens))
    for m in full:
        _join(actors, m, lambda a: a.kind == "person" and same_person(a.tokens, m.tokens))
    for m in (m for m in persons if len(m.tokens) == 1):
        _attach_surname(actors, m)
    for m in (m for m in persons if not m.tokens):
        _attach_role(actors, m, lex)
    for m in (m for m in rest if m.kind != "person"):
        _join(actors, m, lambda a: a.kind == m.kind and a.entry is None and a.tokens == m.tokens)
    actors = [a for a in actors if a.mentions or a.entry]
    _name_ids(actors)
    return actors


def _join(actors: list[_Actor], m: _Mention, fits) -> None:
    """Add `m` to the first actor that fits, or start a new one."""
    for actor in actors:
        if fits(actor):
            actor.mentions.append(m)
            return
    actors.append(_Actor(kind=m.kind, tokens=list(m.tokens) or list(m.lead), mentions=[m]))


def _attach_surname(actors: list[_Actor], m: _Mention) -> None:
    """A lone surname joins the single full-name actor with it, preferring this article's."""
    candidates = [a for a in actors if a.kind == "person" and len(a.tokens) >= 2 and same_token(a.tokens[-1], m.tokens[0])]
    local = [a for a in candidates if any(x.doc_id == m.doc_id for x in a.mentions)]
    for pool in (local, candidates):
        if len(pool) == 1:
            pool[0].mentions.append(m)
            return
    _join(actors, m, lambda a: a.kind == "person" and a.tokens == m.tokens)


def _attach_role(actors: list[_Actor], m: _Mention, lex: Lexicon) -> None:
    """A role with no name ("the Iraqi prime minister") joins the person its article gives that role."""
    role = set(m.lead)
    bound = [a for a in actors if a.kind == "person" and a.tokens and any(
        x.doc_id == m.doc_id and role <= _role_words(a, x, lex) for x in a.mentions)]
    if not bound:
        bound = [a for a in actors if a.entry and role <= set(fold(f"{a.entry.country} {a.entry.role}").split())]
    if len(bound) == 1:
        bound[0].mentions.append(m)
    else:
        _join(actors, m, lambda a: a.kind == "person" and not a.mentions[0].tokens and a.tokens == m.lead)


def _role_words(actor: _Actor, m: _Mention, lex: Lexicon) -> set[str]:
    """Title and country words the article puts in front of this actor's name."""
    words = set(m.lead)
    for clause in re.split(r"[,.;:()\[\]—–“”\"\n]", "\n".join(m.context)):
        folded = fold(clause).split()
        for k, w in enumerate(folded):
            if len(w) > 1 and (same_token(w, actor.tokens[-1]) or same_token(w, actor.tokens[0])):
                window = folded[max(0, k - 5):k]
                words |= set(split_title(" ".join(window), lex)[0])
                nearest = [fold(lex.nationality(x)) for x in window if lex.nationality(x)][-1:]
                words |= set(nearest)   # "with Iraq's ... his Syrian counterpart Sabbagh": Syria
                break
    return words


def _name_ids(actors: list[_Actor]) -> None:
    taken = {a.actor_id for a in actors if a.actor_id}
    for actor in actors:
        if actor.actor_id:
            continue
        base = slug(_best_name(actor, Counter(_display(m) for m in actor.mentions)))
        actor.actor_id, n = base, 2
        while actor.actor_id in taken:
            actor.actor_id, n = f"{base}-{n}", n + 1
        taken.add(actor.actor_id)


def _display(m: _Mention) -> str:
    """The surface without leading titles, nationality and articles, casing kept."""
    if m.kind != "person" or not m.tokens:
        words = m.surface.split()
        return " ".join(words[1:] if words and words[0].lower() == "the" else words)
    words = m.surface.split()
    while len(words) > 1 and split_title(" ".join(words[1:]))[1] == m.tokens:
        words = words[1:]
    return " ".join(words)


def _best_name(actor: _Actor, surfaces: Counter) -> str:
    """The most complete, most frequent spelling: most name words, then count, then text."""
    return max(surfaces, key=lambda s: (len(split_title(s)[1]), surfaces[s], s))


def _country(actor: _Actor) -> str:
    """Most frequent country in front of the actor's names, or in an organisation's name."""
    lex = load_lexicon()
    votes: Counter = Counter()
    for m in actor.mentions:
        words = m.tokens + m.lead if m.kind != "person" else m.lead
        if m.kind == "person" and actor.tokens:
            words = list(_role_words(actor, m, lex))
        for w in words:
            country = _country_of(w, lex)
            if country:
                votes[country] += 1
    return votes.most_common(1)[0][0] if votes else ""


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
