from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from slip_desktop.ui.app_icon import ICON_SIZES, app_icon


def test_app_icon_offers_every_shipped_size(qapp: QApplication) -> None:
    icon = app_icon()

    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)


def test_app_icon_renders_navy_at_title_bar_size(qapp: QApplication) -> None:
    image = app_icon().pixmap(QSize(32, 32)).toImage()

    centre_left = image.pixelColor(4, 16)
    assert centre_left.blue() > centre_left.red()  # the navy background, not transparent
    assert centre_left.alpha() == 255


def test_app_icon_can_be_set_on_a_window_and_an_about_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowIcon(app_icon())
    box = QMessageBox(window)
    box.setIconPixmap(app_icon().pixmap(64, 64))

    assert not window.windowIcon().isNull()
    assert box.iconPixmap().width() == 64


def test_about_box_shows_the_application_icon(qtbot) -> None:  # type: ignore[no-untyped-def]
    """QMessageBox.about() takes the window's icon: app.setWindowIcon(app_icon()) is enough."""
    from PySide6.QtCore import QTimer

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.windowIcon()
    app.setWindowIcon(app_icon())
    window = QWidget()
    qtbot.addWidget(window)
    seen: list[tuple[str, str]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown = box.iconPixmap().toImage()
        ours = app_icon().pixmap(shown.size()).toImage()
        x, y = shown.width() // 2, shown.height() - 3
        seen.append((shown.pixelColor(x, y).name(), ours.pixelColor(x, y).name()))
        box.accept()

    try:
        QTimer.singleShot(0, read_and_close)
        QMessageBox.about(window, "About", "SLIP Desktop")
    finally:
        app.setWindowIcon(previous)

    assert len(seen) == 1
    shown, ours = seen[0]
    assert shown == ours == "#1f3a5f"  # the icon's navy, not the default information icon
