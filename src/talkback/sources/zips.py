"""Zip archives: members read through ``zipfile`` member streams, in the archive's own order.

A zip that can seek (a file on disk, or a small zip held in memory) is read through its central
directory. When that directory is missing or damaged (most often: the file was cut short), or the
zip sits inside a stream too large to hold in memory, the members are read from their local
headers instead (:mod:`talkback.sources.zipstream`), so that what was read stays.

Every member is checked before it is opened: directories and litter are passed over, symbolic links
and encrypted members are skipped, a name that is absolute or climbs out with ``..`` is reported
(it is only a name; nothing is written), and a member whose declared size or compression ratio
passes the limits is skipped unread. While reading, the whole archive's output is measured against
its size on disk, so that overlapping-member bombs stop too.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable, Generator
from typing import BinaryIO

from talkback.core.model import Problem
from talkback.sources.entries import Member, is_litter, screen_member
from talkback.sources.limits import Budget, LimitedReader, Limits, Meter, size_text
from talkback.sources.streams import READ_ERRORS, as_binary, describe_error
from talkback.sources.zipstream import stream_zip_members

#: zipfile also raises ValueError and RuntimeError for damaged or encrypted archives
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*READ_ERRORS, ValueError, RuntimeError)


def zip_members(
    stream: BinaryIO, where: str, size: int, limits: Limits, budget: Budget
) -> Generator[Member | Problem, None, None]:
    """The regular files of the seekable zip ``stream`` of ``size`` bytes, named ``where``."""
    archive_meter = Meter(
        where, "this zip archive", limits, limit=limits.max_total_bytes, compressed=lambda: size
    )
    try:
        archive = zipfile.ZipFile(stream)
    except _OPEN_ERRORS as error:
        yield Problem(
            where,
            f"zip directory missing or damaged ({error}: cut short?); "
            "reading the members one by one from the start",
        )
        stream.seek(0)
        yield from stream_zip_members(stream, where, limits, [archive_meter, budget.total])
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or is_litter(info.filename):
                continue
            member_where = f"{where}!{info.filename}"
            problems, wanted = screen_member(
                member_where, info.filename, _skip_reason(info, limits)
            )
            yield from problems
            if not wanted:
                continue
            try:
                data = archive.open(info)
            except _OPEN_ERRORS as error:
                yield Problem(member_where, f"{describe_error(error)}; skipped")
                continue
            member_meter = Meter(
                member_where,
                "this member",
                limits,
                limit=limits.max_member_bytes,
                compressed=_constant(info.compress_size),
            )
            with data:
                meters = [member_meter, archive_meter, budget.total]
                yield Member(info.filename, as_binary(LimitedReader(data, meters)), info.file_size)


def _constant(value: int) -> Callable[[], int]:
    return lambda: value


def _skip_reason(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return "is a symbolic link; skipped, links are not followed"
    if info.flag_bits & 0x1:
        return "is encrypted; skipped"
    if info.file_size > limits.max_member_bytes:
        return (
            f"declares {size_text(info.file_size)}, more than the member limit of "
            f"{size_text(limits.max_member_bytes)}; skipped"
        )
    ratio_limit = limits.max_ratio * max(1, info.compress_size)
    if info.file_size > limits.ratio_grace_bytes and info.file_size > ratio_limit:
        return (
            f"declares {size_text(info.file_size)} from {size_text(info.compress_size)} "
            f"(more than {limits.max_ratio}:1): a zip bomb? skipped"
        )
    return None
