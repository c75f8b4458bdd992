"""Satisfaction for the weekly review: of the surveys sent in the week, how many were answered
(the response rate) and the mean overall score of those answered. Pure: the caller loads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Satisfaction:
    surveys_sent: int
    surveys_answered: int
    overall_scores: tuple[int, ...]

    @property
    def response_rate(self) -> Decimal | None:
        if not self.surveys_sent:
            return None
        rate = Decimal(self.surveys_answered) / Decimal(self.surveys_sent)
        return rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    @property
    def mean_overall(self) -> Decimal | None:
        if not self.overall_scores:
            return None
        mean = Decimal(sum(self.overall_scores)) / Decimal(len(self.overall_scores))
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def to_json(self) -> dict[str, Any]:
        rate, mean = self.response_rate, self.mean_overall
        return {
            "surveys_sent": self.surveys_sent,
            "surveys_answered": self.surveys_answered,
            "response_rate": None if rate is None else str(rate),
            "mean_overall": None if mean is None else str(mean),
        }

    def csv_rows(self) -> list[tuple[str, str, str]]:
        return [("satisfaction", key, "" if value is None else str(value)) for key, value in self.to_json().items()]


def satisfaction(answers: Sequence[int | None]) -> Satisfaction:
    """From the overall score of each survey sent in the week (None: not answered).

    >>> satisfaction([5, 4, None, 2]).to_json()
    {'surveys_sent': 4, 'surveys_answered': 3, 'response_rate': '0.7500', 'mean_overall': '3.67'}
    """
    scores = tuple(s for s in answers if s is not None)
    return Satisfaction(len(answers), len(scores), scores)
