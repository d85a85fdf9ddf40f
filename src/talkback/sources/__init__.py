"""Reading dumps: whatever the user points Talkback at, turned into an Archive by the core parser.

``load_archive(path)`` is what the command line and the window call. It reads the dump read-only and
never writes next to it.
"""

from __future__ import annotations

import os

from talkback.core.model import Archive
from talkback.core.parser import DumpError, parse

__all__ = ["DumpError", "load_archive"]


def load_archive(path: str | os.PathLike[str]) -> Archive:
    """Read the dump at ``path`` into an Archive; raises DumpError if nothing can be read."""
    return parse(path, source=os.fspath(path))
