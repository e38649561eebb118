"""Hostile inputs: each is refused with one line naming the file, or read without loss.

Fast cases only; benchmarks/fuzz.py runs a larger generated corpus end to end.
"""
from __future__ import annotations

import json
import os
import socket

import pytest

from stance.codebook import load_codebook
from stance.errors import StanceError
from stance.registry import load_registry

_TWO_LABELS = "  - {name: hawk, definition: strike now}\n  - {name: dove, definition: talk first}\n"
_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def _one_line_error(load, path, *fragments):
    with pytest.raises(StanceError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    for fragment in fragments:
        assert fragment in message, message
    return message


# -- codebook and actor registry -------------------------------------------------

@pytest.mark.parametrize("text, fragment", [
    (_BOMB + "name: t\nlabels:\n" + _TWO_LABELS, "anchors (&name) are not allowed"),
    ("name: t\nlabels:\n  - &h {name: hawk, definition: strike now}\n  - *h\n", "not allowed"),
    ("name: !!python/object/apply:os.system [echo hi]\nlabels:\n" + _TWO_LABELS, "not valid YAML"),
    ("name: [a, list]\nlabels:\n" + _TWO_LABELS, "name: expected text, got a list"),
    ("version: {a: 1}\nlabels:\n" + _TWO_LABELS, "version: expected text, got a mapping"),
    ("labels: " + "[" * 5000 + "]" * 5000, "codebook"),
])
def test_hostile_codebook_is_one_line_error(tmp_path, text, fragment):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    _one_line_error(load_codebook, path, fragment)


def test_hostile_codebook_with_bom_loads(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("\ufeffname: toy\nlabels:\n" + _TWO_LABELS, encoding="utf-8")
    assert load_codebook(path).names == ("hawk", "dove")


@pytest.mark.parametrize("name, data, fragment", [
    ("actors.yaml", "- {name: Ahmed al-Sharaa, aliases: 5}\n".encode(), "entry 1: aliases: expected a list"),
    ("actors.yaml", "- {name: Ahmed al-Sharaa, aliases: [{a: 1}]}\n".encode(), "aliases: expected text, got a mapping"),
    ("actors.yaml", "- {name: {first: Ahmed}}\n".encode(), "entry 1: name: expected text, got a mapping"),
    ("actors.yaml", "- {name: X, country: [Syria, Iraq]}\n".encode(), "country: expected text, got a list"),
    ("actors.yaml", ("x: &x [a, a, a]\nactors:\n- {name: X, aliases: *x}\n").encode(), "not allowed"),
    ("actors.yaml", _BOMB.encode(), "not allowed"),
    ("actors.csv", "actor_id,name\nsharaa,Ahmed al-Shar\xe2a\n".encode("latin-1"),
     "not UTF-8 (byte 0xe2 at offset 34)"),
    ("actors.yaml", "- name: Fran\xe7ois\n".encode("latin-1"), "not UTF-8"),
    ("actors.csv", b"actor_id,name\nx,X,surplus\n", "unknown field"),
])
def test_hostile_registry_is_one_line_error(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    _one_line_error(load_registry, path, fragment)


def test_hostile_registry_csv_with_excel_bom_loads(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor_id,name,aliases\nhts-leader,Ahmed al-Sharaa,Abu Mohammed al-Jolani\n", encoding="utf-8-sig")
    [entry] = load_registry(path)
    assert (entry.actor_id, entry.aliases) == ("hts-leader", ("Abu Mohammed al-Jolani",))


def test_hostile_registry_numbers_are_text(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- {actor_id: 1701, name: Unit 1701, aliases: [1701, Unit-1701]}\n", encoding="utf-8")
    [entry] = load_registry(path)
    assert (entry.actor_id, entry.aliases) == ("1701", ("1701", "Unit-1701"))


def test_hostile_registry_fifo_and_device_are_refused(tmp_path):
    import os

    fifo = tmp_path / "actors.csv"
    os.mkfifo(fifo)
    _one_line_error(load_registry, fifo, "not a regular file")
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    _one_line_error(load_registry, zero, "not a regular file")


def test_hostile_registry_cli_is_one_line(tmp_path, capsys):
    from stance.cli import main

    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.csv").write_text("doc_id,text,speaker,stance\nd,x,A,concern\n", encoding="utf-8")
    registry = tmp_path / "actors.yaml"
    registry.write_text("- {name: A, aliases: 5}\n", encoding="utf-8")
    assert main(["report", str(out), "--actors", str(registry)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {registry}: entry 1: aliases")


# -- readers: every row read or accounted for --------------------------------------

def _read(*paths):
    from stance.io import Input, Skipped, read_inputs

    items = list(read_inputs(list(paths)))
    docs = {i.document.doc_id: i.document for i in items if isinstance(i, Input)}
    return docs, [i for i in items if isinstance(i, Skipped)]


def _row_text(n: int) -> str:
    return f"Row {n}: the minister said “talks will resume”, officials added."


def test_hostile_csv_bad_byte_costs_one_row_with_its_byte_offset(tmp_path):
    path = tmp_path / "big.csv"
    lines = [b"doc_id,text"] + [f"d{n},\"{_row_text(n)}\"".encode() for n in range(1, 2001)]
    lines[1501] = lines[1501].replace(b"talks", b"talks \xff")
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(data)
    docs, skips = _read(path)
    assert len(docs) == 1999 and "d1501" not in docs and docs["d2000"].text == _row_text(2000)
    [skip] = skips
    assert skip.doc_id == "big:1501"
    assert skip.reason.startswith("row 1501, line 1502, byte ")
    offset = data.index(b"\xff")
    assert f"not UTF-8 (byte 0xff at offset {offset})" in skip.reason


def test_hostile_csv_unclosed_quote_is_reported_and_later_rows_kept(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('doc_id,text\na,"Officials said talks resume\nb,"The minister said ""no"" today"\n'
                    'c,Plain words\nd,"An open quote runs to the end\ne,last row\n', encoding="utf-8")
    docs, skips = _read(path)
    assert list(docs) == ["b", "c", "e"] and docs["b"].text == 'The minister said "no" today'
    assert [s.doc_id for s in skips] == ["feed:1", "feed:4"]
    assert all("malformed CSV" in s.reason and "unclosed quote" in s.reason for s in skips)
    assert skips[0].reason.startswith("row 1, line 2, byte 12: ")


def test_hostile_csv_multiline_text_and_extra_cells(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('\ufeffdoc_id,text\na,"Para one.\n\nPara two, ""quoted""."\nb,x,y\nc\n', encoding="utf-8")
    docs, skips = _read(path)
    assert docs["a"].text == 'Para one.\n\nPara two, "quoted".'
    assert [(s.doc_id, s.reason) for s in skips] == [
        ("feed:2", "row 2, line 5, byte 52: 3 cells but the header has 2 (a stray quote or comma?)"),
        ("c", "empty document")]


def test_hostile_jsonl_bad_byte_costs_one_row(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [json.dumps({"doc_id": f"j{n}", "text": _row_text(n)}).encode() for n in range(1, 6)]
    rows[2] = rows[2].replace(b"talks", b"\xc3(talks")
    data = b"\n".join(rows) + b"\n"
    path.write_bytes(data)
    docs, [skip] = _read(path)
    assert list(docs) == ["j1", "j2", "j4", "j5"]
    offset = data.index(b"\xc3(")
    assert skip.doc_id == "feed:3" and f"byte 0xc3 at offset {offset}" in skip.reason


def test_hostile_jsonl_deep_nesting_and_huge_numbers_cost_one_row(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("[" * 100000 + "]" * 100000 + "\n" + '{"text": 1' + "0" * 5000 + "}\n"
                    + json.dumps({"text": _row_text(1)}) + "\n" + '{"text": ["a", "list"]}\n', encoding="utf-8")
    docs, skips = _read(path)
    assert list(docs) == ["feed:3"]
    assert [s.doc_id for s in skips] == ["feed:1", "feed:2", "feed:4"]
    assert "'text' is list" in skips[2].reason


def test_hostile_lone_surrogates_are_repaired_at_read_time(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"doc_id": "a\\udfff", "title": "T\\ud800", "text": "He said \\u201cno\\u201d."}\n',
                    encoding="utf-8")
    docs, [note] = _read(path)
    [(doc_id, doc)] = docs.items()
    assert doc_id == "a\ufffd" and doc.title == "T\ufffd" and doc.text == "He said “no”."
    assert note.doc_id == "a\ufffd" and "doc_id, title" in note.reason and "processed" in note.reason


@pytest.mark.parametrize("make, fragment", [
    (lambda p: os.mkfifo(p), "not a regular file (a named pipe (FIFO))"),
    (lambda p: p.symlink_to("/dev/zero"), "not a regular file (a device)"),
    (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "not a regular file (a socket)"),
    (lambda p: (p.parent / "loop.txt").symlink_to(p) or p.symlink_to(p.parent / "loop.txt"), "cannot read"),
])
def test_hostile_irregular_files_are_listed_not_read(tmp_path, make, fragment):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(_row_text(1), encoding="utf-8")
    make(folder / "odd.txt")
    for inputs in ([folder], [folder / "odd.txt"]):
        docs, skips = _read(*inputs)
        assert list(docs) == (["good"] if inputs == [folder] else [])
        assert any(s.source == str(folder / "odd.txt") and fragment in s.reason for s in skips), skips


def test_hostile_unreadable_subfolder_is_listed(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(_row_text(1), encoding="utf-8")
    (folder / "locked" / "hidden.txt").write_text(_row_text(2), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, where chmod 000 does not lock a folder
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, [skip] = _read(folder)
    assert list(docs) == ["good"]
    assert (skip.source, skip.reason) == (str(folder / "locked"), "cannot read folder: Permission denied")


def test_hostile_oversized_document_is_skipped_with_reason(tmp_path, monkeypatch):
    from stance import io

    monkeypatch.setattr(io, "MAX_DOCUMENT_CHARS", 1000)
    (tmp_path / "long.txt").write_text("word " * 300, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("wörd " * 1000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(_row_text(1), encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("text\n" + "x" * 5000 + "\nshort text\n", encoding="utf-8")
    docs, skips = _read(tmp_path / "long.txt", tmp_path / "huge.txt", tmp_path / "ok.txt", table)
    assert list(docs) == ["ok", "t:2"]
    assert [s.reason for s in skips] == [
        "document too long (1,500 characters; the limit is 1,000)",
        "cannot read: document too long (over 4,000 bytes; the limit is 1,000 characters)",
        "row 1, line 2, byte 5: line longer than 4,000 bytes"]
