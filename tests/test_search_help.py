"""The Help > Search syntax page: shipped as a resource, covering every field, examples valid."""

from __future__ import annotations

import html
import re

from talkback.resources import resource
from talkback.search import compile_query
from talkback.search.lexer import FIELDS

OPERATORS = {"OR", "AND", "NOT"}


def test_help_page_covers_every_field_and_its_examples_compile() -> None:
    page = resource("help", "search-syntax.html").read_text(encoding="utf-8")
    examples = [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", page)]
    assert len(examples) > 30
    for field in FIELDS:
        assert any(example.startswith(f"{field}:") for example in examples), field
    for example in examples:
        if example not in OPERATORS:
            compile_query(example)  # raises QueryError if the help shows a broken example
