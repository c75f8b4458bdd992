"""The page dictionary: every key in both languages, enum values looked up, the parsers of the
dispute form."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import pytest

from api.disputes.analysis import Flag, GapCause
from api.disputes.clock import Level
from api.disputes.recommend import Remedy
from api.disputes.states import ComplaintStatus, Verdict
from api.errors import InvalidInput
from api.storage.schemas import DocumentKind
from api.web.i18n import MESSAGES, Lang, parse_lang, translator
from api.web.pages_desk import figure_lines
from api.workflow.states import CaseTier, ClaimState, CustomerStatus
from pricing import PartCode, ReasonCode, VehicleClass


def test_every_entry_has_both_languages() -> None:
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key


@pytest.mark.parametrize(
    "enum",
    [
        ClaimState,
        CustomerStatus,
        CaseTier,
        DocumentKind,
        ComplaintStatus,
        Level,
        Verdict,
        Remedy,
        GapCause,
        Flag,
        PartCode,
        VehicleClass,
    ],
)
def test_every_value_the_pages_show_is_translated(enum: type[StrEnum]) -> None:
    missing = [m.value for m in enum if m.value not in MESSAGES]
    assert not missing


def test_reason_codes_an_adjuster_picks_are_translated() -> None:
    assert [r.value for r in ReasonCode if r is not ReasonCode.RECOMPUTED and r.value not in MESSAGES] == []


@pytest.mark.parametrize(("text", "lang"), [("en", Lang.EN), ("zh", Lang.ZH), ("fr", None), ("", None), (None, None)])
def test_parse_lang(text: str | None, lang: Lang | None) -> None:
    assert parse_lang(text) is lang


def test_translator_falls_back_to_the_key() -> None:
    assert translator(Lang.EN)(ClaimState.DISPUTED) == "Disputed"
    assert translator(Lang.ZH)("no.such.key") == "no.such.key"
    assert translator(Lang.EN)("field.engine_no") == "engine no"


def test_figure_lines_take_the_amount_from_the_end() -> None:
    assert figure_lines("后保险杠 更换 1,500\n\n喷漆 600.50 ") == [
        ("后保险杠 更换", Decimal("1500")),
        ("喷漆", Decimal("600.50")),
    ]


@pytest.mark.parametrize("text", ["1500", "喷漆 abc", "喷漆 -5", "喷漆 1.005"])
def test_figure_lines_refuse_what_is_not_item_then_amount(text: str) -> None:
    with pytest.raises(InvalidInput):
        figure_lines(text)
