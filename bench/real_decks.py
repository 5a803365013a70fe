"""Real published decks, imported as published, graded against answers labeled blind.

    python bench/real_decks.py [--deck NAME ...] [--held-out] [--errors] [--swap-pairs N]
                               [--writer NAME] [--first-file-only]

For each deck under bench/data/decks/ (see bench/data/README.md), imports the
file exactly as published with the format detected (`mlquiz deck import`'s
code path, no `--format`), grades the deck's labeled answers and prints:

- three-way agreement with the labels;
- graded correct while labeled partial or incorrect, as a share of all answers;
- graded incorrect while labeled correct or partial, as a share of all answers;
- the baseline: whole-answer `token_set_ratio` (rapidfuzz, `default_process`)
  against the card's reference answer, with the two thresholds that give it
  the best agreement fitted on the very same answers (an optimistic floor);
- self-grade: the share of the deck's cards whose own reference answer is
  graded correct (every card, not only the labeled ones);
- reference swaps: every card graded with every other card's reference
  answer (or `--swap-pairs` of those pairs, chosen at random with a fixed
  seed): the shares graded correct and partial. A line that a quarter of the
  deck's answers repeat (aiquizzes ends every answer with "view answer on
  aiquizzes") is no card's answer: it is left out of the swapped reference,
  as derivation leaves it out.

Answers name their card by its 1-based position in the file as published;
the imported deck's ids are matched to those positions here, by question
text, so the data is never edited to fit the importer.

The held-out decks (all spent now: see bench/data/README.md) are measured
only with `--held-out` (`--deck NAME` picks one): a new held-out deck is run
once at the start and once at the end of a round, and reported apart.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz, utils  # noqa: E402

from mlquiz.core.cards import Deck  # noqa: E402
from mlquiz.core.decks.importing.build import import_deck  # noqa: E402
from mlquiz.core.grading.derive.clean import (  # noqa: E402
    clean_text,
    repeated_lines,
    without_lines,
)
from mlquiz.core.grading.grader import Grader  # noqa: E402

DATA = ROOT / "bench" / "data" / "decks"
LABELS = ("correct", "partial", "incorrect")

# name -> (deck files as published, held out?)
DECKS: dict[str, tuple[tuple[str, ...], bool]] = {
    "google-ml-glossary": (
        (
            "Google Machine Learning Glossary (Darigov Decks).apkg",
            "Google Machine Learning Glossary.csv",
        ),
        False,
    ),
    "gdg-ai-systems": (("flashcards.csv",), False),
    "aiquizzes-fastai": (("anki.txt",), False),
    "iamtodor-ds-interview": (("README.md",), True),  # spent: measured twice
    "shuaiw-ds-qa": (("README.md",), True),  # spent: measured once
    "ajitsingh-linreg": (("linear_regression_and_regularization.md",), True),  # spent
    "badiaamakhlouf-mlfund": (("machine_learning_fundamentals.md",), True),
    "tsilva-mochi-aiml": (("deck-aiml-fundamentals-kflWEgVw.md",), True),
    "schutera-dl-numerical": (("DeepLearning_NumericalComputation.apkg",), True),  # spent
    "rohanmistry231-ml-interview-qa": (("README.md",), True),  # spent
    "sepidehhosseinian-mlops-general": (("General-MLOps-README.md",), True),  # spent
    "AI2M2IA-aws-flashcards": (("flashcards.csv",), True),  # spent; deck not committed
    "alexeygrigorev-ds-theory": (("theory.md",), True),  # spent
    "miguelfg-databricks-sql-concepts": (("05_concept_cards.txt",), True),  # spent; not committed
    "dkritz-sql-dwh": (
        ("sql_data_engineering_warehouse_flashcards.txt",),
        True,
    ),  # spent; not committed
    "serahsoltani-dl-interview": (("README.md",), True),  # spent; not committed
    "tuanai-vireox-data-engineering": (("README.md",), True),  # spent; not committed
    "keronuts-aws-cloud-practitioner": (("flashcards.csv",), True),  # spent; not committed
    "ameshram-aws": (("flashcards.csv",), True),  # spent; not committed
    "krishnakvr-ml-interview": (("README.md",), True),  # spent; not committed
    "ldebrot-statistics": (("Inferential Statistics - Deck 1.csv",), True),  # spent
    # spent; not committed (CC BY-NC-ND)
    "bregman-arie-aws-cloud-practitioner": (("aws-cloud-practitioner.md",), True),
    "learningzone-azure": (("README.md",), True),  # spent (MIT)
    # spent; not committed (no licence)
    "miladbahariqaragoz-patternrecognition": (("flashcards.csv",), True),
}


# --------------------------------------------------------------------------
# Matching published positions to the imported cards


def _plain(text: str) -> str:
    text = unescape(re.sub(r"<[^>]*>", "", text))
    return " ".join(re.findall(r"\w+", text.lower()))


def card_ids(deck: Deck, rows: list[dict]) -> dict[str, str]:
    """Published position -> the imported card's id, matched by question text.

    Two cards may share a question: the one nearest the position wins.
    """
    by_question: dict[str, list[tuple[int, str]]] = {}
    for index, card in enumerate(deck.cards):
        by_question.setdefault(_plain(card.question), []).append((index, card.id))
    out: dict[str, str] = {}
    for row in rows:
        position = int(row["card"])
        candidates = by_question.get(_plain(row["question"]), [])
        if not candidates:
            continue
        out[row["card"]] = min(candidates, key=lambda c: abs(c[0] + 1 - position))[1]
    return out


# --------------------------------------------------------------------------
# The baseline


def baseline_scores(deck: Deck, rows: list[dict], ids: dict[str, str]) -> list[float]:
    return [
        fuzz.token_set_ratio(
            row["answer"], deck.card(ids[row["card"]]).answer, processor=utils.default_process
        )
        for row in rows
    ]


def fitted_baseline(scores: list[float], labels: list[str]) -> tuple[float, int, int]:
    """Best three-way agreement of thresholds low <= high on the scores (in-sample)."""
    best = (0.0, 0, 0)
    n = len(scores)
    for low in range(0, 101):
        for high in range(low, 102):
            agree = 0
            for score, label in zip(scores, labels, strict=True):
                verdict = "correct" if score >= high else "partial" if score >= low else "incorrect"
                agree += verdict == label
            if agree / n > best[0]:
                best = (agree / n, low, high)
    return best


# --------------------------------------------------------------------------
# Measuring one deck file


def measure(path: Path, rows: list[dict], swap_pairs: int | None, errors: bool) -> dict:
    started = time.perf_counter()
    result = import_deck(path)
    import_seconds = time.perf_counter() - started
    deck = result.deck
    grader = Grader(deck)
    ids = card_ids(deck, rows)
    unmatched = [r for r in rows if r["card"] not in ids]
    rows = [r for r in rows if r["card"] in ids]
    matrix: Counter = Counter()
    wrong = []
    for row in rows:
        graded = grader.grade(ids[row["card"]], row["answer"])
        matrix[(row["label"], graded.verdict)] += 1
        if graded.verdict != row["label"]:
            wrong.append((row, graded))
    n = len(rows) or 1
    agreement = sum(matrix[(v, v)] for v in LABELS) / n
    over = sum(matrix[(lab, "correct")] for lab in ("partial", "incorrect")) / n
    under = sum(matrix[(lab, "incorrect")] for lab in ("correct", "partial")) / n
    scores = baseline_scores(deck, rows, ids)
    base, low, high = fitted_baseline(scores, [r["label"] for r in rows])

    self_ok = sum(grader.grade(c, c.answer).verdict == "correct" for c in deck.cards)
    pairs = [(a, b) for a in deck.cards for b in deck.cards if a.id != b.id]
    if swap_pairs is not None and len(pairs) > swap_pairs:
        pairs = random.Random(19).sample(pairs, swap_pairs)
    repeated = repeated_lines(clean_text(c.answer) for c in deck.cards)
    swapped = {c.id: without_lines(c.answer, repeated) for c in deck.cards}
    swaps: Counter = Counter(grader.grade(a, swapped[b.id]).verdict for a, b in pairs)
    report = {
        "file": path.name,
        "format": result.format,
        "cards": len(deck.cards),
        "points": sum(len(c.points) for c in deck.cards),
        "warnings": len(result.warnings),
        "import_s": import_seconds,
        "answers": len(rows),
        "unmatched": len(unmatched),
        "agreement": agreement,
        "over": over,
        "under": under,
        "baseline": base,
        "baseline_thresholds": (low, high),
        "self_grade": self_ok / len(deck.cards),
        "swaps": len(pairs),
        "swap_correct": swaps["correct"] / (len(pairs) or 1),
        "swap_partial": swaps["partial"] / (len(pairs) or 1),
        "matrix": {f"{a}->{b}": matrix[(a, b)] for a in LABELS for b in LABELS},
    }
    if errors:
        for row, graded in wrong:
            print(
                f"  [{row['card']}] label={row['label']} got={graded.verdict} "
                f"score={graded.score} found={graded.found} missed={graded.missed} "
                f"contra={graded.contradicted}\n      A: {row['answer']}\n"
                f"      why: {' | '.join(graded.reasons)}\n      note: {row.get('note', '')}"
            )
        bad_self = [c for c in deck.cards if grader.grade(c, c.answer).verdict != "correct"]
        for card in bad_self[:10]:
            graded = grader.grade(card, card.answer)
            print(f"  self-grade {card.id}: {graded.verdict} {graded.reasons}")
    return report


def print_report(name: str, report: dict) -> None:
    print(
        f"{name} [{report['file']}] ({report['format']}): {report['cards']} cards, "
        f"{report['points']} points, {report['warnings']} warnings, "
        f"import {report['import_s']:.2f} s"
    )
    if report["unmatched"]:
        print(f"  answers whose card was not imported: {report['unmatched']}")
    low, high = report["baseline_thresholds"]
    print(f"  answers                               {report['answers']}")
    print(f"  three-way agreement                   {report['agreement']:.3f}")
    print(f"  graded correct, labeled not (of all)  {report['over']:.1%}")
    print(f"  graded incorrect, labeled not (of all){report['under']:>7.1%}")
    print(
        f"  fitted token_set_ratio baseline       {report['baseline']:.3f} "
        f"(partial >= {low}, correct >= {high})"
    )
    print(f"  self-grade                            {report['self_grade']:.1%}")
    print(
        f"  reference swaps ({report['swaps']} pairs)      correct {report['swap_correct']:.2%}, "
        f"partial {report['swap_partial']:.1%}"
    )
    print("  label -> verdict: " + ", ".join(f"{k} {v}" for k, v in report["matrix"].items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deck", action="append", help="only this deck (repeatable)")
    parser.add_argument("--held-out", action="store_true", help="measure the held-out deck")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--swap-pairs", type=int, default=20_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--writer",
        help="only the answers of this writer (their `writer` field; 'first' = those without one)",
    )
    parser.add_argument(
        "--answers-file",
        default="answers.jsonl",
        help="the labeled answers' file in each deck's folder (answers-tune12.jsonl: tuning)",
    )
    parser.add_argument(
        "--first-file-only", action="store_true", help="one file per deck (google: both alike)"
    )
    args = parser.parse_args()
    out = {}
    for name, (files, held_out) in DECKS.items():
        if args.deck and name not in args.deck:
            continue
        if held_out != args.held_out:
            continue
        rows = (
            [
                json.loads(line)
                for line in (DATA / name / args.answers_file).read_text().splitlines()
                if line.strip()
            ]
            if (DATA / name / args.answers_file).exists()
            else []
        )
        if not rows:
            continue  # no answers of that file for this deck
        if args.writer:
            rows = [r for r in rows if r.get("writer", "first") == args.writer]
            if not rows:
                print(f"{name}: no answers by writer {args.writer!r}; skipped")
                continue
        for file in files[:1] if args.first_file_only else files:
            path = DATA / name / file
            if not path.exists():
                print(f"{name}: {path} is missing (see its SOURCE.md)")
                continue
            report = measure(path, rows, args.swap_pairs, args.errors)
            print_report(name, report)
            out[f"{name}/{file}"] = report
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
