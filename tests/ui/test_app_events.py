"""One application-wide event filter hands each event to the listeners of its type."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui import app_events
from slip_desktop.ui.app_events import listen, stop_listening


class Recorder(QObject):
    def __init__(self, stop: bool = False) -> None:
        super().__init__()
        self.seen: list[QEvent.Type] = []
        self._stop = stop

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        self.seen.append(event.type())
        return self._stop


def test_each_listener_hears_only_its_types_through_one_filter(qtbot: QtBot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    users, shows = Recorder(), Recorder()
    listen(users, (QEvent.Type.User,))
    listen(shows, (QEvent.Type.Show, QEvent.Type.User))
    try:
        QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
        QCoreApplication.sendEvent(target, QEvent(QEvent.Type.Show))
        assert users.seen == [QEvent.Type.User]
        assert shows.seen == [QEvent.Type.User, QEvent.Type.Show]
    finally:
        stop_listening(users)
        stop_listening(shows)
    QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
    assert users.seen == [QEvent.Type.User]


def test_a_listener_that_stops_an_event_stops_it(qtbot: QtBot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    stopper, later = Recorder(stop=True), Recorder()
    listen(stopper, (QEvent.Type.User,))
    listen(later, (QEvent.Type.User,))
    try:
        QApplication.sendEvent(target, QEvent(QEvent.Type.User))
        assert stopper.seen == [QEvent.Type.User]
        assert later.seen == []
    finally:
        stop_listening(stopper)
        stop_listening(later)


def test_a_destroyed_listener_is_forgotten(qtbot: QtBot) -> None:
    parent = QObject()
    listener = Recorder()
    listener.setParent(parent)
    listen(listener, (QEvent.Type.User,))
    shared = app_events._shared
    assert shared is not None and shared.listening(listener)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shared.listening(listener))
