"""The 定损单 header names the vehicle as the confirmed vehicle licence gives it: plate and VIN
beside the make, model and class the estimate was priced for (it printed "—" for both)."""

from __future__ import annotations

from api.auth.roles import Role
from tests.api.estimates.helpers import assessed_claim
from tests.api.estimates.test_documents_into_estimate import _documents, _estimate
from tests.fixtures.harness import Harness


def test_the_report_prints_plate_and_vin_from_the_confirmed_licence(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])
    urls = _documents(harness, claim_id, customer)
    assert _estimate(harness, claim_id, adjuster, vehicle={"vehicle_class": "compact"}).status_code == 201
    report = harness.client.get(f"/claims/{claim_id}/estimates/1/report.html", headers=customer).text
    assert "<dt>号牌号码 Plate</dt><dd>—</dd>" in report  # not confirmed yet: nothing taken from it

    for url in urls.values():
        assert harness.client.post(f"{url}/confirm", headers=adjuster).status_code == 200
    assert _estimate(harness, claim_id, adjuster).status_code == 201

    report = harness.client.get(f"/claims/{claim_id}/estimates/2/report.html", headers=customer).text
    assert "<dt>号牌号码 Plate</dt><dd>沪AD12345</dd>" in report
    assert "<dt>车辆识别代号 VIN</dt><dd>LSVAU218XN2183294</dd>" in report
    assert "<dt>品牌型号 Make/model</dt><dd>大众汽车 SVW71612BM 2019</dd>" in report
    assert "<dt>车辆级别 Class</dt><dd>新能源</dd>" in report
