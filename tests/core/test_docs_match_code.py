"""Docstrings and benches that name code: the names must be the code's.

Each test reads the text that once went stale (a function that was never
written, a parser the loader had stopped using) and checks it against the code.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlquiz import cli, service
from mlquiz.core.decks import export as exporters
from mlquiz.core.decks import parse

REPO = Path(__file__).resolve().parents[2]


def toml_modules(source: str) -> set[str]:
    """The TOML parsers a source file imports (`import tomli`, `import tomli as x`)."""
    return set(re.findall(r"^\s*import (toml\w*)", source, re.MULTILINE))


def test_the_exporters_docstring_names_functions_that_exist():
    names = re.findall(r"`([a-z]+(?:_[a-z]+)+)`", exporters.__doc__ or "")
    missing = [n for n in names if not hasattr(exporters, n) and not hasattr(cli, n)]
    assert missing == []


def test_the_deck_load_bench_times_the_parser_the_loader_uses():
    parser = toml_modules(Path(parse.__file__).read_text(encoding="utf-8"))
    assert parser == {"tomli"}
    bench = (REPO / "bench" / "deck_load.py").read_text(encoding="utf-8")
    assert toml_modules(bench) == parser
    assert "tomllib" not in bench
    assert "(tomli)" in (service.__doc__ or "")


def test_the_readme_layout_names_paths_that_exist():
    """Every folder and module the README's "How the code is laid out" names is there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### How the code is laid out", 1)[1].split("\n#", 1)[0]
    package = REPO / "src" / "mlquiz"
    names = set(re.findall(r"`([\w./]+)`", section))
    paths = {n for n in names if "/" in n or n.endswith(".py")}
    assert len(paths) > 20
    # A name is a path from the repository, or the end of one in the package or
    # the tests (`derive/` is core/grading/derive, named under core/grading/).
    inside = [
        p.as_posix()
        for folder in (package, REPO / "tests")
        for p in folder.rglob("*")
        if "__pycache__" not in p.parts
    ]
    missing = [
        name
        for name in sorted(paths)
        if not (REPO / name).exists()
        and not any(p.endswith("/" + name.rstrip("/")) for p in inside)
    ]
    assert missing == []
