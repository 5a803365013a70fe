"""The grader on the seed deck as imported, with no hand editing, beside the curated deck.

    python bench/imported_deck.py [--seed FILE] [--answers FILE] [--curated PATH] [--save OUT]

Imports the flashcard-site seed (`mlquiz deck import`'s code path, key points
derived from the answers), grades the labeled answers with it and with the
curated built-in deck, and prints the two sets of figures side by side. Only
answers to cards both decks have are counted, so the columns compare alike.
Run it on the shared dev set (the default) and on an independently written
set, e.g. `--answers ../heldout2/answers.jsonl`: the derivation must do well
on both, so no rule may be tuned to one set's answers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from agreement import LABELS, measure  # noqa: E402

from mlquiz.core.decks.importing.build import import_deck  # noqa: E402
from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402
from mlquiz.core.grading.lint import lint_deck  # noqa: E402

DEFAULT_SEED = ROOT.parent / "shared" / "seed" / "000_f6d7b1ac959bf586.txt"
if not DEFAULT_SEED.exists():
    DEFAULT_SEED = ROOT / "tests" / "data" / "import" / "seed-databricks-mlflow.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument(
        "--answers", type=Path, default=ROOT.parent / "shared" / "grading" / "dev-answers.jsonl"
    )
    parser.add_argument("--curated", type=Path, default=ROOT / "content" / "databricks-mlflow.toml")
    parser.add_argument("--save", type=Path, help="also write the imported deck's TOML here")
    args = parser.parse_args()

    result = import_deck(args.seed, deck_id="seed-imported")
    with tempfile.TemporaryDirectory() as folder:
        # Through the file and the loader, exactly as a user's import would be read.
        path = Path(folder) / "seed-imported.toml"
        path.write_text(result.toml, encoding="utf-8")
        imported = load_deck(path)
    if args.save:
        args.save.write_text(result.toml, encoding="utf-8")
    curated = load_deck(args.curated)

    rows = [json.loads(line) for line in args.answers.read_text().splitlines() if line.strip()]
    both = {c.id for c in imported.cards} & {c.id for c in curated.cards}
    rows = [r for r in rows if r["card"] in both]
    reports = {
        "imported": measure(Grader(imported), rows),
        "curated": measure(Grader(curated), rows),
    }

    points = sum(len(c.points) for c in imported.cards)
    print(f"seed: {args.seed.name} -> {len(imported.cards)} cards, {points} derived key points")
    warnings = lint_deck(imported)
    print(f"deck check on the imported deck: {len(warnings)} warnings")
    print(f"curated: {args.curated.name}, {len(curated.cards)} cards")
    print(f"answers: {len(rows)} (to the {len(both)} cards both decks have)")
    print()
    print(f"{'':<40}{'imported':>10}{'curated':>10}")
    for key, name in (
        ("agreement", "three-way agreement"),
        ("false_accept", "false accepts (incorrect -> correct)"),
        ("false_reject", "false rejects (correct -> incorrect)"),
    ):
        print(f"{name:<40}" + "".join(f"{reports[d][key]:>10.3f}" for d in reports))
    print("confusion matrix (label -> verdict):")
    for label in LABELS:
        for verdict in LABELS:
            cell = f"{label} -> {verdict}"
            values = "".join(f"{reports[d]['matrix'][f'{label}->{verdict}']:>10}" for d in reports)
            print(f"  {cell:<38}{values}")
    print("agreement per kind:")
    kinds = sorted(set(reports["imported"]["per_kind"]) | set(reports["curated"]["per_kind"]))
    for kind in kinds:
        values = "".join(f"{reports[d]['per_kind'].get(kind, 0.0):>10.3f}" for d in reports)
        print(f"  {kind:<38}{values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
