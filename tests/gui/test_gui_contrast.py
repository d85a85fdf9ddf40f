"""Text reads at WCAG AA contrast (4.5:1) in both of Talkback's palettes and in Qt's own: the
muted text (bylines, folders of recent files, captions, context rows) included."""

from __future__ import annotations

import pytest
from gui_support import restore_theme_fixture  # noqa: F401 (a fixture)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from talkback.gui.detail_view import DetailView
from talkback.gui.theme import (
    AA_TEXT,
    ThemeKeeper,
    contrast_ratio,
    dark_palette,
    light_palette,
    muted,
    readable_mix,
)

pytestmark = pytest.mark.gui
Role = QPalette.ColorRole
PALETTES = {"light": light_palette, "dark": dark_palette}


def test_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1)
    assert contrast_ratio(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)
    half_black = QColor(0, 0, 0, 128)  # painted over white it is #7f7f7f
    assert contrast_ratio(half_black, QColor("#ffffff")) == pytest.approx(
        contrast_ratio(QColor("#7f7f7f"), QColor("#ffffff")), abs=0.02
    )


def test_a_readable_mix_darkens_only_as_much_as_needed() -> None:
    text, white = QColor("#1d1d20"), QColor("#ffffff")
    pale = readable_mix(text, [white], 0.3)
    assert contrast_ratio(pale, white) >= AA_TEXT
    assert contrast_ratio(pale, white) < AA_TEXT + 0.2  # no darker than it has to be
    dark_enough = readable_mix(text, [white], 0.9)
    assert dark_enough.name() == QColor.fromRgbF(*(0.9 * t + 0.1 for t in (
        text.redF(), text.greenF(), text.blueF()))).name()  # fmt: skip


@pytest.mark.parametrize("name", PALETTES)
def test_muted_text_reads_in_talkbacks_palettes(name: str) -> None:
    palette = PALETTES[name]()
    placeholder = palette.color(Role.PlaceholderText)  # captions, hints, context rows
    for background in (Role.Base, Role.Window, Role.AlternateBase):
        assert contrast_ratio(placeholder, palette.color(background)) >= AA_TEXT, background
    # the folders of the recent files (they read at 3.8:1 on white)
    assert contrast_ratio(muted(palette), palette.color(Role.Base)) >= AA_TEXT
    for background in (Role.Base, Role.Window):
        assert contrast_ratio(palette.color(Role.Link), palette.color(background)) >= AA_TEXT
    selected = contrast_ratio(palette.color(Role.HighlightedText), palette.color(Role.Highlight))
    assert selected >= AA_TEXT


@pytest.mark.parametrize("name", PALETTES)
def test_the_detail_panels_bylines_and_quotes_read(qtbot: QtBot, name: str) -> None:
    view = DetailView()
    qtbot.addWidget(view)
    view.setPalette(PALETTES[name]())
    theme = view.theme()
    page, quote = QColor(view.palette().color(Role.Base)), QColor(theme.quote_background)
    # the byline and the attributions (9 pt) read at 4.5:1 on the page and in a quote's box
    # (they read at 4.47:1 and 4.14:1 in the light palette)
    for background in (page, quote):
        assert contrast_ratio(QColor(theme.muted), background) >= AA_TEXT
        assert contrast_ratio(QColor(theme.link), background) >= AA_TEXT
    assert contrast_ratio(QColor(theme.quote_text), quote) >= AA_TEXT
    assert contrast_ratio(QColor(theme.text), page) >= AA_TEXT


def test_following_the_system_mends_its_faint_muted_text(restore_theme: QApplication) -> None:
    # Qt's Fusion palette (what the offscreen platform gives) has its placeholder text black at
    # half opacity: 3.9:1 on white
    fusion = QPalette(restore_theme.palette())
    fusion.setColor(Role.Base, QColor("#ffffff"))
    fusion.setColor(Role.Window, QColor("#efefef"))
    fusion.setColor(Role.Text, QColor("#000000"))
    fusion.setColor(Role.PlaceholderText, QColor(0, 0, 0, 128))
    restore_theme.setPalette(fusion)
    assert contrast_ratio(QColor(0, 0, 0, 128), QColor("#efefef")) < AA_TEXT
    ThemeKeeper(restore_theme, "system")
    palette = restore_theme.palette()
    placeholder = palette.color(Role.PlaceholderText)
    for background in (Role.Base, Role.Window):
        assert contrast_ratio(placeholder, palette.color(background)) >= AA_TEXT
    assert palette.color(Role.Window).name() == "#efefef"  # the rest is the system's
