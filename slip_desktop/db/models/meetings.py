"""Term dates, Inclusion Forums and Core Meetings, their agendas, attendees and action plans."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus, Term


class TermDates(Base):
    """One term of an academic year with its half-term break."""

    __tablename__ = "term_dates"
    __table_args__ = (
        UniqueConstraint("academic_year", "term", name="uq_term_dates_year_term"),
        CheckConstraint("starts_on < ends_on", name="term_order"),
        CheckConstraint(
            "half_term_starts IS NULL OR "
            "(half_term_starts >= starts_on AND half_term_ends <= ends_on "
            "AND half_term_starts <= half_term_ends)",
            name="half_term_inside",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(enum_column(Term, "term"))
    starts_on: Mapped[date] = mapped_column(Date)
    half_term_starts: Mapped[date | None] = mapped_column(Date)
    half_term_ends: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Meeting(Timestamps, Base):
    """An Inclusion Forum or a Core Meeting on a date."""

    __tablename__ = "meeting"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable identity for calendar exports, so a re-import updates instead of duplicating.
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    meets_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED
    )
    link: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(200), default="Microsoft Teams")
    #: Cases the meeting can take.
    capacity: Mapped[int] = mapped_column(Integer, default=6)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class MeetingAttendee(Base):
    """Someone invited to a meeting, and whether they came."""

    __tablename__ = "meeting_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    attended: Mapped[bool | None] = mapped_column(Boolean)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class AgendaItem(Base):
    """A case on a meeting's agenda, in order."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("meeting_id", "referral_id", "purpose", name="uq_agenda_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    purpose: Mapped[AgendaPurpose] = mapped_column(
        enum_column(AgendaPurpose, "agenda_purpose"), default=AgendaPurpose.NEW_CASE
    )
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class ActionPlan(Timestamps, Base):
    """The written plan after a forum discussed a referral."""

    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    discussion_summary: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    services_signposted: Mapped[str] = mapped_column(Text, default="")
    send_guidance: Mapped[str] = mapped_column(Text, default="")
    review_due: Mapped[date | None] = mapped_column(Date, index=True)
    written_on: Mapped[date | None] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    review_notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class ActionItem(Base):
    """One agreed action in a plan: what, who, by when."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plan.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(120), default="")
    by_when: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
