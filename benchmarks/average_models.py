"""A model folder made by averaging fine-tuned models in weight space (a "model soup").

Two or more finetune-hybrid folders of the same network (same encoder, `encoder_layers` and `train_layers`:
fine-tuned from the same MiniLM weights, e.g. one recipe on other rows or another seed) are averaged
element-wise in their trained layers and encoder head. The first folder's TF-IDF half, temperature and
parameters are kept. The result costs what one of them costs per quote.

The new manifest claims nothing the average did not earn: it has no training data, seed or cross-validation
of its own. `averaged` says how it was made (what was averaged, what was kept from which parent, the
command); `averaged_from` holds each parent's recipe as its own manifest recorded it (kind, parameters,
encoder, seed, training data with sha256, its own held-out scores, training time), its arrays' and
parameters' sha256, and `command`, the `stance train` line that trains it again. `stance train --like` reads
them (stance/training.py). An averaged folder is not averaged again: average its parents.

Eleventh session (tune12): kb4 and kc4 averaged scored 0.7229 on the thirteen-set mean, against kb4's 0.7158;
shipped as models/default (ship13; models/README.md).

    python benchmarks/average_models.py FIRST OTHER ... --out FOLDER [--name NAME] [--names A,B,...]
"""
from __future__ import annotations

import argparse
import json
import platform
import shlex
import shutil
from pathlib import Path

import numpy as np

AVERAGED = ("encoder.", "head.")  # the trained layers (`trained_layers.PREFIX`) and the fine-tuned head
SAME = ("encoder", "encoder_layers", "train_layers", "encoder_input", "max_length")
OWN = ("version", "kind", "labels", "codebook", "input_template", "params", "encoder")  # the first folder's, true of the average
PARENT = ("kind", "params", "encoder", "seed", "training_data", "cross_validation", "train_seconds", "versions")


def average(folders: list[Path], out: Path, name: str, names: list[str] | None = None) -> dict:
    """Average `folders` into `out`; `names` are the parents' names in the manifest (default: their own)."""
    import safetensors
    from safetensors.numpy import load_file, save_file

    from stance import __version__
    from stance.io import file_sha256
    from stance.model import ARRAYS_FILE, FORMAT, MANIFEST_FILE, PARAMS_FILE, read_manifest

    if names is not None and len(names) != len(folders):
        raise SystemExit(f"--names: {len(names)} names for {len(folders)} folders")
    manifests = [read_manifest(f) for f in folders]
    params = [json.loads((f / PARAMS_FILE).read_text(encoding="utf-8")) for f in folders]
    for folder, manifest, p in zip(folders[1:], manifests[1:], params[1:]):
        if manifest["kind"] != "finetune-hybrid" or manifests[0]["kind"] != "finetune-hybrid":
            raise SystemExit(f"{folder}: only finetune-hybrid folders are averaged")
        differ = [k for k in SAME if p.get(k) != params[0].get(k)] + \
            (["labels"] if manifest["labels"] != manifests[0]["labels"] else []) + \
            (["classes"] if p["classes"] != params[0]["classes"] else [])
        if differ:
            raise SystemExit(f"{folder}: not the same network as {folders[0]} ({', '.join(differ)} differ)")
    arrays = [load_file(str(f / ARRAYS_FILE)) for f in folders]
    first = arrays[0]
    for folder, other in zip(folders[1:], arrays[1:]):
        if any(k not in other or other[k].shape != first[k].shape for k in first if k.startswith(AVERAGED)):
            raise SystemExit(f"{folder}: its trained layers or head do not match {folders[0]}'s")
    names = names or [m["name"] for m in manifests]
    parents = [_parent(f, m, n) for f, m, n in zip(folders, manifests, names)]  # before anything is written
    mixed = {k: (np.mean([a[k].astype(np.float64) for a in arrays], axis=0).astype(v.dtype)
                 if k.startswith(AVERAGED) else v) for k, v in first.items()}
    out.mkdir(parents=True)
    save_file(mixed, str(out / ARRAYS_FILE))
    shutil.copyfile(folders[0] / PARAMS_FILE, out / PARAMS_FILE)
    first = manifests[0]
    manifest = {"name": name, **{k: first[k] for k in OWN if k in first}}
    manifest["averaged"] = {
        "arrays": "encoder.* (the trained layers) and head.* (the fine-tuned head): the element-wise mean over "
                  "the parents, in float64, cast back to each array's dtype",
        "kept_from": names[0],
        "kept": f"tfidf.* (the TF-IDF half) and {PARAMS_FILE} (parameters and temperature "
                f"{first['params'].get('temperature')}: fitted for {names[0]} on its own held-out rows, not refitted "
                "for the average)",
        "command": shlex.join(["python", "benchmarks/average_models.py", *names, "--out", out.name,
                               "--name", name, "--names", ",".join(names)]),
        "scores": "none of its own here: models/README.md has the figures measured on it"}
    manifest["averaged_from"] = parents
    manifest["versions"] = {"python": platform.python_version(), "stance": __version__,
                            "numpy": np.__version__, "safetensors": safetensors.__version__}
    manifest["classifier"] = {"format": FORMAT,
                              "arrays": {"file": ARRAYS_FILE, "sha256": file_sha256(out / ARRAYS_FILE)},
                              "params": {"file": PARAMS_FILE, "sha256": file_sha256(out / PARAMS_FILE)}}
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _parent(folder: Path, manifest: dict, name: str) -> dict:
    """A parent's recipe and provenance, as its manifest records them, and the command that trains it again."""
    from stance.training import read_recipe

    if "averaged_from" in manifest:
        raise SystemExit(f"{folder}: already an average; average its parents instead")
    _, recipe = read_recipe(folder)
    data = manifest.get("training_data", {})
    return {"name": name, **{k: manifest[k] for k in PARENT if k in manifest},
            "arrays_sha256": manifest["classifier"]["arrays"]["sha256"],
            "params_sha256": manifest["classifier"]["params"]["sha256"],
            "command": recipe.command(data.get("file", "DATA.csv"), name)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--name", help="the new model's name (default: the output folder's)")
    parser.add_argument("--names", help="the folders' names in the new manifest, comma-separated (default: their "
                                        "manifests' names)")
    args = parser.parse_args()
    if len(args.folders) < 2:
        raise SystemExit("give two model folders or more")
    if args.out.exists():
        raise SystemExit(f"{args.out} exists")
    average(args.folders, args.out, args.name or args.out.name, args.names.split(",") if args.names else None)
    print(f"{args.out}: {len(args.folders)} models averaged")


if __name__ == "__main__":
    main()
