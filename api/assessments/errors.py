from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class NoPhotosToAssess(Conflict):
    code = "no-photos"
    title = "No photos to assess"


class NotAssessable(Conflict):
    code = "not-assessable"
    title = "Claim cannot be assessed in its state"


class NoAssessment(NotFound):
    code = "no-assessment"
    title = "No assessment yet"


class AssessmentFailed(ServiceUnavailable):
    code = "assessment-failed"
    title = "The models could not assess the photos"


class FindingsClosed(Conflict):
    code = "findings-closed"
    title = "Findings can be corrected only while the claim is under review"


class InvalidCorrection(InvalidInput):
    code = "invalid-correction"
    title = "Invalid finding correction"
