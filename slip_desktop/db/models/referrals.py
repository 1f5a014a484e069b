"""Referrals from partner schools: to an Inclusion Forum or to the partnership."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import Consent, ReferralKind, ReferralStatus


class Referral(Timestamps, Base):
    """One referral form; anonymous when ``pupil_id`` is empty and a case reference is set."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(
            "pupil_id IS NOT NULL OR case_reference IS NOT NULL", name="pupil_or_case_reference"
        ),
        CheckConstraint("kind = 'forum' OR pupil_id IS NOT NULL", name="partnership_needs_pupil"),
        CheckConstraint(
            "attendance_percent IS NULL OR (attendance_percent >= 0 AND attendance_percent <= 100)",
            name="attendance_range",
        ),
        CheckConstraint("suspensions_this_year >= 0", name="suspensions_not_negative"),
        CheckConstraint("year_group BETWEEN 1 AND 14", name="year_group_range"),
        # Covers the referral list (db/referral_list.py) in its order, newest first: the
        # list never reads the wide rows. Its first column serves date-range filters too.
        Index(
            "ix_referral_list",
            "received_on",
            "id",
            "school_id",
            "pupil_id",
            "case_reference",
            "year_group",
            "kind",
            "status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupil.id"), index=True)
    case_reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    #: Year group when referred; the only pupil detail an anonymous case keeps.
    year_group: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ReferralKind] = mapped_column(enum_column(ReferralKind, "referral_kind"))
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus, "referral_status"), default=ReferralStatus.NEW
    )
    received_on: Mapped[date] = mapped_column(Date)
    referrer_name: Mapped[str] = mapped_column(String(120), default="")
    referrer_role: Mapped[str] = mapped_column(String(120), default="")
    referrer_email: Mapped[str] = mapped_column(String(200), default="")
    referrer_phone: Mapped[str] = mapped_column(String(40), default="")
    consent: Mapped[Consent] = mapped_column(
        enum_column(Consent, "consent"), default=Consent.NOT_ASKED
    )
    consent_on: Mapped[date | None] = mapped_column(Date)
    #: Comma-separated Reason values.
    reasons: Mapped[str] = mapped_column(String(200), default="")
    presenting_concerns: Mapped[str] = mapped_column(Text, default="")
    strategies_tried: Mapped[str] = mapped_column(Text, default="")
    current_support: Mapped[str] = mapped_column(Text, default="")
    agencies_involved: Mapped[str] = mapped_column(Text, default="")
    attendance_percent: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    suspensions_this_year: Mapped[int] = mapped_column(Integer, default=0)
    previous_permanent_exclusion: Mapped[bool] = mapped_column(Boolean, default=False)
    pupil_views: Mapped[str] = mapped_column(Text, default="")
    parent_views: Mapped[str] = mapped_column(Text, default="")
    hoped_for_outcomes: Mapped[str] = mapped_column(Text, default="")
    #: For a partnership referral: the earlier forum referral whose reviewed plan allows it.
    forum_referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
