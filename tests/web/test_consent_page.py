"""The claim page's training consent, in Chinese: the customer gives it later or withdraws it with
one button, through the service the API's ``PUT /claims/{id}/training-consent`` calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.claims.test_consent_withdrawal import _events
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def test_the_claim_page_withdraws_and_gives_in_chinese(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    user = h.user(Role.CUSTOMER)
    claim_id = str(h.create_claim(h.headers(user))["id"])  # not given at reporting
    sign_in(user)
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert "您未同意将本案照片用于训练模型" in page and "同意用于训练" in page

    def press(given: str) -> str:
        response = h.client.post(
            f"/web/claims/{claim_id}/training-consent", data={"csrf_token": h.client.cookies[CSRF], "given": given}
        )
        assert response.status_code == 303 and response.headers["location"].endswith("#consent")
        return str(h.client.get(f"/web/claims/{claim_id}").text)

    page = press("true")
    assert "您已同意将本案照片用于训练定损识别模型" in page and "撤回同意" in page and "同意时间" in page
    page = press("false")
    assert "您已撤回同意" in page and "撤回时间" in page
    assert [a for a, _ in _events(h, claim_id)] == ["training_consent_given", "training_consent_withdrawn"]
    claim = h.client.get(f"/claims/{claim_id}", headers=h.headers(user)).json()
    assert claim["training_consent"] is False


def test_the_staff_claim_page_lists_the_change_in_the_audit_trail(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    customer = h.user(Role.CUSTOMER)
    claim_id = str(h.create_claim(h.headers(customer), training_consent=True)["id"])
    withdrawn = h.client.put(f"/claims/{claim_id}/training-consent", json={"given": False}, headers=h.headers(customer))
    assert withdrawn.status_code == 200, withdrawn.text
    sign_in(h.user(Role.SENIOR_ADJUSTER))
    audit = h.client.get(f"/web/claims/{claim_id}").text.split('id="audit"')[1]
    assert "客户 · 客户撤回照片训练授权" in audit
