"""The partnership's own details (name, address, payment details, marking line) and their rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from slip_desktop.domain.validation import Checker

#: Largest logo kept: a letterhead logo is a few kilobytes; this guards the database.
LOGO_MAX_BYTES = 1_000_000
#: Longest payment terms the office offers, in days.
TERMS_MAX_DAYS = 120
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_SORT_CODE = re.compile(r"^[0-9]{2}-?[0-9]{2}-?[0-9]{2}$")
_WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$")


@dataclass(frozen=True)
class Partnership:
    """Who the documents come from and how schools pay; every document reads these."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_png: bytes | None = None
    coordinator: str = ""
    payee: str = ""
    sort_code: str = ""
    account_number: str = ""
    remittance: str = ""
    payment_terms_days: int = 30
    marking: str = "OFFICIAL-SENSITIVE"

    @property
    def address_line(self) -> str:
        """Return the address on one line (for footers)."""
        return ", ".join(part.strip() for part in self.address.splitlines() if part.strip())

    def signature(self) -> str:
        """Return the sign-off of an e-mail: coordinator, partnership, then how to reach it."""
        lines = [self.coordinator, self.name, *self.address.splitlines()]
        lines += [f"Tel. {self.phone}" if self.phone else "", self.email, self.website]
        return "\n".join(line.strip() for line in lines if line.strip())

    def payment_lines(self) -> list[str]:
        """Return how to pay, in words, for a statement (empty when nothing was set)."""
        lines = []
        if self.payee:
            lines.append(f"Payable to: {self.payee}")
        if self.sort_code and self.account_number:
            lines.append(f"Sort code {self.sort_code}, account {self.account_number}")
        if self.remittance:
            lines.append(self.remittance)
        if lines or self.payment_terms_days:
            lines.append(f"Payment due within {self.payment_terms_days} days.")
        return lines


#: The only place a default partnership lives: what a new database shows until it is set.
DEFAULTS = Partnership(name="South Leicestershire Inclusion Partnership")

#: The form's fields, in the order the dialog shows them.
TEXT_FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "website",
    "coordinator",
    "payee",
    "sort_code",
    "account_number",
    "remittance",
    "payment_terms_days",
    "marking",
)


def _sort_code(checker: Checker, text: str) -> str:
    value = "".join(text.split())
    if not value:
        return ""
    if not _SORT_CODE.match(value):
        checker.fail("sort_code", "A sort code is six digits, written 12-34-56.")
        return value
    digits = value.replace("-", "")
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:]}"


def _account(checker: Checker, text: str) -> str:
    value = "".join(text.split())
    if value and not re.fullmatch(r"[0-9]{8}", value):
        checker.fail("account_number", "A bank account number is 8 digits.")
    return value


def _logo(checker: Checker, logo: bytes | None) -> bytes | None:
    if not logo:
        return None
    if not logo.startswith(PNG_SIGNATURE):
        checker.fail("logo_png", "The logo must be a PNG or SVG picture.")
    elif len(logo) > LOGO_MAX_BYTES:
        checker.fail("logo_png", "The logo is larger than 1 MB; save a smaller picture.")
    return logo


def partnership_from_form(texts: Mapping[str, str], logo_png: bytes | None) -> Partnership:
    """Check the typed details and return them as a Partnership.

    Raises:
        ValidationError: naming every field that cannot be accepted, in the coordinator's words.
    """
    checker = Checker()
    name = checker.short_text("name", "partnership's name", texts.get("name", ""))
    if not name:
        checker.fail("name", "Enter the partnership's name as documents should show it.")
    website = " ".join(texts.get("website", "").split())
    if website and not _WEBSITE.match(website):
        checker.fail("website", "This does not look like a web address (www.example.org.uk).")
    terms_text = texts.get("payment_terms_days", "").strip() or "30"
    terms = checker.integer(
        "payment_terms_days", terms_text, "Payment terms", low=0, high=TERMS_MAX_DAYS
    )
    sort_code = _sort_code(checker, texts.get("sort_code", ""))
    account = _account(checker, texts.get("account_number", ""))
    if sort_code and not account:
        checker.fail("account_number", "Enter the account number that goes with the sort code.")
    if account and not sort_code:
        checker.fail("sort_code", "Enter the sort code that goes with the account number.")
    marking = checker.short_text("marking", "marking line", texts.get("marking", ""), 60)
    if not marking:
        checker.fail(
            "marking", "Enter the marking line printed on every page (OFFICIAL-SENSITIVE)."
        )
    partnership = Partnership(
        name=name,
        address=checker.long_text("address", "address", texts.get("address", ""), 400),
        phone=checker.phone("phone", texts.get("phone", "")),
        email=checker.email("email", texts.get("email", "")),
        website=website,
        logo_png=_logo(checker, logo_png),
        coordinator=checker.name(
            "coordinator", "coordinator's name", texts.get("coordinator", ""), required=False
        ),
        payee=checker.short_text("payee", "payee", texts.get("payee", "")),
        sort_code=sort_code,
        account_number=account,
        remittance=checker.long_text(
            "remittance", "remittance instruction", texts.get("remittance", ""), 400
        ),
        payment_terms_days=terms,
        marking=marking,
    )
    checker.raise_if_any()
    return partnership


def form_texts(partnership: Partnership) -> dict[str, str]:
    """Return the details as a form holds them (the inverse of :func:`partnership_from_form`)."""
    return {field: str(getattr(partnership, field)) for field in TEXT_FIELDS}
