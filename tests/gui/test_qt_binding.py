"""The Qt binding itself: a regression guard for PySide6 releases that lose references to None.

PySide6 6.12.0 under Python 3.11 returns None from every void call without a new reference; after
enough calls Python frees None and aborts. pyproject.toml excludes that release on Python < 3.12.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QScrollBar
from pytestqt.qtbot import QtBot

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12"),
]


def test_void_calls_and_empty_values_keep_none_alive(qtbot: QtBot) -> None:
    bar = QScrollBar()
    qtbot.addWidget(bar)
    before = sys.getrefcount(None)
    for value in range(500):
        bar.setValue(value % 50)  # a void call
        QModelIndex().data()  # an empty QVariant
    assert sys.getrefcount(None) - before > -50
