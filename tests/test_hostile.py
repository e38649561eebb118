"""Hostile inputs: each is refused with one line naming the file, or read without loss.

Fast cases only; benchmarks/fuzz.py runs a larger generated corpus end to end.
"""
from __future__ import annotations

import io
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
    ("actors.csv", b"actor_id,name\nx,X,surplus\n", "line 2: more cells than the header"),
])
def test_hostile_registry_is_one_line_error(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    _one_line_error(load_registry, path, fragment)


def test_hostile_codebook_edited_by_hand_names_a_misspelt_field(tmp_path):
    """A misspelt field ("exmples") was read as no examples at all, "lables" as no labels; a field
    of one's own (notes for coders) is still fine."""
    path = tmp_path / "codebook.yaml"
    path.write_text("name: toy\nlabels:\n" + _TWO_LABELS.replace("definition", "defintion", 1), encoding="utf-8")
    _one_line_error(load_codebook, path, "labels[0]: unknown field 'defintion': did you mean 'definition'?")
    path.write_text("name: toy\nlables:\n" + _TWO_LABELS, encoding="utf-8")
    _one_line_error(load_codebook, path, "unknown field 'lables': did you mean 'labels'?")
    path.write_text("name: toy\ncoder_notes: read twice\nlabels:\n" + _TWO_LABELS.replace(
        "definition", "notes: a field of mine, definition", 1), encoding="utf-8")
    assert load_codebook(path).names == ("hawk", "dove")


def test_hostile_registry_edited_in_a_spreadsheet_loads_or_names_the_line(tmp_path):
    """A registry saved by a European Excel (;), with a header typed by hand ("Actor ID", "Name") and
    the empty rows a spreadsheet leaves loads; a row copied and half edited (the same alias on two
    actors: a speaker so named went to whichever came first) and a comma inside an unquoted name are
    refused, naming the line of the file, not an entry number one less."""
    path = tmp_path / "actors.csv"
    path.write_text("Actor ID;Name;Aliases;Type;Country;Role\nkv;Karel Vostrik;Vostrik;person;Czechia;mayor\n"
                    ";;;;;\n\n", encoding="utf-8-sig")
    [entry] = load_registry(path)
    assert (entry.actor_id, entry.name, entry.aliases, entry.country) == ("kv", "Karel Vostrik", ("Vostrik",), "Czechia")
    path.write_text("actor_id,name,aliases\nkv,Karel Vostrik,Vostrik\nkv2,Karel Vostrik Jr,Vostrik|KV\n",
                    encoding="utf-8")
    _one_line_error(load_registry, path, "line 3: the name or alias 'Vostrik' is also line 2's ('kv')")
    path.write_text("actor_id,name\nkv,Vostrik, Karel\n", encoding="utf-8")
    _one_line_error(load_registry, path, "line 2: more cells than the header (3, the header has 2")
    path.write_text("actor_id,name,type\nkv,Karel Vostrik,person\nob,Obec Lhota,organization\n", encoding="utf-8")
    _one_line_error(load_registry, path, "line 3: type 'organization' is not one of")
    yaml_path = tmp_path / "actors.yaml"
    yaml_path.write_text("- {name: Karel Vostrik, alias: Vostrik}\n", encoding="utf-8")
    _one_line_error(load_registry, yaml_path, "entry 1: unknown field 'alias' (the fields are actor_id, name, aliases")


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


def test_hostile_a_folder_given_as_codebook_or_registry_is_named(tmp_path):
    """`--codebook some/folder` printed "4: Is a directory" (the file descriptor, not the path)."""
    folder = tmp_path / "codebook.yaml"
    folder.mkdir()
    assert _one_line_error(load_codebook, folder) == f"{folder}: cannot read codebook (a folder)"
    assert _one_line_error(load_registry, folder) == f"{folder}: cannot read actor registry (a folder)"


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
    assert f"not UTF-8 (byte 0xff at offset {offset}; the rest is UTF-8: a damaged byte)" in skip.reason


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
        ("feed:2", "row 2, line 5, byte 52: more cells than the header (3, the header has 2: a stray quote or comma?)"),
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


# -- bounded time per document ---------------------------------------------------------

def test_hostile_heading_check_is_constant_time_on_a_huge_paragraph():
    from stance.attribution.kinds import is_heading
    from stance.quotes import find_quote_spans

    text = 'The minister said "yes" and "no" today. ' * 25000  # 1 MB, one paragraph, 50,000 marks
    spans = find_quote_spans(text)
    assert len(spans) == 50000
    assert not any(is_heading(text, s) for s in spans)  # split the whole paragraph per quote: minutes
    assert is_heading("“Talks” resume\nBody.", find_quote_spans("“Talks” resume\nBody.")[0])


def test_hostile_long_document_gets_a_time_budget_per_length(monkeypatch):
    """The budget catches a document that hangs, not one that is merely long: a document of
    2.5 x BUDGET_CHARS gets 2.5 budgets (a 1.5 MB article took 139 s under load: past a flat 120 s)."""
    import time

    from stance import workers
    from stance.io import Input
    from stance.records import Document

    monkeypatch.setattr(workers, "BUDGET_CHARS", 100)
    monkeypatch.setattr(workers, "extract_quotes", lambda doc, nlp, parsed=None, spans=None: time.sleep(0.5) or [])
    short = workers.outcome(Input(Document("s", "x" * 60), "s.txt"), None, timeout=0.25)
    assert short.reason == "extraction ran past its time budget (0.25 s)"
    row, quotes = workers.outcome(Input(Document("l", "x" * 250), "l.txt"), None, timeout=0.25)  # 0.625 s
    assert (row["doc_id"], quotes) == ("l", [])
    slow = workers.outcome(Input(Document("v", "x" * 150), "v.txt"), None, timeout=0.25)  # 0.375 s
    assert slow.reason == "extraction ran past its time budget (0.375 s)"


KILLER = "This text makes the worker process that reads it die."


def _chunk_or_die(index, key, items, *write):
    """In a worker: a document holding KILLER kills the process (a segfault, the OOM killer)."""
    from stance import workers

    if any(KILLER in getattr(item, "document", item).text for item in items if hasattr(item, "document")):
        os._exit(1)
    return workers._worker_chunk(index, key, items, *write)


def test_hostile_a_document_that_kills_its_worker_is_skipped_and_the_run_goes_on(tmp_path, seeds, monkeypatch):
    """The run used to stop ('a worker process died ... chunk N'), and --resume met the same
    document again: a run that could never finish. Now only that document is lost."""
    from stance import workers
    from stance.pipeline import score

    monkeypatch.setattr(workers, "_worker_chunk", _chunk_or_die)  # what the parent sends to its workers
    texts = sorted(seeds.glob("*.txt"))[:3]
    folder = tmp_path / "in"
    folder.mkdir()
    for n, path in enumerate(texts):
        (folder / f"{n}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "1b.txt").write_text(f"“{KILLER}” the reporter said.", encoding="utf-8")
    result = score(folder, workers=2, model="fast", chunk_size=2, parts=tmp_path / "parts")
    assert list(result.documents["doc_id"]) == ["0", "1", "2"]
    assert result.errors[["doc_id", "reason"]].values.tolist() == [
        ["1b", "a worker process died on this document (out of memory?)"]]
    alone = score(folder / "2.txt", model="fast")  # the document that shared its chunk: the same quotes
    assert result.quotes.loc[result.quotes["doc_id"] == "2", "text"].tolist() == alone.quotes["text"].tolist()
    assert len(result.quotes) > len(alone.quotes) > 0


def test_hostile_long_document_is_parsed_in_pieces_with_exact_offsets(seeds, monkeypatch):
    from stance.extract import _pieces, extract_quotes
    from stance.nlp import load_parser
    from stance.records import Document

    nlp = load_parser()
    path = sorted(seeds.glob("*.txt"))[1]
    doc = Document("seed", path.read_text(encoding="utf-8"))
    whole = extract_quotes(doc, nlp)
    monkeypatch.setattr(nlp, "max_length", 1500)  # spaCy would raise E088 beyond this
    pieces = extract_quotes(doc, nlp)
    assert len(doc.text) > 2 * 1500 and len(whole) > 5
    assert [(q.start, q.end, q.speaker) for q in pieces] == [(q.start, q.end, q.speaker) for q in whole]
    assert all(q.text == doc.text[q.start:q.end] for q in pieces)
    assert all(len(p) <= 1500 for p in _pieces(doc.text, 1500)) and "".join(_pieces(doc.text, 1500)) == doc.text
    one_line = "First sentence here. " * 20 + "x" * 50
    assert _pieces(one_line, 100)[0] == "First sentence here. " * 4 and "".join(_pieces(one_line, 100)) == one_line
    assert _pieces("y" * 250, 100) == ["y" * 100, "y" * 100, "y" * 50]


# -- stance report on a hand-edited quotes.csv ----------------------------------------

_QUOTES = ("doc_id,quote_id,start,end,text,kind,speaker,speaker_start,speaker_end,confidence,stance,stance_score,"
           "p_concern,p_neutral,actor_id\n"
           "d1,d1:1,10,25,we are worried,direct,Fuad Hussein,0,12,0.9,concern,0.8,0.8,0.2,fuad-hussein\n"
           "d1,d1:2,40,52,no comment,partial,Fuad Hussein,,,0.5,neutral,0.7,0.3,0.7,fuad-hussein\n")


@pytest.mark.parametrize("column, value, expected", [
    ("stance_score", "high", "row 2, column stance_score: expected a number, got 'high'"),
    ("start", "abc", "row 2, column start: expected a whole number from 0, got 'abc'"),
    ("speaker_start", "1.5", "row 2, column speaker_start: expected a whole number from 0, got '1.5'"),
    ("end", "-3", "row 2, column end: expected a whole number from 0, got '-3'"),
    ("start", "", "row 2, column start: empty (every quote has its span)"),
    ("p_concern", "inf", "row 2, column p_concern: expected a number, got 'inf'"),
    ("confidence", "1e999", "row 2, column confidence: expected a number, got 'inf'"),
])
def test_hostile_report_on_malformed_quotes_is_one_line(tmp_path, capsys, column, value, expected):
    import pandas as pd

    from stance.cli import main

    quotes = pd.read_csv(io.StringIO(_QUOTES), dtype=str, keep_default_na=False)
    quotes.loc[1, column] = value
    quotes.to_csv(tmp_path / "quotes.csv", index=False)
    assert main(["report", str(tmp_path)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"stance: error: {tmp_path / 'quotes.csv'}: {expected}"


def test_hostile_report_keeps_offsets_whole_and_reads_bad_documents_in_one_line(tmp_path, capsys):
    from stance.cli import main

    (tmp_path / "quotes.csv").write_text(_QUOTES, encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 0
    rewritten = (tmp_path / "quotes.csv").read_text(encoding="utf-8")
    assert "d1,d1:1,10,25,we are worried,direct" in rewritten and "Fuad Hussein,,,0.5" in rewritten
    (tmp_path / "documents.csv").write_bytes(b'doc_id,url\n"d1,\xff\n')
    capsys.readouterr()
    assert main(["report", str(tmp_path)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"stance: error: {tmp_path / 'documents.csv'}: cannot read documents (")
    (tmp_path / "documents.csv").unlink()
    (tmp_path / "quotes.csv").write_text(_QUOTES.replace(",kind,", ",type,"), encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"stance: error: {tmp_path / 'quotes.csv'}: missing column(s) kind"


# -- formula injection: spreadsheet-safe copies, originals untouched ------------------------

def test_hostile_excel_safe_report_copies_prefix_formulas_only(tmp_path, capsys):
    import csv as csvmod

    from stance.cli import main

    hostile = _QUOTES.replace("we are worried", '"=HYPERLINK(""http://evil"",""x"")"').replace(
        "no comment", "@SUM(A1)").replace("fuad-hussein\n", "-fuad\n")
    (tmp_path / "quotes.csv").write_text(hostile, encoding="utf-8")
    assert main(["report", str(tmp_path), "--excel-safe"]) == 0
    original = list(csvmod.reader((tmp_path / "quotes.csv").open(encoding="utf-8", newline="")))
    copy = list(csvmod.reader((tmp_path / "quotes.excel.csv").open(encoding="utf-8-sig", newline="")))
    assert len(copy) == len(original) == 3
    text = original[0].index("text")
    assert original[1][text] == '=HYPERLINK("http://evil","x")'  # quotes.csv keeps the exact words
    assert copy[1][text] == '\'=HYPERLINK("http://evil","x")' and copy[2][text] == "'@SUM(A1)"
    for row, safe in zip(original, copy):
        assert ["'" + c if c.startswith(("=", "+", "-", "@")) else c for c in row] == safe
    assert (tmp_path / "actors.excel.csv").is_file() and (tmp_path / "matrix.excel.csv").is_file()
    assert not any(cell.startswith(("=", "+", "-", "@")) for path in tmp_path.glob("*.excel.csv")
                   for row in csvmod.reader(path.open(encoding="utf-8-sig", newline="")) for cell in row)


def test_hostile_file_name_with_undecodable_bytes_is_written_as_text(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 file name on a UTF-8 system
    (tmp_path / name).write_text(_row_text(1), encoding="utf-8")
    docs, [note] = _read(tmp_path / name)
    from stance.io import read_inputs

    [_, item] = read_inputs([tmp_path / name])
    assert list(docs) == ["caf\ufffd"] and item.path == str(tmp_path / "caf\ufffd.txt")
    assert "doc_id" in note.reason and note.source == item.path
    assert item.path.encode("utf-8") and note.source.encode("utf-8")  # writable to documents.csv, errors.csv


def test_hostile_report_links_never_run_script(tmp_path):
    import html
    import re

    from stance.cli import main

    (tmp_path / "quotes.csv").write_text(_QUOTES, encoding="utf-8")
    (tmp_path / "documents.csv").write_text(
        "doc_id,url,path\nd1,\"  JaVa\tScRiPt://%0Aalert(document.cookie)\",\n", encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    hrefs = [html.unescape("".join(g)) for g in re.findall(r"""href\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s>]+))""", page,
                                                           flags=re.I)]
    assert hrefs and not [h for h in hrefs if re.sub(r"[\x00-\x20]", "", h).lower().startswith(
        ("javascript", "data", "vbscript"))]


def test_hostile_load_refuses_a_set_marked_incomplete(tmp_path, seeds):
    """`stance.load` read a folder whose manifest says a run did not finish as if it had (quotes of
    a killed run, or an old set in the middle of a swap); a hand-corrected complete set still loads."""
    import stance
    from stance.cli import main

    out = tmp_path / "run"
    assert main(["score", str(seeds / "000_43cefed9074ec0fa.txt"), "--out", str(out), "--quiet",
                 "--model", "fast"]) == 0
    quotes = stance.load(out).quotes
    quotes.loc[0, "stance"] = "support"
    quotes.to_csv(out / "quotes.csv", index=False)  # corrected by hand: still a finished run
    assert stance.load(out).quotes.loc[0, "stance"] == "support"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (out / "manifest.json").write_text(json.dumps({**manifest, "complete": False, "state": "replacing"}),
                                       encoding="utf-8")
    with pytest.raises(StanceError, match=r"run: incomplete output set \(replacing\); rerun with --resume"):
        stance.load(out)


def test_hostile_python_caller_is_warned_of_skipped_inputs_with_the_api_name(tmp_path):
    """In a notebook nothing prints a skipped input: an empty result must not be the only sign,
    and the hint names what Python passes for the command line's --encoding."""
    import warnings

    import stance

    latin = tmp_path / "fr.txt"
    latin.write_bytes("Le porte-parole a déclaré « nous restons ».".encode("cp1252"))
    with pytest.warns(UserWarning) as caught:
        result = stance.score(latin, model="fast")
    [message] = [str(w.message) for w in caught if str(w.message).startswith("stance:")]
    assert result.quotes.empty and len(result.errors) == 1
    assert message == (f"stance: 1 input(s) skipped, listed in the result's .errors: {latin} (fr): not UTF-8 text "
                       "(byte 0xe9 at offset 19; try --encoding cp1252); "
                       "in Python: reading=stance.ReadOptions(encoding=...)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fixed = stance.score(latin, model="fast", reading=stance.ReadOptions(encoding="cp1252"))
    assert fixed.quotes["text"].tolist() == ["nous restons"]
    assert not [w for w in caught if str(w.message).startswith("stance:")]  # read as it says: no warning


def test_hostile_a_huge_document_is_bounded_by_the_cap_and_named(tmp_path, monkeypatch, capsys):
    """The budget grew with length without end (40 minutes for a 2 MB article, a worker held that long by a
    document that hangs). Now it stops at BUDGET_CAP x --doc-timeout; the line names the document and says the
    cap bound it, and the other documents of the run are scored as before."""
    import time

    import pandas as pd

    from stance import workers
    from stance.cli import main

    assert workers.document_budget(120.0, 2_000_000) == (600.0, True)  # was 2,400 s
    assert workers.document_budget(120.0, 300_000) == (360.0, False)
    assert workers.document_budget(120.0, 5_000) == (120.0, False)
    assert workers.document_budget(None, 2_000_000) == (None, False)

    real = workers.extract_quotes

    def hang_on_the_huge_one(doc, nlp, parsed=None, spans=None):
        while "huge" in doc.doc_id:  # stands for a document whose extraction never ends
            time.sleep(0.01)
        return real(doc, nlp, parsed, spans)

    monkeypatch.setattr(workers, "BUDGET_CHARS", 100)  # the invented 'huge' document is 200 budgets long
    monkeypatch.setattr(workers, "extract_quotes", hang_on_the_huge_one)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('"We will rebuild the bridge," the mayor of Tarvik said.\n', encoding="utf-8")
    (folder / "huge.txt").write_text("Notes without end. " * 1000, encoding="utf-8")
    (folder / "b.txt").write_text('The harbour master said: "The ferry runs again on Monday."\n', encoding="utf-8")
    out = tmp_path / "run"
    assert main(["score", str(folder), "--out", str(out), "--model", "fast", "--doc-timeout", "1"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "time budget" in line]
    assert len(lines) == 1 and "huge.txt" in lines[0]
    assert "(5 s, the most any document gets (5 x --doc-timeout))" in lines[0]  # not 1 s x 190 budgets
    assert "Traceback" not in err
    documents = pd.read_csv(out / "documents.csv", dtype=str)
    assert sorted(documents["path"].map(lambda p: p.rsplit("/", 1)[-1])) == ["a.txt", "b.txt"]
    quotes = pd.read_csv(out / "quotes.csv", dtype=str)
    assert len(quotes) == 2 and "huge" not in "".join(quotes["doc_id"])
