"""Every staff page reads in Chinese (issue 14): the adjuster's queue and claim review with its
audit trail, the accuracy panel, the complaint desk's queue and complaint page (line-by-line
analysis, recommendation, timeline, contact panel), the supervisor's dashboard and quality page,
the weekly report and the customer profile — in the states a claim and a complaint go through.
Texts the system wrote are stored as codes and rendered here; what a person typed is shown as
typed (the test types Chinese, as the desk does).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from api.auth.roles import Role
from api.db.base import utcnow
from api.disputes.tasks import escalate_overdue_complaints
from tests.api.disputes.helpers import assessed_claim
from tests.api.signing.helpers import signed_claim_of
from tests.fixtures.harness import Harness
from tests.web.visible_text import ALLOWED, latin_words

CSRF = "claimsight_csrf"
# Beyond the customer pages' list, Latin that staff pages show on purpose, as Chinese staff write
# it: OCR (a field read by OCR), SUV (a vehicle class), APP (APP消息, a contact channel).
STAFF_ALLOWED = ALLOWED | {"OCR", "SUV", "APP"}
# The harness's claims carry an English description typed by the "customer" (a person's text).
CUSTOMER_TEXT = "rear bumper scraped in a car park"


def _post(h: Harness, url: str, **data: Any) -> None:
    response = h.client.post(url, data={"csrf_token": h.client.cookies[CSRF], **data})
    assert response.status_code == 303, (url, response.status_code, response.text[:300])


def _complaint_of(h: Harness, claim_id: str) -> str:
    page = h.client.get(f"/web/claims/{claim_id}").text
    return "/web/complaints/" + page.split('href="/web/complaints/')[1].split('"')[0]


def _visit(h: Harness, paths: list[str]) -> dict[str, set[str]]:
    found = {}
    for path in paths:
        response = h.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        words = latin_words(response.text.replace(CUSTOMER_TEXT, ""), STAFF_ALLOWED)
        if words:
            found[path] = words
    return found


def _disputed(h: Harness, sign_in: Callable[..., Any], lines: str) -> tuple[Any, str, str]:
    """A claim with an approved estimate, disputed on the customer's page with items as customers
    write them, and analysed line by line from the desk page."""
    customer, _, claim_id = assessed_claim(h)
    sign_in(customer)
    _post(h, f"/web/claims/{claim_id}/dispute", text="定损金额太低，免赔额也没解释", lines=lines)
    sign_in(h.user(Role.COMPLAINT_HANDLER))
    path = _complaint_of(h, claim_id)
    _post(h, f"{path}/analysis")
    return customer, claim_id, path


def test_staff_pages_in_every_state_read_in_chinese(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer = h.headers(h.user(Role.CUSTOMER))
    supervisor, handler, senior = (h.user(r) for r in (Role.SUPERVISOR, Role.COMPLAINT_HANDLER, Role.SENIOR_ADJUSTER))

    # The adjuster's side: reported with a photo, assessed by the detector, approved, signed, paid.
    reported = h.create_claim(customer)["id"]
    assert h.upload_photo(customer, reported).status_code == 201
    assessed = h.create_claim(customer)["id"]
    assert h.upload_photo(customer, assessed).status_code == 201
    assert h.assess(assessed, h.headers(senior)).status_code == 200
    paid = signed_claim_of(h, customer, payee=True)
    assert h.client.post(f"/claims/{paid}/payment/paid", headers=h.headers(supervisor)).status_code == 200

    # A complaint calmed, delayed, decided above the handler's authority and approved (delivered).
    disputer, decided_claim, decided = _disputed(h, sign_in, "前挡风玻璃 更换 1800元\n前杠 钣金喷漆 600\n后尾灯 ￥600")
    _post(h, f"{decided}/upset", reason="来电情绪激动")
    _post(h, f"{decided}/contacts", channel="phone", purpose="calming", outcome="reached",
          customer_calmed="yes", note="已安抚")  # fmt: skip
    _post(h, f"{decided}/delay-notices", reason="等待配件报价",
          new_time=(utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))  # fmt: skip
    _post(h, f"{decided}/decision", verdict="partly_justified", remedies=["pay_difference"], compensation="800",
          delivery="payment_adjustment", reason="玻璃价格低于本地4S店")  # fmt: skip
    sign_in(supervisor)
    _post(h, f"{decided}/review", approve="true", reason="同意")

    # A complaint sent to a third-party re-assessment whose result revises the estimate (v2).
    _, reassessed_claim, reassessed = _disputed(h, sign_in, "前挡风玻璃 更换 2600元")
    _post(h, f"{reassessed}/decision", verdict="partly_justified", remedies=["third_party_reassessment"],
          compensation="0", reassessment_by="third_party", reason="金额差距大，安排第三方复核")  # fmt: skip
    sign_in(senior)
    _post(h, f"{reassessed}/reassessment", assessor="某某公估", line_id="front_glass/parts", amount="1500元",
          result="按本地4S店价格")  # fmt: skip

    # A complaint left open with its recommendation; the clock escalates it up the ladder and asks
    # for a follow-up of the feedback the first customer has not confirmed.
    _, pending_claim, pending = _disputed(h, sign_in, "前挡风玻璃 更换 3000")
    with h.session() as session:
        escalate_overdue_complaints(session, now=utcnow() + timedelta(days=10))

    sign_in(senior)
    claims = [f"/web/claims/{c}" for c in (reported, assessed, paid, decided_claim, reassessed_claim, pending_claim)]
    found = _visit(h, ["/web/queue", *claims])
    sign_in(handler)
    found |= _visit(h, ["/web/complaints", decided, reassessed, pending])
    sign_in(supervisor)
    pages = ["/web/supervisor", "/web/supervisor/quality", "/web/reports/weekly", "/web/reports/ai-accuracy"]
    found |= _visit(h, [*pages, pending, f"/web/customers/{disputer.id}"])
    assert found == {}

    # The system's texts are there, in Chinese (so the pages above did show them).
    trail = h.client.get(f"/web/claims/{assessed}").text
    assert "报案，案件类型：简易案件" in trail and "自动定损" in trail and "处损伤" in trail
    page = h.client.get(decided).text
    assert "超出投诉处理权限" in page and "已记录安抚联系" in page and "金额争议" in page
    assert "前挡风玻璃 更换 配件" in page  # the estimate's line, by part and operation
    page = h.client.get(pending).text
    assert "一线客服阶段超时" in page and "进入高级理赔组" in page
    assert "24小时答复时限" in h.client.get("/web/reports/weekly").text
