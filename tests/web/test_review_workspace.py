"""The review workspace as served (no browser): every photo large with its findings boxed and
labelled, the car diagram naming parts, the shortcuts listed; the pure view helpers."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from api.auth.roles import Role
from api.capture.vocabulary import Zone, ZoneSide
from api.web.review_view import diagram_zones
from tests.api.estimates.helpers import assessed_claim
from tests.fixtures import images
from tests.fixtures.harness import Harness
from tests.web.test_adjuster_review import _post


def test_the_diagram_zones_name_parts_and_a_wheel_keeps_its_side() -> None:
    zones = {(z.shape.zone, z.shape.side): (z.part, z.side) for z in diagram_zones()}
    assert zones[(Zone.FRONT_DOOR, ZoneSide.LEFT)] == ("front_left_door", "")
    assert zones[(Zone.SIDE_MIRROR, ZoneSide.RIGHT)] == ("right_mirror", "")
    assert zones[(Zone.TYRE, ZoneSide.RIGHT)] == ("tyre", "right")
    assert zones[(Zone.WHEEL_RIM, ZoneSide.LEFT)] == ("wheel", "left")
    assert zones[(Zone.ROOF, ZoneSide.NONE)] == ("roof", "")
    assert (Zone.SIDE_WINDOW, ZoneSide.LEFT) not in zones  # front or rear door glass: not clickable


def test_every_photo_is_shown_large_with_its_findings_labelled(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate"), ("front_left_door", "severe")])
    assert h.upload_photo(customer, claim_id).status_code == 201  # a photo with nothing found on it
    sign_in(adjuster)
    findings = h.client.get(f"/claims/{claim_id}/findings", headers=h.headers(adjuster)).json()["findings"]
    first = findings[0]
    assert (
        _post(
            h,
            f"/web/claims/{claim_id}/findings/corrections",
            action="reject",
            finding_id=first["id"],
            reason="false_finding",
        ).status_code
        == 303
    )

    page = h.client.get(f"/web/claims/{claim_id}").text

    assert page.count('data-testid="review-photo"') == 3
    [options] = re.findall(r'<select name="photo_id">(.*?)</select>', page, re.S)
    assert options.count("<option") == 3  # a missed damage can be boxed on the photo with no finding
    box1 = re.search(r'data-testid="box-1">(.*?)</g>', page, re.S)
    box2 = re.search(r'data-testid="box-2">(.*?)</g>', page, re.S)
    assert box1 and box2
    assert "已驳回" in box1.group(1) and 'class="finding origin-ai rejected"' in page
    assert "左前门" in box2.group(1)
    assert "严重" in box2.group(1) and "90%" in box2.group(1)
    assert 'data-part="front_left_door"' in page and 'data-part="wheel" data-side="left"' in page
    assert 'data-testid="shortcuts"' in page and "<kbd>b</kbd>" in page
    assert f"驳回 · 高级定损员 {adjuster.email} · 误识别" in page  # who changed it, by name, and why
    assert '<script src="/web/static/review.js"' in page
    assert h.client.get("/web/static/review.js").status_code == 200


def test_a_customer_never_sees_the_workspace(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer_user, customer = h.login(Role.CUSTOMER)
    claim_id = assessed_claim(h, customer, parts=[("hood", "minor")])
    sign_in(customer_user)
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert uuid.UUID(claim_id) and 'data-testid="workspace"' not in page and "review.js" not in page


def test_the_staff_page_shows_each_photo_once_in_the_workspace_with_its_quality_flags(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    customer_user, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate"), ("hood", "minor")])
    late = h.upload_photo(customer, claim_id, images.jpeg(seed=99, size=(1280, 960)))  # after the assessment
    assert late.status_code == 201, late.text
    photo_ids = [p["id"] for p in h.client.get(f"/claims/{claim_id}/photos", headers=customer).json()]
    assert len(photo_ids) == 3
    sign_in(adjuster)

    page = h.client.get(f"/web/claims/{claim_id}").text

    assert 'data-testid="photo"' not in page  # the small grid above the workspace is gone
    assert 'data-testid="photos-in-workspace"' in page
    for photo_id in photo_ids:  # each photo shown once, large, in the workspace
        assert page.count(f'<img src="/web/claims/{claim_id}/photos/{photo_id}"') == 1, photo_id
    assert page.count('data-testid="review-photo"') == 3
    # The assessment's quality flags (the fixture photos are small: 480×320) beside each photo.
    for n in (1, 2):
        flags = re.search(rf'data-testid="quality-{n}">(.*?)</span></figcaption>', page, re.S)
        assert flags is not None and "建议重拍" in flags.group(1) and "分辨率偏低" in flags.group(1)
    assert 'data-testid="quality-3"' not in page  # the large late photo: nothing to retake
    # A photo added after the assessment may still be removed, from the workspace.
    removals = re.findall(r'data-testid="delete-photo" action="([^"]+)"', page)
    assert removals == [f"/web/claims/{claim_id}/photos/{late.json()['id']}/delete"]

    sign_in(customer_user)  # the customer's page keeps its photo grid (it has no workspace)
    mine = h.client.get(f"/web/claims/{claim_id}").text
    assert mine.count('data-testid="photo"') == 3 and 'data-testid="photos-in-workspace"' not in mine


def test_the_claim_page_prints_no_confidence_for_an_adjusters_line(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    from tests.api.estimates.helpers import price

    h = web_harness
    _, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate")])
    price(h, claim_id, h.headers(adjuster))
    photo_id = h.client.get(f"/claims/{claim_id}/photos", headers=customer).json()[0]["id"]
    add = {"action": "add", "photo_id": photo_id, "xyxy": [1, 1, 50, 50], "damage_type": "scratch"}
    batch = {"corrections": [{**add, "part": "hood", "severity": "minor"}]}
    assert h.client.post(f"/claims/{claim_id}/findings/corrections", json=batch, headers=h.headers(adjuster)).is_success
    sign_in(adjuster)

    page = h.client.get(f"/web/claims/{claim_id}").text

    rows = re.findall(
        r"<tr>\s*<td>(.*?)</tr>", page.split('data-testid="estimate-lines"')[1].split("</table>")[0], re.S
    )
    hood = next(r for r in rows if 'data-testid="origin-hood/paint"' in r)
    bumper = next(r for r in rows if 'data-testid="origin-front_bumper/paint"' in r)
    assert "置信度" not in hood and "定损员新增" in hood
    assert "置信度" in bumper


def test_labels_are_written_after_every_box_numbered_as_the_findings_table(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    customer_user, customer = h.login(Role.CUSTOMER)
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "moderate"), ("hood", "minor"), ("roof", "minor")])

    sign_in(customer_user)
    mine = h.client.get(f"/web/claims/{claim_id}").text
    svgs = re.findall(r'<svg [^>]*data-testid="boxes">(.*?)</svg>', mine, re.S)
    assert svgs
    for svg in svgs:  # no box is drawn over a label written before it
        assert svg.rfind("<rect") < svg.find("<text")
    numbers = [int(n) for svg in svgs for n in re.findall(r"<text [^>]*>#(\d+)", svg)]
    assert sorted(numbers) == [1, 2, 3]  # as the findings table numbers them

    sign_in(adjuster)
    page = h.client.get(f"/web/claims/{claim_id}").text
    svgs = re.findall(r'<svg [^>]*data-testid="review-boxes">(.*?)</svg>', page, re.S)
    for svg in svgs:
        assert svg.rfind('data-testid="box-') < svg.find('data-testid="label-')
    labelled = {int(n) for svg in svgs for n in re.findall(r'data-testid="label-(\d+)"', svg)}
    assert labelled == {1, 2, 3}
