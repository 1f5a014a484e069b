"""One way to run a write from the UI: show a broken rule where it belongs, announce what changed.

After Anki's ``CollectionOp``: a slot reads the selection and calls :func:`perform` with
the ``db/`` function to run; a :class:`~slip_desktop.domain.errors.DomainError` is shown
beside its field (when the form has a place for it) or in a message box, keeping
everything typed; an unexpected error is logged with its traceback and explained; on
success every area the operation changed is announced once, together, so each tab
refreshes at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.ui.notifier import Area, ChangeNotifier

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from slip_desktop.ui.form_errors import FieldErrors
    from slip_desktop.ui.tasks import Task

T = TypeVar("T")

#: What :func:`perform` returns when the operation did not happen.
FAILED = None


def show_domain_error(
    parent: QWidget, title: str, error: DomainError, errors: FieldErrors | None = None
) -> None:
    """Show ``error`` beside its field when ``errors`` has one for it, else in a message box."""
    if errors is not None:
        found = error.errors if isinstance(error, ValidationError) else {error.field: error.message}
        if any(errors.box(name) is not None for name in found) or errors.fallback is not None:
            errors.show(found)
            return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, error.message)


def perform(
    parent: QWidget,
    notifier: ChangeNotifier | None,
    title: str,
    operation: Callable[[], T],
    changed: Iterable[Area | str] = (),
    *,
    errors: FieldErrors | None = None,
    on_success: Callable[[T], None] | None = None,
    on_refused: Callable[[DomainError], None] | None = None,
    ids: Callable[[T], Mapping[Area, Iterable[int]]] | None = None,
) -> tuple[bool, T | None]:
    """Run ``operation``; return ``(True, result)`` or ``(False, None)`` when it did not happen.

    ``title`` names the action in the coordinator's words ("Mentor not assigned" style
    titles are built from it). ``changed`` is every area the operation writes to: it is
    announced once, after success. ``on_success`` runs before the announcement (a dialog
    closes itself there, so the refresh it causes is not hidden behind it).
    ``on_refused`` receives a broken rule after it was shown, for a form that offers a
    way on (use the pupil already recorded, refer to the forum first).
    ``ids`` tells, from the result, which rows of some areas changed (by id): announced
    with them, so a list updates those rows alone (see ``notifier.changed_ids``).
    """
    try:
        result = operation()
    except DomainError as error:
        show_domain_error(parent, title, error, errors)
        if on_refused is not None:
            on_refused(error)
        return False, FAILED
    except Exception:  # noqa: BLE001 - a bug: logged with its traceback, explained plainly
        from slip_desktop.ui.form_errors import show_unexpected

        show_unexpected(parent, title)
        return False, FAILED
    if on_success is not None:
        on_success(result)
    areas = tuple(changed)
    if notifier is not None and areas:
        notifier.announce(*areas, ids=ids(result) if ids is not None else None)
    return True, result


def save_and_close(
    dialog: QDialog,
    notifier: ChangeNotifier | None,
    title: str,
    operation: Callable[[], T],
    changed: Iterable[Area | str] = (),
    *,
    errors: FieldErrors | None = None,
    on_refused: Callable[[DomainError], None] | None = None,
    ids: Callable[[T], Mapping[Area, Iterable[int]]] | None = None,
) -> tuple[bool, T | None]:
    """What a dialog's Save button does: :func:`perform`, then close the dialog if it worked.

    Earlier errors are cleared first; a refused save keeps the dialog open with every
    field as typed and the reason beside its field.
    """
    if errors is not None:
        errors.clear()
    return perform(
        dialog,
        notifier,
        title,
        operation,
        changed,
        errors=errors,
        on_success=lambda _result: dialog.accept(),
        on_refused=on_refused,
        ids=ids,
    )


def perform_in_background(
    parent: QWidget,
    notifier: ChangeNotifier | None,
    title: str,
    operation: Callable[[], T],
    changed: Iterable[Area | str] = (),
    *,
    busy: Iterable[QWidget] = (),
    errors: FieldErrors | None = None,
    on_success: Callable[[T], None] | None = None,
    on_refused: Callable[[DomainError], None] | None = None,
    ids: Callable[[T], Mapping[Area, Iterable[int]]] | None = None,
) -> Task:
    """:func:`perform` for a write too long for the GUI thread: run it in the thread pool.

    The window stays responsive meanwhile; the ``busy`` widgets (the button that
    started it, the form) are disabled until it ends, and a wait cursor shows over
    ``parent``. The outcome is handled as :func:`perform` does, on the GUI thread:
    a broken rule beside its field, a bug logged and explained, success announced
    once. ``operation`` must not touch widgets (read the form before calling).
    """
    from PySide6.QtCore import Qt

    from slip_desktop.ui.tasks import Task

    held = [widget for widget in busy if widget.isEnabled()]
    for widget in held:
        widget.setEnabled(False)
    parent.setCursor(Qt.CursorShape.BusyCursor)

    def finish() -> None:
        parent.unsetCursor()
        for widget in held:
            widget.setEnabled(True)

    def succeeded(result: T) -> None:
        finish()
        perform(
            parent, notifier, title, lambda: result, changed, on_success=on_success, ids=ids
        )

    def failed(error: BaseException) -> None:
        finish()

        def again() -> T:
            raise error

        perform(parent, notifier, title, again, (), errors=errors, on_refused=on_refused)

    return Task(lambda _context: operation(), succeeded, failed, None, parent).start()
