from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound


class SurveyNotFound(NotFound):
    """No such survey, or not the caller's (another customer's survey is not found, not forbidden)."""

    code = "survey-not-found"
    title = "No such survey"


class SurveyAnswered(Conflict):
    code = "survey-answered"
    title = "The survey has already been answered"


class SurveyNotOpen(Conflict):
    """Answers to a revisit not sent yet (or skipped)."""

    code = "survey-not-open"
    title = "The survey is not open"


class FollowUpNotFound(NotFound):
    code = "survey-follow-up-not-found"
    title = "No such survey follow-up"


class FollowUpClosed(Conflict):
    """Closed already (also the loser of two closings at once: the write is conditional)."""

    code = "survey-follow-up-closed"
    title = "The survey follow-up is already closed"


class InvalidClosure(InvalidInput):
    code = "invalid-follow-up-closure"
    title = "The follow-up's closing record does not hold together"
