"""Light and dark: following the system's colour scheme, or a theme chosen with ``--theme``.

By default Talkback takes the palette the platform gives. Where the system says it is dark but the
style still paints light (Fusion without a desktop theme, as on many X11 setups), Talkback applies
its own dark palette, and it follows the system when the scheme changes while it runs. ``--theme
dark`` or ``--theme light`` forces one (handy for screenshots). Everything Talkback draws itself
(the detail panel's page, the charts, the muted context rows) takes its colours from the palette at
the time it draws, so a change of scheme repaints it right.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ThemeName = Literal["system", "light", "dark"]
THEMES: tuple[ThemeName, ...] = ("system", "light", "dark")

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

#: the accent shared with the app icon
ACCENT = "#3d6fe0"

_DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#202226",
    Role.WindowText: "#e4e5e8",
    Role.Base: "#17181b",
    Role.AlternateBase: "#1e2024",
    Role.ToolTipBase: "#2c2f35",
    Role.ToolTipText: "#eceef2",
    Role.PlaceholderText: "#8d9199",
    Role.Text: "#e4e5e8",
    Role.Button: "#2b2e33",
    Role.ButtonText: "#e4e5e8",
    Role.BrightText: "#ff6b6b",
    Role.Light: "#3a3d44",
    Role.Midlight: "#33363c",
    Role.Mid: "#2a2c31",
    Role.Dark: "#141517",
    Role.Shadow: "#000000",
    Role.Highlight: "#3d6fe0",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#86b0ff",
    Role.LinkVisited: "#b79cff",
    Role.Accent: "#3d6fe0",
}
_DARK_DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: "#6f737b",
    Role.Text: "#6f737b",
    Role.ButtonText: "#6f737b",
    Role.Highlight: "#3a3d44",
    Role.HighlightedText: "#9a9ea6",
}
_LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f3f3f5",
    Role.WindowText: "#1d1d20",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f6f7f9",
    Role.ToolTipBase: "#fffef2",
    Role.ToolTipText: "#1d1d20",
    Role.PlaceholderText: "#6b6e75",
    Role.Text: "#1d1d20",
    Role.Button: "#f3f3f5",
    Role.ButtonText: "#1d1d20",
    Role.BrightText: "#d0021b",
    Role.Light: "#ffffff",
    Role.Midlight: "#e9e9ec",
    Role.Mid: "#c4c5ca",
    Role.Dark: "#9fa1a7",
    Role.Shadow: "#5a5b60",
    Role.Highlight: "#3d6fe0",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#1f5bd1",
    Role.LinkVisited: "#6a3fc4",
    Role.Accent: "#3d6fe0",
}
_LIGHT_DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: "#9a9ca2",
    Role.Text: "#9a9ca2",
    Role.ButtonText: "#9a9ca2",
    Role.Highlight: "#c9cbd1",
}


def _palette(
    colors: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role, color in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(color))
    return palette


def dark_palette() -> QPalette:
    """Talkback's dark palette: soft contrast for long reading, the icon's blue as accent."""
    return _palette(_DARK, _DARK_DISABLED)


def light_palette() -> QPalette:
    """Talkback's light palette (used when ``--theme light`` is forced)."""
    return _palette(_LIGHT, _LIGHT_DISABLED)


def is_dark(palette: QPalette) -> bool:
    """Whether a palette paints light text on a dark window."""
    return palette.color(Role.Window).lightness() < 128


def system_is_dark() -> bool:
    """Whether the system asks for a dark colour scheme (as far as Qt can tell)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class ThemeKeeper(QObject):
    """Applies a theme to the application and, for ``system``, keeps following the system."""

    def __init__(self, app: QApplication, name: ThemeName = "system") -> None:
        super().__init__(app)
        self.app = app
        self.name: ThemeName = name
        self._original = QPalette(app.palette())
        self._own_dark = False
        app.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        self.apply(name)

    def apply(self, name: ThemeName) -> None:
        """Use the ``light`` or ``dark`` palette, or follow the ``system``."""
        self.name = name
        hints = self.app.styleHints()
        settable = hasattr(hints, "setColorScheme")  # Qt 6.8 and later
        if name == "system":
            if settable:
                hints.unsetColorScheme()
            self._follow_system()
            return
        if settable:
            hints.setColorScheme(Qt.ColorScheme.Dark if name == "dark" else Qt.ColorScheme.Light)
        self._use_fusion()
        self.app.setPalette(dark_palette() if name == "dark" else light_palette())

    def _follow_system(self) -> None:
        if system_is_dark() and not is_dark(self._original):
            # The style paints light although the system is dark: paint it dark ourselves.
            self._use_fusion()
            self.app.setPalette(dark_palette())
            self._own_dark = True
        elif self._own_dark:
            self.app.setPalette(self._original)
            self._own_dark = False

    def _use_fusion(self) -> None:
        if self.app.style().name().lower() != "fusion" and "Fusion" in list(QStyleFactory.keys()):
            self.app.setStyle("Fusion")

    @Slot(Qt.ColorScheme)
    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.name == "system":
            self._original = QPalette(self.app.palette()) if not self._own_dark else self._original
            self._follow_system()


def muted(palette: QPalette, weight: float = 0.55) -> QColor:
    """A colour between the text and the background, for secondary text."""
    text = palette.color(Role.Text)
    base = palette.color(Role.Base)
    return QColor.fromRgbF(
        text.redF() * weight + base.redF() * (1 - weight),
        text.greenF() * weight + base.greenF() * (1 - weight),
        text.blueF() * weight + base.blueF() * (1 - weight),
    )
