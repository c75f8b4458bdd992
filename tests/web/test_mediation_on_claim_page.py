"""At the last level of the ladder the customer is offered the mediation body's contact (issue 14
item 3): their claim page shows it on the complaint, in Chinese, not only the desk's page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.fixtures.harness import Harness


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_customer_reads_the_mediation_contact_on_their_claim_page(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    customer = h.user(Role.CUSTOMER)
    claim_id = h.create_claim(h.headers(customer))["id"]
    filed = h.client.post(
        f"/claims/{claim_id}/complaints", json={"channel": "app", "text": "金额太低"}, headers=h.headers(customer)
    )
    assert filed.status_code == 201, filed.text
    complaint_id = filed.json()["id"]
    sign_in(customer)
    assert 'data-testid="mediation-offer"' not in h.client.get(f"/web/claims/{claim_id}").text
    for role in (Role.COMPLAINT_HANDLER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR):
        moved = h.client.post(
            f"/complaints/{complaint_id}/escalate", json={"reason": "客户要求上级处理"}, headers=h.login(role)[1]
        )
        assert moved.status_code == 200, moved.text
    offer = h.client.get(f"/complaints/{complaint_id}", headers=h.headers(customer)).json()["mediation_offer"]
    assert "12378" in offer
    sign_in(customer)
    page = h.client.get(f"/web/claims/{claim_id}")
    assert page.status_code == 200
    shown = page.text.split('data-testid="mediation-offer"', 1)[1].split("</p>", 1)[0]
    assert offer in _text(shown)
