"""Every entry of the bad-input catalogue, through the real command in a child process.

For each case: the exit status, one line on stderr naming the file and the reason (never a
traceback), the problem reported for a partial read, the time taken and the child's peak memory
(``ru_maxrss`` from ``wait4``, taken by ``peak_launcher.py`` so that pytest's own memory is not
counted in it; an address-space limit stops a runaway child long before it could take the
machine's memory).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bad_input_catalogue import (
    BAD_INPUTS,
    CASES,
    FAULT_LAUNCHER,
    STATIC,
    Case,
    Command,
    Setup,
    command_argv,
    readme,
)

#: a child that reaches this much address space fails instead of swapping the machine to death
ADDRESS_SPACE_LIMIT = 4 * 1024 * 1024 * 1024
#: runs a command and reports the command's own peak memory (see its docstring)
PEAK_LAUNCHER = Path(__file__).resolve().parent / "peak_launcher.py"


@dataclass(frozen=True)
class Run:
    """What a child did: its status, output, time and peak resident memory."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def run_talkback(argv: list[str], setup: Setup, timeout: float) -> Run:
    """Run ``talkback ARGV`` for ``setup`` in a child process and measure it."""
    handle, name = tempfile.mkstemp(prefix="talkback-peak-")
    os.close(handle)
    report = Path(name)
    env = {**os.environ, **setup.env}
    if setup.fault:
        env["TALKBACK_TEST_FAULT"] = setup.fault
        command = [sys.executable, str(FAULT_LAUNCHER), *argv]
    else:
        command = [sys.executable, "-m", "talkback", *argv]
    size_limit = setup.file_size_limit

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
        if size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (size_limit, size_limit))

    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, str(PEAK_LAUNCHER), str(report), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=limit,
        start_new_session=True,
    )
    output: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, pipe=pipe: output.update({name: pipe.read()}))
        for name, pipe in (("stdout", child.stdout), ("stderr", child.stderr))
    ]
    for reader in readers:
        reader.start()
    # a hang fails the test, not the run
    watchdog = threading.Timer(timeout * 3, os.killpg, (child.pid, signal.SIGKILL))
    watchdog.start()
    try:
        _, wait_status, _usage = os.wait4(child.pid, 0)
    finally:
        watchdog.cancel()
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(wait_status)
    for reader in readers:
        reader.join()
    for pipe in (child.stdout, child.stderr):
        assert pipe is not None
        pipe.close()
    return Run(
        child.returncode,
        output["stdout"].decode("utf-8", "replace"),
        output["stderr"].decode("utf-8", "replace"),
        seconds,
        _peak_kib(report) / 1024,
    )


def _peak_kib(report: Path) -> float:
    """What the launcher wrote (infinite when it wrote nothing: the child was killed)."""
    text = report.read_text(encoding="ascii")
    report.unlink()
    return int(text) if text else float("inf")


def check_refused(case: Case, setup: Setup, run: Run) -> None:
    assert run.status == 1, f"exit {run.status}; stderr {run.stderr!r}"
    assert run.stderr.count("\n") == 1 and run.stderr.endswith("\n"), run.stderr
    line = run.stderr.rstrip("\n")
    assert "Traceback" not in line and "internal error" not in line, line
    assert line.startswith("talkback: ") and setup.names in line, line
    assert case.reason in line, line
    if case.command == "parse":
        assert run.stdout == ""


def check_read(case: Case, setup: Setup, run: Run) -> dict[str, Any]:
    assert run.status == 0, f"exit {run.status}; stderr {run.stderr!r}"
    assert run.stderr == ""
    document: dict[str, Any] = json.loads(run.stdout)
    assert document["format"] == "talkback/1" and document["posts"]
    return document


def check_partial(case: Case, setup: Setup, run: Run) -> None:
    document = check_read(case, setup, run)
    matching = [p for p in document["problems"] if case.reason in p["message"]]
    assert matching, f"no problem says {case.reason!r}: {document['problems']}"
    assert all(p["where"].startswith(str(setup.dump)) for p in matching)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    setup = case.build(tmp_path)
    before = snapshot_of(setup.dump)
    run = run_talkback(case.argv(setup), setup, case.seconds)
    if case.outcome == "refused":
        check_refused(case, setup, run)
    elif case.outcome == "partial":
        check_partial(case, setup, run)
    else:
        check_read(case, setup, run)
    assert run.seconds < case.seconds, f"took {run.seconds:.1f} s"
    assert run.peak_mib < case.memory_mib, f"peak {run.peak_mib:.0f} MiB"
    for command in case.afterwards:  # e.g. parse and search without the index
        after = run_talkback(still_works_argv(command, setup), setup, case.seconds)
        assert after.status == 0 and after.stderr == "", (command, after.stderr)
        assert after.stdout.strip()
    if not setup.fault or setup.fault.startswith(("unreadable", "read-only")):
        assert snapshot_of(setup.dump) == before  # the dump itself is never changed


def still_works_argv(command: Command, setup: Setup) -> list[str]:
    return command_argv(command, str(setup.dump), setup.output)


def snapshot_of(path: Path) -> object:
    """The bytes and modification time of a file (or of every file below a folder)."""
    if not path.exists() or path.is_char_device():
        return None
    if path.is_file():
        return (path.stat().st_mtime_ns, path.read_bytes())
    found = {}
    for root, _, files in os.walk(path):
        for name in files:
            full = Path(root, name)
            if full.is_file() and os.access(full, os.R_OK):
                found[str(full)] = (full.stat().st_mtime_ns, full.read_bytes())
    return found


def test_the_kept_inputs_are_what_the_catalogue_makes() -> None:
    for name, make in STATIC.items():
        assert (BAD_INPUTS / name).read_bytes() == make(), (
            f"run tests/bad_input_catalogue.py: {name}"
        )
    assert (BAD_INPUTS / "README.md").read_text(encoding="utf-8") == readme()
    kept = {path.name for path in BAD_INPUTS.iterdir()} - {"README.md"}
    assert kept == set(STATIC)


def test_every_promise_of_issue_8_has_a_case() -> None:
    names = {case.name for case in CASES}
    wanted = {
        "empty-file", "empty-folder", "folder-without-pages", "binary-file",
        "page-named-like-an-archive", "truncated-gzip", "truncated-xz", "truncated-zip",
        "truncated-tar", "zip-slip", "zip-bomb", "tar-bomb", "tar-links-and-devices",
        "xml-entity-expansion", "xml-external-entity", "fifty-megabyte-line", "invalid-utf8",
        "file-vanishes", "file-shrinks", "index-location-read-only", "index-location-full",
        "export-location-read-only", "export-location-full", "no-read-permission",
        "folder-link-loop",
    }  # fmt: skip
    assert wanted <= names
    assert {"refused", "partial", "read"} == {case.outcome for case in CASES}


def test_the_peak_measured_is_the_childs_own(tmp_path: Path) -> None:
    held = bytearray(200 * 1024 * 1024)  # pytest holding this much must not count as the child's
    held[::4096] = b"\x01" * len(held[::4096])
    setup = Setup(tmp_path / "none.txt")
    run = run_talkback(["--version"], setup, timeout=30)
    assert run.status == 0
    assert run.peak_mib < 100, f"peak {run.peak_mib:.0f} MiB"
    del held
