from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.db.engine import make_engine
from api.db.migrate import compare_type, is_at_head, upgrade
from api.db.models import Base


def test_migrations_create_exactly_the_orm_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert is_at_head(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": compare_type})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations differ; add a migration: {diff}"
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_works(db_url: str) -> None:
    from alembic import command

    from api.db.migrate import alembic_config

    engine = make_engine(db_url)
    try:
        upgrade(engine)
        upgrade(engine)
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert "claims" not in inspect(engine).get_table_names()
        assert not is_at_head(engine)
        upgrade(engine)  # leaves the (shared PostgreSQL) database at head for other tests
        assert is_at_head(engine)
    finally:
        engine.dispose()


def test_one_migration_history() -> None:
    """Every migration builds on the one before: one head, so `upgrade head` has one target."""
    from api.db.migrate import head_revisions

    assert len(head_revisions()) == 1, head_revisions()
