"""What every sieve sees and returns: the article, one quote, and an Attribution."""
from __future__ import annotations

import re

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..mentions import PERSON_PRONOUNS, Entities, vocative
from ..nlp import coarse
from ..quotes import QuoteSpan, paragraphs
from .constants import ADJACENT_WORDS, ASK_WORDS, BARE_CUES, OBJECT_CUES, PARTICLE_CUES, SPEAKER_PRONOUNS, SUBJECT_DEPS, WHO_CLIMB

_HEADING_CAPS = re.compile(r"[A-Z][A-Z'’& ]*")  # a newsletter's section heading (see Article.section_heading)


def opening(text: str, span: QuoteSpan) -> int:
    """Where a quote's opening mark sits: right before its words, or before the space a French
    mark keeps ('« Le ...'): the sieves read what precedes the mark, not the space."""
    k = span.start - 1
    if span.open_mark and k > span.para_start and text[k].isspace() and text[k] != "\n":
        mark = text.rfind(span.open_mark, span.para_start, span.start)
        if mark >= 0 and not text[mark + 1:span.start].strip():
            return mark
    return k


@dataclass(frozen=True)
class Attribution:
    """Who said one quote, and how we know: the sieve that found the mention and
    how the mention was resolved to a speaker (name, pronoun, nominal, office,
    statement, description)."""

    kind: str = "direct"
    context_start: int = 0
    context_end: int = 0
    cue: str = ""
    speaker: str = ""
    mention: str = ""
    mention_start: int | None = None
    mention_end: int | None = None
    speaker_type: str = "unknown"
    sieve: str = ""
    resolution: str = ""
    confidence: float = 0.0


@dataclass(frozen=True)
class Target:
    """One quote being attributed: its position in the article's list of quotes,
    its span, the parser tokens inside its marks, and whether it sits in a heading."""

    n: int
    span: QuoteSpan
    inside: frozenset[int]
    heading: bool


class Article:
    """The parsed article, its entities and quote spans, with the token lookups sieves share."""

    def __init__(self, text: str, parsed, lex: Lexicon, entities: Entities, spans: list[QuoteSpan]):
        self.text, self.doc, self.lex, self.ents, self.spans = text, parsed, lex, entities, spans
        self.tokens = entities.tokens if entities is not None else list(parsed)  # made once, read by position
        self.terms: frozenset[int] = frozenset()  # quotes read as names or terms: nobody's words
        self._by_word: dict[str, list[int]] | None = None
        self._sent_starts: list[int] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None
        self.memo: dict[str, object] = {}  # what a sieve reads off the whole article, computed once for all its quotes

    def sentence(self, tok):
        """`tok.sent`, from sentence starts listed once: spaCy walks the sentence on each call,
        which is quadratic when one sentence holds thousands of quotes."""
        if self._sent_starts is None:
            self._sent_starts = [sent.start for sent in self.doc.sents]
        k = bisect_right(self._sent_starts, tok.i)
        end = self._sent_starts[k] if k < len(self._sent_starts) else len(self.doc)
        return self.doc[self._sent_starts[k - 1]:end]

    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph (`quotes.paragraphs`), listed once for all quotes."""
        if self._paragraphs is None:
            self._paragraphs = paragraphs(self.text)
        return self._paragraphs

    def words_in(self, span, words: tuple[str, ...]) -> list:
        """The tokens of `span` spelled `words` (lower case), in order. An index of
        the article's words, built once, keeps a sieve that looks for one word linear in quotes:
        scanning the sentence per quote was quadratic when one sentence holds thousands."""
        if self._by_word is None:
            self._by_word = defaultdict(list)
            for tok in self.tokens:
                self._by_word[tok.lower_].append(tok.i)
        found = []
        for word in words:
            at = self._by_word.get(word, [])
            found += at[bisect_left(at, span.start):bisect_left(at, span.end)]
        return [self.tokens[i] for i in sorted(found)]

    def token_at(self, char: int):
        if char < 0 or char >= len(self.text):
            return None
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def quote_tokens(self, span: QuoteSpan) -> list:
        toks = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        return [t for t in self.tokens[toks.start:toks.end] if span.start <= t.idx < span.end] if toks is not None else []

    def is_cue(self, tok) -> bool:
        """A speech verb, or "according" (to); "continued" only bare, "put" only with "it"."""
        if coarse(tok) in ("VERB", "AUX") and tok.lower_ in self.lex.speech_verbs:
            return True
        if tok.lower_ in BARE_CUES and coarse(tok) == "VERB":
            return tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].text in (",", ":", ".")
        if tok.lower_ in OBJECT_CUES and coarse(tok) == "VERB":
            return any(c.dep_ == "dobj" and c.lower_ == OBJECT_CUES[tok.lower_] for c in tok.children)
        if tok.lower_ in PARTICLE_CUES and coarse(tok) == "VERB":
            return any(c.dep_ in ("prt", "advmod") and c.lower_ == PARTICLE_CUES[tok.lower_] for c in tok.children)
        return tok.lower_ == "according"

    def mention_like(self, tok) -> bool:
        """A word that can point to a speaker: a known name, a pronoun, a role noun."""
        return (self.ents.mention_at(tok) is not None or tok.lower_ in SPEAKER_PRONOUNS
                or tok.lower_ in self.lex.role_nouns)

    def own_subject(self, verb, inside: frozenset[int]):
        """The verb's subject outside the quote; a dateline the parser made a subject is none."""
        own = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i not in inside and not vocative(c)
                    and not self.ents.in_dateline(c.idx) and not self.section_heading(c)), None)
        if own is None:  # 'MOGADISHU — Somalia's government accused ...' parsed with the dateline the subject
            dateline = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and self.ents.in_dateline(c.idx)), None)
            own = next((c for c in dateline.children if c.dep_ == "appos" and c.i not in inside
                        and not self.ents.in_dateline(c.idx) and not self._someones_role(c)), None) \
                if dateline is not None else None
        if own is not None and self.turn_label(own):
            # 'CAMPAIGNERS: Rights group X said ...': a newsletter's label with the subject in apposition
            own = next((c for c in own.children if c.dep_ == "appos" and c.i not in inside), None)
        if own is not None and own.tag_ == "WDT" and verb.dep_ == "relcl" and verb.head.i not in inside \
                and (verb.head.lower_ in self.lex.cue_nouns or self.mention_like(verb.head)):
            own = verb.head  # 'a communique, which voiced "..."': the document or speaker the clause hangs on
        if own is not None:
            return self._named_after_opener(own, verb) or self._who_of_person(own, verb) or own
        return self.ents.fronted_name(verb)

    def _someones_role(self, noun) -> bool:
        """A role held for a person the phrase names ("President X's pick", "X's nominee"): who holds
        it is told elsewhere, the descriptions' sieves find them."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        named = self.ents.entity_at(owner) if owner is not None else None
        return named is not None and named.kind == "person"

    def _who_of_person(self, who, verb):
        """'X, chairman of the water board, who told ...': "who" stands for a person; when the parser
        hangs its clause on an organisation (the board), the person whose phrase holds it. None when
        there is no such person."""
        if who.lower_ != "who" or verb.dep_ != "relcl":
            return None
        tok = verb.head
        named = self.ents.entity_at(tok)
        if not (named is not None and named.kind == "organisation" or self.lex.role_nouns.get(tok.lower_) == "organisation"):
            return None
        for _ in range(WHO_CLIMB):
            if tok.dep_ not in ("pobj", "prep", "appos", "poss", "compound") or tok.head.i == tok.i:
                return None
            tok = tok.head
            if self._person(tok):
                return tok
        return None

    def _person(self, tok) -> bool:
        """A person's name, or a noun for a person ("a lawyer for the firm, who said ...")."""
        named = self.ents.entity_at(tok)
        return (named is not None and named.kind == "person") or self.lex.role_nouns.get(tok.lower_) == "person"

    def _named_after_opener(self, own, verb):
        """'Briefing ambassadors in New York, X, described ...': a subject the parser found inside
        a sentence's opening participle phrase (a capitalised -ing word up to its comma) is a slip;
        the person named right after that comma is the subject. None when there is no such name."""
        sent = self.sentence(verb)
        first = sent[0]
        if not (first.text[:1].isupper() and first.lower_.endswith("ing") and first.i <= own.i < verb.i):
            return None
        comma = next((t for t in self.doc[own.i:verb.i] if t.text == ","), None)
        if comma is None or comma.i + 1 >= verb.i:
            return None
        named = self.ents.entity_at(self.doc[comma.i + 1])
        if named is None or named.kind != "person":
            return None
        return self.doc[comma.i + 1]

    @staticmethod
    def distance(tok, span: QuoteSpan) -> int:
        return span.start - tok.idx if tok.idx < span.start else tok.idx - span.end

    def adjacent(self, verb, span: QuoteSpan) -> bool:
        """A tag right next to the quote: at most a few words between them, no sentence end."""
        gap = self.text[span.end + 1:verb.idx] if verb.idx > span.start else self.text[verb.idx:span.start - 1]
        return len(gap.split()) <= ADJACENT_WORDS and not any(c in gap for c in ".?!")

    def names_someone_else(self, start: int, end: int, speaker: str) -> bool:
        """A person other than `speaker` is the subject of a sentence between `start` and `end` (a
        name in passing, "south of Port Elgin", "one of Dover's players", hands no one the floor)."""
        items, named = self.ents.items, self.memo.get("names")
        if named is None:  # (start, entity) of every name mention, listed once: not every mention per quote
            named = self.memo["names"] = sorted({(m.start, m.entity) for m in self.ents.by_token.values()
                                                 if m.entity is not None and m.kind == "name"})
        return any(items[idx].kind != "organisation" and items[idx].confirmed and items[idx].name != speaker
                   and any(start <= at < end for at in items[idx].subject_mentions)
                   for _, idx in named[bisect_left(named, (start, -1)):bisect_left(named, (end, -1))])

    def askers(self, t: Target, pronoun) -> frozenset[int]:
        """'"Will you run?" one reporter asked. / "Not yet," he said.': the entities who asked the
        question that closes the paragraph before, so that the "he" who answers in the quote that
        opens the next paragraph is not one of them. Empty for any other mention."""
        if t.n == 0 or pronoun.lower_ not in PERSON_PRONOUNS or t.span.start != t.span.para_start + 1:
            return frozenset()
        before = self.spans[t.n - 1]
        if before.para_start >= t.span.para_start \
                or not self.text[before.start:before.end].rstrip(" ,.\"'”’").endswith("?"):
            return frozenset()
        tokens = self.doc.char_span(before.end, before.para_end, alignment_mode="expand") or ()
        found = set()
        for tok in tokens:
            subject = self.own_subject(tok, t.inside) if tok.lemma_ == "ask" or tok.lower_ in ASK_WORDS else None
            if subject is not None:
                found.add(self.ents.resolve(subject)[0])
        return frozenset(found - {None})

    def section_heading(self, tok) -> bool:
        """'SOCIAL CLIMBING — Sen. X wrote ...': words in capitals that open a paragraph before a
        dash head a section of a newsletter; the parser may make them the subject."""
        if not tok.text.isupper() or len(tok.text) < 2:
            return False
        start = self.text.rfind("\n", 0, tok.idx) + 1
        end = tok.idx + len(tok.text)
        while end < len(self.text) and (self.text[end].isupper() or self.text[end] in " '’&"):
            end += 1
        return _HEADING_CAPS.fullmatch(self.text[start:end].strip()) is not None and self.text[end:end + 1] in ("—", "–")

    def turn_label(self, tok) -> bool:
        """'LINDEN: The agency called it ...': a transcript turn's label that the parser made the
        subject of the turn's first verb; the turn's speaker reports, the subject is in the turn."""
        doc = self.doc
        return tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":" and tok.text.isupper() and (
            tok.i == 0 or "\n" in self.text[doc[tok.i - 1].idx:tok.idx])
