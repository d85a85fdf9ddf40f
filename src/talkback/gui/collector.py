"""Keeping Python's cycle collector from freezing the window over a big archive.

A loaded archive is millions of long-lived objects. Python's full (oldest-generation) collection
walks all of them, holding the interpreter lock for a second or more: the window would freeze while
a dump loads and, later, at random moments while the user scrolls. So collection is paused while a
dump loads, and afterwards the archive is moved out of the collector's sight with ``gc.freeze()``.
Before the next dump is read the frozen objects are handed back (``gc.unfreeze()``), so that the
old archive's reference cycles (comments point to their post and back) can still be freed.
"""

from __future__ import annotations

import gc


class CollectorPolicy:
    """Pauses and resumes the cycle collector around loads; one per application."""

    def __init__(self) -> None:
        self._paused = False

    @property
    def paused(self) -> bool:
        """Whether collection is paused for a load."""
        return self._paused

    def load_starting(self) -> None:
        """A dump starts loading: release what an earlier load froze, then pause collection."""
        gc.unfreeze()
        if not self._paused:
            self._paused = gc.isenabled()
            gc.disable()

    def load_ended(self) -> None:
        """The load finished, failed or was cancelled: freeze what it made, resume collection."""
        gc.freeze()
        if self._paused:
            gc.enable()
            self._paused = False
