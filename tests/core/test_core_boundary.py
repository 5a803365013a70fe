"""The core is the game without a screen: it never loads textual or rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import mlquiz.core


def core_modules() -> list[str]:
    """Every module of mlquiz.core, those of its packages included."""
    return sorted(m.name for m in pkgutil.walk_packages(mlquiz.core.__path__, "mlquiz.core."))


def test_every_core_module_imports_without_textual_or_rich() -> None:
    """Importing each module of mlquiz.core in a fresh interpreter loads no UI library."""
    modules = core_modules()
    assert "mlquiz.core.grading.grader" in modules and "mlquiz.core.decks.parse" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
    )
    assert out.stdout.strip() == "[]", out.stdout
