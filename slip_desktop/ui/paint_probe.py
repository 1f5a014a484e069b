"""Report the moment a widget is first painted, then quit: how the benchmark times cold starts."""

from __future__ import annotations

import os
import resource
import sys
import time

from PySide6.QtWidgets import QApplication, QWidget

from slip_desktop.ui.first_paint import call_after_first_paint

#: Environment variable that turns the probe on for one run of the program: "window"
#: reports the first paint of the main window, "list" (or "1") that of the first tab.
ENV_VAR = "SLIP_DESKTOP_BENCH_PAINT"


def peak_memory_kib() -> int:
    """Return this process's peak resident memory in KiB.

    Linux's VmHWM belongs to the program now running; ru_maxrss survives exec, so a
    program started by a large parent would report the parent's peak instead.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _report() -> None:
    peak_kib = peak_memory_kib()
    print(f"PAINTED {time.time():.6f} {peak_kib}", flush=True)
    app = QApplication.instance()
    if app is not None:
        app.exit(0)


def exit_after_first_paint(target: QWidget) -> None:
    """Print ``PAINTED <epoch seconds> <peak KiB>`` at ``target``'s first paint, then quit."""
    call_after_first_paint(target, _report)


def probe_requested() -> str | None:
    """Return what this run should time ("window" or "list"), or None outside the benchmark."""
    value = os.environ.get(ENV_VAR, "")
    if not value or "pytest" in sys.modules:
        return None
    return "window" if value == "window" else "list"
