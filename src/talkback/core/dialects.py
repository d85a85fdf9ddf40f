"""The comment layouts ("dialects") the parser knows, by the name ``--dialect`` and the JSON use."""

from __future__ import annotations

#: name -> what the layout looks like
DIALECTS: dict[str, str] = {
    "signature-after": "the body, then a line 'NAME on MONTH D, YYYY at H:MM AM/PM'",
}


def check_dialect(name: str | None) -> None:
    """Raise ValueError for a dialect name the parser does not know (None means: recognise it)."""
    if name is not None and name not in DIALECTS:
        known = ", ".join(sorted(DIALECTS))
        raise ValueError(f"unknown comment layout {name!r} (known: {known})")
