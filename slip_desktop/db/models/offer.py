"""The partnership's offer per academic year: one row per programme and year."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, enum_column
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.programmes import ChargeRule


class OfferLine(Base):
    """A programme's places, length, days a week and charging in one academic year.

    Each year keeps its own rows, so a change applies from its year and earlier
    years stay as they were (the history); the audit trail keeps every edit.
    """

    __tablename__ = "offer_line"
    __table_args__ = (
        UniqueConstraint("academic_year", "programme", name="uq_offer_line_year_programme"),
        CheckConstraint("places IS NULL OR places >= 0", name="places_not_negative"),
        CheckConstraint("weeks IS NULL OR weeks BETWEEN 1 AND 52", name="weeks_range"),
        CheckConstraint("days_per_week > 0 AND days_per_week <= 5", name="days_per_week_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(Integer, index=True)
    programme: Mapped[Programme] = mapped_column(enum_column(Programme, "programme"))
    #: The pool's places (per group for Reset); None: no fixed limit.
    places: Mapped[int | None] = mapped_column(Integer)
    weeks: Mapped[int | None] = mapped_column(Integer)
    days_per_week: Mapped[Decimal] = mapped_column(Numeric(2, 1))
    charged: Mapped[bool] = mapped_column(Boolean, default=True)
    charge_rule: Mapped[ChargeRule] = mapped_column(enum_column(ChargeRule, "charge_rule"))
    entered_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    entered_by: Mapped[str] = mapped_column(String(120), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
