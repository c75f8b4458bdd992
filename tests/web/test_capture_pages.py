"""Guided capture and self-service pages through the TestClient, without script: the shot list,
the car diagram's zone links, uploads of several tagged photos at once, the refusal of a small
photo in words, the retake prompt, replace and delete; the guide, deadlines and FAQ pages; the
claim page's checklist and the staff page's FAQ answers."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageFilter

from api.auth.roles import Role
from api.web.i18n import MESSAGES
from tests.fixtures import images
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def _sharp(seed: int) -> bytes:
    return images.encode(images.pattern(seed, (160, 120)).resize((1280, 960), Image.Resampling.NEAREST), quality=95)


def _blurred(seed: int) -> bytes:
    buffer = io.BytesIO()
    images.pattern(seed, (1280, 960)).filter(ImageFilter.GaussianBlur(12)).save(buffer, "JPEG")
    return buffer.getvalue()


def _claim(h: Harness, sign_in: Callable[..., Any], **overrides: Any) -> tuple[Any, str]:
    user = h.user(Role.CUSTOMER)
    claim = h.create_claim(h.headers(user), **overrides)
    sign_in(user)
    return user, str(claim["id"])


def _upload(h: Harness, claim_id: str, files: list[tuple[str, bytes]], **tags: str) -> Any:
    return h.client.post(
        f"/web/claims/{claim_id}/capture",
        data={"csrf_token": h.client.cookies[CSRF], **tags},
        files=[("files", (name, data, "image/jpeg")) for name, data in files],
    )


def _shots(html: str) -> dict[str, list[bool]]:
    found: dict[str, list[bool]] = {}
    for shot, done in re.findall(r'data-shot="([a-z_]+)" data-done="(true|false)"', html):
        found.setdefault(shot, []).append(done == "true")
    return found


def test_the_capture_page_lists_the_shots_and_links_every_zone_of_the_diagram(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _, claim_id = _claim(h, sign_in)

    page = h.client.get(f"/web/claims/{claim_id}/capture")
    tapped = h.client.get(f"/web/claims/{claim_id}/capture?zone=front_door&side=left")

    assert page.status_code == 200
    assert _shots(page.text) == {
        "corner_front_left": [False], "corner_front_right": [False], "corner_rear_left": [False],
        "corner_rear_right": [False], "plate": [False], "vin": [False], "odometer": [False],
    }  # fmt: skip
    zones = set(re.findall(r'data-zone="([a-z_]+)" data-side="([a-z]+)"', page.text))
    assert ("front_door", "left") in zones and ("front_door", "right") in zones and ("hood", "none") in zones
    assert len({z for z, _ in zones}) == 22  # every zone of the vocabulary can be tapped
    assert "style=" not in page.text and "<script>" not in page.text  # the CSP allows no inline style or script
    # Tapping a zone names it as a damaged area: its far and close shots join the list, the form is preset.
    assert _shots(tapped.text)["damage_far"] == [False] and _shots(tapped.text)["damage_close"] == [False]
    assert len(re.findall(r'class="zone damaged selected"', tapped.text)) == 1 and "左侧 前车门" in tapped.text
    assert '<option value="front_door" selected>' in tapped.text and '<option value="left" selected>' in tapped.text


def test_several_tagged_photos_at_once_tick_off_the_shot_list(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _, claim_id = _claim(h, sign_in)

    far = _upload(h, claim_id, [("a.jpg", _sharp(1))], shot="damage_far", zone="headlamp", side="right")
    both = _upload(
        h, claim_id, [("b.jpg", _sharp(2)), ("c.jpg", _sharp(3))], shot="damage_close", zone="headlamp", side="right"
    )
    plate = _upload(h, claim_id, [("d.jpg", _sharp(4))], shot="plate")

    assert far.status_code == both.status_code == plate.status_code == 303
    assert far.headers["location"] == f"/web/claims/{claim_id}/capture?zone=headlamp&side=right#photos"
    page = h.client.get(f"/web/claims/{claim_id}/capture").text
    shots = _shots(page)
    assert shots["damage_far"] == [True] and shots["damage_close"] == [True] and shots["plate"] == [True]
    assert "已完成 3/9 项" in page
    assert page.count('data-testid="capture-photo"') == 4 and "右侧 前大灯" in page


def test_a_photo_under_320_px_is_refused_in_words_and_the_others_are_kept(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _, claim_id = _claim(h, sign_in)

    response = _upload(h, claim_id, [("good.jpg", _sharp(5)), ("tiny.jpg", images.jpeg(6, (300, 200)))], shot="vin")

    assert response.status_code == 422
    error = re.search(r'data-testid="upload-error">(.*?)</div>', response.text, re.S)
    assert error is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", error.group(1)).split())
    expected = [
        "第 2 张（tiny.jpg）：",
        "照片太小，无法定损：照片的短边至少需要 320 像素。",
        "请用手机相机直接拍摄，不要上传截图或缩略图。",
    ]
    assert text == "".join(expected)
    assert _shots(response.text)["vin"] == [True]  # the good one was kept


def test_a_blurred_photo_asks_for_a_retake_at_once_and_a_retake_replaces_it(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    user, claim_id = _claim(h, sign_in)
    assert _upload(h, claim_id, [("blur.jpg", _blurred(7))], shot="odometer").status_code == 303
    page = h.client.get(f"/web/claims/{claim_id}/capture").text
    # The upload checks blur on the 640 px copy: the page asks for a retake before any assessment.
    assert 'data-testid="retake"' in page and "照片模糊，请保持手机稳定" in page
    assert 'data-testid="quality-pending"' not in page and 'data-testid="quality-ok"' not in page
    [old_id] = re.findall(r"/capture/([0-9a-f-]{36})/replace", page)

    replaced = h.client.post(
        f"/web/claims/{claim_id}/capture/{old_id}/replace",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("sharp.jpg", _sharp(8), "image/jpeg")},
    )

    assert replaced.status_code == 303
    photos = h.client.get(f"/claims/{claim_id}/photos", headers=h.headers(user)).json()
    assert [(p["shot"], p["quality"]) for p in photos] == [("odometer", [])]  # the retake kept the tag
    assert photos[0]["id"] != old_id

    assert _upload(h, claim_id, [("blur.jpg", _blurred(9))], shot="plate").status_code == 303
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    assert h.assess(claim_id, adjuster).status_code == 200
    page = h.client.get(f"/web/claims/{claim_id}/capture").text
    assert 'data-testid="retake"' in page and "照片模糊，请保持手机稳定" in page  # the job's check, shown
    assert 'data-testid="quality-pending"' not in page


def test_a_refused_retake_keeps_the_old_photo_and_delete_removes_one(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    user, claim_id = _claim(h, sign_in)
    _upload(h, claim_id, [("a.jpg", _sharp(9)), ("b.jpg", _sharp(10))], shot="corner_front_left")
    ids = [p["id"] for p in h.client.get(f"/claims/{claim_id}/photos", headers=h.headers(user)).json()]

    refused = h.client.post(
        f"/web/claims/{claim_id}/capture/{ids[0]}/replace",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("tiny.jpg", images.jpeg(11, (200, 150)), "image/jpeg")},
    )
    deleted = h.client.post(
        f"/web/claims/{claim_id}/capture/{ids[1]}/delete", data={"csrf_token": h.client.cookies[CSRF]}
    )

    assert refused.status_code == 422 and "320 像素" in refused.text
    assert deleted.status_code == 303
    assert [p["id"] for p in h.client.get(f"/claims/{claim_id}/photos", headers=h.headers(user)).json()] == [ids[0]]


def test_the_claim_page_shows_what_is_still_missing(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    user, claim_id = _claim(h, sign_in, vehicles_involved=2, injuries=True)
    card = h.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("id.pdf", images.minimal_pdf(), "application/pdf")},
        data={"kind": "id_card"},
        headers=h.headers(user),
    )
    assert card.status_code == 201

    page = h.client.get(f"/web/claims/{claim_id}").text

    items = dict(re.findall(r'data-item="([a-z_]+)" data-have="(true|false)"', page))
    assert items == {
        "photos": "false", "id_card": "true", "driving_licence": "false", "vehicle_licence": "false",
        "policy": "false", "accident_report": "false", "medical_record": "false", "repair_quote": "false",
    }  # fmt: skip
    assert "还缺 7 项" in page and "双方/多方事故 · 有人员受伤" in page
    assert f'href="/web/claims/{claim_id}/capture"' in page


def test_the_staff_claim_page_offers_the_same_faq_answers(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    customer = h.user(Role.CUSTOMER)
    claim = h.create_claim(h.headers(customer))
    sign_in(h.user(Role.SENIOR_ADJUSTER))

    page = h.client.get(f"/web/claims/{claim['id']}").text

    assert 'data-testid="staff-faq"' in page and "免赔额是什么？" in page and "免赔额是您" not in page
    assert "免赔额是保险合同约定由您自己承担的那部分损失" in page


def test_the_public_pages_answer_without_signing_in(web_harness: Harness) -> None:
    h = web_harness
    h.client.cookies.clear()

    guide = h.client.get("/web/guide")
    faq = h.client.get("/web/faq?q=免赔额是什么")
    progress = h.client.get("/web/faq?q=进度")
    unknown = h.client.get("/web/faq?q=天气")
    deadlines = h.client.get("/web/deadlines")

    assert guide.status_code == faq.status_code == deadlines.status_code == 200
    assert re.findall(r'data-scenario="([a-z_]+)"', guide.text) == [
        "single_vehicle",
        "two_vehicles",
        "injury",
        "small_loss",
    ]
    assert re.findall(r'data-testid="faq-answer" data-faq="([a-z_]+)"', faq.text)[0] == "deductible"
    assert re.findall(r'data-testid="faq-answer" data-faq="([a-z_]+)"', progress.text)[0] == "progress"
    assert 'data-testid="faq-no-match"' in unknown.text
    assert "12 小时内审核" in deadlines.text and "分阶段赔付" in deadlines.text


def test_capture_and_guide_texts_have_both_languages() -> None:
    keys = [
        k for k in MESSAGES if k.split(".")[0] in {"capture", "shot", "zone", "side", "checklist", "faq", "deadlines"}
    ]
    assert len(keys) > 60
    assert all(zh and en and zh != en for zh, en in (MESSAGES[k] for k in keys))


def test_the_claim_page_shows_the_blur_right_after_the_upload_and_still_after_the_job_ran(
    web_harness: Harness, sign_in: Callable[..., Any]
) -> None:
    h = web_harness
    _, claim_id = _claim(h, sign_in)
    uploaded = h.client.post(
        f"/web/claims/{claim_id}/photos",
        data={"csrf_token": h.client.cookies[CSRF]},
        files={"file": ("blur.jpg", _blurred(11), "image/jpeg")},
    )
    assert uploaded.status_code == 303
    pending, ok = MESSAGES["photos.quality_pending"][0], MESSAGES["photos.quality_ok"][0]

    page = h.client.get(uploaded.headers["location"]).text
    assert pending not in page and ok not in page and "照片模糊" in page  # checked at upload: retake at once

    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    assert h.assess(claim_id, adjuster).status_code == 200
    page = h.client.get(uploaded.headers["location"]).text
    assert pending not in page and "照片模糊" in page
