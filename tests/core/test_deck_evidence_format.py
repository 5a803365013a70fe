"""The deck format's evidence keys: code forms, examples, analogies, false claims.

They load with their values, a mistake in them names its line, the TOML
writer keeps them, and a cached compiled grader grades as a fresh one.
"""

from __future__ import annotations

import re

import pytest

from mlquiz.core.cards import Analogy, FalseClaim, deck_from_value, deck_to_value
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.decks.toml_writer import deck_to_toml
from mlquiz.core.errors import DeckError
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.lint import lint_deck

GOOD = """\
id = "t"
title = "T"
description = "A test deck."

[[cards]]
id = "1"
question = "What does git commit do?"
answer = "It records a snapshot of the staged changes."
also_true = ["author|hash"]

[[cards.points]]
label = "records a snapshot"
phrases = ["record|records ... snapshot"]
code = ["git commit", "commit -m"]
examples = ["each time ... saved ... work"]

[[cards.points.analogies]]
tool = "Mercurial"
credit = "full"
phrases = ["hg commit"]
note = "hg commit is the same idea."

[[cards.points]]
label = "staged changes"
phrases = ["staged|index"]

[[cards.false_claims]]
phrases = ["push|pushes ... remote"]
correction = "A commit stays local until you push."
contradicts = "staged changes"
"""


def problems_of(text: str) -> DeckError:
    with pytest.raises(DeckError) as info:
        parse_deck(text, "decks/t.toml")
    return info.value


def test_evidence_keys_load_with_their_values() -> None:
    """Code forms, examples, analogies, false claims and also-true phrases are
    read into the card as written."""
    card = parse_deck(GOOD, "decks/t.toml").cards[0]
    snapshot = card.points[0]
    assert snapshot.code == ("git commit", "commit -m")
    assert snapshot.examples == ("each time ... saved ... work",)
    assert snapshot.analogies == (
        Analogy("Mercurial", ("hg commit",), (), "full", "hg commit is the same idea."),
    )
    assert card.false_claims == (
        FalseClaim(
            ("push|pushes ... remote",),
            "A commit stays local until you push.",
            (),
            "staged changes",
        ),
    )
    assert card.also_true == ("author|hash",)


def test_a_deck_without_evidence_keys_still_loads() -> None:
    """The keys are optional: a card of phrases only loads as before."""
    text = re.sub(r"(?s)\ncode = .*?\n\n\[\[cards\.points\]\]", "\n\n[[cards.points]]", GOOD)
    text = text.split("[[cards.false_claims]]")[0].replace('also_true = ["author|hash"]\n', "")
    card = parse_deck(text, "decks/t.toml").cards[0]
    assert card.points[0].code == () and card.false_claims == () and card.also_true == ()


@pytest.mark.parametrize(
    ("old", "new", "line", "pattern"),
    [
        (
            'credit = "full"',
            'credit = "half"',
            19,
            r"analogy 1: 'credit' must be \"partial\" or \"full\"",
        ),
        (
            'contradicts = "staged changes"',
            'contradicts = "nope"',
            30,
            r"'contradicts' names no key point",
        ),
        (
            'code = ["git commit", "commit -m"]',
            'code = ["*"]',
            14,
            r"code form '\*' needs at least two",
        ),
        ('tool = "Mercurial"', 'tool = "Mercurial"\ncolour = "red"', 19, r"unknown key 'colour'"),
        (
            'correction = "A commit stays local until you push."',
            "",
            27,
            r"false claim 1: missing 'correction'",
        ),
    ],
)
def test_a_mistake_in_evidence_names_its_line(old: str, new: str, line: int, pattern: str) -> None:
    """Each broken evidence key yields `path:line: problem` for its fault."""
    error = problems_of(GOOD.replace(old, new))
    matching = [p for p in error.problems if re.search(pattern, p.problem)]
    assert matching, str(error)
    assert matching[0].line == line, str(error)


def test_the_toml_writer_keeps_the_evidence() -> None:
    """A deck written back to TOML and loaded again is the same deck."""
    deck = parse_deck(GOOD, "decks/t.toml")
    again = parse_deck(deck_to_toml(deck, note=()), "decks/t.toml")
    assert again.cards == deck.cards


def test_the_deck_cache_values_keep_the_evidence() -> None:
    """The plain values the deck cache stores give the same cards back."""
    deck = parse_deck(GOOD, "decks/t.toml")
    assert deck_from_value(deck_to_value(deck)).cards == deck.cards


def test_a_grader_restored_from_its_cache_grades_the_same() -> None:
    """A grader built from its compiled state grades code, analogies and false
    claims exactly as a freshly compiled one."""
    deck = parse_deck(GOOD, "decks/t.toml")
    fresh = Grader(deck)
    restored = Grader(deck, fresh.compiled_state())
    for answer in (
        "git commit -m 'x' on what is staged",
        "hg commit, with the index",
        "records a snapshot of the staged changes and pushes it to the remote",
    ):
        a, b = fresh.grade("1", answer), restored.grade("1", answer)
        assert (a.verdict, a.points, a.reasons) == (b.verdict, b.points, b.reasons)


def test_deck_check_warns_of_a_phrase_that_collapses_to_one_word() -> None:
    """ "logged for you" matches as "logged": its other words are stop words."""
    text = GOOD.replace(
        'examples = ["each time ... saved ... work"]', 'examples = ["saved for you"]'
    )
    warnings = [str(w) for w in lint_deck(parse_deck(text, "decks/t.toml"))]
    assert any("'saved for you' matches as one word" in w for w in warnings), warnings
