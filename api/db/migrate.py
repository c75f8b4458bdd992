"""Alembic, driven programmatically: the service upgrades its database on startup."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Float
from sqlalchemy.types import TypeEngine

from api.db.locks import exclusive


def compare_type(
    context: object,
    inspected_column: object,
    metadata_column: object,
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Type comparison for autogenerate: FLOAT and DOUBLE are one storage class on SQLite and
    the same type in PostgreSQL, so they are not a difference; otherwise Alembic decides."""
    if isinstance(inspected_type, Float) and isinstance(metadata_type, Float):
        return False
    return None


def alembic_config() -> Config:
    ini = Path(str(files("api.db") / "alembic.ini"))
    config = Config(str(ini))
    config.set_main_option("script_location", str(ini.parent / "migrations"))
    return config


MIGRATION_LOCK = "migrate"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to ``revision``. Several processes starting at once migrate once: each waits for
    the migration lock (a PostgreSQL advisory lock, a ``flock`` beside the SQLite file), and the
    ones after the first find the database at head and do nothing."""
    # One history: every migration builds on the one before (0008 joined the old domain branches).
    config = alembic_config()
    with exclusive(engine, MIGRATION_LOCK, wait=True), migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision`` (tests of data migrations use it), under the migration lock."""
    config = alembic_config()
    with exclusive(engine, MIGRATION_LOCK, wait=True), migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in. On SQLite, batch mode rebuilds a table (copy, drop, rename),
    and the drop fails while foreign keys are enforced and other rows point at the table: they
    are switched off for the migration (possible only outside a transaction), every key is
    checked before the commit, and they are switched on again for the pooled connection."""
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection if engine.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if raw is not None:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left {len(broken)} rows with a broken foreign key")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def applied_revisions(engine: Engine) -> set[str]:
    """Every revision applied: the recorded heads and all they build on, dependencies included
    (Alembic records only the tips, and drops a branch tip another revision depends on)."""
    current = tuple(current_revisions(engine))
    if not current:
        return set()
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.revision_map.iterate_revisions(current, "base", inclusive=True)}


def is_at_head(engine: Engine) -> bool:
    """Whether every head of every branch is applied."""
    return head_revisions() <= applied_revisions(engine)
