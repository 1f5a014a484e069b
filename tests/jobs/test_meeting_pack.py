"""The meeting pack: every case booked, named by case reference, zero said as zero."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from slip_desktop.db.action_plans import record_sent, save_plan
from slip_desktop.db.agenda import add_case
from slip_desktop.db.meetings import get_meeting
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import ActionDraft, PlanDraft
from slip_desktop.domain.enums import AgendaPurpose
from slip_desktop.jobs.forum_pack import prepare_meeting_pack
from tests.db.forum_helpers import add_forum, add_forum_referral, add_school

FIRST_FORUM = date(2026, 11, 10)
REVIEW_FORUM = date(2026, 12, 22)


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_two_pupils_with_the_same_name_get_two_files_and_two_cover_rows(
    store: Store, tmp_path: Path
) -> None:
    school = add_school(store)
    forum = add_forum(store, FIRST_FORUM)
    first = add_forum_referral(store, school, "Nguyễn Thị", "Ánh", upn=None)
    second = add_forum_referral(store, school, "Nguyễn Thị", "Ánh", upn=None)
    for referral in (first, second):
        add_case(store, forum, referral, AgendaPurpose.NEW_CASE)
    result = prepare_meeting_pack(store, get_meeting(store, forum), tmp_path, FIRST_FORUM)
    assert len(result.case_files) == 2 == len(set(result.case_files))
    assert all(p.exists() for p in result.case_files)
    assert all("Ánh" not in p.name and "Nguy" not in p.name for p in result.case_files)
    assert {p.name for p in tmp_path.glob("*.pdf")} == {
        *(p.name for p in result.case_files),
        result.pack.name,
    }
    cover = PdfReader(result.pack).pages[0].extract_text()
    assert cover.count("Nguyễn Thị Ánh") == 2
    assert f"R{first}" in cover and f"R{second}" in cover
    assert result.blanks == 2
    assert "2 cases: 2 blank plan forms" in result.summary()


def test_three_plan_reviews_booked_give_three_review_forms_not_zero(
    store: Store, tmp_path: Path
) -> None:
    school = add_school(store)
    forum = add_forum(store, FIRST_FORUM)
    review_forum = add_forum(store, REVIEW_FORUM)
    names = [("Σοφία", "Παπαδοπούλου"), ("Олег", "Петренко"), ("Zoë", "O'Brien-Ćorić")]
    plan_ids = []
    for n, (first, last) in enumerate(names):
        referral = add_forum_referral(store, school, first, last, upn=None)
        add_case(store, forum, referral, AgendaPurpose.NEW_CASE)
        draft = PlanDraft(
            "Discussed.",
            "Advice.",
            "",
            "",
            REVIEW_FORUM,
            (ActionDraft(f"Action {n}", "SENCO", date(2026, 12, 1)),),
        )
        plan_ids.append(save_plan(store, referral, forum, draft, FIRST_FORUM))
        add_case(store, review_forum, referral, AgendaPurpose.PLAN_REVIEW)
    record_sent(store, plan_ids, FIRST_FORUM)
    result = prepare_meeting_pack(store, get_meeting(store, review_forum), tmp_path, REVIEW_FORUM)
    assert (result.reviews, result.plans, result.blanks) == (3, 0, 0)
    assert len(result.case_files) == 3
    assert "3 plans with their review forms" in result.summary()
    pack = _text(result.pack)
    assert pack.count("Action plan review") == 3
    for first, last in names:
        assert f"{first} {last}" in pack
    assert "Inclusion Forum: agenda" in pack and "attendee list" in pack


def test_a_pack_with_no_cases_says_zero_not_success(store: Store, tmp_path: Path) -> None:
    forum = add_forum(store, FIRST_FORUM)
    result = prepare_meeting_pack(store, get_meeting(store, forum), tmp_path, FIRST_FORUM)
    assert result.cases == 0 and result.case_files == []
    assert result.summary().startswith("No cases are booked")
    assert "No cases are booked" in _text(result.pack)
