"""Seed corpora for the fuzzers: our own sample and fixture pages, and a few queries.

libFuzzer writes the inputs it finds into its corpus folder, so the seeds are copied into
``fuzz/corpus-NAME/`` (ignored by git) rather than fuzzed in place.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the pages the page fuzzer starts from (never third-party text)
SEEDS = sorted((ROOT / "resources" / "samples").glob("*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "pages").glob("*.txt")
)


def seeded_corpus(name: str, seeds: list[Path] | list[bytes]) -> Path:
    """``fuzz/corpus-NAME/``, with the seeds copied in when it is new."""
    corpus = ROOT / "fuzz" / f"corpus-{name}"
    if not corpus.is_dir():
        corpus.mkdir()
        for number, seed in enumerate(seeds):
            data = seed.read_bytes() if isinstance(seed, Path) else seed
            (corpus / f"seed-{number:03d}").write_bytes(data)
    return corpus
