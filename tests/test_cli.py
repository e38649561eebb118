"""The `stance score` command: outputs, bad inputs, overwriting, exit codes, messages."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from stance.cli import main
from stance.errors import StanceError
from stance.matrix import DEFAULT_LABELS
from stance.records import quote_columns
from stance.report import REPORT_FILES


def _read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _texts(documents: pd.DataFrame) -> dict[str, str]:
    return {row.doc_id: open(row.path, encoding="utf-8").read() for row in documents.itertuples()}


def test_cli_score_writes_quotes_documents_errors(tmp_path, capsys, seeds):
    out = tmp_path / "out"
    assert main(["score", str(seeds), "--out", str(out)]) == 0
    assert sorted(os.listdir(out)) == sorted(["documents.csv", "errors.csv", "quotes.csv", *REPORT_FILES,
                                              "manifest.json"])
    quotes, documents = _read(out / "quotes.csv"), _read(out / "documents.csv")
    assert list(quotes.columns) == quote_columns(DEFAULT_LABELS)
    assert list(documents.columns) == ["doc_id", "source", "title", "date", "url", "path", "n_quotes"]
    assert len(documents) == 5 and len(quotes) > 20
    texts = _texts(documents)
    for row in quotes.itertuples():
        assert texts[row.doc_id][int(row.start):int(row.end)] == row.text
    assert documents.n_quotes.astype(int).sum() == len(quotes)
    assert _read(out / "errors.csv").empty
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(f"stance: 5 documents, {len(quotes)} quotes, 0 skipped in ")


def test_cli_every_input_format(tmp_path, good_inputs):
    out = tmp_path / "out"
    assert main(["score", *map(str, good_inputs.values()), "--out", str(out), "--quiet"]) == 0
    documents = _read(out / "documents.csv")
    assert list(documents.doc_id) == ["2024/dec/sudani", "hussein", "single", "a1", "articles:2",
                                      "j0", "j1", "articles:1"]
    assert _read(out / "errors.csv").to_dict("records") == [
        {"source": str(good_inputs["folder"]), "doc_id": "",
         "reason": "1 file of other types not read (notes.md): a folder's documents are its .txt and .html files; "
                   "save PDF and Word files as .txt first"},
        {"source": str(good_inputs["parquet"]), "doc_id": "articles:2",
         "reason": f"row 2: duplicate doc_id (first read from {good_inputs['csv']}, row 2)"}]
    quotes = _read(out / "quotes.csv")
    assert set(quotes.doc_id) == set(documents.doc_id)
    assert documents.set_index("doc_id").loc["a1", "source"] == "AFP"


def test_cli_skips_bad_inputs_and_carries_on(tmp_path, good_inputs, bad_inputs, capsys):
    out = tmp_path / "out"
    argv = ["score", str(good_inputs["txt"]), *map(str, bad_inputs.values()), "--out", str(out)]
    assert main(argv) == 0
    errors = _read(out / "errors.csv")
    assert list(errors.columns) == ["source", "doc_id", "reason"]
    assert list(errors.source) == [str(p) for p in bad_inputs.values()]
    assert list(errors.reason) == ["no such file or folder", "not UTF-8 text (byte 0xe9 at offset 15; try --encoding cp1252)",
                                   "no 'text' column (columns: headline, body; try --text-column body)", "empty document",
                                   "binary content (NUL bytes)"]
    assert list(_read(out / "documents.csv").doc_id) == ["single"]
    lines = capsys.readouterr().err.splitlines()
    problems = [line for line in lines if line.startswith("stance: error: ")]
    assert len(problems) == 5
    assert problems[0] == f"stance: error: {bad_inputs['missing']}: no such file or folder (skipped)"
    assert "Traceback" not in "\n".join(lines)


def test_cli_many_skipped_rows_print_twenty_lines_then_a_count_by_reason(tmp_path, article, capsys):
    """A scraped table with hundreds of bad rows: the terminal shows the first 20, says where the
    rest are, and ends with how many of each kind; errors.csv keeps every one."""
    rows = ["doc_id,text", f'good,"{article}"'] + [f"e{n}," for n in range(30)] + [f"d{n},ok text" for n in (1, 1, 1)]
    rows += ["x1,a stray, comma"]
    table = tmp_path / "scrape.csv"
    table.write_bytes("\n".join(rows).encode() + b"\nw1,caf\xe9 owner said\n")
    out = tmp_path / "out"
    assert main(["score", str(table), "--out", str(out), "--quiet", "--model", "fast"]) == 0
    assert len(_read(out / "errors.csv")) == 34
    lines = capsys.readouterr().err.splitlines()
    assert sum(line.startswith("stance: error: ") for line in lines) == 20
    assert f"stance: more inputs skipped: listed in {out / 'errors.csv'} only (counted by reason at the end)" in lines
    assert lines[-1] == ("stance: skipped, by reason: 30 empty document, 2 duplicate doc_id, "
                         "1 more cells than the header, 1 not UTF-8")


def test_cli_output_folder_that_is_the_input_folder_is_refused_before_anything(tmp_path, article, capsys):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(article, encoding="utf-8")
    assert main(["score", str(texts), "--out", str(texts), "--force", "--quiet", "--model", "fast"]) == 2
    assert capsys.readouterr().err == (f"stance: error: {texts}: the output folder is an input folder (its articles "
                                       "would share it with the results, which the next run skips): write "
                                       f"elsewhere, e.g. --out {texts / 'run'}\n")
    assert [p.name for p in texts.iterdir()] == ["a.txt"]


def test_cli_a_run_that_fails_before_any_chunk_leaves_no_new_folder(tmp_path, article, monkeypatch, capsys):
    """An unreachable Dask scheduler, a model that will not load: 'nothing was written to DIR'
    must be true, with no empty DIR left behind (an existing folder stays)."""
    import stance.cli

    def fail(*args, **kwargs):
        raise StanceError("cannot start or reach the Dask scheduler at tcp://127.0.0.1:9: timed out")

    monkeypatch.setattr(stance.cli, "run", fail)
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    out = tmp_path / "new" / "run"
    assert main(["score", str(tmp_path / "a.txt"), "--out", str(out), "--quiet"]) == 2
    assert "Dask scheduler" in capsys.readouterr().err and not out.exists()
    (tmp_path / "mine").mkdir()
    assert main(["score", str(tmp_path / "a.txt"), "--out", str(tmp_path / "mine"), "--quiet"]) == 2
    assert (tmp_path / "mine").is_dir() and not any((tmp_path / "mine").iterdir())


def test_cli_an_output_under_a_file_names_the_file(tmp_path, article, capsys):
    """`--out notes.txt/run` failed with mkdir's "File exists" or "Not a directory", naming neither the file
    nor what was wrong with it; `stance train` said so only after the whole training."""
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    rows = [(f"{label} words {n}", label) for label in ("interventionist", "non-interference", "concern", "support",
                                                        "neutral") for n in range(2)]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(tmp_path / "train.csv", index=False)
    for argv, line in (
            (["score", str(tmp_path / "a.txt"), "--out", str(notes / "run"), "--model", "fast", "--quiet"],
             f"cannot write to output folder {notes / 'run'}"),
            (["train", str(tmp_path / "train.csv"), "--out", str(notes / "models" / "mine"), "--kind", "tfidf"],
             f"cannot write model folder {notes / 'models' / 'mine'}")):
        assert main(argv) == 2
        assert capsys.readouterr().err == f"stance: error: {line}: {notes} is a file, not a folder\n"
    assert notes.read_text(encoding="utf-8") == "mine\n"


def test_cli_nothing_processed_exits_non_zero(tmp_path, bad_inputs, capsys):
    out = tmp_path / "out"
    assert main(["score", str(bad_inputs["empty"]), str(bad_inputs["missing"]), "--out", str(out), "--quiet"]) == 1
    assert len(_read(out / "errors.csv")) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"stance: error: no document could be processed (reasons in {out / 'errors.csv'})")


def test_cli_refuses_to_overwrite_without_force(tmp_path, capsys, seeds):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.csv").write_text("earlier,results\n", encoding="utf-8")
    before = os.stat(out / "quotes.csv")
    assert main(["score", str(seeds), "--out", str(out)]) == 2
    assert os.listdir(out) == ["quotes.csv"]
    assert os.stat(out / "quotes.csv").st_mtime_ns == before.st_mtime_ns
    assert capsys.readouterr().err == (
        f"stance: error: output folder {out} is not empty: pass --force to replace its files\n")


def test_cli_force_replaces_outputs_and_keeps_other_files(tmp_path, seeds):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.csv").write_text("earlier,results\n", encoding="utf-8")
    (out / "notes.md").write_text("my notes", encoding="utf-8")
    assert main(["score", str(seeds), "--out", str(out), "--force", "--quiet"]) == 0
    assert sorted(os.listdir(out)) == sorted(["documents.csv", "errors.csv", "notes.md", "quotes.csv", *REPORT_FILES,
                                              "manifest.json"])
    assert list(_read(out / "quotes.csv").columns) == quote_columns(DEFAULT_LABELS)


@pytest.mark.parametrize("before, expected", [
    ("new", "nothing was written to {out}"),
    ("earlier set", "the earlier output set in {out} is unchanged"),
    ("chunks done", "{out} is marked incomplete in manifest.json; rerun with --resume to finish it, "
                    "or with --force to start over"),
])
def test_cli_ctrl_c_says_what_the_folder_holds(tmp_path, capsys, seeds, monkeypatch, before, expected):
    """Ctrl-C is one line that says what DIR holds now and how to go on, never a bare 'interrupted'."""
    import stance.cli

    out = tmp_path / "out"
    if before == "earlier set":
        assert main(["score", str(seeds / "000_43cefed9074ec0fa.txt"), "--out", str(out), "--quiet",
                     "--model", "fast"]) == 0
    earlier = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}

    def interrupted(*args, parts, **kwargs):
        if before == "chunks done":  # a chunk finished before Ctrl-C: worth keeping for --resume
            parts.mkdir()
            (parts / "000000.json").write_text("{}", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(stance.cli, "run", interrupted)
    capsys.readouterr()
    assert main(["score", str(seeds), "--out", str(out), "--force", "--quiet"]) == 130
    assert capsys.readouterr().err == f"stance: error: interrupted: {expected.format(out=out)}\n"
    if before == "earlier set":
        assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


def test_cli_resume_never_redoes_a_finished_set_or_takes_a_foreign_folder(tmp_path, capsys, seeds):
    """--resume was a way around --force: it replaced a complete set (even with another model) or
    wrote into a folder of other files. Only an interrupted run is resumed."""
    out, one = tmp_path / "out", str(seeds / "000_43cefed9074ec0fa.txt")
    assert main(["score", one, "--out", str(out), "--quiet", "--model", "fast"]) == 0
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    assert main(["score", str(seeds), "--out", str(out), "--quiet", "--model", "fast", "--resume"]) == 2
    assert capsys.readouterr().err == (f"stance: error: output folder {out} holds a complete output set: "
                                       "nothing to resume (pass --force to replace it)\n")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("my notes", encoding="utf-8")
    assert main(["score", one, "--out", str(mine), "--quiet", "--model", "fast", "--resume"]) == 2
    assert "holds no interrupted run: pass --force" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.md"]


def test_cli_quiet_prints_nothing_on_success(tmp_path, capsys, seeds):
    assert main(["score", str(seeds), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("argv", [["score", "x.txt", "--out", "o", "--bogus"],
                                  ["score", "x.txt", "--out", "o", "--workers", "0"],
                                  ["score", "x.txt"], ["frobnicate"]])
def test_cli_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert re.match(r"stance( score)?: error: ", capsys.readouterr().err.splitlines()[-1])


def test_cli_unknown_parser_is_one_line_error(tmp_path, capsys, seeds):
    assert main(["score", str(seeds), "--out", str(tmp_path / "out"), "--parser", "no_such_pipeline", "--quiet"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("stance: error: cannot load spaCy pipeline 'no_such_pipeline'")


@pytest.mark.slow
def test_cli_subprocess_with_workers_matches_in_process(tmp_path, good_inputs, bad_inputs, seeds, repo):
    inputs = [str(seeds), *map(str, good_inputs.values()), str(bad_inputs["latin1"])]
    assert main(["score", *inputs, "--out", str(tmp_path / "one"), "--quiet"]) == 0
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run([sys.executable, "-m", "stance", "score", *inputs, "--out", str(tmp_path / "two"),
                           "--workers", "2"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "stance: error: " in done.stderr and "(skipped)" in done.stderr
    for name in ("documents.csv", "errors.csv", "actors.csv"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text(), name
    one, two = _read(tmp_path / "one" / "quotes.csv"), _read(tmp_path / "two" / "quotes.csv")
    # Probabilities may differ in the last digit: the encoder's batches (and so its
    # float rounding) depend on what else this process has encoded.
    probabilities = [c for c in one.columns if c.startswith("p_")] + ["stance_score"]
    pd.testing.assert_frame_equal(one.drop(columns=probabilities), two.drop(columns=probabilities))
    pd.testing.assert_frame_equal(one[probabilities].astype(float), two[probabilities].astype(float), atol=2e-3)


def test_cli_seeds_match_the_gold_quotes(tmp_path, shared):
    out = tmp_path / "out"
    assert main(["score", str(shared / "seeds"), "--out", str(out), "--quiet"]) == 0
    done = subprocess.run([sys.executable, str(shared / "tools" / "quote_eval.py"), "score",
                           str(shared / "gold" / "seeds.jsonl"), str(out / "quotes.csv"), "--json"],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["quote_f1"] >= 0.9


def test_cli_bad_model_fails_before_any_work(tmp_path, capsys, seeds):
    out = tmp_path / "out"
    assert main(["score", str(seeds), "--out", str(out), "--model", str(tmp_path / "nope"), "--quiet"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("stance: error: ") and "no such model folder" in line
    assert not out.exists()  # made by this run, left as found


@pytest.mark.slow
def test_cli_zero_shot_with_a_user_codebook(tmp_path, seeds):
    codebook = tmp_path / "toy.yaml"
    codebook.write_text("name: toy\nlabels:\n"
                        "  - {name: worried, definition: expresses worry or alarm, examples: ['we are deeply concerned']}\n"
                        "  - {name: other, definition: anything else, examples: ['the talks start on Monday']}\n")
    out = tmp_path / "out"
    assert main(["score", str(seeds), "--out", str(out), "--model", "zero-shot", "--codebook", str(codebook),
                 "--quiet"]) == 0
    quotes = _read(out / "quotes.csv")
    assert {"p_worried", "p_other"} <= set(quotes.columns) and set(quotes["model"]) == {"zero-shot:toy"}
    assert quotes.loc[quotes["text"] == "deep concerns", "stance"].eq("worried").all()
    assert list(_read(out / "matrix.csv").columns[1:4]) == ["worried", "other", "n"]


def test_cli_report_keeps_the_chunks_of_an_interrupted_run_for_resume(tmp_path, seeds, capsys):
    """`stance score --force` over a finished set, interrupted: the old set is complete, the new
    run's chunks wait in DIR/parts. `stance report` rebuilding the old set used to delete them."""
    out, one = tmp_path / "out", str(seeds / "000_43cefed9074ec0fa.txt")
    assert main(["score", one, "--out", str(out), "--quiet", "--model", "fast"]) == 0
    (out / "parts").mkdir()
    for name, text in (("run.json", "{}"), ("000000.json", "{}"), ("000000.parquet", "")):
        (out / "parts" / name).write_text(text, encoding="utf-8")
    assert main(["report", str(out)]) == 0
    assert sorted(p.name for p in (out / "parts").iterdir()) == ["000000.json", "000000.parquet", "run.json"]
    assert main(["dna", str(out)]) == 0
    assert (out / "parts" / "000000.json").is_file()


def test_cli_html_cells_are_quoted_and_reviewed_on_the_text_they_show(tmp_path, capsys):
    """The quotes of a CSV whose bodies are HTML are found (their marks were &ldquo;), and `review export`,
    reading the table again, gives Label Studio the same text the offsets count in."""
    body = ("<p>The harbour board met on Tuesday.</p><p>&ldquo;We cannot keep sending the boats out,&rdquo; "
            "said Oren Talbeck, the board&rsquo;s director.</p>")
    table = tmp_path / "export.csv"
    pd.DataFrame({"id": ["h1"], "body": [body]}).to_csv(table, index=False)
    out = tmp_path / "run"
    assert main(["score", str(table), "--text-column", "body", "--out", str(out), "--model", "fast", "--quiet"]) == 0
    assert "stance: note: " in capsys.readouterr().err
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["skipped"] == 0  # a note skips nothing
    quotes = _read(out / "quotes.csv")
    assert quotes[["text", "speaker"]].values.tolist() == [["We cannot keep sending the boats out,", "Oren Talbeck"]]
    assert main(["review", "export", str(out), "--out", str(tmp_path / "t.json"), "--text-column", "body"]) == 0
    [task] = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert task["data"]["text"].startswith("The harbour board met on Tuesday.\n\u201cWe cannot")


def test_cli_sigterm_stops_like_ctrl_c_and_resume_finishes(tmp_path, seeds, repo):
    """`kill PID` (or a scheduler or container stopping the job) killed the parent outright: no line
    said what DIR held, and the worker pool's semaphores were reported leaked. Now it stops as Ctrl-C
    does, with the one line, and --resume finishes the same set an uninterrupted run writes."""
    import signal
    import time

    texts = tmp_path / "texts"
    texts.mkdir()
    for n in range(6):
        for path in sorted(seeds.glob("*.txt")):
            (texts / f"{n}-{path.name}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(repo)}
    argv = [sys.executable, "-m", "stance", "score", str(texts), "--model", "fast", "--quiet", "--workers", "2",
            "--chunk-size", "1", "--out"]
    out = tmp_path / "run"
    process = subprocess.Popen([*argv, str(out)], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not list((out / "parts").glob("0*.json")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert err == (f"stance: error: terminated: {out} is marked incomplete in manifest.json; rerun with --resume "
                   "to finish it, or with --force to start over\n")
    assert subprocess.run([*argv, str(out), "--resume"], env=env, timeout=300).returncode == 0
    assert subprocess.run([*argv, str(tmp_path / "whole")], env=env, timeout=300).returncode == 0
    for name in ("quotes.csv", "documents.csv", "actors.csv", "matrix.csv"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name


def test_cli_a_force_run_that_reads_no_document_keeps_the_earlier_set(tmp_path, capsys, seeds):
    """`--force` over a finished run with inputs that yield nothing (an empty or unmounted folder, a
    pattern that matches nothing, a wrong --text-column) replaced the set with an empty one and
    said 'no document could be processed': the failed run cost the earlier results."""
    from stance.outputs import read_manifest

    out, empty = tmp_path / "run", tmp_path / "mount"
    empty.mkdir()
    one = str(sorted(seeds.glob("*.txt"))[0])
    assert main(["score", one, "--out", str(out), "--quiet", "--model", "fast"]) == 0
    before = read_manifest(out)
    quotes = (out / "quotes.csv").read_bytes()
    capsys.readouterr()
    assert main(["score", str(empty), str(tmp_path / "none-*.csv"), "--out", str(out), "--force", "--quiet",
                 "--model", "fast"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"stance: error: {empty}: no .txt or .html files in folder (skipped)",
                   f"stance: error: {tmp_path / 'none-*.csv'}: no file matches the pattern (skipped)",
                   f"stance: error: no document could be processed; the earlier output set in {out} is unchanged"]
    assert read_manifest(out) == before and (out / "quotes.csv").read_bytes() == quotes
    assert sorted(os.listdir(out)) == sorted([*before["files"], "manifest.json"])  # no staging, no parts


def test_cli_resume_after_a_swap_cut_short_finishes_it(tmp_path, capsys, seeds, monkeypatch):
    """A score stopped by a full disk mid-swap: `--resume` (as the stop's line says) finishes the swap
    and exits 0 with the complete set, instead of redoing the cross-document steps from the chunks."""
    from stance.outputs import read_manifest

    out, one = tmp_path / "run", str(sorted(seeds.glob("*.txt"))[0])
    real_replace = os.replace

    def replace(src, dst):
        if str(dst) == str(out / "matrix.csv"):
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["score", one, "--out", str(out), "--quiet", "--model", "fast"]) == 2
    monkeypatch.setattr(os, "replace", real_replace)
    assert "the next stance command on it" in capsys.readouterr().err
    assert main(["score", one, "--out", str(out), "--quiet", "--model", "fast", "--resume"]) == 0
    assert capsys.readouterr().err == (f"stance: note: {out}: finished replacing its files with the new ones, which a "
                                       "stopped run had begun; its output set is complete: nothing left to resume\n")
    assert read_manifest(out)["documents"] == 1 and sorted(os.listdir(out)) == sorted(
        [*read_manifest(out)["files"], "manifest.json"])


def test_cli_a_full_disk_while_the_set_is_staged_says_what_the_folder_holds_and_resume_finishes(
        tmp_path, capsys, seeds, monkeypatch):
    """`--force` over a finished set, the disk full while the new tables are written to the staging folder:
    the line said only `cannot write .../.stance-staging/quotes.csv: No space left on device`, not that the
    earlier set is intact nor that the chunks done are kept for --resume (they stay, using the disk). Now it
    says both; with space again, --resume writes what an uninterrupted run writes."""
    from stance.outputs import read_manifest

    out, texts = tmp_path / "run", [str(p) for p in sorted(seeds.glob("*.txt"))[:2]]
    assert main(["score", texts[0], "--out", str(out), "--quiet", "--model", "fast"]) == 0
    before = read_manifest(out)
    real_replace = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "quotes.csv" and ".stance-staging" in str(dst):
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()
    assert main(["score", *texts, "--out", str(out), "--quiet", "--model", "fast", "--force"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == (f"stance: error: cannot write {out / '.stance-staging' / 'quotes.csv'}: No space left on device; "
                    f"the earlier output set in {out} is unchanged; its finished chunks are kept in {out / 'parts'}: "
                    "rerun with --resume to finish it, or with --force to start over")
    assert read_manifest(out) == before
    monkeypatch.setattr(os, "replace", real_replace)
    assert main(["score", *texts, "--out", str(out), "--quiet", "--model", "fast", "--resume"]) == 0
    assert main(["score", *texts, "--out", str(tmp_path / "whole"), "--quiet", "--model", "fast"]) == 0
    assert (out / "quotes.csv").read_bytes() == (tmp_path / "whole" / "quotes.csv").read_bytes()
    assert read_manifest(out)["documents"] == 2 and not (out / "parts").exists()


def _interrupted_after_one_chunk(inputs, out, monkeypatch) -> None:
    """`stance score INPUTS --out OUT` stopped by Ctrl-C once its first chunk is on disk (exit 130)."""
    from stance import workers

    write = workers.write_part

    def interrupted(folder, chunk, labels):
        write(folder, chunk, labels)
        raise KeyboardInterrupt

    monkeypatch.setattr(workers, "write_part", interrupted)
    assert main(["score", str(inputs), "--out", str(out), "--chunk-size", "1", "--model", "fast", "--quiet"]) == 130
    monkeypatch.setattr(workers, "write_part", write)


def test_cli_resume_with_other_inputs_is_refused_and_keeps_the_finished_chunks(tmp_path, capsys, monkeypatch):
    """--resume naming another folder than the interrupted run's (a slip of the shell history): every finished
    chunk was redone from the new inputs, the earlier run's work dropped without a word. Now one line names the
    inputs the run was started on, and the folder is left as it was; the right inputs (or a pattern matching
    them) resume it."""
    first, other = tmp_path / "harbour", tmp_path / "farms"
    for folder, said in ((first, "We will not allow the pier to close"), (other, "Our fields flood every spring")):
        folder.mkdir()
        for k in range(3):
            (folder / f"{k}.txt").write_text(f'"{said} {k}," said Mara Vell, the board chair.\n', encoding="utf-8")
    out = tmp_path / "run"
    _interrupted_after_one_chunk(first, out, monkeypatch)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["score", str(other), "--out", str(out), "--chunk-size", "1", "--model", "fast", "--quiet",
                 "--resume"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == (f"stance: error: {out}: --resume with other inputs: no document of its 1 finished chunk comes "
                    f"from {other} (the run was started on {first / '0.txt'}): give the inputs it was started with, "
                    "or start over with --force")
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert main(["score", str(tmp_path / "harb*"), "--out", str(out), "--chunk-size", "1", "--model", "fast",
                 "--quiet", "--resume"]) == 0
    assert len(_read(out / "quotes.csv")) == 3


def test_cli_resume_after_an_input_changed_says_which_and_redoes_its_chunk(tmp_path, capsys, monkeypatch):
    """An input of a finished chunk edited before --resume: the chunk was redone (its fingerprint holds the
    text), rightly, but without a word, so the user could not tell the earlier work was partly dropped. Now one
    note names the changed file; the result holds the new text, never the old part's."""
    import os

    folder = tmp_path / "harbour"
    folder.mkdir()
    for k in range(3):
        (folder / f"{k}.txt").write_text(f'"We will not allow the pier to close {k}," said Mara Vell, the board '
                                         'chair.\n', encoding="utf-8")
    out = tmp_path / "run"
    _interrupted_after_one_chunk(folder, out, monkeypatch)
    [part] = (out / "parts").glob("[0-9]*.json")
    (folder / "0.txt").write_text('"The pier closes tomorrow," said Mara Vell, the board chair.\n', encoding="utf-8")
    later = part.stat().st_mtime + 5
    os.utime(folder / "0.txt", (later, later))
    capsys.readouterr()
    assert main(["score", str(folder), "--out", str(out), "--chunk-size", "1", "--model", "fast", "--quiet",
                 "--resume"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"stance: note: --resume: 1 input changed since the interrupted run ({folder / '0.txt'}): the finished "
        "chunks holding it are redone from the inputs as they are now"]
    quotes = _read(out / "quotes.csv")
    assert sorted(quotes["text"]) == ["The pier closes tomorrow,", "We will not allow the pier to close 1,",
                                      "We will not allow the pier to close 2,"]


def test_cli_meta_dates_no_reader_understands_are_named(tmp_path, capsys):
    """A --meta date such as '2024-13-45' was kept without a word, and a matrix by period left that
    document's quotes out as undated. The run goes on; one note names the file and the dates."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("a", "b", "c"):
        (texts / f"{name}.txt").write_text('"We will not allow the pier to close," said Mara Vell.\n', encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,date\na,2024-13-45\nb,2024-11-30T10:00:00Z\nc,n/a\n", encoding="utf-8")
    out = tmp_path / "run"
    assert main(["score", str(texts), "--meta", str(meta), "--out", str(out), "--model", "fast", "--quiet"]) == 0
    assert capsys.readouterr().err == (f"stance: note: {meta}: 2 dates not read as a date (a: '2024-13-45', c: 'n/a'): "
                                       "kept as written; a matrix by period leaves those documents' quotes out\n")
    assert _read(out / "documents.csv")["date"].tolist() == ["2024-13-45", "2024-11-30T10:00:00Z", "n/a"]


def test_cli_force_never_replaces_a_model_with_a_set_or_a_set_with_a_model(tmp_path, capsys, repo):
    """`score --out models/mine --force` wrote the output set's manifest over the model's (the model lost);
    `train --out run --force` replaced a scored (even reviewed) set, or the folder holding the training CSV,
    with a model. Each is one line now and the folder is left as it was; a model folder is still replaced."""
    import shutil

    model = tmp_path / "mine"
    shutil.copytree(repo / "models" / "fast", model)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text('"We will not allow the pier to close," said Mara Vell.\n', encoding="utf-8")
    train = texts / "train.csv"
    rows = [("We must act now", "interventionist"), ("Stay out of it", "non-interference"),
            ("This worries us", "concern"), ("We back the government", "support"), ("We are watching", "neutral")]
    pd.DataFrame(rows * 2, columns=["text", "label"]).to_csv(train, index=False)

    def files(folder):
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    before = files(model)
    assert main(["score", str(texts), "--out", str(model), "--model", "fast", "--quiet", "--force"]) == 2
    assert capsys.readouterr().err == (f"stance: error: {model} is a model folder (its manifest.json is a model's): "
                                       "score into another --out\n")
    assert files(model) == before
    before = files(texts)
    assert main(["train", str(train), "--out", str(texts), "--kind", "tfidf", "--folds", "2", "--force"]) == 2
    assert capsys.readouterr().err == (f"stance: error: {texts} is not a model folder (it holds a.txt, train.csv): "
                                       "--force replaces only a model folder; give --out a new folder\n")
    assert files(texts) == before
    data = train.read_bytes()  # --out naming a file, the training CSV itself: it was renamed aside, then "Not a directory"
    assert main(["train", str(train), "--out", str(train), "--kind", "tfidf", "--folds", "2", "--force"]) == 2
    assert capsys.readouterr().err == f"stance: error: output path {train} exists and is not a folder\n"
    assert files(texts) == before and train.read_bytes() == data
    assert main(["train", str(train), "--out", str(model), "--kind", "tfidf", "--folds", "2", "--force"]) == 0
    assert json.loads((model / "manifest.json").read_text(encoding="utf-8"))["training_data"]["rows"] == 10


@pytest.mark.parametrize("change", ["added", "removed"])
def test_cli_resume_after_files_are_added_or_removed_redoes_only_the_chunks_they_fall_in(tmp_path, capsys, monkeypatch,
                                                                                          change):
    """A folder run stopped after two chunks of two files; then a file is added in the first chunk's range and
    one before the first file (or a file of the first chunk is removed). Chunk k was the k-th run of inputs, so
    every later chunk shifted and was redone, without a word for an added file. Now a finished chunk keeps its
    inputs while they still come in order: only the first chunk is redone, the second is read from its part, a
    note names the files, and the output set is the one a fresh run over the new folder writes."""
    from stance import workers

    folder = tmp_path / "harbour"
    folder.mkdir()

    def article(name: str) -> None:
        (folder / f"{name}.txt").write_text(f'"We will not allow pier {name} to close," said Mara Vell, the board '
                                            'chair.\n', encoding="utf-8")
    for name in ("b", "d", "f", "h", "j"):
        article(name)
    out = tmp_path / "run"
    write = workers.write_part
    written: list[tuple[int, list[str]]] = []
    stop = [True]  # Ctrl-C once the second chunk is on disk

    def interrupted(folder_, chunk, labels):
        write(folder_, chunk, labels)
        written.append((chunk.index, [d["doc_id"] for d in chunk.documents]))
        if stop[0] and len(written) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(workers, "write_part", interrupted)
    assert main(["score", str(folder), "--out", str(out), "--chunk-size", "2", "--model", "fast", "--quiet"]) == 130
    assert written == [(0, ["b", "d"]), (1, ["f", "h"])]
    if change == "added":
        article("c")
        article("a")
    else:
        (folder / "d.txt").unlink()
    written.clear()
    stop[0] = False
    capsys.readouterr()
    assert main(["score", str(folder), "--out", str(out), "--chunk-size", "2", "--model", "fast", "--quiet",
                 "--resume"]) == 0
    first = ["a", "b", "c", "d"] if change == "added" else ["b"]
    assert written == [(0, first), (2, ["j"])]  # chunk 1 (f, h) kept
    assert capsys.readouterr().err.splitlines() == [
        f"stance: note: --resume: 2 inputs added since the interrupted run ({folder / 'a.txt'}, {folder / 'c.txt'}): "
        "the finished chunks they fall in are redone with them; the other finished chunks are kept"
        if change == "added" else
        f"stance: note: --resume: 1 input changed since the interrupted run ({folder / 'd.txt'}): the finished "
        "chunks holding it are redone from the inputs as they are now"]
    monkeypatch.setattr(workers, "write_part", write)
    fresh = tmp_path / "fresh"
    assert main(["score", str(folder), "--out", str(fresh), "--chunk-size", "2", "--model", "fast", "--quiet"]) == 0
    for name in ("quotes.csv", "documents.csv", "actors.csv", "matrix.csv", "errors.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert len(_read(out / "quotes.csv")) == len(first) + 3


@pytest.mark.parametrize("command", [["score"], ["report"], ["train"], ["evaluate"], ["review", "export"],
                                     ["review", "import"], ["dna"], []])
def test_cli_every_option_is_in_the_readme_with_its_command(command, repo, capsys):
    """README is where users look options up: `stance train --recalibrate` and the review commands'
    --seed, --codebook, --text-column, --encoding and --no-dedupe were in `--help` only. Each option must
    be on a line of README that shows its command (a synopsis, with its indented continuation lines)."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    usage = capsys.readouterr().out.split("\n\n")[0]  # every option, and no option a help text mentions
    options = set(re.findall(r"--[a-z][a-z-]*", usage)) - {"--help"}
    readme = (repo / "README.md").read_text(encoding="utf-8")
    shown = "\n".join(re.findall(r"stance " + " ".join(command) + r"[^\n`]*(?:\n {9,}[^\n`]*)*", readme))
    missing = {o for o in options if not re.search(re.escape(o) + r"(?![a-z-])", shown)}
    assert options and not missing


def test_cli_resume_after_a_file_is_added_beside_a_table_names_no_changed_folder(tmp_path, capsys, monkeypatch):
    """A folder holding a table: its first chunk holds the folder's "table not read" note, whose source is the
    folder. A file added to the folder changes the folder's mtime, so --resume also said the folder itself had
    changed and the chunk holding it was redone, while that chunk was kept (its inputs are as they were)."""
    import threading

    from stance import workers

    folder = tmp_path / "harbour"
    folder.mkdir()
    (folder / "meta.csv").write_text("doc_id,date\nb,2026-01-01\n", encoding="utf-8")

    def article(name: str) -> None:
        (folder / f"{name}.txt").write_text(f'"We will not allow pier {name} to close," said Mara Vell, the board '
                                            'chair.\n', encoding="utf-8")
    for name in ("b", "d", "f", "h"):
        article(name)
    out = tmp_path / "run"
    write = workers.write_part
    written: list[int] = []

    def interrupted(folder_, chunk, labels):
        write(folder_, chunk, labels)
        written.append(chunk.index)
        if len(written) == 2 and not stop.is_set():
            raise KeyboardInterrupt

    stop = threading.Event()
    monkeypatch.setattr(workers, "write_part", interrupted)
    assert main(["score", str(folder), "--out", str(out), "--chunk-size", "2", "--model", "fast", "--quiet"]) == 130
    assert written == [0, 1]  # (the table's note, b), (d, f)
    article("e")
    written.clear()
    stop.set()
    capsys.readouterr()
    assert main(["score", str(folder), "--out", str(out), "--chunk-size", "2", "--model", "fast", "--quiet",
                 "--resume"]) == 0
    assert written[0] == 1  # chunk 0 kept
    assert capsys.readouterr().err.splitlines() == [
        f"stance: note: --resume: 1 input added since the interrupted run ({folder / 'e.txt'}): "
        "the finished chunks it falls in are redone with it; the other finished chunks are kept",
        f"stance: error: {folder}: 1 table in the folder not read (meta.csv): a folder's documents are its .txt and "
        f".html files; to read tables, name them as inputs or in a quoted pattern such as '{folder}/**/*.csv' (skipped)"]
