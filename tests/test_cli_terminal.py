"""Plain `parse` and `search` output never sends a dump's control characters to a terminal.

A comment holding ``ESC [2J`` or an OSC title sequence would clear the reader's screen or retitle
the window if printed as it is; a bidi override would make a line read differently. They are shown
as ``U+XXXX`` labels instead, as the window and the exports show them; ``--json`` keeps them (JSON
escapes them itself).
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

from talkback import cli

CONTROLS = "\x1b[2J\x1b]0;pwned\x07 and \u202eevil\u202c"
PAGE = f"""Title {CONTROLS}

posted at 9:05 pm on October 14, 2011 by Ed\x1b[31m

Article body text goes here.

Comments

Hello {CONTROLS} cleared the screen zebra

Mallory on October 14, 2011 at 9:20 PM
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def assert_no_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_parse_outline_labels_controls(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    status, out, _ = run("parse", str(page))
    assert status == 0
    assert_no_controls(out)
    assert "Hello U+001B[2JU+001B]0;pwnedU+0007 and U+202EevilU+202C cleared" in out
    assert "[p1] Title U+001B[2J" in out


def test_search_plain_labels_controls_and_keeps_marks(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    status, out, _ = run("search", str(page), "zebra")
    assert status == 0
    assert_no_controls(out)
    assert "U+202EevilU+202C cleared the screen **zebra**" in out
    status, out, _ = run("search", "--json", str(page), "zebra")
    assert json.loads(out)["snippet"].startswith(f"Hello {CONTROLS}")


def test_error_line_labels_controls_in_member_names(tmp_path: Path) -> None:
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("\x1b[31mred\x1b[0m.txt", "just some words")
    status, _, err = run("parse", str(archive))
    assert status == 1
    assert_no_controls(err)
    assert "U+001B[31mredU+001B[0m.txt" in err
