"""The customer's figure: a total, or itemized lines typed in or read from a repair-shop quote.

:func:`parse_quote_text` reads the plain text of a quote (typed, or an OCR transcript), one item
per line: ``<item> [operation] [quantity] [hours] [price type] <amount>``, e.g.
``1. 前保险杠皮 更换 4S 1件 2,680.00``. Every line it cannot read is reported with its number;
nothing is guessed.

>>> q = parse_quote_text("前杠 喷漆 800\\n左前大灯总成 更换 3950.00")
>>> [(line.name, line.operation, str(line.amount)) for line in q.lines]
[('前杠', <Operation.PAINT: 'paint'>, '800.00 CNY'), ('左前大灯', <Operation.REPLACE: 'replace'>, '3950.00 CNY')]
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from pricing import Money, PriceType
from pricing.money import CENT, DEFAULT_CURRENCY, to_decimal


class Operation(StrEnum):
    """What a line pays for on one part; estimate and quote lines align on (part, operation)."""

    REPLACE = "replace"  # the part itself
    REMOVE_REFIT = "remove_refit"
    REPAIR = "repair"  # panel beating
    PAINT = "paint"  # paint labour and materials

    @property
    def zh(self) -> str:
        return {"replace": "更换", "remove_refit": "拆装", "repair": "钣金修复", "paint": "喷漆"}[self.value]

    @property
    def en(self) -> str:
        return {"replace": "replace", "remove_refit": "remove and refit", "repair": "repair", "paint": "paint"}[
            self.value
        ]


# Checked in this order: "拆装" before "装", "喷漆" before "漆".
OPERATION_WORDS: Final[tuple[tuple[Operation, tuple[str, ...]], ...]] = (
    (Operation.REMOVE_REFIT, ("拆装", "拆卸", "拆检", "remove/refit", "remove and refit", "r&r", "refit")),
    (Operation.PAINT, ("喷漆", "烤漆", "油漆", "补漆", "漆面", "辅料", "材料费", "材料", "paint", "materials")),
    (Operation.REPAIR, ("钣金", "修复", "整形", "修理", "repair")),
    (Operation.REPLACE, ("更换", "换新", "配件", "换", "replace", "part")),
)
PRICE_TYPE_WORDS: Final[tuple[tuple[PriceType, tuple[str, ...]], ...]] = (
    (PriceType.OEM_GUIDE, ("4s店价", "4s价", "4s店", "4s", "指导价", "oem")),
    (PriceType.BRAND_AFTERMARKET, ("品牌件", "副厂件", "副厂", "品牌", "aftermarket")),
    (PriceType.MARKET_ORIGINAL, ("原厂件", "原厂", "original")),
)
NOISE_WORDS: Final = ("总成", "assembly", "assy")
TOTAL_WORDS: Final = ("合计", "总计", "总金额", "小计", "total")
HEADER_WORDS: Final = ("序号", "项目", "金额", "item", "amount")  # a column header line has no digits

_AMOUNT = re.compile(r"^(?:[¥￥]|cny|rmb)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?(元|块|cny|rmb)?$", re.IGNORECASE)
_QUANTITY = re.compile(r"^(?:[x×*](\d+)|(\d+)(?:件|个|只|套|pcs?))$", re.IGNORECASE)
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:工时|小时|h|hrs?)$", re.IGNORECASE)
_SERIAL = re.compile(r"^\d+[.、)）]\s*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPLIT = re.compile(r"[\s|,，;；:：、\t]+(?=\S)")
_FIELD_SPLIT = re.compile(r"\s*[|,，;；:：、\t]+\s*(?=\S)")  # when fields are delimited, names may hold spaces
_DELIMITED = re.compile(r"[|,，;；:：、\t]")
# "¥ 1800" and "1800 元" are one amount; "前挡风玻璃更换1800" has its amount glued to the item.
_CURRENCY_GAP = re.compile(r"(?:(?<=[¥￥])\s+(?=\d))|(?:(?<=\d)\s+(?=(?:元|块)(?:\s|$)))")
_GLUED_AMOUNT = re.compile(r"(?<=[^\d\s.,¥￥:：|;；、+\-])(?=[¥￥]?\d[\d,]*(?:\.\d{1,2})?(?:元|块)?$)")


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One item of the customer's figure. ``hours`` are labour hours when the quote gives them;
    ``price_type`` is what the quote says its parts price is (4S, original, brand)."""

    name: str
    amount: Money
    operation: Operation | None = None
    quantity: Decimal = Decimal(1)
    hours: Decimal | None = None
    price_type: PriceType | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an item needs a name")
        if self.amount.amount < 0:
            raise ValueError(f"{self.name}: amount cannot be negative")
        if self.amount.amount != self.amount.amount.quantize(CENT):
            raise ValueError(f"{self.name}: amount has more than 2 decimal places")
        object.__setattr__(self, "amount", self.amount.quantized())
        quantity = to_decimal(self.quantity, what="quantity")
        if quantity <= 0:
            raise ValueError(f"{self.name}: quantity must be positive")
        object.__setattr__(self, "quantity", quantity)
        if self.hours is not None:
            hours = to_decimal(self.hours, what="hours")
            if hours <= 0:
                raise ValueError(f"{self.name}: hours must be positive")
            object.__setattr__(self, "hours", hours)


@dataclass(frozen=True, slots=True)
class CustomerFigure:
    """What the customer says the claim is worth: a total, and itemized ``lines`` when known.
    When lines are given the total is their sum (a stated total that differs is an error)."""

    total: Money
    lines: tuple[CustomerLine, ...] = ()
    default_price_type: PriceType | None = None
    """Price type of lines that do not say, e.g. OEM_GUIDE for a 4S dealer's quote."""

    def __post_init__(self) -> None:
        if self.total.amount < 0:
            raise ValueError("the customer's figure cannot be negative")
        for line in self.lines:
            if line.amount.currency != self.total.currency:
                raise ValueError(f"{line.name} is in {line.amount.currency}, the figure in {self.total.currency}")
        if self.lines:
            summed = Money.total((x.amount for x in self.lines), self.total.currency)
            if summed.amount != self.total.amount:
                raise ValueError(f"the items add up to {summed.quantized()}, the stated total is {self.total}")

    @property
    def itemized(self) -> bool:
        return bool(self.lines)

    @classmethod
    def of_lines(cls, lines: Sequence[CustomerLine], *, default_price_type: PriceType | None = None) -> CustomerFigure:
        if not lines:
            raise ValueError("an itemized figure needs at least one item")
        currency = lines[0].amount.currency
        return cls(Money.total((x.amount for x in lines), currency).quantized(), tuple(lines), default_price_type)

    def price_type_of(self, line: CustomerLine) -> PriceType | None:
        return line.price_type or self.default_price_type

    def fingerprint(self) -> str:
        """sha256 of the figure's content (order-insensitive): the same material submitted
        twice, on this claim or another, has the same fingerprint."""
        items = sorted(
            json.dumps(
                [
                    _norm(x.name),
                    x.operation.value if x.operation else None,
                    str(x.quantity.normalize()),
                    str(x.hours.normalize()) if x.hours is not None else None,
                    str(x.amount.amount),
                ],
                ensure_ascii=False,
            )
            for x in self.lines
        )
        payload = json.dumps({"total": str(self.total.quantized().amount), "items": items}, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


@dataclass(frozen=True, slots=True)
class QuoteLineProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class QuoteParseError(ValueError):
    """The quote text could not be read; ``problems`` names every bad line."""

    def __init__(self, problems: Sequence[QuoteLineProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:20]))


def operation_in(text: str) -> Operation | None:
    """The operation a quote line names, if any.

    >>> operation_in("前保险杠皮更换"), operation_in("左前门钣金")
    (<Operation.REPLACE: 'replace'>, <Operation.REPAIR: 'repair'>)
    """
    low = text.lower()
    for operation, words in OPERATION_WORDS:
        if any(w in low for w in words):
            return operation
    return None


def strip_words(name: str) -> str:
    """The item name without operation, price-type and noise words."""
    out = name.lower() if name.isascii() else name
    for _, words in (*OPERATION_WORDS, *PRICE_TYPE_WORDS):
        for w in words:
            out = re.sub(re.escape(w), "", out, flags=re.IGNORECASE)
    for w in NOISE_WORDS:
        out = re.sub(re.escape(w), "", out, flags=re.IGNORECASE)
    return re.sub(r"[()（）\[\]【】]", "", out).strip()


def _amount(token: str) -> Decimal | None:
    match = _AMOUNT.match(token)
    if match is None:
        return None
    return Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))


def normalise_line(raw: str) -> str:
    """A quote line with its amount made readable: full-width forms folded (NFKC), thousands
    separators dropped, ``¥ 1800``/``1800 元`` closed up and an amount glued to the item split off.

    >>> normalise_line("前挡风玻璃更换１８００元")
    '前挡风玻璃更换 1800元'
    """
    line = unicodedata.normalize("NFKC", raw).strip()
    return _GLUED_AMOUNT.sub(" ", _CURRENCY_GAP.sub("", _THOUSANDS.sub("", line)), count=1)


def read_amount(token: str) -> Decimal | None:
    """The amount a quote's last field states (``1800``, ``1800元``, ``¥1800``, ``1,800.50``),
    or None when it states none; the field as :func:`normalise_line` left it.

    >>> read_amount("1800元"), read_amount("¥1800.5"), read_amount("-5")
    (Decimal('1800'), Decimal('1800.5'), None)
    """
    return _amount(token)


def item_and_amount(raw: str) -> tuple[str, Decimal] | None:
    """One ``item amount`` line as the dispute form takes it: the item keeps its words (the
    operation too), the amount is read as a quote's is. None when no amount ends the line.

    >>> item_and_amount("前挡风玻璃 更换 ￥1,800")
    ('前挡风玻璃 更换', Decimal('1800'))
    """
    name, _, last = normalise_line(raw).rpartition(" ")
    amount = _amount(last)
    if not name.strip() or amount is None:
        return None
    return " ".join(name.split()), amount


def parse_quote_text(
    text: str, *, currency: str = DEFAULT_CURRENCY, default_price_type: PriceType | None = None
) -> CustomerFigure:
    """Read a quote's text into an itemized figure (see the module docstring for the format).
    A ``合计``/``total`` line is checked against the items' sum."""
    lines: list[CustomerLine] = []
    problems: list[QuoteLineProblem] = []
    stated_total: Decimal | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _SERIAL.sub("", unicodedata.normalize("NFKC", raw).strip())
        if not line or line.startswith("#"):
            continue
        if not any(ch.isdigit() for ch in line) and any(w in line.lower() for w in HEADER_WORDS):
            continue
        line = normalise_line(line)
        tokens = (_FIELD_SPLIT if _DELIMITED.search(line) else _SPLIT).split(line)
        if len(tokens) < 2:
            problems.append(QuoteLineProblem(number, "expected an item and an amount"))
            continue
        amount = _amount(tokens[-1])
        if amount is None:
            negative = tokens[-1].startswith("-")
            why = "negative amounts are not accepted" if negative else "the last field is not an amount"
            problems.append(QuoteLineProblem(number, why))
            continue
        if any(w in tokens[0].lower() for w in TOTAL_WORDS):
            stated_total = amount
            continue
        quantity, hours, price_type, words = Decimal(1), None, None, [tokens[0]]
        for token in tokens[1:-1]:
            if (m := _QUANTITY.match(token)) is not None:
                quantity = Decimal(m.group(1) or m.group(2))
            elif (m := _HOURS.match(token)) is not None:
                hours = Decimal(m.group(1))
            else:
                words.append(token)
        joined = " ".join(words)
        low = joined.lower()
        for kind, names in PRICE_TYPE_WORDS:
            if any(w in low for w in names):
                price_type = kind
                break
        name = " ".join(strip_words(joined).split()) or tokens[0]
        try:
            lines.append(CustomerLine(name, Money(amount, currency), operation_in(joined), quantity, hours, price_type))
        except ValueError as exc:
            problems.append(QuoteLineProblem(number, str(exc)))
    if not lines and not problems:
        problems.append(QuoteLineProblem(0, "the quote has no items"))
    if problems:
        raise QuoteParseError(problems)
    figure = CustomerFigure.of_lines(lines, default_price_type=default_price_type)
    if stated_total is not None and stated_total != figure.total.amount:
        raise QuoteParseError(
            [QuoteLineProblem(0, f"the items add up to {figure.total.amount}, the quote's total says {stated_total}")]
        )
    return figure


def _cell(row: Mapping[str, Any], name: str) -> str | None:
    cell = row.get(name)
    value = cell.get("value") if isinstance(cell, Mapping) else cell
    return None if value is None or not str(value).strip() else str(value).strip()


def figure_from_items(
    rows: Sequence[Mapping[str, Any]], *, currency: str = DEFAULT_CURRENCY, default_price_type: PriceType | None = None
) -> CustomerFigure:
    """The itemized figure from a repair quote's rows as OCR read them (after any corrections):
    each row maps a column — ``part``, ``operation``, ``quantity``, ``unit_price``, ``amount`` —
    to a cell ``{"value": ...}`` (or to the value itself). Rows are numbered from 1 in errors.

    >>> figure_from_items([{"part": {"value": "前杠"}, "operation": {"value": "喷漆"},
    ...                     "amount": {"value": "800.00"}}]).total
    Money(amount=Decimal('800.00'), currency='CNY')
    """
    lines: list[CustomerLine] = []
    problems: list[QuoteLineProblem] = []
    for number, row in enumerate(rows, start=1):
        part, op = _cell(row, "part"), _cell(row, "operation") or ""
        amount_text, unit_text, qty_text = _cell(row, "amount"), _cell(row, "unit_price"), _cell(row, "quantity")
        try:
            if part is None:
                raise ValueError("no item name")
            quantity = Decimal(qty_text) if qty_text else Decimal(1)
            if amount_text is not None:
                amount = _amount(amount_text)
            elif unit_text is not None and (unit := _amount(unit_text)) is not None:
                amount = unit * quantity
            else:
                amount = None
            if amount is None:
                raise ValueError("no readable amount")
            words = f"{part} {op}".lower()
            price_type = next((k for k, names in PRICE_TYPE_WORDS if any(w in words for w in names)), None)
            lines.append(
                CustomerLine(
                    strip_words(part) or part,
                    Money(amount, currency),
                    operation_in(f"{op} {part}"),
                    quantity,
                    None,
                    price_type,
                )
            )
        except (ValueError, ArithmeticError) as exc:
            problems.append(QuoteLineProblem(number, str(exc) or "unreadable"))
    if not rows:
        problems.append(QuoteLineProblem(0, "the quote has no items"))
    if problems:
        raise QuoteParseError(problems)
    return CustomerFigure.of_lines(lines, default_price_type=default_price_type)
