"""A progress recorder and a cancel flag that trips after a number of steps, for job tests."""

from __future__ import annotations

import threading


class Recorder:
    """Records every progress report; sets ``cancel`` once ``stop_after`` reports were made."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.cancel = threading.Event()
        self._stop_after = stop_after

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))
        if self._stop_after is not None and len(self.reports) >= self._stop_after:
            self.cancel.set()
