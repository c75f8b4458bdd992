"""Pages that must be refused rather than read: a value filled from the wrong paper is worse than none.

A household-register page (常住人口登记卡) carries 姓名, 性别, 民族 and a valid ID
number like an ID card's front, so keyword scoring calls it an ID card and fills it;
its own words (户主, 与户主关系, 户号) say what it is. A page uploaded as an ID card
with neither a valid ID number nor any of the card's labels is not one.
"""

from __future__ import annotations

import re

from inference.ocr.fields import DocumentKind
from inference.ocr.validate import check_id_number, normalise_id_number, parse_period

WRONG_KIND = "wrong_kind"
NOT_AN_ID_CARD = "not_an_id_card"
_HOUSEHOLD_TITLES = ("常住人口登记卡", "户口簿", "与户主关系")
_HOUSEHOLD_WORDS = ("户主", "户号", "户别", "户口", "户籍")
_FRONT_LABELS = ("姓名", "性别", "民族", "出生", "住址", "公民身份号码")
_BACK_LABELS = ("签发机关", "有效期限", "居民身份证")
_PERSON_KINDS = (
    DocumentKind.ID_CARD_FRONT,
    DocumentKind.ID_CARD_BACK,
    DocumentKind.DRIVING_LICENCE,
    DocumentKind.UNKNOWN,
)
_NUMBER = re.compile(r"\d{17}[\dX]")


def refusal(texts: tuple[str, ...] | list[str], kind: DocumentKind) -> tuple[str, str] | None:
    """``(code, reason)`` when the page must not be read as ``kind`` (detected or uploaded), else None."""
    joined = re.sub(r"\s", "", "".join(texts))
    if kind not in _PERSON_KINDS:
        return None
    titles = [w for w in _HOUSEHOLD_TITLES if w in joined]
    words = [w for w in _HOUSEHOLD_WORDS if w in joined]
    if titles or len(words) >= 2:
        found = "、".join((titles + words)[:3])
        return WRONG_KIND, f"a household register page ({found}), not a document this service reads"
    if kind is DocumentKind.ID_CARD_FRONT and not _valid_number(texts) and not any(w in joined for w in _FRONT_LABELS):
        return NOT_AN_ID_CARD, "no valid ID number and no ID-card labels on the page"
    back_seen = any(all(parse_period(t)) for t in texts) or any(w in joined for w in _BACK_LABELS)
    if kind is DocumentKind.ID_CARD_BACK and not back_seen:
        return NOT_AN_ID_CARD, "no validity period and no labels of an ID card's back on the page"
    return None


def _valid_number(texts: tuple[str, ...] | list[str]) -> bool:
    for text in texts:
        match = _NUMBER.search(normalise_id_number(text))
        if match and check_id_number(match.group()).ok:
            return True
    return False
