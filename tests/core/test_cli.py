"""The `mlquiz` command line: deck list/check and the JSON-lines grader."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.cli import decks as cli_decks
from tests.support.factories import LabelGrader

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny.toml"


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deck_check_valid_deck_exits_0(capsys) -> None:
    """A valid deck passes: exit 0, an ok line on stdout, nothing on stderr."""
    code, out, err = run_main(capsys, "deck", "check", str(TINY))
    assert code == 0
    assert f"{TINY}: ok: deck 'tiny', 2 cards" in out
    assert err == ""


def test_deck_check_broken_deck_exits_1_with_file_and_line(capsys, tmp_path: Path) -> None:
    """A broken deck fails with `path:line: problem` on stderr, and others are still checked."""
    bad = tmp_path / "bad.toml"
    bad.write_text(TINY.read_text().replace("question =", "qestion =", 1))
    code, out, err = run_main(capsys, "deck", "check", str(bad), str(TINY))
    assert code == 1
    assert f"{bad}:11: card \"1\": unknown key 'qestion' (did you mean 'question'?)" in err
    assert f"{TINY}: ok" in out


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage", b"id = ", b"[[cards]]\n[[cards]]\n", b"\x00\x00"],
    ids=["utf16ish", "truncated", "empty-cards", "nul"],
)
def test_deck_check_never_shows_a_traceback(capsys, tmp_path: Path, content: bytes) -> None:
    """Any garbage yields exit 1 and messages naming the file, never a traceback."""
    bad = tmp_path / "garbage.toml"
    bad.write_bytes(content)
    code, out, err = run_main(capsys, "deck", "check", str(bad))
    assert code == 1
    assert err.startswith(str(bad))
    assert "Traceback" not in err


def test_deck_check_missing_file(capsys, tmp_path: Path) -> None:
    """A path that does not exist is reported, exit 1."""
    code, _, err = run_main(capsys, "deck", "check", str(tmp_path / "nope.toml"))
    assert code == 1
    assert "nope.toml: no such file" in err


def test_deck_check_prints_lint_warnings_without_failing(capsys, monkeypatch) -> None:
    """Lint warnings are printed per card and point but do not change the exit code."""

    @dataclass
    class Warning_:
        card_id: str
        label: str
        message: str

    monkeypatch.setattr(
        cli_decks, "_lint", lambda deck: [Warning_("2", "model versions", "too vague")]
    )
    code, out, _ = run_main(capsys, "deck", "check", str(TINY))
    assert code == 0
    assert 'warning: card "2": point "model versions": too vague' in out


def test_deck_list_shows_the_builtin_deck(capsys) -> None:
    """`deck list` names the built-in deck with its card count and source."""
    code, out, _ = run_main(capsys, "deck", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("databricks-mlflow "))
    assert " card" in line and "built-in" in line


def test_deck_list_reports_a_broken_user_deck(capsys, isolated_dirs: Path) -> None:
    """A broken user deck gets its own line with the error; good ones are listed."""
    decks = isolated_dirs / "decks"
    decks.mkdir(parents=True)
    (decks / "mine.toml").write_text(TINY.read_text().replace('id = "tiny"', 'id = "mine"'))
    (decks / "oops.toml").write_text('id = "oops"\ntitle = "x')
    code, out, _ = run_main(capsys, "deck", "list")
    assert code == 0
    assert any(line.startswith("mine ") and "2 cards" in line for line in out.splitlines())
    assert f"broken deck: {decks / 'oops.toml'}:2: TOML syntax error" in out


def test_where_prints_the_data_dir(capsys, isolated_dirs: Path) -> None:
    """`--where` prints the data directory (here the test's own)."""
    code, out, _ = run_main(capsys, "--where")
    assert code == 0
    assert out.strip() == str(isolated_dirs)


# --------------------------------------------------------------------------
# grade


@pytest.fixture
def fake_grader(monkeypatch):
    import mlquiz.core.grading.cache as cache

    monkeypatch.setattr(cache, "cached_grader", lambda deck, folder: LabelGrader(deck))


def grade(capsys, monkeypatch, text: str, *extra: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, err = run_main(capsys, "grade", "--deck", str(TINY), *extra)
    return code, [json.loads(line) for line in out.splitlines()], err


def test_grade_writes_one_json_line_per_answer(capsys, monkeypatch, fake_grader) -> None:
    """Each input line gives one output line with every field, in input order."""
    lines = [
        {"card": "1", "answer": "a single execution, logged as a unit"},
        {"card": "2", "answer": "no idea: an experiment?"},
    ]
    code, out, err = grade(capsys, monkeypatch, "".join(json.dumps(x) + "\n" for x in lines))
    assert (code, err) == (0, "")
    assert out == [
        {
            "card": "1",
            "verdict": "correct",
            "score": 1.0,
            "found": ["single execution", "logged as a unit"],
            "missed": [],
            "contradicted": [],
            "confusion": None,
            "false_claim": None,
            "reasons": [],
        },
        {
            "card": "2",
            "verdict": "incorrect",
            "score": 0.0,
            "found": [],
            "missed": ["model versions"],
            "contradicted": [],
            "confusion": "that is an experiment",
            "false_claim": None,
            "reasons": [],
        },
    ]


def test_grade_names_the_false_claim_and_the_reasons(capsys, monkeypatch, fake_grader) -> None:
    """A right answer with a false claim graded incorrect, every point found and none
    contradicted, read as a contradiction: the JSON names the claim and says why."""
    from mlquiz.core.grading.results import GradeResult, PointResult
    from tests.support.factories import LabelGrader

    def grade_with_claim(self, card, answer):
        found = PointResult("single execution", "found", (0, 16), True)
        return GradeResult(
            verdict="incorrect",
            score=0.0,
            points=(found,),
            text=answer,
            reasons=("Not so: “never deleted”. Runs can be deleted.",),
            false_claim="never deleted",
        )

    monkeypatch.setattr(LabelGrader, "grade", grade_with_claim)
    line = json.dumps({"card": "1", "answer": "single execution; runs are never deleted"})
    code, out, err = grade(capsys, monkeypatch, line + "\n")
    assert (code, err) == (0, "")
    (record,) = out
    assert (record["verdict"], record["found"], record["contradicted"]) == (
        "incorrect",
        ["single execution"],
        [],
    )
    assert record["false_claim"] == "never deleted"
    assert record["reasons"] == ["Not so: “never deleted”. Runs can be deleted."]


def test_grade_reports_bad_lines_and_grades_the_rest(capsys, monkeypatch, fake_grader) -> None:
    """Bad lines go to stderr with their line numbers; the others are graded; exit 1."""
    text = "\n".join(
        [
            '{"card": "1", "answer": "single execution"}',
            "this is not json",
            "",
            '["a", "list"]',
            '{"card": "99", "answer": "x"}',
            '{"card": "1"}',
            '{"card": true, "answer": "x"}',
            '{"card": "2", "answer": "model versions"}',
        ]
    )
    code, out, err = grade(capsys, monkeypatch, text)
    assert code == 1
    assert [(o["card"], o["verdict"]) for o in out] == [("1", "correct"), ("2", "correct")]
    err_lines = err.splitlines()
    assert [line.split(":")[0] for line in err_lines] == [
        "line 2",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]
    assert "unknown card id '99'" in err


def test_grade_survives_a_grader_failure(capsys, monkeypatch, fake_grader) -> None:
    """An answer the grader raises on is reported; the batch goes on; exit 1."""
    text = '{"card": "1", "answer": "boom"}\n{"card": "2", "answer": "model versions"}\n'
    code, out, err = grade(capsys, monkeypatch, text)
    assert code == 1
    assert [o["card"] for o in out] == ["2"]
    assert err.startswith("line 1: could not grade: RuntimeError: the grader failed")


def test_grade_reads_a_file_argument(capsys, monkeypatch, fake_grader, tmp_path) -> None:
    """FILE replaces stdin."""
    answers = tmp_path / "answers.jsonl"
    answers.write_text('{"card": "2", "answer": "model versions"}\n')
    code, out, _ = grade(capsys, monkeypatch, "", str(answers))
    assert code == 0 and [o["card"] for o in out] == ["2"]


def test_grade_builds_the_grader_once_and_then_loads_it(capsys, monkeypatch, isolated_dirs):
    """`mlquiz grade` keeps the compiled grader in the game's cache: the next run on the
    unchanged deck loads it instead of compiling every card again, with the same verdicts."""
    from mlquiz.core.grading.grader import Grader

    built_from: list[bool] = []
    init = Grader.__init__

    def recording(self, deck, compiled=None, cross=None):
        built_from.append(compiled is not None)
        init(self, deck, compiled, cross)

    monkeypatch.setattr(Grader, "__init__", recording)
    text = '{"card": "1", "answer": "a single execution, logged as a unit"}\n'
    first = grade(capsys, monkeypatch, text)
    assert list((isolated_dirs / "cache").glob("grader-*.marshal"))
    second = grade(capsys, monkeypatch, text)
    assert built_from == [False, True]  # compiled, then loaded from the cache
    assert first == second and first[0] == 0


def test_grade_unknown_deck_exits_1(capsys, fake_grader) -> None:
    """An unknown deck id is one clear line on stderr."""
    code, _, err = run_main(capsys, "grade", "--deck", "no-such-deck")
    assert code == 1
    assert "no-such-deck: no deck with this id" in err


def test_grade_with_the_real_grader_in_a_subprocess(tmp_path: Path) -> None:
    """End to end through `python -m mlquiz`: real grader, stdin in, JSON out."""
    pytest.importorskip("mlquiz.core.grading")
    env = {**os.environ, "MLQUIZ_DATA_DIR": str(tmp_path), "MLQUIZ_CONFIG_DIR": str(tmp_path)}
    text = (
        '{"card": "1", "answer": "one execution of the code, with everything logged together"}\n'
        "oops\n"
        '{"card": "2", "answer": "I do not know"}\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mlquiz", "grade", "--deck", str(TINY)],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("line 2: not valid JSON")
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["card"] for r in results] == ["1", "2"]
    assert results[0]["verdict"] == "correct"
    assert results[1]["verdict"] != "correct"
    for result in results:
        assert set(result) == {
            "card",
            "verdict",
            "score",
            "found",
            "missed",
            "contradicted",
            "confusion",
            "false_claim",
            "reasons",
        }
        assert 0.0 <= result["score"] <= 1.0
        assert result["reasons"], "every verdict says why"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_arguments_on_a_terminal_starts_the_game(monkeypatch) -> None:
    """`mlquiz` starts the game with no deck and exits with the game's status;
    `mlquiz --deck X` passes the deck on."""
    import mlquiz.ui.app

    calls: list[dict[str, object]] = []

    def run(**kwargs: object) -> int:
        calls.append(kwargs)
        return 7

    monkeypatch.setattr(mlquiz.ui.app, "run", run)
    # Here, not in a fixture: pytest's capture puts its own stdout back between phases.
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert cli.main([]) == 7
    assert cli.main(["--deck", "tiny"]) == 7
    assert calls == [{"deck": None}, {"deck": "tiny"}]


def test_a_game_that_cannot_be_imported_is_not_called_a_missing_build(monkeypatch) -> None:
    """The UI is part of the package: if it cannot be imported, the error shows as it is,
    not as "the game screen is not available in this build yet"."""
    monkeypatch.setitem(sys.modules, "mlquiz.ui.app", None)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    with pytest.raises(ImportError, match=r"mlquiz\.ui\.app"):
        cli.main([])


@pytest.mark.parametrize(
    "argv", [("grade", "--deck", str(TINY)), ("deck", "check", str(TINY))], ids=["grade", "check"]
)
def test_a_grader_that_cannot_be_imported_is_not_hidden(monkeypatch, argv) -> None:
    """The grader is part of the package: `grade` does not call it "not available" and
    `deck check` does not pass a deck it could not lint."""
    blocked = ("grading", "grading.grader", "grading.cache", "grading.lint")
    for module in (f"mlquiz.core.{name}" for name in blocked):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(ImportError, match=r"mlquiz\.core\.grading"):
        cli.main(list(argv))


def test_no_arguments_without_a_terminal_says_so_before_loading_the_game(
    capsys, monkeypatch
) -> None:
    """Input from a pipe: `mlquiz` exits 2 with one line pointing to `mlquiz grade`,
    before the UI is imported (here importing it would fail)."""
    monkeypatch.setitem(sys.modules, "mlquiz.ui.app", None)
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n"))
    code, out, err = run_main(capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "the game needs a terminal, but standard input is not one" in err
    assert "mlquiz grade" in err


LINT_DECK = """\
id = "lint"
title = "Lint deck"
description = "Lint \\u001b[2J problems"

[[cards]]
id = "a"
question = "What does the model registry keep?"
answer = "It keeps model versions with their stages and lineage."

[[cards.points]]
label = "versions"
phrases = ["model registry"]

[[cards.points]]
label = "stages"
phrases = ["stages kept", "the of and"]

[[cards.points]]
label = "lineage"
phrases = ["lineage for you", "lineage|history"]

[[cards]]
id = "b"
question = "What does a run record?"
answer = "It keeps params and metrics of one execution."

[[cards.points]]
label = "params"
phrases = ["keeps", "params logged"]

[[cards]]
id = "c"
question = "What is an experiment?"
answer = "It keeps a group of runs."

[[cards.points]]
label = "group"
phrases = ["group of runs", "runs grouped"]
"""


def test_deck_check_prints_every_kind_of_warning_in_order(capsys, tmp_path, monkeypatch) -> None:
    """Each warning `deck check` knows, with its file, line, card and point, in the
    order it always printed them (the lint reads phrases without compiling the deck)."""
    (tmp_path / "lint.toml").write_text(LINT_DECK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(capsys, "deck", "check", "lint.toml")
    assert code == 0 and err == ""
    card = 'lint.toml: warning: card "'
    assert out.splitlines() == [
        "lint.toml: ok: deck 'lint', 3 cards, 6 warnings",
        "lint.toml:3: warning: deck: 'description' holds control characters (ESC); they are "
        "shown as symbols, never sent to the terminal: remove them",
        f'{card}a": point "lineage": phrase \'lineage for you\' matches as one word: its '
        "other words are stop words, which answers skip",
        f'{card}a": point "versions": a required point with a single phrasing',
        f"{card}a\": point \"versions\": phrase 'model registry' is made of the question's "
        "own words (it will never count)",
        f'{card}a": point "stages": phrase \'the of and\' has no words',
        f'{card}b": point "params": phrase \'keeps\' is one word that many answers use, so '
        "it will match answers that do not say this point",
    ]


# What one command imports of mlquiz.cli's subcommand modules, and whether it reads cards.
IMPORTED = """
import sys
from mlquiz import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exit:  # --help
    code = exit.code
names = [m.removeprefix("mlquiz.cli.") for m in sys.modules if m.startswith("mlquiz.cli.")]
print(code, sorted(names), "mlquiz.core.cards" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("argv", "modules", "cards"),
    [
        (["--help"], [], False),
        (["deck", "--help"], [], False),
        (["stats"], ["history"], True),
        (["wording", "list"], ["wordings"], True),
        (["deck", "check", str(TINY)], ["decks"], True),
    ],
    ids=["help", "deck-help", "stats", "wording-list", "deck-check"],
)
def test_a_command_imports_only_its_own_module(
    tmp_path: Path, argv: list[str], modules: list[str], cards: bool
) -> None:
    """Building the parser imported every subcommand's module (and the cards, for the
    export choices): 25-45 ms of each command's start, `--help` included."""
    env = {**os.environ, "MLQUIZ_DATA_DIR": str(tmp_path), "MLQUIZ_CONFIG_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", IMPORTED, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.stderr.splitlines()[-1] == f"0 {modules} {cards}", proc.stderr


@pytest.mark.parametrize(
    "argv",
    [[], ["--deck", "mlflow"], ["--deck=mlflow"], ["--deck", "decks/my deck.toml"]],
)
def test_the_game_s_arguments_are_read_as_argparse_reads_them(argv: list[str]) -> None:
    """`mlquiz` and `mlquiz --deck DECK` start without building the parser (a faster
    menu): the game gets the same arguments the parser would give it."""
    fast = cli._game_arguments(argv)
    assert fast is not None
    parsed = cli._build_parser().parse_args(argv)
    assert (fast.handler, fast.where, fast.deck) == (parsed.handler, parsed.where, parsed.deck)


@pytest.mark.parametrize(
    "argv",
    [
        ["--deck"],
        ["--deck", "-x"],
        ["--deck", ""],
        ["--where"],
        ["--help"],
        ["stats"],
        ["--deck", "a", "stats"],
        ["--dec", "a"],
    ],
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    """A command, an option other than --deck, or a --deck argparse would read
    otherwise (or refuse, with its own message) is left to the parser."""
    assert cli._game_arguments(argv) is None
