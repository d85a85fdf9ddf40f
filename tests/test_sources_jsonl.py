"""JSONL corpora: one page per line, metadata when present, other text fields, bad lines skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accounting import assert_nothing_lost
from dumps import compress, generated_page, page_files, read_document, snapshot, tar_bytes
from talkback.core.serialize import archive_to_dict
from talkback.index.builder import build_index
from talkback.index.reader import IndexReader
from talkback.sources import DumpError, Limits, ReadOptions
from talkback.sources.jsonl import looks_like_jsonl, record_date


def jsonl(records: list[object]) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def test_bare_text_records(tmp_path: Path) -> None:
    pages = [generated_page(n) for n in range(1, 201)]
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(jsonl([{"text": page} for page in pages]))
    before = snapshot(tmp_path)
    document = read_document(dump)
    assert snapshot(tmp_path) == before
    assert len(document["posts"]) == 200
    assert [post["id"] for post in document["posts"][:3]] == ["p1", "p2", "p3"]
    assert document["posts"][4]["where"] == f"{dump}#5"
    assert document["posts"][4]["comments"][1]["where"] == f"{dump}#5:13"
    for post, page in zip(document["posts"], pages, strict=True):
        assert post["url"] is None and post["encoding"] == "utf-8"
        assert_nothing_lost(page, {"posts": [post], "problems": []})
    assert document["problems"] == []


def test_metadata_fills_what_the_page_lacks(tmp_path: Path) -> None:
    untitled = "\n".join(generated_page(1).splitlines()[2:])  # the byline first: no title
    assert untitled.startswith("posted at")
    bare = "A comment with no byline.\n\nann on May 1, 2008 at 9:01 AM\n"
    records = [
        {"id": "doc-1", "url": "https://example.org/a", "title": "From the record",
         "date": "2019-04-25T12:57:54Z", "text": untitled},
        {"id": 7, "url": "https://example.org/b", "title": "Record title", "timestamp": 1556197074,
         "text": generated_page(2)},
        {"text": bare, "timestamp": 1556197074123},
        {"text": bare, "date": "April 25, 2019"},
    ]  # fmt: skip
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(jsonl(records))
    posts = read_document(dump)["posts"]
    assert [post["where"] for post in posts] == [
        f"{dump}#1[doc-1]", f"{dump}#2[7]", f"{dump}#3", f"{dump}#4"
    ]  # fmt: skip
    assert posts[0]["url"] == "https://example.org/a"
    assert posts[0]["title"] == "From the record"  # the page has none
    assert posts[0]["published"] == "2008-05-02T09:00:00"  # the page's own date wins
    assert posts[1]["title"] == "Generated post number 2"  # the page's own title wins
    assert posts[2]["published"] == "2019-04-25T12:57:54.123000+00:00"  # no byline: the record's
    assert posts[3]["published"] == "2019-04-25"
    assert posts[2]["title"] == "A comment with no byline."  # read as the page's title
    assert posts[2]["comments"][0]["where"] == f"{dump}#3:3"


def test_record_dates() -> None:
    assert record_date("2019-04-25T12:57:54Z") == "2019-04-25T12:57:54+00:00"
    assert record_date("2019-04-25 12:57:54") == "2019-04-25T12:57:54"
    assert record_date(0) == "1970-01-01T00:00:00+00:00"
    assert record_date(True) is None
    assert record_date("not a date") is None
    assert record_date(10**30) is None
    assert record_date(None) is None


def test_other_text_field(tmp_path: Path) -> None:
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(jsonl([{"content": generated_page(n), "text": 5} for n in range(1, 4)]))
    document = read_document(dump, ReadOptions(text_field="content"))
    assert len(document["posts"]) == 3
    with pytest.raises(DumpError, match="has a non-text 'text' field"):
        read_document(dump)


def test_bad_lines_are_skipped_and_listed(tmp_path: Path) -> None:
    good = [json.dumps({"text": generated_page(n)}).encode() for n in range(1, 5)]
    lines = [
        good[0],
        b'{"text": "unterminated',
        b"",
        b"[1, 2, 3]",
        good[1],
        b'{"title": "no text"}',
        b'{"text": "caf\xe9 is not utf-8 here, and this is no page"}',
        good[2],
        b"   ",
        good[3],
    ]
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(b"\n".join(lines))  # and no newline after the last line
    document = read_document(dump)
    assert [post["where"] for post in document["posts"]] == [
        f"{dump}#1", f"{dump}#5", f"{dump}#8", f"{dump}#10"
    ]  # fmt: skip
    problems = [(p["where"].removeprefix(str(dump)), p["message"]) for p in document["problems"]]
    assert [where for where, _ in problems] == ["#2", "#4", "#6", "#7", "#7"]
    assert problems[0][1].startswith("invalid JSON (Unterminated string starting at, column 10)")
    assert problems[1][1] == "not a JSON object; skipped"
    assert problems[2][1] == "record has no 'text' field; skipped"
    assert problems[3][1] == "1 bytes that are not valid utf-8 were replaced with U+FFFD"
    assert problems[4][1].startswith("not a comment page")


def test_lone_surrogate_escapes_are_replaced_and_listed(tmp_path: Path) -> None:
    # A corpus cut at a length in UTF-16 units keeps half an emoji: "\ud83d" alone is no
    # character, and neither UTF-8 output nor SQLite can hold it (parse --json and index crashed).
    page = generated_page(1).replace("I think", "I think \ud83d", 1)
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(jsonl([{"id": "doc-\udc00", "text": page}]))
    document = read_document(dump)
    where = f"{dump}#1[doc-\ufffd]"
    assert document["posts"][0]["where"] == where
    assert document["posts"][0]["comments"][0]["text"].startswith(
        "Comment 1 on post 1: I think \ufffd"
    )
    assert document["problems"] == [
        {"where": where, "message": "2 lone surrogate escapes (halves of a character, such as "
         "\\ud83d) were replaced with U+FFFD"}
    ]  # fmt: skip
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # printable as UTF-8
    build_index(dump)
    reader = IndexReader.open_for(dump)
    assert reader is not None
    indexed = archive_to_dict(reader.load_archive())
    reader.close()
    assert indexed["posts"] == document["posts"]
    assert indexed["problems"] == document["problems"]


def test_a_flood_of_bad_lines_is_summarised(tmp_path: Path) -> None:
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(b"{not json}\n" * 250 + jsonl([{"text": generated_page(1)}]))
    document = read_document(dump)
    assert len(document["posts"]) == 1
    assert len(document["problems"]) == 101
    assert document["problems"][-1] == {
        "where": str(dump),
        "message": "150 more invalid lines skipped (not listed)",
    }


def test_oversized_record_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    huge = json.dumps({"text": "x" * 50_000}).encode()
    dump = tmp_path / "corpus.jsonl"
    dump.write_bytes(
        jsonl([{"text": generated_page(1)}]) + huge + b"\n" + jsonl([{"text": generated_page(2)}])
    )
    document = read_document(dump, ReadOptions(limits=Limits(max_page_bytes=10_000)))
    assert [post["where"] for post in document["posts"]] == [f"{dump}#1", f"{dump}#3"]
    assert document["problems"] == [
        {"where": f"{dump}#2", "message": "line larger than 9.8 KiB (the limit); skipped"}
    ]


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz", "zstd"])
def test_compressed_corpora(tmp_path: Path, kind: str) -> None:
    dump = tmp_path / f"corpus.jsonl.{kind}"
    dump.write_bytes(compress(jsonl([{"text": generated_page(n)} for n in range(1, 51)]), kind))
    document = read_document(dump)
    assert len(document["posts"]) == 50
    assert document["posts"][0]["where"] == f"{dump}#1"


def test_corpora_inside_an_archive_beside_pages(tmp_path: Path) -> None:
    files = page_files(3)
    files["corpus/part-0.jsonl.zst"] = compress(jsonl([{"text": generated_page(9)}]), "zstd")
    dump = tmp_path / "mixed.tar"
    dump.write_bytes(tar_bytes(files))
    wheres = [post["where"] for post in read_document(dump)["posts"]]
    assert wheres[-1] == f"{dump}!corpus/part-0.jsonl.zst#1"
    assert len(wheres) == 4


def test_truncated_compressed_corpus_keeps_the_lines_before(tmp_path: Path) -> None:
    data = compress(jsonl([{"text": generated_page(n)} for n in range(1, 301)]), "gzip")
    dump = tmp_path / "corpus.jsonl.gz"
    dump.write_bytes(data[: len(data) // 2])
    document = read_document(dump)
    assert 100 < len(document["posts"]) < 300
    last = document["problems"][-1]
    assert last["where"].startswith(f"{dump}#")
    assert (
        last["message"]
        == "truncated (the data ends early); the lines before are kept, the rest is lost"
    )


def test_sniffing() -> None:
    assert looks_like_jsonl(b'{"text": "a"}\n{"text": "b"}\n')
    assert looks_like_jsonl(b'\xef\xbb\xbf  {"text": "a"}')
    assert looks_like_jsonl(b'{"text": "' + b"x" * 9000)  # one record longer than the head
    assert looks_like_jsonl(b'{broken\n{"text": "b"}\n')
    assert not looks_like_jsonl(b"{A title in braces}\n\nposted at 9:00 am on May 1, 2008 by x\n")
    assert not looks_like_jsonl(b"[1, 2]\n")
    assert not looks_like_jsonl(generated_page(1).encode())
