"""A generation number shared between the GUI thread and background jobs.

The GUI thread takes the next number when it starts new work (a search, the reading of another
dump) and drops results that carry an older one; a job reads the current number to know when to
stop early.
"""

from __future__ import annotations

import threading


class Generation:
    """The number of the newest work asked for; safe to read from any thread."""

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        """Start a new generation and give its number."""
        with self._lock:
            self._value += 1
            return self._value

    @property
    def value(self) -> int:
        """The number of the newest generation."""
        return self._value
