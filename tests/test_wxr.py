"""WordPress WXR exports: posts, pages, threads, moderation, pingbacks, dates and namespaces."""

from __future__ import annotations

from collections import Counter

import pytest

from blog_exports import WXR_FIXTURE, WxrComment, WxrItem, wxr, wxr_document
from talkback.core.model import Archive, Comment
from talkback.sources.wxr import looks_like_wxr


@pytest.fixture(scope="module")
def blog() -> Archive:
    return wxr(WXR_FIXTURE.read_bytes(), "blog.xml")


def by_author(archive: Archive, post: int, author: str) -> Comment:
    return next(c for c in archive.posts[post].comments if c.author == author)


def test_posts_and_pages_are_read_other_items_skipped_and_counted(blog: Archive) -> None:
    titles = [post.title for post in blog.posts]
    assert titles == [
        "Ferry pier closes for the winter & maybe for good",
        "About",
        "sunset-over-the-breakwater",  # an attachment, kept because it has a comment
        "Letters: the pier, again",
    ]
    assert [post.id for post in blog.posts] == ["p1", "p2", "p3", "p4"]
    assert all(post.dialect == "wordpress-wxr" for post in blog.posts)
    skipped = [p.message for p in blog.problems if "skipped" in p.message]
    assert skipped == [
        "skipped 2 items that are not posts or pages and have no comments "
        "(attachment: 1, nav_menu_item: 1)"
    ]


def test_post_fields(blog: Archive) -> None:
    post = blog.posts[0]
    assert post.author == "Marguerite Okafor"  # dc:creator's login, by the channel's author list
    assert blog.posts[3].author == "guest-editor"  # a login with no author entry stays as is
    assert post.published == "2023-11-14T16:05:00"
    assert post.published_utc == "2023-11-14T21:05:00+00:00"
    assert post.url == "https://harbortown.example.org/2023/11/ferry-pier-closes/"
    assert post.where == "blog.xml:33"
    paragraphs = post.text.split("\n\n")
    assert paragraphs[0].startswith("The council voted six to one")
    assert paragraphs[2].startswith("Several pilings under the north end")  # blockquote kept
    assert "between $1.2 and $1.9 million" in post.text  # &#36; decoded
    assert "stays open — for now." in post.text  # &mdash; decoded
    assert paragraphs[-1] == (
        "The minutes of the meeting (https://harbortown.example.org/minutes/2023-11-14.pdf) "
        "are on the town site."
    )
    assert "<!--more-->" not in post.text
    assert blog.posts[1].text == (
        "Harbor Town Notes is written by volunteers who live on the waterfront.\n\n"
        "Write to us at editor@harbortown.example.org (mailto:editor@harbortown.example.org)."
    )


def test_threads_follow_comment_parent(blog: Archive) -> None:
    post = blog.posts[0]
    parents = {c.author: c.parent_id for c in post.comments}
    assert post.comments[0].parent_id is None
    assert parents["Walt Haskins"] == "p1-c1"
    assert parents["Inès Bravo"] == "p1-c2"
    ines = by_author(blog, 0, "Inès Bravo")
    assert ines.depth == 2
    assert [c.id for c in post.comments] == [f"p1-c{n}" for n in range(1, 11)]


def test_spam_and_trash_are_left_out_and_counted(blog: Archive) -> None:
    post = blog.posts[0]
    authors = {c.author for c in post.comments}
    assert "cheap-boat-parts" not in authors and "Theo Marchetti" not in authors
    assert post.hidden == {"spam": 1, "trash": 1}
    # Rosa answered the trashed comment, which answered Sam: she is shown under Sam.
    rosa = by_author(blog, 0, "Rosa Lind")
    assert rosa.parent_id == "p1-c1"
    assert any("107" in p.message and "left out" in p.message for p in blog.problems)


def test_unapproved_kept_and_marked_pingbacks_and_trackbacks_kinds(blog: Archive) -> None:
    jonah = by_author(blog, 0, "Jonah Fisk")
    assert jonah.status == "unapproved"
    assert by_author(blog, 0, "Sam Pettigrew").status is None
    kinds = Counter(c.kind for c in blog.posts[0].comments)
    assert kinds == {"comment": 8, "pingback": 1, "trackback": 1}
    pingback = next(c for c in blog.posts[0].comments if c.kind == "pingback")
    assert pingback.author == "Coastal Towns Weekly » Pier closures up and down the coast"
    assert pingback.url == "https://coastaltowns.example.com/2023/11/pier-closures/"
    assert pingback.text == (
        "[…] Harbor Town voted on Tuesday to close the north end of its ferry pier […]"
    )


def test_comment_dates_local_and_gmt(blog: Archive) -> None:
    sam = blog.posts[0].comments[0]
    assert (sam.published, sam.published_utc) == (
        "2023-11-14T16:20:00",
        "2023-11-14T21:20:00+00:00",
    )
    assert sam.where == "blog.xml:66"


def test_blockquotes_become_traced_quotes_with_attribution(blog: Archive) -> None:
    walt = by_author(blog, 0, "Walt Haskins")
    quote, own = walt.blocks
    assert (quote.kind, quote.source, quote.attribution) == (
        "quote",
        "p1-c1",
        "Sam Pettigrew said:",
    )
    assert quote.text == "you can feel the whole deck move when a boat comes in"
    assert "said:" not in walt.text  # attribution lines are left out of the text
    assert own.text.endswith("It has also outlasted three councils.")
    assert own.text.count("\n\n") == 1
    priya = by_author(blog, 0, "Priya Raman")
    assert priya.blocks[0].source == "p1"
    assert priya.parent_id == "p1"  # top-level, quoting only the post
    later_sam = blog.posts[0].comments[-1]
    assert later_sam.blocks[0].attribution == "Walt Haskins"  # from <cite>
    assert later_sam.blocks[0].source == "p1-c2"
    assert later_sam.parent_id == "p1-c2"  # top-level in WordPress, but it answers Walt's quote


def test_entities_unicode_and_scripts(blog: Archive) -> None:
    ines = by_author(blog, 0, "Inès Bravo")
    assert ines.text == (
        "Walt, outlasting councils isn’t a load rating. My brother’s boat crew ties up there "
        "every morning & they'd like to know it’s safe. 🚤"
    )
    anon = by_author(blog, 0, "anon")
    assert anon.text == "Interesting. Very interesting."
    assert "cookie" not in anon.text
    assert any(p.message == "1 <script> element(s) in p1-c8 left out" for p in blog.problems)


def test_parent_missing_from_export_is_reported(blog: Archive) -> None:
    letters = blog.posts[3]
    assert letters.comments[0].parent_id is None
    assert letters.comments[1].parent_id == "p4-c1"
    assert any("999" in p.message and "not in the export" in p.message for p in blog.problems)


@pytest.mark.parametrize(("version", "prefix"), [("1.0", "wp"), ("1.1", "wordpress"), ("1.2", "x")])
def test_any_wxr_version_and_prefix(version: str, prefix: str) -> None:
    items = [
        WxrItem(
            "Hello",
            "Body text here.",
            comments=[WxrComment(1, "Ann", "First!"), WxrComment(2, "Bo", "Second.", parent=1)],
        )
    ]
    document = wxr_document(items, version=version, wp_prefix=prefix).encode()
    assert looks_like_wxr(document[:4096])
    archive = wxr(document)
    (post,) = archive.posts
    assert post.text == "Body text here."
    assert [(c.author, c.parent_id) for c in post.comments] == [("Ann", None), ("Bo", "p1-c1")]
    assert post.published_utc == "2020-01-01T15:00:00+00:00"


def test_sniffing() -> None:
    assert looks_like_wxr(WXR_FIXTURE.read_bytes()[:4096])
    assert looks_like_wxr(wxr_document([]).encode("utf-16"))
    assert not looks_like_wxr(b"<rss version='2.0'><channel><title>plain feed</title>")
    assert not looks_like_wxr(b"Bugler on March 31, 2008 at 12:38 PM\n")


def test_utf16_and_latin1_exports_read_the_same() -> None:
    items = [WxrItem("Café Łódź", "Grüße", comments=[WxrComment(1, "Zoë", "Ça va?")])]
    utf8 = wxr(wxr_document(items).encode())
    utf16 = wxr(wxr_document(items, encoding="UTF-16").encode("utf-16"))
    assert [p.title for p in utf16.posts] == [p.title for p in utf8.posts] == ["Café Łódź"]
    assert utf16.posts[0].comments[0].text == "Ça va?"
    latin = [WxrItem("Café", "Grüße", comments=[WxrComment(1, "Zoë", "Ça va?")])]
    latin1 = wxr(wxr_document(latin, encoding="ISO-8859-1").encode("latin-1"))
    assert latin1.posts[0].comments[0].author == "Zoë"
    assert latin1.problems == []
    assert [a.posts[0].encoding for a in (utf8, utf16, latin1)] == ["utf-8", "utf-16", "iso8859-1"]


def test_drafts_without_dates_and_unknown_status() -> None:
    document = wxr_document(
        [WxrItem("Draft", comments=[WxrComment(1, "Ann", "Hi", approved="hold-ish")])]
    )
    document = document.replace("2020-01-01 10:00:00", "0000-00-00 00:00:00")
    (post,) = wxr(document.encode()).posts
    assert post.published is None
    assert post.comments[0].status == "hold-ish"


def test_a_date_that_cannot_be_read_is_kept_in_a_problem() -> None:
    document = wxr_document(
        [
            WxrItem(
                "Dated",
                "Text.",
                comments=[
                    WxrComment(1, "Ann", "First!", date="sometime in spring"),
                    WxrComment(2, "Bob", "Second.", date="2008-03-31 12:35:00"),
                    WxrComment(3, "Cy", "Third.", date="0000-00-00 00:00:00"),  # no date at all
                ],
            )
        ]
    )
    archive = wxr(document.encode(), "blog.xml")
    ann, bob, cy = archive.posts[0].comments
    assert (ann.published, bob.published, cy.published) == (None, "2008-03-31T12:35:00", None)
    messages = [problem.message for problem in archive.problems]
    assert messages == [
        "the date of p1-c1 could not be read ('sometime in spring'); it is shown without one"
    ]
