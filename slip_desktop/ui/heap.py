"""Keep Python's full garbage collections short: what the window holds is frozen out of them."""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Move every object alive now (the window, its tabs, their rows) out of the collector's walk.

    A full collection walks every tracked object and stops every thread while it does:
    with ten years of records on screen each took hundreds of milliseconds, triggered
    by any allocation-heavy work, a background read's included, and froze the window.
    Frozen objects are never walked (nor freed if they became cyclic garbage: what the
    window built once lives as long as it does anyway). Cheap: it only moves lists.
    """
    gc.freeze()
