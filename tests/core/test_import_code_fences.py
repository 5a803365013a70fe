"""Fenced code as CommonMark (and GitHub) reads it, everywhere a deck's Markdown
is read (issue 19): only a run of the same fence character, at least as long and
with nothing after it, closes a block, and "```x = 1```" on one line is inline
code, not a fence. Taking either for a fence toggled every later line between
code and text, so the questions after it vanished into one card's answer."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import read_deck_file
from mlquiz.core.markup import CODE_LINE, FENCE_LINE, PROSE, code_fence_lines


def kinds(text: str) -> list[int]:
    return code_fence_lines(text.split("\n"))


def test_inline_triple_backticks_open_no_block() -> None:
    assert kinds("Use ```df.cache()``` here\n### Q2- Next?") == [PROSE, PROSE]


def test_a_block_closes_only_on_the_same_character_at_least_as_long() -> None:
    text = "~~~\n```\nstill code\n~~~\nprose\n````\n```\n````\nprose"
    assert kinds(text) == [
        FENCE_LINE,
        CODE_LINE,
        CODE_LINE,
        FENCE_LINE,
        PROSE,
        FENCE_LINE,
        CODE_LINE,
        FENCE_LINE,
        PROSE,
    ]


def test_a_fence_with_an_info_string_does_not_close_a_block() -> None:
    assert kinds("```\nx = 1\n```python\ny = 2\n```\nprose") == [
        FENCE_LINE,
        CODE_LINE,
        CODE_LINE,
        CODE_LINE,
        FENCE_LINE,
        PROSE,
    ]


def test_fences_indented_in_a_list_item_and_an_unclosed_block() -> None:
    assert kinds("- item\n    ```sql\n    SELECT 1\n    ```\nprose\n```\nopen") == [
        PROSE,
        FENCE_LINE,
        CODE_LINE,
        FENCE_LINE,
        PROSE,
        FENCE_LINE,
        CODE_LINE,
    ]


DECK = """\
# Spark questions

### Q1- How do you keep a DataFrame in memory?

Call ```df.cache()``` before the actions that reuse it.

### Q2- What does a shuffle do?

It moves rows between partitions so that equal keys meet.

### Q3- How do you write a fenced block in Markdown?

~~~markdown
```python
print("hi")
~~~

### Q4- What is a broadcast join?

A join that sends the small table to every executor.
"""


def test_questions_after_inline_triple_backticks_and_a_shown_fence_stay_cards(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spark.md"
    path.write_text(DECK, encoding="utf-8")
    parsed = read_deck_file(path)
    assert [card.question for card in parsed.cards] == [
        "How do you keep a DataFrame in memory?",
        "What does a shuffle do?",
        "How do you write a fenced block in Markdown?",
        "What is a broadcast join?",
    ]
    assert "It moves rows between partitions" in parsed.cards[1].answer
    assert 'print("hi")' in parsed.cards[2].answer
    assert "broadcast" not in parsed.cards[2].answer
