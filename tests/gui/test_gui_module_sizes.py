"""The house limit: a module of the window holds at most 400 lines (one job each).

``main_window.py`` had grown to 528 lines and ``tree_model.py`` to 439. One module is known to be
over still; it is listed here, and the test fails once it is within the limit, so that the list
shrinks with it.
"""

from __future__ import annotations

from pathlib import Path

import talkback.gui

LIMIT = 400
GUI = Path(talkback.gui.__file__).parent
#: modules over the limit that are still to be split
OVER_FOR_NOW = {"search_controller.py"}


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_every_module_of_the_window_is_within_the_limit() -> None:
    sizes = {path.name: lines_of(path) for path in GUI.glob("*.py")}
    assert sizes["main_window.py"] <= LIMIT
    over = {name for name, size in sizes.items() if size > LIMIT}
    assert over == OVER_FOR_NOW, {name: sizes[name] for name in over ^ OVER_FOR_NOW}
