"""Output sets are all or nothing: staged, swapped in, manifest last; killed runs leave a visible mark."""
from __future__ import annotations

import errno
import json
import os

import pytest

from stance import outputs
import pandas as pd

from stance.errors import StanceError
from stance.io import read_quotes
from stance.outputs import MANIFEST, STAGING, OutputSet, read_manifest


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no cleanup."""


def _stage(output: OutputSet, files: dict[str, str]) -> None:
    for name, text in files.items():
        (output.staging / name).write_text(text, encoding="utf-8")


def _write_set(out, files: dict[str, str], force: bool = True) -> None:
    with OutputSet(out, force=force) as output:
        _stage(output, files)
        output.commit(list(files), {"documents": len(files)})


def _contents(out) -> dict[str, str]:
    return {name: (out / name).read_text(encoding="utf-8") for name in read_manifest(out)["files"]}


def test_outputs_commit_writes_the_manifest_last(tmp_path):
    out = tmp_path / "new" / "deeper"
    _write_set(out, {"quotes.csv": "q1\n", "documents.csv": "d1\n"}, force=False)
    manifest = read_manifest(out)
    assert manifest["complete"] is True and manifest["documents"] == 2
    assert set(manifest["files"]) == {"quotes.csv", "documents.csv"}
    assert manifest["files"]["quotes.csv"]["bytes"] == 3
    assert sorted(os.listdir(out)) == ["documents.csv", MANIFEST, "quotes.csv"]  # no staging, no parts
    (out / "quotes.csv").write_text("q2\n", encoding="utf-8")
    with pytest.raises(StanceError, match="quotes.csv: differs from manifest.json"):
        read_manifest(out)


def test_outputs_a_new_folder_is_marked_incomplete_before_the_first_document(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as output:
        assert json.loads((out / MANIFEST).read_text())["complete"] is False
        with pytest.raises(StanceError, match="incomplete output set"):
            read_manifest(out)
        assert output.staging.is_dir()


@pytest.mark.parametrize("resume", [False, True])
def test_a_second_run_into_a_folder_a_run_is_writing_is_told_so(tmp_path, resume):
    """`stance score ... --out run` twice at once: the second was told the folder held "an unfinished run:
    rerun with --resume to finish it" (the first had just marked it incomplete), and a --resume then was
    refused as "in use". It is told at once that another run writes there."""
    out = tmp_path / "run"
    with OutputSet(out):
        with pytest.raises(StanceError, match=f"^output folder {out} is in use by another stance run$"):
            OutputSet(out, resume=resume).open()
    with OutputSet(out, resume=True):  # free again: nothing held it back
        pass


def test_outputs_refuses_what_it_may_not_touch(tmp_path):
    (tmp_path / "keep.txt").write_text("earlier results", encoding="utf-8")
    with pytest.raises(StanceError, match="not empty: pass --force"):
        OutputSet(tmp_path).open()
    with pytest.raises(StanceError, match="not a folder"):
        OutputSet(tmp_path / "keep.txt", force=True).open()
    with OutputSet(tmp_path, force=True):
        with pytest.raises(StanceError, match="in use by another stance run"):
            OutputSet(tmp_path, force=True).open()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_outputs_unwritable_folder_is_found_before_any_work(tmp_path):
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(StanceError, match="cannot write to output folder"):
            OutputSet(out).open()
    finally:
        out.chmod(0o700)


def test_outputs_an_uncreatable_folder_is_found_before_any_work():
    with pytest.raises(StanceError, match="cannot write to output folder /proc/self/stance-out"):
        OutputSet("/proc/self/stance-out").open()


@pytest.mark.parametrize("renames_before_kill", range(6))
def test_outputs_a_kill_during_the_swap_never_shows_a_mix(tmp_path, monkeypatch, renames_before_kill):
    """Renames in a swap: its plan, mark incomplete, quotes.csv, documents.csv, the manifest; a kill before each."""
    out = tmp_path / "out"
    old = {"quotes.csv": "old quotes\n", "documents.csv": "old documents\n", "matrix.csv": "old matrix\n"}
    new = {"quotes.csv": "new quotes\n", "documents.csv": "new documents\n"}
    _write_set(out, old)
    output = OutputSet(out, force=True)
    output.open()
    _stage(output, new)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        if len(calls) == renames_before_kill:
            raise Killed
        calls.append(src)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    try:
        output.commit(list(new), {})
    except Killed:
        pass
    output.close()
    monkeypatch.setattr(os, "replace", real_replace)
    if renames_before_kill < 2:  # the swap's plan, then the manifest marked incomplete: not begun
        assert _contents(out) == old
    else:  # begun: a reader finishes it (below), never reads a mix
        assert _contents(out) == new
    _write_set(out, new)  # the next run cleans up and completes
    assert _contents(out) == new
    assert sorted(os.listdir(out)) == ["documents.csv", MANIFEST, "quotes.csv"]  # the old matrix went with its set


def test_outputs_next_run_removes_what_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    _write_set(out, {"quotes.csv": "q\n"})
    (out / STAGING).mkdir()
    (out / STAGING / "quotes.csv").write_text("half", encoding="utf-8")
    (out / ".quotes.csv.4242.tmp").write_text("half", encoding="utf-8")
    with OutputSet(out, force=True) as output:
        assert not (out / ".quotes.csv.4242.tmp").exists()
        assert list(output.staging.iterdir()) == [output.staging / ".probe"]
    assert _contents(out) == {"quotes.csv": "q\n"}  # opening alone leaves the old set complete


def test_outputs_a_failure_while_staging_keeps_the_old_set(tmp_path):
    out = tmp_path / "out"
    _write_set(out, {"quotes.csv": "old\n"})
    with pytest.raises(StanceError, match="No space left on device; the earlier output set in .* is unchanged"):
        with OutputSet(out, force=True) as output:
            _stage(output, {"quotes.csv": "new\n"})
            raise OSError(errno.ENOSPC, "No space left on device", str(output.staging / "report.html"))
    assert _contents(out) == {"quotes.csv": "old\n"}
    assert not (out / STAGING).exists()


def test_outputs_a_failure_in_a_new_folder_leaves_no_folder(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(StanceError, match="No space left on device; nothing was written to"):
        with OutputSet(out) as output:
            _stage(output, {"quotes.csv": "new\n"})
            raise OSError(errno.ENOSPC, "No space left on device", str(output.staging / "report.html"))
    assert not out.exists()  # as found: 'nothing was written' holds


def test_outputs_integer_columns_load_as_integers(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text("doc_id,start,end,text,speaker,speaker_start,speaker_end\n"
                    "a,10,32,will not stand idly by,Sudani,0,6\n"
                    "a,40,52,deep concerns,,,\n", encoding="utf-8")
    quotes = read_quotes(path, ("doc_id",))
    assert all(quotes[c].dtype == "Int64" for c in ("start", "end", "speaker_start", "speaker_end"))
    assert quotes["speaker_start"].tolist()[0] == 0 and pd.isna(quotes["speaker_start"].tolist()[1])
    path.write_text("doc_id,start\na,ten\n", encoding="utf-8")
    with pytest.raises(StanceError, match="row 1, column start: expected a whole number"):
        read_quotes(path, ("doc_id",))


@pytest.mark.parametrize("renames_before_kill", range(2, 5))
@pytest.mark.parametrize("kind", ["score", "update"])
def test_outputs_a_swap_cut_short_is_finished_by_the_next_command(tmp_path, monkeypatch, renames_before_kill, kind):
    """A kill or a full disk between the first and the last rename of a swap left the set marked
    incomplete, its staged files deleted by the next open: after `stance report`, `review import` or
    `dna` (an update: no chunks left to resume) every later command refused the folder ('incomplete
    output set; rerun with --resume'), and --resume had nothing to resume. The staged files and the
    swap's plan are kept now; the next command on the folder (a reader, an update, a score) finishes it."""
    from stance.outputs import check_not_incomplete

    out = tmp_path / "out"
    old = {"quotes.csv": "old quotes\n", "documents.csv": "old documents\n", "matrix.csv": "old matrix\n"}
    new = {"quotes.csv": "new quotes\n", "documents.csv": "new documents\n"}
    _write_set(out, old)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        if len(calls) == renames_before_kill:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        calls.append(src)
        real_replace(src, dst)

    with pytest.raises(StanceError, match="No space left on device"):
        with OutputSet(out, force=True, update=kind == "update") as output:
            _stage(output, new)
            if kind == "score":
                output.parts.mkdir()
                (output.parts / "000000.json").write_text("{}", encoding="utf-8")
            monkeypatch.setattr(os, "replace", replace)
            output.commit(list(new), {"documents": 2})
    monkeypatch.setattr(os, "replace", real_replace)
    assert (out / STAGING).is_dir()
    assert check_not_incomplete(out)["complete"]
    assert _contents(out) == new and not (out / STAGING).exists()
    assert sorted(os.listdir(out)) == ["documents.csv", MANIFEST, "quotes.csv"]  # no parts, no staging, no old matrix


def test_outputs_a_swap_plan_never_reaches_outside_its_folder(tmp_path):
    """A folder mailed by someone else may hold a plan naming '../' paths: nothing outside is touched."""
    out, outside = tmp_path / "out", tmp_path / "keep.txt"
    outside.write_text("mine", encoding="utf-8")
    _write_set(out, {"quotes.csv": "q\n"})
    (out / STAGING).mkdir()
    (out / STAGING / "swap.json").write_text(json.dumps({"manifest": {"complete": True, "files": {}},
                                                         "remove": ["../keep.txt"]}), encoding="utf-8")
    (out / MANIFEST).write_text(json.dumps({"complete": False, "state": "replacing"}), encoding="utf-8")
    assert not outputs.finish_swap(out) and outside.read_text(encoding="utf-8") == "mine"


def test_outputs_a_run_that_fails_before_its_first_chunk_leaves_a_complete_set_as_it_was(tmp_path):
    """A --force run over a finished set that failed at start-up (a --parser that does not load) left its
    parts/run.json there: a complete set then looked like an interrupted run to a later --resume."""
    out = tmp_path / "out"
    _write_set(out, {"quotes.csv": "old\n"})
    with pytest.raises(StanceError, match="cannot load"):
        with OutputSet(out, force=True) as output:
            output.parts.mkdir()
            (output.parts / "run.json").write_text("{}\n", encoding="utf-8")
            raise StanceError("cannot load spaCy pipeline 'nope'")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "quotes.csv"]
    assert _contents(out) == {"quotes.csv": "old\n"}
