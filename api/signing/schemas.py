from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.signing.models import EstimateSignature


class SigningCodeSent(BaseModel):
    estimate_version: int
    expires_at: datetime
    attempts_allowed: int
    resend_after_seconds: int = Field(description="A new code may be asked for after this many seconds")


class SignatureCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\s*\d{6}\s*$", description="The six digits sent to the customer")


class SignatureRead(BaseModel):
    claim_id: uuid.UUID
    estimate_version: int
    content_sha256: str = Field(description="SHA-256 of the signed version's canonical JSON")
    signed_at: datetime
    signed_by: uuid.UUID
    user_agent: str
    binding_intact: bool = Field(description="The stored version still hashes to what was signed")

    @classmethod
    def of(cls, row: EstimateSignature, *, intact: bool) -> SignatureRead:
        return cls(
            claim_id=row.claim_id,
            estimate_version=row.estimate_version,
            content_sha256=row.content_sha256,
            signed_at=row.signed_at,
            signed_by=row.user_id,
            user_agent=row.user_agent,
            binding_intact=intact,
        )
