"""Tar archives read as a stream: one member after another, never extracted, never seeking back.

Python's tarfile takes a cut or a damaged header for the end of the archive; its header reader is
watched so that those are reported. Only regular files are read. Links (symbolic or hard),
devices, pipes and other special members are skipped with a problem: following them would reach
outside the archive. A member declaring more than the member limit is skipped unread; an archive
cut short keeps the members read before the cut.
"""

from __future__ import annotations

import tarfile
from collections.abc import Generator
from typing import BinaryIO, Self

from talkback.core.model import Problem
from talkback.core.text import name_label
from talkback.sources.entries import Member, is_litter, screen_member
from talkback.sources.limits import Budget, LimitedReader, Limits, Meter, size_text
from talkback.sources.streams import READ_ERRORS, as_binary, describe_error


def tar_members(
    stream: BinaryIO, where: str, limits: Limits, budget: Budget
) -> Generator[Member | Problem, None, None]:
    """The regular files of the tar archive ``stream`` (named ``where``), in archive order."""
    try:
        archive = tarfile.open(fileobj=stream, mode="r|", tarinfo=_WatchedTarInfo)  # noqa: SIM115
    except READ_ERRORS as error:
        yield Problem(where, f"tar archive could not be read: {describe_error(error)}")
        return
    read = 0
    with archive:
        while True:
            try:
                info = archive.next()
            except READ_ERRORS as error:
                yield Problem(
                    where,
                    f"tar archive {describe_error(error)} after {read} members; "
                    "the members before are kept, the rest is lost",
                )
                return
            # tarfile keeps every header it read (memory would grow with the member count)
            archive.members.clear()  # type: ignore[attr-defined,unused-ignore]
            if info is None:
                ending = _ending(archive)
                if ending is not None:
                    yield Problem(
                        where, f"tar archive {ending} after {read} members; the rest is lost"
                    )
                return
            if info.isdir() or is_litter(info.name):
                continue
            name = name_label(info.name)
            member_where = f"{where}!{name}"
            problems, wanted = screen_member(member_where, name, _skip_reason(info, limits))
            yield from problems
            if not wanted:
                continue
            data = archive.extractfile(info)
            if data is None:  # pragma: no cover - regular files always give a stream
                continue
            meter = Meter(member_where, "this member", limits, limit=limits.max_member_bytes)
            read += 1
            yield Member(name, as_binary(LimitedReader(data, [meter, budget.total])), info.size)


class _WatchedTarInfo(tarfile.TarInfo):
    """Remembers why tarfile stopped reading headers (it takes a cut for the end of the archive)."""

    @classmethod
    def fromtarfile(cls, tarfile_: tarfile.TarFile) -> Self:
        try:
            return super().fromtarfile(tarfile_)
        except tarfile.HeaderError as error:
            tarfile_.talkback_stop = error  # type: ignore[attr-defined]
            raise


def _ending(archive: tarfile.TarFile) -> str | None:
    """Why the archive ended, when it did not end with its end marker (None if it did)."""
    stop = type(getattr(archive, "talkback_stop", None)).__name__
    if stop in ("EmptyHeaderError", "TruncatedHeaderError"):
        return "ends without its end marker (cut short?)"
    if stop == "InvalidHeaderError":
        return "damaged (a header with a bad checksum)"
    return None


def _skip_reason(info: tarfile.TarInfo, limits: Limits) -> str | None:
    if info.issym():
        return f"is a symbolic link (to {info.linkname!r}); skipped, links are not followed"
    if info.islnk():
        return f"is a hard link (to {info.linkname!r}); skipped, links are not followed"
    if info.ischr() or info.isblk():
        return "is a device; skipped"
    if info.isfifo():
        return "is a named pipe; skipped"
    if not info.isreg():
        return "is not a regular file; skipped"
    if info.size > limits.max_member_bytes:
        return (
            f"declares {size_text(info.size)}, more than the member limit of "
            f"{size_text(limits.max_member_bytes)}; skipped"
        )
    return None
