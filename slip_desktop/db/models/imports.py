"""Each file brought in by the import centre, and what it added or changed, so it can be undone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base


class ImportRun(Base):
    """One import of one file: what it was, who brought it in, and what it did."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    username: Mapped[str] = mapped_column(String(60), default="")
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str] = mapped_column(String(60), default="", server_default="")


class ImportItem(Base):
    """A record an import created, or changed (with the values before and after)."""

    __tablename__ = "import_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("import_run.id", ondelete="CASCADE"), index=True
    )
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    #: "create" or "update".
    action: Mapped[str] = mapped_column(String(10))
    #: JSON field -> value before the import (updates only).
    before: Mapped[str] = mapped_column(Text, default="")
    #: JSON field -> value the import wrote (updates only).
    after: Mapped[str] = mapped_column(Text, default="")
