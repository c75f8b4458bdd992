"""Masking for roles that need to know a document was read, not what it says.

ID numbers, licence numbers and names are personal data: the API masks them for
roles that don't need them, and nothing in ``inference.ocr`` logs them.
"""

from __future__ import annotations


def mask_id_number(value: str | None, *, keep_start: int = 4, keep_end: int = 4) -> str | None:
    """Keep the region's first four and the last four characters.

    >>> mask_id_number("31011519850307123X")
    '3101**********123X'
    >>> mask_id_number("123")
    '***'
    """
    if value is None:
        return None
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_name(value: str | None) -> str | None:
    """Keep the family name's first character.

    >>> mask_name("张伟"), mask_name("欧阳娜娜"), mask_name("")
    ('张*', '欧***', '')
    """
    if value is None:
        return None
    return value[:1] + "*" * (len(value) - 1)


def mask_address(value: str | None, *, keep: int = 6) -> str | None:
    """Keep the first characters (province and city), mask the rest.

    >>> mask_address("上海市浦东新区世纪大道100号")
    '上海市浦东新*********'
    """
    if value is None:
        return None
    return value[:keep] + "*" * max(len(value) - keep, 0)


# Which mask each personal field takes; fields not named here are not personal.
PERSONAL_FIELDS = {
    "id_number": mask_id_number,
    "licence_number": mask_id_number,
    "insured_id_number": mask_id_number,
    "name": mask_name,
    "owner": mask_name,
    "insured": mask_name,
    "policy_holder": mask_name,
    "address": mask_address,
}


def mask_field(name: str, value: str | None) -> str | None:
    """Mask ``value`` if the field ``name`` is personal, else return it unchanged.

    >>> mask_field("name", "李四"), mask_field("plate", "沪A12345")
    ('李*', '沪A12345')
    """
    mask = PERSONAL_FIELDS.get(name)
    return mask(value) if mask else value
