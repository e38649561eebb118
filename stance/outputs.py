"""The output folder of `stance score`: a set of tables that is complete or visibly incomplete.

A run writes its tables into ``DIR/.stance-staging`` and then swaps them in:
``manifest.json`` is first rewritten to say ``"complete": false``, the staged
files are renamed into ``DIR`` (files of the old set that the new one lacks are
removed), and ``manifest.json`` is rewritten last, listing every file with its
size and sha256. A reader trusts ``DIR`` only when the manifest says complete
and the files match it (`read_manifest`); until the swap the old set stays
complete, and a killed first run leaves a manifest that says incomplete.

One run at a time: a lock on the folder, held for the run, refuses a second one
and lets the next run remove what a killed one left (staging folder, ``.*.tmp``
files).
"""
from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Iterator

from . import __version__
from .errors import StanceError, os_reason
from .io import WriteError, file_sha256, write_text

MANIFEST = "manifest.json"
STAGING = ".stance-staging"
SWAP = "swap.json"  # in STAGING: the swap begun (the manifest to write, the files to remove), to finish it
PARTS = "parts"
FORMAT = "stance-output/1"
RESUME_HINT = "rerun with --resume to finish it, or with --force to start over"


class OutputSet:
    """One run's hold on an output folder: check, lock and clean it, stage files, swap them in."""

    def __init__(self, out: str | os.PathLike, force: bool = False, resume: bool = False, update: bool = False):
        """`update`: a change to the current set (`stance report`, `dna`, `review import`), which
        leaves the chunks of an interrupted `stance score` in DIR/parts for its --resume."""
        self.out = Path(out)
        self.force = force
        self.resume = resume
        self.update = update
        self.staging = self.out / STAGING
        self.parts = self.out / PARTS
        self._lock = None
        self._fresh = False  # the folder was new or empty
        self._created = False  # this run made the folder
        self._previous: dict | None = None  # its manifest when the run began
        self._swapping = False  # commit began renaming: the staged files are the set now

    def __enter__(self) -> OutputSet:
        self.open()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        """On a failure (disk full, a bug), remove the staged files and say what the folder holds."""
        try:
            if exc is not None and self._swapping:  # cut short mid-swap: the next command finishes it
                if isinstance(exc, OSError):
                    raise StanceError(f"{exc.filename or self.out}: {exc.strerror or exc}; {self.state()}") from None
                if isinstance(exc, KeyboardInterrupt):
                    exc.args = (self.state(),)
            elif exc is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
                finished = any(self.parts.glob("[0-9]*.json"))  # chunks worth keeping for --resume (not run.json)
                if not finished and (self._fresh or self._previous is None):  # leave the folder as found
                    shutil.rmtree(self.parts, ignore_errors=True)
                    (self.out / MANIFEST).unlink(missing_ok=True)
                    if self._created:
                        with contextlib.suppress(OSError):  # only if empty: a file someone put there stays
                            self.out.rmdir()
                elif not finished and self.holds_earlier_set():  # a complete set has no parts: these are ours
                    shutil.rmtree(self.parts, ignore_errors=True)
                if isinstance(exc, OSError):  # a write failed (disk full): say what the folder holds
                    raise StanceError(f"{exc.filename or self.out}: {exc.strerror or exc}; {self.state()}") from None
                if isinstance(exc, WriteError):  # the same, written by `atomic_path`: and what to do next
                    kept = f"; its finished chunks are kept in {self.parts}: {RESUME_HINT}" if finished else ""
                    raise StanceError(f"{exc}; {self.state()}{kept}") from None
                if isinstance(exc, KeyboardInterrupt):  # Ctrl-C: the one line says what is left and what to do
                    exc.args = (self.state() + (f"; {RESUME_HINT}" if finished else ""),)
        finally:
            self.close()

    def state(self) -> str:
        """What a reader of the folder finds, in words."""
        if not (self.out / MANIFEST).exists():
            return f"nothing was written to {self.out}"
        if self.complete():
            return f"the earlier output set in {self.out} is unchanged"
        if self._swapping:
            return (f"{self.out} was cut short while its new files replaced the old ones: the next stance "
                    f"command on it (stance report {self.out}) finishes that")
        return f"{self.out} is marked incomplete in {MANIFEST}"

    def open(self) -> None:
        """Before the first document: refuse a folder we may not touch, lock it, clean what a
        killed run left, and prove it writable; a new folder is marked incomplete at once."""
        out = self.out
        if out.exists() and not out.is_dir():
            raise StanceError(f"output path {out} exists and is not a folder")
        finish_swap(out)
        if out.is_dir() and _held(out):  # before the checks of what it holds: that is the other run's doing
            raise StanceError(f"output folder {out} is in use by another stance run")
        ours = {MANIFEST, STAGING, PARTS}
        if out.is_dir() and not (self.force or self.resume):
            found = [p.name for p in out.iterdir()]
            if found:
                hint = f" (an unfinished run: {RESUME_HINT})" if set(found) <= ours and not self.complete() else \
                    ": pass --force to replace its files"
                raise StanceError(f"output folder {out} is not empty{hint}")
        if out.is_dir() and self.resume and not self.force and not self.parts.is_dir() and any(out.iterdir()):
            if self.complete():  # a finished run leaves no parts: resuming would redo it over the set
                raise StanceError(f"output folder {out} holds a complete output set: nothing to resume "
                                  "(pass --force to replace it)")
            if _load(out / MANIFEST) is None:
                raise StanceError(f"output folder {out} is not empty and holds no interrupted run: "
                                  "pass --force to replace its files")
        self._fresh = not out.exists() or not any(out.iterdir())
        self._created = not out.exists()
        try:
            out.mkdir(parents=True, exist_ok=True)
            self._lock = os.open(out, os.O_RDONLY)
        except OSError as exc:
            raise StanceError(f"cannot write to output folder {out}: {os_reason(exc, out)}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released by the kernel if we die
        except OSError:
            self.close()
            raise StanceError(f"output folder {out} is in use by another stance run") from None
        self._clean()
        if not (self.resume or self.update) and self.parts.exists():
            shutil.rmtree(self.parts)
        try:
            self.staging.mkdir()
            with (self.staging / ".probe").open("wb") as probe:  # a full disk shows here, not at the end
                probe.write(b"\n")
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            raise StanceError(f"cannot write to output folder {out}: {os_reason(exc, out)}") from None
        self._previous = _load(out / MANIFEST)
        if not self.complete():
            self._mark_incomplete("running")

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def holds_earlier_set(self) -> bool:
        """The folder held a complete output set when this run began."""
        return bool(self._previous and self._previous.get("complete"))

    def abandon(self) -> None:
        """Drop what this run staged and its chunks, leaving the earlier set as it was (a run that
        read no document must not replace a set of results with an empty one)."""
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.parts, ignore_errors=True)

    def complete(self) -> bool:
        manifest = _load(self.out / MANIFEST)
        return bool(manifest and manifest.get("complete"))

    def commit(self, names: list[str], summary: dict) -> None:
        """Swap the staged files `names` into the folder; the manifest goes last."""
        out = self.out
        files = {name: {"bytes": (self.staging / name).stat().st_size, "sha256": file_sha256(self.staging / name)}
                 for name in names}
        old = _load(out / MANIFEST) or {}
        manifest = {"complete": True, "format": FORMAT, "stance": __version__, "finished": _now(), **summary,
                    "files": files}
        stale = [name for name in old.get("files", {}) if name not in files and "/" not in name and name != MANIFEST]
        _write_json(self.staging / SWAP, {"manifest": manifest, "remove": stale, "parts": not self.update})
        self._mark_incomplete("replacing")
        self._swapping = True
        _swap(out, manifest, stale, parts=not self.update)
        self._swapping = False

    def carry_over(self, names: list[str], unlisted: tuple[str, ...] = ()) -> list[str]:
        """`names` (staged) plus a copy in staging of every other file of the current set, so an
        update of some files (`stance report`) commits a whole set. An incomplete set is refused;
        a folder from before manifests carries the `unlisted` files it has."""
        manifest = self._previous
        if manifest is not None and not manifest.get("complete"):
            raise StanceError(f"{self.out}: incomplete output set ({manifest.get('state')}); {RESUME_HINT}")
        kept = list(manifest["files"]) if manifest is not None else list(unlisted)
        stems = {name.split(".")[0] for name in names}  # quotes.parquet, quotes.excel.csv: stale copies
        kept = [name for name in kept if name.split(".")[0] not in stems and (self.out / name).is_file()]
        for name in kept:
            shutil.copy2(self.out / name, self.staging / name)
        return [*names, *kept]

    def _mark_incomplete(self, state: str) -> None:
        _write_json(self.out / MANIFEST, {
            "complete": False, "format": FORMAT, "state": state, "started": _now(),
            "note": f"these files are not a complete output set: a stance run was {state} here and did not "
                    f"finish; {RESUME_HINT}"})

    def _clean(self) -> None:
        """Remove what a killed run left: the staging folder and temporary files."""
        shutil.rmtree(self.staging, ignore_errors=True)
        for folder in (self.out, self.parts):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    with contextlib.suppress(OSError):
                        tmp.unlink()


def _swap(out: Path, manifest: dict, stale: list[str], parts: bool) -> None:
    """Remove the old set's files the new one lacks, rename the staged files in (those not yet
    renamed), write the manifest, drop the staging folder (and the chunks, after a score)."""
    staging = out / STAGING
    for name in stale:
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    for name in manifest["files"]:
        if (staging / name).exists() or not (out / name).exists():
            os.replace(staging / name, out / name)
    _write_json(out / MANIFEST, manifest)
    shutil.rmtree(staging, ignore_errors=True)
    if parts:
        shutil.rmtree(out / PARTS, ignore_errors=True)


@contextlib.contextmanager
def _trying_lock(out: Path) -> Iterator[bool | None]:
    """`out`'s run lock tried without waiting: True while it is ours, False when another run holds it, None
    when the folder cannot be opened. Closing the only descriptor of its open file releases it."""
    try:
        lock = os.open(out, os.O_RDONLY)
    except OSError:
        yield None
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
        else:
            yield True
    finally:
        os.close(lock)


def _held(out: Path) -> bool:
    """Whether another run holds `out`'s lock now (a folder it cannot open is left to the checks after)."""
    with _trying_lock(out) as ours:
        return ours is False


def finish_swap(out: str | os.PathLike) -> bool:
    """Finish a swap that a kill or a full disk cut short (the manifest says "replacing" and the
    staging folder holds the swap's plan): every staged file is complete, and renames are atomic, so
    each file is the new one or still staged. Returns whether it finished one. A folder another
    run holds, or a plan whose files are not all there, is left as it is."""
    out = Path(out)
    plan, manifest = _load(out / STAGING / SWAP), _load(out / MANIFEST)
    if not (plan and manifest) or manifest.get("complete") or manifest.get("state") != "replacing":
        return False
    with _trying_lock(out) as ours:
        if not ours:  # busy, or a folder it cannot open: the folder stays incomplete
            return False
        try:
            final, remove = plan["manifest"], list(plan.get("remove", []))
            if not all(isinstance(n, str) and n == Path(n).name and n not in ("", ".", "..", MANIFEST)
                       for n in [*final["files"], *remove]):  # a folder from elsewhere: touch nothing outside it
                return False
            for name, info in final["files"].items():
                where = out / STAGING / name if (out / STAGING / name).exists() else out / name
                if not where.is_file() or where.stat().st_size != info["bytes"]:
                    return False
            _swap(out, final, remove, bool(plan.get("parts")))
            return True
        except (OSError, KeyError, TypeError, AttributeError):  # a plan not ours: the folder stays incomplete
            return False


def read_manifest(out: str | os.PathLike, verify: bool = True) -> dict:
    """The manifest of a complete output set; a StanceError says why `out` is not one."""
    out = Path(out)
    manifest = check_not_incomplete(out)
    if manifest is None:
        raise StanceError(f"{out}: no {MANIFEST}; not the output of a finished `stance score` run")
    for name, info in manifest.get("files", {}).items():
        path = out / name
        if not path.is_file() or path.stat().st_size != info["bytes"] or (verify and file_sha256(path) != info["sha256"]):
            raise StanceError(f"{path}: differs from {MANIFEST}; the output set was changed after it was written")
    return manifest


def check_not_incomplete(out: Path) -> dict | None:
    """The manifest of `out` (None for a folder from before manifests); a StanceError when it
    says the set is incomplete. Unlike `read_manifest`, files corrected by hand are fine. A swap
    cut short is finished first (`finish_swap`)."""
    finish_swap(out)
    manifest = _load(out / MANIFEST)
    if manifest is not None and not manifest.get("complete"):
        raise StanceError(f"{out}: incomplete output set ({manifest.get('state', 'unknown state')}); {RESUME_HINT}")
    return manifest


def _load(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
