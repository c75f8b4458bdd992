"""Every field of each kind on rendered documents, read by the real OCR engine: the values the
renderer drew, and the checks failing where the drawn document is wrong."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from decimal import Decimal

import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")
pytest.importorskip("pylopdf_fonts_zh_cn")

from PIL import Image

from inference.ocr.engine import RapidOcrEngine
from inference.ocr.fields import DocumentKind, Extraction, FieldStatus
from inference.ocr.pipeline import read_document
from training.ocr_synth.identities import fake_person, fake_policy, fake_quote, fake_vehicle
from training.ocr_synth.render import render_policy, render_quote, render_vehicle_licence, render_vehicle_licence_second

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine() -> Iterator[RapidOcrEngine]:
    yield RapidOcrEngine.load(threads=2)


def _read(image: Image.Image, engine: RapidOcrEngine) -> Extraction:
    return read_document(np.asarray(image.convert("RGB")), engine)


def test_vehicle_licence_every_field_and_its_authority(engine: RapidOcrEngine) -> None:
    rng = random.Random(8)
    owner = fake_person(rng)
    rendered = render_vehicle_licence(rng, owner, fake_vehicle(rng, owner))
    result = _read(rendered.image, engine)
    assert result.kind is DocumentKind.VEHICLE_LICENCE
    assert {name: result.value(name) for name in rendered.truth} == rendered.truth
    assert result.fields["issuing_authority"].status is FieldStatus.OK
    assert result.fields["issuing_authority"].xyxy is not None


def test_second_page_whose_curb_mass_is_above_its_gross_mass(engine: RapidOcrEngine) -> None:
    rng = random.Random(9)
    vehicle = fake_vehicle(rng, fake_person(rng))
    vehicle = dataclasses.replace(vehicle, curb_mass_kg=vehicle.gross_mass_kg + 300)
    rendered = render_vehicle_licence_second(rng, vehicle)
    result = _read(rendered.image, engine)
    for name in ("approved_passengers", "gross_mass", "curb_mass", "dimensions"):
        assert result.value(name) == rendered.truth[name], name
    assert result.fields["gross_mass"].status is FieldStatus.OK
    assert result.fields["curb_mass"].status is FieldStatus.INVALID


def test_commercial_policy_covers_with_their_deductibles(engine: RapidOcrEngine) -> None:
    rng = random.Random(10)
    person = fake_person(rng)
    rendered = render_policy(rng, fake_policy(rng, person, fake_vehicle(rng, person), compulsory=False))
    result = _read(rendered.image, engine)
    assert result.kind is DocumentKind.POLICY_COMMERCIAL
    assert {name: result.value(name) for name in rendered.truth} == rendered.truth
    assert [{k: c.value for k, c in item.cells.items()} for item in result.items] == rendered.items
    assert all("deductible" in item for item in rendered.items)


def test_quote_line_whose_amount_is_not_quantity_times_price(engine: RapidOcrEngine) -> None:
    rng = random.Random(11)
    quote = fake_quote(rng, fake_vehicle(rng, fake_person(rng)))
    quote.lines[0].amount += Decimal("100.00")
    rendered = render_quote(rng, quote)
    result = _read(rendered.image, engine)
    assert [{k: c.value for k, c in item.cells.items()} for item in result.items] == rendered.items
    assert result.items[0].cells["amount"].status is FieldStatus.INVALID
    assert all(item.cells["amount"].status is FieldStatus.OK for item in result.items[1:])
