"""The ``--console`` switch: the windowed program writes to the console it was started from.

One program ships, built windowed (no black window behind the office's). On Windows a
windowed program has no standard streams, so for support (``--self-test``, ``--version``,
error messages) ``--console`` attaches it to the parent console (the command prompt it was
typed into) and points stdout and stderr there. Elsewhere the streams already work.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

SWITCH = "--console"
_ATTACH_PARENT_PROCESS = -1


def wants_console(argv: Sequence[str]) -> bool:
    """Tell whether the command line asks for the console (read before argparse exits)."""
    return SWITCH in argv


def attach_parent_console() -> bool:
    """On Windows, attach to the parent's console and reopen stdout/stderr on it.

    Return True when the streams now reach a console; False elsewhere (where they already
    do) or when there is no parent console (started from Explorer).
    """
    if sys.platform != "win32":
        return False
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    if not kernel32.AttachConsole(_ATTACH_PARENT_PROCESS):
        return False
    # line buffering: each line shows as soon as it is printed, even if the program then fails
    sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - for the process' life
    sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    return True
