"""Start the program and report the moment a widget is first painted, then quit.

How the benchmark times cold starts, from outside the program:

    python -m bench.probe window|list|settle --db FILE

``window`` reports the first paint of the (empty) main window, ``list`` that of the first
tab's records. The line printed is ``PAINTED <epoch seconds> <peak KiB>``. ``settle``
watches the window for :data:`SETTLE_S` seconds from the list's first paint (the start's
last stages run then, and the coordinator may already click) and prints every stall of
the GUI thread over 16 ms as ``STALLS <JSON list of milliseconds>``. The program
is started through its ``StartHooks``: no sign-in (no one is there to type) and no
automatic backup, as a timed run needs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

# Qt is imported only once the program has begun opening its file, as the program itself
# does: importing it here first would time a slower start than the coordinator's.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: What can be timed: the window's first paint, that of the first tab's records, or the
#: stalls of the seconds after it.
STAGES = ("window", "list", "settle")
#: How long ``settle`` watches after the list's first paint.
SETTLE_S = 3.0
#: A probe still running after this long prints every thread's stack and exits.
HANG_S = 90.0


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
    from PySide6.QtWidgets import QApplication

    peak_kib = peak_memory_kib()
    print(f"PAINTED {time.time():.6f} {peak_kib}", flush=True)
    app = QApplication.instance()
    if app is not None:
        app.exit(0)


def exit_after_first_paint(target: QWidget) -> None:
    """Print ``PAINTED <epoch seconds> <peak KiB>`` at ``target``'s first paint, then quit."""
    from slip_desktop.ui.first_paint import call_after_first_paint

    call_after_first_paint(target, _report)


def watch_after_first_paint(target: QWidget, seconds: float = SETTLE_S) -> None:
    """From ``target``'s first paint, note the GUI thread's stalls for ``seconds``, then quit.

    Prints ``STALLS <JSON list of milliseconds>`` (``ui/stall_watch.py``: over 16 ms).
    """
    from slip_desktop.ui.first_paint import call_after_first_paint

    def begin() -> None:
        import json

        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from slip_desktop.ui.stall_watch import StallWatch

        app = QApplication.instance()
        watch = StallWatch(parent=app)
        watch.start()

        def report() -> None:
            watch.stop()
            stalls = [round(stall.milliseconds, 1) for stall in watch.stalls]
            print(f"STALLS {json.dumps(stalls)}", flush=True)
            if app is not None:
                app.exit(0)

        QTimer.singleShot(int(seconds * 1000), report)

    call_after_first_paint(target, begin)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the program on ``--db`` and quit at the first paint of the stage asked for."""
    parser = argparse.ArgumentParser(prog="python -m bench.probe", description=__doc__)
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument(
        "--db",
        required=True,
        help="the database file (its passphrase is in SLIP_DESKTOP_PASSPHRASE)",
    )
    args = parser.parse_args(argv)
    import faulthandler

    # A start that never reports is a hang to explain: every thread's stack, before the
    # benchmark's own timeout (120 s) would kill it with nothing said.
    faulthandler.dump_traceback_later(HANG_S, exit=True)

    from slip_desktop import app
    from slip_desktop.ui.running import StartHooks

    app.configure_logging()
    watch = exit_after_first_paint
    hooks = StartHooks(
        on_window=watch if args.stage == "window" else None,
        on_first_list={"list": watch, "settle": watch_after_first_paint}.get(args.stage),
        sign_in=False,
        auto_backup=False,
    )
    return app.start(args.db, False, hooks)


if __name__ == "__main__":
    sys.exit(main())
