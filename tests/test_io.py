"""Reading every input format, skipping every kind of bad input, writing CSVs safely."""
from __future__ import annotations

import codecs
import json
import os

import pandas as pd
import pytest

from stance.errors import StanceError
from stance.io import Input, ReadOptions, Skipped, count_inputs, read_frame, read_inputs, read_memory, unique_ids, write_csv
from stance.records import Document


def _docs(items):
    return {i.document.doc_id: i for i in items if isinstance(i, Input)}


def _skips(items):
    return [i for i in items if isinstance(i, Skipped)]


def test_io_txt_file_doc_id_is_stem(good_inputs, article):
    [item] = read_inputs([good_inputs["txt"]])
    assert item.document == Document("single", article)
    assert item.path == str(good_inputs["txt"])


def test_io_folder_is_recursive_with_relative_ids(good_inputs, other_article):
    items = list(read_inputs([good_inputs["folder"]]))
    assert [i.document.doc_id for i in items[1:]] == ["2024/dec/sudani", "hussein"]
    assert items[2].document.text == other_article
    assert items[0].reason.startswith("1 file of other types not read (notes.md)")


def test_io_csv_rows_with_metadata_and_default_ids(good_inputs, article):
    docs = _docs(read_inputs([good_inputs["csv"]]))
    assert list(docs) == ["a1", "articles:2"]
    assert docs["a1"].document == Document("a1", article, date="2024-12-06", source="AFP",
                                           title="Iraq presses diplomacy", url="https://example.org/a1")
    assert docs["articles:2"].document.url == ""


def test_io_jsonl_uses_id_column(good_inputs):
    docs = _docs(read_inputs([good_inputs["jsonl"]]))
    assert list(docs) == ["j0", "j1"]
    assert docs["j1"].document.source == "AP"


def test_io_jsonl_bad_line_skips_that_row_only(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Officials said “talks will resume”."}\n{broken\n["a list"]\n', encoding="utf-8")
    items = list(read_inputs([path]))
    assert list(_docs(items)) == ["feed:1"]
    assert [(s.doc_id, s.reason) for s in _skips(items)] == [
        ("feed:2", "row 2, line 2, byte 52: invalid JSON (Expecting property name enclosed in double quotes)"),
        ("feed:3", "row 3, line 3, byte 60: not a JSON object")]


def test_io_parquet_rows(good_inputs):
    docs = _docs(read_inputs([good_inputs["parquet"]]))
    assert list(docs) == ["articles:1", "articles:2"]
    assert docs["articles:2"].document.title == "Concern over Syria"


@pytest.mark.parametrize("case, reason", [
    ("missing", "no such file or folder"),
    ("latin1", "not UTF-8 text (byte 0xe9 at offset 15; try --encoding cp1252)"),
    ("no_text", "no 'text' column (columns: headline, body; try --text-column body)"),
    ("empty", "empty document"),
    ("binary", "binary content (NUL bytes)"),
])
def test_io_bad_input_is_skipped_with_reason(bad_inputs, case, reason):
    [item] = read_inputs([bad_inputs[case]])
    assert item == Skipped(str(bad_inputs[case]), item.doc_id, reason)


@pytest.mark.parametrize("data, hint", [
    ("Le porte-parole a déclaré « rien ».".encode("cp1252"), "try --encoding cp1252"),  # Notepad, Excel
    ("Le porte-parole a déclaré".encode() + b" \xff", "the rest is UTF-8: a damaged byte"),  # no encoding mends it
    (b"Press office \x81 statement", "pass --encoding with the file's encoding"),  # not a Western code page
])
def test_io_non_utf8_says_what_to_pass(tmp_path, data, hint):
    """The one line names the file and what to do: --encoding, or which one, or that none would help."""
    text, table = tmp_path / "note.txt", tmp_path / "rows.jsonl"
    text.write_bytes(data)
    table.write_bytes(b'{"text": "fine"}\n{"text": "' + data + b'"}\n')
    [skip] = read_inputs([text])
    assert skip.message().startswith(f"{text} (note): not UTF-8 text (byte ") and skip.reason.endswith(f"; {hint})")
    skip = _skips(read_inputs([table]))[0]
    assert skip.source == str(table) and skip.reason.startswith("row 2, line 2") and skip.reason.endswith(f"; {hint})")
    cli_ok = ReadOptions(encoding="cp1252")
    if hint.endswith("cp1252"):
        assert [type(i) for i in read_inputs([text, table], cli_ok)] == [Input, Input, Input]


def test_io_mostly_non_text_is_binary():
    [item] = read_memory(["\x07\x1b" * 50 + "a few words"])
    assert item.reason == "binary content (mostly non-text characters)"


def test_io_a_cp1252_row_in_a_utf8_table_says_the_others_are_utf8(tmp_path):
    """Tables merged from two exports: the line says the others are UTF-8 (the row itself was saved
    in another encoding), and --encoding cp1252 reads that row without garbling the UTF-8 ones."""
    path = tmp_path / "merged.csv"
    path.write_bytes("doc_id,text\nu1,\u201cWe stay\u201d she said.\n".encode()
                     + "w1,\u00abNous restons\u00bb a-t-il dit.\n".encode("cp1252"))
    items = list(read_inputs([path]))
    assert list(_docs(items)) == ["u1"]
    [skip] = _skips(items)
    assert skip.reason.endswith("; other lines are UTF-8: this one was saved in another encoding; "
                                "--encoding cp1252 reads it and keeps UTF-8 text UTF-8)")
    docs = _docs(read_inputs([path], ReadOptions(encoding="cp1252")))
    assert [d.document.text for d in docs.values()] == ["\u201cWe stay\u201d she said.", "\u00abNous restons\u00bb a-t-il dit."]


ARTICLE_FR = "\u201cNous restons,\u201d a d\u00e9clar\u00e9 le maire Andr\u00e9 L\u00e9ger \u00e0 l\u2019h\u00f4tel de ville.\n"


@pytest.mark.parametrize("code_page", ["cp1252", "latin-1", "iso-8859-15"])
def test_io_a_code_page_reads_the_files_and_rows_that_are_not_utf8_and_no_others(tmp_path, code_page):
    """A folder of mixed encodings (most files UTF-8, some saved by Notepad or Excel in the Western
    code page): the hint for the latter is --encoding cp1252, which then read every UTF-8 file as
    cp1252 without a word (curly quote marks became three letters each, so quotes were lost, and names
    garbled), a UTF-16 file as NUL-laden text, and a UTF-8 BOM as three letters. A single-byte code page
    now reads what is valid UTF-8 as UTF-8, a byte-order mark as what it marks, and only the other bytes
    in the code page: inside one file too (a paragraph pasted from another source)."""
    text = ARTICLE_FR if code_page == "cp1252" else ARTICLE_FR.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "utf8.txt").write_text(text, encoding="utf-8")
    (folder / "bom.txt").write_text(text, encoding="utf-8-sig")
    (folder / "unicode.txt").write_text(text, encoding="utf-16")
    (folder / "notepad.txt").write_bytes(text.encode(code_page))
    (folder / "pasted.txt").write_bytes(text.encode() + text.encode(code_page))
    options = ReadOptions(encoding=code_page)
    docs = _docs(read_inputs([folder], options))
    assert {d: i.document.text for d, i in docs.items()} == {
        "bom": text, "notepad": text, "pasted": text + text, "unicode": text, "utf8": text}
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(json.dumps({"id": "u", "text": text}, ensure_ascii=False).encode() + b"\n"
                     + json.dumps({"id": "w", "text": text}, ensure_ascii=False).encode(code_page) + b"\n")
    array = tmp_path / "rows.json"
    array.write_bytes(json.dumps([{"id": "j", "text": text}], ensure_ascii=False).encode())
    table = tmp_path / "rows.csv"
    table.write_bytes(codecs.BOM_UTF8 + ('id,text\nc,"' + text.replace('"', '""') + '"\n').encode())
    docs = _docs(read_inputs([rows, array, table], options))
    assert {d: i.document.text for d, i in docs.items()} == {"u": text, "w": text, "j": text, "c": text}


@pytest.mark.parametrize("header, hint", [
    ("ID,Headline,Text", "try --text-column Text"),         # a spreadsheet's capitalised header
    ("url,published,story", "try --text-column story"),      # a scraper's name for it
    ("id,title,article_body", "try --text-column article_body"),
    ("a,b", "pass --text-column with the one holding the articles"),
])
def test_io_a_table_without_a_text_column_names_the_likely_one(tmp_path, header, hint):
    path = tmp_path / "scrape.csv"
    path.write_text(f"{header}\n" + ",".join(["x"] * header.count(",")) + ",words\n", encoding="utf-8")
    [skip] = read_inputs([path])
    assert skip.reason == f"no 'text' column (columns: {header.replace(',', ', ')}; {hint})"
    guess = hint.split()[-1]
    if hint.startswith("try"):  # and the option it names reads it
        [item] = read_inputs([path], ReadOptions(text_column=guess))
        assert item.document.text == "words"


def test_io_tables_in_a_folder_are_named_in_one_line_not_read(tmp_path, article):
    """A folder's documents are its .txt/.html files: an earlier run's quotes.csv (it has a text
    column) or the --meta table beside the articles must not become documents, nor vanish unsaid."""
    (tmp_path / "run").mkdir()
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    pd.DataFrame({"doc_id": ["a"], "text": ["\u201cA quote,\u201d he said."]}).to_csv(tmp_path / "run" / "quotes.csv")
    (tmp_path / "meta.csv").write_text("doc_id,source\na,AFP\n", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert list(_docs(items)) == ["a"]
    [skip] = _skips(items)
    assert skip.source == str(tmp_path) and "\n" not in skip.reason
    assert skip.reason.startswith("2 tables in the folder not read (meta.csv, run/quotes.csv): ")
    assert skip.reason.endswith(f"name them as inputs or in a quoted pattern such as '{tmp_path}/**/*.csv'")
    (tmp_path / "a.txt").unlink()  # tables only: the same line, not "no .txt or .html files" as well
    [skip] = list(read_inputs([tmp_path]))
    assert skip.reason.startswith("2 tables in the folder not read")
    assert [type(i) for i in read_inputs([f"{tmp_path}/**/quotes.csv"])] == [Input]  # as the line says


def test_io_an_output_set_inside_a_folder_input_is_not_read_as_articles(tmp_path, article, other_article):
    """`stance score texts --out texts/run`, run twice: the first run's report.html (and tables) must
    not come back as an article of the second; a folder with another program's manifest.json is read."""
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    run = tmp_path / "run"
    run.mkdir()
    (run / "manifest.json").write_text(json.dumps({"complete": True, "format": "stance-output/1"}), encoding="utf-8")
    (run / "report.html").write_text(f"<html><body><p>{other_article}</p></body></html>", encoding="utf-8")
    (run / "quotes.csv").write_text("doc_id,text\na,x\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text(json.dumps({"name": "a web app"}), encoding="utf-8")
    (site / "b.txt").write_text(other_article, encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert list(_docs(items)) == ["a", "site/b"]
    assert _skips(items)[0] == Skipped(str(run), "", "an output folder of stance (manifest.json), not read as articles")
    assert [s.reason.split(":")[0] for s in _skips(items)[1:]] == ["1 table in the folder not read (site/manifest.json)"]
    assert count_inputs([tmp_path]) == 2  # the progress bar's total agrees


def test_io_other_files_in_a_folder_are_named_in_one_line(tmp_path, article):
    """A scrape's folder holds PDFs, Word files and JSON beside its .txt files: they were left out
    without a word, and a folder of only such files said "no .txt or .html files". Hidden files
    (.DS_Store, a .git folder) are not news."""
    (tmp_path / "2024").mkdir()
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    for name in ("b.pdf", "2024/c.docx", "2024/d.json", "e.PDF", ".DS_Store"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert list(_docs(items)) == ["a"]
    table, other = _skips(items)  # a .json file is a table: named with how to read it
    assert table.reason.startswith("1 table in the folder not read (2024/d.json)")
    assert other == Skipped(str(tmp_path), "", "3 files of other types not read (2024/c.docx, b.pdf, e.PDF): a "
                                               "folder's documents are its .txt and .html files; save PDF and Word "
                                               "files as .txt first")
    (tmp_path / "a.txt").unlink()
    assert [s.reason.split(" (")[0] for s in read_inputs([tmp_path])] == ["1 table in the folder not read",
                                                                          "3 files of other types not read"]


def test_io_unreadable_file_in_folder_is_skipped(tmp_path, article):
    (tmp_path / "ok.txt").write_text(article, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(read_inputs([tmp_path]))
    assert list(_docs(items)) == ["ok"]
    assert _skips(items) == [Skipped(str(tmp_path / "gone.txt"), "gone", "cannot read: No such file or directory")]


def test_io_empty_folder_and_unknown_type_are_skipped(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "report.docx").write_bytes(b"PK")
    items = list(read_inputs([tmp_path / "empty", tmp_path / "report.docx"]))
    assert [s.reason.split(":")[0] for s in items] == ["no .txt or .html files in folder", "unsupported file type '.docx'"]


def test_io_header_only_table_is_skipped(tmp_path):
    path = tmp_path / "none.csv"
    path.write_text("doc_id,text\n", encoding="utf-8")
    assert list(read_inputs([path])) == [Skipped(str(path), "", "table has no rows")]


def test_io_zero_byte_tables_say_they_are_empty(tmp_path):
    """A zero-byte table (an export cut short, a placeholder) was named by whatever its reader tripped on: a
    CSV "no 'text' column (columns: none; ...)", a Parquet "cannot read table after row 0: ...". Each kind now
    says the same thing, naming the file; the other files of the glob are read."""
    names = ["a.csv", "b.jsonl", "c.json", "d.parquet"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "e.jsonl").write_bytes(b'\xef\xbb\xbf{"doc_id": "e1", "text": "One line."}\r\n')
    items = list(read_inputs([str(tmp_path / "*")]))
    assert [(os.path.basename(i.source), i.reason) for i in items if isinstance(i, Skipped)] == [
        (name, "empty file (0 bytes)") for name in names]
    assert [i.document.text for i in items if not isinstance(i, Skipped)] == ["One line."]


def test_io_a_damaged_parquet_row_group_costs_only_its_rows(tmp_path):
    """A Parquet file whose second of three row groups is damaged (a bad copy, a disk error): the file was read
    in batches across row groups, so the first failure skipped the whole file ("cannot read table after row 0").
    Now each row of the damaged group is one skipped input naming it, and the other groups' documents are read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "scrape.parquet"
    rows = [{"doc_id": f"d{i}", "text": f"Article {i} says the pier stays open for another season."} for i in range(6)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2, compression="NONE")
    text = pq.ParquetFile(path).metadata.row_group(1).column(1)  # the text column of the second row group
    data = bytearray(path.read_bytes())
    start = (text.dictionary_page_offset or text.data_page_offset) + 30  # inside its values
    data[start:start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    items = list(read_inputs([path]))
    assert [i.document.doc_id for i in items if isinstance(i, Input)] == ["d0", "d1", "d4", "d5"]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(i.source, i.doc_id) for i in skipped] == [(str(path), "scrape:3"), (str(path), "scrape:4")]
    assert all(i.reason.startswith(f"row {n}, unreadable row group 2 of 3 (") for n, i in zip((3, 4), skipped))


def test_io_duplicate_doc_id_in_a_table_names_both_rows(tmp_path, article, other_article):
    """Two rows of a 2,000-row scrape share an id: the line says which row is skipped and which was kept."""
    path = tmp_path / "scrape.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                              [("x", article), ("y", other_article), ("x", other_article)]) + "\n", encoding="utf-8")
    items = list(unique_ids(read_inputs([path])))
    assert [i.document.doc_id for i in _docs(items).values()] == ["x", "y"]
    assert _skips(items) == [Skipped(str(path), "x", f"row 3: duplicate doc_id (first read from {path}, row 1)")]


def test_io_windows_line_breaks_read_as_text_mode(tmp_path, article):
    path = tmp_path / "crlf.txt"
    path.write_bytes(article.replace("\n", "\r\n").encode("utf-8"))
    [item] = read_inputs([path])
    assert item.document.text == path.read_text(encoding="utf-8") == article


def test_io_duplicate_doc_id_is_skipped(good_inputs):
    items = list(unique_ids(read_inputs([good_inputs["txt"], good_inputs["txt"]])))
    assert isinstance(items[0], Input)
    assert items[1].reason == f"duplicate doc_id (first read from {good_inputs['txt']})"


def test_io_frame_ids_default_to_index(article, other_article):
    frame = pd.DataFrame({"text": [article, other_article]}, index=["x", "y"])
    assert list(_docs(read_frame(frame))) == ["x", "y"]
    with pytest.raises(StanceError, match="DataFrame: no 'text' column"):
        list(read_frame(frame.rename(columns={"text": "body"})))


def test_io_write_csv_replaces_atomically(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text("old\n", encoding="utf-8")
    write_csv(pd.DataFrame({"text": ["will not stand idly by"]}), path)
    assert path.read_text(encoding="utf-8") == "text\nwill not stand idly by\n"
    assert os.listdir(tmp_path) == ["quotes.csv"]


def test_io_interrupted_write_keeps_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "quotes.csv"
    path.write_text("old\n", encoding="utf-8")

    def interrupted(fd):  # the temp file holds the new rows, but the rename never happens
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_csv(pd.DataFrame({"text": ["x"]}), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["quotes.csv"]


_ROWS = [{"doc_id": "a", "text": "Officials said “talks will resume”.\nNew line, “and more”."},
         {"doc_id": "b", "text": "Ω said “no” 😀"}]


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16", b""),                 # Python writes the BOM itself (little-endian here)
    ("utf-16-le", b""),
    ("utf-16-be", b""),
    ("utf-16", "big-endian BOM"),    # --encoding utf-16 on a big-endian file: the BOM decides
    ("utf-32", b""),
    ("cp500", b""),                  # EBCDIC: "\n" is byte 0x25
])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_io_tables_in_encodings_whose_newline_is_not_one_byte(tmp_path, encoding, bom, suffix):
    """The line-based readers split where the encoding writes a newline, then decode each line."""
    from stance.io import ReadOptions

    rows = _ROWS if encoding != "cp500" else [{**r, "text": r["text"].replace("“", '"').replace("”", '"')
                                               .replace("Ω", "O").replace(" 😀", "")} for r in _ROWS]
    text = (pd.DataFrame(rows).to_csv(index=False) if suffix == ".csv"
            else "".join(pd.DataFrame([r]).to_json(orient="records", lines=True, force_ascii=False) for r in rows))
    data = text.encode(encoding)
    if bom:
        data, encoding = b"\xfe\xff" + text.encode("utf-16-be"), "utf-16"
    path = tmp_path / f"t{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([path], ReadOptions(encoding=encoding)))
    assert [(i.document.doc_id, i.document.text) for i in items] == [(r["doc_id"], r["text"]) for r in rows]
    assert count_inputs([path], encoding) == len(rows)  # the progress bar's total, counted in the same encoding


def test_io_utf16_bad_bytes_cost_one_row_with_the_real_offset(tmp_path):
    from stance.io import ReadOptions

    head = "doc_id,text\na,first row\n".encode("utf-16-le")
    bad = "b,".encode("utf-16-le") + b"\x00\xdc" + "x\n".encode("utf-16-le")  # a lone low surrogate
    tail = "c,last row\n".encode("utf-16-le")
    path = tmp_path / "t.csv"
    path.write_bytes(head + bad + tail)
    items = list(read_inputs([path], ReadOptions(encoding="utf-16-le")))
    assert [i.document.doc_id for i in items if isinstance(i, Input)] == ["a", "c"]
    [skip] = [i for i in items if isinstance(i, Skipped)]
    assert f"line 3, byte {len(head)}: not utf-16-le (byte 0x00 at offset {len(head) + 4}; " in skip.reason


def test_io_csv_saved_by_a_european_excel_is_read(tmp_path, article):
    """Excel in European locales saves CSV with semicolons, a BOM and CRLF: the rows are read
    (they were refused as "no 'text' column (columns: doc_id;title;text)")."""
    table = tmp_path / "articles.csv"
    cell = article.replace('"', '""')
    table.write_text(f'doc_id;title;text\r\nd1;"Iraq; Syria";"{cell}"\r\n', encoding="utf-8-sig")
    [doc] = [item.document for item in _docs(read_inputs([table])).values()]
    assert (doc.doc_id, doc.title, doc.text) == ("d1", "Iraq; Syria", article)
    other = tmp_path / "other.csv"  # no text column either way: the columns as semicolons split them
    other.write_text("notes;more\nx;y\n", encoding="utf-8")
    assert [s.reason for s in _skips(read_inputs([other]))] == ["no 'text' column (columns: notes, more; pass --text-column with the one holding the articles)"]


def test_io_csv_with_a_column_twice_is_refused(tmp_path, article):
    table = tmp_path / "twice.csv"
    table.write_text(f'id,text,text\nx,"{article.replace(chr(34), 2 * chr(34))}",other\n', encoding="utf-8")
    [skip] = _skips(read_inputs([table]))
    assert (skip.source, skip.reason) == (str(table), "column(s) text appear more than once in the header")


def test_io_utf16_and_utf32_files_with_a_byte_order_mark_are_read(tmp_path, article):
    """Windows' "Unicode" text is UTF-16 with a BOM: it was skipped as "binary content (NUL bytes)"."""
    (tmp_path / "notepad.txt").write_bytes(article.encode("utf-16"))
    (tmp_path / "wide.txt").write_bytes(article.encode("utf-32"))
    cell = article.replace('"', '""')
    (tmp_path / "sheet.csv").write_bytes(f'id,text\r\nc1,"{cell}"\r\n'.encode("utf-16"))
    (tmp_path / "rows.jsonl").write_bytes((json.dumps({"id": "j1", "text": article}) + "\n").encode("utf-16-be")
                                          .join([b"\xfe\xff", b""]))
    paths = [tmp_path / name for name in ("notepad.txt", "wide.txt", "sheet.csv", "rows.jsonl")]
    docs = _docs(read_inputs(paths))
    assert {doc_id: item.document.text for doc_id, item in docs.items()} == {
        "notepad": article, "wide": article, "c1": article, "j1": article}
    assert count_inputs(paths) == 4


def test_io_utf16_without_a_byte_order_mark_says_which_encoding_reads_it(tmp_path, article):
    """UTF-16 saved without its mark (some exporters do) was "binary content (NUL bytes)", with no way out
    named: the reason now names the --encoding that reads it, and that encoding reads it."""
    for order in ("le", "be"):
        (tmp_path / f"{order}.txt").write_bytes(article.encode(f"utf-16-{order}"))
        [skip] = read_inputs([tmp_path / f"{order}.txt"])
        assert skip.reason == ("binary content (NUL bytes; UTF-16 text without a byte-order mark? "
                               f"try --encoding utf-16-{order})")
        [item] = read_inputs([tmp_path / f"{order}.txt"], ReadOptions(encoding=f"utf-16-{order}"))
        assert item.document.text == article
    (tmp_path / "zip.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    [skip] = read_inputs([tmp_path / "zip.txt"])
    assert skip.reason == "binary content (NUL bytes)"


def test_io_html_in_table_cells_is_read_as_the_text_it_shows(tmp_path):
    """A news database's CSV export holds bodies as HTML: read as text, the tags sat inside quotes and
    sentences, and quote marks written &ldquo; or &#8220; were no quote marks, so those quotes were lost.
    A cell of plain text (even with a "<") is left as it is; one note per table names the rows."""
    body = ("<p>&ldquo;We cannot keep the\n boats out,&rdquo; said Oren Talbeck, the <b>authority&rsquo;s</b> "
            "head.</p><p>Fishers disagreed.<br/>&#8220;It ruins the season,&#8221; said Mira Castell.</p>"
            "<script>var x = '<p>';</script>")
    page = "<!DOCTYPE html><html><body><article><p>" + "A long report. " * 20 + "</p></article></body></html>"
    table = tmp_path / "export.csv"
    pd.DataFrame({"id": ["h", "plain", "refs", "page"], "title": ["Boats &amp; <i>night</i>", "a < b", "x", "p"],
                  "text": [body, "Values: a < b, \u201cso,\u201d he said.\nNext line", "AT&T said &quot;no&quot;.",
                           page]}).to_csv(table, index=False)
    items = list(read_inputs([table]))
    docs = _docs(items)
    assert docs["h"].document.text == ("\u201cWe cannot keep the boats out,\u201d said Oren Talbeck, the authority\u2019s "
                                       "head.\nFishers disagreed.\n\u201cIt ruins the season,\u201d said Mira Castell.")
    assert docs["h"].document.title == "Boats & night"
    assert docs["plain"].document.text == "Values: a < b, \u201cso,\u201d he said.\nNext line"
    assert docs["plain"].document.title == "a < b"
    assert docs["refs"].document.text == 'AT&T said "no".'
    assert docs["page"].document.text.startswith("A long report.") and "<" not in docs["page"].document.text
    [note] = _skips(items)
    assert note == Skipped(str(table), "", "2 rows' 'text' held HTML (rows 1, 4): read as the text it shows, a "
                                           "paragraph a line; offsets refer to that text (documents processed)")


def test_io_json_files_as_scrapers_and_news_apis_write_them(tmp_path, article):
    """A .json file was refused as an unsupported type: an array of articles (a scraper's output), an
    object holding one ({"articles": [...]}, a news API's), one article, or JSON Lines under a .json
    name are read as tables; a bad item costs that row, a syntax error is one line with its place."""
    row = {"text": article, "source": "AP"}
    files = {"array.json": json.dumps([{**row, "id": "a1"}, row, 5], indent=2),
             "api.json": json.dumps({"status": "ok", "articles": [{**row, "id": "n1"}]}),
             "one.json": json.dumps({**row, "id": "single"}),
             "lines.json": json.dumps({**row, "id": "l1"}) + "\n" + json.dumps({**row, "id": "l2"}) + "\n",
             "broken.json": '[{"text": "x",}]', "other.json": json.dumps({"status": "ok"}),
             "body.json": json.dumps([{"body": article, "id": "b1"}])}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    items = list(read_inputs([tmp_path / name for name in files]))
    assert list(_docs(items)) == ["a1", "array:2", "n1", "single", "l1", "l2"]
    assert _docs(items)["n1"].document.source == "AP"
    assert [(s.doc_id, s.reason) for s in _skips(items)] == [
        ("array:3", "row 3, not a JSON object"),
        ("", "invalid JSON (line 1, column 15: Expecting property name enclosed in double quotes)"),
        ("", "a JSON object without a 'text' field or one list of articles (keys: status)"),
        ("b1", "no 'text' field (fields: body, id; try --text-column body)")]
    assert count_inputs([tmp_path / "array.json", tmp_path / "lines.json"]) == 5


def test_io_parquet_text_stored_as_binary_is_decoded(tmp_path, article):
    """Spark and Hive write strings as plain BINARY unless told otherwise: every row was skipped
    as "'text' is bytes, not a string"."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "spark.parquet"
    pq.write_table(pa.table({"id": ["s1", "s2"], "text": pa.array([article.encode(), b"\xff\xfe bad"])}), path)
    items = list(read_inputs([path]))
    assert _docs(items)["s1"].document.text == article
    [skip] = _skips(items)
    assert skip.doc_id == "s2" and skip.reason.startswith("not UTF-8 text (byte 0xff at offset 0")


def test_io_parquet_timestamps_and_dates_are_iso_dates(tmp_path, article):
    """A Parquet date column (date32, or a timestamp as pandas and Spark write dates) was written
    to documents.csv as Python prints it ('2024-12-07 00:00:00', '2024-12-06 14:30:00+00:00'):
    a date is its ISO date, a timestamp ISO 8601 with its time and offset unless it is midnight."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = ["midnight", "afternoon", "none", "fraction"]
    naive = [dt.datetime(2024, 12, 7), dt.datetime(2024, 12, 6, 14, 30), None, dt.datetime(2024, 12, 8, 9, 5, 7, 123000)]
    columns = {
        "us": (pa.array(naive, pa.timestamp("us")),
               ["2024-12-07", "2024-12-06T14:30:00", "", "2024-12-08T09:05:07.123000"]),
        "ns": (pa.array(naive, pa.timestamp("ns")),
               ["2024-12-07", "2024-12-06T14:30:00", "", "2024-12-08T09:05:07.123000"]),
        "utc": (pa.array(naive, pa.timestamp("ms", tz="UTC")),
                ["2024-12-07", "2024-12-06T14:30:00+00:00", "", "2024-12-08T09:05:07.123000+00:00"]),
        "berlin": (pa.array(naive, pa.timestamp("s", tz="Europe/Berlin")),
                   ["2024-12-07T01:00:00+01:00", "2024-12-06T15:30:00+01:00", "", "2024-12-08T10:05:07+01:00"]),
        "date": (pa.array([d and d.date() for d in naive], pa.date32()),
                 ["2024-12-07", "2024-12-06", "", "2024-12-08"]),
    }
    for name, (dates, expected) in columns.items():
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"id": ids, "text": [article] * 4, "date": dates}), path)
        docs = _docs(read_inputs([path]))
        assert [docs[i].document.date for i in ids] == expected, name


def test_io_unix_time_dates_are_iso_dates_and_count_in_periods(tmp_path, article):
    """A date given as seconds or milliseconds since 1970 (a scraper's Unix time; pandas' to_json writes
    milliseconds) was kept as the number and every such document was undated in the matrix's periods and
    the report's stance over time. Now ISO 8601 in UTC, from CSV, JSONL, Parquet and --meta; a YYYYMMDD
    date and other numbers stay as written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from stance.io import read_meta
    from stance.matrix import _periods

    ids = ["s", "ms", "midnight", "ymd", "iso", "short"]
    cells = ["1733495400", "1733581800000", "1733443200", "20241209", "2024-12-10", "12345"]
    expected = ["2024-12-06T14:30:00+00:00", "2024-12-07T14:30:00+00:00", "2024-12-06", "20241209", "2024-12-10",
                "12345"]
    pd.DataFrame({"doc_id": ids, "text": article, "date": cells}).to_csv(tmp_path / "a.csv", index=False)
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"doc_id": i, "text": article, "date": int(c) if c.isdigit()
                                                          else c}) + "\n" for i, c in zip(ids, cells)))
    pq.write_table(pa.table({"doc_id": ids[:3], "text": [article] * 3,
                             "date": pa.array([int(c) for c in cells[:3]], pa.int64())}), tmp_path / "a.parquet")
    for name in ("a.csv", "a.jsonl", "a.parquet"):
        docs = _docs(read_inputs([tmp_path / name]))
        assert [docs[i].document.date for i in docs] == expected[:len(docs)], name
    pd.DataFrame({"doc_id": ["x"], "date": ["1733495400000"]}).to_csv(tmp_path / "meta.csv", index=False)
    assert read_meta(tmp_path / "meta.csv") == {"x": {"date": "2024-12-06T14:30:00+00:00"}}
    documents = pd.DataFrame({"doc_id": ids, "date": expected})
    assert list(_periods(pd.DataFrame({"doc_id": ids}), documents, "D")) == [
        "2024-12-06", "2024-12-07", "2024-12-06", "2024-12-09", "2024-12-10", ""]


def test_io_file_names_alike_in_two_folders_are_two_documents(tmp_path, article, other_article):
    """`stance score day1/ day2/` (each with its `afp-1.txt`) or `"dumps/*/articles.csv"` (each a
    `articles:1`...): the doc_ids made from the file names collided and every document of the later folder
    or table was skipped as a duplicate. Now they take their folder's name in front, with one note per
    folder; the same file given twice, the same article saved twice (same text), and ids the data gives
    stay duplicates."""
    for day, text in (("day1", article), ("day2", other_article)):
        (tmp_path / day).mkdir()
        (tmp_path / day / "afp-1.txt").write_text(text, encoding="utf-8")
        pd.DataFrame({"text": [text, text + " More."]}).to_csv(tmp_path / day / "articles.csv", index=False)
        pd.DataFrame({"doc_id": ["given"], "text": [text]}).to_csv(tmp_path / day / "given.csv", index=False)
    (tmp_path / "day3").mkdir()
    (tmp_path / "day3" / "afp-1.txt").write_text(article, encoding="utf-8")  # day1's article again
    day1, day2 = tmp_path / "day1", tmp_path / "day2"
    items = list(unique_ids(read_inputs([day1, day2, tmp_path / "day3", day1 / "afp-1.txt",
                                         day1 / "articles.csv", day2 / "articles.csv",
                                         day1 / "given.csv", day2 / "given.csv"])))
    docs = _docs(items)
    assert list(docs) == ["afp-1", "day2/afp-1", "articles:1", "articles:2", "day2/articles:1", "day2/articles:2",
                          "given"]
    assert docs["day2/afp-1"].document.text == other_article
    assert docs["day2/articles:1"].row == 1 and docs["day2/articles:2"].path == str(day2 / "articles.csv")
    # (day2's table is noted with its folder: one note per folder)
    reasons = [(s.doc_id, s.reason) for s in _skips(items) if "tables in the folder" not in s.reason]
    assert reasons == [
        ("day2/afp-1", f"doc_ids made from file names under {day2} were taken by earlier inputs (first 'afp-1', "
                       f"by {day1 / 'afp-1.txt'}): these take the name of their folder in front, as 'day2/afp-1' "
                       "(document processed)"),
        ("afp-1", f"duplicate doc_id (first read from {day1 / 'afp-1.txt'})"),  # day3's: the same text
        ("afp-1", f"duplicate doc_id (first read from {day1 / 'afp-1.txt'})"),  # the same file again
        ("given", f"row 1: duplicate doc_id (first read from {day1 / 'given.csv'}, row 1)")]


def test_a_write_on_a_read_only_filesystem_names_the_file_asked_for(tmp_path, monkeypatch):
    """`stance review export run --out ro/tasks.json` on a read-only mount ended in "ro/.tasks.json.123.tmp:
    Read-only file system" (exit 1): removing the temporary file that was never made fails there too (EROFS,
    not ENOENT), and that hid the one-line error about the file asked for."""
    import errno
    import pathlib

    from stance.io import write_text

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(pathlib.Path, "open", read_only)
    monkeypatch.setattr(os, "unlink", read_only)
    with pytest.raises(StanceError, match=rf"^cannot write {tmp_path / 'tasks.json'}: Read-only file system$"):
        write_text(tmp_path / "tasks.json", "[]")


def test_io_json_rows_with_nested_ids_or_metadata(tmp_path):
    """A JSON row whose doc_id was a list, or whose date an object, was read with Python's repr as the value
    ("['x']", "{'y': 2024}") in documents.csv. Such a row is skipped, saying which field; MongoDB's extended
    JSON date (mongoexport's {"$date": ...}) is read as the date it holds."""
    text = '"We will not allow the pier to close," said Mara Vell.'
    rows = [{"doc_id": ["x"], "text": text}, {"doc_id": "d", "text": text, "date": {"y": 2024}},
            {"doc_id": "m1", "text": text, "date": {"$date": "2024-11-30T10:00:00Z"}},
            {"doc_id": "m2", "text": text, "date": {"$date": {"$numberLong": "1732924800000"}}}]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    items = list(read_inputs([path]))
    assert [(i.doc_id, i.reason) for i in items if isinstance(i, Skipped)] == [
        ("rows:1", "'doc_id' is list, not a string or number"), ("d", "'date' is dict, not a string or number")]
    assert {i.document.doc_id: i.document.date for i in items if isinstance(i, Input)} == {
        "m1": "2024-11-30T10:00:00Z", "m2": "2024-11-30"}


def test_io_quotes_corrected_in_a_spreadsheet_that_saved_its_code_page_say_how_to_save_them(tmp_path):
    """A quotes.csv corrected by hand and saved as Excel's plain "CSV" (Windows' code page) printed Python's
    codec message ("'utf-8' codec can't decode byte 0xe9 in position 48: invalid continuation byte")."""
    from stance.io import read_quotes

    path = tmp_path / "quotes.csv"
    path.write_bytes("doc_id,quote_id,start,end,text,speaker\nd1,d1:1,0,4,Oui,Café Owner\n".encode("cp1252"))
    with pytest.raises(StanceError) as raised:
        read_quotes(path)
    assert str(raised.value) == f"{path}: cannot read quotes (not UTF-8: byte 0xe9; save it as CSV UTF-8)"
