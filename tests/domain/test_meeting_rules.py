"""Meeting rules: invitation lists, one meeting's fields, agenda room, purpose, order and slots."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.meetings import (
    CORE_INVITEES,
    DEFAULT_CASES_PER_MEETING,
    FORUM_INVITEES,
    Invitee,
    MeetingInfo,
    case_slots,
    check_room,
    purpose_for,
    reordered,
    standing_invitees,
    validate_meeting,
)

FRIDAY = date(2026, 11, 13)
SATURDAY = date(2026, 11, 14)
SUNDAY = date(2026, 11, 15)
MONDAY = date(2026, 11, 16)
TEAMS = "https://teams.microsoft.com/l/meetup-join/abc"


def errors_of(**fields: object) -> dict[str, str]:
    """Return the field -> message map validate_meeting raises (empty when accepted)."""
    values: dict[str, object] = {
        "meets_on": MONDAY,
        "starts_at": time(9, 30),
        "ends_at": time(11, 0),
        "link": TEAMS,
        "capacity": DEFAULT_CASES_PER_MEETING,
    }
    values.update(fields)
    try:
        validate_meeting(**values)  # type: ignore[arg-type]
    except ValidationError as error:
        return error.errors
    return {}


def test_a_forum_invites_the_six_usual_partners() -> None:
    assert standing_invitees(MeetingKind.FORUM) == FORUM_INVITEES
    assert [i.role for i in FORUM_INVITEES] == [
        "Deputy Partnership Coordinator",
        "Educational Psychologist",
        "NHS Care Navigator",
        "Inclusion Team representative",
        "Autism Outreach Team (AOT)",
        "Special Educational Needs Assessment (SENA)",
    ]
    assert FORUM_INVITEES[1].organisation == "LCC Educational Psychology Service"
    assert all(i.name == "" for i in FORUM_INVITEES)


def test_a_core_meeting_invites_the_coordinators_and_a_headteacher() -> None:
    assert standing_invitees(MeetingKind.CORE) == CORE_INVITEES
    assert (
        Invitee("Partnership Coordinator", "SLIP"),
        Invitee("Deputy Partnership Coordinator", "SLIP"),
        Invitee("Headteacher representative", "Partner schools"),
    ) == CORE_INVITEES


def test_a_forum_takes_six_cases_unless_the_office_says_otherwise() -> None:
    assert DEFAULT_CASES_PER_MEETING == 6


def test_a_whole_valid_meeting_is_accepted() -> None:
    assert errors_of() == {}


def test_a_meeting_needs_a_date() -> None:
    assert errors_of(meets_on=None) == {"meets_on": "Choose the meeting's date."}


@pytest.mark.parametrize("day", [SATURDAY, SUNDAY])
def test_a_meeting_is_never_at_the_weekend(day: date) -> None:
    assert errors_of(meets_on=day) == {
        "meets_on": "Meetings are held on school days; choose Monday to Friday."
    }


@pytest.mark.parametrize("day", [FRIDAY, MONDAY])
def test_a_meeting_on_friday_or_monday_is_accepted(day: date) -> None:
    assert errors_of(meets_on=day) == {}


def test_a_meeting_needs_a_start_time() -> None:
    assert errors_of(starts_at=None) == {"starts_at": "Give the start time."}


def test_a_meeting_with_no_start_and_an_end_says_only_the_start_is_missing() -> None:
    assert errors_of(starts_at=None, ends_at=time(8, 0)) == {"starts_at": "Give the start time."}


def test_a_meeting_ending_when_it_starts_is_refused() -> None:
    assert errors_of(starts_at=time(10, 0), ends_at=time(10, 0)) == {
        "ends_at": "The meeting must end after it starts."
    }


def test_a_meeting_ending_before_it_starts_is_refused() -> None:
    assert errors_of(starts_at=time(10, 0), ends_at=time(9, 59))["ends_at"] == (
        "The meeting must end after it starts."
    )


def test_a_meeting_ending_a_minute_after_it_starts_is_accepted() -> None:
    assert errors_of(starts_at=time(10, 0), ends_at=time(10, 1)) == {}


def test_a_meeting_without_an_end_time_is_accepted() -> None:
    assert errors_of(ends_at=None) == {}


@pytest.mark.parametrize(
    "link",
    ["", "   ", TEAMS, "http://example.org/meet", "HTTPS://TEAMS.MICROSOFT.COM/x", "  https://x  "],
)
def test_a_meeting_link_is_empty_or_a_whole_web_address(link: str) -> None:
    assert errors_of(link=link) == {}


@pytest.mark.parametrize("link", ["teams.microsoft.com/l/x", "ftp://x", "www.example.org"])
def test_a_meeting_link_without_https_is_refused(link: str) -> None:
    assert errors_of(link=link) == {"link": "Paste the whole Teams link, starting with https://."}


@pytest.mark.parametrize("capacity", [1, 20])
def test_a_meeting_takes_one_to_twenty_cases(capacity: int) -> None:
    assert errors_of(capacity=capacity) == {}


@pytest.mark.parametrize("capacity", [0, 21, -1])
def test_a_meeting_outside_one_to_twenty_cases_is_refused(capacity: int) -> None:
    assert errors_of(capacity=capacity) == {"capacity": "A meeting takes between 1 and 20 cases."}


def test_every_wrong_field_of_a_meeting_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_meeting(SATURDAY, time(10, 0), time(9, 0), "teams", 0)
    assert list(caught.value.errors) == ["meets_on", "ends_at", "link", "capacity"]
    assert caught.value.field == "meets_on"


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    start=st.integers(0, 22 * 60),
    length=st.integers(-120, 240),
    capacity=st.integers(-5, 30),
)
def test_a_meeting_is_accepted_exactly_when_each_field_keeps_its_rule(
    day: date, start: int, length: int, capacity: int
) -> None:
    end = max(0, min(start + length, 23 * 60 + 59))
    starts_at, ends_at = time(start // 60, start % 60), time(end // 60, end % 60)
    found = errors_of(meets_on=day, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    expected = set()
    if day.weekday() >= 5:
        expected.add("meets_on")
    if ends_at <= starts_at:
        expected.add("ends_at")
    if not 1 <= capacity <= 20:
        expected.add("capacity")
    assert set(found) == expected


def test_a_case_fits_while_the_agenda_has_room() -> None:
    check_room(MeetingKind.FORUM, MeetingStatus.PLANNED, 5, 6)
    check_room(MeetingKind.CORE, MeetingStatus.HELD, 0, 1)


def test_a_full_agenda_takes_no_more_cases() -> None:
    with pytest.raises(RuleError) as caught:
        check_room(MeetingKind.FORUM, MeetingStatus.PLANNED, 6, 6)
    assert caught.value.field == "meeting"
    assert caught.value.message == (
        "This Inclusion Forum already has 6 of 6 cases. "
        "Choose the next meeting with room, or raise its number of cases."
    )


def test_an_agenda_over_its_number_takes_no_more_cases() -> None:
    with pytest.raises(RuleError, match="This Core Meeting already has 7 of 6 cases"):
        check_room(MeetingKind.CORE, MeetingStatus.PLANNED, 7, 6)


def test_a_cancelled_meeting_takes_no_cases_even_with_room() -> None:
    with pytest.raises(RuleError) as caught:
        check_room(MeetingKind.FORUM, MeetingStatus.CANCELLED, 0, 6)
    assert caught.value.field == "meeting"
    assert caught.value.message == "This meeting is cancelled; choose another date for the case."


def test_a_core_meeting_case_is_a_core_case() -> None:
    assert purpose_for(MeetingKind.CORE, plan_due_for_review=True) is AgendaPurpose.CORE_CASE
    assert purpose_for(MeetingKind.CORE, plan_due_for_review=False) is AgendaPurpose.CORE_CASE


def test_a_forum_case_is_a_plan_review_when_its_plan_is_due() -> None:
    assert purpose_for(MeetingKind.FORUM, plan_due_for_review=True) is AgendaPurpose.PLAN_REVIEW


def test_a_forum_case_is_new_when_no_plan_is_due() -> None:
    assert purpose_for(MeetingKind.FORUM, plan_due_for_review=False) is AgendaPurpose.NEW_CASE


@pytest.mark.parametrize(
    ("to_position", "expected"),
    [(0, [3, 1, 2, 4]), (1, [1, 3, 2, 4]), (2, [1, 2, 3, 4]), (3, [1, 2, 4, 3])],
)
def test_a_case_moves_to_the_chosen_place_on_the_agenda(
    to_position: int, expected: list[int]
) -> None:
    assert reordered([1, 2, 3, 4], 3, to_position) == expected


def test_a_case_moved_past_either_end_stops_at_that_end() -> None:
    assert reordered([1, 2, 3, 4], 2, -3) == [2, 1, 3, 4]
    assert reordered([1, 2, 3, 4], 2, 99) == [1, 3, 4, 2]


def test_only_a_case_on_the_agenda_can_be_moved() -> None:
    with pytest.raises(ValueError, match="^9 is not on the agenda$"):
        reordered([1, 2], 9, 0)


def test_a_meeting_title_names_the_kind_and_the_whole_date() -> None:
    meeting = MeetingInfo(
        1,
        "uid",
        MeetingKind.FORUM,
        date(2026, 11, 10),
        time(9, 30),
        None,
        MeetingStatus.PLANNED,
        "",
        "",
        6,
        "",
    )
    assert meeting.title == "Inclusion Forum, Tuesday 10 November 2026"


def test_the_cases_share_the_meeting_evenly() -> None:
    assert case_slots(time(9, 0), time(10, 0), 3) == [
        "09:00-09:20",
        "09:20-09:40",
        "09:40-10:00",
    ]


def test_uneven_minutes_round_each_slot_down() -> None:
    assert case_slots(time(13, 5), time(14, 0), 2) == ["13:05-13:32", "13:32-13:59"]


def test_a_meeting_without_an_end_gives_each_case_twenty_minutes() -> None:
    assert case_slots(time(9, 50), None, 3) == ["09:50-10:10", "10:10-10:30", "10:30-10:50"]


def test_an_empty_agenda_has_no_slots() -> None:
    assert case_slots(time(9, 0), time(10, 0), 0) == []
    assert case_slots(time(9, 0), None, 0) == []


def test_a_single_case_takes_the_whole_meeting() -> None:
    assert case_slots(time(9, 0), time(9, 45), 1) == ["09:00-09:45"]


def test_a_single_case_without_an_end_takes_twenty_minutes() -> None:
    assert case_slots(time(9, 0), None, 1) == ["09:00-09:20"]
