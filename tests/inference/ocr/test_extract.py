"""Extraction on hand-written OCR lines: merged and split label/value boxes, missing and invalid values."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from inference.ocr.extract import extract
from inference.ocr.fields import DocumentKind as K
from inference.ocr.fields import Field, FieldStatus, LineItem
from inference.ocr.orientation import orient
from tests.inference.ocr.fakes import Box, lines_from

ID_FRONT_MERGED = [
    ("姓名张伟", (70, 60, 200, 100)),
    ("性别男", (70, 140, 160, 175)),
    ("民族汉", (320, 140, 420, 175)),
    ("出生1985年3月7日", (70, 220, 380, 255)),
    ("住址上海市浦东新区世纪大道", (70, 300, 520, 335)),
    ("100号3号楼201室", (170, 348, 400, 383)),
    ("公民身份号码", (70, 530, 260, 565)),
    ("310115198503071230", (340, 525, 820, 570)),
]
ID_FRONT_SPLIT = [
    ("姓名", (70, 60, 130, 100)),
    ("张伟", (150, 60, 220, 100)),
    ("性别", (70, 140, 130, 175)),
    ("男", (150, 140, 180, 175)),
    ("民族", (320, 140, 380, 175)),
    ("汉", (400, 140, 430, 175)),
    ("出生", (70, 220, 130, 255)),
    ("1985年3月7日", (150, 220, 380, 255)),
    ("住址", (70, 300, 130, 335)),
    ("上海市浦东新区世纪大道", (150, 300, 520, 335)),
    ("100号3号楼201室", (150, 348, 400, 383)),
    ("公民身份号码310115198503071230", (70, 525, 820, 570)),
]
ID_FRONT_EXPECTED = {
    "name": "张伟",
    "sex": "男",
    "ethnicity": "汉",
    "birth_date": "1985-03-07",
    "address": "上海市浦东新区世纪大道100号3号楼201室",
    "id_number": "310115198503071230",
}


Extracted = tuple[dict[str, Field], tuple[LineItem, ...], list[str]]


def run(rows: Sequence[tuple[str, Box]], kind: K, turns: int = 0) -> Extracted:
    return extract(orient(lines_from(rows), turns), kind)


@pytest.mark.parametrize("rows", [ID_FRONT_MERGED, ID_FRONT_SPLIT], ids=["merged", "split"])
def test_id_card_front(rows: list[tuple[str, Box]]) -> None:
    fields, _, _ = run(rows, K.ID_CARD_FRONT)
    assert {k: f.value for k, f in fields.items()} == ID_FRONT_EXPECTED
    assert fields["id_number"].status is FieldStatus.OK
    assert fields["birth_date"].status is FieldStatus.OK


def test_value_box_is_the_part_of_the_line_it_came_from() -> None:
    fields, _, _ = run(ID_FRONT_MERGED, K.ID_CARD_FRONT)
    box = fields["name"].xyxy
    assert box is not None
    x1, y1, x2, y2 = box  # "姓名张伟" is 70–200: the value is its right half
    assert (x1, x2) == pytest.approx((135, 200))
    assert (y1, y2) == (60, 100)
    assert fields["name"].confidence == pytest.approx(0.98)


def test_a_bad_check_digit_is_reported_not_corrected() -> None:
    rows = [*ID_FRONT_MERGED[:-1], ("310115198503071231", (340, 525, 820, 570))]
    fields, _, _ = run(rows, K.ID_CARD_FRONT)
    assert fields["id_number"].value == "310115198503071231"
    assert fields["id_number"].status is FieldStatus.INVALID
    assert "check digit" in fields["id_number"].message


def test_sex_contradicting_the_id_number_is_flagged() -> None:
    rows = [r if r[0] != "性别男" else ("性别女", r[1]) for r in ID_FRONT_MERGED]
    fields, _, _ = run(rows, K.ID_CARD_FRONT)
    assert fields["sex"].value == "女"
    assert fields["sex"].status is FieldStatus.INVALID


def test_missing_fields_are_none_never_invented() -> None:
    fields, _, _ = run([("姓名张伟", (70, 60, 200, 100))], K.ID_CARD_FRONT)
    assert fields["name"].value == "张伟"
    for name in ("sex", "ethnicity", "birth_date", "address", "id_number"):
        assert fields[name].value is None
        assert fields[name].confidence == 0
        assert fields[name].status is FieldStatus.MISSING


@pytest.mark.parametrize(("validity", "until"), [("2016.05.01-长期", "长期"), ("2016.05.01-2036.05.01", "2036-05-01")])
def test_id_card_back(validity: str, until: str) -> None:
    rows = [
        ("中华人民共和国", (330, 80, 700, 140)),
        ("居民身份证", (330, 190, 700, 260)),
        ("签发机关　上海市公安局浦东分局", (190, 450, 700, 485)),
        ("有效期限", (190, 520, 320, 555)),
        (validity, (360, 520, 700, 555)),
    ]
    fields, _, _ = run(rows, K.ID_CARD_BACK)
    assert fields["issuing_authority"].value == "上海市公安局浦东分局"
    assert fields["valid_from"].value == "2016-05-01"
    assert fields["valid_until"].value == until


VEHICLE_ROWS = [
    ("中华人民共和国机动车行驶证", (200, 25, 800, 70)),
    ("号牌号码沪AD12345", (60, 105, 400, 140)),
    ("车辆类型小型轿车", (520, 105, 800, 140)),
    ("所有人张伟", (60, 185, 300, 220)),
    ("住址上海市浦东新区世纪大道100号", (60, 265, 600, 300)),
    ("使用性质非营运", (60, 345, 320, 380)),
    ("品牌型号", (480, 345, 600, 380)),
    ("大众汽车牌SVW71612BM", (620, 345, 900, 380)),
    ("车辆识别代号LSVAU218XN2183294", (60, 425, 700, 460)),
    ("发动机号码PVGBHAVJ", (60, 505, 400, 540)),
    ("注册日期2019-07-02发证日期2019-07-05", (60, 585, 900, 620)),
]


def test_vehicle_licence_with_two_pairs_in_one_line() -> None:
    fields, _, _ = run(VEHICLE_ROWS, K.VEHICLE_LICENCE)
    values = {k: f.value for k, f in fields.items()}
    assert values == {
        "plate": "沪AD12345",
        "vehicle_type": "小型轿车",
        "owner": "张伟",
        "address": "上海市浦东新区世纪大道100号",
        "use_character": "非营运",
        "model": "大众汽车牌SVW71612BM",
        "vin": "LSVAU218XN2183294",
        "engine_number": "PVGBHAVJ",
        "registration_date": "2019-07-02",
        "issue_date": "2019-07-05",
        "issuing_authority": None,  # no seal read on these rows: tests/inference/ocr/test_every_field.py
    }
    assert fields["plate"].status is FieldStatus.OK
    assert fields["vin"].status is FieldStatus.OK


def test_a_vin_with_a_forbidden_letter_is_invalid() -> None:
    rows = [r if not r[0].startswith("车辆识别代号") else ("车辆识别代号LSVAU218XN2I83294", r[1]) for r in VEHICLE_ROWS]
    fields, _, _ = run(rows, K.VEHICLE_LICENCE)
    assert fields["vin"].value == "LSVAU218XN2I83294"
    assert fields["vin"].status is FieldStatus.INVALID


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_rotated_pages_extract_the_same(turns: int) -> None:
    lines = lines_from(VEHICLE_ROWS)
    # the lines as the engine would report them on the photo turned by np.rot90(image, -turns)
    turned = lines.rot90(-turns % 4).roll_points(-turns % 4) if turns else lines
    fields, _, _ = extract(orient(turned, turns), K.VEHICLE_LICENCE)
    assert fields["plate"].value == "沪AD12345"
    assert fields["registration_date"].value == "2019-07-02"
    assert fields["model"].value == "大众汽车牌SVW71612BM"


def test_second_page() -> None:
    rows = [
        ("号牌号码沪AD12345", (60, 60, 400, 95)),
        ("档案编号310000123456", (500, 60, 900, 95)),
        ("核定载人数5人", (60, 160, 300, 195)),
        ("总质量1850kg", (500, 160, 800, 195)),
        ("整备质量1400kg", (60, 260, 300, 295)),
        ("外廓尺寸4600X1800X1450mm", (60, 360, 600, 395)),
        ("检验记录", (60, 460, 200, 495)),
        ("检验有效期至2026年07月", (220, 460, 600, 495)),
    ]
    fields, _, _ = run(rows, K.VEHICLE_LICENCE_SECOND)
    assert {
        k: fields[k].value
        for k in (
            "plate",
            "file_number",
            "approved_passengers",
            "gross_mass",
            "curb_mass",
            "dimensions",
            "inspection_valid_until",
        )
    } == {
        "plate": "沪AD12345",
        "file_number": "310000123456",
        "approved_passengers": "5",
        "gross_mass": "1850",
        "curb_mass": "1400",
        "dimensions": "4600X1800X1450",
        "inspection_valid_until": "2026-07",
    }


def test_commercial_policy_with_covers() -> None:
    rows = [
        ("机动车商业保险保险单", (300, 40, 800, 90)),
        ("保险单号：PDAA202531010000012345", (60, 130, 600, 160)),
        ("被保险人张伟", (70, 200, 300, 230)),
        ("身份证号码310115198503071230", (560, 200, 1040, 230)),
        ("号牌号码沪AD12345", (70, 275, 400, 305)),
        ("厂牌型号大众汽车牌SVW71612BM", (560, 275, 1000, 305)),
        ("发动机号PVGBHAVJ", (70, 350, 400, 380)),
        ("车辆识别代号LSVAU218XN2183294", (70, 425, 700, 455)),
        ("承保险种", (70, 528, 200, 555)),
        ("保险金额（元）", (600, 528, 800, 555)),
        ("保险费（元）", (860, 528, 1040, 555)),
        ("机动车损失保险", (70, 588, 300, 615)),
        ("231000.00", (600, 588, 750, 615)),
        ("924.00", (860, 588, 960, 615)),
        ("机动车第三者责任保险", (70, 648, 400, 675)),
        ("1000000.00", (600, 648, 770, 675)),
        ("1100.00", (860, 648, 980, 675)),
        ("机动车车上人员责任保险(驾驶人)", (70, 700, 500, 725)),
        ("20000.00", (600, 700, 740, 725)),
        ("18.00", (860, 700, 940, 725)),
        ("保险费合计：¥2042.00元", (60, 760, 400, 790)),
        ("绝对免赔额：500.00元", (60, 810, 400, 840)),
        ("保险期间：自2025年03月01日00时起至2026年02月28日24时止", (60, 860, 1000, 890)),
    ]
    fields, covers, _ = run(rows, K.POLICY_COMMERCIAL)
    assert fields["policy_number"].value == "PDAA202531010000012345"
    assert fields["insured"].value == "张伟"
    assert fields["insured_id_number"].value == "310115198503071230"
    assert fields["plate"].value == "沪AD12345"
    assert fields["total_premium"].value == "2042.00"
    assert fields["deductible"].value == "500.00"
    assert (fields["period_start"].value, fields["period_end"].value) == ("2025-03-01", "2026-02-28")
    assert [{k: c.value for k, c in item.cells.items()} for item in covers] == [
        {"cover": "机动车损失保险", "sum_insured": "231000.00", "premium": "924.00"},
        {"cover": "机动车第三者责任保险", "sum_insured": "1000000.00", "premium": "1100.00"},
        {"cover": "机动车车上人员责任保险（驾驶人）", "sum_insured": "20000.00", "premium": "18.00"},
    ]


def test_repair_quote_line_items_and_totals() -> None:
    rows = [
        ("机动车维修估价单", (370, 40, 800, 90)),
        ("维修企业：安达汽车维修有限公司", (60, 130, 600, 160)),
        ("车牌号码：沪AD12345", (60, 190, 400, 220)),
        ("估价日期：2025-06-01", (620, 190, 950, 220)),
        ("序号项目名称", (70, 320, 360, 350)),
        ("维修方式", (460, 320, 580, 350)),
        ("数量单价", (640, 320, 860, 350)),
        ("金额", (900, 320, 960, 350)),
        ("1", (70, 380, 90, 410)),
        ("前保险杠", (160, 380, 300, 410)),
        ("更换", (460, 380, 520, 410)),
        ("1", (640, 380, 660, 410)),
        ("1200.00", (740, 380, 860, 410)),
        ("1200.00", (900, 380, 1020, 410)),
        ("2", (70, 440, 90, 470)),
        ("发动机盖", (160, 440, 300, 470)),
        ("喷漆", (460, 440, 520, 470)),
        ("1", (640, 440, 660, 470)),
        ("650.50", (740, 440, 850, 470)),
        ("650.50", (900, 440, 1010, 470)),
        ("配件合计：¥1200.00", (60, 540, 400, 570)),
        ("工时费合计：¥650.50", (60, 600, 400, 630)),
        ("总计：¥1850.50", (60, 660, 400, 690)),
    ]
    fields, items, notes = run(rows, K.REPAIR_QUOTE)
    assert fields["shop"].value == "安达汽车维修有限公司"
    assert fields["plate"].value == "沪AD12345"
    assert fields["quote_date"].value == "2025-06-01"
    assert (fields["parts_total"].value, fields["labour_total"].value, fields["total"].value) == (
        "1200.00",
        "650.50",
        "1850.50",
    )
    assert [{k: c.value for k, c in i.cells.items()} for i in items] == [
        {"part": "前保险杠", "operation": "更换", "quantity": "1", "unit_price": "1200.00", "amount": "1200.00"},
        {"part": "发动机盖", "operation": "喷漆", "quantity": "1", "unit_price": "650.50", "amount": "650.50"},
    ]
    assert notes == []


def test_quote_whose_lines_do_not_add_up_says_so() -> None:
    rows = [
        ("机动车维修估价单", (370, 40, 800, 90)),
        ("项目名称", (160, 320, 300, 350)),
        ("金额", (900, 320, 960, 350)),
        ("前保险杠", (160, 380, 300, 410)),
        ("1200.00", (900, 380, 1020, 410)),
        ("总计：¥1300.00", (60, 660, 400, 690)),
    ]
    _, items, notes = run(rows, K.REPAIR_QUOTE)
    assert len(items) == 1
    assert notes == ["line amounts add up to 1200.00, the quote's total says 1300.00"]


def test_unknown_kind_extracts_nothing() -> None:
    assert run([("随便什么", (0, 0, 100, 30))], K.UNKNOWN) == ({}, (), [])


def test_quads_stay_in_the_uploaded_images_pixels() -> None:
    fields, _, _ = run(VEHICLE_ROWS, K.VEHICLE_LICENCE)
    quad = fields["vin"].quad
    assert quad is not None and quad.shape == (4, 2) and quad.dtype == np.float32
