"""Referral forms: cleaning what was typed, anonymous case references, the graduated response."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from slip_desktop.domain.enums import Consent, Reason, ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.pupils import YEAR_GROUP_RANGE
from slip_desktop.domain.validation import Checker

#: How an anonymous case reference looks: SLIP-<year received>-<number in that year>.
CASE_REFERENCE = re.compile(r"^SLIP-(\d{4})-(\d{3,})$")
#: Most suspensions a form may record for one year.
SUSPENSIONS_MAX = 60

# Free-text answers on the form: (field, label shown in messages).
LONG_FIELDS: tuple[tuple[str, str], ...] = (
    ("presenting_concerns", "presenting concerns"),
    ("strategies_tried", "strategies already tried"),
    ("current_support", "current support"),
    ("agencies_involved", "agencies involved"),
    ("pupil_views", "pupil's views"),
    ("parent_views", "parents' or carers' views"),
    ("hoped_for_outcomes", "hoped-for outcomes"),
)


@dataclass(frozen=True)
class ReferralInput:
    """The referral form as typed (text fields raw, choices already typed)."""

    kind: ReferralKind
    anonymous: bool
    has_pupil: bool
    school_id: int | None
    year_group: int | None
    received_on: date | None
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    consent: Consent = Consent.NOT_ASKED
    consent_on: date | None = None
    reasons: frozenset[Reason] = field(default_factory=frozenset)
    presenting_concerns: str = ""
    strategies_tried: str = ""
    current_support: str = ""
    agencies_involved: str = ""
    attendance: str = ""
    suspensions: str = ""
    previous_permanent_exclusion: bool = False
    pupil_views: str = ""
    parent_views: str = ""
    hoped_for_outcomes: str = ""


@dataclass(frozen=True)
class CleanReferral:
    """A referral ready to store (the pupil, if any, is stored separately)."""

    kind: ReferralKind
    anonymous: bool
    school_id: int
    year_group: int | None
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


def encode_reasons(reasons: Iterable[Reason]) -> str:
    """Return reasons as stored: comma-separated values in the form's order."""
    chosen = set(reasons)
    return ",".join(r.value for r in Reason if r in chosen)


def decode_reasons(text: str) -> frozenset[Reason]:
    """Return the reasons stored in ``text``, ignoring anything unknown."""
    values = {r.value: r for r in Reason}
    return frozenset(values[v] for v in text.split(",") if v in values)


def clean_referral(data: ReferralInput, today: date) -> CleanReferral:
    """Return the cleaned referral, or raise ValidationError naming every bad field."""
    check = Checker()
    # A combo box can hand back the plain value ("given"): read it as the enum once.
    consent = Consent(data.consent)
    if data.kind == ReferralKind.PARTNERSHIP and data.anonymous:
        check.fail(
            "kind",
            "An anonymous case cannot be referred to the partnership. Link it to a pupil "
            "record once the parents have consented, then make the partnership referral.",
        )
    if not data.anonymous and not data.has_pupil:
        check.fail("pupil", "Choose the pupil or enter a new pupil record.")
    if data.school_id is None:
        check.fail("school", "Choose the referring school.")
    if data.anonymous and (data.year_group is None or data.year_group not in YEAR_GROUP_RANGE):
        check.fail("year_group", "Choose the year group of the anonymous case.")
    received = data.received_on
    if received is None:
        check.fail("received_on", "Enter the date the referral was received.")
    elif received > today:
        check.fail("received_on", "The referral cannot be received after today.")
    referrer = check.name("referrer_name", "referrer's name", data.referrer_name)
    role = check.short_text("referrer_role", "referrer's role", data.referrer_role)
    email = check.email("referrer_email", data.referrer_email)
    phone = check.phone("referrer_phone", data.referrer_phone)
    consent_on = data.consent_on if consent != Consent.NOT_ASKED else None
    if consent != Consent.NOT_ASKED:
        if consent_on is None:
            check.fail("consent_on", f"Enter when consent was {consent.label.lower()}.")
        elif consent_on > today:
            check.fail("consent_on", "The consent date cannot be after today.")
    if data.anonymous and consent == Consent.GIVEN:
        check.fail(
            "consent",
            "The parents have consented, so the case need not be anonymous: "
            "untick 'Anonymous case' and choose or enter the pupil.",
        )
    if not data.anonymous and consent != Consent.GIVEN:
        check.fail(
            "consent",
            "Without parental consent a case is discussed anonymously: record the consent, "
            "or tick 'Anonymous case'.",
        )
    if not data.reasons:
        check.fail("reasons", "Tick at least one reason for the referral.")
    texts = {name: check.long_text(name, label, getattr(data, name)) for name, label in LONG_FIELDS}
    if not texts["presenting_concerns"]:
        check.fail("presenting_concerns", "Describe the presenting concerns.")
    attendance = check.percent("attendance", "attendance percentage", data.attendance)
    suspensions = check.count(
        "suspensions", "number of suspensions this year", data.suspensions, SUSPENSIONS_MAX
    )
    check.raise_if_any()
    assert received is not None and data.school_id is not None
    return CleanReferral(
        kind=data.kind,
        anonymous=data.anonymous,
        school_id=data.school_id,
        year_group=data.year_group,
        received_on=received,
        referrer_name=referrer,
        referrer_role=role,
        referrer_email=email,
        referrer_phone=phone,
        consent=consent,
        consent_on=consent_on,
        reasons=encode_reasons(data.reasons),
        attendance_percent=attendance,
        suspensions_this_year=suspensions,
        previous_permanent_exclusion=data.previous_permanent_exclusion,
        **texts,
    )


# -- anonymous case references ------------------------------------------------


def case_reference(year: int, number: int) -> str:
    """Return the case reference for the ``number``-th anonymous case of ``year``."""
    return f"SLIP-{year}-{number:03d}"


def next_case_reference(year: int, existing: Iterable[str | None]) -> str:
    """Return the next free case reference of ``year`` after those in ``existing``."""
    highest = 0
    for reference in existing:
        match = CASE_REFERENCE.match(reference or "")
        if match and int(match.group(1)) == year:
            highest = max(highest, int(match.group(2)))
    return case_reference(year, highest + 1)


# -- the graduated response ---------------------------------------------------


@dataclass(frozen=True)
class ForumReferralFact:
    """What the graduated-response rule needs to know of one earlier forum referral."""

    referral_id: int
    received_on: date
    plan_written: bool
    review_due: date | None
    reviewed_on: date | None


class GraduatedResponseError(RuleError):
    """A partnership referral is not allowed yet.

    Attributes:
        missing: "anonymous", "no_forum_referral", "no_plan" or "plan_not_reviewed";
            for every reason but "anonymous" the form offers a forum referral instead.
    """

    def __init__(self, message: str, missing: str) -> None:
        super().__init__(message, "kind")
        self.missing = missing


def check_graduated_response(
    anonymous: bool, received_on: date, forum_referrals: Iterable[ForumReferralFact]
) -> int:
    """Return the earlier forum referral that allows a partnership referral received that day.

    A pupil may be referred to the partnership (tier 2 and above) only after an
    Inclusion Forum referral whose action plan has been reviewed. Raises
    GraduatedResponseError saying exactly what is missing.
    """
    if anonymous:
        raise GraduatedResponseError(
            "An anonymous case cannot be referred to the partnership: link it to a pupil "
            "record when the parents consent, then refer the pupil.",
            "anonymous",
        )
    earlier = sorted(
        (f for f in forum_referrals if f.received_on <= received_on),
        key=lambda f: (f.received_on, f.referral_id),
    )
    reviewed = [f for f in earlier if f.reviewed_on is not None and f.reviewed_on <= received_on]
    if reviewed:
        return reviewed[-1].referral_id
    if not earlier:
        raise GraduatedResponseError(
            "This pupil has no earlier Inclusion Forum referral. A partnership referral needs "
            "a forum referral whose action plan has been reviewed: make a forum referral first.",
            "no_forum_referral",
        )
    latest = earlier[-1]
    when = f"{latest.received_on:%d %b %Y}"
    if not latest.plan_written:
        raise GraduatedResponseError(
            f"The forum referral received {when} has no action plan yet. The plan must be "
            "written and then reviewed before a partnership referral.",
            "no_plan",
        )
    if latest.reviewed_on is not None:
        raise GraduatedResponseError(
            f"The action plan from the forum referral received {when} was reviewed on "
            f"{latest.reviewed_on:%d %b %Y}, after this referral's date: "
            "date the partnership referral on or after the review.",
            "plan_not_reviewed",
        )
    due = f" (review due {latest.review_due:%d %b %Y})" if latest.review_due else ""
    raise GraduatedResponseError(
        f"The action plan from the forum referral received {when} has not been reviewed "
        f"yet{due}. Record the review first.",
        "plan_not_reviewed",
    )


def check_kind_change(old: ReferralKind, new: ReferralKind, status: ReferralStatus) -> None:
    """Raise RuleError when a referral's kind changes after its workflow has begun."""
    if old != new and status != ReferralStatus.NEW:
        raise RuleError(
            f"This referral is already '{status.label}', so it cannot become a "
            f"{new.label} referral. Make a new referral instead.",
            "kind",
        )
