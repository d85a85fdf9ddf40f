"""Searching through the index gives exactly what searching the parsed dump gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkback.index import ensure_index
from talkback.index.search import HitPlace, count_index, hit_places, search_index
from talkback.search import compile_query, search_archive
from talkback.sources import load_archive

QUERIES = [
    "pier", "Sadr", "apres", "déluge", '"grant deadline"', "“south float”", "pier -grant",
    "grant OR Sadr", "author:\\\"Sam Pettigrew\\\"".replace("\\\\", "").replace('\\"', '"'),
    "author:~pett", "in:post", "in:comments pier", "is:reply", "has:quote", "replies:>0",
    "replies:>=2", "before:2011-10-15", "after:\\\"2011-10-14 22:00\\\"".replace("\\\\", "")
    .replace('\\"', '"'), "on:2011-10-15", "date:2011-10-14..2011-10-14", "/rafts?/i",
    "(Sam OR Walt) -Rosa", "-pier", "Iran* victory", "is:reply has:quote Bugler",
    "author:jp", "Maliki OR Basra in:post", "in:comments is:reply", "in:post replies:>3",
    "has:replies author:~walt", "-is:reply pier", "replies:=0 in:comments", "in:comments",
    "has:quote -has:quote", "is:reply -author:jp", "replies:<1 before:2011-10-15",
    "in:post", "(is:reply OR has:quote) in:comments",
]  # fmt: skip


def _hits(hits: object) -> list[tuple[str, str | None, str]]:
    return [(h.post.id, h.comment.id if h.comment else None, h.snippet) for h in hits]  # type: ignore[attr-defined]


@pytest.mark.parametrize("query_text", QUERIES)
def test_same_hits_as_the_engine(query_text: str, harbor_path: Path, hotair_path: Path) -> None:
    query = compile_query(query_text)
    for dump in (harbor_path, hotair_path):
        reader, _ = ensure_index(dump)
        expected = _hits(search_archive(load_archive(dump), query))
        assert _hits(search_index(reader, query)) == expected, dump.name
        assert count_index(reader, query) == len(expected)
        reader.close()


@pytest.mark.parametrize("query_text", QUERIES)
def test_hit_places_are_where_the_engine_hits(
    query_text: str, tmp_path: Path, harbor_path: Path
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):  # posts and comments of several pages interleave
        (folder / name).write_bytes(harbor_path.read_bytes())
    query = compile_query(query_text)
    reader, _ = ensure_index(folder)
    expected = [
        HitPlace(hit.post.row, hit.post.id, None, -1)
        if hit.comment is None
        else HitPlace(hit.post.row, hit.post.id, hit.comment.id, hit.comment.order)
        for hit in search_archive(load_archive(folder), query)
    ]
    assert list(hit_places(reader, query)) == expected
    reader.close()


def test_cli_uses_a_current_index(
    tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from talkback import cli
    from talkback.cli import search_command

    dump = tmp_path / "pier.txt"
    dump.write_bytes(harbor_path.read_bytes())
    assert cli.main(["search", str(dump), "grant", "--json"]) == 0
    before = capsys.readouterr().out
    assert len(before.splitlines()) == 3
    assert cli.main(["index", "-q", str(dump)]) == 0
    capsys.readouterr()

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dump was parsed although a current index exists")

    monkeypatch.setattr(search_command, "load_archive", no_parsing)
    assert cli.main(["search", str(dump), "grant", "--json"]) == 0
    assert capsys.readouterr().out == before
