"""Agreement of the grader with a labeled answer set (default: the shared dev set).

    python bench/agreement.py [--answers FILE] [--deck PATH] [--cards 1-14] [--errors]

Prints three-way agreement, the confusion matrix, the false-accept rate (share
of answers labeled incorrect that are graded correct), the false-reject rate
(share labeled correct that are graded incorrect) and agreement per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mlquiz.core.grading.grader import Grader  # noqa: E402

LABELS = ("correct", "partial", "incorrect")


def load_deck(path: Path):
    from mlquiz.core.decks.library import load_deck as load

    return load(path)


def card_filter(spec: str | None):
    if not spec:
        return lambda card_id: True
    wanted: set[str] = set()
    for part in spec.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            wanted |= {str(i) for i in range(int(lo), int(hi) + 1)}
        else:
            wanted.add(part)
    return lambda card_id: card_id in wanted


def measure(grader: Grader, rows: list[dict]) -> dict:
    matrix: Counter = Counter()
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors = []
    for row in rows:
        result = grader.grade(row["card"], row["answer"])
        matrix[(row["label"], result.verdict)] += 1
        ok = row["label"] == result.verdict
        per_kind[row.get("kind", "?")][0] += ok
        per_kind[row.get("kind", "?")][1] += 1
        if not ok:
            errors.append((row, result))
    total = len(rows)
    labeled_incorrect = sum(matrix[("incorrect", v)] for v in LABELS)
    labeled_correct = sum(matrix[("correct", v)] for v in LABELS)
    return {
        "n": total,
        "agreement": sum(matrix[(v, v)] for v in LABELS) / total if total else 0.0,
        "false_accept": matrix[("incorrect", "correct")] / labeled_incorrect
        if labeled_incorrect
        else 0.0,
        "false_reject": matrix[("correct", "incorrect")] / labeled_correct
        if labeled_correct
        else 0.0,
        "matrix": {f"{a}->{b}": matrix[(a, b)] for a in LABELS for b in LABELS},
        "per_kind": {k: round(v[0] / v[1], 3) for k, v in sorted(per_kind.items())},
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--answers", type=Path, default=ROOT.parent / "shared" / "grading" / "dev-answers.jsonl"
    )
    parser.add_argument("--deck", type=Path, default=ROOT / "content" / "databricks-mlflow.toml")
    parser.add_argument("--cards", help="only these card ids, e.g. 1-14,20")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()

    deck = load_deck(args.deck)
    grader = Grader(deck)
    keep = card_filter(args.cards)
    known = {c.id for c in deck.cards}
    rows = [json.loads(line) for line in args.answers.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if keep(r["card"]) and r["card"] in known]
    report = measure(grader, rows)

    print(f"answers: {report['n']}")
    print(f"three-way agreement: {report['agreement']:.3f}")
    print(f"false accepts (incorrect graded correct): {report['false_accept']:.3f}")
    print(f"false rejects (correct graded incorrect): {report['false_reject']:.3f}")
    print("confusion matrix (label -> verdict):")
    print(f"{'':>12}" + "".join(f"{v:>11}" for v in LABELS))
    for label in LABELS:
        cells = "".join(f"{report['matrix'][f'{label}->{v}']:>11}" for v in LABELS)
        print(f"{label:>12}{cells}")
    print("agreement per kind:")
    for kind, value in report["per_kind"].items():
        print(f"  {kind:<14} {value:.3f}")
    if args.errors:
        print("\ndisagreements:")
        for row, result in report["errors"]:
            print(
                f"  [{row['card']}] label={row['label']} got={result.verdict}"
                f" found={result.found} contra={result.contradicted}"
                f" conf={result.confusion!r}\n      {row['answer']}\n      ({row.get('note', '')})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
