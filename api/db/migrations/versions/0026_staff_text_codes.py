"""staff-facing texts stored as codes with parameters: audit and complaint events get a
reason_code and reason_params; the English reasons the system wrote before are converted to
codes (a person's reason, matching no pattern, stays as typed); the stored recommendations'
reasons become codes too

Revision ID: 0026_staff_text_codes
Revises: 0025_consent_withdrawal
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0026_staff_text_codes"
down_revision: str | Sequence[str] | None = "0025_consent_withdrawal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# the document kinds a DOCUMENT_ADDED event named (api.storage.schemas.DocumentKind) when written
_KINDS = "id_card|driving_licence|vehicle_licence|policy|repair_quote|accident_report|medical_record|other"

# (pattern, code, how the named groups become parameters). Only what the system wrote: fixed
# wordings and prefixes no person types on a Chinese desk. Kept here, not imported, so the
# migration stays as it was written whatever the code base does later.
Rule = tuple[re.Pattern[str], str, Callable[[dict[str, str]], dict[str, Any]]]


def _same(groups: dict[str, str]) -> dict[str, Any]:
    return dict(groups)


def _list(name: str) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda g: {name: [x for x in g[name].split(", ") if x]}


AUDIT_RULES: list[Rule] = [
    (re.compile(r"reported; tier (?P<tier>\w+)"), "claim_reported", _same),
    (re.compile(rf"photo (?P<photo_id>{_ID})"), "photo", _same),
    (re.compile(rf"(?P<kind>{_KINDS}) (?P<document_id>{_ID})"), "document", _same),
    (re.compile(r"automatic assessment"), "assessment_started", _same),
    (
        re.compile(r"(?P<findings>\d+) findings on (?P<photos>\d+) photos by (?P<model>\S+) (?P<version>\S+)"),
        "assessment_findings",
        lambda g: {**g, "findings": int(g["findings"]), "photos": int(g["photos"])},
    ),
    (re.compile(r"assessment failed: (?P<error>\w+)"), "assessment_failed", _same),
    (re.compile(r"assessment interrupted; assess again"), "assessment_interrupted", _same),
    (
        re.compile(r"assessment interrupted \(the service stopped while the models ran\); assess again"),
        "assessment_stopped",
        _same,
    ),
    (
        re.compile(
            r"estimate v(?P<version>\d+) approved by rule set (?P<rule_set>\S+) \((?P<rules>.*) passed\): "
            r"net (?P<net>.+), payable (?P<payable>.+)"
        ),
        "estimate_approved_by_rules",
        lambda g: {**g, "version": int(g["version"]), "rules": g["rules"].split(", ")},
    ),
    (
        re.compile(r"estimate v(?P<version>\d+) approved: net (?P<net>.+), payable (?P<payable>.+)"),
        "estimate_approved",
        lambda g: {**g, "version": int(g["version"])},
    ),
    (
        re.compile(r"estimate v(?P<version>\d+) signed \(sha256 (?P<sha256>[0-9a-f]+)\)"),
        "estimate_signed",
        lambda g: {**g, "version": int(g["version"])},
    ),
    (re.compile(r"paid (?P<amount>\d+(?:\.\d+)?) (?P<currency>[A-Z]{3})"), "paid", _same),
    (re.compile(r"released"), "queue_released", _same),
    (
        re.compile(
            r"assessment deadline (?P<assessment_due_at>\S+) missed; payment deadline (?P<payment_due_at>\S+) missed"
        ),
        "deadlines_missed",
        _same,
    ),
    (re.compile(r"assessment deadline (?P<assessment_due_at>\S+) missed"), "assessment_deadline_missed", _same),
    (re.compile(r"payment deadline (?P<payment_due_at>\S+) missed"), "payment_deadline_missed", _same),
    (re.compile(rf"complaint (?P<complaint_id>{_ID})"), "complaint_filed", _same),
    (
        re.compile(rf"complaint (?P<complaint_id>{_ID}) decided \((?P<verdict>\w+)\); re-assessment ordered"),
        "complaint_decided_reassessment",
        _same,
    ),
    (re.compile(rf"complaint (?P<complaint_id>{_ID}) decided \((?P<verdict>\w+)\)"), "complaint_decided", _same),
    (
        re.compile(
            rf"payment deadline (?P<before>\S+) → (?P<after>\S+) \(complaint (?P<complaint_id>{_ID}) "
            r"decided \((?P<verdict>\w+)\)\)"
        ),
        "payment_deadline_moved",
        _same,
    ),
]
# by action: the documents' and fraud signals' lists (keys joined with ", ")
AUDIT_LISTS: dict[str, Rule] = {
    "documents_requested": (
        re.compile(r"(?P<documents>[a-z_]+(?:, [a-z_]+)*)"),
        "documents_missing",
        _list("documents"),
    ),
    "fraud_flagged": (re.compile(r"(?P<signals>[a-z_]+(?:, [a-z_]+)*)"), "fraud_signals", _list("signals")),
}

COMPLAINT_RULES: list[Rule] = [
    (
        re.compile(r"via (?P<channel>\w+); classified (?P<cause>\w+)"),
        "complaint_received",
        lambda g: {**g, "cause": None if g["cause"] == "none" else g["cause"]},
    ),
    (re.compile(r"complaint received"), "complaint_routed", _same),
    (
        re.compile(r"gap (?P<gap>-?\d+(?:\.\d+)?) (?P<currency>[A-Z]{3}) against estimate version (?P<version>\d+)"),
        "analysed_gap",
        lambda g: {**g, "version": int(g["version"])},
    ),
    (re.compile(r"severe: a supervisor steps in"), "severe_supervisor", _same),
    (re.compile(r"entered (?P<level>[a-z_]+)"), "level_entered", _same),
    (
        re.compile(
            r"(?P<amount>\d+(?:\.\d+)? [A-Z]{3}) is above the (?P<role>[a-z_]+) authority of "
            r"(?P<limit>\S+)"
        ),
        "above_authority",
        _same,
    ),
    (re.compile(r"customer not satisfied: (?P<comment>.*)", re.S), "customer_not_satisfied", _same),
    (re.compile(r"(?P<purpose>[a-z_]+) contact left the customer upset"), "contact_left_upset", _same),
    (re.compile(r"calming contact logged: the customer is calm"), "customer_calmed", _same),
    (
        re.compile(r"closed unconfirmed after (?P<attempt>\d+) follow-up\(s\)"),
        "follow_up_closed_unconfirmed",
        lambda g: {"attempt": int(g["attempt"])},
    ),
    (
        re.compile(r"follow-up (?P<attempt>\d+): (?P<outcome>[a-z_]+); next follow-up due"),
        "follow_up_unanswered",
        lambda g: {**g, "attempt": int(g["attempt"])},
    ),
    (
        re.compile(r"follow-up (?P<attempt>\d+): the customer answered \((?P<outcome>[a-z_]+)\)"),
        "follow_up_answered",
        lambda g: {**g, "attempt": int(g["attempt"])},
    ),
    (re.compile(r"(?P<level>[a-z_]+) step overdue since (?P<since>\S+)"), "step_overdue", _same),
    (re.compile(r"feedback not confirmed by the customer: follow up"), "follow_up_due", _same),
    *AUDIT_RULES[-3:],  # the decision's delivery is recorded on the complaint with the claim's wording
]

RECOMMENDATION_RULES: list[Rule] = [
    (
        re.compile(r"(?P<count>\d+) earlier complaint\(s\) on this claim still unresolved"),
        "prior_unresolved",
        lambda g: {"count": int(g["count"])},
    ),
    (re.compile(r"service complaint with a keyword score of (?P<score>\S+)"), "service_keywords", _same),
    (re.compile(r"amount dispute"), "amount_dispute", _same),
    (
        re.compile(r"(?P<cause>[a-z_]+) complaint, no repeated escalation"),
        "no_repeated_escalation",
        _same,
    ),
    (
        re.compile(r"speed up payment by (?P<days>\d+) day\(s\) or a voucher of (?P<voucher>.+)"),
        "speed_up_or_voucher",
        lambda g: {**g, "days": int(g["days"])},
    ),
    (re.compile(r"negotiable part of the gap: (?P<amount>.+)"), "negotiable_part", _same),
    (re.compile(r"gap of (?P<gap>.+) is large enough for an independent re-assessment"), "gap_large", _same),
    (re.compile(r"the same material was submitted on another claim"), "same_material_elsewhere", _same),
    (
        re.compile(r"no figure analysed yet: ask for the customer's figure or repair quote"),
        "no_figure_yet",
        _same,
    ),
]


def match(rules: Sequence[Rule], text: str) -> tuple[str, dict[str, Any]] | None:
    """The code and parameters of a reason the system wrote, or None (a person's text)."""
    for pattern, code, convert in rules:
        found = pattern.fullmatch(text)
        if found:
            return code, convert(found.groupdict())
    return None


def _params(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value or {})


def _convert_rows(table: str, rules: Sequence[Rule], lists: dict[str, Rule] | None = None) -> None:
    bind = op.get_bind()
    columns: list[sa.ColumnClause[Any]] = [sa.column("id", sa.Uuid()), sa.column("reason", sa.Text())]
    if lists:
        columns.append(sa.column("action", sa.String()))
    rows_table = sa.table(table, *columns, sa.column("reason_code", sa.String()), sa.column("reason_params", sa.JSON()))
    selected = [rows_table.c.id, rows_table.c.reason, *([rows_table.c.action] if lists else [])]
    for row in bind.execute(sa.select(*selected).where(rows_table.c.reason != "")).all():
        row_id, reason = row[0], row[1]
        action = row[2] if lists else None
        found = match([lists[action]], reason) if lists and action in lists else match(rules, reason)
        if found is None:
            continue
        code, params = found
        bind.execute(
            rows_table.update()
            .where(rows_table.c.id == row_id)
            .values(reason="", reason_code=code, reason_params=params)
        )


def _convert_recommendations() -> None:
    bind = op.get_bind()
    analyses = sa.table("complaint_analyses", sa.column("id", sa.Uuid()), sa.column("result", sa.JSON()))
    for row_id, result in bind.execute(sa.select(analyses.c.id, analyses.c.result)).all():
        data = _params(result)
        recommendation = data.get("recommendation") or {}
        reasons = recommendation.get("reasons") or []
        converted = []
        for reason in reasons:
            found = match(RECOMMENDATION_RULES, reason) if isinstance(reason, str) else None
            converted.append({"code": found[0], "params": found[1]} if found else reason)
        if converted != reasons:
            recommendation["reasons"] = converted
            bind.execute(analyses.update().where(analyses.c.id == row_id).values(result=data))


TABLES = ("audit_events", "complaint_events", "complaint_steps")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("reason_code", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("reason_params", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    _convert_rows("audit_events", AUDIT_RULES, AUDIT_LISTS)
    _convert_rows("complaint_events", COMPLAINT_RULES)
    _convert_rows("complaint_steps", COMPLAINT_RULES)
    _convert_recommendations()


def downgrade() -> None:
    # The codes are not written back as prose: a downgraded trail shows the code in place of
    # the old English (the reason column is kept as it is).
    bind = op.get_bind()
    for table in TABLES:
        events = sa.table(table, sa.column("reason", sa.Text()), sa.column("reason_code", sa.String()))
        bind.execute(events.update().where(events.c.reason_code.is_not(None)).values(reason=events.c.reason_code))
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("reason_params")
            batch_op.drop_column("reason_code")
