"""Every customer page state in Chinese shows no raw key, enum or English word (issue 13 item 8).

The customer's pages are visited in each state a claim goes through — reported, photos in,
assessed and priced, approved, signed, paid, disputed — plus the inbox, surveys, preferences and
the public guide pages; the visible text (and titles, placeholders, alt texts) is searched for
Latin words. Allowed: the product's name, units and codes that are Latin in Chinese use too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.signing.helpers import signed_claim_of
from tests.fixtures.harness import Harness
from tests.web.visible_text import latin_words


def _visit(h: Harness, paths: list[str]) -> dict[str, set[str]]:
    found = {}
    for path in paths:
        response = h.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        # The claims' description is the customer's own text (the harness writes it in English).
        words = latin_words(response.text.replace("rear bumper scraped in a car park", ""))
        if words:
            found[path] = words
    return found


def test_customer_pages_in_every_state_read_in_chinese(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer = h.user(Role.CUSTOMER)
    headers = h.headers(customer)
    reported = h.create_claim(headers)["id"]
    signed = signed_claim_of(h, headers, payee=False)
    paid = signed_claim_of(h, headers, payee=True)
    supervisor = h.login(Role.SUPERVISOR)[1]
    assert h.client.post(f"/claims/{paid}/payment/paid", headers=supervisor).status_code == 200
    disputed = signed_claim_of(h, headers, payee=False)
    complaint = h.client.post(
        f"/claims/{disputed}/complaints", json={"channel": "app", "text": "金额太低"}, headers=headers
    )
    assert complaint.status_code == 201, complaint.text

    sign_in(customer)
    paths = [
        "/web/claims",
        "/web/claims/new",
        *(f"/web/claims/{c}" for c in (reported, signed, paid, disputed)),
        f"/web/claims/{reported}/capture",
        "/web/inbox",
        "/web/surveys",
        "/web/notification-preferences",
        "/web/faq?q=如何拍照定损",
        "/web/guide",
        "/web/deadlines",
    ]
    assert _visit(h, paths) == {}
    # While the dispute is handled the page shows where it stands, not a second dispute form.
    page = h.client.get(f"/web/claims/{disputed}").text
    assert 'data-testid="dispute-pending"' in page and 'id="dispute"' not in page
    assert 'id="dispute"' in h.client.get(f"/web/claims/{signed}").text
