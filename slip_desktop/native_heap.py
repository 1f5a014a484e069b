"""The C library's heap: large freed buffers go back to the operating system at once."""

from __future__ import annotations

import ctypes
import functools
import sys

#: glibc's ``mallopt`` parameter numbers (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: glibc's own default, kept fixed: buffers above it are mapped apart and unmapped when freed.
LARGE_BUFFER = 128 * 1024


@functools.cache
def return_large_buffers() -> bool:
    """Keep glibc from holding large freed buffers in the heap; False where there is no glibc.

    glibc raises its mmap threshold to the size of each large buffer freed, up to 32 MiB.
    Argon2's 19 MiB (the key slot's derivation, at every start) lifted it so far that the
    buffers allocated after it (SQLite's, the list's) stayed in the heap for the whole
    session. Fixed at glibc's default, they are returned as they are freed: the start's
    peak measured 1.3 MiB lower on the decade dataset (2 MiB when set before Python
    starts, by the variable ``MALLOC_MMAP_THRESHOLD_``). Set once, before the first
    derivation (``db/key_slots.py``).
    """
    if not sys.platform.startswith("linux"):
        return False  # Windows' and macOS' allocators keep no such threshold
    try:
        # The C library Python itself runs on (ctypes.util.find_library cost 8 ms).
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return False  # musl or another C library: nothing to set
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, LARGE_BUFFER))
    return bool(mallopt(M_TRIM_THRESHOLD, 2 * LARGE_BUFFER)) and done
