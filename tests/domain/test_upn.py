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
