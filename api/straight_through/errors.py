from __future__ import annotations

from api.errors import NotFound


class NoDecision(NotFound):
    code = "no-straight-through-decision"
    title = "No straight-through decision yet"
