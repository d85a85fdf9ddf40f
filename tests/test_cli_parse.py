"""``talkback parse``: the outline, the contract's JSON, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from talkback import cli


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talkback", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        encoding="utf-8",
    )


def test_json_follows_the_contract(hotair_path: Path) -> None:
    result = run("parse", str(hotair_path), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "talkback/1"
    assert document["source"] == str(hotair_path)
    assert document["problems"] == []
    post = document["posts"][0]
    for key in ["id", "title", "author", "published", "url", "dialect", "text", "boilerplate",
                "comments"]:  # fmt: skip
        assert key in post
    assert len(post["comments"]) == 22
    for comment in post["comments"]:
        assert set(comment) >= {"id", "author", "published", "parent", "text", "blocks"}
        for block in comment["blocks"]:
            assert set(block) == {"kind", "text", "source", "attribution"}
    jp = next(c for c in post["comments"] if c["author"] == "jp")
    bugler = next(c for c in post["comments"] if c["author"] == "Bugler")
    assert jp["parent"] == bugler["id"]
    ids = [post["id"], *(c["id"] for c in post["comments"])]
    assert len(set(ids)) == len(ids)


def test_ids_stable_across_runs(harbor_path: Path) -> None:
    first = run("parse", str(harbor_path), "--json").stdout
    assert first == run("parse", str(harbor_path), "--json").stdout


def test_outline(harbor_path: Path) -> None:
    result = run("parse", str(harbor_path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "[p1] Harbor Town council votes to close the old ferry pier"
    assert "11 comments" in lines[1]
    walt = next(line for line in lines if "Walt Haskins" in line)
    assert walt.startswith("    ↳ [p1-c3] Walt Haskins, 2011-10-14 21:44: Feeling it move")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary data"),
        (
            b"just some words\nthat are not a page at all, with no signatures\n",
            "not a comment page",
        ),
    ],
)
def test_unreadable_dumps_exit_1_with_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_bytes(content)
    result = run("parse", str(dump), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"talkback: {dump}: ")
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_folder(tmp_path: Path) -> None:
    result = run("parse", str(tmp_path / "nope.txt"))
    assert (result.returncode, result.stderr) == (
        1,
        f"talkback: {tmp_path / 'nope.txt'}: no such file\n",
    )


def test_bad_usage_exits_2() -> None:
    assert run("parse").returncode == 2
    assert run("parse", "x", "--dialect", "klingon").returncode == 2
    assert run("frobnicate-not-a-file-either", "--bogus").returncode == 2


def test_version() -> None:
    from talkback import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"talkback {__version__}"


def test_partly_bad_page_exits_0_and_lists_problems(tmp_path: Path) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(
        "T\n\nposted at 9:00 am on May 1, 2008 by E\n\nBody caf\xe9 ok.\n\nComments\n\n"
        "Hi \u00e9\u00e9\u00e9 there friends.\n\nann on May 1, 2008 at 9:01 AM\n".encode().replace(
            b"caf\xc3\xa9", b"caf\xe9"
        )
    )
    result = run("parse", str(dump), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["posts"][0]["comments"][0]["author"] == "ann"
    assert "replaced" in document["problems"][0]["message"]
    assert "caf\ufffd" in document["posts"][0]["text"]


def test_main_in_process(harbor_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["parse", str(harbor_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["posts"][0]["author"] == "Marguerite Okafor"
