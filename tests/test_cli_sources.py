"""``talkback parse`` on every kind of dump: exit codes, the contract's JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bombs import gzip_repeated, truncated
from dumps import CONTAINERS, compress, generated_page, page_files, snapshot, tar_bytes, zip_bytes
from talkback import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talkback", *args], capture_output=True, text=True, encoding="utf-8"
    )


def parse_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = cli.main(["parse", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def test_archive_through_the_installed_command(tmp_path: Path) -> None:
    files = page_files(30)
    dump = tmp_path / "dump.tar.gz"
    dump.write_bytes(compress(tar_bytes(files), "gzip"))
    result = run("parse", str(dump), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "talkback/1"
    assert document["source"] == str(dump)
    assert [post["id"] for post in document["posts"]] == [f"p{n}" for n in range(1, 31)]
    assert document["posts"][0]["where"] == f"{dump}!{next(iter(files))}"
    for post in document["posts"]:
        assert {"id", "title", "author", "published", "url", "dialect", "text", "boilerplate",
                "comments"} <= set(post)  # fmt: skip


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda root: (root / "empty").mkdir() or root / "empty", "empty folder (no files in it)"),
        (lambda root: root / "missing.zip", "no such file"),
        (lambda root: write(root / "bomb.gz", gzip_repeated(1024)), "a decompression bomb?"),
        (lambda root: write(root / "x.bin", bytes(range(256)) * 9), "binary data"),
    ],
    ids=["empty-folder", "missing", "bomb", "binary"],
)
def test_unreadable_dumps_exit_1_with_one_line(tmp_path: Path, make: Any, reason: str) -> None:
    dump = make(tmp_path)
    result = run("parse", str(dump), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"talkback: {dump}")
    assert result.stderr.count("\n") == 1 and reason in result.stderr
    assert "Traceback" not in result.stderr


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_each_container(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    suffix, build = CONTAINERS[kind]
    dump = tmp_path / f"dump{suffix}"
    dump.write_bytes(build(page_files(12)))
    before = snapshot(tmp_path)
    code, document = parse_json(capsys, str(dump))
    assert code == 0
    assert len(document["posts"]) == 12
    assert snapshot(tmp_path) == before


def test_folder_outline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "one.txt").write_text(generated_page(1), encoding="utf-8")
    (folder / "two.zip").write_bytes(zip_bytes({"two.txt": generated_page(2).encode()}))
    assert cli.main(["parse", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "[p1] Generated post number 1"
    assert "[p2] Generated post number 2" in lines


def test_jsonl_with_text_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "corpus.jsonl.gz"
    records = [{"body": generated_page(n), "url": f"https://example.org/{n}"} for n in range(1, 4)]
    dump.write_bytes(compress("".join(json.dumps(r) + "\n" for r in records).encode(), "gzip"))
    code, document = parse_json(capsys, str(dump), "--text-field", "body")
    assert code == 0
    assert [post["url"] for post in document["posts"]] == [r["url"] for r in records]
    assert cli.main(["parse", str(dump), "--json"]) == 1
    assert "no 'text' field" in capsys.readouterr().err


def test_empty_text_field_is_bad_usage(tmp_path: Path) -> None:
    assert run("parse", str(tmp_path), "--text-field", " ").returncode == 2


def test_partly_bad_archive_exits_0_with_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {f"p{n:03d}.txt": generated_page(n).encode() for n in range(1, 101)}
    dump = tmp_path / "cut.zip"
    dump.write_bytes(truncated(zip_bytes(files), 0.5))
    code, document = parse_json(capsys, str(dump))
    assert code == 0
    assert 30 < len(document["posts"]) < 100
    assert "zip directory missing" in document["problems"][0]["message"]
    assert document["problems"][-1]["where"].startswith(str(dump))
