"""The detail panel's page for one post or comment, as HTML for a QTextBrowser.

Everything from the dump is escaped; web addresses in the text become links (opened in the system
browser by the view, never inside the app); quotes are drawn as indented blocks with a bar and
their attribution, linking to the quoted comment or post with the internal ``talkback:select/ID``
scheme. No image or other resource is referenced, so nothing is ever fetched. Control and bidi
formatting characters (which could make text read differently from what it is, or upset the rich
text engine) are shown as labels such as ``U+202E``, as in exports.

While a search is on, the words it matched are wrapped in ``<span class="match">`` (the first one
also gets the anchor :data:`FIRST_MATCH`); the text is cut at the match boundaries and each piece
escaped on its own, which is the same as escaping the whole, so highlighting never lets markup in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape as escape_html

from talkback.core.model import Block, Comment, Post
from talkback.export.textmarkup import CONTROL_PATTERN
from talkback.gui.formatting import (
    Node,
    author_name,
    full_date,
    plural,
    post_title,
    short_date,
    thread_size,
)

#: the link scheme that selects a post or comment in the tree: ``talkback:select/p1-c3``
SELECT_PREFIX = "talkback:select/"

#: finds a post or comment by id, looking first near the node shown
Finder = Callable[[str, Node], Node | None]
#: ``(start, end)`` offsets of a match in a text
Span = tuple[int, int]
#: where a search's terms are in a text (``Query.spans``)
SpansOf = Callable[[str], list[Span]]
#: the anchor name set on the first highlighted match of a page
FIRST_MATCH = "talkback-first-match"

_URL = re.compile(
    r"\b(?:https?://|mailto:|www\.)[^\s<>\"'" + CONTROL_PATTERN[1:-1] + "]+", re.IGNORECASE
)
_CONTROL = re.compile(CONTROL_PATTERN)
_TRAILING = ".,;:!?)]}'\"»”’"


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours (CSS strings) and fonts the page is drawn with, taken from the palette; sizes
    follow ``base_size_pt``, the point size of the user's font (the widget's)."""

    text: str = "#1d1d1f"
    muted: str = "#6e6e73"
    link: str = "#0b5cad"
    quote_bar: str = "#c7c7cc"
    quote_text: str = "#3a3a3c"
    quote_background: str = "#f4f4f6"
    body_font: str = "DejaVu Serif, Georgia, serif"
    ui_font: str = "DejaVu Sans, sans-serif"
    base_size_pt: float = 10.0
    match_background: str = "#ffe15a"
    match_text: str = "#1d1d1f"

    @property
    def body_size_pt(self) -> float:
        """The reading text: a little larger than the user's font (11.5 pt for 10 pt)."""
        return self.base_size_pt * 1.15

    def size(self, times: float) -> str:
        """A CSS size of ``times`` the user's font."""
        return f"{self.base_size_pt * times:.4g}pt"


class _Marks:
    """The search's spans finder for one page, and whether the first match was written yet."""

    def __init__(self, spans_of: SpansOf | None) -> None:
        self.spans_of = spans_of
        self.first_written = False

    def find(self, text: str) -> Sequence[Span]:
        return self.spans_of(text) if self.spans_of is not None and text else ()

    def html(
        self, text: str, start: int, end: int, spans: Sequence[Span], in_link: bool = False
    ) -> str:
        """``text[start:end]`` escaped, with the parts inside ``spans`` wrapped as matches (the
        first one of the page, unless inside a link, in an anchor named FIRST_MATCH)."""
        pieces: list[str] = []
        cursor = start
        for span_start, span_end in spans:
            if span_end <= cursor:
                continue
            if span_start >= end:
                break
            cut_start, cut_end = max(span_start, cursor), min(span_end, end)
            pieces.append(escape(text[cursor:cut_start]))
            marked = f'<span class="match">{escape(text[cut_start:cut_end])}</span>'
            if not self.first_written and not in_link:
                self.first_written = True
                marked = f'<a name="{FIRST_MATCH}">{marked}</a>'
            pieces.append(marked)
            cursor = cut_end
        pieces.append(escape(text[cursor:end]))
        return "".join(pieces)

    def whole(self, text: str) -> str:
        """All of ``text``, escaped and marked."""
        return self.html(text, 0, len(text), self.find(text))


def escape(text: str) -> str:
    """``text`` escaped for the page, each control or bidi character shown as its label."""
    escaped = escape_html(text)
    if _CONTROL.search(escaped) is None:
        return escaped
    return _CONTROL.sub(lambda found: f'<span class="ctl">U+{ord(found[0]):04X}</span>', escaped)


def select_link(node_id: str) -> str:
    """The internal link that selects ``node_id`` in the tree."""
    return SELECT_PREFIX + node_id


def render(
    node: Node, find: Finder, theme: Theme | None = None, spans_of: SpansOf | None = None
) -> str:
    """The HTML page for a post or a comment; ``spans_of`` marks a search's matched terms."""
    theme = theme or Theme()
    marks = _Marks(spans_of)
    if isinstance(node, Post):
        body = _render_post(node, theme, marks)
    else:
        body = _render_comment(node, find, theme, marks)
    return _page(body, theme)


def render_message(title: str, lines: list[str], theme: Theme | None = None) -> str:
    """A simple page with a heading and a few lines (for "nothing open yet" and the like)."""
    theme = theme or Theme()
    paragraphs = "".join(f'<p class="meta">{escape(line)}</p>' for line in lines)
    return _page(f"<h1>{escape(title)}</h1>{paragraphs}", theme)


def _page(body: str, theme: Theme) -> str:
    # (Qt draws <h1> at twice the widget's font whatever its CSS size: it follows the user's
    # font as the rest does)
    style = f"""
      body {{ color: {theme.text}; font-family: {theme.body_font};
              font-size: {theme.size(1.15)}; }}
      h1 {{ font-family: {theme.ui_font}; font-weight: 600;
            margin-top: 2px; margin-bottom: 4px; }}
      p {{ margin-top: 0; margin-bottom: 11px; line-height: 145%; }}
      p.meta {{ font-family: {theme.ui_font}; font-size: {theme.size(0.95)}; color: {theme.muted};
                margin-bottom: 2px; line-height: 125%; }}
      p.quote {{ color: {theme.quote_text}; margin-bottom: 6px; }}
      p.attribution {{ font-family: {theme.ui_font}; font-size: {theme.size(0.9)};
                       color: {theme.muted}; margin-bottom: 0; }}
      a {{ color: {theme.link}; text-decoration: none; }}
      span.ctl {{ font-family: {theme.ui_font}; font-size: {theme.size(0.8)};
                  color: {theme.muted}; }}
      span.match {{ background-color: {theme.match_background}; color: {theme.match_text}; }}
    """
    return f"<html><head><style>{style}</style></head><body>{body}</body></html>"


def _render_post(post: Post, theme: Theme, marks: _Marks) -> str:
    author = marks.whole(author_name(post))
    meta = [f"by <b>{author}</b> · {escape(full_date(post.published))}"]
    threads = len(post.roots)
    facts = [plural(len(post.comments), "comment"), plural(threads, "thread")]
    if post.hidden:
        facts.append(plural(sum(post.hidden.values()), "hidden comment"))
    meta.append(escape(" · ".join(facts)))
    source = " · ".join(part for part in (post.dialect, post.where, post.encoding) if part)
    if source:
        meta.append(escape(source))
    if post.url:
        meta.append(_linkify(post.url))
    parts = [f"<h1>{marks.whole(post_title(post))}</h1>"]
    parts += [f'<p class="meta">{line}</p>' for line in meta]
    parts.append(_rule(theme))
    parts += _paragraphs(post.text, "", marks)
    if not post.text:
        parts.append('<p class="meta">(the post has no text)</p>')
    return "".join(parts)


def _render_comment(comment: Comment, find: Finder, theme: Theme, marks: _Marks) -> str:
    kind = "" if comment.kind == "comment" else f" · {comment.kind}"
    if comment.status:  # "unapproved": awaiting moderation when the export was made
        kind += f" · {comment.status}"
    parts = [f"<h1>{marks.whole(author_name(comment))}</h1>"]
    parts.append(f'<p class="meta">{escape(full_date(comment.published))}{escape(kind)}</p>')
    parts.append(f'<p class="meta">{_place(comment, find)}</p>')
    parts.append(_rule(theme))
    for block in comment.blocks:
        if block.is_quote:
            parts.append(_quote(block, comment, find, theme, marks))
        else:
            parts += _paragraphs(block.text, "", marks)
    if not comment.blocks:
        parts.append('<p class="meta">(no text)</p>')
    if comment.where:
        parts.append(f'<p class="meta">{escape(comment.id)} · {escape(comment.where)}</p>')
    return "".join(parts)


def _place(comment: Comment, find: Finder) -> str:
    """Where the comment sits: what it replies to (a link) and how many replies it has."""
    facts: list[str] = []
    target = find(comment.parent_id, comment) if comment.parent_id else None
    if isinstance(target, Comment):
        facts.append(f"In reply to {_node_link(target)}")
    elif isinstance(target, Post):
        facts.append(f"Replying to the post ({_link(target.id, 'quotes it')})")
    elif comment.parent_id:
        facts.append(f"In reply to {escape(comment.parent_id)} (not in this dump)")
    else:
        facts.append("Comment on the post")
    replies = len(comment.children)
    below = thread_size(comment)
    text = plural(replies, "reply", "replies") if replies else "no replies"
    if below > replies:
        text += f" ({below:,} in the thread below)"
    facts.append(escape(text))
    return " · ".join(facts)


def _quote(block: Block, comment: Comment, find: Finder, theme: Theme, marks: _Marks) -> str:
    source = find(block.source, comment) if block.source else None
    lines = _paragraphs(block.text, "quote", marks)
    if block.attribution:
        label = escape(block.attribution)
        credit = _link(source.id, label) if source is not None else label
        lines.append(f'<p class="attribution">— {credit}</p>')
    elif isinstance(source, Post):
        lines.append(f'<p class="attribution">— quoting {_link(source.id, "the post")}</p>')
    elif isinstance(source, Comment):
        lines.append(f'<p class="attribution">— quoting {_node_link(source)}</p>')
    inner = "".join(lines)
    # QTextDocument has no border-left: a two-cell table draws the quote's bar.
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom: 12px;">'
        f'<tr><td width="3" style="background-color: {theme.quote_bar};"></td>'
        f'<td style="padding: 6px 4px 6px 14px; background-color: {theme.quote_background};">'
        f"{inner}</td></tr></table>"
    )


def _rule(theme: Theme) -> str:
    """A thin divider (QTextDocument draws ``<hr>`` thick and black)."""
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top: 10px; '
        'margin-bottom: 14px;"><tr><td style="font-size: 1px; '
        f'background-color: {theme.quote_bar};">&nbsp;</td></tr></table>'
    )


def _node_link(node: Node) -> str:
    if isinstance(node, Post):
        return _link(node.id, post_title(node))
    when = short_date(node.published, gap=", ")
    label = f"{author_name(node)} ({when})" if when else author_name(node)
    return _link(node.id, escape(label))


def _link(node_id: str, label_html: str) -> str:
    return f'<a href="{escape(select_link(node_id))}">{label_html}</a>'


def _paragraphs(text: str, css_class: str, marks: _Marks | None = None) -> list[str]:
    """``<p>`` elements for the paragraphs of ``text`` (matches marked over the whole text, so
    that a phrase across a line break is found)."""
    marks = marks or _Marks(None)
    spans = marks.find(text)
    # spaces and tabs as written (the indentation of code in a blog export's <pre>, say)
    attribute = ' style="white-space: pre-wrap"'
    attribute += f' class="{css_class}"' if css_class else ""
    found: list[str] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            lines: list[str] = []
            start = offset
            for line in paragraph.split("\n"):
                lines.append(_linkify(line, _shifted(spans, start, len(line)), marks))
                start += len(line) + 1
            found.append(f"<p{attribute}>{'<br>'.join(lines)}</p>")
        offset += len(paragraph) + 2
    return found


def _shifted(spans: Sequence[Span], offset: int, length: int) -> list[Span]:
    """The parts of ``spans`` inside ``[offset, offset + length)``, relative to ``offset``."""
    end = offset + length
    return [
        (max(start, offset) - offset, min(stop, end) - offset)
        for start, stop in spans
        if stop > offset and start < end
    ]


def _linkify(text: str, spans: Sequence[Span] = (), marks: _Marks | None = None) -> str:
    """Escape ``text``, turning web and mail addresses into links and marking ``spans``."""
    marks = marks or _Marks(None)
    out: list[str] = []
    cursor = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(url)
        out.append(marks.html(text, cursor, start, spans))
        target = url if "://" in url or url.lower().startswith("mailto:") else "http://" + url
        label = marks.html(text, start, end, spans, in_link=True)
        out.append(f'<a href="{escape(target)}">{label}</a>')
        cursor = end
    out.append(marks.html(text, cursor, len(text), spans))
    return "".join(out)
