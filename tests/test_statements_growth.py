"""Statement grouping does work linear in the number of one actor's near-identical quotes,
and groups as the definition does (each report joins the earliest statement sharing an
actor and holding a text that passes `same_statement`). Nothing here is timed: the work is
the number of texts the index hands to `_overlapping` (`_Statements.met`). All text invented.
"""
from __future__ import annotations

import random

import pytest

from stance.statements import _group, same_statement, statement_labels, statement_numbers

CASES = {  # n quotes of one actor; statements expected for n
    "number": (lambda i: f"We will rebuild the pier by spring {i},", lambda n: n),
    "boilerplate": (lambda i: f"The council will meet again on the first working day of month {i} "
                              f"to hear the harbour plans", lambda n: 1),
    "dates": (lambda i: f"The ferry will sail on March {i % 28 + 1}", lambda n: min(n, 28)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_work_grows_linearly_with_near_identical_quotes(case):
    text, statements = CASES[case]
    met = {}
    for n in (500, 1000, 2000):
        numbers, index = _group(["aas-nils"] * n, [text(i) for i in range(n)])
        assert len(set(numbers.tolist())) == statements(n)
        met[n] = index.met
        assert met[n] <= 20 * n  # dates: each report meets the earlier ones of its own date, ~n/28
    assert met[2000] <= 2.2 * met[1000] + 10 and met[1000] <= 2.2 * met[500] + 10


def test_a_small_grouping_known_by_hand():
    a = "We will open the new bridge to traffic in the first week of May"
    rows = [
        ("ruiz", a),                                                                   # s1
        ("ruiz", "We will close the old bridge to lorries in the second week of June"),  # s2: 8 shared words
        ("ruiz", a.upper() + "."),                                                     # s1: the same words folded
        ("ruiz", a + " 2031"),                                                         # s1: 13 of 14 words
        ("ruiz", a.replace("first", "second")),                                        # s1: 12 of 14
        ("ruiz", a.replace("first", "second").replace("May", "June")),                 # s1 through the last (11 of 15 with a)
        ("okafor", a),                                                                 # s3: another actor
        ("okafor;ruiz", "We will close the old bridge to lorries in the second week of June"),  # s2: shares ruiz
        ("okafor", "We will close the old bridge to lorries in the second week of June"),       # s2 now holds okafor
        ("okafor;ruiz", a),                                                            # s1, the earliest of s1 and s3
        ("ruiz", "the new bridge to traffic in the first week"),                       # s1: inside a
        ("", a),                                                                       # no actor
        ("ruiz", "Tolls stay as they are"),                                            # s4
    ]
    ids, texts = zip(*rows)
    assert statement_labels(statement_numbers(ids, texts)) == [
        "s0001", "s0002", "s0001", "s0001", "s0001", "s0001", "s0003", "s0002", "s0002", "s0001", "s0001", "",
        "s0004"]
    assert statement_numbers(ids, texts).tolist() == _definition(ids, texts)


def _definition(ids, texts):
    out, statements = [], []
    for actor_id, text in zip(ids, texts):
        actors = {a for a in actor_id.split(";") if a}
        if not actors:
            out.append(-1)
            continue
        n = next((k for k, (who, said) in enumerate(statements)
                  if who & actors and any(same_statement(text, t) for t in said)), None)
        if n is None:
            n = len(statements)
            statements.append((set(), []))
        statements[n][0].update(actors)
        statements[n][1].append(text)
        out.append(n)
    return out


def test_random_near_duplicates_group_as_the_definition():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    for _ in range(300):
        bases = [rng.sample(vocabulary, rng.randint(2, 14)) for _ in range(3)]
        ids, texts = [], []
        for _ in range(rng.randint(5, 30)):
            words = list(rng.choice(bases))
            for _ in range(rng.randint(0, 3)):
                op = rng.random()
                if op < 0.4 and len(words) > 1:
                    words.pop(rng.randrange(len(words)))
                elif op < 0.8:
                    words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
                else:
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
            texts.append(" ".join(words))
            ids.append(rng.choice(["a", "b", "a;b", "c", "", "b;c"]))
        assert statement_numbers(ids, texts).tolist() == _definition(ids, texts)
