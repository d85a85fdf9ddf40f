"""Which stretch of a node's children the tree shows, for nodes with very many children.

QTreeView lays out every expanded row again whenever rows are inserted under an expanded node or
the layout changes (a sort), at a few microseconds of Python per row: 130,000 comments under one
post would freeze the window for half a second each time. So a node with more than ``CHUNK``
children shows a window ``[start, end)`` of them (in display order), ``CHUNK`` rows at first; the
view widens it as the user scrolls near either end, and selecting a comment far away moves the
window there. Rows of the model are positions within the window.
"""

from __future__ import annotations

from talkback.gui.formatting import Node

#: children shown of a big node at first, and how many more each time its window widens
CHUNK = 2000

Span = tuple[int, int]


class RowWindows:
    """The windows of children shown, per node (None is the top level)."""

    def __init__(self, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self._spans: dict[Node | None, Span] = {}

    def span(self, node: Node | None, total: int) -> Span:
        """The ``[start, end)`` positions of ``node``'s children that are shown."""
        if total <= self.chunk:
            return 0, total
        start, end = self._spans.get(node, (0, self.chunk))
        end = min(end, total)
        return min(start, end), end

    def set(self, node: Node | None, start: int, end: int) -> None:
        """Show the children at positions ``[start, end)`` of ``node``."""
        self._spans[node] = (start, end)

    def around(self, position: int, total: int) -> Span:
        """A window of ``chunk`` rows with ``position`` in its middle."""
        start = max(0, min(position - self.chunk // 2, total - self.chunk))
        return start, min(total, start + self.chunk)

    def widened_to(self, position: int, span: Span, total: int) -> Span | None:
        """The window grown (by at least a chunk) to take in a nearby ``position``, or None when
        ``position`` is more than a chunk away (the window should move rather than grow)."""
        start, end = span
        if end <= position < end + self.chunk:
            return start, min(total, max(position + 1, end + self.chunk))
        if start - self.chunk <= position < start:
            return max(0, min(position, start - self.chunk)), end
        return None

    def clear(self) -> None:
        """Forget every window (after a sort or a reset)."""
        self._spans.clear()
