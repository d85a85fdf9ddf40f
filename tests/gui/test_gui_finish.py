"""The finish: About, Keyboard Shortcuts, icons, menus and tooltips, accessible names, light and
dark palettes, the .desktop entry and the AppStream metadata."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from defusedxml import ElementTree
from gui_support import (  # noqa: F401 (fixtures)
    load,
    restore_theme_fixture,
    settings_fixture,
    window_fixture,
)
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from talkback import __version__
from talkback.gui.about_dialog import AboutDialog
from talkback.gui.icons import app_icon, line_icon
from talkback.gui.main_window import MainWindow
from talkback.gui.shortcuts_dialog import ShortcutsDialog
from talkback.gui.theme import ThemeKeeper, dark_palette, is_dark
from talkback.resources import resource

pytestmark = pytest.mark.gui

DESKTOP = resource("talkback.desktop")
METAINFO = resource("io.github.talkback.Talkback.metainfo.xml")


def menu_actions(menu: QMenu) -> Iterator[QAction]:
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from menu_actions(submenu)
        elif not action.isSeparator():
            yield action


def window_menu_actions(window: MainWindow) -> list[QAction]:
    found: list[QAction] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found.extend(menu_actions(menu))
    return found


def luminance(image: QImage, x: int, y: int) -> float:
    color = image.pixelColor(x, y)
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()


def test_about_shows_the_version_and_what_talkback_reads(qtbot: QtBot, window: MainWindow) -> None:
    window.extras.about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Talkback {__version__}" in texts
    for kind in ("WordPress exports (WXR)", "Disqus", "JSON Lines", ".zip", "MIT License"):
        assert kind in texts
    dialog.copy_details()
    assert QApplication.clipboard().text().startswith(f"Talkback {__version__}\n")
    assert window.settings.location in QApplication.clipboard().text()


def test_shortcuts_dialog_lists_every_shortcut_of_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.extras.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    listed = set(dialog.listed())
    native = QKeySequence.SequenceFormat.NativeText
    with_keys = [a for a in window.findChildren(QAction) if a.shortcuts() and a.text()]
    assert len(with_keys) >= 20
    for action in with_keys:
        keys = ", ".join(key.toString(native) for key in action.shortcuts())
        assert (action.text().replace("&", "").rstrip("…"), keys) in listed
    dialog.filter.setText("overview")
    shown = [
        dialog.list.topLevelItem(i).child(j).text(0)
        for i in range(dialog.list.topLevelItemCount())
        for j in range(dialog.list.topLevelItem(i).childCount())
        if not dialog.list.topLevelItem(i).child(j).isHidden()
    ]
    assert shown == ["Overview"]


def test_shortcuts_dialog_shows_the_main_key_and_the_others_apart(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    items = {
        item.text(0): item
        for i in range(dialog.list.topLevelItemCount())
        for item in (
            dialog.list.topLevelItem(i).child(j)
            for j in range(dialog.list.topLevelItem(i).childCount())
        )
    }
    copy, open_, toggle = items["Copy"], items["Open"], items["Expand or Collapse"]
    assert (copy.text(1), copy.text(2)) == ("Ctrl+C", "Ctrl+Ins, Copy key")
    assert (open_.text(1), open_.text(2)) == ("Ctrl+O", "Open key")
    assert (toggle.text(1), toggle.text(2)) == ("Return", "keypad Enter")
    assert (items["Reload"].text(1), items["Reload"].text(2)) == ("F5", "")
    for command, item in items.items():  # the key the menu shows, alone
        assert ", " not in item.text(1), command
    muted = dialog.palette().color(QPalette.ColorRole.PlaceholderText)
    assert copy.foreground(2).color() == muted
    assert "also Ctrl+Ins" in copy.data(0, Qt.ItemDataRole.AccessibleTextRole)
    dialog.filter.setText("ctrl+ins")  # the other keys are found too
    assert [name for name, item in items.items() if not item.isHidden()] == ["Copy"]


def test_every_action_is_in_a_menu_with_a_tooltip(window: MainWindow) -> None:
    in_menus = {id(action) for action in window_menu_actions(window)}
    for action in window.findChildren(QAction):
        if not action.text() or action.menu() is not None or action.isSeparator():
            continue
        if action.parent() is window.recent_menu:  # the recent files themselves
            continue
        if isinstance(action.parent(), QLineEdit):  # a field's clear button (named for readers)
            continue
        assert id(action) in in_menus, action.text()
        assert action.toolTip() and action.statusTip(), action.text()
        if action.shortcuts():
            assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in (
                action.toolTip()
            ), action.text()
    help_menu = [top.text().replace("&", "") for top in window.menuBar().actions()]
    assert help_menu[-1] == "Help"


def mnemonic(text: str) -> str | None:
    """The letter after the lone ``&`` in a menu item's text (``&&`` is a plain ``&``)."""
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_each_menu_item_has_a_letter_of_its_own(window: MainWindow) -> None:
    """Alt+F then a letter runs the item: two items of a menu with one letter only take turns
    being highlighted (Alt+F, R went to Open Recent, never to Reload)."""
    menus = [top.menu() for top in window.menuBar().actions()]
    assert len({mnemonic(top.text()) for top in window.menuBar().actions()}) == len(menus)
    for menu in menus:
        assert isinstance(menu, QMenu)
        items = [action for action in menu.actions() if not action.isSeparator()]
        letters = [mnemonic(action.text()) for action in items]
        assert None not in letters, [action.text() for action in items]
        assert len(set(letters)) == len(letters), [action.text() for action in items]


def test_the_help_menu_ends_with_about(window: MainWindow) -> None:
    help_menu = window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu)
    items = [action.text().replace("&", "") for action in help_menu.actions()]
    assert items == ["Keyboard Shortcuts", "Search Syntax", "", "About Talkback"]


def test_widgets_have_accessible_names(window: MainWindow) -> None:
    workspace = window.workspace
    named: list[QWidget] = [
        window.tree,
        window.detail,
        workspace.overview,
        workspace.overview.timeline,
        workspace.overview.authors,
        workspace.overview.sizes,
        workspace.overview.depths,
        workspace.welcome,
        workspace.welcome.open_button,
        workspace.welcome.folder_button,
        workspace.welcome.sample_button,
        workspace.filter_bar,
        workspace.filter_bar.show_all,
        workspace.tabs,
    ]
    for widget in named:
        assert widget.accessibleName(), widget.objectName()


def test_the_icons_load(window: MainWindow) -> None:
    icon = app_icon()
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(64, 64))
    assert not pixmap.isNull() and pixmap.width() == 64
    image = pixmap.toImage()
    assert image.pixelColor(32, 32).alpha() == 255  # drawn, not empty
    assert not window.windowIcon().isNull()
    for name in ("open", "folder", "sample", "drop", "clear"):
        drawn = line_icon(name, QColor("#ff0000")).pixmap(QSize(24, 24), 2.0).toImage()
        assert drawn.width() == 48  # rendered at the screen's pixel ratio
        reds = [
            drawn.pixelColor(x, y)
            for x in range(48)
            for y in range(48)
            if drawn.pixelColor(x, y).alpha() > 200
        ]
        assert reds and all(color.red() > 200 and color.green() < 60 for color in reds)


def test_the_desktop_entry_is_well_formed() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Talkback"
    assert entry["Exec"].split()[0] == "talkback"
    assert resource("icons", f"{entry['Icon']}.svg").is_file()
    assert entry["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_appstream_metadata_is_well_formed() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "MIT"
    assert root.find("description/p") is not None
    release = root.find("releases/release")
    assert release is not None and release.get("version") == __version__.split("+")[0]
    validator = shutil.which("appstreamcli")
    if validator:
        result = subprocess.run(
            [validator, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_dark_palette_paints_the_window_dark(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, restore_theme: QApplication
) -> None:
    load(qtbot, window, harbor_path, select="p1-c7")
    light = window.grab().toImage()
    ThemeKeeper(restore_theme, "dark")
    assert is_dark(restore_theme.palette())
    QApplication.processEvents()
    dark = window.grab().toImage()
    detail = window.detail.mapTo(window, window.detail.rect().bottomLeft())
    x, y = detail.x() + 40, detail.y() - 40  # page background below the text
    assert luminance(light, x, y) > 0.8
    assert luminance(dark, x, y) < 0.15
    # the detail panel's text was drawn again in the dark palette's colours
    html = window.detail.toHtml()
    assert dark_palette().color(QPalette.ColorRole.Text).name() in html


def test_open_theme_dark_makes_a_dark_screenshot(tmp_path: Path, harbor_path: Path) -> None:
    out = tmp_path / "dark.png"
    result = subprocess.run(
        [sys.executable, "-m", "talkback", "open", str(harbor_path), "--theme", "dark",
         "--overview", "--screenshot", str(out)],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
             "XDG_CONFIG_HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert luminance(image, 640, 790) < 0.2  # the status bar
    assert luminance(image, 1000, 400) < 0.2  # the overview


def test_following_the_system_switches_to_dark_and_back(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    keeper = ThemeKeeper(restore_theme, "system")
    assert not is_dark(restore_theme.palette())  # the offscreen platform paints light
    monkeypatch.setattr("talkback.gui.theme.system_is_dark", lambda: True)
    keeper._on_scheme_changed(Qt.ColorScheme.Dark)  # what Qt calls when the desktop changes
    assert is_dark(restore_theme.palette())
    monkeypatch.setattr("talkback.gui.theme.system_is_dark", lambda: False)
    keeper._on_scheme_changed(Qt.ColorScheme.Light)
    assert not is_dark(restore_theme.palette())
