"""``python -m talkback``: the same as the ``talkback`` command."""

from __future__ import annotations

import sys

from talkback.cli import main

if __name__ == "__main__":
    sys.exit(main())
