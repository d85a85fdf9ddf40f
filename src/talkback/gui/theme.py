"""Light and dark: following the system's colour scheme, or a theme chosen with ``--theme``.

By default Talkback takes the palette the platform gives. Where the system says it is dark but the
style still paints light (Fusion without a desktop theme, as on many X11 setups), Talkback applies
its own dark palette, and it follows the system when the scheme changes while it runs. ``--theme
dark`` or ``--theme light`` forces one (handy for screenshots). Everything Talkback draws itself
(the detail panel's page, the charts, the muted context rows) takes its colours from the palette at
the time it draws, so a change of scheme repaints it right.
"""

from __future__ import annotations

from collections.abc import Sequence
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
#: the least contrast of text against its background (WCAG 2, level AA, body text)
AA_TEXT = 4.5

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
        self._mend_placeholder()

    def _mend_placeholder(self) -> None:
        """Make the system palette's muted text readable where it is not (Qt's Fusion palette
        has black at half opacity: 3.9:1 on white, 3.5:1 on its grey windows). Only that role is
        set, so the other colours still follow the system."""
        color = readable_placeholder(self.app.palette())
        if color is not None:
            palette = QPalette(self.app.palette())
            for group in (Group.Active, Group.Inactive):
                palette.setColor(group, Role.PlaceholderText, color)
            self.app.setPalette(palette)

    def _use_fusion(self) -> None:
        if self.app.style().name().lower() != "fusion" and "Fusion" in list(QStyleFactory.keys()):
            self.app.setStyle("Fusion")

    @Slot(Qt.ColorScheme)
    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.name == "system":
            self._original = QPalette(self.app.palette()) if not self._own_dark else self._original
            self._follow_system()


def blend(foreground: QColor, background: QColor, weight: float) -> QColor:
    """``weight`` of ``foreground`` over ``background`` (0: background, 1: foreground)."""
    return QColor.fromRgbF(
        foreground.redF() * weight + background.redF() * (1 - weight),
        foreground.greenF() * weight + background.greenF() * (1 - weight),
        foreground.blueF() * weight + background.blueF() * (1 - weight),
    )


def _luminance(color: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """The WCAG 2 contrast ratio (1 to 21) of ``foreground`` on ``background``; a translucent
    foreground counts as painted over the background."""
    seen = blend(foreground, background, foreground.alphaF())
    lighter, darker = sorted((_luminance(seen), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_mix(
    text: QColor, backgrounds: Sequence[QColor], weight: float, target: float = AA_TEXT
) -> QColor:
    """``weight`` of ``text`` over the first of ``backgrounds``, or the least heavier mix that
    reads at ``target`` against every one of them (the text itself when none does)."""
    for step in range(round(weight * 100), 101):
        color = blend(text, backgrounds[0], step / 100)
        if all(contrast_ratio(color, background) >= target for background in backgrounds):
            return color
    return QColor(text)


def readable_placeholder(palette: QPalette) -> QColor | None:
    """A muted colour that reads on the palette's Base and Window, if its PlaceholderText does
    not (None when it does)."""
    backgrounds = [palette.color(Role.Base), palette.color(Role.Window)]
    own = palette.color(Role.PlaceholderText)
    if all(contrast_ratio(own, background) >= AA_TEXT for background in backgrounds):
        return None
    return readable_mix(palette.color(Role.Text), backgrounds, 0.55)


def muted(palette: QPalette, weight: float = 0.55) -> QColor:
    """A colour between the text and the background, for secondary text: ``weight`` of the
    text, or more where that would read at less than :data:`AA_TEXT` on the background."""
    return readable_mix(palette.color(Role.Text), [palette.color(Role.Base)], weight)
