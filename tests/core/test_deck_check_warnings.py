"""`mlquiz deck check` still finds every problem of a deck on its quick paths: the
usual card table made without the validator's message context, and lint's
reading of a card whose words are all known (each card here comes several
times, so every copy after the first is read that way)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz import cli

HEAD = 'id = "lint-check"\ntitle = "Lint check"\ndescription = "A deck with lint problems."\n'

CARDS = """
[[cards]]
id = "registry-{copy}"
question = "What does the registry keep?"
answer = "The registry keeps model versions."
[[cards.points]]
label = "versions"
phrases = ["model"]
[[cards.points]]
label = "own"
phrases = ["registry keep", "kept|stored"]

[[cards]]
id = "runs-{copy}"
question = "Where are runs logged?"
answer = "Runs log the model metrics to the tracking server."
[[cards.points]]
label = "server"
phrases = ["tracking server", "model |"]

[[cards]]
id = "stage-{copy}"
question = "What is staged?"
answer = "A model version is staged before production."
[[cards.points]]
label = "stage"
phrases = ["staging|stage", "model\\tproduction"]
"""


def check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    code = cli.main(["deck", "check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_copy_of_a_card_gets_its_warnings(capsys, tmp_path: Path) -> None:
    path = tmp_path / "lint.toml"
    path.write_text(HEAD + "".join(CARDS.format(copy=n) for n in range(3)), encoding="utf-8")
    code, out, err = check(capsys, path)
    assert (code, err) == (0, "")
    assert f"{path}: ok: deck 'lint-check', 9 cards, 15 warnings" in out
    for n in range(3):
        assert (
            f'card "registry-{n}": point "versions": phrase \'model\' is one word that many '
            "answers use" in out
        )
        assert (
            f'card "registry-{n}": point "own": phrase \'registry keep\' is made of the '
            "question's own words" in out
        )
        assert f'card "runs-{n}": point "server": phrase \'model |\' matches as one word' in out
        assert f'card "runs-{n}": point "server": phrase \'model |\' is one word that many' in out
        assert f'card "registry-{n}": point "versions": a required point with a single' in out
    # A phrase with a tab inside is two words: not "one word that many answers use".
    assert "model\\tproduction" not in out


def test_a_repeated_id_after_well_formed_cards_is_an_error_with_its_line(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "twice.toml"
    path.write_text(HEAD + CARDS.format(copy=1) + CARDS.format(copy=1), encoding="utf-8")
    code, out, err = check(capsys, path)
    assert code == 1
    assert out == ""
    first = path.read_text(encoding="utf-8").splitlines().index('id = "registry-1"') + 1
    assert f'card "registry-1": duplicate card id (first used by card #1 at line {first})' in err
