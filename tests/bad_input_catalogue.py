"""The catalogue of bad inputs: every hostile or broken dump Talkback promises to survive.

Each :class:`Case` says how the input is made, what Talkback must do with it and how much it may
cost. An outcome is one of:

- ``refused``: exit status 1 and one line on stderr naming the file and the reason;
- ``partial``: exit status 0, the posts that could be read, and a ``problems`` entry saying what
  was skipped;
- ``read``: exit status 0 and every post (a bad name is not a bad dump).

Small inputs live as files in ``tests/bad_inputs/`` (made by :data:`STATIC`; run
``python tests/bad_input_catalogue.py`` to write them and the folder's README again). Inputs
that must be made on the fly (bombs, a 50 MB line, devices, links, permissions, files that vanish
while read, read-only or full locations) are built in a temporary folder by their case.

Root reads every file and writes every folder, so where a case needs "no read permission" or
"read-only folder" and the tests run as root, the operating system's refusal is simulated at the
moment it would happen by ``tests/fault_launcher.py``; as any other user the real modes are set.
A full disk is real everywhere: the child's file size limit (RLIMIT_FSIZE) makes writes fail.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import shutil
import stat
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from bombs import tar_gz_bomb, zip_bomb  # noqa: E402
from dumps import generated_page  # noqa: E402

BAD_INPUTS = TESTS / "bad_inputs"
FAULT_LAUNCHER = TESTS / "fault_launcher.py"
AS_ROOT = os.geteuid() == 0
MIB = 1024 * 1024
#: a word every generated page holds, for ``talkback search``
QUERY = "item"
#: a fixed time for archive members, so the files in bad_inputs/ are made byte for byte again
EPOCH = 1_200_000_000

Outcome = Literal["refused", "partial", "read"]
Command = Literal["parse", "index", "search", "export"]


@dataclass
class Setup:
    """A case made ready in a folder: the dump, and how the command is to be run on it."""

    dump: Path
    #: what the one line on stderr must name (the dump, unless the fault is elsewhere)
    names: str = ""
    env: dict[str, str] = field(default_factory=dict)
    #: ``KIND:PATH`` for tests/fault_launcher.py, or None to run the plain command
    fault: str | None = None
    #: RLIMIT_FSIZE for the child, in bytes (a full disk), or None
    file_size_limit: int | None = None
    #: where ``talkback export`` writes
    output: Path | None = None

    def __post_init__(self) -> None:
        self.names = self.names or str(self.dump)


@dataclass(frozen=True)
class Case:
    """One bad input, what Talkback must do with it, and the most it may cost."""

    name: str
    what: str
    build: Callable[[Path], Setup]
    outcome: Outcome
    #: in the stderr line (refused) or in a problem's message (partial)
    reason: str = ""
    command: Command = "parse"
    seconds: float = 10.0
    memory_mib: int = 300
    #: commands that must still work in the same setup afterwards (e.g. search without an index)
    afterwards: tuple[Command, ...] = ()

    def argv(self, setup: Setup) -> list[str]:
        """The talkback arguments for this case."""
        return command_argv(self.command, str(setup.dump), setup.output)


def command_argv(command: Command, dump: str, output: Path | None = None) -> list[str]:
    """The talkback arguments of ``command`` on ``dump``."""
    if command == "parse":
        return ["parse", "--json", dump]
    if command == "index":
        return ["index", dump]
    if command == "search":
        return ["search", "--json", dump, QUERY]
    return ["export", dump, "-o", str(output)]


# -- the inputs kept as files in tests/bad_inputs/ -------------------------------------------------


def _pages(count: int) -> dict[str, bytes]:
    return {f"page-{n:02d}.txt": generated_page(n).encode() for n in range(1, count + 1)}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo("placeholder", date_time=(2008, 3, 31, 12, 0, 0))
            info.filename = name  # as written: ZipInfo would clean a hostile name up
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _tar(members: list[tuple[str, bytes, bytes, str]]) -> bytes:
    """A tar of (name, type, data, link target) members."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, kind, data, link in members:
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size, info.mtime = kind, link, len(data), EPOCH
            archive.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def _cut(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


def _wxr(prolog: str, body: str) -> bytes:
    return (
        f'{prolog}<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<wp:wxr_version>1.2</wp:wxr_version><item><title>{body}</title></item></channel></rss>\n"
    ).encode()


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
UTF8_PAGE = (
    "Café “open” late\n\nposted at 9:00 am on May 1, 2008 by Zoë Brontë\n\n"
    "The café’s owner said — naïvely — that it would stay open.\n\nComments\n\n"
    "So much for the crème brûlée, Zoë. It was the best in town.\n\n"
    "José on May 1, 2008 at 9:15 AM\n\nAnd the tarte Tatin, José. Après nous…\n\n"
    "Chloë on May 1, 2008 at 9:20 AM\n"
)

#: file name in tests/bad_inputs/ -> its bytes
STATIC: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "binary.bin": lambda: bytes((n * 7919 + n // 256) % 256 for n in range(8192)),
    "page-named-like-an-archive.zip": lambda: generated_page(1).encode(),
    "zip-named-like-a-page.txt": lambda: _zip(_pages(2)),
    "truncated.txt.gz": lambda: _cut(gzip.compress(generated_page(1, 60).encode(), mtime=0)),
    "truncated.txt.xz": lambda: _cut(lzma.compress(generated_page(1, 60).encode())),
    "truncated.zip": lambda: _cut(_zip(_pages(10))),
    # cut 100 bytes into the sixth page (each page takes a header block and one data block)
    "truncated.tar": lambda: _tar([(n, tarfile.REGTYPE, d, "") for n, d in _pages(10).items()])[
        : 5 * 1024 + 512 + 100
    ],
    "zip-slip.zip": lambda: _zip(
        {
            "../../escape.txt": generated_page(1).encode(),
            "/etc/evil.txt": generated_page(2).encode(),
            "fine.txt": generated_page(3).encode(),
        }
    ),
    "tar-links-and-devices.tar": lambda: _tar(
        [
            ("passwd", tarfile.SYMTYPE, b"", "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, b"", "page.txt"),
            ("zero", tarfile.CHRTYPE, b"", ""),
            ("disk", tarfile.BLKTYPE, b"", ""),
            ("fifo", tarfile.FIFOTYPE, b"", ""),
            ("page.txt", tarfile.REGTYPE, generated_page(1).encode(), ""),
        ]
    ),
    "wxr-entity-expansion.xml": lambda: _wxr(BILLION_LAUGHS, "&lol9;"),
    "wxr-external-entity.xml": lambda: _wxr(EXTERNAL_ENTITY, "&xxe;"),
    "disqus-external-entity.xml": lambda: (
        EXTERNAL_ENTITY + '<disqus xmlns="http://disqus.com"><thread dsq:id="1" '
        'xmlns:dsq="http://disqus.com/disqus-internals"><title>&xxe;</title></thread></disqus>\n'
    ).encode(),
    "invalid-utf8-mid-page.txt": lambda: UTF8_PAGE.encode().replace(
        b"best in", b"best \xff\xfe in"
    ),
}


def _static(name: str) -> Callable[[Path], Setup]:
    def build(folder: Path) -> Setup:
        dump = folder / name
        shutil.copyfile(BAD_INPUTS / name, dump)
        return Setup(dump)

    return build


# -- inputs made on the fly ------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _folder_of(folder: Path, files: dict[str, bytes]) -> Path:
    root = folder / "dump"
    root.mkdir()
    for name, data in files.items():
        _write(root / name, data)
    return root


def _empty_folder(folder: Path) -> Setup:
    (folder / "dump").mkdir()
    return Setup(folder / "dump")


def _folder_without_pages(folder: Path) -> Setup:
    files = {"notes.md": b"just some words, no page\n", "logo.png": bytes(range(256)) * 4,
             "sub/empty.txt": b""}  # fmt: skip
    return Setup(_folder_of(folder, files))


def _fifty_mb_line(folder: Path) -> Setup:
    return Setup(_write(folder / "line.txt", b"word " * (10 * MIB)))


def _fifty_mb_comment(folder: Path) -> Setup:
    page = generated_page(1).replace("Comment 2 on post 1", "Comment 2 " + "word " * (10 * MIB))
    return Setup(_write(folder / "page.txt", page.encode()))


def _fifo_in_folder(folder: Path) -> Setup:
    root = _folder_of(folder, {"page.txt": generated_page(1).encode()})
    os.mkfifo(root / "pipe.txt")  # opening it would block for ever
    return Setup(root)


def _link_loop(folder: Path) -> Setup:
    root = _folder_of(folder, {"a/page.txt": generated_page(1).encode()})
    (root / "a" / "loop").symlink_to("..", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    return Setup(root)


def _unreadable(path: Path) -> str | None:
    """Take away read permission (really, or by a fault when root); gives the fault, if any."""
    if AS_ROOT:
        return f"unreadable:{path}"
    path.chmod(0)
    return None


def _read_only(path: Path) -> str | None:
    """Make a folder read-only (really, or by a fault when root); gives the fault, if any."""
    if AS_ROOT:
        return f"read-only:{path}"
    path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return None


def _no_read_permission(folder: Path) -> Setup:
    dump = _write(folder / "page.txt", generated_page(1).encode())
    return Setup(dump, fault=_unreadable(dump))


def _no_read_permission_in_folder(folder: Path) -> Setup:
    root = _folder_of(folder, _pages(3))
    return Setup(root, fault=_unreadable(root / "page-02.txt"))


def _vanishing_file(folder: Path) -> Setup:
    root = _folder_of(folder, _pages(3))
    return Setup(root, fault=f"vanish:{root / 'page-02.txt'}")


def _shrinking_file(folder: Path) -> Setup:
    pages = [(name, tarfile.REGTYPE, data, "") for name, data in _pages(20).items()]
    dump = _write(folder / "dump.tar", _tar(pages))
    return Setup(dump, fault=f"shrink:{dump}")


def _big_page(folder: Path) -> Path:
    return _write(folder / "page.txt", generated_page(1, comments=1500).encode())


def _index_read_only(folder: Path) -> Setup:
    cache = folder / "cache"
    cache.mkdir()
    return Setup(_big_page(folder), names=str(cache), env={"TALKBACK_CACHE_DIR": str(cache)},
                 fault=_read_only(cache))  # fmt: skip


def _index_full(folder: Path) -> Setup:
    cache = folder / "cache"
    return Setup(_big_page(folder), names=str(cache), env={"TALKBACK_CACHE_DIR": str(cache)},
                 file_size_limit=64 * 1024)  # fmt: skip


def _index_not_a_folder(folder: Path) -> Setup:
    cache = _write(folder / "cache", b"a file where the cache folder should be")
    return Setup(_big_page(folder), names=str(cache), env={"TALKBACK_CACHE_DIR": str(cache)})


def _export_read_only(folder: Path) -> Setup:
    out = folder / "out"
    out.mkdir()
    target = out / "thread.html"
    return Setup(_big_page(folder), names=str(target), output=target, fault=_read_only(out))


def _export_full(folder: Path) -> Setup:
    target = folder / "out" / "thread.html"
    target.parent.mkdir()
    return Setup(_big_page(folder), names=str(target), output=target, file_size_limit=64 * 1024)


CASES: list[Case] = [
    Case("empty-file", "an empty file", _static("empty.txt"), "refused", "empty file"),
    Case("empty-folder", "a folder with nothing in it", _empty_folder, "refused",
         "empty folder (no files in it)"),
    Case("folder-without-pages", "a folder of files none of which is a comment page",
         _folder_without_pages, "refused", "no comment pages found"),
    Case("binary-file", "binary data of no known kind", _static("binary.bin"), "refused",
         "binary data, not a text page"),
    Case("page-named-like-an-archive", "a page whose name ends in .zip",
         _static("page-named-like-an-archive.zip"), "read"),
    Case("zip-named-like-a-page", "a zip archive whose name ends in .txt",
         _static("zip-named-like-a-page.txt"), "read"),
    Case("truncated-gzip", "a gzip page cut short", _static("truncated.txt.gz"), "partial",
         "truncated (the data ends early)"),
    Case("truncated-xz", "an xz page cut short", _static("truncated.txt.xz"), "partial",
         "truncated (the data ends early)"),
    Case("truncated-zip", "a zip archive cut short (no directory)", _static("truncated.zip"),
         "partial", "zip directory missing or damaged"),
    Case("truncated-tar", "a tar archive cut short", _static("truncated.tar"), "partial",
         "tar archive truncated (the data ends early)"),
    Case("zip-slip", "zip members named ../../escape.txt and /etc/evil.txt",
         _static("zip-slip.zip"), "partial", "climbs out of the archive with '..'"),
    Case("zip-bomb", "a 1 MB zip whose member expands to 1 GiB", lambda f: Setup(
         _write(f / "bomb.zip", zip_bomb(1024))), "refused", "a zip bomb?", seconds=10),
    Case("tar-bomb", "a 1 MB .tar.gz whose member expands to 1 GiB", lambda f: Setup(
         _write(f / "bomb.tar.gz", tar_gz_bomb(1024))), "refused", "a decompression bomb?",
         seconds=10),
    Case("tar-links-and-devices", "tar members that are links, devices and a pipe",
         _static("tar-links-and-devices.tar"), "partial",
         "is a symbolic link (to '/etc/passwd'); skipped, links are not followed"),
    Case("xml-entity-expansion", "a WordPress export with a billion-laughs DTD",
         _static("wxr-entity-expansion.xml"), "refused", "refused: the XML has a DTD"),
    Case("xml-external-entity", "a WordPress export with an external entity (file:///etc/passwd)",
         _static("wxr-external-entity.xml"), "refused", "refused: the XML has a DTD"),
    Case("disqus-external-entity", "a Disqus export with an external entity",
         _static("disqus-external-entity.xml"), "refused", "refused: the XML has a DTD"),
    Case("fifty-megabyte-line", "a 50 MB file of one line and no page", _fifty_mb_line,
         "refused", "not a comment page", seconds=20, memory_mib=600),
    Case("fifty-megabyte-comment", "a page whose one comment is a 50 MB line", _fifty_mb_comment,
         "read", seconds=20, memory_mib=800),
    Case("invalid-utf8", "a UTF-8 page with invalid bytes in the middle",
         _static("invalid-utf8-mid-page.txt"), "partial",
         "2 bytes that are not valid utf-8 were replaced with U+FFFD"),
    Case("device", "a character device (/dev/zero) as the dump",
         lambda f: Setup(Path("/dev/zero")), "refused", "not a file or folder"),
    Case("pipe-in-folder", "a named pipe in a folder of pages", _fifo_in_folder, "partial",
         "not a regular file (a pipe, socket or device); skipped"),
    Case("folder-link-loop", "folder links that lead back up (a/loop -> .., self -> .)",
         _link_loop, "partial", "link to a folder already read (a loop?); skipped"),
    Case("no-read-permission", "a page that may not be read", _no_read_permission, "refused",
         "permission denied"),
    Case("no-read-permission-in-folder", "one page of a folder that may not be read",
         _no_read_permission_in_folder, "partial", "permission denied; skipped"),
    Case("file-vanishes", "a page deleted after its folder is listed, before it is read",
         _vanishing_file, "partial", "file vanished while being read; skipped"),
    Case("file-shrinks", "a tar archive cut to half by another program while it is read",
         _shrinking_file, "partial", "tar archive"),
    Case("index-location-read-only", "TALKBACK_CACHE_DIR is a read-only folder",
         _index_read_only, "refused", "cannot write the index (read-only file system)",
         command="index", afterwards=("parse", "search")),
    Case("index-location-full", "the disk under TALKBACK_CACHE_DIR is full", _index_full,
         "refused", "cannot write the index", command="index", afterwards=("parse", "search")),
    Case("index-location-not-a-folder", "TALKBACK_CACHE_DIR is a file", _index_not_a_folder,
         "refused", "cannot write the index (not a directory)", command="index",
         afterwards=("parse", "search")),
    Case("export-location-read-only", "the export goes to a read-only folder", _export_read_only,
         "refused", "Read-only file system", command="export"),
    Case("export-location-full", "the export goes to a full disk", _export_full, "refused",
         "cannot write", command="export"),
]  # fmt: skip

CASES_BY_NAME = {case.name: case for case in CASES}


def readme() -> str:
    """The text of tests/bad_inputs/README.md: every case, its input, outcome and limits."""
    lines = [
        "# Bad inputs",
        "",
        "Every hostile or broken input Talkback promises to survive, with what it must do and the",
        "most it may take. The list is `CASES` in `tests/bad_input_catalogue.py` (this file is",
        "written from it by `python tests/bad_input_catalogue.py`); the files here are the inputs",
        "small enough to keep, the others are made on the fly. `tests/test_bad_inputs.py` runs",
        "the command on each in a child process and checks the exit status, the one line on",
        "stderr (never a traceback), the problem reported, the time and the peak memory;",
        "`tests/gui/test_gui_bad_inputs.py` opens each in the window.",
        "",
        "- **refused**: exit status 1, one line on stderr naming the file and the reason.",
        "- **partial**: exit status 0, every readable post, and a `problems` entry.",
        "- **read**: exit status 0, every post.",
        "",
        "| case | input | command | outcome | reason | at most |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case in CASES:
        reason = f"`{case.reason}`" if case.reason else ""
        if case.afterwards:
            reason += "; then " + " and ".join(f"`{c}`" for c in case.afterwards) + " still work"
        lines.append(
            f"| {case.name} | {case.what} | `{case.command}` | {case.outcome} | {reason} "
            f"| {case.seconds:g} s, {case.memory_mib} MiB |"
        )
    return "\n".join(lines) + "\n"


def write_static_files() -> None:
    """Write every file of :data:`STATIC` and the README into tests/bad_inputs/."""
    BAD_INPUTS.mkdir(exist_ok=True)
    for name, make in STATIC.items():
        (BAD_INPUTS / name).write_bytes(make())
    (BAD_INPUTS / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    write_static_files()
    print(f"wrote {len(STATIC)} inputs and README.md to {BAD_INPUTS}")
