"""Attach a speaker to every quotation span.

Rules, tried in order for each quote (the rule that fired is reported):
- ``cue-before`` / ``cue-after``: the speech verb that governs the quote in the
  dependency tree ("X said: ...", "... , X said", X expressed "deep concerns"),
  its subject resolved to a name, climbing conjoined and participial verbs for it;
- ``according-to`` and ``statement``: "according to X", "read a statement from
  X's office", "X's office said" (an office speaks for its principal);
- ``pronoun`` / ``nominal``: the subject is "he" or "the Iraqi minister",
  resolved by :mod:`stance.mentions`;
- ``continuation``: a quote with no tag of its own continues the previous
  quote of the paragraph, or a multi-paragraph quotation;
- ``headline``: "Name: 'quote'" and "X tells Y" in titles and live-blog headings.
A short quote with no speech act around it is a scare quote and gets no speaker.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .lexicon import Lexicon, load_lexicon
from .mentions import Entities
from .nlp import coarse, noun_chunks
from .quotes import QuoteSpan

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "pcomp", "acl", "ccomp", "prep", "dep", "parataxis")
_SCARE_CUES = ("so-called", "so called", "dubbed", "known as", "the term", "the word", "operation")
_INDEFINITE_PRONOUNS = {"everyone", "everybody", "nobody", "someone", "somebody", "anyone", "anybody", "all", "none"}
_CONFIDENCE = {"name": 0.9, "pronoun": 0.75, "nominal": 0.7}


@dataclass(frozen=True)
class Attribution:
    """Who said one quote, and how we know."""

    kind: str
    context_start: int
    context_end: int
    cue: str = ""
    speaker: str = ""
    mention: str = ""
    mention_start: int | None = None
    mention_end: int | None = None
    speaker_type: str = "unknown"
    rule: str = ""
    confidence: float = 0.0


def attribute(text: str, spans: list[QuoteSpan], parsed, lexicon: Lexicon | None = None) -> list[Attribution]:
    """One Attribution per span, in the same order."""
    lex = lexicon or load_lexicon()
    entities = Entities(parsed, lex, [(s.start, s.end) for s in spans])
    finder = _Finder(text, parsed, lex, entities, spans)
    out: list[Attribution] = []
    for n, span in enumerate(spans):
        out.append(finder.attribute(n, span, out))
    return out


class _Finder:
    def __init__(self, text: str, parsed, lex: Lexicon, entities: Entities, spans: list[QuoteSpan]):
        self.text, self.doc, self.lex, self.ents, self.spans = text, parsed, lex, entities, spans

    # ---- per quote -----------------------------------------------------------------
    def attribute(self, n: int, span: QuoteSpan, done: list[Attribution]) -> Attribution:
        ctx_start, ctx_end = self._context(span)
        heading = _is_heading(self.text, span)
        base = Attribution(kind="headline" if heading else "direct", context_start=ctx_start, context_end=ctx_end)
        if self._scare_context(span):
            return replace(base, kind="scare")
        found = (self._from_cue(span) or self._colon_lead(span) or (self._heading_lead(span) if heading else None)
                 or self._tag_after(span))
        if found is None:
            found = self._continuation(n, span, done)
        if found is None:
            kind = "headline" if heading else ("scare" if self._is_scare(span) else self._clause_kind(span))
            return replace(base, kind=kind)
        kind = "headline" if heading else self._clause_kind(span)
        if heading and found.rule not in ("continuation",):
            found = replace(found, rule="headline", confidence=min(found.confidence, 0.7))
        return replace(found, kind=kind, context_start=ctx_start, context_end=ctx_end)

    def _context(self, span: QuoteSpan) -> tuple[int, int]:
        """The sentence(s) around a quote, clipped to its paragraph."""
        first = self._token_at(span.start - 1) or self._token_at(span.start)
        last = self._token_at(span.end) or self._token_at(span.end - 1)
        start = first.sent.start_char if first is not None else span.para_start
        end = last.sent.end_char if last is not None else span.para_end
        return max(start, span.para_start), min(max(end, span.end + 1), span.para_end)

    def _token_at(self, char: int):
        if char < 0 or char >= len(self.text):
            return None
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _quote_tokens(self, span: QuoteSpan):
        toks = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        return [t for t in toks if span.start <= t.idx < span.end] if toks is not None else []

    # ---- rule: the governing speech verb --------------------------------------------
    def _from_cue(self, span: QuoteSpan) -> Attribution | None:
        inside = {t.i for t in self._quote_tokens(span)}
        if not inside:
            return None
        roots = [self.doc[i] for i in sorted(inside) if self.doc[i].head.i not in inside or self.doc[i].head.i == i]
        governing = [v for root in roots for v in self._governing_cues(root, inside)]
        # any quoted word may carry the tag when the parser hangs the clause off the
        # quote ('"..., and that decision was taken," the minister told parliament')
        attached = list(dict.fromkeys(v for i in sorted(inside) for v in self._attached_cues(self.doc[i], inside)
                                      if self._adjacent(v, span)))
        for group in (governing, attached):
            # the cue nearest the quote wins
            for verb in sorted(group, key=lambda v: self._distance(v, span)):
                found = self._speaker_of(verb, span, inside)
                if found is not None:
                    return found
        return self._quoted_predicate(roots, span, inside) or self._according_to(span, inside)

    def _quoted_predicate(self, roots, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        """'Farouk "stressed that ..."': the quote is the predicate, its subject the speaker."""
        for root in roots:
            subject = self._own_subject(root, inside)
            if subject is not None and coarse(root) == "VERB" and root.lower_ in self.lex.speech_verbs:
                got = self._resolved(subject, root, span, "cue-before", inside)
                if got is not None:
                    return got
        return None

    def _adjacent(self, verb, span: QuoteSpan) -> bool:
        """A tag right next to the quote: at most a few words between them."""
        gap = self.text[span.end + 1:verb.idx] if verb.idx > span.start else self.text[verb.idx:span.start - 1]
        return len(gap.split()) <= 4 and not any(c in gap for c in ".?!")

    def _distance(self, tok, span: QuoteSpan) -> int:
        return span.start - tok.idx if tok.idx < span.start else tok.idx - span.end

    def _is_cue(self, tok) -> bool:
        low = tok.lower_
        if coarse(tok) in ("VERB", "AUX") and low in self.lex.speech_verbs:
            return True
        return low == "according"

    def _governing_cues(self, root, inside: set[int]) -> list:
        """Speech verbs above the quote in the tree, nearest first (up to a clause boundary)."""
        out = []
        tok = root
        for _ in range(12):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i in inside:
                continue
            if self._is_cue(tok):
                out.append(tok)
                break
        return out

    def _attached_cues(self, root, inside: set[int]) -> list:
        """Speech verbs hanging off the quote's root: '"...," he said' parsed as parataxis."""
        out = []
        for child in root.children:
            if child.i not in inside and child.dep_ in ("parataxis", "ccomp", "conj", "advcl", "dep") and self._is_cue(child):
                out.append(child)
        if root.head.i not in inside and root.head.i != root.i:
            for sib in root.head.children:
                if sib.i not in inside and sib.i != root.i and sib.dep_ in ("parataxis", "conj", "dep", "advcl") and self._is_cue(sib):
                    out.append(sib)
        return out

    def _speaker_of(self, verb, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        if verb.lower_ == "according":
            return self._according_obj(verb, span, inside)
        rule = "cue-after" if verb.idx > span.start else "cue-before"
        subjects = self._subject_candidates(verb, inside)
        for subject in subjects:
            got = self._resolved(subject, verb, span, rule, inside)
            if got is not None:
                if got.speaker_type == "organisation":
                    got = self._reporting_person(verb, span, inside) or got
                return got
        got = self._statement_source(verb, span, inside, rule)
        if got is not None:
            return got
        for subject in subjects:  # an unnamed collective: "participants agreed on ..."
            if coarse(subject) == "NOUN" and subject.tag_ == "NNS":
                return self._description(subject, verb, rule)
        return None

    def _reporting_person(self, verb, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        """'Peskov said Moscow had urged Ankara to "weigh every step"': a person's speech
        verb above the cue reports the words, and is the speaker we can vouch for."""
        tok = verb
        while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i:
            tok = tok.head
            if self._is_cue(tok) and tok.lower_ != "according":
                subject = self._own_subject(tok, inside)
                got = self._resolved(subject, tok, span, "cue-before", inside) if subject is not None else None
                if got is not None and got.speaker_type == "person":
                    return got
        return None

    def _subject_candidates(self, verb, inside: set[int]) -> list:
        """Who may be the subject of a cue, most likely first: its own subject; for a
        participle ("..., adding") the subject of the speech verb above, then of the
        nearest verb above; the subject of a verb it is conjoined to; an inverted
        subject ('"...," said Rasha al-Obaidi'); the name right before the verb."""
        out = []
        own = self._own_subject(verb, inside)
        if own is not None:
            out.append(own)
        if verb.tag_ == "VBG":
            tok = verb
            for _ in range(5):
                if tok.head.i == tok.i:
                    break
                tok = tok.head
                if self._is_cue(tok) and tok.lower_ != "according" and self._own_subject(tok, inside) is not None:
                    out.append(self._own_subject(tok, inside))
                    break
        tok = verb
        for _ in range(4):
            if tok.dep_ == "relcl" and tok.head.i not in inside:
                out.append(tok.head)
                break
            if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
                break
            tok = tok.head
            sub = self._own_subject(tok, inside)
            if sub is not None:
                out.append(sub)
        gap = self.text[max(t.idx for t in [self.doc[max(inside)]]) + 1:verb.idx] if inside else ""
        if inside and verb.i > max(inside) and not any(ch.isalnum() for ch in gap):  # '"...," said Rasha al-Obaidi'
            right = next((c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod", "appos", "nsubj", "dative")), None)
            if right is not None and self._mention_like(right):
                out.append(right)
        left = self._left_neighbour(verb, inside)
        if left is not None:
            out.append(left)
        return out

    def _left_neighbour(self, verb, inside: set[int]):
        """A name or pronoun right before the verb, when the parse lost the subject
        ("Syria, Iraq's Foreign Minister Fuad Hussein expressed ...")."""
        k = verb.i - 1
        while k >= verb.sent.start and (coarse(self.doc[k]) in ("ADV", "AUX", "PART") or self.doc[k].text in ",") and k not in inside:
            k -= 1
        if k < verb.sent.start or k in inside:
            return None
        tok = self.doc[k]
        return tok if self._mention_like(tok) else None

    def _description(self, subject, verb, rule: str) -> Attribution:
        chunk = next((c for c in noun_chunks(self.doc) if c.root.i == subject.i), None)
        start, end = (chunk.start_char, chunk.end_char) if chunk is not None else (subject.idx, subject.idx + len(subject.text))
        words = self.text[start:end]
        name = words[4:] if words.lower().startswith("the ") else words
        return Attribution(kind="direct", context_start=0, context_end=0, cue=verb.text, speaker=name, mention=words,
                           mention_start=start, mention_end=end, speaker_type="group", rule="nominal", confidence=0.5)

    @staticmethod
    def _own_subject(verb, inside: set[int]):
        return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i not in inside), None)

    def _mention_like(self, tok) -> bool:
        return (self.ents.mention_at(tok) is not None or tok.lower_ in ("he", "she", "they", "it")
                or tok.lower_ in self.lex.role_nouns)

    def _resolved(self, subject, verb, span: QuoteSpan, rule: str, inside: set[int]) -> Attribution | None:
        """Turn a subject token into a speaker (names, pronouns, descriptions, offices, joint subjects)."""
        # "X's office said", "a statement from X's office": the office speaks for X
        if subject.lower_ in ("office", "statement"):
            owner = next((c for c in subject.children if c.dep_ == "poss"), None)
            if owner is not None:
                got = self._resolved(owner, verb, span, "statement", inside)
                if got is not None:
                    return got
            if subject.lower_ == "statement":
                src = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
                obj = next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None
                if obj is not None:
                    return self._resolved(obj, verb, span, "statement", inside)
            if subject.lower_ == "statement" and any(c.lower_ == "the" for c in subject.children):
                return self._earlier_statement(subject, verb, span, inside)
        # "Two Gulf states, Qatar and Kuwait, said": the names in apposition speak
        named = next((c for c in subject.children if c.dep_ == "appos" and coarse(c) == "PROPN"), None)
        if subject.tag_ == "NNS" and named is not None:
            subject = named
        conjuncts = [subject] + [c for c in subject.conjuncts if c.i not in inside]
        names, kinds, how = [], [], ""
        for tok in conjuncts:
            ent_idx, how_one = self.ents.resolve(tok)
            if ent_idx is None:
                continue
            ent = self.ents.items[ent_idx]
            if ent.name not in names:
                names.append(ent.name)
                kinds.append(ent.kind)
            how = how or how_one
        if not names and subject.lower_ in self.lex.role_nouns and subject.tag_ == "NNS":
            names, kinds, how = self._plural_description(subject)
        if not names:
            return self._unnamed(subject, verb, rule, inside)
        mention = self.ents.mention_at(subject)
        m_start, m_end = (mention.start, mention.end) if mention else (subject.idx, subject.idx + len(subject.text))
        if how == "nominal" and mention is None:
            chunk = next((c for c in noun_chunks(self.doc) if c.root.i == subject.i), None)
            if chunk is not None:
                m_start, m_end = chunk.start_char, chunk.end_char
        speaker_type = "group" if len(names) > 1 else ("anonymous" if kinds[0] == "anonymous" else kinds[0])
        rule_name = rule if how == "name" or rule == "statement" else how
        if rule == "statement" and how in ("pronoun", "nominal"):
            rule_name = "statement"
        return Attribution(
            kind="direct", context_start=0, context_end=0, cue=verb.text,
            speaker=" and ".join(names), mention=self.text[m_start:m_end], mention_start=m_start, mention_end=m_end,
            speaker_type=speaker_type, rule=rule_name, confidence=_CONFIDENCE.get(how, 0.6),
        )

    def _earlier_statement(self, subject, verb, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        """'The statement said': whoever issued the last statement mentioned before."""
        for tok in reversed(self.doc[max(0, subject.i - 200):subject.i]):
            if tok.lower_ != "statement" or self.ents.inside_quote(tok.idx):
                continue
            for t in tok.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in ("by", "from") and t.i not in inside:
                    return self._resolved(t, verb, span, "statement", inside)
            if coarse(tok.head) == "VERB":  # "X said in a statement"
                owner = self._own_subject(tok.head.head if tok.dep_ == "pobj" else tok.head, inside)
                if owner is not None:
                    return self._resolved(owner, verb, span, "statement", inside)
        return None

    def _unnamed(self, subject, verb, rule: str, inside: set[int]) -> Attribution | None:
        """A speaker the article describes but never names ("the French foreign minister",
        "a spokesman for the Karen National Union", "UNICEF"): the description is the speaker."""
        role = self.lex.role_nouns.get(subject.lower_)
        proper = (subject.tag_ in ("NNP", "NNPS") or (subject.text[:1].isupper() and subject.tag_ == "NN")) \
            and subject.lower_ not in self.lex.not_names and subject.lower_ not in _INDEFINITE_PRONOUNS
        if (role is None and not proper) or subject.lower_ in self.lex.cue_nouns:
            return None
        words = self.ents.description(subject, inside)
        if not words or len(words) > 14:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        phrase = self.text[start:end]
        name = phrase[4:] if phrase.lower().startswith("the ") else phrase
        indefinite = words[0].lower_ in ("a", "an")
        kind = "organisation" if role == "organisation" or (role is None and proper) else (
            "anonymous" if indefinite else "person")
        return Attribution(kind="direct", context_start=0, context_end=0, cue=verb.text, speaker=name, mention=phrase,
                           mention_start=start, mention_end=end, speaker_type=kind,
                           rule=rule if proper else "nominal", confidence=0.6)

    def _plural_description(self, subject) -> tuple[list[str], list[str], str]:
        """'the two ministers stressed': the last persons described by that noun."""
        singular = subject.lower_[:-1]
        picked: list[str] = []
        for ent in sorted((e for e in self.ents.items if e.kind == "person" and any(m < subject.idx for m in e.mentions)),
                          key=lambda e: -max(m for m in e.mentions if m < subject.idx)):
            if singular in ent.descriptors:
                picked.append(ent.name)
            if len(picked) == 2:
                break
        return picked[::-1], ["person"] * len(picked), "nominal" if picked else ""

    def _statement_source(self, verb, span: QuoteSpan, inside: set[int], rule: str) -> Attribution | None:
        """'read a statement from X's office': the speaker sits in the verb's object."""
        for child in verb.children:
            if child.i in inside or child.lower_ not in self.lex.cue_nouns:
                continue
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return self._resolved(obj, verb, span, "statement", inside)
        return None

    # ---- rule: according to --------------------------------------------------------
    def _according_obj(self, according, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        to = next((c for c in according.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if obj is None:
            return None
        if obj.lower_ in self.lex.cue_nouns:
            src = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
            inner = next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None
            if inner is not None:
                return self._resolved(inner, according, span, "according-to", inside)
        got = self._resolved(obj, according, span, "according-to", inside)
        return replace(got, rule="according-to") if got is not None and got.rule in ("cue-after", "cue-before") else got

    def _according_to(self, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        """'according to X' anywhere in the quote's sentence, when no verb named a speaker."""
        first = self._token_at(span.start)
        if first is None:
            return None
        for tok in first.sent:
            if tok.lower_ == "according" and tok.i not in inside:
                got = self._according_obj(tok, span, inside)
                if got is not None:
                    return got
        return None

    # ---- rule: a lead ending in a colon --------------------------------------------
    def _colon_lead(self, span: QuoteSpan) -> Attribution | None:
        """'Foreign Minister X said:' right before the quote, in its paragraph or closing
        the paragraph before; in headings, 'Erdoğan: ...'."""
        lead = self.text[:span.start - 1].rstrip()
        if not lead.endswith(":") or (len(lead) < span.para_start and self.text[len(lead):span.para_start].count("\n") > 3):
            return None
        colon = self._token_at(len(lead) - 1)
        if colon is None:
            return None
        inside = {t.i for t in self._quote_tokens(span)}
        verbs = sorted((t for t in colon.sent if t.i < colon.i and self._is_cue(t)), key=lambda t: -t.i)
        for verb in verbs:
            got = self._speaker_of(verb, span, inside)
            if got is not None:
                return replace(got, rule="cue-before")
        named = self._name_before(colon, span, inside)  # "Erdoğan: 'We will not stop'"
        if named is not None:
            return named
        root = colon.sent.root  # "Abiy defended the role of Ethiopia's neighbour:"
        subject = self._own_subject(root, inside) if coarse(root) in ("VERB", "AUX") else None
        return self._resolved(subject, colon, span, "cue-before", inside) if subject is not None else None

    def _tag_after(self, span: QuoteSpan) -> Attribution | None:
        """'"...," Norway's foreign minister posted on X.' when the parse misses the tag:
        the first speech verb after the quote in its sentence, with the noun phrase
        between them (or, inverted, right after the verb) as the speaker."""
        if self.text[span.start:span.end].rstrip().endswith(".") or span.end + 1 >= span.para_end:
            return None  # the quote closes its sentence, or its paragraph
        inside = {t.i for t in self._quote_tokens(span)}
        closing = self._token_at(span.end)
        if closing is None:
            return None
        phrase = []
        for tok in self.doc[closing.i + 1:min(closing.i + 13, len(self.doc))]:
            if (tok.i in inside or tok.idx >= span.para_end or "\n" in tok.text
                    or tok.idx > span.end + 1 and tok.text in (".", "?", "!", ";", "“", "”", '"', "‘", "’")):
                return None
            if self._is_cue(tok) and tok.lower_ != "according":
                ids = {t.i for t in phrase}
                heads = [t for t in phrase if coarse(t) in ("NOUN", "PROPN", "PRON") and (t.head.i not in ids or t.head.i == t.i)]
                if not heads:  # inverted: '..., admitted the interior minister of ...'
                    heads = [c for c in tok.children if c.dep_ in ("nsubj", "dobj", "attr") and c.i > tok.i]
                for head in heads:
                    got = self._resolved(head, tok, span, "cue-after", inside)
                    if got is not None:
                        return got
                return None
            phrase.append(tok)
        return None

    def _heading_lead(self, span: QuoteSpan) -> Attribution | None:
        """'Ramaphosa: South Africa 'stands with' DRC': a heading led by a name and a colon."""
        colon_at = self.text.rfind(":", span.para_start, span.start)
        colon = self._token_at(colon_at) if colon_at > span.para_start else None
        return self._name_before(colon, span, {t.i for t in self._quote_tokens(span)}) if colon is not None else None

    def _name_before(self, colon, span: QuoteSpan, inside: set[int]) -> Attribution | None:
        """The speaker named right before a colon, if the word there is a mention."""
        before = self.doc[colon.i - 1] if colon.i > 0 else None
        if before is None or not self._mention_like(before):
            return None
        return self._resolved(before, colon, span, "cue-before", inside)

    # ---- rule: continuation --------------------------------------------------------
    def _continuation(self, n: int, span: QuoteSpan, done: list[Attribution]) -> Attribution | None:
        """A quote without its own tag continues the previous quote of the paragraph,
        or a quote of the previous paragraph when this paragraph opens with it."""
        if n == 0:
            return None
        prev_span, prev = self.spans[n - 1], done[n - 1]
        if not prev.speaker:
            return None
        same_para = prev_span.para_start == span.para_start
        opens_para = span.start - 1 <= span.para_start + 1
        part = span.part_of == prev_span.part_of or span.part_of != span.start
        between = self.text[prev_span.end + 1:span.start - 1]
        if same_para or part or (opens_para and len(between) < 400
                                 and not self._names_someone_else(prev_span.end, span.start, prev.speaker)):
            return replace(prev, rule="continuation", confidence=min(prev.confidence, 0.6))
        return None

    def _names_someone_else(self, start: int, end: int, speaker: str) -> bool:
        """A person other than `speaker` is named between two quotes."""
        return any(m.kind == "name" and start <= m.start < end and self.ents.items[m.entity].kind != "organisation"
                   and self.ents.items[m.entity].name != speaker
                   for m in set(self.ents.by_token.values()) if m.entity is not None)

    # ---- kinds ---------------------------------------------------------------------
    def _scare_context(self, span: QuoteSpan) -> bool:
        """A short quote right after 'so-called', 'dubbed', 'known as': a term, not speech."""
        before = self.text[max(span.para_start, span.start - 25):span.start - 1].lower().rstrip()
        return len(self.text[span.start:span.end].split()) <= 5 and before.endswith(_SCARE_CUES)

    def _is_scare(self, span: QuoteSpan) -> bool:
        return len(self.text[span.start:span.end].split()) <= 4

    def _clause_kind(self, span: QuoteSpan) -> str:
        """Direct when the quote is a clause of its own, partial when it is a fragment."""
        toks = self._quote_tokens(span)
        has_finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks)
        before = self.text[span.para_start:span.start - 1].rstrip()
        starts_sentence = not before or before[-1] in ".:!?\"”’'" or before.endswith(",")
        if has_finite and (starts_sentence or self.text[span.start].isupper() or before.endswith("that")):
            return "direct"
        return "partial"


def _is_heading(text: str, span: QuoteSpan) -> bool:
    """Titles and live-blog entry headings: short lines without sentence punctuation."""
    para = text[span.para_start:span.para_end]
    if len(para.split()) > 20:
        return False
    tail = para.rstrip("\"'”’»").rstrip()
    return not tail.endswith((".", "!", "?", "…", ":"))
