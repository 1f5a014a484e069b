"""The one helper that runs long work off the GUI thread, with progress and cancel."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from slip_desktop.domain.errors import DomainError
from slip_desktop.jobs.progress import Cancelled
from slip_desktop.ui.heap import freeze_long_lived

log = logging.getLogger(__name__)

__all__ = [
    "Cancelled",
    "LatestRead",
    "Task",
    "TaskContext",
    "finish_background_work",
    "run_job",
    "run_with_progress",
]


#: How long a thread holding the interpreter keeps it while another waits (seconds).
SWITCH_INTERVAL = 0.001


def share_the_interpreter_finely() -> None:
    """Let the GUI thread take the interpreter back from a worker within a millisecond.

    A worker doing Python (a statements run, a 30,000-row read) holds the interpreter,
    and the GUI thread, which re-enters Python for every event filter, ``data()`` and
    slot while it paints, waits up to Python's switch interval (5 ms by default) each
    time: tens of such waits made one stall of 60-120 ms while a worker ran. At 1 ms
    the waits are short; the worker loses little (a switch costs microseconds).
    """
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)


#: How long closing waits for reads already running (a decade's list reads in under 1 s).
FINISH_WAIT_MS = 30_000


def finish_background_work(timeout_ms: int = FINISH_WAIT_MS) -> bool:
    """Wait until no task is running; True if all finished within ``timeout_ms``.

    Called before a database is closed: a tab's read still running would otherwise open
    a fresh connection on a closed store, or on a file already deleted (the self-test's
    temporary folder), and fail or leave files behind.
    """
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))


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


_paused_lock = threading.Lock()
_paused_by = 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's garbage collection while any task runs, so no worker ever collects.

    A collection runs in whichever thread passes a threshold: in a worker it freed closed
    dialogs' Qt objects off the GUI thread, which crashed the program (a segmentation
    fault inside a Finance read). Paused while tasks run, it runs between them, on the
    thread that allocates next: the GUI thread, as a rule.
    """
    global _paused_by, _modules_when_paused
    with _paused_lock:
        if _paused_by == 0:
            was_on = gc.isenabled()
            gc.disable()
            _modules_when_paused = len(sys.modules)
        else:
            was_on = False
        _paused_by += 1 if was_on or _paused_by else 0
    try:
        yield
    finally:
        with _paused_lock:
            if _paused_by:
                _paused_by -= 1
                if _paused_by == 0:
                    # Turned on again from the GUI thread: on here, this worker's next
                    # allocation would run the overdue collection itself.
                    app = QCoreApplication.instance()
                    if app is not None:
                        QTimer.singleShot(0, app, _resume_collector)


#: Young objects (a worker's rows, as a rule) above which the collector, resumed,
#: walks the two young generations at once.
YOUNG_AT_ONCE = 10_000


#: How many modules were loaded when the collector was paused.
_modules_when_paused = 0


def _resume_collector() -> None:
    with _paused_lock:
        if _paused_by == 0:
            if gc.get_count()[0] > YOUNG_AT_ONCE and len(sys.modules) > _modules_when_paused:
                # Modules were imported meanwhile (the tabs' ahead of their first show,
                # matplotlib for a chart): their functions, classes and tables are most of
                # what is young, and live as long as the program. Walking them cost the
                # window 43 ms at Finance's first show (90,000 objects); frozen, they are
                # never walked. What else is young is frozen with them: a few thousand
                # objects at most, once per import (``ui.heap``).
                freeze_long_lived()
            elif gc.get_count()[0] > YOUNG_AT_ONCE:
                # What a worker left (30,000-42,000 rows a read) would be walked by the
                # youngest generation's collection, then again, moments or minutes
                # later, by the middle one's: 25 ms then 49 ms after a term's
                # statements. Collected together now, they are walked once.
                gc.collect(1)
            gc.enable()


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
            self._run()
        finally:
            # The pool deletes this runnable in the worker once run returns: what it holds
            # (the work, which may hold the last reference to a closed dialog, and the
            # signals, a GUI-thread QObject) is handed to the GUI thread to be let go there.
            held = (self._work, self._context, self._signals)
            self._work = self._context = self._signals = None  # type: ignore[assignment]
            _release_on_gui_thread(held)
            del held

    def _run(self) -> None:
        try:
            with _collector_paused():
                result = self._work(self._context)
        except Cancelled:
            self._tell(self._signals.cancelled)
        except DomainError as error:
            # A broken rule is an answer for the user (shown beside the field), not a bug;
            # its words may quote what was typed, so only its kind is logged.
            log.info("Background task refused: %s", type(error).__name__)
            self._tell(self._signals.failed, error)
        except Exception as error:  # noqa: BLE001 - reported to the GUI thread
            log.exception("Background task failed")
            self._tell(self._signals.failed, error)
        else:
            self._tell(self._signals.finished, result)

    @staticmethod
    def _tell(signal: Any, *args: Any) -> None:
        # When the program is closing its signals may be gone: nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


#: What finished runnables held, until the GUI thread lets it go: a task's work may hold
#: the last reference to a widget (a dialog closed meanwhile, whose Task went with it),
#: and a widget or QObject freed in a worker crashes the program.
_KEPT: dict[int, tuple[object, ...]] = {}


def _release_on_gui_thread(held: tuple[object, ...]) -> None:
    app = QCoreApplication.instance()
    if app is None:  # the program is ending: no event loop is left to hand it to
        return
    _KEPT[id(held)] = held
    QTimer.singleShot(0, app, functools.partial(_KEPT.pop, id(held), None))


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
        # Auto-deleted by the pool once run; until then the pool keeps it alive, so a Task
        # deleted with its parent (a closed dialog) leaves its work running safely.
        self._runnable: _Runnable | None = _Runnable(work, self.context, self._signals)
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
        runnable, self._runnable = self._runnable, None
        if runnable is None:
            raise RuntimeError("a Task runs once")
        share_the_interpreter_finely()
        QThreadPool.globalInstance().start(runnable)
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


#: What a list says while its rows are read.
LOADING = "Loading…"

#: Reads still running: a read outlives the widget that asked (closed tab, other database).
_RUNNING: set[Task] = set()


class LatestRead(QObject):
    """Fills a widget from a read in the thread pool: the newest request's answer wins.

    ``start(read, show)`` runs ``read()`` (database reads only: no widgets) in a worker
    and then ``show(result)`` on the GUI thread, unless a newer ``start`` came meanwhile
    or the widget has gone (a closed tab, another database opened). A failed read is
    logged and handed to ``failed``. With ``background=False`` (tests that check a
    widget straight after a change) the read runs at once on the calling thread.
    Lists in ``lists`` (anything with an ``empty_state``) say :data:`LOADING` in place of
    their empty-state sentence while a read is on its way.

    Signals:
        shown(): after a ``show`` ran (tests wait for it, or for ``loading`` to clear).
    """

    shown = Signal()

    def __init__(
        self,
        parent: QObject,
        failed: Callable[[BaseException], None] | None = None,
        *,
        background: bool = True,
        lists: Iterable[QObject] = (),
    ) -> None:
        super().__init__(parent)
        self._failed = failed
        self._lists = tuple(lists)
        self._sentences: dict[int, str] = {}
        self.background = background
        #: True from a ``start`` until its answer (or the newest one's) is shown.
        self.loading = False
        self._request = 0

    def start(self, read: Callable[[], Any], show: Callable[[Any], None]) -> None:
        """Read in the background, then show the answer if it is still the newest."""
        self._request += 1
        request = self._request
        if not self.background:
            show(read())
            self.shown.emit()
            return
        self.loading = True
        for number, panel in enumerate(self._lists):
            empty = getattr(panel, "empty_state", None)
            if empty is not None and number not in self._sentences:
                self._sentences[number] = empty.message
                empty.set_message(LOADING)
        task = Task(
            lambda _context: read(),
            lambda result: self._answer(request, show, result),
            lambda error: self._refused(request, error),
        )
        _RUNNING.add(task)
        task.done.connect(lambda: _RUNNING.discard(task))
        task.start()

    def _answer(self, request: int, show: Callable[[Any], None], result: Any) -> None:
        if not isValid(self) or request != self._request:
            return  # the widget has gone, or a newer read is on its way
        self.loading = False
        self._say_sentences()
        show(result)
        self.shown.emit()

    def _say_sentences(self) -> None:
        for number, sentence in self._sentences.items():
            empty = getattr(self._lists[number], "empty_state", None)
            if empty is not None:
                empty.set_message(sentence)
        self._sentences.clear()

    def _refused(self, request: int, error: BaseException) -> None:
        if not isValid(self) or request != self._request:
            return
        self.loading = False
        self._say_sentences()
        if self._failed is not None:
            self._failed(error)
