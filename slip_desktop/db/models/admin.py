"""Local user accounts, the audit trail and the office's settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, enum_column
from slip_desktop.domain.enums import UserRole


class AppUser(Base):
    """A person who signs in; every change is attributed to one."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEvent(Base):
    """An append-only record of a change, export or print."""

    __tablename__ = "audit_event"

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


class Setting(Base):
    """A named office setting (cases per forum, idle lock minutes, backup folder...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
