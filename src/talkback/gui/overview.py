"""The overview panel: a post's (or the whole archive's) comments over time, top authors, thread
sizes and reply depth, with the figures that sum them up.

The figures are counted by :class:`~talkback.gui.overview_stats.OverviewBuilder` a slice at a time
on a zero-interval timer (never more than a few milliseconds per turn of the event loop), and only
while the panel is shown, so a million comments never freeze the window. Clicking a bar (or Enter
on it) sets a filter on the window's :class:`~talkback.gui.node_filter.NodeFilters`; clicking it
again, or clearing the filter from the filter bar, shows everything again.

A dump read from its index has only the comments of the posts in use in memory: the panel then
shows the figures of the selected post alone (once its comments are read), and says why the
whole dump's are not offered (:meth:`OverviewPanel.set_posts_only`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from talkback.core.model import Archive, Post
from talkback.gui.charts import BarChart, ChartBar
from talkback.gui.focus_ring import FocusRing
from talkback.gui.formatting import breakable, plural, post_title, short_date
from talkback.gui.node_filter import NodeFilters
from talkback.gui.overview_filters import Choice, chart_choices
from talkback.gui.overview_layout import ChartPair, FigureGrid, chart_section, muted_label
from talkback.gui.overview_stats import Overview, OverviewBuilder
from talkback.gui.ranked_bars import RankedBars
from talkback.index.browse import IndexedPost

#: time the counting may take per turn of the event loop
SLICE_SECONDS = 0.012
#: the names under which the overview's filters are set (one at a time per chart)
FILTER_NAMES = {
    "timeline": "period",
    "authors": "author",
    "sizes": "thread size",
    "depths": "depth",
}


class OverviewPanel(QScrollArea):
    """Charts of one post or of the whole archive; clicking a bar filters the tree."""

    #: the figures shown were (re)computed
    computed = Signal()

    def __init__(self, filters: NodeFilters, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPanel")
        self.setAccessibleName("Overview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.focus_ring = FocusRing(self)  # Tab stops here (to scroll) and nothing showed it
        self.filters = filters
        self.archive: Archive | None = None
        self.post: Post | None = None
        self.whole_archive = False
        #: why the whole dump's figures are not offered ("" when they are)
        self.posts_only = ""
        self.overview: Overview | None = None
        self._stale = True
        #: the label of the filter each chart set, by filter name
        self._chosen: dict[str, str] = {}
        self._job: Iterator[None] | None = None
        self._builder = OverviewBuilder()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._build()
        filters.changed.connect(self._sync_selection)

    # -- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        page = QWidget(self)
        page.setObjectName("overviewPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel(page)
        self.title.setObjectName("overviewTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.45)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        head.addWidget(self.title, 1)
        self.scope_post = self._scope_button("This post", "Figures of the selected post", page)
        self.scope_all = self._scope_button("All posts", "Figures of every post in the dump", page)
        group = QButtonGroup(self)
        group.addButton(self.scope_post)
        group.addButton(self.scope_all)
        self.scope_post.setChecked(True)
        self.scope_all.toggled.connect(self._on_scope)
        head.addWidget(self.scope_post, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.scope_all, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self.subtitle = muted_label(page)
        layout.addWidget(self.subtitle)
        self.figures = FigureGrid(page)
        layout.addWidget(self.figures)
        self.timeline = BarChart("Comments over time", page)
        self.timeline_caption = chart_section(layout, "Comments over time", self.timeline)
        self.authors = RankedBars("Top authors", page)
        self.authors_caption = chart_section(layout, "Top authors", self.authors)
        self.pair = ChartPair(page)
        self.sizes = BarChart("Thread sizes", page)
        self.depths = BarChart("Reply depth", page)
        for chart, heading in ((self.sizes, "Thread sizes"), (self.depths, "Reply depth")):
            box = QWidget(self.pair)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(6)
            chart.setParent(box)
            caption = chart_section(box_layout, heading, chart)
            if chart is self.sizes:
                self.sizes_caption = caption
            else:
                self.depths_caption = caption
            chart.setMinimumHeight(chart.fontMetrics().height() * 7)
            chart.setToolTip("")
            self.pair.add_box(box)
        layout.addWidget(self.pair)
        layout.addStretch(1)
        self.setWidget(page)
        for chart, name in (
            (self.timeline, "timeline"),
            (self.authors, "authors"),
            (self.sizes, "sizes"),
            (self.depths, "depths"),
        ):
            chart.setObjectName(f"{name}Chart")
            chart.bar_activated.connect(lambda index, which=name: self._activate(which, index))
        self.timeline.setMinimumHeight(self.timeline.fontMetrics().height() * 9)
        self.authors.empty_text = "No named authors"
        self.timeline.empty_text = "No dated comments"

    def _scope_button(self, text: str, tip: str, parent: QWidget) -> QToolButton:
        button = QToolButton(parent)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    # -- what to show -----------------------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        """Show figures of ``archive`` (None: nothing open); recounted when next shown."""
        self.archive = archive
        if archive is None or self.post not in (archive.posts if archive else []):
            self.post = archive.posts[0] if archive is not None and archive.posts else None
        several = archive is not None and len(archive.posts) > 1
        self.scope_post.setVisible(several)
        self.scope_all.setVisible(several)
        self.scope_all.setText(f"All {len(archive.posts):,} posts" if several and archive else "")
        self.scope_all.setEnabled(not self.posts_only)
        self.scope_all.setToolTip(self.posts_only or "Figures of every post in the dump")
        self._invalidate()

    def set_posts_only(self, reason: str) -> None:
        """Offer the figures of one post at a time only, for ``reason`` (shown as the whole-dump
        button's tooltip); "" offers the whole dump's again."""
        self.posts_only = reason
        if reason and self.whole_archive:
            self.scope_post.setChecked(True)
        self.scope_all.setEnabled(not reason)
        self.scope_all.setToolTip(reason or "Figures of every post in the dump")

    def post_read(self, post: Post) -> None:
        """``post``'s comments were read from the index: count them if they are shown."""
        if post is self.post and not self.whole_archive:
            self._invalidate()

    def set_post(self, post: Post | None) -> None:
        """Follow the selected post (when showing one post's figures)."""
        if post is not None and post is not self.post:
            self.post = post
            if not self.whole_archive:
                self._invalidate()

    @Slot(bool)
    def _on_scope(self, whole: bool) -> None:
        self.whole_archive = whole
        self._invalidate()

    def _scope_posts(self) -> list[Post]:
        if self.archive is None:
            return []
        if self.whole_archive or len(self.archive.posts) <= 1 or self.post is None:
            return list(self.archive.posts)
        return [self.post]

    def _scope_post(self) -> Post | None:
        """The post the filters are limited to (None: every post)."""
        several = self.archive is not None and len(self.archive.posts) > 1
        return self.post if several and not self.whole_archive else None

    def _invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Reflow the figures and the small charts to the width there is: never sideways."""
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        page = self.widget()
        layout = page.layout() if page is not None else None
        if layout is None:
            return
        margins = layout.contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        self.figures.arrange(width)
        self.pair.arrange(width)

    def showEvent(self, event: QShowEvent) -> None:
        """Count the figures if they are out of date."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- counting ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count the figures again (a slice per turn of the event loop) and show them."""
        post = self.post
        if type(post) is IndexedPost and not post.loaded and not self.whole_archive:
            self._stale = True  # counted once read (post_read)
            self._job = None
            self._timer.stop()
            self.title.setText(breakable(post_title(post)))
            self.subtitle.setText(f"Reading its {_comments(post.comment_total)} from the index…")
            return
        self._stale = False
        self._builder = OverviewBuilder()
        self._job = self._builder.feed(self._scope_posts())
        self._step()
        if self._job is not None:
            self._timer.start()

    def is_counting(self) -> bool:
        """Whether the figures are still being counted."""
        return self._job is not None

    @Slot()
    def _step(self) -> None:
        if self._job is None:
            self._timer.stop()
            return
        deadline = time.monotonic() + SLICE_SECONDS
        for _ in self._job:
            if time.monotonic() > deadline:
                return
        self._job = None
        self._timer.stop()
        self._show(self._builder.result())

    def _show(self, overview: Overview) -> None:
        self.overview = overview
        self._show_heading(overview)
        timeline = overview.timeline
        self.timeline.set_bars(
            [
                ChartBar(bucket.label, bucket.count, f"{bucket.title}: {_comments(bucket.count)}")
                for bucket in timeline.buckets
            ],
            f"{len(timeline.buckets)} periods of one {timeline.granularity}",
        )
        caption = f"per {timeline.granularity}"
        if timeline.undated:
            caption += f" · {timeline.undated:,} undated"
        self.timeline_caption.setText(caption + " · click a bar to filter")
        self.authors.set_bars(
            [
                ChartBar(author.name, author.count, f"{author.name}: {_comments(author.count)}")
                for author in overview.top_authors
            ],
            f"The {len(overview.top_authors)} authors with the most comments",
        )
        others = f" · {overview.other_authors:,} more by others" if overview.other_authors else ""
        anonymous = f" · {overview.anonymous:,} unsigned" if overview.anonymous else ""
        self.authors_caption.setText(
            f"{plural(overview.authors, 'author')}{others}{anonymous} · click to filter"
        )
        self.sizes.set_bars(
            [
                ChartBar(size.label, size.count, f"{plural(size.count, 'thread')} of {size.label} "
                         f"comment{'' if size.high == 1 else 's'}")
                for size in overview.thread_sizes
            ],
            "Threads by number of comments",
        )  # fmt: skip
        self.sizes_caption.setText(f"largest {overview.largest_thread:,}")
        self.depths.set_bars(
            [
                ChartBar(depth.label, depth.count, _depth_tip(depth.low, depth.count))
                for depth in overview.depths
            ],
            "Comments by reply depth",
        )
        self.depths_caption.setText("0 = top level")
        self._sync_selection()
        self.computed.emit()

    def _show_heading(self, overview: Overview) -> None:
        archive = self.archive
        post = self._scope_post()
        if archive is None:
            self.title.setText("No dump open")
        elif post is not None or len(archive.posts) == 1:
            shown = post if post is not None else archive.posts[0]
            self.title.setText(breakable(post_title(shown)))
        else:
            name = Path(archive.source).name or "This dump"
            self.title.setText(breakable(name))
        span = ""
        if overview.first and overview.last:
            first, last = short_date(overview.first[:10]), short_date(overview.last[:10])
            span = f" · {first}" + (f" – {last}" if last != first else "")
        scope = f"{plural(overview.posts, 'post')} · " if overview.posts > 1 else ""
        self.subtitle.setText(f"{scope}{_comments(overview.comments)}{span}")
        figures = [
            (overview.comments, "comments"),
            (overview.authors, "authors"),
            (sum(size.count for size in overview.thread_sizes), "threads"),
            (overview.replies, "replies"),
            (overview.quoting, "quoting"),
            (overview.deepest, "deepest"),
        ]
        self.figures.set_figures(figures)

    # -- filtering --------------------------------------------------------------------------------

    def _choices(self, which: str) -> list[Choice]:
        """What each bar of the chart ``which`` filters."""
        if self.overview is None:
            return []
        return chart_choices(which, self.overview, self._scope_post())

    def _activate(self, which: str, index: int) -> None:
        name = FILTER_NAMES[which]
        if self._selected_index(which) == index:
            self.filters.clear(name)
            return
        choices = self._choices(which)
        if index < len(choices):
            self._chosen[name] = choices[index].label
            self.filters.set(name, choices[index].label, choices[index].keep)

    def _selected_index(self, which: str) -> int | None:
        """The bar whose filter is on (matched by its label, so it survives a recount)."""
        name = FILTER_NAMES[which]
        active = self.filters.get(name)
        if active is None or self._chosen.get(name) != active.label:
            return None
        labels = [choice.label for choice in self._choices(which)]
        return labels.index(active.label) if active.label in labels else None

    @Slot()
    def _sync_selection(self) -> None:
        for which, chart in (
            ("timeline", self.timeline),
            ("authors", self.authors),
            ("sizes", self.sizes),
            ("depths", self.depths),
        ):
            chart.set_selected(self._selected_index(which))


def _comments(count: int) -> str:
    return plural(count, "comment")


def _depth_tip(depth: int, count: int) -> str:
    where = "at the top level" if depth == 0 else f"at reply depth {depth}"
    return f"{_comments(count)} {where}"
