"""Form fields with a message line beneath them, and the map that shows errors beside fields."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from slip_desktop.ui.palette import ERROR_STYLE, WARNING_STYLE

log = logging.getLogger(__name__)

__all__ = ["ERROR_STYLE", "WARNING_STYLE", "FieldBox", "FieldErrors", "focus_field"]


class FieldBox(QWidget):
    """A field widget with a hidden message line under it (an error or a warning)."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.message)
        # So a label's &-shortcut (its buddy is this box) lands in the field.
        self.setFocusProxy(field)

    def show_message(self, text: str, warning: bool = False) -> None:
        """Show ``text`` under the field (red for an error, amber for a warning)."""
        self.message.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_message(self) -> None:
        """Hide the message line."""
        self.message.clear()
        self.message.setVisible(False)


class FieldErrors:
    """The one form-error helper: shows each field's error beside it, the rest in one line.

    Fields are registered with :meth:`add` (a :class:`FieldBox` already placed) or
    :meth:`add_row` (placed in a form layout here); an error for a field with no box
    goes to ``fallback``, the form's general message line, when there is one.
    """

    def __init__(self, fallback: QLabel | None = None) -> None:
        self._boxes: dict[str, FieldBox] = {}
        self.fallback = fallback
        if fallback is not None:
            fallback.setStyleSheet(ERROR_STYLE)
            fallback.setWordWrap(True)
            fallback.setVisible(False)

    def add(self, name: str, box: FieldBox) -> FieldBox:
        """Register ``box`` as the place for field ``name``'s errors; return it."""
        self._boxes[name] = box
        return box

    def add_row(
        self, form: QFormLayout, name: str, title: str | QWidget, field: QWidget
    ) -> FieldBox:
        """Add ``field`` to ``form`` under ``title`` in a box with its message line; return it."""
        box = FieldBox(field)
        box.message.setObjectName(f"error_{name}")
        form.addRow(title, box)
        return self.add(name, box)

    def label(self, name: str) -> QLabel | None:
        """Return the message line of field ``name`` (the general one when it has no box)."""
        box = self._boxes.get(name)
        return box.message if box is not None else self.fallback

    def box(self, name: str) -> FieldBox | None:
        """Return the box of field ``name``, if registered."""
        return self._boxes.get(name)

    def clear(self) -> None:
        """Hide every error."""
        for box in self._boxes.values():
            box.clear_message()
        if self.fallback is not None:
            self.fallback.clear()
            self.fallback.setVisible(False)

    def show(self, errors: dict[str, str]) -> None:
        """Show each error beside its field and put the focus on the first visible one."""
        self.clear()
        first: FieldBox | None = None
        for name, message in errors.items():
            box = self._boxes.get(name)
            if box is None:
                if self.fallback is not None:
                    text = self.fallback.text()
                    self.fallback.setText(f"{text}\n{message}".strip())
                    self.fallback.setVisible(True)
                continue
            box.show_message(message)
            first = first or box
        if first is not None:
            focus_field(first.field)

    def messages(self) -> dict[str, str]:
        """Return the errors currently shown, field -> message (for tests and checks)."""
        return {n: b.message.text() for n, b in self._boxes.items() if not b.message.isHidden()}


def focus_field(widget: QWidget) -> None:
    """Bring ``widget`` into view (switching any tab page holding it) and focus it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is widget or page.isAncestorOf(widget):
                    parent.setCurrentIndex(index)
        parent = parent.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


def show_unexpected(parent: QWidget, title: str, what: str = "") -> None:
    """Log the exception being handled with its traceback and tell the user, plainly.

    For bugs, not for broken rules: those arrive as domain errors with their own words.
    ``what`` names the action ("saving the referral"); without it the title says it.
    """
    log.exception("%s failed", what or title)
    happened = f"{what} did not happen and nothing" if what else "nothing"
    QMessageBox.critical(
        parent,
        title,
        f"Something went wrong: {happened} was changed.\n"
        "What you typed is still in the form. The details are in the program's log.",
    )
