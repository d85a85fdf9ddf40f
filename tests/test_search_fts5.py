"""The FTS5 plan: MATCH on an in-memory FTS5 table, then the residual, gives the engine's hits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from talkback.core.model import Archive, Block, Comment, Post
from talkback.search import compile_query, fts5_row, search_archive, to_fts5
from talkback.search.fts5 import FTS5_COLUMNS, FTS5_TOKENIZE
from talkback.sources import load_archive

ROOT = Path(__file__).resolve().parent.parent
HOTAIR = ROOT.parent / "shared" / "samples" / "hotair-2008-03-31-truce.txt"


def unicode_archive() -> Archive:
    post = Post(id="p1", title="Straße café", author="Zoë", text="ﬁne snake_case 日本語 Οδυσσέας")
    post.comments = [
        Comment("p1-c1", "Ana María", "2008-03-31T12:00:00",
                [Block("text", "STRASSE und CAFÉ, snake_case_name, e\u0301t\u00e9")]),
        Comment("p1-c2", "jp", None, [Block("quote", "ﬁne", "p1"), Block("text", "½ ok")],
                parent_id="p1"),
    ]  # fmt: skip
    post.link()
    archive = Archive("unicode")
    archive.add_post(post)
    return archive


def archives() -> Iterator[Archive]:
    yield load_archive(ROOT / "resources" / "samples" / "harbor-town-pier.txt")
    yield unicode_archive()
    if HOTAIR.is_file():
        yield load_archive(HOTAIR)


@pytest.fixture(scope="module")
def indexed() -> tuple[Archive, sqlite3.Connection]:
    """All sample posts in one archive, and an FTS5 table of them keyed by node id."""
    merged = Archive("merged")
    for number, archive in enumerate(archives(), start=1):
        for post in archive.posts:
            post.id = f"a{number}"
            for index, comment in enumerate(post.comments, start=1):
                comment.id = f"a{number}-c{index}"
            merged.add_post(post)
    database = sqlite3.connect(":memory:")
    columns = ", ".join(FTS5_COLUMNS)
    database.execute(
        f"CREATE VIRTUAL TABLE fts USING fts5(node UNINDEXED, {columns}, "
        f'tokenize="{FTS5_TOKENIZE}")'
    )
    rows = []
    for post in merged.posts:
        rows.append((post.id, *fts5_row(post)))
        rows.extend((comment.id, *fts5_row(post, comment)) for comment in post.comments)
    database.executemany("INSERT INTO fts VALUES (?, ?, ?, ?)", rows)
    return merged, database


QUERIES = [
    "Sadr", "sadr’s", '"Sadr City"', "Sadr*", "Mook*", "Sadr Maliki", "Sadr -Maliki",
    "Sadr Maliki OR Iran", "(ugly OR handsome) -Sadr", "-Sadr", "-Sadr -Iran in:comments",
    "pier", "engineer* -council", '"south float" -"harbor master"', "déluge", "apres OR strasse",
    "strasse", "cafe", "fine", "snake_case_name", "snake", "日本語", "οδυσσεας", "ete", "½",
    'author:"funky chicken"', 'author:"funky chicken" Sadr', "author:~chick", "author:zoe",
    'author:"ana maria"', "is:reply", "has:quote Sadr", "replies:>0", "in:post Sadr",
    "on:2008-03-31 video", "/Mahdi/", "/mahdi/i Army", "Sadr (is:reply OR video)",
    "-(Sadr OR Iran) ugly", "zebra", "Sadr zebra", "a* -b*",
]  # fmt: skip


@pytest.mark.parametrize("text", QUERIES)
def test_match_then_residual_gives_the_engines_hits(
    indexed: tuple[Archive, sqlite3.Connection], text: str
) -> None:
    archive, database = indexed
    query = compile_query(text)
    plan = to_fts5(query)
    if plan.match is None:
        candidates = [row[0] for row in database.execute("SELECT node FROM fts")]
    else:
        sql = "SELECT node FROM fts WHERE fts MATCH ?"
        candidates = [row[0] for row in database.execute(sql, (plan.match,))]
    found = []
    for node_id in candidates:
        post = archive.find(node_id.split("-")[0])
        assert isinstance(post, Post)
        comment = post.find(node_id) if "-" in node_id else None
        if plan.residual is None or plan.residual.matches(post, comment):
            found.append(node_id)
    expected = [hit.node_id for hit in search_archive(archive, query)]
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "match", "residual"),
    [
        ("Sadr", '"sadr"', None),
        ("Sadr*", '"sadr"*', None),
        ("Sadr’s", '"sadr s"', None),
        ("Sadr Maliki", '("sadr") AND ("maliki")', None),
        ("Sadr -Maliki", '("sadr") NOT ("maliki")', None),
        ("Sadr Maliki OR Iran", '("sadr") AND (("maliki") OR ("iran"))', None),
        ("-Sadr", None, "-sadr"),
        ("is:reply", None, "trait:reply"),
        ("is:reply Sadr", '"sadr"', "trait:reply"),
        ('author:"funky chicken" Sadr', '(author : "funky chicken") AND ("sadr")',
         "author:'funky chicken'"),
        ("Sadr (is:reply OR video)", '"sadr"', "(trait:reply | video)"),
        ("/x/ -y", None, "(/x/ -y)"),
        ("½", '"1⁄2"', "1⁄2"),  # not a plain word: FTS5 narrows, Python decides
    ],
)  # fmt: skip
def test_plans(text: str, match: str | None, residual: str | None) -> None:
    plan = to_fts5(compile_query(text))
    assert plan.match == match
    if residual is None:
        assert plan.residual is None
    else:
        assert plan.residual is not None
        assert plan.residual.text == residual
