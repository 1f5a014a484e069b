"""The program's icon for the window title bar, the taskbar and the About box."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from slip_desktop import resources

#: The PNG sizes shipped in ``resources/`` (made by scripts/make_icons.py).
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Return the SLIP Desktop icon with every shipped size, so Qt never has to scale one up.

    PNGs rather than the SVG: they need no icon-engine plugin in the frozen bundle,
    and the small sizes use a simpler drawing that stays sharp.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        file = resources.path(f"icon-{size}.png")
        if file.is_file():
            icon.addFile(str(file))
    return icon
