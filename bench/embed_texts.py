"""Embed the texts bench/semantic_fit.py lists, with one model, into a .npy table.

    python bench/embed_texts.py TEXTS.json OUT.npy (--static DIR | --transformer DIR)

Runs in the scratch venv of bench/distill_static.py (the transformer needs
PyTorch; the game's venv never has it). TEXTS.json is a list of strings; row
i of OUT.npy is text i's unit vector. Prints the load time and the encode time
per text, one text at a time as the game would ask (the first 300 texts), then
encodes the rest in batches.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path)
    parser.add_argument("out", type=Path)
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--static", type=Path, help="a model2vec model directory")
    kind.add_argument("--transformer", type=Path, help="a sentence-transformers directory")
    args = parser.parse_args()
    import numpy as np

    texts = json.loads(args.texts.read_text())
    start = time.perf_counter()
    if args.static:
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(str(args.static))
    else:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(args.transformer), device="cpu")
    print(f"load {time.perf_counter() - start:.2f} s")
    single = texts[:300]
    start = time.perf_counter()
    for t in single:
        model.encode([t])
    each = (time.perf_counter() - start) / max(len(single), 1)
    print(f"encode one text at a time: {each * 1000:.2f} ms per text ({len(single)} texts)")
    start = time.perf_counter()
    vectors = np.asarray(model.encode(texts, batch_size=64), dtype=np.float32)
    print(f"encode {len(texts)} texts in batches: {time.perf_counter() - start:.1f} s")
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    np.save(args.out, vectors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
