"""The partnership's people and the standing lists a new meeting copies."""

from __future__ import annotations

from datetime import date, time

import pytest

from slip_desktop.db import meetings, people
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.people import PersonInput
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind, UserRole
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.meetings import standing_invitees
from slip_desktop.domain.permissions import PermissionDenied

MONDAY = date(2026, 11, 9)


def _person(store: Store, name: str, role: str = "", organisation: str = "") -> int:
    return people.save_person(store, PersonInput(name, role, organisation, ""))


def test_a_person_needs_a_name_and_a_real_email_address(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        people.save_person(store, PersonInput("  ", email="not an address"))
    assert set(caught.value.errors) == {"name", "email"}


def test_people_are_listed_by_name_and_can_be_changed_and_removed(store: Store) -> None:
    nguyen = _person(store, "Nguyễn Thị Ánh", "Educational Psychologist", "LCC")
    oleg = _person(store, "Олег Петренко")
    people.save_person(store, PersonInput("Nguyễn Thị Ánh", "Senior EP", "LCC"), nguyen)
    assert [(p.name, p.role) for p in people.list_people(store)] == [
        ("Nguyễn Thị Ánh", "Senior EP"),
        ("Олег Петренко", ""),
    ]
    people.remove_person(store, oleg)
    assert [p.id for p in people.list_people(store)] == [nguyen]


def test_a_new_meeting_copies_the_stored_standing_list_in_its_order(store: Store) -> None:
    sofia = _person(store, "Σοφία Παπαδοπούλου", "Educational Psychologist", "LCC")
    zoe = _person(store, "Zoë O'Brien-Ćorić", "Deputy Partnership Coordinator", "SLIP")
    people.set_standing_list(store, MeetingKind.FORUM, [zoe, sofia])
    meeting = meetings.add_meeting(store, MeetingKind.FORUM, MONDAY, time(9, 30), time(11))
    rows = meetings.list_attendees(store, meeting)
    assert [(r.name, r.role) for r in rows] == [
        ("Zoë O'Brien-Ćorić", "Deputy Partnership Coordinator"),
        ("Σοφία Παπαδοπούλου", "Educational Psychologist"),
    ]
    # Per-meeting edits stay per meeting: the stored list is untouched.
    meetings.remove_attendee(store, rows[0].id)
    assert [p.id for p in people.standing_list(store, MeetingKind.FORUM)] == [zoe, sofia]


def test_without_a_stored_list_a_meeting_gets_the_role_only_defaults(store: Store) -> None:
    people.set_standing_list(store, MeetingKind.FORUM, [_person(store, "Helen Marsh")])
    core = meetings.add_meeting(store, MeetingKind.CORE, MONDAY, time(13, 30), None)
    roles = [r.role for r in meetings.list_attendees(store, core)]
    assert roles == [i.role for i in standing_invitees(MeetingKind.CORE)]


def test_a_removed_person_leaves_the_standing_list_but_not_past_meetings(store: Store) -> None:
    ana = _person(store, "Ana Lúcia Ferreira", "NHS Care Navigator", "NHS")
    people.set_standing_list(store, MeetingKind.CORE, [ana])
    meeting = meetings.add_meeting(store, MeetingKind.CORE, MONDAY, time(13, 30), None)
    people.remove_person(store, ana)
    assert people.standing_list(store, MeetingKind.CORE) == []
    assert [r.name for r in meetings.list_attendees(store, meeting)] == ["Ana Lúcia Ferreira"]


def test_a_person_is_on_a_standing_list_once(store: Store) -> None:
    ana = _person(store, "Ana Lúcia Ferreira")
    with pytest.raises(ValidationError):
        people.set_standing_list(store, MeetingKind.CORE, [ana, ana])


def test_only_the_coordinator_changes_people_and_lists(store: Store) -> None:
    ana = _person(store, "Ana Lúcia Ferreira")
    set_current_user(store, Identity(3, "staffer", "Sam", UserRole.STAFF))
    with pytest.raises(PermissionDenied):
        _person(store, "Someone Else")
    with pytest.raises(PermissionDenied):
        people.set_standing_list(store, MeetingKind.CORE, [ana])
    with pytest.raises(PermissionDenied):
        people.remove_person(store, ana)


def test_demo_standing_lists_name_invented_people(demo_store: Store) -> None:
    forum = people.standing_list(demo_store, MeetingKind.FORUM)
    assert len(forum) == 6 and all(p.name for p in forum)
    assert "Helen Marsh" in {p.name for p in people.standing_list(demo_store, MeetingKind.CORE)}
