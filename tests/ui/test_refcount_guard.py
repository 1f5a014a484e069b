"""Guards against PySide6 6.12.0's none_dealloc crash on CPython 3.11 (STACK-NOTES)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItemModel


def test_void_qt_calls_do_not_steal_references_to_none(qapp: object) -> None:
    obj = QObject()
    model = QStandardItemModel()
    before = sys.getrefcount(None)
    for i in range(1000):
        obj.setObjectName(f"n{i % 7}")
        model.setRowCount(i % 5)
    after = sys.getrefcount(None)
    # A leak-free binding leaves None's count where it was (allow for unrelated
    # interpreter noise upwards, never downwards).
    assert after >= before, f"None lost {before - after} references in 2,000 void Qt calls"
