"""Harsh-case OCR benchmark: every kind, field exact match per field and kind, latency per image.

    python -m training.ocr_synth.harsh_bench --per-case 30 --seed 0 --threads 2 \\
        --jsonl var/ocr-harsh.jsonl --report docs/benchmarks/ocr-harsh.md

Cases come from ``training/ocr_synth/harsh.py``; each image is photographed by
``augment.degrade`` and read by the serving pipeline (``decode_document`` then
``read_page``) with the kind **not** given. Rows go to the JSONL one image at a time,
so ``--report-only`` can write the report from a run stopped early.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from inference.ocr.engine import DET_TEXT_HEIGHT, PROBE_SIDE, OcrEngine
from inference.ocr.fields import Extraction
from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR, describe
from inference.ocr.upload import DOCUMENT_SIDE, decode_document, read_page
from training.machine import processor
from training.ocr_synth.augment import degrade
from training.ocr_synth.harsh import CASES, HarshCase, make
from training.ocr_synth.render import Rendered

WRONG_BUT_ACCEPTED = ("ok", "unchecked")  # statuses that let a value through unflagged
BUSY_LOAD = 2.5  # a median 1-minute load above this: something else wanted the 2 cores while reading


def read(
    made: HarshCase, rng: random.Random, engine: OcrEngine, document_side: int | None = DOCUMENT_SIDE
) -> tuple[Extraction, float, float, int]:
    """Photograph ``made`` and read it as the API does; (extraction, wall s, CPU s, quarter turns applied).

    ``document_side``: the longer side a photo is decoded at (None: its own, the full 4032 px of a phone photo).
    """
    photo, recipe = degrade(made.image, rng, max_side=made.max_side, photocopy=False)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=recipe.jpeg_quality)
    wall, cpu = time.perf_counter(), time.process_time()
    extraction = read_page(decode_document(buffer.getvalue(), long_side=document_side), engine)
    return extraction, time.perf_counter() - wall, time.process_time() - cpu, recipe.quarter_turns


def _readings(extraction: Extraction) -> list[Extraction]:
    return list(extraction.parts) if extraction.parts else [extraction]


def score_document(document: Rendered, readings: list[Extraction]) -> dict[str, Any]:
    """Truth against the reading of the same kind (taken from ``readings``); fields and line-item cells."""
    reading = next((r for r in readings if r.kind is document.kind), None)
    if reading is not None:
        readings.remove(reading)
    fields: dict[str, dict[str, Any]] = {}
    for name, truth in document.truth.items():
        got = reading.fields.get(name) if reading else None
        fields[name] = {"truth": truth, "value": got.value if got else None, "status": _status(got)}
    items = reading.items if reading else ()
    for row, wanted in enumerate(document.items):
        cells = items[row].cells if row < len(items) else {}
        for name, truth in wanted.items():
            got = cells.get(name)
            fields[f"item.{name}#{row}"] = {"truth": truth, "value": got.value if got else None, "status": _status(got)}
    return {"kind": document.kind.value, "read_as": reading.kind.value if reading else None, "fields": fields}


def _status(found: Any) -> str:
    return "missing" if found is None else str(found.status.value)


def run_one(
    case: str, index: int, rng: random.Random, engine: OcrEngine, document_side: int | None = DOCUMENT_SIDE
) -> dict[str, Any]:
    made = make(case, rng, index)
    extraction, wall, cpu, turns = read(made, rng, engine, document_side)
    readings = _readings(extraction)
    return {
        "case": case,
        "turns": turns,
        "documents": [score_document(d, readings) for d in made.documents],
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def run(
    *,
    per_case: int,
    seed: int,
    engine: OcrEngine,
    sink: Path,
    cases: tuple[str, ...] = CASES,
    resume: bool = False,
    document_side: int | None = DOCUMENT_SIDE,
) -> None:
    """``per_case`` images of each case, interleaved (a run stopped early still covers every case).

    ``resume`` keeps the rows ``sink`` holds and reads only the images after them: the ones
    already read are drawn again (not read), so the random draws stay those of one whole run.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    sink.parent.mkdir(parents=True, exist_ok=True)
    done = len(load(sink)) if resume and sink.exists() else 0
    with sink.open("a" if resume else "w") as out:
        for index in range(per_case):
            for offset, case in enumerate(cases):  # each case starts on another kind
                if done > 0:
                    made = make(case, rng, index + offset)
                    degrade(made.image, rng, max_side=made.max_side, photocopy=False)
                    done -= 1
                    continue
                row = run_one(case, index + offset, rng, engine, document_side)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                out.flush()


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def field_name(name: str) -> str:
    """``item.deductible#2`` → ``item.deductible``: line-item cells are scored per column."""
    return name.split("#", 1)[0]


def _ratio(hits: int, total: int) -> str:
    return f"{hits}/{total} ({hits / total:.1%})" if total else "—"


def _cells(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for d in docs for f in d["fields"].values()]


def _exact(cells: list[dict[str, Any]]) -> tuple[int, int]:
    return sum(c["value"] == c["truth"] for c in cells), len(cells)


def _wrong_accepted(cells: list[dict[str, Any]]) -> int:
    return sum(c["value"] is not None and c["value"] != c["truth"] and c["status"] in WRONG_BUT_ACCEPTED for c in cells)


def _per_field(docs: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int]]:
    table: dict[tuple[str, str], list[int]] = {}
    for doc in docs:
        for name, cell in doc["fields"].items():
            hit = table.setdefault((doc["kind"], field_name(name)), [0, 0])
            hit[0] += cell["value"] == cell["truth"]
            hit[1] += 1
    return {key: (v[0], v[1]) for key, v in sorted(table.items())}


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values, np.float64), q)) if values else float("nan")


def report(rows: list[dict[str, Any]], *, command: str, engine_note: str) -> str:
    """The Markdown report for ``rows`` (one per image)."""
    docs = [d for r in rows for d in r["documents"]]
    hits, total = _exact(_cells(docs))
    per_field = _per_field(docs)
    macro = float(np.mean([h / n for h, n in per_field.values()])) if per_field else 0.0
    out = [
        "# OCR benchmark: harsh cases, every kind of document",
        "",
        f"Command: `{command}`",
        "",
        f"Images: {len(rows)} ({len(docs)} documents), {engine_note}, {processor()}, "
        f"{os.cpu_count()} cores. Written by `training/ocr_synth/harsh_bench.py`; do not edit by hand.",
        "",
        f"**All fields: {hits} of {total} exact ({hits / max(total, 1):.1%}), instance-weighted; "
        f"mean over (kind, field) pairs {macro:.1%}; wrong values that passed every check: "
        f"{_wrong_accepted(_cells(docs))}.**",
        "",
        "## Per case",
        "",
        "| case | images | documents | kind read right | fields exact | wrong but passed checks "
        "| median s/image (wall) |",
        "|---|---|---|---|---|---|---|",
    ]
    for case in CASES:
        mine = [r for r in rows if r["case"] == case]
        if not mine:
            continue
        case_docs = [d for r in mine for d in r["documents"]]
        right = sum(d["read_as"] == d["kind"] for d in case_docs)
        cells = _cells(case_docs)
        median = _percentile([r["wall_s"] for r in mine], 50)
        out.append(
            f"| {case} | {len(mine)} | {len(case_docs)} | {right}/{len(case_docs)} | {_ratio(*_exact(cells))} "
            f"| {_wrong_accepted(cells)} | {median:.2f} |"
        )
    out += ["", "## Per kind", "", "| kind | documents | fields exact | mean over its fields |", "|---|---|---|---|"]
    for kind in sorted({d["kind"] for d in docs}):
        kind_docs = [d for d in docs if d["kind"] == kind]
        ratios = [h / n for (k, _), (h, n) in per_field.items() if k == kind]
        out.append(
            f"| {kind} | {len(kind_docs)} | {_ratio(*_exact(_cells(kind_docs)))} | {float(np.mean(ratios)):.1%} |"
        )
    out += [
        "",
        "## Per field",
        "",
        "`item.*`: the cells of policy covers and repair-quote lines, row by row.",
        "",
        "| kind | field | exact |",
        "|---|---|---|",
    ]
    out += [f"| {kind} | {name} | {_ratio(h, n)} |" for (kind, name), (h, n) in per_field.items()]
    out += latency(rows)
    return "\n".join(out) + "\n"


def latency(rows: list[dict[str, Any]]) -> list[str]:
    wall = [r["wall_s"] for r in rows]
    per_document = [r["wall_s"] / max(len(r["documents"]), 1) for r in rows for _ in r["documents"]]
    cpu = [r["cpu_s"] for r in rows]
    load = [r.get("load_1min", float("nan")) for r in rows]
    busy = _percentile(load, 50) > BUSY_LOAD
    return [
        "",
        "## Latency per image (decode + read + extract)",
        "",
        "| measure | p50 | p95 |",
        "|---|---|---|",
        f"| wall s | {_percentile(wall, 50):.2f} | {_percentile(wall, 95):.2f} |",
        f"| wall s per document (an image's wall time shared by the documents on it) "
        f"| {_percentile(per_document, 50):.2f} | {_percentile(per_document, 95):.2f} |",
        f"| process CPU s | {_percentile(cpu, 50):.2f} | {_percentile(cpu, 95):.2f} |",
        f"| 1-minute load average during the run | {_percentile(load, 50):.1f} | {_percentile(load, 95):.1f} |",
        "",
        *(
            [
                "The machine has 2 cores and was shared while this ran: a load average above 2 means the",
                "reading waited for a core, so wall time is an upper bound. On an idle machine, wall time with",
                "2 ONNX Runtime threads is at least the CPU time divided by 2: at the median CPU time,",
                f"{_percentile(cpu, 50) / 2:.2f} s or more per image.",
            ]
            if busy
            else [
                "The machine (2 cores) ran nothing else of note: the load average is the reading's own.",
            ]
        ),
        "Target: ≤ 0.5 s wall per document on 2 cores; the image row is the stricter figure (an image",
        "with two documents on it counts once).",
    ]


def compare(old: list[dict[str, Any]], new: list[dict[str, Any]], *, before: str, after: str) -> str:
    """Before/after on the images both runs read (the same seed draws the same images in the same order)."""
    count = min(len(old), len(new))
    lines = [
        "",
        f"## Before and after: {before} against {after}",
        "",
        f"The first {count} images of the run above, read again with {after} "
        "(the same seed draws the same images in the same order, so the rows pair up).",
        "",
        "| setting, case | images | fields exact | p50 wall s | p95 wall s | p50 CPU s | p95 CPU s |",
        "|---|---|---|---|---|---|---|",
    ]
    groups = [("", old[:count], new[:count])]
    groups += [
        (case, [r for r in old[:count] if r["case"] == case], [r for r in new[:count] if r["case"] == case])
        for case in CASES
    ]
    for case, mine, theirs in groups:
        for label, rows in ((before, mine), (after, theirs)):
            if not rows:
                continue
            wall, cpu = [r["wall_s"] for r in rows], [r["cpu_s"] for r in rows]
            exact = _ratio(*_exact(_cells([d for r in rows for d in r["documents"]])))
            lines.append(
                f"| {label}{', ' + case if case else ''} | {len(rows)} | {exact} | {_percentile(wall, 50):.2f} "
                f"| {_percentile(wall, 95):.2f} | {_percentile(cpu, 50):.2f} | {_percentile(cpu, 95):.2f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-case", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--jsonl", type=Path, default=Path("var/ocr-harsh.jsonl"))
    parser.add_argument("--report", type=Path, default=Path("docs/benchmarks/ocr-harsh.md"))
    parser.add_argument(
        "--det-max-side", type=int, default=0, help="detection on the page scaled to this side (0: RapidOCR's default)"
    )
    parser.add_argument(
        "--det-text-height",
        type=float,
        default=0.0,
        help=f"probe at {PROBE_SIDE} px and detect again, larger, only where the small text would be under "
        f"this many px (0: off, one detection; {DET_TEXT_HEIGHT:g} was tried)",
    )
    parser.add_argument(
        "--document-side",
        type=int,
        default=DOCUMENT_SIDE,
        help=f"a photo's longer side as decoded for reading (default {DOCUMENT_SIDE}, the service's; 0: full size)",
    )
    parser.add_argument(
        "--text-detector",
        default=None,
        help="folder of the text-detection model with its card (default: the served int8 one); "
        "'rapidocr': the float32 detector in RapidOCR's wheel",
    )
    parser.add_argument(
        "--other", type=Path, action="append", default=[], help="rows of the same seed read another way (repeatable)"
    )
    parser.add_argument("--other-label", action="append", default=[], help="one per --other, in the same order")
    parser.add_argument("--label", default=None, help="this run's name in the comparison (default: its detection)")
    parser.add_argument("--report-only", action="store_true", help="write the report from the JSONL, read nothing")
    parser.add_argument("--resume", action="store_true", help="keep the JSONL's rows and read the images after them")
    parser.add_argument("--command", default=None, help="the command to print in the report (default: this one)")
    args = parser.parse_args(argv)
    if len(args.other_label) != len(args.other):
        parser.error("give one --other-label for each --other")
    text_detector = None if args.text_detector == "rapidocr" else Path(args.text_detector or DEFAULT_TEXT_DETECTOR_DIR)
    from inference.ocr.engine import RapidOcrEngine

    if not args.report_only:
        engine = RapidOcrEngine.load(
            threads=args.threads,
            det_max_side=args.det_max_side or None,
            det_text_height=args.det_text_height or None,
            text_detector=text_detector,
        )
        run(
            per_case=args.per_case,
            seed=args.seed,
            engine=engine,
            sink=args.jsonl,
            resume=args.resume,
            document_side=args.document_side or None,
        )
    detection = f"detection on the page scaled to a {args.det_max_side} px side" if args.det_max_side else ""
    if args.det_text_height:
        detection = f"detection on a {PROBE_SIDE} px probe, again larger where text is under {args.det_text_height:g}"
    note = f"RapidOCR {version('rapidocr')}, {describe(text_detector)}, {args.threads} ONNX Runtime threads"
    decoded = f"at most {args.document_side} px" if args.document_side else "at full size"
    note += f", photos decoded {decoded}"
    note += f", {detection}" if detection else ""
    command = args.command or (
        f"python -m training.ocr_synth.harsh_bench --per-case {args.per_case} --seed {args.seed} "
        f"--threads {args.threads} --det-max-side {args.det_max_side} --document-side {args.document_side} "
        + (f"--text-detector {args.text_detector} " if args.text_detector else "")
        + f"--jsonl {args.jsonl} --report {args.report}"
        + (f" --det-text-height {args.det_text_height:g}" if args.det_text_height else "")
    )
    rows = load(args.jsonl)
    text = report(rows, command=command, engine_note=note)
    this = args.label or detection or "detection at the photo's own size (RapidOCR's default)"
    for other, label in zip(args.other, args.other_label, strict=True):
        text += compare(rows, load(other), before=this, after=label)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
