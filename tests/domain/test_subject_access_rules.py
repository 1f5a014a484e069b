"""Subject access export rules: column names in plain words, money as pounds, sections by name."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.subject_access import PupilFile, Section, column_label, pounds_text


def test_named_columns_take_their_plain_label() -> None:
    assert column_label("first_name") == "First name"
    assert column_label("last_name") == "Surname"
    assert column_label("at") == "When"
    assert column_label("school_id") == "School"


def test_other_columns_are_their_words_with_the_first_capitalised() -> None:
    assert column_label("free_school_meals") == "Free school meals"
    assert column_label("notes") == "Notes"
    assert column_label("x") == "X"
    assert column_label("") == ""


def test_pence_and_id_endings_are_dropped() -> None:
    assert column_label("amount_pence") == "Amount"
    assert column_label("referral_id") == "Referral"


def test_abbreviations_are_written_as_a_reader_would() -> None:
    assert column_label("send_funding_pence") == "SEND funding"
    assert column_label("upn") == "UPN"
    assert column_label("has_ehcp") == "Has EHCP"
    assert column_label("eal") == "EAL"
    assert column_label("sen_support") == "SEN support"
    assert column_label("cla") == "Looked after (CLA)"
    assert column_label("ks3_ks4") == "KS3 KS4"
    assert column_label("ap_provider") == "AP provider"
    assert column_label("dob") == "Date of birth"


def test_pounds_text_gives_pounds_and_pence_with_thousands() -> None:
    assert pounds_text(0) == "£0.00"
    assert pounds_text(1) == "£0.01"
    assert pounds_text(123456) == "£1,234.56"
    assert pounds_text(100000000) == "£1,000,000.00"


def test_a_credit_is_shown_with_a_minus_before_the_pound_sign() -> None:
    assert pounds_text(-9000) == "-£90.00"
    assert pounds_text(-1) == "-£0.01"


def _section(name: str, printed: tuple[int, ...] | None = None) -> Section:
    return Section(name, ("id", "day", "code"), (("1", "2026-09-07", "/"),), printed=printed)


def test_the_pdf_prints_every_column_unless_told() -> None:
    assert _section("Attendance").printed_columns() == (0, 1, 2)
    assert _section("Attendance", (1, 2)).printed_columns() == (1, 2)
    assert _section("Attendance", ()).printed_columns() == ()


def test_a_section_file_name_is_lower_case_with_underscores() -> None:
    assert _section("Placements, moves and reviews").file_stem == "placements__moves_and_reviews"
    assert _section("(Audit trail)").file_stem == "audit_trail"


def test_a_pupil_file_finds_its_section_by_name() -> None:
    first, second = _section("Attendance"), _section("Money")
    pupil_file = PupilFile(
        1, "Nguyễn Thị Ánh", date(2013, 1, 5), "Ash Academy", date(2026, 12, 7), (first, second)
    )
    assert pupil_file.section("Money") is second
    assert pupil_file.section("Attendance") is first
    with pytest.raises(StopIteration):
        pupil_file.section("Nothing")
