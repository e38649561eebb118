"""A candidate model folder made by averaging fine-tuned models in weight space (a "model soup").

Two or more finetune-hybrid folders of the same network (same encoder, `encoder_layers` and `train_layers`:
fine-tuned from the same MiniLM weights, e.g. one recipe on other rows or another seed) are averaged
element-wise in their trained layers and encoder head. The first folder's TF-IDF half, temperature and
parameters are kept. The result costs what one of them costs per quote. The new manifest is the first
folder's, with the new arrays' sha256, the given name, and `averaged_from` (each source's name and arrays
sha256). Score it with `score_candidates.py` like any candidate.

Eleventh session (tune12): kb4 and kc4 averaged scored 0.7229 on the thirteen-set mean, against kb4's 0.7158.

    python benchmarks/average_models.py FIRST OTHER ... --out FOLDER [--name NAME]
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

AVERAGED = ("encoder.", "head.")  # the trained layers (`trained_layers.PREFIX`) and the fine-tuned head
SAME = ("encoder", "encoder_layers", "train_layers", "encoder_input", "max_length")


def average(folders: list[Path], out: Path, name: str) -> dict:
    from safetensors.numpy import load_file, save_file

    from stance.io import file_sha256
    from stance.model import ARRAYS_FILE, MANIFEST_FILE, PARAMS_FILE, read_manifest

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
    mixed = {k: (np.mean([a[k].astype(np.float64) for a in arrays], axis=0).astype(v.dtype)
                 if k.startswith(AVERAGED) else v) for k, v in first.items()}
    out.mkdir(parents=True)
    save_file(mixed, str(out / ARRAYS_FILE))
    shutil.copyfile(folders[0] / PARAMS_FILE, out / PARAMS_FILE)
    manifest = json.loads(json.dumps(manifests[0]))
    manifest["name"] = name
    manifest["classifier"]["arrays"]["sha256"] = file_sha256(out / ARRAYS_FILE)
    manifest["averaged_from"] = [{"folder": str(f), "name": m["name"], "arrays_sha256": m["classifier"]["arrays"]["sha256"]}
                                 for f, m in zip(folders, manifests)]
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--name", help="the new model's name (default: the output folder's)")
    args = parser.parse_args()
    if len(args.folders) < 2:
        raise SystemExit("give two model folders or more")
    if args.out.exists():
        raise SystemExit(f"{args.out} exists")
    average(args.folders, args.out, args.name or args.out.name)
    print(f"{args.out}: {len(args.folders)} models averaged")


if __name__ == "__main__":
    main()
