"""The training rows a model folder never trained on: for refitting an average's temperature honestly.

A fine-tuned model saved without refit (`--no-refit`) was fitted on 80% of its data and held out the rest
(`stance.training.holdout_split`, by its seed). An average of several such models (benchmarks/average_models.py)
has no held-out rows of its own: each parent held out other rows. This repeats every parent's split on its own
data file (found among --data by the sha256 its manifest records) and writes the rows of the first --data file
that no parent trained on, all columns kept. A row is the same row in two files when its id, text, sentence, cue,
label and source (those of them the files have) are the same; a parent refitted on all its rows leaves none.

Then: `stance train ROWS.csv --recalibrate FOLDER --calibrate-on 'article batch' --out FOLDER-t`.
Twelfth session (tune13): soup4's four-parent successor, out-of-fold rows of FDCB.csv.

    python benchmarks/unseen_rows.py FOLDER --data FIRST.csv [OTHER.csv ...] --out ROWS.csv
"""
from __future__ import annotations

import argparse
from pathlib import Path

KEY = ("id", "text", "sentence", "cue", "label", "source")  # what makes a row the same row in two files


def trained_keys(parent: dict, files: dict[str, Path], codebook) -> set[tuple]:
    """The keys of the rows `parent` (a manifest, or an `averaged_from` entry) was fitted on."""
    import numpy as np

    from stance.training import holdout_split, read_training_data

    data_info, validation = parent.get("training_data", {}), parent.get("cross_validation", {})
    name = parent.get("name", "model")
    path = files.get(data_info.get("sha256", ""))
    if path is None:
        raise SystemExit(f"{name}: trained on {data_info.get('file', '?')} (sha256 {data_info.get('sha256', '?')[:8]}...),"
                         " which no --data file is")
    data = read_training_data(path, codebook, data_info.get("encoding"))
    if validation.get("method") == "holdout" and validation.get("refit_on_all_rows") is False:
        y = np.asarray(data["label"].tolist())
        train, _ = holdout_split(y, len(codebook.names), validation.get("holdout", 0.2), validation.get("seed", 0))
        data = data.iloc[train]
    return set(_keys(data))


def _keys(data) -> list[tuple]:
    columns = [c for c in KEY if c in data]
    return list(data[columns].fillna("").astype(str).itertuples(index=False, name=None))


def unseen_rows(folder: Path, data_files: list[Path]):
    """The rows of `data_files[0]` that no parent of `folder` (or `folder` itself, if not an average) trained on."""
    from stance.codebook import load_codebook
    from stance.io import file_sha256
    from stance.model import read_manifest
    from stance.training import read_training_data

    manifest = read_manifest(folder)
    parents = manifest.get("averaged_from") or [manifest]
    files = {file_sha256(p): p for p in data_files}
    codebook = load_codebook()
    seen = set().union(*(trained_keys(p, files, codebook) for p in parents))
    first = read_training_data(data_files[0], codebook)
    return first[[key not in seen for key in _keys(first)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, metavar="FOLDER")
    parser.add_argument("--data", nargs="+", type=Path, required=True,
                        help="the parents' training files; the rows written are the first file's")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} exists")
    rows = unseen_rows(args.folder, args.data)
    rows.to_csv(args.out, index=False)
    print(f"{args.out}: {len(rows)} of {args.data[0]}'s rows no parent of {args.folder} trained on")


if __name__ == "__main__":
    main()
