"""A busy database never freezes the window: the save is refused quickly, saying so."""

from __future__ import annotations

import time
from unittest.mock import patch

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.db.models import School
from slip_desktop.db.store import BUSY_TIMEOUT_MS, Store
from slip_desktop.ui.operations import perform


def test_a_save_while_another_program_holds_the_write_lock_says_the_database_is_busy(
    qtbot: QtBot, store: Store
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def save() -> None:
        with store.session() as session:
            session.add(School(name="Harbour Vale Academy", short_name="HVA"))

    holder = store.new_connection()
    holder.execute("BEGIN IMMEDIATE")  # a second connection holding the write lock
    started = time.perf_counter()
    try:
        with patch.object(QMessageBox, "warning") as warned:
            done, _result = perform(parent, None, "Save the school", save)
    finally:
        holder.rollback()
        holder.close()
    waited = time.perf_counter() - started
    assert not done
    assert "The database is busy" in warned.call_args.args[2]
    assert "try again" in warned.call_args.args[2]
    assert waited < BUSY_TIMEOUT_MS / 1000 + 1.5  # not the 5 s freeze of before
    done, _result = perform(parent, None, "Save the school", save)
    assert done  # once the lock is gone the same save goes through
