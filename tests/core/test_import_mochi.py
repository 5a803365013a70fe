"""Mochi (mochi.cards) decks as Markdown files (issue 19): each card a `---` /
`card_id: ...` / `---` block and its sides split by `---` lines. Detected without
--format; metadata never shown as card text; nothing dropped without a file:line
warning; Markdown with horizontal rules still read as Markdown."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz import cli
from mlquiz.core.decks.importing.build import (
    build_deck,
    import_deck,
    parse_file_text,
    read_deck_file,
)
from mlquiz.core.decks.importing.mochi import parse_mochi
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.errors import DeckImportError


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DECK = r"""---
card_id: kflWEgVw
tags: ["ml", "basics"]
---
What is **overfitting**?
---
When a model learns the **noise** in the training data instead of the signal:

- low training error
- high test error

Its test loss is $$\frac{1}{n}\sum_i (y_i - \hat{y}_i)^2$$ and grows.
---
card_id: 7Hq2xYzA
---
# What does ==L2 regularization== add to the loss?
---
The squared weights, see [[Ridge regression|abc12345]].
---
card_id: null
tags: [metrics]
---
Which metric ignores true negatives?
---
Precision.
"""


def test_a_mochi_file_is_detected_and_read_card_by_card(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "ml.md", DECK))
    assert parsed.format == "mochi"
    assert [card.question for card in parsed.cards] == [
        "What is overfitting?",
        "What does L2 regularization add to the loss?",
        "Which metric ignores true negatives?",
    ]
    first = parsed.cards[0]
    assert first.answer == (
        "When a model learns the noise in the training data instead of the signal:\n\n"
        "- low training error\n- high test error\n\n"
        "Its test loss is 1/n Σ_i (y_i - ŷ_i)^2 and grows."
    )
    assert parsed.cards[1].answer == "The squared weights, see Ridge regression."
    assert [card.source_id for card in parsed.cards] == ["kflWEgVw", "7Hq2xYzA", ""]
    assert [card.tags for card in parsed.cards] == [("ml", "basics"), (), ("metrics",)]
    assert [card.line for card in parsed.cards] == [5, 16, 23]
    assert parsed.warnings == []
    # No metadata line is card text.
    assert not any("card_id" in c.question + c.answer for c in parsed.cards)


def test_the_deck_keeps_mochi_ids_and_tags(tmp_path: Path) -> None:
    result = import_deck(write(tmp_path, "ml.md", DECK))
    deck = parse_deck(result.toml, "imported")
    assert [card.id for card in deck.cards] == ["kflWEgVw", "7Hq2xYzA", "3"]
    assert deck.cards[0].tags == ("ml", "basics")
    assert "**" not in deck.cards[0].question + deck.cards[0].answer


def test_cards_with_an_empty_side_or_archived_are_skipped_and_counted(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    text = DECK + (
        "---\ncard_id: Empty001\n---\nWhat has no answer?\n---\n"
        "---\ncard_id: Empty002\n---\n\n---\nAn answer to no question.\n"
        "---\ncard_id: Archived\narchived: true\n---\nA note\n---\nIts text\n"
    )
    path = write(tmp_path, "ml.md", text)
    parsed = read_deck_file(path)
    assert len(parsed.cards) == 3
    assert parsed.skipped == {"empty answer": 1, "empty question": 1, "archived in Mochi": 1}
    warned = dict(parsed.warnings)
    # Each named at its card's card_id line.
    assert "no answer" in warned[27] and "no question" in warned[32]
    assert "archived" in warned[38]
    monkeypatch.setenv("MLQUIZ_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["deck", "import", str(path)]) == 0
    out = capsys.readouterr()
    assert "(mochi format)" in out.out
    assert (
        "read 6 cards: 3 imported, 3 skipped (1 archived in Mochi, 1 empty answer, "
        "1 empty question)" in out.out
    )
    assert f"{path}:27: warning: skipped: the card has no answer" in out.err


def test_answers_keep_what_only_looks_like_a_separator_or_metadata(tmp_path: Path) -> None:
    text = """\
---
card_id: Aaaa1111
---
What does `tags: none` mean in a card?
---
tags: none
---
card_id: Bbbb2222
---
What does this YAML hold?
```yaml
---
name: x
```
---
A document with one key.

----

A horizontal rule above (four dashes).
---
More, on a third side.
"""
    parsed = read_deck_file(write(tmp_path, "m.md", text))
    assert parsed.format == "mochi"
    assert [card.answer for card in parsed.cards] == [
        "tags: none",
        "A document with one key.\n\nA horizontal rule above (four dashes).\n\n"
        "More, on a third side.",
    ]
    assert "---\nname: x" in parsed.cards[1].question


def test_text_before_the_first_card_is_named_and_a_title_taken(tmp_path: Path) -> None:
    text = "# Machine learning\n---\nA deck made for my course.\n" + DECK
    parsed = read_deck_file(write(tmp_path, "m.md", text))
    assert parsed.title == "Machine learning"
    assert len(parsed.cards) == 3
    [(line, message)] = parsed.warnings
    assert line == 3 and "A deck made for my course." in message
    assert parsed.left_out == {"section intro": 1}


def test_mochi_blanks_become_cloze_cards(tmp_path: Path) -> None:
    text = DECK + (
        "---\ncard_id: Cloze001\n---\nThe {{1::bias}}-{{2::variance}} trade-off.\n"
        "---\ncard_id: Cloze002\n---\nDropout {{switches off}} units.\n---\nA regulariser.\n"
    )
    result = import_deck(write(tmp_path, "m.md", text))
    deck = parse_deck(result.toml, "imported")
    clozes = [card for card in deck.cards if card.id.startswith("Cloze")]
    assert [card.id for card in clozes] == ["Cloze001.c1", "Cloze001.c2", "Cloze002.c1"]
    assert "A regulariser." in clozes[2].answer


def test_markdown_with_rules_and_front_matter_stays_markdown(tmp_path: Path) -> None:
    headings = (
        "---\nlayout: post\ntitle: ML questions\ntags: [ml]\n---\n"
        "### What is overfitting?\n\nLearning the noise.\n\n---\n\n"
        "### What is bagging?\n\nBootstrap aggregating.\n\n---\n"
    )
    parsed = read_deck_file(write(tmp_path, "h.md", headings))
    assert parsed.format == "markdown"
    assert [card.question for card in parsed.cards] == ["What is overfitting?", "What is bagging?"]
    q_and_a = (
        "---\ntags: ml\n---\nQ: What is MLflow?\nA: A platform.\ntags: ml\n---\n"
        "Q: What is a run?\nA: One execution.\n---\n"
    )
    parsed = read_deck_file(write(tmp_path, "qa.md", q_and_a))
    assert parsed.format == "markdown"
    assert len(parsed.cards) == 2
    ids_first = (
        "id: c1\ntags: ml\n---\nQ: What is MLflow?\nA: A platform.\n---\n"
        "id: c2\ntags: ml\n---\nQ: What is a run?\nA: One execution.\n"
    )
    parsed = read_deck_file(write(tmp_path, "ids.md", ids_first))
    assert parsed.format == "markdown"


def test_sides_without_card_blocks_are_not_guessed(tmp_path: Path) -> None:
    """Mochi's `---` also splits one card's sides: without card blocks, where a
    card ends cannot be told, and the importer says so rather than guess."""
    path = write(tmp_path, "p.md", "What is X?\n---\nA thing.\n---\nWhat is Y?\n---\nB.\n")
    with pytest.raises(DeckImportError, match="cannot tell the format.*mochi: Mochi"):
        read_deck_file(path)
    with pytest.raises(DeckImportError, match="no Mochi card block"):
        read_deck_file(path, "mochi")


def test_the_help_lists_every_format(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["deck", "import", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "mochi: Mochi (mochi.cards) cards in Markdown" in out
    assert "markdown: Markdown with Q: / A: blocks" in out


@pytest.mark.parametrize("hostile", ["{{a ", "==a ", "[[a| ", "![[a "])
def test_unclosed_mochi_markup_reads_in_time_linear_in_its_length(hostile: str) -> None:
    """Blanks, highlights and links never closed: one scan, not one per opener.

    Four times the openers must cost about four times the CPU, not sixteen (one
    scan per opener). Growth, not a ratio against plain text: "![[a " reads ~4.4x
    slower than plain text by a constant factor, which a loaded CI machine pushed
    past a fixed bound of 5 while the reading stayed linear."""

    def text(openers: int) -> str:
        side = hostile * openers
        return f"---\ncard_id: x\n---\nWhat is {side}?\n---\nIt is {side}.\n"

    small, large = text(20_000), text(80_000)
    best = {small: float("inf"), large: float("inf")}
    for _ in range(5):  # in turn, so a burst of load falls on both
        for sample in (small, large):
            started = time.process_time()
            parse_mochi(sample, "m.md")
            best[sample] = min(best[sample], time.process_time() - started)
    growth = best[large] / best[small]
    assert growth < 8, f"{hostile!r}: 4x the openers cost {growth:.1f}x the CPU"


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            [
                "---\n",
                "----\n",
                "card_id: ",
                "null",
                "ab12",
                "tags: ",
                '["x", "y"]',
                "\n",
                "archived: true\n",
                "What is x?",
                "{{",
                "}}",
                "2::",
                "==",
                "[[",
                "|",
                "]]",
                "!",
                "```\n",
                "# ",
                "   ",
                "$$",
                "\\frac{a}{b}",
                "answer",
            ]
        ),
        max_size=40,
    ),
    fmt=st.sampled_from(("auto", "mochi")),
)
def test_any_mochi_like_text_builds_a_deck_or_says_why(pieces: list[str], fmt: str) -> None:
    text = "".join(pieces)
    try:
        parsed = parse_file_text(text, "fuzz.md", fmt)
    except DeckImportError:
        return
    assert parsed.cards
    try:
        deck = build_deck(parsed, "fuzz.md")
    except DeckImportError:
        return
    assert all(card.question.strip() for card in deck.cards)


def test_a_heading_between_cards_is_the_outline_not_an_answer(tmp_path: Path) -> None:
    text = (
        "---\ncard_id: aaaa1111\ndeck: ML basics\n---\nWhat is overfitting?\n---\nNoise learnt.\n"
        "---\n# Regularization\n"
        "---\ncard_id: bbbb2222\ndeck: ML basics\n---\nWhat is L2?\n---\nSquared weights.\n"
        "---\nA third side, shown last.\n"
    )
    parsed = read_deck_file(write(tmp_path, "m.md", text))
    assert [card.answer for card in parsed.cards] == [
        "Noise learnt.",
        "Squared weights.\n\nA third side, shown last.",
    ]
    assert parsed.left_out == {"section heading": 1}
    assert parsed.title == "ML basics"
