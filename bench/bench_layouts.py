"""How page parsing scales with the number of comments, in every comment layout.

    .venv/bin/python bench/bench_layouts.py [--small 2000] [--factor 4]

For each layout, builds a page of ``small`` comments and one ``factor`` times larger (every
fifth comment quotes the one before it, every seventh pastes it with its mark, replies nested by
indentation), parses both and prints the seconds, the comments per second, the ratio against a
baseline measured in the same run (splitting the page into lines and folding every word, the
least any reader of the text must do), and the growth when the page grows ``factor`` times:
near ``factor`` means linear, ``factor`` squared would mean all-pairs work.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from talkback.core import parse_text
from talkback.core.text import split_lines, words

NAMES = ["Rosa Lindqvist", "Walt Haskins", "jp", "Ana María", "Sam Pettigrew", "Gus Oyelaran"]
WORDS = "the pier council ferry boats tide harbor market late again night budget".split()


def _stamp(kind: str, name: str, n: int) -> tuple[list[str], list[str]]:
    """Head and tail mark lines for comment ``n`` in layout ``kind``."""
    # days from the 13th on: a numeric day-first date is then unambiguous
    day, hour, minute = 13 + n // 1440 % 15, n // 60 % 24, n % 60
    h12, ampm = hour % 12 or 12, "PM" if hour >= 12 else "AM"
    if kind == "signature-after":
        return [], [f"{name} on March {day}, 2008 at {h12}:{minute:02d} {ampm}"]
    if kind == "wordpress":
        return [f"{name} says:", f"March {day}, 2008 at {h12}:{minute:02d} {ampm.lower()}"], []
    if kind == "blogger":
        return [f"{name} said..."], [f"3/{day}/2008 {h12}:{minute:02d} {ampm}"]
    if kind == "movable-type":
        return [], [f"Posted by: {name} | March {day}, 2008 at {h12:02d}:{minute:02d} {ampm}"]
    if kind == "posted-by":
        return [], [f"by {name} on {day:02d}/03/2008 at {hour:02d}:{minute:02d}."]
    return [], [f"— {name}, {day:02d}.03.2008 {hour:02d}:{minute:02d}"]


def build_page(kind: str, count: int) -> str:
    """A page of ``count`` comments in layout ``kind``."""
    lines = ["Pier repairs start", "", "posted at 9:00 am on March 1, 2008 by Editor", "",
             "The council has hired a contractor for the pier.", "", "Comments", ""]  # fmt: skip
    previous: list[str] = []
    for n in range(count):
        name = NAMES[n % len(NAMES)]
        own = " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(18)) + f" {n}."
        body = [own, f"Second thought number {n}, about the {WORDS[n % len(WORDS)]}."]
        if n % 5 == 1 and previous:
            body.insert(0, previous[0])  # a quote without its mark
        head, tail = _stamp(kind, name, n)
        if n % 7 == 3 and previous:
            head_p, tail_p = _stamp(kind, NAMES[(n - 1) % len(NAMES)], n - 1)
            pasted = [*head_p, previous[0], *tail_p]
            body = [*pasted, *body] if tail else [*body[:0], *pasted, *body]
        indent = "  " * (n % 3)
        for part in [*head, *body, *tail]:
            lines += [indent + part, ""]
        previous = [own]
    lines.append("Leave a Reply")
    return "\n".join(lines)


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """The best of ``repeat`` runs of ``action``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print the figures for every layout."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--small", type=int, default=2000)
    options.add_argument("--factor", type=int, default=4)
    args = options.parse_args()
    kinds = ["signature-after", "wordpress", "blogger", "movable-type", "posted-by", "learned"]
    print(f"{'layout':16} {'comments':>8} {'seconds':>8} {'comments/s':>11} "
          f"{'x baseline':>10} {'growth':>7}")  # fmt: skip
    for kind in kinds:
        seconds: list[float] = []
        for count in (args.small, args.small * args.factor):
            text = build_page(kind, count)
            post = parse_text(text).posts[0]
            if post.dialect != kind or len(post.comments) < count * 0.95:
                raise SystemExit(f"{kind}: read as {post.dialect}, {len(post.comments)} comments")
            baseline = timed(lambda text=text: [words(line) for line in split_lines(text)])
            elapsed = timed(lambda text=text: parse_text(text))
            seconds.append(elapsed)
            growth = f"{elapsed / seconds[0]:.2f}" if len(seconds) > 1 else ""
            print(f"{kind:16} {len(post.comments):8d} {elapsed:8.3f} {count / elapsed:11.0f} "
                  f"{elapsed / baseline:10.1f} {growth:>7}")  # fmt: skip
    print(
        f"growth: time for {args.factor}x the comments over the time for 1x "
        f"(linear: {args.factor}, all-pairs: {args.factor**2})"
    )


if __name__ == "__main__":
    main()
