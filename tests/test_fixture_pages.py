"""Fixture-driven: each sample page beside its expected JSON, and the nothing-lost rule on each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accounting import assert_nothing_lost
from fixture_pages import expected_path, fixture_pages, parse_fixture

PAGES = fixture_pages()


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_matches_expected(page: Path) -> None:
    expected = json.loads(expected_path(page).read_text(encoding="utf-8"))
    assert parse_fixture(page) == expected


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_nothing_lost(page: Path) -> None:
    assert_nothing_lost(page.read_text(encoding="utf-8"), parse_fixture(page))


def test_every_page_has_expected_json() -> None:
    assert len(PAGES) >= 7
    for page in PAGES:
        assert expected_path(page).is_file(), f"no expected JSON for {page.name}"
