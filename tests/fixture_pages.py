"""Fixture pages (our own sample dumps) and where their expected JSON lives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from talkback.core import archive_to_dict, parse

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
PAGE_DIRS = [ROOT / "resources" / "samples", TESTS / "fixtures" / "pages"]
EXPECTED = TESTS / "fixtures" / "expected"


def fixture_pages() -> list[Path]:
    """Every fixture page, bundled samples first."""
    return [page for folder in PAGE_DIRS for page in sorted(folder.glob("*.txt"))]


def expected_path(page: Path) -> Path:
    """Where the expected JSON of ``page`` is kept."""
    return EXPECTED / f"{page.stem}.json"


def parse_fixture(page: Path) -> dict[str, Any]:
    """The JSON document for ``page``, with its source named by file name only."""
    return archive_to_dict(parse(page, source=page.name))
