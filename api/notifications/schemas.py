"""Request and response bodies of the notification endpoints."""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, time
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.notifications.templates import Lang
from api.notifications.topics import Channel, Topic


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


# Mainland mobile numbers (11 digits, 1[3-9]…) or an international number in E.164 form.
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(1[3-9]\d{9}|\+[1-9]\d{6,14})$")]


class QuietHours(BaseModel):
    """Wall-clock times in the user's time zone; start after end spans midnight (22:00–07:00)."""

    start: time
    end: time

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise PydanticCustomError("quiet_hours_empty", "quiet hours must not start and end at the same time")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise PydanticCustomError("quiet_hours_offset", "quiet hours are wall-clock times in time_zone, no offset")
        return self


class PreferencesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: list[Channel] = Field(min_length=1, max_length=len(Channel))
    phone: Phone | None = None
    language: Lang = Lang.ZH
    time_zone: str = Field(default="Asia/Shanghai", max_length=64)
    quiet_hours: QuietHours | None = None

    @field_validator("channels")
    @classmethod
    def _unique(cls, channels: list[Channel]) -> list[Channel]:
        if len(set(channels)) != len(channels):
            raise PydanticCustomError("channel_repeated", "each channel at most once")
        return channels

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        if name not in _zones():
            raise PydanticCustomError("unknown_time_zone", "not an IANA time zone name (e.g. Asia/Shanghai)")
        return name

    @model_validator(mode="after")
    def _sms_needs_phone(self) -> PreferencesUpdate:
        if Channel.SMS in self.channels and not self.phone:
            raise PydanticCustomError("sms_needs_phone", "the SMS channel needs a phone number")
        return self


class PreferencesRead(PreferencesUpdate):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(description="E-mail goes to the sign-in address")
    is_default: bool = Field(description="True until the user saves their own preferences")


class InboxMessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    topic: Topic
    claim_id: uuid.UUID | None
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[InboxMessageRead]
    total: int = Field(ge=0)
    unread: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
