"""A refused report form comes back as the customer typed it, each refused field marked and
explained in Chinese; nothing is filed."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import Claim
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _post(h: Harness, **fields: str) -> Any:
    data = {
        "csrf_token": h.client.cookies[CSRF],
        "policy_number": "PDAA202611000777",
        "policy_start": "2026-01-01",
        "accident_at": "2026-11-20T09:30",
        "description": "停车场倒车时刮到立柱，后保险杠擦伤",
        "vehicles_involved": "1",
        "estimated_amount": "800",
        **fields,
    }
    return h.client.post("/web/claims/new", data=data)


def _claims(h: Harness) -> int:
    with h.session() as session:
        return int(session.scalar(select(func.count()).select_from(Claim)) or 0)


@pytest.mark.parametrize(
    ("fields", "refused", "message"),
    [
        ({"estimated_amount": "八百"}, "estimated_amount", "预估金额应为不小于 0 的数字"),
        ({"estimated_amount": "-5"}, "estimated_amount", "预估金额应为不小于 0 的数字"),
        ({"accident_at": "yesterday"}, "accident_at", "请填写有效的出险时间"),
        ({"accident_at": "2025-06-01T08:00"}, "accident_at", "不能早于保单起期"),  # before the policy
        ({"policy_start": "2026-13-40"}, "policy_start", "请填写有效的保单起期"),
        ({"policy_number": "P" * 65}, "policy_number", "请填写保单号"),
    ],
)
def test_a_refused_field_is_marked_and_the_rest_kept(
    web_harness: Harness, sign_in: Callable[..., Any], fields: dict[str, str], refused: str, message: str
) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    h.client.get("/web/claims/new")
    before = _claims(h)

    response = _post(h, **fields)

    assert response.status_code == 422
    page = response.text
    assert _claims(h) == before
    assert message in page and f'data-testid="error-{refused}"' in page
    assert re.search(rf'name="{refused}"[^>]*aria-invalid="true"', page)
    assert page.count('aria-invalid="true"') == 1  # only the refused field
    assert "停车场倒车时刮到立柱，后保险杠擦伤" in page  # what the customer wrote is kept
    if refused != "policy_number":
        assert 'value="PDAA202611000777"' in page
    assert not re.search(r"[A-Za-z]{4,} (?:is|should|must|not)\b", page)  # no English validator text


def test_an_accident_in_the_future_is_refused_on_its_field(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    sign_in(h.user(Role.CUSTOMER))
    h.client.get("/web/claims/new")
    later = (utcnow().astimezone(h.state.tz) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = _post(h, accident_at=later)

    assert response.status_code == 422
    assert 'data-testid="error-accident_at"' in response.text and f'value="{later}"' in response.text


def test_a_refused_dispute_keeps_what_the_customer_wrote(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    from api.db.models import Claim as ClaimRow
    from tests.api.signing.helpers import approved_claim

    h = web_harness
    customer = h.user(Role.CUSTOMER)
    claim_id = approved_claim(h, h.headers(customer))
    sign_in(customer)
    h.client.get(f"/web/claims/{claim_id}")
    form = {
        "csrf_token": h.client.cookies[CSRF],
        "text": "4S店报价更高，定损金额太低",
        "lines": "前挡风玻璃 更换 1800\n喷漆多少钱",  # the second line has no amount
        "contact": "下午三点后方便",
    }

    refused = h.client.post(f"/web/claims/{claim_id}/dispute", data=form)

    assert refused.status_code == 422
    page = refused.text
    assert "逐项金额每行写一项" in page and 'name="lines" rows="3" placeholder' in page
    assert "前挡风玻璃 更换 1800\n喷漆多少钱</textarea>" in page and "4S店报价更高，定损金额太低</textarea>" in page
    assert 'value="下午三点后方便"' in page and 'aria-invalid="true"' in page
    with h.session() as session:
        row = session.get(ClaimRow, uuid.UUID(claim_id))
        assert row is not None and row.state == "assessed"  # nothing filed

    nothing = h.client.post(f"/web/claims/{claim_id}/dispute", data=form | {"lines": "", "total": ""})
    assert nothing.status_code == 422 and "请填写您期望的总金额，或逐项填写金额。" in nothing.text

    filed = h.client.post(f"/web/claims/{claim_id}/dispute", data=form | {"lines": "前挡风玻璃 更换 1800"})
    assert filed.status_code == 303
