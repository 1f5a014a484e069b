"""Core Meeting decisions and the managed moves and fresh starts they arrange."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import CoreOutcome, MoveKind, MoveOutcome, Programme


class Decision(Timestamps, Base):
    """The Core Meeting's outcome for one partnership referral."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    outcome: Mapped[CoreOutcome] = mapped_column(enum_column(CoreOutcome, "core_outcome"))
    full_time: Mapped[bool | None] = mapped_column(Boolean)
    rationale: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    #: Advice shared at Core (recorded when the school continues with it).
    advice: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Back to forum: the new forum referral this decision booked.
    forum_referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class ManagedMove(Timestamps, Base):
    """A managed move or fresh start between two partner schools."""

    __tablename__ = "managed_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    kind: Mapped[MoveKind] = mapped_column(enum_column(MoveKind, "move_kind"))
    sending_school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    receiving_school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    trial_ends_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[MoveOutcome] = mapped_column(
        enum_column(MoveOutcome, "move_outcome"), default=MoveOutcome.IN_PROGRESS
    )
    #: Offered instead of a tier-4 place: a failed move earns a priority placement.
    guaranteed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The tier-4 programme the guarantee falls back to if the move fails.
    guarantee_programme: Mapped[Programme | None] = mapped_column(
        enum_column(Programme, "programme")
    )
    #: The priority placement request made when a guaranteed move failed.
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id"), index=True)
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
