"""Field-by-field error messages shown beside the widgets of a form."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

_STYLE = "color: #B00020;"


class FormErrors:
    """Shows a ValidationError's messages under the fields they belong to.

    ``add_row`` puts a field and a hidden message label into a form layout;
    ``show`` fills the labels (unknown fields go to the general label).
    """

    def __init__(self, form: QFormLayout, general: QLabel) -> None:
        self._form = form
        self._labels: dict[str, QLabel] = {}
        self.general = general
        general.setStyleSheet(_STYLE)
        general.setWordWrap(True)
        general.hide()

    def add_row(self, field: str, title: str, widget: QWidget) -> QLabel:
        """Add ``widget`` under ``title`` with an error label beneath it; return the label."""
        self._form.addRow(title, widget)
        label = QLabel(widget.parentWidget())
        label.setObjectName(f"error_{field}")
        label.setStyleSheet(_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._form.addRow("", label)
        self._labels[field] = label
        return label

    def label(self, field: str) -> QLabel:
        """Return the error label of ``field`` (the general one when unknown)."""
        return self._labels.get(field, self.general)

    def show(self, errors: dict[str, str]) -> None:
        """Show every message, each beside its field."""
        self.clear()
        for field, message in errors.items():
            label = self.label(field)
            label.setText(message if not label.text() else f"{label.text()} {message}")
            label.show()

    def clear(self) -> None:
        """Hide every message."""
        for label in [*self._labels.values(), self.general]:
            label.clear()
            label.hide()
