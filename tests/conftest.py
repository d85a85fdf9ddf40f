"""Shared test setup: Qt offscreen, paths to samples, and the nothing-lost check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
SAMPLES = RESOURCES / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_SAMPLE = ROOT.parent / "shared" / "samples" / "hotair-2008-03-31-truce.txt"


@pytest.fixture
def hotair_path() -> Path:
    """The real third-party page, read in place from ../shared (skipped where it is absent)."""
    if not SHARED_SAMPLE.is_file():
        pytest.skip("../shared/samples is not present")
    return SHARED_SAMPLE


@pytest.fixture
def harbor_path() -> Path:
    """The bundled sample page with the harder cases."""
    return SAMPLES / "harbor-town-pier.txt"


def harbor_pages(harbor_path: Path, folder: Path, count: int) -> Path:
    """A folder ``folder`` of ``count`` pages (``page-00.txt``…), each the harbor sample made a
    little different (its pier and Harbor numbered)."""
    folder.mkdir()
    text = harbor_path.read_text(encoding="utf-8")
    for number in range(count):
        page = text.replace("pier", f"pier{number}").replace("Harbor", f"Harbor {number}")
        (folder / f"page-{number:02d}.txt").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own index cache; the user's real cache is never touched."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TALKBACK_CACHE_DIR", str(cache))
    return cache
