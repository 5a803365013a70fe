"""The grader's fast paths read answers exactly as the slow ones they skip.

Each cheap test below stands in front of a costlier one that must give the
same answer (grading speed, issue 12): a break character before the list
regex, a code character before the code regex, the one-sentence
shortcut of `Answer`'s segments, the ASCII scan of words and breaks, and
the negator test over an answer's words.
"""

from __future__ import annotations

import gc
import random
import string
from pathlib import Path

import pytest

from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading import claims
from mlquiz.core.grading.answer import _TURNS, Answer
from mlquiz.core.grading.grader import Grader
from mlquiz.core.text import SCAN_ASCII_RE, SCAN_RE

ROOT = Path(__file__).resolve().parents[2]

# Answers in the shapes the fast paths cut on: lists, code, dashes, numbering,
# sentence ends with and without a space after, turns, a text opening on a stop.
SHAPES = [
    "",
    "?",
    "log params, metrics, artifacts",
    "a - b - c",
    "- item one\n- item two",
    "1) train 2) eval 3) register",
    "mlflow.autolog() then mlflow.register_model(uri, name)",
    "models:/churn/Production",
    "None / Staging / Production / Archived",
    "fast. cheap. but only on spark",
    "it scales; it's slow though",
    ". starts after a full stop",
    "run -> log -> compare => pick",
    "params=dict(lr=0.1) and --dry-run",
    "a_b c.d e/f g",
    "distributed for big data",
    "so when you come back later you can line up models against each other",
]


def _random_texts(seed: int, alphabet: str, count: int = 3000) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(count)]


def _two_list_breaks(text: str) -> bool:
    breaks = claims._LIST_BREAK_RE.finditer(text)
    return next(breaks, None) is not None and next(breaks, None) is not None


def test_may_be_list_is_two_breaks() -> None:
    for text in SHAPES + _random_texts(1, ",;:\n—/|->=→⇒–•*.!?) \tab1(2", 3000):
        assert claims.Claims.may_be_list(text) is _two_list_breaks(text), text


def test_every_code_match_holds_a_code_character() -> None:
    texts = SHAPES + _random_texts(2, '._(){}="/-: \t\nab1,zZ_', 1000)
    for text in texts:
        for start in range(len(text) + 1):
            for end in (start, start + 1, start + 3, len(text) + 2):
                slow = bool(claims._CODE_RE.search(text, start, end))
                fast = bool(claims._CODE_CHAR_RE.search(text, start, end)) and slow
                assert fast is slow, (text, start, end)


def _segments_by_loop(tokens) -> list[int]:
    """`Answer.segment` as the loop over every token worked it out before."""
    words = [t.word for t in tokens]
    turns = not _TURNS.isdisjoint(words)
    last = len(tokens) - 1
    turned = {
        t.clause
        for k, t in enumerate(tokens)
        if turns and t.word in _TURNS and (k == last or tokens[k + 1].clause != t.clause)
    }
    out, segment, sentence, clause = [], 0, 0, 0
    for tok in tokens:
        if tok.sentence != sentence or (
            turns and (tok.word in _TURNS or (tok.clause != clause and tok.clause in turned))
        ):
            segment += 1
            sentence = tok.sentence
        clause = tok.clause
        if not tok.stop:
            out.append(segment)
    return out


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_deck(ROOT / "content" / "databricks-mlflow.toml"))


def test_answer_segments_and_index_as_the_loop_made_them(grader: Grader) -> None:
    texts = SHAPES + _random_texts(3, "ab cd. the, but not; mlflow ? runs\n", 500)
    for text in texts:
        tokens = grader.tokens(text)
        said = Answer(tokens, text=text)
        content = [i for i, t in enumerate(tokens) if not t.stop]
        assert said.content == content
        assert said.segment == _segments_by_loop(tokens), text
        assert said.stems == [tokens[i].stem for i in content]
        assert said.sentences == [tokens[i].sentence for i in content]
        assert {s: said.by_stem[s] for s in said.by_stem} == {
            s: [k for k, i in enumerate(content) if tokens[i].stem == s]
            for s in dict.fromkeys(tokens[i].stem for i in content)
        }
        assert list(said.by_stem) == list(dict.fromkeys(tokens[i].stem for i in content))


def _scanned(pattern, text: str, pos: int = 0) -> list[tuple[str | None, int, int]]:
    return [(m.lastgroup, *m.span()) for m in pattern.finditer(text, pos)]


def test_ascii_scan_reads_as_the_unicode_scan() -> None:
    # Every ASCII character, each next to words, spaces and breaks.
    every = "".join(chr(i) for i in range(128))
    texts = [every, every[::-1], *SHAPES]
    texts += _random_texts(4, string.printable + "_-.'`", 3000)
    texts += _random_texts(5, "ab _1'. -\n\t!?;:,()[]>+", 3000)
    for text in texts:
        assert text.isascii()
        for pos in (0, 1, len(text) // 2):
            assert _scanned(SCAN_ASCII_RE, text, pos) == _scanned(SCAN_RE, text, pos), text


def test_answer_negator_flag_as_its_tokens_say(grader: Grader) -> None:
    words = "not no never nobody nothing neither nor without instead rather regardless "
    words += "whatever can't won't isn't cannot dont mlflow runs the a is it"
    texts = list(SHAPES)
    rnd = random.Random(7)
    vocabulary = words.split()
    texts += [
        " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(1, 6))) for _ in range(800)
    ]
    for text in texts:
        tokens = grader.tokens(text)
        said = Answer(tokens, text=text)
        scan_words = {"without", "instead", "rather", "regardless", "irrespective"}
        scan_words |= {"independent", "independently", "whatever", "whichever"}
        expected = any(t.negator and not t.stop for t in tokens) or any(
            t.word in scan_words for t in tokens
        )
        assert said.has_negator is expected, text


def test_a_grade_leaves_no_cycle_for_the_garbage_collector(grader: Grader) -> None:
    """A graded answer's objects are freed when the grade is made (refcounts),
    not left as a cycle for the collector: a list answer reads items, whose
    reading refers back to the evidence."""
    answers = [
        "None, Staging, Production, Archived and Deprecated",
        "log params, metrics and artifacts; it only works inside Databricks",
        "the registry versions models",
    ]
    gc.collect()
    gc.disable()
    try:
        for answer in answers:
            for card in grader.deck.cards[:10]:
                grader.grade(card, answer)
        assert gc.collect() == 0
    finally:
        gc.enable()
