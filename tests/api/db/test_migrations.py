from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from api.db.engine import make_engine
from api.db.migrate import current_revisions, head_revisions, upgrade
from api.db.models import Base


def test_migrations_create_exactly_the_orm_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert current_revisions(engine) == head_revisions()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
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
        upgrade(engine)  # leaves the (shared PostgreSQL) database at head for other tests
        assert current_revisions(engine) == head_revisions()
    finally:
        engine.dispose()
