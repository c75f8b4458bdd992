from __future__ import annotations

import pytest

from inference.ocr.fields import DocumentKind as K
from inference.ocr.kinds import detect_kind


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (["姓名张三", "性别男民族汉", "出生1990年1月1日", "公民身份号码110105199001010011"], K.ID_CARD_FRONT),
        (["中华人民共和国", "居民身份证", "签发机关北京市公安局朝阳分局", "有效期限2016.05.01-长期"], K.ID_CARD_BACK),
        (["中华人民共和国机动车驾驶证", "证号", "准驾车型C1", "初次领证日期2010-01-01"], K.DRIVING_LICENCE),
        (["中华人民共和国机动车行驶证", "号牌号码沪A12345", "使用性质非营运", "注册日期2019-01-01"], K.VEHICLE_LICENCE),
        (["号牌号码沪A12345", "档案编号310000123456", "核定载人数5人", "整备质量1500kg"], K.VEHICLE_LICENCE_SECOND),
        (["机动车交通事故责任强制保险单", "保险期间", "死亡伤残赔偿限额"], K.POLICY_COMPULSORY),
        (["机动车商业保险保险单", "机动车损失保险", "保险金额"], K.POLICY_COMMERCIAL),
        (["机动车维修估价单", "项目名称", "维修方式", "工时费合计"], K.REPAIR_QUOTE),
        (["今天天气很好", "我们去公园"], K.UNKNOWN),
        ([], K.UNKNOWN),
    ],
)
def test_kind_from_keywords(texts: list[str], kind: K) -> None:
    assert detect_kind(texts)[0] is kind


def test_ocr_errors_in_a_title_are_outweighed_by_labels() -> None:
    kind, confidence = detect_kind(["中华人民共和国机动车驶证", "准驾车型C1", "初次领证日期2010-01-01", "国籍中国"])
    assert kind is K.DRIVING_LICENCE
    assert 0 < confidence <= 1


def test_a_lone_valid_id_number_tips_a_badly_read_card_front() -> None:
    texts = ["姓名自治", "出生1968年9月14日", "公展办份车码", "44030519880914599X"]
    assert detect_kind(texts)[0] is K.ID_CARD_FRONT
    assert detect_kind(["姓名自治", "出生1968年9月14日", "440305198809145990"])[0] is K.UNKNOWN  # bad check digit
