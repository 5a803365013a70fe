"""The deck loader: valid decks load exactly, broken ones say where and why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz.core.decks import library
from mlquiz.core.decks.library import find_decks, load_deck, resolve_deck
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.errors import DeckError

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
BUILTIN = REPO / "content" / "databricks-mlflow.toml"

# A valid deck, line by line, so tests can break one line and know its number.
GOOD = """\
id = "t"
title = "T"
description = "A test deck."

[[cards]]
id = "1"
question = "What is a run?"
answer = "One execution of code."

[[cards.points]]
label = "one execution"
phrases = ["one|single execution"]

[[cards]]
id = "2"
question = "What is an experiment?"
answer = "A group of runs."

[[cards.points]]
label = "group of runs"
phrases = ["group of runs"]
"""


def broken(old: str, new: str, count: int = 1) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, count)


def problems_of(text: str | bytes, path: str = "decks/t.toml") -> DeckError:
    with pytest.raises(DeckError) as info:
        parse_deck(text, path)
    return info.value


# (name, deck text, expected line or None, regex the problem must match)
ERROR_CASES = [
    (
        "toml syntax error",
        broken('title = "T"', 'title = "T'),
        2,
        r"TOML syntax error: .*",
    ),
    (
        "unknown key with suggestion",
        broken("question = ", "qestion = "),
        7,
        r"""card "1": unknown key 'qestion' \(did you mean 'question'\?\)""",
    ),
    (
        "missing question",
        broken('question = "What is a run?"\n', ""),
        5,
        r"""card "1": missing 'question'""",
    ),
    (
        "missing answer",
        broken('answer = "A group of runs."\n', ""),
        14,
        r"""card "2": missing 'answer'""",
    ),
    (
        "missing points",
        broken(
            '\n[[cards.points]]\nlabel = "one execution"\nphrases = ["one|single execution"]\n', ""
        ),
        5,
        r"""card "1": missing 'points'""",
    ),
    (
        "missing label",
        broken('label = "one execution"\n', ""),
        10,
        r"""card "1": point 1: missing 'label'""",
    ),
    (
        "duplicate card id",
        broken('id = "2"', 'id = "1"'),
        15,
        r"""card "1": duplicate card id \(first used by card #1 at line 6\)""",
    ),
    (
        "phrases not a list",
        broken('phrases = ["group of runs"]', 'phrases = "group of runs"'),
        21,
        r"""card "2": point 1: 'phrases' must be an array of strings, not a string""",
    ),
    (
        "phrases with a number",
        broken('phrases = ["group of runs"]', 'phrases = ["group of runs", 3]'),
        21,
        r"""card "2": point 1: 'phrases' item 2 must be a string, not an integer""",
    ),
    (
        "empty phrases",
        broken('phrases = ["group of runs"]', "phrases = []"),
        21,
        r"""card "2": point 1: 'phrases' is empty""",
    ),
    (
        "empty phrase string",
        broken('phrases = ["group of runs"]', 'phrases = ["  "]'),
        21,
        r"""card "2": point 1: 'phrases' item 1 is an empty string""",
    ),
    (
        "empty question",
        broken('question = "What is a run?"', 'question = ""'),
        7,
        r"""card "1": 'question' is empty""",
    ),
    (
        "integer card id",
        broken('id = "2"', "id = 2"),
        15,
        r"""card #2: 'id' must be a string \(write id = "2"\)""",
    ),
    (
        "required not a bool",
        broken('label = "one execution"', 'label = "one execution"\nrequired = "yes"'),
        12,
        r"""card "1": point 1: 'required' must be true or false, not a string""",
    ),
    (
        "bad deck id",
        broken('id = "t"', 'id = "my deck"'),
        1,
        r"deck: id 'my deck' may only contain letters, digits, '-' and '_'",
    ),
    (
        "unknown deck key",
        broken('title = "T"', 'title = "T"\ntitel = "x"'),
        3,
        r"unknown key 'titel' \(did you mean 'title'\?\)",
    ),
    (
        "unknown table",
        GOOD + "\n[meta]\nauthor = 'me'\n",
        23,
        r"unknown key 'meta'",
    ),
    (
        "confusion without message",
        GOOD + '\n[[cards.confusions]]\nphrases = ["a batch"]\n',
        23,
        r"""card "2": confusion 1: missing 'message'""",
    ),
    (
        "glossary value not a string",
        broken('description = "A test deck."', 'description = "A test deck."\n[glossary]\nml = 1'),
        5,
        r"glossary: 'ml' must map to a string, not an integer",
    ),
    (
        "no cards",
        GOOD.split("[[cards]]")[0],
        None,
        r"deck: missing 'cards'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "pattern"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_error_names_file_line_and_problem(text: str, line: int | None, pattern: str) -> None:
    """Each broken deck yields a message `path:line: problem` for its fault."""
    error = problems_of(text)
    matching = [p for p in error.problems if re.search(pattern, p.problem)]
    assert matching, f"no problem matches {pattern!r} in:\n{error}"
    problem = matching[0]
    assert problem.path == "decks/t.toml"
    assert problem.line == line, str(error)
    where = "decks/t.toml" if line is None else f"decks/t.toml:{line}"
    assert f"{where}: {problem.problem}" in str(error)


def test_error_is_a_value_error_with_first_problem_fields() -> None:
    """DeckError is a ValueError whose path/line/problem describe the first problem."""
    error = problems_of(broken("question = ", "qestion = "))
    assert isinstance(error, ValueError)
    assert (error.path, error.line) == ("decks/t.toml", error.problems[0].line)
    assert error.problem == error.problems[0].problem


def test_all_problems_of_a_file_are_reported_in_file_order() -> None:
    """One pass reports every problem, not just the first."""
    text = broken("question = ", "qestion = ").replace("label = ", "labl = ")
    text = text.replace('answer = "A group of runs."\n', "")
    error = problems_of(text)
    lines = [p.line for p in error.problems]
    assert len(error.problems) >= 4
    assert lines == sorted(lines)
    assert "did you mean 'label'" in str(error)


def test_a_typo_is_not_also_reported_as_missing() -> None:
    """`qestion` is one problem (unknown key, did you mean), not two."""
    error = problems_of(broken("question = ", "qestion = "))
    assert [p.problem for p in error.problems] == [
        "card \"1\": unknown key 'qestion' (did you mean 'question'?)"
    ]


def test_invalid_utf8_names_byte_offset_and_line() -> None:
    """Bytes that are not UTF-8 are reported with their offset and line."""
    data = GOOD.encode().replace(b"What is a run?", b"What is a \xff run?")
    offset = data.index(b"\xff")
    error = problems_of(data)
    assert error.line == 7
    assert f"invalid UTF-8 at byte {offset}" in error.problem
    assert str(error).startswith("decks/t.toml:7: ")


def test_nul_byte_is_a_clear_error() -> None:
    """A NUL character means a binary or UTF-16 file, and says so."""
    error = problems_of(GOOD.replace("One execution", "One\x00execution"))
    assert error.line == 8
    assert "NUL" in error.problem


def test_utf16_file_is_named_as_such() -> None:
    """A file saved as UTF-16 is told to be saved as UTF-8."""
    error = problems_of(GOOD.encode("utf-16"))
    assert "UTF-16" in error.problem


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xef\xbb\xbf" + GOOD.encode(), id="bom-bytes"),
        pytest.param("\ufeff" + GOOD, id="bom-text"),
        pytest.param(GOOD.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), id="bom-crlf"),
    ],
)
def test_bom_and_crlf_are_accepted(data: str | bytes) -> None:
    """A byte-order mark and Windows line endings load like the plain file."""
    assert parse_deck(data, "t.toml") == parse_deck(GOOD, "t.toml")


def test_line_numbers_survive_crlf() -> None:
    """Line numbers are counted the same with CRLF endings."""
    error = problems_of(broken("question = ", "qestion = ").replace("\n", "\r\n"))
    assert [p.line for p in error.problems] == [7]


def test_valid_tiny_deck_loads_exact_values() -> None:
    """Every field of a valid deck arrives in the Deck, defaults filled in."""
    deck = load_deck(DATA / "tiny.toml", source="user")
    assert (deck.id, deck.title, deck.description) == (
        "tiny",
        "Tiny deck",
        "Two cards for the tests.",
    )
    assert deck.source == "user"
    assert deck.path == str(DATA / "tiny.toml")
    assert deck.glossary == {"dbx": "databricks", "prod": "production"}
    assert [c.id for c in deck.cards] == ["1", "2"]
    first, second = deck.cards
    assert first.hint == "Think of one go of your script."
    assert first.tags == ("mlflow", "tracking")
    assert first.vague == ("a record",)
    assert first.ordered is False
    assert [p.label for p in first.points] == ["single execution", "logged as a unit"]
    assert first.points[0].phrases == ("single|one execution|run", "one go")
    assert first.points[0].required is True
    assert first.points[1].required is False
    assert first.confusions[0].phrases == ("group of runs",)
    assert first.confusions[0].message.startswith("That is an experiment")
    assert second.ordered is True
    assert second.hint == "" and second.tags == () and second.confusions == ()


def test_missing_file_is_a_deck_error() -> None:
    """A path that does not exist is a DeckError, not an OSError."""
    with pytest.raises(DeckError, match="no such file"):
        load_deck(DATA / "nope.toml")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_no_input_escapes_as_anything_but_deck_error(data: str | bytes) -> None:
    """Whatever the bytes, the loader answers with a Deck or a DeckError."""
    try:
        parse_deck(data, "fuzz.toml")
    except DeckError as exc:
        assert str(exc).startswith("fuzz.toml")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(GOOD) - 1), st.integers(0, len(GOOD)), st.text(max_size=20))
def test_edited_good_deck_never_crashes(start: int, length: int, insert: str) -> None:
    """Small edits to a valid deck give a Deck or a DeckError, never a traceback."""
    text = GOOD[:start] + insert + GOOD[start + length :]
    try:
        parse_deck(text, "edit.toml")
    except DeckError:
        pass


def test_find_decks_keeps_going_past_a_broken_user_deck(isolated_dirs: Path) -> None:
    """A broken user deck is reported and the other decks still load."""
    decks_dir = isolated_dirs / "decks"
    decks_dir.mkdir(parents=True)
    (decks_dir / "a-broken.toml").write_text(broken("question = ", "qestion = "))
    (decks_dir / "b-good.toml").write_text(broken('id = "t"', 'id = "mine"'))
    errors: list[DeckError] = []
    decks = find_decks(errors)
    assert "mine" in [d.id for d in decks]
    assert [d.source for d in decks if d.id == "mine"] == ["user"]
    assert len(errors) == 1 and "a-broken.toml:7:" in str(errors[0])


def test_builtin_decks_come_first(isolated_dirs: Path, tmp_path: Path, monkeypatch) -> None:
    """Built-in decks are listed before user decks."""
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "z.toml").write_text(broken('id = "t"', 'id = "zz-builtin"'))
    monkeypatch.setattr(library.locations, "builtin_content_dir", lambda: builtin)
    decks_dir = isolated_dirs / "decks"
    decks_dir.mkdir(parents=True)
    (decks_dir / "a.toml").write_text(broken('id = "t"', 'id = "aa-user"'))
    assert [(d.id, d.source) for d in find_decks()] == [
        ("zz-builtin", "built-in"),
        ("aa-user", "user"),
    ]


def test_resolve_deck_by_path_and_by_id(isolated_dirs: Path) -> None:
    """resolve_deck takes a file path or the id of a deck it can find."""
    assert resolve_deck(str(DATA / "tiny.toml")).id == "tiny"
    decks_dir = isolated_dirs / "decks"
    decks_dir.mkdir(parents=True)
    (decks_dir / "mine.toml").write_text(broken('id = "t"', 'id = "mine"'))
    assert resolve_deck("mine").source == "user"
    with pytest.raises(DeckError, match="no deck with this id"):
        resolve_deck("no-such-deck")


@pytest.mark.skipif(not BUILTIN.exists(), reason="content/databricks-mlflow.toml not written yet")
def test_builtin_deck_has_41_cards_numbered_1_to_41() -> None:
    """The shipped deck loads cleanly with cards "1".."41" in order."""
    deck = load_deck(BUILTIN)
    assert [c.id for c in deck.cards] == [str(n) for n in range(1, 42)]


def test_builtin_content_dir_finds_the_shipped_decks() -> None:
    """Installed or editable, the built-in decks folder is found."""
    folder = library.locations.builtin_content_dir()
    if BUILTIN.exists():
        assert folder is not None and (folder / BUILTIN.name).is_file()
