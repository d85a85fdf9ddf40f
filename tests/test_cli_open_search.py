"""``talkback open DUMP --search QUERY``: the window opens with the search applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from talkback.gui.match_rows import MATCH_BACKGROUND
from test_cli_open import png_size, run

pytestmark = pytest.mark.gui


def test_screenshot_of_a_search(tmp_path: Path, harbor_path: Path) -> None:
    out = tmp_path / "search.png"
    result = run(
        "open", str(harbor_path), "--search", "deck OR photos", "--screenshot", str(out),
        home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert png_size(out) == (1280, 800)
    image = QImage(str(out))
    yellow = MATCH_BACKGROUND.rgb()
    highlighted = sum(
        1 for y in range(0, 800, 2) for x in range(0, 1280, 2) if image.pixel(x, y) == yellow
    )
    assert highlighted > 50  # the matches are highlighted in the picture


def test_a_malformed_search_is_refused_before_the_window_opens(
    tmp_path: Path, harbor_path: Path
) -> None:
    out = tmp_path / "never.png"
    result = run(
        "open", str(harbor_path), "--search", '"unclosed', "--screenshot", str(out), home=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.startswith("talkback: bad query: ")
    assert result.stderr.count("\n") == 1 and "at character 1" in result.stderr
    assert not out.exists()
