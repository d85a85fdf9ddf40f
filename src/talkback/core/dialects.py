"""The comment layouts ("dialects") the parser knows, by the name ``--dialect`` and the JSON use."""

from __future__ import annotations

#: name -> what the layout looks like
DIALECTS: dict[str, str] = {
    "signature-after": "the body, then a line 'NAME on MONTH D, YYYY at H:MM AM/PM'",
}
