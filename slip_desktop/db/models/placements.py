"""Placements on programmes, their reviews, daily attendance marks and school visits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import (
    EndOutcome,
    PlacementStatus,
    Programme,
    ReturnAnswer,
    Session,
)
from slip_desktop.domain.school_year import Post16Destination


class Placement(Timestamps, Base):
    """A pupil's place on a programme, from request through waiting list to its end."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("days_per_week > 0 AND days_per_week <= 5", name="days_per_week_range"),
        CheckConstraint(
            "planned_end_on IS NULL OR starts_on IS NULL OR starts_on <= planned_end_on",
            name="planned_dates_order",
        ),
        CheckConstraint(
            "ended_on IS NULL OR starts_on IS NULL OR starts_on <= ended_on", name="end_after_start"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"), index=True)
    #: The home school that pays, as it was when the place was made.
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    programme: Mapped[Programme] = mapped_column(enum_column(Programme, "programme"))
    #: Reset group "A" or "B"; empty elsewhere.
    group_name: Mapped[str] = mapped_column(String(8), default="")
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    status: Mapped[PlacementStatus] = mapped_column(
        enum_column(PlacementStatus, "placement_status"), default=PlacementStatus.REQUESTED
    )
    #: 0 ordinary; higher first on the waiting list (a failed guaranteed move).
    priority: Mapped[int] = mapped_column(Integer, default=0)
    requested_on: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    days_per_week: Mapped[Decimal] = mapped_column(Numeric(2, 1), default=Decimal("5.0"))
    #: Which sessions are at the centre, e.g. "mon,tue,wed-am".
    centre_days: Mapped[str] = mapped_column(String(60), default="")
    end_outcome: Mapped[EndOutcome | None] = mapped_column(enum_column(EndOutcome, "end_outcome"))
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    # -- the placement's real shape (issue 17: booked weekdays, AP component) --
    #: Booked weekdays, e.g. "mon,wed,fri": a tier-3 place is charged for these days.
    weekdays: Mapped[str] = mapped_column(String(40), default="", server_default="")
    #: The AP provider of a KS3 long-term or pathway 1-2 pupil's AP time.
    ap_provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), index=True)
    #: Weekdays spent with ``ap_provider_id``, e.g. "thu,fri" (on the AP register those days).
    ap_days: Mapped[str] = mapped_column(String(40), default="", server_default="")

    __mapper_args__ = {"version_id_col": version}

    # The new school year (0012): where a Year 11 pupil went and what they achieved.
    post16_destination: Mapped[Post16Destination | None] = mapped_column(
        enum_column(Post16Destination, "post16_destination")
    )
    #: End-of-Year-11 qualifications, one a line: "GCSE English Language: 5".
    year11_outcomes: Mapped[str] = mapped_column(Text, default="", server_default="")


class Review(Timestamps, Base):
    """A scheduled or held review of a placement."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date, index=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    able_to_return: Mapped[ReturnAnswer | None] = mapped_column(
        enum_column(ReturnAnswer, "return_answer")
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class AttendanceMark(Base):
    """One session's register mark for a placed pupil (DfE-style code).

    Keyed by (placement, day, session) in a WITHOUT ROWID table: the key is the
    table, so ten years of registers (300,000 marks) need no second copy in an
    index. Lookups by placement use the key; reports by day scan it.
    """

    __tablename__ = "attendance_mark"
    __table_args__ = ({"sqlite_with_rowid": False},)

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    session: Mapped[Session] = mapped_column(enum_column(Session, "session"), primary_key=True)
    #: A DfE code of up to three characters (C1, Y7...); older one-letter marks stay.
    code: Mapped[str] = mapped_column(String(3))


class SchoolVisit(Base):
    """A visit by the home school's named link to a placed pupil."""

    __tablename__ = "school_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    visited_on: Mapped[date] = mapped_column(Date)
    visitor_name: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
