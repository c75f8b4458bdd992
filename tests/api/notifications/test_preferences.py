from __future__ import annotations

from typing import Any

import pytest

from api.auth.roles import Role
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures.harness import Harness

URL = "/me/notification-preferences"
GOOD: dict[str, Any] = {
    "channels": ["sms", "email", "in_app"],
    "phone": "13812345678",
    "language": "en",
    "time_zone": "Asia/Tokyo",
    "quiet_hours": {"start": "22:00", "end": "07:30"},
}


def test_defaults_are_the_inbox_alone_in_chinese(harness: Harness) -> None:
    user, headers = harness.login(Role.CUSTOMER)
    body = harness.client.get(URL, headers=headers).json()
    assert body == {
        "channels": ["in_app"],
        "phone": None,
        "language": "zh",
        "time_zone": "Asia/Shanghai",
        "quiet_hours": None,
        "email": user.email,
        "is_default": True,
    }


def test_saved_preferences_are_read_back_and_replaced(harness: Harness) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    saved = harness.client.put(URL, json=GOOD, headers=headers)
    assert saved.status_code == 200, saved.text
    read = harness.client.get(URL, headers=headers).json()
    assert read["channels"] == ["sms", "email", "in_app"] and read["is_default"] is False
    assert read["quiet_hours"] == {"start": "22:00:00", "end": "07:30:00"}
    assert (read["phone"], read["language"], read["time_zone"]) == ("13812345678", "en", "Asia/Tokyo")
    again = harness.client.put(URL, json={"channels": ["email"]}, headers=headers).json()
    assert again["channels"] == ["email"] and again["quiet_hours"] is None and again["language"] == "zh"


@pytest.mark.parametrize(
    ("change", "loc", "error_type"),
    [
        ({"channels": []}, ["body", "channels"], "too_short"),
        ({"channels": ["fax"]}, ["body", "channels", 0], "enum"),
        ({"channels": ["email", "email"]}, ["body", "channels"], "channel_repeated"),
        ({"channels": ["sms"], "phone": None}, ["body"], "sms_needs_phone"),
        ({"phone": "12345"}, ["body", "phone"], "string_pattern_mismatch"),
        ({"time_zone": "Mars/Olympus"}, ["body", "time_zone"], "unknown_time_zone"),
        ({"quiet_hours": {"start": "22:00", "end": "22:00"}}, ["body", "quiet_hours"], "quiet_hours_empty"),
        ({"quiet_hours": {"start": "25:00", "end": "07:00"}}, ["body", "quiet_hours", "start"], "time_parsing"),
        ({"language": "fr"}, ["body", "language"], "enum"),
        ({"colour": "red"}, ["body", "colour"], "extra_forbidden"),
    ],
)
def test_invalid_preferences_are_a_precise_problem_and_change_nothing(
    harness: Harness, change: dict[str, Any], loc: list[Any], error_type: str
) -> None:
    _, headers = harness.login(Role.CUSTOMER)
    assert harness.client.put(URL, json=GOOD, headers=headers).status_code == 200
    response = harness.client.put(URL, json={**GOOD, **change}, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    problem = response.json()
    assert problem["type"] == "urn:claimsight:problem:validation-error"
    assert [(e["loc"], e["type"]) for e in problem["errors"]] == [(loc, error_type)]
    assert "13812345678" not in response.text  # the refused input is not echoed
    assert harness.client.get(URL, headers=headers).json()["channels"] == GOOD["channels"]
