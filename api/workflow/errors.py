from __future__ import annotations

from api.errors import Conflict, PermissionDenied
from api.workflow.states import ClaimState, Gate, allowed_targets


class IllegalTransition(Conflict):
    code = "illegal-transition"
    title = "Illegal claim transition"

    def __init__(self, frm: ClaimState, to: ClaimState) -> None:
        allowed = [s.value for s in allowed_targets(frm)]
        super().__init__(
            f"A claim in state '{frm}' cannot move to '{to}'.",
            current_state=frm.value,
            allowed_states=allowed,
        )


class TransitionGated(Conflict):
    code = "transition-gated"
    title = "This move is made only by its business operation"

    def __init__(self, frm: ClaimState, to: ClaimState, gate: Gate) -> None:
        super().__init__(
            f"A claim moves from '{frm}' to '{to}' only through {gate.operation}.",
            current_state=frm.value,
            target_state=to.value,
            gate=gate.value,
            operation=gate.operation,
        )


class NoApprovedEstimate(Conflict):
    code = "no-approved-estimate"
    title = "No approved estimate to accept"


class TransitionNotPermitted(PermissionDenied):
    code = "transition-not-permitted"
    title = "Transition not permitted for this role"


class ConcurrentUpdate(Conflict):
    code = "concurrent-update"
    title = "The claim was changed by someone else; reload and retry"
