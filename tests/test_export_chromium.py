"""Exports in a real browser: headless Chromium renders them, dark mode works, nothing runs.

Skipped where no Chromium is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from export_pages import EXPORTED_AT, HOSTILE, load, parse_page
from talkback.export import write_thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def background(png: Path) -> tuple[int, int, int]:
    """The colour of the top-left pixel (read with Qt, which the app ships with)."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull()
    color = image.pixelColor(4, 4)
    return color.red(), color.green(), color.blue()


def test_renders_in_light_and_dark(harbor_path: Path, tmp_path: Path) -> None:
    page = write_thread(
        load(harbor_path), "p1-c3", tmp_path / "thread.html", overwrite=False,
        exported_at=EXPORTED_AT,
    )  # fmt: skip
    light, dark = tmp_path / "light.png", tmp_path / "dark.png"
    size = "--window-size=1000,1400"
    chromium(tmp_path, size, f"--screenshot={light}", page.as_uri())
    chromium(
        tmp_path, size, "--force-dark-mode", "--blink-settings=preferredColorScheme=0",
        f"--screenshot={dark}", page.as_uri(),
    )  # fmt: skip
    assert light.stat().st_size > 20_000 and dark.stat().st_size > 20_000
    assert sum(background(light)) > 600  # the paper colour
    assert sum(background(dark)) < 120  # the dark palette


def test_hostile_page_runs_and_loads_nothing_in_a_browser(tmp_path: Path) -> None:
    page = write_thread(load(HOSTILE), "p1", tmp_path / "hostile.html", overwrite=False)
    result = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=2000", page.as_uri())
    assert result.returncode == 0, result.stderr
    dom = parse_page(result.stdout)
    tags = {element.tag for element in dom.iter()}
    assert not tags & {"script", "img", "iframe", "svg", "math", "textarea", "base", "link"}
    # a script that ran would have changed the title or added elements; the DOM is as written
    assert dom.find(".//title").text.startswith('<script>alert("title")</script>')
    assert len(list(dom.iter("article"))) == 6
