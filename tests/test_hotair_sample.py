"""The real 2008 page from ../shared: 22 comments, jp's reply to Bugler, four quotes of the post."""

from __future__ import annotations

from pathlib import Path

from accounting import assert_nothing_lost
from talkback.core import archive_to_dict, parse

EXPECTED_SIGNATURES = [
    ("letget", "12:27"), ("Aristotle", "12:28"), ("Bishop", "12:33"),
    ("BohicaTwentyTwo", "12:34"), ("funky chicken", "12:35"), ("Bugler", "12:38"),
    ("funky chicken", "12:43"), ("jp", "12:48"), ("Romeo13", "12:51"), ("fogw", "12:56"),
    ("MNDavenotPC", "12:57"), ("CliffHanger", "12:58"), ("Dollayo", "12:58"),
    ("flipflop", "13:00"), ("maverick muse", "13:07"), ("Geronimo", "13:08"), ("rbj", "13:58"),
    ("Kafir", "13:58"), ("Bigfoot", "14:05"), ("Liberty or Death", "15:50"),
    ("oakpack", "19:44"), ("sanantonian", "23:01"),
]  # fmt: skip


def test_post_header(hotair_path: Path) -> None:
    post = parse(hotair_path).posts[0]
    assert post.title == "Iranian Quds Force leader helped broker truce with Sadr"
    assert post.author == "Allahpundit"
    assert post.published == "2008-03-31T12:19:00"
    assert post.text.startswith("If there was any doubt")
    assert post.text.endswith("been like the past week.")
    assert post.dialect == "signature-after"


def test_twenty_two_comments_with_authors_and_times(hotair_path: Path) -> None:
    comments = parse(hotair_path).posts[0].comments
    got = [(c.author, c.published) for c in comments]
    assert got == [(name, f"2008-03-31T{hm}:00") for name, hm in EXPECTED_SIGNATURES]


def test_furniture_is_boilerplate(hotair_path: Path) -> None:
    post = parse(hotair_path).posts[0]
    for line in ["Related Posts:", "Trackbacks/Pings", "Trackback URL", "Comments",
                 "Breaking on Hot Air", "Blowback"]:  # fmt: skip
        assert line in post.boilerplate
    assert any(line.startswith("Note from Hot Air management") for line in post.boilerplate)
    assert "L" in post.boilerplate  # the avatar initial above letget's signature
    assert "Related Posts" not in post.text
    assert post.comments[0].text.startswith("Hey handsome? Only a mother")
    assert post.comments[0].text.endswith("out does the ugly thing.")


def test_jp_replies_to_bugler_with_attributed_quote(hotair_path: Path) -> None:
    comments = parse(hotair_path).posts[0].comments
    bugler = next(c for c in comments if c.author == "Bugler")
    jp = next(c for c in comments if c.author == "jp")
    assert jp.parent_id == bugler.id
    assert jp.parent is bugler
    quote = jp.blocks[0]
    assert quote.kind == "quote"
    assert quote.source == bugler.id
    assert quote.attribution == "Bugler on March 31, 2008 at 12:38 PM"
    assert quote.text == bugler.text
    assert jp.blocks[1].kind == "text"
    assert jp.blocks[1].text.startswith("I’ve been thinking lately")
    assert "Bugler on March 31" not in jp.text


def test_four_quotes_of_the_post(hotair_path: Path) -> None:
    post = parse(hotair_path).posts[0]
    quoting = {
        c.author: [b for b in c.blocks if b.kind == "quote" and b.source == post.id]
        for c in post.comments
        if any(b.kind == "quote" and b.source == post.id for b in c.blocks)
    }
    assert sorted(quoting) == ["Liberty or Death", "funky chicken", "maverick muse", "rbj"]
    funky = next(c for c in post.comments if c.author == "funky chicken")
    assert funky.published == "2008-03-31T12:35:00"
    assert funky.blocks[0].text.startswith("Why’d Iran tell Sadr to back off?")
    maverick = quoting["maverick muse"][0]
    assert maverick.text.startswith("…a [Maliki] spokesman")
    assert quoting["rbj"][0].text == "due to the closure of the Iranian border"
    assert quoting["Liberty or Death"][0].text.startswith("a truce, a la Hezbollah")
    # An echo too short to be a quote stays the commenter's own text.
    liberty = next(c for c in post.comments if c.author == "Liberty or Death")
    assert liberty.blocks[0] == type(liberty.blocks[0])("text", liberty.blocks[0].text)
    assert liberty.blocks[0].text.startswith("Hey, handsome!")


def test_only_real_replies_are_nested(hotair_path: Path) -> None:
    post = parse(hotair_path).posts[0]
    nested = [(c.author, c.parent.author) for c in post.comments if c.parent is not None]
    assert nested == [("jp", "Bugler")]
    assert len(post.roots) == 21


def test_nothing_lost(hotair_path: Path) -> None:
    text = hotair_path.read_text(encoding="utf-8")
    assert_nothing_lost(text, archive_to_dict(parse(hotair_path)))


def test_same_result_every_run(hotair_path: Path) -> None:
    assert archive_to_dict(parse(hotair_path)) == archive_to_dict(parse(hotair_path))
