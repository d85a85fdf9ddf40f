"""Talkback's core: the data model and the one parser everything shares. Pure Python, no Qt."""

from __future__ import annotations

from talkback.core.model import Archive, Block, Comment, Post, Problem
from talkback.core.parser import DumpError, parse, parse_bytes, parse_page_text, parse_text
from talkback.core.serialize import archive_to_dict

#: A quote is a Block of kind "quote"; the name the rest of the code and the docs use for it.
Quote = Block

__all__ = [
    "Archive",
    "Block",
    "Comment",
    "DumpError",
    "Post",
    "Problem",
    "Quote",
    "archive_to_dict",
    "parse",
    "parse_bytes",
    "parse_page_text",
    "parse_text",
]
