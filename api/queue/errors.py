from __future__ import annotations

from api.errors import Conflict, InvalidInput, PermissionDenied


class AlreadyAssigned(Conflict):
    code = "claim-already-assigned"
    title = "Claim already assigned"


class InvalidAssignee(InvalidInput):
    code = "invalid-assignee"
    title = "Invalid assignee"


class AssignmentNotYours(PermissionDenied):
    code = "assignment-not-yours"
    title = "Only a supervisor assigns or releases another adjuster's claim"


class NotInQueue(Conflict):
    code = "claim-not-in-queue"
    title = "Claim not waiting for an adjuster"
