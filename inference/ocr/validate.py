"""Pure checks of what OCR read: ID numbers, VINs, plates, dates, amounts, licence classes.

Each returns a normalised value or raises nothing: checks answer ``Check`` (ok + why),
and parsers answer ``None`` when the text is not what they parse. Nothing here
corrects a value; a failed check is reported, never repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"
# GB/T 2260 province-level codes (first two digits of an ID number).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTER = "A-HJ-NP-Z"  # plates never use I or O
_PLATE_PATTERNS = (
    # ordinary: province, issuing letter, five letters/digits (optionally ending in 学/警/挂/领/试/港/澳)
    re.compile(rf"^[{PROVINCES}][{PLATE_LETTER}][{PLATE_LETTER}0-9]{{4}}[{PLATE_LETTER}0-9挂学警港澳领试超]$"),
    # new energy, small cars: D (battery) / F (other) then a letter or digit and four digits
    re.compile(rf"^[{PROVINCES}][{PLATE_LETTER}][DF][{PLATE_LETTER}0-9][0-9]{{4}}$"),
    # new energy, large vehicles: five digits then D / F
    re.compile(rf"^[{PROVINCES}][{PLATE_LETTER}][0-9]{{5}}[DF]$"),
)
LONG_TERM = "长期"
_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_AMOUNT = re.compile(r"[-−]?\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|[-−]?\d+(?:\.\d{1,2})?")


@dataclass(frozen=True)
class Check:
    """Outcome of a validation: ``ok`` and, when not, a message a person can act on."""

    ok: bool
    message: str = ""


OK = Check(True)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits.

    >>> id_check_digit("11010519491231002")
    'X'
    """
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CODES[total % 11]


def normalise_id_number(text: str) -> str:
    """Upper-case, drop spaces; OCR's '×' or 'x' for the check character becomes 'X'.

    >>> normalise_id_number("1101 0519 4912 31002x")
    '11010519491231002X'
    """
    return re.sub(r"\s", "", text).replace("×", "X").upper()


def check_id_number(value: str) -> Check:
    """Shape, region, birth date and check digit of an 18-character ID number.

    >>> check_id_number("11010519491231002X")
    Check(ok=True, message='')
    >>> check_id_number("110105194912310021").message
    'check digit is 1, expected X'
    """
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return Check(False, "not 17 digits and a digit or X")
    if value[:2] not in PROVINCE_CODES:
        return Check(False, f"region code {value[:6]} has no province {value[:2]}")
    if id_birth_date(value) is None:
        return Check(False, f"birth date {value[6:14]} is not a date")
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return Check(False, f"check digit is {value[17]}, expected {expected}")
    return OK


def id_birth_date(value: str) -> date | None:
    """Birth date encoded in an ID number (characters 7–14), or None."""
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    return born if date(1900, 1, 1) <= born <= date.today() else None


def id_sex(value: str) -> str | None:
    """'男' when the 17th character is odd, '女' when even."""
    return ("女", "男")[int(value[16]) % 2] if len(value) >= 17 and value[16].isdigit() else None


def vin_check_digit(vin: str) -> str:
    """ISO 3779 check character (position 9) computed from the other 16.

    >>> vin_check_digit("1M8GDM9AXKP042788")
    'X'
    """
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_vin(value: str) -> Check:
    """17 characters, none of I/O/Q, correct check digit.

    >>> check_vin("1M8GDM9AXKP042788").ok
    True
    >>> check_vin("1M8GDM9AXKP04278O").message
    'VIN may not contain I, O or Q (found O)'
    """
    if len(value) != 17:
        return Check(False, f"VIN has {len(value)} characters, not 17")
    bad = sorted(set(value) & set("IOQ"))
    if bad:
        return Check(False, f"VIN may not contain I, O or Q (found {''.join(bad)})")
    if not re.fullmatch(r"[A-Z0-9]{17}", value):
        return Check(False, "VIN has characters other than A–Z and 0–9")
    expected = vin_check_digit(value)
    if value[8] != expected:
        return Check(False, f"check digit is {value[8]}, expected {expected}")
    return OK


def normalise_plate(text: str) -> str:
    """Drop spaces, dots and the middle '·'; upper-case.

    >>> normalise_plate("沪A·D1234 5")
    '沪AD12345'
    """
    return re.sub(r"[\s·•.\-]", "", text).upper()


def check_plate(value: str) -> Check:
    """Ordinary (7 characters) or new-energy (8 characters, D/F) plate.

    >>> check_plate("沪AD12345").ok, check_plate("京A12345").ok, check_plate("沪AI2345").ok
    (True, True, False)
    """
    if any(p.fullmatch(value) for p in _PLATE_PATTERNS):
        return OK
    if len(value) == 8:
        return Check(False, "8-character plate is not a new-energy plate (D/F in the third or last place)")
    return Check(False, "not a plate: province, letter, then five letters/digits (no I or O)")


def is_new_energy_plate(value: str) -> bool:
    return len(value) == 8 and check_plate(value).ok


def parse_date(text: str) -> date | None:
    """First date in ``text``: 2024年3月1日, 2024.03.01, 2024-03-01, 2024/3/1 or 20240301.

    >>> parse_date("注册日期2019.07.02")
    datetime.date(2019, 7, 2)
    """
    for pattern in (_DATE, _COMPACT_DATE):
        for match in pattern.finditer(text):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def parse_all_dates(text: str) -> list[date]:
    """Every date in ``text`` in order, e.g. both ends of a validity period."""
    found: list[tuple[int, date]] = []
    for match in _DATE.finditer(text):
        try:
            found.append((match.start(), date(int(match[1]), int(match[2]), int(match[3]))))
        except ValueError:
            continue
    return [d for _, d in sorted(found)]


def parse_period(text: str) -> tuple[date | None, date | str | None]:
    """Start and end of a validity period; the end may be ``"长期"`` (no expiry).

    >>> parse_period("2016.05.01-长期")
    (datetime.date(2016, 5, 1), '长期')
    >>> parse_period("有效期限 2020年01月02日至2026年01月02日")
    (datetime.date(2020, 1, 2), datetime.date(2026, 1, 2))
    """
    dates = parse_all_dates(text)
    start = dates[0] if dates else None
    if LONG_TERM in text:
        return start, LONG_TERM
    return start, dates[1] if len(dates) > 1 else None


def parse_amount(text: str) -> Decimal | None:
    """Last amount in ``text`` as a Decimal (never float); ¥, 元 and thousands commas allowed.

    >>> parse_amount("合计：¥12,345.60元")
    Decimal('12345.60')
    >>> parse_amount("无") is None
    True
    """
    matches = _AMOUNT.findall(text.replace(" ", ""))
    if not matches:
        return None
    raw = matches[-1].replace(",", "").replace("，", "").replace("−", "-")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None
