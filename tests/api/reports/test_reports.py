"""The 定损单 report: the PDF carries the totals and Chinese part names as real text, the HTML
escapes what users typed, photos are annotated, and a customer's copy hides internal flags."""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image

from api.reports import ClaimInfo, PhotoBox, ReportPhoto, annotate_photo, render_html, render_pdf
from pricing import (
    CaseFacts,
    Estimate,
    Finding,
    LineEdit,
    Money,
    PolicyTerms,
    ReasonCode,
    Role,
    Rules,
    Vehicle,
    VehicleClass,
    build_estimate,
    load_sample_catalog,
    revise_estimate,
)
from pricing.explain import money_text

pytest.importorskip("pypdf")
from tests.api.reports.pdftext import pdf_text


def _estimate() -> Estimate:
    return build_estimate(
        findings=[
            Finding("det-1", "front_bumper", "dent", "moderate", photo_ids=("IMG_01",), confidence=0.91),
            Finding("det-2", "unknown", "scratch", "minor", photo_ids=("IMG_02",), confidence=0.40),
        ],
        vehicle=Vehicle(VehicleClass.COMPACT, make="Toyota", model="Corolla", year=2021),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="310000",
        policy_terms=PolicyTerms(fault_deductible_rate=Decimal("0.10"), absolute_deductible=Money.of(300)),
        case_facts=CaseFacts(vehicles_involved=2),
    )


def _photos() -> list[ReportPhoto]:
    image = np.full((600, 900, 3), 200, np.uint8)
    return [
        annotate_photo(
            image,
            photo_id="IMG_01",
            label="照片1",
            boxes=[PhotoBox((225, 150, 675, 450), "dent", "front_bumper", 0.91)],
        ),
        annotate_photo(image, photo_id="IMG_02", label="照片2", boxes=[PhotoBox((10, 10, 90, 90), "scratch")]),
    ]


INFO = ClaimInfo(
    "CLM-0001",
    policy_number="P-1",
    accident_at=datetime(2026, 11, 20, 9, 30),
    plate="沪A·12345",
    insured="<script>alert('x')</script> & 张三",
)


@pytest.fixture(scope="module")
def text() -> str:
    """One PDF for the module (embedding the CJK font takes seconds); its text, whitespace removed."""
    estimate = _estimate()
    data = render_pdf(estimate, claim_info=INFO, photos=_photos())
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_carries_the_totals(text: str) -> None:
    estimate = _estimate()
    for amount in (estimate.net_repair_cost, estimate.settlement.payable, estimate.gross_repair_cost):
        assert _squash(money_text(amount)) in text
    assert "应赔付" in text


def test_pdf_renders_chinese_part_names_and_the_deductible(text: str) -> None:
    assert "前保险杠" in text  # front bumper, in the embedded CJK font (extractable, not tofu)
    assert "定损单" in text
    assert "免赔" in text and "绝对免赔额" in text
    assert "待人工核价" in text  # the unidentified finding is never priced at zero
    assert "R-REPLACE-80" in text  # each line's basis cites its rule


def test_pdf_captions_annotated_photos(text: str) -> None:
    assert "照片1" in text and "凹陷·前保险杠" in text
    assert "部位待确认" in text


def test_html_escapes_user_text() -> None:
    html = render_html(_estimate(), claim_info=INFO, photos=_photos())
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 张三" in html


def test_html_shows_lines_totals_basis_and_inline_photos() -> None:
    estimate = _estimate()
    html = render_html(estimate, claim_info=INFO, photos=_photos())
    for line in estimate.lines:
        assert f'id="line-{line.line_id}"' in html
    assert money_text(estimate.settlement.payable) in html
    assert "前保险杠修复工时" in html
    assert "证据：照片1" in html
    assert html.count('src="data:image/jpeg;base64,') == 2
    assert "示例价格库" in html  # the sample catalog is said to be sample data


@pytest.mark.parametrize(("internal", "shown"), [(False, False), (True, True)])
def test_internal_flags_only_in_the_staff_copy(internal: bool, shown: bool) -> None:
    html = render_html(_estimate(), claim_info=INFO, internal=internal)
    assert ("待定损员确认" in html) is shown  # needs_adjuster: an internal flag
    assert "待人工核价" in html  # a line without a price says so to everyone


def test_revision_diff_is_shown_with_reasons() -> None:
    estimate = _estimate()
    revised = revise_estimate(
        estimate,
        edits=[LineEdit("front_bumper/labour.repair", ReasonCode.HOURS_CORRECTION, quantity=Decimal(4))],
        actor_role=Role.SENIOR_ADJUSTER,
        actor_id="adj-1",
    )
    html = render_html(revised, claim_info=INFO)
    assert "修订记录" in html and "工时更正" in html and "front_bumper/labour.repair" in html


def test_annotate_photo_scales_large_photos_and_draws_boxes() -> None:
    image = np.zeros((3000, 4000, 3), np.uint8)
    photo = annotate_photo(
        image, photo_id="p", label="照片1", boxes=[PhotoBox((1000, 1000, 3000, 2000), "glass_shatter", "front_glass")]
    )
    assert (photo.width, photo.height) == (1280, 960)
    decoded = np.asarray(Image.open(io.BytesIO(photo.jpeg)).convert("RGB"))
    assert decoded.shape == (960, 1280, 3)
    assert decoded[320, 320:960].mean() > 40  # the box's top edge is drawn on the black photo
    assert photo.caption == "照片1：#1 玻璃破碎·前挡风玻璃"


def test_the_labels_of_boxes_close_together_cover_no_other_and_stay_on_the_photo() -> None:
    from api.reports.fonts import pil_font
    from api.reports.photos import box_tags
    from tests.fixtures.crowded_boxes import SCRATCHES

    boxes = SCRATCHES[:6]  # within 100 px of each other
    font = pil_font(14)
    texts = [f"#{n} 划痕·后保险杠 40%" for n in range(1, 7)]

    tags = box_tags((640, 640), boxes, texts, font, 2)

    for i, tag in enumerate(tags):
        left, top, right, bottom = tag.rect
        assert left >= 0 and top >= 0 and right <= 640 and bottom <= 640
        assert right - left >= font.getlength(tag.lines[0])  # the text fits its coloured box
        for other in tags[:i]:
            o = other.rect
            assert not (left < o[2] and o[0] < right and top < o[3] and o[1] < bottom), (i + 1, other.lines)
    assert [tag.lines[0].split(" ")[0] for tag in tags] == [f"#{n}" for n in range(1, 7)]
    assert sum(tag.full for tag in tags) >= 3  # the first labels whole, the crowded ones their number
    assert all(tag.full or tag.lines == (f"#{n}",) for n, tag in enumerate(tags, start=1))


def test_annotate_photo_rejects_non_rgb() -> None:
    with pytest.raises(ValueError, match="RGB"):
        annotate_photo(np.zeros((10, 10), np.uint8), photo_id="p", label="照片1")


def test_empty_estimate_renders() -> None:
    estimate = build_estimate(
        findings=[],
        vehicle=Vehicle(VehicleClass.SUV),
        catalog=load_sample_catalog(),
        rules=Rules(),
        region="default",
        policy_terms=PolicyTerms(),
    )
    assert "未发现需定损的项目" in render_html(estimate, claim_info=ClaimInfo("CLM-2"))


def test_each_line_says_its_origin_and_who_changed_it_and_why() -> None:
    from api.reports.view import LineOrigin

    estimate = _estimate()
    origins = {
        "front_bumper/labour.repair": LineOrigin(
            "ai", ((2, "changed", "replace_instead_of_repair", "senior_adjuster"),)
        ),
        "front_bumper/paint": LineOrigin("customer_reported"),
    }
    html = render_html(estimate, claim_info=INFO, origins=origins)
    assert "项目来源：AI 识别；第2版 高级定损员修改（改为更换）" in html
    assert "项目来源：客户报告" in html
    assert "项目来源" not in render_html(estimate, claim_info=INFO)  # none given, none printed
    pdf = _squash(pdf_text(render_pdf(estimate, claim_info=INFO, origins=origins)))
    assert "项目来源：AI识别；第2版高级定损员修改（改为更换）" in pdf


def test_a_version_made_by_a_finding_correction_has_its_reason_in_words() -> None:
    estimate = _estimate()
    revised = revise_estimate(
        estimate,
        edits=[LineEdit("front_bumper/labour.repair", ReasonCode.FINDING_CORRECTED, quantity=Decimal(3))],
        actor_role=Role.SENIOR_ADJUSTER,
        actor_id="adj-1",
    )
    assert "损伤识别更正" in render_html(revised, claim_info=INFO)  # was a KeyError (a 500 on the report)


def test_a_line_a_person_brought_in_prints_who_instead_of_a_confidence() -> None:
    from api.reports.view import LineOrigin

    estimate = _estimate()  # det-1 scored 0.91: its lines print the detector's confidence
    origins = {
        "front_bumper/labour.repair": LineOrigin("ai"),
        "front_bumper/paint": LineOrigin("adjuster", added_by=("senior_adjuster", "")),
    }
    html = render_html(estimate, claim_info=INFO, origins=origins)
    rows = dict(re.findall(r'<tr id="line-([^"]+)">(.*?)</tr>', html, re.S))
    assert "置信度 0.91" in rows["front_bumper/labour.repair"]
    assert "定损员新增（高级定损员）" in rows["front_bumper/paint"] and "置信度" not in rows["front_bumper/paint"]
    pdf = _squash(pdf_text(render_pdf(estimate, claim_info=INFO, origins=origins)))
    assert "定损员新增（高级定损员）" in pdf
