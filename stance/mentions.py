"""Who is who inside one document: names, descriptions and pronouns resolved to entities.

Names are runs of proper-noun tokens (the parser runs without its entity
recogniser); titles in front of a name ("Iraq's Foreign Minister") become the
entity's descriptors, so a later "the Iraqi minister" finds the right person even
past another person named in between. Short names ("Sudani") join the fullest
name with the same surname; given names that conflict stay apart.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .nlp import coarse, noun_chunks

NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "van", "von", "da", "der", "le", "la", "ben", "ould", "ag"}
PERSON_PRONOUNS = {"he": "m", "she": "f"}
GROUP_PRONOUNS = {"they"}
ORG_PRONOUNS = {"it"}
# a possessive points where its pronoun would: "his office" is the office of whoever "he" is
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
# abbreviated roles match the words they stand for ("the Iraqi FM" is a foreign minister)
ABBREVIATIONS = {"fm": {"foreign", "minister"}, "pm": {"prime", "minister"}}
# roles any person quoted in the news may be called, whatever their title
GENERIC_ROLES = {"official", "source", "politician", "figure", "leader", "diplomat"}
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those", "two", "three", "both"}


def name_key(word: str) -> str:
    """Surname key: accents, apostrophes and al-/el- particles removed, lower case."""
    w = unicodedata.normalize("NFKD", word)
    w = "".join(c for c in w if not unicodedata.combining(c)).lower()
    w = re.sub(r"^(al|el|as|ash|ad|ar|at|az)[-\s]", "", w)
    return re.sub(r"[^a-z0-9]", "", w)


@dataclass
class Entity:
    """A discourse referent of one document (built while reading, then frozen in use)."""

    kind: str                      # person | organisation | group | anonymous
    name: str
    tokens: int                    # tokens in the fullest name, to prefer longer forms
    key: str = ""
    given: str = ""
    descriptors: set[str] = field(default_factory=set)
    confirmed: bool = False        # a person for sure: full name, title or a person's role
    mentions: list[int] = field(default_factory=list)   # char offsets of mentions
    subject_mentions: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: int | None             # index into Entities.items; None for unresolved anaphora
    kind: str                      # name | nominal | pronoun


class Entities:
    """Entities of one document and the mention each token belongs to."""

    def __init__(self, parsed, lex: Lexicon, quoted: list[tuple[int, int]]):
        self.doc = parsed
        self.lex = lex
        self.items: list[Entity] = []
        self.by_token: dict[int, Mention] = {}
        self._quoted = bytearray(len(parsed.text) + 2)  # 1 for each character inside quote marks
        for start, end in quoted:
            self._quoted[max(start - 1, 0):end + 1] = b"\1" * (end + 1 - max(start - 1, 0))
        self._build()

    # ---- building -------------------------------------------------------------------
    def inside_quote(self, char: int) -> bool:
        return 0 <= char < len(self._quoted) and self._quoted[char] == 1

    def _build(self) -> None:
        doc = self.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            if self._is_name_token(tok) and not self.inside_quote(tok.idx):
                j = i
                while j + 1 < len(doc) and self._continues_name(doc, j + 1) and not self.inside_quote(doc[j + 1].idx):
                    j += 1
                while j > i and (doc[j].text in "-'’" or doc[j].lower_ in NAME_PARTICLES):
                    j -= 1
                self._add_name(i, j)
                i = j + 1
            else:
                i += 1
        for chunk in noun_chunks(doc):
            if self.inside_quote(chunk.start_char):
                continue
            self._add_nominal(chunk)
        self._chain()

    def _chain(self) -> None:
        """Resolve descriptions and subject pronouns in reading order, so that "the
        Russian minister had earlier made clear..." makes him the one "he" refers to next."""
        for tok in self.doc:
            if self.inside_quote(tok.idx):
                continue
            ment = self.by_token.get(tok.i)
            pronoun = tok.lower_ in PERSON_PRONOUNS or tok.lower_ in ORG_PRONOUNS or tok.lower_ in GROUP_PRONOUNS
            anaphor = (ment is not None and ment.entity is None and ment.kind == "nominal" and tok.lower_ in self.lex.role_nouns) or (
                ment is None and pronoun and tok.dep_ in ("nsubj", "nsubjpass"))
            if not anaphor:
                continue
            idx, how = self.resolve(tok)
            if idx is None:
                continue
            ent = self.items[idx]
            ent.mentions.append(tok.idx)
            if tok.dep_ in ("nsubj", "nsubjpass"):
                ent.subject_mentions.append(tok.idx)
            if ment is not None:
                self.by_token[tok.i] = Mention(ment.start, ment.end, idx, how)

    def _is_name_token(self, tok) -> bool:
        if tok.tag_ in ("NNP", "NNPS"):
            return tok.text[:1].isupper() and tok.text not in "-'’"
        return self._heading_lead(tok)

    def _heading_lead(self, tok) -> bool:
        """'Macron: ...' opening a line: a capitalised word before the colon is a name,
        whatever the tagger made of it (it often tags a lone surname as a common noun)."""
        doc = self.doc
        return (tok.text[:1].isupper() and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
                and (tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or "\n" in doc.text[doc[tok.i - 1].idx:tok.idx])
                and tok.lower_ not in self.lex.not_names and tok.lower_ not in self.lex.role_nouns)

    def _continues_name(self, doc, k: int) -> bool:
        tok, prev = doc[k], doc[k - 1]
        glued = not prev.whitespace_
        if tok.tag_ == "POS" or tok.lower_ in ("'s", "’s"):
            return False
        if tok.text in ("-", "'", "’") and glued and k + 1 < len(doc):
            nxt = doc[k + 1]
            if tok.text == "-" and not tok.whitespace_ and nxt.text[:1].isalpha():
                return True  # "Ki-moon", "al-Sudani"
            return (not tok.whitespace_ or nxt.lower_ in NAME_PARTICLES) and (
                self._is_name_token(nxt) or nxt.lower_ in NAME_PARTICLES or nxt.text[:1].isupper())
        if tok.lower_ == "of" and self.lex.role_nouns.get(prev.lower_) == "organisation" and prev.text[:1].isupper():
            nxt = doc[k + 2] if k + 2 < len(doc) and doc[k + 1].lower_ == "the" else (doc[k + 1] if k + 1 < len(doc) else None)
            return nxt is not None and self._is_name_token(nxt)  # "Ministry of Foreign Affairs", "Office of the ..."
        if tok.lower_ == "the" and prev.lower_ == "of":
            return True
        if tok.lower_ in NAME_PARTICLES:
            return k + 1 < len(doc) and (self._is_name_token(doc[k + 1]) or doc[k + 1].text == "-")
        if prev.text == "-" and glued:
            return tok.text[:1].isalpha()
        return self._is_name_token(tok)

    def _add_name(self, i: int, j: int) -> None:
        doc, lex = self.doc, self.lex
        # the name is what follows the last title word: "Parliament Speaker Mahmoud al-Mashhadani"
        org_word = lex.role_nouns.get(doc[j].lower_) == "organisation" or any(
            lex.role_nouns.get(doc[t].lower_) == "organisation" and doc[t + 1].lower_ == "of" for t in range(i, j))
        last_title = i - 1 if org_word else max((k for k in range(i, j + 1) if self._is_title(doc[k])), default=i - 1)
        k = last_title + 1
        titles = [doc[t].lower_ for t in range(i, k)]
        if k > j:  # only titles ("President", "Foreign Minister"): a description, not a name
            return
        span = doc[k:j + 1]
        words = [t.text for t in span if t.text not in "-'’"]
        if all(w.lower() in lex.not_names for w in words):
            return
        text = span.text
        lowered = [w.lower() for w in words]
        descriptors = set(titles) | self._context_descriptors(doc[i:j + 1])
        kind = self._name_kind(text, lowered, titles, descriptors)
        if len(words) == 1:  # a surname, or a given name, seen before with a full name
            known = next((e for e in reversed(self.items) if e.kind == "person" and e.tokens > 1
                          and name_key(words[0]) in (e.key, e.given)), None)
            if known is not None:
                known.descriptors |= descriptors
                self._mention(known, span, doc[i:j + 1], "name")
                return
        if kind == "place":
            kind = "organisation"
        if kind == "person":
            key = name_key(words[-1])
            given = name_key(words[0]) if len(words) > 1 and words[0].lower() not in NAME_PARTICLES else ""
            ent = self._find_person(key, given, span.start_char)
            if ent is None:
                ent = self._new(Entity("person", text, len(words), key, given))
            elif len(words) > ent.tokens or (given and not ent.given):
                ent.name, ent.tokens, ent.given = text, len(words), given or ent.given
        else:
            ent = self._find_org(text) or self._new(Entity("organisation", text, len(words), key=text.lower()))
        ent.descriptors |= descriptors
        ent.confirmed = ent.confirmed or len(words) > 1 or bool(titles) or "who" in descriptors or any(
            lex.role_nouns.get(d) == "person" for d in descriptors)
        self._mention(ent, span, doc[i:j + 1], "name")

    def _is_title(self, tok) -> bool:
        low = tok.lower_.rstrip(".")
        if tok.text == "-":  # "Secretary-General", not "Ki-moon"
            return 0 < tok.i < len(self.doc) - 1 and self._is_title(self.doc[tok.i - 1]) and self._is_title(self.doc[tok.i + 1])
        return low in self.lex.titles

    def _name_kind(self, text: str, lowered: list[str], titles: list[str], descriptors: set[str]) -> str:
        lex = self.lex
        if text.lower() in lex.places:
            return "place"
        roles = [lex.role_nouns.get(w) for w in lowered]
        if "organisation" in roles or (len(text) >= 2 and text.isupper() and "." not in text[:-1]):
            return "organisation"
        if titles:
            return "person"
        described = [lex.role_nouns.get(d) for d in descriptors | _plural_forms(descriptors)]
        if "who" not in descriptors and "person" not in described and "organisation" in described:
            return "organisation"
        return "person"

    def _context_descriptors(self, span) -> set[str]:
        """Words that describe a name: modifiers, possessors, appositions, 'who leads...'."""
        lex = self.lex
        head = span.root
        inside = range(span.start, span.end)
        related = [c for t in span for c in t.children
                   if c.i not in inside and c.dep_ in ("amod", "compound", "poss", "nmod", "appos", "relcl", "acl")]
        if head.dep_ == "appos" and head.head.i not in inside:
            related.append(head.head)
        words: set[str] = set()
        for tok in related:
            sub = [tok, *[c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]] if tok is head.head else tok.subtree
            for t in sub:
                if t.i not in inside and not self.inside_quote(t.idx) and coarse(t) in ("NOUN", "PROPN", "ADJ", "VERB"):
                    words.add(t.lower_)
        for w in list(words):
            country = lex.nationality(w)
            if country:
                words.add(country.lower())
        if any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in head.children):
            words.add("who")
        return words

    def _add_nominal(self, chunk) -> None:
        lex = self.lex
        root = chunk.root
        if root.lower_ not in lex.role_nouns or root.i in self.by_token:
            return
        if root.dep_ == "appos" or any(c.dep_ == "appos" and c.i in self.by_token for c in root.children):
            return  # a description of a name registered with that name
        owners = [self.by_token[t.i] for t in chunk if t.i in self.by_token]
        if any(self.items[m.entity].kind == "person" and self.items[m.entity].confirmed for m in owners if m.entity is not None):
            return
        words = [t for t in chunk if t.lower_ not in _DETERMINERS and t.tag_ != "POS"]
        first = chunk[0].lower_
        role_type = lex.role_nouns[root.lower_]
        descriptors = {t.lower_ for t in words} | {lex.nationality(t.text).lower() for t in words if lex.nationality(t.text)}
        named = self.by_token.get(chunk.start - 2) if chunk.start > 1 and self.doc[chunk.start - 1].text == "," else None
        after_name = named is not None and named.entity is not None and self.items[named.entity].kind == "person"
        if after_name:
            return  # an apposition: "Getachew Reda, a spokesman for the TPLF,"
        if first in ("a", "an") or (first not in ("the", "his", "her", "its", "their") and role_type == "person"
                                   and root.tag_ == "NN" and len(words) > 1):
            if role_type == "person" and root.dep_ not in ("nsubj", "nsubjpass"):
                return  # an unnamed person who says nothing here: "the first visit of a senior official"
            # an indefinite description introduces an unnamed source
            kind = "anonymous" if role_type == "person" else "organisation"
            words = self.description(root) or list(chunk)
            name = self.doc.text[words[0].idx:words[-1].idx + len(words[-1].text)]
            ent = self._new(Entity(kind, name, len(words), key=name.lower(), descriptors=descriptors, confirmed=True))
            self._mention(ent, chunk, chunk, "name")
            return
        has_owner = any(t.dep_ == "poss" and (t.tag_ == "NNP" or lex.nationality(t.text)) for t in chunk) or any(
            lex.nationality(t.text) or t.tag_ == "NNP" for t in words[:-1])
        if role_type == "organisation" and has_owner:
            name = chunk.text[len(chunk[0].text):].strip() if first == "the" else chunk.text
            ent = self._find_org(name) or self._new(Entity("organisation", name, len(words), key=name.lower(),
                                                           descriptors=descriptors))
            self._mention(ent, chunk, chunk, "name")
            return
        self.by_token[root.i] = Mention(chunk.start_char, chunk.end_char, None, "nominal")

    def _find_person(self, key: str, given: str, at: int) -> Entity | None:
        same = [e for e in self.items if e.kind == "person" and e.key == key]
        if given:
            same = [e for e in same if not e.given or _same_given(e.given, given)]
        if not same:
            return None
        before = [e for e in same if e.mentions and min(e.mentions) < at]
        pool = before or same
        return max(pool, key=lambda e: max(m for m in e.mentions if m < at) if before else -min(e.mentions))

    def _find_org(self, name: str) -> Entity | None:
        key = name.lower()
        return next((e for e in self.items if e.kind == "organisation" and e.key == key), None)

    def _new(self, ent: Entity) -> Entity:
        self.items.append(ent)
        return ent

    def _mention(self, ent: Entity, span, full_span, kind: str) -> None:
        idx = self.items.index(ent)
        ment = Mention(full_span.start_char, full_span.end_char, idx, kind)
        ent.mentions.append(span.start_char)
        root = full_span.root
        if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")):
            ent.subject_mentions.append(span.start_char)
        for t in full_span:
            self.by_token[t.i] = ment

    # ---- resolving ------------------------------------------------------------------
    def mention_at(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    def resolve(self, token, avoid: set[int] = frozenset()) -> tuple[int | None, str]:
        """The entity a subject token refers to, and how ("name", "pronoun", "nominal")."""
        ment = self.by_token.get(token.i)
        if ment is not None and ment.entity is not None:
            return ment.entity, ment.kind
        for child in token.children:  # "Labour's leader, Ed Miliband,"
            named = self.by_token.get(child.i)
            if child.dep_ == "appos" and named is not None and named.entity is not None:
                return named.entity, "name"
        low = token.lower_
        at = token.idx
        if token.dep_ == "poss":
            low = POSSESSIVE_PRONOUNS.get(low, low)
        if low in PERSON_PRONOUNS:
            return self._antecedent(at, {"person", "anonymous"}, set(), avoid), "pronoun"
        if low in ORG_PRONOUNS:
            return self._antecedent(at, {"organisation"}, set(), avoid), "pronoun"
        if low in GROUP_PRONOUNS:
            return self._antecedent(at, {"organisation", "group"}, set(), avoid), "pronoun"
        if low in self.lex.role_nouns:
            role_type = self.lex.role_nouns[low]
            wanted = {t.lower_ for t in token.subtree if t.lower_ not in _DETERMINERS and coarse(t) in ("ADJ", "NOUN", "PROPN")
                      and not self.inside_quote(t.idx)}
            kinds = {"person", "anonymous"} if role_type == "person" else {"organisation"}
            return self._antecedent(at, kinds, wanted, avoid), "nominal"
        if token.text[:1].isupper():  # a surname the tagger missed at a sentence start
            key = name_key(token.text)
            named = [i for i, e in enumerate(self.items) if e.kind == "person" and e.tokens > 1 and e.key == key]
            if named:
                return named[0], "name"
        return None, ""

    def description(self, token, inside: set[int] = frozenset()) -> list:
        """The words of a description headed by `token`, without clauses or quotes:
        "a spokesman for the Karen National Union" from "..., who asked not to be named"."""
        lo, hi = token.left_edge.i, token.right_edge.i
        clauses = [c for c in token.subtree if c.dep_ in ("relcl", "acl", "advcl", "appos") and c.i != token.i]
        dropped = {t.i for c in clauses for t in c.subtree}
        words = [t for t in self.doc[lo:hi + 1] if t.i not in dropped and t.i not in inside and not self.inside_quote(t.idx)]
        while words and (words[-1].is_punct or words[-1].dep_ in ("cc", "prep")):
            words.pop()
        while words and words[0].is_punct:
            words.pop(0)
        return words

    def _antecedent(self, at: int, kinds: set[str], wanted: set[str], avoid: set[int]) -> int | None:
        lex = self.lex
        nationalities = {w for w in wanted if lex.nationality(w)}
        others = {w for w in wanted - nationalities if w in lex.role_nouns and w not in GENERIC_ROLES}
        for abbr in others & ABBREVIATIONS.keys():
            others = (others - {abbr}) | ABBREVIATIONS[abbr]
        best, best_score = None, None
        for idx, ent in enumerate(self.items):
            if ent.kind not in kinds or idx in avoid or (ent.kind == "person" and not ent.confirmed):
                continue
            earlier = [m for m in ent.mentions if m < at]
            if not earlier:
                continue
            desc = ent.descriptors | {w.lower() for w in ent.name.split()}
            countries = {lex.nationality(d).lower() for d in desc if lex.nationality(d)}
            if nationalities and not {lex.nationality(n).lower() for n in nationalities} <= countries:
                continue
            if others and not others <= (desc | _plural_forms(desc)) and "counterpart" not in desc:
                continue
            subj = max((m for m in ent.subject_mentions if m < at), default=-1)
            score = (subj, max(earlier))
            if best_score is None or score > best_score:
                best, best_score = idx, score
        return best


def _plural_forms(words: set[str]) -> set[str]:
    """Singular and plural of each word, so "the group" matches "one of the armed groups"."""
    return {w + "s" for w in words} | {w[:-1] for w in words if w.endswith("s")}


def _same_given(a: str, b: str) -> bool:
    """Given names agree, allowing transliteration ("mohammed"/"mohammad") and initials."""
    if a == b or a[:1] == b[:1] and (len(a) == 1 or len(b) == 1):
        return True
    skeleton = lambda s: re.sub(r"[aeiouy]|(.)(?=\1)", "", s)
    return skeleton(a) == skeleton(b)
