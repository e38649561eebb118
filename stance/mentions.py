"""Who is who inside one document: names, descriptions and pronouns resolved to entities.

Names are runs of proper-noun tokens (the parser runs without its entity
recogniser); titles in front of a name ("Iraq's Foreign Minister") become the
entity's descriptors, so a later "the Iraqi minister" finds the right person even
past another person named in between. Short names ("Sudani") join the fullest
name with the same surname; given names that conflict stay apart. Names are
compared by :mod:`stance.names`, the one matcher the cross-article steps use too
(Fayyad = Fayyadh, but Hassan Ali is not Hussein Ali).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from heapq import merge
from collections.abc import Callable
from dataclasses import dataclass, field

from .lexicon import Lexicon, word_classes
from .names import middle_keys, name_key, same_token, surname_and_given, surname_keys
from .nlp import coarse, noun_chunks
from .quotes import paragraphs

_WORDS = word_classes("mentions.txt")  # word classes and distances, data users can extend


def _pairs(name: str) -> dict[str, str]:
    return dict(w.split("=", 1) for w in _WORDS[name])


NAME_PARTICLES = set(_WORDS["name_particles"])
PERSON_PRONOUNS = _pairs("person_pronouns")
GROUP_PRONOUNS = set(_WORDS["group_pronouns"])
ORG_PRONOUNS = set(_WORDS["org_pronouns"])
POSSESSIVE_PRONOUNS = _pairs("possessive_pronouns")
OBJECT_PRONOUNS = _pairs("object_pronouns")
ABBREVIATIONS = {k: set(v.split("+")) for k, v in _pairs("abbreviations").items()}
BROADER_ROLES = {k: set(v.split("+")) for k, v in _pairs("broader_roles").items()}
GENERIC_ROLES = set(_WORDS["generic_roles"])
SPEAKING_ROLES = set(_WORDS["speaking_roles"])
GENERIC_ORGANISATIONS = set(_WORDS["generic_organisations"])
UNNAMED_BODIES = set(_WORDS["unnamed_bodies"])
SELF_NAMING_BODIES = set(_WORDS["self_naming_bodies"])
BODY_ORGANS = set(_WORDS["body_organs"])
SEAT_ROLES = set(_WORDS["seat_roles"])
SEAT_CHAMBERS = _pairs("seat_chambers")
PAST_ROLE_WORDS = set(_WORDS["past_role_words"])
GENDER_WORDS = {"m": set(_WORDS["male_words"]), "f": set(_WORDS["female_words"])}
ADDRESS_WORDS = set(_WORDS["address_words"])
ORGANISATION_NAME_WORDS = set(_WORDS["organisation_name_words"])
PLACE_NAME_WORDS = set(_WORDS["place_name_words"])
PLACE_FIRST_WORDS = set(_WORDS["place_first_words"])
COMPANY_FIRST_WORDS = set(_WORDS["company_first_words"])
GEOGRAPHIC_WORDS = set(_WORDS["geographic_words"])
FACILITY_WORDS = set(_WORDS["facility_words"])
SURNAME_ENDINGS = tuple(_WORDS["surname_endings"])
COMPANY_SUFFIXES = set(_WORDS["company_suffixes"])
ORGANISATION_FIRST_WORDS = set(_WORDS["organisation_first_words"]) | COMPANY_FIRST_WORDS
KIN_WORDS = set(_WORDS["kin_words"])
LOWER_CASE_TITLES = set(_WORDS["lower_case_titles"])
OPENING_PREPOSITIONS = set(_WORDS["opening_prepositions"])
FUNCTION_TAGS = ("IN", "TO", "MD", "DT", "CC", "RB", "RP", "UH")  # a given name the tagger read as one of these ("said Per Hole")
DATELINE_FOLLOWERS = set(_WORDS["dateline_followers"])
PORTFOLIO_WORDS = set(_WORDS["portfolio_words"])
PARTY_LETTERS = _pairs("party_letters")
US_STATES = {k: v.split("+") for k, v in _pairs("us_state_abbreviations").items()}
PARTY_MEMBERS = set(_WORDS["party_members"])
TIME_WORDS = set(_WORDS["time_words"])
# "Picture: Star/Jo Hale" ending a caption line: a credit is a few capitalised words after its label
_CREDIT = re.compile(r"\b(?:%s)\s*:\s*((?:[A-Z][\w.’'-]*|/|&|\s)+)\)?\s*$" % "|".join(
    w.capitalize() for w in _WORDS["credit_labels"]))
_DATELINE = re.compile(r"[A-Z][A-Z.'’ /-]*")
_DATELINE_END = re.compile(r"\s[-—–]+\s|[—–]|/\.\s")  # ("GROZNY, 19 November. /WIRE/. The ...")
_DATED_COLON = re.compile(r",\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?\s*:")  # "VARDOS, May 22:"
# a place in Title Case opens a dateline only with its date and wire: "Maputo, 14 Oct (Wire) -"
_TITLED_PLACE = re.compile(r"[A-Z][^\W\d_]+(?:[ /-][A-Z][^\W\d_]+){0,2}")
_DATED_TAIL = re.compile(r",\s+(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,?\s+\d{4})?"
                         r"\s+\([^()\n]{1,40}\)\s*[-—–]")
_TITLED_DATELINE = re.compile(rf"^({_TITLED_PLACE.pattern}){_DATED_TAIL.pattern}", re.MULTILINE)  # opening a paragraph
DATELINE_TAIL = int(*_WORDS["dateline_tail"])
SHORT_FORM_CONNECTORS = set(_WORDS["short_form_connectors"])
SHORT_FORM_REACH = int(*_WORDS["short_form_reach"])
FRENCH_BODY_WORDS = set(_WORDS["french_body_words"])
FRENCH_NAME_LINKS = set(_WORDS["french_name_links"])
ENGLISH_STOP_WORDS = set(_WORDS["english_stop_words"])
INDEFINITE_DETERMINERS = set(_WORDS["indefinite_determiners"])
NAMING_VERBS = set(_WORDS["naming_verbs"])
BYLINE_MAX_CHARS, BYLINE_MAX_WORDS = int(*_WORDS["byline_max_chars"]), int(*_WORDS["byline_max_words"])
NEARBY_CHARS = int(*_WORDS["nearby_chars"])
HEADING_NEARBY_CHARS = int(*_WORDS["heading_nearby_chars"])
DESCRIPTION_MAX_WORDS = int(*_WORDS["description_max_words"])
_DETERMINERS = set(_WORDS["determiners"])
# a surname whose small particle is written joined to it ("deBoer", "vanDyk"): a name word, though it opens in lower case
_PARTICLE_CAPITAL = re.compile(r"(?:%s)[A-Z][a-z]+" % "|".join(sorted(_WORDS["name_particles"], key=len, reverse=True)))


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
    place: bool = False            # a country or city: speaks only when named ("Washington said")
    gender: str = ""               # "m", "f" or unknown, from titles, gendered roles, resolved he/she

    def sex(self, given_names: dict[str, str] | None = None) -> str:
        """The gender the text reveals: a resolved he/she, else an honorific ("Mrs"), else a
        given name used for one gender only (given_names.txt), else a gendered role. The
        name comes before roles because descriptors also gather nearby words ("a justice of
        the Court of King's Bench" is no king)."""
        if self.gender:
            return self.gender
        told = {g for g, words in GENDER_WORDS.items() if self.descriptors & words & ADDRESS_WORDS}
        if not told:  # (the first word only: "Hodan Ismail Jama" and "Nadia Ali" name their fathers after it)
            told = {given_names[self.given]} if given_names and self.given in given_names else set()
        if not told:
            told = {g for g, words in GENDER_WORDS.items() if self.descriptors & words}
        return told.pop() if len(told) == 1 else ""


class _Timeline:
    """Every mention's (offset, entity) in document order, kept sorted as mentions are added, and
    each entity's own offsets: "who was mentioned (or the subject) last before here" walks back
    from a point instead of reading every entity's mentions (a long document has thousands)."""

    def __init__(self) -> None:
        self._events: dict[bool, list[tuple[int, int]]] = {False: [], True: []}  # subject? -> (offset, entity)
        self._by_kind: dict[tuple[bool, str], list[tuple[int, int]]] = {}  # the same, per kind of entity
        self._own: dict[tuple[int, bool], list[int]] = {}

    def add(self, idx: int, at: int, subject: bool, kind: str) -> None:
        for role in (False, True) if subject else (False,):
            insort(self._events[role], (at, idx))
            insort(self._by_kind.setdefault((role, kind), []), (at, idx))
            insort(self._own.setdefault((idx, role), []), at)

    def last(self, idx: int, before: int, since: int = 0, subject: bool = False) -> int:
        """The entity's last mention (as a subject if `subject`) in [since, before), or -1."""
        own = self._own.get((idx, subject), ())
        k = bisect_left(own, before)
        return own[k - 1] if k and own[k - 1] >= since else -1

    def first(self, idx: int, since: int, before: int) -> int:
        """The entity's first mention in [since, before), or -1."""
        own = self._own.get((idx, False), ())
        k = bisect_left(own, since)
        return own[k] if k < len(own) and own[k] < before else -1

    def back(self, before: int, since: int = 0, subject: bool = False, kinds: frozenset[str] | None = None):
        """(offset, entity) of the mentions in [since, before) (of entities of `kinds` only, if
        given), the latest first (ties: the entity registered last first)."""
        if kinds is None:
            yield from self._back(self._events[subject], before, since)
        else:
            yield from merge(*(self._back(self._by_kind.get((subject, kind), []), before, since) for kind in kinds),
                             reverse=True)

    @staticmethod
    def _back(events: list[tuple[int, int]], before: int, since: int):
        k = bisect_left(events, (before, -1))
        while k > 0:
            k -= 1
            if events[k][0] < since:
                return
            yield events[k]

    def entities(self, since: int, before: int) -> list[int]:
        """The entities mentioned in [since, before), in the order they were registered."""
        events = self._events[False]
        return sorted({idx for _, idx in events[bisect_left(events, (since, -1)):bisect_left(events, (before, -1))]})


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
        self._numbers: dict[int, int] = {}  # id(entity) -> its index in items
        self._people_by_key: dict[str, set[int]] = {}  # blocking key of a surname or given name -> persons
        self._organisations: dict[str, list[int]] = {}  # key -> organisations
        self._companies: set[str] = set()  # names of companies named with their form ("Kulgur" of "Kulgur AS")
        self._timeline = _Timeline()
        self.by_token: dict[int, Mention] = {}
        self._datelines: list[tuple[int, int]] = []  # (start, end) of each dateline, wire name included
        self._dateline_places: set[str] = set()  # the places datelines name, lower case: places wherever named
        self._paragraph_starts: list[int] | None = None  # the project's paragraphs (quotes.paragraphs), listed once
        self._sentence_starts: list[tuple[int, int]] | None = None  # (start, end) character of each sentence, listed once
        self._short_forms: dict[int, str] = {}  # first token of a body's name -> the short form in brackets after it
        self._short_form_bodies: set[str] = set()  # those short forms, lower case: a body's name wherever met
        self.text = parsed.text  # built from the tokens on each access: read once
        self.tokens = list(parsed)  # spaCy makes a new Token on each doc[i]: made once, read by position
        _mend_given_names(self.tokens, lex)
        self._quoted = bytearray(len(self.text) + 2)  # 1 for each character inside quote marks
        for start, end in quoted:
            self._quoted[max(start - 1, 0):end + 1] = b"\1" * (end + 1 - max(start - 1, 0))
        for titled in _TITLED_DATELINE.finditer(self.text):  # read first: the tagger may not even call its place a name
            self._datelines.append((titled.start(), titled.end() - 1))
            self._dateline_places.add(titled.group(1).lower())  # "in Dunvale" further down is that place
        self._build()

    # ---- building -------------------------------------------------------------------
    def in_dateline(self, char: int) -> bool:
        """Inside a dateline ("OSLO/BERGEN, May 2 (Wire) -"), from its place to its dash."""
        return any(start <= char < end for start, end in self._datelines)

    def inside_quote(self, char: int) -> bool:
        return 0 <= char < len(self._quoted) and self._quoted[char] == 1

    def _build(self) -> None:
        doc = self.tokens  # (indexed by position only: the Token objects made once)
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if self._is_name_token(tok) and not self.inside_quote(tok.idx) and not self.in_dateline(tok.idx):
                j = i
                while j + 1 < n and self._continues_name(doc, j + 1) and not self.inside_quote(doc[j + 1].idx):
                    j += 1
                while j > i and (doc[j].text in "-'’" or doc[j].lower_ in NAME_PARTICLES):
                    j -= 1
                while i < j and doc[i].lower_ in OPENING_PREPOSITIONS:
                    i += 1  # "Outside Parliament, a priest said": a sentence's first word, capitalised
                if i >= 1 and doc[i - 1].dep_ == "compound" and i <= doc[i - 1].head.i <= j and doc[i - 1].tag_ in ("JJ", "NN") \
                        and doc[i - 1].text[:1].isupper() and not self.inside_quote(doc[i - 1].idx) \
                        and (doc[j].text in COMPANY_SUFFIXES or self._organisation_word(doc[j])):
                    i -= 1  # "Pelican Seafoods Inc." with "Pelican" tagged an adjective: the company's first word
                if i >= 2 and doc[i - 1].lower_ == "and" and doc[i - 2].tag_ in ("NN", "NNS") and doc[i - 2].text[:1].isupper() \
                        and not self.inside_quote(doc[i - 2].idx) and self._organisation_after(i):
                    i -= 2  # "Fisheries and Oceans Canada": a body's first word the tagger took for a common noun
                if i > 0 and self._short_family_name(doc[i - 1], i, j):
                    i -= 1  # "Oh Jae-gil", "Ma Ying": a short family name the tagger took for another word
                if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ \
                        and doc[i - 2].lower_ in NAME_PARTICLES and self._known_surname(doc[i].text):
                    i -= 2  # '"...," al-Malki said' after "Turki al-Malki": the particle opens the surname
                defined = self._defined_body(i, j)
                if defined is not None:  # "The Indigenous People of Biafra (IPOB)": one body, named with its initials
                    i, j = defined
                else:
                    j = self._french_body(i, j)
                if doc[i].lower_ not in OPENING_PREPOSITIONS and not self._dateline(i, j) and not self._tag_of_name(i, j) \
                        and not self._byline(i):
                    if self._person_after_body(i, j):  # "Center for ... Reforms Aziz Karimov": a body, then its person
                        self._add_name(i, j - 2)
                        i = j - 1
                    self._add_name(i, j)
                i = j + 1
            else:
                i += 1
        self.chunks = {chunk.root.i: _whole_words(chunk) for chunk in noun_chunks(self.doc)}  # base noun phrases by head token
        for chunk in self.chunks.values():
            if self.inside_quote(chunk.start_char):
                continue
            self._add_nominal(chunk)
        lowers = [tok.lower_ for tok in self.tokens]  # (read by both passes below)
        self._named_as(lowers)
        self._chain(lowers)

    def _defined_body(self, i: int, j: int) -> tuple[int, int] | None:
        """'The Confederation of Indigenous Nationalities of Ecuador (Conaie)', 'the Indigenous People
        of Biafra (IPOB)': a name run, with the connectors and capitalised words after it up to a
        parenthesised short form that abbreviates them all, is one body's name whatever its words
        (the run stopped at "of" or began after an adjective); (start, end) of that name, its short
        form noted in `_short_forms`, or None."""
        doc, n = self.tokens, len(self.tokens)
        k = j + 1
        while k < n and k - j <= SHORT_FORM_REACH and (doc[k].lower_ in SHORT_FORM_CONNECTORS or doc[k].text[:1].isupper()
                                                      and doc[k].is_alpha and not self.inside_quote(doc[k].idx)):
            k += 1
        if k + 2 >= n or doc[k].text != "(" or doc[k + 2].text != ")" or doc[k - 1].lower_ in SHORT_FORM_CONNECTORS:
            return None
        short = doc[k + 1].text
        if not (2 <= len(short) <= 10 and short.isalpha() and short[0].isupper() and sum(c.isupper() for c in short) >= 2 - short.istitle()):
            return None
        for start in (i, i - 1):  # (an adjective the tagger left out: "Indigenous")
            if start < 0 or start < i and not (doc[start].text[:1].isupper() and doc[start].is_alpha
                                              and not doc[start].is_sent_start and doc[start].lower_ not in _DETERMINERS):
                continue
            words = [t for t in doc[start:k] if t.text[:1].isupper()]
            # (or capitals after a body's word, its initials in another language: "Quebec Federation of Labour (FTQ)")
            if len(words) >= 2 and (_abbreviates(short, self.doc[start:k].text) and words[0].text[0].lower() == short[0].lower()
                                    or start == i and k == j + 1 and short.isupper() and any(self._organisation_word(w) for w in words)):
                self._short_forms[start] = short
                return start, k - 1
        return None

    def _french_body(self, i: int, j: int) -> int:
        """'The Fédération des travailleurs de la voirie, a union ...': a name run ending in a French
        body's word, then "des"/"du"/"de la" and lower-case French words up to a comma or bracket, is one
        body's name (English capitalises every word; French only the first): the run's new end, else `j`."""
        doc, n = self.tokens, len(self.tokens)
        if name_key(doc[j].text) not in FRENCH_BODY_WORDS or j + 1 >= n or doc[j + 1].lower_ not in ("de", "des", "du", "d'", "d’"):
            return j
        k = j + 1
        while k < n and k - j <= SHORT_FORM_REACH + 4 and not self._english_after_name(doc[k]) and not self.inside_quote(doc[k].idx) \
                and (doc[k].is_alpha or doc[k].lower_ in FRENCH_NAME_LINKS) and (doc[k].is_lower or doc[k].lower_ in FRENCH_NAME_LINKS
                                                                                  or doc[k].text[:1].isupper() and k > j + 2):
            k += 1
        while k - 1 > j and doc[k - 1].lower_ in FRENCH_NAME_LINKS:
            k -= 1
        ends = k >= n or doc[k].text in (",", "(", ".", ";", ":") or self._english_after_name(doc[k])
        return k - 1 if ends and k - 1 > j + 1 else j

    @staticmethod
    def _english_after_name(tok) -> bool:
        """An English word that ends a French name's run: a function word or a verb in the past ("welcomed")."""
        return tok.lower_ in ENGLISH_STOP_WORDS or tok.tag_ == "VBD" and tok.lower_.endswith("ed")

    def _short_family_name(self, tok, i: int, j: int) -> bool:
        """A capitalised word of two or three letters right before a name run, which the parser
        compounds into it but the tagger did not tag as a name ("Oh" in "Oh Jae-gil")."""
        return tok.is_alpha and tok.text.istitle() and len(tok.text) <= 3 and not tok.like_num and tok.tag_ in ("UH", "NN", "FW", "JJ", "VB", "VBP", "RB") \
            and tok.dep_ == "compound" and i <= tok.head.i <= j and tok.whitespace_ and not self.inside_quote(tok.idx) \
            and not self._is_title(tok) and tok.lower_ not in _DETERMINERS

    def _person_after_body(self, i: int, j: int) -> bool:
        """A run of name words from `i` to `j` that names a body ("Center for ...", "Institute of ...")
        and ends with two name words, the last with a family name's ending (surname_endings), the
        first no body's word: the body's name, then a person's, written without a comma."""
        doc = self.doc
        if j - i < 4 or not all(t.text[:1].isupper() and t.is_alpha for t in doc[j - 1:j + 1]):
            return False
        given, family = doc[j - 1].lower_, name_key(doc[j].text)
        body = any(self._organisation_word(doc[t]) and doc[t + 1].lower_ in ("of", "for") for t in range(i, j - 2))
        return body and family.endswith(SURNAME_ENDINGS) and len(family) > 4 and not self._organisation_word(doc[j - 1]) \
            and given not in self.lex.role_nouns and given not in PORTFOLIO_WORDS and doc[j - 2].lower_ not in ("of", "for", "and", "the")

    def _known_surname(self, word: str) -> bool:
        """A person named in full before has this surname."""
        key = name_key(word)
        return any(self.items[i].tokens > 1 and _same_word(self.items[i].key, key) for i in self.people_named(key))

    def _dateline(self, i: int, j: int) -> bool:
        """'WASHINGTON —', 'NAJAF, Iraq (AP) -', 'LIMA/QUITO, March 3': capitals opening a
        paragraph before a comma, dash or colon say where the story was filed, never who
        speaks ('REYES: “...”' is a transcript turn's label, not a dateline)."""
        doc = self.tokens  # (the Token objects made once)
        end = doc[j].idx + len(doc[j].text)
        lead = self.text[self.text.rfind("\n", 0, doc[i].idx) + 1:end]
        k = end
        if self.text[k:k + 2] in ("'S", "’S"):
            k += 2  # "ST. JOHN'S, N.L. —"
        while k < len(self.text) and self.text[k] in " \t":
            k += 1
        if not _DATELINE.fullmatch(lead) or k >= len(self.text) or self.text[k] not in DATELINE_FOLLOWERS | {"/"}:
            return False
        if self.text[k] == ":":
            k += 1
            while k < len(self.text) and self.text[k] in " \t":
                k += 1
            return not self.inside_quote(k)  # the opening mark of a quote right after the label
        dash = _DATELINE_END.search(self.text, end, min(len(self.text), end + DATELINE_TAIL)) \
            or _DATED_COLON.match(self.text, end)  # "VARDOS, May 22: Lakeland on Wednesday said ..."
        if dash is not None and "\n" not in self.text[end:dash.start()]:
            # "..., March 3 (Wire) -": the wire's name is no speaker (each item of a round-up has
            # its own dateline; a section heading's "WHAT THEY'RE SAYING —" covers only itself)
            self._datelines.append((end - len(lead), dash.start()))
        return True

    def _byline(self, i: int) -> bool:
        """'By Name and Name, Reuters': a short line opening with "By" names who wrote the
        story, never who speaks in it; so does a short line right under it ("By X\nBBC News,
        Leeds"), and the credit of a picture ("Picture: Star/Jo Hale", "Photograph: Dara Mac Dónaill")."""
        at = self.tokens[i].idx
        start = self.text.rfind("\n", max(0, at - BYLINE_MAX_CHARS), at) + 1
        if start == 0 and at > BYLINE_MAX_CHARS:
            return False
        end = self.text.find("\n", at, at + BYLINE_MAX_CHARS)
        if end < 0:
            return False
        line = self.text[start:end]
        if len(line.split()) > BYLINE_MAX_WORDS:
            return False
        credit = _CREDIT.search(self.text, start, end)
        if line.startswith("By ") or (credit is not None and credit.start(1) <= at):
            return True
        above = self.text.rfind("\n", 0, max(0, start - 1)) + 1
        return start > 0 and self.text.startswith("By ", above) and len(line.split()) <= BYLINE_MAX_WORDS // 2 \
            and not line.rstrip().endswith(".")

    def _party_and_state(self, j: int) -> set[str]:
        """'Rep. X (R-Okla.)', 'Sen. X, D-N.Y.,': the party and the state a US legislator's tag after
        the name (ending at token `j`) gives, as words ("republican", "oklahoma"), else none."""
        doc, n = self.tokens, len(self.tokens)
        if not self._party_opens(j):
            return set()
        k = j + 4
        while k < n and k < j + 9 and doc[k].text not in (")", ","):
            k += 1
        state = US_STATES.get("".join(t.text for t in doc[j + 4:k]).replace(".", "").lower())
        return {PARTY_LETTERS[doc[j + 2].text], *state} if state and k < n else set()

    def _tag_of_name(self, i: int, j: int) -> bool:
        """'Rep. Jim Clyburn (D-S.C.)': words in brackets right after a name annotate it, and so does a
        party tag after a comma, whatever its place: a state, or a state legislator's home town
        ('state Sen. Ana Ruiz, D-Elm City,'), which is no one who could speak."""
        doc = self.tokens  # (the Token objects made once)
        return i >= 2 and doc[i - 2].i in self.by_token and (
            j + 1 < len(doc) and doc[i - 1].text == "(" and doc[j + 1].text == ")"
            or doc[i].text in PARTY_LETTERS and self._party_tag(i - 2))

    def _party_tag(self, j: int) -> bool:
        """A party letter, a hyphen and capitalised place words between commas or brackets after the
        name ending at token `j` ("X, R-Harlow,", "X (D-N.Y.)")."""
        doc, n = self.tokens, len(self.tokens)
        if not self._party_opens(j):
            return False
        k = j + 4
        while k < n and k < j + 8 and doc[k].text[:1].isupper():
            k += 1
        return j + 4 < k < n and doc[k].text in (")", ",", ".", ";")

    def _party_opens(self, j: int) -> bool:
        """After the name ending at token `j`: a comma or bracket, a party letter and a hyphen ("X, R-", "X (D-")."""
        doc = self.tokens
        return j + 4 < len(doc) and doc[j + 1].text in ("(", ",") and doc[j + 2].text in PARTY_LETTERS \
            and doc[j + 3].text == "-"

    def _chain(self, lowers: list[str]) -> None:
        """Resolve descriptions and subject pronouns in reading order, so that "the
        Russian minister had earlier made clear..." makes him the one "he" refers to next."""
        for at, (tok, low) in enumerate(zip(self.tokens, lowers)):  # (at: tok.i)
            ment = self.by_token.get(at)
            anaphor = (ment is not None and ment.entity is None and ment.kind == "nominal" and low in self.lex.role_nouns) or (
                ment is None and (low in PERSON_PRONOUNS or low in ORG_PRONOUNS or low in GROUP_PRONOUNS)
                and tok.dep_ in ("nsubj", "nsubjpass"))
            if not anaphor or self.inside_quote(tok.idx):
                continue
            idx, how = self.resolve(tok)
            if idx is None:
                self._first_mention(tok)
                self._first_described(tok)
                continue
            ent = self.items[idx]
            if low in PERSON_PRONOUNS and not ent.gender and self._named_in_clause_above(tok, idx):
                ent.gender = PERSON_PRONOUNS[low]
            self._note(idx, tok.idx, tok.dep_ in ("nsubj", "nsubjpass") and not self._reported(tok))
            if ment is not None:
                self.by_token[tok.i] = Mention(ment.start, ment.end, idx, how)

    def _named_as(self, lowers: list[str]) -> None:
        """'One woman, who gave her name as Mrs. Ostrova, said': the person who gives a name is that
        name ("One man, who identified himself as Dave", "who asked to be identified only as X",
        "the driver, whose name is Tom Vale")."""
        for tok, low in zip(self.tokens, lowers):
            if low == "as" and tok.dep_ == "prep" and tok.head.lower_ in NAMING_VERBS:
                named = next((self.by_token.get(c.i) for c in tok.children if c.dep_ == "pobj"), None)
            elif low == "name" and tok.dep_ == "nsubj" and any(c.lower_ == "whose" for c in tok.children):
                named = next((self.by_token.get(c.i) for c in tok.head.children if c.dep_ == "attr"), None)
            else:
                continue
            if named is None or named.entity is None or self.items[named.entity].kind != "person":
                continue
            clause = tok.head if tok.head.dep_ == "relcl" else tok.head.head
            if clause.dep_ != "relcl" or clause.head.i in self.by_token and self.by_token[clause.head.i].entity == named.entity:
                continue
            noun = clause.head
            self._note(named.entity, noun.idx, noun.dep_ in ("nsubj", "nsubjpass"))
            self.by_token[noun.i] = Mention(noun.left_edge.idx, noun.idx + len(noun.text), named.entity, "name")

    def _first_mention(self, tok) -> None:
        """'The Saudi-led coalition did not comment. In a statement, it said ...': a definite
        organisation noun that is a subject and points back to no one is a body met for the first
        time; "it" and "the coalition" can then refer to it."""
        chunk = self.chunks.get(tok.i)
        if chunk is None or self.lex.role_nouns.get(tok.lower_) != "organisation" or tok.lower_ in GENERIC_ORGANISATIONS \
                or tok.dep_ not in ("nsubj", "nsubjpass") or chunk[0].lower_ != "the" or len(chunk) < 3 \
                or self._reported(tok):
            return
        name = chunk[1:].text
        ent = self._new(Entity("organisation", name, len(chunk) - 1, key=name.lower(),
                               descriptors={t.lower_ for t in chunk[1:]}))
        self._mention(ent, chunk[1:], chunk, "name")

    def _first_described(self, tok) -> None:
        """'The Foreign Office spokesperson was more measured. "...," she said.': a definite
        person's role that is a main clause's subject and that no one named nearby holds (the
        speaker resolve() then gives the description itself) is someone the story introduces
        unnamed; "she" and "the spokesperson" after it point to that description."""
        if self.lex.role_nouns.get(tok.lower_) != "person" or tok.tag_ == "NNS" or tok.dep_ not in ("nsubj", "nsubjpass") \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or self._reported(tok) \
                or any(c.dep_ == "appos" for c in tok.children):
            return
        if self.role_holder(tok) is not None or self.mentioned_last(
                tok.idx, lambda i, e: e.kind == "person" and e.confirmed and not e.place, "subject_mentions",
                since=self.paragraph_start(tok.idx)) is not None:
            return  # resolve() gives the role to the person just named ("Ms X said ... the retired teacher said")
        words = self.description(tok)
        while words and words[0].lower_ in _DETERMINERS:
            words.pop(0)
        if not words or len(words) > DESCRIPTION_MAX_WORDS:
            return
        if tok.lower_ not in SPEAKING_ROLES and not any(
                t.i != tok.i and (t.text[:1].isupper() or self.lex.nationality(t.text)) for t in words):
            return  # "the trustee", "the veteran firefighter": a writer's second name for someone named
        name = self.text[words[0].idx:words[-1].idx + len(words[-1].text)]
        descriptors = {t.lower_ for t in words} | {self.lex.nationality(t.text).lower() for t in words if self.lex.nationality(t.text)}
        ent = self._new(Entity("anonymous", name, len(words), key=name.lower(), descriptors=descriptors, confirmed=True))
        self._note(self._numbers[id(ent)], tok.idx, True)

    def _is_name_token(self, tok) -> bool:
        text = tok.text
        if text.islower():  # no capital anywhere (most words): nothing below holds, whatever the tag
            return False
        if tok.tag_ in ("NNP", "NNPS"):
            return text[:1].isupper() and text not in "-'’"
        if not text[:1].isupper():  # (each test below but the last two needs a capital first: most words end here)
            return (text.isupper() and self._acronym(tok)) or _PARTICLE_CAPITAL.fullmatch(text) is not None
        return self._heading_lead(tok) or self._given_name(tok) or (tok.text.isupper() and self._acronym(tok)) \
            or self._surname_mistagged(tok) or _PARTICLE_CAPITAL.fullmatch(tok.text) is not None

    def _surname_mistagged(self, tok) -> bool:
        """'Menezes, a former driver ..., said' with "Menezes" tagged a plural noun, 'Prior, a lawyer,
        told ...' with "Prior" an adjective: a capitalised word opening its sentence that is the
        surname of a person named in full before, set off by a comma, is that person."""
        return tok.is_sent_start and tok.tag_ in ("NN", "NNS", "JJ") and tok.text[:1].isupper() and tok.text[1:].islower() \
            and tok.i + 1 < len(self.tokens) and self.tokens[tok.i + 1].text == "," and self._known_surname(tok.text)

    def _acronym(self, tok) -> bool:
        """'According to UNICEF': a word of three or more capitals inside a sentence in lower case
        is a body's initials, whatever the tagger made of it."""
        return (tok.tag_ in ("NN", "NNS") and len(tok.text) >= 3 and tok.text.isalpha() and tok.text.isupper()
                and not tok.is_sent_start and tok.lower_ not in self.lex.not_names and tok.lower_ not in self.lex.role_nouns
                and tok.lower_ not in self.lex.titles and any(t.text[1:].islower() for t in tok.sent))

    def _given_name(self, tok) -> bool:
        """'Bakary Keïta, 58, has lived ...': a capitalised word the tagger read as an adjective or
        noun, compounded to the name right after it, opening its sentence, is the given name
        (a nationality, title or role word is not)."""
        lex, low = self.lex, tok.lower_
        nxt = self.tokens[tok.i + 1] if tok.i + 1 < len(self.tokens) else None
        return (nxt is not None and tok.is_sent_start and tok.text[:1].isupper() and tok.text[1:].islower()
                and tok.dep_ == "compound" and tok.head.i == nxt.i and nxt.tag_ == "NNP"
                and not lex.nationality(tok.text) and low not in lex.titles and low not in lex.role_nouns
                and low not in lex.not_names)

    def _heading_lead(self, tok) -> bool:
        """'Macron: ...' opening a line: a capitalised word before the colon is a name,
        whatever the tagger made of it (it often tags a lone surname as a common noun)."""
        doc = self.tokens  # (the Token objects made once)
        return (tok.text[:1].isupper() and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
                and (tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or "\n" in self.text[doc[tok.i - 1].idx:tok.idx])
                and tok.lower_ not in self.lex.not_names and tok.lower_ not in self.lex.role_nouns)

    def _organisation_word(self, tok) -> bool:
        """A word that makes a name an organisation's ("Ministry", "Bureau", "Alliance")."""
        low = tok.lower_
        return self.lex.role_nouns.get(low) == "organisation" or low in ORGANISATION_NAME_WORDS or (
            low.endswith("s") and (low[:-1] in ORGANISATION_NAME_WORDS or self.lex.role_nouns.get(low[:-1]) == "organisation"))

    def _continues_name(self, doc, k: int) -> bool:
        tok, prev = doc[k], doc[k - 1]
        glued = not prev.whitespace_
        if tok.text in ("'", "’") and glued and prev.text.endswith("s") and k + 1 < len(doc) \
                and doc[k + 1].text[:1].isupper() and doc[k + 1].tag_ in ("NNP", "NNPS"):
            return True  # "the Growers' Council", "Nurses' Union": one organisation's name
        if (tok.tag_ == "POS" or tok.lower_ in ("'s", "’s")) and glued and k + 1 < len(doc) and doc[k + 1].text[:1].isupper() \
                and doc[k + 1].tag_ in ("NNP", "NNPS") and self._organisation_after(k + 1) and not self._owner(prev):
            return True  # "Moody's Investors Service", "McDonald's Corp": the possessive is part of a company's name
        if tok.tag_ == "POS" or tok.lower_ in ("'s", "’s"):
            return False
        if tok.text == "." and glued and self._is_title(prev) and k + 1 < len(doc) and self._is_name_token(doc[k + 1]):
            return True  # "Coun. Sonya Sharp", "Supt. X": an abbreviated title the tokenizer split from its stop
        if tok.text in ("-", "'", "’") and glued and k + 1 < len(doc):
            nxt = doc[k + 1]
            if tok.text == "-" and not tok.whitespace_ and nxt.text[:1].isalpha():
                # "Ki-moon", "al-Sudani"; not "Dubai-based", "Kremlin-backed" (a participle after the hyphen)
                return not (nxt.text.islower() and nxt.tag_ in ("VBN", "VBD", "JJ"))
            return (not tok.whitespace_ or nxt.lower_ in NAME_PARTICLES) and (
                self._is_name_token(nxt) or nxt.lower_ in NAME_PARTICLES or nxt.text[:1].isupper())
        if tok.lower_ in ("of", "for", "on") and prev.text[:1].isupper() and (self._organisation_word(prev) or tok.lower_ == "of" and any(
                doc[m].lower_ in ("of", "for", "on") and self._organisation_word(doc[m - 1]) for m in range(max(1, k - 4), k))):
            nxt = doc[k + 2] if k + 2 < len(doc) and doc[k + 1].lower_ == "the" else (doc[k + 1] if k + 1 < len(doc) else None)
            # "Ministry of Foreign Affairs", "Alliance for Fair Courts", "Office on Drugs and Crime" (not "on Monday"),
            # "Office for the Coordination of Humanitarian Affairs" (an "of" further inside a body's name)
            return nxt is not None and self._is_name_token(nxt) and (tok.lower_ != "on" or nxt.lower_ not in self.lex.not_names)
        if tok.lower_ == "of" and prev.lower_ in GEOGRAPHIC_WORDS and prev.text[:1].isupper() and k + 1 < len(doc) \
                and self._is_name_token(doc[k + 1]) and self._organisation_after(k + 1):
            return True  # "Gulf of Guinea Maritime Observatory": a body named after a sea, not "Gulf"
        if tok.lower_ == "the" and prev.lower_ in ("of", "for"):
            return True  # "Office for the Coordination of ...", a connector the rule above let in
        if tok.text in COMPANY_SUFFIXES and not glued and prev.text[:1].isupper() and prev.tag_ in ("NNP", "NNPS"):
            return True  # "Kulgur AS", "Vestra SA": a company's form after its name, whatever the tagger made it
        if tok.text == "&" and k + 1 < len(doc) and self._is_name_token(doc[k + 1]):
            return True  # "Centers for Medicare & Medicaid Services", "Procter & Gamble"
        if tok.lower_ == "and" and k + 1 < len(doc) and self._is_name_token(doc[k + 1]) and (any(
                doc[m].lower_ in ("of", "for", "on") and self._organisation_word(doc[m - 1]) for m in range(max(1, k - 3), k))
                or self._organisation_after(k + 1) and name_key(prev.text) not in self.lex.given_names):
            return True  # "Office of Management and Budget", "Department of Health and Human Services",
            # "Peace and Security Council", "Fish and Wildlife Service", "Office on Drugs and Crime"
        if tok.lower_ in NAME_PARTICLES:  # ("Van den Berghe", "van der Merwe": two particles in a row)
            return k + 1 < len(doc) and (self._is_name_token(doc[k + 1]) or doc[k + 1].text == "-" or doc[k + 1].lower_ in NAME_PARTICLES
                                         and k + 2 < len(doc) and self._is_name_token(doc[k + 2]))
        if prev.text == "-" and glued:
            return tok.text[:1].isalpha()
        return self._is_name_token(tok)

    def _owner(self, tok) -> bool:
        """A word whose possessive owns what follows rather than naming it: a place or nationality
        ("Canada's Foreign Ministry"), a given name or a person named before ("Trump's Justice Department")."""
        lex, low = self.lex, tok.lower_
        key = name_key(low)
        return bool(lex.nationality(tok.text)) or low in lex.places or key in lex.given_names or any(
            _same_word(self.items[i].key, key) for i in self.people_named(key)) or any(
            self.items[i].place for i in self._organisations.get(low, ()))

    def _organisation_after(self, k: int) -> bool:
        """The run of name words from token `k` ends with an organisation's word ("Security Council"),
        or is a country's agency ("Oceans Canada" in "Fisheries and Oceans Canada")."""
        doc = self.tokens  # (the Token objects made once)
        first = k
        while k + 1 < len(doc) and doc[k + 1].tag_ in ("NNP", "NNPS") and doc[k + 1].text[:1].isupper():
            k += 1
        return doc[k].tag_ in ("NNP", "NNPS") and (self._organisation_word(doc[k])
                                                   or self._national_body([t.lower_ for t in doc[first:k + 1]]))

    def _national_body(self, lowered: list[str]) -> bool:
        """A name of two or more words ending in a country's name, whose other words are neither a
        given name nor a place ("Statistics Canada", "Oceans Canada"; not "Anita Georgia", "Papua New Guinea")."""
        places = self.lex.places
        return len(lowered) > 1 and places.get(lowered[-1], "").lower() == lowered[-1] \
            and name_key(lowered[0]) not in self.lex.given_names \
            and not any(w in places or self.lex.nationality(w) for w in lowered[:-1]) and " ".join(lowered) not in places

    def _add_name(self, i: int, j: int) -> None:
        doc, toks, lex = self.doc, self.tokens, self.lex  # (toks: the Token objects made once, for single positions)
        # the name is what follows the last title word: "Parliament Speaker Mahmoud al-Mashhadani"; a body's
        # name keeps its words ("Pristina Security Forum")
        org_word = lex.role_nouns.get(toks[j].lower_) == "organisation" or toks[j].lower_ in ORGANISATION_NAME_WORDS or any(
            lex.role_nouns.get(toks[t].lower_) == "organisation" and toks[t + 1].lower_ in ("of", "for") for t in range(i, j)) or i in self._short_forms
        last_title = i - 1 if org_word else max((k for k in range(i, j + 1) if self._is_title(toks[k])), default=i - 1)
        if last_title < i and not org_word and toks[i].is_sent_start and j - i >= 2 and lex.role_nouns.get(toks[i].lower_) == "person":
            last_title = i  # "Playwright Ola Obi said": a role capitalised to open the sentence (not "Dean Smith")
        k = last_title + 1
        if not org_word and last_title > i + 1:
            self._body_before_title(i, last_title)
        lead, named = (self._title_phrase(i) if not org_word else i), k
        while lead < i and k < j and (toks[k].lower_ in PORTFOLIO_WORDS or self._is_title(toks[k]) or lex.nationality(toks[k].text)):
            k += 1  # "Minister for Foreign Affairs X", "Secretary for Housing X", "Chief of Mission X": the portfolio
        if lead < i and not ((k > named or last_title >= i) and sum(t.text not in "-'’" for t in toks[k:j + 1]) > 1):
            lead, k = i, named  # "MP for Kelby North", "Minister for Europe, X": a place or a portfolio, no name
        titles = [toks[t].lower_ for t in range(lead, k) if toks[t].text != "."]
        if k > i and k <= j and toks[k].lower_ == "and":
            return  # "the Minister for Defence and National Service": a portfolio goes on after "and", no name
        if k > j or (k == j and toks[k].lower_ in lex.role_nouns):
            return  # only titles or a role ("President", "Engineer: ..."): a description, not a name
        if i > 0 and toks[i - 1].lower_ == "the" and lex.role_nouns.get(toks[j].lower_) == "person" and not org_word:
            return  # "the Liberal MLA", "the Tory MP": a role, described by party or place
        span = doc[k:j + 1]
        words = [t.text for t in span if t.text not in "-'’"]
        if all(w.lower() in lex.not_names for w in words):
            return
        text = span.text
        lowered = [w.lower() for w in words]
        described = self._described_person(i, span.root)
        if described is not None:  # "X, a Social Democrat, said": a label of X, not someone new
            described.descriptors |= set(lowered)
            return
        descriptors = set(titles) | self._context_descriptors(doc[i:j + 1])
        descriptors |= {w for d in descriptors for w in ABBREVIATIONS.get(d.rstrip("."), ())}  # "Col." is a colonel
        descriptors |= self._party_and_state(j)
        kind = self._name_kind(text, lowered, titles, descriptors)
        if i in self._short_forms or not titles and text.lower() in self._short_form_bodies:
            kind = "organisation"  # "the Union of X (UOX)" and "UOX" later: the body, whatever its words
        if kind == "person" and (words[-1] in COMPANY_SUFFIXES and len(words) > 1 or not titles and text.lower() in self._companies):
            kind = "organisation"  # "Kulgur AS", then "Kulgur" (a company's name without its form)
        if kind == "organisation" and len(lowered) > 1 and (name_key(lowered[0]) in COMPANY_FIRST_WORDS or words[-1] in COMPANY_SUFFIXES):
            descriptors.add("company")  # "Minera Altiplano Sur ... the company said"
        if kind == "person" and not titles and name_key(lowered[0]) not in lex.given_names and self._names_a_body(span):
            kind = "organisation"
        if kind == "person" and not titles and len(words) == 1 and (_role_of(span.root, lex) or self._home_town(span.root)) \
                and not self._organisation_word(span.root):
            kind, descriptors = "place", set()  # "the mayor of Shrewsbury, Cllr X,": a place, whatever hangs on it
        if kind == "person" and not titles and self._names_a_facility(span):
            kind, descriptors = "place", set()  # "at the Julio Restrepo training ground": no one speaks there
        surname = self._relative_surname(span) if len(words) == 1 and kind == "person" else ""
        if surname:  # "Kennedy's son, Robert, said": Robert Kennedy
            words, text = [words[0], surname], f"{text} {surname}"
        if len(words) == 1 and len(name_key(words[0])) > 1:  # a surname, or a given name, seen before with a
            first = name_key(words[0])                          # full name (an initial alone, "U.S.", is neither)
            address = ADDRESS_WORDS & set(titles)
            told = {g for g, said in GENDER_WORDS.items() if said & address}  # "Mr. X" is no daughter X
            named = [e for i in reversed(self.people_named(first)) if (e := self.items[i]).tokens > 1
                     and (len(told) != 1 or e.sex(lex.given_names) in ("", *told))]
            # a surname before a given name: "Yildirim said" is Sukru Yildirim, not "Yildirim Lojistik" named since
            known = next((e for e in named if _same_word(first, e.key)), None) or next(
                (e for e in named if _same_word(first, e.given)), None) or next(
                (e for e in named if first in middle_keys(e.name) and first not in lex.given_names), None)  # "Quispe": Teodoro Quispe Huamán
            if known is not None:
                known.descriptors |= descriptors
                self._mention(known, span, doc[lead:j + 1], "name")
                return
        place = kind == "place"
        if place:
            kind = "organisation"
        if kind == "person":
            key, given = surname_and_given(text)
            ent = self._find_person(key, given, span.start_char)
            if ent is None:
                # a surname alone keeps its honorific: "Mrs. Ostrova" is how the story names her
                honorific = len(words) == 1 and titles and titles[-1].rstrip(".") in self.lex.honorifics
                ent = self._new(Entity("person", doc[k - 1:j + 1].text if honorific else text, len(words), key, given))
            elif len(words) > ent.tokens or (given and not ent.given):
                ent.name, ent.tokens, ent.given = text, len(words), given or ent.given
                self._file_person(self._numbers[id(ent)])
        elif kind == "group":
            ent = self._new(Entity("group", text, len(words), key=text.lower()))
        else:
            if not place and not titles and self._nationality_before(lead):
                text = f"{toks[lead - 1].text} {text}"  # "the Russian Foreign Ministry": Russia's, not any foreign ministry
            elif not place and not titles and lead > 0 and toks[lead - 1].lower_ == "its":
                owner = self.mentioned_last(toks[lead - 1].idx, lambda n, e: e.kind == "organisation", "subject_mentions")
                if owner is not None and self.items[owner].place:  # "Lima rejects ... its Ministry of Foreign Affairs said"
                    name = self.items[owner].name
                    text = f"{self.lex.places.get(name.lower(), name)} {text}"  # Peru's, not the Chilean one named before
            ent = self._find_org(text) or self._new(Entity("organisation", text, len(words), key=text.lower(), place=place))
            short = self._short_forms.get(i)
            if short and not ent.name.endswith(")"):  # the name the reader knows it by, and its short form
                ent.name = f"{ent.name} ({short})"
                self._short_form_bodies.add(short.lower())
                self._organisations.setdefault(short.lower(), []).insert(0, self._numbers[id(ent)])
            country, _, bare = text.partition(" ")
            if not place and bare and self.lex.demonyms.get(country.lower()) \
                    and self._numbers[id(ent)] not in self._organisations.setdefault(bare.lower(), []):
                self._organisations[bare.lower()].append(self._numbers[id(ent)])  # "the Foreign Ministry" later: the same
        ent.descriptors |= descriptors
        ent.confirmed = ent.confirmed or len(words) > 1 or bool(titles) or "who" in descriptors or any(
            lex.role_nouns.get(d) == "person" for d in descriptors) or (kind == "person" and self._first_name_only(span))
        self._mention(ent, span, doc[lead:j + 1], "name")

    def _nationality_before(self, i: int) -> bool:
        """'the Russian Foreign Ministry', 'the Turkish Red Crescent': a capitalised nationality
        adjective the tagger left out of the name right before it (which country's body it is)."""
        if i == 0:
            return False
        tok = self.tokens[i - 1]
        return tok.text[:1].isupper() and tok.tag_ == "JJ" and bool(self.lex.demonyms.get(tok.lower_)) \
            and not self.inside_quote(tok.idx)

    def _body_before_title(self, i: int, title: int) -> None:
        """'AU Commission Chairperson X', 'Electoral Board President X': the body a title before a name
        is of, named only there, is registered and mentioned there ("the commission said" later is
        that body): the words from `i` up to the last body's word before the title, none a title."""
        doc = self.doc
        end = max((b for b in range(i, title) if self._organisation_word(doc[b])), default=None)
        if end is None or any(self._is_title(doc[t]) or not doc[t].text[:1].isupper() for t in range(i, end + 1)) \
                or any(not self._is_title(doc[t]) for t in range(end + 1, title + 1)):
            return
        span = doc[i:end + 1]
        ent = self._find_org(span.text) or self._new(Entity("organisation", span.text, len(span), key=span.text.lower()))
        ent.confirmed = True
        self._note(self._numbers[id(ent)], span.start_char, False)

    def _home_town(self, name) -> bool:
        """'Ana Reyes from Kellowmere, who ...', 'Ana Reyes, 64, from Kellowmere,': one word after "from"/"in"
        hung on a person's name is where the person lives (the parser hands it the clause about her)."""
        prep = name.head
        owner = self.by_token.get(prep.head.i)
        if name.dep_ != "pobj" or prep.lower_ not in ("from", "in") or name_key(name.lower_) in self.lex.given_names:
            return False
        before = self.tokens[prep.i - 1] if prep.i == name.i - 1 and prep.i > 0 else None
        if before is not None and before.tag_ == "NN" and before.text.islower() and self.lex.role_nouns.get(before.lower_) == "person":
            return True  # "a listener in Varenko, who ...": where an unnamed person lives (wherever the parser hangs it)
        return owner is not None and owner.entity is not None and self.items[owner.entity].kind == "person"

    def _title_phrase(self, i: int) -> int:
        """Where a capitalised title phrase ending in "of"/"for" (and "the") right before token `i`
        starts ("Minister of State for X", "Deputy Chief of Mission X"), or `i` when there is none."""
        doc, t = self.doc, i - 1
        if t >= 0 and doc[t].lower_ == "the":
            t -= 1
        if t < 1 or doc[t].lower_ not in ("of", "for"):
            return i
        start = None
        while t >= 0 and (self._is_title(doc[t]) or doc[t].lower_ in ("of", "for", "and") or doc[t].lower_ in PORTFOLIO_WORDS
                          or self.lex.nationality(doc[t].text)) \
                and (doc[t].text[:1].isupper() or doc[t].lower_ in ("of", "for", "and")):
            if self._is_title(doc[t]):
                start = t
            t -= 1
        return start if start is not None else i

    def _names_a_body(self, span) -> bool:
        """'the monitoring group Hajun, run by volunteers who ...': a name in apposition to an
        organisation's noun, or compounded to it, is that organisation's, whatever people the
        words around it mention."""
        doc, root = self.doc, span.root
        nouns = [c for c in root.children if c.dep_ == "compound" and c.i < span.start]
        if root.dep_ == "appos":
            nouns.append(root.head)
        if any(self.lex.role_nouns.get(n.lower_) == "organisation" for n in nouns):
            return True
        before = doc[span.start - 1] if span.start else None
        if before is not None and before.text.islower() and before.i in {n.i for n in nouns} and self._organisation_word(before):
            return True  # "the industry association Swissmem", "the club Kelby Rovers"
        # "X, head of the fans' group, Y,": a name the parser hangs on another person's name, after
        # an organisation's noun and a comma, is that organisation's (no one has two names in a row)
        return root.dep_ == "appos" and span.start >= 2 and before.text == "," and doc[span.start - 2].text.islower() \
            and self._organisation_word(doc[span.start - 2]) and self._a_person(root.head)

    def _names_a_facility(self, span) -> bool:
        """'the Julio Restrepo training ground', 'the Ana Duarte hospital': a name that, after "the",
        only qualifies a place or building's common noun (a compound of it) names that place."""
        root, doc = span.root, self.doc
        head = root.head
        while head.dep_ == "compound" and head.head.i != head.i and head.tag_ == "NN":
            head = head.head  # "training" in "the X training ground"
        return root.dep_ == "compound" and head.i > span.end - 1 and head.text.islower() and head.lower_ in FACILITY_WORDS \
            and span.start > 0 and doc[span.start - 1].lower_ == "the" and doc[span.start - 1].head.i == head.i

    def _relative_surname(self, span) -> str:
        """'Kennedy's son, Robert,', 'Mark Lindgren's widow, Helen,': a given name in apposition to
        a kinship word of a named person takes that person's surname (how the story names them)."""
        root = span.root
        if root.dep_ != "appos" or root.head.lower_ not in KIN_WORDS:
            return ""
        owner = next((c for c in root.head.children if c.dep_ == "poss"), None)
        ment = self.by_token.get(owner.i) if owner is not None else None
        if ment is None or ment.entity is None or self.items[ment.entity].kind != "person":
            return ""
        return self.items[ment.entity].name.split()[-1]

    def _first_name_only(self, span) -> bool:
        """'Maya, 10, said ...', 'Maya, a fifth grader, stood ...': a word alone that carries an age
        ("Zuri, nine,"), or a known given name alone that is a clause's subject, is a person the
        story names by first name only (children and vox pops often are)."""
        doc, last = self.doc, span[-1]
        if len(span) != 1:
            return False
        if last.i + 3 < len(doc) and doc[last.i + 1].text == "," and doc[last.i + 3].text == "," and _an_age(doc[last.i + 2]):
            return True
        return name_key(last.text) in self.lex.given_names and last.dep_ in ("nsubj", "nsubjpass")

    def _described_person(self, i: int, root) -> Entity | None:
        """The person a capitalised phrase after "a"/"an" describes in apposition
        ("Jens Berg, a Social Democrat,"; "X, an Estonian MEP who ..."), or None."""
        if i == 0 or self.doc[i - 1].lower_ not in ("a", "an") or root.dep_ != "appos":
            return None
        ment = self.by_token.get(root.head.i)
        if ment is None or ment.entity is None or self.items[ment.entity].kind != "person":
            return None
        return self.items[ment.entity]

    def _is_title(self, tok) -> bool:
        doc, text, at = self.tokens, tok.text, tok.i  # (the Token objects made once; each attribute read once)
        low = tok.lower_.rstrip(".")
        if text in (".", "'", "’"):  # the stop of an abbreviated title ("Coun."), "Dato'"
            return at > 0 and not doc[at - 1].whitespace_ and self._is_title(doc[at - 1])
        if text == "-":  # "Secretary-General", not "Ki-moon"
            return 0 < at < len(doc) - 1 and self._is_title(doc[at - 1]) and self._is_title(doc[at + 1])
        if at + 2 < len(doc) and doc[at + 1].text == "-" and not tok.whitespace_ \
                and not self._is_title(doc[at + 2]):
            return False  # "Crown-Indigenous Relations": a word joined by a hyphen to a name is no title
        titles = self.lex.titles
        before = at - 2 if at > 1 and doc[at - 1].text in "'’" else at - 1  # "Dato' Sri"
        return (low in titles and not (low in LOWER_CASE_TITLES and text[:1].isupper())) or (
            at + 1 < len(doc) and f"{low}+{doc[at + 1].lower_}" in titles) or (
            before >= 0 and f"{doc[before].lower_}+{low}" in titles) or (  # "Tan Sri", not "Tan" alone
            at + 1 < len(doc) and doc[at + 1].text in "'’" and not tok.whitespace_ and f"{low}'" in titles)

    def _name_kind(self, text: str, lowered: list[str], titles: list[str], descriptors: set[str]) -> str:
        lex = self.lex
        if text.lower() in lex.places or text.lower() in self._dateline_places:
            return "place"
        if len(lowered) > 1 and (lowered[-1] in PLACE_NAME_WORDS or lowered[0] in PLACE_FIRST_WORDS):
            return "place"  # "Burntwood River", "Cross Lake", "Pinal County", "Port Elgin"
        if not titles and len(lowered[-1]) > 3 and lowered[-1].endswith("s") and lex.demonyms.get(lowered[-1][:-1]) \
                and not lex.places.get(lowered[-1]) and "of" not in lowered:
            return "group"  # "Latin Americans", "Venezuelans": a people, no one person
        if not titles and lowered[-1] in PARTY_MEMBERS and (len(lowered) == 1 or lowered[0] in self.lex.demonyms or lowered[0] == "new"):
            return "group"  # "Republicans", "New Democrats": a party's members
        roles = [lex.role_nouns.get(w) for w in lowered]
        if "organisation" in roles or len(lowered) > 1 and lowered[-1] in ORGANISATION_NAME_WORDS or any(
                w in ORGANISATION_NAME_WORDS and nxt in ("of", "for") for w, nxt in zip(lowered, lowered[1:])) or (len(text) >= 2 and text.isupper() and "." not in text[:-1]):
            return "organisation"
        if len(lowered) > 2 and name_key(lowered[0]) in FRENCH_BODY_WORDS and lowered[1] in ("de", "des", "du", "d'", "d’"):
            return "organisation"  # "Fédération des travailleurs de la voirie" (see _french_body)
        if len(lowered) > 1 and name_key(lowered[0]) in ORGANISATION_FIRST_WORDS and not titles:
            return "organisation"  # "Minera Altiplano Sur", "Companhia ... de Aguas": a body's word opens the name
        if not titles and self._national_body(lowered):
            return "organisation"  # "Statistics Canada", "Parks Canada": a country's agency, no one's surname
        if titles or len(lowered) > 1 and name_key(lowered[0]) in lex.given_names:
            return "person"  # "the head of the UN mission, Hanna X,": a given name outweighs what she heads
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
                   if c.i not in inside and c.dep_ in ("amod", "compound", "poss", "nmod", "appos", "relcl", "acl")
                   and not _about_another(c)]
        if head.dep_ == "appos" and head.head.i not in inside and not self._a_person(head.head):
            related.append(head.head)  # ("from Ms X, retired boilermaker Y, 71,": X's "Ms" is not Y's)
        words: set[str] = set()
        for tok in related:
            sub = [tok, *[c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]] if tok is head.head else list(tok.subtree)
            # "X, who lives with his wife,": in a clause about X, what a pronoun owns is someone else
            owned = {w.i for t in sub if any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in t.children)
                     for w in t.subtree} if tok.dep_ in ("relcl", "acl") else set()
            for t in sub:
                if t.i not in inside and t.i not in owned and not self.inside_quote(t.idx) and coarse(t) in ("NOUN", "PROPN", "ADJ", "VERB"):
                    words.add(t.lower_)
        for w in list(words):
            country = lex.nationality(w)
            if country:
                words.add(country.lower())
        if any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in head.children):
            words.add("who")
        return words

    def _a_person(self, tok) -> bool:
        """The token is part of a person's registered name."""
        ment = self.by_token.get(tok.i)
        return ment is not None and ment.entity is not None and self.items[ment.entity].kind == "person"

    def _add_nominal(self, chunk) -> None:
        lex = self.lex
        root = chunk.root
        if root.lower_ not in lex.role_nouns or root.i in self.by_token:
            return
        head = self.by_token.get(root.head.i) if root.dep_ == "appos" else None
        after_body = head is not None and head.entity is not None and self.items[head.entity].kind == "organisation" \
            and lex.role_nouns[root.lower_] == "person"  # "Outside Parliament, a priest, said": no description of it
        if (root.dep_ == "appos" and not after_body) or any(c.dep_ == "appos" and c.i in self.by_token for c in root.children):
            return  # a description of a name registered with that name
        # "a senior House Republican aide", "a Trump adviser": a name inside an indefinite
        # description is an affiliation, the person described is someone else
        owners = [self.by_token[t.i] for t in chunk if t.i in self.by_token and not (
            chunk[0].lower_ in ("a", "an") and t.dep_ in ("compound", "amod", "nmod") and t.i < root.i)]
        if any(self.items[m.entity].kind == "person" and self.items[m.entity].confirmed for m in owners if m.entity is not None):
            return
        words = [t for t in chunk if t.lower_ not in _DETERMINERS and t.tag_ != "POS" and any(ch.isalnum() for ch in t.text)]
        first = chunk[0].lower_
        role_type = lex.role_nouns[root.lower_]
        descriptors = {t.lower_ for t in words} | {lex.nationality(t.text).lower() for t in words if lex.nationality(t.text)}
        named = self.by_token.get(chunk.start - 2) if chunk.start > 1 and self.doc[chunk.start - 1].text == "," else None
        after_name = named is not None and named.entity is not None and self.items[named.entity].kind == "person" \
            and not vocative(self.doc[chunk.start - 2])
        if after_name:
            return  # an apposition: "Getachew Reda, a spokesman for the TPLF,"
        named = self._apposed_to_place(root) if first != "the" or role_type != "person" else self._holder_after_of(root)
        if named is not None:  # "Haiti's ambassador in Nairobi, X, told ...", "the governor of Vessa province X said": X
            self.items[named].descriptors |= descriptors
            self._mention(self.items[named], chunk, chunk, "name")
            return
        if first in ("a", "an") or (first not in ("the", "his", "her", "its", "their") and role_type == "person"
                                   and root.tag_ == "NN" and len(words) > 1):
            opens = chunk.start == chunk.sent.start or self.doc[chunk.start - 1].text == ","
            if role_type == "person" and root.dep_ not in ("nsubj", "nsubjpass", "ROOT") and not opens \
                    and not _introduced(root) and not _according_to(root):
                return  # an unnamed person who says nothing here: "the first visit of a senior official"
            # an indefinite description introduces an unnamed source
            kind = "anonymous" if role_type == "person" else "organisation"
            words = self.description(root) or list(chunk)
            name = self.text[words[0].idx:words[-1].idx + len(words[-1].text)]
            body = self._spoken_for(chunk) if root.lower_ in SPEAKING_ROLES and len(words) == 2 else None
            if body is not None:  # "a spokesperson" alone, after "The ministry said ...": the ministry's
                name = f"{body.name} {root.text}"
            ent = self._new(Entity(kind, name, len(words), key=name.lower(), descriptors=descriptors, confirmed=True))
            self._mention(ent, chunk, chunk, "name")
            return
        if root.lower_ in SPEAKING_ROLES and POSSESSIVE_PRONOUNS.get(first) in ORG_PRONOUNS and len(words) == 1:
            body = self._antecedent(chunk.start_char, {"organisation"}, set(), set())
            if body is not None:  # "The coast guard ... Its spokesman said": the coast guard's spokesman
                name = f"{self.items[body].name} {root.text}"
                ent = self._new(Entity("anonymous", name, 2, key=name.lower(), descriptors=descriptors, confirmed=True))
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

    def _holder_after_of(self, root) -> int | None:
        """'the governor of Vessa province Ilka Maren said': a person's full name the parser makes
        the object of a role's "of", after the place or body the role is of ("Vessa province") and
        with no comma, is who holds the role (not "the wife of businessman X": a person's role
        before the name; not "the lawyer of Ilka Maren": nothing before the name)."""
        named = self._apposed_to_place(root)
        if named is not None:
            return named
        prep = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        ment = self.by_token.get(obj.i) if obj is not None else None
        if ment is None or ment.entity is None or self.items[ment.entity].kind != "person" \
                or self.items[ment.entity].tokens < 2 or self.doc[obj.left_edge.i].lower_ in _DETERMINERS:
            return None
        before = [t for t in self.doc[obj.left_edge.i:obj.i] if t.idx < ment.start]
        if not before or any(t.text in ",;:" or t.lower_ in self.lex.role_nouns and self.lex.role_nouns[t.lower_] == "person"
                             for t in before):
            return None
        owner = self.by_token.get(before[-1].i)
        place = owner is not None and owner.entity is not None and self.items[owner.entity].kind == "organisation" \
            or before[-1].text.islower() and before[-1].tag_ == "NN"
        return ment.entity if place else None

    def _apposed_to_place(self, root) -> int | None:
        """The person named in apposition to a description whose last word is a place, where the
        parser hangs the name on the place ("the ambassador in Nairobi, X,"): that person, or None."""
        for tok in root.subtree:
            head = tok.head
            if tok.dep_ != "appos" or head.dep_ != "pobj" or head.i == root.i or tok.i == tok.head.i \
                    or self.doc[tok.left_edge.i - 1].text != ",":
                continue
            place, named = self.by_token.get(head.i), self.by_token.get(tok.i)
            if place is not None and place.entity is not None and self.items[place.entity].place and named is not None \
                    and named.entity is not None and self.items[named.entity].kind == "person":
                return named.entity
        return None

    def _spoken_for(self, chunk) -> Entity | None:
        """The organisation last the subject of a sentence in the paragraph of an unattached "a
        spokesperson" ("NATO kept its distance. A spokesperson said ..."), or in the paragraph
        above when no one is the subject of a sentence in its own before it."""
        since = self.paragraph_start(chunk.start_char)
        found = self._organisation_last(chunk.start_char, "subject_mentions", since=since)
        k = chunk.start - 1
        while found is None and k >= 0 and self.doc[k].idx >= since:
            if self.doc[k].dep_ in ("nsubj", "nsubjpass") and not self.inside_quote(self.doc[k].idx):
                return None
            k -= 1
        if found is None:
            found = self._organisation_last(chunk.start_char, "subject_mentions", since=self.paragraph_start(since, back=1))
        return None if found is None else self.items[found]

    def paragraph_start(self, at: int, back: int = 0) -> int:
        """Where the paragraph holding `at` starts (or the one `back` paragraphs above it), by the
        project's paragraphs (`quotes.paragraphs`), listed once per document."""
        if self._paragraph_starts is None:
            self._paragraph_starts = [start for start, _ in paragraphs(self.text)]
        k = bisect_right(self._paragraph_starts, at)
        return self._paragraph_starts[max(k - 1 - back, 0)] if k else 0

    def _find_person(self, key: str, given: str, at: int) -> Entity | None:
        same = [i for i in self.people_named(key) if _same_word(self.items[i].key, key)]
        if given:
            same = [i for i in same if not self.items[i].given or same_token(self.items[i].given, given)]
        if not same:
            return None
        first = {i: self._timeline.first(i, 0, len(self.text) + 1) for i in same}  # (the timeline, not the
        before = [i for i in same if 0 <= first[i] < at]  # entity's whole list: a long story has thousands)
        if before:
            return self.items[max(before, key=lambda i: self._timeline.last(i, at))]
        return self.items[max(same, key=lambda i: -first[i] if first[i] >= 0 else float("-inf"))]

    def _find_org(self, name: str) -> Entity | None:
        found = self._organisations.get(name.lower())
        return self.items[found[0]] if found else None

    def _new(self, ent: Entity) -> Entity:
        idx = self._numbers[id(ent)] = len(self.items)
        self.items.append(ent)
        if ent.kind == "person":
            self._file_person(idx)
        elif ent.kind == "organisation":
            self._organisations.setdefault(ent.key, []).append(idx)
            bare = ent.name.rsplit(" ", 1)
            if len(bare) == 2 and bare[1] in COMPANY_SUFFIXES:
                self._organisations.setdefault(bare[0].lower(), []).append(idx)
                self._companies.add(bare[0].lower())
        return ent

    def _file_person(self, idx: int) -> None:
        """File a person under the blocking keys of its surname and given name (`people_named`)."""
        ent = self.items[idx]
        for word in (ent.key, ent.given, *middle_keys(ent.name)):
            for block in surname_keys(word) if word else ():
                self._people_by_key.setdefault(block, set()).add(idx)

    def people_named(self, key: str) -> list[int]:
        """The persons, in the order they were registered, whose surname or given name may be spelled
        `key` (a name key): the only ones `same_token` can match, found without reading every entity."""
        return sorted({i for block in surname_keys(key, lookup=True) for i in self._people_by_key.get(block, ())}) if key else []

    def _note(self, idx: int, at: int, subject: bool) -> None:
        """A mention of entity `idx` at character `at` (a subject's if `subject`)."""
        ent = self.items[idx]
        ent.mentions.append(at)
        if subject:
            ent.subject_mentions.append(at)
        self._timeline.add(idx, at, subject, ent.kind)

    def _mention(self, ent: Entity, span, full_span, kind: str) -> None:
        idx = self._numbers[id(ent)]
        ment = Mention(full_span.start_char, full_span.end_char, idx, kind)
        root = full_span.root
        head = root
        while head.dep_ == "appos" and head.head.i != head.i:  # "Her customer, the dock worker X, was ..."
            head = head.head
        # a subject, the agent of a passive ("challenged by X"), or a fragment a description opens
        if head.dep_ == "conj" and head.head.i < head.i and self.lex.role_nouns.get(head.head.lower_) == "person" \
                and (head.head.i not in self.by_token or self.by_token[head.head.i].entity is None):
            head = head.head  # "co-founder and CEO X told ...": the parser makes the role the subject, X its conjunct
        subject = head.dep_ in ("nsubj", "nsubjpass") and not vocative(head) or (head.dep_ == "pobj" and head.head.dep_ == "agent") or (
            head.dep_ == "ROOT" and coarse(head) in ("NOUN", "PROPN")) or _introduced(root) or (
            ent.kind == "anonymous" and _according_to(root)) or (
            ent.kind == "person" and fronted_verb(root) is not None)
        self._note(idx, span.start_char, bool(subject and not self._reported(root))
                   or self._before_subjectless_verb(full_span.start, full_span.end))
        for t in range(full_span.start, full_span.end):
            self.by_token[t] = ment

    def _named_in_clause_above(self, pronoun, idx: int) -> bool:
        """'Leila Nour said she ...': the pronoun opens the reported clause of a speech verb
        whose subject names the entity it was resolved to, and no one else is addressed
        ("X asked Y whether he ..."); only then does it tell the entity's gender."""
        verb = pronoun.head
        if verb.dep_ != "ccomp" or verb.head.lower_ not in self.lex.speech_verbs:
            return False
        above = verb.head
        if any(c.dep_ in ("dobj", "dative", "iobj") for c in above.children):
            return False
        subject = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        ment = self.by_token.get(subject.i) if subject is not None else None
        return ment is not None and ment.kind == "name" and ment.entity == idx

    def _reported(self, subject) -> bool:
        """The subject of a reported clause ('X told reporters that Lakeside was ...'): a
        topic of someone's words, not the one a following "he said" points back to."""
        while subject.dep_ == "appos":
            subject = subject.head
        verb = subject.head
        if verb.dep_ != "ccomp" or verb.head.lower_ not in self.lex.speech_verbs or self.inside_quote(verb.head.idx):
            return False  # ('“... Nobody asks us,” X told me': a quoted verb reports nothing of X's)
        # 'X answered on radio. “...,” she said.' parsed as one sentence: X's clause is no report
        return not (subject.i < verb.i < verb.head.i and self._quote_between(verb.idx, verb.head.idx))

    def _quote_between(self, start: int, end: int) -> bool:
        return self._quoted.find(1, start, end) >= 0

    def _before_subjectless_verb(self, start: int, k: int) -> bool:
        """'In Hargeisa, Somaliland's president, X, said ...' parsed with no subject for
        "said", or with "president" as its subject and X hung in apposition elsewhere: a name
        set off by a comma right before a speech verb without a subject, or whose subject
        comes before the name in apposition, is that subject."""
        doc = self.tokens  # (the Token objects made once; the span below is the doc's)
        if k >= len(doc) or doc[k].text != ",":
            return False
        k += 1
        return k < len(doc) and doc[k].lower_ in self.lex.speech_verbs and doc[k].tag_ in ("VBD", "VBZ") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") and (c.i >= start or self.doc[start:k - 1].root.dep_ != "appos")
                        for c in doc[k].children)

    # ---- resolving ------------------------------------------------------------------
    def fronted_name(self, verb):
        """The person named in apposition inside a phrase fronted before a subjectless
        `verb` (see `fronted_verb`), or None."""
        if verb.dep_ != "ROOT":
            return None
        fronted = [c for c in verb.children if c.dep_ == "prep" and c.i < verb.i]
        for tok in (w for c in fronted for w in c.subtree):  # the fronted phrase only, not the sentence
            ment = self.by_token.get(tok.i)
            if ment is not None and ment.entity is not None and self.items[ment.entity].kind == "person" \
                    and not self.items[ment.entity].place and not any(c.dep_ == "case" for c in tok.children) \
                    and fronted_verb(tok) == verb:  # (not "X's" of "In Y, X's president, Z, said")
                return tok
        return None

    def mention_at(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    def entity_at(self, token) -> Entity | None:
        """The entity a registered mention at this token names, else None."""
        mention = self.by_token.get(token.i)
        return self.items[mention.entity] if mention is not None and mention.entity is not None else None

    def resolve(self, token, avoid: set[int] = frozenset()) -> tuple[int | None, str]:
        """The entity a subject token refers to, and how ("name", "pronoun", "nominal")."""
        ment = self.by_token.get(token.i)
        if ment is not None and ment.entity is not None:
            return ment.entity, ment.kind
        for child in token.children:  # "Labour's leader, Ed Miliband,"
            named = self.by_token.get(child.i)
            if child.dep_ == "appos" and named is not None and named.entity is not None:
                return named.entity, "name"
        follow = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if follow is not None and token.lower_ in self.lex.role_nouns and definite(token) and follow.dep_ == token.dep_ \
                and follow.head.i == token.head.i and token.dep_ in ("nsubj", "nsubjpass"):
            named = self.by_token.get(follow.i)  # "the state news agency Sana has been ...": the parser made both subjects
            if named is not None and named.entity is not None:
                return named.entity, "name"
        named = self.by_token.get(token.head.i)
        if token.dep_ == "appos" and named is not None and named.entity is not None:
            place = token.head
            if place.dep_ == "pobj" and place.head.lower_ in ("of", "from"):
                # "Sen. X of Aiken, a nurse, said": X, not Aiken (a place, or what a seat holder is "of")
                owner = self.by_token.get(place.head.head.i)
                held = owner is not None and owner.entity is not None and self.items[owner.entity].kind == "person" \
                    and owner.entity != named.entity
                if held and (self.items[named.entity].place or self.items[owner.entity].descriptors & SEAT_ROLES):
                    return owner.entity, "name"
            return named.entity, "name"  # "Haddad, a senior adviser, said": the description is Haddad
        low = token.lower_
        at = token.idx
        if token.dep_ == "poss":
            low = POSSESSIVE_PRONOUNS.get(low, low)
        elif token.dep_ == "pobj":
            low = OBJECT_PRONOUNS.get(low, low)
        if low in PERSON_PRONOUNS:
            return self._antecedent(at, {"person", "anonymous"}, set(), avoid, PERSON_PRONOUNS[low]), "pronoun"
        if low in ORG_PRONOUNS:
            return self._antecedent(at, {"organisation"}, set(), avoid), "pronoun"
        if low in GROUP_PRONOUNS:
            found = self._antecedent(at, {"organisation", "group"}, set(), avoid)
            one = self._singular_they(at, avoid)
            if one is not None and (found is None or self._timeline.last(found, at) < self._timeline.last(one, at, subject=True)):
                return one, "pronoun"
            return found, "pronoun"
        if low in self.lex.role_nouns:
            if any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in token.children):
                return None, ""  # "a Gulf diplomat" introduces someone new, never points back
            if self.lex.role_nouns[low] == "person" and (aged(token) or low in SEAT_ROLES and definite(token)):
                holder = self.role_holder(token)  # "the 47-year-old MP", "the Ohio Republican": the person just named
                if holder is not None:
                    return holder, "nominal"
            role_type = self.lex.role_nouns[low]
            wanted = {t.lower_ for t in token.subtree if t.lower_ not in _DETERMINERS and coarse(t) in ("ADJ", "NOUN", "PROPN")
                      and not self.inside_quote(t.idx)}
            kinds = {"person", "anonymous"} if role_type == "person" else {"organisation"}
            if low in GENERIC_ORGANISATIONS:
                kinds = {"organisation", "group", "unconfirmed"}  # "Liwa al-Fath said ... the group said"
            qualifiers = {t.lower_ for t in token.subtree if t.i != token.i and t.text[:1].isupper() and t.lower_ not in _DETERMINERS
                          and not self.lex.nationality(t.text) and not self.inside_quote(t.idx)} if low in GENERIC_ROLES else frozenset()
            found = self._antecedent(at, kinds, wanted, avoid, qualifiers=qualifiers)
            if found is None and low in UNNAMED_BODIES and definite(token):
                # "According to UNICEF, ... The agency said": the body named last
                found = self._organisation_last(at, "mentions", avoid=avoid, named=True)
            if found is None and role_type == "organisation" and definite(token) and low not in SELF_NAMING_BODIES \
                    and not any(c.dep_ in ("poss", "prep", "compound", "amod") for c in token.children):
                found = self._body_named_in_paragraph(at, avoid)
            return found, "nominal"
        if low in ORGANISATION_NAME_WORDS and definite(token):  # "the association", "the bureau" (of X) named before
            named = self.mentioned_last(at, lambda i, e: e.kind == "organisation" and i not in avoid
                                         and (low in e.name.lower().split() or low in e.descriptors))  # "the association Swissmem"
            return (named, "nominal") if named is not None else (None, "")
        if token.text[:1].isupper() and self._is_title(token) and definite(token):
            # "the Chief Justice said" after "Chief Justice Ama Mensah": the person named with those titles
            titles = {t.lower_.rstrip(".") for t in token.children if t.dep_ == "compound" and self._is_title(t)} | {low}
            named = self.mentioned_last(at, lambda i, e: e.kind == "person" and e.confirmed and not e.place and i not in avoid
                                        and titles <= e.descriptors)
            if named is not None:
                return named, "nominal"
        if token.text[:1].isupper():  # a surname the tagger missed at a sentence start
            key = name_key(token.text)
            named = [i for i in self.people_named(key) if self.items[i].tokens > 1 and _same_word(self.items[i].key, key)]
            if named:
                return named[0], "name"
        return None, ""

    def _body_named_in_paragraph(self, at: int, avoid: set[int]) -> int | None:
        """'On the advice of the Harbour Authority, ... the regulator said': a definite body noun the
        text gave no body before is the named organisation mentioned last in its paragraph, when no
        one else was the subject of a clause since (else the noun is that one's, or no one's)."""
        since = self.paragraph_start(at)
        idx = self._organisation_last(at, "mentions", since=since, avoid=avoid, named=True)
        if idx is None:
            return None
        last = self._timeline.last(idx, at, since)
        return None if any(i != idx for _, i in self._timeline.back(at, last + 1, subject=True)) else idx

    def _singular_they(self, at: int, avoid: set[int]) -> int | None:
        """'A spokesperson for the council said ... "...," they said': an unnamed person whose
        gender the text does not give, the subject last named in the paragraph, is who a
        singular "they" points to (British and Australian news use it so), in the paragraph
        or the one above, when no one else was a subject since."""
        since = self.paragraph_start(at, back=1)  # this paragraph or the one above
        idx = self.mentioned_last(at, lambda i, e: e.kind == "anonymous" and i not in avoid and not e.sex()
                                   and e.name.split()[0].lower() in INDEFINITE_DETERMINERS, "subject_mentions", since)
        if idx is None:
            return None
        last = self._timeline.last(idx, at, since, subject=True)
        later = any(i != idx and self.items[i].kind != "anonymous" for _, i in self._timeline.back(at, last + 1, subject=True))
        return None if later else idx

    def _organisation_last(self, before: int, offsets: str, since: int = 0, avoid: set[int] = frozenset(),
                           named: bool = False) -> int | None:
        """The organisation (not a place; with a capitalised name if `named`) whose mention of the kind
        `offsets` ("mentions" or "subject_mentions") came last in [since, before), or None."""
        return self.mentioned_last(before, lambda i, e: e.kind == "organisation" and not e.place and i not in avoid
                                    and (not named or e.name[:1].isupper()), offsets, since)

    def mentioned_last(self, before: int, keep: Callable[[int, Entity], bool], offsets: str = "mentions",
                        since: int = 0) -> int | None:
        """The entity for which `keep(index, entity)` holds whose mention of the kind `offsets`
        ("mentions" or "subject_mentions") came last in [since, before), or None."""
        refused = set()
        for _, i in self._timeline.back(before, since, subject=offsets == "subject_mentions"):
            if i not in refused:
                if keep(i, self.items[i]):
                    return i
                refused.add(i)
        return None

    def first_mentioned(self, since: int, before: int, keep: Callable[[int, Entity], bool]) -> int | None:
        """The entity for which `keep(index, entity)` holds whose first mention in [since, before) comes
        first (ties: the entity registered first), or None."""
        found = [(self._timeline.first(i, since, before), i) for i in self._timeline.entities(since, before)
                 if keep(i, self.items[i])]
        return min(found)[1] if found else None

    def role_holder(self, token, heading_end: int | None = None) -> int | None:
        """The person an unresolved role word stands for. In a heading ("Engineer: ..."), the
        first person the text below gives that role ("X, a hydraulic engineer"); in a
        tag ('"...," the Italian minister said'), the person named last just before, in its
        paragraph or the one above, unless the text gives that person another role or country."""
        lex, role = self.lex, token.lower_
        if heading_end is not None:
            return self.first_mentioned(heading_end, heading_end + HEADING_NEARBY_CHARS, lambda _, e: e.kind in ("person", "anonymous")
                                        and (role in e.descriptors | _plural_forms(e.descriptors)
                                             or ABBREVIATIONS.get(role, {""}) <= e.descriptors))  # ("CM says ..." over "Chief Minister X")
        at = token.idx
        countries = {lex.nationality(t.text).lower() for t in token.subtree if lex.nationality(t.text)}
        glued = token.i > 0 and self.doc[token.i - 1].text == "-" and not self.doc[token.i - 1].whitespace_  # "Secretary-General"
        named = {t.lower_ for t in self.description(token) if t.i != token.i and t.text[:1].isupper() and t.lower_ not in _DETERMINERS
                 and not lex.nationality(t.text)} if role not in GENERIC_ROLES and role != "old" and not glued else set()
        # ("the Foreign Office spokesperson" is no Taliban spokesman)
        if role not in GENERIC_ROLES and (role not in SEAT_ROLES or named) and role != "old" and not glued \
                and not any(c.dep_ == "appos" and c.i in self.by_token for c in token.subtree):  # ("the head of X, Y,": Y)
            # "the 47-year-old researcher" after "X, a researcher at ..., and Y said ...": the person
            # the text gave that very role, named last, before whoever was named last; "the Oklahoma
            # Republican" after "Rep. X (R-Okla.)": the seat or party with the place the text gave it
            holder = self.mentioned_last(at, lambda _, e: e.kind == "person" and e.confirmed and not e.place
                                         and holds_role(role, e.descriptors | _plural_forms(e.descriptors))
                                         and named <= e.descriptors | set(e.name.lower().split())
                                         and not (countries and not countries <= self._countries(e)))
            if holder is not None:
                return self._speaker_of_paragraph(token, holder) or holder
        lo = max(0, at - NEARBY_CHARS)
        if self.text.count("\n\n", lo, at) > 1:
            lo = self.text.rfind("\n\n", lo, self.text.rfind("\n\n", lo, at))
        best, best_at = None, (-1, -1)
        latest, latest_at, lasts = None, (-1, -1), {}  # the person last mentioned, whatever role the text gave them
        for i in self._timeline.entities(lo, at):
            e = self.items[i]
            if e.kind != "person" or not e.confirmed or e.place:
                continue
            last = self._timeline.last(i, at, lo)
            subject = self._timeline.last(i, at, lo, subject=True)
            roles = {d for d in e.descriptors if lex.role_nouns.get(d) == "person" and d not in GENERIC_ROLES}
            if not roles and not e.subject_mentions and not e.sex(lex.given_names):
                continue  # "at Sabina Park", "near Camp Aguinaldo": a name never a subject, with no role or gender, is no one's
            own = {lex.nationality(d).lower() for d in e.descriptors if lex.nationality(d)}
            lasts[i] = last
            # (another country, or a seat in another chamber: the role cannot be theirs)
            unfit = bool(countries and own and not countries <= own) or _seated_elsewhere(role, e.descriptors)
            if last > latest_at[1]:
                latest, latest_at = (None if unfit else i), (subject, last)
            if last >= 0 and (subject, last) > best_at and not unfit \
                    and not (roles and not holds_role(role, roles) and role not in SEAT_ROLES and role != "old"):
                best, best_at = i, (subject, last)
        if best is None and latest is not None and not glued and self._speaking_role(token) and role not in SPEAKING_ROLES \
                and (latest_at[0] >= 0 or self._in_subject(latest_at[1])) \
                and (not any(t.i != token.i and t.text[:1].isupper() and t.lower_ not in _DETERMINERS and not self._names_no_one(t)
                             for t in token.subtree)
                     or any(t.lower_ in PAST_ROLE_WORDS for t in token.subtree)) \
                and not any(last > latest_at[0] for i, last in lasts.items() if i != latest):
            # 'Economist X said ... "...," the former central bank adviser added': a bare role in a speech
            # tag, held by no one, is the person last the subject nearby when no one was named since,
            # though the text gave them another role (a writer's second name that adds what they were)
            return latest
        return best

    def _names_no_one(self, tok) -> bool:
        """'the Halifax family physician': a capitalised word before a role that names no body and no
        person of the text (a place, where the person works), so the role can still be a second
        name for the person just quoted; "the Foreign Office spokesperson" names a body."""
        ment = self.by_token.get(tok.i)
        if ment is not None and ment.entity is not None:
            ent = self.items[ment.entity]
            return ent.place or (ent.kind == "person" and not ent.confirmed)
        return tok.dep_ == "compound" and tok.tag_ == "NNP" and not self._organisation_word(tok) and not self._is_title(tok) \
            and tok.lower_ not in self.lex.role_nouns and not self.lex.nationality(tok.text)

    def _speaker_of_paragraph(self, token, holder: int) -> int | None:
        """'X, who was reached by phone, said he ... "...," the 34-year-old director said': in a speech
        tag, a role's holder named only in an earlier paragraph yields to the one person named in the
        tag's own paragraph before it, when that person is the subject there and the text gave them
        no other role (a writer's second name for the person just quoted)."""
        at = token.idx
        since = self.paragraph_start(at)
        if not self._speaking_role(token) or self._timeline.last(holder, at, since) >= 0:
            return None
        named = [i for i in self._timeline.entities(since, at) if self.items[i].kind in ("person", "anonymous")]
        if len(named) != 1:
            return None
        ent = self.items[named[0]]
        roles = {d for d in ent.descriptors if self.lex.role_nouns.get(d) == "person" and d not in GENERIC_ROLES}
        last = self._timeline.last(named[0], at, since)
        if ent.kind != "person" or not ent.confirmed or ent.place or (roles and not holds_role(token.lower_, roles)):
            return None
        return named[0] if self._timeline.last(named[0], at, since, subject=True) >= 0 or self._in_subject(last) else None

    def _in_subject(self, char: int) -> bool:
        """'the traditional ruler X said': a name inside a clause's subject (under its head noun), or
        whose words a sentence gives ("According to X, a former director, ...")."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        tok = span[0] if span is not None and len(span) and span[0].idx == char else None
        while tok is not None and tok.dep_ in ("compound", "appos", "flat") and tok.head.i != tok.i:
            tok = tok.head
        return tok is not None and (tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ == "pobj" and tok.head.lower_ == "to"
                                    and tok.head.i > 0 and self.doc[tok.head.i - 1].lower_ == "according")

    def _speaking_role(self, token) -> bool:
        """'the monarch said', 'the researcher added': a definite role, with nothing after it ("of X",
        "for X", a clause), that is the subject of a speech verb outside quotes."""
        return token.dep_ == "nsubj" and token.head.lower_ in self.lex.speech_verbs and definite(token) \
            and not any(c.i > token.i for c in token.children) and not self.inside_quote(token.idx)

    def _countries(self, ent: Entity) -> set[str]:
        """The countries (lower case) an entity's descriptors give it."""
        return {self.lex.nationality(d).lower() for d in ent.descriptors if self.lex.nationality(d)}

    def description(self, token, inside: set[int] = frozenset()) -> list:
        """The words of a description headed by `token`, without clauses or quotes:
        "a spokesman for the Karen National Union" from "..., who asked not to be named"."""
        lo, hi = token.left_edge.i, token.right_edge.i
        clauses = [c for c in token.subtree if c.dep_ in ("relcl", "acl", "advcl", "appos") and c.i != token.i]
        clauses += [c for c in token.children if c.dep_ == "prep" and c.i > token.i
                    and any(g.dep_ == "pobj" and g.lower_ in TIME_WORDS for g in c.children)]  # "X on Wednesday"
        dropped = {t.i for c in clauses for t in c.subtree}
        words = [t for t in self.doc[lo:hi + 1] if t.i not in dropped and t.i not in inside and not self.inside_quote(t.idx)]
        # the words run from the first to the last kept one, so they stop where a quote follows the head
        # ('Senator X Slams Bank Chief: "You Should Resign."' ends at "Chief"; a term quoted before it
        # stays: 'the "social jet lag" problem')
        cut = next((k for k in range(1, len(words)) if words[k].i > token.i and any(
            j in inside or self.inside_quote(self.doc[j].idx) for j in range(words[k - 1].i + 1, words[k].i))), len(words))
        words = words[:cut]
        while words and (words[-1].is_punct or words[-1].is_space or words[-1].dep_ in ("cc", "prep")):
            words.pop()
        while words and (words[0].is_punct or words[0].is_space):
            words.pop(0)
        return words

    def _antecedent(self, at: int, kinds: set[str], wanted: set[str], avoid: set[int], gender: str = "",
                    qualifiers: set[str] = frozenset()) -> int | None:
        """The entity of one of `kinds` a description (`wanted`: its words) or pronoun at `at` points
        back to: one whose known nationality fits first, then the subject named last, then the
        entity mentioned last; candidates are read latest first, so the walk stops at the first fit.
        `qualifiers`: capitalised words of a generic role the entity must have been given ("the
        Liberal Leader" is no one the text never called Liberal)."""
        lex = self.lex
        nationalities = {w for w in wanted if lex.nationality(w)}
        others = {w for w in wanted - nationalities if w in lex.role_nouns and w not in GENERIC_ROLES | GENERIC_ORGANISATIONS}
        for abbr in others & ABBREVIATIONS.keys():
            others = (others - {abbr}) | ABBREVIATIONS[abbr]
        countries_wanted = {lex.nationality(n).lower() for n in nationalities}

        def fits(idx: int) -> bool | None:
            """None if the entity cannot be meant, else whether the text gives its country."""
            ent = self.items[idx]
            unconfirmed = ent.kind == "person" and not ent.confirmed and ent.tokens == 1
            if (ent.kind not in kinds and not (unconfirmed and "unconfirmed" in kinds)) or idx in avoid or ent.place \
                    or (ent.kind == "person" and not ent.confirmed and "unconfirmed" not in kinds):
                return None
            if gender and ent.sex(lex.given_names) not in ("", gender):
                return None
            desc = ent.descriptors | {w.lower() for w in ent.name.split()}
            countries = {lex.nationality(d).lower() for d in desc if lex.nationality(d)}
            if nationalities and (countries or ent.kind != "person") and not countries_wanted <= countries:
                return None  # "the Italian general" is no Frenchman; a person whose country is unsaid may be him
            if others and not all(holds_role(w, desc | _plural_forms(desc)) for w in others) and "counterpart" not in desc:
                return None
            if not qualifiers <= desc:
                return None
            return bool(countries)

        walked = frozenset(kinds - {"unconfirmed"} | ({"person"} if "unconfirmed" in kinds else set()))
        best = fallback = None  # fallback: the best whose country is unsaid, when a nationality is wanted
        for idx in self._ranked(at, walked):
            known = fits(idx)
            if known is None:
                continue
            if not nationalities or known:
                best = idx
                break
            if fallback is None:
                fallback = idx
        best = fallback if best is None else best
        if best is None or wanted or "person" not in kinds:
            return best
        # the person named last, when a pronoun's subject is someone named earlier
        latest = next(((offset, idx) for offset, idx in self.last_first(at, walked) if fits(idx) is not None), None)
        if latest is not None and latest[1] != best:
            best = self._named_since(latest, self._timeline.last(best, at, subject=True), at) or best
        if gender and self.items[best].kind == "anonymous":
            best = self._named_over_unnamed(at, best, walked, gender, lambda i: fits(i) is not None)
        return best

    def _named_over_unnamed(self, at: int, unnamed: int, kinds: frozenset[str], gender: str,
                            fits: Callable[[int], bool]) -> int:
        """'A resident said the road flooded. ... The mayor, Linda Okafor, toured it on Monday. "...,"
        she said': an unnamed description holds "he"/"she" only while no named person the text gives
        that gender is mentioned after it; then the pronoun goes to the one of them mentioned last."""
        since = self._timeline.last(unnamed, at)
        for offset, i in self.last_first(at, kinds):
            if offset <= since:
                break  # (latest first: no one later was named)
            if self.items[i].kind == "person" and fits(i) and self.items[i].sex(self.lex.given_names) == gender:
                return i
        return unnamed

    def _ranked(self, at: int, kinds: frozenset[str]):
        """The entities of `kinds` mentioned before `at`, the subject named last first, then by
        their last mention (ties: the entity registered first)."""
        seen: set[int] = set()
        for subject in (True, False):  # then those never a subject before `at`
            for _, group in self._latest_groups(at, kinds, subject, seen):
                yield from sorted(group, key=lambda i: (-self._timeline.last(i, at), i))

    def last_first(self, at: int, kinds: frozenset[str]):
        """(last mention before `at`, entity) of each entity of `kinds` mentioned before it, the
        latest first (ties: the entity registered first)."""
        for offset, group in self._latest_groups(at, kinds, False, set()):
            yield from ((offset, i) for i in sorted(group))

    def _latest_groups(self, at: int, kinds: frozenset[str], subject: bool, seen: set[int]):
        """(offset, entities) walking back from `at`: the entities of `kinds` whose latest mention (as a
        subject if `subject`) before `at` is at that offset, left out those in `seen` (which it fills)."""
        group, offset = [], None
        for found, idx in self._timeline.back(at, subject=subject, kinds=kinds):
            if idx in seen:
                continue
            if found != offset:
                if group:
                    yield offset, group
                group, offset = [], found
            seen.add(idx)
            group.append(idx)
        if group:
            yield offset, group

    def _named_since(self, latest: tuple[int, int], subject: int, at: int) -> int | None:
        """'For Ana Ruiz, a nurse, every point matters. "...," she said.': the person named last, when
        she is described ("a nurse": no place) or introduced ("a spokesperson, asked ..."), the only
        one her sentence names, not as an owner ("Ruiz's plan"), and no one was the subject of a
        sentence since (a name, or a pronoun of its main clause), rather than the subject of an
        earlier sentence."""
        first, last = self._sentence_bounds(latest[0])
        ent = self.items[latest[1]]
        if ent.kind == "anonymous":
            described = ent.name.split()[0].lower() in INDEFINITE_DETERMINERS  # "a spokesperson", not "about 400 head"
        else:
            described = bool(ent.descriptors)
        if subject >= first or not described:
            return None
        sentence = self.doc.char_span(first, last, alignment_mode="expand") or ()
        mentions = [(t, m) for t in sentence if (m := self.by_token.get(t.i)) is not None and m.entity is not None
                    and self.items[m.entity].kind in ("person", "anonymous") and self.items[m.entity].confirmed]
        if {m.entity for _, m in mentions} != {latest[1]}:
            return None
        end = max(t.i for t, _ in mentions)
        if self.doc[end].dep_ == "poss" or (end + 1 < len(self.doc) and self.doc[end + 1].tag_ == "POS"):
            return None
        if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.lower_ in PERSON_PRONOUNS
               and not self.inside_quote(t.idx) for t in sentence):  # "Like Ruiz, he ..." (not "the patients he met")
            return None
        return latest[1]

    def _sentence_bounds(self, char: int) -> tuple[int, int]:
        if self._sentence_starts is None:
            self._sentence_starts = [(s.start_char, s.end_char) for s in self.doc.sents]
        k = bisect_right(self._sentence_starts, (char, len(self.text) + 1)) - 1
        return self._sentence_starts[max(k, 0)]


def _role_of(name, lex: Lexicon) -> bool:
    """'the mayor of X', 'the governor of X': a name a person's role is "of" is where (or what) they
    hold it, never a person."""
    prep = name.head
    return name.dep_ == "pobj" and prep.lower_ == "of" and lex.role_nouns.get(prep.head.lower_) == "person"


def _abbreviates(short: str, long: str) -> bool:
    """Each letter of `short` in `long`, in order, its first letter opening a word of `long`
    (Schwartz and Hearst 2003): "IPOB" of "Indigenous People of Biafra", "Conaie" of
    "Confederation of Indigenous Nationalities of Ecuador"."""
    s, text = short.lower(), long.lower()
    li = len(text) - 1
    for si in range(len(s) - 1, -1, -1):
        c = s[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return True


def _same_word(a: str, b: str) -> bool:
    """Two name keys spell one surname or given name; an initial ("J. Smith", the "C" of "Block C")
    stands for no name a story spells out ("Ciarán" is not "C")."""
    return bool(a) and (a == b or len(a) > 1 and len(b) > 1 and same_token(a, b))


def _seated_elsewhere(role: str, words: set[str]) -> bool:
    """'Sen. X, ... Rep. Y, ... "...," the senator said': a seat role names no one the text seats
    only in another chamber, though a seat is held alongside any other role."""
    chamber = SEAT_CHAMBERS.get(role)
    held = {SEAT_CHAMBERS[w] for w in words if w in SEAT_CHAMBERS}
    return chamber is not None and bool(held) and chamber not in held


def holds_role(role: str, words: set[str]) -> bool:
    """A person described by `words` can be called `role`: the word itself or a narrower one
    ("the officer" is the colonel, "the cleric" the sheikh)."""
    return role in words or not BROADER_ROLES.get(role, set()).isdisjoint(words)


def _an_age(tok) -> bool:
    """'10', 'seven', '84': a number that can be a person's age (not a year: "Paris, 2019,")."""
    if tok.text.isdigit():
        return len(tok.text) <= 3 and int(tok.text) < 120
    return tok.like_num and tok.text.isalpha()


def definite(noun) -> bool:
    return any(c.lower_ == "the" and c.dep_ == "det" for c in noun.children)


def aged(noun) -> bool:
    """'the 66-year-old retired plumber': a definite description with an age, a person the
    story has just named (news give the age of someone they are already talking about)."""
    return definite(noun) and any(
        t.i <= noun.i and t.lower_ == "old" and any(c.lower_ in ("year", "years") for c in t.children)
        for t in noun.subtree)  # ("The 44-year-old said": the age alone, parsed as the subject)


def _introduced(root) -> bool:
    """'I met a nurse in Tromso, who works nights ...': a "who" clause presents the person
    as someone the story follows, wherever the noun stands (the parser may hang the clause
    on the place after the noun: that place is not who is presented)."""
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and coarse(root.head.head) == "NOUN":
        return False
    below = [root] + [g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    after = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    if after is not None and after.dep_ == "prep" and after.head.i != root.i:  # "a listener in X, who ...", the
        below += [g for g in after.children if g.dep_ == "pobj"]                # place hung on the verb before
    return any(c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_ in ("nsubj", "nsubjpass") for w in c.children)
               for tok in below for c in tok.children)


def _according_to(noun) -> bool:
    """'According to a diplomatic source, ...': the description gives the sentence's words, a
    source the story presents (as a subject would be), though no verb has it as subject."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lower_ == "according"


def fronted_verb(name):
    """'In the village of X, Name, a teacher, said ...': the parser hangs the name (set off by a
    comma) in apposition or conjunction to the place of a fronted phrase and leaves the verb
    after it with no subject. The verb
    the name is then the subject of, else None."""
    first = name.left_edge
    if name.dep_ not in ("appos", "conj") or first.i == 0 or name.doc[first.i - 1].text != ",":
        return None
    tok = name.head
    while tok.dep_ in ("pobj", "prep", "appos", "conj") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "ROOT" or coarse(tok) not in ("VERB", "AUX") or tok.i < name.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
        return None
    return tok


def _whole_words(chunk):
    """A noun chunk with the word its opening hyphen is glued to ("-led NATO brigade" is "Canadian-led ...")."""
    doc, k = chunk.doc, chunk.start
    if k > 0 and chunk[0].text == "-" and not doc[k - 1].whitespace_:
        return doc[k - 1:chunk.end]
    return chunk


def vocative(subject) -> bool:
    """'James, one defense official told me ...': a name set off by a comma before another
    subject of the same verb is the person addressed (a reporter's "James, ..."), not the subject."""
    doc, end = subject.doc, subject.i
    return (subject.dep_ in ("nsubj", "nsubjpass") and end + 1 < len(doc) and doc[end + 1].text == ","
            and subject.tag_ in ("NNP", "NNPS") and all(c.dep_ in ("compound", "punct") for c in subject.children)
            and any(c.dep_ in ("nsubj", "nsubjpass") and end < c.i < subject.head.i and c.lower_ != "you"
                    and all(t.text != "," for t in doc[c.i:subject.head.i])
                    and all(not t.is_quote for t in doc[end:c.left_edge.i]) for c in subject.head.children))
    # (not "X, a spokesman, said": an apposition closed by its comma; "Dr X, you described": X is "you")


def _about_another(clause) -> bool:
    """'X, whose husband was held in 2020, ...': a "whose" clause describes someone else
    (the husband), so its words are not X's (nor X's gender)."""
    return clause.dep_ == "relcl" and any(t.lower_ == "whose" for t in clause.subtree)


def _plural_forms(words: set[str]) -> set[str]:
    """Singular and plural of each word, so "the group" matches "one of the armed groups"."""
    return {w + "s" for w in words} | {w[:-1] for w in words if w.endswith("s")}


def _misread_given_name(tok, tokens: list, lex: Lexicon) -> bool:
    """'said Per Hole', 'The mayor, Per Brekke, said': a known given name (given_names.txt) the
    tagger read as a preposition or another function word, capitalised inside its sentence and
    followed by a capitalised name word, is the person's given name ("per the report", "per Tom
    Reed" stay the preposition). A sentence's or clause's first such word is a name only when a speech verb
    follows the name ('Per Brekke said', 'Will Carter told'; not 'Per Reuters, ...', 'Will Reed
    run?')."""
    if not (tok.is_title and tok.tag_ in FUNCTION_TAGS) or tok.i + 1 >= len(tokens):
        return False  # every token of every document comes here: the cheap tests first
    nxt = tokens[tok.i + 1]
    if not (tok.whitespace_ and nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper()
            and name_key(tok.text) in lex.given_names):
        return False
    prev = tokens[tok.i - 1] if tok.i else None
    if prev is None or tok.is_sent_start or prev.is_punct and prev.text != ",":  # a clause's first word ('Q: Will Reed run?')
        return _speech_verb_after(tokens, tok.i + 1, lex)
    return not (prev.is_alpha and prev.text[:1].isupper() and prev.lower_ not in lex.titles)  # "Output Per Worker Falls"


def _speech_verb_after(tokens: list, i: int, lex: Lexicon) -> bool:
    """The name words from `i` on are followed by a speech verb in the past or present tense
    ('Brekke said', 'Carter tells'; a base form follows a modal: 'Will Reed say more?')."""
    while i < len(tokens) and tokens[i].tag_ in ("NNP", "NNPS"):
        i += 1
    return i < len(tokens) and tokens[i].tag_ in ("VBD", "VBZ") and tokens[i].lower_ in lex.speech_verbs  # not 'Will Reed say?'


def _mend_given_names(tokens: list, lex: Lexicon) -> None:
    """Tag each misread given name (`_misread_given_name`) a proper noun, and where the parser hung
    the name on it as its object ('said Per[prep] Hole[pobj]') hang the name where the given name
    was, as the subject of a verb, in apposition to a noun or the object of a preposition, with
    the given name a compound of it: one person named in full for every sieve."""
    for tok in tokens:
        if not _misread_given_name(tok, tokens, lex):
            continue
        name = next((c for c in tok.children if c.dep_ == "pobj" and c.i > tok.i and c.tag_ in ("NNP", "NNPS")), None)
        if name is not None:
            head = tok.head
            role = "nsubj" if head.tag_.startswith("VB") else "pobj" if head.tag_ in ("IN", "TO") \
                else "appos" if tokens[tok.i - 1].text == "," else "compound" if head.tag_.startswith("NN") else tok.dep_
            for child in list(tok.children):
                if child.i != name.i:
                    child.head = name
            if head.i == tok.i:
                name.head, name.dep_ = name, "ROOT"
            else:
                name.head, name.dep_ = head, role
            tok.head, tok.dep_ = name, "compound"
        elif not list(tok.children) and tok.head.i != tok.i:
            # 'Will[aux] Carter[nsubj] said': the given name hangs on the verb; it belongs to the name
            tok.head, tok.dep_ = tokens[tok.i + 1], "compound"
        tok.tag_ = "NNP"
