"""``talkback parse`` on WordPress and Disqus exports: the contract's JSON, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from blog_exports import DISQUS_FIXTURE, WXR_FIXTURE
from test_blog_exports_hostile import BILLION_LAUGHS, EXTERNAL_ENTITY, WXR_ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talkback", *args], capture_output=True, text=True, encoding="utf-8"
    )


def parse_json(path: Path) -> dict[str, Any]:
    result = run("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def check_contract(document: dict[str, Any]) -> None:
    assert document["format"] == "talkback/1"
    ids: list[str] = []
    for post in document["posts"]:
        assert set(post) >= {"id", "title", "author", "published", "url", "dialect", "text",
                             "boilerplate", "comments"}  # fmt: skip
        ids.append(post["id"])
        for comment in post["comments"]:
            assert set(comment) >= {"id", "author", "published", "parent", "text", "blocks"}
            assert comment["id"].startswith(post["id"] + "-c")
            ids.append(comment["id"])
            for block in comment["blocks"]:
                assert set(block) == {"kind", "text", "source", "attribution"}
            assert comment["text"] == "\n\n".join(b["text"] for b in comment["blocks"])
        known = {post["id"], *(c["id"] for c in post["comments"])}
        assert all(c["parent"] in known | {None} for c in post["comments"])
    assert len(ids) == len(set(ids))
    for problem in document["problems"]:
        assert set(problem) == {"where", "message"}


def test_parse_wxr_json() -> None:
    document = parse_json(WXR_FIXTURE)
    check_contract(document)
    assert document["source"] == str(WXR_FIXTURE)
    post = document["posts"][0]
    assert post["dialect"] == "wordpress-wxr"
    assert post["hidden"] == {"spam": 1, "trash": 1}
    assert post["published"] == "2023-11-14T16:05:00"
    assert post["published_utc"] == "2023-11-14T21:05:00+00:00"
    kinds = {c["id"]: c.get("kind", "comment") for c in post["comments"]}
    assert kinds["p1-c4"] == "pingback" and kinds["p1-c9"] == "trackback"
    assert [c["id"] for c in post["comments"] if c.get("status")] == ["p1-c5"]
    walt = post["comments"][1]
    assert walt["parent"] == "p1-c1"
    assert walt["blocks"][0] == {
        "kind": "quote",
        "text": "you can feel the whole deck move when a boat comes in",
        "source": "p1-c1",
        "attribution": "Sam Pettigrew said:",
    }
    assert len(document["problems"]) == 4


def test_parse_disqus_json() -> None:
    document = parse_json(DISQUS_FIXTURE)
    check_contract(document)
    assert [p["dialect"] for p in document["posts"]] == ["disqus"] * 4
    assert document["posts"][0]["hidden"] == {"spam": 1, "deleted": 1}
    assert document["posts"][1]["comments"][1]["published"] == "2021-05-02T19:03:10+02:00"


@pytest.mark.parametrize("fixture", [WXR_FIXTURE, DISQUS_FIXTURE])
def test_same_output_every_run_and_outline_works(fixture: Path) -> None:
    first = run("parse", str(fixture), "--json")
    assert first.stdout == run("parse", str(fixture), "--json").stdout
    outline = run("parse", str(fixture))
    assert outline.returncode == 0
    assert outline.stdout.startswith("[p1] ")


def test_outline_marks_pingbacks() -> None:
    lines = run("parse", str(WXR_FIXTURE)).stdout.splitlines()
    assert any("[p1-c4]" in line and "(pingback)" in line for line in lines)


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_attacks_exit_1_with_one_line(tmp_path: Path, prolog: str) -> None:
    dump = tmp_path / "export.xml"
    dump.write_text(prolog + WXR_ROOT + "<item><title>&lol9;</title></item></channel></rss>")
    result = run("parse", str(dump), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"talkback: {dump}: refused: the XML has a DTD (<!DOCTYPE …>), " \
        "which a blog export never needs\n"  # fmt: skip


def test_truncated_export_exits_0_with_a_problem(tmp_path: Path) -> None:
    data = WXR_FIXTURE.read_bytes()
    dump = tmp_path / "cut.xml"
    dump.write_bytes(data[: data.index(b"<title><![CDATA[About]]>")])
    document = parse_json(dump)
    assert [p["title"] for p in document["posts"]] == [
        "Ferry pier closes for the winter & maybe for good"
    ]
    assert any("the XML ends early" in p["message"] for p in document["problems"])


def test_export_with_nothing_readable_exits_1(tmp_path: Path) -> None:
    dump = tmp_path / "empty.xml"
    dump.write_text(WXR_ROOT + "</channel></rss>")
    result = run("parse", str(dump))
    assert (result.returncode, result.stderr) == (
        1,
        f"talkback: {dump}: no post or page could be read from this WordPress export\n",
    )


@pytest.mark.parametrize(
    ("sample", "fixture", "dialect"),
    [
        ("harbor-town-blog.wxr.xml", WXR_FIXTURE, "wordpress-wxr"),
        ("lakeside-forum.disqus.xml", DISQUS_FIXTURE, "disqus"),
    ],
)
def test_bundled_samples(sample: str, fixture: Path, dialect: str) -> None:
    from talkback.resources import resource

    path = resource("samples", sample)
    assert path.read_bytes() == fixture.read_bytes()  # the bundled copy is the tested fixture
    assert path.stat().st_size < 20_000
    document = parse_json(path)
    assert {post["dialect"] for post in document["posts"]} == {dialect}
