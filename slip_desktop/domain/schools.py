"""Partner schools: DfE numbers, phases, the contacts by role, and who gets which e-mail."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slip_desktop.domain.enums import Labelled
from slip_desktop.domain.validation import Checker


class Phase(Labelled):
    """The DfE phase of education of a school."""

    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    MIDDLE = "middle", "Middle deemed secondary"
    PRIMARY = "primary", "Primary"
    SPECIAL = "special", "Special"
    ALTERNATIVE = "alternative", "Alternative provision"
    SIXTH_FORM = "sixth_form", "16 plus"


class ContactRole(Labelled):
    """A person at a school the partnership writes to."""

    HEAD = "head", "Head teacher"
    SENCO = "senco", "SENCO"
    DSL = "dsl", "Designated safeguarding lead"
    ATTENDANCE = "attendance", "Attendance contact"
    FINANCE = "finance", "Finance contact (statements)"
    LINK = "link", "School link"


class MailPurpose(Labelled):
    """Why a draft is written: it decides which contact it goes to."""

    PLANS = "plans", "Action plans"
    ATTENDANCE = "attendance", "Attendance digest"
    STATEMENTS = "statements", "Statement of charges"


#: Who each kind of mail goes to, in order of preference.
ROUTES: Mapping[MailPurpose, tuple[ContactRole, ...]] = {
    MailPurpose.PLANS: (ContactRole.SENCO,),
    MailPurpose.ATTENDANCE: (ContactRole.ATTENDANCE,),
    MailPurpose.STATEMENTS: (ContactRole.FINANCE,),
}


@dataclass(frozen=True)
class Contact:
    """One person at a school, in one role."""

    role: ContactRole
    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SchoolDetails:
    """A school as its form holds it (without contacts)."""

    name: str
    short_name: str = ""
    urn: str = ""
    la_code: str = ""
    la_name: str = ""
    phase: Phase = Phase.SECONDARY
    address: str = ""
    phone: str = ""


def contact_for(
    contacts: Iterable[Contact], purpose: MailPurpose, referrer: Contact | None = None
) -> Contact | None:
    """Return who a draft for ``purpose`` goes to, or None when the school has nobody for it.

    Plans go to the SENCO, else the referrer, else anyone at the school with an e-mail;
    attendance digests only to the attendance contact and statements only to the
    finance contact, since those carry figures meant for one office. A contact with an
    e-mail is preferred; one without is still named. The referrer's role is not read.
    """
    contacts = list(contacts)
    with_email = [c for c in contacts if c.email]
    for role in ROUTES[purpose]:
        found = next((c for c in with_email if c.role == role), None)
        if found is not None:
            return found
    if purpose is not MailPurpose.PLANS:
        # Named without an e-mail: the digest is still addressed to them on paper.
        return next((c for c in contacts if c.role in ROUTES[purpose]), None)
    if referrer is not None and referrer.email:
        return referrer
    senco = next((c for c in contacts if c.role is ContactRole.SENCO), None)
    return senco or (with_email[0] if with_email else None)


def check_urn(checker: Checker, text: str) -> str:
    """Clean an optional DfE unique reference number (6 digits)."""
    value = "".join(text.split())
    if value and not re.fullmatch(r"[0-9]{6}", value):
        checker.fail(
            "urn", "A school's URN is 6 digits (find it on Get Information about Schools)."
        )
    return value


def check_la_code(checker: Checker, text: str) -> str:
    """Clean an optional local authority code (3 digits, e.g. 855)."""
    value = "".join(text.split())
    if value and not re.fullmatch(r"[0-9]{3}", value):
        checker.fail("la_code", "A local authority code is 3 digits, e.g. 855.")
    return value


def school_from_form(texts: Mapping[str, str]) -> SchoolDetails:
    """Check a school's typed details.

    Raises:
        ValidationError: naming every field that cannot be accepted.
    """
    checker = Checker()
    name = checker.short_text("name", "school's name", texts.get("name", ""))
    if not name:
        checker.fail("name", "Enter the school's name.")
    phase_text = texts.get("phase", "") or Phase.SECONDARY.value
    details = SchoolDetails(
        name=name,
        short_name=checker.short_text("short_name", "short name", texts.get("short_name", ""), 40),
        urn=check_urn(checker, texts.get("urn", "")),
        la_code=check_la_code(checker, texts.get("la_code", "")),
        la_name=checker.short_text("la_name", "local authority", texts.get("la_name", "")),
        phase=Phase(checker.choice("phase", phase_text, "Phase", [p.value for p in Phase])),
        address=checker.long_text("address", "address", texts.get("address", ""), 400),
        phone=checker.phone("phone", texts.get("phone", "")),
    )
    checker.raise_if_any()
    return details


def contacts_from_form(rows: Mapping[ContactRole, Mapping[str, str]]) -> list[Contact]:
    """Check the contacts typed per role; a role left blank has no contact.

    Field names are ``<role>_name``, ``<role>_email`` and ``<role>_phone``.

    Raises:
        ValidationError: naming every field that cannot be accepted.
    """
    checker = Checker()
    found: list[Contact] = []
    for role, texts in rows.items():
        name = checker.name(
            f"{role.value}_name", f"{role.label}'s name", texts.get("name", ""), False
        )
        email = checker.email(f"{role.value}_email", texts.get("email", ""))
        phone = checker.phone(f"{role.value}_phone", texts.get("phone", ""))
        if (email or phone) and not name:
            checker.fail(f"{role.value}_name", f"Enter the name of the {role.label.lower()}.")
        if name:
            found.append(Contact(role, name, email, phone))
    checker.raise_if_any()
    return found
