from __future__ import annotations

import pytest

from pricing.text import _width, render_text
from tests.pricing.factories import golden_estimate


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "更换发动机盖（凹陷）*",
                "2,600.00 CNY",
                "[待人工核价]",
                "应赔付: 4,844.20 CNY",
                "案件类别: 普通案件",
                "减第三方追偿 1,000.00 CNY",
                "价格库 golden-1",
            ],
        ),
        (
            "en",
            [
                "replace hood*",
                "[to price by hand]",
                "payable: 4,844.20 CNY",
                "case tier: normal",
                "fault-based deductible 10%: 593.80 CNY",
                "catalog golden-1 · rules rules-2026.1 · version 1",
            ],
        ),
    ],
)
def test_text_estimate_shows_lines_totals_and_versions(lang: str, expected: list[str]) -> None:
    text = render_text(golden_estimate(), lang=lang)  # type: ignore[arg-type]
    for fragment in expected:
        assert fragment in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_amount_column_is_aligned_in_display_width(lang: str) -> None:
    rows = render_text(golden_estimate(), lang=lang).split("\n\n")[0].splitlines()  # type: ignore[arg-type]
    table = [r for r in rows[2:]]
    ends = {_width(r[: r.index(" R-")]) for r in table}  # the amount column ends where the rules begin
    assert len(ends) == 1 and len(table) == len(golden_estimate().lines)
