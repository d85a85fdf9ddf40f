"""The window's filters of the tree: named predicates that together decide which comments show.

This is the one hook through which anything narrows the tree. A part of the window sets a filter
under its own name (the overview uses ``period``, ``author``, ``thread size`` and ``depth``; search
can use ``search``) with a label for the filter bar and a predicate over posts and comments::

    window.filters.set("search", '"south float"', lambda node: node in hits)
    window.filters.clear("search")

A node shows when every filter keeps it, or when something below it does (then it is context,
drawn muted); with no filter, everything shows. Setting a filter with a name already set replaces
it. Opening or closing a dump clears them all. Predicates run once per node whenever the filters
change (on the GUI thread), so they should be cheap: a set lookup or a string comparison.

In a dump read from its index, posts come without their comments until they are needed; a filter
that can tell which of those posts hold comments it keeps (the search, from the index) passes
``holds``, so that they show; a filter without it keeps none of their comments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from talkback.core.model import Post
from talkback.gui.formatting import Node
from talkback.gui.tree_model import ThreadModel

Predicate = Callable[[Node], bool]
PostPredicate = Callable[[Post], bool]


@dataclass(frozen=True, slots=True)
class NamedFilter:
    """One filter: who set it (``name``), what it keeps in words (``label``), and how."""

    name: str
    label: str
    keep: Predicate
    holds: PostPredicate | None = None
    #: how many comments it keeps in all, when the tree cannot count them (posts not read yet)
    kept: int | None = None


class NodeFilters(QObject):
    """The active filters of a window's tree, applied to its :class:`ThreadModel` together."""

    #: the filters changed (and the tree was narrowed or widened accordingly)
    changed = Signal()

    def __init__(self, model: ThreadModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._filters: dict[str, NamedFilter] = {}
        model.modelReset.connect(self._forget)

    def set(
        self,
        name: str,
        label: str,
        keep: Predicate,
        holds: PostPredicate | None = None,
        kept: int | None = None,
    ) -> None:
        """Set (or replace) the filter called ``name`` (``holds`` and ``kept``: see the module's
        notes and :class:`NamedFilter`)."""
        self._filters[name] = NamedFilter(name, label, keep, holds, kept)
        self._apply()

    def clear(self, name: str | None = None) -> None:
        """Remove the filter called ``name`` (every filter when None)."""
        if name is None:
            if not self._filters:
                return
            self._filters.clear()
        elif self._filters.pop(name, None) is None:
            return
        self._apply()

    def get(self, name: str) -> NamedFilter | None:
        """The filter called ``name``, if set."""
        return self._filters.get(name)

    def active(self) -> list[NamedFilter]:
        """The filters set, in the order they were first set."""
        return list(self._filters.values())

    @property
    def kept_comments(self) -> int:
        """How many comments the filters keep: the model's count, or a lone filter's own when it
        knows better (it keeps comments of posts not read yet)."""
        active = self.active()
        if len(active) == 1 and active[0].kept is not None:
            return active[0].kept
        return self.model.kept_comments

    def __bool__(self) -> bool:
        return bool(self._filters)

    def keeps(self, node: Node) -> bool:
        """Whether every filter keeps ``node`` (True with no filter)."""
        return all(named.keep(node) for named in self._filters.values())

    def _combined(self) -> Predicate | None:
        predicates = [named.keep for named in self._filters.values()]
        if not predicates:
            return None
        if len(predicates) == 1:
            return predicates[0]
        return lambda node: all(keep(node) for keep in predicates)

    def _holds(self) -> PostPredicate | None:
        tests = [named.holds for named in self._filters.values()]
        if not tests or any(test is None for test in tests):
            return None
        known = [test for test in tests if test is not None]
        return known[0] if len(known) == 1 else lambda post: all(test(post) for test in known)

    def _apply(self) -> None:
        self.model.set_filter(self._combined(), self._holds())
        self.changed.emit()

    @Slot()
    def _forget(self) -> None:
        """A new (or no) dump: the model dropped its filter; forget ours without re-applying."""
        if self._filters and not self.model.is_filtered:
            self._filters.clear()
            self.changed.emit()
