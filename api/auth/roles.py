from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CUSTOMER = "customer"
    JUNIOR_ADJUSTER = "junior_adjuster"
    SENIOR_ADJUSTER = "senior_adjuster"
    COMPLAINT_HANDLER = "complaint_handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# Everyone but the customer sees every claim.
STAFF_ROLES = frozenset(Role) - {Role.CUSTOMER}
# Those who assess damage and move claims through the assessment steps.
ADJUSTER_ROLES = frozenset({Role.JUNIOR_ADJUSTER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR})
