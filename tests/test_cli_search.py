"""``talkback search``: what a reader of the real page expects for each operator, and the contract.

The expectations below were written by reading the page, not by running the engine: for each
query, the comments (author and time as signed) a person would pick out by hand.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from talkback import cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talkback", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def search(dump: Path, query: str) -> list[str]:
    """The hits as ``author HH:MM`` (``post`` for the post itself), via --json, in process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["search", "--json", str(dump), "--", query])
    assert (status, err.getvalue()) == (0, "")
    found = []
    for line in out.getvalue().splitlines():
        hit = json.loads(line)
        found.append(
            "post" if hit["comment"] is None else f"{hit['author']} {hit['published'][11:16]}"
        )
    return found


POST = "post"
# Every comment on the page, as signed (24-hour clock).
EVERYONE = [
    "letget 12:27", "Aristotle 12:28", "Bishop 12:33", "BohicaTwentyTwo 12:34",
    "funky chicken 12:35", "Bugler 12:38", "funky chicken 12:43", "jp 12:48", "Romeo13 12:51",
    "fogw 12:56", "MNDavenotPC 12:57", "CliffHanger 12:58", "Dollayo 12:58", "flipflop 13:00",
    "maverick muse 13:07", "Geronimo 13:08", "rbj 13:58", "Kafir 13:58", "Bigfoot 14:05",
    "Liberty or Death 15:50", "oakpack 19:44", "sanantonian 23:01",
]  # fmt: skip
SADR = [
    POST, "Aristotle 12:28", "BohicaTwentyTwo 12:34", "funky chicken 12:35",
    "funky chicken 12:43", "Romeo13 12:51", "rbj 13:58", "Liberty or Death 15:50",
    "oakpack 19:44", "sanantonian 23:01",
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sadr", SADR),
        ("sadr", SADR),
        ("Sadr’s", ["funky chicken 12:43", "Romeo13 12:51"]),
        ("Sadr's", ["funky chicken 12:43", "Romeo13 12:51"]),
        ("“Sadr City”", ["funky chicken 12:35", "funky chicken 12:43"]),
        ('"sadr city"', ["funky chicken 12:35", "funky chicken 12:43"]),
        ("apres", ["funky chicken 12:43"]),
        ("f’ing", ["rbj 13:58"]),
        ("WW2-era", ["Bigfoot 14:05"]),
        ("googles", ["Bigfoot 14:05"]),
        ("Mook*", ["BohicaTwentyTwo 12:34", "flipflop 13:00"]),
        ("Mook", []),
        ("video", [POST, "CliffHanger 12:58", "Dollayo 12:58"]),
        ("awesome video", ["CliffHanger 12:58", "Dollayo 12:58"]),
        ('"no victory in Iraq"', ["Bugler 12:38", "jp 12:48"]),  # jp quotes Bugler
        ('"no victory in Iraq" -author:jp', ["Bugler 12:38"]),
        ("Maliki -Sadr", ["fogw 12:56", "maverick muse 13:07"]),
        ("ugly OR handsome", ["letget 12:27", "Geronimo 13:08", "Liberty or Death 15:50",
                              "sanantonian 23:01"]),
        ("ugly | handsome", ["letget 12:27", "Geronimo 13:08", "Liberty or Death 15:50",
                             "sanantonian 23:01"]),
        ("(ugly OR handsome) -Sadr", ["letget 12:27", "Geronimo 13:08"]),
        ("-Iran -Sadr -Maliki in:comments", [
            "letget 12:27", "Bishop 12:33", "MNDavenotPC 12:57", "CliffHanger 12:58",
            "Dollayo 12:58", "flipflop 13:00", "Geronimo 13:08", "Kafir 13:58", "Bigfoot 14:05"]),
        ('author:"funky chicken"', ["funky chicken 12:35", "funky chicken 12:43"]),
        ("author:“Funky Chicken”", ["funky chicken 12:35", "funky chicken 12:43"]),
        ("author:funky", []),
        ("author:~chick", ["funky chicken 12:35", "funky chicken 12:43"]),
        ("author:JP", ["jp 12:48"]),
        ('author:"liberty or death"', ["Liberty or Death 15:50"]),
        ("chicken", ["funky chicken 12:35", "funky chicken 12:43"]),
        ("in:post", [POST]),
        ("in:comments Sadr", SADR[1:]),
        ("has:quote", ["funky chicken 12:35", "jp 12:48", "maverick muse 13:07", "rbj 13:58",
                       "Liberty or Death 15:50"]),
        ("has:quote author:rbj", ["rbj 13:58"]),
        ("is:reply", ["jp 12:48"]),
        ("is:reply OR author:Bugler", ["Bugler 12:38", "jp 12:48"]),
        ("has:replies in:comments", ["Bugler 12:38"]),
        ("replies:>0", [POST, "Bugler 12:38"]),
        ("replies:>=1 in:comments", ["Bugler 12:38"]),
        ("replies:0", [c for c in EVERYONE if c != "Bugler 12:38"]),
        ("replies:>21", [POST]),
        ("on:2008-03-31", [POST, *EVERYONE]),
        ('on:"March 31, 2008"', [POST, *EVERYONE]),
        ("on:3/31/2008", [POST, *EVERYONE]),
        ("on:2008-04-01", []),
        ('before:"March 31, 2008 12:30"', [POST, "letget 12:27", "Aristotle 12:28"]),
        ('after:"2008-03-31 13:00"', ["maverick muse 13:07", "Geronimo 13:08", "rbj 13:58",
                                      "Kafir 13:58", "Bigfoot 14:05", "Liberty or Death 15:50",
                                      "oakpack 19:44", "sanantonian 23:01"]),
        ('on:"3/31/2008 12:58"', ["CliffHanger 12:58", "Dollayo 12:58"]),
        ('date:"3/31/2008 12:50".."3/31/2008 12:58"', [
            "Romeo13 12:51", "fogw 12:56", "MNDavenotPC 12:57", "CliffHanger 12:58",
            "Dollayo 12:58"]),
        ('date:"2008-03-31 15:00"..', ["Liberty or Death 15:50", "oakpack 19:44",
                                       "sanantonian 23:01"]),
        ("/Mahdi/", [POST, "funky chicken 12:43"]),
        ("/\\bMah?i\\b/", [POST]),  # the post's typo "Mahi Army"
        ("/nevermind/i", ["Geronimo 13:08"]),
        ("/NEVERMIND/", []),
        ("zebra", []),
    ],
)  # fmt: skip
def test_real_page(hotair_path: Path, query: str, expected: list[str]) -> None:
    assert search(hotair_path, query) == expected


def test_json_lines_follow_the_contract(hotair_path: Path) -> None:
    result = run("search", str(hotair_path), '"Sadr City"', "--json")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        hit = json.loads(line)
        assert set(hit) >= {"post", "comment", "author", "published", "snippet"}
        assert hit["post"] == "p1"
        assert hit["comment"].startswith("p1-c")
        assert hit["author"] == "funky chicken"
        assert "\n" not in hit["snippet"]
        marked = [hit["snippet"][start:end] for start, end in hit["marks"]]
        assert marked and all(m.casefold() == "sadr city" for m in marked)
    post_hit = json.loads(run("search", str(hotair_path), "in:post", "--json").stdout)
    assert post_hit["comment"] is None
    assert (post_hit["author"], post_hit["published"]) == ("Allahpundit", "2008-03-31T12:19:00")


def test_plain_output_is_readable(harbor_path: Path) -> None:
    result = run("search", str(harbor_path), "déluge")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "[p1] Harbor Town council votes to close the old ferry pier",
        "  [p1-c7] Theo Marchetti · 2011-10-14 22:15",
        "      …Eight inches is a lot. Walt, I grew up on that pier too, but Sam has the photos "
        "and I have seen them. Après le **déluge**, as my grandmother used to say.",
        "",
        "1 match: 0 posts, 1 comment",
    ]
    post = run("search", str(harbor_path), "in:post").stdout.splitlines()
    assert post[1] == "  [p1] the post Marguerite Okafor · 2011-10-14 21:05"


def test_several_arguments_are_one_query(harbor_path: Path) -> None:
    joined = run("search", str(harbor_path), "south", "float", "--json").stdout
    assert joined == run("search", str(harbor_path), "south float", "--json").stdout
    assert joined.count("\n") == 5


def test_no_match_prints_nothing_and_exits_0(harbor_path: Path) -> None:
    for extra in ([], ["--json"]):
        result = run("search", str(harbor_path), "zebra", *extra)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"Sadr', "talkback: bad query: unclosed quote (at character 1)\n"),
        ("Sadr)", "talkback: bad query: unmatched ) (at character 5)\n"),
        ("on:someday", "talkback: bad query: cannot read 'someday' as a date (at character 4)\n"),
        ("/(a)\\1/", "talkback: bad query: bad regex: invalid escape sequence: \\1 "
                     "(at character 1)\n"),
        ("  ", "talkback: the query is empty\n"),
    ],
)  # fmt: skip
def test_malformed_query_exits_2_with_one_line(harbor_path: Path, query: str, message: str) -> None:
    result = run("search", str(harbor_path), query, "--json")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_unreadable_dump_exits_1(tmp_path: Path) -> None:
    missing = run("search", str(tmp_path / "nope.txt"), "Sadr")
    assert (missing.returncode, missing.stderr) == (
        1,
        f"talkback: {tmp_path / 'nope.txt'}: no such file\n",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("search", str(empty), "Sadr")
    assert result.returncode == 1
    assert result.stderr.startswith(f"talkback: {empty}: ") and result.stderr.count("\n") == 1


def test_bad_usage_exits_2(harbor_path: Path) -> None:
    assert run("search", str(harbor_path)).returncode == 2
    assert run("search").returncode == 2
