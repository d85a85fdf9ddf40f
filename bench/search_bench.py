"""Search speed of the in-memory engine on a synthetic archive, beside a plain scan of the texts.

    .venv/bin/python bench/search_bench.py [--comments 200000] [--repeat 15] [--seed 1]

Builds a seeded archive of N comments (words from a Zipf-like vocabulary with a few accented and
punctuated names, quotes of earlier comments, replies, dates over a month), prepares the
SearchCorpus once, then times each query's full pass (every hit counted) ``--repeat`` times and
prints p50/p95. The baseline, measured in the same run over the same comment texts, is the
plainest scan one could write: ``needle in text.casefold()`` for one word of the query. The
ratio is engine p50 / baseline p50 (below 1: faster than the plain scan).

The in-memory engine is one linear pass, so a query on 1M comments costs about five times the
200k figure; the < 50 ms p95 target at 1M comments needs the on-disk FTS5 index (issue 7).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from talkback.core.model import Archive, Block, Comment, Post
from talkback.search import SearchCorpus, compile_query

NAMED = ["Sadr", "Maliki", "Iran", "Après", "déluge", "Basra", "Sadr’s", "Qods", "truce"]
#: (query, the needle its baseline scans for)
QUERIES = [
    ("sadr", "sadr"),
    ("Sadr Maliki", "sadr"),
    ('"long game"', "long game"),
    ("sadr*", "sadr"),
    ("iran -maliki", "iran"),
    ("maliki OR deluge", "maliki"),
    ("apres", "après"),
    ("zzzzqx", "zzzzqx"),
    ("author:~chick", "chick"),
    ('author:"funky chicken"', "funky chicken"),
    ("is:reply has:quote", "sadr"),
    ("on:2008-03-15 iran", "iran"),
    ("replies:>2", "sadr"),
    ("/Mah[d]i/i", "mahdi"),
]


def synthetic_archive(comments: int, seed: int) -> Archive:
    """A seeded archive of about ``comments`` comments, 100 per post."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ran", "te", "su", "vo", "ne", "qui", "dar", "el", "po", "st"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(6000)]
    vocabulary += ["long", "game", "the", "a", "of", "and", "Mahdi", "army"] * 20 + NAMED * 3
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    authors = ["funky chicken", "jp", "Zoë", "Liberty or Death", "chickpea"] + [
        f"reader{number}" for number in range(3000)
    ]
    archive = Archive("synthetic")
    per_post = 100
    for post_number in range(max(1, comments // per_post)):
        post = Post(
            id=f"p{post_number + 1}",
            title=" ".join(rng.choices(vocabulary, weights, k=8)),
            author=rng.choice(authors),
            published=f"2008-03-{post_number % 28 + 1:02d}T09:00:00",
            text=" ".join(rng.choices(vocabulary, weights, k=300)),
        )
        texts: list[str] = []
        for index in range(per_post):
            paragraphs = [
                " ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 40))) + "."
                for _ in range(rng.randint(1, 3))
            ]
            blocks = [Block("text", paragraph) for paragraph in paragraphs]
            parent = None
            if texts and rng.random() < 0.2:
                quoted = rng.randrange(len(texts))
                blocks.insert(0, Block("quote", texts[quoted], f"{post.id}-c{quoted + 1}"))
                parent = f"{post.id}-c{quoted + 1}"
            hour, minute = divmod(index * 7, 60)
            day = f"2008-03-{post_number % 28 + 1:02d}"
            post.comments.append(
                Comment(
                    id=f"{post.id}-c{index + 1}",
                    author=rng.choice(authors),
                    published=f"{day}T{10 + hour % 14:02d}:{minute:02d}:00",
                    blocks=blocks,
                    parent_id=parent,
                )
            )
            texts.append(paragraphs[0])
        post.link()
        archive.add_post(post)
    return archive


def timed(action: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    """Milliseconds of each of ``repeat`` runs, and what the action returned."""
    samples: list[float] = []
    result = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    archive = synthetic_archive(args.comments, args.seed)
    texts = [comment.text for post in archive.posts for comment in post.comments]
    megabytes = sum(len(text) for text in texts) / 1e6
    print(f"synthetic archive: {len(texts):,} comments in {len(archive.posts):,} posts, "
          f"{megabytes:.1f} M characters of comment text, seed {args.seed} "
          f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip

    corpus = SearchCorpus(archive)
    prepare_ms, _ = timed(lambda: len(corpus.documents()), 1)
    fold_ms, _ = timed(lambda: sum(len(text.casefold()) for text in texts), 1)
    print(f"prepare SearchCorpus once: {prepare_ms[0] / 1000:.2f} s "
          f"(baseline: casefold every text once: {fold_ms[0] / 1000:.2f} s)")  # fmt: skip
    print()
    header = (f"{'query':<26} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8}   "
              f"{'baseline':<15} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for text, needle in QUERIES:
        query = compile_query(text)
        engine, hits = timed(lambda query=query: corpus.count(query), args.repeat)  # type: ignore[misc]
        baseline, plain_hits = timed(
            lambda needle=needle: sum(1 for t in texts if needle in t.casefold()),  # type: ignore[misc]
            args.repeat,
        )
        ratio = statistics.median(engine) / statistics.median(baseline)
        print(f"{text:<26} {hits:>8,} {statistics.median(engine):>8.1f} {p95(engine):>8.1f}   "
              f"{needle!r:<15} {plain_hits:>8,} {statistics.median(baseline):>8.1f} "
              f"{p95(baseline):>8.1f} {ratio:>6.2f}")  # fmt: skip
    print()
    print("ratio = engine p50 / baseline p50; the engine counts posts and comments, the baseline "
          "comments only.")  # fmt: skip


if __name__ == "__main__":
    main()
