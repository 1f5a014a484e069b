"""Every model, imported here so the metadata is complete for migrations and the store."""

from slip_desktop.db.models.admin import AppUser, AuditEvent, Setting
from slip_desktop.db.models.base import Base
from slip_desktop.db.models.core import Decision, ManagedMove
from slip_desktop.db.models.finance import (
    Adjustment,
    InvoiceSequence,
    RateSet,
    Statement,
    StatementLine,
    TermLock,
)
from slip_desktop.db.models.imports import ImportItem, ImportRun
from slip_desktop.db.models.invitations import Person, StandingInvitation
from slip_desktop.db.models.meetings import (
    ActionItem,
    ActionPlan,
    AgendaItem,
    Meeting,
    MeetingAttendee,
    TermDates,
)
from slip_desktop.db.models.offer import OfferLine
from slip_desktop.db.models.office import PartnershipSettings, SchoolContact
from slip_desktop.db.models.people import Provider, Pupil, School, StaffMember
from slip_desktop.db.models.placements import AttendanceMark, Placement, Review, SchoolVisit
from slip_desktop.db.models.referrals import Referral

__all__ = [
    "ActionItem",
    "ActionPlan",
    "Adjustment",
    "InvoiceSequence",
    "AgendaItem",
    "AppUser",
    "AttendanceMark",
    "AuditEvent",
    "Base",
    "Decision",
    "ImportItem",
    "ImportRun",
    "ManagedMove",
    "Meeting",
    "PartnershipSettings",
    "MeetingAttendee",
    "OfferLine",
    "Person",
    "Placement",
    "Provider",
    "Pupil",
    "RateSet",
    "Referral",
    "Review",
    "School",
    "SchoolContact",
    "SchoolVisit",
    "Setting",
    "StandingInvitation",
    "StaffMember",
    "Statement",
    "StatementLine",
    "TermDates",
    "TermLock",
]
