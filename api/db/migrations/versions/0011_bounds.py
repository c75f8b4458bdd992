"""one fraud flag per photo pair; the accident location kept only with consent

Revision ID: 0011_bounds
Revises: 0010_security
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_bounds"
down_revision: str | Sequence[str] | None = "0010_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAIR = ["claim_id", "signal", "photo_id", "related_photo_id"]


def _drop_duplicate_pair_flags() -> None:
    """Keep the first flag of each (claim, signal, photo, related photo); a photo sent N times used to leave 2N."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, claim_id, signal, photo_id, related_photo_id FROM fraud_flags "
            "WHERE photo_id IS NOT NULL AND related_photo_id IS NOT NULL ORDER BY created_at, id"
        )
    ).all()
    seen: set[tuple[object, ...]] = set()
    duplicates = []
    for row in rows:
        key = tuple(row[1:])
        if key in seen:
            duplicates.append(row[0])
        seen.add(key)
    for start in range(0, len(duplicates), 500):
        bind.execute(
            sa.text("DELETE FROM fraud_flags WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": duplicates[start : start + 500]},
        )


def upgrade() -> None:
    _drop_duplicate_pair_flags()
    op.create_index("ux_fraud_flags_pair", "fraud_flags", _PAIR, unique=True)
    # Plain ALTER TABLE (SQLite >= 3.35 drops columns too): a batch copy of "claims" would fail on
    # the rows that reference it while foreign keys are enforced.
    op.add_column("claims", sa.Column("location_lat", sa.Float(), nullable=True))
    op.add_column("claims", sa.Column("location_lon", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("claims", "location_lon")
    op.drop_column("claims", "location_lat")
    op.drop_index("ux_fraud_flags_pair", table_name="fraud_flags")
