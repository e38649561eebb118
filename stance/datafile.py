"""Reading the small data files users hand us (codebook, actor registry) without risk.

These files come from colleagues and the internet, so reading one must never
hang (a FIFO), never exhaust memory (a YAML "billion laughs" of aliases, or a
symlink to /dev/zero) and never build objects (YAML tags). Text is UTF-8, with
or without the BOM Excel writes. Every problem is one StanceError naming the file.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from .errors import StanceError

MAX_DATA_BYTES = 16 * 1024 * 1024  # a codebook or registry is a few KB; this bounds parse time


def read_data_text(path: Path, what: str, encoding: str | None = None) -> tuple[bytes, str]:
    """The bytes and decoded text of a regular file of at most MAX_DATA_BYTES: UTF-8, or with `encoding`
    (`--encoding`, for an actor registry) as documents are read (`stance.io.decode_data`)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except FileNotFoundError:
        raise StanceError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise StanceError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # before fdopen, which refuses a folder as "4: Is a directory"
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise StanceError(f"{path}: cannot read {what} ({kind})")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(MAX_DATA_BYTES + 1)
        except OSError as exc:
            raise StanceError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    if len(raw) > MAX_DATA_BYTES:
        raise StanceError(f"{path}: {what} larger than {MAX_DATA_BYTES // (1024 * 1024)} MiB")
    try:
        if encoding is None:
            return raw, raw.decode("utf-8-sig")
        from .io import decode_data

        return raw, decode_data(raw, encoding)
    except UnicodeDecodeError as exc:
        hint = "save it as UTF-8" if encoding is None else "save it as UTF-8 or pass its encoding (--encoding cp1252)"
        raise StanceError(f"{path}: {what} is not {_named(encoding)} (byte 0x{raw[exc.start]:02x} at offset "
                          f"{exc.start}); {hint}") from None


def _named(encoding: str | None) -> str:
    """How a decoding error names what was expected."""
    from .io import encoding_name

    return "UTF-8" if encoding is None else encoding_name(encoding)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: expanding them is how YAML bombs grow."""

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed",
                                              self.peek_event().start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors (&name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(path: Path, text: str, what: str) -> object:
    """Plain data (mappings, lists, scalars) from YAML text: no tags, no aliases."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise StanceError(f"{path}: {what} is not valid YAML{line} ({problem})") from None
    except RecursionError:
        raise StanceError(f"{path}: {what} is nested too deeply") from None


def scalar(value: object, where: str) -> str:
    """A text field: a string or number, never a list or mapping silently turned into text."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise StanceError(f"{where}: expected text, got {_kind(value)}")
    return str(value).strip()


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false"}
    return names.get(type(value), type(value).__name__)
