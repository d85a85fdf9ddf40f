"""Rewrite the expected JSON of every fixture page. Run by hand, then read the diff.

.venv/bin/python tests/regen_expected.py
"""

from __future__ import annotations

import json

from fixture_pages import expected_path, fixture_pages, parse_fixture


def main() -> None:
    """Regenerate each fixture's expected result from the current parser."""
    for page in fixture_pages():
        document = parse_fixture(page)
        expected_path(page).write_text(
            json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"wrote {expected_path(page)}")


if __name__ == "__main__":
    main()
