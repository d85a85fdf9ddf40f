"""Generate synthetic comment dumps for benchmarks and manual testing, reproducibly (seeded).

``python bench/generate.py OUT --size 100`` writes a ~100 MB page in the signature-after layout:
a title, a byline, an article, the comments header, then comments each ending in a signature line
``NAME on MONTH D, YYYY at H:MM AM/PM``. Some comments paste an earlier comment with its signature
(a reply), some quote a sentence of the post. With ``--pages N`` (N > 1) OUT is a folder of N
pages. All text is made of invented words: nothing third-party is copied.

Every comment layout the parser lists can be written (``--layout``); ``mixed`` cycles through
them page by page. ``--layout wxr`` or ``disqus`` writes OUT as a WordPress or Disqus export
holding the same posts and comments, replies quoting in a ``<blockquote>``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko la le li lo lu ma me mi mo mu na ne "
    "ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zo"
).split()
FIRST_NAMES = (
    "Ada Ben Cleo Dev Edda Finn Gus Hana Ines Jonah Kit Lena Milo Nora Otto Pia Quinn Rosa Sam "
    "Theo Uma Vic Walt Xena Yuri Zoe"
).split()


@dataclass(frozen=True, slots=True)
class Shape:
    """What to generate: sizes and how often comments reply to or quote something."""

    size_bytes: int
    pages: int = 1
    comments_per_page: int | None = None
    reply_rate: float = 0.35
    post_quote_rate: float = 0.05
    seed: int = 1


class Words:
    """A seeded source of invented words, sentences and paragraphs."""

    def __init__(self, rng: random.Random, vocabulary: int = 5000) -> None:
        self.rng = rng
        self.vocabulary = [self._word() for _ in range(vocabulary)]

    def _word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 3)))

    def sentence(self) -> str:
        """A capitalised sentence of 6 to 18 words."""
        chosen = self.rng.choices(self.vocabulary, k=self.rng.randint(6, 18))
        return " ".join(chosen).capitalize() + self.rng.choice(".!?.")

    def paragraph(self, sentences: tuple[int, int] = (1, 4)) -> str:
        """A paragraph of a few sentences on one line."""
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))


def signature_time(when: datetime) -> str:
    """``March 31, 2008 at 12:35 PM``."""
    hour = when.hour % 12 or 12
    return (
        f"{when:%B} {when.day}, {when.year} at {hour}:{when:%M} {'PM' if when.hour >= 12 else 'AM'}"
    )


def _comment_lines(layout: str, author: str, when: datetime, body: list[str]) -> list[str]:
    """One comment in ``layout``: its marks (name and time) around the body paragraphs."""
    hour = when.hour % 12 or 12
    ampm = "PM" if when.hour >= 12 else "AM"
    paragraphs = [line for paragraph in body for line in (paragraph, "")]
    if layout == "wordpress":
        day = f"{when:%B} {when.day}, {when.year} at {hour}:{when:%M} {ampm.lower()}"
        return [f"{author} says:", day, "", *paragraphs, "Reply", ""]
    if layout == "blogger":
        stamp = f"{when.month}/{when.day}/{when.year} {hour}:{when:%M} {ampm}"
        return [f"{author} said...", "", *paragraphs, stamp, ""]
    if layout == "movable-type":
        return [*paragraphs, f"Posted by: {author} | {signature_time(when)}", ""]
    if layout == "posted-by":
        return [*paragraphs, f"Posted by {author} on {signature_time(when)}", ""]
    return [*paragraphs, f"{author} on {signature_time(when)}", ""]


@dataclass(frozen=True, slots=True)
class Article:
    """A page's post: its title, time, author and paragraphs, and the commenters' names."""

    title: str
    start: datetime
    author: str
    paragraphs: list[str]
    commenters: list[str]


@dataclass(frozen=True, slots=True)
class MadeComment:
    """One generated comment, before it is written in a layout."""

    author: str
    when: datetime
    own: list[str]
    #: a recent comment pasted in reply: its text (paragraphs apart) and its signature line
    pasted: tuple[str, str] | None = None
    #: a sentence of the post quoted
    post_quote: str | None = None


def article(words: Words, page: int) -> Article:
    """The post of page ``page`` (and who will comment on it)."""
    rng = words.rng
    start = datetime(2008, 3, 1, 9, 0) + timedelta(days=page)
    commenters = [f"{rng.choice(FIRST_NAMES)} {words._word().capitalize()}" for _ in range(2000)]
    title = words.sentence().rstrip(".!?")
    author = rng.choice(commenters)
    paragraphs = [words.paragraph((3, 6)) for _ in range(5)]
    return Article(title, start, author, paragraphs, commenters)


def made_comments(shape: Shape, words: Words, post: Article) -> Iterator[MadeComment]:
    """The post's comments, without end (the caller stops): some paste one of the 40 latest
    comments (a reply), some quote a sentence of the post."""
    rng = words.rng
    made: list[tuple[str, str]] = []  # (text, signature) of earlier comments
    when = post.start
    while True:
        when += timedelta(minutes=rng.randint(0, 3))
        pasted: tuple[str, str] | None = None
        post_quote: str | None = None
        roll = rng.random()
        if made and roll < shape.reply_rate:
            pasted = made[-rng.randint(1, min(len(made), 40))]
        elif roll < shape.reply_rate + shape.post_quote_rate:
            sentences = rng.choice(post.paragraphs).split(". ")
            post_quote = sentences[0].rstrip(".") + "."
        own = [words.paragraph() for _ in range(rng.randint(1, 3))]
        author = rng.choice(post.commenters)
        made.append(("\n\n".join(own), f"{author} on {signature_time(when)}"))
        yield MadeComment(author, when, own, pasted, post_quote)


class PageComments:
    """The comments of one page, numbered from 1: as many as the shape says, or (when it says
    none) until ``written``, the bytes the caller has written of them, reaches the budget."""

    def __init__(self, shape: Shape, words: Words, post: Article, budget: int) -> None:
        self.written = 0
        self._comments = made_comments(shape, words, post)
        self._limit = shape.comments_per_page
        self._budget = budget

    def __iter__(self) -> Iterator[tuple[int, MadeComment]]:
        count = 0
        while (self.written < self._budget) if self._limit is None else (count < self._limit):
            count += 1
            yield count, next(self._comments)


def layout_page(
    shape: Shape, words: Words, page: int, budget: int, layout: str = "signature-after"
) -> Iterator[str]:
    """Lines of one page in ``layout``, about ``budget`` bytes long.

    Some comments reply by pasting a recent comment (in the signature-after layout with its
    signature line, as people do there; elsewhere the text alone), some quote a sentence of the
    post.
    """
    post = article(words, page)
    start = post.start
    yield post.title
    yield ""
    yield f"posted at {signature_time(start).split(' at ')[1].lower()} on " + (
        f"{start:%B} {start.day}, {start.year} by {post.author}"
    )
    yield ""
    for paragraph in post.paragraphs:
        yield paragraph
        yield ""
    yield f"{shape.comments_per_page or 'Many'} Responses to “{post.title}”"
    yield ""
    comments = PageComments(shape, words, post, budget)
    for _number, comment in comments:
        body: list[str] = []
        lines: list[str] = []
        if comment.pasted is not None:
            text, signature = comment.pasted
            if layout == "signature-after":
                lines += [text, "", signature, ""]
            else:
                body.append(text.split("\n\n")[0])
        elif comment.post_quote is not None:
            body.append(comment.post_quote)
        lines += _comment_lines(layout, comment.author, comment.when, [*body, *comment.own])
        for line in lines:
            comments.written += len(line) + 1
            yield line
    yield "Leave a Reply"


#: the blog-engine exports the generator can write, each post's thread as the engine keeps it
EXPORTS = {
    "wxr": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        "<wp:wxr_version>1.2</wp:wxr_version>\n",
        "</channel>\n</rss>\n",
    ),
    "disqus": (
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">\n',
        "</disqus>\n",
    ),
}


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"  # invented words never hold "]]>"


def export_post(shape: Shape, words: Words, page: int, budget: int, kind: str) -> Iterator[str]:
    """One post and its comments as a WordPress export's ``<item>`` or as a Disqus ``<thread>``
    and its ``<post>``s, about ``budget`` bytes: the comments of :func:`layout_page`, a reply
    quoting (in a ``<blockquote>``) the first paragraph of the comment it pastes, with no
    parent of its own (quoting is how it replies)."""
    post = article(words, page)
    number = page + 1
    if kind == "wxr":
        body = "\n\n".join(post.paragraphs)
        yield (
            f"<item><title>{post.title}</title><link>https://blog.example.org/?p={number}</link>"
            f"<dc:creator>{_cdata(post.author)}</dc:creator>"
            f"<content:encoded>{_cdata(body)}</content:encoded>"
            f"<wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date>{post.start:%Y-%m-%d %H:%M:%S}</wp:post_date>"
            "<wp:post_type>post</wp:post_type>\n"
        )
    else:
        yield (
            f'<thread dsq:id="{number}"><link>https://site.example/{number}</link>'
            f"<title>{post.title}</title><createdAt>{post.start:%Y-%m-%dT%H:%M:%SZ}</createdAt>"
            f"<author><name>{post.author}</name></author>"
            f"<message>{_cdata(''.join(f'<p>{p}</p>' for p in post.paragraphs))}</message>"
            "</thread>\n"
        )
    comments = PageComments(shape, words, post, budget)
    for count, comment in comments:
        key = number * 1_000_000_000 + count
        quoted = comment.pasted[0].split("\n\n")[0] if comment.pasted else comment.post_quote
        quote = f"<blockquote>{quoted}</blockquote>" if quoted else ""
        if kind == "wxr":
            text = "\n\n".join([quote, *comment.own] if quote else comment.own)
            chunk = (
                f"<wp:comment><wp:comment_id>{key}</wp:comment_id>"
                f"<wp:comment_author>{_cdata(comment.author)}</wp:comment_author>"
                f"<wp:comment_date>{comment.when:%Y-%m-%d %H:%M:%S}</wp:comment_date>"
                f"<wp:comment_content>{_cdata(text)}</wp:comment_content>"
                "<wp:comment_approved>1</wp:comment_approved>"
                "<wp:comment_parent>0</wp:comment_parent></wp:comment>\n"
            )
        else:
            text = quote + "".join(f"<p>{paragraph}</p>" for paragraph in comment.own)
            chunk = (
                f'<post dsq:id="{key}"><message>{_cdata(text)}</message>'
                f"<createdAt>{comment.when:%Y-%m-%dT%H:%M:%SZ}</createdAt>"
                "<isDeleted>false</isDeleted><isSpam>false</isSpam>"
                f"<author><name>{comment.author}</name></author>"
                f'<thread dsq:id="{number}"/></post>\n'
            )
        comments.written += len(chunk)
        yield chunk
    if kind == "wxr":
        yield "</item>\n"


def signature_after_page(shape: Shape, words: Words, page: int, budget: int) -> Iterator[str]:
    """Lines of one page in the signature-after layout (the sample page's), ``budget`` bytes."""
    return layout_page(shape, words, page, budget)


PageWriter = Callable[[Shape, Words, int, int], Iterator[str]]


def _writer(layout: str) -> PageWriter:
    def write(shape: Shape, words: Words, page: int, budget: int) -> Iterator[str]:
        return layout_page(shape, words, page, budget, layout)

    return write


#: every comment layout the parser knows and the generator can write; "mixed" cycles through them
LAYOUTS: dict[str, PageWriter] = {
    name: _writer(name)
    for name in ("signature-after", "wordpress", "blogger", "movable-type", "posted-by")
}


def generate(out: Path, shape: Shape, layout: str = "signature-after") -> list[Path]:
    """Write the dump (one page, or a folder of pages; an export is one file of ``pages``
    posts); returns the files written."""
    rng = random.Random(shape.seed)
    words = Words(rng)
    budget = shape.size_bytes // max(1, shape.pages)
    if layout in EXPORTS:
        head, tail = EXPORTS[layout]
        with out.open("w", encoding="utf-8") as handle:
            handle.write(head)
            for number in range(shape.pages):
                handle.writelines(export_post(shape, words, number, budget, layout))
            handle.write(tail)
        return [out]
    names = sorted(LAYOUTS) if layout == "mixed" else [layout]
    if shape.pages == 1:
        targets = [out]
    else:
        out.mkdir(parents=True, exist_ok=True)
        targets = [out / f"page-{number:05d}.txt" for number in range(1, shape.pages + 1)]
    for number, target in enumerate(targets):
        write_page = LAYOUTS[names[number % len(names)]]
        with target.open("w", encoding="utf-8") as handle:
            for line in write_page(shape, words, number, budget):
                handle.write(line + "\n")
    return targets


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate.py OUT [--size MB] [--pages N] [--comments N] ...``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the page to write (a folder when --pages > 1)")
    parser.add_argument("--size", type=float, default=100, help="total size in MB (default 100)")
    parser.add_argument("--pages", type=int, default=1, help="number of pages (default 1)")
    parser.add_argument(
        "--comments", type=int, default=None, help="comments per page (overrides size)"
    )
    parser.add_argument(
        "--reply-rate", type=float, default=0.35, help="share of comments pasting an earlier one"
    )
    parser.add_argument(
        "--post-quote-rate", type=float, default=0.05, help="share quoting the post"
    )
    parser.add_argument(
        "--layout",
        choices=[*sorted(LAYOUTS), "mixed", *EXPORTS],
        default="signature-after",
        help="comment layout; mixed: pages cycle through every layout; wxr, disqus: an export "
        "(one file) of that engine",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    shape = Shape(
        size_bytes=int(args.size * 1_000_000),
        pages=args.pages,
        comments_per_page=args.comments,
        reply_rate=args.reply_rate,
        post_quote_rate=args.post_quote_rate,
        seed=args.seed,
    )
    files = generate(args.out, shape, args.layout)
    total = sum(path.stat().st_size for path in files)
    what = f"{args.pages} post(s)" if args.layout in EXPORTS else f"{len(files)} page(s)"
    print(f"wrote {what}, {total / 1e6:.1f} MB to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
