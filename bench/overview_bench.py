"""How the overview and the tree's filters cope with many comments.

    .venv/bin/python bench/overview_bench.py                  # 300,000 comments
    .venv/bin/python bench/overview_bench.py --comments 1000000

Builds a seeded synthetic archive (posts of a few thousand comments, a third of them replies, dates
over two years) and prints, beside a baseline measured in the same run (one plain Python pass that
reads every comment's date, author and parent):

- the time to count the whole archive's overview, and the longest single slice of that count (the
  panel counts a slice per turn of the event loop, so this is the longest the window waits on it);
- the time to narrow the tree to the busiest period and to the most prolific author, and to show
  everything again (``ThreadModel.set_filter``, which runs on the GUI thread).
"""

from __future__ import annotations

import argparse
import os
import random
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from talkback.core.model import Block, Comment, Post
from talkback.gui.overview_filters import author_choice, period_choice
from talkback.gui.overview_stats import SLICE, OverviewBuilder
from talkback.gui.tree_model import ThreadModel

PER_POST = 3000


def make_archive(comments: int, seed: int) -> list[Post]:
    """Posts of PER_POST comments with authors, dates and reply links."""
    rng = random.Random(seed)
    posts: list[Post] = []
    for number in range(max(1, comments // PER_POST)):
        post = Post(id=f"p{number + 1}", title=f"Post {number + 1}", author="Editor")
        day = rng.randint(0, 700)
        for index in range(1, PER_POST + 1):
            parent = None
            if index > 1 and rng.random() < 0.33:
                parent = f"{post.id}-c{rng.randint(max(1, index - 40), index - 1)}"
            hours = rng.randint(0, 72)
            month, mday = 1 + (day + hours // 24) // 28 % 12, 1 + (day + hours // 24) % 28
            year = 2008 + (day + hours // 24) // 336
            post.comments.append(
                Comment(
                    id=f"{post.id}-c{index}",
                    author=f"Reader {rng.randint(1, 5000)}",
                    published=f"{year}-{month:02d}-{mday:02d}T{hours % 24:02d}:{index % 60:02d}:00",
                    blocks=[Block("text", "words")],
                    parent_id=parent,
                )
            )
        post.link()
        posts.append(post)
    return posts


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication([])
    posts = make_archive(args.comments, args.seed)
    total = sum(len(post.comments) for post in posts)

    def baseline_pass() -> None:
        seen = 0
        for post in posts:
            for comment in post.comments:
                if comment.published and comment.author and comment.parent is None:
                    seen += 1

    baseline = min(timed(baseline_pass) for _ in range(3))

    builder = OverviewBuilder()
    job = builder.feed(posts)
    longest = 0.0
    start = time.perf_counter()
    while True:
        step = time.perf_counter()
        try:
            next(job)
        except StopIteration:
            longest = max(longest, time.perf_counter() - step)
            break
        longest = max(longest, time.perf_counter() - step)
    counting = time.perf_counter() - start
    overview = builder.result()
    assert overview.comments == total

    model = ThreadModel()
    model.append_posts(posts)
    busiest = max(overview.timeline.buckets, key=lambda bucket: bucket.count)
    period = period_choice(busiest, overview.timeline.granularity)
    top = overview.top_authors[0]
    author = author_choice(top.name, top.key)
    period_time = timed(lambda: model.set_filter(period.keep))
    assert model.kept_comments == busiest.count
    author_time = timed(lambda: model.set_filter(author.keep))
    assert model.kept_comments == top.count
    clear_time = timed(lambda: model.set_filter(None))

    def line(label: str, seconds: float) -> str:
        return f"{label:<44} {seconds * 1000:9.1f} ms ({seconds / baseline:5.1f}x baseline)"

    print(
        f"{total:,} comments in {len(posts):,} posts; timeline per {overview.timeline.granularity}"
    )
    print(line("baseline, one plain pass over the comments:", baseline))
    print(line("overview of the whole archive:", counting))
    print(f"{'longest slice of the count (' + format(SLICE, ',') + ' comments):':<44} "
          f"{longest * 1000:9.1f} ms")  # fmt: skip
    print(line(f"filter to {busiest.title} ({busiest.count:,}):", period_time))
    print(line(f"filter to {top.name} ({top.count:,}):", author_time))
    print(line("show everything again:", clear_time))


if __name__ == "__main__":
    main()
