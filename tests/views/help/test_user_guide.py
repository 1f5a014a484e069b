"""The user guide: shipped in the package, a section per tab, opened with F1."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from slip_desktop import guide
from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.views import TABS
from slip_desktop.views.help.guide_window import GuideWindow

ROOT = Path(__file__).resolve().parents[3]


def test_every_tab_has_a_section_with_its_picture_in_the_guide() -> None:
    text = guide.markdown()
    titles = [title for _level, title in guide.headings(text)]
    for folder, _class_name in TABS:
        tab_title = importlib.import_module(f"slip_desktop.views.{folder}").TITLE
        assert f"{tab_title} tab" in titles, f"the guide has no section on the {tab_title} tab"
        assert folder in guide.shots(text), f"the {tab_title} tab's section has no picture"


def test_the_guide_covers_the_offices_jobs() -> None:
    titles = " | ".join(title for _level, title in guide.headings(guide.markdown())).lower()
    for job in (
        "setting up",
        "forum",
        "core meeting decision",
        "register",
        "statements",
        "backups and the passphrase",
        "laptop is lost",
    ):
        assert job in titles, job


def test_the_guide_ships_with_the_package_and_the_frozen_build() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = project["tool"]["setuptools"]["package-data"]
    assert package_data["slip_desktop.guide"] == ["*.md"]
    spec = (ROOT / "slip_desktop.spec").read_text(encoding="utf-8")
    assert '"slip_desktop/guide"' in spec and 'glob("*.md")' in spec
    assert len(guide.page_names()) >= 8


def test_f1_opens_the_guide_with_its_headings_and_the_tabs_pictures(
    qtbot: QtBot, store: Store
) -> None:
    window = build_window(store)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(GuideWindow) is not None, timeout=20000)
    shown = window.findChild(GuideWindow)
    assert shown is not None and shown.isVisible()
    assert "Setting up the office" in shown.heading_titles()
    assert "A day's register" in shown.browser.toPlainText()
    picture = shown.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("shot:referrals")
    )
    assert picture is not None and not picture.isNull()
    # The contents take the reader to a section.
    row = shown.heading_titles().index("If the laptop is lost or stolen")
    shown.contents.setCurrentRow(row)
    cursor = shown.browser.textCursor()
    assert cursor.block().text() == "If the laptop is lost or stolen"
    # Pressing F1 again shows the same window, not a second one.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_F1)
    assert len(window.findChildren(GuideWindow)) == 1
    assert window.tabs.currentIndex() == 0  # taking the pictures left the tab shown


def test_the_help_menu_lists_the_guide_and_getting_started(qtbot: QtBot, store: Store) -> None:
    window = build_window(store)
    qtbot.addWidget(window)
    texts = [a.text() for a in window.help_menu.actions()]
    assert texts[:2] == ["&User guide", "Getting &started..."]
    assert "&About SLIP Desktop" in texts


def test_without_pictures_the_guide_leaves_their_places_out(qtbot: QtBot) -> None:
    shown = GuideWindow(None)
    qtbot.addWidget(shown)
    assert "Impact tab" in shown.heading_titles()
    assert "shot:" not in shown.browser.toMarkdown()
    assert shown.show_section("A term's statements")
    assert not shown.show_section("No such section")
