"""The complaint desk's settings: thresholds, authority per role, clock and report windows.

Read from ``CLAIMSIGHT_DISPUTES__*`` variables (e.g. ``CLAIMSIGHT_DISPUTES__ABOVE_MARKET_FACTOR=2``,
``CLAIMSIGHT_DISPUTES__AUTHORITY='{"complaint_handler": "800"}'``); endpoints get them through
``get_dispute_settings`` so tests override them with ``app.dependency_overrides``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.auth.roles import Role
from api.disputes.classify import KeywordRules


def _default_authority() -> dict[Role, Decimal | None]:
    # The most a role may grant without approval; None: no limit. A role not listed may
    # decide but every compensation it grants needs a supervisor's approval.
    return {Role.COMPLAINT_HANDLER: Decimal("500"), Role.SENIOR_ADJUSTER: Decimal("2000"), Role.SUPERVISOR: None}


class DisputeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMSIGHT_DISPUTES__", extra="ignore")

    above_market_factor: Decimal = Field(default=Decimal("1.5"), gt=1)
    reassessment_gap_amount: Decimal = Field(default=Decimal("3000"), ge=0)
    reassessment_gap_ratio: Decimal = Field(default=Decimal("0.5"), gt=0)
    authority: dict[Role, Decimal | None] = Field(default_factory=_default_authority)
    voucher_amount: Decimal = Field(default=Decimal("50"), ge=0)
    speed_up_days: int = Field(default=2, ge=1, le=2)
    negotiation_share: Decimal = Field(default=Decimal("0.5"), gt=0, le=1)
    moderate_cap: Decimal = Field(default=Decimal("2000"), ge=0)
    severe_repeat_count: int = Field(default=2, ge=1)
    severe_service_score: Decimal = Field(default=Decimal("4"), gt=0)
    feedback_hours: int = Field(default=24, ge=1)
    step_working_days: int = Field(default=2, ge=1)
    follow_up_working_days: int = Field(default=2, ge=1)
    repeat_window_days: int = Field(default=90, ge=1)
    repeat_complaints: int = Field(default=2, ge=2)
    keywords: dict[str, Any] | None = None
    # Routing and contact (issue 14 item 3): follow-ups of unconfirmed feedback before the loop is
    # closed unconfirmed; how far a delay notice may move the promised feedback; the mediation
    # body offered at the last level (set the local one: name and how to reach it).
    follow_up_max_attempts: int = Field(default=3, ge=1, le=10)
    delay_max_days: int = Field(default=30, ge=1, le=60)
    mediation_body: str = Field(default="银行业保险业消费纠纷调解组织", min_length=1, max_length=200)
    mediation_contact: str = Field(default="12378（银行保险消费者投诉热线）", min_length=1, max_length=200)

    @field_validator("above_market_factor", "reassessment_gap_amount", "reassessment_gap_ratio", mode="before")
    @classmethod
    def _no_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("give decimals as strings")
        return value

    def keyword_rules(self) -> KeywordRules:
        return KeywordRules.from_dict(self.keywords) if self.keywords else KeywordRules()

    def limit_for(self, role: Role) -> Decimal | None:
        """The role's authority; a role not listed has none (0)."""
        return self.authority.get(role, Decimal(0))


@lru_cache
def get_dispute_settings() -> DisputeSettings:
    return DisputeSettings()
