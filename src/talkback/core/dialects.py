"""The comment layouts ("dialects") the parser knows, and recognising the one a page uses.

``DIALECTS`` maps each name that ``--dialect`` and the JSON's ``dialect`` use to a description;
``LAYOUTS`` holds the layout objects themselves (see :mod:`talkback.core.layouts` and
:mod:`talkback.core.learned`). A page is read by every layout, each in one pass over its lines,
and the best-scoring one wins (most comments found); on a tie the more specific layout wins, and
a page on which no layout finds a comment is read as ``signature-after``.
"""

from __future__ import annotations

from talkback.core.layouts import Blogger, MovableType, PostedBy, SignatureAfter, WordPress
from talkback.core.learned import Learned
from talkback.core.marks import Dialect, PageLines, Reading

#: the layout learned from the page itself (the least specific of all)
LEARNED = Learned()
#: every layout known by its look, in the order their names are listed
NAMED_LAYOUTS: tuple[Dialect, ...] = (
    SignatureAfter(),
    WordPress(),
    Blogger(),
    MovableType(),
    PostedBy(),
)
#: every layout, in the order their names are listed
LAYOUTS: tuple[Dialect, ...] = (*NAMED_LAYOUTS, LEARNED)
#: the layout of a page without comments, and of the sample page
DEFAULT_DIALECT = SignatureAfter.name

#: name -> what the layout looks like
DIALECTS: dict[str, str] = {layout.name: layout.description for layout in LAYOUTS}

_BY_NAME: dict[str, Dialect] = {layout.name: layout for layout in LAYOUTS}


def check_dialect(name: str | None) -> None:
    """Raise ValueError for a dialect name the parser does not know (None means: recognise it)."""
    if name is not None and name not in DIALECTS:
        known = ", ".join(sorted(DIALECTS))
        raise ValueError(f"unknown comment layout {name!r} (known: {known})")


def dialect_named(name: str) -> Dialect:
    """The layout called ``name`` (ValueError for an unknown name)."""
    check_dialect(name)
    return _BY_NAME[name]


def recognise(page: PageLines, forced: str | None = None) -> Reading:
    """The reading of ``page`` by the layout that explains it best, or by ``forced``."""
    if forced is not None:
        return dialect_named(forced).read(page)
    readings = _best_readings(page)
    best = max(readings, key=_rank)
    # The learned template loses a tie to any named layout: it is worked out only when it could
    # find more comments than the best of them.
    readings.append(LEARNED.read(page, to_beat=best.score))
    best = max(readings, key=_rank)
    if best.score > 0:
        return best
    default = next((r for r in readings if r.dialect.name == DEFAULT_DIALECT), None)
    if default is not None:
        return default
    return _BY_NAME[DEFAULT_DIALECT].read(page)


def _best_readings(page: PageLines) -> list[Reading]:
    """The readings, in list order, of the named layouts that may explain ``page`` best.

    Scanning a page and dating its marks (:meth:`~talkback.core.marks.Dialect.settle`) are most
    of a reading's cost. Dating only ever drops marks, so a layout's
    :meth:`~talkback.core.marks.Dialect.score_bound` caps its score, and before that its
    :meth:`~talkback.core.marks.Dialect.scan_bound` (the lines bearing its sign) caps what a
    scan may find. Trying layouts from the highest bound down, one whose bound cannot beat the
    best reading so far (nor tie it and win the tie: more specific, or else listed first) is
    neither scanned nor dated: the best of the readings kept is the best of all.
    """
    bounds = [(layout.scan_bound(page), layout.specificity) for layout in NAMED_LAYOUTS]
    settled: dict[int, Reading] = {}
    best: tuple[tuple[int, int], int] | None = None  # (rank, -position) of the best so far
    for position in sorted(range(len(NAMED_LAYOUTS)), key=bounds.__getitem__, reverse=True):
        if best is not None and (bounds[position], -position) < best:
            continue
        layout = NAMED_LAYOUTS[position]
        marks = layout.scan(page)
        cap = (layout.score_bound(marks), layout.specificity)
        if best is not None and (cap, -position) < best:
            continue
        reading = settled[position] = layout.settle(page, marks)
        if best is None or (_rank(reading), -position) > best:
            best = (_rank(reading), -position)
    return [settled[position] for position in sorted(settled)]


def _rank(reading: Reading) -> tuple[int, int]:
    return reading.score, reading.dialect.specificity
