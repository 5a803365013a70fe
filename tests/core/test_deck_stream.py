"""Reading a deck card by card (`core/decks/stream.py`): the same deck, and the same
errors with the same line numbers, as parsing the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz import cli
from mlquiz.core.decks import parse
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.decks.stream import DeckStream, stream_deck
from mlquiz.core.errors import DeckError
from mlquiz.core.grading.reader import Reader, build_glossary

REPO = Path(__file__).resolve().parents[2]

# Three cards, a glossary, a cloze note and multi-line strings, one of which holds
# a line that reads as a card header.
DECK = '''\
id = "s"
title = "Stream"
description = "A deck read card by card."

[glossary]
mlf = "mlflow"

[[cards]]
id = "1"
question = "What is a run?"
answer = """One execution
of code."""

[[cards.points]]
label = "one execution"
phrases = ["one|single execution"]

[[cards]]
id = "2"
question = "What does this print?"
answer = \'\'\'
[[cards]]
id = "x"
\'\'\'

[[cards.points]]
label = "prints"
phrases = ["cards header"]

[[cards]]  # the third
id = "3"
cloze = "An {{c1::experiment}} groups {{c2::runs}}."

[[cards]]
id = "4"
question = "What is an experiment?"
answer = "A group of runs."

[[cards.points]]
label = "group of runs"
phrases = ["group of runs"]
'''


def outcome(read, data: str | bytes) -> object:
    try:
        return read(data, "deck.toml")
    except DeckError as exc:
        return f"DeckError: {exc}"


def test_a_deck_reads_the_same_card_by_card() -> None:
    """Every card, field for field, as a whole-file parse gives them."""
    deck = stream_deck(DECK, "deck.toml")
    assert deck == parse_deck(DECK, "deck.toml")
    assert [c.id for c in deck.cards] == ["1", "2", "3.c1", "3.c2", "4"]


def test_a_card_header_inside_a_multi_line_string_is_text(monkeypatch) -> None:
    """`[[cards]]` on a line of a multi-line string is part of the answer, and the file
    is still read card by card (no whole-file parse)."""

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("read as a whole file")

    monkeypatch.setattr(parse, "parse_deck", whole)
    stream = DeckStream(DECK.encode(), "deck.toml")
    tables = list(stream.tables())
    assert [t.index for t in tables] == [0, 1, 2, 3]
    assert tables[1].cards[0].answer == '[[cards]]\nid = "x"'
    assert tables[3].lines().card(3).key("id") == DECK.splitlines().index('id = "4"') + 1


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_syntax_error_in_a_later_card_names_the_files_line() -> None:
    """A TOML error in the fourth card: the line is the file's, the message the parser's."""
    text = DECK.replace('answer = "A group of runs."', 'answer = "A group of runs.')
    error = outcome(stream_deck, text)
    line = _line_of(text, 'answer = "A group of runs.')
    assert (
        error
        == f"DeckError: deck.toml:{line}: TOML syntax error: Illegal character '\\n' (column 27)"
    )
    assert error == outcome(parse_deck, text)


def test_problems_in_later_cards_name_the_files_lines() -> None:
    """Validation problems of several cards, all reported, each with its file line,
    including a duplicate id pointing at the first card's line."""
    text = DECK.replace('id = "4"', 'id = "1"').replace('label = "prints"', 'labl = "prints"')
    error = outcome(stream_deck, text)
    assert error == outcome(parse_deck, text)
    assert f"deck.toml:{_line_of(text, 'labl')}: card \"2\": point 1: unknown key 'labl'" in str(
        error
    )
    first = _line_of(text, 'id = "1"')
    assert f"duplicate card id (first used by card #1 at line {first})" in str(error)


def test_deck_check_reports_a_later_cards_error_at_its_line(capsys, tmp_path) -> None:
    """`deck check` on a deck whose third card has an unterminated array."""
    text = DECK.replace('phrases = ["group of runs"]', 'phrases = ["group of runs"\nx = 1')
    (tmp_path / "d.toml").write_text(text, encoding="utf-8")
    code = cli.main(["deck", "check", str(tmp_path / "d.toml")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    line = _line_of(text, "x = 1")
    assert err.startswith(f"{tmp_path / 'd.toml'}:{line}: TOML syntax error: ")
    assert (
        err
        == str(outcome(parse_deck, text)).replace("DeckError: deck.toml", str(tmp_path / "d.toml"))
        + "\n"
    )


def test_a_glossary_after_the_cards_is_read_with_the_whole_file() -> None:
    """A table after the cards belongs to the whole deck: read as the whole file."""
    text = DECK.replace('[glossary]\nmlf = "mlflow"\n', "") + '\n[glossary]\nmlf = "mlflow"\n'
    deck = stream_deck(text, "deck.toml")
    assert deck == parse_deck(text, "deck.toml")
    assert deck.glossary == {"mlf": "mlflow"}


# Edits that break a deck in the ways that matter to a split file.
SNIPPETS = [
    "[[cards]]\n",
    '"""',
    "'''",
    "[glossary]\n",
    "[other]\n",
    "[cards]\n",
    "\n",
    '"',
    "]",
    "[",
    "\x00",
    'id = "1"\n',
    "x = [\n",
    "\\",
    "#",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(DECK)),
            st.integers(0, 12),
            st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=4)),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_edit_reads_the_same_as_the_whole_file(edits) -> None:
    """Whatever the edit, card by card gives the whole-file parse's deck or error."""
    text = DECK
    for start, length, insert in edits:
        start = min(start, len(text))
        text = text[:start] + insert + text[start + length :]
    assert outcome(stream_deck, text) == outcome(parse_deck, text)
    data = text.encode("utf-8", "surrogatepass")
    assert outcome(stream_deck, data) == outcome(parse_deck, data)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + DECK.encode(),
        DECK.replace("\n", "\r\n").encode(),
        DECK.encode().replace(b"A group", b"A \xff group"),
        DECK.encode()
        .replace(b"One execution", b"One\x00execution")
        .replace(b'[[cards]]\nid = "4"', b'[[cards]]\nid = 4\n"""'),
        DECK.encode("utf-16"),
        b"",
        b"[[cards]]\n",
    ],
    ids=["bom", "crlf", "bad-utf8-late", "nul-before-later-error", "utf16", "empty", "no-head"],
)
def test_encodings_and_odd_files_read_the_same(data: bytes) -> None:
    assert outcome(stream_deck, data) == outcome(parse_deck, data)


def test_content_stems_are_the_stems_tokens_read() -> None:
    """The lint's count of answer stems reads words as grading's tokens do (glossary,
    contractions, punctuation)."""
    reader = Reader(build_glossary({"mlf": "mlflow", "model registry": "registry of models"}))
    deck = parse_deck((REPO / "content" / "databricks-mlflow.toml").read_bytes(), "b.toml")
    texts = [card.answer for card in deck.cards] + [
        "Can't log—mlf runs; the model registry, isn't it? x-y_z 3.5 e.g. don't",
    ]
    for text in texts:
        assert reader.content_stems(text) == {t.stem for t in reader.tokens(text) if not t.stop}


def _phrases(deck) -> list[str]:
    found = []
    for card in deck.cards:
        for point in card.points:
            found += point.phrases + point.examples
        for confusion in card.confusions:
            found += confusion.phrases
    return found


def test_phrase_slots_are_the_slots_of_the_compiled_patterns() -> None:
    """The lint reads each phrase's slots as grading compiles the phrase, glossary
    expansions (one word made several) and alternatives included, whether or not
    the reader keeps alternatives."""
    from mlquiz.core.grading.patterns import compile_phrase, phrase_slots

    deck = parse_deck((REPO / "content" / "databricks-mlflow.toml").read_bytes(), "b.toml")
    glossary = dict(deck.glossary, mlf="mlflow tracking", uc="unity catalog")
    phrases = _phrases(deck) + [
        "mlf|uc ... runs",
        "log|uc mlf",
        "the of and",
        "w/o|without mlf",
        "... uc",
        "a|b|the c|mlf",
    ]
    for keep in (True, False):
        reader = Reader(build_glossary(glossary))
        reader.keep_word_alternatives = keep
        for phrase in phrases:
            expected = [p.slots for p in compile_phrase(reader, phrase)]
            assert phrase_slots(reader, phrase) == expected, phrase


def test_text_words_read_as_split_words_with_the_glossary() -> None:
    """A question's words: split and folded as `split_words` does, glossary keys of
    one or two words replaced, longest first."""
    from mlquiz.core.text import split_words

    reader = Reader(build_glossary({"mlf": "mlflow", "model registry": "registry of models"}))
    deck = parse_deck((REPO / "content" / "databricks-mlflow.toml").read_bytes(), "b.toml")

    def reference(text: str) -> list[str]:
        words = [p for parts, *_ in split_words(text) for p in parts if p]
        out, i = [], 0
        while i < len(words):
            for size in range(min(reader._max_glossary_key, len(words) - i), 0, -1):
                expansion = reader.glossary.get(tuple(words[i : i + size]))
                if expansion is not None:
                    out.extend(expansion)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    texts = [c.question for c in deck.cards] + [c.answer for c in deck.cards] + _phrases(deck)
    texts += ["The model registry w/o mlf, b/c it can't; model", "w o b c model registry"]
    for text in texts:
        assert reader.text_words(text) == reference(text), text


def test_quotes_inside_a_one_line_string_do_not_hide_the_lines_of_later_cards() -> None:
    """A title such as "'''Stream" holds three quotes but opens no multi-line
    string: a problem in a later card still names its line, read whole or card by
    card (the whole-file line scan once took the quotes for an opening and lost
    every line after them)."""
    text = DECK.replace('title = "Stream"', "title = \"'''Stream\"") + "[[cards]]\n"
    line = text.count("\n")
    for read in (stream_deck, parse_deck):
        with pytest.raises(DeckError) as caught:
            read(text, "deck.toml")
        assert f"deck.toml:{line}: card #5: missing 'id'" in str(caught.value)


CARD = '[[cards]]\nid = "9"\nquestion = "Q?"\nanswer = "A."\n'


@pytest.mark.parametrize(
    "tail",
    [
        CARD + "x = " + "[" * 399 + "]" * 399 + "\n",
        CARD + "x = " + "[" * 401 + "]" * 401 + "\n",
        CARD + "x = " + "[" * 20_000 + "\n",
        CARD + "x = " + "{a=" * 500 + "1" + "}" * 500 + "\n",
        CARD + ".".join(["k"] * 999) + " = 1\n",
        CARD + ".".join(["k"] * 1001) + " = 1\n",
        "\ufeff\ufeff" + DECK,  # a second byte-order mark starts the deck's own keys
        CARD + 'hint = "a\\uD800"\n',
        CARD + "ordered = 1979-05-27T07:32:00-07:00\n",
        CARD + "[[cards.points]]\nlabel = 'l'\nphrases = ['p', ]\nneed = 0x1\n",
        CARD + "tags = [\n'a',\n]\ninline = {\n a = 1,\n}\n",
    ],
    ids=[
        "nested-399",
        "nested-401",
        "nested-20000",
        "inline-tables-500",
        "key-999-parts",
        "key-1001-parts",
        "inner-bom",
        "surrogate-escape",
        "datetime",
        "hex-trailing-comma",
        "toml-1.1-newlines",
    ],
)
def test_a_card_table_reads_as_tomli_reads_it(tail: str) -> None:
    """Card tables are read by toml-rs where it reads them as tomli does: at and past
    tomli's limits (nesting, key parts), a byte-order mark inside the file, escapes
    and values the deck does not take, the deck or error is the whole-file parse's
    (tomli's)."""
    text = tail if tail.startswith("\ufeff") else DECK + tail
    assert outcome(stream_deck, text) == outcome(parse_deck, text)
    data = text.encode("utf-8", "surrogatepass")
    assert outcome(stream_deck, data) == outcome(parse_deck, data)


# Four hundred cards, about 150 KB: read in runs of cards' tables, one toml-rs call
# a run (`DeckStream._run`), rather than one call a card.
MANY = DECK + "".join(
    f'\n[[cards]]\nid = "m{n}"\nquestion = "What does step {n} of the pipeline do?"\n'
    f'answer = "It logs run {n} of the experiment and registers model {n}."\n'
    f'tags = ["t{n % 7}"]\n\n[[cards.points]]\nlabel = "logs"\n'
    f'phrases = ["logs|records run {n}", "tracks it"]\n\n[[cards.points]]\n'
    f'label = "registers"\nphrases = ["registers|registry", "model {n} version"]\n'
    for n in range(400)
)


def _card(n: int) -> str:
    return f'[[cards]]\nid = "m{n}"\n'


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t,
        lambda t: t.replace(_card(300), "  " + _card(300)),  # a header that is not split at
        lambda t: t.replace(_card(250), _card(250) + 'hint = "' + "[" * 250 + '"\n'),
        lambda t: t.replace(_card(200), _card(200) + 'hint = "unterminated\n'),
        lambda t: t.replace(_card(350), _card(350) + "colour = 'red'\n"),
        lambda t: t.replace(_card(380), '[[cards]]\nid = "m5"\n'),
        lambda t: t.replace(_card(150), _card(150) + 'hint = "a\\uD800"\n'),
        lambda t: t.replace(_card(390), _card(390) + "[glossary]\nx = 'y'\n"),
    ],
    ids=[
        "as-is",
        "indented-header",
        "past-the-guard",
        "syntax-error",
        "unknown-key",
        "duplicate-id",
        "surrogate-escape",
        "table-in-a-card",
    ],
)
def test_a_deck_read_in_runs_reads_as_the_whole_file(edit) -> None:
    """A deck of several runs, with a part in a later run that toml-rs cannot read
    with the others: the whole-file parse's deck, or its error with its line."""
    text = edit(MANY)
    assert outcome(stream_deck, text) == outcome(parse_deck, text)


def test_deck_check_names_the_lines_of_controls_in_later_runs(capsys, tmp_path) -> None:
    """Escapes of control characters in cards of different runs: each warning names
    the file's line of its key, as the whole-file reading finds it."""
    from mlquiz.core.decks.controls import control_warnings

    text = MANY.replace(_card(10) + 'question = "What', _card(10) + 'question = "\\u001b What')
    text = text.replace(_card(333), "  " + _card(333) + 'hint = "\\u0007"\n')
    text = text.replace(_card(399) + 'question = "What', _card(399) + 'question = "\\u009b What')
    (tmp_path / "d.toml").write_text(text, encoding="utf-8")
    assert cli.main(["deck", "check", str(tmp_path / "d.toml")]) == 0
    out = capsys.readouterr().out
    path = str(tmp_path / "d.toml")
    expected = control_warnings(parse_deck(text, path), text, path)
    assert len(expected) == 3
    for problem in expected:
        assert f"{path}:{problem.line}: warning: {problem.problem}" in out


def test_well_formed_cards_are_the_dataclasses_own() -> None:
    """Well-formed cards are made without their dataclass `__init__` (`format._made`):
    each has every field, and equals the card `__init__` makes of the same values."""
    import dataclasses

    deck = parse_deck((REPO / "content" / "databricks-mlflow.toml").read_bytes())
    made = [card for card in deck.cards if card.cloze is None]
    assert made
    for card in made:
        parts = [card, *card.points, *card.confusions]
        for part in parts:
            assert vars(part).keys() == {f.name for f in dataclasses.fields(part)}
            assert dataclasses.replace(part) == part
