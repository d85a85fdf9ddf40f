"""Hypothesis against every reader: page bytes, containers, JSONL, folders, WXR and Disqus text.

For each: nothing but DumpError escapes, reading twice gives the same document, and where a page
comes out as a post the nothing-lost rule holds for it (every non-blank line of the page, as it
was decoded, accounted for exactly once). Damaged archives and mangled XML are fuzzed in
test_sources_fuzz.py and test_blog_exports_hostile.py; the page parser on text in
test_parser_properties.py; the query parser in test_search_parser.py.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounting import assert_nothing_lost
from blog_exports import DisqusComment, WxrComment, WxrItem, disqus_document, wxr_document
from dumps import CONTAINERS, compress
from talkback.core.decode import NotTextError, decode
from talkback.core.serialize import archive_to_dict
from talkback.sources import DumpError, Limits, ReadOptions, load_archive
from talkback.sources.detect import detect_container
from talkback.sources.formats import format_for
from test_parser_properties import page as page_text

SMALL = ReadOptions(limits=Limits(max_total_bytes=4 * 1024 * 1024, ratio_grace_bytes=256 * 1024))
#: examples per test; raise TALKBACK_FUZZ_EXAMPLES for a long run by hand
FUZZ = settings(
    max_examples=int(os.environ.get("TALKBACK_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def outcome(dump: Path) -> dict[str, Any] | str:
    """The document for ``dump``, or the one-line error; anything else escaping fails the test."""
    try:
        return archive_to_dict(load_archive(dump, SMALL))
    except DumpError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(str(dump).rstrip("/"))
        return message


def read_twice(dump: Path) -> dict[str, Any] | str:
    first = outcome(dump)
    assert outcome(dump) == first, "the same dump read twice gave two documents"
    return first


def post_at(document: dict[str, Any] | str, where: str) -> dict[str, Any] | None:
    if isinstance(document, str):
        return None
    return next((post for post in document["posts"] if post["where"] == where), None)


def check_page(document: dict[str, Any] | str, where: str, data: bytes) -> None:
    """The nothing-lost rule for the page ``data`` read at ``where`` (if it was read as a page)."""
    head = data[:4096]
    if detect_container(head) is not None or getattr(format_for(head), "name", None) != "page":
        return  # read as an archive, a corpus or an export, not as a page
    post = post_at(document, where)
    if post is None:
        assert isinstance(document, str) or any(
            p["where"] == where for p in document["problems"]
        ), f"{where} is neither a post nor a problem"
        return
    try:
        text = decode(data).text
    except NotTextError:
        raise AssertionError(f"{where}: binary data came out as a post") from None
    assert_nothing_lost(text, {"posts": [post], "problems": []})


junk = st.binary(min_size=1, max_size=8) | st.sampled_from(
    [b"\xff", b"\xc3", b"\x00", b"\r", b"\xef\xbb\xbf", b"\x1f\x8b", b"PK\x03\x04", b"\xe2\x80"]
)


@FUZZ
@given(
    page_text(),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    st.lists(st.tuples(st.floats(0, 1), junk), max_size=3),
)
def test_page_bytes_in_any_encoding_with_junk(
    text: str, encoding: str, junk_bytes: list[tuple[float, bytes]]
) -> None:
    data = bytearray(text.encode(encoding, "replace"))
    for where, piece in junk_bytes:
        at = int(where * len(data))
        data[at:at] = piece
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "page.txt")
        dump.write_bytes(bytes(data))
        check_page(read_twice(dump), str(dump), bytes(data))


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_at_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "dump")
        dump.write_bytes(data)
        check_page(read_twice(dump), str(dump), data)


@FUZZ
@given(  # member names without dots: hidden and litter names are tested in test_sources_folders
    st.sampled_from(sorted(CONTAINERS)),
    st.lists(page_text(), min_size=1, max_size=4),
    st.lists(st.text("abc-_/ é", min_size=1, max_size=12), min_size=4, max_size=4, unique=True),
)
def test_containers_of_any_pages(kind: str, texts: list[str], names: list[str]) -> None:
    suffix, build = CONTAINERS[kind]
    files = {f"{n}-{name.strip('/') or 'x'}.txt": t.encode() for n, (name, t) in
             enumerate(zip(names, texts, strict=False))}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, f"dump{suffix}")
        dump.write_bytes(build(files))
        document = read_twice(dump)
        for name, data in files.items():
            check_page(document, f"{dump}!{name}", data)
        if not isinstance(document, str):
            ids = [post["id"] for post in document["posts"]]
            assert ids == [f"p{n}" for n in range(1, len(ids) + 1)]


record = st.one_of(
    page_text().map(lambda text: {"text": text}),
    st.tuples(page_text(), st.integers() | st.text(max_size=8)).map(
        lambda pair: {"text": pair[0], "id": pair[1], "url": "https://example.org/x"}
    ),
    st.dictionaries(st.text(max_size=5), st.integers() | st.none(), max_size=3),  # no text
    st.lists(st.integers(), max_size=3),  # not an object
)
line = record.map(lambda value: json.dumps(value, ensure_ascii=False)) | st.text(max_size=40).map(
    lambda text: text.replace("\n", " ").replace("\r", " ")
)


@FUZZ
@given(st.lists(line, min_size=1, max_size=8), st.booleans())
def test_jsonl_corpora_of_any_lines(lines: list[str], gzipped: bool) -> None:
    data = "\n".join(lines).encode() + b"\n"
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "corpus.jsonl" + (".gz" if gzipped else ""))
        dump.write_bytes(compress(data, "gzip") if gzipped else data)
        document = read_twice(dump)
        if getattr(format_for(data[:4096]), "name", None) != "jsonl":
            check_page(document, str(dump), data)  # not a corpus after all: a page
            return
        if isinstance(document, str):
            return
        for post in document["posts"]:
            number = int(re.search(r"#(\d+)", post["where"])[1])  # type: ignore[index]
            text = json.loads(lines[number - 1])["text"]
            assert_nothing_lost(text, {"posts": [post], "problems": []})


ENTRY = st.sampled_from(["page", "empty", "binary", "gzip-page", "hidden", "folder", "loop"])


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 3), ENTRY, page_text()), min_size=1, max_size=8))
def test_folders_of_anything(entries: list[tuple[int, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "dump")
        root.mkdir()
        places = [root]
        pages: dict[str, bytes] = {}
        for number, (where, kind, text) in enumerate(entries):
            parent = places[where % len(places)]
            name = f"e{number}"
            if kind == "folder":
                (parent / name).mkdir()
                places.append(parent / name)
            elif kind == "loop":
                (parent / name).symlink_to(root, target_is_directory=True)
            else:
                data = {"page": text.encode(), "empty": b"", "binary": bytes(range(256)),
                        "gzip-page": compress(text.encode(), "gzip"),
                        "hidden": text.encode()}[kind]  # fmt: skip
                path = parent / (f".{name}" if kind == "hidden" else f"{name}.txt")
                path.write_bytes(data)
                if kind == "page":
                    pages[str(path)] = data
        document = read_twice(root)
        for where, data in pages.items():
            check_page(document, where, data)
        if not isinstance(document, str):
            wheres = [post["where"] for post in document["posts"]]
            assert all(os.path.exists(w.split("!")[0]) for w in wheres)
            assert not any("/." in w for w in wheres)  # hidden files are never read


VOCABULARY = ["pier", "ferry", "council", "harbor", "tide", "gull"]
HTML_PIECE = st.sampled_from(
    [" ", "\n", "\n\n", "<p>", "</p>", "<br>", "<b>", "</b>", "&amp;", "&lt;", "&#x202e;",
     "\u202e", "\x01", "\x0b", "\ufffe", "🙂", "<blockquote>", "</blockquote>", "<a href=x>",
     "</a>", "é", "&nbsp;", "]]>", "<!-- c -->"]
)  # fmt: skip
html_text = st.lists(
    st.sampled_from(VOCABULARY).map(lambda word: f" {word} ") | HTML_PIECE, max_size=40
).map("".join)


def vocabulary_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[a-z]+", text) if word in VOCABULARY]


@FUZZ
@given(st.sampled_from(["wxr", "disqus"]), st.lists(html_text, min_size=1, max_size=5))
def test_export_comments_of_any_text_keep_their_words(kind: str, messages: list[str]) -> None:
    if kind == "wxr":
        comments = [WxrComment(n, f"author {n}", message) for n, message in
                    enumerate(messages, 1)]  # fmt: skip
        document_text = wxr_document([WxrItem("A post", "Body text.", comments=comments)])
    else:
        document_text = disqus_document(
            [(1, "A thread")], [DisqusComment(n, 1, m) for n, m in enumerate(messages, 1)]
        )
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "export.xml")
        dump.write_bytes(document_text.encode("utf-8", "surrogatepass"))
        document = read_twice(dump)
        assert not isinstance(document, str), document
        comments_out = document["posts"][0]["comments"] if document["posts"] else []
        for message, comment in zip(messages, comments_out, strict=False):
            assert vocabulary_words(comment["text"]) == vocabulary_words(message)
