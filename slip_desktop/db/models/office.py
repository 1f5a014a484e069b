"""The office's own details: the partnership's settings row and the schools' contacts by role."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, Timestamps, enum_column
from slip_desktop.domain.schools import ContactRole


class PartnershipSettings(Timestamps, Base):
    """The partnership's details; one row (id 1) once the coordinator has saved them."""

    __tablename__ = "partnership_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("payment_terms_days BETWEEN 0 AND 120", name="terms_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    coordinator: Mapped[str] = mapped_column(String(120), default="")
    payee: Mapped[str] = mapped_column(String(120), default="")
    sort_code: Mapped[str] = mapped_column(String(8), default="")
    account_number: Mapped[str] = mapped_column(String(8), default="")
    remittance: Mapped[str] = mapped_column(Text, default="")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    marking: Mapped[str] = mapped_column(String(60), default="OFFICIAL-SENSITIVE")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class SchoolContact(Timestamps, Base):
    """A person at a school in one role (SENCO, attendance, finance...)."""

    __tablename__ = "school_contact"
    __table_args__ = (CheckConstraint("length(name) > 0", name="named"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    role: Mapped[ContactRole] = mapped_column(enum_column(ContactRole, "contact_role"))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
