"""Static sentence embeddings distilled from a transformer encoder (the model2vec recipe), made and run.

A static encoder is one vector per vocabulary token: the transformer's mean-pooled output for that
token alone (``[CLS] token [SEP]``), reduced by PCA and weighted by a smooth inverse frequency
(SIF) of the token's rank, so frequent tokens count less. A text's vector is the mean of its
tokens' vectors: a table lookup instead of six transformer layers, so it costs what tokenizing
costs. The folder holds ``vectors.safetensors`` (float16, one row per token id), the encoder's
``tokenizer.json`` and ``static.json`` (how it was made); loading reads arrays and JSON only.

    python -m stance.static_encoder OUT [--dims 256] [--sif 1e-4]   # from the packaged MiniLM
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

STATIC_FILE = "static.json"
VECTORS_FILE = "vectors.safetensors"
TOKENIZER_FILE = "tokenizer.json"


def is_static(folder: Path) -> bool:
    """Whether `folder` holds a static encoder (rather than a transformer's weights)."""
    return (folder / STATIC_FILE).is_file() and (folder / VECTORS_FILE).is_file()


def token_outputs(source: Path, batch: int = 512) -> np.ndarray:
    """Each vocabulary token's mean-pooled transformer output when the token is read alone."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source)).float().eval()
    n = int(model.config.vocab_size)
    out = np.zeros((n, int(model.config.hidden_size)), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, n, batch):
            ids = torch.arange(start, min(start + batch, n))[:, None]
            cls = torch.full_like(ids, tokenizer.cls_token_id)
            sep = torch.full_like(ids, tokenizer.sep_token_id)
            hidden = model(input_ids=torch.cat([cls, ids, sep], dim=1)).last_hidden_state
            out[start:start + len(ids)] = hidden.mean(dim=1).numpy()
    return out


def reduce(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    """PCA to `dims` components (each component's sign fixed so its largest coordinate is positive,
    so the result does not depend on the SVD's arbitrary signs), and the share of variance kept."""
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    components = components[:dims]
    signs = np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])
    projected = centred @ (components * signs[:, None]).T
    kept = float((singular[:dims] ** 2).sum() / (singular ** 2).sum())
    return projected.astype(np.float32), kept


def sif_weights(n: int, sif: float) -> np.ndarray:
    """sif / (sif + p(token)), p from Zipf's law on the token's id as its rank (WordPiece vocabularies
    list words roughly by frequency): frequent tokens weigh less in the mean."""
    inverse_rank = 1.0 / np.arange(2, n + 2)
    return sif / (sif + inverse_rank / inverse_rank.sum())


def distill(source: Path, out: Path, dims: int = 256, sif: float = 1e-4) -> dict:
    """Write a static encoder distilled from the transformer in `source` into the folder `out`."""
    from safetensors.numpy import save_file

    from .encoder import weights_sha256

    reduced, kept = reduce(token_outputs(source), dims)
    vectors = (reduced * sif_weights(len(reduced), sif)[:, None]).astype(np.float16)
    out.mkdir(parents=True, exist_ok=True)
    save_file({"vectors": vectors}, str(out / VECTORS_FILE))
    shutil.copyfile(source / TOKENIZER_FILE, out / TOKENIZER_FILE)
    info = {"kind": "static", "distilled_from": source.name if source.name != "model" else "all-MiniLM-L6-v2",
            "source_sha256": weights_sha256(source), "vocabulary": int(len(vectors)), "dims": dims,
            "dtype": "float16", "pca_variance_kept": round(kept, 4), "sif": sif,
            "recipe": "each token's mean-pooled output for [CLS] token [SEP]; PCA; times sif/(sif + Zipf p(rank))"}
    (out / STATIC_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


class StaticRunner:
    """Token ids in, mean token vectors out (the `stance.encoder.Encoder` runner of a static folder)."""

    def __init__(self, folder: Path, max_length: int):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        info = json.loads((folder / STATIC_FILE).read_text(encoding="utf-8"))
        vectors = load_file(str(folder / VECTORS_FILE)).get("vectors")
        if not isinstance(info, dict) or vectors is None or vectors.ndim != 2 or vectors.dtype.kind != "f" \
                or vectors.shape[1] != info.get("dims"):
            raise ValueError(f"{folder}: not a static encoder ({STATIC_FILE} and {VECTORS_FILE} disagree)")
        self.vectors = vectors.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        if self.tokenizer.get_vocab_size() > len(self.vectors):
            raise ValueError(f"{folder}: the tokenizer has more tokens than {VECTORS_FILE} has rows")
        self.dim = int(vectors.shape[1])

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def pool(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        mask = attention_mask[..., None].astype(np.float32)
        return (self.vectors[input_ids] * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)


def main() -> None:
    from .encoder import default_encoder_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write")
    parser.add_argument("--source", type=Path, help="transformer folder (default: the packaged MiniLM)")
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default %(default)s)")
    parser.add_argument("--sif", type=float, default=1e-4, help="SIF coefficient (default %(default)s)")
    args = parser.parse_args()
    print(json.dumps(distill(args.source or default_encoder_path(), args.out, args.dims, args.sif), indent=2))


if __name__ == "__main__":
    main()
