"""jobs: assessments and document readings run as jobs; the row is the job's whole state
(status, attempts, lease, result, error), so a job outlives the process that accepted it

Revision ID: 0015_jobs
Revises: 0014_decisions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.db.base

revision: str = "0015_jobs"
down_revision: str | Sequence[str] | None = "0014_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("assessment", "document_reading")
STATUSES = ("queued", "running", "succeeded", "failed")
ROLES = ("customer", "junior_adjuster", "senior_adjuster", "complaint_handler", "supervisor", "admin")


def upgrade() -> None:
    when = api.db.base.UTCDateTime(timezone=True)
    op.create_table(
        "jobs",
        sa.Column("kind", sa.Enum(*KINDS, name="jobkind", native_enum=False, length=32), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("requested_role", sa.Enum(*ROLES, name="role", native_enum=False, length=32), nullable=True),
        sa.Column("status", sa.Enum(*STATUSES, name="jobstatus", native_enum=False, length=32), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", when, nullable=False),
        sa.Column("lease_id", sa.Uuid(), nullable=True),
        sa.Column("lease_expires_at", when, nullable=True),
        sa.Column("started_at", when, nullable=True),
        sa.Column("finished_at", when, nullable=True),
        sa.Column("updated_at", when, nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_jobs_claim_id_claims")),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_jobs_requested_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_status_next_attempt_at", "jobs", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_jobs_claim_id_kind_status", "jobs", ["claim_id", "kind", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_jobs_claim_id_kind_status", table_name="jobs")
    op.drop_index("ix_jobs_status_next_attempt_at", table_name="jobs")
    op.drop_table("jobs")
