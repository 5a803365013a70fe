"""Taught wordings: what they cost the grader, and where the matcher's threshold sits.

    python bench/wordings.py [--wordings 1000] [--rounds 7]
    python bench/wordings.py --calibrate

1. Grading cost (the default). The labeled answers of the built-in deck are
   graded by two graders built in this process, one with no taught wordings
   and one with `--wordings` accepted wordings spread over the deck's cards
   (answers of the dev set and of bench/data, with typos and reordered
   clauses, as a player who teaches a lot would leave them), alternating by
   round. Prints the median microseconds per answer of each and their ratio
   (the target: at most 1.20), the same with every wording on one card (the
   worst case), and the time to read the wordings (when a game starts, and
   each card's at its first answer).
2. `--calibrate`: variants of correct answers taught as wordings. Same
   meaning (a typo, clauses or list items reordered, a filler word) must
   match; a negation, an added claim ("only", "always"), a word replaced by
   another card's, a dropped word, the card's other answers and other cards'
   answers must not. Prints the ratio each kind reaches, and how many of each
   the matcher takes at the threshold in use (`THRESHOLD`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz  # noqa: E402

from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading.answer import Answer  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402
from mlquiz.core.grading.wordings import THRESHOLD, same_claims, shape  # noqa: E402
from mlquiz.core.text import STOPWORDS  # noqa: E402
from mlquiz.core.wording import Wording, WordingKind  # noqa: E402

DECK = ROOT / "content" / "databricks-mlflow.toml"
ANSWER_FILES = (
    ROOT.parent / "shared" / "grading" / "dev-answers.jsonl",
    ROOT / "bench" / "data" / "answers-a.jsonl",
    ROOT / "bench" / "data" / "answers-b.jsonl",
)
TAUGHT = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
WORD = re.compile(r"[A-Za-z]{5,}")


def labeled_answers() -> list[dict]:
    rows = []
    for path in ANSWER_FILES:
        if path.exists():
            rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


# -- variants of a wording ---------------------------------------------------------


def typo(text: str, rng: random.Random) -> str | None:
    """Two letters of one longer word swapped."""
    words = list(WORD.finditer(text))
    if not words:
        return None
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 2)
    return text[: m.start()] + w[:i] + w[i + 1] + w[i] + w[i + 2 :] + text[m.end() :]


def reorder(text: str, rng: random.Random) -> str | None:
    """The clauses (or list items) in another order."""
    for splitter in (r"\s*[,;]\s*", r"\s+and\s+"):
        parts = [p for p in re.split(splitter, text.strip().rstrip(".")) if p]
        if len(parts) >= 2:
            moved = parts[1:] + parts[:1]
            return (", " if "," in splitter else " and ").join(moved)
    return None


def filler(text: str, rng: random.Random) -> str | None:
    return rng.choice(("i think ", "basically ", "so ")) + text


def negate(text: str, rng: random.Random) -> str | None:
    words = text.split()
    spots = [i for i, w in enumerate(words) if w.lower() not in STOPWORDS and i > 0]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + ["not"] + words[i:])


def claim(text: str, rng: random.Random) -> str | None:
    words = text.split()
    spots = [i for i, w in enumerate(words) if w.lower() not in STOPWORDS]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + [rng.choice(("only", "always", "never", "without"))] + words[i:])


def substitute(text: str, rng: random.Random, others: list[str]) -> str | None:
    words = text.split()
    spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.lower() not in STOPWORDS]
    pool = [w for o in others for w in o.split() if len(w) >= 5 and w.lower() not in STOPWORDS]
    if not spots or not pool:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + [rng.choice(pool)] + words[i + 1 :])


def drop(text: str, rng: random.Random) -> str | None:
    words = text.split()
    spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.lower() not in STOPWORDS]
    if len(spots) < 2:
        return None
    i = rng.choice(spots)
    return " ".join(words[:i] + words[i + 1 :])


SAME = ("typo", "reorder", "filler")


def calibrate() -> int:
    deck = load_deck(DECK)
    grader = Grader(deck)
    rng = random.Random(13)
    rows = [r for r in labeled_answers() if r["card"] in grader.cards]
    by_card: dict[str, list[str]] = {}
    for r in rows:
        by_card.setdefault(r["card"], []).append(r["answer"])
    kinds: dict[str, list[tuple[float, bool]]] = {}
    words_only: dict[str, list[float]] = {}

    def compare(kind: str, card_id: str, wording: str, answer: str | None) -> None:
        if not answer:
            return
        taught = shape(grader.tokens(wording))
        said = shape(Answer(grader.tokens(answer)).tokens)
        if not taught.words or not said.words:
            return
        ratio = fuzz.ratio(said.key, taught.key)
        words_agree = same_claims(said, taught, grader.reader.vocabulary)
        if words_agree:
            words_only.setdefault(kind, []).append(ratio)
        kinds.setdefault(kind, []).append((ratio, ratio >= THRESHOLD and words_agree))

    for r in rows:
        if r["label"] != "correct":
            continue
        card, text = r["card"], r["answer"]
        others = [a for c, answers in by_card.items() if c != card for a in answers]
        compare("same text", card, text, text)
        compare("typo", card, text, typo(text, rng))
        compare("reorder", card, text, reorder(text, rng))
        compare("filler", card, text, filler(text, rng))
        compare("negation", card, text, negate(text, rng))
        compare("added claim", card, text, claim(text, rng))
        compare("substituted word", card, text, substitute(text, rng, others))
        compare("dropped word", card, text, drop(text, rng))
        for other in by_card[card]:
            if other != text:
                compare("the card's other answers", card, text, other)
        compare("another card's answer", card, text, rng.choice(others))

    print(f"threshold in use: {THRESHOLD:.0f} (rapidfuzz ratio of sorted content stems)")
    print(f"{'variant':<26} {'pairs':>6} {'ratio min':>9} {'p10':>5} {'median':>7} {'matched':>8}")
    for kind, results in kinds.items():
        ratios = sorted(r for r, _ in results)
        matched = sum(m for _, m in results)
        p10 = ratios[len(ratios) // 10]
        print(
            f"{kind:<26} {len(results):>6} {ratios[0]:>9.0f} {p10:>5.0f}"
            f" {statistics.median(ratios):>7.0f} {matched / len(results):>8.0%}"
        )
    # What the threshold alone decides: the word-by-word check passes these, and
    # only the ratio stands between them and a match.
    word_ok = [(k, r) for k, rs in words_only.items() for r in rs]
    same = sorted(r for k, r in word_ok if k in SAME)
    other = sorted(r for k, r in word_ok if k not in SAME and k != "same text")
    if same:
        print(f"same meaning the word check passes: lowest ratio {same[0]:.0f}")
    if other:
        print(f"different answers the word check passes: highest ratio {other[-1]:.0f}")
    print("same meaning should match (typo, reorder, filler: near 100%);")
    print("the rest should not (near 0%): a match there is a wrong answer graded correct.")
    return 0


# -- grading cost ------------------------------------------------------------------


def taught_wordings(deck, rows: list[dict], n: int, rng: random.Random, card_id=None):
    """`n` accepted wordings: labeled answers and variants of them, over the cards."""
    texts = [(r["card"], r["answer"]) for r in rows]
    wordings = []
    for i in range(n):
        card, text = texts[i % len(texts)]
        variant = (typo, reorder, filler)[i // len(texts) % 3](text, rng) or text
        wordings.append(
            Wording(
                deck.id,
                card_id or card,
                WordingKind.ACCEPTED,
                f"{variant} ({i})" if i >= len(texts) else variant,
                TAUGHT,
                id=i + 1,
            )
        )
    return wordings


def per_answer_us(grader: Grader, rows: list[dict]) -> list[float]:
    out = []
    for r in rows:
        t = time.perf_counter_ns()
        grader.grade(r["card"], r["answer"])
        out.append((time.perf_counter_ns() - t) / 1000)
    return out


def cost(n: int, rounds: int) -> int:
    deck = load_deck(DECK)
    rng = random.Random(13)
    rows = [r for r in labeled_answers() if r["card"] in {c.id for c in deck.cards}]
    rows = [r for r in rows if len(r["answer"]) <= 300]
    plain = Grader(deck)
    spread = Grader(deck)
    wordings = taught_wordings(deck, rows, n, rng)
    t = time.perf_counter()
    spread.use_wordings(wordings)
    start_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    Grader(deck).use_wordings(wordings).read_all()
    read_ms = (time.perf_counter() - t) * 1000
    one_card = Grader(deck)
    one_card.use_wordings(taught_wordings(deck, rows, n, rng, card_id=deck.cards[0].id))
    graders = {"none": plain, "spread": spread, "one card": one_card}
    timings: dict[str, list[float]] = {name: [] for name in graders}
    for grader in graders.values():  # warm the caches, as a running game has them
        per_answer_us(grader, rows)
    for _ in range(rounds):
        for name, grader in graders.items():
            timings[name] += per_answer_us(grader, rows)
    base = statistics.median(timings["none"])
    spread_median = statistics.median(timings["spread"])
    worst = statistics.median(timings["one card"])
    # Answers no wording says, to the card with all 1,000: each is compared with them all.
    first = deck.cards[0].id
    on_first = [{"card": first, "answer": r["answer"]} for r in rows if r["card"] != first][:100]
    print(f"{len(rows)} labeled answers x {rounds} rounds, {n} accepted wordings")
    print(f"no wordings:                 median {base:.1f} us per answer")
    print(
        f"{n} over {len(deck.cards)} cards:       median {spread_median:.1f} us"
        f"  ratio {spread_median / base:.2f} (target <= 1.20)"
    )
    print(f"{n} on card {deck.cards[0].id} (worst case): median {worst:.1f} us (all answers)")
    first_plain = statistics.median(per_answer_us(plain, on_first * 10))
    first_worst = statistics.median(per_answer_us(one_card, on_first * 10))
    print(
        f"  100 untaught answers given to card {first}: {first_plain:.1f} us -> "
        f"{first_worst:.1f} us ({first_worst / first_plain:.2f}x)"
    )
    print(f"handing {n} wordings to the grader as a game starts: {start_ms:.1f} ms")
    print(f"reading them, each card's at its first answer: {read_ms:.0f} ms in all")
    return 0 if spread_median / base <= 1.20 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--wordings", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if args.calibrate:
        return calibrate()
    return cost(args.wordings, args.rounds)


if __name__ == "__main__":
    raise SystemExit(main())
