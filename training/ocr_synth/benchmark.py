"""OCR benchmark on synthetic claim documents: field accuracy per kind and latency per document.

    nice -n 19 python -m training.ocr_synth.benchmark --per-kind 12 --threads 2 \\
        --jsonl var/ocr-benchmark.jsonl --report docs/benchmarks/ocr.md

Each document is rendered, photographed (perspective, skew, blur, noise, JPEG, a
quarter of them photocopied, 45 % turned by 90/180/270°), encoded as JPEG bytes
and read through the serving pipeline with the kind *not* given. Results go to
a JSONL file one document at a time (a cut-short run still reports), then to
the Markdown report.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from inference.ocr.engine import RapidOcrEngine
from inference.ocr.fields import DocumentKind, Extraction, FieldStatus
from inference.ocr.lines import TextLines
from inference.ocr.orientation import orient
from inference.ocr.pipeline import extract_document, extract_lines, read_document, read_lines
from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR, describe
from inference.ocr.upload import decode_document
from training.machine import processor
from training.ocr_synth import hard_bench
from training.ocr_synth.augment import degrade
from training.ocr_synth.render import render

ID_FIELDS = ("id_number", "licence_number", "insured_id_number")
VIN_FIELDS = ("vin",)
KINDS = [k for k in DocumentKind if k is not DocumentKind.UNKNOWN]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance.

    >>> edit_distance("沪A12345", "沪A12346")
    1
    """
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def char_accuracy(predicted: str | None, truth: str) -> float:
    if not truth:
        return 1.0 if not predicted else 0.0
    return max(0.0, 1 - edit_distance(predicted or "", truth) / len(truth))


def run_one(kind: DocumentKind, rng: random.Random, engine: RapidOcrEngine, *, severity: float = 1.0) -> dict[str, Any]:
    rendered = render(kind, rng)
    photo, recipe = degrade(rendered.image, rng, severity=severity)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=recipe.jpeg_quality)
    data = buffer.getvalue()
    wall, cpu = time.perf_counter(), time.process_time()
    image = decode_document(data).image_rgb  # at most 1400 px: read as it is
    prepared, extraction_lines, _ = read_lines(image, engine)
    extraction = read_document_from(prepared, extraction_lines, engine)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return score(kind, rendered, recipe, extraction, wall, cpu, stored_lines(extraction_lines))


def stored_lines(lines: TextLines) -> dict[str, Any]:
    """What OCR read, kept so that extraction can be re-scored later without running OCR again."""
    return {
        "text": list(lines.text),
        "quad": lines.quad.round(1).tolist(),
        "confidence": lines.confidence.round(4).tolist(),
        "resolution_wh": list(lines.resolution_wh),
    }


def score(
    kind: DocumentKind,
    rendered: Any,
    recipe: Any,
    extraction: Extraction,
    wall: float,
    cpu: float,
    lines: dict[str, Any],
) -> dict[str, Any]:
    fields = {}
    for name, truth in rendered.truth.items():
        got = extraction.fields.get(name)
        fields[name] = {
            "truth": truth,
            "value": got.value if got else None,
            "status": got.status.value if got else FieldStatus.MISSING.value,
            "confidence": round(got.confidence, 4) if got else 0.0,
        }
    predicted_items = [{k: c.value for k, c in item.cells.items()} for item in extraction.items]
    return {
        "kind": kind.value,
        "detected": extraction.kind.value,
        "turns_applied": recipe.quarter_turns if recipe else None,
        "turns_found": extraction.quarter_turns,
        "photocopy": recipe.photocopy if recipe else None,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "fields": fields,
        "items_truth": rendered.items,
        "items_found": predicted_items,
        "messages": list(extraction.messages),
        "lines": lines,
    }


def read_document_from(image: Any, lines: TextLines, engine: RapidOcrEngine) -> Extraction:
    """``read_document`` split so the benchmark keeps the lines it read (same steps, same cost)."""
    if not len(lines):
        return read_document(image, engine)
    return extract_lines(image, lines, engine)


class _Truth:
    def __init__(self, row: dict[str, Any]) -> None:
        self.truth = {k: v["truth"] for k, v in row["fields"].items()}
        self.items = row["items_truth"]


def rescore(row: dict[str, Any]) -> dict[str, Any]:
    """Run today's extraction on the lines a past run read, keeping its orientation and timings."""
    stored = row["lines"]
    lines = TextLines(
        tuple(stored["text"]),
        np.array(stored["quad"], np.float32).reshape(-1, 4, 2),
        np.array(stored["confidence"], np.float32),
        tuple(stored["resolution_wh"]),
    )
    extraction = extract_document(orient(lines, row["turns_found"]), line_count=len(lines))
    fresh = score(DocumentKind(row["kind"]), _Truth(row), None, extraction, row["wall_s"], row["cpu_s"], stored)
    fresh["turns_applied"], fresh["photocopy"], fresh["turns_found"] = (
        row["turns_applied"],
        row["photocopy"],
        row["turns_found"],
    )
    return fresh


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    per_field: dict[tuple[str, str], list[tuple[bool, float]]] = defaultdict(list)
    checked: dict[str, dict[str, int]] = {"id": defaultdict(int), "vin": defaultdict(int)}
    for row in rows:
        for name, f in row["fields"].items():
            exact = f["value"] == f["truth"]
            per_field[(row["kind"], name)].append((exact, char_accuracy(f["value"], f["truth"])))
            group = "id" if name in ID_FIELDS else "vin" if name in VIN_FIELDS else None
            if group:
                counts = checked[group]
                counts["total"] += 1
                counts["exact"] += exact
                if not exact:
                    flagged = f["status"] in ("invalid", "missing")
                    counts["caught"] += flagged
                    counts["silent"] += not flagged
    return {"per_field": per_field, "checked": checked}


def report(rows: list[dict[str, Any]], *, command: str, threads: int) -> str:
    s = summarise(rows)
    out = [
        "# OCR benchmark (synthetic claim documents)",
        "",
        f"Command: `{command}`",
        "",
        f"Documents: {len(rows)} (per kind in the table below), "
        f"RapidOCR {version('rapidocr')}, {describe(DEFAULT_TEXT_DETECTOR_DIR)}, {threads} ONNX Runtime threads, "
        f"{processor()}, {os.cpu_count()} cores.",
        "",
    ]
    out += [
        "## ID numbers and VINs",
        "",
        "| field | documents | exact match | wrong but caught by checks | wrong and passed checks |",
        "|---|---|---|---|---|",
    ]
    for label, key in (
        ("ID numbers (ID card, licence, policy)", "id"),
        ("VINs (vehicle licence, policy, quote)", "vin"),
    ):
        c = s["checked"][key]
        total = max(c["total"], 1)
        out.append(f"| {label} | {c['total']} | {c['exact'] / total:.1%} | {c['caught']} | {c['silent']} |")
    out += [
        "",
        "## Per kind",
        "",
        "| kind | docs | kind detected | orientation right | field exact match | character accuracy "
        "| items exact | median s/doc (wall) | median CPU s/doc |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind.value]
        if not mine:
            continue
        cells = [v for (k, _), vs in s["per_field"].items() if k == kind.value for v in vs]
        items = [r for r in mine if r["items_truth"]]
        items_ok = sum(r["items_found"] == r["items_truth"] for r in items)
        out.append(
            f"| {kind.value} | {len(mine)} | {sum(r['detected'] == r['kind'] for r in mine) / len(mine):.0%} "
            f"| {sum((4 - r['turns_applied']) % 4 == r['turns_found'] for r in mine) / len(mine):.0%} "
            f"| {statistics.mean(e for e, _ in cells):.1%} | {statistics.mean(c for _, c in cells):.1%} "
            f"| {f'{items_ok}/{len(items)}' if items else '—'} "
            f"| {statistics.median(r['wall_s'] for r in mine):.2f} "
            f"| {statistics.median(r['cpu_s'] for r in mine):.2f} |"
        )
    out += ["", "## Per field", "", "| kind | field | exact match | character accuracy |", "|---|---|---|---|"]
    for (kind_name, name), values in sorted(s["per_field"].items()):
        out.append(
            f"| {kind_name} | {name} | {statistics.mean(e for e, _ in values):.1%} "
            f"| {statistics.mean(c for _, c in values):.1%} |"
        )
    out += ["", "## By photo condition", "", "| condition | docs | field exact match | orientation right |"]
    out += ["|---|---|---|---|"]
    conditions = {
        "upright": lambda r: r["turns_applied"] == 0,
        "turned 90°/270°": lambda r: r["turns_applied"] in (1, 3),
        "turned 180°": lambda r: r["turns_applied"] == 2,
        "grey photocopy": lambda r: bool(r["photocopy"]),
    }
    for label, test in conditions.items():
        picked = [r for r in rows if test(r)]
        if not picked:
            continue
        exact = [f["value"] == f["truth"] for r in picked for f in r["fields"].values()]
        upright_ok = sum((4 - r["turns_applied"]) % 4 == r["turns_found"] for r in picked)
        out.append(f"| {label} | {len(picked)} | {statistics.mean(exact):.1%} | {upright_ok / len(picked):.0%} |")
    walls = sorted(r["wall_s"] for r in rows)
    cpus = sorted(r["cpu_s"] for r in rows)
    out += [
        "",
        "## Latency per document",
        "",
        f"Wall: median {statistics.median(walls):.2f} s, p90 {walls[int(0.9 * (len(walls) - 1))]:.2f} s. "
        f"Process CPU time: median {statistics.median(cpus):.2f} s, p90 {cpus[int(0.9 * (len(cpus) - 1))]:.2f} s "
        f"(with {threads} threads, an idle machine's wall time is at least CPU / {threads}).",
        "",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--severity",
        type=float,
        default=1.0,
        help="scale blur, noise, perspective and JPEG loss (2 = a poor phone photo)",
    )
    parser.add_argument("--jsonl", type=Path, default=Path("var/ocr-benchmark.jsonl"))
    parser.add_argument("--report", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument("--report-only", action="store_true", help="report an existing JSONL, read nothing")
    parser.add_argument(
        "--rescore", action="store_true", help="with --report-only: re-run extraction on the stored OCR lines (no OCR)"
    )
    parser.add_argument("--notes", type=Path, default=None, help="Markdown appended to the report")
    parser.add_argument(
        "--hard-ids", type=int, default=0, metavar="N", help="read N of each ID-card hard case; write its section"
    )
    parser.add_argument("--hard-jsonl", type=Path, default=Path("var/ocr-benchmark-idhard.jsonl"))
    parser.add_argument("--before", type=Path, default=None, help="with --hard-ids: an older run's JSONL to compare")
    args = parser.parse_args(argv)
    raw = list(argv if argv is not None else sys.argv[1:])
    shown: list[str] = []
    skip_next = False
    for arg in raw:  # the command that reads the documents: no report-only switches, no notes file
        if skip_next:
            skip_next = False
        elif arg == "--notes":
            skip_next = True
        elif arg not in ("--report-only", "--rescore"):
            shown.append(arg)
    command = "python -m training.ocr_synth.benchmark " + " ".join(shown)
    if args.hard_ids:
        _hard(args, command)
        return
    if not args.report_only:
        engine = RapidOcrEngine.load(threads=args.threads)
        rng = random.Random(args.seed)  # noqa: S311 - synthetic data, not secrets
        args.jsonl.parent.mkdir(parents=True, exist_ok=True)
        with args.jsonl.open("w") as sink:
            for _ in range(args.per_kind):
                for kind in KINDS:  # round-robin, so a cut-short run covers every kind
                    row = run_one(kind, rng, engine, severity=args.severity)
                    sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                    sink.flush()
    rows = [json.loads(line) for line in args.jsonl.read_text().splitlines() if line.strip()]
    if args.rescore:
        rows = [rescore(row) for row in rows]
    text = report(rows, command=command, threads=args.threads)
    if args.notes and args.notes.exists():
        text += "\n" + args.notes.read_text()
    if args.report:  # the hard-case section is written by its own run: keep it
        kept = hard_bench.kept_section(args.report)
        text += ("\n" + kept) if kept else ""
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text)
    else:
        print(text)


def _hard(args: argparse.Namespace, command: str) -> None:
    if not args.report_only:
        hard_bench.run(args.hard_ids, args.seed, RapidOcrEngine.load(threads=args.threads), args.hard_jsonl)
    before = hard_bench.load(args.before) if args.before else None
    text = hard_bench.section(hard_bench.load(args.hard_jsonl), command=command, before=before)
    if args.report:
        hard_bench.write_section(args.report, text)
    else:
        print(text)


if __name__ == "__main__":
    main()
