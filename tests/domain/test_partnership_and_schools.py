"""Partnership details, school URNs and contacts: accepted when right, refused by field."""

from __future__ import annotations

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.partnership import (
    DEFAULTS,
    PNG_SIGNATURE,
    form_texts,
    partnership_from_form,
)
from slip_desktop.domain.schools import (
    Contact,
    ContactRole,
    MailPurpose,
    contact_for,
    contacts_from_form,
    school_from_form,
)

GOOD = {
    "name": "Wolds & Vale Inclusion Partnership",
    "email": "office@wolds.example.org",
    "phone": "0116 496 0000",
    "website": "https://www.wolds.example.org/office",
    "coordinator": "Σοφία Παπαδοπούλου",
    "sort_code": "009901",
    "account_number": "00012345",
    "payment_terms_days": "45",
    "marking": "OFFICIAL-SENSITIVE",
}


def _refused(texts: dict[str, str], logo: bytes | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        partnership_from_form(texts, logo)
    return caught.value.errors


def test_good_partnership_details_are_accepted_and_tidied() -> None:
    office = partnership_from_form(GOOD, PNG_SIGNATURE + b"rest")
    assert office.sort_code == "00-99-01" and office.payment_terms_days == 45
    assert office.coordinator == "Σοφία Παπαδοπούλου" and office.logo_png is not None
    assert form_texts(office)["sort_code"] == "00-99-01"


def test_the_defaults_pass_their_own_rules() -> None:
    assert partnership_from_form(form_texts(DEFAULTS), None) == DEFAULTS
    assert DEFAULTS.marking == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("email", "office at wolds", "e-mail"),
        ("sort_code", "12-34-5", "12-34-56"),
        ("sort_code", "12345678", "12-34-56"),
        ("account_number", "1234567", "8 digits"),
        ("account_number", "1234567a", "8 digits"),
        ("payment_terms_days", "121", "between 0 and 120"),
        ("payment_terms_days", "-1", "between 0 and 120"),
        ("payment_terms_days", "thirty", "whole number"),
        ("website", "not a site", "web address"),
        ("name", "  ", "name"),
        ("marking", "", "marking line"),
        ("phone", "call us", "phone"),
    ],
)
def test_a_wrong_partnership_detail_is_refused_naming_its_field(
    field: str, value: str, words: str
) -> None:
    errors = _refused({**GOOD, field: value})
    assert field in errors and words in errors[field]


def test_sort_code_and_account_number_go_together() -> None:
    assert "account_number" in _refused({**GOOD, "account_number": ""})
    assert "sort_code" in _refused({**GOOD, "sort_code": ""})


def test_a_logo_that_is_not_png_is_refused() -> None:
    assert "logo_png" in _refused(GOOD, b"GIF89a...")


def test_urn_is_exactly_six_digits_and_la_code_three() -> None:
    assert school_from_form({"name": "Harbour Vale Academy", "urn": " 990101 "}).urn == "990101"
    for urn in ("99010", "9901012", "99O101"):
        with pytest.raises(ValidationError) as caught:
            school_from_form({"name": "Harbour Vale Academy", "urn": urn})
        assert "6 digits" in caught.value.errors["urn"]
    with pytest.raises(ValidationError) as caught:
        school_from_form({"name": "Harbour Vale Academy", "la_code": "85"})
    assert "la_code" in caught.value.errors


def test_contacts_are_checked_per_role_and_blank_roles_dropped() -> None:
    found = contacts_from_form(
        {
            ContactRole.SENCO: {"name": "Nguyễn Thị Ánh", "email": "senco@hva.example.sch.uk"},
            ContactRole.HEAD: {"name": "", "email": "", "phone": ""},
        }
    )
    assert found == [Contact(ContactRole.SENCO, "Nguyễn Thị Ánh", "senco@hva.example.sch.uk")]
    with pytest.raises(ValidationError) as caught:
        contacts_from_form({ContactRole.FINANCE: {"name": "", "email": "fin@x.example"}})
    assert "finance_name" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        contacts_from_form({ContactRole.SENCO: {"name": "Jo", "email": "jo at school"}})
    assert "senco_email" in caught.value.errors


SENCO = Contact(ContactRole.SENCO, "Jo Senco", "senco@x.example")
ATTENDANCE = Contact(ContactRole.ATTENDANCE, "Олег Петренко", "attendance@x.example")
FINANCE = Contact(ContactRole.FINANCE, "Fin Person", "finance@x.example")
HEAD = Contact(ContactRole.HEAD, "Head Teacher", "head@x.example")
REFERRER = Contact(ContactRole.SENCO, "Zoë O'Brien-Ćorić", "zoe@x.example")


def test_plans_go_to_the_senco_else_the_referrer_else_anyone() -> None:
    everyone = [HEAD, SENCO, ATTENDANCE, FINANCE]
    assert contact_for(everyone, MailPurpose.PLANS, REFERRER) == SENCO
    assert contact_for([HEAD, FINANCE], MailPurpose.PLANS, REFERRER) == REFERRER
    assert contact_for([HEAD, FINANCE], MailPurpose.PLANS) == HEAD
    assert contact_for([], MailPurpose.PLANS) is None


def test_attendance_digests_and_statements_go_only_to_their_contact() -> None:
    everyone = [HEAD, SENCO, ATTENDANCE, FINANCE]
    assert contact_for(everyone, MailPurpose.ATTENDANCE) == ATTENDANCE
    assert contact_for(everyone, MailPurpose.STATEMENTS) == FINANCE
    assert contact_for([HEAD, SENCO], MailPurpose.STATEMENTS) is None
    assert contact_for([HEAD, SENCO], MailPurpose.ATTENDANCE) is None
