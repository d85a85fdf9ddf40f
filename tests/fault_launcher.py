"""Run ``talkback`` with a fault the operating system cannot be made to give here.

Root reads any file and writes any folder, so "no read permission" and "read-only folder" cannot be
set up for real when the tests run as root; a file that disappears or shrinks while being read
depends on timing. This launcher makes the operating system's own answer happen at the right
moment instead: the named call raises the OSError the kernel would raise, or the file really is
deleted or truncated by "another program" just before or after Talkback opens it. Everything else
is the real ``talkback`` command.

Usage: ``TALKBACK_TEST_FAULT=KIND:PATH python tests/fault_launcher.py talkback-arguments...``;
in a test process, ``install(KIND, PATH, monkeypatch.setattr)`` puts the same fault in place
(undone with the monkeypatch).

- ``unreadable:PATH``: opening or listing PATH fails with EACCES (permission denied).
- ``read-only:DIR``: creating a file or folder below DIR fails with EROFS, and SQLite cannot
  open a database there.
- ``vanish:PATH``: PATH is deleted right after its folder has been listed.
- ``shrink:PATH``: PATH is cut to half its size right after Talkback opens it.
"""

from __future__ import annotations

import errno
import os
import pathlib
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

FAULT_ENV = "TALKBACK_TEST_FAULT"
#: how a fault puts its replacements in place: ``setattr`` or pytest's ``monkeypatch.setattr``
Patch = Callable[[object, str, Any], None]
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _below(path: Any, root: str) -> bool:
    try:
        full = os.path.abspath(os.fsdecode(path))
    except TypeError:
        return False  # a file descriptor
    return full == root or full.startswith(root.rstrip("/") + "/")


def _unreadable(root: str, patch: Patch) -> None:
    real_open, real_scandir = os.open, os.scandir

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if _below(path, root):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def guarded_scandir(path: Any = ".") -> Any:
        if _below(path, root):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_scandir(path)

    patch(os, "open", guarded_open)
    patch(os, "scandir", guarded_scandir)
    patch(pathlib.Path, "open", _path_open_via_os_open)


def _path_open_via_os_open(self: pathlib.Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    """``Path.open`` through ``os.open`` (the C io.open does not call it), so the guard applies."""
    flags = os.O_RDONLY if "r" in mode and "+" not in mode else os.O_RDWR | os.O_CREAT
    descriptor = os.open(self, flags, 0o666)
    return open(descriptor, mode, *args, **kwargs)  # the caller closes it


def _read_only(root: str, patch: Patch) -> None:
    real_open, real_mkdir, real_connect = os.open, os.mkdir, sqlite3.connect

    def refuse(path: Any) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS and _below(path, root):
            raise refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if _below(path, root):
            if os.path.isdir(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fsdecode(path))
            raise refuse(path)
        real_mkdir(path, *args, **kwargs)

    def guarded_connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not kwargs.get("uri") and _below(database, root):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)

    patch(os, "open", guarded_open)
    patch(os, "mkdir", guarded_mkdir)
    patch(sqlite3, "connect", guarded_connect)


def _vanish(target: str, patch: Patch) -> None:
    from talkback.sources import folders, reader

    real_list = folders.list_folder

    def list_then_delete(root: pathlib.Path, where: str) -> list[Any]:
        listing = real_list(root, where)
        os.unlink(target)  # another program removes it between the listing and the read
        return listing

    patch(reader, "list_folder", list_then_delete)


def _shrink(target: str, patch: Patch) -> None:
    real_open = pathlib.Path.open

    def open_then_shrink(self: pathlib.Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        if os.path.abspath(self) == target:
            os.truncate(target, os.path.getsize(target) // 2)  # another program cuts it
        return handle

    patch(pathlib.Path, "open", open_then_shrink)


FAULTS = {"unreadable": _unreadable, "read-only": _read_only, "vanish": _vanish, "shrink": _shrink}


def install(fault: str, patch: Patch = setattr) -> None:
    """Put the fault ``KIND:PATH`` in place in this process."""
    kind, _, path = fault.partition(":")
    FAULTS[kind](os.path.abspath(path), patch)


def main() -> int:
    """Install the fault named in the environment, then run the real command line."""
    fault = os.environ.get(FAULT_ENV, "")
    if fault:
        install(fault)
    from talkback.cli import main as talkback_main

    return talkback_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
