"""Sieve ``cue-verb``: the speech verb that governs the quote in the dependency tree.

"X said: ...", "..., X said", X expressed "deep concerns": the verb's subject is
the mention; for a participle ("..., adding") or a conjoined verb, the subject
of the clause above; an inverted subject ('"...," said Rasha al-Obaidi'); the
name right before the verb when the parse lost it. The speech-verb search here
also serves the colon lead.
"""
from __future__ import annotations

from dataclasses import replace

from ..mentions import INDEFINITE_DETERMINERS, PERSON_PRONOUNS
from ..nlp import coarse
from .according_to import according_obj
from .base import Article, Attribution, Target, opening
from .constants import (ADDRESSEE_VERBS, ASKED_ASIDES, ATTACHED_CHILD_DEPS, ATTACHED_SIBLING_DEPS, CLAUSE_CLIMB, CLIMB_DEPS,
                        CONFIDENCE_DESCRIPTION, COPULAS, DESCRIPTION_MAX_WORDS,
                        GOVERNING_CLIMB, INVERTED_SUBJECT_DEPS, NAMING_WORDS, PARTICIPLE_CLIMB, PLACE_PREPOSITIONS, RECEIVING_VERBS, SUBJECT_DEPS,
                        WHERE_PREPOSITIONS)
from .resolve import collective, resolve, source_of
from .statement import statement_source

NAME = "cue-verb"


def cue_verb(art: Article, t: Target, done: list) -> Attribution | None:
    if not t.inside:
        return None
    governing = [v for root in quote_roots(art, t) for v in _governing_cues(art, root, t.inside)]
    # any quoted word may carry the tag when the parser hangs the clause off the
    # quote ('"..., and that decision was taken," the minister told parliament')
    hanging = list(dict.fromkeys(v for i in sorted(t.inside) for v in _attached_cues(art, art.doc[i], t.inside)))
    attached = [v for v in hanging if art.adjacent(v, t.span)]
    # 'The operation, the UPDF said, was carried out "..."': a tag set off by commas in the quote's sentence
    parenthetical = [v for v in hanging if v not in attached and _set_off(art, v)]
    for group in (governing, attached, parenthetical):
        for verb in sorted(group, key=lambda v: art.distance(v, t.span)):  # the cue nearest the quote wins
            found = speaker_of(art, verb, t, NAME)
            if found is not None:
                return found
    return None


def _set_off(art: Article, verb) -> bool:
    """A speech verb and its subject between two commas ("..., the UPDF said, ...")."""
    doc, first, last = art.doc, verb.left_edge.i, verb.right_edge.i
    before = doc[first] if doc[first].text == "," else (doc[first - 1] if first > 0 else None)
    after = doc[last] if doc[last].text == "," else (doc[last + 1] if last + 1 < len(doc) else None)
    return before is not None and after is not None and before.text == after.text == "," and before.i < verb.i < after.i


def quote_roots(art: Article, t: Target) -> list:
    """Quoted tokens whose head lies outside the quote (or who are their own head)."""
    return [tok for i in sorted(t.inside) if (h := (tok := art.tokens[i]).head.i) not in t.inside or h == i]


def speaker_of(art: Article, verb, t: Target, sieve: str) -> Attribution | None:
    """The speaker of one speech verb: its subject resolved, else the issuer of the
    statement it reports, else an unnamed plural subject."""
    if verb.lower_ == "according":
        return according_obj(art, verb, t)
    subjects = _subject_candidates(art, verb, t.inside)
    if subjects and subjects[0].dep_ == "nsubjpass" and verb.lower_ in ADDRESSEE_VERBS and subjects[0].head.i == verb.i:
        # 'X said residents were being asked to "pay more"': whoever was told is no speaker; who reports it is
        got = _reporting_person(art, verb, t, sieve, any_kind=True)
        if got is not None:
            return got
        subjects = subjects[1:]
    document = None  # a document with no named issuer speaks only when no one else is found
    for subject in subjects:
        got = _described_just_before(art, subject, verb, t, sieve) or resolve(art, subject, verb, t, sieve)
        if got is not None and got.resolution == "document":
            document = document or got
        elif got is not None:
            if got.speaker_type == "organisation" or got.resolution == "pronoun":
                # a place reported by someone ("the ministry said Santiago would ...") is what they spoke of
                place = _is_place(art, subject)
                got = _reporting_person(art, verb, t, sieve, any_kind=got.resolution == "pronoun" or place) or got
            return got
    got = statement_source(art, verb, t, sieve) or document
    if got is not None:
        return got
    for subject in subjects:  # an unnamed collective: "participants agreed on ..."
        if coarse(subject) == "NOUN" and subject.tag_ == "NNS":
            return collective(art, subject, verb, sieve)
    return None


def _described_just_before(art: Article, pronoun, verb, t: Target, sieve: str) -> Attribution | None:
    """'Another rider, a young man on his way to class, shrugged. "Fine," he said.' and 'The
    governor closed with a personal note. / "...," he said.': the "he" of a tag is the person the
    text described as the subject of the sentence right before the quote (in its paragraph, or
    closing the paragraph before when that holds no quote), when that subject is a description
    rather than a name (names are the subjects pronoun resolution already prefers). None when
    there is no such sentence, or the description points to no one."""
    if pronoun.lower_ not in ("he", "she") or pronoun.head.i != verb.i or not art.adjacent(verb, t.span):
        return None
    opener = art.token_at(opening(art.text, t.span))
    if opener is None or opener.i == 0:
        return None
    before = art.doc[opener.i - 1]
    while before.i > 0 and before.is_space:
        before = art.doc[before.i - 1]
    sentence = art.sentence(before)
    paragraph = art.text.rfind("\n", 0, before.idx) + 1
    if t.n > 0 and art.spans[t.n - 1].end > min(sentence.start_char, paragraph):
        return None  # the sentence or paragraph before holds a quote: the turns are the quotes'
    if opening(art.text, t.span) > t.span.para_start + 1 and sentence.start_char < t.span.para_start:
        return None
    subject = art.own_subject(sentence.root, t.inside) if coarse(sentence.root) in ("VERB", "AUX") else None
    if subject is not None and subject.lower_ == "another" and not any(c.dep_ != "punct" for c in subject.children):
        return _another(art, subject, pronoun, verb, sieve)
    if subject is None or coarse(subject) != "NOUN" or subject.tag_ != "NN" or not _a_person(art, subject):
        return None
    indefinite = any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS | {"another"} for c in subject.children)
    name = _name_given(art, subject) if indefinite else None
    if name is not None:  # 'A man in the queue, who gave only his first name, Ivo, was blunt.': Ivo
        named = art.ents.entity_at(name)
        words = [w for w in name.lefts if w.dep_ == "compound" and coarse(w) == "PROPN"] + [name]
        speaker = named.name if named is not None and named.kind == "person" else art.text[words[0].idx:name.idx + len(name.text)]
        if len(speaker.split()) == 1:  # a first name alone names no one; with the description, the reader knows who
            described = _description_before_name(art, subject, t)
            speaker = f"{speaker}, {described}" if described else speaker
        return Attribution(cue=verb.text, speaker=speaker, mention=pronoun.text, mention_start=pronoun.idx,
                           mention_end=pronoun.idx + len(pronoun.text), speaker_type="person", sieve=sieve,
                           resolution="pronoun", confidence=CONFIDENCE_DESCRIPTION)
    placed = {m.entity for tok in sentence if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPOSITIONS
              and (m := art.ents.mention_at(tok)) is not None}  # "who grew up in X Parish": a place, whatever its filing
    if any(m.entity is not None and m.kind == "name" and m.entity not in placed and _confirmed_person(art.ents.items[m.entity])
           for tok in sentence if (m := art.ents.mention_at(tok)) is not None):
        return None  # 'A woman selling fuel, Mariam, was wary.': the name the sentence gives is the antecedent
    got = resolve(art, subject, verb, t, sieve) or (_described(art, subject, verb, t, sieve) if indefinite else None)
    if got is None or not got.speaker or got.speaker_type not in ("person", "anonymous"):
        return None
    if got.resolution == "description" and not indefinite:
        return None  # "the administrator" the text named no one for: the pronoun's own antecedent stands
    named = art.ents.entity_at(subject)
    if named is not None and named.sex(art.lex.given_names) not in ("", PERSON_PRONOUNS[pronoun.lower_]):
        return None
    return replace(got, mention=pronoun.text, mention_start=pronoun.idx, mention_end=pronoun.idx + len(pronoun.text),
                   resolution="pronoun")


def _another(art: Article, another, pronoun, verb, sieve: str) -> Attribution | None:
    """'One resident, who ..., said he would stay. / Another was already on the road. "...," she
    said.': "another" alone is one more of the people the last sentence before (in its paragraph or
    the one above) introduced as "one X" or "a X", an unnamed person role; else None."""
    since = art.ents.paragraph_start(another.idx, back=1)
    for tok in reversed(art.doc[:another.i]):
        if tok.idx < since:
            return None
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NN" and art.lex.role_nouns.get(tok.lower_) == "person" \
                and not art.ents.inside_quote(tok.idx) \
                and any(c.dep_ in ("det", "nummod") and c.lower_ in ("one", "a", "an", "another") for c in tok.children):
            return Attribution(cue=verb.text, speaker=f"another {tok.lower_}", mention=pronoun.text, mention_start=pronoun.idx,
                               mention_end=pronoun.idx + len(pronoun.text), speaker_type="anonymous", sieve=sieve,
                               resolution="description", confidence=CONFIDENCE_DESCRIPTION)
    return None


def _described(art: Article, noun, verb, t: Target, sieve: str) -> Attribution | None:
    """'Another rider, a young man ...': someone new the text describes with a noun no list has."""
    words = art.ents.description(noun, t.inside)
    if not words or len(words) > DESCRIPTION_MAX_WORDS:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return Attribution(cue=verb.text, speaker=art.text[start:end], mention=art.text[start:end], mention_start=start,
                       mention_end=end, speaker_type="anonymous", sieve=sieve, resolution="description",
                       confidence=CONFIDENCE_DESCRIPTION)


def _description_before_name(art: Article, noun, t: Target) -> str:
    """'a young man' of 'A young man named Ivo', 'a man in the queue' of 'A man in the queue, who ...'."""
    words = art.ents.description(noun, t.inside)
    cut = next((w for w in words if w.i > noun.i and (w.text == "," or w.dep_ in ("acl", "relcl", "appos"))), None)
    if cut is not None:
        words = [w for w in words if w.i < min(cut.i, cut.left_edge.i)]
    if not words or len(words) > DESCRIPTION_MAX_WORDS:
        return ""
    phrase = art.text[words[0].idx:words[-1].idx + len(words[-1].text)]
    return phrase[0].lower() + phrase[1:] if words[0].lower_ in INDEFINITE_DETERMINERS | {"another"} else phrase


def _name_given(art: Article, noun):
    """The name a description gives its person: 'a man named Ivo', 'a nurse, Ivo,', 'a man who
    gave only his first name, Ivo', 'a woman who introduced herself as Ana'. None otherwise."""
    named = next((c for c in noun.children if c.dep_ == "appos" and coarse(c) == "PROPN"), None)
    if named is not None:
        return named
    for child in noun.subtree:  # (the parser may hang the clause on a noun of the description: "a man in the queue, who")
        if child.dep_ in ("acl", "relcl") and any(w.lower_ in NAMING_WORDS for w in child.subtree):
            names = [w for w in child.subtree if coarse(w) == "PROPN" and w.dep_ != "compound"
                     and not (w.dep_ == "pobj" and w.head.lower_ in PLACE_PREPOSITIONS)]
            if names:
                return names[-1]
    return None


def _confirmed_person(ent) -> bool:
    return ent.kind == "person" and ent.confirmed and not ent.place


def _a_person(art: Article, noun) -> bool:
    """A noun for a person: a person's role, or one a person's role or "who" describes."""
    if art.lex.role_nouns.get(noun.lower_) == "person":
        return True
    return any(c.dep_ == "appos" and art.lex.role_nouns.get(c.lower_) == "person" for c in noun.children) \
        or any(c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in noun.subtree)


def _is_place(art: Article, tok) -> bool:
    named = art.ents.entity_at(tok)
    return named is not None and named.place


def _governing_cues(art: Article, root, inside: frozenset[int]) -> list:
    """The nearest speech verb above the quote in the tree."""
    tok = root
    for _ in range(GOVERNING_CLIMB):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.i in inside:
            continue
        if art.is_cue(tok) or _document_speaks(art, tok):
            return [tok]
    return []


def _document_speaks(art: Article, verb) -> bool:
    """A document speaks with any verb of a main clause: 'the report lists ...', 'a report by X gave
    ... and noted that ...' (not a clause someone reports: 'X said the report showed "..."'; not "is";
    not "this article", the text itself, nor "a video" whose source the text does not give)."""
    clause = verb.head if verb.dep_ == "conj" else verb
    return coarse(verb) == "VERB" and clause.dep_ == "ROOT" and verb.lower_ not in COPULAS and any(
        c.dep_ == "nsubj" and c.lower_ in art.lex.cue_nouns and c.tag_ == "NN" and (source_of(c) is not None or not any(
            d.dep_ in ("det", "nummod") and d.lower_ in ("this", "a", "an", "one") for d in c.children))
        for c in clause.children)


def tagged_by_someone_new(art: Article, t: Target) -> bool:
    """The quote's own speech verb follows it in its paragraph, with someone new for its subject
    ('"...," said a deckhand who ...'): the sentence before is not about the speaker. (A definite
    subject, "the retired millwright said", may well be the person the sentence before names.)"""
    for root in quote_roots(art, t):
        verbs = _governing_cues(art, root, t.inside) + [v for i in sorted(t.inside)
                                                         for v in _attached_cues(art, art.doc[i], t.inside)]
        for verb in verbs:
            if t.span.end <= verb.idx < t.span.para_end and art.adjacent(verb, t.span) \
                    and any(c.dep_ in SUBJECT_DEPS + INVERTED_SUBJECT_DEPS and c.i not in t.inside and _indefinite(c)
                            for c in verb.children):
                return True
    return False


def _indefinite(noun) -> bool:
    """'a deckhand', 'one angler': someone new, not the person of the sentence before."""
    return coarse(noun) == "NOUN" and any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in noun.children)


def _attached_cues(art: Article, root, inside: frozenset[int]) -> list:
    """Speech verbs hanging off a quoted word: '"...," he said' parsed as parataxis."""
    out = [c for c in root.children if c.i not in inside and c.dep_ in ATTACHED_CHILD_DEPS and art.is_cue(c)]
    if root.head.i not in inside and root.head.i != root.i:
        out += [s for s in root.head.children if s.i not in inside and s.i != root.i
                and s.dep_ in ATTACHED_SIBLING_DEPS and art.is_cue(s)]
    return out


def _reporting_person(art: Article, verb, t: Target, sieve: str, any_kind: bool = False) -> Attribution | None:
    """'Peskov said Moscow had urged Ankara to "weigh every step"': a person's speech
    verb above the cue reports the words, and is the speaker we can vouch for; above a
    pronoun ('The embassy said it was urging "..."'), whoever reports them."""
    tok = verb
    while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i:
        tok = tok.head
        if art.is_cue(tok) and tok.lower_ != "according":
            subject = art.own_subject(tok, t.inside)
            got = resolve(art, subject, tok, t, sieve) if subject is not None else None
            if got is not None and (got.speaker_type == "person" or any_kind):
                return got
    return None


def _subject_candidates(art: Article, verb, inside: frozenset[int]) -> list:
    """Who may be the subject of a cue, most likely first: its own subject; for a
    participle ("..., adding") the subject of the speech verb above, then of the
    nearest verb above; the subject of a verb it is conjoined to; an inverted
    subject ('"...," said Rasha al-Obaidi'); the name right before the verb."""
    out = []
    own, aside = art.own_subject(verb, inside), _asked_aside(art, verb, inside)
    if _closes_a_relative(art, verb, inside):
        out.append(verb.head)  # 'X, which the three states left, said ...' parsed as one relative clause
    if aside is not None and (own is None or own.i > verb.i):
        out.append(aside)  # 'X, asked about it, said the plan limited ...': "plan" misread as the verb's subject
    if own is not None:
        out.append(own)
    noun = verb.head
    if verb.dep_ == "acl" and noun.lower_ in art.lex.cue_nouns:  # "X issued a statement calling the test “...”"
        issuer = art.own_subject(noun.head.head if noun.dep_ == "pobj" else noun.head, inside)
        if issuer is not None:
            out.append(issuer)
    if verb.dep_ == "acl" and coarse(noun) == "PROPN" and noun.i not in inside and art.ents.mention_at(noun) is not None:
        out.append(noun)  # 'X, an MP from Y, posted on X: "..."' parsed as a participle on the name
    elif verb.dep_ == "acl" and art.doc[verb.i - 1].text == ",":
        relative = _relative_holder(art, noun, inside) or _aside_holder(art, noun, inside)
        if relative is not None:  # 'X, who rode the first ferry, called it "..."'
            out.append(relative)
    if verb.tag_ == "VBG":
        tok = verb
        for _ in range(PARTICIPLE_CLIMB):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if art.is_cue(tok) and tok.lower_ != "according" and art.own_subject(tok, inside) is not None:
                out.append(art.own_subject(tok, inside))
                break
    tok = verb
    for _ in range(CLAUSE_CLIMB):
        if tok.dep_ == "relcl" and tok.head.i not in inside:
            out.append(tok.head)
            break
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            break
        conjoined = tok.dep_ == "conj"
        tok = tok.head
        if conjoined and not art.is_cue(tok):
            # 'A report says attacks rose and warns that "..."': the parser joins "warns" to the
            # reported clause; it is the report that warns
            outer = _reporter(art, tok, inside)
            if outer is not None:
                out.append(outer)
        sub = art.own_subject(tok, inside)
        if sub is not None:
            out.append(sub)
    if inside and verb.i > max(inside):
        last = art.doc[max(inside)]
        gap = art.text[last.idx + 1:verb.idx]
        if not any(ch.isalnum() for ch in gap):  # '"...," said Rasha al-Obaidi'
            right = next((c for c in verb.rights if c.dep_ in INVERTED_SUBJECT_DEPS), None)
            if right is not None and (art.mention_like(right) or right.lower_ in art.lex.cue_nouns):  # "said the ruling"
                out.append(right)
    left = _left_neighbour(art, verb, inside)
    if left is not None:
        out.append(left)
    root = art.sentence(verb).root
    if coarse(root) in ("NOUN", "PROPN") and root.i < verb.i and root.i not in inside and art.mention_like(root):
        out.append(root)  # "The ministry, in a note ..., called X ...": the parse found no main verb
    return out


def _reporter(art: Article, clause, inside: frozenset[int]):
    """The subject of the speech verb a reported clause hangs on: "X said" in 'X said the deal
    works and thanked ...' and in 'X said in a statement that the deal works and thanked ...' (the
    parser hangs that clause on the statement); else None."""
    if clause.dep_ == "ccomp" and art.is_cue(clause.head):
        return art.own_subject(clause.head, inside)
    noun = clause.head
    if clause.dep_ == "acl" and noun.lower_ in art.lex.cue_nouns and any(c.dep_ == "mark" and c.lower_ == "that"
                                                                          for c in clause.children):
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        return art.own_subject(verb, inside) if art.is_cue(verb) else None
    return None


def _asked_aside(art: Article, verb, inside: frozenset[int]):
    """'X, asked about the border, said ...' (or any participle: 'X, in a statement read on radio,
    said ...') parsed with X the subject of "asked" and "asked" a clause of "said": the subject of the
    aside between commas before the verb is the speaker. None when there is no such aside."""
    doc = art.doc
    if verb.i < 1 or doc[verb.i - 1].text != ",":
        return None
    aside = next((c for c in verb.children if c.i < verb.i and c.dep_ in ("ccomp", "advcl", "dep", "parataxis")
                  and (c.lower_ in ASKED_ASIDES or c.tag_ == "VBN")), None)
    subject = next((c for c in aside.children if c.dep_ in SUBJECT_DEPS and c.i not in inside
                    and doc[c.i + 1].text == ","), None) if aside is not None else None
    return subject


def _relative_holder(art: Article, noun, inside: frozenset[int]):
    """'X, who rode the first ferry, called the crossing "..."': the parser hangs the main verb on the
    last noun of the relative clause before it; the name that clause describes is the subject.
    None when the noun sits in no relative clause on a name."""
    tok = noun
    for _ in range(CLAUSE_CLIMB):
        if tok.dep_ == "relcl":
            return tok.head if tok.head.i not in inside and art.ents.mention_at(tok.head) is not None else None
        if tok.dep_ not in ("dobj", "pobj", "prep", "attr") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _closes_a_relative(art: Article, verb, inside: frozenset[int]) -> bool:
    """'ECOWAS, which the three states left in May, said ...' parsed with "said" the verb of the
    relative clause ("which" its object, "states" its subject): a comma right before the verb closed
    the clause, and the name it hangs on is the verb's subject."""
    head = verb.head
    return verb.dep_ == "relcl" and head.i < verb.i and head.i not in inside and art.doc[verb.i - 1].text == "," \
        and head.i + 1 < len(art.doc) and art.doc[head.i + 1].text == "," and coarse(head) in ("PROPN", "NOUN") \
        and any(c.lower_ in ("which", "who", "whom", "that") and c.dep_ not in SUBJECT_DEPS for c in verb.children)


def _aside_holder(art: Article, noun, inside: frozenset[int]):
    """'The Union, in a statement by its press service, called on X to "..."': the parser hangs the
    main verb on the last noun of the aside between commas; the name the aside follows is the
    subject. None when the noun ends no chain of phrases on a name set off by a comma."""
    tok = noun
    for _ in range(2 * CLAUSE_CLIMB):
        if tok.dep_ not in ("pobj", "prep", "punct") or tok.head.i == tok.i:
            break  # (the parser may hang the aside's "in" on the comma that opens it)
        tok = tok.head
    if tok is noun or tok.i in inside or tok.i + 1 >= len(art.doc) or art.doc[tok.i + 1].text != ",":
        return None
    return tok if coarse(tok) == "PROPN" and art.ents.mention_at(tok) is not None else None


def _left_neighbour(art: Article, verb, inside: frozenset[int]):
    """A name or pronoun right before the verb, when the parse lost the subject
    ("Syria, Iraq's Foreign Minister Fuad Hussein expressed ...")."""
    doc = art.doc
    k, start = verb.i - 1, art.sentence(verb).start
    while k >= start and (coarse(doc[k]) in ("ADV", "AUX", "PART") or doc[k].text in ",") and k not in inside:
        k -= 1
    if k < start or k in inside or _holder(doc[k]) or _where_before(art, doc[k]):
        return None
    return doc[k] if art.mention_like(doc[k]) else None


def _where_before(art: Article, tok) -> bool:
    """'The indictment, unsealed in a court in Reno, alleges ...': a name closing a phrase that
    says where ("in", "at", ...) is where, not the subject the parse lost; a body named there
    ('by staff at the X Fund') may still be."""
    named = art.ents.entity_at(tok)
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in WHERE_PREPOSITIONS \
        and (named is None or named.place or named.kind != "organisation")


def _holder(tok) -> bool:
    """'The report, seen by the Courier, says ...': a name after "seen/obtained by" holds a copy
    of the document the sentence is about; it is not the subject the parse lost."""
    while tok.dep_ in ("compound", "flat", "poss", "case") and tok.head.i != tok.i:
        tok = tok.head
    by = tok.head
    return tok.dep_ == "pobj" and by.lower_ == "by" and by.head.lower_ in RECEIVING_VERBS
