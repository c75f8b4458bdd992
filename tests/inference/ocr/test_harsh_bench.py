"""The harsh-case benchmark on a tiny run: every case draws, rows score themselves, the report says what it read."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pylopdf_fonts_zh_cn")

from inference.ocr.fields import DocumentKind
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import VEHICLE_ROWS
from training.ocr_synth import harsh_bench
from training.ocr_synth.harsh import CASES, KINDS, PAIRS, PHONE_SIDE, faint_labels, make
from training.ocr_synth.render import LABEL, render


@pytest.mark.parametrize("case", CASES)
def test_every_case_draws_documents_with_truth(case: str) -> None:
    made = make(case, random.Random(3), 1)
    two = case in ("two_documents", "turned_region")
    assert len(made.documents) == (2 if two else 1)
    assert all(d.truth and d.kind is not DocumentKind.UNKNOWN for d in made.documents)
    sides = {"low_resolution": made.max_side < 1000, "phone_photo": made.max_side == PHONE_SIDE}
    assert sides.get(case, made.max_side == 1400)
    if two:
        assert made.image.height > sum(d.image.height for d in made.documents)


def test_a_phone_photo_is_a_12_mp_frame_the_document_does_not_fill() -> None:
    made = make("phone_photo", random.Random(4), 0)
    (document,) = made.documents
    frame_w, frame_h = made.image.size
    assert frame_w / frame_h == pytest.approx(4 / 3, rel=0.01)
    assert frame_w * 1.16 == pytest.approx(PHONE_SIDE, rel=0.01)  # with degrade's 8 % margin a side
    assert document.image.width < 0.8 * frame_w


def test_indices_cover_every_pair() -> None:
    assert len(KINDS) == 8  # single-document cases take KINDS[index % 8]
    pairs = {tuple(d.kind for d in make("two_documents", random.Random(0), i).documents) for i in range(len(PAIRS))}
    assert len(pairs) == len(PAIRS)


def test_faint_labels_fade_the_label_ink_only() -> None:
    import numpy as np

    page = render(DocumentKind.VEHICLE_LICENCE, random.Random(2)).image
    before = np.asarray(page, np.int16)
    after = np.asarray(faint_labels(page, 0.1), np.int16)
    label = np.all(np.abs(before - np.array(LABEL)) < 12, axis=2)
    ink = np.all(before < 60, axis=2)  # the values' near-black ink
    assert label.sum() > 100 and ink.sum() > 100
    assert np.abs(after[label] - before[label]).mean() > 100  # labels pulled toward the paper
    assert np.abs(after[ink] - before[ink]).mean() < 1  # values untouched


def test_a_tiny_run_scores_every_field_and_writes_the_report(tmp_path: Path) -> None:
    sink = tmp_path / "rows.jsonl"
    harsh_bench.run(per_case=1, seed=0, engine=FakeOcrEngine(VEHICLE_ROWS), sink=sink)
    rows = harsh_bench.load(sink)
    assert [r["case"] for r in rows] == list(CASES)
    glare = next(r for r in rows if r["case"] == "glare")
    (doc,) = glare["documents"]
    assert doc["kind"] != "unknown" and set(doc["fields"]) >= set(render_truth_keys(doc["kind"]))
    assert all({"truth", "value", "status"} <= set(cell) for cell in doc["fields"].values())
    # The fake engine reads the same vehicle licence off every image: a vehicle licence's fields are
    # wrong (another vehicle), so nothing of any other kind can be exact.
    text = harsh_bench.report(rows, command="python -m training.ocr_synth.harsh_bench --per-case 1", engine_note="fake")
    assert "Command: `python -m training.ocr_synth.harsh_bench --per-case 1`" in text
    assert "| glare | 1 | 1 |" in text and "## Per field" in text and "| wall s |" in text
    hits, total = harsh_bench._exact(harsh_bench._cells([d for r in rows for d in r["documents"]]))
    assert total > 30 and hits < total
    assert f"**All fields: {hits} of {total} exact" in text
    pair = harsh_bench.compare(rows, rows, before="full size", after="960 px")
    assert f"| full size | {len(CASES)} |" in pair and f"| 960 px | {len(CASES)} |" in pair
    assert "| full size, phone_photo | 1 |" in pair and "| 960 px, phone_photo | 1 |" in pair


def render_truth_keys(kind: str) -> list[str]:
    return list(render(DocumentKind(kind), random.Random(0)).truth)


def test_a_wrong_value_that_passed_its_checks_is_counted() -> None:
    cells: list[dict[str, Any]] = [
        {"truth": "A", "value": "B", "status": "ok"},  # wrong, passed: counted
        {"truth": "A", "value": "B", "status": "invalid"},  # wrong, caught
        {"truth": "A", "value": None, "status": "missing"},  # not read
        {"truth": "A", "value": "A", "status": "ok"},
    ]
    assert harsh_bench._wrong_accepted(cells) == 1
    assert harsh_bench._exact(cells) == (1, 4)


def test_a_resumed_run_reads_the_images_a_whole_run_would(tmp_path: Path) -> None:
    engine = FakeOcrEngine(VEHICLE_ROWS)
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    harsh_bench.run(per_case=2, seed=5, engine=engine, sink=whole, cases=("low_resolution",))
    resumed.write_text(whole.read_text().splitlines()[0] + "\n")
    harsh_bench.run(per_case=2, seed=5, engine=engine, sink=resumed, cases=("low_resolution",), resume=True)
    first, second = harsh_bench.load(whole), harsh_bench.load(resumed)
    assert len(second) == 2
    assert [r["documents"] for r in second] == [r["documents"] for r in first]
    assert second[1]["turns"] == first[1]["turns"]


def test_latency_per_document_shares_an_images_time_among_its_documents() -> None:
    """Two documents read in 0.8 s from one image cost 0.4 s each; a lone document its image's time."""
    doc: dict[str, Any] = {"kind": "id_card_front", "read_as": "id_card_front", "fields": {}}
    rows = [
        {"wall_s": 0.8, "cpu_s": 1.2, "load_1min": 1.0, "documents": [doc, doc]},
        {"wall_s": 0.6, "cpu_s": 1.0, "load_1min": 1.0, "documents": [doc]},
    ]
    text = "\n".join(harsh_bench.latency(rows))
    assert "| wall s | 0.70 | 0.79 |" in text
    assert "| 0.40 | 0.58 |" in text  # per document: 0.4, 0.4, 0.6
    assert "ran nothing else of note" in text
    busy = [{**r, "load_1min": 4.0} for r in rows]
    assert "was shared while this ran" in "\n".join(harsh_bench.latency(busy))
