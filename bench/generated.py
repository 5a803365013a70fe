"""Generated decks for the benchmarks: a deck like the built-in one, any number of cards.

    from generated import deck_text
    Path("big.toml").write_text(deck_text(10_000), encoding="utf-8")

Question, answer, two to four key points of one to three phrases, some hints,
tags and confusions, and a glossary; about 0.5 KB of TOML a card. It imports
nothing of mlquiz, so a bench can write it for another install's mlquiz too.
"""

from __future__ import annotations

import random

DECK_ID = "bench-10k"
DECK_TITLE = "Benchmark deck"


def vocabulary(rng: random.Random, n: int = 3000) -> list[str]:
    letters = "abcdefghiklmnoprstuvy"
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 11))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))


def deck_text(cards: int, seed: int = 6) -> str:
    rng = random.Random(seed)
    words = vocabulary(rng)
    out = [
        f'id = "{DECK_ID}"',
        f'title = "{DECK_TITLE}"',
        'description = "A generated deck for the benchmarks (bench/generated.py)."',
        "",
        "[glossary]",
    ]
    out += [f'{w[:4]}{i} = "{sentence(rng, words, 1, 3)}"' for i, w in enumerate(words[:20])]
    for n in range(1, cards + 1):
        out += [
            "",
            "[[cards]]",
            f'id = "{n}"',
            f'question = "{sentence(rng, words, 6, 14).capitalize()}?"',
            f'answer = "{sentence(rng, words, 10, 25).capitalize()}."',
        ]
        if n % 3 == 0:
            out.append(f'hint = "{sentence(rng, words, 3, 6)}"')
        if n % 2 == 0:
            out.append(f'tags = ["{rng.choice(words)}", "{rng.choice(words)}"]')
        if n % 7 == 0:
            out.append("ordered = true")
        for p in range(rng.randint(2, 4)):
            phrases = ", ".join(
                '"' + " ".join(
                    "|".join(rng.sample(words, rng.randint(1, 3))) for _ in range(rng.randint(1, 3))
                ) + '"'
                for _ in range(rng.randint(1, 3))
            )  # fmt: skip
            out += ["", "[[cards.points]]", f'label = "point {p + 1} {rng.choice(words)}"']
            out.append(f"phrases = [{phrases}]")
            if p == 3:
                out.append("required = false")
        if n % 5 == 0:
            out += [
                "",
                "[[cards.confusions]]",
                f'phrases = ["{sentence(rng, words, 2, 3)}"]',
                f'message = "{sentence(rng, words, 5, 10)}."',
            ]
    return "\n".join(out) + "\n"
