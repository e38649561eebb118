"""User-facing errors: the CLI prints them as one line, never a traceback."""
from __future__ import annotations

import errno
import os
from pathlib import Path


class StanceError(Exception):
    """A problem with the user's input, files or settings, stated in one line."""


def file_in_the_way(path: str | os.PathLike) -> Path | None:
    """The file at `path` or above it that keeps `path` from being a folder, if any."""
    where = Path(path)
    return next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()), None)


def os_reason(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """Why `exc` happened, in words. A path that runs through a file names that file: making
    `out/sub` where `out` is a file fails with "File exists" or "Not a directory", which name neither."""
    blocking = file_in_the_way(path or exc.filename or "") if exc.errno in (errno.ENOTDIR, errno.EEXIST) else None
    return f"{blocking} is a file, not a folder" if blocking is not None else exc.strerror or str(exc)
