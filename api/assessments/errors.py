from __future__ import annotations

from api.errors import Conflict, NotFound


class NoPhotosToAssess(Conflict):
    code = "no-photos"
    title = "No photos to assess"


class NotAssessable(Conflict):
    code = "not-assessable"
    title = "Claim cannot be assessed in its state"


class NoAssessment(NotFound):
    code = "no-assessment"
    title = "No assessment yet"
