"""Every page names the zone its times are shown in (the claim pages showed local times without
saying which zone)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.fixtures.harness import Harness


def test_pages_name_the_zone_of_their_times(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    assert str(h.state.tz) == "Asia/Shanghai"

    assert "本页时间均为 北京时间 UTC+08:00" in h.client.get("/web/claims").text
    assert "Times on this page are in China Standard Time UTC+08:00" in h.client.get("/web/claims?lang=en").text
