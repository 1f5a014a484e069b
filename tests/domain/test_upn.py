from __future__ import annotations

from slip_desktop.domain.upn import make_upn, upn_problem


def test_upn_check_letter_examples_from_the_dfe_rule() -> None:
    assert upn_problem("B801200005001") is None
    assert upn_problem("B207000016049") is not None
    # The published worked example for 207000016049 adds its products to 267 and
    # names Q, but the products (4+28+9+60+48+117) add to 266; 266 mod 23 = 13,
    # which the same table maps to P. The DfE rule, as python-stdnum implements
    # it, therefore accepts P and refuses Q.
    assert upn_problem("P207000016049") is None
    assert "should be P" in (upn_problem("Q207000016049") or "")


def test_upn_problems_are_explained() -> None:
    assert "13 characters" in (upn_problem("B80120000500") or "")
    assert "local authority" in (upn_problem("A000200005001") or "")


def test_made_upns_are_valid() -> None:
    assert upn_problem(make_upn("855", "4001", 19, 42)) is None


def test_upn_check_letter_p_accepted_q_refused_after_normalising() -> None:
    # Spaces and lower case are the coordinator's typing, not a different UPN.
    assert upn_problem(" p207 0000 16049 ") is None
    assert upn_problem("Q207000016049") == (
        "The check letter is wrong: for these digits it should be P."
    )


def test_upn_of_the_wrong_shape_says_what_a_upn_looks_like() -> None:
    assert upn_problem("P2070000160X9") == (
        "A UPN is a letter, 11 digits and a final digit or letter."
    )


def test_upn_length_message_counts_the_characters_typed() -> None:
    assert upn_problem("P20700001604") == "A UPN has 13 characters; this one has 12."
    assert upn_problem("P2070000160490") == "A UPN has 13 characters; this one has 14."


def test_upn_with_an_unknown_local_authority_names_the_three_digits() -> None:
    assert upn_problem("A000200005001") == "000 is not a local authority number."


def test_made_upn_uses_the_last_two_digits_of_the_year() -> None:
    upn = make_upn("855", "4001", 2024, 7)
    assert upn[1:] == "855400124007"
    assert upn_problem(upn) is None
