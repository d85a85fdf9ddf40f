"""Screenshots of an exported thread for the README, made with headless Chromium.

    .venv/bin/python tools/screenshot_export.py            # writes docs/screenshots/export*.png

Exports the bundled sample (resources/samples/harbor-town-pier.txt) with Talkback's own exporter
and photographs the page: the whole post on a desktop in the light palette, and a comment thread
on a phone in the dark palette. Needs ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from talkback.export import write_thread
from talkback.resources import sample_page
from talkback.sources import load_archive

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SHOTS = [
    # file name, exported id, window size, extra flags
    ("export.png", "p1", "1000,1800", []),
    (
        "export-dark-phone.png",
        "p1-c3",
        "390,1800",
        ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"],
    ),
]


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("screenshot_export: chromium is not installed", file=sys.stderr)
        return 1
    archive = load_archive(sample_page())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name, node_id, size, flags in SHOTS:
            page = write_thread(archive, node_id, Path(folder) / f"{node_id}.html", overwrite=True)
            command = [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", f"--user-data-dir={folder}/profile", f"--window-size={size}",
                *flags, f"--screenshot={OUT / name}", page.as_uri(),
            ]  # fmt: skip
            subprocess.run(command, check=True, capture_output=True, timeout=120)
            print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
