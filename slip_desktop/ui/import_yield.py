"""Workers hand the interpreter to the GUI thread between modules while start-up imports."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

#: How long a worker waits before importing each module (seconds).
YIELD_S = 0.001


class YieldToGuiThread:
    """A finder that finds nothing: on a worker it waits first, and the GUI thread runs.

    A worker importing (SQLAlchemy as the database finishes opening, the tabs' modules
    ahead of their first show) lets go of the interpreter at every file it stats and
    reads, and takes it back at once. The GUI thread, waiting for the interpreter, starts
    its wait again each time, so it waits out whole imports: Python's convoy effect
    (bpo-7946). In the 3 s after the referral list first appears the window stalled
    33-160 ms (longest per start, median 54 ms, 10 starts on the decade dataset); with
    this wait, 18-41 ms (median 30 ms). The wait may come inside an outer import whose
    lock the worker holds: the GUI thread importing that same module waits 1 ms more.
    """

    def __init__(self, gui_thread: int) -> None:
        self.gui_thread = gui_thread

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """Wait ``YIELD_S`` on a worker; find nothing (the next finders do the finding)."""
        if threading.get_ident() != self.gui_thread:
            time.sleep(YIELD_S)
        return None


def yield_imports_to_gui_thread() -> None:
    """From now on, workers wait before each module they import (the GUI thread: never).

    Called on the GUI thread once the window is on screen: before, the database opens
    on another thread while this one imports Qt, and neither should wait for the other.
    """
    if not yielding():
        sys.meta_path.insert(0, YieldToGuiThread(threading.get_ident()))


def stop_yielding() -> None:
    """Workers import at full speed again: start-up's imports ahead are done.

    Later, a tab's read imports a module now and then while the GUI thread may import
    the same one: in the stall walk with the wait kept on, the stalls' p95 was 36-51 ms
    against 32-36 ms without (4 walks each, alternated).
    """
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, YieldToGuiThread)]


def yielding() -> bool:
    """Return whether workers wait before their imports."""
    return any(isinstance(finder, YieldToGuiThread) for finder in sys.meta_path)
