"""What every job takes besides its inputs: a progress callable and a cancel flag."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told how far a job has got: ``done`` of ``total`` steps, and what it is doing."""

    def __call__(self, done: int, total: int, text: str = "") -> None:
        """Report progress (may raise :class:`Cancelled` when the user has asked to stop)."""


class CancelFlag(Protocol):
    """Set when the user asked the job to stop (``threading.Event`` is one)."""

    def is_set(self) -> bool:
        """True once the job should stop."""


class Cancelled(Exception):  # noqa: N818 - reads as 'raise Cancelled'
    """Raised inside a job when the user pressed Cancel; nothing after it is written."""


class NeverCancelled:
    """The cancel flag of a job run where nobody can cancel it (a script, a test)."""

    def is_set(self) -> bool:
        """Never set."""
        return False


def no_progress(done: int, total: int, text: str = "") -> None:
    """The progress callable of a job run with nobody watching."""


NEVER_CANCELLED = NeverCancelled()


def step(progress: Progress, cancel: CancelFlag, done: int, total: int, text: str = "") -> None:
    """Report ``done`` of ``total`` steps, first stopping the job if it was cancelled."""
    if cancel.is_set():
        raise Cancelled
    progress(done, total, text)
