"""Register marks with the DfE codes from August 2024: stored, counted, old marks read."""

from __future__ import annotations

from datetime import date

from slip_desktop.db.attendance import attendance, describe_absences, register, save_register
from slip_desktop.db.models import AttendanceMark
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import PlacementStatus, Programme, Session
from tests.roster_fixtures import add_placement, add_pupil, add_school

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def _placed(store: Store) -> int:
    school = add_school(store, "Ashgrove Community College")
    pupil = add_pupil(store, school, "Σοφία", "Παπαδοπούλου", 10)
    return add_placement(
        store,
        pupil,
        Programme.PATHWAY_1,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )


def test_a_c1_mark_is_stored_and_counted_as_authorised_absence(store: Store) -> None:
    placement = _placed(store)
    marks = {(placement, Session.AM): "c1", (placement, Session.PM): "/"}
    assert save_register(store, MONDAY, marks) == 2
    assert register(store, Centre.WIGSTON, MONDAY)[0].am == "C1"
    (line,) = attendance(store, MONDAY, MONDAY)
    assert (line.tally.possible, line.tally.attended, line.tally.authorised) == (2, 1, 1)
    assert line.tally.unauthorised == 0
    assert "C1 (Leave: regulated performance" in describe_absences(line)


def test_y_codes_are_not_possible_sessions(store: Store) -> None:
    placement = _placed(store)
    save_register(store, MONDAY, {(placement, Session.AM): "Y2", (placement, Session.PM): "Y7"})
    (line,) = attendance(store, MONDAY, MONDAY)
    assert (line.tally.possible, line.tally.not_counted, line.tally.percentage) == (0, 2, None)


def test_an_old_one_letter_mark_still_reads(store: Store) -> None:
    placement = _placed(store)
    # Stored before August 2024, when "Y" was one code for every exceptional circumstance.
    with store.session() as session:
        session.add(
            AttendanceMark(placement_id=placement, day=MONDAY, session=Session.AM, code="Y")
        )
        session.add(
            AttendanceMark(placement_id=placement, day=MONDAY, session=Session.PM, code="I")
        )
    assert register(store, Centre.WIGSTON, MONDAY)[0].am == "Y"
    (line,) = attendance(store, MONDAY, MONDAY)
    assert (line.tally.possible, line.tally.authorised, line.tally.not_counted) == (1, 1, 1)
    # Saving the register again with the old mark untouched leaves it as it was.
    save_register(store, TUESDAY, {(placement, Session.AM): "/"})
    assert register(store, Centre.WIGSTON, MONDAY)[0].am == "Y"


def test_a_register_holding_an_old_mark_can_be_saved_again(store: Store) -> None:
    placement = _placed(store)
    with store.session() as session:
        session.add(
            AttendanceMark(placement_id=placement, day=MONDAY, session=Session.AM, code="Y")
        )
    marks = {(placement, Session.AM): "Y", (placement, Session.PM): "/"}
    assert save_register(store, MONDAY, marks) == 2
    line = register(store, Centre.WIGSTON, MONDAY)[0]
    assert (line.am, line.pm) == ("Y", "/")
