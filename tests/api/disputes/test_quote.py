from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from api.disputes.quote import CustomerFigure, CustomerLine, Operation, QuoteParseError, parse_quote_text
from pricing import Money, PriceType
from pricing.errors import CurrencyMismatchError


@pytest.mark.parametrize(
    ("text", "name", "op", "qty", "hours", "price_type", "amount"),
    [
        (
            "1. 前保险杠皮 更换 4S 1件 2,680.00",
            "前保险杠皮",
            Operation.REPLACE,
            "1",
            None,
            PriceType.OEM_GUIDE,
            "2680.00",
        ),
        ("2、前保险杠 拆装 1.5工时 180", "前保险杠", Operation.REMOVE_REFIT, "1", "1.5", None, "180.00"),
        ("前杠喷漆 ¥800.00", "前杠", Operation.PAINT, "1", None, None, "800.00"),
        (
            "左前大灯总成 更换 原厂 x1 3950元",
            "左前大灯",
            Operation.REPLACE,
            "1",
            None,
            PriceType.MARKET_ORIGINAL,
            "3950",
        ),
        ("前杠卡扣 更换 副厂 10个 50.00", "前杠卡扣", Operation.REPLACE, "10", None, PriceType.BRAND_AFTERMARKET, "50"),
        ("左前门 钣金 3h 360", "左前门", Operation.REPAIR, "1", "3", None, "360"),
        ("front bumper | paint | 2 h | 520.00", "frontbumper", Operation.PAINT, "1", "2", None, "520"),
        ("辅料 120", "辅料", Operation.PAINT, "1", None, None, "120"),
        ("左前大灯 3950", "左前大灯", None, "1", None, None, "3950"),
    ],
)
def test_quote_lines_are_read(
    text: str, name: str, op: Operation | None, qty: str, hours: str | None, price_type: PriceType | None, amount: str
) -> None:
    (line,) = parse_quote_text(text).lines
    assert "".join(line.name.split()) == name
    assert line.operation is op
    assert line.quantity == Decimal(qty)
    assert line.hours == (Decimal(hours) if hours else None)
    assert line.price_type is price_type
    assert line.amount == Money.of(amount).quantized()


def test_total_line_is_checked_against_the_items() -> None:
    figure = parse_quote_text("前杠 喷漆 800\n左前大灯 更换 3,950.00\n合计 4,750.00")
    assert figure.total == Money.of("4750.00") and len(figure.lines) == 2
    with pytest.raises(QuoteParseError, match=r"add up to 4750\.00"):
        parse_quote_text("前杠 喷漆 800\n左前大灯 更换 3,950.00\n合计 5,000.00")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("前杠 喷漆 abc", "line 1: the last field is not an amount"),
        ("# 注释\n前杠 -5", "line 2: negative amounts are not accepted"),
        ("前杠", "line 1: expected an item and an amount"),
        ("前杠 800.123", "line 1: the last field is not an amount"),
        ("", "the quote has no items"),
        ("# only a comment", "the quote has no items"),
    ],
)
def test_unreadable_quotes_name_every_bad_line(text: str, problem: str) -> None:
    with pytest.raises(QuoteParseError) as info:
        parse_quote_text(text)
    assert problem in str(info.value)


def test_all_bad_lines_are_reported_together() -> None:
    with pytest.raises(QuoteParseError) as info:
        parse_quote_text("前杠 abc\n前杠 喷漆 800\n大灯 xyz")
    assert [p.line for p in info.value.problems] == [1, 3]


def test_figure_refuses_negative_floats_and_mixed_currencies() -> None:
    with pytest.raises(ValueError, match="negative"):
        CustomerLine("前杠", Money.of("-1"))
    with pytest.raises(TypeError):
        CustomerLine("前杠", Money.of(1.5))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="USD"):
        CustomerFigure(Money.of("10"), (CustomerLine("前杠", Money.of("10", "USD")),))
    with pytest.raises(ValueError, match="add up"):
        CustomerFigure(Money.of("11"), (CustomerLine("前杠", Money.of("10")),))
    with pytest.raises(ValueError, match="negative"):
        CustomerFigure(Money.of("-1"))
    assert isinstance(CurrencyMismatchError("x"), Exception)


def test_fingerprint_ignores_order_and_spacing_but_not_amounts() -> None:
    a = parse_quote_text("前杠 喷漆 800\n左前大灯 更换 3950")
    b = parse_quote_text("左前大灯  更换  3,950.00\n前杠 喷漆 800.00")
    c = parse_quote_text("前杠 喷漆 801\n左前大灯 更换 3950")
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_ocr_rows_become_an_itemized_figure() -> None:
    from api.disputes.quote import figure_from_items

    rows: list[dict[str, Any]] = [
        {"part": {"value": "前保险杠皮"}, "operation": {"value": "更换"}, "amount": {"value": "2680.00"}},
        {"part": {"value": "前杠卡扣"}, "quantity": {"value": "10"}, "unit_price": {"value": "5.00"}},
        {"part": "左前大灯总成 4S", "amount": "3950.00"},
    ]
    figure = figure_from_items(rows)
    assert figure.total == Money.of("6680.00")
    assert [(x.name, x.operation, x.quantity) for x in figure.lines] == [
        ("前保险杠皮", Operation.REPLACE, Decimal(1)),
        ("前杠卡扣", None, Decimal(10)),
        ("左前大灯", None, Decimal(1)),
    ]
    assert figure.lines[2].price_type is PriceType.OEM_GUIDE
    with pytest.raises(QuoteParseError) as info:
        figure_from_items([{"part": {"value": None}, "amount": {"value": "1"}}, {"part": "x", "amount": "-1"}, {}])
    assert [p.line for p in info.value.problems] == [1, 2, 3]
