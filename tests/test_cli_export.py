"""``talkback export``: what it writes, its exit codes and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from export_pages import parse_page
from talkback import cli
from talkback.cli import export_command
from talkback.core.model import Archive, Post


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_exports_a_comment_thread(harbor_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "thread.html"
    status, stdout, stderr = run(capsys, str(harbor_path), "--thread", "p1-c3", "-o", str(out))
    assert (status, stderr) == (0, "")
    assert stdout == f"Exported p1-c3 (4 comments) to {out}\n"
    document = parse_page(out.read_text(encoding="utf-8"))
    assert document.find(".//article[@id='p1-c3']") is not None


def test_a_dump_of_one_post_needs_no_thread(harbor_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "post.html"
    status, stdout, _ = run(capsys, str(harbor_path), "-o", str(out))
    assert status == 0 and "Exported p1 (11 comments)" in stdout


def test_several_posts_need_a_thread(harbor_path: Path, tmp_path: Path, capsys, monkeypatch):
    two = Archive(str(harbor_path))
    two.add_post(Post("p1", title="one"))
    two.add_post(Post("p2", title="two"))
    monkeypatch.setattr(export_command, "load_archive", lambda path, options: two)
    status, _, stderr = run(capsys, str(harbor_path), "-o", str(tmp_path / "x.html"))
    assert status == 2
    assert stderr.startswith("talkback: ") and "holds 2 posts" in stderr and "--thread" in stderr
    assert stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_unknown_id_is_bad_usage(harbor_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.html"
    status, stdout, stderr = run(capsys, str(harbor_path), "--thread", "p1-c42", "-o", str(out))
    assert status == 2 and stdout == ""
    assert "'p1-c42'" in stderr and "talkback parse" in stderr
    assert stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_refuses_an_existing_file_unless_forced(harbor_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "x.html"
    out.write_text("mine", encoding="utf-8")
    status, _, stderr = run(capsys, str(harbor_path), "-o", str(out))
    assert status == 2
    assert stderr == f"talkback: {out} already exists (use --force to replace it)\n"
    assert out.read_text(encoding="utf-8") == "mine"
    status, _, _ = run(capsys, str(harbor_path), "-o", str(out), "--force")
    assert status == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_never_writes_over_the_dump(tmp_path: Path, harbor_path: Path, capsys) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(harbor_path.read_bytes())
    status, _, stderr = run(capsys, str(dump), "-o", str(dump), "--force")
    assert status == 2 and "is the dump itself" in stderr
    assert dump.read_bytes() == harbor_path.read_bytes()


def test_write_failures_exit_1_with_one_line(harbor_path: Path, tmp_path: Path, capsys) -> None:
    status, _, stderr = run(capsys, str(harbor_path), "-o", str(tmp_path / "no" / "x.html"))
    assert status == 1 and stderr.count("\n") == 1 and "does not exist" in stderr
    status, _, stderr = run(capsys, str(harbor_path), "-o", str(tmp_path))
    assert status == 2 and "is a folder" in stderr


def test_unreadable_dump_exits_1(tmp_path: Path, capsys) -> None:
    status, _, stderr = run(capsys, str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.html"))
    assert status == 1 and stderr.startswith("talkback: ") and stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_formats_by_flag_and_by_extension(harbor_path: Path, tmp_path: Path, capsys) -> None:
    md, js = tmp_path / "t.md", tmp_path / "t.json"
    assert run(capsys, str(harbor_path), "--thread", "p1-c3", "-o", str(md))[0] == 0
    assert md.read_text(encoding="utf-8").startswith("# Harbor Town council")
    assert run(capsys, str(harbor_path), "--thread", "p1-c3", "-o", str(js))[0] == 0
    assert json.loads(js.read_text(encoding="utf-8"))["format"] == "talkback/1"
    odd = tmp_path / "t.txt"
    assert run(capsys, str(harbor_path), "-o", str(odd), "--format", "json")[0] == 0
    assert json.loads(odd.read_text(encoding="utf-8"))["export"]["node"] == "p1"


def test_dash_writes_to_stdout(harbor_path: Path, capsys) -> None:
    status, stdout, _ = run(
        capsys, str(harbor_path), "--thread", "p1-c8", "-o", "-", "--format", "md"
    )
    assert status == 0 and "### Jonah Fisk" in stdout


def test_the_installed_command(harbor_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    args = [sys.executable, "-m", "talkback", "export", str(harbor_path), "--thread", "p1", "-o"]
    result = subprocess.run([*args, str(out)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 5000
    again = subprocess.run([*args, str(out)], capture_output=True, text=True, encoding="utf-8")
    assert again.returncode == 2 and "Traceback" not in again.stderr
