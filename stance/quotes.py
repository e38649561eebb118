"""Find quotation spans in raw text: pure string work, no parser.

Marks are paired per paragraph and per family (double, single); an opening
mark left unclosed at the end of a paragraph continues when the next paragraph
reopens with a mark of the same family (the multi-paragraph convention), and is
otherwise dropped, so an odd mark never fails a document. Apostrophes inside
words (Iraq's, Shi'ite) are never marks; a mark after "s" before a space
(rebels' letter) closes a quote only when no better closing mark follows.
A quote nested in another quote is covered by the outer one only.
"""
from __future__ import annotations

from dataclasses import dataclass

from .constants import CLOSE_ONLY, DOUBLE_MARKS, GUILLEMETS, OPEN_ONLY, SINGLE_MARKS

# characters that may precede an opening mark, and follow a closing one ("*" is Markdown's bold or
# italic, as in a subheading "**'A mess'**" of text converted from a web page); any space counts too
# (a no-break space after a closing mark: '...,”\xa0and'), and the quotation dash of a signature
# line ('“...”― Ana Reyes')
_OPENING_CONTEXT = set("([{—–―‒-/*")
_CLOSING_FOLLOW = set(".,;:!?)]}—–―‒-/…*")
_STRONG_BEFORE = set(",.;:!?…)—–-")  # a closing mark right after these is certain


@dataclass(frozen=True)
class QuoteSpan:
    """Quoted content (marks excluded) with the paragraph it sits in.

    `part_of` is the start of the first part of a multi-paragraph quote (equal to
    `start` for ordinary quotes), so parts can share one speaker.
    """

    start: int
    end: int
    open_mark: str
    close_mark: str
    para_start: int
    para_end: int
    part_of: int

    @property
    def closed(self) -> bool:
        return bool(self.close_mark)


@dataclass(frozen=True)
class _Mark:
    pos: int
    opens: bool
    strong: bool = False
    possessive: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trailing whitespace excluded."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            out.append((pos + lead, pos + len(stripped)))
        pos += len(line) + 1
    return out


def _classify(text: str, i: int, family: frozenset[str], ps: int, pe: int) -> _Mark | None:
    """Decide whether the mark at `i` opens, closes, or is no quote mark at all."""
    ch = text[i]
    prev = text[i - 1] if i > ps else " "
    nxt = text[i + 1] if i + 1 < pe else " "
    if ch in SINGLE_MARKS and prev.isalnum() and nxt.isalnum():
        return None  # apostrophe inside a word
    can_open = prev.isspace() or prev in _OPENING_CONTEXT or prev in family or prev in OPEN_ONLY
    can_close = (not prev.isspace() or _after_inner_close(text, i, ps)) and (
        nxt.isspace() or nxt in _CLOSING_FOLLOW or nxt in family or nxt in CLOSE_ONLY or nxt in "\"'”’»")
    if ch in GUILLEMETS:  # French spacing puts a space inside the marks
        return _Mark(i, ch in OPEN_ONLY, strong=True)
    if ch in OPEN_ONLY:
        # an opening mark typed for the closing one at the end of a sentence ('... in May.“'), and the
        # closing mark of German and Central European typography („...“)
        if can_close and (nxt.isspace() or nxt in _CLOSING_FOLLOW) and (prev in _STRONG_BEFORE or ch in "“‟"):
            return _Mark(i, False, strong=prev in _STRONG_BEFORE)
        return _Mark(i, True) if not nxt.isspace() else None
    if ch in CLOSE_ONLY:
        if not can_close:
            return None
        if ch == "’" and prev.isalpha() and nxt.isalpha():
            return None
        return _Mark(i, False, strong=prev in _STRONG_BEFORE or nxt not in " \t\n",
                     possessive=ch in SINGLE_MARKS and prev in "sSzZ" and nxt in " \t\n")
    # ambiguous straight marks: decide from context
    if can_open and not nxt.isspace() and not (prev.isalnum()):
        if ch == "'" and nxt.isdigit():
            return None  # elision: '90s
        return _Mark(i, True)
    if can_close:
        return _Mark(i, False, strong=prev in _STRONG_BEFORE or nxt not in " \t\n",
                     possessive=ch == "'" and prev in "sSzZ" and nxt in " \t\n")
    return None


def _after_inner_close(text: str, i: int, ps: int) -> bool:
    """A double mark after a space that follows an inner quote's closing single mark: the
    typesetter's space between the two ('"... the word 'reform,' " she said')."""
    return (text[i] in DOUBLE_MARKS and i - 3 >= ps and text[i - 1] == " " and text[i - 2] in "'’"
            and not text[i - 3].isspace())


def _pair(marks: list[_Mark]) -> tuple[list[tuple[int, int]], int | None]:
    """Pair opening and closing marks; return pairs and a trailing unclosed opener."""
    pairs: list[tuple[int, int]] = []
    unclosed = None
    i = 0
    while i < len(marks):
        if not marks[i].opens:
            i += 1
            continue
        j = i + 1
        while j < len(marks) and not marks[j].opens:
            j += 1
        closers = marks[i + 1:j]
        if not closers:
            unclosed = marks[i].pos
            i = j
            continue
        unclosed = None
        choice = (next((c for c in closers if c.strong), None)
                  or next((c for c in closers if not c.possessive), None)
                  or closers[0])
        pairs.append((marks[i].pos, choice.pos))
        i = j
    return pairs, unclosed


def _family_spans(text: str, ps: int, pe: int, family: frozenset[str]) -> tuple[list[tuple[int, int]], int | None]:
    marks = [m for i in range(ps, pe) if text[i] in family
             if (m := _classify(text, i, family, ps, pe)) is not None]
    return _pair(marks)


def _reopens(text: str, ps: int, pe: int, family: frozenset[str]) -> bool:
    """The paragraph starts with an opening mark of `family` (a quote continuing)."""
    mark = _classify(text, ps, family, ps, pe) if text[ps] in family else None
    return mark is not None and mark.opens


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every outermost quotation in `text`, in order of appearance."""
    spans: list[QuoteSpan] = []
    carried: dict[frozenset[str], int] = {}  # family -> start of a quote continuing into this paragraph
    paras = paragraphs(text)
    for k, (ps, pe) in enumerate(paras):
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        for family in (DOUBLE_MARKS, SINGLE_MARKS):
            pairs, unclosed = _family_spans(text, ps, pe, family)
            first = carried.pop(family, None)
            for o, c in pairs:
                part_of = first if (first is not None and o == ps) else o + 1
                start, end = _strip(text, o + 1, c)
                spans.append(QuoteSpan(start, end, text[o], text[c], ps, pe, part_of))
            if unclosed is not None and nxt is not None and _reopens(text, *nxt, family):
                part_of = first if (first is not None and unclosed == ps) else unclosed + 1
                spans.append(QuoteSpan(unclosed + 1, pe, text[unclosed], "", ps, pe, part_of))
                carried[family] = part_of
    return _outermost([s for s in spans if any(ch.isalnum() for ch in text[s.start:s.end])])


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _outermost(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Drop spans inside other spans, and the single-family span of two that cross.

    One pass over the spans by start: kept spans never overlap, so only the last one or
    two kept can contain or cross the next span (linear, even for 50,000 quote marks).
    """
    kept: list[QuoteSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        near = []  # kept spans reaching s (ends never decrease along `kept`)
        for k in reversed(kept):
            if k.end < s.start:
                break
            near.append(k)
        if any(k.start - 1 <= s.start and s.end <= k.end + 1 for k in near):
            continue
        crossing = [k for k in near if k.start < s.start < k.end < s.end]
        if crossing:
            if s.open_mark in DOUBLE_MARKS and all(k.open_mark in SINGLE_MARKS for k in crossing):
                del kept[-len(crossing):]  # crossing spans end last, so they are the last kept
            else:
                continue
        kept.append(s)
    return kept
