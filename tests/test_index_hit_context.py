"""A search-results page made from a dump's index says what the page made from the dump read
whole says: whom each comment replies to, whose words its quotes are, how many replies it shows.

A comment a search reads from the index comes without its thread; ``HitContext`` links it. The
page from the index once lacked "replying to …", "— from the post" and the quoted names, and
counted no replies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES, harbor_pages
from export_pages import EXPORTED_AT
from talkback.export import render_results
from talkback.index import build_index, hit_context, index_path
from talkback.index.search import SearchHits
from talkback.search import compile_query
from talkback.search.corpus import search_archive
from talkback.sources import load_archive


def pages_of_both(dump: Path, queries: list[str]) -> list[tuple[str, str, str]]:
    """For each query: the results page from the dump read whole and from its index."""
    build_index(dump)
    archive = load_archive(dump)
    pages = []
    for text in queries:
        query = compile_query(text)
        whole = [(hit.post, hit.comment) for hit in search_archive(archive, query)]
        indexed = SearchHits(index_path(dump), query)
        pages.append(
            (
                text,
                render_results(archive, whole, text, exported_at=EXPORTED_AT),
                render_results(archive, indexed, text, exported_at=EXPORTED_AT),
            )
        )
    return pages


@pytest.mark.parametrize(
    "name",
    ["harbor-town-pier.txt", "harbor-town-blog.wxr.xml", "lakeside-forum.disqus.xml"],
)
def test_a_page_from_the_index_is_the_page_from_the_dump(name: str, tmp_path: Path) -> None:
    dump = SAMPLES / name
    if name.endswith(".txt"):  # three copies of the page: hits in several posts
        dump = harbor_pages(dump, tmp_path / "pages", 3)
    queries = ["the", "pier* OR harbor OR lake*", "NOT zeppelin", "zeppelin"]
    for text, whole, indexed in pages_of_both(dump, queries):
        assert indexed == whole, text


def test_the_context_is_there_in_the_real_sample(hotair_path: Path) -> None:
    [(_, whole, indexed)] = pages_of_both(hotair_path, ["sadr OR iran"])
    assert indexed == whole
    # what the page from the index used to leave out
    assert "replying to <a" in indexed and "from the post</bdi>" in indexed
    assert "<b>0</b> replies" not in indexed


def test_listed_first_then_written(tmp_path: Path) -> None:
    """Hits listed before the page is written (a list, not searched again) keep their context."""
    dump = harbor_pages(SAMPLES / "harbor-town-pier.txt", tmp_path / "pages", 3)
    build_index(dump)
    archive = load_archive(dump)
    query = compile_query("the")
    whole = [(hit.post, hit.comment) for hit in search_archive(archive, query)]
    listed = list(SearchHits(index_path(dump), query))
    assert render_results(archive, listed, "the", exported_at=EXPORTED_AT) == render_results(
        archive, whole, "the", exported_at=EXPORTED_AT
    )


def test_what_a_hit_needs_lives_with_the_hit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The posts the hits share gain nothing (a page of 100,000 hits would keep it all), and a
    few stand-ins kept for the next hits give the same page as many."""
    monkeypatch.setattr(hit_context, "KEPT_STAND_INS", 1)
    dump = harbor_pages(SAMPLES / "harbor-town-pier.txt", tmp_path / "pages", 3)
    [(_, whole, indexed)] = pages_of_both(dump, ["the"])
    assert indexed == whole
    hits = list(SearchHits(index_path(dump), compile_query("the")))
    assert all(post.comments == [] for post, _ in hits)
    linked = [comment for _, comment in hits if comment is not None and comment.parent]
    assert linked  # replies were found, and linked to their parents
