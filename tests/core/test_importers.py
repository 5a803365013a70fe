"""Importing decks: every format, the awkward files, derived key points, TOML, the CLI."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz import cli
from mlquiz.core import locations
from mlquiz.core.cards import Card, Confusion, Deck, KeyPoint
from mlquiz.core.decks.importing.build import build_deck, import_deck, parse_file_text
from mlquiz.core.decks.importing.detect import FORMATS, detect_format
from mlquiz.core.decks.importing.records import split_records
from mlquiz.core.decks.importing.source import read_text, strip_html
from mlquiz.core.decks.library import find_decks, load_deck
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.decks.toml_writer import deck_to_toml
from mlquiz.core.errors import DeckImportError
from mlquiz.core.grading.derive.points import derive_deck_points
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.lint import lint_deck

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "import"
SEED = DATA / "seed-databricks-mlflow.txt"
BUILTIN = REPO / "content" / "databricks-mlflow.toml"


def parse(name: str, fmt: str = "auto", **kwargs):
    path = DATA / name
    return parse_file_text(read_text(path), path, fmt, **kwargs)


def pairs(parsed) -> list[tuple[str, str]]:
    return [(c.question, c.answer) for c in parsed.cards]


# --------------------------------------------------------------------------
# One fixture per format


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        (
            "anki-tab-html.txt",
            "anki",
            [
                ("What does HTML do?", "Marks up text\nfor browsers & more"),
                ("A question with a\ttab", 'An answer on\ntwo lines, with "quotes"'),
                ("Divs?", "First\nSecond line"),
            ],
        ),
        (
            "anki-semicolon.txt",
            "anki",
            [
                ("What is 2+2?", "4"),
                ("Question; with a semicolon", "Answer; also"),
                ("Why?", "Because"),
            ],
        ),
        ("anki-pipe.txt", "anki", [("Front one", "Back <one> stays"), ("Front two", "Back two")]),
        ("anki-crlf.txt", "anki", [("CRLF question", "CRLF answer"), ("Second", "multi\nline")]),
        (
            "anki-export-guid.txt",
            "anki",
            [
                ("What is a run?", "One execution of code"),
                ("What is an experiment?", "A group of runs"),
                ("", ""),  # a cloze note: its text is its `cloze`
            ],
        ),
        (
            "quizlet.txt",
            "quizlet",
            [
                ("term one", "definition one"),
                ("term two", "definition two\nthat goes on"),
                ('term "three"', 'definition with "quotes"'),
            ],
        ),
        (
            "cards.csv",
            "csv",
            [
                ("What is a CSV, really?", 'Comma separated values, with "quotes"'),
                ("Multi-line?", "Line one\nLine two"),
            ],
        ),
        ("cards-semicolon.csv", "csv", [("What is 1+1?", "2")]),
        (
            "bom-crlf.csv",
            "csv",
            [("What has a BOM?", "This file"), ("CRLF inside?", "Yes\nit does")],
        ),
        (
            "deck.md",
            "markdown",
            [
                (
                    "What is a run?",
                    "One execution of training code.\nIt logs params, metrics and artifacts."
                    "\n\n   - indented list item in the answer",
                ),
                (
                    "What does this fence show?",
                    "A code block that mentions markers:\n\n```\nQ: not a question\n"
                    "A: not an answer\n```",
                ),
                ("A question with no id\nthat spans two lines?", "And an answer."),
                ("Bulleted question?", "Bulleted answer."),
            ],
        ),
        (
            "site-no-markers.txt",
            "text",
            [
                ("What is one?", "The first number."),
                ("What is two?", "The second number, after one."),
                ("What is three,\nwritten over two lines?", "Three: 3."),
            ],
        ),
    ],
)
def test_each_format_is_detected_and_read(name: str, fmt: str, expected) -> None:
    """Auto-detection names the format, and every card comes out with its exact text."""
    parsed = parse(name)
    assert parsed.format == fmt
    assert pairs(parsed) == expected


def test_anki_headers_give_tags_guids_and_deck_title() -> None:
    """`#tags column`, `#guid column` and `#deck column` are used; a cloze note is read."""
    parsed = parse("anki-export-guid.txt")
    assert [c.tags for c in parsed.cards] == [("mlflow", "tracking"), ("mlflow",), ("cloze",)]
    assert [c.source_id for c in parsed.cards] == ["f3kD]x", "Z9+q/w", "c1oZe"]
    assert parsed.cards[2].cloze == "{{c1::Cloze}} text"
    assert parsed.title == "ML / MLflow"
    assert parsed.warnings == []


def test_anki_html_false_keeps_angle_brackets() -> None:
    """With `#html:false` a field is text: `<one>` is not a tag to strip."""
    assert parse("anki-pipe.txt").cards[0].answer == "Back <one> stays"


def test_quizlet_custom_separators() -> None:
    """Quizlet's custom term and card separators, a card's line break kept."""
    parsed = parse("quizlet-custom.txt", "quizlet", term_sep=" - ", card_sep=";")
    assert pairs(parsed) == [
        ("alpha", "first letter"),
        ("beta", "second letter"),
        ("gamma", "third\nletter, on two lines"),
    ]


def test_csv_header_synonyms_ids_tags_and_skipped_rows() -> None:
    """Front/Back/Tags/ID headers in any case; tags split on ';'; an empty answer is skipped."""
    parsed = parse("cards.csv")
    assert [c.source_id for c in parsed.cards] == ["c1", "c2"]
    assert parsed.cards[0].tags == ("formats", "data")
    assert parsed.warnings == [(5, "skipped: the answer is empty")]


def test_markdown_ids_tags_and_title() -> None:
    """`id:` and `tags:` after an answer belong to it; the first heading is the title."""
    parsed = parse("deck.md")
    assert parsed.title == "Markdown test deck"
    assert [c.source_id for c in parsed.cards] == ["run", "fence", "", ""]
    assert parsed.cards[0].tags == ("mlflow", "tracking")


def test_markdown_leading_ids() -> None:
    """When the file starts with `id:`, each `id:` opens the next card."""
    text = "id: a\nQ: one?\nA: 1\n\nid: b\nQ: two?\nA: 2\n"
    parsed = parse_file_text(text, "x.md")
    assert [(c.source_id, c.question, c.answer) for c in parsed.cards] == [
        ("a", "one?", "1"),
        ("b", "two?", "2"),
    ]


def test_site_text_title_and_card_count() -> None:
    """The title is the first line; the rating buttons never reach a card."""
    parsed = parse("site-no-markers.txt")
    assert parsed.title == "Tiny Site Deck"
    assert parsed.warnings == []
    assert [c.source_id for c in parsed.cards] == ["1", "2", "3"]
    assert not any("Perfectly" in c.answer or "How well" in c.answer for c in parsed.cards)


def test_site_text_warns_when_the_count_differs() -> None:
    """A "(N cards)" line that disagrees with what was found is reported."""
    text = "Deck\n(5 cards)\n1\nQuestion one?\nAnswer one.\n2\nQuestion two?\nAnswer two.\n"
    parsed = parse_file_text(text, "site.txt")
    assert len(parsed.cards) == 2
    assert parsed.warnings == [(None, "the file says 5 cards but 2 were found")]


# --------------------------------------------------------------------------
# The seed deck


def test_seed_gives_41_cards_with_numbers_as_ids() -> None:
    """The flashcard-site copy of the seed gives 41 cards, ids 1..41, title from its header."""
    parsed = parse(SEED.name)
    assert parsed.format == "text"
    assert len(parsed.cards) == 41
    assert [c.source_id for c in parsed.cards] == [str(i) for i in range(1, 42)]
    assert parsed.title == "Databricks + MLflow Flashcards"
    assert parsed.warnings == []
    assert parsed.cards[24].question.startswith("What considerations are important")
    assert parsed.cards[40].answer.endswith("batch or online serving workflows.")


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_seed_matches_the_builtin_deck() -> None:
    """Questions and answers equal the curated deck's, card for card (whitespace aside)."""
    builtin = load_deck(BUILTIN)
    if len(builtin.cards) < 41:
        pytest.skip(f"the built-in deck has {len(builtin.cards)} of its 41 cards so far")
    imported = import_deck(SEED).deck
    assert [(c.id, _norm(c.question), _norm(c.answer)) for c in imported.cards] == [
        (c.id, _norm(c.question), _norm(c.answer)) for c in builtin.cards
    ]


def test_seed_import_is_a_valid_deck_that_passes_deck_check(tmp_path: Path, capsys) -> None:
    """The imported seed loads with `load_deck` and `mlquiz deck check` exits 0."""
    result = import_deck(SEED, deck_id="seed")
    out = tmp_path / "seed.toml"
    out.write_text(result.toml, encoding="utf-8")
    deck = load_deck(out)
    assert len(deck.cards) == 41
    assert all(card.points for card in deck.cards)
    assert cli.main(["deck", "check", str(out)]) == 0
    assert "ok: deck 'seed', 41 cards" in capsys.readouterr().out


# --------------------------------------------------------------------------
# Encodings and errors


def test_bom_and_crlf_are_fine() -> None:
    """A UTF-8 byte-order mark is dropped and CRLF line ends read as line ends."""
    text = read_text(DATA / "bom-crlf.csv")
    assert not text.startswith("\ufeff")
    assert "\r" not in text


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("cp1252.txt", 1, ["not UTF-8", "0x92", "cp1252", "re-save the file as UTF-8"]),
        ("utf16.txt", 1, ["UTF-16", "re-save it as UTF-8"]),
    ],
)
def test_other_encodings_are_rejected_clearly(name: str, line: int, words: list[str]) -> None:
    """A file that is not UTF-8 gets a message naming the file and line and saying what to do."""
    with pytest.raises(DeckImportError) as caught:
        read_text(DATA / name)
    assert caught.value.path == str(DATA / name)
    assert caught.value.line == line
    for word in words:
        assert word in str(caught.value)


def test_unknown_format_lists_the_formats() -> None:
    """Prose is no deck: the message names the file and lists every format."""
    with pytest.raises(DeckImportError) as caught:
        import_deck(DATA / "unknown.txt")
    message = str(caught.value)
    assert message.startswith(f"{DATA / 'unknown.txt'}: cannot tell the format")
    for fmt in FORMATS:
        assert f"{fmt}:" in message


@pytest.mark.parametrize(
    ("text", "fmt", "line", "words"),
    [
        ('a\tb\n"never closed\tc\nd\te\n', "anki", 2, "never closed"),
        ("front,notes\nx,y\n", "csv", 1, "no answer column"),
        ("#separator:Nope\na\tb\n", "anki", 1, "unknown separator"),
        ("#html:maybe\na\tb\n", "anki", 1, "#html: must be true or false"),
        ("#tags column:zero\na\tb\n", "anki", 1, "must be a column number"),
    ],
)
def test_errors_name_the_file_and_line(text: str, fmt: str, line: int, words: str) -> None:
    """Structural problems stop the import with `path:line: problem`."""
    with pytest.raises(DeckImportError) as caught:
        parse_file_text(text, "in.txt", fmt)
    assert str(caught.value).startswith(f"in.txt:{line}: ")
    assert words in str(caught.value)


def test_a_file_without_usable_cards_is_an_error() -> None:
    """When every row is skipped, the import fails and says why."""
    with pytest.raises(DeckImportError, match="no cards found as anki.*line 1: skipped"):
        parse_file_text("only\none\n", "x.txt", "anki")


def test_empty_file() -> None:
    with pytest.raises(DeckImportError, match="x.txt: the file is empty"):
        parse_file_text("  \n", "x.txt")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list('ab ,;\t|"\n#:QA1.()<>&')), max_size=120),
    fmt=st.sampled_from(("auto", *FORMATS)),
)
def test_no_input_escapes_as_anything_but_a_deck_import_error(text: str, fmt: str) -> None:
    """Whatever the text, parsing and building a deck either works or raises DeckImportError."""
    try:
        parsed = parse_file_text(text, "fuzz.txt", fmt)
    except DeckImportError:
        return
    assert parsed.cards


# --------------------------------------------------------------------------
# Records and HTML


@pytest.mark.parametrize(
    ("text", "sep", "records"),
    [
        ('"a, b",c\n', ",", [(1, ["a, b", "c"])]),
        ('"say ""hi""",x\n', ",", [(1, ['say "hi"', "x"])]),
        ('"one\ntwo",x\nnext,y\n', ",", [(1, ["one\ntwo", "x"]), (3, ["next", "y"])]),
        ('a "quoted" word\tb\n', "\t", [(1, ['a "quoted" word', "b"])]),
        ("# comment\n\na\tb\n", "\t", [(3, ["a", "b"])]),
    ],
    ids=["quoted-separator", "doubled-quote", "multi-line", "inner-quote", "comment"],
)
def test_split_records(text: str, sep: str, records) -> None:
    """CSV quoting as Anki reads it, with the line each record starts on."""
    assert list(split_records(text, sep, "x")) == records


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("fish &amp; chips &lt;3 &nbsp;x", "fish & chips <3  x"),
        ("<b>bold</b> and <i>it</i>", "bold and it"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("x<script>bad()</script>y", "xy"),
        ("[sound:a.mp3]word", "word"),
    ],
)
def test_strip_html(html: str, text: str) -> None:
    """Tags go, <br> and blocks become line breaks, entities are decoded."""
    assert strip_html(html) == text


# --------------------------------------------------------------------------
# Key points


def derive(answer: str, question: str = "What is it?"):
    result = derive_deck_points([(question, answer)])
    return result.cards[0], result.glossary


def labels(card) -> list[tuple[str, bool]]:
    return [(p.label, p.required) for p in card.points]


def test_list_items_become_required_points() -> None:
    """Commas and a final "and" cut a list into one point per item."""
    card, _ = derive("Logging parameters, metrics, artifacts, and code versions.")
    assert labels(card) == [
        ("Logging parameters", True),
        ("metrics", True),
        ("artifacts", True),
        ("code versions", True),
    ]
    assert not card.ordered


def test_arrows_make_an_ordered_card() -> None:
    """Steps joined by arrows are ordered points."""
    card, _ = derive("Train model → log to MLflow -> register model")
    assert card.ordered
    assert [p.label for p in card.points] == ["Train model", "log to MLflow", "register model"]


def test_arrows_inside_an_example_do_not_order_the_card() -> None:
    card, _ = derive("It provides versioning, stage transitions (e.g., staging → production).")
    assert not card.ordered


def test_examples_are_optional_points() -> None:
    """e.g. in parentheses, and "like"/"such as" lists, give optional points."""
    card, _ = derive("A model format with flavors (e.g., Python function, Spark).")
    assert ("Python function, Spark", False) in labels(card)
    card, _ = derive("Iterative experimentation with libraries like scikit-learn, XGBoost.")
    assert ("scikit-learn, XGBoost", False) in labels(card)
    assert any(required for _, required in labels(card))


def test_abbreviations_go_into_the_glossary() -> None:
    """'Unity Catalog (UC)' and 'UDF (user-defined function)' both define a glossary entry."""
    _, glossary = derive("Models are governed by Unity Catalog (UC) in the workspace.")
    assert glossary["uc"] == "unity catalog"
    _, glossary = derive("Wrap it in a UDF (user-defined function) for Spark.")
    assert glossary["udf"] == "user-defined function"


def test_shorthand_is_added_only_for_words_the_deck_uses() -> None:
    _, glossary = derive("Log the parameters of the run.")
    assert glossary.get("params") == "parameters"
    assert "prod" not in glossary


def test_stopword_pieces_are_dropped() -> None:
    """A piece with nothing but function words is no point."""
    card, _ = derive("Spark clusters, and so on, and the like.")
    assert [p.label for p in card.points] == ["Spark clusters"]


def test_a_negation_stays_in_every_phrase() -> None:
    """'does not fit' must not be matched by 'fit' alone (that would read as contradicted)."""
    card, _ = derive("Go distributed when the data does not fit in memory.")
    negated = [p for p in card.points if "not" in p.label]
    assert negated
    assert all("not" in phrase.split() for phrase in negated[0].phrases)


def test_question_words_never_form_a_phrase_alone() -> None:
    card, _ = derive("MLflow Tracking, MLflow Models.", question="What are MLflow components?")
    for point in card.points:
        assert "MLflow" not in point.phrases


def test_nothing_to_cut_still_gives_one_point() -> None:
    card, _ = derive("Yes.")
    assert len(card.points) == 1 and card.points[0].required


def test_a_clause_is_one_phrase_with_gaps_then_a_few_pairs() -> None:
    """The clause's content words in order with `...` gaps, then word pairs."""
    card, _ = derive("It keeps the computed rows in executor memory.", question="What is caching?")
    phrases = card.points[0].phrases
    assert phrases[0] == "keeps ... computed ... rows ... executor ... memory"
    assert "executor memory" in phrases
    assert all(len(p.split()) > 1 for p in phrases)  # no word of a long clause alone


def test_one_word_counts_alone_only_when_it_is_a_specific_term() -> None:
    """In "broadcasting models" broadcasting is the idea: models is the question's word.
    An everyday English word (wordfreq: "time") never stands alone."""
    card, _ = derive(
        "Broadcasting models, and saving wall time.", question="How do you score Python models?"
    )
    broadcast, time = card.points
    assert "broadcasting" in [p.lower() for p in broadcast.phrases]
    assert "time" not in [p.lower() for p in time.phrases]


def test_a_list_item_keeps_its_one_word() -> None:
    """Staging is a list item even beside a question about stages."""
    card, _ = derive("None, Staging, Production, and Archived.", question="What are the stages?")
    [stages] = card.points
    assert stages.phrases == ("None", "Staging", "Production", "Archived")
    assert stages.need == 4  # a list of four: all four answer it


def test_words_too_weak_for_a_point_are_vague_wordings() -> None:
    """A long clause's single words earn "partial" at most, through `vague`."""
    card, _ = derive("It keeps the computed rows in executor memory.", question="What is caching?")
    assert "computed" in card.vague
    assert "rows" in card.vague and "the" not in card.vague


# --------------------------------------------------------------------------
# Grading an imported deck: small hand-written decks and typed answers

# (deck file, card id, typed answer, expected verdict). "not correct" means
# partial or incorrect: what matters is that the answer earns no full marks.
# "not incorrect": half of a two-clause definition. Labels of real decks
# (bench/data/decks) count the heart of a definition as correct, and the
# blend is calibrated on them, so such an answer may be either.
GRADED = [
    # The three answers a user found graded correct by a lenient importer.
    ("grading-delta-pandas.md", "spark-df", "columns", "incorrect"),
    (
        "grading-delta-pandas.md",
        "spark-df",
        "a pandas table on one machine with named columns",
        "partial",
    ),
    ("grading-delta-pandas.md", "delta", "transactions and time", "partial"),
    # One everyday word never says a point, on any card.
    ("grading-delta-pandas.md", "delta", "columns", "incorrect"),
    ("grading-delta-pandas.md", "pandas-df", "columns", "incorrect"),
    ("grading-delta-pandas.md", "schema", "columns", "incorrect"),
    ("grading-delta-pandas.md", "parquet", "columns", "incorrect"),
    ("grading-delta-pandas.md", "time-travel", "time", "incorrect"),
    ("grading-delta-pandas.md", "pandas-df", "a table", "incorrect"),
    # Whole answers, paraphrased and terse.
    (
        "grading-delta-pandas.md",
        "delta",
        "An open source storage layer that gives Parquet tables ACID transactions and time travel.",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "delta",
        "acid transactions + time travel on top of parquet, open-source storage layer",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "spark-df",
        "a distributed collection of rows with named columns, partitioned across the executors",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "pandas-df",
        "a two-dimensional labelled table that lives in the memory of one machine",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "schema",
        "it rejects writes whose columns or types do not match the schema",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "time-travel",
        "with time travel, querying VERSION AS OF or TIMESTAMP AS OF",
        "correct",
    ),
    (
        "grading-delta-pandas.md",
        "parquet",
        "it stores data by column with compression so queries read only the columns they need",
        "correct",
    ),
    # Part of the answer.
    ("grading-delta-pandas.md", "delta", "a storage layer", "partial"),
    (
        "grading-delta-pandas.md",
        "spark-df",
        "it is partitioned across the executors",
        "not incorrect",
    ),
    ("grading-delta-pandas.md", "schema", "it rejects bad writes", "not incorrect"),
    ("grading-delta-pandas.md", "pandas-df", "memory", "partial"),
    ("grading-delta-pandas.md", "parquet", "compression", "partial"),
    # Wrong answers.
    ("grading-delta-pandas.md", "delta", "a python library for dataframes", "incorrect"),
    (
        "grading-delta-pandas.md",
        "schema",
        "it accepts any write and changes the schema to fit",
        "not correct",
    ),
    # Kubernetes.
    (
        "grading-kubernetes.md",
        "pod",
        "the smallest deployable unit: containers sharing a network namespace and storage volumes",
        "correct",
    ),
    ("grading-kubernetes.md", "pod", "containers", "partial"),
    ("grading-kubernetes.md", "pod", "a virtual machine", "incorrect"),
    (
        "grading-kubernetes.md",
        "deployment",
        "keeps the desired number of pod replicas running and rolls out updates gradually",
        "correct",
    ),
    ("grading-kubernetes.md", "deployment", "pods", "incorrect"),
    ("grading-kubernetes.md", "deployment", "replicas", "partial"),
    (
        "grading-kubernetes.md",
        "service",
        "a stable virtual IP and DNS name that load-balances traffic across pods",
        "correct",
    ),
    ("grading-kubernetes.md", "service", "traffic", "not correct"),
    (
        "grading-kubernetes.md",
        "configmap",
        "non-secret configuration stored as key-value pairs, injected into pods as environment"
        " variables",
        "correct",
    ),
    ("grading-kubernetes.md", "configmap", "passwords and secrets", "incorrect"),
    (
        "grading-kubernetes.md",
        "control-plane",
        "API server, etcd, scheduler and controller manager",
        "correct",
    ),
    ("grading-kubernetes.md", "control-plane", "etcd and the scheduler", "partial"),
    ("grading-kubernetes.md", "control-plane", "server", "not correct"),
    (
        "grading-kubernetes.md",
        "hpa",
        "it adds or removes pod replicas based on observed CPU usage or custom metrics",
        "correct",
    ),
    ("grading-kubernetes.md", "hpa", "it scales", "incorrect"),
    # Rare, specific terms: one word is the whole idea.
    ("grading-spark-terms.csv", "tuner", "hyperopt", "correct"),
    ("grading-spark-terms.csv", "tuner", "grid search", "incorrect"),
    ("grading-spark-terms.csv", "join", "broadcast", "correct"),
    ("grading-spark-terms.csv", "join", "broadcast the small table", "correct"),
    ("grading-spark-terms.csv", "join", "a join", "incorrect"),
    ("grading-spark-terms.csv", "format", "parquet", "correct"),
    ("grading-spark-terms.csv", "format", "csv", "incorrect"),
    (
        "grading-spark-terms.csv",
        "cache",
        "it keeps computed rows in executor memory so later actions do not recompute them",
        "correct",
    ),
    ("grading-spark-terms.csv", "cache", "memory", "partial"),
    (
        "grading-spark-terms.csv",
        "shuffle",
        "it needs a shuffle that moves rows between executors over the network",
        "correct",
    ),
    ("grading-spark-terms.csv", "shuffle", "network", "incorrect"),
]
GRADING_DECKS = sorted({name for name, *_ in GRADED})


@functools.cache
def imported_grader(name: str) -> Grader:
    """The deck as `mlquiz deck import` writes it, read back through the loader."""
    result = import_deck(DATA / name)
    return Grader(parse_deck(result.toml, name))


@pytest.mark.parametrize(("name", "card", "answer", "expected"), GRADED)
def test_an_imported_deck_grades_typed_answers_honestly(
    name: str, card: str, answer: str, expected: str
) -> None:
    result = imported_grader(name).grade(card, answer)
    if expected == "not correct":
        assert result.verdict != "correct", result
    elif expected == "not incorrect":
        assert result.verdict != "incorrect", result
    else:
        assert result.verdict == expected, result


@pytest.mark.parametrize("name", GRADING_DECKS)
def test_imported_phrases_pass_deck_check(name: str) -> None:
    """No one-word phrase that many answers use, none of the question's words
    alone; what is left is a one-word list item ("etcd") with one phrasing."""
    deck = imported_grader(name).deck
    for warning in lint_deck(deck):
        assert warning.message == "a required point with a single phrasing", warning
        point = next(p for c in deck.cards for p in c.points if p.label == warning.label)
        assert len(point.phrases[0].split()) == 1


def test_the_seed_import_has_no_common_one_word_phrase_but_its_steps() -> None:
    deck = import_deck(SEED).deck
    ordered = {c.id for c in deck.cards if c.ordered}
    for warning in lint_deck(deck):
        if "many answers use" in warning.message:
            assert warning.card_id in ordered, warning
        assert "question's own words" not in warning.message, warning


# --------------------------------------------------------------------------
# TOML


TRICKY = [
    'say "hi"',
    "back\\slash \\n not a newline",
    "two\nlines",
    "tab\there",
    "unicode: café → ✓ 日本",
    'triple """ quotes',
    "control \x01 char \x7f",
    'trailing quote"',
    "ends with backslash\\",
]


def one_card_deck(text: str) -> Deck:
    """A deck with `text` in every string the TOML writer writes."""
    card = Card(
        id=f"id {text}",
        question=f"Q {text}",
        answer=f"A {text}",
        points=(KeyPoint(f"label {text}", (f"phrase {text}",), required=False),)
        + (KeyPoint("other", ("other",)),),
        confusions=(Confusion((f"mixed {text}",), f"message {text}"),),
        vague=(f"vague {text}",),
        hint=f"hint {text}",
        tags=(f"tag {text}",),
        ordered=True,
    )
    return Deck(
        id="d",
        title=f"T {text}",
        description=f"D {text}",
        cards=(card,),
        glossary={f"k {text}".strip().lower(): f"v {text}"},
    )


@pytest.mark.parametrize("value", TRICKY)
def test_every_string_of_a_deck_round_trips(value: str) -> None:
    """Quotes, backslashes, newlines, tabs, control characters and unicode survive
    the TOML writer and the loader, in every field it writes."""
    deck = one_card_deck(value)
    loaded = parse_deck(deck_to_toml(deck), "tricky.toml")
    assert loaded.cards == deck.cards
    assert (loaded.title, loaded.description, loaded.glossary) == (
        deck.title,
        deck.description,
        deck.glossary,
    )


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_round_trips(value: str) -> None:
    deck = one_card_deck(value + "x")  # the loader strips each value: keep an end
    loaded = parse_deck(deck_to_toml(deck), "any.toml")
    assert loaded.cards == deck.cards
    assert loaded.glossary == deck.glossary


def test_deck_to_toml_round_trips_tricky_text() -> None:
    """A deck with awkward strings everywhere loads back equal through the real loader."""
    cards = tuple(
        Card(
            id=f"c{i}",
            question=f"Q {value}?",
            answer=f"A {value}",
            points=(KeyPoint(f"label {value}", (f"phrase {i}", "other")),),
            tags=(value.strip() or "t",),
        )
        for i, value in enumerate(TRICKY)
    )
    deck = Deck(
        id="tricky",
        title='Title "quoted"',
        description="Desc\\",
        cards=cards,
        glossary={"data frame": "dataframe", 'q"k': "v"},
    )
    loaded = parse_deck(deck_to_toml(deck), "tricky.toml")
    assert loaded.cards == deck.cards
    assert (loaded.title, loaded.description) == (deck.title, deck.description)
    assert loaded.glossary == deck.glossary


def test_toml_has_one_table_per_point_and_a_comment_to_refine_it() -> None:
    toml = import_deck(DATA / "anki-semicolon.txt").toml
    assert toml.startswith("# Imported by mlquiz from anki-semicolon.txt.")
    assert toml.count("[[cards.points]]") >= 3
    assert re.search(r'^phrases = \[\s*"', toml, re.MULTILINE)


# --------------------------------------------------------------------------
# Importing every fixture gives a deck the loader accepts


@pytest.mark.parametrize(
    "name",
    [
        p.name
        for p in sorted(DATA.iterdir())
        if p.name not in {"cp1252.txt", "utf16.txt", "unknown.txt", "quizlet-custom.txt"}
    ],
)
def test_every_fixture_imports_to_a_valid_deck(name: str) -> None:
    result = import_deck(DATA / name)
    deck = parse_deck(result.toml, name)
    assert len(deck.cards) == len(result.deck.cards) > 0


def test_detect_format_prefers_anki_headers_over_everything() -> None:
    assert detect_format("#separator:comma\nQuestion,Answer\n") == "anki"


# --------------------------------------------------------------------------
# mlquiz deck import


def test_deck_import_lands_in_the_user_decks_dir_and_is_listed(capsys) -> None:
    """Without -o the deck goes to the decks folder as <id>.toml and `deck list` shows it."""
    code = cli.main(["deck", "import", str(SEED)])
    out, err = capsys.readouterr()
    target = locations.user_decks_dir() / "databricks-mlflow-flashcards.toml"
    assert code == 0, err
    assert target.is_file()
    assert f"imported 41 cards from {SEED} (text format)" in out
    assert str(target) in out
    assert any(d.id == "databricks-mlflow-flashcards" for d in find_decks())
    cli.main(["deck", "list"])
    assert "databricks-mlflow-flashcards" in capsys.readouterr().out


def test_deck_import_refuses_to_overwrite_without_force(capsys) -> None:
    assert cli.main(["deck", "import", str(DATA / "quizlet.txt"), "--id", "q"]) == 0
    capsys.readouterr()
    assert cli.main(["deck", "import", str(DATA / "quizlet.txt"), "--id", "q"]) == 1
    assert "a deck 'q' is already in your decks folder" in capsys.readouterr().err
    assert cli.main(["deck", "import", str(DATA / "quizlet.txt"), "--id", "q", "--force"]) == 0


def test_deck_import_with_output_id_and_title(tmp_path: Path, capsys) -> None:
    out = tmp_path / "mine.toml"
    code = cli.main(
        ["deck", "import", str(DATA / "deck.md"), "-o", str(out), "--id", "md", "--title", "Mine"]
    )
    assert code == 0, capsys.readouterr().err
    deck = load_deck(out)
    assert (deck.id, deck.title) == ("md", "Mine")
    assert [c.id for c in deck.cards] == ["run", "fence", "3", "4"]


def test_deck_import_refuses_an_id_another_deck_uses(tmp_path: Path, capsys) -> None:
    """A second deck with a taken id would be hidden from the menu, so it is refused."""
    folder = locations.user_decks_dir()
    folder.mkdir(parents=True)
    (folder / "other.toml").write_text(import_deck(DATA / "quizlet.txt", deck_id="dup").toml)
    assert cli.main(["deck", "import", str(DATA / "anki-pipe.txt"), "--id", "dup"]) == 1
    assert "deck id 'dup' is already used" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("unknown.txt", [], "cannot tell the format"),
        ("cp1252.txt", [], "not UTF-8"),
        ("missing.txt", [], "no such file"),
        ("cards.csv", ["--format", "markdown"], "no cards found as markdown"),
    ],
)
def test_deck_import_errors_are_one_message_never_a_traceback(
    capsys, name: str, extra: list[str], message: str
) -> None:
    code = cli.main(["deck", "import", str(DATA / name), *extra])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith(str(DATA / name))
    assert message in err
    assert "Traceback" not in err


def test_deck_import_quizlet_separators_from_the_command_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "q.toml"
    args = ["deck", "import", str(DATA / "quizlet-custom.txt"), "--format", "quizlet"]
    assert cli.main([*args, "--term-sep", " - ", "--card-sep", ";", "-o", str(out)]) == 0
    assert [c.question for c in load_deck(out).cards] == ["alpha", "beta", "gamma"]


def test_csv_fields_holding_html_are_stripped() -> None:
    """A header-row file whose fields carry HTML (an Anki or web export) reads as text."""
    parsed = parse_file_text("Front\tBack\nq1\t<b>bold</b><br>next &amp; last\n", "x.tsv")
    assert parsed.format == "csv"
    assert pairs(parsed) == [("q1", "bold\nnext & last")]


def test_anki_cloze_notes_become_cloze_cards() -> None:
    """A cloze note (by its note type, or by a {{c1::...}} in its text) is read as one:
    its HTML made plain, its Back Extra kept, one card per blank number."""
    text = (
        "#html:true\n#notetype column:1\n"
        "Cloze\tThe <b>{{c1::Model Registry}}</b> keeps {{c2::versions::what?}}\t<i>see docs</i>\n"
        "Basic\tQ?\tA\n"
    )
    parsed = parse_file_text(text, "c.txt", "anki")
    assert parsed.warnings == []
    assert parsed.cards[0].cloze == "The {{c1::Model Registry}} keeps {{c2::versions::what?}}"
    assert parsed.cards[0].extra == "see docs"
    deck = build_deck(parsed, "c.txt")
    assert [card.id for card in deck.cards] == ["1.c1", "1.c2", "2"]
    assert deck.card("1.c2").question == "The Model Registry keeps [what?]"
    assert deck.card("1.c1").answer == "The Model Registry keeps versions\n\nsee docs"


def test_a_cloze_note_that_cannot_be_asked_is_skipped_with_the_reason() -> None:
    text = (
        "#notetype column:1\nCloze\tno blank at all\tx\n"
        "Cloze\t{{c1::a {{c2::b}} c}}\tx\nBasic\tQ?\tA\n"
    )
    parsed = parse_file_text(text, "c.txt", "anki")
    assert [line for line, _ in parsed.warnings] == [2, 3]
    assert "at least one blank" in parsed.warnings[0][1]
    assert "a blank inside a blank" in parsed.warnings[1][1]
    assert pairs(parsed) == [("Q?", "A")]


def test_a_cloze_deck_imports_whole(tmp_path) -> None:
    source = tmp_path / "c.txt"
    source.write_text("#notetype:Cloze\n{{c1::Paris}} is in {{c2::France}}\textra\n")
    result = import_deck(source)
    assert [card.id for card in result.deck.cards] == ["1.c1", "1.c2"]
    assert 'cloze = "{{c1::Paris}} is in {{c2::France}}"' in result.toml


def test_deck_import_names_the_deck_after_the_title_it_is_given(tmp_path: Path, capsys) -> None:
    """The help says the id comes from the title: `--title "Spark bits"` is deck
    `spark-bits`, and a second quizlet.txt with another title is a second deck (issue 16)."""
    assert cli.main(["deck", "import", str(DATA / "quizlet.txt"), "--title", "Spark bits"]) == 0
    assert "as deck 'spark-bits'" in capsys.readouterr().out
    other = tmp_path / "elsewhere" / "quizlet.txt"
    other.parent.mkdir()
    other.write_text((DATA / "quizlet.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["deck", "import", str(other), "--title", "Delta Lake"]) == 0, (
        capsys.readouterr().err
    )
    decks = {deck.id: deck.title for deck in find_decks()}
    assert decks["spark-bits"] == "Spark bits" and decks["delta-lake"] == "Delta Lake"


def test_a_second_file_of_the_same_name_is_refused_with_a_way_out(tmp_path: Path, capsys) -> None:
    """Without a title both would be deck 'quizlet': the second is refused, saying how
    to keep both, and the first is left as it was."""
    assert cli.main(["deck", "import", str(DATA / "quizlet.txt")]) == 0
    first = (locations.user_decks_dir() / "quizlet.toml").read_bytes()
    other = tmp_path / "quizlet.txt"
    other.write_text("alpha\tthe first letter\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["deck", "import", str(other)]) == 1
    err = capsys.readouterr().err
    assert "already in your decks folder" in err and "--title or --id" in err
    assert (locations.user_decks_dir() / "quizlet.toml").read_bytes() == first


@pytest.mark.parametrize("enabled", [True, False])
def test_import_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    # The import turns Python's cycle collector off while it runs (for speed);
    # a game that imports a deck, or fails to, must not run on without it.
    import gc

    good = tmp_path / "good.csv"
    good.write_text("question,answer\nWhat is Delta?,A storage layer with ACID.\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert import_deck(good).deck.cards
        assert gc.isenabled() is enabled
        with pytest.raises(DeckImportError):
            import_deck(bad)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
