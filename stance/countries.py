"""Countries, demonyms, capitals and aliases, read from ``data/countries.tsv``.

Kept as data so users can add regions or spellings without patches. Used to
give actors a country ("Iraqi Prime Minister ...", "Syria's foreign minister")
and available to the extractor for nationality nominals ("the Iraqi minister").
When two rows share a name (Congolese, Dominican), the later row wins, so the
file lists the more commonly meant country last.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import StanceError

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.tsv"


@dataclass(frozen=True)
class Country:
    """One row of countries.tsv; multi-valued fields were ``|``-joined."""

    country: str
    demonyms: tuple[str, ...]
    capital: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form that points at this country."""
        return (self.country, *self.demonyms, *self.aliases)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@lru_cache(maxsize=4)
def load_countries(path: str | Path = COUNTRIES_FILE) -> tuple[Country, ...]:
    """Read the table; a missing column or file is a StanceError naming it."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as exc:
        raise StanceError(f"{path}: cannot read countries table ({exc.strerror})") from exc
    needed = {"country", "demonym", "capital", "aliases"}
    if not rows or not needed <= rows[0].keys():
        raise StanceError(f"{path}: countries table needs columns {', '.join(sorted(needed))}")
    return tuple(
        Country(r["country"].strip(), _split(r["demonym"]), (r["capital"] or "").strip(),
                _split(r["aliases"]))
        for r in rows if (r["country"] or "").strip()
    )


@lru_cache(maxsize=4)
def _name_pattern(path: str | Path = COUNTRIES_FILE) -> tuple[re.Pattern, dict[str, str]]:
    by_name: dict[str, str] = {}
    for c in load_countries(path):
        for name in c.names:
            by_name[name.lower()] = c.country
    alternation = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    # Case-sensitive on the first letter: "US" and "Chad" are names, "us" and "chad" are not.
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?:['’]s)?(?![\w-])", re.IGNORECASE)
    return pattern, by_name


def countries_in(text: str, path: str | Path = COUNTRIES_FILE) -> list[str]:
    """Countries named in `text` (by name, demonym or alias), in order of mention."""
    pattern, by_name = _name_pattern(path)
    found = []
    for m in pattern.finditer(text or ""):
        word = re.sub(r"['’]s$", "", m.group(0))
        if word[:1].isupper():
            found.append(by_name[word.lower()])
    return found
