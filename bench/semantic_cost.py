"""What a static embedding model would cost the game: import, load, encode.

    python bench/semantic_cost.py MODEL_DIR [--runs 5]

Run it in a venv holding model2vec and no PyTorch (`pip install model2vec`:
numpy, tokenizers, safetensors, huggingface-hub ...). Each run is a fresh
process: the time to import model2vec's StaticModel, to load MODEL_DIR, and
to encode one text at a time (the grader's case: an answer, then its
reference), over two fixed texts of an answer's and a reference's length.
The machine's load shows in every figure: give `uptime` beside them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CHILD = r"""
import sys, time
t = time.perf_counter()
from model2vec import StaticModel
imported = time.perf_counter() - t
t = time.perf_counter()
model = StaticModel.from_pretrained(sys.argv[1])
loaded = time.perf_counter() - t
texts = [
    "It keeps the weights small by adding their squared size to the loss",
    "Regularization adds a penalty on the size of the coefficients to the loss function, "
    "which shrinks them toward zero and reduces overfitting.",
] * 200
t = time.perf_counter()
for x in texts:
    model.encode([x])
each = (time.perf_counter() - t) / len(texts)
print(imported, loaded, each)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    got = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, args.model], capture_output=True, text=True, check=True
        ).stdout.split()
        got.append([float(x) for x in out])
    for i, name in enumerate(("import", "load", "encode one text")):
        values = [g[i] * 1000 for g in got]
        print(f"{name}: median {statistics.median(values):.2f} ms (min {min(values):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
