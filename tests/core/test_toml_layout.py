"""An imported deck's TOML is written by `toml_layout`, which must lay it out
byte for byte as tomli-w does: a deck file written before the change and one
written after are the same file, and tomli-w stays the reference."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz.core.cards import Analogy, Card, Confusion, Deck, FalseClaim, KeyPoint
from mlquiz.core.decks import toml_layout
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.decks.toml_writer import deck_to_toml, deck_value

DATA = Path(__file__).resolve().parents[1] / "data"

# Every character tomli-w escapes, and the ones it must leave alone.
AWKWARD = (
    'q"uote back\\slash \n \r\n \r lone \t tab \x00\x01\x08\x0b\x0c\x1b\x1f\x7f \x80 é ✓ 日本 """'
)

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    [AWKWARD, "", "two\nlines", "a\r\nb", "x" * 120]
)
keys = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.sampled_from(
    ["id", "a-b_C9", "has space", ""]
)
scalars = texts | st.booleans() | st.integers(-(10**6), 10**6)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(keys, inner, max_size=4)
        | st.lists(st.dictionaries(keys, inner, max_size=3), min_size=1, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=6), st.booleans())
def test_any_document_is_written_as_tomli_w_writes_it(doc: dict, multiline: bool) -> None:
    assert toml_layout.dumps(doc, multiline_strings=multiline) == tomli_w.dumps(
        doc, multiline_strings=multiline
    )


def all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in all_strings(k) + all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_multi_line_strings_unless_a_carriage_return_anywhere(doc: dict) -> None:
    """A carriage return in any string or key, however deep, turns multi-line
    strings off for the whole file (a multi-line string would not keep it)."""
    multiline = not any("\r" in text for text in all_strings(doc))
    assert toml_layout.dumps_unless_carriage_return(doc) == tomli_w.dumps(
        doc, multiline_strings=multiline
    )
    assert toml_layout.dumps_unless_carriage_return({"a\rb": "x\ny"}) == tomli_w.dumps(
        {"a\rb": "x\ny"}
    )


def awkward_deck(text: str) -> Deck:
    """Every kind of table and key a deck file has, with `text` in every string."""
    point = KeyPoint(
        f"label {text}",
        (f"phrase {text}", "other"),
        required=False,
        need=2,
        code=(f"code {text}",),
        examples=(f"example {text}",),
        analogies=(Analogy(f"tool {text}", (f"like {text}",), (), "full", f"note {text}"),),
    )
    card = Card(
        id="c1",
        question=f"Q {text}",
        answer=f"A {text}",
        points=(point, KeyPoint("short", ("s",))),
        hint=f"hint {text}",
        tags=(f"tag {text}",),
        ordered=True,
        vague=(f"vague {text}",),
        also_true=(f"also {text}",),
        confusions=(Confusion((f"mixed {text}",), f"message {text}"),),
        false_claims=(FalseClaim((f"claim {text}",), f"fix {text}", (), "short"),),
    )
    bare = Card(id="c2", question="Q", answer="A", points=(KeyPoint("p", ("p",)),))
    return Deck(
        id="d",
        title=f"Title {text}",
        description=f"Desc {text}",
        cards=(card, bare),
        glossary={"data frame": "dataframe", f"k {text}": f"v {text}", "uc": "unity catalog"},
    )


@pytest.mark.parametrize("text", [AWKWARD, "plain", "two\nlines", "x" * 150])
def test_a_deck_file_is_the_one_tomli_w_writes(text: str) -> None:
    deck = awkward_deck(text)
    value = deck_value(deck)
    for multiline in (True, False):
        assert toml_layout.dumps(value, multiline_strings=multiline) == tomli_w.dumps(
            value, multiline_strings=multiline
        )
    multiline = "\r" not in text  # a carriage return turns multi-line strings off
    assert deck_to_toml(deck).endswith(tomli_w.dumps(value, multiline_strings=multiline))


@pytest.mark.parametrize(
    "name", ["grading-kubernetes.md", "anki-tab-html.txt", "bom-crlf.csv", "cards.csv"]
)
def test_imported_decks_are_written_as_tomli_w_writes_them(name: str) -> None:
    """Real import shapes: multi-line answers, HTML, a carriage return."""
    result = import_deck(DATA / "import" / name)
    value = deck_value(result.deck)
    multiline = "\r" not in result.toml
    assert result.toml.endswith(tomli_w.dumps(value, multiline_strings=multiline))


def test_a_value_it_does_not_write_is_left_to_tomli_w() -> None:
    with pytest.raises(toml_layout.NotPlain):
        toml_layout.dumps({"x": 1.5})
    assert tomli_w.dumps({"x": 1.5}) == "x = 1.5\n"


class _Text(str):
    """A str subclass: written as a string, as tomli-w writes it."""


@pytest.mark.parametrize(
    "items",
    [
        ["plain", "words ... with gaps", "a|b", ""],  # every item plain: one join
        ["plain", 'a "quote"'],  # one item to escape: each item on its own
        ["plain", "back\\slash"],
        ["plain", "tab\there"],  # a tab is not printable: written as tomli-w writes it
        ["plain", "é accent"],
        ["plain", "two\nlines"],
        ["plain", _Text("subclass")],
        ("a", "tuple"),
        ["plain", 3],  # not all strings: item by item
        [["nested", "list"], "x"],
        [""],
    ],
)
def test_arrays_of_strings_are_written_as_tomli_w_writes_them(items: list) -> None:
    """Arrays of strings, the bulk of a deck (its phrases), are quoted and joined
    at once when nothing in them needs escaping: the same bytes as tomli-w's
    for every mix, at the top level and inside tables of an array of tables."""
    doc = {"phrases": items, "cards": [{"id": "1", "vague": items, "points": [{"p": items}]}]}
    for multiline in (True, False):
        assert toml_layout.dumps(doc, multiline_strings=multiline) == tomli_w.dumps(
            doc, multiline_strings=multiline
        )
