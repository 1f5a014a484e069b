"""Year groups are worked out from the date of birth; a stored one is an override with a warning."""

from __future__ import annotations

from datetime import date, timedelta

from slip_desktop.db.models import Pupil
from slip_desktop.db.pupils import get_pupil, list_pupils, save_pupil
from slip_desktop.db.store import Store
from slip_desktop.domain.pupils import PupilInput
from slip_desktop.domain.school_year import effective_year_group, year_group_for
from tests.roster_fixtures import add_school

AUTUMN_2025, AUTUMN_2026 = date(2025, 10, 1), date(2026, 10, 1)


def test_lists_work_the_year_group_out_from_the_date_of_birth(store: Store) -> None:
    school = add_school(store)
    # Both sides of 1 September, leap days and every month: the SQL rule is the domain's.
    births = [date(2010, 8, 31), date(2010, 9, 1), date(2012, 2, 29), date(2013, 12, 31)]
    births += [date(2011, 1, 1) + timedelta(days=29 * n) for n in range(20)]
    with store.session() as session:
        for n, born in enumerate(births):
            session.add(
                Pupil(
                    first_name=f"Ama{n}",
                    last_name="Owusu",
                    date_of_birth=born,
                    year_group=7,  # stored with no year: the date of birth decides
                    school_id=school,
                )
            )
    for on in (AUTUMN_2025, AUTUMN_2026, date(2027, 8, 31)):
        year = on.year if on.month >= 9 else on.year - 1
        shown = {p.date_of_birth: p.year_group for p in list_pupils(store, on)}
        assert shown == {born: year_group_for(born, year) for born in births}


def test_a_stored_override_that_disagrees_shows_a_warning(store: Store) -> None:
    school = add_school(store)
    # Born in the Year 10 cohort of 2025-26, taught with Year 9 (out of cohort).
    data = PupilInput("Σοφία", "Παπαδοπούλου", "", date(2011, 2, 14), 9, school)
    pupil = save_pupil(store, data, AUTUMN_2025)
    assert pupil.year_group == 9
    assert pupil.year_group_warning is not None
    assert "Year 10" in pupil.year_group_warning and "override" in pupil.year_group_warning
    # The override moves up with the pupil's class, and still warns.
    next_year = get_pupil(store, pupil.id, AUTUMN_2026)
    assert next_year.year_group == 10
    assert next_year.year_group_warning is not None
    assert {p.id: p.year_group for p in list_pupils(store, AUTUMN_2026)}[pupil.id] == 10


def test_a_year_group_that_agrees_with_the_date_of_birth_shows_no_warning(store: Store) -> None:
    school = add_school(store)
    data = PupilInput("Олег", "Петренко", "", date(2011, 2, 14), 10, school)
    pupil = save_pupil(store, data, AUTUMN_2025)
    assert pupil.year_group_warning is None
    assert get_pupil(store, pupil.id, AUTUMN_2026).year_group == 11


def test_the_override_rule_follows_the_cohort() -> None:
    born = date(2012, 1, 15)
    assert effective_year_group(born, None, None, 2026) == 10
    assert effective_year_group(born, 9, 2025, 2026) == 10
    assert effective_year_group(born, 8, 2025, 2026) == 9
