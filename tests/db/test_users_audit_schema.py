from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from slip_desktop.db.migrate import alembic_config, current_revision, upgrade_to_head
from slip_desktop.db.store import Store

GOOD_HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        (
            f"INSERT INTO app_user (username, display_name, role, password_hash, active) "
            f"VALUES ('Cora', '', 'coordinator', '{GOOD_HASH}', TRUE)",
            "ck_app_user_username_format",
        ),
        (
            f"INSERT INTO app_user (username, display_name, role, password_hash, active) "
            f"VALUES ('ab', '', 'staff', '{GOOD_HASH}', TRUE)",
            "ck_app_user_username_format",
        ),
        (
            "INSERT INTO app_user (username, display_name, role, password_hash, active) "
            "VALUES ('cora', '', 'staff', '', TRUE)",
            "ck_app_user_password_set",
        ),
        (
            "INSERT INTO app_user (username, display_name, role, password_hash, active) "
            f"VALUES ('cora', '', 'admin', '{GOOD_HASH}', TRUE)",
            "ck_app_user_user_role",
        ),
        (
            "INSERT INTO audit_event (username, action, table_name, changes) "
            "VALUES ('x', 'rewrite', 'pupil', '')",
            "ck_audit_event_action_known",
        ),
        (
            "INSERT INTO audit_event (username, action, table_name, changes) "
            "VALUES ('x', 'create', '', '')",
            "ck_audit_event_table_named",
        ),
        ("INSERT INTO setting (key, value) VALUES ('', 'x')", "ck_setting_key_named"),
    ],
)
def test_check_constraints_mirror_the_rules(store: Store, sql: str, constraint: str) -> None:
    with pytest.raises(IntegrityError, match=constraint), store.engine.begin() as connection:
        connection.execute(text(sql))


def test_a_good_row_passes_the_checks(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO app_user (username, display_name, role, password_hash, active) "
                f"VALUES ('cora', 'Cora', 'coordinator', '{GOOD_HASH}', TRUE)"
            )
        )
    with store.engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT username, display_name, role, password_hash, active FROM app_user "
                "WHERE username = 'cora'"
            )
        ).all()
    assert [tuple(row) for row in stored] == [("cora", "Cora", "coordinator", GOOD_HASH, 1)]


def test_0008_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "round-trip.db")
    upgrade_to_head(store.engine)
    head = current_revision(store.engine)
    command.downgrade(alembic_config(store.engine), "0007")
    with store.engine.begin() as connection:
        triggers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).all()
        assert triggers == []
        connection.execute(text("INSERT INTO setting (key, value) VALUES ('', 'x')"))
        connection.execute(text("DELETE FROM setting"))
    upgrade_to_head(store.engine)
    assert current_revision(store.engine) == head
    store.close()
