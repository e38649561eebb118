"""Integrity of the blind test set (data/stance/blind.jsonl): offsets, labels, keys, size.

No model is loaded: this only guards the file that decides which models ship.
"""
import json
from pathlib import Path

import pytest

from stance.codebook import load_codebook

BLIND = Path(__file__).resolve().parents[1] / "data" / "stance" / "blind.jsonl"
KINDS = {"direct", "partial", "headline", "scare"}


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    with BLIND.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def labels() -> set[str]:
    return set(load_codebook().names)


def test_every_span_matches_its_text(docs):
    for doc in docs:
        for q in doc["quotes"]:
            assert doc["text"][q["start"]:q["end"]] == q["text"], (doc["doc_id"], q["text"])
            assert q["text"] and q["text"] == q["text"].strip(), (doc["doc_id"], q["text"])


def test_spans_in_order_and_not_overlapping(docs):
    for doc in docs:
        spans = [(q["start"], q["end"]) for q in doc["quotes"]]
        assert spans == sorted(spans), doc["doc_id"]
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end <= start, (doc["doc_id"], end, start)


def test_labels_kinds_and_keys_are_valid(docs, labels):
    assert {"interventionist", "non-interference", "concern", "support", "neutral"} <= labels
    for doc in docs:
        for q in doc["quotes"]:
            assert q["stance"] in labels, (doc["doc_id"], q["stance"])
            assert q["stance_ok"][0] == q["stance"], (doc["doc_id"], q["text"])
            assert set(q["stance_ok"]) <= labels, (doc["doc_id"], q["stance_ok"])
            assert q["kind"] in KINDS, (doc["doc_id"], q["kind"])
            assert all(k == k.lower() and k.strip() for k in q["speaker_keys"]), (doc["doc_id"], q)
            if q["optional"]:
                assert q["stance"] == "neutral", (doc["doc_id"], q["text"])
            else:
                assert q["speaker"] and q["speaker_keys"], (doc["doc_id"], q["text"])
            if q["kind"] == "scare":
                assert q["optional"] and q["speaker"] is None, (doc["doc_id"], q["text"])


def test_size_and_unique_ids(docs):
    ids = [doc["doc_id"] for doc in docs]
    assert len(ids) == len(set(ids))
    assert len(docs) >= 15
    required = [q for doc in docs for q in doc["quotes"] if not q["optional"]]
    assert len(required) >= 400
