"""A learned choice among the sieves' candidates (off by default; ``--attribution-choice``).

The ordered sieves give each quote the first speaker a sieve finds. Here every sieve is asked
about every quote (no first-come gating; the other quotes keep the rules' answers), and a pronoun
or role noun's mention also offers the entities named just before the one it resolved to. Each
distinct speaker gets features (which sieves propose it, their confidence, how the mention
resolved, where the mention sits, how often the article names the speaker, ...) and a
logistic score; the quote goes to the best-scored speaker when it beats the rules' own by the
model's margin. The model is plain JSON (feature names, weights, margin): loading reads numbers
and runs no code. `benchmarks/train_choice.py` trains one on spent general-news sets.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..mentions import INDEFINITE_DETERMINERS
from .base import Article, Attribution, Target

FORMAT = 1
DEFAULT = Path(__file__).resolve().parents[2] / "models" / "attribution-choice" / "choice.json"
ALTERNATIVE = "alternative"  # the proposer name of an entity named before a resolved pronoun or role noun
CAP = 5  # sentence and paragraph distances above this count as this


@dataclass(frozen=True)
class Candidate:
    """One distinct speaker for a quote: the attribution it would get, who proposes it, and
    whether it is the rules' own answer."""

    attribution: Attribution
    proposers: tuple[str, ...]
    rules: bool


def candidates(art: Article, t: Target, found: list, sieves: dict, alternatives: int = 2) -> list[Candidate]:
    """The distinct speakers the sieves in `sieves` (name -> sieve) propose for quote `t`, each run
    as if no sieve had answered it yet, with the rules' answer `found[t.n]` first; then, for each
    proposal resolved from a pronoun or role noun, up to `alternatives` entities of the same kind
    named before the mention in its paragraph or the one above."""
    own = found[t.n]
    by_speaker: dict[str, list] = {}
    if own is not None and own.speaker:
        by_speaker[own.speaker] = [own, []]
    found[t.n] = None  # each sieve sees the quote unanswered
    try:
        for name, sieve in sieves.items():
            got = sieve(art, t, found)
            if got is not None and got.speaker:
                by_speaker.setdefault(got.speaker, [got, []])[1].append(name)
    finally:
        found[t.n] = own
    for got, _ in list(by_speaker.values()):
        for alt in _alternatives(art, got, set(by_speaker), alternatives):
            by_speaker.setdefault(alt.speaker, [alt, []])[1].append(ALTERNATIVE)
    return [Candidate(got, tuple(names), own is not None and speaker == own.speaker)
            for speaker, (got, names) in by_speaker.items()]


def _alternatives(art: Article, got: Attribution, taken: set[str], most: int) -> list[Attribution]:
    """Entities of the kind `got` resolved to, named last before its mention (this paragraph or
    the one above), other than those in `taken`: the other readings of a pronoun or role noun."""
    if most <= 0 or got.resolution not in ("pronoun", "nominal") or got.mention_start is None or " and " in got.speaker:
        return []
    kinds = {"person", "anonymous"} if got.speaker_type in ("person", "anonymous") else {"organisation", "group"}
    since = art.ents.paragraph_start(got.mention_start, back=1)
    out, refused = [], set()
    while len(out) < most:
        idx = art.ents.mentioned_last(got.mention_start, lambda i, e: e.kind in kinds and e.name not in taken
                                      and i not in refused, "mentions", since)
        if idx is None:
            break
        refused.add(idx)
        entity = art.ents.items[idx]
        taken = taken | {entity.name}
        out.append(replace(got, speaker=entity.name, mention=entity.name, mention_start=None, mention_end=None,
                           speaker_type=entity.kind, resolution=got.resolution + "-" + ALTERNATIVE))
    return out


def features(art: Article, t: Target, cand: Candidate, group: list[Candidate]) -> dict[str, float]:
    """Named features of one candidate among its quote's `group` (a plain dict: the model's
    weights are read by name, so a feature a model does not know weighs nothing)."""
    got = cand.attribution
    proposers = [p for p in cand.proposers if p != ALTERNATIVE]
    f = {"rules": float(cand.rules), "resolution:" + got.resolution: 1.0, "type:" + got.speaker_type: 1.0,
         "proposers": float(len(proposers)), "share": len(proposers) / max(1, sum(len(c.proposers) for c in group)),
         "confidence": got.confidence, "mentions": math.log1p(_mention_counts(art).get(got.speaker, 0)),
         "joint": float(" and " in got.speaker), "words": min(len(got.speaker.split()), 8) / 8}
    for name in cand.proposers:
        f["sieve:" + name] = 1.0
    if not proposers:
        f["only:" + ALTERNATIVE] = 1.0
    if len(proposers) == 1:
        f["only:" + proposers[0]] = 1.0
    if got.mention_start is None:
        f["mention:none"] = 1.0
    else:
        where = "inside" if t.span.start <= got.mention_start < t.span.end else (
            "before" if got.mention_start < t.span.start else "after")
        f["mention:" + where] = 1.0
        sentences = abs(_index(_sentence_starts(art), got.mention_start) - _index(_sentence_starts(art), t.span.start))
        paragraphs = abs(_index(_paragraph_starts(art), got.mention_start) - _index(_paragraph_starts(art), t.span.start))
        f["sentences"] = min(sentences, CAP) / CAP
        f["paragraphs"] = min(paragraphs, CAP) / CAP
        f["same-paragraph"] = float(paragraphs == 0)
        f["same-sentence"] = float(sentences == 0)
    first = got.speaker.split()[0].lower() if got.speaker.strip() else ""
    f["indefinite"] = float(first in INDEFINITE_DETERMINERS)
    f["document"] = float(any(w.lower() in art.lex.cue_nouns for w in got.speaker.split()[-2:]))
    rules = next((c.attribution for c in group if c.rules), None)
    opens = t.span.start <= t.span.para_start + 2
    if cand.rules:  # what makes the rules' answer more or less sure, read where the rules answered
        f["rules:opens-paragraph"] = float(opens)
        f["rules:heading"] = float(t.heading)
        f["rules:" + (got.sieve or "none")] = 1.0
        f["rules:resolution:" + got.resolution] = 1.0
        f["rules:type:" + got.speaker_type] = 1.0
        f["rules:indefinite"] = f["indefinite"]
        f["rules:alone"] = float(len(group) == 1)
    elif rules is not None:  # how this candidate stands against the rules' answer
        f["against:" + rules.resolution] = 1.0
        f["against:" + (rules.sieve or "none")] = 1.0
        f["holds-rules"] = float(rules.speaker.lower() in got.speaker.lower())
        f["in-rules"] = float(got.speaker.lower() in rules.speaker.lower())
        counts = _mention_counts(art)
        f["more-mentions"] = float(counts.get(got.speaker, 0) > counts.get(rules.speaker, 0))
    else:
        f["rules:empty"] = 1.0
    return f


def _mention_counts(art: Article) -> dict[str, int]:
    counts = art.memo.get("choice:mentions")
    if counts is None:
        counts = art.memo["choice:mentions"] = {}
        for e in art.ents.items:
            counts[e.name] = max(counts.get(e.name, 0), len(e.mentions))
    return counts


def _sentence_starts(art: Article) -> list[int]:
    starts = art.memo.get("choice:sentences")
    if starts is None:
        starts = art.memo["choice:sentences"] = [s.start_char for s in art.doc.sents]
    return starts


def _paragraph_starts(art: Article) -> list[int]:
    starts = art.memo.get("choice:paragraphs")
    if starts is None:
        starts = art.memo["choice:paragraphs"] = [start for start, _ in art.paragraphs()]
    return starts


def _index(starts: list[int], char: int) -> int:
    return bisect_right(starts, char)


class Choice:
    """A loaded choice model: weights by feature name, an intercept, the margin by which a
    candidate's probability must beat the rules' answer, and the sieves it asks."""

    def __init__(self, weights: dict[str, float], intercept: float, margin: float, sieves: tuple[str, ...],
                 alternatives: int = 2, name: str = ""):
        self.weights, self.intercept, self.margin = weights, intercept, margin
        self.sieves, self.alternatives, self.name = sieves, alternatives, name

    def probability(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def choose(self, art: Article, targets: list[Target], terms: list[bool], found: list, sieves: dict) -> list:
        """The rules' answers `found` with each quote's answer replaced where a candidate scores
        above the rules' own by the margin (or, where the rules gave no one, above one half plus
        the margin). All decisions read the rules' answers, not each other's."""
        asked = {name: sieves[name] for name in self.sieves if name in sieves}
        chosen = list(found)
        for t in targets:
            if terms[t.n]:
                continue
            group = candidates(art, t, found, asked, self.alternatives)
            if not group or (len(group) == 1 and group[0].rules):
                continue
            scored = [(self.probability(features(art, t, c, group)), c) for c in group]
            base = next((p for p, c in scored if c.rules), 0.5)
            best_p, best = max(scored, key=lambda pc: pc[0])
            if not best.rules and best_p > base + self.margin:
                chosen[t.n] = best.attribution
        return chosen


def to_json(weights: dict[str, float], intercept: float, margin: float, sieves: tuple[str, ...], alternatives: int,
            **about) -> dict:
    """The model as a JSON-ready dict (`about`: training sets and hashes, CV figures, versions, seed)."""
    return {"format": FORMAT, "kind": "attribution-choice", "intercept": intercept, "margin": margin,
            "sieves": list(sieves), "alternatives": alternatives,
            "features": sorted(weights), "coefficients": [weights[k] for k in sorted(weights)], **about}


@lru_cache(maxsize=8)
def load(path: str | None = None) -> Choice:
    """The choice model at `path` (a choice.json, or a folder holding one; None: the shipped one).
    Plain JSON: nothing in it runs."""
    p = Path(path) if path else DEFAULT
    if p.is_dir():
        p = p / "choice.json"
    data = json.loads(p.read_text(encoding="utf-8"))
    if data.get("kind") != "attribution-choice" or data.get("format") != FORMAT:
        raise ValueError(f"{p} is not an attribution choice model (format {FORMAT})")
    if len(data["features"]) != len(data["coefficients"]):
        raise ValueError(f"{p}: {len(data['features'])} features but {len(data['coefficients'])} coefficients")
    weights = {k: float(w) for k, w in zip(data["features"], data["coefficients"])}
    return Choice(weights, float(data["intercept"]), float(data["margin"]), tuple(data["sieves"]),
                  int(data.get("alternatives", 2)), str(p))
