"""The check of an import's TOML (`stream.check_written_deck`): read in runs by
toml-rs, without the streamed read's scans, it must accept exactly the texts the
loader accepts (`stream_deck`), and raise the loader's own error for the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz.core.decks import stream
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.decks.stream import check_written_deck, stream_deck
from mlquiz.core.errors import DeckError
from tests.core.test_deck_stream import DECK, MANY, SNIPPETS, _card

DATA = Path(__file__).resolve().parents[1] / "data"


def checked(text: str) -> str:
    try:
        check_written_deck(text, "deck.toml")
    except DeckError as exc:
        return f"DeckError: {exc}"
    return "loads"


def loaded(text: str) -> str:
    try:
        stream_deck(text, "deck.toml")
    except DeckError as exc:
        return f"DeckError: {exc}"
    return "loads"


@pytest.mark.parametrize("name", ["cards.csv", "anki-tab-html.txt", "grading-kubernetes.md"])
def test_an_imported_deck_is_checked_without_the_streamed_read(name, monkeypatch) -> None:
    toml = import_deck(DATA / "import" / name).toml
    assert stream._loads_as_written(toml, "deck.toml")
    monkeypatch.setattr(stream, "stream_deck", None)  # never called: it would fail
    check_written_deck(toml, "deck.toml")


# A multi-line answer of card header lines, longer than a run: the first cut
# there leaves the run before it unterminated.
HEADER_IN_ANSWER = (
    DECK
    + '\n[[cards]]\nid = "long"\nquestion = "q"\nanswer = """'
    + "a line\n[[cards]]\n" * 8000
    + '"""\n\n[[cards.points]]\nlabel = "a"\nphrases = ["a"]\n'
)


@pytest.mark.parametrize(
    "text",
    [
        DECK,
        MANY,
        HEADER_IN_ANSWER,
        DECK.replace('id = "s"\n', 'id = "s"\ncards = [{ id = "0", cloze = "{{c1::x}}" }]\n'),
        DECK.replace('[glossary]\nmlf = "mlflow"\n', "") + '\n[glossary]\nmlf = "mlflow"\n',
        MANY.replace(_card(380), '[[cards]]\nid = "m5"\n'),
        MANY.replace(_card(200), _card(200) + 'hint = "unterminated\n'),
        MANY.replace(_card(150), _card(150) + 'hint = "a\\uD800"\n'),
        MANY.replace(_card(390), _card(390) + "[glossary]\nx = 'y'\n"),
        MANY.replace(_card(100), _card(100) + 'hint = "lone \ud800"\n'),
        MANY.replace("One execution", "One\x00execution"),
        "\ufeff" + DECK,
        'id = "s"\ntitle = "t"\ndescription = "d"\ncards = []\n',
        'id = "s"\ntitle = "t"\ndescription = "d"\n',
        'id = "s"\ntitle = "t"\ndescription = "d"\nderived = 3\n\n[[cards]]\nid = "1"\n',
    ],
    ids=[
        "deck",
        "runs",
        "header-in-multi-line-strings",
        "cards-array-and-card-tables",
        "glossary-after-the-cards",
        "duplicate-id-in-a-later-run",
        "syntax-error",
        "surrogate-escape",
        "table-in-a-card",
        "lone-surrogate",
        "nul",
        "bom",
        "no-card",
        "no-cards-key",
        "bad-head",
    ],
)
def test_a_text_is_accepted_or_named_as_the_loader_does(text: str) -> None:
    assert checked(text) == loaded(text)


def test_a_cut_inside_a_string_reads_the_text_as_the_loader_does() -> None:
    assert not stream._loads_as_written(HEADER_IN_ANSWER, "deck.toml")
    assert checked(HEADER_IN_ANSWER) == "loads"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(MANY)),
            st.integers(0, 12),
            st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=4)),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_edit_is_accepted_or_named_as_the_loader_does(edits) -> None:
    text = MANY
    for start, length, insert in edits:
        start = min(start, len(text))
        text = text[:start] + insert + text[start + length :]
    assert checked(text) == loaded(text)


def test_an_import_whose_toml_does_not_load_fails(monkeypatch) -> None:
    """The check is kept: a deck written wrong (a bug of the writer or of
    derivation) is no imported deck, and the loader's problem is named."""
    from mlquiz.core.decks.importing import build
    from mlquiz.core.errors import DeckImportError

    written = build.deck_to_toml
    monkeypatch.setattr(
        build,
        "deck_to_toml",
        lambda deck, header: written(deck, header=header).replace("phrases = [", "phrase = [", 1),
    )
    with pytest.raises(DeckImportError, match="does not validate: .*unknown key 'phrase'"):
        import_deck(DATA / "import" / "cards.csv")
