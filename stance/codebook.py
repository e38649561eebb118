"""The stance codebook as data: labels in order, definitions, examples and decision rules.

Researchers working on other conflicts swap the codebook (``--codebook PATH``)
without touching code. The label order is the order of the ``p_<label>``
columns, the matrix columns and ties in the statement consensus.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .datafile import load_yaml, read_data_text, scalar
from .errors import StanceError

_LABEL_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")  # becomes a CSV column suffix: p_<label>
_LABEL_FIELDS = ("name", "definition", "examples", "typical")
_CODEBOOK_FIELDS = ("name", "version", "target", "unit", "labels", "rules")


@dataclass(frozen=True)
class Label:
    name: str
    definition: str
    examples: tuple[str, ...] = ()
    typical: tuple[str, ...] = ()  # typical words and phrases


@dataclass(frozen=True)
class Codebook:
    name: str
    labels: tuple[Label, ...]
    rules: tuple[str, ...] = ()
    target: str = ""
    version: str = ""
    sha256: str = ""  # of the file it was read from: manifests record which codebook a model learnt

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def examples(self) -> tuple[tuple[str, str], ...]:
        """(text, label) pairs from every label's example quotes and typical words."""
        return tuple((text, label.name) for label in self.labels for text in (*label.examples, *label.typical))


def check_model_labels(folder: object, labels: tuple[str, ...], codebook: Codebook,
                       instead: str = "train a model for this codebook") -> None:
    """Refuse a model whose labels are not `codebook`'s, in one line that says how they differ: the same
    labels in another order (the two lists read alike) or other labels; `instead`: what else to do."""
    if codebook.names == labels:
        return
    if sorted(codebook.names) == sorted(labels):
        raise StanceError(f"{folder}: the codebook has the model's labels in another order (model: {', '.join(labels)}; "
                          f"codebook: {', '.join(codebook.names)}): list the codebook's labels in the model's order, "
                          f"or {instead}")
    raise StanceError(f"{folder}: the model's labels ({', '.join(labels)}) are not the codebook's "
                      f"({', '.join(codebook.names)}); {instead}")


def default_codebook_path() -> Path:
    return Path(str(resources.files("stance") / "data" / "codebook.yaml"))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook file (YAML or JSON); errors name the file and the field."""
    path = Path(path) if path else default_codebook_path()
    raw, text = read_data_text(path, "codebook")
    data = load_yaml(path, text, "codebook")
    if not isinstance(data, dict):
        raise StanceError(f"{path}: a codebook is a mapping with 'name' and 'labels'")
    for key in map(str, data):
        if key not in _CODEBOOK_FIELDS and (near := difflib.get_close_matches(key, _CODEBOOK_FIELDS, n=1, cutoff=0.75)):
            raise StanceError(f"{path}: unknown field {key!r}: did you mean {near[0]!r}?")
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or len(raw_labels) < 2:
        raise StanceError(f"{path}: 'labels' must be a list of at least two labels")
    labels = tuple(_label(path, n, item) for n, item in enumerate(raw_labels))
    names = [label.name for label in labels]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise StanceError(f"{path}: labels: '{duplicate}' appears twice")
    rules = data.get("rules") or []
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise StanceError(f"{path}: 'rules' must be a list of strings")
    name, target, version = (scalar(data.get(field), f"{path}: {field}") for field in ("name", "target", "version"))
    return Codebook(name=name or path.stem, labels=labels, rules=tuple(rules), target=target, version=version,
                    sha256=hashlib.sha256(raw).hexdigest())


def _label(path: Path, n: int, item: object) -> Label:
    where = f"{path}: labels[{n}]"
    if not isinstance(item, dict):
        raise StanceError(f"{where}: expected a mapping with name, definition and examples")
    name = item.get("name")
    for key in map(str, item):  # extra notes are fine; a misspelt field would silently be empty
        if key not in _LABEL_FIELDS and (near := difflib.get_close_matches(key, _LABEL_FIELDS, n=1, cutoff=0.75)):
            raise StanceError(f"{where}: unknown field {key!r}: did you mean {near[0]!r}?")
    if not isinstance(name, str) or not _LABEL_NAME.match(name):
        raise StanceError(f"{where}.name: expected a lower-case word (letters, digits, '-', '_'), got {name!r}")
    definition = item.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        raise StanceError(f"{where}.definition: missing for label '{name}'")
    lists = {}
    for field in ("examples", "typical"):
        values = item.get(field) or []
        if not isinstance(values, list) or not all(isinstance(e, str) and e.strip() for e in values):
            raise StanceError(f"{where}.{field}: expected a list of strings for label '{name}'")
        lists[field] = tuple(values)
    return Label(name, " ".join(definition.split()), **lists)
