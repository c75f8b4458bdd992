"""The 定损单 prints its times in the claim's zone and names the zone (it printed UTC unnamed,
eight hours off for a Shanghai claim)."""

from __future__ import annotations

import html
import re
import uuid

from api.auth.roles import Role
from api.db.models import Claim
from api.reports.view import stamp
from tests.api.signing.helpers import approved_claim
from tests.fixtures.harness import Harness


def test_the_report_prints_local_times_with_their_zone(harness: Harness) -> None:
    h = harness
    _, customer = h.login(Role.CUSTOMER)
    claim_id = approved_claim(h, customer)
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        accident = stamp(claim.accident_at, h.state.tz)
    assert str(h.state.tz) == "Asia/Shanghai" and accident.endswith(" UTC+08:00")

    page = html.unescape(h.client.get(f"/claims/{claim_id}/estimates/1/report.html", headers=customer).text)

    assert accident in page
    assert re.search(r"已核准 approved \d{4}-\d\d-\d\d \d\d:\d\d UTC\+08:00", page)
    assert not re.search(r"\d\d:\d\d UTC(?!\+)", page)  # no bare UTC time left
