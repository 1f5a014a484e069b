"""Settings -> Partnership details: who the documents come from and how schools pay."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.identity import current_user
from slip_desktop.db.partnership import (
    partnership_version,
    read_partnership,
    save_partnership,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.partnership import (
    LOGO_MAX_BYTES,
    Partnership,
    form_texts,
    partnership_from_form,
)
from slip_desktop.domain.permissions import Action, allowed
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.screen_fit import resize_to_fit

#: Height the logo is rendered at from an SVG: crisp in a 11 mm PDF heading at 300 dpi.
SVG_RENDER_HEIGHT = 160
_PREVIEW = QSize(160, 48)


def svg_to_png(data: bytes, height: int = SVG_RENDER_HEIGHT) -> bytes | None:
    """Return an SVG drawing rendered as PNG bytes ``height`` pixels tall (None: unreadable)."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    if size.isEmpty():
        size = QSize(height, height)
    width = max(1, round(height * size.width() / max(size.height(), 1)))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return _png_bytes(image)


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def read_logo(path: Path) -> tuple[bytes | None, str]:
    """Return a chosen logo file as PNG bytes, or (None, why not) in the coordinator's words."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, f"The file could not be read: {error.strerror or error}"
    if len(data) > 4 * LOGO_MAX_BYTES:
        return None, "The picture is larger than 4 MB; save a smaller one."
    if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg "):
        png = svg_to_png(data)
        return (png, "") if png else (None, "This SVG file cannot be drawn; try a PNG.")
    image = QImage.fromData(data)
    if image.isNull():
        return None, "This file is not a picture; choose a PNG or SVG logo."
    # Saved again as PNG, so reports get one known format whatever the file was.
    if image.height() > 2 * SVG_RENDER_HEIGHT:
        image = image.scaledToHeight(
            2 * SVG_RENDER_HEIGHT, Qt.TransformationMode.SmoothTransformation
        )
    return _png_bytes(image), ""


class PartnershipDialog(QDialog):
    """The partnership's name, address, contacts, logo, payment details and marking line.

    Everyone may read it; only the coordinator may save (the others see it read-only).
    """

    def __init__(
        self, store: Store, notifier: ChangeNotifier | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self.setWindowTitle("Partnership details")
        current = read_partnership(store)
        # Handed back on save: someone else's save since is refused, saying who and when.
        self._version = partnership_version(store)
        self._logo: bytes | None = current.logo_png
        texts = form_texts(current)
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)

        self.name = QLineEdit(texts["name"], self)
        self.address = QPlainTextEdit(texts["address"], self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(72)
        self.address.setPlaceholderText("One line per line of the address")
        self.phone = QLineEdit(texts["phone"], self)
        self.email = QLineEdit(texts["email"], self)
        self.email.setPlaceholderText("office@partnership.org.uk")
        self.website = QLineEdit(texts["website"], self)
        self.coordinator = QLineEdit(texts["coordinator"], self)
        self.marking = QLineEdit(texts["marking"], self)
        self.marking.setToolTip("Printed at the top of every page and at the end of each footer.")
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedSize(_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_logo_button = QPushButton("Choose &logo...", self)
        self.remove_logo_button = QPushButton("&Remove logo", self)
        self.choose_logo_button.clicked.connect(self._on_choose_logo_button_clicked)
        self.remove_logo_button.clicked.connect(self._on_remove_logo_button_clicked)
        logo_row = QWidget(self)
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        logo_layout.addWidget(self.choose_logo_button)
        logo_layout.addWidget(self.remove_logo_button)
        logo_layout.addStretch(1)

        office = QGroupBox("The partnership (on every document and e-mail)", self)
        office_form = QFormLayout(office)
        self.errors.add_row(office_form, "name", "&Name", self.name)
        self.errors.add_row(office_form, "address", "&Address", self.address)
        self.errors.add_row(office_form, "phone", "&Phone", self.phone)
        self.errors.add_row(office_form, "email", "&E-mail", self.email)
        self.errors.add_row(office_form, "website", "&Web site", self.website)
        self.errors.add_row(office_form, "coordinator", "&Coordinator", self.coordinator)
        self.errors.add_row(office_form, "logo_png", "Logo", logo_row)
        self.errors.add_row(office_form, "marking", "&Marking line", self.marking)

        self.payee = QLineEdit(texts["payee"], self)
        self.sort_code = QLineEdit(texts["sort_code"], self)
        self.sort_code.setPlaceholderText("12-34-56")
        self.account_number = QLineEdit(texts["account_number"], self)
        self.account_number.setPlaceholderText("8 digits")
        self.remittance = QPlainTextEdit(texts["remittance"], self)
        self.remittance.setTabChangesFocus(True)
        self.remittance.setFixedHeight(72)
        self.remittance.setPlaceholderText("e.g. Please quote the statement number.")
        self.payment_terms_days = QLineEdit(texts["payment_terms_days"], self)
        self.payment_terms_days.setPlaceholderText("30")
        pay = QGroupBox("Statements: how schools pay", self)
        pay_form = QFormLayout(pay)
        self.errors.add_row(pay_form, "payee", "Pa&yable to", self.payee)
        self.errors.add_row(pay_form, "sort_code", "&Sort code", self.sort_code)
        self.errors.add_row(pay_form, "account_number", "Acc&ount number", self.account_number)
        self.errors.add_row(pay_form, "remittance", "Remi&ttance", self.remittance)
        self.errors.add_row(
            pay_form, "payment_terms_days", "Payment &terms (days)", self.payment_terms_days
        )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        for field in (self.payee, self.sort_code, self.account_number, self.remittance):
            field.setMinimumWidth(240)
        columns = QHBoxLayout()
        columns.addWidget(office, 3, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(pay, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._show_logo()
        self._apply_role()
        # Fits a 1366x768 laptop screen with room for the error lines under the fields.
        resize_to_fit(self, 1040, 440)

    def _apply_role(self) -> None:
        if allowed(current_user(self._store).role, Action.CHANGE_SETTINGS):
            return
        for field in self._text_fields().values():
            field.setReadOnly(True)
        for button in (self.save_button, self.choose_logo_button, self.remove_logo_button):
            button.setEnabled(False)
        self.message.setText("Only the coordinator can change these details.")
        self.message.setStyleSheet("")
        self.message.setVisible(True)

    def _text_fields(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "coordinator": self.coordinator,
            "payee": self.payee,
            "sort_code": self.sort_code,
            "account_number": self.account_number,
            "remittance": self.remittance,
            "payment_terms_days": self.payment_terms_days,
            "marking": self.marking,
        }

    def texts(self) -> dict[str, str]:
        """Return what is typed, field by field."""
        return {
            name: field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            for name, field in self._text_fields().items()
        }

    @property
    def logo_png(self) -> bytes | None:
        """The logo as it will be saved (PNG bytes), or None."""
        return self._logo

    def set_logo_file(self, path: Path) -> bool:
        """Take the logo from ``path`` (PNG or SVG); show why not beside the field on failure."""
        png, problem = read_logo(path)
        if png is None:
            self.errors.show({"logo_png": problem})
            return False
        box = self.errors.box("logo_png")
        if box is not None:
            box.clear_message()
        self._logo = png
        self._show_logo()
        return True

    def _show_logo(self) -> None:
        self.remove_logo_button.setEnabled(self._logo is not None)
        if not self._logo:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self._logo)
        self.logo_preview.setPixmap(
            pixmap.scaled(
                _PREVIEW,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _on_choose_logo_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the partnership's logo", "", "Pictures (*.png *.svg)"
        )
        if path:
            self.set_logo_file(Path(path))

    def _on_remove_logo_button_clicked(self) -> None:
        self._logo = None
        self._show_logo()

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Partnership details not saved",
            self._save,
            (Area.SETTINGS,),
            errors=self.errors,
        )

    def _save(self) -> Partnership:
        return save_partnership(
            self._store, partnership_from_form(self.texts(), self._logo), self._version
        )
