"""Signing and payment through the pages (issue 13 item 4), and the complaint card's outcome
(item 7): the same services as the API, the code read from what the channel was given."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.disputes.helpers import assessed_claim
from tests.api.signing.helpers import sent_code
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
PAYEE = {"payee_name": "张伟", "bank_name": "中国工商银行", "account_number": "6222 0212 3456 7890"}


def _post(h: Harness, url: str, **data: str) -> Any:
    return h.client.post(url, data={"csrf_token": h.client.cookies[CSRF], **data})


def _text(html: str, testid: str) -> str:
    section = html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_sign_give_the_account_and_be_paid_through_the_pages(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer, _, claim_id = assessed_claim(h)
    page_url = f"/web/claims/{claim_id}"
    sign_in(customer)
    page = h.client.get(page_url).text
    assert 'data-testid="get-code"' in page and "/accept" not in page and "签署定损单" in page

    sent = _post(h, f"/web/claims/{claim_id}/estimates/1/signing-code")
    assert sent.status_code == 303 and sent.headers["location"].endswith("?sign=sent#sign")
    code = sent_code(h, customer.id)
    wrong = _post(h, f"/web/claims/{claim_id}/estimates/1/signature", code=f"{(int(code) + 1) % 10**6:06d}")
    assert wrong.headers["location"].endswith("?sign=wrong&left=4#sign")
    assert "验证码不正确，剩余尝试次数： 4" in h.client.get(wrong.headers["location"]).text
    signed = _post(h, f"/web/claims/{claim_id}/estimates/1/signature", code=code)
    assert signed.headers["location"].endswith("?sign=done#sign")

    page = h.client.get(page_url).text
    signature = _text(page, "signing")
    assert "已签署 v1" in signature and "客户本人（验证码确认）" in signature and "SHA-256 " in signature
    assert 'data-testid="step-awaiting_payment" data-done="no"' in page  # 待支付: current, not done
    bad = _post(h, f"/web/claims/{claim_id}/payment", **{**PAYEE, "account_number": "12345"})
    assert bad.status_code == 422 and "银行账号应为12至19位数字。" in bad.text  # the page again, as typed
    assert f'value="{PAYEE["payee_name"]}"' in bad.text and f'value="{PAYEE["bank_name"]}"' in bad.text
    assert re.search(r'name="account_number"[^>]*value="12345" aria-invalid="true"', bad.text)
    assert _post(h, f"/web/claims/{claim_id}/payment", **PAYEE).status_code == 303
    page = h.client.get(page_url).text
    assert "**** **** **** 7890" in page and "6222021234567890" not in page
    assert "待支付" in _text(page, "payment")

    sign_in(h.user(Role.SUPERVISOR))
    staff_page = h.client.get(page_url).text
    assert "6222021234567890" in staff_page and 'data-testid="mark-paid"' in staff_page
    assert _post(h, f"/web/claims/{claim_id}/payment/paid").status_code == 303

    sign_in(customer)
    page = h.client.get(page_url).text
    assert "已支付" in _text(page, "payment") and 'data-testid="step-closed" data-done="yes"' in page


def test_an_adjuster_sees_the_account_masked_and_cannot_mark_it_paid(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    from tests.api.signing.helpers import signed_claim

    h = web_harness
    _, headers, claim_id = signed_claim(h)
    assert h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=headers).status_code == 200
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert "**** **** **** 7890" in page and "6222021234567890" not in page and "mark-paid" not in page
    assert _post(h, f"/web/claims/{claim_id}/payment/paid").status_code == 403


def test_the_estimate_report_shows_the_signature(web_harness: Harness) -> None:
    from tests.api.signing.helpers import signed_claim

    h = web_harness
    _, headers, claim_id = signed_claim(h)
    signature = h.client.get(f"/claims/{claim_id}/estimates/1/signature", headers=headers).json()
    report = h.client.get(f"/claims/{claim_id}/estimates/1/report.html", headers=headers)
    assert report.status_code == 200
    assert "客户签署 Signed" in report.text and signature["content_sha256"][:16] in report.text
    pdf = h.client.get(f"/claims/{claim_id}/estimates/1/report.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_complaint_card_shows_the_decision_and_its_explanation_before_the_question(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    from tests.api.disputes.helpers import golden_body

    h = web_harness
    customer, headers, claim_id = assessed_claim(h)
    created = h.client.post(f"/claims/{claim_id}/dispute", json={"channel": "app", "text": "金额太低"}, headers=headers)
    assert created.status_code == 201, created.text
    complaint_id = created.json()["id"]
    handler = h.login(Role.COMPLAINT_HANDLER)[1]
    analysed = h.client.post(f"/complaints/{complaint_id}/analysis", json=golden_body(), headers=handler)
    assert analysed.status_code == 201, analysed.text
    decision = {"verdict": "not_justified", "remedies": ["explain_with_evidence"], "reason": "按当地标准工时核定"}
    decided = h.client.post(f"/complaints/{complaint_id}/decision", json=decision, headers=handler)
    assert decided.status_code == 201, decided.text
    explanation = h.client.get(f"/complaints/{complaint_id}/explanation", headers=headers).json()

    sign_in(customer)
    card = h.client.get(f"/web/claims/{claim_id}").text.split('id="complaints"')[1]

    assert "按当地标准工时核定" in card and explanation["summary"] in card
    positions = [card.index('data-testid="outcome"'), card.index('data-testid="explanation"'), card.index("满意")]
    assert positions == sorted(positions)
    assert "待客户确认" in card and "已结案" not in card
    confirmed = _post(h, f"/web/complaints/{complaint_id}/confirm", satisfied="true")
    assert confirmed.status_code == 303
    card = h.client.get(f"/web/claims/{claim_id}").text.split('id="complaints"')[1]
    assert "投诉已办结" in card and "已结案" not in card  # a complaint's closure is not the claim's
