"""A partner school's form and contacts, and who each draft goes to: every rule and branch."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.schools import (
    Contact,
    ContactRole,
    MailPurpose,
    Phase,
    SchoolDetails,
    check_la_code,
    check_urn,
    contact_for,
    contacts_from_form,
    school_from_form,
)
from slip_desktop.domain.validation import Checker

FULL = {
    "name": "Harbour Vale Academy",
    "short_name": "HVA",
    "urn": " 990 101 ",
    "la_code": "855",
    "la_name": "Leicestershire",
    "phase": "all_through",
    "address": "1 Quay Road\r\nWigston",
    "phone": "0116 496 0101",
}


def _refused(changes: dict[str, str]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        school_from_form({**FULL, **changes})
    return caught.value.errors


def test_every_school_detail_typed_is_kept_tidied() -> None:
    assert school_from_form(FULL) == SchoolDetails(
        name="Harbour Vale Academy",
        short_name="HVA",
        urn="990101",
        la_code="855",
        la_name="Leicestershire",
        phase=Phase.ALL_THROUGH,
        address="1 Quay Road\nWigston",
        phone="0116 496 0101",
    )


def test_a_school_with_only_its_name_is_secondary_with_nothing_else() -> None:
    assert school_from_form({"name": "Harbour Vale"}) == SchoolDetails("Harbour Vale")
    assert school_from_form({**FULL, "phase": ""}).phase is Phase.SECONDARY


def test_a_school_needs_its_name_up_to_120_characters() -> None:
    assert school_from_form({**FULL, "name": "S" * 120}).name == "S" * 120
    assert _refused({"name": "S" * 121}) == {
        "name": "The school's name can be at most 120 characters (121)."
    }
    assert _refused({"name": " "}) == {"name": "Enter the school's name."}
    with pytest.raises(ValidationError) as caught:
        school_from_form({})
    assert caught.value.errors == {"name": "Enter the school's name."}


@pytest.mark.parametrize(
    ("field", "label", "limit"),
    [("short_name", "short name", 40), ("la_name", "local authority", 120)],
)
def test_short_name_and_local_authority_at_their_limit_and_one_over(
    field: str, label: str, limit: int
) -> None:
    assert getattr(school_from_form({**FULL, field: "x" * limit}), field) == "x" * limit
    assert _refused({field: "x" * (limit + 1)}) == {
        field: f"The {label} can be at most {limit} characters ({limit + 1})."
    }


def test_the_address_takes_400_characters_and_the_phone_is_checked() -> None:
    assert len(school_from_form({**FULL, "address": "a" * 400}).address) == 400
    assert _refused({"address": "a" * 401}) == {
        "address": "The address can be at most 400 characters; this has 401. "
        "Shorten it or attach the rest to the school's file."
    }
    assert _refused({"phone": "ring the office"}) == {
        "phone": "A phone number has digits, spaces, brackets, + and - only."
    }


@pytest.mark.parametrize("phase", list(Phase))
def test_each_phase_is_accepted_by_its_value(phase: Phase) -> None:
    assert school_from_form({**FULL, "phase": phase.value}).phase is phase


def test_a_phase_not_in_the_list_is_refused() -> None:
    assert _refused({"phase": "Secondary"}) == {"phase": "Choose phase from the list."}


@pytest.mark.parametrize("urn", ["99010", "9901012", "99O101", "99-010"])
def test_a_urn_is_exactly_six_digits(urn: str) -> None:
    assert _refused({"urn": urn}) == {
        "urn": "A school's URN is 6 digits (find it on Get Information about Schools)."
    }


@pytest.mark.parametrize("code", ["85", "8555", "85S"])
def test_a_local_authority_code_is_exactly_three_digits(code: str) -> None:
    assert _refused({"la_code": code}) == {
        "la_code": "A local authority code is 3 digits, e.g. 855."
    }


def test_urn_and_la_code_may_be_left_empty_and_lose_their_spaces() -> None:
    details = school_from_form({**FULL, "urn": "  ", "la_code": " 8 5 5 "})
    assert (details.urn, details.la_code) == ("", "855")


def test_every_wrong_school_detail_is_named_at_once() -> None:
    errors = _refused({"name": "", "urn": "1", "la_code": "1", "phase": "x", "phone": "x"})
    assert set(errors) == {"name", "urn", "la_code", "phase", "phone"}


def test_each_contact_is_kept_with_its_role_in_the_order_typed() -> None:
    found = contacts_from_form(
        {
            ContactRole.HEAD: {"name": " Олег  Петренко ", "phone": "0116 496 0102"},
            ContactRole.SENCO: {"name": "Nguyễn Thị Ánh", "email": "senco@hva.example.sch.uk"},
            ContactRole.DSL: {},
        }
    )
    assert found == [
        Contact(ContactRole.HEAD, "Олег Петренко", "", "0116 496 0102"),
        Contact(ContactRole.SENCO, "Nguyễn Thị Ánh", "senco@hva.example.sch.uk", ""),
    ]


def test_a_contact_with_an_email_or_phone_needs_a_name() -> None:
    for texts in ({"email": "fin@hva.example.sch.uk"}, {"phone": "0116 496 0103"}):
        with pytest.raises(ValidationError) as caught:
            contacts_from_form({ContactRole.FINANCE: texts})
        assert caught.value.errors == {
            "finance_name": "Enter the name of the finance contact (statements)."
        }


def test_a_contacts_wrong_name_email_or_phone_is_named_by_role() -> None:
    with pytest.raises(ValidationError) as caught:
        contacts_from_form(
            {
                ContactRole.SENCO: {"name": "R2-D2"},
                ContactRole.DSL: {"name": "Zoë", "email": "zoe at school"},
                ContactRole.ATTENDANCE: {"name": "Zoë", "phone": "call"},
            }
        )
    assert caught.value.errors == {
        "senco_name": "The SENCO's name cannot contain '2'. Use letters, spaces, ' and -.",
        "dsl_email": "This does not look like an e-mail address (name@school.sch.uk).",
        "attendance_phone": "A phone number has digits, spaces, brackets, + and - only.",
    }


SENCO = Contact(ContactRole.SENCO, "Jo Senco", "senco@x.example")
SENCO_ON_PAPER = Contact(ContactRole.SENCO, "Jo Senco")
HEAD = Contact(ContactRole.HEAD, "Head Teacher", "head@x.example")
HEAD_ON_PAPER = Contact(ContactRole.HEAD, "Head Teacher")
FINANCE = Contact(ContactRole.FINANCE, "Fin Person", "finance@x.example")
FINANCE_ON_PAPER = Contact(ContactRole.FINANCE, "Fin Person")
ATTENDANCE_ON_PAPER = Contact(ContactRole.ATTENDANCE, "Олег Петренко")
REFERRER = Contact(ContactRole.HEAD, "Zoë O'Brien-Ćorić", "zoe@x.example")
REFERRER_ON_PAPER = Contact(ContactRole.HEAD, "Zoë O'Brien-Ćorić")


def test_a_contact_with_an_email_is_preferred_to_one_named_on_paper() -> None:
    assert contact_for([FINANCE_ON_PAPER, FINANCE], MailPurpose.STATEMENTS) == FINANCE
    assert contact_for([SENCO_ON_PAPER, SENCO], MailPurpose.PLANS) == SENCO


def test_digests_and_statements_go_to_their_contact_on_paper_when_there_is_no_email() -> None:
    everyone = iter([HEAD, SENCO, ATTENDANCE_ON_PAPER, FINANCE_ON_PAPER])
    assert contact_for(everyone, MailPurpose.ATTENDANCE) == ATTENDANCE_ON_PAPER
    assert contact_for([HEAD, FINANCE_ON_PAPER], MailPurpose.STATEMENTS) == FINANCE_ON_PAPER
    assert contact_for([HEAD, SENCO], MailPurpose.STATEMENTS, REFERRER) is None


def test_plans_go_to_the_referrer_with_an_email_before_a_senco_on_paper() -> None:
    assert contact_for([HEAD, SENCO_ON_PAPER], MailPurpose.PLANS, REFERRER) == REFERRER


def test_plans_go_to_the_senco_on_paper_when_the_referrer_has_no_email() -> None:
    assert contact_for([HEAD, SENCO_ON_PAPER], MailPurpose.PLANS, REFERRER_ON_PAPER) == (
        SENCO_ON_PAPER
    )
    assert contact_for([HEAD, SENCO_ON_PAPER], MailPurpose.PLANS) == SENCO_ON_PAPER


def test_plans_go_to_the_first_contact_with_an_email_when_there_is_no_senco() -> None:
    assert contact_for([HEAD_ON_PAPER, FINANCE, HEAD], MailPurpose.PLANS) == FINANCE
    assert contact_for([HEAD_ON_PAPER], MailPurpose.PLANS, REFERRER_ON_PAPER) is None


def test_each_kind_of_mail_goes_to_its_one_role() -> None:
    assert contact_for([HEAD, FINANCE, SENCO], MailPurpose.STATEMENTS) == FINANCE
    assert contact_for([HEAD, FINANCE, SENCO], MailPurpose.PLANS) == SENCO
    assert contact_for([HEAD, FINANCE], MailPurpose.ATTENDANCE) is None


def test_the_urn_check_returns_what_was_typed_without_spaces() -> None:
    checker = Checker()
    assert check_urn(checker, " 99 01 01") == "990101" and not checker.errors
    assert check_la_code(checker, "8 55") == "855" and not checker.errors


# -- properties with two sides ------------------------------------------------------------

_letters = st.characters(categories=("L",), exclude_characters="\u0345")


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(alphabet=_letters, min_size=1, max_size=60),
    urn=st.from_regex(r"[0-9]{6}", fullmatch=True) | st.just(""),
    la_code=st.from_regex(r"[0-9]{3}", fullmatch=True) | st.just(""),
    phase=st.sampled_from(Phase),
)
def test_valid_school_details_are_accepted_and_returned_equal(
    name: str, urn: str, la_code: str, phase: Phase
) -> None:
    details = school_from_form({"name": name, "urn": urn, "la_code": la_code, "phase": phase})
    assert details == SchoolDetails(unicodedata.normalize("NFC", name), "", urn, la_code, "", phase)


@settings(max_examples=150, deadline=None)
@given(
    field=st.sampled_from(["urn", "la_code", "phase"]),
    typed=st.text(alphabet="0123456789 a_", min_size=1, max_size=8),
)
def test_a_wrong_school_detail_is_refused_naming_only_its_field(field: str, typed: str) -> None:
    try:
        details = school_from_form({"name": "Harbour Vale", field: typed})
    except ValidationError as error:
        assert set(error.errors) == {field}
        return
    kept = "".join(typed.split())
    if field == "urn":
        assert details.urn == kept and (kept == "" or (len(kept) == 6 and kept.isdigit()))
    elif field == "la_code":
        assert details.la_code == kept and (kept == "" or (len(kept) == 3 and kept.isdigit()))
    else:
        assert details.phase.value == typed
