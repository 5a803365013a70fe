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
