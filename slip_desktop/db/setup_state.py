"""How far a new office has set itself up: what the first-run checklist shows as done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from slip_desktop.db.models import (
    OfferLine,
    PartnershipSettings,
    Person,
    RateSet,
    School,
    StandingInvitation,
    TermDates,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.school_year import academic_year_of


@dataclass(frozen=True)
class SetupState:
    """What the database holds of each first step, for ``academic_year``."""

    academic_year: int
    schools: int
    term_dates: bool
    rates: bool
    people: int
    standing_lists: int
    #: The partnership's own details have been saved (not the defaults).
    partnership: bool = False
    #: The year's offer has been reviewed and saved (else the published offer applies).
    offer: bool = False

    @property
    def people_done(self) -> bool:
        """True once people are recorded and at least one standing list is made."""
        return self.people > 0 and self.standing_lists > 0


def setup_state(store: Store, today: date) -> SetupState:
    """Return what the first-run checklist needs to know, in one short read."""
    year = academic_year_of(today)
    with store.session() as session:
        schools = session.scalar(select(func.count(School.id)).where(School.active.is_(True)))
        terms = session.scalar(
            select(func.count(TermDates.id)).where(TermDates.academic_year == year)
        )
        rates = session.scalar(select(func.count(RateSet.id)).where(RateSet.academic_year == year))
        people = session.scalar(select(func.count(Person.id)).where(Person.active.is_(True)))
        lists = session.scalar(select(func.count(func.distinct(StandingInvitation.meeting_kind))))
        partnership = session.scalar(select(func.count(PartnershipSettings.id)))
        offer = session.scalar(
            select(func.count(OfferLine.id)).where(OfferLine.academic_year == year)
        )
    return SetupState(
        year,
        schools or 0,
        bool(terms),
        bool(rates),
        people or 0,
        lists or 0,
        partnership=bool(partnership),
        offer=bool(offer),
    )
