"""Storage: SQLAlchemy models, the store, migrations and one module of operations per area."""
