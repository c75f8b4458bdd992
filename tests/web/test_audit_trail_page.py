"""The staff claim page names every audit action in Chinese, and lists the one request for
missing documents by document name, never by key."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from api.auth.roles import Role
from api.db.models import Claim
from api.selfservice.requests import request_missing
from tests.fixtures.harness import Harness


def test_the_audit_trail_reads_in_chinese(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    _, customer = h.login(Role.CUSTOMER)
    claim_id = h.create_claim(customer)["id"]
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        reported = claim.reported_at
    assert request_missing(h.state.session_factory, now=reported + timedelta(hours=3)) == 1

    sign_in(h.user(Role.SENIOR_ADJUSTER))
    page = h.client.get(f"/web/claims/{claim_id}").text
    trail = page[page.index('id="audit"') :]
    trail = trail[: trail.index("</section>")]

    assert "报案" in trail and "一次性告知缺少资料" in trail
    assert "车辆照片" in trail and "居民身份证" in trail
    assert not re.search(r"\b(created|documents_requested|id_card|photos)\b", trail)
