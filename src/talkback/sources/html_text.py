"""HTML from blog exports turned into Talkback's text: paragraphs, and quote blocks.

WordPress stores post and comment bodies as HTML with its "autop" convention (a blank line is a
paragraph break, a single line break is a ``<br>``); Disqus stores real HTML paragraphs. Both come
out as plain text with paragraphs separated by a blank line and line breaks kept. Entities are
decoded, a link keeps its address in view (``text (https://…)``) so that the exporter can link it
later, an image becomes ``[image: alt] (src)``, and ``<script>``/``<style>`` elements are dropped
and counted so that the reader can report them. With ``quotes=True`` a ``<blockquote>`` becomes a
separate quote block whose ``<cite>`` (or a ``NAME said:`` line just before it, or as its first
line) is taken as the quote's attribution.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from talkback.core.model import Block

_PARAGRAPH_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl pre table hr section article header footer figure "
    "figcaption address aside details summary form fieldset nav main center".split()
)
_LINE_TAGS = frozenset("li dt dd tr caption".split())
_DROPPED_TAGS = frozenset({"script", "style"})
_EMBED_TAGS = frozenset({"iframe", "embed", "video", "audio"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v\xa0]*\n\s*")
_SPACES = re.compile(r"[ \t\f\v]+")
_LINE_ENDS = re.compile(r"\r\n?")
#: tags :func:`_simple_text` handles: paragraphs, line breaks and inline emphasis
_SIMPLE_TAG = re.compile(
    r"<(/?)(p|div|br|b|i|u|em|strong|span|small|s|strike|del|ins|sub|sup|code)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_PRE_MARK = "\x00"
_PRE_BLOCK = re.compile(_PRE_MARK + r"(\d+)" + _PRE_MARK)
#: ``Bob said:``, ``On May 1, 2010 at 4:05 pm, Bob wrote:``, ``…end of a sentence. Jan asked:``
_SAID = re.compile(
    r"(?:^|(?<=[.!?…)\]\"”])\s+)(?P<line>(?:on\s[^\n]{3,60}?,\s+)?(?P<name>[^\n:.!?]{1,60}?)\s+"
    r"(?:said|says|wrote|writes|asked|asks|posted)\b[^\n:.!?]{0,60}:)\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class HtmlText:
    """Converted HTML: its blocks (text and quotes) and the elements dropped, by tag name."""

    blocks: list[Block] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)

    @property
    def text(self) -> str:
        """All blocks as one text, paragraphs separated by a blank line."""
        return "\n\n".join(block.text for block in self.blocks if block.text)


def html_to_text(html: str, *, quotes: bool = False) -> HtmlText:
    """Convert an HTML fragment; with ``quotes`` each ``<blockquote>`` becomes a quote block."""
    simple = _simple_text(html)
    if simple is not None:
        return HtmlText([Block("text", simple)] if simple else [])
    return convert_html(html, quotes=quotes)


def _simple_text(html: str) -> str | None:
    """The text of plain text or of HTML with only paragraphs, breaks and inline emphasis.

    Most comments are such; this gives what :func:`convert_html` gives for them, many times
    faster. None when the HTML has anything else.
    """
    if _PRE_MARK in html:
        return None
    html = _LINE_ENDS.sub("\n", html)
    if "<" in html:
        if html.count("<") != len(_SIMPLE_TAG.findall(html)):
            return None
        html = _SIMPLE_TAG.sub(_simple_tag_text, html)
    if "&" in html:
        html = unescape(html)
    return paragraphs(_LINE_ENDS.sub("\n", html))


def _simple_tag_text(tag: re.Match[str]) -> str:
    name = tag[2].lower()
    if name in {"p", "div"}:
        return "\n\n"
    return "\n" if name == "br" and not tag[1] else ""


def convert_html(html: str, *, quotes: bool = False) -> HtmlText:
    """Convert any HTML fragment with the full HTML parser (what :func:`html_to_text` uses)."""
    converter = _Converter(quotes=quotes)
    converter.feed(_LINE_ENDS.sub("\n", html))
    converter.close()
    converter.flush_text()
    blocks = _attach_said_lines(converter.blocks) if quotes else converter.blocks
    return HtmlText(blocks, converter.dropped)


def said_name(attribution: str | None) -> str | None:
    """The name in an attribution such as ``Bob said:`` or a ``<cite>``'d name, or None."""
    if not attribution:
        return None
    match = _SAID.match(attribution.strip())
    if match is not None:
        return match["name"].strip()
    name = attribution.strip().lstrip("—–-~ ").strip()
    return name if 0 < len(name) <= 80 and "\n" not in name else None


def paragraphs(raw: str, preformatted: list[str] | None = None) -> str:
    """Raw HTML text content as paragraphs: blank-line breaks kept, spaces collapsed.

    ``preformatted`` holds the ``<pre>`` texts that ``raw`` refers to by mark; they are put back
    as written.
    """
    result = []
    for chunk in _PARAGRAPH_BREAK.split(raw):
        lines = (_SPACES.sub(" ", line).strip() for line in chunk.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            result.append(paragraph)
    text = "\n\n".join(result)
    if preformatted and _PRE_MARK in text:
        text = _PRE_BLOCK.sub(lambda mark: preformatted[int(mark[1])], text)
    return text


class _Converter(HTMLParser):
    """Collects text into paragraphs and quotes, one HTML event at a time."""

    def __init__(self, *, quotes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.dropped: Counter[str] = Counter()
        self._quotes = quotes
        self._text: list[str] = []  # the current stretch of own text (or of a quote)
        self._cite: list[str] = []
        self._quote_depth = 0
        self._cite_depth = 0
        self._skip: str | None = None  # inside a dropped element
        self._links: list[str | None] = []
        self._link_start: list[int] = []
        self._pre = 0
        self._pre_text: list[str] = []  # the preformatted stretch being read, markup left out
        self.preformatted: list[str] = []

    # -- events ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            return
        if tag in _DROPPED_TAGS:
            self.dropped[tag] += 1
            self._skip = tag
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "blockquote" and self._quotes:
            if self._quote_depth == 0:
                self.flush_text()
            else:
                self._text.append("\n\n")
            self._quote_depth += 1
        elif tag == "cite" and self._quote_depth:
            self._cite_depth += 1
        elif tag == "br":
            self._sink().append("\n")
        elif tag == "pre":
            if not self._pre:
                self._sink().append("\n\n")
            self._pre += 1
        elif tag in _PARAGRAPH_TAGS or tag == "blockquote":
            self._sink().append("\n\n")
        elif tag in _LINE_TAGS:
            self._sink().append("\n• " if tag == "li" else "\n")
        elif tag in {"td", "th"}:
            self._sink().append(" ")
        elif tag == "a":
            self._links.append(attributes.get("href", "").strip() or None)
            self._link_start.append(len(self._sink()))
        elif tag == "img":
            self._image(attributes)
        elif tag in _EMBED_TAGS and attributes.get("src"):
            self._sink().append(f" [embedded: {attributes['src']}] ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"a", "blockquote", "cite", "pre"} or tag in _DROPPED_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip:
                self._skip = None
            return
        if tag == "blockquote" and self._quotes and self._quote_depth:
            self._quote_depth -= 1
            if self._quote_depth == 0:
                self._flush_quote()
            else:
                self._text.append("\n\n")
        elif tag == "cite" and self._cite_depth:
            self._cite_depth -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1
            if not self._pre:
                self._end_preformatted()
        elif tag in _PARAGRAPH_TAGS or tag == "blockquote":
            self._sink().append("\n\n")
        elif tag == "a" and self._links:
            self._end_link()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        data = _LINE_ENDS.sub("\n", data.replace(_PRE_MARK, "\ufffd"))
        self._sink().append(data)

    # -- helpers --------------------------------------------------------------------------------
    def _sink(self) -> list[str]:
        if self._pre:
            return self._pre_text
        return self._cite if self._cite_depth else self._text

    def _end_preformatted(self) -> None:
        """Put the preformatted stretch read so far in the flow, as written (the markup inside it,
        ``<b>``, ``<span>``, left out), as a numbered mark that stands for it."""
        if not self._pre_text:
            return
        text = "".join(self._pre_text).strip("\n").rstrip()
        self._pre_text = []
        sink = self._cite if self._cite_depth else self._text
        if text.strip():
            self.preformatted.append(text)
            sink.append(f"\n\n{_PRE_MARK}{len(self.preformatted) - 1}{_PRE_MARK}\n\n")
        else:
            sink.append("\n\n")

    def _image(self, attributes: dict[str, str]) -> None:
        alt, src = attributes.get("alt", "").strip(), attributes.get("src", "").strip()
        if alt or src:
            label = f"[image: {alt}]" if alt else "[image]"
            self._sink().append(f" {label} ({src}) " if src else f" {label} ")

    def _end_link(self) -> None:
        href = self._links.pop()
        start = self._link_start.pop()
        sink = self._sink()
        if not href or start > len(sink):
            return
        label = "".join(sink[start:]).strip()
        if href.rstrip("/") in label or label.rstrip("/") in {href, href.rstrip("/")}:
            return
        sink.append(f" ({href})")

    def flush_text(self) -> None:
        """End the current stretch of own text as a text block."""
        self._end_preformatted()
        text = paragraphs("".join(self._text), self.preformatted)
        self._text = []
        if text:
            self.blocks.append(Block("text", text))

    def _flush_quote(self) -> None:
        self._end_preformatted()
        text = paragraphs("".join(self._text), self.preformatted)
        cite = paragraphs("".join(self._cite)).replace("\n\n", " ") or None
        self._text, self._cite, self._cite_depth = [], [], 0
        if text:
            self.blocks.append(Block("quote", text, attribution=cite))
        elif cite:
            self.blocks.append(Block("text", cite))  # a citation of nothing: keep its words


def _attach_said_lines(blocks: list[Block]) -> list[Block]:
    """Move a ``NAME said:`` line before a quote (or opening it) into the quote's attribution."""
    result: list[Block] = []
    for block in blocks:
        if block.is_quote and block.attribution is None:
            first, _, rest = block.text.partition("\n")
            opening = _SAID.match(first.strip())
            if opening is not None and rest.strip():
                block.attribution, block.text = first.strip(), rest.strip()
            elif result and not result[-1].is_quote:
                before = result[-1]
                said = _SAID.search(before.text)
                if said is not None:
                    block.attribution = said["line"]
                    before.text = before.text[: said.start()].rstrip()
                    if not before.text:
                        result.pop()
        result.append(block)
    return result
