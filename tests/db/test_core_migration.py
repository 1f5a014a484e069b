from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from slip_desktop.db.migrate import alembic_config, current_revision, upgrade_to_head
from slip_desktop.db.store import Store


def test_core_board_migration_downgrades_and_upgrades_again(store: Store) -> None:
    command.downgrade(alembic_config(store.engine), "0003")
    assert current_revision(store.engine) == "0003"
    columns = {c["name"] for c in inspect(store.engine).get_columns("managed_move")}
    assert "guarantee_programme" not in columns and "placement_id" not in columns
    upgrade_to_head(store.engine)
    columns = {c["name"] for c in inspect(store.engine).get_columns("decision")}
    assert {"advice", "forum_referral_id"} <= columns
