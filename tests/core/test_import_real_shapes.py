"""Importing decks as they are published: Anki packages, GitHub Q&A Markdown, stray
separators, placeholders, the summary and the preview (issue 19)."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from mlquiz import cli
from mlquiz.core.decks.importing.apkg import parse_apkg
from mlquiz.core.decks.importing.build import import_deck, is_placeholder, read_deck_file
from mlquiz.core.decks.importing.latex import render_latex
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.errors import DeckImportError
from mlquiz.core.grading.grader import Grader

REPO = Path(__file__).resolve().parents[2]
GOOGLE = REPO / "bench" / "data" / "decks" / "google-ml-glossary"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def pairs(parsed) -> list[tuple[str, str]]:
    return [(c.question, c.answer) for c in parsed.cards]


# --------------------------------------------------------------------------
# Anki packages, built with genanki as Anki writes them


def package(tmp_path: Path, notes: list[genanki.Note], name: str = "deck.apkg") -> Path:
    deck = genanki.Deck(2059400110, "Built / Deck")
    for note in notes:
        deck.add_note(note)
    path = tmp_path / name
    genanki.Package(deck).write_to_file(str(path))
    return path


def test_a_basic_package_gives_one_card_a_note_with_plain_text(tmp_path: Path) -> None:
    path = package(
        tmp_path,
        [
            genanki.Note(genanki.BASIC_MODEL, ["What is <b>MLflow</b>?", "A platform<br>for ML"]),
            genanki.Note(genanki.BASIC_MODEL, ["Pic?", 'A cat <img src="a.png"> [sound:x.mp3]']),
        ],
    )
    parsed = read_deck_file(path)
    assert parsed.format == "apkg"
    assert pairs(parsed) == [("What is MLflow?", "A platform\nfor ML"), ("Pic?", "A cat")]
    assert parsed.title == "Built / Deck"
    assert [c.source_id for c in parsed.cards] == ["1", "2"]


def test_basic_and_reversed_notes_give_both_directions(tmp_path: Path) -> None:
    model = genanki.BASIC_AND_REVERSED_CARD_MODEL
    path = package(tmp_path, [genanki.Note(model, ["Front term", "Back meaning"])])
    parsed = read_deck_file(path)
    assert pairs(parsed) == [("Front term", "Back meaning"), ("Back meaning", "Front term")]
    assert [c.source_id for c in parsed.cards] == ["1", "1-2"]


def test_cloze_notes_become_cloze_cards_and_media_only_notes_are_skipped(tmp_path: Path) -> None:
    """A Cloze note is a cloze card (core/cloze.py), its Back Extra shown with the
    answer; a note whose answer is only an image is skipped and counted; ids are
    places in the package, so they never shift."""
    path = package(
        tmp_path,
        [
            genanki.Note(genanki.CLOZE_MODEL, ["{{c1::Paris}} is in <b>France</b>", "a capital"]),
            genanki.Note(genanki.BASIC_MODEL, ["Image only?", '<img src="only.png">']),
            genanki.Note(genanki.BASIC_MODEL, ["Kept?", "Yes, kept."]),
        ],
    )
    result = import_deck(path)
    cloze, kept = result.deck.cards
    assert cloze.cloze is not None and cloze.cloze.text == "{{c1::Paris}} is in France"
    assert cloze.cloze.extra == "a capital" and cloze.id.startswith("1")
    assert (kept.question, kept.id) == ("Kept?", "3")
    assert result.summary.skipped == {"media-only answer": 1}
    assert "read 3 cards: 2 imported, 1 skipped" in str(result.summary)
    assert Grader(result.deck).grade(cloze, "Paris").verdict == "correct"


def _protobuf_string(number: int, value: str) -> bytes:
    data = value.encode()
    return bytes([number << 3 | 2, len(data)]) + data


def anki21b(tmp_path: Path, cloze: bool = False, rows: list[tuple[str, str]] | None = None) -> Path:
    """A package as Anki 2.1.50+ writes it: collection.anki21b (zstd, schema 18)
    beside the stub collection.anki2 that asks older Ankis to update."""
    import zstandard

    def collection(rows: list[tuple[str, str]], schema18: bool) -> bytes:
        db = sqlite3.connect(":memory:")
        db.executescript(
            "CREATE TABLE col (id integer primary key, ver integer, models text, decks text);"
            "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer,"
            " usn integer, tags text, flds text, sfld text, csum integer, flags integer,"
            " data text);"
            "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
        )
        if schema18:
            db.executescript(
                "CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer,"
                " usn integer, config blob);"
                "CREATE TABLE fields (ntid integer, ord integer, name text, config blob);"
                "CREATE TABLE templates (ntid integer, ord integer, name text,"
                " mtime_secs integer, usn integer, config blob);"
                "CREATE TABLE decks (id integer primary key, name text, mtime_secs integer,"
                " usn integer, common blob, kind blob);"
            )
            kind = b"\x08\x01" if cloze else b""
            db.execute("INSERT INTO notetypes VALUES (7, 'Basic', 0, 0, ?)", (kind,))
            db.execute("INSERT INTO fields VALUES (7, 0, 'Front', x''), (7, 1, 'Back', x'')")
            config = _protobuf_string(1, "{{Front}}") + _protobuf_string(
                2, "{{FrontSide}}<hr id=answer>{{Back}}"
            )
            db.execute("INSERT INTO templates VALUES (7, 0, 'Card 1', 0, 0, ?)", (config,))
            db.execute("INSERT INTO decks VALUES (1, 'Parent\x1fChild', 0, 0, x'', x'')")
            db.execute("INSERT INTO col VALUES (1, 18, '', '')")
        else:
            db.execute("INSERT INTO col VALUES (1, 11, '{}', '{}')")
        for n, (front, back) in enumerate(rows, start=1):
            db.execute(
                "INSERT INTO notes VALUES (?, ?, 7, 0, 0, '', ?, '', 0, 0, '')",
                (n, f"g{n}", f"{front}\x1f{back}"),
            )
            db.execute("INSERT INTO cards VALUES (?, ?, 1, 0)", (100 + n, n))
        data = db.serialize()
        db.close()
        return data

    path = tmp_path / "new.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        stub = collection([("Please update to the latest Anki version", "")], False)
        archive.writestr("collection.anki2", stub)
        rows = rows or [("What is zstd?", "A compression format."), ("Q2?", "A2.")]
        new = collection(rows, True)
        archive.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(new))
        archive.writestr("media", b"")
    return path


def test_a_new_anki21b_package_is_read_not_its_stub(tmp_path: Path) -> None:
    parsed = read_deck_file(anki21b(tmp_path))
    assert pairs(parsed) == [("What is zstd?", "A compression format."), ("Q2?", "A2.")]
    assert parsed.title == "Parent / Child"


def test_cloze_note_types_of_schema_18_are_read_as_cloze_notes(tmp_path: Path) -> None:
    """Schema 18 says a note type is a cloze in its config: its notes are cloze
    cards; one with no blank is skipped with the reason."""
    rows = [("{{c1::zstd}} compresses the collection", ""), ("No blank here", "")]
    parsed = read_deck_file(anki21b(tmp_path, cloze=True, rows=rows))
    assert [c.cloze for c in parsed.cards] == ["{{c1::zstd}} compresses the collection"]
    assert parsed.skipped == {"cloze note that cannot be asked": 1}
    with pytest.raises(DeckImportError, match="a cloze needs at least one blank"):
        read_deck_file(anki21b(tmp_path, cloze=True, rows=[("No blank here", "")]))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04not really a zip", "not a zip"),
        (b"", "not a zip"),
    ],
)
def test_a_broken_package_is_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(DeckImportError, match=words):
        parse_apkg(data, "broken.apkg")


def test_a_zip_without_a_collection_is_not_a_package(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(DeckImportError, match="holds no collection"):
        parse_apkg(buffer.getvalue(), "other.zip")


def test_the_real_package_and_its_text_export_import_alike() -> None:
    """The Google glossary as published: 413 Basic notes with HTML, media and LaTeX."""
    apkg = import_deck(GOOGLE / "Google Machine Learning Glossary (Darigov Decks).apkg")
    text = import_deck(GOOGLE / "Google Machine Learning Glossary.csv")
    assert apkg.format == "apkg" and text.format == "anki"
    # 413 notes; the "Introduction" note (the deck's notes and licence) is no card.
    assert len(apkg.deck.cards) == 412
    assert apkg.summary is not None and apkg.summary.skipped == {"note about the deck": 1}
    assert not any(c.question.startswith("Introduction") for c in apkg.deck.cards)
    assert [(c.id, c.question, c.answer) for c in apkg.deck.cards] == [
        (c.id, c.question, c.answer) for c in text.deck.cards
    ]
    # The text file's last field lost its closing quote: read to the end, and said.
    assert any(":5105: warning: a quoted field is never closed" in w for w in text.warnings)
    card = next(c for c in apkg.deck.cards if c.question.startswith("accuracy"))
    assert card.answer.startswith("The fraction of predictions that a classification model")
    assert "<strong>" not in card.answer and "\n" not in card.answer.split(".")[0]
    # Its formulas read as text, as Anki would render them, not as LaTeX source.
    assert "Accuracy = (True Positives + True Negatives)/(Total Number Of Examples)" in card.answer
    precision = next(c for c in apkg.deck.cards if c.question.startswith("precision "))
    assert "Precision = (True Positives)/(True Positives + False Positives)" in precision.answer
    sigmoid = next(c for c in apkg.deck.cards if c.question.startswith("sigmoid function"))
    assert "y = 1/(1 + e^(-σ))" in sigmoid.answer
    assert "the sigmoid function converts σ into a probability" in sigmoid.answer
    for imported in (apkg, text):
        for c in imported.deck.cards:
            assert not re.search(r"\[/?\$\$?\]|\\text\{|\\frac|\\\(|\\\[", c.answer), c.answer
    assert all(Grader(apkg.deck).grade(c, c.answer).verdict == "correct" for c in (card, sigmoid))


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (r"[$$]\text{Recall} = \frac{TP}{TP + FN}[/$$]", "Recall = TP/(TP + FN)"),
        (r"[$]\frac{1}{7}[/$] of it", "1/7 of it"),
        (r"\(\hat{y}_i\) and \(\alpha, \lambda, \varepsilon\)", "ŷ_i and α, λ, ε"),
        (r"\[\sum_{i=1}^{n} x_i^2 \leq \sqrt{k}\]", "Σ_(i=1)^n x_i^2 ≤ √(k)"),
        (r"$$\log p \cdot \mathbb{E}[X]$$", "log p · E[X]"),
        # Unknown commands keep their names: nothing is dropped.
        (r"[latex]\softmax(z)\left(a\right)[/latex]", "softmax(z)(a)"),
        # Code is left as written, and so is a lone $ (a price, not maths).
        (
            "`re.compile(r'\\(\\d+\\)')` costs $5 or $6",
            "`re.compile(r'\\(\\d+\\)')` costs $5 or $6",
        ),
    ],
)
def test_latex_formulas_read_as_plain_text(source: str, shown: str) -> None:
    assert render_latex(source) == shown


def test_markdown_keeps_escaped_brackets_and_renders_its_dollar_formulas(tmp_path: Path) -> None:
    text = "Q: Which paper?\nA: See \\[1\\], where $$\\frac{a+b}{2}$$ is the mean.\n"
    parsed = read_deck_file(write(tmp_path, "refs.md", text))
    assert parsed.cards[0].answer == "See \\[1\\], where (a+b)/2 is the mean."


def test_a_deck_note_is_skipped_and_counted_but_a_card_named_license_is_not(
    tmp_path: Path,
) -> None:
    text = (
        "question,answer\n"
        "About this deck,These flashcards come from the course notes; licensed under CC BY 4.0.\n"
        "License,A legal permission to use something that would otherwise be prohibited.\n"
        "Introduction,The opening section of an essay that states its thesis.\n"
        "What is a run?,One execution of training code.\n"
    )
    result = import_deck(write(tmp_path, "law.csv", text))
    assert [c.question for c in result.deck.cards] == ["License", "Introduction", "What is a run?"]
    assert result.summary is not None
    assert result.summary.skipped == {"note about the deck": 1}
    assert "1 skipped (1 note about the deck)" in str(result.summary)
    assert any(
        "law.csv:2: warning: skipped: 'About this deck' is a note about" in w
        for w in result.warnings
    )


# --------------------------------------------------------------------------
# GitHub Markdown Q&A shapes, told apart without --format


SHAPES = {
    "bold.md": (
        "# Questions\n\n**What is overfitting?** 🤔\n\nLearning the noise of the training"
        " data.\n\n1. high train accuracy\n2. low test accuracy\n\n<br/>\n\n"
        "**What is regularization?** 😀\n\nA penalty on complexity.\n\n<br/>\n",
        [
            (
                "What is overfitting?",
                "Learning the noise of the training data.\n\n1. high train accuracy\n"
                "2. low test accuracy",
            ),
            ("What is regularization?", "A penalty on complexity."),
        ],
    ),
    "numbered-headings.md": (
        "# Interview\n\n## Contents\n- [one](#one)\n\n## 1. Why select features?\n"
        "To drop noise.\n\n#### Methods\n- filter\n\n## 2. What is bias?\nWrong assumptions.\n"
        "\n## License\nMIT\n",
        [
            ("Why select features?", "To drop noise.\n\n#### Methods\n- filter"),
            ("What is bias?", "Wrong assumptions."),
        ],
    ),
    "headings.md": (
        "# ML\n\n### What is a tensor?\nAn n-dimensional array.\n\n### Explain dropout\n"
        "Randomly zeroing activations.\n```python\n# What is this? not a heading\n```\n",
        [
            ("What is a tensor?", "An n-dimensional array."),
            (
                "Explain dropout",
                "Randomly zeroing activations.\n```python\n# What is this? not a heading\n```",
            ),
        ],
    ),
    "numbered.md": (
        "1. What is a loss?\nThe function training minimises.\n1. compute\n2. backprop\n\n"
        "2. What is an epoch?\nOne pass over the data.\n",
        [
            ("What is a loss?", "The function training minimises.\n1. compute\n2. backprop"),
            ("What is an epoch?", "One pass over the data."),
        ],
    ),
    "details.md": (
        "### What is a gradient?\n<details><summary>Answer</summary>\n\nThe vector of partial"
        " derivatives.\n\n</details>\n\n<details><summary>What is a batch?</summary>\n"
        "Examples in one step.\n</details>\n",
        [
            ("What is a gradient?", "The vector of partial derivatives."),
            ("What is a batch?", "Examples in one step."),
        ],
    ),
    # "### Q:" headings each answered in a "Show Answer" block (a published
    # interview-question series): the Q: labels have no A:, and the question
    # is the heading, without its label.
    "q-heading-details.md": (
        "## Linear Regression\n\n### Q: What is lasso?\n\n<details>\n"
        "<summary><b>💡 Show Answer</b></summary>\n\nL1-penalised least squares.\n\n"
        "</details>\n\n---\n\n### Q: What is ridge?\n\n<details>\n"
        "<summary><b>💡 Show Answer</b></summary>\n\nL2-penalised least squares.\n\n"
        "</details>\n",
        [
            ("What is lasso?", "L1-penalised least squares."),
            ("What is ridge?", "L2-penalised least squares."),
        ],
    ),
    "table.md": (
        "| Question | Answer |\n|---|---|\n| What is `SELECT`? | Reads rows<br>and columns |\n"
        "| What is an escaped pipe? | A \\| B |\n",
        [
            ("What is SELECT?", "Reads rows\nand columns"),
            ("What is an escaped pipe?", "A | B"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_github_shape_is_detected_and_read(tmp_path: Path, name: str) -> None:
    text, expected = SHAPES[name]
    parsed = read_deck_file(write(tmp_path, name, text))
    assert parsed.format == "markdown"
    assert pairs(parsed) == expected


def test_a_table_row_with_a_stray_pipe_keeps_all_its_text_and_warns(tmp_path: Path) -> None:
    text = "| Question | Answer |\n|---|---|\n| Syntax? | `ADD [FIRST|AFTER col]` |\n| B? | b |\n"
    result = import_deck(write(tmp_path, "t.md", text))
    assert result.deck.cards[0].answer == "`ADD [FIRST|AFTER col]`"
    assert any(":3: warning: 3 cells where 2 were expected" in w for w in result.warnings)


def test_a_stray_separator_in_an_anki_field_is_kept_and_named(tmp_path: Path) -> None:
    text = (
        "What adds a column?|ALTER TABLE t ADD [FIRST|AFTER col]\nWhat reads?|SELECT\n"
        "What deletes?|DELETE\nWhat writes?|INSERT\nWhat changes?|UPDATE\n"
    )
    result = import_deck(write(tmp_path, "anki.txt", text), "anki")
    assert result.deck.cards[0].answer == "ALTER TABLE t ADD [FIRST|AFTER col]"
    assert any(
        "anki.txt:1: warning: 3 fields where 2 were expected: a pipe inside the answer" in w
        for w in result.warnings
    )


@pytest.mark.parametrize(
    ("name", "sep"), [("deck.csv", ","), ("deck.tsv", "\t"), ("deck-semi.csv", ";")]
)
def test_a_csv_row_with_more_fields_than_the_header_keeps_them_in_its_answer(
    tmp_path: Path, name: str, sep: str
) -> None:
    """The walkthrough's row: a quoted answer, then two more unnamed fields."""
    rows = [
        ["question", "answer"],
        ["What is a run?", "one execution of training code"],
        ["What is a stage?", '"Staging, Production"', "extra", "cols"],
        ["What is a model?", "a trained artifact", "", ""],  # empty trailing fields lose nothing
        ["What logs params?", "mlflow.log_param"],
    ]
    text = "\n".join(sep.join(row) for row in rows) + "\n"
    result = import_deck(write(tmp_path, name, text))
    answers = {c.question: c.answer for c in result.deck.cards}
    assert answers["What is a stage?"] == f"Staging, Production{sep}extra{sep}cols"
    assert answers["What is a model?"] == "a trained artifact"
    stage_warnings = [w for w in result.warnings if "fields where the header names 2" in w]
    assert len(stage_warnings) == 1
    assert f"{name}:3: warning: 4 fields where the header names 2" in stage_warnings[0]
    assert repr(f"extra{sep}cols") in stage_warnings[0]


def test_extra_csv_fields_go_to_the_answer_column_not_past_it(tmp_path: Path) -> None:
    """An unquoted comma inside the answer leaves the tags column where it was."""
    text = "Front,Back,Tags\nWhat is Delta?,a table format, with a log,delta\nQ2?,A2,x\n"
    parsed = read_deck_file(write(tmp_path, "d.csv", text))
    assert parsed.cards[0].answer == "a table format, with a log"
    assert parsed.cards[0].tags == ("delta",)


# --------------------------------------------------------------------------
# Placeholders, ids, the summary


@pytest.mark.parametrize(
    "answer", ["Answer here", "TODO", "todo.", "TBD", "...", "?", "Your answer here", "-", " "]
)
def test_placeholder_answers_are_recognised(answer: str) -> None:
    assert is_placeholder(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "The answer goes here",
        "Solutions comes here",
        "Responses",
        "Write your answer here",
        "Add text",
        "Insert the solution",
        "Put an answer here",
        "Type your text here",
        "To do",
        "tba",
        "TBC!",
        "WIP",
        "FIXME",
        "XXXXX",
        "N/A",
        "NA",
        "None yet",
        "Nothing yet.",
        "Coming soon...",
        "Soon",
        "To be filled in",
        "Fill this in later",
        "Placeholder",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "Answer pending",
        "Pending",
    ],
)
def test_each_kind_of_placeholder_is_recognised(answer: str) -> None:
    """Every alternative of the placeholder pattern, read past the quick test of
    its first word (`PLACEHOLDER_FIRST_WORDS`): a word missing from that list
    would let such a placeholder be imported as a card."""
    assert is_placeholder(answer)


@pytest.mark.parametrize("answer", ["Yes.", "No", "42", "To do it later is lazy evaluation."])
def test_real_short_answers_are_not_placeholders(answer: str) -> None:
    assert not is_placeholder(answer)


def test_placeholders_are_skipped_counted_and_ids_stay_put(tmp_path: Path) -> None:
    text = "question,answer\nOne?,First.\nTwo?,Answer here\nThree?,TODO\nFour?,Fourth.\n"
    result = import_deck(write(tmp_path, "deck.csv", text))
    assert [(c.id, c.question) for c in result.deck.cards] == [("1", "One?"), ("4", "Four?")]
    assert result.summary.skipped == {"placeholder answer": 2}
    assert str(result.summary).startswith(
        "read 4 cards: 2 imported, 2 skipped (2 placeholder answer)"
    )


def test_the_command_prints_the_summary(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "deck.csv", "question,answer\nOne?,First.\nTwo?,TODO\n")
    assert cli.main(["deck", "import", str(path), "-o", str(tmp_path / "out.toml")]) == 0
    out = capsys.readouterr()
    assert "read 2 cards: 1 imported, 1 skipped (1 placeholder answer)" in out.out
    assert "deck.csv:3: warning: skipped: the answer 'TODO' is a placeholder" in out.err


def test_preview_shows_points_and_grades_and_writes_nothing(tmp_path: Path, capsys) -> None:
    path = write(
        tmp_path,
        "deck.csv",
        "question,answer\nWhich command compacts small files?,"
        "OPTIMIZE command. Compacts small files into larger ones.\n"
        "What is a run?,One execution of training code that logs parameters and metrics.\n",
    )
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert cli.main(["deck", "import", "--preview", str(path)]) == 0
    out = capsys.readouterr().out
    assert "nothing was written" in out
    assert "card 1: Which command compacts small files?" in out
    assert "the reference answer grades correct" in out
    assert "“OPTIMIZE command” grades correct" in out
    assert "(essential)" in out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


# --------------------------------------------------------------------------
# The format of a derived deck


def test_a_derived_deck_round_trips_its_flags(tmp_path: Path) -> None:
    text = 'question,answer\nName the stages?,"None, Staging, Production and Archived."\n'
    result = import_deck(write(tmp_path, "d.csv", text))
    assert result.toml.count("derived = true") == 1
    assert "need = 4" in result.toml
    deck = parse_deck(result.toml, "d.toml")
    assert all(card.derived for card in deck.cards)
    assert deck.cards[0].points[0].need == 4


@pytest.mark.parametrize(
    ("point", "words"),
    [
        ('need = 3\nphrases = ["a", "b"]', "'need' is 3: give a number from 1 to"),
        ('need = "two"\nphrases = ["a", "b"]', "'need' must be a whole number"),
        ('need = 0\nphrases = ["a"]', "'need' is 0"),
    ],
)
def test_a_bad_need_is_a_clear_error(point: str, words: str) -> None:
    from mlquiz.core.errors import DeckError

    toml = (
        'id = "d"\ntitle = "T"\ndescription = "D"\n\n[[cards]]\nid = "1"\nquestion = "Q"\n'
        f'answer = "A"\n\n[[cards.points]]\nlabel = "p"\n{point}\n'
    )
    with pytest.raises(DeckError, match=words):
        parse_deck(toml, "d.toml")


def test_real_answer_files_name_cards_that_exist() -> None:
    """The labeled answers of the real decks are for cards the import keeps."""
    rows = [
        json.loads(line)
        for line in (GOOGLE / "answers.jsonl").read_text().splitlines()
        if line.strip()
    ]
    deck = import_deck(GOOGLE / "Google Machine Learning Glossary.csv").deck
    ids = {c.id for c in deck.cards}
    assert {row["card"] for row in rows} <= ids


def test_site_text_cards_out_of_count_are_named_not_merged_silently(tmp_path: Path) -> None:
    """A copy that misses card 3 keeps cards 4 and 5 as text of card 2's
    answer (numbers must count up), and says so at their lines."""
    path = tmp_path / "site.txt"
    path.write_text(
        "My deck\n\n1\nWhat is overfitting?\nLearning noise.\n\n2\nWhat is bagging?\n"
        "Bootstrap aggregating.\n\n4\nWhat is stacking?\nA model on models.\n",
        encoding="utf-8",
    )
    parsed = read_deck_file(path)
    assert parsed.format == "text" and len(parsed.cards) == 2
    [(line, message)] = parsed.warnings
    assert line == 11 and "card number 4 where card 3 was expected" in message


def test_a_heading_labelled_q_is_a_card_whatever_it_ends_with(tmp_path: Path) -> None:
    """learning-zone/azure-basics heads every card "## Q. ..."; three of its 167
    ask by an imperative ("Describe ...", "... Give examples.") and were
    reported as text under no question, their answers lost to the player."""
    path = write(
        tmp_path,
        "README.md",
        "# Azure Basics\n\n"
        "## Q. What is Azure?\n\nMicrosoft's cloud platform.\n\n"
        "## Q. Describe the shared responsibility model in Azure.\n\n"
        "Security tasks are split between Microsoft and the customer.\n\n"
        "## Q. What are Function triggers and bindings? Give examples.\n\n"
        "A trigger invokes the function; bindings connect data.\n\n"
        "## Quarterly notes\n\nNot a card.\n",
    )
    parsed = read_deck_file(path)
    assert [c.question for c in parsed.cards] == [
        "What is Azure?",
        "Describe the shared responsibility model in Azure.",
        "What are Function triggers and bindings? Give examples.",
    ]
    assert parsed.cards[1].answer == "Security tasks are split between Microsoft and the customer."
