"""Every field of each kind (issue 17 item 2): the fields and checks added for the vehicle licence,
policy covers and repair-quote lines, on hand-written OCR lines and on rendered documents."""

from __future__ import annotations

import pytest

from inference.ocr.extract.vehicle import as_authority
from inference.ocr.fields import DocumentKind as K
from inference.ocr.fields import FieldStatus
from tests.inference.ocr.test_extract import VEHICLE_ROWS, run

SEAL = ("深圳市公安局交通警察支队", (640, 560, 900, 585))


@pytest.mark.parametrize(
    ("row", "value", "status"),
    [
        (SEAL, "深圳市公安局交通警察支队", FieldStatus.OK),  # the seal's wording
        (("发证机关上海市公安局交通警察总队", (60, 640, 700, 670)), "上海市公安局交通警察总队", FieldStatus.OK),
        (("发证机关张三", (60, 640, 400, 670)), "张三", FieldStatus.INVALID),  # a label with something else
        (("深圳市公安局交通警察", (640, 560, 880, 585)), None, FieldStatus.MISSING),  # cut short: not guessed
    ],
)
def test_vehicle_licence_issuing_authority(row: tuple[str, tuple[int, int, int, int]], value: str, status: str) -> None:
    fields, _, _ = run([*VEHICLE_ROWS, row], K.VEHICLE_LICENCE)
    assert fields["issuing_authority"].value == value
    assert fields["issuing_authority"].status is status
    assert fields["plate"].value == "沪AD12345"  # the seal's line takes nothing from the others


def test_authority_wording() -> None:
    assert as_authority("北京市公安局公安交通管理局")[0] == "北京市公安局公安交通管理局"
    assert as_authority("某某市车辆管理所：")[0] == "某某市车辆管理所"
    value, check = as_authority("中华人民共和国")
    assert value == "中华人民共和国" and check is not None and not check.ok


def test_a_licence_issued_before_its_registration_is_flagged() -> None:
    rows = [
        r if not r[0].startswith("注册日期") else ("注册日期2019-07-02发证日期2019-06-05", r[1]) for r in VEHICLE_ROWS
    ]
    fields, _, _ = run(rows, K.VEHICLE_LICENCE)
    assert fields["issue_date"].value == "2019-06-05"
    assert fields["issue_date"].status is FieldStatus.INVALID and "registration" in fields["issue_date"].message
    assert fields["registration_date"].status is FieldStatus.OK


def _second_page(passengers: str, gross: str, curb: str) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [
        ("号牌号码沪AD12345", (60, 60, 400, 95)),
        (f"核定载人数{passengers}", (60, 160, 300, 195)),
        (f"总质量{gross}", (500, 160, 800, 195)),
        (f"整备质量{curb}", (60, 260, 300, 295)),
        ("外廓尺寸4600X1800X1450mm", (60, 360, 600, 395)),
    ]


def test_second_page_seats_and_masses_pass_their_checks() -> None:
    fields, _, _ = run(_second_page("5人", "1850kg", "1400kg"), K.VEHICLE_LICENCE_SECOND)
    assert [fields[n].status for n in ("approved_passengers", "gross_mass", "curb_mass")] == [FieldStatus.OK] * 3
    assert fields["dimensions"].value == "4600X1800X1450"


@pytest.mark.parametrize(
    ("page", "flagged", "message"),
    [
        (("5人", "1400kg", "1850kg"), "curb_mass", "curb mass above the gross mass"),
        (("0人", "1850kg", "1400kg"), "approved_passengers", "not a seat count (1–99)"),
        (("5人", "18kg", "1400kg"), "gross_mass", "not a vehicle mass in kg (100–100000)"),
    ],
)
def test_second_page_values_that_cannot_be_are_flagged(page: tuple[str, str, str], flagged: str, message: str) -> None:
    fields, _, _ = run(_second_page(*page), K.VEHICLE_LICENCE_SECOND)
    assert fields[flagged].status is FieldStatus.INVALID
    assert fields[flagged].message == message
    assert fields[flagged].value is not None  # shown as read, never corrected


DRIVING_ROWS = [
    ("中华人民共和国机动车驾驶证", (190, 30, 800, 75)),
    ("证号310115198503071230", (60, 110, 600, 145)),
    ("姓名张伟", (70, 180, 250, 215)),
    ("性别男", (330, 180, 430, 215)),
    ("国籍中国", (500, 180, 650, 215)),
    ("住址上海市浦东新区世纪大道100号", (70, 260, 700, 295)),
    ("出生日期1985-03-07", (70, 340, 400, 375)),
    ("初次领证日期2005-06-01", (70, 420, 450, 455)),
    ("准驾车型C1", (70, 500, 300, 535)),
    ("有效期限2011-06-01至2021-06-01", (70, 580, 650, 615)),
]


def test_driving_licence_every_field() -> None:
    fields, _, _ = run(DRIVING_ROWS, K.DRIVING_LICENCE)
    assert {k: f.value for k, f in fields.items()} == {
        "licence_number": "310115198503071230",
        "name": "张伟",
        "sex": "男",
        "nationality": "中国",
        "address": "上海市浦东新区世纪大道100号",
        "birth_date": "1985-03-07",
        "first_issue_date": "2005-06-01",
        "licence_class": "C1",
        "valid_from": "2011-06-01",
        "valid_until": "2021-06-01",
    }
    assert fields["licence_number"].status is FieldStatus.OK
    assert fields["valid_until"].status is FieldStatus.OK


@pytest.mark.parametrize(
    ("label", "text", "flagged"),
    [
        ("有效期限", "有效期限2021-06-01至2011-06-01", "valid_until"),
        ("初次领证日期", "初次领证日期1979-06-01", "first_issue_date"),
    ],
)
def test_driving_licence_dates_out_of_order_are_flagged(label: str, text: str, flagged: str) -> None:
    rows = [(text, box) if t.startswith(label) else (t, box) for t, box in DRIVING_ROWS]
    fields, _, _ = run(rows, K.DRIVING_LICENCE)
    assert fields[flagged].status is FieldStatus.INVALID


COVERS_WITH_DEDUCTIBLES = [
    ("机动车商业保险保险单", (300, 40, 800, 90)),
    ("承保险种", (70, 528, 200, 555)),
    ("保险金额（元）", (530, 528, 690, 555)),
    ("免赔（元）", (750, 528, 860, 555)),
    ("保险费（元）", (900, 528, 1030, 555)),
    ("机动车损失保险", (70, 588, 300, 615)),
    ("231000.00", (530, 588, 680, 615)),
    ("500.00", (750, 588, 850, 615)),
    ("924.00", (900, 588, 1000, 615)),
    ("机动车第三者责任保险", (70, 648, 400, 675)),
    ("1000000.00", (530, 648, 700, 675)),
    ("0.00", (750, 648, 820, 675)),
    ("1100.00", (900, 648, 1010, 675)),
    ("保险费合计：¥2024.00元", (60, 760, 400, 790)),
    ("绝对免赔额：500.00元", (60, 810, 400, 840)),
]


def test_each_cover_keeps_its_deductible_from_its_column() -> None:
    fields, covers, _ = run(COVERS_WITH_DEDUCTIBLES, K.POLICY_COMMERCIAL)
    assert [{k: c.value for k, c in item.cells.items()} for item in covers] == [
        {"cover": "机动车损失保险", "sum_insured": "231000.00", "deductible": "500.00", "premium": "924.00"},
        {"cover": "机动车第三者责任保险", "sum_insured": "1000000.00", "deductible": "0.00", "premium": "1100.00"},
    ]
    assert fields["deductible"].value == "500.00"  # the header's "免赔（元）" is not the policy's deductible label


def test_a_cover_whose_deductible_was_not_read_has_none() -> None:
    rows = [r for r in COVERS_WITH_DEDUCTIBLES if r[0] != "500.00"]
    _, covers, _ = run(rows, K.POLICY_COMMERCIAL)
    first = {k: c.value for k, c in covers[0].cells.items()}
    assert first == {"cover": "机动车损失保险", "sum_insured": "231000.00", "premium": "924.00"}


QUOTE = [
    ("机动车维修估价单", (370, 40, 800, 90)),
    ("序号", (70, 320, 130, 350)),
    ("项目名称", (160, 320, 300, 350)),
    ("维修方式", (460, 320, 580, 350)),
    ("数量", (640, 320, 700, 350)),
    ("单价", (740, 320, 800, 350)),
    ("金额", (900, 320, 960, 350)),
    ("前保险杠", (160, 380, 300, 410)),
    ("更换", (460, 380, 520, 410)),
    ("2", (640, 380, 660, 410)),
    ("600.00", (740, 380, 840, 410)),
]


@pytest.mark.parametrize(("amount", "status"), [("1200.00", FieldStatus.OK), ("1300.00", FieldStatus.INVALID)])
def test_a_quote_line_amount_is_quantity_times_unit_price(amount: str, status: FieldStatus) -> None:
    _, items, _ = run([*QUOTE, (amount, (900, 380, 1020, 410))], K.REPAIR_QUOTE)
    cells = items[0].cells
    assert {k: c.value for k, c in cells.items()} == {
        "part": "前保险杠",
        "operation": "更换",
        "quantity": "2",
        "unit_price": "600.00",
        "amount": amount,
    }
    assert cells["amount"].status is status
    if status is FieldStatus.INVALID:
        assert cells["amount"].message == "quantity × unit price is 1200.00"
