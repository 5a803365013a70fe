"""A deck whose answers are multi-line `\"\"\"` strings (as every imported deck
writes them) and that has no `'''` string is read in time linear in its size.

The split finder looks for the next triple quote of each kind; it once searched
to the file's end for the absent `'''` at every card, so a 6,000-card imported
deck took 6 s to check instead of 0.6 s, and a 60,000-card one did not finish in
ten minutes. Compared as a ratio, best of 3, the larger deck measured in turn with
the smaller one so that load falls on both: 4x the cards must cost well under the
16x a quadratic search gives.
"""

from __future__ import annotations

import time

from mlquiz.core.decks.stream import stream_deck


def deck_text(cards: int) -> str:
    parts = ['id = "big"\ntitle = "Big"\ndescription = "A big deck."\n']
    for n in range(cards):
        parts.append(
            f'\n[[cards]]\nid = "{n}"\nquestion = "What is term{n}?"\n'
            f'answer = """\nterm{n} is a gradient of the loss,\nsaid on two lines.\n"""\n'
            f'\n[[cards.points]]\nlabel = "gradient"\nphrases = ["gradient"]\n'
        )
    return "".join(parts)


def best_time(text: str) -> float:
    started = time.perf_counter()
    deck = stream_deck(text)
    elapsed = time.perf_counter() - started
    assert len(deck.cards) == text.count("[[cards]]")
    return elapsed


def test_multiline_answers_without_single_quoted_strings_read_in_linear_time() -> None:
    small, large = deck_text(1_500), deck_text(6_000)
    small_best = large_best = float("inf")
    for _ in range(3):
        small_best = min(small_best, best_time(small))
        large_best = min(large_best, best_time(large))
    assert large_best / small_best < 8, (small_best, large_best)
