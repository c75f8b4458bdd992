"""Integers a client sends are bounded: anything past what a field can hold is a 422 problem,
never a database error; a complaint names an estimate version that exists."""

from __future__ import annotations

import httpx
import pytest

from api.auth.roles import Role
from tests.fixtures.harness import Harness

HUGE = "9223372036854775808"  # 2**63: one past PostgreSQL's bigint and SQLite's integer


def _assert_problem(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if code is not None:
        assert response.json()["type"] == f"urn:claimsight:problem:{code}"


@pytest.mark.parametrize("offset", [HUGE, "2147483648", "-1"])
def test_list_offsets_past_any_page_are_a_422(harness: Harness, offset: str) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, desk = harness.login(Role.COMPLAINT_HANDLER)

    _assert_problem(harness.client.get(f"/claims?offset={offset}", headers=customer), 422, "validation-error")
    _assert_problem(harness.client.get(f"/complaints?offset={offset}", headers=desk), 422, "validation-error")


def test_the_largest_accepted_offset_answers_an_empty_page(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    response = harness.client.get("/claims?offset=1000000", headers=customer)
    assert response.status_code == 200 and response.json()["items"] == []


def test_huge_estimate_versions_are_a_422_everywhere(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    base = f"/claims/{claim['id']}"

    _assert_problem(harness.client.get(f"{base}/estimates/{HUGE}", headers=adjuster), 422)
    _assert_problem(harness.client.get(f"{base}/estimates/{HUGE}/report.pdf", headers=adjuster), 422)
    body = {"channel": "app", "text": "定损金额太低", "estimate_version": int(HUGE)}
    _assert_problem(harness.client.post(f"{base}/complaints", json=body, headers=customer), 422, "validation-error")


def test_a_complaint_on_an_estimate_version_that_does_not_exist_is_refused(harness: Harness) -> None:
    from tests.api.disputes.test_analysis_api import _store_estimate

    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    _store_estimate(harness, claim["id"])  # the claim was priced here: version 1 exists
    before = harness.row_counts()

    body = {"channel": "app", "text": "定损金额太低", "estimate_version": 7}
    response = harness.client.post(f"/claims/{claim['id']}/complaints", json=body, headers=customer)

    _assert_problem(response, 404, "no-estimate")
    assert harness.row_counts() == before
    body["estimate_version"] = 1
    assert harness.client.post(f"/claims/{claim['id']}/complaints", json=body, headers=customer).status_code == 201


@pytest.mark.parametrize("week", ["2026-W99", "2026-W00", "0000-W01", "9999-W53"])
def test_weeks_that_do_not_exist_are_a_422(harness: Harness, week: str) -> None:
    _, supervisor = harness.login(Role.SUPERVISOR)
    response = harness.client.get(f"/reports/complaints/weekly?week={week}", headers=supervisor)
    _assert_problem(response, 422)
