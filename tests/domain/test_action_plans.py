from __future__ import annotations

from datetime import date, time

import pytest

from slip_desktop.domain.action_plans import (
    ActionDraft,
    PlanDraft,
    default_review_date,
    join_services,
    split_services,
    validate_plan,
    validate_review,
)
from slip_desktop.domain.enums import MeetingKind, MeetingStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.meetings import (
    DEFAULT_CASES_PER_MEETING,
    FORUM_INVITEES,
    case_slots,
    check_room,
    reordered,
    standing_invitees,
    validate_meeting,
)

MEETING = date(2026, 11, 10)


def test_plan_review_date_defaults_to_six_weeks_after_the_meeting() -> None:
    assert default_review_date(MEETING) == date(2026, 12, 22)


def test_plan_needs_a_summary_and_a_later_review() -> None:
    draft = PlanDraft("", "", "", "", MEETING, (ActionDraft(" "),))
    with pytest.raises(ValidationError) as caught:
        validate_plan(draft, MEETING)
    assert set(caught.value.errors) == {"discussion_summary", "review_due", "actions"}
    validate_plan(PlanDraft("Discussed.", "", "", "", date(2026, 12, 22)), MEETING)


def test_review_needs_date_and_notes_not_before_sending() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_review(date(2026, 11, 1), "", date(2026, 11, 12))
    assert set(caught.value.errors) == {"reviewed_on", "review_notes"}
    validate_review(date(2026, 12, 22), "Better.", date(2026, 11, 12))


def test_services_round_trip_known_and_other() -> None:
    picked, other = split_services("CFWS; ep; Young carers")
    assert picked == ["CFWS", "EP"] and other == "Young carers"
    assert join_services(picked, other) == "CFWS; EP; Young carers"


def test_forum_standing_invite_list_follows_brief() -> None:
    roles = " ".join(i.role for i in standing_invitees(MeetingKind.FORUM))
    for expected in (
        "Deputy Partnership Coordinator",
        "Educational Psychologist",
        "NHS Care Navigator",
        "Inclusion Team",
        "AOT",
        "SENA",
    ):
        assert expected in roles
    assert standing_invitees(MeetingKind.FORUM) == FORUM_INVITEES


def test_forum_takes_six_cases_unless_configured() -> None:
    assert DEFAULT_CASES_PER_MEETING == 6
    check_room(MeetingKind.FORUM, MeetingStatus.PLANNED, 5, 6)
    with pytest.raises(RuleError):
        check_room(MeetingKind.FORUM, MeetingStatus.PLANNED, 6, 6)
    with pytest.raises(RuleError):
        check_room(MeetingKind.FORUM, MeetingStatus.CANCELLED, 0, 6)


def test_single_meeting_checks() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_meeting(date(2026, 11, 14), time(10), time(9), "teams link", 0)
    assert set(caught.value.errors) == {"meets_on", "ends_at", "link", "capacity"}


def test_reorder_and_slots() -> None:
    assert reordered([1, 2, 3, 4], 4, 0) == [4, 1, 2, 3]
    assert reordered([1, 2, 3, 4], 1, 9) == [2, 3, 4, 1]
    assert case_slots(time(9, 30), time(11, 30), 6)[:2] == ["09:30-09:50", "09:50-10:10"]


def test_plan_file_names_carry_the_case_reference_never_the_name_alone() -> None:
    from datetime import date

    from slip_desktop.domain.action_plans import PlanDocument

    def doc(referral_id: int, reference: str, anonymous: bool = False) -> PlanDocument:
        return PlanDocument(
            referral_id=referral_id,
            anonymous=anonymous,
            case_reference=reference,
            pupil_name="Nguyễn Thị Ánh",
            upn="",
            date_of_birth=None,
            year_group=9,
            school="Oadby Brook Academy",
            school_contact="",
            school_email="",
            meeting_title="Inclusion Forum",
            meeting_on=date(2026, 11, 10),
            discussion_summary="",
            advice="",
            services_signposted="",
            send_guidance="",
            review_due=None,
            actions=(),
        )

    first, second = doc(5, "R5"), doc(6, "R6")
    assert first.file_stem != second.file_stem
    assert "R5" in first.file_stem and "R6" in second.file_stem
    hidden = doc(7, "SLIP-2026-004", anonymous=True)
    assert "Nguy" not in hidden.file_stem and "SLIP-2026-004" in hidden.file_stem
