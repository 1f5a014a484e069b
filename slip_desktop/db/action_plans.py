"""Action plan operations: write a plan, record it sent and reviewed, and gather it for print."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from slip_desktop.db.models import (
    ActionItem,
    ActionPlan,
    AgendaItem,
    Meeting,
    MeetingAttendee,
    Pupil,
    Referral,
    School,
)
from slip_desktop.db.schools import recipient
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import stale_error
from slip_desktop.domain.action_plans import (
    ActionDraft,
    PlanDocument,
    PlanDraft,
    default_review_date,
    validate_plan,
    validate_review,
)
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, ReferralStatus
from slip_desktop.domain.errors import ConflictError, NotFoundError, RuleError, ValidationError
from slip_desktop.domain.referral_workflow import check_move
from slip_desktop.domain.schools import Contact, ContactRole, MailPurpose
from slip_desktop.domain.typed_input import typed_input

_PLAN_CONFLICT = "Someone else changed this plan since you opened it. Close it and open it again."


@dataclass(frozen=True)
class PlanForm:
    """What the plan editor opens with: the saved plan, or a blank one with defaults."""

    plan_id: int | None
    version: int | None
    referral_id: int
    meeting_id: int
    meeting_on: date
    who: str
    school: str
    year_group: int
    draft: PlanDraft
    sent_on: date | None = None
    reviewed_on: date | None = None
    review_notes: str = ""
    concerns: str = ""
    strategies: str = ""
    actions: list[ActionDraft] = field(default_factory=list)


def _who(referral: Referral, pupil: Pupil | None) -> str:
    if pupil is None:
        return f"Case {referral.case_reference} (anonymous)"
    return f"{pupil.first_name} {pupil.last_name}"


def _actions(session: Session, plan_id: int) -> list[ActionDraft]:
    return [
        ActionDraft(a.what, a.who, a.by_when, a.done)
        for a in session.scalars(
            select(ActionItem)
            .where(ActionItem.action_plan_id == plan_id)
            .order_by(ActionItem.position, ActionItem.id)
        )
    ]


def load_plan(store: Store, referral_id: int, meeting_id: int) -> PlanForm:
    """Return the plan for a case discussed at a meeting (blank, review in six weeks, if new)."""
    with store.session() as session:
        referral = session.get(Referral, referral_id)
        meeting = session.get(Meeting, meeting_id)
        if referral is None or meeting is None:
            raise NotFoundError("That case or meeting no longer exists.")
        if meeting.kind != MeetingKind.FORUM:
            raise RuleError("Action plans are written for Inclusion Forum cases.", "meeting")
        pupil = session.get(Pupil, referral.pupil_id) if referral.pupil_id else None
        school = session.get(School, referral.school_id)
        plan = session.scalar(select(ActionPlan).where(ActionPlan.referral_id == referral_id))
        common = {
            "referral_id": referral_id,
            "meeting_id": meeting_id,
            "meeting_on": meeting.meets_on,
            "who": _who(referral, pupil),
            "school": school.name if school else "",
            "year_group": referral.year_group,
            "concerns": referral.presenting_concerns,
            "strategies": referral.strategies_tried,
        }
        if plan is None:
            draft = PlanDraft("", "", "", "", default_review_date(meeting.meets_on))
            return PlanForm(plan_id=None, version=None, draft=draft, **common)  # type: ignore[arg-type]
        actions = _actions(session, plan.id)
        draft = PlanDraft(
            plan.discussion_summary,
            plan.advice,
            plan.services_signposted,
            plan.send_guidance,
            plan.review_due,
            tuple(actions),
        )
        return PlanForm(
            plan_id=plan.id,
            version=plan.version,
            draft=draft,
            sent_on=plan.sent_on,
            reviewed_on=plan.reviewed_on,
            review_notes=plan.review_notes,
            actions=actions,
            **common,  # type: ignore[arg-type]
        )


@typed_input
def save_plan(
    store: Store,
    referral_id: int,
    meeting_id: int,
    draft: PlanDraft,
    today: date,
    expected_version: int | None = None,
) -> int:
    """Write (or rewrite) the plan for a case; the referral becomes "discussed"."""
    try:
        return _save_plan(store, referral_id, meeting_id, draft, today, expected_version)
    except StaleDataError as error:
        # Another PC saved the plan between this one's read and its write.
        raise ConflictError(_PLAN_CONFLICT) from error


def _save_plan(
    store: Store,
    referral_id: int,
    meeting_id: int,
    draft: PlanDraft,
    today: date,
    expected_version: int | None,
) -> int:
    with store.session() as session:
        referral = session.get(Referral, referral_id)
        meeting = session.get(Meeting, meeting_id)
        if referral is None or meeting is None:
            raise NotFoundError("That case or meeting no longer exists.")
        validate_plan(draft, meeting.meets_on)
        plan = session.scalar(select(ActionPlan).where(ActionPlan.referral_id == referral_id))
        if plan is not None and expected_version is not None and plan.version != expected_version:
            raise stale_error(session, plan, "This action plan")
        if plan is None:
            plan = ActionPlan(referral_id=referral_id)
            session.add(plan)
        plan.meeting_id = meeting_id
        plan.discussion_summary = draft.discussion_summary.strip()
        plan.advice = draft.advice.strip()
        plan.services_signposted = draft.services_signposted.strip()
        plan.send_guidance = draft.send_guidance.strip()
        plan.review_due = draft.review_due
        plan.written_on = plan.written_on or today
        # Saving always counts as a change, so a second editor's stale copy is refused.
        flag_modified(plan, "discussion_summary")
        session.flush()
        for old in session.scalars(select(ActionItem).where(ActionItem.action_plan_id == plan.id)):
            session.delete(old)
        for position, action in enumerate(draft.actions):
            session.add(
                ActionItem(
                    action_plan_id=plan.id,
                    position=position,
                    what=action.what.strip(),
                    who=action.who.strip(),
                    by_when=action.by_when,
                    done=action.done,
                )
            )
        if referral.status == ReferralStatus.ON_AGENDA:
            check_move(referral.kind, referral.status, ReferralStatus.DISCUSSED)
            referral.status = ReferralStatus.DISCUSSED
        session.flush()
        return plan.id


@typed_input
def record_sent(store: Store, plan_ids: Iterable[int], sent_on: date) -> None:
    """Record that plans were sent to their schools; discussed referrals become "plan sent"."""
    plan_ids = list(plan_ids)
    if any(type(plan_id) is not int for plan_id in plan_ids):
        raise ValidationError({"plan_ids": "Choose the plans from the list."})
    with store.session() as session:
        for plan_id in plan_ids:
            plan = session.get(ActionPlan, plan_id)
            if plan is None:
                continue
            plan.sent_on = sent_on
            referral = session.get(Referral, plan.referral_id)
            if referral is not None and referral.status == ReferralStatus.DISCUSSED:
                check_move(referral.kind, referral.status, ReferralStatus.PLAN_SENT)
                referral.status = ReferralStatus.PLAN_SENT


@typed_input
def record_review(store: Store, plan_id: int, reviewed_on: date | None, notes: str) -> None:
    """Record the plan's review; the referral becomes "plan reviewed".

    A partnership referral is allowed only after this step (BRIEF: "Referral to
    the partnership"), which reads ``action_plan.reviewed_on``.
    """
    with store.session() as session:
        plan = session.get(ActionPlan, plan_id)
        if plan is None:
            raise NotFoundError("That plan no longer exists.")
        validate_review(reviewed_on, notes, plan.sent_on)
        referral = session.get(Referral, plan.referral_id)
        if referral is None:
            raise NotFoundError("The plan's referral no longer exists.")
        if referral.status != ReferralStatus.PLAN_REVIEWED:
            if referral.status != ReferralStatus.PLAN_SENT:
                raise RuleError(
                    "Send the plan to the school before recording its review.", "reviewed_on"
                )
            check_move(referral.kind, referral.status, ReferralStatus.PLAN_REVIEWED)
            referral.status = ReferralStatus.PLAN_REVIEWED
        plan.reviewed_on = reviewed_on
        plan.review_notes = notes.strip()


def _document(session: Session, plan: ActionPlan) -> PlanDocument:
    referral = session.get(Referral, plan.referral_id)
    assert referral is not None
    school = session.get(School, referral.school_id)
    pupil = session.get(Pupil, referral.pupil_id) if referral.pupil_id else None
    meeting = session.get(Meeting, plan.meeting_id) if plan.meeting_id else None
    meeting_on = meeting.meets_on if meeting else (plan.written_on or date.today())
    attendees: list[str] = []
    if meeting is not None:
        for a in session.scalars(
            select(MeetingAttendee)
            .where(MeetingAttendee.meeting_id == meeting.id)
            .order_by(MeetingAttendee.id)
        ):
            if a.attended is not False:
                attendees.append(", ".join(filter(None, (a.name, a.role, a.organisation))))
    anonymous = pupil is None
    # Plans go to the SENCO, else to whoever referred (see domain.schools.contact_for).
    referrer = Contact(ContactRole.SENCO, referral.referrer_name, referral.referrer_email)
    to = recipient(session, referral.school_id, MailPurpose.PLANS, referrer)
    return PlanDocument(
        referral_id=referral.id,
        anonymous=anonymous,
        case_reference=referral.case_reference or f"R{referral.id}",
        pupil_name="" if anonymous else f"{pupil.first_name} {pupil.last_name}",  # type: ignore[union-attr]
        upn="" if anonymous else (pupil.upn or ""),  # type: ignore[union-attr]
        date_of_birth=None if anonymous else pupil.date_of_birth,  # type: ignore[union-attr]
        year_group=referral.year_group,
        school=school.name if school else "",
        school_contact=to.name if to else "",
        school_email=to.email if to else "",
        meeting_title=MeetingKind.FORUM.label,
        meeting_on=meeting_on,
        discussion_summary=plan.discussion_summary,
        advice=plan.advice,
        services_signposted=plan.services_signposted,
        send_guidance=plan.send_guidance,
        review_due=plan.review_due,
        actions=tuple(_actions(session, plan.id)),
        written_on=plan.written_on,
        attendees=tuple(attendees),
    )


def plan_document(store: Store, plan_id: int) -> PlanDocument:
    """Return one plan ready to print."""
    with store.session() as session:
        plan = session.get(ActionPlan, plan_id)
        if plan is None:
            raise NotFoundError("That plan no longer exists.")
        return _document(session, plan)


@dataclass(frozen=True)
class MeetingPlans:
    """The plans written at one meeting, in agenda order, with their ids."""

    plan_ids: list[int]
    documents: list[PlanDocument]


def meeting_plans(store: Store, meeting_id: int) -> MeetingPlans:
    """Return every plan written for cases on a meeting's agenda, in agenda order."""
    query = (
        select(ActionPlan)
        .join(AgendaItem, AgendaItem.referral_id == ActionPlan.referral_id)
        .where(AgendaItem.meeting_id == meeting_id, ActionPlan.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    with store.session() as session:
        plans = list(dict.fromkeys(session.scalars(query)))
        return MeetingPlans([p.id for p in plans], [_document(session, p) for p in plans])


def latest_plan_document(store: Store) -> PlanDocument | None:
    """Return the most recently written plan ready to print (the self-test prints it)."""
    with store.session() as session:
        plan = session.scalar(
            select(ActionPlan).order_by(ActionPlan.written_on.desc(), ActionPlan.id.desc()).limit(1)
        )
        return _document(session, plan) if plan is not None else None


#: What the forum pack holds for a case: its plan, its plan with a review form, or a blank form.
PACK_PLAN = "plan"
PACK_REVIEW = "review"
PACK_BLANK = "blank"


@dataclass(frozen=True)
class PackCase:
    """One case booked at a forum, with the plan (or blank plan) its pack pages are made of."""

    position: int
    referral_id: int
    case_reference: str
    purpose: AgendaPurpose
    contents: str  # PACK_PLAN, PACK_REVIEW or PACK_BLANK
    document: PlanDocument
    plan_id: int | None


def _blank_document(session: Session, referral: Referral, meeting: Meeting) -> PlanDocument:
    """Return a plan with the case's details and empty sections, to be written at the forum."""
    school = session.get(School, referral.school_id)
    pupil = session.get(Pupil, referral.pupil_id) if referral.pupil_id else None
    referrer = Contact(ContactRole.SENCO, referral.referrer_name, referral.referrer_email)
    to = recipient(session, referral.school_id, MailPurpose.PLANS, referrer)
    return PlanDocument(
        referral_id=referral.id,
        anonymous=pupil is None,
        case_reference=referral.case_reference or f"R{referral.id}",
        pupil_name="" if pupil is None else f"{pupil.first_name} {pupil.last_name}",
        upn="" if pupil is None else (pupil.upn or ""),
        date_of_birth=None if pupil is None else pupil.date_of_birth,
        year_group=referral.year_group,
        school=school.name if school else "",
        school_contact=to.name if to else "",
        school_email=to.email if to else "",
        meeting_title=MeetingKind.FORUM.label,
        meeting_on=meeting.meets_on,
        discussion_summary="",
        advice="",
        services_signposted="",
        send_guidance="",
        review_due=default_review_date(meeting.meets_on),
        actions=(),
    )


def forum_pack_cases(store: Store, meeting_id: int) -> list[PackCase]:
    """Return every case booked at a forum, in agenda order, with what its pack holds.

    A case booked for its plan's review gets the plan and a review form; a case with a
    plan gets the plan; a new case without one gets a blank plan form with its details.
    """
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError("That meeting no longer exists.")
        items = list(
            session.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position, AgendaItem.id)
            )
        )
        cases: list[PackCase] = []
        for position, item in enumerate(items, start=1):
            referral = session.get(Referral, item.referral_id)
            if referral is None:
                continue
            plan = session.scalar(select(ActionPlan).where(ActionPlan.referral_id == referral.id))
            if plan is None:
                contents, document = PACK_BLANK, _blank_document(session, referral, meeting)
            else:
                review = item.purpose == AgendaPurpose.PLAN_REVIEW
                contents, document = (
                    (PACK_REVIEW if review else PACK_PLAN),
                    _document(session, plan),
                )
            cases.append(
                PackCase(
                    position,
                    referral.id,
                    referral.case_reference or f"R{referral.id}",
                    item.purpose,
                    contents,
                    document,
                    plan.id if plan is not None else None,
                )
            )
        return cases
