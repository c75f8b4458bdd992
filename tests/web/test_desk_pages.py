"""The complaint pages' own bugs (issue 14): the dispute form reads amounts as the quote parser
does, the desk page says why a line stayed unpaired, the form's example is a realistic one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from api.auth.roles import Role
from api.disputes.vocabulary import Unpaired
from api.errors import InvalidInput
from api.web.i18n import Lang, translator
from api.web.pages_desk import figure_lines
from tests.api.disputes.helpers import assessed_claim
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
GLASS = ("前挡风玻璃 更换", Decimal("1800"))
LINES = "前挡风玻璃 更换 1800元\n后尾灯 ￥600"  # the lamp is not in the estimate


@pytest.mark.parametrize(
    "line",
    [
        "前挡风玻璃 更换 1800",
        "前挡风玻璃 更换 1800元",
        "前挡风玻璃 更换 ￥1800",
        "前挡风玻璃 更换 ¥1,800",
        "前挡风玻璃 更换 ¥ 1800",
        "前挡风玻璃 更换 1800 元",
        "前挡风玻璃 更换 １８００",
        "前挡风玻璃 更换 1800块",
        "前挡风玻璃 更换1800元",
    ],
)
def test_the_dispute_form_reads_amounts_as_a_quote_does(line: str) -> None:
    assert figure_lines(line) == [GLASS]


@pytest.mark.parametrize("line", ["前挡风玻璃 更换 -1800", "前挡风玻璃 更换 18.005", "前挡风玻璃 更换", "1800"])
def test_lines_without_a_readable_amount_are_refused(line: str) -> None:
    with pytest.raises(InvalidInput):
        figure_lines(line)


@pytest.mark.parametrize(("lang", "label"), [("zh", "定损单无此部位"), ("en", "Part not in the estimate")])
def test_yuan_amounts_file_and_the_desk_page_says_why_a_line_is_unpaired(
    web_harness: Harness, sign_in: Callable[..., Any], lang: str, label: str
) -> None:
    h = web_harness
    customer, _, claim_id = assessed_claim(h)
    sign_in(customer)
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert 'placeholder="前挡风玻璃 更换 1800"' in page
    disputed = h.client.post(
        f"/web/claims/{claim_id}/dispute",
        data={"csrf_token": h.client.cookies[CSRF], "text": "定损金额太低", "lines": LINES},
    )
    assert disputed.status_code == 303, disputed.text
    handler = h.user(Role.COMPLAINT_HANDLER)
    sign_in(handler)
    queue = h.client.get("/web/complaints").text
    complaint_path = "/web/complaints/" + queue.split('href="/web/complaints/')[1].split('"')[0]
    analysed = h.client.post(f"{complaint_path}/analysis", data={"csrf_token": h.client.cookies[CSRF]})
    assert analysed.status_code == 303, analysed.text
    page = h.client.get(f"{complaint_path}?lang={lang}").text
    assert f'data-testid="unpaired-reason">{label}<' in page


@pytest.mark.parametrize("reason", list(Unpaired))
def test_every_unpaired_reason_has_both_labels(reason: Unpaired) -> None:
    zh, en = translator(Lang.ZH), translator(Lang.EN)
    key = f"unpaired.{reason.value}"
    assert zh(key) == reason.zh and en(key) != key and en(key) != zh(key)


def test_above_authority_through_the_pages_reaches_the_customer_who_confirms(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    """The measured failure, through the pages: the supervisor's approval pays the compensation
    (a payment adjustment citing the complaint), moves the claim on, and the customer sees the
    outcome beside the question they answer."""
    h = web_harness
    customer, _, claim_id = assessed_claim(h)
    sign_in(customer)
    disputed = h.client.post(
        f"/web/claims/{claim_id}/dispute",
        data={"csrf_token": h.client.cookies[CSRF], "text": "定损金额太低", "lines": "前挡风玻璃 更换 1800元"},
    )
    assert disputed.status_code == 303, disputed.text
    sign_in(h.user(Role.COMPLAINT_HANDLER))
    queue = h.client.get("/web/complaints").text
    complaint_path = "/web/complaints/" + queue.split('href="/web/complaints/')[1].split('"')[0]
    form = {
        "csrf_token": h.client.cookies[CSRF],
        "verdict": "partly_justified",
        "remedies": ["pay_difference"],
        "compensation": "800",  # above the handler's 500
        "delivery": "payment_adjustment",
        "speed_up_days": "1",  # sent by the form, counts only with its remedy
        "voucher_type": "",
        "voucher_value": "",
        "reassessment_by": "",
        "reason": "玻璃价格低于本地4S店",
    }
    assert h.client.post(f"{complaint_path}/decision", data=form).status_code == 303
    sign_in(h.user(Role.SUPERVISOR))
    reviewed = h.client.post(
        f"{complaint_path}/review", data={"csrf_token": h.client.cookies[CSRF], "approve": "true", "reason": "同意"}
    )
    assert reviewed.status_code == 303, reviewed.text
    desk_page = h.client.get(complaint_path).text
    assert 'data-testid="outcome-payment_adjustment"' in desk_page

    sign_in(customer)
    page = h.client.get(f"/web/claims/{claim_id}").text
    card = page.split('id="complaints"')[1]
    assert "处理结果" in card and "赔付调整（补付）" in card and "¥800.00" in card
    assert card.index('data-testid="outcome"') < card.index("您对处理结果满意吗")  # the outcome, then the question
    complaint_id = complaint_path.rsplit("/", 1)[1]
    confirmed = h.client.post(
        f"/web/complaints/{complaint_id}/confirm", data={"csrf_token": h.client.cookies[CSRF], "satisfied": "true"}
    )
    assert confirmed.status_code == 303, confirmed.text
    staff = h.login(Role.SENIOR_ADJUSTER)[1]
    assert h.client.get(f"/claims/{claim_id}", headers=staff).json()["state"] == "awaiting_payment"
    outcome = h.client.get(f"/complaints/{complaint_id}/outcome", headers=staff).json()
    assert outcome["status"] == "closed" and outcome["payable"]["adjustments"]["amount"] == "800.00"


def test_a_reassessment_ordered_and_recorded_through_the_pages(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    customer, _, claim_id = assessed_claim(h)
    sign_in(customer)
    disputed = h.client.post(
        f"/web/claims/{claim_id}/dispute",
        data={"csrf_token": h.client.cookies[CSRF], "text": "定损金额太低", "total": "3000"},
    )
    assert disputed.status_code == 303, disputed.text
    sign_in(h.user(Role.COMPLAINT_HANDLER))
    queue = h.client.get("/web/complaints").text
    complaint_path = "/web/complaints/" + queue.split('href="/web/complaints/')[1].split('"')[0]
    form = {
        "csrf_token": h.client.cookies[CSRF],
        "verdict": "partly_justified",
        "remedies": ["third_party_reassessment"],
        "compensation": "0",
        "reassessment_by": "third_party",
        "reason": "金额差距大，安排第三方复核",
    }
    assert h.client.post(f"{complaint_path}/decision", data=form).status_code == 303
    assert 'data-testid="record-reassessment"' not in h.client.get(complaint_path).text  # not a handler's to record
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    page = h.client.get(complaint_path).text
    assert 'data-testid="outcome-reassessment_ordered"' in page and 'value="front_glass/parts"' in page
    recorded = h.client.post(
        f"{complaint_path}/reassessment",
        data={
            "csrf_token": h.client.cookies[CSRF],
            "assessor": "某某公估",
            "line_id": "front_glass/parts",
            "amount": "1500元",
            "result": "按本地4S店价格",
        },
    )
    assert recorded.status_code == 303, recorded.text
    page = h.client.get(complaint_path).text
    assert 'data-testid="outcome-reassessment_recorded"' in page and 'data-testid="record-reassessment"' not in page
    staff = h.login(Role.SENIOR_ADJUSTER)[1]
    v2 = h.client.get(f"/claims/{claim_id}/estimates/2", headers=staff).json()
    assert next(x for x in v2["lines"] if x["line_id"] == "front_glass/parts")["amount"]["amount"] == "1500.00"
