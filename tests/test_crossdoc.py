"""The cross-document steps (actors, statements, matrix) give the same results as the
pairwise versions they replaced.

tests/data/crossdoc holds the quotes `stance score` found on the seeds and dev
(speakers, types, offsets, labels; texts are re-read from the articles) and the
actor ids, statement ids, actors and matrices that the pairwise code of commit
2e7482d computed from them and from the seeds and dev gold quotes.
"""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from stance.actors import group_actors, group_speakers
from stance.gold import gold_quotes
from stance.matrix import DEFAULT_LABELS, annotate, stance_matrix
from stance.names import person_keys, same_person, same_token, surname_keys
from stance.records import Quote, quotes_from_frame
from stance.statements import assign_statements, same_statement, statement_table

from conftest import REPO, SEEDS

DATA = REPO / "tests" / "data" / "crossdoc"


def _pipeline_frame(shared) -> pd.DataFrame:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for line in (shared / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        texts[doc["doc_id"]] = doc["text"]
    q = pd.read_csv(DATA / "pipeline_quotes.csv", keep_default_na=False,
                    dtype={c: str for c in ("doc_id", "quote_id", "speaker", "speaker_type", "stance")})
    q["text"] = [texts[d][a:b] for d, a, b in zip(q["doc_id"], q["start"], q["end"])]
    q["sentence"] = [texts[d][a:b] if a >= 0 else "" for d, a, b in zip(q["doc_id"], q["sentence_start"], q["sentence_end"])]
    return q.drop(columns=["sentence_start", "sentence_end"]).assign(kind="direct")


@pytest.mark.parametrize("name", ["pipeline", "gold-seeds", "gold-dev"])
def test_crossdoc_steps_equal_the_pairwise_results(shared, name):
    frame = {"pipeline": lambda: _pipeline_frame(shared),
             "gold-seeds": lambda: gold_quotes(shared / "gold" / "seeds.jsonl", SEEDS),
             "gold-dev": lambda: gold_quotes(shared / "gold" / "dev.jsonl", SEEDS)}[name]()
    quotes, actors = group_actors(quotes_from_frame(frame))
    ids, table = group_speakers(frame)  # what `stance score` runs: the speaker columns, no Quote records
    assert ids == [q.actor_id for q in quotes]
    pd.testing.assert_frame_equal(table, actors)
    frame = annotate(frame.assign(actor_id=ids))

    ids = pd.read_csv(DATA / "expected_ids.csv", dtype=str, keep_default_na=False).query("set == @name")
    assert frame["actor_id"].tolist() == ids["actor_id"].tolist()
    assert frame["statement_id"].tolist() == ids["statement_id"].tolist()
    want = pd.read_csv(DATA / "expected_actors.csv", dtype=str, keep_default_na=False).query("set == @name")
    got = actors.astype(str).fillna("")[want.columns.drop("set")]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.drop(columns="set").reset_index(drop=True))
    matrices = pd.read_csv(DATA / "expected_matrix.csv", keep_default_na=False, dtype={"actor_id": str})
    for dedupe in (True, False):
        want = matrices[(matrices["set"] == name) & (matrices["dedupe"] == dedupe)]
        got = stance_matrix(frame, DEFAULT_LABELS, dedupe=dedupe).reset_index()
        assert got.iloc[:, 0].tolist() == want["actor_id"].tolist()
        assert got[[*DEFAULT_LABELS, "n"]].to_numpy().tolist() == want[[*DEFAULT_LABELS, "n"]].to_numpy().tolist()


NAMES = ["mohammed", "muhammad", "mohammad", "husayn", "hussein", "husain", "hassan", "faleh", "falih",
         "fayyad", "fayyadh", "jaafari", "jafari", "sergei", "sergey", "yusuf", "youssef", "abbas", "omar",
         "umar", "ali", "aly", "m", "h", "a", "o", "phillips", "filips", "ahmed", "ahmad", "bashar", "bashir"]


def test_blocking_keys_never_split_a_matching_pair():
    for a in NAMES:
        for b in NAMES:
            if same_token(a, b):
                assert set(surname_keys(a, lookup=True)) & set(surname_keys(b)), (a, b)
    full = [[f, s] for f in NAMES[:12] for s in NAMES[12:]]
    for a in full:
        for b in full:
            if same_person(a, b):
                assert set(person_keys(a, lookup=True)) & set(person_keys(b)), (a, b)


def _pairwise_statements(frame: pd.DataFrame) -> list[str]:
    """The definition, one report against every earlier statement's texts."""
    ids, statements = [], []
    for actor, text in zip(frame["actor_id"], frame["text"]):
        actors = set(filter(None, actor.split(";")))
        if not actors:
            ids.append("")
            continue
        n = next((k for k, (who, texts) in enumerate(statements)
                  if who & actors and any(same_statement(text, t) for t in texts)), None)
        if n is None:
            n = len(statements)
            statements.append((set(), []))
        statements[n][0].update(actors)
        statements[n][1].append(text)
        ids.append(f"s{n + 1:04d}")
    return ids


def test_statement_index_finds_every_near_duplicate():
    """Random texts from a small vocabulary, with edits, deletions and excerpts of earlier ones."""
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(40)] + ["the", "a", "of", "and", "we", "will"]
    texts: list[str] = []
    rows = []
    for i in range(600):
        if texts and rng.random() < 0.6:
            words = rng.choice(texts).split()
            op = rng.random()
            if op < 0.3:
                words[rng.randrange(len(words))] = rng.choice(vocab)
            elif op < 0.6 and len(words) > 4:
                start = rng.randrange(len(words) - 3)
                words = words[start:start + rng.randint(3, 8)]
            elif op < 0.8:
                words = words + rng.sample(vocab, 2)
        else:
            words = rng.sample(vocab, rng.randint(1, 14))
        texts.append(" ".join(words))
        actor = ";".join(rng.sample(["a", "b", "c", "d"], rng.choice([1, 1, 1, 2]))) if rng.random() > 0.05 else ""
        rows.append({"doc_id": f"d{i // 5}", "actor_id": actor, "text": texts[-1]})
    frame = pd.DataFrame(rows)
    assert assign_statements(frame)["statement_id"].tolist() == _pairwise_statements(frame)


def test_statement_table_consensus_and_empty():
    rows = [("s1", "x", "d1", "concern", 0.6, 0.4), ("s1", "x", "d2", "support", 0.3, 0.7),
            ("s1", "x", "d2", "concern", 0.5, 0.5), ("s2", "x;y", "d3", "support", 0.45, 0.55),
            ("s2", "y", "d3", "concern", 0.9, 0.1)]
    frame = pd.DataFrame(rows, columns=["statement_id", "actor_id", "doc_id", "stance", "p_concern", "p_support"])
    table = statement_table(frame, ("concern", "support")).set_index(["statement_id", "actor_id"])
    assert table.loc[("s1", "x"), ["stance", "n_reports", "n_docs"]].tolist() == ["concern", 3, 2]
    assert table.loc[("s2", "x"), "stance"] == "support"
    assert table.loc[("s2", "y"), "stance"] == "concern"        # tie 1-1, concern has more probability
    assert statement_table(frame.iloc[:0], ("concern", "support")).empty


def test_actors_full_names_surnames_and_initials_across_documents():
    speakers = [("d1", "Omar Hassan"), ("d2", "Umar Hasan"), ("d3", "O. Hassan"), ("d4", "Ali Hassan"),
                ("d1", "Hassan"), ("d5", "Hassan"), ("d6", "Ali al-Hassan"), ("d7", "Sergei Lavrov"),
                ("d8", "Lavrov")] * 2
    quotes = [Quote(doc, f"{doc}:{i}", 0, 1, "w", "direct", speaker=s) for i, (doc, s) in enumerate(speakers)]
    ids = [q.actor_id for q in group_actors(quotes)[0]]
    assert ids[:9] == ["umar-hasan", "umar-hasan", "umar-hasan", "ali-al-hassan",
                       "umar-hasan",    # the Hassan of this article
                       "hassan",        # two full-name Hassans elsewhere: left apart
                       "ali-al-hassan", "sergei-lavrov", "sergei-lavrov"]
    assert ids[9:] == ids[:9]
