"""The queue page's filters and assignment (issue 12 item 7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _post(h: Harness, path: str, **data: Any) -> Any:
    return h.client.post(path, data={"csrf_token": h.client.cookies[CSRF], **data})


def _claims(h: Harness) -> tuple[str, str]:
    _, customer = h.login(Role.CUSTOMER)
    first = h.create_claim(customer, policy_number="PDAA-ASSIGN-1")["id"]
    second = h.create_claim(customer, policy_number="PDAA-ASSIGN-2")["id"]
    return first, second


def test_the_filter_form_as_a_browser_submits_it_is_accepted(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    """The form sends every select, "all" as an empty value: that was a 422 page, so the filters
    could not be applied without choosing a tier and an AI status."""
    h = web_harness
    _claims(h)
    sign_in(h.user(Role.SUPERVISOR))

    page = h.client.get("/web/queue?assigned=any&assignee_id=&tier=&ai_status=&sort=-amount")

    assert page.status_code == 200, page.text[:300]
    assert "PDAA-ASSIGN-1" in page.text and "PDAA-ASSIGN-2" in page.text
    api = h.client.get("/queue?tier=", headers=h.headers(h.user(Role.SUPERVISOR)))
    assert api.status_code == 200 and api.json()["total"] == 2  # the API reads an empty filter the same way
