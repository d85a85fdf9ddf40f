"""Helpers for the export tests: a fixed export time, the hostile page, parsing like a browser."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

from talkback.core.model import Archive
from talkback.sources import load_archive

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "fixtures" / "export" / "hostile-comments.txt"
#: A fixed export time, so pages are reproducible.
EXPORTED_AT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def load(path: Path) -> Archive:
    """The archive of a fixture page."""
    return load_archive(path)


def parse_page(text: str) -> Element:
    """The page parsed by html5lib (the WHATWG algorithm browsers use), as an element tree."""
    document: Element = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return document


def text_of(element: Element) -> str:
    """All the text inside an element, as a browser would show it (tags dropped)."""
    return "".join(element.itertext())


def by_id(document: Element) -> dict[str, Element]:
    """Every element with an id, by id."""
    return {element.get("id", ""): element for element in document.iter() if element.get("id")}


def comment_articles(document: Element) -> list[Element]:
    """The comment elements of a page, in page order."""
    return [
        element
        for element in document.iter("article")
        if "c" in (element.get("class") or "").split()
    ]
