"""`mlquiz deck check` output, byte for byte, against another checkout's.

    python bench/deck_check_identity.py --against OTHER/src [--random 400]
                                        [--cards 2000 10000] [FILE_OR_FOLDER ...]

For a change meant to make the check faster and nothing else. Decks checked:

- the committed decks (content/, tests/data/);
- generated decks (bench/generated.py) of the `--cards` sizes, and `--random`
  variants of a 2,000-card one with odd parts among its cards (control escapes,
  indented or spaced `[[cards]]` headers, strings past the toml-rs guard,
  multi-line strings holding `[[cards]]` lines, tables inside a card);
- `--random` random lint decks (stop words, alternatives, "...", lone pipes,
  glossary words) and as many random edits of the small committed decks
  (TOML snippets, random characters: mostly broken);
- any files given, or the `.toml` files under folders given (imported decks, the
  toml-lang/toml-test suite).

Each checkout runs `deck check` on every file in one child process (the files
named relative to a temporary folder, so messages match); exit code, stdout and
stderr are compared file by file. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from generated import deck_text

ROOT = Path(__file__).resolve().parents[1]
SMALL = sorted((ROOT / "tests" / "data").glob("*.toml")) + sorted((ROOT / "content").glob("*.toml"))

CHILD = r"""
import contextlib, io, json, sys
sys.path.insert(0, sys.argv[1])
import mlquiz
assert mlquiz.__file__.startswith(sys.argv[1]), mlquiz.__file__
from mlquiz import cli
results = {}
for name in json.load(open(sys.argv[2])):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["deck", "check", "--max-size", "500", name])
        except SystemExit as exc:
            code = f"exit {exc.code}"
    results[name] = [code, out.getvalue(), err.getvalue()]
json.dump(results, open(sys.argv[3], "w"))
"""

WORDS = (
    "the of and a to is it not no without w o b c u ur mlf uc ml model registry models "
    "register registered log logged logging run runs experiment tracking unity catalog "
    "do does done be been can't don't isn't staging stage deployments deploy version "
    "data 3 1 Über naïve ＭＬ e.g. x-y_z rerun vs thru feature store serving endpoint "
    "as for with by on in at from up out why what how which"
).split()
GLOSSARY = [
    ("mlf", "mlflow tracking"),
    ("uc", "unity catalog"),
    ("ml", "machine learning"),
    ("model registry", "registry of models"),
    ("reg", "register"),
    ("b c", "because"),
    ("the", "thee"),
    ("w o", "without"),
]
SNIPPETS = [
    '"""', "'''", "\n[[cards]]\n", '\n[glossary]\nx = "y"\n', "]", "[", "\x00", 'id = "1"\n',
    "x = [\n", "\\", "#", "\\u001b", '\n[[cards.points]]\nlabel = "z"\n', "=", '"', "\n", "\t",
]  # fmt: skip


def lint_deck(rng: random.Random, n: int) -> str:
    def word() -> str:
        w = rng.choice(WORDS)
        if rng.random() < 0.3:
            w = "|".join([w] + [rng.choice(WORDS) for _ in range(rng.randint(1, 3))])
        return w + "|" if rng.random() < 0.05 else w

    def phrase() -> str:
        words = [word() for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.15:
            words.insert(rng.randint(0, len(words)), rng.choice(["...", "|"]))
        return " ".join(words)

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=rng.random() < 0.5)

    lines = [f'id = "r{n}"', 'title = "Random"', 'description = "d"', "", "[glossary]"]
    lines += [f"{q(k)} = {q(v)}" for k, v in rng.sample(GLOSSARY, rng.randint(0, 5))]
    asked = [rng.choice(WORDS) for _ in range(8)]
    for c in range(rng.randint(1, 25)):
        answer = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 15)))
        lines += ["", "[[cards]]", f'id = "{c}"', f"question = {q(' '.join(rng.sample(asked, 5)))}"]
        lines.append(f"answer = {q(answer + rng.choice(['.', '?', ', x.']))}")
        if rng.random() < 0.1:
            lines.append(f"also_true = [{q(phrase())}]")
        for p in range(rng.randint(1, 4)):
            mine = [phrase() if rng.random() < 0.7 else " ".join(rng.sample(asked, 2))]
            lines += ["", "[[cards.points]]", f'label = "p{p}"']
            lines.append(f"phrases = [{', '.join(q(x) for x in mine + [phrase()][: p % 2])}]")
            if rng.random() < 0.1:
                lines.append(f"examples = [{q(phrase())}]")
        if rng.random() < 0.2:
            lines += ["", "[[cards.confusions]]", f"phrases = [{q(phrase())}]", 'message = "m."']
    return "\n".join(lines) + "\n"


def broken_edit(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at, cut = rng.randint(0, len(text)), rng.randint(0, 12)
        insert = (
            rng.choice(SNIPPETS)
            if rng.random() < 0.8
            else "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 4)))
        )
        text = text[:at] + insert + text[at + cut :]
    return text


def odd_parts(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    questions = [i for i, line in enumerate(lines) if line.startswith("question = ")]
    for _ in range(rng.randint(1, 20)):
        at = rng.choice(questions)
        kind = rng.randrange(6)
        if kind == 0:
            lines[at] = (
                lines[at][:-1] + rng.choice(["\\u001b[2J", "\\u0007", "\\u009b", "\\\\"]) + '"'
            )
        elif kind in (1, 2):  # the table's header, two lines up
            lines[at - 2] = "  [[cards]]" if kind == 1 else "[[ cards ]]  # spaced"
        elif kind == 3:
            lines[at] += (
                '\nhint = "' + rng.choice(["[", "{", "."]) * rng.choice([150, 250, 950]) + '"'
            )
        elif kind == 4:
            lines[at] += rng.choice(
                ['\nhint = """\n[[cards]]\nid = "x"\n"""', "\nhint = '''\n[[cards]]\n'''"]
            )
        else:
            lines[at] += rng.choice(
                ["\n[glossary]\nx = 'y'", "\n[cards.x]\ny = 1", "\ncolour = 'red'"]
            )
    return "\n".join(lines)


def decks(args: argparse.Namespace, folder: Path) -> list[str]:
    rng = random.Random(args.seed)
    texts: dict[str, bytes] = {}
    for path in SMALL:
        texts[f"committed/{path.name}"] = path.read_bytes()
    for cards in args.cards:
        texts[f"generated/{cards}.toml"] = deck_text(cards).encode()
    two_thousand = deck_text(2000, seed=3)
    small = [path.read_text(encoding="utf-8") for path in SMALL]
    for n in range(args.random):
        texts[f"lint/{n}.toml"] = lint_deck(rng, n).encode()
        edited = broken_edit(rng, rng.choice(small))
        texts[f"edit/{n}.toml"] = edited.encode("utf-8", "surrogatepass")
        if n < args.random // 10:
            texts[f"odd/{n}.toml"] = odd_parts(rng, two_thousand).encode()
    for given in args.files:
        path = Path(given)
        for file in sorted(path.rglob("*.toml")) if path.is_dir() else [path]:
            texts[f"given/{len(texts)}-{file.name}"] = file.read_bytes()
    for name, data in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return list(texts)


def check_all(src: str, folder: Path, names: list[str], tag: str) -> dict[str, list[object]]:
    (folder / "names.json").write_text(json.dumps(names))
    out = folder / f"{tag}.json"
    subprocess.run(
        [sys.executable, "-c", CHILD, src, "names.json", out.name], cwd=folder, check=True
    )
    result: dict[str, list[object]] = json.loads(out.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", required=True, metavar="DIR", help="the other src folder")
    parser.add_argument("--random", type=int, default=400)
    parser.add_argument("--cards", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("files", nargs="*", help="more decks: files, or folders of .toml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = decks(args, folder)
        mine = check_all(str(ROOT / "src"), folder, names, "this")
        other = check_all(str(Path(args.against).resolve()), folder, names, "other")
    differ = [name for name in names if mine[name] != other[name]]
    ok = sum(1 for name in names if mine[name][0] == 0)
    print(f"{len(names)} decks ({ok} pass the check, {len(names) - ok} fail it): ", end="")
    print(f"{len(differ)} differ" + "".join(f"\n  {name}" for name in differ[:20]))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
