"""Scenario storage: SQLModel tables, Alembic migrations, an async repository."""
