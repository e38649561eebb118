"""Sieve ``interview-answer``: in a question-and-answer interview (two or more paragraphs
that open "Q:"), the quoted answers under each question are the interviewee's, whatever
tags them ("A:", "she said", a pronoun that would point to someone the question names).
The interviewee is the person the introduction above the first question makes the subject
most often. A quote whose own paragraph names its speaker keeps it. Applied after the
ordered sieves."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..constants import CLOSE_ONLY, DOUBLE_MARKS, SINGLE_MARKS
from .base import Article, Attribution, Target
from .constants import CONFIDENCE

NAME = "interview-answer"
_QUESTION = re.compile(r"Q[:.]\s")
_ANSWER = re.compile(r"A[:.]\s*")
_OPENING_MARKS = (DOUBLE_MARKS | SINGLE_MARKS) - CLOSE_ONLY
_LABELS = ("A", "Q")


def interview_answer(art: Article, t: Target, done: list) -> Attribution | None:
    if NAME + ":any" not in art.memo:  # the whole text read once, not once per quote
        art.memo[NAME + ":any"] = "\nQ" in art.text
    if t.heading or not art.memo[NAME + ":any"]:
        return None
    paragraphs = art.paragraphs()
    if NAME not in art.memo:  # once per article, not once per quote
        art.memo[NAME] = [p for p in paragraphs if _QUESTION.match(art.text, p[0])]
    questions = art.memo[NAME]
    if len(questions) < 2:
        return None
    block = _answer_block(art.text, paragraphs, t.span.para_start)
    if block is None:
        return None
    own = done[t.n]
    if own is not None and own.resolution == "name" and own.mention_start is not None \
            and own.mention_start >= block and own.mention not in _LABELS:
        return None  # '"...," Raudsepp said' inside the answer names its speaker
    if NAME + ":who" not in art.memo:  # the interviewee, found once per article: not every entity per quote
        art.memo[NAME + ":who"] = _interviewee(art, questions)
    person = art.memo[NAME + ":who"]
    if person is None:
        return None
    return Attribution(speaker=person, speaker_type="person", sieve=NAME, resolution="name",
                       confidence=CONFIDENCE["name"])


def _answer_block(text: str, paragraphs: list[tuple[int, int]], para_start: int) -> int | None:
    """Where the answer holding the paragraph at `para_start` begins (the end of its
    question), or None when that paragraph is no answer: every paragraph from the question
    down to it opens with "A:" or a quote mark."""
    first = max(bisect_right(paragraphs, (para_start, len(text) + 1)) - 1, 0)  # paragraphs are sorted and apart
    k = next((i for i in range(first, len(paragraphs)) if paragraphs[i][0] <= para_start <= paragraphs[i][1]), None)
    if k is None or _QUESTION.match(text, paragraphs[k][0]):
        return None
    for i in range(k, -1, -1):
        start, end = paragraphs[i]
        if _QUESTION.match(text, start):
            return end
        if not (_ANSWER.match(text, start) or text[start:start + 1] in _OPENING_MARKS):
            return None
    return None


def _interviewee(art: Article, questions: list[tuple[int, int]]) -> str | None:
    """The person most often the subject of a sentence in the introduction above the first
    question (outside quotes); the first named on a tie."""
    first = questions[0][0]
    best, best_key = None, None
    for ent in art.ents.items:
        if ent.kind != "person" or not ent.confirmed or ent.place:
            continue
        above = [m for m in ent.subject_mentions if m < first and not art.ents.inside_quote(m)]
        if not above:
            continue
        key = (len(above), -min(above))
        if best_key is None or key > best_key:
            best, best_key = ent.name, key
    return best
