"""Remake every screenshot of the README from the real app on the bundled sample.

    .venv/bin/python tools/make_screenshots.py        # or: make screenshots

Each window picture is taken by ``talkback open … --screenshot`` (Qt's offscreen platform, 1280×800,
the user's settings neither read nor changed), in the light and the dark palette; the overview with
a period chosen is taken by driving the same window in a child process (a click on the busiest
hour); the exported page by ``tools/screenshot_export.py`` with headless Chromium, when installed.
Only the bundled sample (``resources/samples/harbor-town-pier.txt``) is ever photographed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
#: relative to ROOT (the working folder of every shot), as the detail panel shows it
SAMPLE = "resources/samples/harbor-town-pier.txt"

#: file name, then the arguments of ``talkback open``
WINDOW_SHOTS: list[tuple[str, list[str]]] = [
    ("main-window.png", [SAMPLE, "--select", "p1-c7", "--theme", "light"]),
    ("main-window-dark.png", [SAMPLE, "--select", "p1-c7", "--theme", "dark"]),
    ("search.png", [SAMPLE, "--search", "deck OR photos", "--select", "p1-c7", "--theme", "light"]),
    ("overview.png", [SAMPLE, "--overview", "--theme", "light"]),
    ("overview-dark.png", [SAMPLE, "--overview", "--theme", "dark"]),
    ("welcome.png", ["--theme", "light"]),
]
FILTERED_SHOT = "overview-filtered.png"


def environment() -> dict[str, str]:
    """Offscreen Qt (``--screenshot`` keeps its settings in a temporary file of its own)."""
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def window_shot(name: str, arguments: list[str]) -> None:
    """One ``talkback open … --screenshot`` picture."""
    command = [
        sys.executable,
        "-m",
        "talkback",
        "open",
        *arguments,
        "--screenshot",
        str(OUT / name),
    ]
    subprocess.run(command, check=True, env=environment(), cwd=ROOT, timeout=120)
    print(f"wrote {OUT / name}")


def filtered_overview(out: Path) -> int:
    """In this (child) process: open the sample on the Overview tab, click the busiest hour, and
    save the window with the tree narrowed to it."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from talkback.gui.app import SCREENSHOT_SIZE, create_application, save_window_png
    from talkback.gui.main_window import MainWindow
    from talkback.gui.settings import Settings
    from talkback.gui.theme import ThemeKeeper

    app = create_application()
    ThemeKeeper(app, "light")
    status = [1]
    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(Settings.at(Path(scratch) / "settings.ini"), remember=False)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.workspace.show_overview()

        def click() -> None:
            chart = window.workspace.overview.timeline
            busiest = max(range(len(chart.bars)), key=lambda index: chart.bars[index].value)
            point = chart.bar_rect(busiest).center().toPoint()
            QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=point)
            window.tree.setFocus()
            QTimer.singleShot(200, save)

        def save() -> None:
            error = save_window_png(window, out)
            if error:
                print(error, file=sys.stderr)
            else:
                status[0] = 0
            app.quit()

        window.load_finished.connect(lambda: QTimer.singleShot(200, click))
        window.open_dump(SAMPLE)
        app.exec()
        window.loader.shutdown()
    return status[0]


def main() -> int:
    if sys.argv[1:2] == ["--filtered"]:
        return filtered_overview(Path(sys.argv[2]))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, arguments in WINDOW_SHOTS:
        window_shot(name, arguments)
    command = [sys.executable, __file__, "--filtered", str(OUT / FILTERED_SHOT)]
    subprocess.run(command, check=True, env=environment(), cwd=ROOT, timeout=120)
    print(f"wrote {OUT / FILTERED_SHOT}")
    exported = subprocess.run([sys.executable, str(ROOT / "tools" / "screenshot_export.py")],
                              cwd=ROOT, timeout=600)  # fmt: skip
    if exported.returncode:
        print("make_screenshots: the exported page was not photographed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
