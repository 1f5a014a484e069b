"""Local user accounts, the audit trail and the office's settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, enum_column
from slip_desktop.domain.audit_actions import AUDIT_ACTION_SQL
from slip_desktop.domain.enums import UserRole


class AppUser(Base):
    """A person who signs in; every change is attributed to one."""

    __tablename__ = "app_user"
    __table_args__ = (
        # Mirrors domain.passwords.username_problem: stored trimmed and lower-case.
        CheckConstraint(
            "length(username) BETWEEN 3 AND 60 AND username = lower(trim(username))",
            name="username_format",
        ),
        # An account without a password hash could be signed into with anything.
        CheckConstraint("length(password_hash) > 0", name="password_set"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class AuditEvent(Base):
    """An append-only record of a change, export or print.

    Triggers (migration 0008) refuse every UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(f"action IN ({AUDIT_ACTION_SQL})", name="action_known"),
        CheckConstraint("length(table_name) > 0", name="table_named"),
        Index("ix_audit_event_table_name", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), index=True
    )
    username: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    pupil_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: JSON: field -> [old, new].
    changes: Mapped[str] = mapped_column(Text, default="")
    #: sha256 of the previous row's hash and this row (db/audit.py): tampering breaks it.
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class Setting(Base):
    """A named office setting (cases per forum, idle lock minutes, backup folder...)."""

    __tablename__ = "setting"
    __table_args__ = (CheckConstraint("length(key) > 0", name="key_named"),)

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
