"""What can go wrong while exporting, each with a one-line message fit for the user."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be made; ``str(error)`` is one line naming the problem."""


class UnknownNodeError(ExportError):
    """The id asked for names no post or comment of the archive."""

    def __init__(self, node_id: str, source: str) -> None:
        self.node_id = node_id
        self.source = source
        super().__init__(f"no post or comment with id {node_id!r} in {source}")


class OutputExistsError(ExportError, FileExistsError):
    """The output file exists and overwriting was not allowed (also a FileExistsError)."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} already exists")
        self.filename = path

    def __str__(self) -> str:
        return str(self.args[0])


class ExportCancelled(ExportError):  # noqa: N818 - it is a signal, not an error
    """The export was called off before it was written; nothing was left on disk."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"export to {path} cancelled")
