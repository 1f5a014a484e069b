"""Alembic environment: runs against the engine the program passes in."""

from __future__ import annotations

from alembic import context

from slip_desktop.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine in ``config.attributes`` (batch mode for SQLite)."""
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
