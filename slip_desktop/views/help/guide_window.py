"""Help → User guide (F1): the guide shipped in the package, with the tabs as they look now."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from slip_desktop import guide
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.screen_fit import resize_to_fit
from slip_desktop.views import TABS

#: How wide a tab's picture is shown in the guide (pixels).
SHOT_WIDTH = 760

#: Renders the main window showing each tab, in the order of ``views.TABS``.
TabShots = Callable[[], Sequence[QImage]]


class GuideWindow(QDialog):
    """The user guide: contents on the left, the text with pictures on the right.

    Not modal, so the coordinator can follow the steps in the main window beside it.
    The pictures are rendered from the program itself when the guide first opens,
    so they always show the version in use (and this office's own records).
    """

    def __init__(self, tab_shots: TabShots | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SLIP Desktop user guide")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        resize_to_fit(self, 1120, 760)
        self.contents = QListWidget(self)
        name_list(self.contents, "Guide contents")
        self.contents.setMaximumWidth(300)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.contents.currentRowChanged.connect(self._on_contents_current_row_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._tab_shots = tab_shots
        self.text = guide.markdown()
        self._load(self.text)

    def _load(self, text: str) -> None:
        images = list(self._tab_shots()) if self._tab_shots is not None else []
        folders = [folder for folder, _name in TABS]
        if len(images) < len(folders):
            # No pictures (e.g. before a database is open): leave the captions out too.
            text = guide.SHOT.sub("", text)
        self.browser.setMarkdown(text)
        # After setMarkdown, which clears the document's resources.
        document = self.browser.document()
        for folder, image in zip(folders, images, strict=False):
            scaled = image.scaledToWidth(SHOT_WIDTH, Qt.TransformationMode.SmoothTransformation)
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(f"shot:{folder}"), scaled
            )
        document.markContentsDirty(0, document.characterCount())
        self.contents.clear()
        for level, title in guide.headings(text):
            item = QListWidgetItem(("    " * max(0, level - 2)) + title)
            item.setData(Qt.ItemDataRole.UserRole, title)
            self.contents.addItem(item)

    def heading_titles(self) -> list[str]:
        """Return the headings listed in the contents."""
        return [
            str(self.contents.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.contents.count())
        ]

    def show_section(self, title: str) -> bool:
        """Scroll to the heading ``title``; return False when there is none."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.text().strip() == title:
                cursor = self.browser.textCursor()
                cursor.setPosition(block.position())
                self.browser.setTextCursor(cursor)
                # Bring the heading to the top, not merely into view.
                bar = self.browser.verticalScrollBar()
                bar.setValue(bar.maximum())
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def _on_contents_current_row_changed(self, row: int) -> None:
        item = self.contents.item(row)
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))
