"""Referral operations: the list, the form's record, saving, status moves and linking cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from slip_desktop.db.models import ActionPlan, AgendaItem, Meeting, Pupil, Referral, School
from slip_desktop.db.pupils import (
    PupilChoice,
    PupilRecord,
    SchoolChoice,
    add_pupil,
    check_unique_upn,
    pupil_choice,
    read_pupil,
    year_group_of,
)

# The list lives in its own module, readable before SQLAlchemy loads; callers find it here too.
from slip_desktop.db.referral_list import ReferralRow as ReferralRow
from slip_desktop.db.referral_list import list_referrals as list_referrals
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import stale_error, stale_error_by_id
from slip_desktop.domain.enums import Consent, ReferralKind, ReferralStatus
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.pupils import CleanPupil, PupilInput, clean_pupil
from slip_desktop.domain.referral_workflow import check_move
from slip_desktop.domain.referrals import (
    CleanReferral,
    ForumReferralFact,
    ReferralInput,
    check_graduated_response,
    check_kind_change,
    clean_referral,
    decode_reasons,
    next_case_reference,
)
from slip_desktop.domain.school_year import academic_year_of
from slip_desktop.domain.typed_input import typed_input


def _name(case_reference: str | None, first: str | None, last: str | None) -> str:
    if first is None or last is None:
        return f"{case_reference} (anonymous)"
    return f"{last}, {first}"


def referral_list_query() -> Select[Any]:
    """Return the referral list's query: referrals joined to pupils, schools and bookings."""
    booked = (
        select(AgendaItem.referral_id, func.max(Meeting.meets_on).label("meeting_on"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .group_by(AgendaItem.referral_id)
        .subquery()
    )
    return (
        select(
            Referral.id,
            Referral.pupil_id,
            Referral.case_reference,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.upn,
            School.name,
            Referral.year_group,
            Referral.kind,
            Referral.status,
            Referral.received_on,
            booked.c.meeting_on,
            Referral.school_id,
            School.short_name,
        )
        .join(School, School.id == Referral.school_id)
        .outerjoin(Pupil, Pupil.id == Referral.pupil_id)
        .outerjoin(booked, booked.c.referral_id == Referral.id)
        .order_by(Referral.received_on.desc(), Referral.id.desc())
    )


def referral_list_reads() -> tuple[Select[Any], Select[Any], Select[Any]]:
    """Return the list's three reads: referrals (newest first), pupils, latest bookings.

    ``db/referral_list.py`` runs their compiled SQL and joins the rows itself, as
    :func:`referral_list_query` joins them in SQL (a test holds the rows equal).
    """
    referrals = select(
        Referral.id,
        Referral.pupil_id,
        Referral.case_reference,
        Referral.school_id,
        Referral.year_group,
        Referral.kind,
        Referral.status,
        Referral.received_on,
    ).order_by(Referral.received_on.desc(), Referral.id.desc())
    pupils = select(Pupil.id, Pupil.first_name, Pupil.last_name, Pupil.upn)
    bookings = (
        select(AgendaItem.referral_id, func.max(Meeting.meets_on).label("meeting_on"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .group_by(AgendaItem.referral_id)
    )
    return referrals, pupils, bookings


@dataclass(frozen=True)
class ReferralRecord:
    """One referral as the form edits it."""

    id: int
    kind: ReferralKind
    status: ReferralStatus
    pupil: PupilRecord | None
    case_reference: str | None
    school_id: int
    year_group: int
    received_on: date
    referrer_name: str
    referrer_role: str
    referrer_email: str
    referrer_phone: str
    consent: Consent
    consent_on: date | None
    reasons: str
    presenting_concerns: str
    strategies_tried: str
    current_support: str
    agencies_involved: str
    attendance_percent: Decimal | None
    suspensions_this_year: int
    previous_permanent_exclusion: bool
    pupil_views: str
    parent_views: str
    hoped_for_outcomes: str
    forum_referral_id: int | None
    closed_on: date | None
    version: int

    @property
    def anonymous(self) -> bool:
        """Return True for a case held under a case reference only."""
        return self.pupil is None

    def as_input(self) -> ReferralInput:
        """Return the record as the form holds it."""
        return ReferralInput(
            kind=self.kind,
            anonymous=self.anonymous,
            has_pupil=self.pupil is not None,
            school_id=self.school_id,
            year_group=self.year_group,
            received_on=self.received_on,
            referrer_name=self.referrer_name,
            referrer_role=self.referrer_role,
            referrer_email=self.referrer_email,
            referrer_phone=self.referrer_phone,
            consent=self.consent,
            consent_on=self.consent_on,
            reasons=decode_reasons(self.reasons),
            presenting_concerns=self.presenting_concerns,
            strategies_tried=self.strategies_tried,
            current_support=self.current_support,
            agencies_involved=self.agencies_involved,
            attendance="" if self.attendance_percent is None else str(self.attendance_percent),
            suspensions=str(self.suspensions_this_year),
            previous_permanent_exclusion=self.previous_permanent_exclusion,
            pupil_views=self.pupil_views,
            parent_views=self.parent_views,
            hoped_for_outcomes=self.hoped_for_outcomes,
        )


class SavedReferral(NamedTuple):
    """What saving a referral gives back."""

    id: int
    pupil_id: int | None
    case_reference: str | None


#: Columns the form writes straight from the cleaned referral.
_FORM_COLUMNS = tuple(
    name
    for name in CleanReferral.__dataclass_fields__
    if name not in ("kind", "anonymous", "year_group", "school_id")
)


def _get(session: Session, referral_id: int) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFoundError("This referral no longer exists.")
    return referral


def get_referral(store: Store, referral_id: int) -> ReferralRecord:
    """Return one referral with its pupil; raise NotFoundError if it has gone."""
    with store.session() as session:
        return _read_record(session, referral_id)


def _read_record(session: Session, referral_id: int) -> ReferralRecord:
    r = _get(session, referral_id)
    pupil = read_pupil(session, r.pupil_id) if r.pupil_id is not None else None
    return ReferralRecord(
        id=r.id,
        kind=r.kind,
        status=r.status,
        pupil=pupil,
        case_reference=r.case_reference,
        school_id=r.school_id,
        year_group=r.year_group,
        received_on=r.received_on,
        referrer_name=r.referrer_name,
        referrer_role=r.referrer_role,
        referrer_email=r.referrer_email,
        referrer_phone=r.referrer_phone,
        consent=r.consent,
        consent_on=r.consent_on,
        reasons=r.reasons,
        presenting_concerns=r.presenting_concerns,
        strategies_tried=r.strategies_tried,
        current_support=r.current_support,
        agencies_involved=r.agencies_involved,
        attendance_percent=r.attendance_percent,
        suspensions_this_year=r.suspensions_this_year,
        previous_permanent_exclusion=r.previous_permanent_exclusion,
        pupil_views=r.pupil_views,
        parent_views=r.parent_views,
        hoped_for_outcomes=r.hoped_for_outcomes,
        forum_referral_id=r.forum_referral_id,
        closed_on=r.closed_on,
        version=r.version,
    )


def forum_referral_facts(
    session: Session, pupil_id: int, exclude_id: int | None = None
) -> list[ForumReferralFact]:
    """Return what the graduated-response rule needs of a pupil's forum referrals."""
    query = (
        select(
            Referral.id,
            Referral.received_on,
            ActionPlan.id,
            ActionPlan.review_due,
            ActionPlan.reviewed_on,
        )
        .outerjoin(ActionPlan, ActionPlan.referral_id == Referral.id)
        .where(Referral.pupil_id == pupil_id, Referral.kind == ReferralKind.FORUM)
    )
    if exclude_id is not None:
        query = query.where(Referral.id != exclude_id)
    return [
        ForumReferralFact(rid, received, plan_id is not None, due, reviewed)
        for rid, received, plan_id, due, reviewed in session.execute(query)
    ]


class OpenReferral(NamedTuple):
    """A referral of a pupil that is not closed yet."""

    id: int
    kind: ReferralKind
    status: ReferralStatus
    received_on: date


def open_referrals_of(store: Store, pupil_id: int) -> list[OpenReferral]:
    """Return the pupil's referrals not yet closed, newest first (to warn of a duplicate)."""
    query = (
        select(Referral.id, Referral.kind, Referral.status, Referral.received_on)
        .where(Referral.pupil_id == pupil_id, Referral.status != ReferralStatus.CLOSED)
        .order_by(Referral.received_on.desc())
    )
    with store.session() as session:
        return [OpenReferral._make(row) for row in session.execute(query)]


def partnership_problem(store: Store, pupil_id: int | None, received_on: date) -> str | None:
    """Return why a partnership referral for this pupil would be refused today, or None."""
    with store.session() as session:
        facts = forum_referral_facts(session, pupil_id) if pupil_id is not None else []
    try:
        check_graduated_response(pupil_id is None, received_on, facts)
    except RuleError as error:
        return error.message
    return None


def _open_referrals(session: Session, pupil_id: int) -> list[OpenReferral]:
    query = (
        select(Referral.id, Referral.kind, Referral.status, Referral.received_on)
        .where(Referral.pupil_id == pupil_id, Referral.status != ReferralStatus.CLOSED)
        .order_by(Referral.received_on.desc())
    )
    return [OpenReferral._make(row) for row in session.execute(query)]


@dataclass(frozen=True)
class PupilContext:
    """What the referral form shows and checks of a chosen pupil, read together."""

    pupil: PupilChoice
    #: The pupil's referrals not closed yet, newest first (the form warns of a duplicate).
    open_referrals: list[OpenReferral]
    #: What the graduated-response rule needs of their forum referrals.
    forum_facts: list[ForumReferralFact]

    def partnership_problem(self, received_on: date) -> str | None:
        """Why a partnership referral for this pupil would be refused, or None."""
        return _rule_problem(False, received_on, self.forum_facts)


def _rule_problem(anonymous: bool, received_on: date, facts: list[ForumReferralFact]) -> str | None:
    try:
        check_graduated_response(anonymous, received_on, facts)
    except RuleError as error:
        return error.message
    return None


def anonymous_partnership_problem(received_on: date) -> str | None:
    """Why a partnership referral of an anonymous case is refused (no graduated response)."""
    return _rule_problem(True, received_on, [])


def _pupil_context(session: Session, pupil_id: int, on: date | None) -> PupilContext:
    return PupilContext(
        pupil_choice(session, pupil_id, on),
        _open_referrals(session, pupil_id),
        forum_referral_facts(session, pupil_id),
    )


def pupil_context(store: Store, pupil_id: int, on: date | None = None) -> PupilContext:
    """Return a pupil as the referral form shows them, their open referrals and forum facts.

    One read when the coordinator chooses a pupil; raises NotFoundError if they have gone.
    """
    with store.session() as session:
        return _pupil_context(session, pupil_id, on)


@dataclass(frozen=True)
class ReferralFormData:
    """Everything the referral form needs when it opens, read in one session."""

    #: The referral edited (None for a new one).
    record: ReferralRecord | None
    #: The schools offered: active ones for a new referral, all for an existing one.
    schools: list[SchoolChoice]
    #: The pupil shown chosen: the referral's, or the one a new referral starts with.
    pupil: PupilContext | None


def referral_form_data(
    store: Store,
    referral_id: int | None = None,
    *,
    pupil_id: int | None = None,
    on: date | None = None,
) -> ReferralFormData:
    """Read what the New / Edit referral form shows, once (not once per field).

    Raises NotFoundError when the referral (or the pupil a new one starts with) has gone.
    """
    query = select(School.id, School.name, School.short_name).order_by(School.name)
    if referral_id is None:
        query = query.where(School.active.is_(True))
    with store.session() as session:
        record = _read_record(session, referral_id) if referral_id is not None else None
        schools = [SchoolChoice._make(row) for row in session.execute(query)]
        chosen = record.pupil.id if record is not None and record.pupil else pupil_id
        context = _pupil_context(session, chosen, on) if chosen is not None else None
        return ReferralFormData(record, schools, context)


def _booked_on() -> Any:
    """The latest meeting a referral is on the agenda of (the list's "Meeting" column)."""
    return (
        select(func.max(Meeting.meets_on))
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.referral_id == Referral.id)
        .scalar_subquery()
    )


#: How many ids go into one IN (...) of :func:`referral_rows`.
_IDS_AT_ONCE = 500


def referral_rows(
    store: Store, ids: Iterable[int] = (), pupil_ids: Iterable[int] = ()
) -> list[ReferralRow]:
    """Return the list's rows for referrals ``ids`` and every referral of ``pupil_ids``.

    What the Referrals list reads after a change it was told of row by row, in place of
    all 30,000 rows: an id not returned was deleted. The rows equal those of
    :func:`list_referrals` (a test holds them equal), in no particular order.
    """
    wanted, pupils = sorted(set(ids)), sorted(set(pupil_ids))
    columns = select(
        Referral.id,
        Referral.pupil_id,
        Referral.case_reference,
        Pupil.first_name,
        Pupil.last_name,
        Pupil.upn,
        School.name,
        Referral.year_group,
        Referral.kind,
        Referral.status,
        Referral.received_on,
        _booked_on(),
        Referral.school_id,
        School.short_name,
    ).join(School, School.id == Referral.school_id)
    columns = columns.outerjoin(Pupil, Pupil.id == Referral.pupil_id)
    found: dict[int, ReferralRow] = {}
    with store.session() as session:
        for start in range(0, max(len(wanted), len(pupils)), _IDS_AT_ONCE):
            some, of_pupils = (
                wanted[start : start + _IDS_AT_ONCE],
                pupils[start : start + _IDS_AT_ONCE],
            )
            query = columns.where(
                or_(Referral.id.in_(some), Referral.pupil_id.in_(of_pupils))
            )
            for row in session.execute(query):
                found[row[0]] = _list_row(row)
    return list(found.values())


def _list_row(row: Any) -> ReferralRow:
    """One row of the list, shaped as ``referral_list`` shapes the rows it reads."""
    first, last, received = row[3], row[4], row[10]
    name = f"{last}, {first}" if first is not None and last is not None else f"{row[2]} (anonymous)"
    return ReferralRow(
        id=row[0],
        pupil_id=row[1],
        case_reference=row[2],
        first_name=first,
        last_name=last,
        upn=row[5],
        school=row[6],
        year_group=row[7],
        kind=ReferralKind(row[8]),
        status=ReferralStatus(row[9]),
        received_on=received,
        meeting_on=row[11],
        school_id=row[12],
        academic_year=received.year if received.month >= 9 else received.year - 1,
        name=name,
        school_short=row[13] or row[6],
    )


def _year_group_then(pupil_year_group: int, received_on: date, today: date) -> int:
    """Return the year group the pupil was in when the referral was received."""
    shifted = pupil_year_group - (academic_year_of(today) - academic_year_of(received_on))
    return min(max(shifted, 1), 14)


def _next_case_reference(session: Session, year: int) -> str:
    existing = session.scalars(
        select(Referral.case_reference).where(Referral.case_reference.like(f"SLIP-{year}-%"))
    )
    return next_case_reference(year, existing)


def _clean_together(
    data: ReferralInput, new_pupil: PupilInput | None, today: date
) -> tuple[CleanReferral, CleanPupil | None]:
    """Clean the referral and any new pupil, raising every problem of both at once."""
    errors: dict[str, str] = {}
    clean: CleanReferral | None = None
    pupil: CleanPupil | None = None
    try:
        clean = clean_referral(data, today)
    except ValidationError as error:
        errors.update(error.errors)
    if new_pupil is not None and not data.anonymous:
        try:
            pupil = clean_pupil(new_pupil, today)
        except ValidationError as error:
            for field, message in error.errors.items():
                errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    assert clean is not None
    return clean, pupil


def save_referral(
    store: Store,
    data: ReferralInput,
    today: date,
    *,
    referral_id: int | None = None,
    version: int | None = None,
    pupil_id: int | None = None,
    new_pupil: PupilInput | None = None,
    status: ReferralStatus | None = None,
) -> SavedReferral:
    """Validate and store a referral (new when ``referral_id`` is None).

    The pupil is ``pupil_id`` (an existing record), ``new_pupil`` (created in
    the same transaction) or neither for an anonymous case, which gets the next
    case reference of its year. A partnership referral must pass the
    graduated-response rule. Raises ValidationError, GraduatedResponseError,
    RuleError, NotFoundError or ConflictError; nothing is stored then.
    """
    clean, clean_new = _clean_together(data, new_pupil, today)
    try:
        with store.session() as session:
            referral = _get(session, referral_id) if referral_id is not None else None
            if referral is not None and version is not None and referral.version != version:
                raise stale_error(session, referral, "This referral")
            if clean.anonymous:
                pupil_id = None
            elif clean_new is not None:
                check_unique_upn(session, clean_new.upn)
            elif pupil_id is None or session.get(Pupil, pupil_id) is None:
                raise ValidationError({"pupil": "Choose the pupil or enter a new pupil record."})
            if referral is not None:
                if referral.pupil_id is None and not clean.anonymous:
                    raise RuleError(
                        "Use 'Link to pupil' to give an anonymous case its pupil record.", "pupil"
                    )
                check_kind_change(referral.kind, clean.kind, referral.status)
            rule_applies = clean.kind == ReferralKind.PARTNERSHIP and (
                referral is None or referral.kind != clean.kind or referral.pupil_id != pupil_id
            )
            forum_id: int | None = referral.forum_referral_id if referral is not None else None
            if rule_applies:
                facts = (
                    forum_referral_facts(session, pupil_id, referral_id)
                    if pupil_id is not None and clean_new is None
                    else []
                )
                forum_id = check_graduated_response(clean.anonymous, clean.received_on, facts)
            if clean_new is not None:
                pupil_id = add_pupil(session, clean_new).id
            if referral is None:
                referral = Referral(status=ReferralStatus.NEW)
                if clean.anonymous:
                    referral.case_reference = _next_case_reference(session, clean.received_on.year)
            elif status is not None:
                check_move(clean.kind, referral.status, status)
                _apply_status(session, referral, status, today)
            referral.pupil_id = pupil_id
            referral.kind = clean.kind
            referral.school_id = clean.school_id
            referral.forum_referral_id = (
                forum_id if clean.kind == ReferralKind.PARTNERSHIP else None
            )
            if pupil_id is not None:
                pupil = session.get(Pupil, pupil_id)
                assert pupil is not None
                now = year_group_of(pupil, today)
                referral.year_group = _year_group_then(now, clean.received_on, today)
            else:
                assert clean.year_group is not None
                referral.year_group = clean.year_group
            for name in _FORM_COLUMNS:
                setattr(referral, name, getattr(clean, name))
            # Added only now: an earlier autoflush would insert a half-filled row.
            session.add(referral)
            session.flush()
            return SavedReferral(referral.id, referral.pupil_id, referral.case_reference)
    except StaleDataError as error:
        raise stale_error_by_id(store, Referral, referral_id, "This referral") from error


def _apply_status(
    session: Session, referral: Referral, status: ReferralStatus, today: date, note: str = ""
) -> None:
    """Set an allowed status and what goes with it (closing date, the plan's review date)."""
    if status == referral.status:
        return
    referral.status = status
    referral.closed_on = today if status == ReferralStatus.CLOSED else None
    if status == ReferralStatus.CLOSED:
        referral.closing_note = note.strip()[:4000]
    if status == ReferralStatus.PLAN_REVIEWED:
        # "Plan reviewed" means the plan was reviewed: record it where the tier rule looks.
        plan = session.scalars(
            select(ActionPlan).where(ActionPlan.referral_id == referral.id)
        ).first()
        if plan is not None and plan.reviewed_on is None:
            plan.reviewed_on = today


@typed_input
def change_status(
    store: Store,
    referral_id: int,
    new_status: ReferralStatus,
    today: date,
    note: str = "",
) -> None:
    """Move a referral to ``new_status`` if the workflow allows it; closing keeps ``note``.

    Moving a forum referral to "Plan reviewed" also dates its action plan's review
    (today) when that was not yet recorded, since the graduated response reads it.
    """
    with store.session() as session:
        referral = _get(session, referral_id)
        check_move(referral.kind, referral.status, new_status)
        _apply_status(session, referral, new_status, today, note)


@typed_input
def link_case_to_pupil(
    store: Store,
    referral_id: int,
    consent_on: date,
    today: date,
    *,
    pupil_id: int | None = None,
    new_pupil: PupilInput | None = None,
) -> int:
    """Give an anonymous case its pupil once the parents consent; return the pupil's id.

    The case keeps its reference (plans and minutes already name it) and its
    agenda items and action plan stay attached to it, so the history moves to
    the pupil with the referral.
    """
    if consent_on > today:
        raise ValidationError({"consent_on": "The consent date cannot be after today."})
    clean_new = clean_pupil(new_pupil, today) if new_pupil is not None else None
    with store.session() as session:
        referral = _get(session, referral_id)
        if referral.pupil_id is not None:
            raise RuleError("This referral already belongs to a pupil.", "pupil")
        if clean_new is not None:
            check_unique_upn(session, clean_new.upn)
            pupil_id = add_pupil(session, clean_new).id
        elif pupil_id is None or session.get(Pupil, pupil_id) is None:
            raise ValidationError({"pupil": "Choose the pupil or enter a new pupil record."})
        referral.pupil_id = pupil_id
        referral.consent = Consent.GIVEN
        referral.consent_on = consent_on
        session.flush()
        return pupil_id
