"""The window's child processes: launched, read, stopped and reaped the same way, whatever they say.

The window does its heaviest work in child processes, so that it never holds the window's
interpreter lock and its memory is not the window's: :mod:`talkback.gui.parse_process` parses a big
dump, :mod:`talkback.gui.index_process` builds a dump's index. Each keeps its own protocol (what
the child writes to its stdout, and how one message is framed); this module does the rest:

- **Launch**: ``python -m MODULE ARGS`` with the window's own interpreter (``sys.executable``)
  and environment; the child's stderr is dropped unless ``TALKBACK_DEBUG`` is set.
- **Read**: :meth:`ChildProcess.messages` yields the child's messages, framed by its protocol's
  ``read_message``, in the thread that iterates it: a pool thread, never the GUI thread.
- **Stop**: when the caller's cancel flag is set (or :meth:`ChildProcess.stop` is called, from
  any thread), a child that takes a polite stop is sent its stop line and has its stdin closed,
  and is killed if it has not ended :attr:`ChildKind.kill_after` seconds later; any other child
  is killed at once.
- **Crash**: :meth:`ChildProcess.failure` says in one line naming the dump how a child that was
  not stopped ended badly: a non-zero exit status, or its output cut in the middle of a message.
- **Drain**: :meth:`ChildProcess.close` (also on leaving a ``with`` block) stops a child still
  running, reads and drops what a child asked to stop still writes (so that it never blocks on a
  full pipe while it cleans up), and reaps it; the window's pools wait for that at exit.
- **In the child**: :func:`private_output` is the child's stdout, held by it alone, so that its
  output ends when it does, whatever processes of its own it leaves behind for a while.

This module never imports Qt.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Generic, TypeVar

from talkback.core.parser import DumpError

#: set (to anything) to see the children's stderr
DEBUG_ENV = "TALKBACK_DEBUG"
#: how often (seconds) the caller's cancel flag is looked at
CANCEL_POLL_SECONDS = 0.05
#: bytes read at a time while draining a child's output
_DRAIN_CHUNK = 64 * 1024

Message = TypeVar("Message")


class MessageCut(Exception):  # noqa: N818 - a condition of the stream, not a program error
    """Raised by a protocol's ``read_message``: the output ended part-way through a message."""


@dataclass(frozen=True, slots=True)
class ChildKind(Generic[Message]):
    """One kind of child process: what to run and the parts of its protocol the launcher needs."""

    #: the module run with ``python -m``
    module: str
    #: what the process is called in a one-line error: "the {what} process stopped …"
    what: str
    #: reads one message off the child's stdout: None at a clean end of the output, MessageCut
    #: when it ends part-way through a message
    read_message: Callable[[IO[bytes]], Message | None]
    #: written to the child's stdin (which is then closed) to ask it to stop; None: the child is
    #: killed at once instead (its stdin is then not a pipe at all)
    stop_line: bytes | None = None
    #: how long (seconds) a child asked to stop may take before it is killed
    kill_after: float = 0.0


class ChildProcess(Generic[Message]):
    """One running child process of ``kind``: ``python -m kind.module *args``, for ``dump``.

    Launched at once. Setting ``cancel`` stops it (see the module docstring). Use it as a context
    manager, or call :meth:`close` when done, so that the child is always reaped.
    """

    def __init__(
        self,
        kind: ChildKind[Message],
        args: Sequence[str],
        *,
        dump: str,
        cancel: threading.Event | None = None,
    ) -> None:
        self.kind = kind
        self.dump = dump
        self.cancel = cancel if cancel is not None else threading.Event()
        #: whether the output ended part-way through a message
        self.cut = False
        self._stopped = False
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._killer: threading.Timer | None = None
        debug = bool(os.environ.get(DEBUG_ENV))
        self.process = subprocess.Popen(
            [sys.executable, "-m", kind.module, *args],
            stdin=subprocess.DEVNULL if kind.stop_line is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
        )
        self._watcher = threading.Thread(
            target=self._watch_cancel, name=f"{kind.module} watcher", daemon=True
        )
        self._watcher.start()

    def __enter__(self) -> ChildProcess[Message]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def stopped(self) -> bool:
        """Whether the child was told to stop (the cancel flag, or :meth:`stop`)."""
        return self._stopped or self.cancel.is_set()

    def messages(self) -> Iterator[Message]:
        """The child's messages until its output ends (a cut message ends them too: see
        :attr:`cut`). Blocks while the child is quiet: iterate off the GUI thread."""
        stream = self.process.stdout
        assert stream is not None
        while True:
            try:
                message = self.kind.read_message(stream)
            except MessageCut:
                self.cut = True
                return
            if message is None:
                return
            yield message

    def failure(self) -> DumpError | None:
        """Once the output has ended: why the child failed, as one line naming the dump, or None
        when it was stopped or ended well (exit status 0, its last message whole). Waits for the
        child to end."""
        status = self.process.wait()
        if self.stopped:
            return None
        what = self.kind.what
        if status != 0:
            return DumpError(self.dump, f"the {what} process stopped (exit status {status})")
        if self.cut:
            return DumpError(self.dump, f"the {what} process's output ended in mid-message")
        return None

    def stop(self) -> None:
        """Ask the child to stop, or kill it at once if it takes no polite stop (any thread; only
        the first call does anything)."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        if self.process.poll() is not None:
            return
        stdin, line = self.process.stdin, self.kind.stop_line
        if stdin is None or line is None:
            self._kill()
            return
        with contextlib.suppress(OSError, ValueError):  # it ended, or is being closed
            stdin.write(line)
            stdin.flush()
        with contextlib.suppress(OSError, ValueError):
            stdin.close()
        killer = threading.Timer(self.kind.kill_after, self._kill)
        killer.daemon = True
        with self._lock:
            self._killer = killer
        killer.start()

    def close(self) -> None:
        """Stop the child if it still runs, drain its output if it was asked to stop, reap it."""
        if self.process.poll() is None:
            self.stop()
        stdout = self.process.stdout
        assert stdout is not None
        if self.kind.stop_line is not None:
            # a child asked to stop may write a while yet: it must never block on a full pipe
            with contextlib.suppress(OSError, ValueError):
                while stdout.read(_DRAIN_CHUNK):
                    pass
        with contextlib.suppress(OSError, ValueError):
            stdout.close()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.close()
        self.process.wait()
        self._closed.set()
        with self._lock:
            killer = self._killer
        if killer is not None:
            killer.cancel()
        self._watcher.join()

    def _kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    def _watch_cancel(self) -> None:
        """Stop the child once the cancel flag is set, unless it was closed first."""
        while not self._closed.is_set():
            if self.cancel.wait(CANCEL_POLL_SECONDS):
                self.stop()
                return


def private_output() -> IO[bytes]:
    """In a child: its stdout as a stream that no process it starts inherits; stdout itself (file
    descriptor 1) then writes to the null device.

    The child's parsing workers, their forkserver and multiprocessing's resource tracker inherit
    file descriptor 1. Had they the window's pipe, a child killed (or crashed) while they run would
    leave its output open: the window would wait on it for ever, and the workers would run on, as
    the child stays a zombie, which they take for alive, until the window reaps it after that
    output ends.
    """
    sys.stdout.flush()
    private = os.dup(sys.stdout.fileno())  # a new descriptor is not inheritable
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return os.fdopen(private, "wb")
