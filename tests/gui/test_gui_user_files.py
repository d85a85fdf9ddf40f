"""The user's files are never changed: not by opening, indexing, searching or exporting them.

One set of dumps of every kind sits alone in a folder. Each is opened in the window (offscreen),
indexed, searched (through the index) and exported to another folder. Afterwards every byte,
every modification time and the folder's listing are exactly as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from pytestqt.qtbot import QtBot

from dumps import compress, generated_page, page_files, tar_bytes, zip_bytes
from talkback import cli
from talkback.gui.main_window import MainWindow

pytestmark = pytest.mark.gui

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def make_dumps(folder: Path, harbor: Path) -> dict[str, Path]:
    """One dump of each kind, all in ``folder``."""
    folder.mkdir()
    pages = page_files(4)
    tree = folder / "site"
    for name, data in pages.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(data)
    records = [json.dumps({"text": generated_page(n), "id": f"doc-{n}"}) for n in range(1, 4)]
    dumps = {
        "page": folder / "harbor.txt",
        "folder": tree,
        "zip": folder / "pages.zip",
        "tar.gz": folder / "pages.tar.gz",
        "jsonl": folder / "corpus.jsonl",
        "wxr": folder / "blog.xml",
        "disqus": folder / "forum.xml",
    }
    shutil.copyfile(harbor, dumps["page"])
    dumps["zip"].write_bytes(zip_bytes(pages))
    dumps["tar.gz"].write_bytes(compress(tar_bytes(pages), "gzip"))
    dumps["jsonl"].write_text("\n".join(records) + "\n", encoding="utf-8")
    shutil.copyfile(FIXTURES / "wxr" / "harbor-town-blog.xml", dumps["wxr"])
    shutil.copyfile(FIXTURES / "disqus" / "lakeside-forum.xml", dumps["disqus"])
    old = 1_300_000_000  # mtimes in the past, so that any write would show
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.utime(Path(root, name), (old, old))
    os.utime(folder, (old, old))
    return dumps


def state_of(folder: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry below (and including) ``folder``: its kind, modification time and content."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in [".", *dirs, *files]:
            path = Path(root, name)
            info = path.stat()
            if path.is_dir():
                content = "\n".join(sorted(os.listdir(path)))
                found[str(path)] = ("folder", info.st_mtime_ns, content)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path)] = ("file", info.st_mtime_ns, digest)
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    assert status == 0, (args, captured.err)
    return captured.out


def test_open_index_search_export_change_nothing(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    harbor_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dumps_folder = tmp_path / "dumps"
    dumps = make_dumps(dumps_folder, harbor_path)
    exports = tmp_path / "exports"
    exports.mkdir()
    before = state_of(dumps_folder)
    for kind, dump in dumps.items():
        load(qtbot, window, dump)
        assert window.last_error is None and window.model.archive.posts, kind
        window.select_id(window.model.archive.posts[0].comments[0].id)
        assert run(capsys, "index", "-q", str(dump)).strip()
        assert run(capsys, "index", str(dump)).startswith("index: ")  # reopened, up to date
        hits = run(capsys, "search", "--json", str(dump), "the")
        assert hits.strip(), kind
        for fmt in ("html", "md", "json"):
            out = exports / f"{kind}.{fmt}"
            run(capsys, "export", str(dump), "--thread", "p1", "-o", str(out))
            assert out.stat().st_size > 0
    window.commands.close.trigger()
    assert state_of(dumps_folder) == before  # same bytes, same mtimes, same listings
    assert sorted(path.name for path in dumps_folder.iterdir()) == sorted(
        path.name for path in dumps.values()
    )
    assert len(list(exports.iterdir())) == 3 * len(dumps)
