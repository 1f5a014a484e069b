"""Termly statements: prepare, issue and lock, mark paid, adjust, and correct locked terms.

A term's statements are prepared as drafts (rebuilt as often as needed), then
issued, which locks the term. A locked term is never rewritten: a later change
to a placement is booked as an adjustment in the next open term
(:func:`book_locked_term_corrections`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import (
    Adjustment,
    InvoiceSequence,
    PartnershipSettings,
    Placement,
    Provider,
    Pupil,
    RateSet,
    School,
    Statement,
    StatementLine,
    TermDates,
    TermLock,
)
from slip_desktop.db.offer import offer_in
from slip_desktop.db.rates import current_rate_set, rates_of
from slip_desktop.db.schools import contacts_of
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.charges import PupilFunding, charge_for
from slip_desktop.domain.enums import PlacementStatus, Programme, StatementStatus, Term
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.money import format_money, pounds, to_pence
from slip_desktop.domain.partnership import DEFAULTS
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.programmes import ChargeRule, parse_weekdays
from slip_desktop.domain.school_days import (
    TermSpan,
    england_bank_holidays,
    next_term,
    school_days,
    term_sort_key,
)
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.schools import Contact, MailPurpose, contact_for
from slip_desktop.domain.statement_docs import (
    ADJUSTMENT_TIER,
    StatementDoc,
    StatementLineDoc,
    due_date,
    invoice_number,
)
from slip_desktop.domain.typed_input import typed_input

#: Placements that use a place: a requested, waiting or cancelled one is never charged.
CHARGED_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)


def term_label(academic_year: int, term: Term) -> str:
    """Return e.g. ``Autumn 2026-27``."""
    return f"{term.label} {academic_year_label(academic_year)}"


@dataclass(frozen=True)
class ComputedLine:
    """A placement's charge for a term, before it is written to a statement."""

    school_id: int
    placement_id: int
    description: str
    programme: Programme
    tier: int
    starts_on: date
    ends_on: date
    days: int
    days_per_week: Decimal
    year_days: int
    base_pence: int
    pupil_premium_pence: int
    send_pence: int
    amount_pence: int
    calculation: str


# -- reading the term ---------------------------------------------------------


def _term_spans(session: Session, academic_year: int) -> dict[Term, TermSpan]:
    rows = session.scalars(select(TermDates).where(TermDates.academic_year == academic_year))
    return {
        row.term: TermSpan(
            row.academic_year,
            row.term,
            row.starts_on,
            row.ends_on,
            row.half_term_starts,
            row.half_term_ends,
        )
        for row in rows
    }


def _is_locked(session: Session, academic_year: int, term: Term) -> bool:
    found = session.scalar(
        select(TermLock.id).where(TermLock.academic_year == academic_year, TermLock.term == term)
    )
    return found is not None


def _next_open_term(session: Session, academic_year: int, term: Term) -> tuple[int, Term]:
    year, following = next_term(academic_year, term)
    while _is_locked(session, year, following):
        year, following = next_term(year, following)
    return year, following


def compute_term_charges(
    session: Session,
    academic_year: int,
    term: Term,
    rate_set: RateSet | None = None,
    day_rates: dict[int, int] | None = None,
) -> list[ComputedLine]:
    """Work out every placement's charge for a term from placement days and rates.

    A placement is charged from the later of its start and the term's start to
    the earlier of its end (ended, else planned end) and the term's end.
    ``rate_set`` defaults to the year's newest rates; ``day_rates`` (placement id
    -> pence) overrides a provider's current day rate, so a locked term is
    re-worked at the rates it was issued with.

    Raises:
        RuleError: when the term has no dates, or a tier-4 place has no rates.
    """
    spans = _term_spans(session, academic_year)
    span = spans.get(term)
    label = term_label(academic_year, term)
    if span is None:
        raise RuleError(f"Enter the term dates for {label} before preparing statements.", "term")
    if rate_set is None:
        rate_set = current_rate_set(session, academic_year)
    rates = rates_of(rate_set) if rate_set is not None else None
    offer = offer_in(session, academic_year)
    bank_holidays = england_bank_holidays((academic_year, academic_year + 1))
    query = (
        select(Placement, Pupil, Provider)
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .outerjoin(Provider, Provider.id == Placement.provider_id)
        .where(
            Placement.status.in_(CHARGED_STATUSES),
            Placement.starts_on.is_not(None),
            Placement.starts_on <= span.ends_on,
        )
        .order_by(Pupil.last_name, Pupil.first_name, Placement.starts_on)
    )
    lines = []
    for placement, pupil, provider in session.execute(query).tuples():
        assert placement.starts_on is not None  # filtered above
        end = placement.ended_on or placement.planned_end_on or span.ends_on
        start = max(placement.starts_on, span.starts_on)
        end = min(end, span.ends_on)
        if end < start:
            continue
        days = school_days(start, end, [span], bank_holidays)
        funding = PupilFunding(
            pupil_premium=pupil.pupil_premium,
            looked_after=pupil.looked_after,
            previously_looked_after=pupil.previously_looked_after,
            service_child=pupil.service_child,
            send_funding=pounds(pupil.send_funding_pence),
        )
        name = f"{pupil.last_name}, {pupil.first_name}"
        if pupil.upn:
            name += f" ({pupil.upn})"
        rule = offer.line(placement.programme).effective_rule
        day_rate_pence: int | None = None
        if rule == ChargeRule.DAY_RATE:
            if day_rates and placement.id in day_rates:
                day_rate_pence = day_rates[placement.id]
            elif provider is not None:
                day_rate_pence = provider.day_rate_pence
        if provider is not None:
            name += f" at {provider.name}"
        if rule == ChargeRule.PRO_RATA and rates is None:
            raise RuleError(
                f"Enter the rates for {academic_year_label(academic_year)} "
                "before preparing statements.",
                "rates",
            )
        # Booked days: the school days that fall on the booked weekdays (Mon+Wed+Fri: 3 a week).
        booked = (
            school_days(start, end, [span], bank_holidays, parse_weekdays(placement.weekdays))
            if placement.weekdays
            else None
        )
        if rule == ChargeRule.DAY_RATE and day_rate_pence is None:
            # Charged nothing rather than blocking every school's statement.
            charge = charge_for(
                placement.programme,
                days,
                placement.days_per_week,
                None,
                funding,
                Decimal(0),
                rule,
                booked,
            )
            calculation = (
                "No AP provider recorded: not charged. Record the provider, then prepare again."
            )
        else:
            charge = charge_for(
                placement.programme,
                days,
                placement.days_per_week,
                rates,
                funding,
                pounds(day_rate_pence) if day_rate_pence is not None else None,
                rule,
                booked,
            )
            calculation = charge.calculation
        lines.append(
            ComputedLine(
                school_id=placement.school_id,
                placement_id=placement.id,
                description=name,
                programme=placement.programme,
                tier=charge.tier,
                starts_on=start,
                ends_on=end,
                days=days,
                days_per_week=placement.days_per_week,
                year_days=charge.year_days,
                base_pence=to_pence(charge.base),
                pupil_premium_pence=to_pence(charge.pupil_premium),
                send_pence=to_pence(charge.send),
                amount_pence=to_pence(charge.amount),
                calculation=calculation,
            )
        )
    return lines


# -- writing statements -------------------------------------------------------


def _require_open(session: Session, academic_year: int, term: Term) -> None:
    if _is_locked(session, academic_year, term):
        raise RuleError(
            f"{term_label(academic_year, term)} is locked: its statements are issued. "
            "A change now goes in as an adjustment in the next open term.",
            "term",
        )


def rebuild_term(session: Session, academic_year: int, term: Term, today: date) -> int:
    """Replace an open term's draft statements with freshly computed ones; return how many.

    Works inside the caller's session (the demo data and the operations here use it).
    """
    _require_open(session, academic_year, term)
    lines = compute_term_charges(session, academic_year, term)
    adjustments = list(
        session.scalars(
            select(Adjustment)
            .where(Adjustment.academic_year == academic_year, Adjustment.term == term)
            .order_by(Adjustment.id)
        )
    )
    by_school: dict[int, list[ComputedLine]] = defaultdict(list)
    for line in lines:
        by_school[line.school_id].append(line)
    adjustments_by_school: dict[int, list[Adjustment]] = defaultdict(list)
    for adjustment in adjustments:
        adjustments_by_school[adjustment.school_id].append(adjustment)
    rate_set = current_rate_set(session, academic_year)
    existing = {
        statement.school_id: statement
        for statement in session.scalars(
            select(Statement).where(
                Statement.academic_year == academic_year, Statement.term == term
            )
        )
    }
    schools = set(by_school) | set(adjustments_by_school)
    for school_id, statement in existing.items():
        if school_id not in schools:
            session.delete(statement)
    for school_id in schools:
        found = existing.get(school_id)
        if found is not None:
            statement = found
            session.execute(delete(StatementLine).where(StatementLine.statement_id == statement.id))
        else:
            statement = Statement(school_id=school_id, academic_year=academic_year, term=term)
            session.add(statement)
            session.flush()
        statement.status = StatementStatus.DRAFT
        statement.rate_set_id = rate_set.id if rate_set is not None else None
        statement.prepared_on = today
        total = 0
        for line in by_school.get(school_id, []):
            session.add(
                StatementLine(
                    statement_id=statement.id,
                    placement_id=line.placement_id,
                    description=line.description,
                    programme=line.programme.value,
                    tier=line.tier,
                    starts_on=line.starts_on,
                    ends_on=line.ends_on,
                    days=line.days,
                    days_per_week=line.days_per_week,
                    year_days=line.year_days,
                    base_pence=line.base_pence,
                    pupil_premium_pence=line.pupil_premium_pence,
                    send_pence=line.send_pence,
                    amount_pence=line.amount_pence,
                    calculation=line.calculation,
                )
            )
            total += line.amount_pence
        for adjustment in adjustments_by_school.get(school_id, []):
            kind = "Credit" if adjustment.amount_pence < 0 else "Adjustment"
            session.add(
                StatementLine(
                    statement_id=statement.id,
                    placement_id=adjustment.placement_id,
                    adjustment_id=adjustment.id,
                    description=f"{kind}: {adjustment.reason}",
                    tier=ADJUSTMENT_TIER,
                    amount_pence=adjustment.amount_pence,
                    calculation=f"{kind} entered by {adjustment.created_by or 'the office'}",
                )
            )
            total += adjustment.amount_pence
        statement.total_pence = total
    session.flush()
    return len(schools)


def prepare_statements(store: Store, academic_year: int, term: Term, today: date) -> int:
    """Prepare (or re-prepare) every school's draft statement for an open term.

    Corrections from locked terms are booked first, so they appear on this
    term's statements when it is the next open term. Returns how many
    statements there are.

    Raises:
        RuleError: when the term is locked, or has no dates, or rates are missing.
    """
    with store.session() as session:
        _require_open(session, academic_year, term)
        _book_corrections(session, today, "Statements prepared")
        return rebuild_term(session, academic_year, term, today)


@typed_input
def issue_and_lock_term(
    store: Store,
    academic_year: int,
    term: Term,
    today: date,
    by: str = "",
    *,
    include_nothing_to_pay: bool = False,
) -> int:
    """Issue every prepared statement of the term and lock it; return how many were issued.

    Raises:
        RuleError: when the term is already locked or has no prepared statements.
    """
    with store.session() as session:
        return issue_and_lock_in(
            session, academic_year, term, today, by, include_nothing_to_pay=include_nothing_to_pay
        )


@dataclass(frozen=True)
class IssuedTerm:
    """What issuing a term did: statements issued, and how many were given invoice numbers."""

    issued: int
    invoiced: int


@typed_input
def issue_term(
    store: Store,
    academic_year: int,
    term: Term,
    today: date,
    by: str = "",
    *,
    include_nothing_to_pay: bool = False,
) -> IssuedTerm:
    """Prepare the term's statements afresh, then issue and lock it, in one transaction.

    Each statement with something to charge (and, when ``include_nothing_to_pay``,
    each one with nothing) is given the year's next invoice number and a due date.

    Raises:
        RuleError: when the term is locked, has no dates, rates are missing, or no
            school has a statement.
    """
    with store.session() as session:
        _require_open(session, academic_year, term)
        _book_corrections(session, today, by or "Statements issued")
        if rebuild_term(session, academic_year, term, today) == 0:
            raise RuleError(
                f"No school used a place or has an adjustment in "
                f"{term_label(academic_year, term)}: there is nothing to issue.",
                "term",
            )
        issued = issue_and_lock_in(
            session, academic_year, term, today, by, include_nothing_to_pay=include_nothing_to_pay
        )
        invoiced = session.scalar(
            select(func.count(Statement.id)).where(
                Statement.academic_year == academic_year,
                Statement.term == term,
                Statement.invoice_number.is_not(None),
            )
        )
        return IssuedTerm(issued, int(invoiced or 0))


def _payment_terms_days(session: Session) -> int:
    settings = session.get(PartnershipSettings, 1)
    return settings.payment_terms_days if settings is not None else DEFAULTS.payment_terms_days


def _give_invoice_numbers(
    session: Session, academic_year: int, statements: list[Statement], today: date
) -> None:
    """Number ``statements`` in school-name order after the year's last number given."""
    sequence = session.get(InvoiceSequence, academic_year)
    if sequence is None:
        sequence = InvoiceSequence(academic_year=academic_year, last_number=0)
        session.add(sequence)
    names = {
        school_id: name
        for school_id, name in session.execute(
            select(School.id, School.name).where(School.id.in_([s.school_id for s in statements]))
        ).tuples()
    }
    days = _payment_terms_days(session)
    for statement in sorted(statements, key=lambda s: names.get(s.school_id, "").casefold()):
        sequence.last_number += 1
        statement.invoice_number = invoice_number(academic_year, sequence.last_number)
        statement.due_on = due_date(today, days)


@typed_input
def issue_and_lock_in(
    session: Session,
    academic_year: int,
    term: Term,
    today: date,
    by: str = "",
    *,
    include_nothing_to_pay: bool = False,
) -> int:
    """Issue and lock a term inside the caller's session (see :func:`issue_and_lock_term`).

    A statement with something to charge is given an invoice number and a due date;
    one with nothing to charge only when ``include_nothing_to_pay``.
    """
    _require_open(session, academic_year, term)
    statements = list(
        session.scalars(
            select(Statement).where(
                Statement.academic_year == academic_year, Statement.term == term
            )
        )
    )
    if not statements:
        raise RuleError(
            f"Prepare the statements for {term_label(academic_year, term)} first.", "term"
        )
    charged = set(
        session.scalars(
            select(StatementLine.statement_id).where(
                StatementLine.statement_id.in_([s.id for s in statements]),
                StatementLine.amount_pence != 0,
            )
        )
    )
    for statement in statements:
        statement.status = StatementStatus.ISSUED
        statement.issued_on = today
    sent = [
        s for s in statements if include_nothing_to_pay or s.id in charged or s.total_pence != 0
    ]
    if sent:
        _give_invoice_numbers(session, academic_year, sent, today)
    session.add(TermLock(academic_year=academic_year, term=term, locked_on=today, locked_by=by))
    session.flush()
    return len(statements)


@typed_input
def set_paid(
    store: Store, statement_id: int, paid_on: date | None, version: int | None = None
) -> None:
    """Mark an issued statement paid on a date, or unpaid again with None.

    Raises:
        RuleError: when the statement is still a draft.
        StaleRecordError: someone else changed it since the list read ``version``.
    """
    what = "This statement"
    with (
        refusing_stale_saves(store, Statement, statement_id, what, "paid_on"),
        store.session() as session,
    ):
        statement = session.get(Statement, statement_id)
        if statement is None:
            raise NotFoundError("That statement no longer exists.")
        check_version(session, statement, version, what, "paid_on")
        if statement.status == StatementStatus.DRAFT:
            raise RuleError("Issue the term's statements before recording a payment.", "status")
        statement.paid_on = paid_on
        statement.status = StatementStatus.ISSUED if paid_on is None else StatementStatus.PAID


@typed_input
def add_adjustment(
    store: Store,
    school_id: int,
    academic_year: int,
    term: Term,
    amount: Decimal,
    reason: str,
    today: date,
    by: str = "",
    placement_id: int | None = None,
) -> int:
    """Book an adjustment (positive) or credit (negative) with a reason in an open term.

    If that term's statements are already prepared they are rebuilt to show it.

    Raises:
        ValidationError: when the amount is zero or the reason empty.
        RuleError: when the term is locked.
    """
    errors: dict[str, str] = {}
    if not amount.is_finite() or abs(amount) >= 10_000_000 or amount != round(amount, 2):
        # The form parses money first; this keeps any other caller from storing nonsense.
        errors["amount"] = "Enter an amount in pounds and pence, under £10,000,000."
    elif amount == 0:
        errors["amount"] = "Enter the amount: positive to charge, negative for a credit."
    if not reason.strip():
        errors["reason"] = "Say why, so the school can follow the correction."
    if errors:
        raise ValidationError(errors)
    with store.session() as session:
        _require_open(session, academic_year, term)
        if session.get(School, school_id) is None:
            raise NotFoundError("That school no longer exists.")
        adjustment = Adjustment(
            school_id=school_id,
            placement_id=placement_id,
            academic_year=academic_year,
            term=term,
            amount_pence=to_pence(amount),
            reason=reason.strip(),
            created_by=by,
        )
        session.add(adjustment)
        session.flush()
        if _has_statements(session, academic_year, term):
            rebuild_term(session, academic_year, term, today)
        return adjustment.id


def _has_statements(session: Session, academic_year: int, term: Term) -> bool:
    found = session.scalar(
        select(Statement.id)
        .where(Statement.academic_year == academic_year, Statement.term == term)
        .limit(1)
    )
    return found is not None


# -- corrections to locked terms ---------------------------------------------


@dataclass(frozen=True)
class Correction:
    """An adjustment booked because a locked term's charge changed."""

    adjustment_id: int
    school_id: int
    placement_id: int
    academic_year: int
    term: Term
    amount: Decimal
    reason: str


def _book_corrections_for(
    session: Session, academic_year: int, term: Term, today: date, by: str
) -> list[Correction]:
    issued = list(
        session.execute(
            select(
                Statement.school_id,
                Statement.rate_set_id,
                StatementLine.placement_id,
                StatementLine.amount_pence,
                StatementLine.tier,
                StatementLine.base_pence,
            )
            .join(StatementLine, StatementLine.statement_id == Statement.id)
            .where(
                Statement.academic_year == academic_year,
                Statement.term == term,
                StatementLine.adjustment_id.is_(None),
                StatementLine.placement_id.is_not(None),
            )
        )
    )
    charged: dict[int, int] = defaultdict(int)
    payer: dict[int, int] = {}
    day_rates: dict[int, int] = {}
    rate_set_id = None
    for school_id, statement_rates, placement_id, amount, tier, base in issued:
        charged[placement_id] += amount
        payer[placement_id] = school_id
        rate_set_id = rate_set_id or statement_rates
        if tier == 3:
            day_rates[placement_id] = base
    rate_set = session.get(RateSet, rate_set_id) if rate_set_id else None
    now = {
        line.placement_id: line
        for line in compute_term_charges(session, academic_year, term, rate_set, day_rates)
    }
    already: dict[int, int] = defaultdict(int)
    for placement_id, amount in session.execute(
        select(Adjustment.placement_id, Adjustment.amount_pence).where(
            Adjustment.corrects_year == academic_year, Adjustment.corrects_term == term
        )
    ):
        if placement_id is not None:
            already[placement_id] += amount
    target_year, target_term = _next_open_term(session, academic_year, term)
    label = term_label(academic_year, term)
    booked = []
    for placement_id in sorted(set(charged) | set(now)):
        line = now.get(placement_id)
        new_amount = line.amount_pence if line is not None else 0
        was = charged.get(placement_id, 0) + already.get(placement_id, 0)
        difference = new_amount - was
        if difference == 0:
            continue
        school_id = line.school_id if line is not None else payer[placement_id]
        who = line.description if line is not None else f"placement {placement_id}"
        reason = (
            f"Correction to {label}: {who} is now charged {format_money(new_amount)} "
            f"(was {format_money(was)}) after a change to the placement"
        )
        adjustment = Adjustment(
            school_id=school_id,
            placement_id=placement_id,
            academic_year=target_year,
            term=target_term,
            amount_pence=difference,
            reason=reason,
            created_by=by,
            corrects_year=academic_year,
            corrects_term=term,
        )
        session.add(adjustment)
        session.flush()
        booked.append(
            Correction(
                adjustment.id,
                school_id,
                placement_id,
                target_year,
                target_term,
                pounds(difference),
                reason,
            )
        )
    touched = {(c.academic_year, c.term) for c in booked}
    for year, open_term in touched:
        if _has_statements(session, year, open_term):
            rebuild_term(session, year, open_term, today)
    return booked


def _book_corrections(session: Session, today: date, by: str) -> list[Correction]:
    locks = sorted(
        session.execute(select(TermLock.academic_year, TermLock.term)).tuples(),
        key=lambda lock: term_sort_key(*lock),
    )
    booked: list[Correction] = []
    for academic_year, term in locks:
        booked += _book_corrections_for(session, academic_year, term, today, by)
    return booked


def recompute_locked_term(
    store: Store, academic_year: int, term: Term, today: date, by: str = ""
) -> list[Correction]:
    """Re-work a locked term's charges and book any difference in the next open term.

    The issued statements are left exactly as they were. The term is re-worked
    at the rates its statements were issued with, so only changes to
    placements (dates, days a week, status, the pupil's funding) show.

    Raises:
        RuleError: when the term is not locked (prepare its statements again instead).
    """
    with store.session() as session:
        if not _is_locked(session, academic_year, term):
            raise RuleError(
                f"{term_label(academic_year, term)} is still open: prepare its statements again.",
                "term",
            )
        return _book_corrections_for(session, academic_year, term, today, by)


@typed_input
def book_locked_term_corrections(store: Store, today: date, by: str = "") -> list[Correction]:
    """Check every locked term for changed placements and book the corrections."""
    with store.session() as session:
        return _book_corrections(session, today, by)


# -- reading statements -------------------------------------------------------


def _rates_note(rate_set: RateSet | None) -> str:
    if rate_set is None:
        return "No rates entered for this year."
    rates = rates_of(rate_set)
    return (
        f"Rates for {academic_year_label(rates.academic_year)} (entered "
        f"{rate_set.entered_at:%d %b %Y}): average pupil cost KS3 "
        f"{format_money(rates.average_cost_ks3)}, KS4 {format_money(rates.average_cost_ks4)} a "
        f"year; pupil premium {format_money(rates.pupil_premium)}, looked-after "
        f"{format_money(rates.pupil_premium_cla)}, service "
        f"{format_money(rates.pupil_premium_service)}; {rates.school_days} school days in the year."
    )


def _contact_name(contact: Contact | None) -> str:
    return contact.name if contact is not None else ""


def _contact_email(contact: Contact | None) -> str:
    return contact.email if contact is not None else ""


def load_statements(
    store: Store,
    academic_year: int,
    term: Term | None = None,
    statement_ids: list[int] | None = None,
    with_lines: bool = True,
) -> list[StatementDoc]:
    """Return the statements of a term (or a whole year), by school name, with their lines."""
    require_permission(store, Action.VIEW_FINANCE)
    with store.session() as session:
        query = (
            select(Statement, School.name)
            .join(School, School.id == Statement.school_id)
            .where(Statement.academic_year == academic_year)
            .order_by(School.name, Statement.term)
        )
        if term is not None:
            query = query.where(Statement.term == term)
        if statement_ids is not None:
            query = query.where(Statement.id.in_(statement_ids))
        found = list(session.execute(query).tuples())
        locks = set(session.execute(select(TermLock.academic_year, TermLock.term)).tuples())
        lines_of: dict[int, list[StatementLineDoc]] = defaultdict(list)
        if with_lines and found:
            line_rows = session.scalars(
                select(StatementLine)
                .where(StatementLine.statement_id.in_([s.id for s, _name in found]))
                .order_by(StatementLine.statement_id, StatementLine.id)
            )
            for line in line_rows:
                lines_of[line.statement_id].append(
                    StatementLineDoc(
                        line_id=line.id,
                        placement_id=line.placement_id,
                        adjustment_id=line.adjustment_id,
                        description=line.description,
                        programme=Programme(line.programme).label if line.programme else "",
                        tier=line.tier,
                        starts_on=line.starts_on,
                        ends_on=line.ends_on,
                        days=line.days,
                        days_per_week=line.days_per_week,
                        year_days=line.year_days,
                        base=pounds(line.base_pence),
                        pupil_premium=pounds(line.pupil_premium_pence),
                        send=pounds(line.send_pence),
                        amount=pounds(line.amount_pence),
                        calculation=line.calculation,
                    )
                )
        contacts = contacts_of(session, {s.school_id for s, _name in found})
        addresses = {
            school_id: address
            for school_id, address in session.execute(
                select(School.id, School.address).where(
                    School.id.in_({s.school_id for s, _name in found})
                )
            ).tuples()
        }
        finance = {
            school_id: contact_for(people, MailPurpose.STATEMENTS)
            for school_id, people in contacts.items()
        }
        rate_sets = {
            rs.id: rs
            for rs in session.scalars(
                select(RateSet).where(RateSet.id.in_({s.rate_set_id for s, _ in found} - {None}))
            )
        }
        return [
            StatementDoc(
                statement_id=statement.id,
                school_id=statement.school_id,
                school=name,
                academic_year=statement.academic_year,
                term=statement.term,
                status=statement.status,
                total=pounds(statement.total_pence),
                prepared_on=statement.prepared_on,
                issued_on=statement.issued_on,
                paid_on=statement.paid_on,
                locked=(statement.academic_year, statement.term) in locks,
                rates_note=_rates_note(rate_sets.get(statement.rate_set_id or 0)),
                lines=tuple(lines_of.get(statement.id, ())),
                invoice_number=statement.invoice_number or "",
                due_on=statement.due_on,
                contact_name=_contact_name(finance.get(statement.school_id)),
                contact_email=_contact_email(finance.get(statement.school_id)),
                school_address=addresses.get(statement.school_id) or "",
                version=statement.version,
            )
            for statement, name in found
        ]
