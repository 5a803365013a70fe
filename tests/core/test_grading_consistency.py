"""Two rules every verdict keeps (issue 19), on every deck: built-in and imported.

- A deck's own reference answers are graded correct.
- "Incorrect" always names something against the answer: never incorrect
  with a key point found and nothing contradicted, mixed up or refused.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading.grader import Grader

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "import"
REAL = REPO / "bench" / "data" / "decks"
# Real decks the tests may read (the held-out one is never run until the end);
# two are not committed (no licence) and are used when present.
REAL_FILES = [
    REAL / "google-ml-glossary" / "Google Machine Learning Glossary (Darigov Decks).apkg",
    REAL / "google-ml-glossary" / "Google Machine Learning Glossary.csv",
    REAL / "gdg-ai-systems" / "flashcards.csv",
    REAL / "aiquizzes-fastai" / "anki.txt",
]
UNUSABLE = {"cp1252.txt", "utf16.txt", "unknown.txt", "quizlet-custom.txt"}
IMPORTED = sorted(p for p in FIXTURES.iterdir() if p.name not in UNUSABLE) + REAL_FILES

# Reasons that name what is against an answer.
AGAINST = (
    "negates",
    "denies",
    "wrong order",
    "list of terms",
    "another question",
    "repeats the question",
    # Issue 12's: a false claim, a wrong list item, an answer about something else.
    "Not so:",
    "is wrong: one wrong item",
    "about something else",
)


@functools.cache
def imported(path: Path) -> Deck:
    return import_deck(path).deck


@pytest.mark.parametrize("path", IMPORTED, ids=lambda p: p.name)
def test_every_imported_deck_grades_its_own_references_correct(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not committed (see its SOURCE.md)")
    deck = imported(path)
    grader = Grader(deck)
    wrong = [c.id for c in deck.cards if grader.grade(c, c.answer).verdict != "correct"]
    assert wrong == []


def test_the_builtin_deck_grades_its_own_references_correct() -> None:
    deck = load_deck(REPO / "content" / "databricks-mlflow.toml")
    grader = Grader(deck)
    assert [c.id for c in deck.cards if grader.grade(c, c.answer).verdict != "correct"] == []


def labeled(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def answer_sets() -> list[tuple[str, Path, Path]]:
    shared = REPO.parent.parent / "shared" / "grading" / "dev-answers.jsonl"
    sets = [
        (
            "builtin-a",
            REPO / "content" / "databricks-mlflow.toml",
            REPO / "bench/data/answers-a.jsonl",
        ),
        ("google", REAL_FILES[1], REAL / "google-ml-glossary" / "answers.jsonl"),
        ("gdg", REAL_FILES[2], REAL / "gdg-ai-systems" / "answers.jsonl"),
        ("aiquizzes", REAL_FILES[3], REAL / "aiquizzes-fastai" / "answers.jsonl"),
    ]
    if shared.exists():
        sets.append(("builtin-dev", REPO / "content" / "databricks-mlflow.toml", shared))
    return sets


@pytest.mark.parametrize(("name", "deck_path", "answers"), answer_sets(), ids=lambda v: str(v))
def test_incorrect_always_names_something_against(
    name: str, deck_path: Path, answers: Path
) -> None:
    if not deck_path.exists():
        pytest.skip(f"{deck_path} is not committed (see its SOURCE.md)")
    deck = load_deck(deck_path) if deck_path.suffix == ".toml" else imported(deck_path)
    grader = Grader(deck)
    by_question = {" ".join(c.question.split()): c.id for c in deck.cards}
    ids = {c.id for c in deck.cards}
    bad = []
    for row in labeled(answers):
        card = row["card"] if row["card"] in ids and "question" not in row else None
        if card is None:
            card = by_question.get(" ".join(row.get("question", "").split())) or row["card"]
        if card not in ids:
            continue
        result = grader.grade(card, row["answer"])
        if result.verdict != "incorrect" or not result.found:
            continue
        if result.contradicted or result.confusion:
            continue
        if any(word in reason for reason in result.reasons for word in AGAINST):
            continue
        bad.append((card, row["answer"], result.found, result.reasons))
    assert bad == []


def test_another_cards_reference_typed_as_it_is_is_partial_at_most(tmp_path: Path) -> None:
    """A card whose answer is one word another card's reference also uses: that
    reference typed for it contains the word but answers the other question,
    so it is partial, naming that question; the card's own reference stays
    correct, and so does the word alone."""
    deck_file = tmp_path / "agents.csv"
    deck_file.write_text(
        "Question,Answer\n"
        "Unlike static pipelines agentic systems operate in what?,Loops.\n"
        '"Why is the cost of an agent hard to predict?","Because agents operate in loops, '
        'making the number of model calls unpredictable."\n'
        "What does RAG add to a model?,Retrieval of private documents at answer time.\n",
        encoding="utf-8",
    )
    deck = import_deck(deck_file).deck
    grader = Grader(deck)
    loops, cost, _ = deck.cards
    swapped = grader.grade(loops, cost.answer)
    assert swapped.verdict == "partial"
    assert swapped.confusion is not None and cost.question in swapped.confusion
    assert grader.grade(loops, loops.answer).verdict == "correct"
    assert grader.grade(loops, "loops").verdict == "correct"
    assert grader.grade(cost, cost.answer).verdict == "correct"


def test_another_question_named_is_the_one_whose_reference_was_typed() -> None:
    """Another card's reference answer, typed as it is for a card it does not
    answer, is told as answering another question: that card's, not a broader
    card whose few points the reference also says ("What is MLflow at a high
    level?" for lineage's reference typed on card 25)."""
    deck = load_deck(REPO / "content" / "databricks-mlflow.toml")
    grader = Grader(deck)
    named = wrong = 0
    examples = []
    for card in deck.cards:
        for other in deck.cards:
            if other is card:
                continue
            confusion = grader.grade(card, other.answer).confusion
            if confusion is None or "another question" not in confusion:
                continue
            named += 1
            if other.question not in confusion:
                wrong += 1
                examples.append((card.id, other.id, confusion))
    assert named > 1000  # the check is told on most swaps: this test reads them
    assert examples[:5] == [] and wrong == 0


@pytest.mark.parametrize(("card", "typed"), [("25", "123"), ("19", "12"), ("63", "70")])
def test_another_question_named_on_an_imported_deck_is_the_typed_references(
    card: str, typed: str
) -> None:
    """On a derived deck, of the cards the answer would be correct for, the one
    named is the one whose reference was typed: "false positive"'s definition
    typed for another term named "false negative" (first in the deck, same blend)."""
    if not REAL_FILES[1].exists():
        pytest.skip(f"{REAL_FILES[1]} is not committed (see its SOURCE.md)")
    deck = imported(REAL_FILES[1])
    cards = {c.id: c for c in deck.cards}
    confusion = Grader(deck).grade(card, cards[typed].answer).confusion
    assert confusion is not None and cards[typed].question in confusion
