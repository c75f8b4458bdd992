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


@pytest.mark.parametrize("case", __import__("training.ocr_synth.hard", fromlist=["CASES"]).CASES)
def test_every_hard_case_renders_with_truth(case: str) -> None:
    from training.ocr_synth.hard import make

    made = make(case, random.Random(4))
    if case == "household_register":
        assert made.rendered.kind is DocumentKind.UNKNOWN and made.rendered.truth == {}
    else:
        assert made.rendered.kind in (DocumentKind.ID_CARD_FRONT, DocumentKind.ID_CARD_BACK)
        assert all(check_id_number(v).ok for k, v in made.rendered.truth.items() if k == "id_number")
    if case.startswith("two_sided"):
        assert {"id_number", "issuing_authority", "valid_until"} <= set(made.rendered.truth)
        assert made.rendered.image.height > 2 * 630


def test_hard_case_section_replaces_only_itself(tmp_path: object) -> None:
    from pathlib import Path

    from training.ocr_synth.hard_bench import END, START, kept_section, section, write_section

    report = Path(str(tmp_path)) / "ocr.md"
    report.write_text("# OCR\n\n## Per kind\n\nkept\n")
    row = {
        "case": "cut_labels",
        "kind": "id_card_front",
        "misfilled": False,
        "fields": {"name": {"value": "张伟", "truth": "张伟"}},
    }
    write_section(report, section([row], command="c1", before=None))
    write_section(report, section([row], command="c2", before=[row]))
    text = report.read_text()
    assert text.startswith("# OCR\n\n## Per kind\n\nkept\n")
    assert text.count(START) == 1 and text.count(END) == 1
    assert "c2" in text and "c1" not in text
    assert "| label faint or cut | 1 | 1/1 (100.0%) | 1/1 (100.0%) | 0/1 | 0/1 |" in text
    assert kept_section(report).startswith(START)
