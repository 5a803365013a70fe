"""A big deck's grading texts are worked out when the deck is cached, not before
its first graded answer (grading/deck_texts.py, decks/cache.py, issue 15): the
answer is graded exactly as from the cards themselves, and texts that are not
this very deck file's (an edit, an older cache, damage) are never used."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from mlquiz.core import locations
from mlquiz.core.cards import Deck
from mlquiz.core.decks import cache as deck_cache
from mlquiz.core.decks.cache import DeckCache
from mlquiz.core.decks.library import find_decks, load_deck, load_indexed, scan_index
from mlquiz.core.decks.toml_writer import deck_to_toml
from mlquiz.core.grading import cross_index, cross_search, deck_search, reader, vocabulary
from mlquiz.core.grading.deck_texts import PARTS
from mlquiz.core.grading.grader import Grader
from tests.core.test_cross_search import answers_to, tricky_deck
from tests.core.test_lazy_grader import generated_deck

# A deck this big counts as big here (2,000 cards in the game: graded the same way,
# but each answer slower).
BIG = 300


@pytest.fixture(scope="module")
def builtin() -> Deck:
    return load_deck(find_decks()[0].path)


@pytest.fixture(autouse=True)
def big_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deck_cache, "GRADING_TEXTS_FROM", BIG)
    monkeypatch.setattr(cross_index, "SEARCH_FROM", BIG)
    monkeypatch.setattr(reader, "LETTERS_FROM", BIG)


def played(file: Path) -> Deck:
    """The deck of `file` as the game loads it to play (its index entry, the deck cache)."""
    (info,) = [info for info in scan_index().infos if info.path == str(file)]
    return load_indexed(info)


def no_text_worked_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make working a grading text out from the cards fail loudly."""

    def fail(*args: object) -> None:
        raise AssertionError("worked out from the cards")

    for name in ("point_texts", "question_texts", "reference_texts"):
        monkeypatch.setattr(cross_search, name, fail)
    monkeypatch.setattr(deck_search.TextField, "__init__", fail)
    monkeypatch.setattr(vocabulary, "deck_word_parts", fail)
    monkeypatch.setattr(vocabulary.LetterVocabulary, "_read", fail)


def part_files(deck_file: Path, source: str = "user") -> list[Path]:
    folder = locations.deck_cache_dir()
    main = folder / deck_cache.cache_name(deck_file, source)
    return [deck_cache.part_path(main, part) for part in PARTS]


def graded(grader: Grader, deck: Deck, answers: list[tuple[str, str]]) -> list[object]:
    return [grader.grade(deck.card(card_id), answer) for card_id, answer in answers]


def test_a_cached_big_deck_grades_every_answer_as_its_cards_do(
    builtin: Deck, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tricky words (apostrophes, contractions, glossary keys, text outside ASCII)
    # in questions, references and phrases; answers of every kind, typos included.
    deck = tricky_deck(builtin, BIG)
    file = isolated_dirs / "tricky.toml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("# the deck is made by `parse`\n")
    cache = DeckCache()

    def load() -> Deck:
        return cache.load(file, "user", read=Path.read_bytes, parse=lambda data: deck)

    load()  # parsed: the deck and its grading texts cached
    assert all(path.is_file() for path in part_files(file))
    cached = load()
    assert cached == deck and cached.grading_texts is not None
    answers = answers_to(deck, 100)
    expected = graded(Grader(dataclasses.replace(deck, grading_texts=None)), deck, answers)
    no_text_worked_out(monkeypatch)
    assert graded(Grader(cached), cached, answers) == expected


def write_deck(folder: Path, deck: Deck) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "big.toml"  # (written whole: a new mtime and size)
    described = dataclasses.replace(deck, description="Words drawn at random.")
    file.write_text(deck_to_toml(described), encoding="utf-8")
    return file


def edited(deck: Deck, card_no: int, answer: str) -> Deck:
    cards = list(deck.cards)
    cards[card_no] = dataclasses.replace(cards[card_no], answer=answer)
    return dataclasses.replace(deck, cards=tuple(cards))


def test_an_edited_big_deck_is_graded_by_its_new_text(isolated_dirs: Path) -> None:
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    played(file)
    before = {path.name: path.read_bytes() for path in part_files(file)}
    # The player adds a word to one card's reference: a misspelling of it is now
    # one of the deck's words mistyped, and another card's answer with it says
    # this card.
    new = edited(deck, 7, deck.cards[7].answer + " Quarantined zebrafish swim.")
    write_deck(locations.user_decks_dir(), new)
    loaded = played(file)
    assert loaded.card("8").answer == new.cards[7].answer
    assert loaded.grading_texts is not None
    assert {path.name: path.read_bytes() for path in part_files(file)} != before
    grader = Grader(loaded)
    assert "zebrafish" in grader.reader.vocabulary
    typed = new.cards[7].answer.replace("zebrafish", "zebrafihs")
    answers = [("8", typed), ("3", new.cards[7].answer), ("9", "zebrafihs quarantined")]
    expected = graded(Grader(dataclasses.replace(new, grading_texts=None)), new, answers)
    assert graded(grader, loaded, answers) == expected
    assert str(expected[0].verdict) == "correct"  # type: ignore[attr-defined]


def test_grading_texts_of_another_version_of_the_file_are_not_used(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The texts of the deck before an edit, put back beside the edited deck's cache
    # (a crash between writes, a copied cache folder): they are not its texts.
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    played(file)
    old = {path: path.read_bytes() for path in part_files(file)}
    new = edited(deck, 7, "Quarantined zebrafish swim.")
    write_deck(locations.user_decks_dir(), new)
    played(file)
    for path, data in old.items():
        path.write_bytes(data)
    loaded = played(file)
    assert loaded.grading_texts is not None
    assert all(loaded.grading_texts(part) is None for part in PARTS)
    grader = Grader(loaded)  # worked out from the cards, as without a cache
    assert "zebrafish" in grader.reader.vocabulary


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong shape"])
def test_damaged_grading_texts_are_worked_out_from_the_cards(
    isolated_dirs: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    played(file)
    cached = played(file)
    assert cached.grading_texts is not None
    for path in part_files(file):
        data = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(os.urandom(len(data)))
    if damage == "wrong shape":  # a checksum that fits, values that do not
        real = cached.grading_texts
        cached = dataclasses.replace(cached, grading_texts=lambda part: (real(part), "x"))
    answers = answers_to(deck, 60)
    expected = graded(Grader(dataclasses.replace(deck, grading_texts=None)), deck, answers)
    assert graded(Grader(cached), cached, answers) == expected
    if damage == "wrong shape":
        assert "do not fit the deck" in caplog.text


def test_an_old_format_deck_cache_is_parsed_again_not_misread(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cache written by the format before grading texts were kept, for this very
    # file (same bytes, same mtime), holding another deck: never served.
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    data = file.read_bytes()
    monkeypatch.setattr(deck_cache, "FORMAT", 3)
    other = dataclasses.replace(deck, title="Not this deck")
    old = DeckCache()
    old.load(file, "user", read=lambda _: data, parse=lambda _: other)
    for path in part_files(file):  # (that format kept none)
        path.unlink()
    monkeypatch.setattr(deck_cache, "FORMAT", 4)
    loaded = played(file)
    assert loaded.title == "Generated" and loaded.grading_texts is not None
    assert all(path.is_file() for path in part_files(file))


def test_a_small_deck_keeps_no_grading_texts(isolated_dirs: Path) -> None:
    # The built-in deck and other small ones: nothing more written or read at start.
    deck = generated_deck(BIG - 1)
    file = write_deck(locations.user_decks_dir(), deck)
    played(file)
    assert played(file).grading_texts is None
    assert not any(path.is_file() for path in part_files(file))


def test_a_deleted_big_decks_grading_texts_leave_the_cache(isolated_dirs: Path) -> None:
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    scan_index()
    assert all(path.is_file() for path in part_files(file))
    file.unlink()
    scan_index()
    assert not any(path.exists() for path in part_files(file))


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_big_deck_cut_below_the_size_leaves_its_grading_texts_behind_no_more(
    isolated_dirs: Path,
) -> None:
    # Tens of megabytes at 100,000 cards, kept for a deck that no longer has any.
    decks = locations.user_decks_dir()
    file = write_deck(decks, generated_deck(BIG))
    other = decks / "other.toml"
    other_deck = dataclasses.replace(generated_deck(BIG, 3), id="other", description="Others.")
    other.write_text(deck_to_toml(other_deck), encoding="utf-8")
    scan_index()
    assert all(path.is_file() for path in part_files(file) + part_files(other))
    others = {path: path.read_bytes() for path in part_files(other)}
    write_deck(decks, generated_deck(BIG - 1))
    user_files = every_file(decks)
    loaded = played(file)
    assert len(loaded.cards) == BIG - 1 and loaded.grading_texts is None
    assert not any(path.exists() for path in part_files(file))
    assert {path: path.read_bytes() for path in part_files(other)} == others
    assert every_file(decks) == user_files  # the player's decks untouched
    assert played(file) == loaded  # and served from the cache as a small deck


def test_a_big_deck_that_no_longer_parses_leaves_its_grading_texts_behind_no_more(
    isolated_dirs: Path,
) -> None:
    decks = locations.user_decks_dir()
    file = write_deck(decks, generated_deck(BIG))
    scan_index()
    assert all(path.is_file() for path in part_files(file))
    broken = file.read_text(encoding="utf-8").replace("[[cards]]", "[[cards]", 1)
    file.write_text(broken, encoding="utf-8")
    scan = scan_index()
    assert [error.path for error in scan.errors] == [str(file)]
    assert not any(path.exists() for path in part_files(file))
    assert file.read_text(encoding="utf-8") == broken  # the player's file as they left it


def test_a_typo_on_a_cached_big_deck_writes_no_grader_cache(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its words come from the deck cache: the grader cache would keep nothing new,
    # and writing it means hashing the whole deck (seconds at 100,000 cards) just
    # after the player's first answer.
    from mlquiz.core.grading import cache as grader_cache

    monkeypatch.setattr(grader_cache, "WHOLE_DECK_CARDS", BIG - 1)
    deck = generated_deck(BIG)
    file = write_deck(locations.user_decks_dir(), deck)
    played(file)
    cached = played(file)
    folder = isolated_dirs / "graders"
    grader = grader_cache.cached_grader(cached, folder)
    card = cached.cards[5]
    typed = " ".join(w[:2] + w[3] + w[2] + w[4:] if len(w) > 5 else w for w in card.answer.split())
    assert typed != card.answer
    result = grader.grade(card, typed)
    grader_cache.wait_for_saves()
    assert grader.reader.has_vocabulary  # the typo was looked up in the deck's words
    assert result == Grader(dataclasses.replace(cached, grading_texts=None)).grade(card, typed)
    assert not list(folder.glob("grader-*"))
