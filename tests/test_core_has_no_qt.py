"""talkback.core (and every layer but the GUI) never imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "talkback"
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
NON_GUI = ["core", "sources", "search", "index", "export"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", NON_GUI)
def test_no_qt_import_in_source(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files or package != "core"
    for path in files:
        bad = {name for name in _imports(path) if name.split(".")[0] in QT}
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_importing_core_and_parsing_loads_no_qt(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("T\n\nposted at 9:00 am on May 1, 2008 by E\n\nBody.\n", encoding="utf-8")
    code = (
        "import sys, talkback.core, talkback.sources, talkback.cli.parse_command\n"
        f"talkback.core.parse({str(page)!r})\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
