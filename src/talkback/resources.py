"""Where Talkback's bundled files are: sample pages, templates, icons.

An installed wheel carries them as ``talkback/resources``; a source checkout (or an editable
install) has them in the top-level ``resources/`` folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding the bundled resources."""
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / "resources"


def resource(*parts: str) -> Path:
    """The path of one bundled resource, e.g. ``resource("samples", "harbor-town-pier.txt")``."""
    return resources_dir().joinpath(*parts)


def sample_page() -> Path:
    """The bundled sample page that ``make run`` and "Open the sample" open."""
    return resource("samples", "harbor-town-pier.txt")
