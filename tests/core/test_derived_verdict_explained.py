"""A verdict on an imported (derived) card never contradicts its own
explanation (issue 19): a correct answer whose checklist misses essential
points says why it is correct anyway and is not full marks, and one
everyday word said alone earns no credit. The deck is a user's MLOps
interview Markdown, as they imported it."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader

MLOPS = """# MLOps Interview Questions

### What is MLOps?

MLOps is a set of practices that combines machine learning, DevOps and data engineering to \
deploy and maintain ML models in production reliably and efficiently.

#### Key ideas

- Continuous integration and delivery for models
- Monitoring models in production
- Reproducible training pipelines

### What is model drift?

Model drift is the degradation of a model's predictive performance over time because the data \
or the relationship between inputs and target changes.

### How do you install a Python package in a Databricks notebook?

Use the `%pip` magic command at the top of the notebook. It installs the library for the \
notebook session only.

### What is a feature store?

A feature store is a central repository where features are defined, stored and served, so the \
same feature values are used in training and in online inference.
"""


def mlops_deck(tmp_path: Path) -> Deck:
    path = tmp_path / "README.md"
    path.write_text(MLOPS, encoding="utf-8")
    return import_deck(path).deck


def test_a_correct_verdict_with_essentials_missed_says_why_and_is_not_full_marks(
    tmp_path: Path,
) -> None:
    deck = mlops_deck(tmp_path)
    card = next(c for c in deck.cards if c.question == "What is MLOps?")
    result = Grader(deck).grade(
        card,
        "MLOps is DevOps for machine learning: CI/CD, monitoring models in production, "
        "reproducible training pipelines.",
    )
    assert result.verdict == "correct"
    assert result.missed  # the checklist shows essential points it does not tick
    assert result.score < 1.0
    assert result.score > 0.75  # still above any partial answer
    assert "Says the heart of the reference answer." not in result.reasons
    # What passed it (the reference's key words), and that not every point is said in full.
    assert result.reasons[0] == (
        "Says enough of the reference answer's key words, though not every key point in full."
    )
    # The point it says in part shows the words it said, not a ✗.
    devops = next(p for p in result.points if p.label.startswith("DevOps"))
    assert devops.shown == "partly" and "DevOps" in devops.words
    # Every essential point ticked: full marks, as before.
    full = Grader(deck).grade(
        card,
        "MLOps is a set of practices that combines machine learning, DevOps and data "
        "engineering to deploy models.",
    )
    assert full.verdict == "correct" and not full.missed and full.score == 1.0


def test_one_everyday_word_said_alone_earns_no_credit(tmp_path: Path) -> None:
    """ "served" and "defined" are words of the feature store's essential points,
    and no other card of this small deck uses them, but they are everyday
    English: alone, with nothing else of the reference, they say no idea."""
    deck = mlops_deck(tmp_path)
    card = next(c for c in deck.cards if c.question == "What is a feature store?")
    grader = Grader(deck)
    for answer in ("Food that is served.", "Something that gets defined."):
        result = grader.grade(card, answer)
        assert result.verdict == "incorrect", answer
        assert not result.found, answer
    # A term of the reference still says its point, and more of it more.
    assert grader.grade(card, "A central repository.").verdict != "incorrect"
    assert grader.grade(card, "A repository where features are served.").verdict != "incorrect"
