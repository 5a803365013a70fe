"""Imported decks byte-identical between two checkouts: the check a speed-only
change to import must pass.

    python bench/import_identity.py --against OTHER/src [--rows 2000] [FILE ...]

Imports, with this checkout's code and with another's (`OTHER/src`, e.g.
`git archive main src | tar -x -C /tmp/base`), each in a process of its own:
every file under tests/data/import, the real decks under bench/data/decks
(those present: some are not committed), a generated CSV of `--rows` rows
(`import_speed.write_rows`) and any FILE given. For each it compares the
TOML, the format, the warnings and the summary (or the error), and prints
the files that differ; exit status 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from import_speed import write_rows  # noqa: E402

# Run in the child: import each file and print one JSON line per file.
_IMPORT_ALL = """
import dataclasses, json, sys
sys.path.insert(0, sys.argv[1])
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.errors import DeckImportError
for path in sys.argv[2:]:
    try:
        r = import_deck(path)
        out = {"toml": r.toml, "format": r.format, "warnings": r.warnings,
               "summary": dataclasses.asdict(r.summary) if r.summary else None}
    except DeckImportError as exc:
        out = {"error": str(exc)}
    print(json.dumps({"path": path, "result": out}, sort_keys=True), flush=True)
"""


def inputs(rows: int, folder: Path, extra: list[Path]) -> list[Path]:
    files = sorted((ROOT / "tests" / "data" / "import").iterdir())
    decks = ROOT / "bench" / "data" / "decks"
    for deck in sorted(decks.iterdir()) if decks.is_dir() else []:
        for file in sorted(deck.iterdir()):
            if file.suffix in (".apkg", ".csv", ".txt") or file.name == "README.md":
                files.append(file)
    generated = folder / f"generated-{rows}.csv"
    write_rows(generated, rows)
    return [f for f in files if f.is_file()] + [generated] + extra


def import_all(src: Path, files: list[Path]) -> dict[str, object]:
    env = dict(os.environ, PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"))
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, str(src), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    results = {}
    for line in done.stdout.splitlines():
        row = json.loads(line)
        results[row["path"]] = row["result"]
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout's src/")
    parser.add_argument("--rows", type=int, default=2000, help="rows of the generated CSV")
    parser.add_argument("files", nargs="*", type=Path, help="more files to import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = inputs(args.rows, Path(folder), args.files)
        other = import_all(args.against, files)
        this = import_all(ROOT / "src", files)
    differ = [str(f) for f in files if other.get(str(f)) != this.get(str(f))]
    for path in differ:
        print(f"DIFFERS: {path}")
    print(f"{len(files) - len(differ)} of {len(files)} imports identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
