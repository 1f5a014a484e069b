"""native_heap: a large buffer freed (Argon2's) no longer keeps later ones in the heap."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

#: Argon2's buffer freed, then thirty 1 MiB buffers made and freed with a small object
#: made after them (as the list's rows are): how much stays resident (MiB).
SCRIPT = textwrap.dedent(
    """
    import sys
    def resident_mib():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 // 2**20
    if sys.argv[1] == "fixed":
        from slip_desktop.native_heap import return_large_buffers
        assert return_large_buffers()
    argon2 = bytearray(20 * 2**20)
    del argon2
    before = resident_mib()
    buffers = [bytearray(2**20) for _ in range(30)]
    after_them = [bytearray(200) for _ in range(10)]
    del buffers
    print(resident_mib() - before)
    """
)


def _kept_mib(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's threshold")
def test_buffers_freed_after_a_large_one_go_back_to_the_system() -> None:
    assert _kept_mib("dynamic") >= 20  # glibc's own behaviour: what the fix is for
    assert _kept_mib("fixed") <= 2
