"""Coverage-guided fuzzing of the page parser with atheris (run by hand, not part of make test).

    .venv/bin/pip install -e ".[fuzz]"
    .venv/bin/python fuzz/fuzz_page.py -max_total_time=300 fuzz/corpus-page

Each input is a page's bytes. The parser must never raise, must give the same post twice, and
must account for every non-blank line of the decoded page exactly once (the contract's
nothing-lost rule, tests/accounting.py). A crash is saved by libFuzzer as ``crash-*``; replay it
with ``.venv/bin/python fuzz/fuzz_page.py crash-…``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from seeds import SEEDS, seeded_corpus  # noqa: E402 (after the path is set)

with atheris.instrument_imports():
    from accounting import assert_nothing_lost
    from talkback.core.decode import NotTextError, decode
    from talkback.core.parser import parse_decoded
    from talkback.core.serialize import post_to_dict


def test_one_input(data: bytes) -> None:
    """Parse ``data`` as a page twice and check the result."""
    try:
        decoded = decode(data)
    except NotTextError:
        return  # binary data: refused, which is right
    first, problems = parse_decoded(decoded, where="fuzz")
    second, _ = parse_decoded(decoded, where="fuzz")
    if first is None:
        assert second is None and problems, "a page that is not a comment page must say so"
        return
    assert second is not None
    document = post_to_dict(first)
    assert document == post_to_dict(second), "two parses of one page differ"
    assert_nothing_lost(decoded.text, {"posts": [document], "problems": problems})


def main() -> None:
    """Start libFuzzer; without a corpus folder, fuzz/corpus-page/ seeded with our own pages."""
    if not any(Path(arg).exists() for arg in sys.argv[1:]):
        sys.argv.append(str(seeded_corpus("page", SEEDS)))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
