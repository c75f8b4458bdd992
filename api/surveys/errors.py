from __future__ import annotations

from api.errors import Conflict, NotFound


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
