"""Browsing an index a post at a time (talkback.index.browse): summaries, one post read in full,
letting it go again, lookups and the authors' counts, each checked against the parsed dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from dumps import generated_page
from talkback.core.serialize import archive_to_dict
from talkback.index import IndexReader, browse, build_index
from talkback.index.authors import count_authors
from talkback.index.browse import (
    IndexedPost,
    PostContents,
    empty_post,
    fill_post,
    index_author_counts,
    owner_post,
    post_summaries,
    read_post,
)
from talkback.search import author_counts
from talkback.sources import load_archive


@pytest.fixture(name="indexed")
def indexed_fixture(tmp_path: Path, harbor_path: Path) -> tuple[Path, IndexReader]:
    """A folder of the harbor page (replies, quotes) and three generated pages, indexed."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-harbor.txt").write_bytes(harbor_path.read_bytes())
    for number in (1, 2, 3):
        (folder / f"b-page-{number}.txt").write_text(generated_page(number, comments=2 + number))
    reader = IndexReader(build_index(folder))
    return folder, reader


def test_summaries_then_every_post_read_equal_the_parsed_dump(
    indexed: tuple[Path, IndexReader],
) -> None:
    folder, reader = indexed
    summaries = post_summaries(reader)
    parsed = load_archive(folder)
    assert [post.id for post in summaries] == [post.id for post in parsed.posts]
    assert [post.comment_total for post in summaries] == [len(p.comments) for p in parsed.posts]
    assert [post.row for post in summaries] == list(range(len(parsed.posts)))
    assert not any(post.comments or post.text or post.loaded for post in summaries)
    for post in summaries:
        contents = read_post(reader, post)
        assert contents is not None
        assert not post.loaded  # read_post leaves the summary alone; fill_post moves it in
        fill_post(post, contents)
        assert post.loaded
        assert all(comment.post is post for comment in post.comments)
    archive = load_archive(folder)
    archive.posts = list(summaries)
    assert archive_to_dict(archive)["posts"] == archive_to_dict(parsed)["posts"]


def test_a_stopped_read_gives_nothing(indexed: tuple[Path, IndexReader]) -> None:
    _folder, reader = indexed
    post = post_summaries(reader)[0]
    assert read_post(reader, post, stop=lambda: True) is None
    assert not post.loaded and not post.comments


def test_a_post_let_go_is_back_to_its_summary_and_its_links_are_cut(
    indexed: tuple[Path, IndexReader],
) -> None:
    _folder, reader = indexed
    post = post_summaries(reader)[0]
    contents = read_post(reader, post)
    assert contents is not None
    fill_post(post, contents)
    comments = list(post.comments)
    assert any(comment.children for comment in comments)  # the harbor page has replies
    empty_post(post)
    assert not post.loaded and post.comments == [] and post.roots == [] and post.text == ""
    assert post.comment_total == len(comments)  # the row still says how many there are
    assert all(c.post is None and c.parent is None and not c.children for c in comments)
    again = read_post(reader, post)
    assert again is not None and len(again.comments) == len(comments)


def test_owner_post_finds_the_post_of_a_comment(indexed: tuple[Path, IndexReader]) -> None:
    _folder, reader = indexed
    summaries = post_summaries(reader)
    last = summaries[-1]
    contents = read_post(reader, last)
    assert contents is not None
    comment_id = contents.comments[-1].id
    assert owner_post(reader, comment_id) == last.id
    assert owner_post(reader, last.id) == last.id
    assert owner_post(reader, "no-such-id") is None


def test_authors_counted_in_sqlite_as_in_memory(indexed: tuple[Path, IndexReader]) -> None:
    folder, reader = indexed
    expected = author_counts(load_archive(folder))
    assert index_author_counts(reader) == expected
    assert count_authors(reader.connection) == expected  # what the writer stored, counted again
    stored = reader.connection.execute("SELECT count(*) FROM authors").fetchone()[0]
    assert stored == int(reader.meta["author_count"]) == len(expected) > 1


def test_authors_with_one_folded_name_are_counted_together(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    lines = ["Post", "", "body", ""]
    for number, name in enumerate(["Zoë Day", "ZOE  day", "Al", "zoe day"]):
        lines += [f"comment {number}", f"{name} on March 31, 2008 at 12:{number:02} PM", ""]
    (folder / "page.txt").write_text("\n".join(lines), encoding="utf-8")
    build_index(folder)
    reader = IndexReader.open_for(folder)
    assert reader is not None
    try:
        counts = index_author_counts(reader)
    finally:
        reader.close()
    assert counts == author_counts(load_archive(folder))
    assert counts == [("Zoë Day", 3, "zoe day"), ("Al", 1, "al")]


def test_indexed_posts_are_posts_compared_by_identity() -> None:
    one, two = IndexedPost(id="p1"), IndexedPost(id="p1")
    assert one != two and len({one, two}) == 2


def test_a_first_page_is_given_before_the_whole_post(
    indexed: tuple[Path, IndexReader], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "PAGE_ROWS", 4)
    _folder, reader = indexed
    post = max(post_summaries(reader), key=lambda summary: summary.comment_total)
    pages: list[PostContents] = []
    whole = read_post(reader, post, first_page=pages.append)
    assert whole is not None and len(pages) == 1 and post.comment_total > 4
    first = pages[0]
    by_id = {comment.id: comment for comment in whole.comments}
    assert 0 < len(first.comments) <= 4
    for comment in first.comments:
        assert comment is not by_id[comment.id]  # objects of its own
        assert comment.order == by_id[comment.id].order  # its place in the whole page
        assert comment.post is post
        assert comment.parent is None or comment.parent in first.comments
    assert [root.id for root in first.roots] == [c.id for c in first.comments if c.parent is None]
    small = min(post_summaries(reader), key=lambda summary: summary.comment_total)
    assert small.comment_total <= 4
    assert read_post(reader, small, first_page=pages.append) is not None and len(pages) == 1
