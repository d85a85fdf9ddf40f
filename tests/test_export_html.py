"""The HTML page's structure, checked by parsing it as a browser would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from export_pages import EXPORTED_AT, by_id, comment_articles, load, parse_page, text_of
from talkback.core.model import Archive, Block, Comment, Post
from talkback.export import UnknownNodeError, render_results, render_thread


@pytest.fixture
def harbor(harbor_path: Path) -> Archive:
    return load(harbor_path)


def test_post_export_shows_every_comment_in_thread_order(harbor: Archive) -> None:
    post = harbor.posts[0]
    document = parse_page(render_thread(harbor, "p1", exported_at=EXPORTED_AT))
    articles = comment_articles(document)
    assert [a.get("id") for a in articles] == [c.id for c in post.walk()]
    for article, comment in zip(articles, post.walk(), strict=True):
        assert article.get("data-depth") == str(comment.depth)
        assert f"d{comment.depth}" in article.get("class", "").split()
        assert "context" not in article.get("class", "")
        assert text_of(article.find(".//span[@class='who']")).strip() == comment.author
    assert not document.findall(".//*[@class='tag']")  # nothing is context or selected


def test_every_comment_has_a_machine_and_a_human_time(harbor: Archive) -> None:
    document = parse_page(render_thread(harbor, "p1", exported_at=EXPORTED_AT))
    comments = {c.id: c for c in harbor.posts[0].comments}
    for article in comment_articles(document):
        time = article.find(".//time")
        assert time is not None
        assert time.get("datetime") == comments[article.get("id", "")].published
        assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M", time.text or "")
    sam = by_id(document)["p1-c1"]
    assert text_of(sam.find(".//time")) == "October 14, 2011 at 9:20 PM"


def test_header_names_post_byline_source_and_export_time(harbor: Archive) -> None:
    document = parse_page(render_thread(harbor, "p1", exported_at=EXPORTED_AT))
    head = document.find(".//header[@class='masthead']")
    assert head is not None
    assert text_of(head.find("h1")) == "Harbor Town council votes to close the old ferry pier"
    assert document.find(".//title").text == harbor.posts[0].title
    header_text = text_of(head)
    assert "Marguerite Okafor" in header_text
    assert "harbor-town-pier.txt" in header_text
    assert "/" not in text_of(head.find(".//bdi[@class='file']"))  # the name, not the full path
    times = [t.get("datetime") for t in head.iter("time")]
    assert "2011-10-14T21:05:00" in times
    assert "2024-05-06T07:08:09+02:00" in times
    assert "May 6, 2024 at 7:08 AM" in header_text


def test_footer_counts(harbor: Archive) -> None:
    post = harbor.posts[0]
    document = parse_page(render_thread(harbor, "p1", exported_at=EXPORTED_AT))
    counts = text_of(document.find(".//p[@class='counts']"))
    authors = len({c.author for c in post.comments})
    replies = sum(1 for c in post.comments if c.parent is not None)
    quotes = sum(len(c.quotes) for c in post.comments)
    assert f"{len(post.comments)} comments shown" in counts
    assert f"{authors} authors" in counts
    assert f"{replies} replies" in counts
    assert f"{quotes} quotes" in counts


def test_comment_export_shows_ancestors_as_context_then_its_replies(harbor: Archive) -> None:
    post = harbor.posts[0]
    focus = post.find("p1-c4")
    assert focus is not None
    document = parse_page(render_thread(harbor, "p1-c4", exported_at=EXPORTED_AT))
    articles = comment_articles(document)
    ancestors = [c.id for c in focus.ancestors()]
    below = [c.id for c in focus.walk()]
    assert [a.get("id") for a in articles] == ancestors + below
    roles = [set(a.get("class", "").split()) & {"context", "focus"} for a in articles]
    assert roles == [{"context"}] * len(ancestors) + [{"focus"}] + [set()] * (len(below) - 1)
    for article in articles[: len(ancestors)]:
        assert "context" in text_of(article.find(".//span[@class='tag']"))
    # the post is shown above, as context, with its own anchor
    article_section = by_id(document)["p1"]
    assert "context" in article_section.get("class", "")
    assert "The post, for context" in text_of(article_section)
    assert f"({len(ancestors)} as context)" in text_of(document.find(".//p[@class='counts']"))
    assert "p1-c2" not in by_id(document)  # a comment of another thread is left out


def test_quote_attributions_link_to_quoted_comments_in_the_page(harbor: Archive) -> None:
    document = parse_page(render_thread(harbor, "p1", exported_at=EXPORTED_AT))
    ids = by_id(document)
    captions = list(document.iter("figcaption"))
    quotes = [b for c in harbor.posts[0].comments for b in c.quotes]
    assert len(list(document.iter("blockquote"))) == len(quotes)
    linked = 0
    for caption in captions:
        link = caption.find(".//a")
        if link is None:
            continue
        target = link.get("href", "")
        assert target.startswith("#") and target[1:] in ids
        linked += 1
    assert linked == sum(1 for q in quotes if q.source)
    walt = ids["p1-c4"].find(".//figcaption/a")
    assert walt is not None and walt.get("href") == "#p1-c3"
    assert text_of(walt) == "Walt Haskins on October 14, 2011 at 9:44 PM"
    ines = ids["p1-c2"].find(".//figcaption/a")
    assert ines is not None and ines.get("href") == "#p1"  # a quote of the post


def test_attribution_is_plain_text_when_the_quoted_comment_is_not_in_the_page(
    harbor: Archive,
) -> None:
    # Marguerite quotes Jonah, her parent; cut that link so Jonah is no longer in her thread.
    post = harbor.posts[0]
    marguerite = next(c for c in post.comments if c.author == "Marguerite Okafor")
    quoted = marguerite.quotes[0].source
    assert quoted is not None
    marguerite.parent = None  # detach, so the quoted comment is not an ancestor in the page
    document = parse_page(render_thread(harbor, marguerite.id, exported_at=EXPORTED_AT))
    caption = by_id(document)[marguerite.id].find(".//figcaption")
    assert caption is not None
    assert caption.find(".//a") is None
    assert "Jonah Fisk" in text_of(caption)


def test_deep_threads_are_flat_with_capped_depth_classes() -> None:
    post = Post("p1", title="Deep")
    for number in range(1, 31):
        parent = f"p1-c{number - 1}" if number > 1 else None
        post.comments.append(
            Comment(f"p1-c{number}", f"a{number}", None, [Block("text", "hi")], parent_id=parent)
        )
    post.link()
    archive = Archive("deep.txt")
    archive.add_post(post)
    document = parse_page(render_thread(archive, "p1", exported_at=EXPORTED_AT))
    articles = comment_articles(document)
    assert len(articles) == 30
    thread = document.find(".//section[@class='thread']")
    assert thread is not None
    assert all(article in list(thread) for article in articles)  # siblings, not nested
    levels = [
        next(k for k in a.get("class", "").split() if re.fullmatch(r"d\d", k)) for a in articles
    ]
    assert levels[:9] == [f"d{n}" for n in range(9)]
    assert set(levels[9:]) == {"d8"}
    # beyond the cap the page names the comment each one answers, linked
    note = articles[12].find(".//span[@class='re']/a")
    assert note is not None and note.get("href") == "#p1-c12"
    assert "no date" in text_of(articles[0])


def test_unknown_id_raises() -> None:
    archive = Archive("x.txt")
    archive.add_post(Post("p1"))
    with pytest.raises(UnknownNodeError, match="p9"):
        render_thread(archive, "p9")


def test_page_loads_nothing(harbor: Archive) -> None:
    text = render_thread(harbor, "p1", exported_at=EXPORTED_AT)
    document = parse_page(text)
    assert text.startswith("<!DOCTYPE html>")
    for tag in ("script", "img", "link", "iframe", "object", "embed", "base", "form"):
        assert document.find(f".//{tag}") is None, tag
    assert all(e.get("src") is None for e in document.iter())
    assert len(list(document.iter("style"))) == 1
    metas = {m.get("http-equiv") or m.get("name"): m.get("content") for m in document.iter("meta")}
    assert "default-src 'none'" in metas["Content-Security-Policy"]
    assert metas["viewport"].startswith("width=device-width")
    css = text_of(document.find(".//style"))
    for needed in ("prefers-color-scheme: dark", "@media print", "overflow-wrap: anywhere",
                   "break-inside: avoid", "max-width: 40rem"):  # fmt: skip
        assert needed in css
    assert "url(" not in css and "@import" not in css


def test_results_page_groups_hits_by_post(harbor: Archive) -> None:
    post = harbor.posts[0]
    walt, theo = post.find("p1-c3"), post.find("p1-c7")
    assert walt is not None and theo is not None
    hits = [(post, theo), (post, walt), (post, theo), (post, None)]
    document = parse_page(render_results(harbor, hits, "<deck>", exported_at=EXPORTED_AT))
    articles = comment_articles(document)
    assert [a.get("id") for a in articles] == ["p1-c7", "p1-c3"]  # hit order, each once
    assert text_of(document.find(".//h1")) == "Results for <deck>"
    assert document.find(".//q[@class='query']") is not None
    ids = by_id(document)
    assert "p1" in ids  # the post matched, so its article is shown
    # Theo quotes Walt, who is in the page: linked; he also quotes Sam (p1-c4): not in the page
    captions = list(ids["p1-c7"].iter("figcaption"))
    assert [c.find(".//a") is not None for c in captions] == [True, False]
    assert ids["p1-c7"].find(".//span[@class='re']") is not None  # hits say whom they answer
    assert "3 matches in 1 post" in text_of(document.find(".//header"))


def test_empty_results() -> None:
    archive = Archive("x.txt")
    document = parse_page(render_results(archive, [], "nothing", exported_at=EXPORTED_AT))
    assert "Nothing matched." in text_of(document)
