"""The synthetic documents carry valid ground truth (the benchmark trusts it)."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pylopdf_fonts_zh_cn")

from inference.ocr.fields import DocumentKind
from inference.ocr.validate import check_id_number, check_plate, check_vin
from training.ocr_synth.augment import degrade
from training.ocr_synth.identities import fake_person, fake_vehicle
from training.ocr_synth.render import render


@pytest.mark.parametrize("seed", range(20))
def test_people_and_vehicles_pass_every_check(seed: int) -> None:
    rng = random.Random(seed)
    person = fake_person(rng)
    vehicle = fake_vehicle(rng, person)
    assert check_id_number(person.id_number).ok
    assert check_vin(vehicle.vin).ok
    assert check_plate(vehicle.plate).ok, vehicle.plate


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k is not DocumentKind.UNKNOWN])
def test_every_kind_renders_with_truth(kind: DocumentKind) -> None:
    rendered = render(kind, random.Random(1))
    assert rendered.kind is kind
    assert rendered.truth and all(isinstance(v, str) and v for v in rendered.truth.values())
    photo, recipe = degrade(rendered.image, random.Random(2), turns=1)
    assert recipe.quarter_turns == 1
    assert max(photo.size) <= 1400
    assert photo.size[1] > photo.size[0] or kind in (
        DocumentKind.POLICY_COMMERCIAL,
        DocumentKind.POLICY_COMPULSORY,
        DocumentKind.REPAIR_QUOTE,
    )


def test_serving_code_does_not_import_the_generator() -> None:
    import subprocess
    import sys

    code = (
        "import sys, inference.ocr.pipeline, inference.ocr.crosscheck; "
        "print('training' in {m.split('.')[0] for m in sys.modules})"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
