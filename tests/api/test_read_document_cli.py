"""``claimsight read-document`` run as its user would: the installed command, from a folder outside the
repository, on a synthetic ID card, with the real OCR engine (the models inside the rapidocr wheel)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")
pytest.importorskip("pylopdf_fonts_zh_cn")

from inference.ocr.fields import DocumentKind
from training.ocr_synth.hard import make
from training.ocr_synth.render import render

CLAIMSIGHT = Path(sys.executable).with_name("claimsight")
FIELD_KEYS = {"value", "confidence", "box", "status", "source", "message"}


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMSIGHT_DATA_DIR": str(cwd / "var"), "CLAIMSIGHT_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [str(CLAIMSIGHT), "read-document", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_a_turned_id_card_is_read_with_boxes_in_the_files_pixels(tmp_path: Path) -> None:
    card = render(DocumentKind.ID_CARD_FRONT, random.Random(3))
    width, height = card.image.size
    (tmp_path / "docs").mkdir()
    card.image.rotate(90, expand=True).save(tmp_path / "docs" / "card.png")  # a quarter turn to the left

    done = _run(tmp_path, "docs/card.png", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["kind"] == "id_card_front" and doc["kind_asked"] is None and doc["refused"] is None
    assert doc["resolution_wh"] == [height, width]
    assert all(set(found) == FIELD_KEYS for found in doc["fields"].values())
    number = doc["fields"]["id_number"]
    assert number["value"] == card.truth["id_number"]
    assert number["status"] == "ok" and number["source"] == "label" and number["confidence"] > 0.8
    x1, y1, x2, y2 = number["box"]
    # The number runs along the card's width; turned, it stands upright in the file as uploaded.
    assert 0 <= x1 < x2 <= height and 0 <= y1 < y2 <= width and (y2 - y1) > 4 * (x2 - x1)
    assert doc["fields"]["name"]["value"] == card.truth["name"]


@pytest.mark.slow
def test_a_household_register_uploaded_as_an_id_card_is_refused_with_its_reason(tmp_path: Path) -> None:
    made = make("household_register", random.Random(4))
    made.rendered.image.save(tmp_path / "page.png")

    done = _run(tmp_path, "page.png", "--kind", "id_card_front", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["kind"] == "unknown" and doc["kind_asked"] == "id_card_front"
    assert doc["refused"] == "wrong_kind" and "household register" in doc["refused_reason"]
    assert doc["fields"] and all(f["value"] is None and f["status"] == "missing" for f in doc["fields"].values())


def test_an_unknown_kind_or_a_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    bad_kind = _run(tmp_path, "nothing.png", "--kind", "passport")
    assert bad_kind.returncode == 2 and "is not one of: id_card_front" in bad_kind.stderr
    missing = _run(tmp_path, "nothing.png")
    assert missing.returncode == 2 and "nothing.png is not a file" in missing.stderr
    (tmp_path / "notes.png").write_bytes(b"not an image at all")
    unreadable = _run(tmp_path, "notes.png")
    assert unreadable.returncode == 1 and unreadable.stderr.startswith("error: notes.png:")
    assert "Traceback" not in unreadable.stderr
