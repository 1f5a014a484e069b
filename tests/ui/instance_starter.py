"""Processes for the one-program-per-database test.

``python instance_starter.py hold DATABASE``: take the database's lock as the program
does, print ``locked`` (or ``refused``), then wait until a later start asks this window
to come forward: print ``came forward`` and exit.

``python instance_starter.py start DATABASE``: the program's real start
(``app.start``), with its fatal message box printed instead of shown; prints the
message and the exit code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402


def hold(database: Path) -> int:
    """Hold the lock with a window until asked to come forward."""
    from slip_desktop.ui.instance_lock import InstanceLock, bring_forward

    app = QApplication([])
    window = QWidget()
    window.showMinimized()
    lock = InstanceLock(database)
    if not lock.try_acquire():
        print("refused", flush=True)
        return 1

    def come_forward() -> None:
        bring_forward(window)
        print("came forward" if not window.isMinimized() else "still minimised", flush=True)
        app.quit()

    lock.come_forward_asked.connect(come_forward)
    QTimer.singleShot(60_000, app.quit)  # never outlive a failed test
    print("locked", flush=True)
    app.exec()
    lock.release()
    return 0


def start(database: Path) -> int:
    """Run the program's start on ``database``; print what it says instead of a message box."""
    from slip_desktop import app as slip_app

    def critical(_parent: object, _title: str, text: str, *_rest: object) -> None:
        print(f"message: {text}", flush=True)

    QMessageBox.critical = critical  # type: ignore[method-assign, assignment]
    code = slip_app.start(database, False)
    print(f"exit {code}", flush=True)
    return code


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    sys.exit(hold(target) if mode == "hold" else start(target))
