"""The partnership's people and the standing invitation list of each kind of meeting."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.enums import MeetingKind


class Person(Timestamps, Base):
    """Someone on the partnership's staff or a regular attendee of its meetings."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class StandingInvitation(Base):
    """One person's place on the standing list a new meeting of ``meeting_kind`` copies."""

    __tablename__ = "standing_invitation"
    __table_args__ = (
        UniqueConstraint("meeting_kind", "person_id", name="uq_standing_invitation_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
