"""Parsing pages on every core while the dump is read in order on one.

With ``ReadOptions(workers=N)`` (N > 0) the page format does not parse a page itself: it hands on a
:class:`PageJob` (the page's bytes and name). :func:`in_order` sends the jobs to a pool of worker
processes and gives back every item in dump order, each job replaced by what parsing it gave (the
post, then its problems), with at most ``WINDOW_PER_WORKER * N`` pages in flight, so that memory
stays bounded however large the dump. Closing the generator cancels the jobs not yet started.

The workers are started by the ``forkserver`` method (``spawn`` where there is none): a worker
never inherits the threads or open files of the process that reads, such as a window's.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from talkback.core.model import Post, Problem
from talkback.core.parser import parse_bytes

#: pages in flight per worker: enough to keep every worker busy, few enough to bound memory
WINDOW_PER_WORKER = 6


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page read but not parsed yet: its bytes, its name, the forced layout, early problems."""

    data: bytes
    where: str
    dialect: str | None = None
    #: problems met while reading the page (e.g. cut short), given after the parse's own
    notes: tuple[Problem, ...] = field(default_factory=tuple)


class Barrier:
    """Handed on before a reader that numbers its posts: every page in flight is settled first."""


BARRIER = Barrier()


def parse_job(job: PageJob) -> tuple[Post | None, list[Problem]]:
    """Parse one page (in a worker): the post, if it is a comment page, and the problems."""
    post, problems = parse_bytes(job.data, where=job.where, dialect=job.dialect)
    return post, [*job.notes, *problems]


def job_items(job: PageJob) -> Iterator[Post | Problem]:
    """Parse a job here and now: its post (if any), then its problems."""
    post, problems = parse_job(job)
    if post is not None:
        yield post
    yield from problems


def in_order(
    items: Iterator[Post | Problem | PageJob | Barrier], workers: int
) -> Iterator[Post | Problem]:
    """``items`` in order, with every PageJob parsed by a pool of ``workers`` processes.

    At a Barrier every job in flight is finished and handed on before the next item is read.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    window: deque[Future[tuple[Post | None, list[Problem]]] | Post | Problem] = deque()
    limit = WINDOW_PER_WORKER * workers
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        for item in items:
            if isinstance(item, Barrier):
                while window:
                    yield from _resolve(window.popleft())
                continue
            window.append(pool.submit(parse_job, item) if isinstance(item, PageJob) else item)
            while len(window) > limit or (window and _ready(window[0])):
                yield from _resolve(window.popleft())
        while window:
            yield from _resolve(window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ready(entry: object) -> bool:
    return not isinstance(entry, Future) or entry.done()


def _resolve(
    entry: Future[tuple[Post | None, list[Problem]]] | Post | Problem,
) -> Iterator[Post | Problem]:
    if not isinstance(entry, Future):
        yield entry
        return
    post, problems = entry.result()
    if post is not None:
        yield post
    yield from problems  # the same order as job_items
