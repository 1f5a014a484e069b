"""The one helper that runs long work off the GUI thread, with progress and cancel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from slip_desktop.jobs.progress import Cancelled

log = logging.getLogger(__name__)

__all__ = ["Cancelled", "Task", "TaskContext", "run_job", "run_with_progress"]


class TaskContext:
    """What a running task may use: report progress and learn whether to stop."""

    def __init__(self, signals: _TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report ``done`` of ``total`` steps; raises Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        """Ask the task to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once Cancel was pressed."""
        return self._cancel.is_set()

    @property
    def cancel_flag(self) -> threading.Event:
        """The flag a job reads (``is_set()``) to learn that Cancel was pressed."""
        return self._cancel


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[TaskContext], Any], context: TaskContext, signals: _TaskSignals
    ) -> None:
        super().__init__()
        self._work = work
        self._context = context
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except Cancelled:
            self._signals.cancelled.emit()
        except Exception as error:  # noqa: BLE001 - reported to the GUI thread
            log.exception("Background task failed")
            self._signals.failed.emit(error)
        else:
            self._signals.finished.emit(result)


class Task(QObject):
    """A piece of work running in the thread pool.

    ``work`` receives a :class:`TaskContext` and must not touch widgets; it opens
    its own database session. The callbacks run on the GUI thread.

    Signals:
        done(): emitted once, after success, failure or cancel.
    """

    done = Signal()

    def __init__(
        self,
        work: Callable[[TaskContext], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._signals = _TaskSignals()
        self.context = TaskContext(self._signals)
        self._runnable = _Runnable(work, self.context, self._signals)
        self._runnable.setAutoDelete(False)
        self._on_success = on_success
        self._on_failure = on_failure
        queued = Qt.ConnectionType.QueuedConnection
        if on_progress is not None:
            self._signals.progress.connect(on_progress, queued)
        self._signals.finished.connect(self._finished, queued)
        self._signals.failed.connect(self._failed, queued)
        self._signals.cancelled.connect(self.done, queued)
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self) -> Task:
        """Queue the work in the global thread pool and return self."""
        QThreadPool.globalInstance().start(self._runnable)
        return self

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self.result = result
        if self._on_success is not None:
            self._on_success(result)
        self.done.emit()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.error = error
        if self._on_failure is not None:
            self._on_failure(error)
        self.done.emit()


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[TaskContext], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task:
    """Run ``work`` in the background behind a cancellable progress dialog."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    task = Task(work, on_success, on_failure, progress, parent)
    dialog.canceled.connect(task.context.cancel)
    task.done.connect(dialog.close)
    task.done.connect(dialog.deleteLater)
    return task.start()


def run_job(
    parent: QWidget,
    title: str,
    job: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    **kwargs: Any,
) -> Task:
    """Run the Qt-free ``job(*args, progress=..., cancel=..., **kwargs)`` behind a progress dialog.

    The job (from ``slip_desktop.jobs``) opens its own sessions and records its own
    audit rows; ``on_success`` receives what it returns, on the GUI thread.
    """

    def work(context: TaskContext) -> Any:
        return job(*args, progress=context.progress, cancel=context.cancel_flag, **kwargs)

    return run_with_progress(parent, title, work, on_success, on_failure)
