"""``talkback open … --screenshot``: a 1280x800 PNG of the loaded window, offscreen, then exit."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "talkback", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot_of_the_loaded_window(tmp_path: Path, harbor_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run(
        "open", str(harbor_path), "--select", "p1-c7", "--screenshot", str(out), home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1280, 800)
    assert result.stderr == ""
    assert not list(tmp_path.glob("**/Talkback.conf"))  # a screenshot does not touch settings


def test_plain_talkback_dump_means_open(tmp_path: Path, harbor_path: Path) -> None:
    out = tmp_path / "plain.png"
    result = run(str(harbor_path), "--screenshot", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1280, 800)


def test_an_unreadable_dump_exits_1_without_a_picture(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    out = tmp_path / "never.png"
    result = run("open", str(bad), "--screenshot", str(out), home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"talkback: {bad}: binary data, not a text page"
    assert not out.exists()


def test_an_unknown_id_is_reported(tmp_path: Path, harbor_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run(
        "open", str(harbor_path), "--select", "p9-c9", "--screenshot", str(out), home=tmp_path
    )
    assert result.returncode == 0
    assert "no post or comment with id p9-c9" in result.stderr
    assert out.exists()
