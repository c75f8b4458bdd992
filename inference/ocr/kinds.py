"""Which document is this? Keyword evidence from everything read on the page."""

from __future__ import annotations

import re

from inference.ocr.fields import DocumentKind
from inference.ocr.validate import check_id_number, normalise_id_number

# (keyword, weight): titles weigh most; labels that several kinds share weigh little.
KEYWORDS: dict[DocumentKind, tuple[tuple[str, float], ...]] = {
    DocumentKind.ID_CARD_FRONT: (
        ("公民身份号码", 4),
        ("姓名", 1),
        ("性别", 0.5),
        ("民族", 1.5),
        ("出生", 0.5),
        ("住址", 0.5),
    ),
    DocumentKind.ID_CARD_BACK: (("居民身份证", 3), ("签发机关", 3), ("有效期限", 0.5)),
    DocumentKind.DRIVING_LICENCE: (("驾驶证", 4), ("准驾车型", 3), ("初次领证", 2), ("国籍", 1)),
    DocumentKind.VEHICLE_LICENCE: (
        ("行驶证", 3),
        ("使用性质", 2),
        ("注册日期", 2),
        ("发证日期", 1),
        ("车辆识别代号", 1),
        ("发动机号码", 1),
        ("品牌型号", 0.5),
        ("所有人", 1),
    ),
    DocumentKind.VEHICLE_LICENCE_SECOND: (
        ("档案编号", 3),
        ("核定载人数", 3),
        ("整备质量", 2),
        ("外廓尺寸", 2),
        ("检验记录", 1),
        ("核定载质量", 1),
    ),
    DocumentKind.POLICY_COMPULSORY: (("强制保险", 5), ("交强险", 5), ("责任限额", 1.5), ("保险单", 1), ("保险期间", 1)),
    DocumentKind.POLICY_COMMERCIAL: (
        ("商业保险", 5),
        ("商业险", 5),
        ("保险单", 1.5),
        ("保险金额", 1.5),
        ("机动车损失保险", 1.5),
        ("免赔", 1),
        ("保险期间", 1),
    ),
    DocumentKind.REPAIR_QUOTE: (
        ("估价单", 5),
        ("报价单", 4),
        ("维修方式", 2),
        ("工时", 2),
        ("项目名称", 1),
        ("配件", 1),
        ("维修企业", 1),
    ),
}
MIN_SCORE = 3.0
# A line that is nothing but a valid ID number is what an ID card's front ends with (its label is
# small and often misread); licences and policies print theirs beside labels that outweigh this.
LONE_ID_NUMBER_WEIGHT = 2.5


def detect_kind(texts: tuple[str, ...] | list[str]) -> tuple[DocumentKind, float]:
    """The best-supported kind and a confidence in [0, 1]; UNKNOWN below ``MIN_SCORE``.

    >>> detect_kind(["中华人民共和国机动车驾驶证", "准驾车型C1"])[0]
    <DocumentKind.DRIVING_LICENCE: 'driving_licence'>
    >>> detect_kind(["今天天气很好"])[0]
    <DocumentKind.UNKNOWN: 'unknown'>
    """
    joined = re.sub(r"\s", "", "".join(texts))
    scores = {kind: sum(w for kw, w in words if kw in joined) for kind, words in KEYWORDS.items()}
    if any(_is_id_number(t) for t in texts):
        scores[DocumentKind.ID_CARD_FRONT] += LONE_ID_NUMBER_WEIGHT
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        return DocumentKind.UNKNOWN, 0.0
    margin = (top - runner_up) / top
    return best, round(min(1.0, top / 6) * (0.5 + 0.5 * margin), 3)


def _is_id_number(text: str) -> bool:
    value = normalise_id_number(text)
    return bool(re.fullmatch(r"\d{17}[\dX]", value)) and check_id_number(value).ok
