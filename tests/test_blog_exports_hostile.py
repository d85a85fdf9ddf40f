"""Hostile and broken blog exports: XML attacks refused, breaks survived, nothing read too far."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog_exports import (
    DISQUS_FIXTURE,
    WXR_FIXTURE,
    DisqusComment,
    WxrComment,
    WxrItem,
    disqus,
    disqus_document,
    wxr,
    wxr_document,
)
from talkback.core.model import Archive
from talkback.core.parser import DumpError
from talkback.sources import xml_stream

WXR_ROOT = '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
EXTERNAL_DTD = '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "http://evil.example/x.dtd">\n'
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
)


class EndlessExport(io.RawIOBase):
    """An export that starts with ``head`` and then never ends; remembers how much was read."""

    def __init__(self, head: bytes, filler: bytes) -> None:
        self._head = head
        self._filler = filler
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        data = self._head[self.consumed : self.consumed + size]
        while len(data) < size:
            data += self._filler
        data = data[:size]
        buffer[:size] = data
        self.consumed += size
        if self.consumed > 64 * 2**20:
            raise AssertionError("read 64 MiB of an endless export: nothing stopped it")
        return size


WXR_FILLER = b"<item><title>x</title><content:encoded>lol</content:encoded></item>\n"
DISQUS_FILLER = b'<post dsq:id="1"><message>lol</message></post>\n'


@pytest.mark.parametrize(
    ("prolog", "reason"),
    [
        (BILLION_LAUGHS, "has a DTD"),
        (EXTERNAL_ENTITY, "has a DTD"),
        (EXTERNAL_DTD, "has a DTD"),
        (PARAMETER_ENTITY, "has a DTD"),
    ],
)
@pytest.mark.parametrize("reader", [wxr, disqus])
def test_xml_attacks_are_refused_at_once(
    prolog: str, reason: str, reader: Callable[..., Archive]
) -> None:
    root = WXR_ROOT if reader is wxr else '<disqus xmlns:dsq="http://disqus.com/x">'
    body = "<item><title>&lol9;&xxe;</title></item>" if reader is wxr else "<post>&lol9;</post>"
    stream = EndlessExport(
        (prolog + root + body).encode(), WXR_FILLER if reader is wxr else DISQUS_FILLER
    )
    with pytest.raises(DumpError) as caught:
        reader(io.BufferedReader(stream), "evil.xml")
    assert str(caught.value).startswith("evil.xml: refused: the XML ")
    assert reason in str(caught.value)
    assert stream.consumed <= 2 * 2**20  # refused on the first chunk, not after reading on


def test_entity_declaration_without_doctype_keyword_is_still_refused() -> None:
    # defusedxml is configured to refuse entities and external references as well as DTDs.
    with pytest.raises(DumpError, match="refused"):
        wxr(EXTERNAL_ENTITY.encode() + (WXR_ROOT + "<item>&xxe;</item></channel></rss>").encode())


def test_undeclared_entity_breaks_only_its_record() -> None:
    items = [WxrItem(f"Post {n}", "text", comments=[WxrComment(n, "Ann", "hi")]) for n in (1, 2, 3)]
    document = wxr_document(items).replace(
        "<title><![CDATA[Post 2]]></title>", "<title>&xxe;</title>"
    )
    archive = wxr(document.encode())
    assert [p.title for p in archive.posts] == ["Post 1", "Post 3"]
    (problem,) = archive.problems
    assert "broken XML (undefined entity)" in problem.message
    assert "skipped to the next record at line" in problem.message


def test_broken_record_in_the_middle_is_skipped_and_named() -> None:
    items = [WxrItem(f"Post {n}", f"Body {n}.") for n in range(1, 6)]
    document = wxr_document(items)
    document = document.replace("<link>https://blog.example.org/?p=3</link>", "<link>a & b</link>")
    line = document[: document.index("a & b")].count("\n") + 1
    item_line = document[: document.index("<item>\n<title><![CDATA[Post 3")].count("\n") + 1
    archive = wxr(document.encode(), "blog.xml")
    assert [p.title for p in archive.posts] == ["Post 1", "Post 2", "Post 4", "Post 5"]
    (problem,) = archive.problems
    assert problem.where == f"blog.xml:{line}"
    assert f"the record from line {item_line} is incomplete" in problem.message
    post4_line = document[: document.index("<item>\n<title><![CDATA[Post 4")].count("\n") + 1
    assert problem.message.endswith(f"skipped to the next record at line {post4_line}")
    assert archive.posts[2].where == f"blog.xml:{post4_line}"  # lines stay right after resuming


def test_broken_disqus_post_loses_only_itself() -> None:
    comments = [DisqusComment(n, 1, f"message {n}") for n in range(10, 15)]
    document = disqus_document([(1, "T")], comments).replace(
        "<createdAt>2021-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false"
        '</isSpam><author><name><![CDATA[someone]]></name></author><thread dsq:id="1"/></post>\n'
        '<post dsq:id="12">',
        '<createdAt>oops</createdAt <post dsq:id="12">',
        1,
    )
    archive = disqus(document.encode())
    assert [c.text for c in archive.posts[0].comments] == ["message 10", "message 12", "message 13",
                                                           "message 14"]  # fmt: skip
    assert len(archive.problems) == 1


def test_too_many_breaks_stop_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_stream, "MAX_BREAKS", 2)
    items = [WxrItem(f"Post {n}") for n in range(6)]
    document = wxr_document(items).replace("<link>", "<link>&", 4)
    archive = wxr(document.encode())
    assert archive.posts == []
    assert any(p.message.endswith("too many breaks, reading stopped") for p in archive.problems)
    assert sum("broken XML" in p.message for p in archive.problems) == 3


def test_a_huge_record_is_skipped_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_stream, "MAX_RECORD_BYTES", 2**20)
    items = [WxrItem("small 1"), WxrItem("huge", "word " * 2**20), WxrItem("small 2")]
    document = wxr_document(items)
    archive = wxr(document.encode())
    assert [p.title for p in archive.posts] == ["small 1", "small 2"]
    (problem,) = archive.problems
    huge_line = document[: document.index("<item>\n<title><![CDATA[huge")].count("\n") + 1
    assert problem.message.startswith(
        f"a record larger than 1 MiB; the record from line {huge_line} is incomplete; skipped to"
    )


def test_bad_bytes_and_forbidden_characters_are_replaced_and_counted() -> None:
    items = [WxrItem("Caf\u00e9", comments=[WxrComment(1, "Ann", "tab\there\x0bvtab\x0cff")])]
    data = wxr_document(items).encode().replace("Caf\u00e9".encode(), b"Caf\xe9")
    archive = wxr(data)
    assert archive.posts[0].title == "Caf\ufffd"
    assert archive.posts[0].comments[0].text == "tab here\ufffdvtab\ufffdff"
    messages = [p.message for p in archive.problems]
    assert messages == [
        "1 bytes that are not valid utf-8 were replaced with U+FFFD",
        "2 control characters that XML does not allow were replaced with U+FFFD",
    ]


def test_not_xml_after_a_convincing_head() -> None:
    with pytest.raises(DumpError, match=r"export.xml: not well-formed XML at line 1"):
        wxr(b'<rss xmlns:wp="http://wordpress.org/export/1.2/" <<<< garbage')
    with pytest.raises(DumpError, match="no XML element found"):
        wxr(b'<?xml version="1.0"?>\n<!-- only a comment -->\n')


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0))
def test_truncated_wxr_keeps_every_complete_post(fraction: float) -> None:
    data = WXR_FIXTURE.read_bytes()
    full = wxr(data)
    cut = int(len(data) * fraction)
    try:
        archive = wxr(data[:cut])
    except DumpError as error:
        assert "element" in str(error)  # cut before the document's first element
        return
    got = [(p.title, [c.text for c in p.comments]) for p in archive.posts]
    want = [(p.title, [c.text for c in p.comments]) for p in full.posts]
    assert got == want[: len(got)]
    if len(got) < len(want):
        assert any("ends early" in p.message or "no record" in p.message for p in archive.problems)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0))
def test_truncated_disqus_keeps_every_complete_comment(fraction: float) -> None:
    data = DISQUS_FIXTURE.read_bytes()
    full = {c.text for p in disqus(data).posts for c in p.comments}
    try:
        archive = disqus(data[: int(len(data) * fraction)])
    except DumpError:
        return
    got = {c.text for p in archive.posts for c in p.comments}
    assert got <= full


def test_reading_streams_posts_before_the_export_ends() -> None:
    items = [
        WxrItem(f"Post {n}", "Some words. " * 200, comments=[WxrComment(n, "Ann", "Hi " * 100)])
        for n in range(2000)
    ]
    data = wxr_document(items).encode()
    assert len(data) > 5 * 2**20
    stream = io.BytesIO(data)
    from blog_exports import read_all  # noqa: F401  (the same reader the other tests use)
    from talkback.sources import ReadOptions
    from talkback.sources.wxr import read_wxr

    first = next(read_wxr(stream, "big.xml", lambda: "p1", ReadOptions()))
    assert getattr(first, "title", None) == "Post 0"
    assert stream.tell() <= 1 * 2**20  # one chunk or so, not the whole export


MUTATION = st.tuples(
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=0, max_value=40),
    st.binary(max_size=12) | st.sampled_from([b"<", b"&", b"]]>", b"</item>", b"<item>", b"\xff"]),
)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["wxr", "disqus"]), st.lists(MUTATION, min_size=1, max_size=4))
def test_mangled_exports_never_escape_and_read_the_same_twice(
    kind: str, mutations: list[tuple[float, int, bytes]]
) -> None:
    data = (WXR_FIXTURE if kind == "wxr" else DISQUS_FIXTURE).read_bytes()
    for where, cut, insert in mutations:
        at = int(len(data) * where)
        data = data[:at] + insert + data[at + cut :]
    reader = wxr if kind == "wxr" else disqus

    def outcome() -> object:
        try:
            archive = reader(data)
        except DumpError as error:
            return str(error)
        return [(p.id, p.title, [(c.id, c.parent_id, c.text) for c in p.comments])
                for p in archive.posts], [str(p) for p in archive.problems]  # fmt: skip

    assert outcome() == outcome()
