"""The complaint page's routing and contact panel (issue 14 items 3 and 6): the team and
assignee, the script library for the stage, the calming gate and the wording check refusing a
form with the phrases and suggestions — through the same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _complaint(h: Harness) -> str:
    _, headers = h.login(Role.CUSTOMER)
    claim = h.create_claim(headers)
    body = {"channel": "phone", "text": "定损金额太低", "demand": "期望金额 9000.00"}
    created = h.client.post(f"/claims/{claim['id']}/complaints", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return f"/web/complaints/{created.json()['id']}"


def _post(h: Harness, url: str, **data: str) -> Any:
    return h.client.post(url, data={"csrf_token": h.client.cookies[CSRF], **data})


def test_the_panel_shows_the_team_the_scripts_and_holds_back_a_solution_for_an_upset_customer(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    handler = h.user(Role.COMPLAINT_HANDLER)
    path = _complaint(h)
    sign_in(handler)
    page = h.client.get(path).text
    assert "一线客服" in page and handler.email in page and 'data-testid="scripts"' in page
    assert "接诉阶段" in page and "请您放心，我们会尽快处理" in page
    assert _post(h, f"{path}/upset", reason="来电情绪激动").status_code == 303
    assert 'data-testid="upset"' in h.client.get(path).text
    decision = {"verdict": "partly_justified", "remedies": "voucher", "voucher_type": "代金券",
                "voucher_value": "50", "reason": "协商补偿"}  # fmt: skip
    refused = _post(h, f"{path}/decision", **decision)
    assert refused.status_code == 409 and "calming contact" in refused.text
    calmed = _post(h, f"{path}/contacts", channel="phone", purpose="calming", outcome="reached",
                   customer_calmed="yes", note="已安抚")  # fmt: skip
    assert calmed.status_code == 303, calmed.text
    page = h.client.get(path).text
    assert 'data-testid="upset"' not in page and "情绪安抚" in page and "已安抚" in page
    assert _post(h, f"{path}/decision", **decision).status_code == 303
    page = h.client.get(path).text
    assert "跟进阶段" in page and "请问您是否清楚后续流程" in page and 'data-testid="follow-up"' in page


def test_a_rude_reason_is_refused_with_what_to_say_instead(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    path = _complaint(h)
    sign_in(h.user(Role.COMPLAINT_HANDLER))
    refused = _post(h, f"{path}/delay-notices", reason="公司规定就是这样，不行", new_time="2099-01-01T10:00")
    assert refused.status_code == 422
    assert "公司规定" in refused.text and "根据条款第X条规定" in refused.text and "我们需要进一步核实" in refused.text
    decision = _post(h, f"{path}/decision", verdict="not_justified", remedies="explain_with_evidence",
                     reason="你们不懂定损")  # fmt: skip
    assert decision.status_code == 422 and "你们不懂" in decision.text


def test_only_a_supervisor_reassigns_and_the_higher_level_is_the_seniors(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    handler, other, senior = (h.user(r) for r in (Role.COMPLAINT_HANDLER, Role.COMPLAINT_HANDLER, Role.SENIOR_ADJUSTER))
    path = _complaint(h)
    sign_in(handler)
    assert _post(h, f"{path}/assignment", assignee_id=str(other.id), reason="r").status_code == 403
    assert _post(h, f"{path}/escalate", reason="客户要求上级处理").status_code == 303
    page = h.client.get(path).text
    assert "理赔专员团队" in page and senior.email in page
    refused = _post(h, f"{path}/escalate", reason="again")
    assert refused.status_code == 403
    sign_in(h.user(Role.SUPERVISOR))
    page = h.client.get(path).text
    assert 'action="' + path + '/assignment"' in page
    assert _post(h, f"{path}/assignment", assignee_id=str(senior.id), reason="熟悉车型").status_code == 303


def test_the_supervisor_reviews_quality_and_registers_an_action(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _complaint(h)
    sign_in(h.user(Role.SUPERVISOR))
    page = h.client.get("/web/supervisor/quality?week=2026-W49")
    assert page.status_code == 200 and "差评率" in page.text and "细分原因周环比" in page.text
    created = _post(h, "/web/improvement-actions", source_week="2026-W49", source_topic="amount.deductible_unexplained",
                    title="定损单首页说明免赔额", department="claims", due_date="2026-12-20")  # fmt: skip
    assert created.status_code == 303, created.text
    page = h.client.get("/web/supervisor/quality?week=2026-W49").text
    assert "定损单首页说明免赔额" in page and "金额：免赔额未提前说明" in page and "理赔部" in page
    action = page.split('action="/web/improvement-actions/')[1].split('"')[0]
    assert _post(h, f"/web/improvement-actions/{action}", status="effective").status_code == 422
    evidenced = _post(h, f"/web/improvement-actions/{action}", status="effective", evidence="W51 同类投诉 0 起")
    assert evidenced.status_code == 303
    assert "已见效" in h.client.get("/web/supervisor/quality?week=2026-W49").text
