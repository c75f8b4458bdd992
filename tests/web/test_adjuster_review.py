"""The adjuster's estimate page: the pricing form keeps the vehicle chosen, corrections and line
changes go through the same services as the API, an approved estimate can be re-assessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim
from tests.api.estimates.test_documents_into_estimate import _documents
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

    [select] = re.findall(r'<select name="vehicle_class">(.*?)</select>', page)
    [selected] = re.findall(r'<option value="(\w+)" selected', select)
    assert selected == "suv"
    assert 'name="make" value="Toyota"' in page and 'name="model" value="RAV4"' in page
    # Pricing again with what the form now holds keeps the price.
    again = _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class=selected, make="Toyota", model="RAV4")
    assert again.status_code == 303
    v1, v2 = _estimate(h, claim_id, headers, 1), _estimate(h, claim_id, headers, 2)
    assert v2["vehicle"]["vehicle_class"] == "suv" and v2["net_repair_cost"] == v1["net_repair_cost"]


def test_the_pricing_form_starts_from_the_confirmed_vehicle_licence(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    """The licence says a new-energy car: the first pricing on the page priced a compact one (the
    form's default class overrode the licence, which the API would have used). The estimate card
    names the vehicle priced for and the price list it cites."""
    h = web_harness
    _, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    headers = h.headers(adjuster)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    for url in _documents(h, claim_id, customer).values():
        assert h.client.post(f"{url}/confirm", headers=headers).status_code == 200
    sign_in(adjuster)

    page = h.client.get(f"/web/claims/{claim_id}").text

    [select] = re.findall(r'<select name="vehicle_class">(.*?)</select>', page, re.S)
    [selected] = re.findall(r'<option value="(\w+)" selected', select)
    assert selected == "new_energy"
    assert 'name="make" value="大众汽车"' in page and 'name="model" value="SVW71612BM"' in page
    assert 'data-testid="vehicle-from-licence"' in page
    posted = _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class=selected, make="大众汽车", model="SVW71612BM")
    assert posted.status_code == 303, posted.text
    estimate = _estimate(h, claim_id, headers, 1)
    assert estimate["vehicle"]["vehicle_class"] == "new_energy" and estimate["vehicle"]["year"] == 2019

    page = h.client.get(f"/web/claims/{claim_id}").text
    [card] = re.findall(r'data-testid="estimate-vehicle">(.*?)</p>', page, re.S)
    assert "新能源" in card and "大众汽车 SVW71612BM 2019" in card
    assert estimate["catalog_version"] in card


def test_the_page_corrects_findings_sets_operations_and_adds_lines_through_the_services(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    claim_id, headers = _setup(h, sign_in)
    assert _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class="compact").status_code == 303
    [finding] = h.client.get(f"/claims/{claim_id}/findings", headers=headers).json()["findings"]
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert f'data-testid="correct-{finding["id"]}"' in page and 'data-testid="add-damage"' in page
    assert 'data-testid="add-part"' in page and 'data-testid="add-line"' in page

    added = _post(
        h,
        f"/web/claims/{claim_id}/findings/corrections",
        action="add",
        photo_id=finding["photo_id"],
        x1="5", y1="5", x2="40", y2="30",
        damage_type="scratch", part="hood", side="", severity="minor", origin="adjuster",
    )  # fmt: skip
    assert added.status_code == 303, added.text
    bad_box = _post(
        h,
        f"/web/claims/{claim_id}/findings/corrections",
        action="add",
        photo_id=finding["photo_id"],
        x1="5", y1="5", x2="99999", y2="30",
        damage_type="scratch", part="hood", severity="minor",
    )  # fmt: skip
    assert bad_box.status_code == 422
    operation = _post(
        h,
        f"/web/claims/{claim_id}/estimates/2/operations",
        part="front_bumper",
        action="replace",
        reason="replace_instead_of_repair",
    )
    assert operation.status_code == 303, operation.text
    line = _post(
        h,
        f"/web/claims/{claim_id}/estimates/3/additions",
        kind="labour",
        description="四轮定位",
        amount="150",
        reason="hidden_damage",
    )
    assert line.status_code == 303, line.text
    hours = _post(
        h,
        f"/web/claims/{claim_id}/estimates/4/lines",
        line_id="hood/paint",
        reason="hours_correction",
        quantity="2",
    )
    assert hours.status_code == 303, hours.text

    v5 = _estimate(h, claim_id, headers, 5)
    lines = {x["line_id"]: x for x in v5["lines"]}
    assert lines["hood/paint"]["origin"] == "adjuster" and lines["hood/paint"]["quantity"] == "2"
    assert lines["front_bumper/parts"]["catalog_basis"] and "front_bumper/labour.repair" not in lines
    [own] = [x for x in lines.values() if x["line_id"].startswith("own/")]
    assert own["amount"]["amount"] == "150.00" and own["origin"] == "adjuster"
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert 'data-testid="origin-front_bumper/parts"' in page and "四轮定位" in page


def test_an_approved_estimate_back_under_review_is_reopened_on_the_page(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    claim_id, headers = _setup(h, sign_in)
    assert _post(h, f"/web/claims/{claim_id}/estimates", vehicle_class="compact").status_code == 303
    assert _post(h, f"/web/claims/{claim_id}/estimates/1/approve").status_code == 303
    closed = h.client.get(f"/web/claims/{claim_id}").text
    assert 'data-testid="add-line"' not in closed and 'data-testid="approve-estimate"' not in closed
    back = _post(h, f"/web/claims/{claim_id}/transition", to="under_review", reason="new photos")
    assert back.status_code == 303

    reopened = h.client.get(f"/web/claims/{claim_id}").text
    assert 'data-testid="add-line"' in reopened and 'data-testid="approve-estimate"' not in reopened
    changed = _post(
        h,
        f"/web/claims/{claim_id}/estimates/1/additions",
        kind="materials",
        description="辅料",
        amount="80",
        reason="hidden_damage",
    )
    assert changed.status_code == 303, changed.text
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert 'data-testid="since-approved"' in page and 'data-testid="approve-estimate"' in page
    assert _post(h, f"/web/claims/{claim_id}/estimates/2/approve").status_code == 303
    assert h.client.get(f"/claims/{claim_id}", headers=headers).json()["state"] == "assessed"


def test_a_finding_is_rejected_with_its_reason_a_duplicate_box_too(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    """The reject button recorded every rejection as a false finding; a second box on the same
    damage is a duplicate, and the records (and what the accuracy panel and the labels export
    learn from them) should say so."""
    h = web_harness
    claim_id, headers = _setup(h, sign_in)
    [finding] = h.client.get(f"/claims/{claim_id}/findings", headers=headers).json()["findings"]
    page = h.client.get(f"/web/claims/{claim_id}").text
    [form] = re.findall(
        rf'<form[^>]*>(?:(?!</form>).)*value="reject"(?:(?!</form>).)*data-testid="reject-{finding["id"]}"', page, re.S
    )
    [choices] = re.findall(r'<select name="reason"[^>]*>(.*?)</select>', form, re.S)
    assert re.findall(r'<option value="(\w+)"', choices) == ["false_finding", "duplicate", "other"]

    rejected = _post(
        h, f"/web/claims/{claim_id}/findings/corrections", action="reject", finding_id=finding["id"], reason="duplicate"
    )

    assert rejected.status_code == 303, rejected.text
    [after] = h.client.get(f"/claims/{claim_id}/findings", headers=headers).json()["findings"]
    assert after["rejected"] and [x["reason"] for x in after["history"]] == ["duplicate"]


def test_the_review_shows_the_part_hint_and_what_named_each_part(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    """A damage the models could put on no part shows the damaged-part model's family as a hint (in
    Chinese, with the side when the photo told it); a named part says which model named it."""
    import uuid

    from sqlalchemy import select

    from api.db.models import Assessment, Finding

    h = web_harness
    _, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("unknown", None), ("front_bumper", "moderate")])
    with h.session() as session:
        unknown, bumper = session.scalars(
            select(Finding)
            .join(Assessment, Finding.assessment_id == Assessment.id)
            .where(Assessment.claim_id == uuid.UUID(claim_id))
            .order_by(Finding.rank)
        ).all()
        unknown.part_method, bumper.part_method = "hint:door:left", "damaged_part_model"
        ids = str(unknown.id), str(bumper.id)
    sign_in(adjuster)

    page = h.client.get(f"/web/claims/{claim_id}").text

    [hint] = re.findall(rf'data-testid="part-hint-{ids[0]}">(.*?)</span>', page)
    assert hint == "AI 提示：可能是 车门 · 左"
    [source] = re.findall(rf'data-testid="part-source-{ids[1]}">(.*?)</span>', page)
    assert source == "部位来源: 损伤部件模型"
    assert f"part-source-{ids[0]}" not in page and f"part-hint-{ids[1]}" not in page


def test_every_family_a_damaged_part_model_may_name_reads_in_both_languages() -> None:
    from api.web.i18n_review import FAMILY_NAMES
    from inference.damaged_parts import FAMILIES

    assert set(FAMILY_NAMES) == set(FAMILIES)
