"""The Markdown and JSON exports: the same selection, the contract's shape, inert text."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from export_pages import EXPORTED_AT, HOSTILE, by_id, load, parse_page, text_of
from talkback.core.model import Archive, Block, Comment, Post
from talkback.core.serialize import post_to_dict
from talkback.export import render_thread_markdown, thread_document
from talkback.export.html import render_thread
from talkback.export.markdown import code, escape_markdown
from talkback.export.views import anchor


@pytest.fixture
def harbor(harbor_path: Path) -> Archive:
    return load(harbor_path)


def test_json_is_the_contract_shape_for_the_subtree(harbor: Archive) -> None:
    post = harbor.posts[0]
    focus = post.find("p1-c4")
    assert focus is not None
    document = thread_document(harbor, "p1-c4", exported_at=EXPORTED_AT)
    assert document["format"] == "talkback/1"
    assert document["source"] == harbor.source
    assert document["problems"] == []
    [exported] = document["posts"]
    shown = [c.id for c in focus.ancestors()] + [c.id for c in focus.walk()]
    assert sorted(c["id"] for c in exported["comments"]) == sorted(shown)
    in_dump_order = [c.id for c in post.comments if c.id in shown]
    assert [c["id"] for c in exported["comments"]] == in_dump_order
    full = post_to_dict(post)
    by_id = {c["id"]: c for c in full["comments"]}
    for comment in exported["comments"]:
        assert comment == by_id[comment["id"]]  # each comment exactly as `parse --json` has it
    assert {k: v for k, v in exported.items() if k != "comments"} == {
        k: v for k, v in full.items() if k != "comments"
    }
    assert document["export"] == {
        "node": "p1-c4",
        "post": "p1",
        "context": [c.id for c in focus.ancestors()],
        "exported": "2024-05-06T07:08:09+02:00",
        "generator": document["export"]["generator"],
    }


def test_markdown_has_every_comment_and_quote(harbor: Archive) -> None:
    text = render_thread_markdown(harbor, "p1", exported_at=EXPORTED_AT)
    post = harbor.posts[0]
    assert text.startswith(f"# {post.title}\n")
    assert text.count("\n### ") == len(post.comments)
    html = MarkdownIt("commonmark").render(text)
    document = parse_page(html)
    assert len(list(document.iter("blockquote"))) == sum(len(c.quotes) for c in post.comments)
    shown = " ".join(text_of(document).split())
    for comment in post.comments:
        for block in comment.blocks:
            assert " ".join(block.text.split()) in shown
    assert "May 6, 2024 at 7:08 AM" in text


def test_markdown_of_a_comment_marks_context(harbor: Archive) -> None:
    text = render_thread_markdown(harbor, "p1-c4", exported_at=EXPORTED_AT)
    assert "## The post, for context" in text
    assert "**context**" in text and "**selected**" in text
    assert "p1-c2" not in text


def test_hostile_markdown_renders_as_plain_text() -> None:
    archive = load(HOSTILE)
    text = render_thread_markdown(archive, "p1", exported_at=EXPORTED_AT)
    html = MarkdownIt("commonmark").render(text)  # html option on: raw HTML would pass through
    document = parse_page(html)
    tags = {element.tag for element in document.iter()}
    assert tags <= {"html", "head", "body", "h1", "h2", "h3", "p", "br", "em", "strong", "a",
                    "code", "blockquote", "hr"}  # fmt: skip
    for link in document.iter("a"):
        assert link.get("href", "").startswith(("http://", "https://", "mailto:"))
    shown = text_of(document)
    assert '<script>alert("xss")</script> First!' in shown
    assert "[here](javascript:alert(1))" in shown
    assert "U+202Egnp.exe" in shown
    assert "\u202e" not in text


@pytest.mark.parametrize(
    "line",
    [
        "# not a heading",
        "- not a list",
        "1. not a list",
        "> not a quote",
        "***",
        "a *b* _c_",
        "<b>x</b> &amp; [l](u) `c` | t |",
        "  indented",
        "=====",
        "back\\slash",
    ],
)
def test_escaped_markdown_reads_back_as_itself(line: str) -> None:
    html = MarkdownIt("commonmark").render(escape_markdown(line))
    assert html.startswith("<p>"), html
    assert text_of(parse_page(html)) == line.strip() + "\n"


def test_headings_keep_a_name_or_title_ending_in_hashes() -> None:
    # CommonMark takes " #" at the end of a heading for its closing sequence: "bob #" read "bob"
    post = Post(id="p1", title="Why I still write C #", author="Editor")
    post.comments.append(
        Comment(id="p1-c1", author="bob ##", published=None, blocks=[Block("text", "Hi #")])
    )
    post.link()
    archive = Archive("page.txt")
    archive.add_post(post)
    page = parse_page(MarkdownIt("commonmark").render(render_thread_markdown(archive, "p1")))
    assert [text_of(heading) for heading in page.iter("h1")] == ["Why I still write C #"]
    assert [text_of(heading) for heading in page.iter("h3")] == ["bob ##"]
    assert "Hi #" in [text_of(paragraph) for paragraph in page.iter("p")]


def test_code_spans_survive_backticks() -> None:
    assert code("p1") == "`p1`"
    rendered = MarkdownIt("commonmark").render(code("a`b"))
    assert text_of(parse_page(rendered)).strip() == "a`b"


def test_markdown_counts_use_the_singular_for_one(harbor: Archive, tmp_path: Path) -> None:
    # p1-c9 has no replies and quotes the post once: one comment, one author, one quote
    text = render_thread_markdown(harbor, "p1-c9", exported_at=EXPORTED_AT)
    footer = text.rstrip("\n").rsplit("\n", 1)[-1]
    assert footer == "1 comment shown (0 as context) · 1 author · 0 replies · 1 quote"
    page = tmp_path / "one.txt"
    page.write_text(
        "One comment\n\nposted at 9:05 pm on October 14, 2011 by Ed\n\nThe article.\n\n"
        "Comments\n\nOnly me here.\n\nMallory on October 14, 2011 at 9:20 PM\n",
        encoding="utf-8",
    )
    text = render_thread_markdown(load(page), "p1", exported_at=EXPORTED_AT)
    assert "· 1 comment in all ·" in text


def test_a_comment_awaiting_moderation_is_marked_in_every_format() -> None:
    samples = Path(__file__).resolve().parents[1] / "resources" / "samples"
    blog = load(samples / "harbor-town-blog.wxr.xml")
    waiting = [c for post in blog.posts for c in post.comments if c.status == "unapproved"]
    assert [c.author for c in waiting] == ["Jonah Fisk"]
    comment = waiting[0]
    markdown = render_thread_markdown(blog, comment.id, exported_at=EXPORTED_AT)
    facts = markdown.split("### Jonah Fisk\n\n", 1)[1].split("\n", 1)[0]
    assert facts.endswith(" · unapproved")
    page = parse_page(render_thread(blog, comment.id, exported_at=EXPORTED_AT))
    article = by_id(page)[anchor(comment.id)]
    tags = [text_of(tag) for tag in article.iter("span") if tag.get("class") == "tag"]
    assert "unapproved" in tags
    published = next(c for c in blog.posts[0].comments if c.status is None)
    page = parse_page(render_thread(blog, published.id, exported_at=EXPORTED_AT))
    article = by_id(page)[anchor(published.id)]
    assert "unapproved" not in [text_of(tag) for tag in article.iter("span")]
