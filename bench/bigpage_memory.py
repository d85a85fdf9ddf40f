"""Peak memory of every process while ``talkback index`` indexes one very big page.

    .venv/bin/python bench/bigpage_memory.py                 # a page of 100,000 comments
    .venv/bin/python bench/bigpage_memory.py --comments 20000   # a quick look
    .venv/bin/python bench/bigpage_memory.py --layout wxr    # one post of a WordPress export
    .venv/bin/python bench/bigpage_memory.py --layout disqus # one thread of a Disqus export
    .venv/bin/python bench/bigpage_memory.py --page PATH     # any page (copied alone to a folder)
    .venv/bin/python bench/bigpage_memory.py --dump PATH     # any dump as it is (e.g. a folder)

The page is generated (seeded, as ``bench/gui_index.py`` makes its ``zz-big.txt``) once, in a
folder of its own in /tmp; with ``--layout`` in another comment layout, or as a WordPress (WXR)
or Disqus export of that one post (``bench/generate.py``: a reply quotes the comment it answers
in a ``<blockquote>``). Then, each in a fresh interpreter:

- the baseline: a bare read of the page (its bytes read and decoded to text, nothing else; for
  ``--dump``, of its largest file);
- ``talkback index FOLDER --rebuild`` into a scratch cache, as a user runs it: the indexing
  process (it reads the dump and writes the index), the forkserver and the parsing workers it
  starts (``ReadOptions.workers``, one per CPU).

The indexing process reports its own peak (``ru_maxrss``) when it is done; the others' peaks are
their ``VmHWM`` (the kernel's high-water mark of their resident memory), read from /proc every
0.1 s while they live. Prints each process's peak beside the baseline's, and whether every one
stays under the target (500 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import EXPORTS, LAYOUTS, Shape, generate

TARGET_MB = 500.0
MB = 1_000_000
KIB = 1024


@dataclass
class Seen:
    """One process of the build, as sampled from /proc."""

    pid: int
    parent: int
    command: str
    peak_kib: int = 0
    samples: int = 0
    role: str = field(default="")


def page_for(args: argparse.Namespace) -> Path:
    """A folder holding the page alone: generated (seeded, cached) or a copy of ``--page``."""
    base = Path(tempfile.gettempdir())
    if args.page:
        source = Path(args.page)
        folder = base / f"talkback-bench-bigpage-{source.stem}-{source.stat().st_size}"
        if not (folder / source.name).exists():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / source.name)
        return folder / source.name
    layout = "" if args.layout == "signature-after" else f"-{args.layout}"
    folder = base / f"talkback-bench-bigpage-{args.comments}-seed{args.seed}{layout}"
    target = folder / ("zz-big.xml" if args.layout in EXPORTS else "zz-big.txt")
    if not target.exists():
        print(f"generating {target} …", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / "zz-big.partial"
        generate(partial, Shape(0, comments_per_page=args.comments, seed=args.seed), args.layout)
        partial.rename(target)
    return target


def bare_read(path: Path) -> None:
    """The baseline, in this (fresh) interpreter: read the page and decode it, print the peak."""
    from talkback.core.decode import decode

    decoded = decode(path.read_bytes())
    print(json.dumps({"chars": len(decoded.text), "peak_kib": _own_peak_kib()}))


def index_folder(folder: Path) -> None:
    """Run ``talkback index FOLDER --rebuild`` in this (fresh) interpreter, print its peak."""
    from talkback.cli import main as talkback

    started = time.perf_counter()
    status = talkback(["index", str(folder), "--rebuild", "--quiet"])
    figures = {"status": status, "seconds": time.perf_counter() - started}
    print(json.dumps({**figures, "peak_kib": _own_peak_kib()}))


def _own_peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _status(pid: int) -> tuple[int, int] | None:
    """A process's parent and VmHWM (KiB), or None once it is gone."""
    parent = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("PPid:"):
                    parent = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return parent, hwm


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _descendants(root: int, known: dict[int, Seen]) -> list[int]:
    """The live processes below ``root`` (children first found through /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            state = _status(int(entry.name))
            if state is not None:
                parents[int(entry.name)] = state[0]
    found: list[int] = []
    frontier = [root]
    while frontier:
        current = frontier.pop()
        children = [pid for pid, parent in parents.items() if parent == current]
        found.extend(children)
        frontier.extend(children)
    return [pid for pid in found if pid in parents or pid in known]


def run_sampled(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], list[Seen]]:
    """Run ``command`` and sample the peaks of its descendants until it ends."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    seen: dict[int, Seen] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid, seen):
            state = _status(pid)
            if state is None:
                continue
            entry = seen.get(pid)
            if entry is None:
                entry = seen[pid] = Seen(pid, state[0], _command(pid))
            entry.peak_kib = max(entry.peak_kib, state[1])
            entry.samples += 1
        time.sleep(0.1)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures, sorted(_name_roles(process.pid, seen), key=lambda e: e.pid)


def _name_roles(root: int, seen: dict[int, Seen]) -> list[Seen]:
    """Say what each process sampled below ``root`` is (a worker's command line is the
    forkserver's: it is told apart by its parent)."""
    servers = {e.pid for e in seen.values() if e.parent == root and "forkserver" in e.command}
    workers = sorted((e for e in seen.values() if e.parent in servers), key=lambda e: e.pid)
    for number, entry in enumerate(workers, 1):
        entry.role = f"parsing worker {number}"
    for entry in seen.values():
        if entry.pid in servers:
            entry.role = "forkserver (starts the workers)"
        elif "resource_tracker" in entry.command:
            entry.role = "multiprocessing resource tracker"
        elif not entry.role:
            entry.role = f"other child ({entry.command[:40]})"
    return list(seen.values())


def main(argv: list[str] | None = None) -> int:
    """Generate (or copy) the page, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="measure this page instead of a generated one")
    parser.add_argument("--dump", help="measure this dump as it is (its largest file: baseline)")
    parser.add_argument("--comments", type=int, default=100_000, help="comments of the page")
    parser.add_argument("--seed", type=int, default=4, help="as bench/gui_index.py's zz-big.txt")
    parser.add_argument(
        "--layout",
        choices=[*sorted(LAYOUTS), *EXPORTS],
        default="signature-after",
        help="the generated page's comment layout, or an export (wxr, disqus) of its one post",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, path = args.child
        (bare_read if mode == "read" else index_folder)(Path(path))
        return 0
    if args.dump:
        dump = Path(args.dump)
        files = [dump] if dump.is_file() else [p for p in dump.rglob("*") if p.is_file()]
        page = max(files, key=lambda path: path.stat().st_size)
        total = sum(path.stat().st_size for path in files) / MB
        print(f"dump: {dump} ({len(files):,} files, {total:,.1f} MB)")
    else:
        page = page_for(args)
        dump = page.parent
    size = page.stat().st_size
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    read, _ = run_sampled([*me, "read", str(page)], dict(os.environ))
    with tempfile.TemporaryDirectory(prefix="talkback-bench-bigpage-cache-") as cache:
        env = {**os.environ, "TALKBACK_CACHE_DIR": cache}
        built, processes = run_sampled([*me, "index", str(dump)], env)
    baseline = read["peak_kib"] * KIB / MB
    print(f"page: {page} ({size / MB:,.1f} MB, {read['chars']:,.0f} characters)")
    print(f"baseline, a bare read of the page (bytes + text):  {baseline:7.0f} MB")
    rows = [("the indexing process (talkback index)", built["peak_kib"], 0)]
    rows += [(entry.role, entry.peak_kib, entry.samples) for entry in processes]
    for role, peak_kib, samples in rows:
        peak = peak_kib * KIB / MB
        how = f"   ({samples} samples)" if samples else "   (its own ru_maxrss)"
        print(f"{role + ':':<50} {peak:7.0f} MB  {peak / baseline:5.1f}x baseline{how}")
    worst = max(peak_kib for _role, peak_kib, _samples in rows) * KIB / MB
    print(f"index built in {built['seconds']:.1f} s")
    verdict = "met" if worst < TARGET_MB else "NOT met"
    print(f"largest process {worst:.0f} MB; target {TARGET_MB:.0f} MB per process {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
