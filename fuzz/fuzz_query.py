"""Coverage-guided fuzzing of the search query parser with atheris (run by hand).

    .venv/bin/pip install -e ".[fuzz]"
    .venv/bin/python fuzz/fuzz_query.py -max_total_time=300

Each input is a query, decoded as UTF-8 with replacement. Compiling it may only raise QueryError
(whose position must lie within the query); a query that compiles is run against the bundled
sample and must not raise either, and must find the same hits twice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seeds import ROOT, seeded_corpus  # noqa: E402 (after the path is set)

with atheris.instrument_imports():
    from talkback.search import QueryError, compile_query, search_archive
    from talkback.sources import load_archive

ARCHIVE = load_archive(ROOT / "resources" / "samples" / "harbor-town-pier.txt")
QUERIES = [
    b"Sadr Maliki",
    b'"south float" -pier',
    b"author:~ines OR author:jp",
    b"(a OR b) -c",
    b"replies:>2 has:quote",
    b"on:2011-10-14 before:2011-10-15",
    b"date:2011-10..2011-11",
    b"/pier[s]?/i",
    b"in:comments is:reply",
    b"NOT ferry",
]


def test_one_input(data: bytes) -> None:
    """Compile the query; if it compiles, search the sample with it twice."""
    text = data.decode("utf-8", "replace")
    try:
        query = compile_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text), (error.position, len(text))
        return
    first = [(hit.node_id, hit.snippet) for hit in search_archive(ARCHIVE, query)]
    second = [(hit.node_id, hit.snippet) for hit in search_archive(ARCHIVE, query)]
    assert first == second


def main() -> None:
    """Start libFuzzer; without a corpus folder, fuzz/corpus-query/ seeded with sample queries."""
    if not any(Path(arg).exists() for arg in sys.argv[1:]):
        sys.argv.append(str(seeded_corpus("query", QUERIES)))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
