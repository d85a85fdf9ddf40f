"""The query language: what each piece of syntax compiles to, and every malformed query's error."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.core.model import Archive, Block, Comment, Post
from talkback.search import QueryError, compile_query, search_archive
from talkback.search.syntax import describe


def tree(text: str) -> str:
    return describe(compile_query(text).node)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sadr", "sadr"),
        ("SADR Maliki", "(sadr maliki)"),
        ("Après", "apres"),
        ("Sadr’s", '"sadr s"'),
        ("Sadr's", '"sadr s"'),
        ("al-Sadr", '"al sadr"'),
        ("Sadr*", "sadr*"),
        ('"Sadr City"', '"sadr city"'),
        ("“Sadr City”", '"sadr city"'),
        ("„Sadr City“", '"sadr city"'),
        ('"Sadr"', "sadr"),
        ("-Sadr", "-sadr"),
        ('-"Sadr City"', '-"sadr city"'),
        ("--Sadr", "sadr"),
        ("NOT Sadr", "-sadr"),
        ("a OR b", "(a | b)"),
        ("a | b", "(a | b)"),
        ("a|b|c", "(a | b | c)"),
        ("a or b", "(a or b)"),  # only upper-case OR is an operator
        ("a AND b", "(a b)"),
        ("Sadr Maliki OR Iran", "(sadr (maliki | iran))"),
        ("(Sadr Maliki) OR Iran", "((sadr maliki) | iran)"),
        ("-(a OR b) c", "(-(a | b) c)"),
        ("((a))", "a"),
        ("a — b", "(a b)"),  # a word that folds to nothing is dropped
        ("-— a", "a"),
        ("( — )", "*"),
        ("", "*"),
        ("   ", "*"),
        ("12:35", '"12 35"'),  # not a field: an ordinary word
        ("http://x.org/a", '"http x org a"'),
        ("/Sadr\\/s/i", "/Sadr/s/i"),
        ("/x/smi", "/x/ims"),
        ("author:jp", "author:'jp'"),
        ("Author:JP", "author:'jp'"),
        ('author:"funky  chicken"', "author:'funky chicken'"),
        ("author:“Liberty or Death”", "author:'liberty or death'"),
        ("author:~chick", "author:~'chick'"),
        ('author:~"funky chick"', "author:~'funky chick'"),
        ("author:Zoë", "author:'zoe'"),
        ("in:post", "in:post"),
        ("in:comments", "in:comment"),
        ("is:reply", "trait:reply"),
        ("has:quote", "trait:quote"),
        ("has:replies", "trait:replies"),
        ("replies:>3", "replies:>3"),
        ("replies:>=3", "replies:>=3"),
        ("replies:<3", "replies:<3"),
        ("replies:<=3", "replies:<=3"),
        ("replies:=3", "replies:=3"),
        ("replies:3", "replies:=3"),
        ("-author:jp (in:post OR is:reply)", "(-author:'jp' (in:post | trait:reply))"),
    ],
)
def test_syntax(query: str, expected: str) -> None:
    assert tree(query) == expected


def day(*parts: int) -> datetime:
    return datetime(*parts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("on:2008-03-31", day(2008, 3, 31), day(2008, 4, 1)),
        ('on:"March 31, 2008"', day(2008, 3, 31), day(2008, 4, 1)),
        ("on:3/31/2008", day(2008, 3, 31), day(2008, 4, 1)),
        ("on:31/3/2008", day(2008, 3, 31), day(2008, 4, 1)),
        ("on:2008", day(2008, 1, 1), day(2009, 1, 1)),
        ('on:"March 2008"', day(2008, 3, 1), day(2008, 4, 1)),
        ('on:"2008-03-31 13:00"', day(2008, 3, 31, 13), day(2008, 3, 31, 13, 1)),
        ('on:"March 31, 2008 at 1:07 PM"', day(2008, 3, 31, 13, 7), day(2008, 3, 31, 13, 8)),
        ("on:2008-03-31T13:00:05", day(2008, 3, 31, 13, 0, 5), day(2008, 3, 31, 13, 0, 6)),
        ('on:"2008-03-31 13:00 EDT"', day(2008, 3, 31, 13), day(2008, 3, 31, 13, 1)),
        ("before:2008-03-31", None, day(2008, 3, 31)),
        ("after:2008-03-31", day(2008, 4, 1), None),
        ('after:"2008-03-31 13:00"', day(2008, 3, 31, 13, 1), None),
        ("date:2008-03-31", day(2008, 3, 31), day(2008, 4, 1)),
        ("date:2008-03-01..2008-03-31", day(2008, 3, 1), day(2008, 4, 1)),
        ("date:2008-03..", day(2008, 3, 1), None),
        ("date:..2008", None, day(2009, 1, 1)),
        ('date:"March 1, 2008".."March 31, 2008"', day(2008, 3, 1), day(2008, 4, 1)),
        ('date:"3/31/2008 12:50".."3/31/2008 12:58"', day(2008, 3, 31, 12, 50),
         day(2008, 3, 31, 12, 59)),
    ],
)  # fmt: skip
def test_dates(query: str, start: datetime | None, end: datetime | None) -> None:
    left = start.isoformat() if start else ""
    right = end.isoformat() if end else ""
    assert tree(query) == f"published:[{left},{right})"


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ('Sadr "City', "unclosed quote", 5),
        ("“Sadr", "unclosed quote", 0),
        ("(Sadr", "unclosed (", 0),
        ("a (b (c)", "unclosed (", 2),
        ("Sadr)", "unmatched )", 4),
        ("()", "empty ( )", 0),
        ("a OR", "OR needs a term on each side", 2),
        ("OR a", "OR needs a term on each side", 0),
        ("a | | b", "OR needs a term on each side", 2),
        ("(a OR) b", "OR needs a term on each side", 3),
        ("a AND", "AND needs a term on each side", 2),
        ("NOT", "nothing to exclude after NOT", 0),
        ("a -(", "unclosed (", 3),
        ("-)", "unmatched )", 1),
        ("/abc", "unclosed /regex/ (end it with /, or quote a lone slash)", 0),
        ("//", "empty /regex/", 0),
        ("/a/q", "unknown regex flag 'q' (use i, m or s)", 3),
        ("/(a/", "bad regex: missing ): (a", 0),
        ("x /(a)\\1/", "bad regex: invalid escape sequence: \\1", 2),
        ("/" + "a" * 301 + "/", "regex too long (over 300 characters)", 0),
        ("author:", "author: needs a name, e.g. author:jp", 7),
        ('author:""', "author: needs a name, e.g. author:jp", 8),
        ("author:~", "author: needs a name, e.g. author:jp", 7),
        ("in:everything", "in: takes post or comments", 3),
        ("is:", "is: takes reply, post or comment", 3),
        ("has:cats", "has: takes quote or replies", 4),
        ("replies:many", "replies: takes a number, e.g. replies:>3", 8),
        ("replies:>", "replies: takes a number, e.g. replies:>3", 8),
        ("replies:=>3", "replies: takes a number, e.g. replies:>3", 8),
        ("before:", "missing date, e.g. 2008-03-31", 7),
        ("before:yesterday", "cannot read 'yesterday' as a date", 7),
        ("on:2008-13-01", "cannot read '2008-13-01' as a date", 3),
        ("on:13:00", "'13:00' has no year", 3),
        ('on:"March 2008 13:00"', "cannot read 'March 2008 13:00' as a date", 4),
        ("date:..", "date: needs a date on at least one side of ..", 5),
        ("date:2009..2008", "date: the range ends before it starts", 5),
        ("date:2008..never1", "cannot read 'never1' as a date", 11),
        ("(" * 40 + "a" + ")" * 40, "too many nested parentheses (over 32)", 32),
        ("a" * 2001, "query too long (over 2000 characters)", 2000),
    ],
)
def test_malformed_queries(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        compile_query(query)
    assert (caught.value.message, caught.value.position) == (message, position)
    assert str(caught.value) == message
    assert 0 <= caught.value.position <= len(query)


def test_deep_negation_and_long_alternatives_do_not_recurse() -> None:
    assert tree("-" * 500 + "a") == "a"
    assert tree(" OR ".join(["w"] * 300)).count("|") == 299


# Pieces that exercise every branch of the lexer and parser, glued together at random.
PIECES = [
    "a", "Sadr", "Après", "’", "'", " ", "  ", '"', "“", "”", "-", "--", "(", ")", "|", "OR",
    "AND", "NOT", "*", "/", "\\", "/x/i", ":", "author:", "author:~", "in:", "is:", "has:",
    "replies:", ">", ">=", "3", "before:", "after:", "on:", "date:", "..", "2008-03-31",
    "March", "2008", "13:00", "reply", "quote", "post", "comments", "[", "]", "+", "?", "{", "}",
    "\t", "\n", "🙂", "é", "e\u0301", "ß", "_", "ﬁ", "½", "\u200b", "~",
]  # fmt: skip

SAMPLE = Archive("fuzz")
_post = Post(id="p1", title="Après le déluge", author="Zoë", published="2008-03-31T12:00:00",
             text="Sadr’s city. ß ﬁ ½ e\u0301 12:35")  # fmt: skip
_post.comments = [
    Comment("p1-c1", "funky chicken", "2008-03-31T12:35:00-04:00",
            [Block("quote", "Sadr’s city.", "p1"), Block("text", "Agreed — (a|b)* /x/")],
            parent_id="p1"),
    Comment("p1-c2", None, None, [Block("text", "")], parent_id="p1-c1"),
    Comment("p1-c3", "jp", "2008-03-31", [Block("text", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]),
]  # fmt: skip
_post.link()
SAMPLE.add_post(_post)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join) | st.text(max_size=40))
def test_fuzz_only_query_errors_escape(text: str) -> None:
    try:
        query = compile_query(text)
    except QueryError as error:
        assert error.message
        assert 0 <= error.position <= len(text)
        return
    hits = list(search_archive(SAMPLE, query))
    for hit in hits:
        assert hit.snippet is not None
        for start, end in hit.marks:
            assert 0 <= start < end <= len(hit.snippet)
    for text_ in (_post.text, _post.title or "", text):
        spans = query.spans(text_)
        assert spans == sorted(spans)
        assert all(0 <= start < end <= len(text_) for start, end in spans)


FIELD_NAMES = ["author:", "author:~", "in:", "is:", "has:", "replies:", "before:", "after:",
               "on:", "date:"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FIELD_NAMES), st.text(max_size=30), st.booleans())
def test_fuzz_field_values(field: str, value: str, quoted: bool) -> None:
    text = f'{field}"{value}"' if quoted else field + value
    try:
        query = compile_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        return
    list(search_archive(SAMPLE, query))
