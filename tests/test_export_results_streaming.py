"""The search-results page, rendered a hit at a time, is byte for byte the page rendered whole.

The reference is the page as it was made before (``results_oracle.joined_results``: every hit's
view built first, one render), for small, empty, hostile, interleaved and big inputs and for hits
searched again in an index. The views are made as the page is written, the hits are gone through
twice (an iterator is refused), and a cancelled export stops at the next hit, leaving nothing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from conftest import SAMPLES, harbor_pages
from export_pages import EXPORTED_AT
from results_oracle import CASE_NAMES, cases, joined_results
from talkback.core.model import Archive
from talkback.export import (
    ExportCancelled,
    Hit,
    chunked,
    encoded,
    render_results,
    results_chunks,
    streaming,
    textmarkup,
    write_results,
)
from talkback.export.textmarkup import inline_text
from talkback.export.views import ViewBuilder
from talkback.index import build_index, index_path
from talkback.index.search import SearchHits
from talkback.search import compile_query
from talkback.sources import load_archive

Case = tuple[Archive, list[Hit], str]


@pytest.fixture(scope="module")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every input of ``results_oracle.cases``, by name."""
    folder = tmp_path_factory.mktemp("results") / "pages"
    harbor = SAMPLES / "harbor-town-pier.txt"
    return cases(harbor, harbor_pages(harbor, folder, 3))


class Twice:
    """Hits that can be gone through again, counting the passes and the hits taken; the second
    pass gives ``extra`` hits first (the hits changed between the passes)."""

    def __init__(self, hits: list[Hit], extra: list[Hit] | None = None) -> None:
        self.hits, self.extra = hits, extra or []
        self.passes = self.taken = 0

    def __iter__(self) -> Iterator[Hit]:
        self.passes += 1
        for hit in [*(self.extra if self.passes > 1 else []), *self.hits]:
            self.taken += 1
            yield hit


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_streamed_page_is_the_joined_page(
    all_cases: dict[str, Case], name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 4096)
    archive, hits, query = all_cases[name]
    joined = joined_results(archive, hits, query).encode("utf-8")
    chunks = list(results_chunks(archive, hits, query, exported_at=EXPORTED_AT))
    assert b"".join(encoded(chunks)) == joined
    assert all(len(chunk) >= 4096 for chunk in chunks[:-1])
    again = Twice(hits)
    assert render_results(archive, again, query, exported_at=EXPORTED_AT).encode() == joined
    assert again.passes == (2 if any(comment for _post, comment in hits) else 1)
    out = tmp_path / "results.html"
    write_results(archive, hits, query, out, overwrite=False, exported_at=EXPORTED_AT,
                  cancel=threading.Event())  # fmt: skip
    assert out.read_bytes() == joined


def test_the_inputs_are_what_they_say(all_cases: dict[str, Case]) -> None:
    pages, hits, _query = all_cases["pages, in turns and twice"]
    assert len(pages.posts) == 3
    assert [post.id for post, _comment in hits[:3]] == ["p3", "p2", "p1"]  # posts in turns
    comments = [comment.id for _post, comment in hits if comment is not None]
    assert len(comments) > len(set(comments))  # some listed twice
    assert len(all_cases["3,000 comments"][1]) == 3001
    assert "<script>" in all_cases["hostile"][2]
    assert len(joined_results(*all_cases["3,000 comments"])) > 2_000_000


def _ids(hits: Any) -> list[str]:
    return [post.id if comment is None else comment.id for post, comment in hits]


def test_hits_searched_again_in_the_index(tmp_path: Path) -> None:
    folder = harbor_pages(SAMPLES / "harbor-town-pier.txt", tmp_path / "pages", 3)
    build_index(folder)
    archive = load_archive(folder)
    found: dict[str, int] = {}
    for text in ("pier*", "deck OR photos", "author:~walt", "zeppelin"):
        hits = SearchHits(index_path(folder), compile_query(text))
        listed = list(hits)
        assert _ids(hits) == _ids(listed)  # searched again, the same hits
        out = tmp_path / f"{len(found)}.html"
        write_results(archive, hits, text, out, overwrite=False, exported_at=EXPORTED_AT)
        assert out.read_bytes() == joined_results(archive, listed, text).encode("utf-8")
        found[text] = len(listed)
    assert found["pier*"] > 0 and found["deck OR photos"] > 0 and found["zeppelin"] == 0


def test_views_are_made_as_the_page_is_written(
    all_cases: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 4096)
    made: list[str] = []
    view = ViewBuilder.view

    def counted(self: ViewBuilder, entry, previous):  # type: ignore[no-untyped-def]
        made.append(entry.comment.id)
        return view(self, entry, previous)

    monkeypatch.setattr(ViewBuilder, "view", counted)
    archive, hits, query = all_cases["3,000 comments"]
    chunks = results_chunks(archive, hits, query, exported_at=EXPORTED_AT)
    assert made == []  # nothing is done before the first chunk is asked for
    after_each = [len(made) for _chunk in chunks]
    assert after_each[-1] == 3000 == len(set(made))
    assert len(after_each) > 500  # 2.5 MB in chunks of 4 KB
    steps = [later - earlier for earlier, later in pairwise(after_each)]
    assert max(after_each[0], *steps) < 20  # a few comments' views a chunk, never all of them


def test_an_iterator_of_hits_is_refused(all_cases: dict[str, Case], tmp_path: Path) -> None:
    archive, hits, query = all_cases["harbor, every node"]
    with pytest.raises(TypeError, match="twice"):
        results_chunks(archive, iter(hits), query)
    with pytest.raises(TypeError, match="twice"):
        render_results(archive, (hit for hit in hits), query)
    with pytest.raises(TypeError, match="twice"):
        write_results(archive, iter(hits), query, tmp_path / "r.html", overwrite=False,
                      cancel=threading.Event())  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_hits_not_in_the_plan_are_left_out(all_cases: dict[str, Case]) -> None:
    archive, hits, query = all_cases["pages, every node"]
    first = hits[:5]  # the first post and four of its eleven comments
    posts = archive.posts
    extra = [(posts[0], comment) for comment in posts[0].comments[-3:]]
    extra += [(posts[2], None), (posts[2], posts[2].comments[0])]
    assert not set(_ids(extra)) & set(_ids(first))
    changed = Twice(first, extra)
    page = render_results(archive, changed, query, exported_at=EXPORTED_AT)
    assert changed.passes == 2 and changed.taken == 2 * len(first) + len(extra)
    assert page == joined_results(archive, first, query)


class _CancelAt(Twice):
    """Hits that set ``cancel`` as the ``at``-th hit (counted over both passes) is taken."""

    def __init__(self, hits: list[Hit], cancel: threading.Event, at: int) -> None:
        super().__init__(hits)
        self.cancel, self.at = cancel, at

    def __iter__(self) -> Iterator[Hit]:
        for hit in super().__iter__():
            if self.taken == self.at:
                self.cancel.set()
            yield hit


@pytest.mark.parametrize("when", ["planning", "writing"])
def test_a_cancelled_results_export_stops_at_that_hit(
    all_cases: dict[str, Case], tmp_path: Path, when: str
) -> None:
    archive, hits, query = all_cases["3,000 comments"]
    target = tmp_path / "results.html"
    target.write_text("old", encoding="utf-8")
    cancel = threading.Event()
    at = 100 if when == "planning" else len(hits) + 2000
    watched = _CancelAt(hits, cancel, at)
    with pytest.raises(ExportCancelled, match="cancelled"):
        write_results(archive, watched, query, target, overwrite=True, cancel=cancel)
    assert watched.taken == at  # not one hit more
    assert watched.passes == (1 if when == "planning" else 2)
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["results.html"]


class _Counted(Markup):
    """An escaped piece that counts its instances freed."""

    freed = 0

    def __del__(self) -> None:
        _Counted.freed += 1


def test_pieces_waiting_for_their_chunk_are_plain_strings() -> None:
    # Markup is tracked by the cycle collector: a chunk's pieces kept as Markup outlived young
    # collections, and brought on full ones walking everything the window holds.
    _Counted.freed = 0

    def pieces() -> Iterator[str]:
        for number in range(200):
            assert _Counted.freed >= number - 1  # let go of but the last one given
            yield _Counted(f"<p>{number}</p>")

    chunks = list(chunked(pieces(), 10_000))
    assert chunks == ["".join(f"<p>{number}</p>" for number in range(200))]
    assert type(chunks[0]) is str


def test_names_are_cached_as_plain_strings() -> None:
    name = "Tom & <Jerry> \u202e"
    assert inline_text(name) == Markup(textmarkup._inline(name))
    assert type(inline_text(name)) is Markup
    assert not gc.is_tracked(textmarkup._inline_cached(name))  # the cache holds no Markup
