"""Signals carry Python containers as ``object``: a ``list`` or ``dict`` signal makes PySide copy
every element into Qt variants on emit and back on delivery (0.4 s of the GUI thread for a list
of 800,000 authors), where ``object`` passes the one reference."""

from __future__ import annotations

import re
from pathlib import Path

import talkback.gui

CONTAINER_SIGNAL = re.compile(r"\b(?:Signal|Slot)\(([^)]*)\)")


def test_no_signal_or_slot_is_typed_as_a_python_container() -> None:
    offenders = []
    for module in sorted(Path(talkback.gui.__file__).parent.glob("*.py")):
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
            for match in CONTAINER_SIGNAL.finditer(line):
                types = {part.strip() for part in match.group(1).split(",")}
                if types & {"list", "dict", "tuple", "set"}:
                    offenders.append(f"{module.name}:{number}: {line.strip()}")
    assert offenders == []
