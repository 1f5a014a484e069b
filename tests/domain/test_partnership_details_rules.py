"""The partnership's details form: each field at its limit and one over, each refusal in words."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.partnership import (
    LOGO_MAX_BYTES,
    PNG_SIGNATURE,
    TEXT_FIELDS,
    Partnership,
    form_texts,
    partnership_from_form,
)

FULL = {
    "name": "Wolds & Vale Inclusion Partnership",
    "address": "Unit 4, Mill Lane\n\nWigston\r\nLE18 9ZZ",
    "phone": "0116 496 0000",
    "email": "office@wolds.example.org",
    "website": "www.wolds.example.org",
    "coordinator": "Σοφία Παπαδοπούλου",
    "payee": "Wolds & Vale Schools Trust",
    "sort_code": "00 99 01",
    "account_number": "0001 2345",
    "remittance": "Quote the statement number.",
    "payment_terms_days": "45",
    "marking": "OFFICIAL",
}
LOGO = PNG_SIGNATURE + b"\x00" * 16


def _refused(changes: dict[str, str], logo: bytes | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        partnership_from_form({**FULL, **changes}, logo)
    return caught.value.errors


def test_every_detail_typed_is_kept_tidied() -> None:
    assert partnership_from_form(FULL, LOGO) == Partnership(
        name="Wolds & Vale Inclusion Partnership",
        address="Unit 4, Mill Lane\n\nWigston\nLE18 9ZZ",
        phone="0116 496 0000",
        email="office@wolds.example.org",
        website="www.wolds.example.org",
        logo_png=LOGO,
        coordinator="Σοφία Παπαδοπούλου",
        payee="Wolds & Vale Schools Trust",
        sort_code="00-99-01",
        account_number="00012345",
        remittance="Quote the statement number.",
        payment_terms_days=45,
        marking="OFFICIAL",
    )


def test_a_form_with_only_the_name_and_marking_takes_the_defaults() -> None:
    office = partnership_from_form({"name": "Harbour Vale", "marking": "OFFICIAL"}, None)
    assert office == Partnership(name="Harbour Vale", payment_terms_days=30, marking="OFFICIAL")


def test_the_form_shows_every_detail_as_text_in_the_dialogs_order() -> None:
    office = partnership_from_form(FULL, None)
    assert form_texts(office) == {
        "name": "Wolds & Vale Inclusion Partnership",
        "address": "Unit 4, Mill Lane\n\nWigston\nLE18 9ZZ",
        "phone": "0116 496 0000",
        "email": "office@wolds.example.org",
        "website": "www.wolds.example.org",
        "coordinator": "Σοφία Παπαδοπούλου",
        "payee": "Wolds & Vale Schools Trust",
        "sort_code": "00-99-01",
        "account_number": "00012345",
        "remittance": "Quote the statement number.",
        "payment_terms_days": "45",
        "marking": "OFFICIAL",
    }
    assert list(form_texts(office)) == list(TEXT_FIELDS)
    assert partnership_from_form(form_texts(office), None) == office


def test_the_name_is_required_up_to_120_characters() -> None:
    assert partnership_from_form({**FULL, "name": "N" * 120}, None).name == "N" * 120
    assert _refused({"name": "N" * 121}) == {
        "name": "The partnership's name can be at most 120 characters (121)."
    }
    expected = {"name": "Enter the partnership's name as documents should show it."}
    assert _refused({"name": "  "}) == expected
    texts = {k: v for k, v in FULL.items() if k != "name"}
    with pytest.raises(ValidationError) as caught:
        partnership_from_form(texts, None)
    assert caught.value.errors == expected


def test_the_marking_line_is_required_up_to_60_characters() -> None:
    assert partnership_from_form({**FULL, "marking": "M" * 60}, None).marking == "M" * 60
    assert _refused({"marking": "M" * 61}) == {
        "marking": "The marking line can be at most 60 characters (61)."
    }
    expected = {"marking": "Enter the marking line printed on every page (OFFICIAL-SENSITIVE)."}
    assert _refused({"marking": ""}) == expected
    with pytest.raises(ValidationError) as caught:
        partnership_from_form({"name": "Harbour Vale"}, None)
    assert caught.value.errors == expected


@pytest.mark.parametrize(
    ("field", "label"), [("address", "address"), ("remittance", "remittance instruction")]
)
def test_the_address_and_remittance_take_400_characters(field: str, label: str) -> None:
    longest = "a\n" * 199 + "aa"
    assert getattr(partnership_from_form({**FULL, field: longest}, None), field) == longest
    assert _refused({field: "a" * 401}) == {
        field: f"The {label} can be at most 400 characters; this has 401. "
        "Shorten it or attach the rest to the school's file."
    }


def test_the_payee_takes_120_characters() -> None:
    assert partnership_from_form({**FULL, "payee": "P" * 120}, None).payee == "P" * 120
    assert _refused({"payee": "P" * 121}) == {
        "payee": "The payee can be at most 120 characters (121)."
    }


def test_the_coordinator_may_be_left_empty_but_must_be_a_name() -> None:
    assert partnership_from_form({**FULL, "coordinator": " "}, None).coordinator == ""
    assert _refused({"coordinator": "R2-D2"}) == {
        "coordinator": "The coordinator's name cannot contain '2'. Use letters, spaces, ' and -."
    }


def test_phone_and_email_are_named_on_their_own_fields() -> None:
    assert _refused({"phone": "call us"}) == {
        "phone": "A phone number has digits, spaces, brackets, + and - only."
    }
    assert _refused({"email": "office at wolds"}) == {
        "email": "This does not look like an e-mail address (name@school.sch.uk)."
    }


@pytest.mark.parametrize(
    "website",
    ["www.wolds.example.org", "https://wolds.example.org/office", "http://x-y.example", "a.b"],
)
def test_a_web_address_with_or_without_its_scheme_is_accepted(website: str) -> None:
    assert partnership_from_form({**FULL, "website": f" {website} "}, None).website == website


@pytest.mark.parametrize(
    "website", ["wolds", "ftp://wolds.example.org", "www.wolds .org", "https://", "www..org"]
)
def test_a_web_address_that_is_not_one_is_refused(website: str) -> None:
    assert _refused({"website": website}) == {
        "website": "This does not look like a web address (www.example.org.uk)."
    }


@pytest.mark.parametrize(("typed", "days"), [("0", 0), ("120", 120), ("", 30), ("  ", 30)])
def test_payment_terms_run_from_0_to_120_days_and_default_to_30(typed: str, days: int) -> None:
    office = partnership_from_form({**FULL, "payment_terms_days": typed}, None)
    assert office.payment_terms_days == days


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("121", "Payment terms must be between 0 and 120."),
        ("-1", "Payment terms must be between 0 and 120."),
        ("thirty", "Payment terms must be a whole number."),
    ],
)
def test_payment_terms_outside_0_to_120_are_refused(typed: str, message: str) -> None:
    assert _refused({"payment_terms_days": typed}) == {"payment_terms_days": message}


@pytest.mark.parametrize(("typed", "kept"), [("123456", "12-34-56"), ("12-3456", "12-34-56")])
def test_a_sort_code_is_six_digits_written_in_pairs(typed: str, kept: str) -> None:
    assert partnership_from_form({**FULL, "sort_code": typed}, None).sort_code == kept


@pytest.mark.parametrize("typed", ["12345", "1234567", "12-34-5a", "12--3456", "12/34/56"])
def test_a_sort_code_that_is_not_six_digits_is_refused(typed: str) -> None:
    assert _refused({"sort_code": typed}) == {
        "sort_code": "A sort code is six digits, written 12-34-56."
    }


@pytest.mark.parametrize("typed", ["1234567", "123456789", "1234567a"])
def test_an_account_number_is_eight_digits(typed: str) -> None:
    assert _refused({"account_number": typed}) == {
        "account_number": "A bank account number is 8 digits."
    }


def test_the_sort_code_and_account_number_are_given_together_or_not_at_all() -> None:
    assert _refused({"account_number": " "}) == {
        "account_number": "Enter the account number that goes with the sort code."
    }
    assert _refused({"sort_code": ""}) == {
        "sort_code": "Enter the sort code that goes with the account number."
    }
    neither = partnership_from_form({**FULL, "sort_code": "", "account_number": ""}, None)
    assert (neither.sort_code, neither.account_number) == ("", "")


def test_a_logo_is_a_png_of_at_most_one_megabyte() -> None:
    largest = PNG_SIGNATURE + b"\x00" * (LOGO_MAX_BYTES - len(PNG_SIGNATURE))
    assert partnership_from_form(FULL, largest).logo_png == largest
    assert partnership_from_form(FULL, b"").logo_png is None
    assert partnership_from_form(FULL, None).logo_png is None
    assert _refused({}, largest + b"\x00") == {
        "logo_png": "The logo is larger than 1 MB; save a smaller picture."
    }
    assert _refused({}, b"GIF89a" + b"\x00" * 10) == {
        "logo_png": "The logo must be a PNG or SVG picture."
    }


def test_every_wrong_detail_is_named_at_once() -> None:
    errors = _refused({"name": "", "website": "x", "account_number": "1", "marking": ""}, b"GIF")
    assert set(errors) == {"name", "website", "account_number", "marking", "logo_png"}


def test_the_address_line_joins_the_address_lines_that_hold_text() -> None:
    office = Partnership("P", address=" 1 High St \n  \nWigston\nLE18 1AA\n")
    assert office.address_line == "1 High St, Wigston, LE18 1AA"
    assert Partnership("P").address_line == ""


def test_the_signature_names_the_coordinator_partnership_and_how_to_reach_it() -> None:
    office = Partnership(
        "Wolds & Vale",
        address="1 High St\n\n Wigston ",
        phone="0116 496 0000",
        email="office@wolds.example.org",
        website="www.wolds.example.org",
        coordinator="Zoë O'Brien-Ćorić",
    )
    assert office.signature() == (
        "Zoë O'Brien-Ćorić\nWolds & Vale\n1 High St\nWigston\nTel. 0116 496 0000\n"
        "office@wolds.example.org\nwww.wolds.example.org"
    )
    assert Partnership("Wolds & Vale").signature() == "Wolds & Vale"


def test_payment_lines_say_who_to_pay_how_and_by_when() -> None:
    office = Partnership(
        "P",
        payee="Wolds Trust",
        sort_code="00-99-01",
        account_number="00012345",
        remittance="Quote the statement number.",
        payment_terms_days=45,
    )
    assert office.payment_lines() == [
        "Payable to: Wolds Trust",
        "Sort code 00-99-01, account 00012345",
        "Quote the statement number.",
        "Payment due within 45 days.",
    ]


def test_payment_lines_leave_out_what_was_not_set() -> None:
    assert Partnership("P").payment_lines() == ["Payment due within 30 days."]
    assert Partnership("P", payment_terms_days=0).payment_lines() == []
    assert Partnership("P", payee="T", payment_terms_days=0).payment_lines() == [
        "Payable to: T",
        "Payment due within 0 days.",
    ]
    assert Partnership("P", sort_code="00-99-01", payment_terms_days=0).payment_lines() == []
    assert Partnership("P", account_number="00012345", payment_terms_days=0).payment_lines() == []
    assert Partnership("P", remittance="R", payment_terms_days=0).payment_lines() == [
        "R",
        "Payment due within 0 days.",
    ]


# -- properties with two sides: valid details come back equal, wrong ones are named -------

_letters = st.characters(categories=("L",), exclude_characters="\u0345")
_names = st.text(alphabet=_letters, min_size=1, max_size=30)
_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@settings(max_examples=150, deadline=None)
@given(
    name=_names,
    coordinator=_names,
    sort=st.lists(_digits, min_size=6, max_size=6).map("".join),
    account=st.lists(_digits, min_size=8, max_size=8).map("".join),
    terms=st.integers(0, 120),
    marking=st.text(alphabet=_letters, min_size=1, max_size=30),
)
def test_valid_details_are_accepted_and_returned_equal(
    name: str, coordinator: str, sort: str, account: str, terms: int, marking: str
) -> None:
    texts = {
        **FULL,
        "name": name,
        "coordinator": coordinator,
        "sort_code": sort,
        "account_number": account,
        "payment_terms_days": str(terms),
        "marking": marking,
    }
    office = partnership_from_form(texts, LOGO)
    # Text is kept in NFC, the one form every comparison and search uses.
    assert office.name == unicodedata.normalize("NFC", name)
    assert office.coordinator == unicodedata.normalize("NFC", coordinator)
    assert office.sort_code == f"{sort[:2]}-{sort[2:4]}-{sort[4:]}"
    assert office.account_number == account
    assert office.payment_terms_days == terms
    assert office.marking == unicodedata.normalize("NFC", marking)
    assert partnership_from_form(form_texts(office), LOGO) == office


@settings(max_examples=150, deadline=None)
@given(
    field=st.sampled_from(["sort_code", "account_number", "payment_terms_days", "website"]),
    typed=st.text(alphabet="0123456789-x. ", min_size=1, max_size=12),
)
def test_a_wrong_detail_is_refused_naming_only_its_field(field: str, typed: str) -> None:
    texts = {**FULL, field: typed}
    try:
        office = partnership_from_form(texts, None)
    except ValidationError as error:
        assert set(error.errors) == {field}
        return
    # Accepted: then it was right, and is kept as the rule reads it.
    kept = "".join(typed.split())
    if field == "sort_code":
        assert office.sort_code.replace("-", "") == kept.replace("-", "")
        assert len(office.sort_code) == 8
    elif field == "account_number":
        assert office.account_number == kept and len(kept) == 8 and kept.isdigit()
    elif field == "payment_terms_days":
        assert office.payment_terms_days == int(typed.strip() or "30")
        assert 0 <= office.payment_terms_days <= 120
    else:
        assert office.website == " ".join(typed.split())
