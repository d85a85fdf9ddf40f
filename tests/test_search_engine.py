"""Matching, highlighting and snippets: on the bundled sample page and on small built archives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.core.model import Archive, Block, Comment, Post
from talkback.core.text import words
from talkback.search import (
    SearchCorpus,
    author_counts,
    author_query,
    compile_query,
    search_archive,
)
from talkback.search.documents import folded_words
from talkback.sources import load_archive


@pytest.fixture(scope="module")
def harbor() -> Archive:
    return load_archive(
        Path(__file__).resolve().parent.parent / "resources/samples/harbor-town-pier.txt"
    )


def ids(archive: Archive, query: str) -> list[str]:
    return [hit.node_id for hit in search_archive(archive, query)]


def comments(*numbers: int) -> list[str]:
    return [f"p1-c{number}" for number in numbers]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # words: whole words, case-, accent- and punctuation-insensitive, all must match
        ("pier", ["p1", *comments(2, 5, 7)]),  # c2 quotes the post
        ("PIER", ["p1", *comments(2, 5, 7)]),
        ("apres", comments(7)),
        ("DÉLUGE", comments(7)),
        ("library’s", comments(4, 7)),
        ("library's", comments(4, 7)),
        ("librarys", []),
        ("Sam photos", comments(4, 7)),  # "Sam" quoted from Walt, or written by Theo
        ("deck tide", comments(1, 3)),
        # prefixes
        ("engineer*", ["p1", *comments(3, 4, 7, 9)]),
        ("engineer", []),
        # phrases, straight and curly quotes
        ('"south float"', ["p1", *comments(2, 8, 10, 11)]),
        ("“south float”", ["p1", *comments(2, 8, 10, 11)]),
        ('"float south"', []),
        ('"Après le déluge"', comments(7)),
        ('"apres le deluge"', comments(7)),
        # exclusion
        ('"south float" -rafting', ["p1", *comments(2, 8, 11)]),
        ('"south float" -"harbor master"', ["p1", *comments(2, 8, 11)]),
        ("-pier -engineering in:comments", comments(1, 6, 8, 9, 10, 11)),
        ("-the", []),
        # OR, |, parentheses, precedence (OR binds tighter than the implicit AND)
        ("market OR grant", ["p1", *comments(5, 6, 9, 11)]),
        ("market | grant", ["p1", *comments(5, 6, 9, 11)]),
        ("plaza market OR winter", comments(5, 6)),
        ("(plaza market) OR winter", comments(5, 6)),
        ("(stalls OR minutes) -Rosa", []),  # Rosa wrote one, the other names her
        ("(stalls OR minutes) -author:~rosa", comments(6)),
        # authors
        ('author:"Ines Bravo"', comments(2, 11)),
        ("author:“ines bravo”", comments(2, 11)),
        ("author:Ines", []),
        ("author:~ines", comments(2, 11)),
        ("author:~BRAV", comments(2, 11)),
        ('author:"Marguerite Okafor"', ["p1", *comments(10)]),
        ('author:"Marguerite Okafor" in:comments', comments(10)),
        ("-author:~a in:comments", []),
        ("Sam", comments(1, 3, 4, 7)),  # authors' names are searched as words too
        # in:, is:, has:, replies:
        ("in:post", ["p1"]),
        ("in:posts council", ["p1"]),
        ("in:comments council", comments(6, 10, 11)),
        ("is:reply", comments(3, 4, 7, 8, 10)),
        ("has:quote", comments(2, 3, 4, 7, 8, 9, 10, 11)),
        ("has:quote -is:reply", comments(2, 9, 11)),
        ("has:replies in:comments", comments(1, 2, 3, 4, 8)),
        ("replies:>0 in:comments", comments(1, 2, 3, 4, 8)),
        ("replies:=1 in:comments", comments(1, 2, 3, 4, 8)),
        ("replies:0 in:comments", comments(5, 6, 7, 9, 10, 11)),
        ("replies:>=11", ["p1"]),
        ("replies:<1", comments(5, 6, 7, 9, 10, 11)),
        ("replies:<=1 in:comments", comments(*range(1, 12))),
        ("replies:>1 in:comments", []),
        # dates
        ("on:2011-10-15", comments(9, 10, 11)),
        ('before:"October 14, 2011 9:31 PM"', ["p1", *comments(1)]),
        ('after:"10/15/2011 12:00"', comments(11)),
        ("after:2011-10-14 is:reply", comments(10)),
        ('date:"2011-10-14 21:52"..2011-10-14T22:15', comments(4, 5, 6, 7)),
        ("date:..2011-10-14", ["p1", *comments(1, 2, 3, 4, 5, 6, 7, 8)]),
        ("date:2011-10-15..", comments(9, 10, 11)),
        ("on:2011-10", ["p1", *comments(*range(1, 12))]),
        ("on:2012", []),
        # regex: raw text, case-sensitive unless /i
        ("/Eight inch/", comments(7)),
        ("/eight inch/", comments(4, 7)),
        ("/eight inch/i", comments(4, 7)),
        ("/^Rosa/", comments(5, 6)),  # the author field, then the text
        ("/\\d{4}/ in:comments", comments(4, 6, 7)),
        ("/Dana Whit\\w+/", ["p1"]),
        # nothing
        ("zebra", []),
        ("pier zebra", []),
    ],
)
def test_operators_on_the_sample(harbor: Archive, query: str, expected: list[str]) -> None:
    assert ids(harbor, query) == expected


def test_hits_follow_dump_order_and_carry_their_facts(harbor: Archive) -> None:
    hits = list(search_archive(harbor, "Sam"))
    assert [hit.author for hit in hits] == [
        "Sam Pettigrew", "Walt Haskins", "Sam Pettigrew", "Theo Marchetti"
    ]  # fmt: skip
    assert hits[0].published == "2011-10-14T21:20:00"
    assert hits[0].post is harbor.posts[0]


def build(*texts: str, authors: list[str | None] | None = None) -> Archive:
    post = Post(id="p1", title="A title", author="Editor", published="2008-03-31T12:00:00")
    post.comments = [
        Comment(f"p1-c{index}", (authors or [None] * len(texts))[index - 1],
                None, [Block("text", text)])
        for index, text in enumerate(texts, start=1)
    ]  # fmt: skip
    post.link()
    archive = Archive("built")
    archive.add_post(post)
    return archive


def test_unicode_text() -> None:
    archive = build(
        "Straße und Café",
        "ﬁne print",
        "Οδυσσέας ΟΔΥΣΣΈΑΣ",
        "日本語のテキスト",
        "emoji 🙂 here",
        "snake_case_name",
        "cafe\u0301 decomposed",
        authors=["Zoë", "Ana María", None, "李雷", None, None, None],
    )
    assert ids(archive, "strasse") == comments(1)
    assert ids(archive, "STRASSE cafe") == comments(1)
    assert ids(archive, "fine") == comments(2)
    assert ids(archive, "οδυσσεας") == comments(3)
    assert ids(archive, "日本語のテキスト") == comments(4)
    assert ids(archive, "here -🙂") == comments(5)
    assert ids(archive, "snake_case_name") == comments(6)
    assert ids(archive, "snake") == []
    assert ids(archive, "author:zoe") == comments(1)
    assert ids(archive, 'author:"ana maria"') == comments(2)
    assert ids(archive, "author:李雷") == comments(4)
    assert ids(archive, "author:~a -author:~maria") == []


def test_quotes_are_searched_and_phrases_do_not_cross_fields() -> None:
    post = Post(id="p1", title="Ferry pier", author="Ed", text="Pier closes. Council votes.")
    post.comments = [
        Comment("p1-c1", "Pier Man", None,
                [Block("quote", "Council votes.", "p1"), Block("text", "Good.")], parent_id="p1"),
    ]  # fmt: skip
    post.link()
    archive = Archive("x")
    archive.add_post(post)
    assert ids(archive, '"council votes"') == ["p1", "p1-c1"]
    assert ids(archive, '"pier council"') == []  # author then text: no phrase across fields
    assert ids(archive, '"ed ferry"') == []  # post author then title
    assert ids(archive, '"ferry pier pier"') == []  # title then text
    assert ids(archive, "man") == ["p1-c1"]
    # the comment quotes the post, so it is not a reply, but it has a quote
    assert ids(archive, "is:reply") == []
    assert ids(archive, "has:quote") == ["p1-c1"]


def test_dates_without_time_zone_or_time_and_unknown_dates() -> None:
    post = Post(id="p1", published="2008-03-31")
    post.comments = [
        Comment("p1-c1", "a", "2008-03-31T23:30:00-04:00", [Block("text", "x")]),
        Comment("p1-c2", "b", "2008-04-01T00:10:00+02:00", [Block("text", "x")]),
        Comment("p1-c3", "c", None, [Block("text", "x")]),
        Comment("p1-c4", "d", "not a date", [Block("text", "x")]),
    ]
    post.link()
    archive = Archive("x")
    archive.add_post(post)
    # wall-clock times as written: the offsets are not applied
    assert ids(archive, "on:2008-03-31") == ["p1", "p1-c1"]
    assert ids(archive, "on:2008-04-01") == ["p1-c2"]
    assert ids(archive, 'before:"2008-03-31 00:01"') == ["p1"]  # a bare date counts as midnight
    assert ids(archive, "-on:2008-03-31") == ["p1-c2", "p1-c3", "p1-c4"]


def test_matches_one_item_with_or_without_a_corpus(harbor: Archive) -> None:
    post = harbor.posts[0]
    query = compile_query("author:~jonah OR in:post")
    corpus = SearchCorpus(harbor)
    for comment in [None, *post.comments]:
        expected = comment is None or comment.author == "Jonah Fisk"
        assert query.matches(post, comment) is expected
        assert query.matches(post, comment, corpus=corpus) is expected
    # the corpus hands back the same prepared Document each time
    assert corpus.document(post, post.comments[0]) is corpus.document(post, post.comments[0])


def test_corpus_picks_up_posts_added_while_loading() -> None:
    archive = build("first words")
    corpus = SearchCorpus(archive)
    assert corpus.count("words") == 1
    later = Post(id="p2", title="Later", text="more words")
    later.link()
    archive.add_post(later)
    assert [hit.node_id for hit in corpus.search("words")] == ["p1-c1", "p2"]


def test_highlight_spans() -> None:
    text = "Muqtada al-Sadr’s command; SADR City. Sadrists. Après nous, le déluge!"
    query = compile_query('Sadr* "le deluge" apres -command')
    assert [text[start:end] for start, end in query.spans(text)] == [
        "Sadr", "SADR", "Sadrists", "Après", "le déluge"
    ]  # fmt: skip
    phrase = compile_query("“Sadr’s command”")
    assert [text[s:e] for s, e in phrase.spans(text)] == ["Sadr’s command"]
    regex = compile_query("/[A-Z]{4}/ -/zzz/")
    assert [text[s:e] for s, e in regex.spans(text)] == ["SADR"]
    assert compile_query("author:jp in:post").spans(text) == []
    assert compile_query("a*").spans("") == []


def test_snippets_are_one_line_windows_around_the_first_match() -> None:
    long_text = (
        " ".join(f"word{n}" for n in range(200))
        + "\n\nthe needle is here\n"
        + " ".join(f"tail{n}" for n in range(200))
    )
    query = compile_query("needle")
    excerpt = query.excerpt(long_text)
    assert "\n" not in excerpt.text
    assert excerpt.text.startswith("…") and excerpt.text.endswith("…")
    assert len(excerpt.text) <= 162
    (start, end), = excerpt.marks  # fmt: skip
    assert excerpt.text[start:end] == "needle"
    assert excerpt.marked().count("**needle**") == 1
    assert " word" not in excerpt.text[:2]  # starts at a whole word
    short = query.excerpt("A needle.\nThat is all.")
    assert (short.text, short.marks) == ("A needle. That is all.", ((2, 8),))
    beginning = compile_query("author:x").excerpt(long_text)
    assert beginning.text.startswith("word0 word1") and beginning.text.endswith("…")
    assert beginning.marks == ()


def test_hit_snippets(harbor: Archive) -> None:
    (walt,) = list(search_archive(harbor, "author:~walt"))
    # nothing to mark: the commenter's own words, not the quote they start with
    assert walt.snippet.startswith("Feeling it move is not an engineering report")
    (ines,) = search_archive(harbor, "inspection author:~ines")
    assert ines.excerpt.marked().count("**inspection**") == 2
    (post,) = search_archive(harbor, "in:post Harbor")
    assert post.snippet.startswith("After three hours")  # the article's start; the title matched


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_folded_words_agree_with_core_words(text: str) -> None:
    assert folded_words(text) == " ".join(words(text))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["Sadr", "sadr’s", "Après", "APRES", "city", "the", "—", "🙂", "ß"]),
             min_size=1, max_size=12).map(" ".join),
    st.sampled_from(["sadr", "apres", "city", "strasse", '"sadr s"', '"apres city"', "sadr*"]),
)  # fmt: skip
def test_a_matching_text_has_a_highlight(text: str, query_text: str) -> None:
    post = Post(id="p1")
    comment = Comment("p1-c1", None, None, [Block("text", text)])
    post.comments = [comment]
    post.link()
    query = compile_query(query_text)
    assert query.matches(post, comment) == bool(query.spans(text))


def test_author_counts_and_author_query(harbor: Archive) -> None:
    counts = author_counts(harbor)
    assert [(name, count) for name, count, _key in counts[:2]] == [
        ("Ines Bravo", 2),
        ("Sam Pettigrew", 2),
    ]
    assert ("Jonah Fisk", 1, "jonah fisk") in counts
    assert sum(comments for _name, comments, _key in counts) == 11
    query = author_query("Ines Bravo")
    assert query.text == 'author:"Ines Bravo"'
    assert [hit.node_id for hit in search_archive(harbor, query)] == ["p1-c2", "p1-c11"]
    odd = author_query('The "Real" Zoë')
    assert odd.text == 'author:"The Real Zoë"'
    assert compile_query(odd.text).node != odd.node  # the text is for show; the node is exact
    archive = build("x", "y", "z", authors=["Zoë", "ZOE", 'The "Real" Zoë'])
    assert author_counts(archive) == [("Zoë", 2, "zoe"), ('The "Real" Zoë', 1, 'the "real" zoe')]
    assert [hit.node_id for hit in search_archive(archive, odd)] == ["p1-c3"]
