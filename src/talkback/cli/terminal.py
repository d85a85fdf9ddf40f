"""Text from a dump made safe to print on a terminal.

A dump comes from strangers: an escape sequence in a comment (``ESC [2J``, ``ESC ]0;…BEL``) printed
as it is would clear the reader's screen, retitle the window or hide lines, and a bidi override
would make a line read differently from what it is. The plain outputs of ``parse`` and ``search``
show each such character as a visible label (``U+001B``), as the window and the exports do.
"""

from __future__ import annotations

import re

from talkback.export.textmarkup import CONTROL_PATTERN

_CONTROL = re.compile(CONTROL_PATTERN)


def visible(text: str) -> str:
    """``text`` with every control and bidi formatting character written as ``U+XXXX``."""
    return _CONTROL.sub(lambda found: f"U+{ord(found[0]):04X}", text)
