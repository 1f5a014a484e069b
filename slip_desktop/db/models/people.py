"""Schools, pupils, partnership staff and Alternative Provision providers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import SendStatus, StaffRole
from slip_desktop.domain.schools import Phase


class School(Timestamps, Base):
    """A partner secondary school."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    dfe_number: Mapped[str] = mapped_column(String(8), default="")
    #: DfE unique reference number (6 digits), "" until entered.
    urn: Mapped[str] = mapped_column(String(6), default="", server_default="")
    la_code: Mapped[str] = mapped_column(String(3), default="", server_default="")
    la_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    phase: Mapped[Phase] = mapped_column(
        enum_column(Phase, "school_phase"), default=Phase.SECONDARY, server_default="secondary"
    )
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    link_name: Mapped[str] = mapped_column(String(120), default="")
    #: False once the school is closed: kept for history, hidden from new referrals.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Pupil(Timestamps, Base):
    """A pupil with a record at the partnership (never an anonymous case)."""

    __tablename__ = "pupil"
    __table_args__ = (
        CheckConstraint("year_group BETWEEN 1 AND 14", name="year_group_range"),
        CheckConstraint("send_funding_pence >= 0", name="send_funding_not_negative"),
        CheckConstraint("length(first_name) > 0 AND length(last_name) > 0", name="named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upn: Mapped[str | None] = mapped_column(String(13), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    year_group: Mapped[int] = mapped_column(Integer)
    #: The academic year ``year_group`` was entered for: shown year groups follow the cohort.
    year_group_as_of: Mapped[int | None] = mapped_column(Integer)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    send_status: Mapped[SendStatus] = mapped_column(
        enum_column(SendStatus, "send_status"), default=SendStatus.NONE
    )
    pupil_premium: Mapped[bool] = mapped_column(Boolean, default=False)
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    previously_looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    service_child: Mapped[bool] = mapped_column(Boolean, default=False)
    eal: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Additional SEND funding a year, in pence, that a tier-4 charge passes on.
    send_funding_pence: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class StaffMember(Timestamps, Base):
    """A post in the partnership's staffing, filled or vacant."""

    __tablename__ = "staff_member"
    __table_args__ = (CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole, "staff_role"))
    fte: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal("1.00"))
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Provider(Timestamps, Base):
    """An Alternative Provision provider the partnership commissions."""

    __tablename__ = "provider"
    __table_args__ = (CheckConstraint("day_rate_pence >= 0", name="day_rate_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    offer: Mapped[str] = mapped_column(Text, default="")
    day_rate_pence: Mapped[int] = mapped_column(Integer, default=0)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    last_quality_check: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
