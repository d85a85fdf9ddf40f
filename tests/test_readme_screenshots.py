"""Every picture the README shows exists and is one that tools/make_screenshots.py remakes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_readme_picture_is_made_by_the_script() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"docs/screenshots/([\w.-]+\.png)", readme))
    assert {"welcome.png", "main-window.png", "overview.png"} <= shown
    tool = load_tool("make_screenshots")
    export = load_tool("screenshot_export")
    made = {name for name, _arguments in tool.WINDOW_SHOTS}
    made |= {tool.FILTERED_SHOT} | {name for name, *_rest in export.SHOTS}
    assert shown <= made
    for name in shown:
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name


def test_screenshots_show_only_the_bundled_sample() -> None:
    tool = load_tool("make_screenshots")
    assert tool.SAMPLE == "resources/samples/harbor-town-pier.txt"
    for _name, arguments in tool.WINDOW_SHOTS:
        assert all("shared" not in argument for argument in arguments)
