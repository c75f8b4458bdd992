"""The real-crash review journey in Chromium (issue 12, done-when): a front-end crash on four photos;
the AI finds three damages (one a false finding, one on the wrong part) and misses three. The
adjuster, on the photos, rejects the false finding, corrects the part, draws three boxes for the
missed damages (parts picked on the car diagram or from the list), changes the bumper to replace,
adds wheel alignment, and approves within authority; the 定损单 names each line's origin.
Screenshots go to ``var/artifacts/screenshots/review-*.png``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from api.auth.roles import Role
from inference.detections import Detections
from tests.fixtures import images
from tests.fixtures.fake_detector import CARD as DETECTOR_CARD
from tests.fixtures.fake_parts import CARD as PARTS_CARD
from tests.fixtures.fake_parts import PART_CLASSES
from tests.fixtures.harness import make_settings
from tests.fixtures.live_server import LiveServer, live_harness
from tests.web.live_server import browser_unavailable_reason, chromium, shot, sign_in_page

pytestmark = pytest.mark.slow

# The four photos differ by shape (the models see them scaled down), which is how the fakes tell
# them apart; boxes are fractions of the photo (x1, y1, x2, y2).
SIZES = {"bumper": (800, 600), "headlamp": (800, 500), "hood": (800, 450), "fender": (800, 400)}
DAMAGE = {"dent": 0, "scratch": 1, "crack": 2, "lamp_broken": 4}
# The dent is real, the scratch a reflection on the hood edge, the broken lamp real but the part
# model puts it on the right light; nothing is found on the hood and fender photos.
FOUND = {
    "bumper": [("dent", 0.88, (0.31, 0.63, 0.69, 0.9)), ("scratch", 0.41, (0.7, 0.1, 0.95, 0.3))],
    "headlamp": [("lamp_broken", 0.76, (0.15, 0.32, 0.45, 0.66))],
}
PARTS = {
    "bumper": [("front_bumper", (0.0, 0.53, 1.0, 1.0)), ("hood", (0.0, 0.0, 1.0, 0.53))],
    "headlamp": [("front_right_light", (0.1, 0.24, 0.5, 0.72))],
}


def _which(image_rgb: npt.NDArray[np.uint8]) -> str:
    height, width = image_rgb.shape[:2]
    return min(SIZES, key=lambda name: abs(SIZES[name][0] / SIZES[name][1] - width / height))


def _pixels(box: tuple[float, float, float, float], width: int, height: int) -> list[float]:
    return [box[0] * width, box[1] * height, box[2] * width, box[3] * height]


class CrashDetector:
    card = DETECTOR_CARD

    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        height, width = image_rgb.shape[:2]
        found = FOUND.get(_which(image_rgb), [])
        xyxy = np.array([_pixels(b[2], width, height) for b in found], np.float32).reshape(-1, 4)
        return Detections(xyxy, np.array([b[1] for b in found], np.float32), np.array([DAMAGE[b[0]] for b in found]))

    def detect_batch(self, images_rgb: Sequence[npt.NDArray[np.uint8]]) -> list[Detections]:
        return [self.detect(image) for image in images_rgb]


class CrashParts:
    card = PARTS_CARD

    def segment(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        height, width = image_rgb.shape[:2]
        parts = PARTS.get(_which(image_rgb), [])
        xyxy = np.array([_pixels(p[1], width, height) for p in parts], np.float32).reshape(-1, 4)
        mask = np.zeros((len(parts), height, width), bool)
        for i, (x1, y1, x2, y2) in enumerate(xyxy.astype(int)):
            mask[i, y1:y2, x1:x2] = True
        classes = np.array([PART_CLASSES.index(p[0]) for p in parts])
        return Detections(xyxy, np.full(len(parts), 0.9, np.float32), classes, mask)


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from api.app import create_app

    with live_harness(create_app(make_settings(db_url, tmp_path / "var"))) as server:
        server.state.detector, server.state.parts = CrashDetector(), CrashParts()
        yield server


def _payable(page: Any) -> Decimal:
    text = page.get_by_test_id("payable").inner_text()
    return Decimal("".join(c for c in text if c.isdigit() or c == "."))


def _draw(page: Any, photo: int, box: tuple[float, float, float, float]) -> None:
    """Drag a box on photo ``photo`` (1-based) at fractions of its shown size."""
    figure = page.get_by_test_id("review-photo").nth(photo - 1)
    figure.scroll_into_view_if_needed()
    figure.get_by_test_id(f"draw-{photo}").click()
    area = figure.locator("svg").bounding_box()
    x1, y1, x2, y2 = box
    page.mouse.move(area["x"] + x1 * area["width"], area["y"] + y1 * area["height"])
    page.mouse.down()
    page.mouse.move(area["x"] + x2 * area["width"], area["y"] + y2 * area["height"], steps=5)
    page.mouse.up()


def _add(page: Any, damage: str, *, part: str, by_diagram: bool, origin: str = "adjuster") -> None:
    form = page.locator("#add-damage form")
    form.locator("select[name=damage_type]").select_option(damage)
    if by_diagram:
        form.locator(f"g.zone-pick[data-part={part}]").first.click()
        assert form.locator("select[name=part]").input_value() == part
    else:
        form.locator("select[name=part]").select_option(part)
    form.locator("select[name=origin]").select_option(origin)
    form.locator("select[name=reason]").select_option(
        "customer_reported" if origin == "customer_reported" else "missed_damage"
    )
    form.get_by_test_id("add-damage-submit").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_real_crash_is_reviewed_on_the_photos_priced_and_approved(live: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    h = live.h
    _, customer = h.login(Role.CUSTOMER)
    claim_id = h.create_claim(customer, policy_number="PDAA-CRASH-1", description="正面碰撞，前部多处受损")["id"]
    for seed, size in enumerate(SIZES.values(), start=21):
        photo = images.jpeg(seed=seed, size=size)
        assert h.upload_photo(customer, claim_id, photo).status_code == 201
    adjuster = h.user(Role.SENIOR_ADJUSTER)
    headers = h.headers(adjuster)

    with chromium(tmp_path / "profile", locale="zh-CN", viewport={"width": 1366, "height": 900}) as context:
        context.set_default_timeout(30_000)
        page = context.new_page()
        sign_in_page(page, live.base_url, adjuster.email)
        page.goto(f"{live.base_url}/web/claims/{claim_id}")

        # The AI finds three damages on two of the four photos; each box says what it is.
        page.get_by_test_id("assess").click()
        expect(page.get_by_test_id("review-photo")).to_have_count(4, timeout=60_000)
        expect(page.get_by_test_id("photo")).to_have_count(0)  # the photos are shown once: in the workspace
        boxes = page.locator("[data-testid=review-boxes] g.finding")
        expect(boxes).to_have_count(3)
        expect(page.get_by_test_id("box-1")).to_contain_text("凹陷")
        expect(page.get_by_test_id("box-1")).to_contain_text("前保险杠")
        expect(page.get_by_test_id("box-3")).to_contain_text("右前大灯")
        expect(page.get_by_test_id("shortcuts")).to_contain_text("画框补录漏检损伤")
        page.get_by_test_id("price").click()
        expect(page.get_by_test_id("estimate-lines")).to_be_visible()
        priced = _payable(page)
        shot(page, "review-1-ai-findings")

        findings = {
            f["damage_type"]: f
            for f in h.client.get(f"/claims/{claim_id}/findings", headers=headers).json()["findings"]
        }
        scratch, lamp = findings["scratch"]["id"], findings["lamp_broken"]["id"]

        # Reject the false finding with the keyboard: select its box, x, Enter.
        page.locator(f"g[data-finding='{scratch}']").click()
        page.keyboard.press("x")
        expect(page.get_by_test_id(f"reject-{scratch}")).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        expect(page.locator(f"g[data-finding='{scratch}']")).to_have_class("finding origin-ai rejected")

        # Correct the lamp's part on the car diagram (the left headlamp).
        page.locator(f"g[data-finding='{lamp}']").click()
        page.keyboard.press("e")
        editor = page.get_by_test_id(f"correct-{lamp}")
        editor.locator("g.zone-pick[data-part=front_left_light]").click()
        editor.locator("form:has(input[name=action][value=change]) select[name=reason]").select_option("wrong_part")
        editor.get_by_test_id(f"change-{lamp}").click()
        page.wait_for_load_state()
        expect(page.locator(f"g[data-finding='{lamp}']")).to_contain_text("左前大灯")

        # Three missed damages, each boxed on its photo: the hood, the left fender, the left mirror.
        before_hood = _payable(page)
        assert before_hood < priced  # the false finding's lines are gone
        _draw(page, 3, (0.2, 0.2, 0.7, 0.6))
        assert 100 < float(page.locator("#add-damage input[name=x1]").input_value()) < 200
        _add(page, "dent", part="hood", by_diagram=True)
        after_hood = _payable(page)
        assert after_hood > before_hood  # priced at once from the catalog
        _draw(page, 4, (0.1, 0.3, 0.5, 0.8))
        _add(page, "scratch", part="front_left_fender", by_diagram=False)
        _draw(page, 4, (0.6, 0.1, 0.9, 0.35))
        _add(page, "crack", part="left_mirror", by_diagram=True, origin="customer_reported")
        expect(boxes).to_have_count(6)
        expect(page.get_by_test_id("findings")).not_to_contain_text("100%")  # a person's box has no AI confidence
        history = page.locator("#review tr[data-finding]").last.locator("small").first
        expect(history).to_contain_text("新增 · 高级定损员")
        expect(history).to_contain_text("客户报告")  # its reason is the customer's report, not a missed damage
        expect(history).not_to_contain_text("漏检损伤")
        shot(page, "review-2-corrected-on-photos")

        # The bumper is replaced, not repaired; wheel alignment belongs to no photo.
        operation = page.locator("form[data-testid^='operation-front_bumper/']").first
        operation.locator("xpath=ancestor::details").locator("summary").click()
        operation.locator("select[name=action]").select_option("replace")
        operation.locator("select[name=reason]").select_option("replace_instead_of_repair")
        operation.locator("button[type=submit]").click()
        page.wait_for_load_state()
        page.keyboard.press("l")
        line = page.get_by_test_id("add-line")
        line.locator("select[name=kind]").select_option("labour")
        line.locator("input[name=description]").fill("四轮定位")
        line.locator("input[name=amount]").fill("200")
        line.get_by_test_id("add-line-submit").click()
        page.wait_for_load_state()
        shot(page, "review-3-estimate")
        assert "edited" not in page.get_by_test_id("estimate-lines").inner_text()  # review marks in Chinese

        estimate = h.client.get(f"/claims/{claim_id}/estimates", headers=headers).json()[-1]
        version = estimate["version"]
        page.get_by_test_id("approve-estimate").click()
        expect(page.get_by_test_id("state")).to_have_text("已定损")

        # The 定损单 names each line's origin and who changed it.
        page.goto(f"{live.base_url}/web/claims/{claim_id}/estimates/{version}/report")
        report = page.inner_text("body")
        for origin in ("项目来源：AI 识别", "项目来源：定损员新增", "项目来源：客户报告", "改为更换", "四轮定位"):
            assert origin in report, origin
        # A person's line names who added it where an AI line prints the detector's confidence.
        assert f"定损员新增（高级定损员 {adjuster.email}）" in report
        assert "置信度 1.00" not in report and "置信度 0." in report
        shot(page, "review-4-report")

    lines = h.client.get(f"/claims/{claim_id}/estimates/{version}", headers=headers).json()["lines"]
    by_part: dict[str, set[str]] = {}
    for x in lines:
        by_part.setdefault(x.get("part") or "", set()).add(x["origin"])
    assert by_part["hood"] == {"adjuster"} and by_part["left_mirror"] == {"customer_reported"}
    assert "front_left_fender" in by_part and "front_left_light" in by_part and "front_right_light" not in by_part
    assert any(x["line_id"].startswith("front_bumper/parts") for x in lines)  # replaced: the part is bought
    final = h.client.get(f"/claims/{claim_id}/findings", headers=headers).json()["findings"]
    assert sum(f["rejected"] for f in final) == 1 and len(final) == 6
    assert h.client.get(f"/claims/{claim_id}", headers=headers).json()["state"] == "assessed"
