"""Claims assigned to adjusters on the queue page (issue 12 item 7): a supervisor assigns a claim to
a named adjuster and filters the queue by adjuster, as ``POST /claims/{id}/assignment`` with
``assignee_id`` and ``GET /queue?assignee_id=`` do, through the same service; the page offered
"take" and "release" only. An adjuster gets no such choice, and the service refuses it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from api.db.models import Claim
from api.workflow.states import CaseTier
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _post(h: Harness, path: str, **data: Any) -> Any:
    return h.client.post(path, data={"csrf_token": h.client.cookies[CSRF], **data})


def _claims(h: Harness) -> tuple[str, str]:
    _, customer = h.login(Role.CUSTOMER)
    first = h.create_claim(customer, policy_number="PDAA-ASSIGN-1")["id"]
    second = h.create_claim(customer, policy_number="PDAA-ASSIGN-2")["id"]
    return first, second


def test_a_supervisor_assigns_a_claim_to_an_adjuster_and_filters_by_adjuster(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    first, second = _claims(h)
    senior, supervisor = h.user(Role.SENIOR_ADJUSTER), h.user(Role.SUPERVISOR)
    sign_in(supervisor)

    page = h.client.get("/web/queue").text

    [choices] = re.findall(rf'data-claim="{first}".*?<select name="assignee_id"[^>]*>(.*?)</select>', page, re.S)
    assert f'value="{senior.id}"' in choices and senior.email in choices
    assigned = _post(h, f"/web/claims/{first}/assignment", action="assign", assignee_id=str(senior.id))
    assert assigned.status_code == 303, assigned.text
    api = h.client.get(f"/queue?assignee_id={senior.id}", headers=h.headers(supervisor)).json()
    assert [i["claim_id"] for i in api["items"]] == [first]

    mine = h.client.get(f"/web/queue?assignee_id={senior.id}").text
    assert "PDAA-ASSIGN-1" in mine and "PDAA-ASSIGN-2" not in mine
    [chosen] = re.findall(r'<select name="assignee_id" data-testid="assignee-filter">(.*?)</select>', mine, re.S)
    assert re.search(rf'value="{senior.id}"\s+selected', chosen)
    assert second


def test_an_adjuster_gets_no_choice_of_assignee_and_the_service_refuses_one(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    first, _ = _claims(h)
    senior, other = h.user(Role.SENIOR_ADJUSTER), h.user(Role.SENIOR_ADJUSTER)
    sign_in(senior)

    page = h.client.get("/web/queue").text

    assert 'data-testid="assign-to"' not in page
    refused = _post(h, f"/web/claims/{first}/assignment", action="assign", assignee_id=str(other.id))
    assert refused.status_code == 403, refused.text[:300]


def test_a_junior_on_a_case_above_their_tier_is_refused_on_the_page(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    first, _ = _claims(h)
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(first))
        assert claim is not None
        claim.tier = CaseTier.NORMAL
    junior = h.user(Role.JUNIOR_ADJUSTER)
    sign_in(h.user(Role.SUPERVISOR))

    refused = _post(h, f"/web/claims/{first}/assignment", action="assign", assignee_id=str(junior.id))
    bad_id = _post(h, f"/web/claims/{first}/assignment", action="assign", assignee_id="not-a-uuid")

    assert refused.status_code == 422 and "text/html" in refused.headers["content-type"], refused.text[:300]
    assert bad_id.status_code == 422


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


def test_a_queue_longer_than_a_page_links_to_the_next_page_with_the_same_filters(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    """The page showed the first 50 claims and the total, with no way to the rest."""
    h = web_harness
    _claims(h)
    _, customer = h.login(Role.CUSTOMER)
    h.create_claim(customer, policy_number="PDAA-ASSIGN-3")
    sign_in(h.user(Role.SENIOR_ADJUSTER))

    first = h.client.get("/web/queue?sort=reported&limit=2").text

    assert first.count('data-testid="queue-row"') == 2 and "PDAA-ASSIGN-3" not in first
    assert 'data-testid="queue-prev"' not in first
    [following] = re.findall(r'<a href="([^"]+)" data-testid="queue-next"', first)
    second = h.client.get(following.replace("&amp;", "&")).text
    assert second.count('data-testid="queue-row"') == 1 and "PDAA-ASSIGN-3" in second
    assert 'data-testid="queue-next"' not in second
    [back] = re.findall(r'<a href="([^"]+)" data-testid="queue-prev"', second)
    assert "sort=reported" in back and "limit=2" in back and "offset=0" in back
