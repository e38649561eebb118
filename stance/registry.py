"""The optional actor registry users supply (``--actors FILE``, CSV or YAML).

It fixes ids, names and countries for actors the user cares about and lists
aliases the automatic grouping cannot know ("Abu Mohammed al-Jolani" is also
"Ahmed al-Sharaa"). Speakers it does not cover are still grouped automatically.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .datafile import load_yaml, read_data_text, scalar
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


def load_registry(path: str | Path, encoding: str = "utf-8") -> Registry:
    """Read and check a registry; any problem is one StanceError naming the file. `encoding`
    (--encoding) as the documents': a code page reads only what is not UTF-8."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".yaml", ".yml"):
        raise StanceError(f"{path}: actor registry must be .csv, .yaml or .yml")
    text = read_data_text(path, "actor registry", encoding)[1]
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, text)
    else:
        rows = [(f"entry {n}", row) for n, row in enumerate(_yaml_rows(path, text), 1)]
    entries, seen, named = [], {}, {}
    for where, row in rows:
        entry = _entry(path, where, row)
        if entry.actor_id in seen:
            raise StanceError(f"{path}: {where}: duplicate actor_id {entry.actor_id!r} (also {seen[entry.actor_id]})")
        seen[entry.actor_id] = where
        for name in (entry.name, *entry.aliases):
            other = named.get(fold(name))
            if other is not None and other[1] != entry.actor_id:  # a row copied and half edited
                raise StanceError(f"{path}: {where}: the name or alias {name!r} is also {other[0]}'s "
                                  f"({other[1]!r}): a speaker so named would be either actor")
            named[fold(name)] = (where, entry.actor_id)
        entries.append(entry)
    return Registry(entries)


def _csv_rows(path: Path, text: str) -> list[tuple[str, dict]]:
    """("line N", row) per row of a CSV registry, comma- or semicolon-separated (as Excel saves it in
    European locales), its header read without case or spaces ("Actor ID"), rows left empty skipped."""
    lines = text.splitlines()
    header = lines[0] if lines else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        reader = csv.reader(lines, delimiter=delimiter)
        fields = [_field(name) for name in next(reader, [])]
        rows = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(fields):
                    raise StanceError(f"{path}: line {reader.line_num}: more cells than the header ({len(cells)}, "
                                      f"the header has {len(fields)}: a comma inside a name needs quotes)")
                rows.append((f"line {reader.line_num}", dict(zip(fields, cells))))
        return rows
    except csv.Error as exc:
        raise StanceError(f"{path}: not a valid CSV table ({exc})") from None


def _field(name: str) -> str:
    return "_".join(name.strip().lower().split())


def _yaml_rows(path: Path, text: str) -> list:
    data = load_yaml(path, text, "actor registry")
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if not isinstance(data, list):
        raise StanceError(f"{path}: actor registry must be a list of actors (or 'actors:' with a list)")
    return data


def _entry(path: Path, at: str, row) -> RegistryEntry:
    if not isinstance(row, dict):
        raise StanceError(f"{path}: {at}: expected fields {', '.join(REGISTRY_FIELDS)}")
    unknown = set(row) - set(REGISTRY_FIELDS)
    if unknown:
        raise StanceError(f"{path}: {at}: unknown field {sorted(map(str, unknown))[0]!r} "
                          f"(the fields are {', '.join(REGISTRY_FIELDS)})")
    where = f"{path}: {at}"
    name, actor_id, kind, country, role = (scalar(row.get(field), f"{where}: {field}")
                                           for field in ("name", "actor_id", "type", "country", "role"))
    if not name:
        raise StanceError(f"{where}: missing name")
    aliases = row.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    if not isinstance(aliases, (list, tuple)):
        raise StanceError(f"{where}: aliases: expected a list of names or a '|'-joined text, got {aliases!r:.80}")
    aliases = [scalar(a, f"{where}: aliases") for a in aliases]
    if ";" in actor_id:  # quotes.csv joins the actor_ids of a quote's speakers with ";": this one would be two
        raise StanceError(f"{where}: actor_id {actor_id!r} has a ';', which joins the ids of a quote's several "
                          "speakers in quotes.csv (it would count as two actors): use '-' or '_'")
    if kind and kind not in SPEAKER_TYPES:
        raise StanceError(f"{where}: type {kind!r} is not one of {', '.join(SPEAKER_TYPES)}")
    return RegistryEntry(
        actor_id=actor_id or slug(name), name=name,
        aliases=tuple(a for a in aliases if a), type=kind, country=country, role=role,
    )
