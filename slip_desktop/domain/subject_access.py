"""What a subject access export holds: plain sections of rows, ready for PDF and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Section:
    """One kind of record held about the pupil, as text cells under column names."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    #: The database table the rows come from (checked against every table of pupil data).
    table: str = ""

    @property
    def file_stem(self) -> str:
        """Return a file name for this section's CSV (lower-case, underscores)."""
        return "".join(ch if ch.isalnum() else "_" for ch in self.name.lower()).strip("_")


@dataclass(frozen=True)
class PupilFile:
    """Everything held about one pupil, gathered for a subject access request."""

    pupil_id: int
    full_name: str
    date_of_birth: date
    school: str
    gathered_on: date
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, name: str) -> Section:
        """Return the section called ``name``."""
        return next(s for s in self.sections if s.name == name)
