"""How fast a 10,000-comment thread exports, against json.dumps of the same thread.

Builds a synthetic post (seeded, so every run is the same) with 10,000 comments: most reply to a
recent comment, one branch is a 600-deep chain, about half quote the comment they answer (with
the pasted signature as attribution), some carry web addresses. Prints the time to render the
HTML page, to write it (atomically), to render Markdown and JSON, and the baseline: json.dumps of
the contract dictionary for the same comments, measured in the same run, with the ratios.

    .venv/bin/python bench/export_bench.py [--comments N] [--out FILE]

Target (issue 6): render + write under 1 s for 10,000 comments.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from talkback.core.model import Archive, Block, Comment, Post
from talkback.core.serialize import post_to_dict
from talkback.export import render_thread, render_thread_json, render_thread_markdown, write_atomic

WORDS = (
    "pier harbor council vote ferry tide deck engineer grant inspection float boat crew market "
    "plaza winter minutes photo library seaward north south ladder repair demolition deadline "
    "the a and of to is it that was we they not but have this on with for as"
).split()
TARGET_SECONDS = 1.0


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def synthetic_archive(count: int, seed: int = 6) -> Archive:
    """One post with ``count`` comments, nested, with quotes and links."""
    rng = random.Random(seed)
    post = Post("p1", title="A very long thread", author="Editor", published="2011-10-14T21:05:00")
    post.text = "\n\n".join(sentence(rng, 25) for _ in range(4))
    chain_start, chain_length = count // 3, min(600, count // 4)
    for number in range(1, count + 1):
        comment_id = f"p1-c{number}"
        minute = number % 60
        published = f"2011-10-{15 + number // 1440:02d}T{(number // 60) % 24:02d}:{minute:02d}:00"
        parent_id = None
        if chain_start < number <= chain_start + chain_length:
            parent_id = f"p1-c{number - 1}"  # the deep chain
        elif number > 1 and rng.random() > 0.1:
            parent_id = f"p1-c{max(1, number - 1 - int(rng.expovariate(1 / 30)))}"
        blocks = []
        if parent_id and rng.random() < 0.5:
            parent = post.comments[int(parent_id.rsplit("c", 1)[1]) - 1]
            blocks.append(
                Block("quote", parent.first_line(160), parent.id, parent.signature or None)
            )
        text = " ".join(sentence(rng, rng.randint(6, 22)) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.05:
            text += f" See https://example.org/harbor/{number}?page=2 for more."
        blocks.append(Block("text", text + ("\n\n" + sentence(rng, 12) if number % 3 else "")))
        author = f"reader{rng.randint(1, 400)}"
        comment = Comment(comment_id, author, published, blocks, parent_id=parent_id)
        comment.signature = f"{author} on October 15, 2011 at {number % 12 + 1}:{minute:02d} PM"
        post.comments.append(comment)
    post.link()
    archive = Archive("synthetic-10k.txt")
    archive.add_post(post)
    return archive


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    """The fastest of ``runs`` timings (seconds) and the last result."""
    times: list[float] = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="keep the HTML page here (for a browser)")
    args = parser.parse_args(argv)

    archive = synthetic_archive(args.comments)
    post = archive.posts[0]
    depth = max(comment.depth for comment in post.comments[: args.comments // 2 + 700])

    def baseline() -> str:
        return json.dumps(post_to_dict(post, post.comments), ensure_ascii=False)

    base_s, _ = best_of(args.runs, baseline)
    html_s, page = best_of(args.runs, lambda: render_thread(archive, "p1"))
    md_s, _ = best_of(args.runs, lambda: render_thread_markdown(archive, "p1"))
    json_s, _ = best_of(args.runs, lambda: render_thread_json(archive, "p1"))
    assert isinstance(page, str)
    data = page.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "thread.html"
        write_s, _ = best_of(args.runs, lambda: write_atomic(target, data, overwrite=True))
    if args.out:
        write_atomic(args.out, data, overwrite=True)

    total = html_s + write_s
    print(f"comments: {args.comments:,}   deepest reply: {depth}   page: {len(data) / 1e6:.1f} MB")
    print(f"  {page.count('<article '):,} comment elements, flat (depth classes, no nesting)")
    print(f"baseline json.dumps of the thread : {base_s * 1000:8.1f} ms")
    print(f"render HTML                       : {html_s * 1000:8.1f} ms  ({html_s / base_s:.1f}x)")
    print(f"write HTML (temp file + rename)   : {write_s * 1000:8.1f} ms")
    print(f"render Markdown                   : {md_s * 1000:8.1f} ms  ({md_s / base_s:.1f}x)")
    print(f"render JSON (indented)            : {json_s * 1000:8.1f} ms  ({json_s / base_s:.1f}x)")
    verdict = "within" if total < TARGET_SECONDS else "OVER"
    print(f"render + write: {total * 1000:.0f} ms, {verdict} the {TARGET_SECONDS:.0f} s target")
    print(f"(each figure is the best of {args.runs} runs)")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
