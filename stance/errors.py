"""User-facing errors: the CLI prints them as one line, never a traceback."""
from __future__ import annotations

import errno
import os
from pathlib import Path


class StanceError(Exception):
    """A problem with the user's input, files or settings, stated in one line."""


def os_reason(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """Why `exc` happened, in words. A path that runs through a file names that file: making
    `out/sub` where `out` is a file fails with "File exists" or "Not a directory", which name neither."""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        where = Path(path or exc.filename or "")
        blocking = next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    return exc.strerror or str(exc)
