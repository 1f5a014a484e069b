"""Action plan rules: what a plan needs, its default review date, and reviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from slip_desktop.domain.errors import ValidationError

#: A forum plan is reviewed about six weeks after the meeting.
REVIEW_AFTER = timedelta(weeks=6)

#: Services the forum most often points schools to: (short name, full name).
SERVICES: tuple[tuple[str, str], ...] = (
    ("CFWS", "Children and Family Wellbeing Service"),
    ("EP", "Educational Psychologist (LCC)"),
    ("AOT", "Autism Outreach Team"),
    ("SENA", "Special Educational Needs Assessment service"),
    ("NHS Care Navigator", "NHS Care Navigator"),
    ("CAMHS", "Child and Adolescent Mental Health Services"),
    ("School nursing", "School nursing service"),
    ("Partnership staff", "Direct support from partnership staff"),
)


def split_services(text: str) -> tuple[list[str], str]:
    """Split a stored services list into the known short names and any other text."""
    known = {short.lower(): short for short, _full in SERVICES}
    picked: list[str] = []
    other: list[str] = []
    for part in (p.strip() for p in text.replace(",", ";").split(";")):
        if not part:
            continue
        if part.lower() in known:
            picked.append(known[part.lower()])
        else:
            other.append(part)
    return picked, "; ".join(other)


def join_services(picked: Sequence[str], other: str) -> str:
    """Return the stored form of the services chosen plus any typed."""
    return "; ".join([*picked, *(p.strip() for p in other.split(";") if p.strip())])


def default_review_date(meeting_on: date) -> date:
    """Return the plan's review date: six weeks after the meeting that discussed it."""
    return meeting_on + REVIEW_AFTER


@dataclass(frozen=True)
class ActionDraft:
    """One agreed action as typed: what, who, by when."""

    what: str
    who: str = ""
    by_when: date | None = None
    done: bool = False


@dataclass(frozen=True)
class PlanDraft:
    """Everything a coordinator types into the action plan editor."""

    discussion_summary: str
    advice: str
    services_signposted: str
    send_guidance: str
    review_due: date | None
    actions: Sequence[ActionDraft] = ()


def validate_plan(draft: PlanDraft, meeting_on: date) -> None:
    """Raise ValidationError naming each part of ``draft`` the office cannot accept."""
    errors: dict[str, str] = {}
    if not draft.discussion_summary.strip():
        errors["discussion_summary"] = "Summarise what the forum discussed."
    if draft.review_due is None:
        errors["review_due"] = "Give a review date (usually six weeks after the meeting)."
    elif draft.review_due <= meeting_on:
        errors["review_due"] = "The review must come after the meeting."
    for number, action in enumerate(draft.actions, start=1):
        if not action.what.strip():
            errors["actions"] = f"Action {number} says nothing; describe it or remove it."
            break
        if action.by_when is not None and action.by_when < meeting_on:
            errors["actions"] = f"Action {number} is due before the meeting was held."
            break
    if errors:
        raise ValidationError(errors)


def validate_review(reviewed_on: date | None, notes: str, sent_on: date | None) -> None:
    """Raise ValidationError unless a plan review can be recorded as typed."""
    errors: dict[str, str] = {}
    if reviewed_on is None:
        errors["reviewed_on"] = "Give the date the plan was reviewed."
    elif sent_on is not None and reviewed_on < sent_on:
        errors["reviewed_on"] = (
            f"The review cannot come before the plan was sent ({sent_on:%d %B %Y})."
        )
    if not notes.strip():
        errors["review_notes"] = "Say briefly what the review found."
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class PlanDocument:
    """Everything printed on one action plan; reports render it, the database fills it.

    For an anonymous case ``pupil_name``, ``upn`` and ``date_of_birth`` are
    ignored by every renderer, so no identifying detail can leak into a PDF.
    """

    referral_id: int
    anonymous: bool
    case_reference: str
    pupil_name: str
    upn: str
    date_of_birth: date | None
    year_group: int
    school: str
    school_contact: str
    school_email: str
    meeting_title: str
    meeting_on: date
    discussion_summary: str
    advice: str
    services_signposted: str
    send_guidance: str
    review_due: date | None
    actions: Sequence[ActionDraft]
    written_on: date | None = None
    attendees: Sequence[str] = ()

    @property
    def heading_name(self) -> str:
        """Return what the plan is called by: the pupil's name, or the case reference."""
        if self.anonymous or not self.pupil_name:
            return f"Case {self.case_reference}"
        return self.pupil_name

    @property
    def file_stem(self) -> str:
        """Return a file name (without extension): the case reference, never a name alone."""
        # the case reference always: two pupils with one name never share a file name
        who = "" if self.anonymous else self.pupil_name
        label = f"{self.case_reference} {who}".strip()
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in label).strip()
        return f"{self.meeting_on:%Y-%m-%d} Action plan - {safe or self.referral_id}"
