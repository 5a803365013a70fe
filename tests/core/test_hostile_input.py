"""Hostile input on the command line (issue 14): each test named after the failure it fixes.

F1: deck text with escape sequences is printed as visible symbols by every
command, the deck check warns about it with file and line, importers strip
it. F3: CSV export neutralises spreadsheet formulas. F4: only regular files
within a size limit are read. F6: one bad line of `mlquiz grade` is that
line's error. F8: an output never replaces a device. F9: write errors are
messages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core.decks.export import export_cards
from mlquiz.core.decks.importing.build import import_deck, write_deck_file
from mlquiz.core.decks.library import load_deck
from mlquiz.core.errors import DeckError, DeckImportError

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "data" / "hostile-deck.toml"
TINY = REPO / "tests" / "data" / "tiny.toml"
# Any ESC, BEL, C1 control or bidi override in what a command printed.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    """`python -m mlquiz ARGV` as a process (for file descriptors a test cannot fake)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "mlquiz", *argv], env=env, timeout=60, **kwargs)


def user_deck(isolated_dirs: Path, source: Path = HOSTILE) -> Path:
    decks = isolated_dirs / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, decks / source.name))


# -- F1: deck text never drives the terminal ---------------------------------------------


def test_f1_deck_list_prints_escapes_as_visible_symbols(capsys, isolated_dirs):
    user_deck(isolated_dirs)
    code, out, err = run_main(capsys, "deck", "list")
    assert code == 0
    assert not CONTROL.search(out + err), repr(out)
    assert "␛[2J␛[H␛]52;c;aGFja2Vk␇" in out


def test_f1_deck_check_warns_about_control_characters_with_file_and_line(capsys):
    code, out, err = run_main(capsys, "deck", "check", str(HOSTILE))
    assert code == 0  # warnings: the deck still loads and plays
    assert not CONTROL.search(out + err), repr(out)
    lines = HOSTILE.read_text().splitlines()
    title_line = next(n for n, line in enumerate(lines, 1) if line.startswith("title ="))
    assert f"{HOSTILE}:{title_line}: warning: deck: 'title' holds control characters " in out
    assert "(ESC, BEL, U+202E, U+202C)" in out
    label_line = next(n for n, line in enumerate(lines, 1) if 'label = "logged' in line)
    assert f"{HOSTILE}:{label_line}: warning: card #1: point 2: 'label'" in out
    # A clean deck has none of these warnings.
    code, out, _ = run_main(capsys, "deck", "check", str(TINY))
    assert "control characters" not in out


def test_f1_stats_print_escapes_as_visible_symbols(capsys, isolated_dirs):
    from mlquiz.service import GameService

    user_deck(isolated_dirs)
    service = GameService()
    session = service.start_quiz("hostile", shuffle=False)
    service.submit(session, "nothing at all")  # every point missed
    service.close()
    code, out, err = run_main(capsys, "stats")
    assert code == 0
    assert not CONTROL.search(out + err), repr(out)
    assert "single ␛[2J execution [/]" in out


def test_f1_grade_and_import_messages_print_no_escape(capsys, tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        json.dumps({"card": "1", "answer": "one execution, logged together"})
        + "\n"
        + json.dumps({"card": "\x1b]52;c;eA==\x07", "answer": "x"})
        + "\n"
    )
    code, out, err = run_main(capsys, "grade", "--deck", str(HOSTILE), str(answers))
    assert code == 1  # the unknown card id
    assert not CONTROL.search(out + err), repr(err)
    assert json.loads(out.splitlines()[0])["verdict"] == "correct"
    source = tmp_path / "evil\x1b[2J.csv"
    source.write_text("question,answer\nWhat \x1b[2J?,An \x1b]52;c;eA==\x07answer\n")
    code, out, err = run_main(capsys, "deck", "import", str(source), "-o", str(tmp_path / "o.toml"))
    assert code == 0, err
    assert not CONTROL.search(out + err), repr(out + err)
    assert "evil␛[2J.csv" in out


def test_f1_importers_strip_control_characters(tmp_path):
    source = tmp_path / "cards.csv"
    source.write_text(
        "question,answer,tags\n"
        'What is \x1b[2Ja run?,"One \x1b]52;c;aGk=\x07execution\x07 of code\u202e",t\x1b[31mag\n'
    )
    result = import_deck(source)
    card = result.deck.cards[0]
    assert (card.question, card.answer, card.tags) == (
        "What is a run?",
        "One execution of code",
        ("tag",),
    )
    assert "\x1b" not in result.toml and "\\u001b" not in result.toml.lower()
    assert any("control characters" in w for w in result.warnings)


# -- F3: CSV formula injection ----------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "'=x"]


def test_f3_csv_export_neutralises_formula_cells_and_reads_them_back(tmp_path):
    deck = load_deck(TINY)
    card = deck.cards[0]
    from dataclasses import replace

    cards = [replace(card, id=str(n), question=f, answer=f) for n, f in enumerate(FORMULAS, 1)]
    deck = replace(deck, cards=tuple(cards))
    text = export_cards([(deck, c) for c in deck.cards], "csv").text
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    for row, formula in zip(rows, FORMULAS, strict=True):
        assert row[1] == row[2] == "'" + formula  # a spreadsheet shows it as text
    # Turned off, for tools that want the cells as they are.
    raw = export_cards([(deck, c) for c in deck.cards], "csv", formula_guard=False).text
    assert [r[1] for r in list(csv.reader(io.StringIO(raw, newline="")))[1:]] == FORMULAS
    # mlquiz's own importer gives every guarded cell back exactly.
    exported = tmp_path / "export.csv"
    exported.write_text(text)
    back = import_deck(exported, "csv")
    assert [c.question for c in back.deck.cards] == [f.strip() for f in FORMULAS]
    # The TSV for Anki is unchanged: Anki imports no formulas.
    tsv = export_cards([(deck, c) for c in deck.cards], "anki").text
    assert "\t+1+1\t+1+1\t" in tsv and "\t@SUM(A1)\t" in tsv and "'+" not in tsv


def test_f3_guard_and_unguard_are_exact_inverses():
    from mlquiz.core.decks.export import guard_formula, unguard_formula

    for cell in [*FORMULAS, "\rx", "plain", "''=x", "'plain", "", "'", "a=b"]:
        assert unguard_formula(guard_formula(cell)) == cell
    assert guard_formula("plain") == "plain" and guard_formula("'plain") == "'plain"


def test_f3_export_command_guards_history_answers(capsys, isolated_dirs, tmp_path):
    from mlquiz.service import GameService

    user_deck(isolated_dirs, TINY)
    service = GameService()
    session = service.start_quiz("tiny", shuffle=False)
    service.submit(session, '=HYPERLINK("http://evil","click")')
    service.close()
    out_file = tmp_path / "history.csv"
    code, out, err = run_main(
        capsys, "export", "--what", "history", "--format", "csv", "-o", str(out_file)
    )
    assert code == 0, err
    assert "'=HYPERLINK" in out_file.read_text()
    code, out, err = run_main(
        capsys, "export", "--what", "history", "--format", "csv", "--no-formula-guard"
    )
    assert ',"=HYPERLINK(' in out


# -- F4: unbounded reads ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dev-zero", "symlink-to-dev-zero", "fifo", "directory"])
def test_f4_deck_and_import_read_only_regular_files(tmp_path, kind, capsys):
    path = tmp_path / "deck.toml"
    if kind == "dev-zero":
        path = Path("/dev/zero")
    elif kind == "symlink-to-dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    started = time.monotonic()
    with pytest.raises(DeckError, match=r"is a (device|FIFO \(named pipe\)|directory)"):
        load_deck(path)
    with pytest.raises(DeckImportError, match=r"is a (device|FIFO|directory)"):
        import_deck(path)
    code, out, err = run_main(capsys, "deck", "check", str(path))
    assert code == 1 and "Traceback" not in err and str(path) in err
    code, out, err = run_main(capsys, "grade", "--deck", str(path), "/dev/null")
    assert code == 1 and "not a file" in err or "directory" in err
    assert time.monotonic() - started < 10  # nothing hung or read forever


def test_f4_a_fifo_with_a_writer_is_refused_too(tmp_path):
    """Even with a writer that never stops, the FIFO is not read."""
    fifo = tmp_path / "deck.toml"
    os.mkfifo(fifo)

    def write_forever() -> None:
        try:
            with open(fifo, "wb") as handle:
                while True:
                    handle.write(b"x" * 65536)
        except OSError:
            pass

    threading.Thread(target=write_forever, daemon=True).start()
    with pytest.raises(DeckImportError, match="FIFO"):
        import_deck(fifo)


def test_f4_files_over_the_size_limit_are_refused_and_the_limit_can_be_raised(
    tmp_path, capsys, monkeypatch
):
    big = tmp_path / "big.csv"
    row = "What is it?," + "a" * 1000 + "\n"
    big.write_text("question,answer\n" + row * 2000)  # about 2 MB
    code, out, err = run_main(capsys, "deck", "import", str(big), "--max-size", "1")
    assert code == 1
    assert f"{big}: is 1.9 MB, over the 1 MB limit" in err and "--max-size" in err
    monkeypatch.setenv("MLQUIZ_MAX_FILE_MB", "1")
    with pytest.raises(DeckError, match="over the 1 MB limit"):
        load_deck(big)
    monkeypatch.delenv("MLQUIZ_MAX_FILE_MB")
    code, out, err = run_main(
        capsys, "deck", "import", str(big), "--max-size", "3", "-o", str(tmp_path / "b.toml")
    )
    assert code == 0, err


# -- F6: mlquiz grade -------------------------------------------------------------------


def test_f6_a_deeply_nested_line_is_that_lines_error_and_the_rest_is_graded(capsys, tmp_path):
    good = json.dumps({"card": "1", "answer": "one execution, logged together"})
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join([good, "[" * 100_000 + "]" * 100_000, good]) + "\n")
    code, out, err = run_main(capsys, "grade", "--deck", str(HOSTILE), str(answers))
    assert code == 1
    assert len(out.splitlines()) == 2
    assert "line 2: not valid JSON (nested too deeply)" in err
    assert "Traceback" not in err


def test_f6_verdicts_computed_before_a_fatal_error_are_written(tmp_path):
    from mlquiz.cli.grade import _grade_lines
    from mlquiz.core.grading.grader import Grader

    deck = load_deck(HOSTILE)
    good = json.dumps({"card": "1", "answer": "one execution, logged together"}) + "\n"

    def lines():
        yield good
        yield good
        raise KeyboardInterrupt  # ctrl+c, a read error: the batch ends here

    import io

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        _grade_lines(Grader(deck), deck, lines(), out, err)
    assert len(out.getvalue().splitlines()) == 2


# -- F8: outputs never replace a device -------------------------------------------------


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A device node like /dev/null, made in the test's folder: a test that may run
    against code that replaces it must never be given the real one."""
    node = tmp_path / "null-device"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    return node


def test_f8_deck_import_refuses_to_replace_a_device(device, capsys):
    """As root, `deck import -o /dev/null --force` replaced the device with a file."""
    source = str(REPO / "tests/data/import/cards.csv")
    code, out, err = run_main(capsys, "deck", "import", source, "-o", str(device), "--force")
    assert code == 1
    assert f"{device}: is a device: only a regular file may be replaced" in err
    assert device.is_char_device()


def test_f8_outputs_replace_regular_files_and_write_through_links(tmp_path):
    target = tmp_path / "real.toml"
    target.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    write_deck_file("id = 'x'\n", link, force=True)
    assert link.is_symlink() and target.read_text() == "id = 'x'\n"
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(DeckImportError, match="FIFO"):
        write_deck_file("x", fifo, force=True)
    assert fifo.is_fifo()


def test_f8_export_refuses_to_replace_a_device(device, capsys):
    code, out, err = run_main(
        capsys, "export", "--what", "all", "--deck", str(TINY), "-o", str(device)
    )
    assert code == 1 and str(device) in err and "regular file" in err
    assert device.is_char_device()


# -- F9: write errors are messages ------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [("deck", "list"), ("stats",), ("export", "--what", "all", "--deck", str(TINY)), ("--where",)],
)
def test_f9_output_to_a_full_device_is_a_message(argv):
    with open("/dev/full", "w") as full:
        done = run_cli(*argv, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "mlquiz: cannot write to standard output: No space left on device" in done.stderr


@pytest.mark.parametrize(
    "argv", [("deck", "list"), ("export", "--what", "all", "--deck", str(TINY))]
)
def test_f9_a_closed_stdout_or_pipe_is_no_traceback(argv):
    # `mlquiz ... >&-`: standard output closed before mlquiz starts.
    done = run_cli(*argv, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert "mlquiz: cannot write to standard output" in done.stderr
    # `mlquiz ... | head`, head gone: the reader left, which is no error.
    read, write = os.pipe()
    os.close(read)
    try:
        done = run_cli(*argv, stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0


@pytest.mark.parametrize(("field", "value"), [("seq", 10**30), ("hints_used", 2**63), ("seq", -1)])
def test_f9_save_unsaved_with_an_out_of_range_number_is_a_message(tmp_path, capsys, field, value):
    """A number SQLite cannot hold was an OverflowError traceback from deep in the store."""
    record = {
        "session_id": "s",
        "deck_id": "databricks-mlflow",
        "card_id": "1",
        "seq": 0,
        "answer": "a run",
        "verdict": "correct",
        "score": 1.0,
        "found": [],
        "missed": [],
        "contradicted": [],
        "confusion": None,
        "hints_used": 0,
        "skipped": False,
        "answered_at": "2025-01-06T09:00:00+00:00",
        "elapsed": 3.0,
        "mode": "quiz",
        "timed": False,
        "override": None,
        field: value,
    }
    path = tmp_path / "mlquiz-unsaved.json"
    path.write_text(json.dumps([record]))
    code, out, err = run_main(capsys, "save-unsaved", str(path))
    assert code == 1
    assert "Traceback" not in err
    assert f"mlquiz: {path}: answer 1: {field} is {value}, out of range" in err


def test_f4_save_unsaved_reads_no_fifo_and_no_endless_nesting(tmp_path, capsys):
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run_main(capsys, "save-unsaved", str(fifo), str(deep))
    assert code == 1 and "Traceback" not in err
    assert f"{fifo}: cannot read it: is a FIFO (named pipe), not a file" in err
    assert f"{deep}: not an mlquiz-unsaved file (nested too deeply)" in err


# -- the taught wordings (issue 13) meet the same rules -----------------------------------


def test_f3_wordings_csv_guards_formulas_and_reads_them_back():
    """A wording is typed text: its CSV cell is guarded as an answer's is, and
    `wording import` reads the guarded cell back exactly."""
    from datetime import UTC, datetime

    from mlquiz.core.wording import Wording, WordingKind
    from mlquiz.core.wordings_file import dumps, loads

    now = datetime(2025, 12, 3, tzinfo=UTC)
    texts = ['=HYPERLINK("http://evil","x")', "+1+1", "-2 runs", "@SUM(A1)", "plain"]
    wordings = [Wording("d", str(n), WordingKind.ACCEPTED, t, now) for n, t in enumerate(texts)]
    guarded = dumps(wordings, "csv", lambda w: "=question")
    assert "'=HYPERLINK" in guarded and "'+1+1" in guarded and "'=question" in guarded
    assert "'plain" not in guarded
    assert [w.text for w in loads(guarded, now).wordings] == texts
    raw = dumps(wordings, "csv", lambda w: "", formula_guard=False)
    assert '"=HYPERLINK(' in raw and "'=" not in raw
    assert "'=" not in dumps(wordings, "json", lambda w: "")  # JSON is never guarded


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_f4_wording_import_reads_only_regular_files(capsys, isolated_dirs, tmp_path, kind):
    """`wording import` and `deck import` (which sniffs for a wordings file) on a
    device or a FIFO: a message, at once, not endless memory or a hang."""
    path = tmp_path / "wordings.json"
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    code, _, err = run_main(capsys, "wording", "import", str(path))
    assert code == 1 and re.search(r"is a (device|FIFO)", err), err
    code, _, err = run_main(capsys, "deck", "import", str(path))
    assert code == 1 and re.search(r"is a (device|FIFO)", err), err


def test_f1_a_taught_wording_is_stored_without_controls(isolated_dirs):
    from mlquiz.core.wording import clean_text

    assert clean_text("one \x1b]52;c;aGk=\x07go\x1b[2J \u202e") == "one go"


# -- cloze cards (issue 17) meet the same rules --------------------------------------------

CLOZE_WITH_CONTROLS = """\
id = "cz"
title = "Cloze controls"
description = "d"

[[cards]]
id = "n1"
cloze = "The {{c1::Model Registry}} keeps {{c2::versions}}."

[[cards]]
id = "q"
question = "Q?"
answer = "A \\u001b[2J here"

[[cards.points]]
label = "answer"
phrases = ["answer"]

[[cards]]
id = "n2"
cloze = "A {{c1::run}} \\u001b]52;c;aGk=\\u0007 logs."
"""


def test_f1_deck_check_names_the_line_of_each_field_after_a_cloze_note(capsys, tmp_path):
    """A cloze note is one table but a card per blank: the warnings still name the
    lines of their own fields, the cloze text's included."""
    path = tmp_path / "cz.toml"
    path.write_text(CLOZE_WITH_CONTROLS)
    code, out, _ = run_main(capsys, "deck", "check", str(path))
    assert code == 0
    assert f"{path}:12: warning: card #2: 'answer' holds control characters (ESC)" in out
    assert f"{path}:20: warning: card #3: 'cloze' holds control characters (ESC, BEL)" in out


def test_f1_an_imported_cloze_note_loses_its_controls(tmp_path):
    source = tmp_path / "c.txt"
    source.write_text(
        "#notetype:Cloze\n{{c1::Paris}} \x1b[2Jis in {{c2::France}}\tsee \x1b]52;c;aGk=\x07map\n"
    )
    result = import_deck(source)
    assert not CONTROL.search(result.toml)
    assert [c.cloze.text for c in result.deck.cards] == ["{{c1::Paris}} is in {{c2::France}}"] * 2
    assert result.deck.cards[0].cloze.extra == "see map"
    assert any("control characters" in w for w in result.warnings)


def test_f9_an_import_preview_piped_into_head_is_no_bug(tmp_path):
    """`mlquiz deck import --preview BIG | head`: the preview fills the pipe long
    before it ends, so the write fails inside the import command; that is the
    reader leaving, not "import failed ... this is a bug in mlquiz"."""
    deck = tmp_path / "big.csv"
    rows = [
        f'"What is term {n}?","Term {n} is the {n}th thing of a long deck."' for n in range(3000)
    ]
    deck.write_text("question,answer\n" + "\n".join(rows) + "\n", encoding="utf-8")
    env_dir = tmp_path / "data"
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mlquiz", "deck", "import", "--preview", str(deck)],
            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "MLQUIZ_DATA_DIR": str(env_dir)},
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert "bug in mlquiz" not in done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 0
