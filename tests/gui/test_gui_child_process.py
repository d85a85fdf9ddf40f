"""The window's child-process launcher, on small throwaway children: crashes, cancels, deaf
children killed after their grace, output cut in the middle of a message, children reaped."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import IO

import pytest

from talkback.gui.child_process import ChildKind, ChildProcess, MessageCut

pytestmark = pytest.mark.gui

#: how long any one child may take in these tests (they are all much quicker)
QUICK = 5.0


def read_line(stream: IO[bytes]) -> bytes | None:
    """The children's framing here: one message a line."""
    line = stream.readline()
    if line and not line.endswith(b"\n"):
        raise MessageCut
    return line.rstrip(b"\n") or None


@pytest.fixture
def children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on the children's PYTHONPATH, where a test writes its child as a module."""
    folder = tmp_path / "children"
    folder.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(folder))
    return folder


def child_kind(
    folder: Path, name: str, source: str, *, polite: bool = False, kill_after: float = 0.3
) -> ChildKind[bytes]:
    """Write ``source`` as the module ``name`` and return its kind (stop line ``stop`` if
    ``polite``, else killed at once)."""
    (folder / f"{name}.py").write_text(dedent(source), encoding="utf-8")
    stop_line = b"stop\n" if polite else None
    return ChildKind(name, "test", read_line, stop_line, kill_after)


def take(messages: Iterator[bytes], count: int) -> list[bytes]:
    return [next(messages) for _ in range(count)]


def test_a_child_that_crashes_is_one_line_naming_the_dump(children: Path) -> None:
    kind = child_kind(
        children,
        "tb_crash",
        """
        import sys
        print("one", flush=True)
        raise SystemExit(3)
        """,
    )
    with ChildProcess(kind, [], dump="/data/dump.zip") as child:
        assert list(child.messages()) == [b"one"]
        failure = child.failure()
    assert failure is not None
    assert str(failure) == "/data/dump.zip: the test process stopped (exit status 3)"
    assert not child.cut and child.process.returncode == 3


def test_a_child_that_ends_well_is_no_failure(children: Path) -> None:
    kind = child_kind(children, "tb_fine", "import sys\nprint(sys.argv[1], flush=True)\n")
    with ChildProcess(kind, ["an argument"], dump="d") as child:
        assert list(child.messages()) == [b"an argument"]
        assert child.failure() is None


def test_a_cancelled_child_is_asked_to_stop_and_ends_by_itself(children: Path) -> None:
    kind = child_kind(
        children,
        "tb_polite",
        """
        import sys, threading, time
        asked = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.readline(), asked.set()), daemon=True).start()
        while not asked.is_set():
            print("working", flush=True)
            time.sleep(0.01)
        print("tidied up", flush=True)
        """,
        polite=True,
        kill_after=QUICK,
    )
    cancel = threading.Event()
    started = time.monotonic()
    with ChildProcess(kind, [], dump="d", cancel=cancel) as child:
        messages = child.messages()
        assert take(messages, 2) == [b"working", b"working"]
        cancel.set()
        rest = list(messages)  # read to the end while it tidies up
        assert child.failure() is None and child.stopped
    assert rest[-1] == b"tidied up"
    assert child.process.returncode == 0  # it ended on its own, long before the kill
    assert time.monotonic() - started < QUICK


def test_a_child_that_ignores_the_polite_stop_is_killed_after_its_grace(children: Path) -> None:
    kind = child_kind(
        children,
        "tb_deaf",
        """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("started", flush=True)
        while True:
            time.sleep(1)
        """,
        polite=True,
        kill_after=0.3,
    )
    cancel = threading.Event()
    with ChildProcess(kind, [], dump="d", cancel=cancel) as child:
        messages = child.messages()
        assert take(messages, 1) == [b"started"]
        asked = time.monotonic()
        cancel.set()
        assert list(messages) == []
        waited = time.monotonic() - asked
        assert child.failure() is None  # it was stopped: no error for it
    assert child.process.returncode == -signal.SIGKILL
    assert 0.25 <= waited < QUICK  # killed once its grace was over, not before


def test_a_child_without_a_polite_stop_is_killed_at_once(children: Path) -> None:
    kind = child_kind(
        children,
        "tb_busy",
        """
        import time
        print("started", flush=True)
        time.sleep(60)
        """,
    )
    with ChildProcess(kind, [], dump="d") as child:
        messages = child.messages()
        assert take(messages, 1) == [b"started"]
        child.stop()  # from the reading thread here; any thread may
        assert list(messages) == []
        assert child.failure() is None
    assert child.process.returncode == -signal.SIGKILL


def test_output_cut_in_the_middle_of_a_message(children: Path) -> None:
    source = """
        import os, sys
        sys.stdout.write("whole\\nhal")
        sys.stdout.flush()
        os._exit({status})
        """
    for status in (0, 9):
        kind = child_kind(children, f"tb_cut_{status}", source.format(status=status))
        with ChildProcess(kind, [], dump="pages/") as child:
            assert list(child.messages()) == [b"whole"]
            failure = child.failure()
        assert child.cut and failure is not None
        if status:  # a crash says how the process ended
            assert str(failure) == "pages/: the test process stopped (exit status 9)"
        else:  # a clean exit with a message cut short is still not a whole output
            assert str(failure) == "pages/: the test process's output ended in mid-message"


def test_leaving_early_stops_drains_and_reaps_the_child(children: Path) -> None:
    kind = child_kind(
        children,
        "tb_chatty",
        """
        import sys, threading, time
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
        while not stop.is_set():
            print("x" * 1000, flush=True)  # far more than a pipe holds, unless it is read
        time.sleep(0.2)
        for _ in range(200):
            print("y" * 1000, flush=True)
        """,
        polite=True,
        kill_after=QUICK,
    )
    started = time.monotonic()
    with ChildProcess(kind, [], dump="d") as child:
        assert len(take(child.messages(), 3)) == 3  # then the reader stops listening
    assert child.process.returncode == 0  # it was asked, finished writing, and ended
    assert child.stopped and child.failure() is None
    assert time.monotonic() - started < QUICK
