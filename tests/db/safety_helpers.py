"""Helpers shared by the data-safety tests: seed one pupil with an unmistakable surname."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slip_desktop.db.models import Pupil, School
from slip_desktop.db.store import Store

#: Never used by the demo data, so finding it in raw bytes means the data leaked.
SURNAME = "Quillfeatherstone"


def seed_pupil(store: Store, surname: str = SURNAME) -> None:
    """Add one school and one pupil called ``surname``."""
    with store.session() as session:
        school = School(name=f"Harbour Vale Academy {surname}"[:120], short_name="HVA")
        session.add(school)
        session.flush()
        session.add(
            Pupil(
                first_name="Tamsin",
                last_name=surname,
                date_of_birth=date(2013, 3, 14),
                year_group=8,
                school_id=school.id,
                notes=f"Notes about {surname}",
            )
        )


def raw_bytes(path: Path) -> bytes:
    """Return the bytes of ``path`` as a thief copying the folder would see them."""
    return path.read_bytes() if path.exists() else b""


def damage_a_page(path: Path) -> None:
    """Zero part of the sixth page, as a failing disk might: quick_check then complains."""
    with path.open("r+b") as handle:
        handle.seek(4096 * 5 + 64)
        handle.write(b"\x00" * 3000)
