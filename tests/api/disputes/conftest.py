"""Fixtures shared by the complaint-desk API tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from api.disputes import desk_endpoints, endpoints
from tests.api.disputes.helpers import DESK_T0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, datetime]:
    """A frozen clock for the complaint endpoints, starting at ``DESK_T0``; move it with ``clock["now"] = …``."""
    now = {"now": DESK_T0}
    for module in (endpoints, desk_endpoints):
        monkeypatch.setattr(module, "utcnow", lambda: now["now"])
    return now
