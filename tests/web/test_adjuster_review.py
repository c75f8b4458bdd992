"""The adjuster's estimate page: the pricing form keeps the vehicle chosen, corrections and line
changes go through the same services as the API, an approved estimate can be re-assessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _post(h: Harness, path: str, **data: Any) -> Any:
    return h.client.post(path, data={"csrf_token": h.client.cookies[CSRF], **data})


def _estimate(h: Harness, claim_id: str, headers: dict[str, str], version: int) -> dict[str, Any]:
    response = h.client.get(f"/claims/{claim_id}/estimates/{version}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _setup(h: Harness, sign_in: Callable[..., Any]) -> tuple[str, dict[str, str]]:
    _, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    sign_in(adjuster)
    return claim_id, h.headers(adjuster)


def test_the_pricing_form_keeps_the_vehicle_chosen(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    """The measured bug: priced as an SUV, the form came back set to compact, so pricing again
    (after a correction) silently priced a compact car."""
    h = web_harness
    claim_id, headers = _setup(h, sign_in)
    first = _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class="suv", make="Toyota", model="RAV4")
    assert first.status_code == 303, first.text

    page = h.client.get(f"/web/claims/{claim_id}").text

    [selected] = re.findall(r'<option value="(\w+)" selected', page)
    assert selected == "suv"
    assert 'name="make" value="Toyota"' in page and 'name="model" value="RAV4"' in page
    # Pricing again with what the form now holds keeps the price.
    again = _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class=selected, make="Toyota", model="RAV4")
    assert again.status_code == 303
    v1, v2 = _estimate(h, claim_id, headers, 1), _estimate(h, claim_id, headers, 2)
    assert v2["vehicle"]["vehicle_class"] == "suv" and v2["net_repair_cost"] == v1["net_repair_cost"]
