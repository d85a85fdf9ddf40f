"""Parsing pages on every core while the dump is read in order on one.

With ``ReadOptions(workers=N)`` (N > 0) the page format does not parse a page itself: it hands on a
:class:`PageJob` (the page's bytes and name). :func:`in_order` sends the jobs to a pool of worker
processes and gives back every item in dump order, each job replaced by what parsing it gave (the
post, then its problems), with at most ``WINDOW_PER_WORKER * N`` pages in flight, so that memory
stays bounded however large the dump. Closing the generator cancels the jobs not yet started.

Every post is handed on as ``prepare(post)``: for ``read_dump`` the post itself; a consumer that
wants something else of each post (the index wants rows ready to insert) passes a ``prepare`` that
runs in the worker, beside the parse, so that the reading process only receives the result. A
worker parses its page under the id the page's post will most likely carry (the posts already
handed on and in flight before it, plus one), so that the reading process seldom has to renumber.

Once the dump's items are all read (or at a Barrier), the last job's bytes and the pickle that
took them to a worker are let go, so that a big last page's result is handed on without them.

The workers are started by the ``forkserver`` method (``spawn`` where there is none): a worker
never inherits the threads or open files of the process that reads, such as a window's.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from talkback.core.model import Post, Problem
from talkback.core.parser import parse_bytes

#: pages in flight per worker: enough to keep every worker busy, few enough to bound memory
WINDOW_PER_WORKER = 6

#: what a post is handed on as (see ``prepare`` in the module docstring)
T = TypeVar("T")


@dataclass(slots=True)
class PageJob:
    """A page read but not parsed yet: its bytes, its name, the forced layout, early problems."""

    data: bytes
    where: str
    dialect: str | None = None
    #: problems met while reading the page (e.g. cut short), given after the parse's own
    notes: tuple[Problem, ...] = field(default_factory=tuple)
    #: the encoding the page was written in, when ``data`` is its text re-encoded as UTF-8
    encoding: str | None = None

    def take_data(self) -> bytes:
        """The page's bytes, which the job lets go (so that a big page's bytes can be freed as
        soon as they are decoded: the worker's call keeps the job until its result is sent)."""
        data, self.data = self.data, b""
        return data


class Barrier:
    """Handed on before a reader that numbers its posts: every page in flight is settled first."""


BARRIER = Barrier()


class ItemEnd:
    """Follows what one item of the dump gave (see :class:`talkback.sources.ReadPoint`)."""


ITEM_END = ItemEnd()


def keep(post: Post) -> Post:
    """The ``prepare`` that hands every post on as it is."""
    return post


def parse_job(job: PageJob, post_id: str = "p1") -> tuple[Post | None, list[Problem]]:
    """Parse one page (in a worker): the post, if it is a comment page, and the problems."""
    post, problems = parse_bytes(
        job.take_data(), where=job.where, post_id=post_id, dialect=job.dialect
    )
    if post is not None and job.encoding is not None:
        post.encoding = job.encoding
    return post, [*job.notes, *problems]


def prepared_job(
    prepare: Callable[[Post], T], job: PageJob, post_id: str
) -> tuple[T | None, list[Problem]]:
    """Parse one page and prepare its post (in a worker)."""
    post, problems = parse_job(job, post_id)
    if post is None:
        return None, problems
    prepared = prepare(post)
    if prepared is not post:
        post.unlink()  # freed on return, without waiting for a garbage collection
    return prepared, problems


def job_items(
    job: PageJob, prepare: Callable[[Post], T], post_id: str = "p1"
) -> Iterator[T | Problem]:
    """Parse a job here and now: its prepared post (if any), then its problems."""
    post, problems = prepared_job(prepare, job, post_id)
    if post is not None:
        yield post
    yield from problems


#: how often (seconds) a worker looks whether the process it parses for is still there
OWNER_CHECK_SECONDS = 1.0
#: a worker's garbage collector looks at young objects once this many more were made than freed
#: (Python's default is 700: a page's parse makes millions, and frees its own without cycles)
WORKER_GC_THRESHOLD = 10_000


def start_worker(owner: int) -> None:
    """Set a worker process up (the pool's initializer): see :func:`tune_worker_gc` and
    :func:`watch_owner`."""
    tune_worker_gc()
    watch_owner(owner)


def tune_worker_gc() -> None:
    """Spare a parsing worker most of the garbage collector's work (about 7 % of its CPU time
    with Python's defaults). Its modules' objects, there for good, are set aside from every
    collection (``gc.freeze``), and young objects are looked at less often: the posts that
    :func:`prepared_job` is done with are unlinked, so a parse leaves no cycles behind."""
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def watch_owner(owner: int) -> None:
    """In a worker: end it once the process ``owner`` that started the pool is gone. A process
    killed outright (SIGKILL, or the window killing an indexing process that did not stop) never
    shuts its pool down, and its workers would wait for work for ever (each holds both ends of the
    queue they wait on), keeping their forkserver alive too."""

    def watch() -> None:
        while True:
            time.sleep(OWNER_CHECK_SECONDS)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)
            except OSError:
                pass  # there, but another user's: not ours to judge

    threading.Thread(target=watch, name="talkback-owner-watch", daemon=True).start()


def in_order(
    items: Iterator[Post | Problem | PageJob | Barrier],
    workers: int,
    prepare: Callable[[Post], T],
    post_id: Callable[[int], str],
) -> Iterator[T | Problem | ItemEnd]:
    """``items`` in order, with every PageJob parsed by a pool of ``workers`` processes and every
    post handed on as ``prepare(post)``; :data:`ITEM_END` follows what each item gave.

    ``post_id(ahead)`` is the id of the post ``ahead`` posts after the next one to be handed on;
    a job is parsed under the id it would carry if every page in flight before it gave a post.
    At a Barrier every job in flight is finished and handed on before the next item is read.
    ``prepare`` must be picklable (a module-level function) for the workers to run it.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    window: deque[Future[tuple[T | None, list[Problem]]] | Post | Problem] = deque()
    limit = WINDOW_PER_WORKER * workers
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
    )
    ahead = 0  # entries in the window that will (most likely) give a post

    def resolve(
        entry: Future[tuple[T | None, list[Problem]]] | Post | Problem,
    ) -> Iterator[T | Problem | ItemEnd]:
        nonlocal ahead
        if isinstance(entry, Problem):
            yield entry
        elif isinstance(entry, Post):
            ahead -= 1
            yield prepare(entry)
        else:
            ahead -= 1
            post, problems = entry.result()
            if post is not None:
                yield post
            yield from problems  # the same order as job_items
        yield ITEM_END

    sent = False  # a job went to the workers since the last one that does nothing

    def let_go() -> None:
        """Make the thread that sends jobs to the workers let the last one's pickle go: it holds
        on to it until it sends another, so it is sent one that does nothing."""
        nonlocal sent
        if sent:
            pool.submit(_nothing)
            sent = False

    try:
        for item in items:
            if isinstance(item, Barrier):
                let_go()
                while window:
                    yield from resolve(window.popleft())
                continue
            if isinstance(item, PageJob):
                window.append(pool.submit(prepared_job, prepare, item, post_id(ahead)))
                sent = True
            else:
                window.append(item)
            if not isinstance(item, Problem):
                ahead += 1
            while len(window) > limit or (window and _ready(window[0])):
                yield from resolve(window.popleft())
        # Neither the last job's bytes nor their pickle stay here while its result is handed on
        # (a big page's post, written row by row)
        item = BARRIER
        let_go()
        while window:
            yield from resolve(window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _nothing() -> None:
    """A job that does nothing (see the end of :func:`in_order`)."""


def _ready(entry: object) -> bool:
    return not isinstance(entry, Future) or entry.done()
