"""The staff's customer profile page in Chinese: the stored flag with its reasons, rule and manual
tags (added and removed through the page's forms, the same service as the API), policies, claims,
complaints, surveys and fraud signals, with no raw keys; the queue, complaint and claim pages link
to it and show the flag and tags."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from api.auth.roles import Role
from api.customers.service import recompute
from api.db.base import utcnow
from api.db.models import FraudFlag
from api.fraud.signals import FraudSignal
from api.surveys.models import Revisit
from api.surveys.states import Stage
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
RAW = re.compile(
    r"\b(customer\.[a-z_.]+|repeated_complaints|amount_above_market|fraud_signals|first_claim|high_dispute|"
    r"low_satisfaction|duplicate_photo|captured_after_report|policy_commercial|front_line|field\.[a-z_]+)\b"
)


def _text(html: str) -> str:
    body = html.split("<main", 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_profile_page_in_chinese(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer, headers = h.login(Role.CUSTOMER)
    claim = h.create_claim(headers)["id"]
    complaints = [
        h.client.post(f"/claims/{claim}/complaints", json={"channel": "app", "text": "金额太低"}, headers=headers)
        for _ in range(2)
    ]
    assert all(c.status_code == 201 for c in complaints)
    now = utcnow()
    with h.session() as session:
        session.add(FraudFlag(claim_id=uuid.UUID(claim), signal=FraudSignal.CAPTURED_AFTER_REPORT, detail="t"))
        session.add(Revisit(claim_id=uuid.UUID(claim), customer_id=customer.id, stage=Stage.SUBMITTED,
                            due_at=now - timedelta(days=1), sent_at=now - timedelta(days=1), answered_at=now,
                            convenience=4, communication=2, amount_fairness=3, overall=3))  # fmt: skip
        session.flush()
        recompute(session, customer_id=customer.id, now=now)
    handler = h.user(Role.COMPLAINT_HANDLER)
    sign_in(handler)
    page = h.client.get(f"/web/customers/{customer.id}")
    assert page.status_code == 200
    text = _text(page.text)
    assert "客户画像" in text and "高风险客户" in text
    assert "90天内投诉2次" in text and "欺诈信号：拍摄时间晚于报案" in text
    assert "多次投诉" in text and "首次出险" in text and "满意度低" in text  # rule tags
    assert "回访评分" in text and "报案后回访" in text and "投诉记录" in text
    assert customer.email not in page.text  # masked
    assert not RAW.search(text), RAW.search(text)

    token = h.client.cookies[CSRF]
    added = h.client.post(f"/web/customers/{customer.id}/tags", data={"csrf_token": token, "label": "需电话回访"})
    assert added.status_code == 303 and added.headers["location"].endswith("#tags")
    page = h.client.get(f"/web/customers/{customer.id}")
    assert "需电话回访" in _text(page.text) and handler.email in page.text  # who added it
    [tag_id] = re.findall(r'action="/web/customers/[0-9a-f-]+/tags/([0-9a-f-]+)/remove"', page.text)
    removed = h.client.post(f"/web/customers/{customer.id}/tags/{tag_id}/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    profile = h.client.get(f"/customers/{customer.id}/profile", headers=h.headers(handler)).json()
    assert profile["tags"][0]["removed_by_id"] == str(handler.id)  # the page used the API's service
    assert "已移除的标签" in _text(h.client.get(f"/web/customers/{customer.id}").text)
    assert (
        h.client.post(f"/web/customers/{customer.id}/tags", data={"csrf_token": token, "label": "大客户"}).status_code
        == 303
    )

    complaint_page = h.client.get(f"/web/complaints/{complaints[0].json()['id']}")
    desk_queue = h.client.get("/web/complaints")
    for shown in (complaint_page, desk_queue):
        assert shown.status_code == 200
        assert f'href="/web/customers/{customer.id}"' in shown.text
        assert "高风险客户" in _text(shown.text) and "大客户" in _text(shown.text)
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    for url in ("/web/queue", f"/web/claims/{claim}"):
        shown = h.client.get(url)
        assert shown.status_code == 200 and f'href="/web/customers/{customer.id}"' in shown.text, url
        assert "多次投诉" in _text(shown.text) and "大客户" in _text(shown.text), url
    assert "Customer profile" in _text(h.client.get(f"/web/customers/{customer.id}?lang=en").text)

    sign_in(customer)
    assert h.client.get(f"/web/customers/{customer.id}").status_code == 403
