"""Talkback: a desktop archive viewer for blog comment sections."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("talkback")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
