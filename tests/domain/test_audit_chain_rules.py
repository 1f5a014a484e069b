"""The audit trail's hash chain and the kinds of entry it records."""

from __future__ import annotations

import hashlib
from datetime import datetime

from slip_desktop.domain.audit_actions import AUDIT_ACTION_SQL, AuditAction
from slip_desktop.domain.audit_chain import canonical_row, chain_hash

AT = datetime(2026, 11, 10, 9, 5, 7, 120)


def test_a_row_is_hashed_as_compact_ascii_json_with_microseconds() -> None:
    row = canonical_row(AT, "zoë.o'brien", "update", "pupil", 12, 7, '{"name":"Олег"}')
    assert row == (
        '["2026-11-10 09:05:07.000120","zo\\u00eb.o\'brien","update","pupil",12,7,'
        '"{\\"name\\":\\"\\u041e\\u043b\\u0435\\u0433\\"}"]'
    )


def test_a_row_without_a_record_or_pupil_hashes_nulls() -> None:
    row = canonical_row(datetime(2026, 1, 2, 3, 4, 5), "system", "sign_in", "user", None, None, "")
    assert row == '["2026-01-02 03:04:05.000000","system","sign_in","user",null,null,""]'


def test_each_hash_covers_the_previous_hash_and_the_row() -> None:
    expected = hashlib.sha256(b"abc\n[1]").hexdigest()
    assert chain_hash("abc", "[1]") == expected
    assert chain_hash("abd", "[1]") != expected
    assert chain_hash("abc", "[2]") != expected


def test_a_row_holding_a_lone_surrogate_still_hashes() -> None:
    value = chain_hash("", "\ud800")
    assert value == hashlib.sha256("\n\ud800".encode("utf-8", "surrogatepass")).hexdigest()


def test_the_audit_check_constraint_lists_every_kind_of_entry() -> None:
    assert AUDIT_ACTION_SQL == (
        "'create', 'update', 'delete', 'export', 'print', 'bulk_insert', 'bulk_update', "
        "'bulk_delete', 'sign_in', 'sign_in_failed', 'anonymise', 'dispose'"
    )
    assert AuditAction.SIGN_IN_FAILED.label == "Sign-in refused"
    assert AuditAction.DISPOSE.label == "Deleted (retention)"
