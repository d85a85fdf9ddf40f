"""A plain (non-editable) wheel carries the resources, and the package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from talkback.resources import resource, sample_page

ROOT = Path(__file__).resolve().parent.parent


def test_resources_found_from_the_checkout() -> None:
    assert sample_page().is_file()
    assert resource("samples").is_dir()


@pytest.mark.slow
def test_wheel_contains_resources_and_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
         str(ROOT)],
        check=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("talkback-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "talkback/resources/samples/harbor-town-pier.txt" in names
    assert "talkback/core/parser.py" in names
    assert "talkback/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "talkback = talkback.cli:main" in text
    # the installed layout: resources next to the package code
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from talkback.resources import sample_page; print(sample_page())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(site)}, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert out == str(site / "talkback" / "resources" / "samples" / "harbor-town-pier.txt")
