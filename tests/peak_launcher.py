"""Run a command and write its own peak resident memory, for tests that check a child's memory.

Usage: ``python tests/peak_launcher.py REPORT COMMAND...``: runs COMMAND, writes its peak resident
memory in KiB to the file REPORT and exits as COMMAND did (the same status, or the same signal).

Why: on Linux a process's ``ru_maxrss`` starts from what the process it was forked from had
resident (the pages it shares after ``fork`` count, and the count survives ``exec``), so a child
that pytest forks when pytest holds 300 MB reports at least 300 MB, whatever it used itself. This
launcher is small: the command, forked from it, reports what the command itself used.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> int:
    """Run the command, report its peak, exit as it did."""
    report, command = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(report, "w", encoding="ascii") as out:
        out.write(str(usage.ru_maxrss))
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
