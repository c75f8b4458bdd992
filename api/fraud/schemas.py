from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from api.fraud.signals import FraudSignal


class FraudFlagRead(BaseModel):
    """Staff only: never part of a customer's schema."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    signal: FraudSignal
    photo_id: uuid.UUID | None
    related_claim_id: uuid.UUID | None
    related_photo_id: uuid.UUID | None
    hash_distance: int | None
    detail: str
    created_at: datetime
