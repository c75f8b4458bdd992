"""The runner the settings choose (``jobs.runner``). Ray is imported only when it is chosen."""

from __future__ import annotations

from api.jobs.handlers import bound
from api.jobs.inprocess import InProcessRunner
from api.jobs.runner import JobRunner
from api.state import AppState


def make_runner(state: AppState) -> JobRunner:
    """The configured runner over ``state`` (not started)."""
    if state.settings.jobs.runner == "ray":
        from api.jobs.ray_runner import RayRunner

        return RayRunner(state)
    return InProcessRunner(state.session_factory, settings=state.settings.jobs, handlers=bound(state))
