from __future__ import annotations

from api.errors import Conflict, PermissionDenied
from api.workflow.states import ClaimState, allowed_targets


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


class TransitionNotPermitted(PermissionDenied):
    code = "transition-not-permitted"
    title = "Transition not permitted for this role"


class ConcurrentUpdate(Conflict):
    code = "concurrent-update"
    title = "The claim was changed by someone else; reload and retry"
