"""The second step: a speaker mention (a token a sieve found) resolved to a speaker.

`resolution` says how: ``name`` (the mention is a name, or a surname of one),
``pronoun`` and ``nominal`` ("he", "the Iraqi minister": an entity met earlier),
``office`` ("his office": the office of X speaks), ``statement`` ("a statement
from X", "X's letter", "the statement said": whoever issued it), ``document``
("the book said": a document whose issuer the text does not name),
``description`` (an unnamed source described by the text: "a senior official").
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from ..mentions import BODY_ORGANS, GENERIC_ROLES, Entity, INDEFINITE_DETERMINERS, holds_role, ORGANISATION_NAME_WORDS, POSSESSIVE_PRONOUNS, aged, definite
from ..names import name_key, same_token
from ..nlp import coarse
from .base import Article, Attribution, Target
from .constants import (ANY_DOCUMENT, APPOSITION_MAX_WORDS, CONFIDENCE, CONFIDENCE_COLLECTIVE, CONFIDENCE_DESCRIPTION,
                        DESCRIPTION_MAX_WORDS, EARLIER_STATEMENT_TOKENS, HEADING_STORY_CHARS, INDEFINITE_PRONOUNS, ISSUING_VERBS, MINISTRY_OFFICES, NOT_BODIES, NUMBERS,
                        CHARGING_DOCUMENTS, RECEIVING_VERBS, REFLEXIVES, SOURCE_PREPOSITIONS, SPOKEN_DOCUMENTS)
from .kinds import heading_line


def resolve(art: Article, subject, cue, t: Target, sieve: str, via: str = "") -> Attribution | None:
    """The speaker a mention token refers to (names, pronouns, descriptions, offices,
    joint subjects), or None when the token points to no one."""
    if subject.lower_ in REFLEXIVES and subject.i >= 2 and art.doc[subject.i - 1].text == ",":
        # 'The guild and the board, themselves rivals, said ...' parsed with "themselves" the subject
        subject = art.doc[subject.i - 2]
        while subject.dep_ == "conj" and subject.head.i < subject.i:
            subject = subject.head
    # "X's office said": the office of X speaks; "the letter reads": whoever issued it
    named = art.ents.mention_at(subject)
    if subject.lower_ == "it" and subject.dep_ in ("nsubj", "nsubjpass"):
        document = _document_before(art, subject)
        got = resolve(art, document, cue, t, sieve, via) if document is not None else None
        if got is not None:  # '"...," the study says. It also warns that ...': "it" is the study
            return replace(got, mention=subject.text, mention_start=subject.idx, mention_end=subject.idx + len(subject.text))
    pronoun_owner = any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in subject.children)
    if (subject.lower_ == "office" or subject.lower_ in art.lex.cue_nouns) and (named is None or named.entity is None
                                                                               or pronoun_owner):
        # ("his office" after "X's office": the office of whoever "his" is, not the office named before)
        got = _issuer(art, subject, cue, t, sieve)
        if subject.lower_ != "office":
            definite = subject.tag_ != "NNS" and not any(c.lower_ in ("a", "an") for c in subject.children)
            return got or (_document(art, subject, cue, sieve) if definite else None)
        if got is not None:
            return _office_of(art, got, subject)
    # "Two Gulf states, Qatar and Kuwait, said": the names in apposition speak
    named = next((c for c in subject.children if c.dep_ == "appos" and coarse(c) == "PROPN"), None)
    if subject.tag_ == "NNS" and named is not None:
        subject = named
    # (not a place the parser joined to a name after a fronted phrase: 'in the town of Y, X, a miner, said')
    conjuncts = [subject] + [c for c in subject.conjuncts if c.i not in t.inside
                             and not (c.i < subject.i and (c.dep_ == "pobj" or _place(art, c)))]
    names, kinds, how = [], [], ""
    if t.heading and art.lex.role_nouns.get(subject.lower_) == "person" and subject.tag_ != "NNS":
        # "Engineer: ...", "Agency chief: ..." over "X, the agency's technical chief, said": the person below
        holder = art.ents.role_holder(subject, t.span.para_end)
        if holder is None:
            holder = _first_described(art, subject, t.span.para_end)
        if holder is not None:
            conjuncts = []
            names, kinds, how = [art.ents.items[holder].name], [art.ents.items[holder].kind], "nominal"
    if not t.heading and art.lex.demonyms.get(subject.lower_) and subject.tag_ in ("NN", "NNP") \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children):
        holder = _compatriot_before(art, subject)  # '"...," the Brazilian wrote' after "Midfielder X posted ..."
        if holder is not None:
            conjuncts = []
            names, kinds, how = [art.ents.items[holder].name], ["person"], "nominal"
    for tok in conjuncts:
        ent_idx, how_one = art.ents.resolve(tok, art.askers(t, tok))  # the one who answers, not who asked
        if ent_idx is None:
            continue
        ent = art.ents.items[ent_idx]
        if ent.name not in names:
            names.append(ent.name)
            kinds.append(ent.kind)
        how = how or how_one
    if how == "nominal" and len(names) == 1 and kinds[0] == "anonymous" and not t.heading \
            and art.lex.role_nouns.get(subject.lower_) == "person" and subject.tag_ != "NNS" \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children):
        holder = _holder_named_since(art, subject, names[0])
        if holder is not None:
            names, kinds = [art.ents.items[holder].name], [art.ents.items[holder].kind]
    if not names and subject.lower_ in art.lex.role_nouns and subject.tag_ == "NNS":
        names, kinds, how = _plural_description(art, subject)
    if not names and (art.lex.role_nouns.get(subject.lower_) == "person" or aged(subject)) and subject.tag_ != "NNS" \
            and not t.heading and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children):
        # '"...," the Italian minister said' after "Carla Benni spoke at length ..."
        holder = art.ents.role_holder(subject)
        if holder is None and subject.dep_ != "poss":  # ("the county comptroller's office": a body, not the last subject)
            holder = _paragraph_subject(art, subject)
        if holder is not None:
            names, kinds, how = [art.ents.items[holder].name], [art.ents.items[holder].kind], "nominal"
    if (not names or len(names) == 1 and kinds[0] == "anonymous") and not t.heading \
            and art.lex.role_nouns.get(subject.lower_) == "person" and subject.tag_ != "NNS":
        holder = _named_next(art, subject, t.span.para_end)  # a lede's role the paragraph below names
        if holder is None and names:  # "the officer answered" later: the lede's officer, named below it
            holder = _lede_named_next(art, names[0])
        if holder is not None:
            names, kinds, how = [art.ents.items[holder].name], ["person"], "nominal"
    elif t.heading and len(names) == 1 and kinds[0] == "anonymous" and art.lex.role_nouns.get(subject.lower_) == "person":
        holder = _lede_named_next(art, names[0])  # "Port chief warns ..." over a lede's role that the text names below
        if holder is not None:
            names, kinds, how = [art.ents.items[holder].name], ["person"], "nominal"
    if not names or len(names) == 1 and kinds[0] == "anonymous":
        named = _named_before_apposition(art, subject)
        if named is not None:  # "Prior, a former counsel to X, told ..." parsed with the role the subject
            return resolve(art, named, cue, t, sieve, via)
    if not names:
        # "The head of the UN mission, Bintou Keita, told ...": the name in apposition speaks
        appositive = next((c for c in subject.subtree if c.dep_ == "appos" and c.i not in t.inside
                           and _named(art, c)), None)
        described = next((c for c in subject.children if c.dep_ == "appos" and c.i not in t.inside
                          and art.lex.role_nouns.get(c.lower_) == "person"), None)
        if described is not None and subject.lower_ in INDEFINITE_PRONOUNS | {"another", "one"}:
            return unnamed(art, described, cue, t, sieve, via)  # "Another, a nurse from Elm Grove, said"
        if subject.lower_ == "one" and not any(c.dep_ == "prep" for c in subject.children):
            return _one_of(art, subject, cue, t, sieve)  # "The drivers had a simpler reading. '...,' said one."
        if appositive is not None:
            return resolve(art, appositive, cue, t, sieve, via)
        owned = _owner_body(art, subject, cue, t, sieve, via)
        if owned is not None:
            return owned
        return unnamed(art, subject, cue, t, sieve, via)
    mention = art.ents.mention_at(subject)
    m_start, m_end = (mention.start, mention.end) if mention else (subject.idx, subject.idx + len(subject.text))
    if how == "nominal" and mention is None:
        chunk = art.ents.chunks.get(subject.i)
        if chunk is not None:
            m_start, m_end = chunk.start_char, chunk.end_char
    if how == "name" and len(names) == 1:
        m_end = _with_apposition(art, subject, m_end, t)
    speaker_type = "group" if len(names) > 1 else ("anonymous" if kinds[0] == "anonymous" else kinds[0])
    return Attribution(
        cue=cue.text, speaker=" and ".join(names), mention=art.text[m_start:m_end], mention_start=m_start,
        mention_end=m_end, speaker_type=speaker_type, sieve=sieve, resolution=via or how,
        confidence=CONFIDENCE.get(how, CONFIDENCE_DESCRIPTION),
    )


def _owner_body(art: Article, subject, cue, t: Target, sieve: str, via: str) -> Attribution | None:
    """'The Tarn Union went further. Its armed wing warned: ...', 'Its later statements
    were milder, urging "..."': a body's organ ("bureau", "council") or its statements, owned by
    "its"/"their", speak for the body the pronoun points to; None when it points to no body."""
    owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if owner is None:
        return None
    said = subject.lemma_.lower() in art.lex.cue_nouns
    if not said and subject.lower_ not in BODY_ORGANS:
        return None
    got = resolve(art, owner, cue, t, sieve, via or ("statement" if said else "nominal"))
    if got is None or got.speaker_type != "organisation":
        return None
    return _pointed_by(art, got, subject)


def _holder_named_since(art: Article, role, described: str) -> int | None:
    """'The general manager of the agency says ... / X, who took over the agency, said ... /
    "...," the general manager said.': a definite role whose only earlier mention is the
    unnamed description of a lede (not "one woman") is the person last the subject of a sentence in
    its paragraph or the one above, once the text has named someone."""
    if described.split()[0].lower() in INDEFINITE_DETERMINERS:
        return None
    return art.ents.mentioned_last(role.idx, lambda i, e: e.kind == "person" and e.confirmed and not e.place,
                                   "subject_mentions", since=art.ents.paragraph_start(role.idx, back=1))


def _first_described(art: Article, role, heading_end: int) -> int | None:
    """'Port chief warns of delays' over 'Harbour Master Ana Reyes said ...': the first person the
    story below the heading names with a role of any kind (a title, an apposition), when the
    heading's role gives no country or one the person shares."""
    lex = art.lex
    countries = {lex.nationality(t.text).lower() for t in role.subtree if lex.nationality(t.text)}

    def described(_, e) -> bool:
        own = {lex.nationality(d).lower() for d in e.descriptors if lex.nationality(d)}
        return e.kind == "person" and e.confirmed and not e.place and any(lex.role_nouns.get(d) == "person" for d in e.descriptors) \
            and not (countries and own and not countries <= own)
    return art.ents.first_mentioned(heading_end, heading_end + HEADING_STORY_CHARS, described)


def _named_before_apposition(art: Article, role):
    """'Prior, a former general counsel to the agency, told ...': a person's name opening the clause,
    set off by a comma right before the role, that the parser hung on the verb (as a modifier) and
    made the role the subject; the name, or None."""
    k = role.left_edge.i
    if k < 2 or art.doc[k - 1].text != "," or art.lex.role_nouns.get(role.lower_) != "person":
        return None
    name = art.doc[k - 2]
    idx = art.ents.resolve(name)[0] if name.text[:1].isupper() else None  # (a surname the tagger missed too)
    ent = art.ents.items[idx] if idx is not None else None
    if ent is None or ent.kind != "person" or not ent.confirmed or ent.place or name.head.i != role.head.i \
            or name.dep_ not in ("advmod", "npadvmod", "dep", "nmod") or art.ents.inside_quote(name.idx):
        return None
    return name


def _lede_named_next(art: Article, described: str) -> int | None:
    """The person the paragraph below names for the unnamed role `described` of a lede
    (`_named_next` at that role's first mention), or None; read once per description."""
    key = "lede-named-next:" + described
    if key not in art.memo:
        art.memo[key] = None
        idx = next((i for i, e in enumerate(art.ents.items) if e.kind == "anonymous" and e.name == described), None)
        start = art.ents._timeline.first(idx, 0, len(art.text) + 1) if idx is not None else -1
        role = art.token_at(start) if start >= 0 else None
        while role is not None and role.dep_ in ("det", "amod", "compound", "poss", "case", "nummod") and role.head.i > role.i:
            role = role.head
        if role is not None and art.lex.role_nouns.get(role.lower_) == "person":
            art.memo[key] = _named_next(art, role, _paragraph_around(art, role.idx)[1])
    return art.memo[key]


def _paragraph_around(art: Article, char: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding character `char`, or of the first one after it."""
    paragraphs = art.paragraphs()
    if "paragraph-starts" not in art.memo:
        art.memo["paragraph-starts"] = [start for start, _ in paragraphs]
    k = bisect_right(art.memo["paragraph-starts"], char)
    if k and char < paragraphs[k - 1][1]:
        return paragraphs[k - 1]
    return paragraphs[k] if k < len(paragraphs) else (len(art.text), len(art.text))


def _named_next(art: Article, role, para_end: int) -> int | None:
    """'A senior police officer conceded Tuesday that ... "...". / Chief Superintendent X, who led
    ..., was the first officer to testify.': a lede's role, before anyone is named, is the person
    the paragraph below names first as the subject of its first sentence (a writer's delayed
    name), when that person says something there or holds the role; else None."""
    ents = art.ents
    if any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in role.children):
        return None  # "its spokesperson" points back
    described = ents.resolve(role)[0]
    if described is not None and ents._timeline.first(described, _after_heading(art, described, role.left_edge.idx),
                                                      role.left_edge.idx) >= 0:
        return None  # "A senior official ..., who asked not to be named, said ... the official said": said again
        # (a headline's "Port chief warns" over the lede's role is no earlier mention: it has the same reader)
    indefinite = any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in role.children)
    below = _paragraph_around(art, para_end)
    if below[1] < len(art.text) and not any(ents.items[i].kind == "person" and ents.items[i].confirmed
                                            for i in ents._timeline.entities(below[0], below[1])):
        below = _paragraph_around(art, below[1])  # "The minister's message was blunt:" names no one: the next one may
    first = art.token_at(below[0]) if below[0] >= para_end else None
    if first is None:
        return None
    # the first subject outside quotes of a main clause or a speech verb ('"...," X told reporters')
    subject = next((tok for tok in art.doc[first.i:] if tok.idx >= below[1] or tok.dep_ in ("nsubj", "nsubjpass")
                    and not ents.inside_quote(tok.idx) and (tok.head.dep_ == "ROOT" or art.is_cue(tok.head))), None)
    if subject is None or subject.idx >= below[1]:
        return None
    root = subject.head
    idx = ents.resolve(subject)[0]
    ent = ents.items[idx] if idx is not None else None
    def other(i, e) -> bool:
        return i != idx and e.kind == "person" and e.confirmed and not e.place
    if ent is None or ent.kind != "person" or not ent.confirmed or ent.place \
            or ents.mentioned_last(role.idx, other, "subject_mentions") is not None \
            or ents.mentioned_last(role.idx, other, since=art.ents.paragraph_start(role.idx)) is not None:
        return None  # someone else spoke or acted before, or is named in the lede: the role points back, not ahead
    countries = {art.lex.nationality(w.text).lower() for w in role.subtree if art.lex.nationality(w.text)}
    if countries and ents._countries(ent) and not countries <= ents._countries(ent):
        return None
    given = any(c.dep_ == "attr" and c.lower_ == role.lower_ for c in root.children) or holds_role(role.lower_, ent.descriptors)
    if indefinite:  # "a senior officer ... / X was the first officer to testify" (not "a diplomat ... / X said")
        return idx if given and role.lower_ not in GENERIC_ROLES else None
    return idx if given or art.is_cue(root) else None  # "Egypt's foreign minister ... / X said"



def _after_heading(art: Article, described: int, before: int) -> int:
    """Where the text after a headline begins, when the description's first mention before
    `before` is in a heading (a short line without sentence punctuation); else 0."""
    first = art.ents._timeline.first(described, 0, before)
    if first < 0:
        return 0
    start, end = _paragraph_around(art, first)
    return end if heading_line(art.text[start:end]) else 0


def _paragraph_subject(art: Article, role) -> int | None:
    """'Ms Reyes said the group would appeal. "We will go on," the retired teacher said.': a
    definite role no one in the text holds, given in the paragraph where a person was the subject
    just before, is that person (a writer's second reference that adds what she is)."""
    return art.ents.mentioned_last(role.idx, lambda i, e: e.kind == "person" and e.confirmed and not e.place,
                                   "subject_mentions", since=art.ents.paragraph_start(role.idx))


def _compatriot_before(art: Article, demonym) -> int | None:
    """'Midfielder X posted a message. "...," the Brazilian wrote.': a nationality for a person is
    the person last the subject in its paragraph or the one above whom the text gives no other
    country."""
    country = art.lex.nationality(demonym.text)
    lex = art.lex

    def compatriot(_, e) -> bool:
        own = {lex.nationality(d) for d in e.descriptors} - {""}
        return e.kind == "person" and e.confirmed and not e.place and (not own or country in own)
    return art.ents.mentioned_last(demonym.idx, compatriot, "subject_mentions", since=art.ents.paragraph_start(demonym.idx, back=1))


def _named(art: Article, tok) -> bool:
    """A name the entity finder registered (a place in apposition only says where)."""
    named = art.ents.entity_at(tok)
    return named is not None and not named.place


def _with_apposition(art: Article, name, end: int, t: Target) -> int:
    """Where a name's mention ends once its apposition is in: "X, the head of the
    Border Guard,", "the Rev. X, of St Anne's parish" (the whole noun phrase)."""
    for child in name.children:
        if child.i > name.i and child.dep_ in ("appos", "prep") and art.doc[child.left_edge.i - 1].text == ",":
            words = [w for w in child.subtree if w.i not in t.inside and not art.ents.inside_quote(w.idx)]
            if words and len(words) <= APPOSITION_MAX_WORDS and words[-1].i - words[0].i + 1 == len(words):
                end = max(end, words[-1].idx + len(words[-1].text))
    return end


def source_of(noun):
    """The object of "from/by/of" under a cue noun: X in "a statement from X", "a report
    published in May by X" (an issuing verb: not "a letter obtained by X", X received it)."""
    src = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in SOURCE_PREPOSITIONS), None)
    if src is None:
        src = next((a for c in noun.children if c.dep_ == "acl" and c.lower_ in ISSUING_VERBS
                    for a in c.children if a.dep_ == "agent"), None)
    return next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None


def _issuer(art: Article, noun, cue, t: Target, sieve: str) -> Attribution | None:
    """Who issued an office's words or a document: its owner ("Sudani's office", "his
    letter"), its source ("a statement from X"), a name in front of it ("the Finance Ministry report"),
    or whoever issued the same kind of document mentioned before ("the statement said")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        got = resolve(art, owner, cue, t, sieve, "statement")
        if got is None and owner.lower_ in POSSESSIVE_PRONOUNS:
            named = _named_after(art, noun, t)
            got = resolve(art, named, cue, t, sieve, "statement") if named is not None else None
        if got is not None:
            return _pointed_by(art, got, noun)
    obj = source_of(noun) or _aside_source(art, noun) or _according_to(noun)
    if obj is not None:
        return resolve(art, obj, cue, t, sieve, "statement")
    for name in (c for c in noun.children if c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS")):
        got = resolve(art, name, cue, t, sieve, "statement")
        if got is not None:
            return _pointed_by(art, got, noun)
    if owner is None and (any(c.lower_ == "the" for c in noun.children) or art.doc[noun.i - 1].lower_ == "the"):
        # the same document named earlier in the quote's paragraph, else whoever spoke last in it
        # ('X said ... "...," the statement said'), else the same in the paragraph above (its main
        # clauses), else the same document named further back
        above = art.ents.paragraph_start(min(noun.idx, t.span.start), back=1)
        got = _earlier_issuer(art, noun, cue, t, sieve, since=t.span.para_start) \
            or _speaker_before(art, noun, cue, t, sieve, t.span.para_start) \
            or _earlier_issuer(art, noun, cue, t, sieve, since=above) \
            or _speaker_before(art, noun, cue, t, sieve, above, main=True) or _earlier_issuer(art, noun, cue, t, sieve)
        if got is not None:
            return _pointed_by(art, got, noun)
    return None


def _according_to(noun):
    """'The note, according to the ministry, "rejects ..."': X in "according to X" on the verb a
    document is the subject of, whoever the text says the document's words are from; else None."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    according = next((c for c in noun.head.children if c.lower_ == "according" and c.dep_ == "prep"), None)
    to = next((c for c in according.children if c.lower_ == "to"), None) if according is not None else None
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


def _named_after(art: Article, noun, t: Target):
    """'According to a statement from his office, the prime minister, X, considers ...': the
    subject after a fronted phrase whose "his"/"her" no one before it is, the person the
    pronoun looks ahead to (the subject of the verb the phrase hangs on); else None."""
    verb = noun
    while verb.head.i != verb.i and (coarse(verb) not in ("VERB", "AUX") or verb.dep_ in ("prep", "acl", "pcomp")):
        # past "according" and "a note released by ...": the verb of the clause the phrase is fronted in
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > noun.i and c.i not in t.inside), None)
    if subject is None or verb.i < noun.i:
        return None
    named = art.ents.entity_at(subject)
    if named is None:
        named_tok = next((c for c in subject.children if c.dep_ == "appos" and art.ents.entity_at(c) is not None), None)
        subject, named = (named_tok, art.ents.entity_at(named_tok)) if named_tok is not None else (subject, None)
    return subject if named is not None and named.kind == "person" else None


def _speaker_before(art: Article, noun, cue, t: Target, sieve: str, since: int,
                    main: bool = False) -> Attribution | None:
    """'US Central Command said American forces would stay. "...," the statement said.': a
    statement no earlier sentence introduces is that of whoever spoke last from character `since`
    on (with `main`, as the subject of a main clause: not 'a move X described as ...')."""
    if noun.lower_ not in SPOKEN_DOCUMENTS:
        return None
    for tok in reversed(art.doc[:noun.i]):
        if tok.idx < since:
            break
        if art.ents.inside_quote(tok.idx) or tok.i in t.inside or not art.is_cue(tok) or tok.lower_ == "according":
            continue
        if main and not (tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")):
            continue
        if tok.dep_ == "ccomp" and art.is_cue(tok.head):
            continue  # "X's office said he had spoken with Y": the office reports, it speaks
        owner = art.own_subject(tok, t.inside)
        if owner is None and tok.dep_ == "conj":  # "X said ... and called for ..."
            owner = art.own_subject(tok.head, t.inside)
        got = resolve(art, owner, cue, t, sieve, "statement") if owner is not None else None
        if got is not None:
            return got
    return None


def _document_before(art: Article, pronoun):
    """The document "it" stands for: the nearest document before it, in its sentence or the one
    before, that is the subject of a clause of its own ("the study says", "the study was
    blunt"), when no organisation is named between them; else None."""
    start = art.sentence(pronoun).start
    if start > 0:
        start = art.sentence(art.doc[start - 1]).start
    between = []  # organisations named after the document: one of them may be "it"
    for tok in reversed(art.doc[start:pronoun.i]):
        if art.ents.inside_quote(tok.idx):
            continue
        mention = art.ents.mention_at(tok)
        if mention is not None and mention.entity is not None and art.ents.items[mention.entity].kind == "organisation" \
                and not _issuer_aside(art, tok, mention):
            between.append(tok)
            continue
        if tok.lower_ in art.lex.cue_nouns and coarse(tok) == "NOUN" and tok.tag_ != "NNS" \
                and tok.dep_ in ("nsubj", "nsubjpass") and not (tok.head.dep_ == "ccomp" and art.is_cue(tok.head.head)):
            # (the subject of a reported clause, "X said the declaration was ...", is X's topic); a body
            # inside the document's own phrase ("a statement from X, carried by the Y agency,") is no other "it"
            inside = range(tok.left_edge.i, tok.right_edge.i + 1)
            if tok.lower_ in SPOKEN_DOCUMENTS and art.is_cue(pronoun.head) and art.is_cue(tok.head):
                # 'The statement said the council ... . It called for ...': a body a statement speaks of is
                # not what speaks next; the statement does (not "the document": its issuer is less sure)
                inside = range(tok.head.left_edge.i, tok.head.right_edge.i + 1)
            return tok if all(b.i in inside for b in between) else None
    return None


def _issuer_aside(art: Article, tok, mention) -> bool:
    """'The report, by X, was entered. It describes ...': X, the document's author named in an
    aside, does not stand between the document and "it"."""
    first = art.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    k = first.start if first is not None else tok.i
    return k >= 3 and art.doc[k - 3].lower_ in art.lex.cue_nouns and _aside_source(art, art.doc[k - 3]) is not None


def _aside_source(art: Article, noun):
    """'The report, by X, ...': the name in an aside right after a document, whatever the
    parser hangs "by X" on; else None."""
    k = noun.i
    if k + 3 >= len(art.doc) or art.doc[k + 1].text != "," or art.doc[k + 2].lower_ not in SOURCE_PREPOSITIONS:
        return None
    return art.doc[k + 3] if art.ents.entity_at(art.doc[k + 3]) is not None else None


def _earlier_issuer(art: Article, noun, cue, t: Target, sieve: str, since: int = 0) -> Attribution | None:
    """'The statement said', 'the letter reads': whoever issued the last such document
    mentioned before, from character `since` on ("a statement by X", "X said in a statement", "X sent a letter")."""
    for tok in reversed(art.doc[max(0, noun.i - EARLIER_STATEMENT_TOKENS):noun.i]):
        if tok.idx < since:
            break
        same = tok.lower_ == noun.lower_ or (noun.lower_ in ANY_DOCUMENT and tok.lower_ in art.lex.cue_nouns
                                              and coarse(tok) == "NOUN")
        if not same or art.ents.inside_quote(tok.idx):
            continue
        relayed = {r.i for c in tok.children if c.dep_ == "acl" and c.lower_ in RECEIVING_VERBS for r in c.subtree}
        for sub in tok.subtree:  # (not "a statement carried by the agency (translated from French)")
            if sub.dep_ == "pobj" and sub.head.lower_ in ("by", "from") and sub.i not in t.inside \
                    and sub.head.head.lower_ not in RECEIVING_VERBS and sub.i not in relayed:  # "a letter seen by this paper"
                return resolve(art, sub, cue, t, sieve, "statement")
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        issuer = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        got = resolve(art, issuer, cue, t, sieve, "statement") if issuer is not None else None
        if got is not None:  # "the report of the Senate committee" (not "its statement of the day")
            return got
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        if verb.lower_ == "according" and verb.head.i != verb.i:
            if tok.lower_ in CHARGING_DOCUMENTS:
                continue  # "X moved the funds, according to the indictment": written about X, not by X
            verb = verb.head  # "X instructed agencies ..., according to a memo": X issued it
        if coarse(verb) == "VERB":  # "X said in a statement", "X sent a letter"
            owner = art.own_subject(verb, t.inside)
            if owner is None and verb.dep_ == "conj":  # "X lodged a protest and said in a statement"
                owner = art.own_subject(verb.head, t.inside)
            if owner is not None:
                return resolve(art, owner, cue, t, sieve, "statement")
    return None


def _phrase(art: Article, noun) -> tuple[int, int]:
    """Offsets of a noun with its determiners and modifiers ("Sudani's office", "the Finance Ministry report")."""
    return noun.left_edge.idx if noun.left_edge.i < noun.i else noun.idx, noun.idx + len(noun.text)


def _pointed_by(art: Article, got: Attribution, noun) -> Attribution:
    """The issuer found through a document: the mention is the document's phrase."""
    start, end = _phrase(art, noun)
    return replace(got, mention=art.text[start:end], mention_start=start, mention_end=end)


def _office_of(art: Article, got: Attribution, office) -> Attribution:
    """'His office said': the office of the person, an organisation speaking for them; 'his
    foreign office' is his country's ministry ("foreign office of Ruritania"), not his own office."""
    start, end = _phrase(art, office)
    ministry = next((c.lower_ for c in office.children if c.dep_ in ("amod", "compound") and c.lower_ in MINISTRY_OFFICES), "")
    speaker = f"office of {got.speaker}"
    owner = next((c for c in office.children if c.dep_ == "poss"), None)
    if ministry and owner is not None:
        held = art.ents.resolve(owner)[0]
        countries = [art.lex.nationality(d) for d in (art.ents.items[held].descriptors if held is not None else ())
                     if art.lex.nationality(d)]
        speaker = f"{ministry} office" + (f" of {countries[0]}" if countries else "")
    return replace(got, speaker=speaker, speaker_type="organisation", mention=art.text[start:end],
                   mention_start=start, mention_end=end, resolution="office")


def _document(art: Article, noun, cue, sieve: str) -> Attribution:
    """A document whose issuer the text never names ("the book said"): the document speaks
    ("a statement" or "documents" say nothing about who wrote them)."""
    start, end = _phrase(art, noun)
    phrase = art.text[start:end]
    return Attribution(cue=cue.text, speaker=_without_article(phrase), mention=phrase, mention_start=start,
                       mention_end=end, speaker_type="unknown", sieve=sieve, resolution="document",
                       confidence=CONFIDENCE_DESCRIPTION)


def unnamed(art: Article, subject, cue, t: Target, sieve: str, via: str = "") -> Attribution | None:
    """A speaker the article describes but never names ("the French foreign minister",
    "a spokesman for the Karen National Union", "UNICEF"): the description is the speaker."""
    lex = art.lex
    role = lex.role_nouns.get(subject.lower_)
    if role is None and subject.lower_ in ORGANISATION_NAME_WORDS and subject.lower_ not in NOT_BODIES \
            and (definite(subject) or any(c.dep_ == "poss" for c in subject.children) or subject.left_edge.lower_ == "the"):
        role = "organisation"  # "a statement from the residents' association", "the club said"
    proper = (subject.tag_ in ("NNP", "NNPS") or (subject.text[:1].isupper() and subject.tag_ == "NN")) \
        and subject.lower_ not in lex.not_names and subject.lower_ not in INDEFINITE_PRONOUNS
    if (role is None and not proper) or subject.lower_ in lex.cue_nouns:
        return None
    words = art.ents.description(subject, t.inside)
    if words and words[-1].tag_ == "POS":  # "the board's decision": the board
        words = words[:-1]
    if not words:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    opener = _heading_opener(art, words) if proper and (t.heading or t.span.para_start == 0) else None
    if opener is not None:  # (a heading read as one long name may run past the description's length)
        return Attribution(cue=cue.text, speaker=opener.name, mention=art.text[start:end], mention_start=start,
                           mention_end=end, speaker_type="person", sieve=sieve, resolution=via or "name",
                           confidence=CONFIDENCE["name"])
    if len(words) > DESCRIPTION_MAX_WORDS:
        return None
    phrase = art.text[start:end]
    opened = phrase.find("(")
    if opened > 0 and ")" not in phrase[opened:]:  # "Rep. X (D-Tucson" cut by the parse: the name before the bracket
        end = start + len(phrase[:opened].rstrip())
    while start < end and not art.text[start].isalnum():  # markup or a stray mark before the words ('">X')
        start += 1
    if start >= end:
        return None
    phrase = art.text[start:end]
    indefinite = words[0].lower_ in ("a", "an")
    kind = "organisation" if role == "organisation" or (role is None and proper) else (
        "group" if role == "group" else "anonymous" if indefinite else "person")
    return Attribution(cue=cue.text, speaker=_without_article(phrase), mention=phrase, mention_start=start,
                       mention_end=end, speaker_type=kind, sieve=sieve,
                       resolution=via or ("name" if proper else "description"), confidence=CONFIDENCE_DESCRIPTION)


def _heading_opener(art: Article, words: list) -> Entity | None:
    """'Senator X Slams Bank Chief: "..."': a title-case heading (or the article's first line, a
    headline that may end with a full stop inside its quote) the tagger read as one long name speaks
    through the person it opens with, when the story names that person (titles and the given name
    may come first; not "X's Lawyer"). None when the heading opens otherwise."""
    ents, lex = art.ents, art.lex
    for k, w in enumerate(words):
        if w.lower_ in lex.titles or w.lower_ in lex.role_nouns or w.text == ".":
            continue
        key = name_key(w.text)
        people = [ents.items[i] for i in ents.people_named(key)]
        people = [e for e in people if e.kind == "person" and e.confirmed and not e.place]
        named = next((e for e in people if same_token(e.key, key)), None)
        if named is not None:  # ("X's Lawyer", "X Aide Says": someone of X's speaks)
            after = words[k + 1] if k + 1 < len(words) else None
            owned = art.text[w.idx + len(w.text):w.idx + len(w.text) + 2] in ("'s", "’s")
            return None if owned or (after is not None and after.lower_ in lex.role_nouns) else named
        if not any(same_token(e.given, key) for e in people):
            return None
    return None


def collective(art: Article, subject, cue, sieve: str) -> Attribution:
    """An unnamed plural subject ("participants agreed on ..."): the noun phrase speaks."""
    chunk = art.ents.chunks.get(subject.i)
    start, end = (chunk.start_char, chunk.end_char) if chunk is not None else (subject.idx, subject.idx + len(subject.text))
    words = art.text[start:end]
    return Attribution(cue=cue.text, speaker=_without_article(words), mention=words, mention_start=start,
                       mention_end=end, speaker_type="group", sieve=sieve, resolution="description",
                       confidence=CONFIDENCE_COLLECTIVE)


def _one_of(art: Article, one, cue, t: Target, sieve: str) -> Attribution | None:
    """'The moto-taxi drivers had a simpler reading. "...," said one.': one of the people the
    first plural role noun of the sentence before (in the quote's paragraph) names; else None."""
    start = art.sentence(one).start
    if start == 0:
        return None
    before = art.sentence(art.doc[start - 1])
    if before.start_char < t.span.para_start:
        return None
    group = next((tok for tok in before if tok.tag_ == "NNS"
                  and "person" in (art.lex.role_nouns.get(tok.lower_), art.lex.role_nouns.get(tok.lower_[:-1]))
                  and not art.ents.inside_quote(tok.idx)), None)
    chunk = art.ents.chunks.get(group.i) if group is not None else None
    if chunk is None:
        return None
    words = art.text[chunk.start_char:chunk.end_char]
    return Attribution(cue=cue.text, speaker=f"one of {words}", mention=one.text, mention_start=one.idx,
                       mention_end=one.idx + len(one.text), speaker_type="anonymous", sieve=sieve,
                       resolution="description", confidence=CONFIDENCE_DESCRIPTION)


def _plural_description(art: Article, subject) -> tuple[list[str], list[str], str]:
    """'The two ministers stressed': the persons named last before, described by that noun
    or as a counterpart of one (a counterpart holds the same role), as many as the number says."""
    singular = subject.lower_[:-1]
    wanted = next((NUMBERS[c.lower_] for c in subject.children if c.lower_ in NUMBERS), 2)
    picked: list[str] = []
    for _, idx in art.ents.last_first(subject.idx, frozenset({"person"})):  # the timeline, latest first
        ent = art.ents.items[idx]
        if singular in ent.descriptors or "counterpart" in ent.descriptors:
            picked.append(ent.name)
        if len(picked) == wanted:
            break
    if len(picked) < 2:  # "the ministers said" with one minister named: the ministers, not that one
        return [], [], ""
    return picked[::-1], ["person"] * len(picked), "nominal"


def _without_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def _place(art: Article, tok) -> bool:
    """The token names a place (a registered place, or a mention the text uses as one)."""
    named = art.ents.entity_at(tok)
    return named is not None and (named.place or named.kind == "place")
