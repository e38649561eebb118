"""Hostile inputs, generated and run through `stance`: nothing may crash, hang or lose a row.

Builds one small folder per kind of hostile input (malformed text files, tables,
special files, codebooks, registries, model folders, hand-edited outputs) and runs
the `stance` command on it in this process, so the parser and model load once,
each case under a time budget. For every case it checks:

- no traceback: no exception escapes `stance.cli.main`;
- a refused command exits 2 with one line naming the file;
- every input document is processed (documents.csv) or listed (errors.csv);
- offsets are exact: text == article[start:end] for every row of quotes.csv;
- report.html links only to http(s) and relative targets; *.excel.csv cells never start a formula.

and prints the counts: cases tried, tracebacks, hangs, rows lost, offset errors,
unsafe outputs, wrong exits. Exit status 1 when any is non-zero.

    python benchmarks/fuzz.py [--budget 180] [--only SUBSTRING] [--skip SUBSTRING ...] [--list] [--keep DIR]
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import html
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.cli import main as stance_main  # noqa: E402
from stance.io import Input, ReadOptions, read_inputs  # noqa: E402

SAID = "Foreign Minister Fuad Hussein said “talks will resume” on Monday."
ARTICLE = (f"{SAID}\n“We are following the situation closely,” a government spokesman told reporters.\n"
           "The minister added that Baghdad “will not stand idly by”.\n")
FORMULA = ("=", "+", "-", "@")


@dataclass
class Case:
    """One command and what it must do: `docs` maps each input file to its number of documents;
    `error` is a fragment of the one-line error expected (then nothing is written)."""

    argv: list[str]
    docs: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    inputs: list[str] = field(default_factory=list)
    out: Path | None = None
    budget: float | None = None


@dataclass
class Outcome:
    name: str
    seconds: float = 0.0
    traceback: str = ""
    hang: bool = False
    rows_lost: int = 0
    offset_errors: int = 0
    unsafe: list[str] = field(default_factory=list)
    wrong_exit: str = ""


# -- the corpus: one builder per kind ---------------------------------------------------

CASES: dict[str, Callable[[Path], Case]] = {}


def case(fn: Callable[[Path], Case]) -> Callable[[Path], Case]:
    CASES[fn.__name__] = fn
    return fn


def _score(d: Path, *inputs: Path, docs: dict | None = None, options: tuple = (), budget: float | None = None) -> Case:
    out = d / "out"
    paths = [str(p) for p in inputs]
    counted = docs if docs is not None else {p: 1 for p in paths}
    return Case(["score", *paths, "--out", str(out), "--force", "--quiet", *options], counted, inputs=paths,
                out=out, budget=budget)


def _txt(d: Path, data: bytes | str, name: str = "doc.txt", **kw) -> Case:
    path = d / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return _score(d, path, **kw)


def _table(d: Path, name: str, data: bytes | str, rows: int, **kw) -> Case:
    path = d / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return _score(d, path, docs={str(path): rows}, **kw)


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _jsonl(rows: list) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


# Text files
for _name, _data in {
    "txt_empty": b"", "txt_whitespace": b" \n\t\n  ", "txt_nul_bytes": b"abc\0def" * 100,
    "txt_control_chars": "\x07\x1b" * 500 + "a few words", "txt_latin1": "Le ministre a dit « non ».".encode("latin-1"),
    "txt_utf16": ARTICLE.encode("utf-16"), "txt_bom": "\ufeff" + ARTICLE, "txt_crlf": ARTICLE.replace("\n", "\r\n"),
    "txt_cr_only": ARTICLE.replace("\n", "\r"), "txt_only_marks": "“”‘’\"'«»" * 2000,
    "txt_unclosed_quote": "He said “this never closes\n\nAnd the next paragraph goes on.",
    "txt_nested_quotes": "He said “a ‘b “c ‘d” e’ f” g’ h”." * 200,
    "txt_zero_width_and_bidi": "\u200b\u202e" + SAID.replace(" ", " \u200d") + "\u2066“x”\u2069",
    "txt_astral_and_combining": "😀 e\u0301 " * 50 + SAID + " 𝒜“𝒝 𝒞”.",
    "txt_100k_blank_lines": "\n" * 100000 + SAID + "\n" * 100000,
    "txt_long_words": "x" * 500000 + " " + SAID,
    "txt_formula_quote": 'He said "=HYPERLINK(""http://evil"")" and "+1+2", then "@SUM(A1)" and "-2-3".',
    "txt_html_in_quote": 'He said "<script>alert(1)</script>" and “</td><img src=x onerror=alert(1)>”.',
}.items():
    CASES[_name] = (lambda d, data=_data: _txt(d, data))
# 50,000 quote marks in one paragraph: 25,000 quotes to attribute and classify, so these get
# the budget of a large document (linear work: about 130 s on a busy 2-core machine).
LARGE_BUDGET = 600
for _name, _data in {
    "txt_50k_straight_marks": 'The minister said "yes" and "no" today. ' * 12500,
    "txt_50k_mixed_marks": "“A ‘b’ c,” she said. 'D' \"e\" ’f‘ ”g“ " * 5000,
    "txt_20k_apostrophes": "Iraq's rebels' allies' 'ninety' o'clock " * 5000,
}.items():
    CASES[_name] = (lambda d, data=_data: _txt(d, data, budget=LARGE_BUDGET))
CASES["txt_over_size_limit"] = lambda d: _txt(d, ("word " * 1_000_001).encode())
CASES["txt_over_byte_limit"] = lambda d: _txt(d, ("ü" * 11_000_000).encode())
CASES["txt_over_parser_limit"] = lambda d: _txt(d, (SAID + "\n") * 15000 + "x " * 600_000 + "\n" + SAID,
                                                budget=LARGE_BUDGET)


@case
def txt_dev_zero_symlink(d):
    (d / "zero.txt").symlink_to("/dev/zero")
    return _score(d, d / "zero.txt")


@case
def txt_fifo(d):
    os.mkfifo(d / "pipe.txt")
    return _score(d, d / "pipe.txt")


@case
def txt_socket(d):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(d / "sock.txt"))
    return _score(d, d / "sock.txt")


@case
def txt_symlink_loop(d):
    (d / "a.txt").symlink_to(d / "b.txt")
    (d / "b.txt").symlink_to(d / "a.txt")
    return _score(d, d / "a.txt")


@case
def txt_dangling_symlink(d):
    (d / "gone.txt").symlink_to(d / "missing.txt")
    return _score(d, d / "gone.txt")


@case
def folder_of_special_files(d):
    corpus = d / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "sub" / "nested.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "dir.txt").mkdir()
    (corpus / "loop").symlink_to(corpus)  # a folder link back up: not followed
    files = ["good.txt", "sub/nested.txt", "pipe.txt", "zero.txt"]
    return _score(d, corpus, docs={str(corpus / f): 1 for f in files})


@case
def folder_deep_nesting(d):
    corpus = d / "corpus"
    deep = corpus.joinpath(*["level"] * 60)
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(ARTICLE, encoding="utf-8")
    return _score(d, corpus, docs={str(deep / "deep.txt"): 1})


@case
def folder_empty(d):
    (d / "corpus").mkdir()
    return _score(d, d / "corpus", docs={str(d / "corpus"): 1})


@case
def filename_not_utf8(d):
    name = os.fsdecode(b"caf\xe9-report.txt")
    (d / name).write_text(ARTICLE, encoding="utf-8")
    return _score(d, d / name)


@case
def filename_with_newline_comma_quote(d):
    return _txt(d, ARTICLE, name='a,"b"\nc.txt')


@case
def filename_formula(d):
    return _txt(d, ARTICLE, name="=cmd|' calc'!A0.txt", options=("--excel-safe",))


@case
def duplicate_doc_ids(d):
    (d / "a").mkdir()
    (d / "a" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "x.txt").write_text(ARTICLE, encoding="utf-8")
    return _score(d, d / "x.txt", d / "a" / "x.txt", docs={str(d / "x.txt"): 1, str(d / "a" / "x.txt"): 1})


@case
def missing_input(d):
    return _score(d, d / "nowhere.txt")


@case
def unsupported_suffix(d):
    return _txt(d, ARTICLE, name="doc.docx")


@case
def many_small_files(d):
    for n in range(150):
        (d / f"doc{n:03d}.txt").write_text(f"Item {n}. " + SAID, encoding="utf-8")
    return _score(d, *sorted(d.glob("*.txt")), options=("--workers", "2"))


# CSV tables
def _rows(n: int) -> list[list[str]]:
    """A header and `n` rows; only the first three quote anyone (the rest need no parse: fast)."""
    return [["doc_id", "text", "title", "url"]] + [
        [f"d{i}", f"Row {i}. {SAID}" if i <= 3 else f"Row {i}. Officials met on Monday.", f"T{i}", ""]
        for i in range(1, n + 1)]


CASES["csv_bad_byte_row_1501"] = lambda d: _table(
    d, "big.csv", _csv_text(_rows(2000)).encode().replace(b"Row 1501.", b"Row 1501.\xff"), 2000)
CASES["csv_unclosed_quote_merges_rows"] = lambda d: _table(
    d, "t.csv", f'doc_id,text\na,"{SAID}\nb,"Second, quoted"\nc,{SAID}\n', 3)
CASES["csv_unclosed_quote_to_eof"] = lambda d: _table(d, "t.csv", f'doc_id,text\na,{SAID}\nb,"open\nc,more\nd,end\n', 4)
CASES["csv_no_text_column"] = lambda d: _table(d, "t.csv", "headline,body\nx,y\n", 1)
CASES["csv_header_only"] = lambda d: _table(d, "t.csv", "doc_id,text\n", 1)
CASES["csv_zero_bytes"] = lambda d: _table(d, "t.csv", b"", 1)
CASES["csv_bom_header"] = lambda d: _table(d, "t.csv", "\ufeff" + _csv_text(_rows(3)), 3)
CASES["csv_extra_and_missing_cells"] = lambda d: _table(d, "t.csv", f"doc_id,text\na,{SAID},x,y\nb\nc,\"{SAID}\"\n", 3)
CASES["csv_nul_in_cell"] = lambda d: _table(d, "t.csv", f"doc_id,text\na,abc\0def\nb,\"{SAID}\"\n", 2)
CASES["csv_cr_line_endings"] = lambda d: _table(d, "t.csv", _csv_text(_rows(3)).replace("\n", "\r"), 3)
CASES["csv_crlf_in_cells"] = lambda d: _table(d, "t.csv", _csv_text(_rows(3)).replace("Row", "Row\r\nline"), 3)
CASES["csv_field_over_128k"] = lambda d: _table(d, "t.csv", f'doc_id,text\na,"{SAID} {"word " * 40000}"\n', 1)
CASES["csv_latin1_file"] = lambda d: _table(d, "t.csv", "doc_id,text\na,Le ministre a dit « non ».\n".encode("latin-1"), 1)
CASES["csv_duplicate_ids"] = lambda d: _table(d, "t.csv", f'doc_id,text\na,"{SAID}"\na,"{SAID}"\n', 2)
CASES["csv_semicolons"] = lambda d: _table(d, "t.csv", f"doc_id;text\na;{SAID}\n", 1)
CASES["csv_formula_cells"] = lambda d: _table(
    d, "t.csv", _csv_text([["doc_id", "text", "title", "source"],
                           ["=1+1", 'He said "=HYPERLINK(""http://x"")" today.', "@SUM(A1)", "-cmd"]]), 1,
    options=("--excel-safe",))
CASES["csv_javascript_url"] = lambda d: _table(
    d, "t.csv", _csv_text([["doc_id", "text", "url"], ["a", SAID, "javascript://%0Aalert(document.cookie)"],
                           ["b", SAID, " JaVaScRiPt:alert(1)"], ["c", SAID, "data:text/html,<script>x</script>"]]), 3)
CASES["csv_huge_line_over_byte_limit"] = lambda d: _table(d, "t.csv", "doc_id,text\na," + "x" * 21_000_000 + f"\nb,{SAID}\n", 2)

# JSONL tables
CASES["jsonl_bad_byte"] = lambda d: _table(
    d, "t.jsonl", _jsonl([{"text": SAID}] * 5).encode().replace(b"Fuad", b"F\xc3(ad", 1), 5)
CASES["jsonl_lone_surrogates"] = lambda d: _table(
    d, "t.jsonl", '{"doc_id": "a\\udfff", "title": "T\\ud800", "text": "He said \\u201cno\\ud83d\\u201d."}\n', 1)
CASES["jsonl_text_not_string"] = lambda d: _table(
    d, "t.jsonl", _jsonl([{"text": 5}, {"text": ["a"]}, {"text": None}, {"text": {"a": 1}}, {"text": True}]), 5)
CASES["jsonl_deep_nesting"] = lambda d: _table(d, "t.jsonl", "[" * 200000 + "]" * 200000 + "\n", 1)
CASES["jsonl_huge_integer"] = lambda d: _table(d, "t.jsonl", '{"text": 1' + "0" * 10000 + "}\n", 1)
CASES["jsonl_not_objects"] = lambda d: _table(d, "t.jsonl", '[1, 2]\n"text"\nnull\n', 3)
CASES["jsonl_truncated_last_line"] = lambda d: _table(d, "t.jsonl", _jsonl([{"text": SAID}]) + '{"text": "He sa', 2)
CASES["jsonl_odd_id_types"] = lambda d: _table(
    d, "t.jsonl", _jsonl([{"doc_id": 7, "text": SAID}, {"doc_id": True, "text": SAID}, {"doc_id": {"a": 1}, "text": SAID},
                          {"doc_id": None, "text": SAID}]), 4)
CASES["jsonl_blank_and_bom"] = lambda d: _table(d, "t.jsonl", "\ufeff" + _jsonl([{"text": SAID}]) + "\n\n  \n", 1)


# Parquet
def _parquet(d: Path, frame) -> Path:
    path = d / "t.parquet"
    frame.to_parquet(path)
    return path


@case
def parquet_null_and_binary_text(d):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = d / "t.parquet"
    pq.write_table(pa.table({"text": pa.array([b"bytes", None, SAID.encode()], pa.binary())}), path)
    return _score(d, path, docs={str(path): 3})


@case
def parquet_truncated(d):
    import pandas as pd

    path = _parquet(d, pd.DataFrame({"text": [SAID] * 50}))
    path.write_bytes(path.read_bytes()[:200])
    return _score(d, path)


@case
def parquet_no_text_column(d):
    import pandas as pd

    return _score(d, _parquet(d, pd.DataFrame({"body": [SAID]})))


@case
def parquet_surrogate_free_unicode(d):
    import pandas as pd

    path = _parquet(d, pd.DataFrame({"text": [SAID, "😀 “Ünïcödé” 😀", ""], "date": pd.to_datetime(["2024-01-01"] * 3)}))
    return _score(d, path, docs={str(path): 3})


# Codebooks, registries and model folders
_LABELS = "labels:\n  - {name: hawk, definition: strike now}\n  - {name: dove, definition: talk first}\n"
_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def _refused_option(d: Path, option: str, path: Path, fragment: str) -> Case:
    """`stance score` on a good article with `option path`: refused in one line."""
    doc = _txt(d, ARTICLE).inputs[0]
    return Case(["score", doc, "--out", str(d / "out"), "--force", "--quiet", option, str(path)], error=fragment)


def _with_option(d: Path, option: str, name: str, data: bytes | str, fragment: str) -> Case:
    path = d / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return _refused_option(d, option, path, fragment)


for _name, (_file, _data, _fragment) in {
    "codebook_yaml_bomb": ("cb.yaml", _BOMB + "name: t\n" + _LABELS, "not allowed"),
    "codebook_python_tag": ("cb.yaml", "name: !!python/object/apply:os.system [echo pwned]\n" + _LABELS, "not valid YAML"),
    "codebook_deep_nesting": ("cb.yaml", "labels: " + "[" * 50000 + "]" * 50000, "cb.yaml"),
    "codebook_name_is_list": ("cb.yaml", "name: [a]\n" + _LABELS, "expected text"),
    "codebook_latin1": ("cb.yaml", ("name: caf\xe9\n" + _LABELS).encode("latin-1"), "not UTF-8"),
    "registry_aliases_number": ("actors.yaml", "- {name: Fuad Hussein, aliases: 5}\n", "aliases"),
    "registry_latin1": ("actors.csv", "actor_id,name\nx,Fran\xe7ois\n".encode("latin-1"), "not UTF-8"),
    "registry_yaml_bomb": ("actors.yaml", _BOMB, "not allowed"),
    "registry_extra_cells": ("actors.csv", "actor_id,name\nx,X,surplus\n", "unknown field"),
}.items():
    CASES[_name] = (lambda d, f=_file, data=_data, frag=_fragment:
                    _with_option(d, "--codebook" if f.startswith("cb") else "--actors", f, data, frag))


@case
def registry_bom_csv_loads(d):
    (d / "actors.csv").write_text("actor_id,name,aliases\nmfa,Fuad Hussein,the foreign minister\n", encoding="utf-8-sig")
    return _txt(d, ARTICLE, options=("--actors", str(d / "actors.csv")))


@case
def registry_dev_zero(d):
    (d / "actors.yaml").symlink_to("/dev/zero")
    return _refused_option(d, "--actors", d / "actors.yaml", "not a regular file")


@case
def codebook_fifo(d):
    os.mkfifo(d / "cb.yaml")
    return _refused_option(d, "--codebook", d / "cb.yaml", "not a regular file")


def _model_case(d: Path, edit: Callable[[dict], None], fragment: str) -> Case:
    model = d / "model"
    shutil.copytree(REPO / "models" / "default", model)
    manifest = json.loads((model / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    (model / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return _refused_option(d, "--model", model, fragment)


CASES["model_manifest_classifier_string"] = lambda d: _model_case(d, lambda m: m.update(classifier="x"), "model")
CASES["model_manifest_classifier_empty"] = lambda d: _model_case(d, lambda m: m.update(classifier={}), "model")
CASES["model_manifest_encoder_null"] = lambda d: _model_case(d, lambda m: m.update(encoder=None), "model")
CASES["model_manifest_not_json"] = lambda d: _model_case(d, lambda m: m.clear(), "model")


@case
def model_folder_missing(d):
    return _refused_option(d, "--model", d / "no-model", "no-model")


# Output folders and hand-edited outputs
@case
def out_is_a_file(d):
    (d / "out").write_text("x", encoding="utf-8")
    return Case(["score", _txt(d, ARTICLE).inputs[0], "--out", str(d / "out"), "--quiet"], error="out")

# Encodings whose line break is not the byte 0x0a (--encoding): split where the encoding breaks lines
CASES["csv_utf16_with_encoding"] = lambda d: _table(
    d, "t.csv", _csv_text(_rows(3)).encode("utf-16"), 3, options=("--encoding", "utf-16"))
CASES["jsonl_utf16be_bom_with_encoding"] = lambda d: _table(
    d, "t.jsonl", b"\xfe\xff" + _jsonl([{"text": SAID}] * 2).encode("utf-16-be"), 2, options=("--encoding", "utf-16"))
CASES["csv_utf32_bad_unit_in_row_2"] = lambda d: _table(
    d, "t.csv", _csv_text(_rows(3)).encode("utf-32-le").replace("Row 2".encode("utf-32-le"), b"\xff" * 4, 1), 3,
    options=("--encoding", "utf-32-le"))


def _train(d: Path, data: bytes, fragment: str) -> Case:
    path = d / "train.csv"
    path.write_bytes(data)
    return Case(["train", str(path), "--out", str(d / "model"), "--kind", "tfidf"], error=fragment)


CASES["train_latin1_csv"] = lambda d: _train(d, "text,label\nd\u00e9j\u00e0 vu,neutral\n".encode("latin-1"), "not UTF-8")
CASES["train_semicolons_bom"] = lambda d: _train(d, "\ufefftext;label\nstrike now;interventionist\n".encode(), "too few")
CASES["train_no_label_column"] = lambda d: _train(d, b"text,stance\nx,concern\n", "missing column(s) label")


def _review_import(d: Path, export: bytes, fragment: str) -> Case:
    out = d / "out"
    out.mkdir()
    (out / "quotes.csv").write_text(_QUOTES, encoding="utf-8")
    (d / "export.json").write_bytes(export)
    return Case(["review", "import", str(d / "export.json"), "--into", str(out)], error=fragment)


_TASK = {"id": 1, "data": {"text": "x" * 60, "quote_id": "d1:1"}}
CASES["review_import_not_json"] = lambda d: _review_import(d, b"[{", "not a Label Studio JSON export")
CASES["review_import_utf16"] = lambda d: _review_import(d, "[]".encode("utf-16"), "not a Label Studio JSON export")
CASES["review_import_json_min"] = lambda d: _review_import(
    d, json.dumps([{"text": "x", "quote_id": "d1:1", "stance": "concern"}]).encode(), "JSON-MIN")
CASES["review_import_offsets_not_numbers"] = lambda d: _review_import(d, json.dumps([{**_TASK, "annotations": [
    {"result": [{"id": "r", "from_name": "quote", "to_name": "text", "type": "labels",
                 "value": {"start": "one", "end": None, "labels": ["quote"]}}]}]}]).encode(), "task 1")
CASES["review_import_data_not_object"] = lambda d: _review_import(
    d, json.dumps([{**_TASK, "data": ["d1:1"], "annotations": [{"result": []}]}]).encode(), "task 1")


@case
def out_not_empty_without_force(d):
    (d / "out").mkdir()
    (d / "out" / "keep.txt").write_text("x", encoding="utf-8")
    return Case(["score", _txt(d, ARTICLE).inputs[0], "--out", str(d / "out"), "--quiet"], error="--force")


_QUOTES = ("doc_id,quote_id,start,end,text,kind,speaker,speaker_start,speaker_end,confidence,stance,stance_score,"
           "p_concern,p_neutral,actor_id\n"
           "d1,d1:1,10,25,we are worried,direct,Fuad Hussein,0,12,0.9,concern,0.8,0.8,0.2,fuad-hussein\n"
           "d1,d1:2,40,52,no comment,partial,Fuad Hussein,,,0.5,neutral,0.7,0.3,0.7,fuad-hussein\n")


def _report(d: Path, quotes: str | bytes, fragment: str | None, documents: bytes | None = None,
            options: tuple = ()) -> Case:
    out = d / "out"
    out.mkdir()
    (out / "quotes.csv").write_bytes(quotes.encode("utf-8") if isinstance(quotes, str) else quotes)
    if documents is not None:
        (out / "documents.csv").write_bytes(documents)
    return Case(["report", str(out), *options], error=fragment, out=out)


for _name, (_old, _new) in {
    "report_stance_score_high": ("0.8,0.8,0.2", "high,0.8,0.2"), "report_start_not_number": (",10,25,", ",abc,25,"),
    "report_negative_offset": (",10,25,", ",-10,25,"), "report_probability_inf": ("0.8,0.8,0.2", "0.8,inf,0.2"),
    "report_offset_fraction": (",0,12,", ",0.5,12,"), "report_missing_kind_column": (",kind,", ",sort,"),
}.items():
    CASES[_name] = (lambda d, o=_old, n=_new: _report(d, _QUOTES.replace(o, n, 1), "quotes.csv"))
CASES["report_quotes_binary"] = lambda d: _report(d, b"\0\xff\xfe" * 100, "quotes.csv")
CASES["report_quotes_empty"] = lambda d: _report(d, b"", "quotes.csv")
CASES["report_documents_broken"] = lambda d: _report(d, _QUOTES, "documents.csv", documents=b'doc_id,url\n"d1,\xff\n')
CASES["report_formula_cells_excel_safe"] = lambda d: _report(
    d, _QUOTES.replace("we are worried", "=cmd|' /C calc'!A0").replace("fuad-hussein", "@actor"), None,
    options=("--excel-safe",))
CASES["report_javascript_url"] = lambda d: _report(
    d, _QUOTES, None, documents=b"doc_id,url,path\nd1,javascript:alert(1),\n")


# -- running and checking ---------------------------------------------------------------

class _Hang(BaseException):
    """Raised by the alarm; a BaseException, so no `except Exception` in stance can swallow it."""


def _alarm(signum, frame):  # noqa: ARG001
    raise _Hang


def run_case(name: str, root: Path, budget: float) -> Outcome:
    d = root / name
    d.mkdir()
    outcome = Outcome(name)
    try:
        spec = CASES[name](d)
    except Exception:  # noqa: BLE001 (a broken builder is a bug here, reported as such)
        outcome.traceback = "building the case: " + traceback.format_exc(limit=2)
        return outcome
    stderr = io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, spec.budget or budget)
    started = time.perf_counter()
    code = None
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = stance_main(spec.argv)
    except _Hang:
        outcome.hang = True
    except BaseException:  # noqa: BLE001 (anything escaping main is what we count)
        outcome.traceback = traceback.format_exc(limit=-3)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    outcome.seconds = time.perf_counter() - started
    if outcome.hang or outcome.traceback:
        return outcome
    lines = [line for line in stderr.getvalue().splitlines() if line.strip()]
    if spec.error is not None:
        errors = [line for line in lines if line.startswith("stance: error:")]
        if code != 2 or len(errors) != 1 or spec.error not in errors[0]:
            outcome.wrong_exit = f"expected exit 2 and one line with {spec.error!r}; got {code}: {lines[-3:]}"
        return outcome
    if code not in (0, 1):
        outcome.wrong_exit = f"exit {code}: {lines[-3:]}"
        return outcome
    out = spec.out
    if spec.docs:
        outcome.rows_lost = _rows_lost(out, spec.docs)
        outcome.offset_errors = _offset_errors(out, spec.inputs, spec.argv)
    outcome.unsafe = _unsafe(out, "--excel-safe" in spec.argv)
    return outcome


def _read_csv(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _clean(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _rows_lost(out: Path, expected: dict[str, int]) -> int:
    """Documents neither in documents.csv nor listed in errors.csv, per input file."""
    documents, errors = _read_csv(out / "documents.csv"), _read_csv(out / "errors.csv")
    lost = 0
    for source, count in expected.items():
        source = _clean(source)
        processed = [r for r in documents if r["path"] == source]
        listed = [r for r in errors if r["source"] == source and "(document processed)" not in r["reason"]]
        if any(not r["doc_id"] for r in listed):
            continue  # the whole file was refused, with its reason
        lost += max(0, count - len(processed) - len(listed))
    return lost


def _offset_errors(out: Path, inputs: list[str], argv: list[str]) -> int:
    """Rows of quotes.csv whose text is not article[start:end], as the reader reads the article
    (with the run's --encoding)."""
    encoding = argv[argv.index("--encoding") + 1] if "--encoding" in argv else "utf-8"
    texts = {item.document.doc_id: item.document.text
             for item in read_inputs(inputs, ReadOptions(encoding=encoding)) if isinstance(item, Input)}
    bad = 0
    for row in _read_csv(out / "quotes.csv"):
        text = texts.get(row["doc_id"])
        if text is None or text[int(row["start"]):int(row["end"])] != row["text"]:
            bad += 1
    return bad


def _unsafe(out: Path, excel_safe: bool) -> list[str]:
    problems = []
    report = out / "report.html"
    if report.is_file():
        page = report.read_text(encoding="utf-8")
        for groups in re.findall(r"""href\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s>]+))""", page, flags=re.I):
            href = "".join(groups)
            target = re.sub(r"[\x00-\x20]", "", html.unescape(href)).lower()
            if ":" in target.split("/")[0] and not target.startswith(("http:", "https:", "file:")):
                problems.append(f"report.html links to {href[:40]!r}")
    if excel_safe:
        copies = list(out.glob("*.excel.csv"))
        if not copies:
            problems.append("--excel-safe wrote no copies")
        for path in copies:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                if any(cell.startswith(FORMULA) for row in csv.reader(fh) for cell in row):
                    problems.append(f"{path.name} has a cell starting a formula")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=180.0, help="seconds per case (default 180)")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out the cases whose name contains this (repeat for several)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--keep", metavar="DIR", help="build the cases in DIR and keep them")
    opts = parser.parse_args()
    names = [n for n in CASES if opts.only in n and not any(skip in n for skip in opts.skip)]
    if opts.list:
        print("\n".join(names))
        return 0
    root = Path(opts.keep) if opts.keep else Path(tempfile.mkdtemp(prefix="stance-fuzz-"))
    root.mkdir(parents=True, exist_ok=True)
    outcomes = []
    try:
        for name in names:
            outcome = run_case(name, root, opts.budget)
            outcomes.append(outcome)
            flags = [f for f, on in (("TRACEBACK", outcome.traceback), ("HANG", outcome.hang),
                                     (f"LOST {outcome.rows_lost}", outcome.rows_lost),
                                     (f"OFFSETS {outcome.offset_errors}", outcome.offset_errors),
                                     ("UNSAFE", outcome.unsafe), ("EXIT", outcome.wrong_exit)) if on]
            print(f"{name:40s} {outcome.seconds:6.1f}s  {' '.join(flags) or 'ok'}", flush=True)
            for detail in (outcome.traceback.strip().splitlines()[-1:] if outcome.traceback else []) + \
                    outcome.unsafe + ([outcome.wrong_exit] if outcome.wrong_exit else []):
                print(f"    {detail[:300]}")
    finally:
        if not opts.keep:
            shutil.rmtree(root, ignore_errors=True)
    counts = {
        "cases tried": len(outcomes),
        "tracebacks": sum(bool(o.traceback) for o in outcomes),
        "hangs": sum(o.hang for o in outcomes),
        "rows lost": sum(o.rows_lost for o in outcomes),
        "offset errors": sum(o.offset_errors for o in outcomes),
        "unsafe outputs": sum(bool(o.unsafe) for o in outcomes),
        "wrong exits": sum(bool(o.wrong_exit) for o in outcomes),
    }
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    print("; ".join(f"{k}: {v}" for k, v in counts.items()))
    if slowest:
        print(f"slowest case: {slowest.name} {slowest.seconds:.1f}s (budget {opts.budget:.0f}s); "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 1 if any(v for k, v in counts.items() if k != "cases tried") else 0


if __name__ == "__main__":
    raise SystemExit(main())
