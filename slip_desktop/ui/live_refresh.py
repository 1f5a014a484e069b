"""Another PC's saves, announced here: the server's change messages become ChangeNotifier news.

Only announcing: tabs refresh their lists as they do after a save on this PC (a hidden
tab marks itself stale), and an open form keeps what its user is typing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from slip_desktop.db.live_changes import ChangeListener
from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import AREAS, Area, ChangeNotifier

#: Messages that arrive this close together are announced once (a save sends one each).
GATHER_MS = 150


class LiveRefresh(QObject):
    """Listens to the office server on a thread and announces its areas on the GUI thread.

    Signals:
        heard(list): areas another PC changed (emitted on the listener's thread,
            delivered on the GUI thread).
    """

    heard = Signal(list)

    def __init__(self, store: Store, notifier: ChangeNotifier, parent: QObject | None = None):
        super().__init__(parent)
        self._notifier = notifier
        self._pending: set[Area] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self._announce)
        self.heard.connect(self._gather)
        self._listener = ChangeListener(store, self.heard.emit).start()

    @property
    def listener(self) -> ChangeListener:
        """The thread that listens (tests wait for it to be ready)."""
        return self._listener

    def _gather(self, areas: list[str]) -> None:
        # An area this version does not know (a newer PC's) refreshes everything.
        self._pending.update(Area(a) if a in AREAS else Area.ALL for a in areas)
        if not self._timer.isActive():
            self._timer.start()

    def _announce(self) -> None:
        pending, self._pending = self._pending, set()
        if pending:
            self._notifier.announce(*sorted(pending))

    def stop(self) -> None:
        """Stop listening (the window is closing or another database is opened)."""
        self._timer.stop()
        self._listener.stop()


def start_live_refresh(store: Store, notifier: ChangeNotifier) -> LiveRefresh | None:
    """Start announcing other PCs' changes for a server store; None for a local file."""
    if store.path is not None or store.engine.dialect.name != "postgresql":
        return None
    from slip_desktop.db.live_changes import install_notify

    install_notify(store)
    return LiveRefresh(store, notifier)
