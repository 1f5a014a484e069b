"""Action plans: services lists, the six-week review, what a plan and a review need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from slip_desktop.domain.action_plans import (
    REVIEW_AFTER,
    SERVICES,
    ActionDraft,
    PlanDocument,
    PlanDraft,
    default_review_date,
    join_services,
    split_services,
    validate_plan,
    validate_review,
)
from slip_desktop.domain.errors import ValidationError

MET = date(2026, 11, 10)
PLAN = PlanDraft(
    discussion_summary="Anxiety on arrival; timetable adjustments agreed.",
    advice="Meet and greet each morning.",
    services_signposted="EP; CAMHS",
    send_guidance="",
    review_due=MET + REVIEW_AFTER,
    actions=(ActionDraft("Meet and greet", "Form tutor", MET),),
)


def plan_errors(draft: PlanDraft) -> dict[str, str]:
    """Return the field -> message map validate_plan raises (empty when accepted)."""
    try:
        validate_plan(draft, MET)
    except ValidationError as error:
        return error.errors
    return {}


def review_errors(reviewed_on: date | None, notes: str, sent_on: date | None) -> dict[str, str]:
    """Return the field -> message map validate_review raises (empty when accepted)."""
    try:
        validate_review(reviewed_on, notes, sent_on)
    except ValidationError as error:
        return error.errors
    return {}


def test_the_forum_points_schools_to_eight_usual_services() -> None:
    assert [short for short, _full in SERVICES] == [
        "CFWS",
        "EP",
        "AOT",
        "SENA",
        "NHS Care Navigator",
        "CAMHS",
        "School nursing",
        "Partnership staff",
    ]


def test_a_stored_list_splits_into_known_services_and_other_text() -> None:
    picked, other = split_services(" ep ;camhs, Young carers ;; ; Food bank ")
    assert picked == ["EP", "CAMHS"]
    assert other == "Young carers; Food bank"


def test_an_empty_stored_list_picks_nothing() -> None:
    assert split_services("") == ([], "")
    assert split_services(" ; , ") == ([], "")


def test_services_are_stored_as_picked_then_typed_separated_by_semicolons() -> None:
    assert join_services(["EP", "AOT"], " Young carers ; ;Food bank") == (
        "EP; AOT; Young carers; Food bank"
    )
    assert join_services([], "") == ""


@given(
    picked=st.lists(st.sampled_from([s for s, _f in SERVICES]), unique=True),
    other=st.lists(st.sampled_from(["Young carers", "Food bank", "Олег's club"]), unique=True),
)
def test_services_read_back_equal_after_storing(picked: list[str], other: list[str]) -> None:
    stored = join_services(picked, "; ".join(other))
    assert split_services(stored) == (picked, "; ".join(other))


def test_a_plan_is_reviewed_six_weeks_after_the_meeting() -> None:
    assert timedelta(days=42) == REVIEW_AFTER
    assert default_review_date(MET) == date(2026, 12, 22)


def test_a_whole_plan_is_accepted() -> None:
    assert plan_errors(PLAN) == {}


def test_a_plan_needs_a_summary_of_the_discussion() -> None:
    assert plan_errors(replace(PLAN, discussion_summary="  \n")) == {
        "discussion_summary": "Summarise what the forum discussed."
    }


def test_a_plan_needs_a_review_date() -> None:
    assert plan_errors(replace(PLAN, review_due=None)) == {
        "review_due": "Give a review date (usually six weeks after the meeting)."
    }


def test_a_plan_reviewed_the_day_of_the_meeting_is_refused() -> None:
    assert plan_errors(replace(PLAN, review_due=MET)) == {
        "review_due": "The review must come after the meeting."
    }


def test_a_plan_reviewed_the_day_after_the_meeting_is_accepted() -> None:
    assert plan_errors(replace(PLAN, review_due=MET + timedelta(days=1))) == {}


def test_an_action_that_says_nothing_is_refused_by_its_number() -> None:
    actions = (ActionDraft("Meet and greet"), ActionDraft("  "), ActionDraft(""))
    assert plan_errors(replace(PLAN, actions=actions)) == {
        "actions": "Action 2 says nothing; describe it or remove it."
    }


def test_an_action_due_before_the_meeting_is_refused_by_its_number() -> None:
    actions = (ActionDraft("Call home", by_when=MET - timedelta(days=1)),)
    assert plan_errors(replace(PLAN, actions=actions)) == {
        "actions": "Action 1 is due before the meeting was held."
    }


def test_the_first_bad_action_is_the_one_named() -> None:
    actions = (
        ActionDraft("Call home", by_when=MET),
        ActionDraft("Book EP", by_when=MET - timedelta(days=3)),
        ActionDraft(""),
    )
    assert plan_errors(replace(PLAN, actions=actions))["actions"] == (
        "Action 2 is due before the meeting was held."
    )


def test_an_action_due_the_day_of_the_meeting_or_undated_is_accepted() -> None:
    actions = (ActionDraft("Call home", by_when=MET), ActionDraft("Book EP"))
    assert plan_errors(replace(PLAN, actions=actions)) == {}


def test_every_wrong_part_of_a_plan_is_named_at_once() -> None:
    draft = replace(PLAN, discussion_summary="", review_due=MET, actions=(ActionDraft(""),))
    assert list(plan_errors(draft)) == ["discussion_summary", "review_due", "actions"]


@given(
    offset=st.integers(-30, 90),
    due_offsets=st.lists(st.one_of(st.none(), st.integers(-5, 60)), max_size=4),
)
def test_a_plan_is_accepted_exactly_when_review_and_actions_fall_after_the_meeting(
    offset: int, due_offsets: list[int | None]
) -> None:
    actions = tuple(
        ActionDraft("Call home", by_when=None if d is None else MET + timedelta(days=d))
        for d in due_offsets
    )
    draft = replace(PLAN, review_due=MET + timedelta(days=offset), actions=actions)
    expected = set()
    if offset <= 0:
        expected.add("review_due")
    if any(d is not None and d < 0 for d in due_offsets):
        expected.add("actions")
    assert set(plan_errors(draft)) == expected


def test_a_whole_review_is_accepted() -> None:
    assert review_errors(MET, "Attendance up to 94%.", MET - timedelta(days=30)) == {}
    assert review_errors(MET, "Attendance up to 94%.", None) == {}


def test_a_review_the_day_the_plan_was_sent_is_accepted() -> None:
    assert review_errors(MET, "Settled well.", MET) == {}


def test_a_review_the_day_before_the_plan_was_sent_is_refused_with_the_date() -> None:
    assert review_errors(MET - timedelta(days=1), "Settled well.", MET) == {
        "reviewed_on": "The review cannot come before the plan was sent (10 November 2026)."
    }


def test_a_review_needs_its_date_and_notes() -> None:
    assert review_errors(None, " ", MET) == {
        "reviewed_on": "Give the date the plan was reviewed.",
        "review_notes": "Say briefly what the review found.",
    }


def document(**changes: object) -> PlanDocument:
    """Return a plan document for Nguyễn Thị Ánh, changed as given."""
    base = PlanDocument(
        referral_id=41,
        anonymous=False,
        case_reference="F-2026-041",
        pupil_name="Nguyễn Thị Ánh",
        upn="",
        date_of_birth=None,
        year_group=8,
        school="Hillside Academy",
        school_contact="",
        school_email="",
        meeting_title="Inclusion Forum",
        meeting_on=MET,
        discussion_summary="",
        advice="",
        services_signposted="",
        send_guidance="",
        review_due=None,
        actions=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_named_plan_is_headed_by_the_pupils_name() -> None:
    assert document().heading_name == "Nguyễn Thị Ánh"


def test_an_anonymous_plan_is_headed_by_its_case_reference() -> None:
    assert document(anonymous=True).heading_name == "Case F-2026-041"
    assert document(pupil_name="").heading_name == "Case F-2026-041"


def test_a_plan_file_carries_the_date_the_reference_and_a_safe_name() -> None:
    assert document(pupil_name="Zoë O'Brien/Ćorić").file_stem == (
        "2026-11-10 Action plan - F-2026-041 Zoë O-Brien-Ćorić"
    )


def test_an_anonymous_plan_file_never_carries_the_name() -> None:
    assert document(anonymous=True).file_stem == "2026-11-10 Action plan - F-2026-041"


def test_a_plan_with_no_reference_or_name_falls_back_to_its_number() -> None:
    assert document(anonymous=True, case_reference=" ").file_stem == ("2026-11-10 Action plan - 41")
