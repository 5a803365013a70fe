"""Every grade the benches give, written out whole, to diff two trees' grading.

    python bench/verdict_dump.py OUT.jsonl [--src OTHER_SRC] [--swap-pairs N]

One line per grade: which set, the card, the answer, and the whole result
(verdict, score, every point's status, span, words and how it was earned, the
confusion, the reasons, the notes, the false claim). The grades are those of

- the built-in deck: the shared dev set, every `bench/data/*.jsonl` set, every
  reference swap (bench/swaps.py) and every card's own reference;
- every deck of bench/real_decks.py (held-out ones included: all spent), each
  file as published: its labeled answers (`answers*.jsonl`), its cards' own
  references and `--swap-pairs` reference swaps chosen as real_decks.py does.

`--src` grades with another tree's `src` (e.g. a baseline worktree's), so a
speed-up that must not change any grade is checked by diffing the two files:
`cmp base.jsonl this.jsonl` (or `diff`, to read what moved).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)

import mlquiz  # noqa: E402, F401  (imported first: --src's package, not this tree's)
from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402

sys.path.insert(1, str(ROOT / "bench"))
import real_decks  # noqa: E402

DEV = ROOT.parent.parent / "shared" / "grading" / "dev-answers.jsonl"
BUILT_IN = ROOT / "content" / "databricks-mlflow.toml"


def as_values(result) -> dict:
    return {
        "verdict": str(result.verdict),
        "score": round(result.score, 9),
        "points": [
            [p.label, str(p.status), p.span, p.required, p.words, p.via] for p in result.points
        ],
        "text": result.text,
        "confusion": result.confusion,
        "reasons": list(result.reasons),
        "notes": list(result.notes),
        "false_claim": result.false_claim,
    }


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--src", help="grade with this tree's src folder")
    parser.add_argument("--swap-pairs", type=int, default=3_000)
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    started = time.perf_counter()
    count = 0
    with args.out.open("w") as out:

        def write(where: str, card: str, answer: str, result) -> None:
            nonlocal count
            count += 1
            line = {"set": where, "card": card, "answer": answer, **as_values(result)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

        deck = load_deck(BUILT_IN)
        grader = Grader(deck)
        sets = [args.dev, *sorted((ROOT / "bench" / "data").glob("*.jsonl"))]
        for path in sets:
            for row in rows_of(path):
                if "deck" in row:  # an imported deck's answer (rev14d, walkfix14): not this deck's
                    continue
                write(
                    path.name, row["card"], row["answer"], grader.grade(row["card"], row["answer"])
                )
        for card in deck.cards:
            for other in deck.cards:
                write("swaps", card.id, other.answer, grader.grade(card, other.answer))

        for name, (files, _held_out) in real_decks.DECKS.items():
            answer_files = sorted((real_decks.DATA / name).glob("answers*.jsonl"))
            for file in files:
                path = real_decks.DATA / name / file
                if not path.exists():
                    print(f"{name}: {file} missing, skipped", file=sys.stderr)
                    continue
                deck = real_decks.import_deck(path).deck
                grader = Grader(deck)
                where = f"{name}/{file}"
                for answers in answer_files:
                    rows = rows_of(answers)
                    ids = real_decks.card_ids(deck, rows)
                    for row in rows:
                        if row["card"] in ids:
                            card_id = ids[row["card"]]
                            result = grader.grade(card_id, row["answer"])
                            write(f"{where}:{answers.name}", card_id, row["answer"], result)
                for card in deck.cards:
                    write(f"{where}:self", card.id, card.answer, grader.grade(card, card.answer))
                pairs = [(a, b) for a in deck.cards for b in deck.cards if a.id != b.id]
                if len(pairs) > args.swap_pairs:
                    pairs = random.Random(19).sample(pairs, args.swap_pairs)
                repeated = real_decks.repeated_lines(
                    real_decks.clean_text(c.answer) for c in deck.cards
                )
                for a, b in pairs:
                    swapped = real_decks.without_lines(b.answer, repeated)
                    write(f"{where}:swaps", a.id, swapped, grader.grade(a, swapped))
    print(f"{count} grades in {time.perf_counter() - started:.0f} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
