"""What a search keeps in the tree and how F3 steps: plain Python over the sample's archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkback.core.model import Archive, Block, Comment, Post
from talkback.gui.search_filter import (
    SearchResult,
    author_spans,
    collect,
    match_label,
    page_key,
)
from talkback.search import SearchCorpus, compile_query
from talkback.sources import load_archive


def search(archive: Archive, text: str) -> SearchResult:
    query = compile_query(text)
    hits = ((hit.post, hit.comment) for hit in SearchCorpus(archive).search(query))
    result = collect(query, hits, len(archive.posts))
    assert result is not None
    return result


def ids(nodes: object) -> list[str]:
    return sorted(node.id for node in nodes)  # type: ignore[attr-defined]


@pytest.fixture
def archive(harbor_path: Path) -> Archive:
    return load_archive(harbor_path)


def test_matches_in_page_order_with_their_ancestors_kept(archive: Archive) -> None:
    result = search(archive, "deck OR photos")
    assert [node.id for node in result.matches] == ["p1-c1", "p1-c3", "p1-c4", "p1-c7"]
    # p1-c7 replies to p1-c4, which replies to p1-c3, which replies to p1-c1: one chain
    assert ids(result.shown) == ["p1", "p1-c1", "p1-c3", "p1-c4", "p1-c7"]
    assert not result.is_match(archive.posts[0])
    assert result.count == 4
    assert result.keys == sorted(result.keys)


def test_a_matching_post_and_a_match_deep_in_a_thread(archive: Archive) -> None:
    result = search(archive, "pier")
    assert [node.id for node in result.matches] == ["p1", "p1-c2", "p1-c5", "p1-c7"]
    assert result.is_match(archive.posts[0])
    # p1-c7's ancestors come along as context though they do not say "pier"
    assert {"p1-c1", "p1-c3", "p1-c4"} <= {node.id for node in result.shown}
    assert not any(result.is_match(node) for node in result.shown if node.id == "p1-c4")


def test_stepping_forward_and_back_wraps_around(archive: Archive) -> None:
    result = search(archive, "deck OR photos")
    post = archive.posts[0]
    by_id = {comment.id: comment for comment in post.comments}
    assert result.step(None) == (by_id["p1-c1"], False)
    assert result.step(None, forward=False) == (by_id["p1-c7"], False)
    assert result.step(by_id["p1-c1"]) == (by_id["p1-c3"], False)
    assert result.step(by_id["p1-c7"]) == (by_id["p1-c1"], True)
    assert result.step(by_id["p1-c1"], forward=False) == (by_id["p1-c7"], True)
    # from a row that is not a match: the next match after it in page order
    assert result.step(post) == (by_id["p1-c1"], False)
    assert result.step(by_id["p1-c2"]) == (by_id["p1-c3"], False)
    assert result.step(by_id["p1-c5"], forward=False) == (by_id["p1-c4"], False)
    assert result.position(by_id["p1-c4"]) == 2
    assert result.position(by_id["p1-c2"]) is None


def test_no_matches(archive: Archive) -> None:
    result = search(archive, "zeppelin")
    assert result.matches == [] and result.shown == set()
    assert result.step(None) is None


def test_hits_for_the_results_page(archive: Archive) -> None:
    result = search(archive, "pier")
    hits = list(result.hits())
    assert list(result.hits()) == hits  # made again, the same
    assert hits[0] == (archive.posts[0], None)
    assert [comment.id for _post, comment in hits[1:] if comment] == ["p1-c2", "p1-c5", "p1-c7"]


def test_collect_stops_when_told() -> None:
    post = Post(id="p1", title="t")
    post.comments = [Comment(f"p1-c{n}", "A", None, [Block("text", "word")]) for n in range(1000)]
    post.link()
    archive = Archive("x")
    archive.add_post(post)
    query = compile_query("word")
    hits = ((hit.post, hit.comment) for hit in SearchCorpus(archive).search(query))
    assert collect(query, hits, 1, stop=lambda: True) is None


def test_page_keys_follow_the_dump() -> None:
    first, second = Post(id="p1"), Post(id="p2")
    archive = Archive("x")
    for post in (first, second):
        post.comments = [Comment(f"{post.id}-c{n}", "A", None) for n in range(3)]
        post.link()
        archive.add_post(post)
    keys = [page_key(node) for post in archive.posts for node in (post, *post.comments)]
    assert keys == sorted(keys)


def test_labels_show_the_words_around_a_late_match(archive: Archive) -> None:
    by_id = {comment.id: comment for comment in archive.posts[0].comments}
    query = compile_query("deck OR photos")
    # Sam's first words do not reach "deck": the label starts just before it
    label = match_label(query, by_id["p1-c1"])
    assert label is not None and label.startswith("…") and "deck" in label[:30]
    # Theo quotes Walt first; his own words hold "photos", and they are preferred
    theo = match_label(query, by_id["p1-c7"])
    assert theo is not None and "photos" in theo[:30]
    # a match among the first words keeps them; a post keeps its title
    assert match_label(compile_query("closing"), by_id["p1-c1"]) is None
    assert match_label(query, archive.posts[0]) is None


def test_author_names_are_marked_whole_for_author_terms() -> None:
    spans = author_spans(compile_query('author:~pett OR author:"Walt  HASKINS" deck'))
    assert spans("Sam Pettigrew") == [(0, 13)]
    assert spans("Walt Haskins") == [(0, 12)]
    assert spans("Deck Hand") == [(0, 4)]  # no author term names him: the words are marked
    assert spans("Ines Bravo") == []
    assert author_spans(compile_query("-author:~sam deck"))("Sam Pettigrew") == []
