"""Property-based tests (hypothesis) of the two parts that eat untrusted text.

The deck loader reads files people write by hand, export from other tools or
download: whatever the bytes, it answers with a `Deck` or a `DeckError`, never
another exception. The grader reads whatever a learner types or pastes: it
never raises, and canonically equal texts (NFC and NFD) get the same verdict.

Example counts are kept modest (the whole file runs in a few seconds); raise
them locally with `--hypothesis-seed` / `HYPOTHESIS_PROFILE` when hunting.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlquiz.core.decks.format import DECK_ID_RE
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.errors import DeckError
from mlquiz.core.grading.grader import Grader

DATA = Path(__file__).resolve().parents[1] / "data"
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- writing TOML ---------------------------------------------------------------------


def q(text: str) -> str:
    """`text` as a TOML basic string (control characters and DEL escaped)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def key(name: str) -> str:
    return name if DECK_ID_RE.match(name) else q(name)


def value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return q(v)
    if isinstance(v, int | float):
        return repr(v)  # inf and -inf are TOML too
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def to_toml(doc: dict) -> str:
    """A TOML document: scalars first, `glossary` as a table, `cards` as [[cards]]."""
    lines: list[str] = []
    tables = {}
    for name, v in doc.items():
        if name == "cards" and isinstance(v, list) and all(isinstance(c, dict) for c in v):
            tables[name] = v
        elif name == "glossary" and isinstance(v, dict):
            tables[name] = v
        else:
            lines.append(f"{key(name)} = {value(v)}")
    if "glossary" in tables:
        lines += ["", "[glossary]"] + [
            f"{key(k)} = {value(x)}" for k, x in tables["glossary"].items()
        ]
    for card in tables.get("cards", []):
        lines += ["", "[[cards]]"]
        subs = {k: v for k, v in card.items() if k in ("points", "confusions")}
        lines += [f"{key(k)} = {value(v)}" for k, v in card.items() if k not in subs]
        for sub, items in subs.items():
            if isinstance(items, list) and all(isinstance(i, dict) for i in items):
                for item in items:
                    lines += ["", f"[[cards.{sub}]]"]
                    lines += [f"{key(k)} = {value(x)}" for k, x in item.items()]
            else:
                lines.append(f"{key(sub)} = {value(items)}")
    return "\n".join(lines) + "\n"


# -- strategies ------------------------------------------------------------------------

# Any text a person might put in a field, surrogates aside (TOML cannot hold them).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
field = any_text.filter(lambda s: s.strip() != "")
ids = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)


@st.composite
def valid_decks(draw: st.DrawFn, text: st.SearchStrategy[str] = field) -> dict:
    """A deck document that satisfies every rule of docs/deck-format.md."""
    n_cards = draw(st.integers(1, 3))
    card_ids = draw(st.lists(text, min_size=n_cards, max_size=n_cards, unique_by=str.strip))
    cards = []
    for card_id in card_ids:
        labels = draw(st.lists(text, min_size=1, max_size=2, unique_by=str.strip))
        points = [
            {
                "label": label,
                "phrases": draw(st.lists(text, min_size=1, max_size=2)),
                "required": draw(st.booleans()),
            }
            for label in labels
        ]
        card = {"id": card_id, "question": draw(text), "answer": draw(text), "points": points}
        if draw(st.booleans()):
            card["hint"] = draw(text)
            card["tags"] = draw(st.lists(text, max_size=3))
            card["ordered"] = draw(st.booleans())
            card["confusions"] = [{"phrases": [draw(text)], "message": draw(text)}]
        cards.append(card)
    glossary = draw(st.dictionaries(text, text, max_size=2))
    # Keys equal after case folding and stripping must agree, so keep one of each.
    glossary = {k: v for k, v in {k.strip().lower(): (k, v) for k, v in glossary.items()}.values()}
    glossary = {k: v for k, v in glossary.items() if k.strip().lower()}
    return {
        "id": draw(ids),
        "title": draw(text),
        "description": draw(text),
        "glossary": glossary,
        "cards": cards,
    }


toml_scalars = st.one_of(
    any_text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=4,
)
deck_keys = st.sampled_from(
    ["id", "title", "description", "glossary", "cards", "points", "label", "phrases",
     "question", "answer", "hint", "tags", "ordered", "required", "confusions", "message"]
)  # fmt: skip


@st.composite
def random_documents(draw: st.DrawFn) -> dict:
    """TOML documents shaped a little like decks: right and wrong keys, any values."""
    names = st.one_of(deck_keys, any_text.filter(bool))

    def table(depth: int) -> dict:
        out = draw(st.dictionaries(names, toml_values, max_size=4))
        if depth and draw(st.booleans()):
            out["cards"] = [table(depth - 1) for _ in range(draw(st.integers(0, 3)))]
        if depth and draw(st.booleans()):
            out["points"] = [table(depth - 1) for _ in range(draw(st.integers(0, 2)))]
        return out

    return table(2)


def parse_or_error(data: str | bytes, path: str = "deck.toml"):
    """The loader's answer: a Deck, or the DeckError (anything else fails the test)."""
    try:
        return parse_deck(data, path)
    except DeckError as error:
        assert error.problems and str(error).startswith(path)
        return error


# -- the deck loader -----------------------------------------------------------------------

toml_fragments = st.sampled_from(
    [b"[[cards]]\n", b"[[cards.points]]\n", b"[glossary]\n", b'id = "x"\n', b"title = ",
     b'"', b"'''", b'"""', b"\n", b"\r\n", b"=", b"[", b"]", b"{", b"}", b",", b"\\u0000",
     b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"\x80", b"phrases = [", b"#"]
)  # fmt: skip


@FAST
@given(st.one_of(st.binary(max_size=2000), st.lists(toml_fragments, max_size=40).map(b"".join)))
def test_random_bytes_give_a_deck_or_a_deck_error(data: bytes) -> None:
    """Random bytes, and random runs of TOML-ish bytes, never raise anything but DeckError."""
    parse_or_error(data)


@FAST
@given(random_documents())
def test_random_toml_gives_a_deck_or_a_deck_error(doc: dict) -> None:
    """Syntactically valid TOML of any shape is a Deck or a DeckError naming the file."""
    parse_or_error(to_toml(doc))


def expected_cards(doc: dict) -> list[tuple]:
    return [
        (
            c["id"].strip(),
            c["question"].strip(),
            c["answer"].strip(),
            [(p["label"].strip(), tuple(x.strip() for x in p["phrases"])) for p in c["points"]],
        )
        for c in doc["cards"]
    ]


def loaded_cards(deck) -> list[tuple]:
    return [
        (c.id, c.question, c.answer, [(p.label, p.phrases) for p in c.points]) for c in deck.cards
    ]


@FAST
@given(valid_decks(), st.sampled_from(["plain", "bom", "crlf", "bom+crlf"]))
def test_a_valid_deck_loads_with_its_values(doc: dict, variant: str) -> None:
    """A deck that keeps every rule loads, with every text stripped and nothing lost;
    a UTF-8 byte-order mark and Windows line endings change nothing."""
    text = to_toml(doc)
    deck = parse_deck(text, "deck.toml")
    assert deck.id == doc["id"] and deck.title == doc["title"].strip()
    assert loaded_cards(deck) == expected_cards(doc)
    assert deck.glossary == {k.strip().lower(): v.strip() for k, v in doc["glossary"].items()}
    data = (text.replace("\n", "\r\n") if "crlf" in variant else text).encode()
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    assert parse_deck(data, "deck.toml") == deck


cp1252_text = st.text(
    st.sampled_from("abcdefgh XYZ 0123 .,;:!?-éèàçñöüßÆæøÅ€–—“”‘’…•™"), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(valid_decks(cp1252_text))
def test_a_cp1252_file_is_refused_with_a_hint_or_loads_the_same(doc: dict) -> None:
    """A deck saved as Windows-1252: a DeckError saying to save as UTF-8 (with the line),
    or, when the bytes happen to be UTF-8 as well, the deck they say as UTF-8. (Some
    are: "Å–" is C5 96, which UTF-8 reads as "Ŗ"; no loader can tell.)"""
    raw = to_toml(doc).encode("cp1252")
    answer = parse_or_error(raw)
    if isinstance(answer, DeckError):
        assert "UTF-8" in answer.problem and answer.line is not None
    else:
        assert answer == parse_deck(raw.decode("utf-8"), "deck.toml")


@settings(max_examples=60, deadline=None)
@given(valid_decks(), st.data())
def test_a_nul_byte_anywhere_is_a_clear_error(doc: dict, data: st.DataObject) -> None:
    """A NUL byte (a binary or UTF-16 file) is reported as such, with its line."""
    raw = to_toml(doc).encode()
    at = data.draw(st.integers(0, len(raw)))
    error = parse_or_error(raw[:at] + b"\x00" + raw[at:])
    assert isinstance(error, DeckError)
    assert "NUL" in error.problem or "UTF-8" in error.problem  # a NUL inside a multibyte char
    assert error.line == raw[:at].count(b"\n") + 1


@settings(max_examples=5, deadline=None)
@given(st.integers(100_000, 1_000_000), st.sampled_from(["question", "answer", "hint", "label"]))
def test_huge_fields_load(size: int, name: str) -> None:
    """A field of megabytes (a pasted document) loads intact."""
    big = ("données " * (size // 8 + 1))[:size].strip()
    card = {"id": "1", "question": "Q?", "answer": "A.", "hint": "H"}
    point = {"label": "p", "phrases": ["p"]}
    (point if name == "label" else card)[name] = big
    doc = {"id": "big", "title": "T", "description": "D", "cards": [{**card, "points": [point]}]}
    deck = parse_deck(to_toml(doc), "big.toml")
    loaded = deck.cards[0].points[0].label if name == "label" else getattr(deck.cards[0], name)
    assert loaded == big


@settings(max_examples=50, deadline=None)
@given(valid_decks(), st.lists(any_text, max_size=3))
def test_any_valid_deck_builds_a_grader_that_grades(doc: dict, answers: list[str]) -> None:
    """Whatever a valid deck's phrases are, its grader builds and grades without error."""
    deck = parse_deck(to_toml(doc), "deck.toml")
    grader = Grader(deck)
    for card in deck.cards:
        for answer in [card.answer, *answers]:
            result = grader.grade(card, answer)
            assert result.verdict in ("correct", "partial", "incorrect")


# -- the grader --------------------------------------------------------------------------------


@cache
def grader() -> Grader:
    from mlquiz.core.decks.library import load_deck

    return Grader(load_deck(DATA / "grading-deck.toml"))


def card_ids() -> list[str]:
    return [card.id for card in grader().deck.cards]


def deck_words() -> list[str]:
    words = set()
    for card in grader().deck.cards:
        words.update(card.answer.replace(",", " ").replace(".", " ").split())
        for point in card.points:
            for phrase in point.phrases:
                words.update(phrase.replace("|", " ").split())
    return sorted(w for w in words if w != "...")


def chars(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=lo, max_codepoint=hi, blacklist_categories=("Cs",))


emoji = st.one_of(
    chars(0x1F300, 0x1FAFF),
    st.sampled_from(["\u200d", "\ufe0f", "\U0001f3fd", "👩‍💻", "🇫🇷", "1️⃣"]),
)
rtl = st.one_of(
    chars(0x0590, 0x05FF), chars(0x0600, 0x06FF), st.sampled_from(["\u200f", "\u202e", "\u2067"])
)
combining = chars(0x0300, 0x036F)
full_width = chars(0xFF01, 0xFF5E)
pieces = st.one_of(
    st.sampled_from([" ", ". ", ", ", "\n", "don't ", "not ", "n't", "…", "-", "—"]),
    st.builds(lambda: None).flatmap(lambda _: st.sampled_from(deck_words())),
    emoji,
    rtl,
    combining,
    full_width,
    st.text(max_size=5),  # anything at all, surrogates included
)
answers = st.lists(pieces, max_size=60).map("".join)


def check(result, answer: str) -> None:
    assert result.verdict in ("correct", "partial", "incorrect")
    assert 0.0 <= result.score <= 1.0
    for point in result.points:
        if point.span is not None:
            start, end = point.span
            assert 0 <= start <= end <= len(result.text)


@settings(max_examples=200, deadline=None)
@given(st.data(), answers)
def test_the_grader_never_raises_on_any_unicode(data: st.DataObject, answer: str) -> None:
    """Emoji, right-to-left text, combining marks, full-width letters, lone surrogates,
    mixed with the deck's own words: a verdict, a score in 0..1, spans inside the text."""
    card = data.draw(st.sampled_from(card_ids()))
    check(grader().grade(card, answer), answer)


@settings(max_examples=8, deadline=None)
@given(st.data(), answers.filter(bool))
def test_a_100000_character_answer_is_graded(data: st.DataObject, chunk: str) -> None:
    """A 100,000-character paste is graded like any other answer, without error."""
    answer = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    card = data.draw(st.sampled_from(card_ids()))
    check(grader().grade(card, answer), answer)


accented = st.lists(
    st.one_of(
        st.builds(lambda: None).flatmap(lambda _: st.sampled_from(deck_words())),
        st.sampled_from("éèêëàâäçñöüÿÅåǺǻḗṑẩ ẞ"),
        combining,
        st.just(" "),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.data(), accented)
def test_nfc_and_nfd_get_the_same_verdict(data: st.DataObject, answer: str) -> None:
    """Composed and decomposed forms of one text are the same answer: same verdict,
    same key points, same score."""
    card = data.draw(st.sampled_from(card_ids()))
    nfc = grader().grade(card, unicodedata.normalize("NFC", answer))
    nfd = grader().grade(card, unicodedata.normalize("NFD", answer))
    assert (nfc.verdict, nfc.found, nfc.missed, nfc.score) == (
        nfd.verdict,
        nfd.found,
        nfd.missed,
        nfd.score,
    )
