"""The optional actor registry users supply (``--actors FILE``, CSV or YAML).

It fixes ids, names and countries for actors the user cares about and lists
aliases the automatic grouping cannot know ("Abu Mohammed al-Jolani" is also
"Ahmed al-Sharaa"). Speakers it does not cover are still grouped automatically.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import StanceError
from .names import fold, same_person, slug, split_title
from .records import SPEAKER_TYPES

REGISTRY_FIELDS = ("actor_id", "name", "aliases", "type", "country", "role")


@dataclass(frozen=True)
class RegistryEntry:
    actor_id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""
    country: str = ""
    role: str = ""


class Registry(tuple):
    """A tuple of entries that can say which entry a speaker string names."""

    def match(self, speaker: str) -> RegistryEntry | None:
        """The entry whose name or alias is this speaker (exact folded name, or same full name)."""
        key = fold(speaker)
        tokens = split_title(speaker)[1]
        for entry in self:
            names = (entry.name, *entry.aliases)
            if key in {fold(n) for n in names}:
                return entry
        for entry in self:
            if entry.type in ("", "person") and any(same_person(tokens, split_title(n)[1]) for n in (entry.name, *entry.aliases)):
                return entry
        return None


def load_registry(path: str | Path) -> Registry:
    """Read and check a registry; any problem is one StanceError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StanceError(f"{path}: cannot read actor registry ({exc.strerror})") from exc
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    elif path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(path, text)
    else:
        raise StanceError(f"{path}: actor registry must be .csv, .yaml or .yml")
    entries, seen = [], set()
    for n, row in enumerate(rows, 1):
        entry = _entry(path, n, row)
        if entry.actor_id in seen:
            raise StanceError(f"{path}: entry {n}: duplicate actor_id {entry.actor_id!r}")
        seen.add(entry.actor_id)
        entries.append(entry)
    return Registry(entries)


def _yaml_rows(path: Path, text: str) -> list:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise StanceError(f"{path}: not valid YAML{line}") from exc
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if not isinstance(data, list):
        raise StanceError(f"{path}: actor registry must be a list of actors (or 'actors:' with a list)")
    return data


def _entry(path: Path, n: int, row) -> RegistryEntry:
    if not isinstance(row, dict):
        raise StanceError(f"{path}: entry {n}: expected fields {', '.join(REGISTRY_FIELDS)}")
    unknown = set(row) - set(REGISTRY_FIELDS)
    if unknown:
        raise StanceError(f"{path}: entry {n}: unknown field {sorted(map(str, unknown))[0]!r}")
    name = str(row.get("name") or "").strip()
    actor_id = str(row.get("actor_id") or "").strip()
    if not name:
        raise StanceError(f"{path}: entry {n}: missing name")
    aliases = row.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    kind = str(row.get("type") or "").strip()
    if kind and kind not in SPEAKER_TYPES:
        raise StanceError(f"{path}: entry {n}: type {kind!r} is not one of {', '.join(SPEAKER_TYPES)}")
    return RegistryEntry(
        actor_id=actor_id or slug(name), name=name,
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()), type=kind,
        country=str(row.get("country") or "").strip(), role=str(row.get("role") or "").strip(),
    )
