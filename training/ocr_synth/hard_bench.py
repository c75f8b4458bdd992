"""The ID-card hard cases through the serving pipeline, and the report section they fill.

Rows go to a JSONL file one document at a time; the section is written into the
benchmark report between markers, leaving every other section as it was. With a
``before`` JSONL (the same seed read by an older pipeline) the table shows both.
"""

from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path
from typing import Any

from inference.ocr.engine import OcrEngine
from inference.ocr.fields import DocumentKind, Extraction
from inference.ocr.pipeline import read_document
from inference.ocr.upload import decode_document
from training.ocr_synth.augment import degrade
from training.ocr_synth.hard import CASES, make

START = "<!-- id-card hard cases: written by training.ocr_synth.benchmark --hard-ids -->"
END = "<!-- end of id-card hard cases -->"
ID_KINDS = (DocumentKind.ID_CARD_FRONT, DocumentKind.ID_CARD_BACK)
GROUPS = {
    "clean card": ("clean_front", "clean_back"),
    "label faint or cut": ("faint_label", "cut_labels"),
    "grey photocopy, red seal on a label": ("photocopy_stamp",),
    "front and back on one image": ("two_sided", "two_sided_turned"),
}


def run_case(case: str, rng: random.Random, engine: OcrEngine) -> dict[str, Any]:
    """Render, photograph and read one hard case; the row scores itself."""
    made = make(case, rng)
    turns = rng.choice((0, 0, 1, 2, 3))
    photo, recipe = degrade(made.rendered.image, rng, turns=turns, photocopy=False)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=recipe.jpeg_quality)
    wall, cpu = time.perf_counter(), time.process_time()
    image = decode_document(buffer.getvalue()).image_rgb  # at most 1400 px: read as it is
    extraction = read_document(image, engine)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    forced = None
    if made.rendered.kind is DocumentKind.UNKNOWN:  # the API retries a refused page with the uploader's kind
        forced = read_document(image, engine, kind=DocumentKind.ID_CARD_FRONT)
    return score_case(case, made.rendered.kind, made.rendered.truth, extraction, forced, turns, wall, cpu)


def _filled(extraction: Extraction | None) -> int:
    return 0 if extraction is None else sum(f.value is not None for f in extraction.fields.values())


def score_case(
    case: str,
    kind: DocumentKind,
    truth: dict[str, str],
    extraction: Extraction,
    forced: Extraction | None,
    turns: int,
    wall: float,
    cpu: float,
) -> dict[str, Any]:
    fields = {}
    for name, expected in truth.items():
        got = extraction.fields.get(name)
        fields[name] = {
            "truth": expected,
            "value": got.value if got else None,
            "status": got.status.value if got else "missing",
            "message": got.message if got else "",
        }
    wrong_passed = sum(
        f["value"] is not None and f["value"] != f["truth"] and f["status"] in ("ok", "unchecked")
        for f in fields.values()
    )
    if kind is DocumentKind.UNKNOWN:
        misfilled = extraction.kind in ID_KINDS or _filled(extraction) > 0 or _filled(forced) > 0
    else:
        misfilled = wrong_passed > 0 or extraction.kind not in ID_KINDS
    return {
        "case": case,
        "kind": kind.value,
        "detected": extraction.kind.value,
        "turns_applied": turns,
        "fields": fields,
        "misfilled": bool(misfilled),
        "messages": list(extraction.messages),
        "forced_messages": list(forced.messages) if forced else [],
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
    }


def run(per_case: int, seed: int, engine: OcrEngine, sink: Path) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    sink.parent.mkdir(parents=True, exist_ok=True)
    with sink.open("w") as out:
        for _ in range(per_case):
            for case in CASES:
                out.write(json.dumps(run_case(case, rng, engine), ensure_ascii=False) + "\n")
                out.flush()


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _exact(rows: list[dict[str, Any]]) -> str:
    cells = [f["value"] == f["truth"] for r in rows for f in r["fields"].values()]
    return f"{sum(cells)}/{len(cells)} ({sum(cells) / len(cells):.1%})" if cells else "—"


def _misfilled(rows: list[dict[str, Any]]) -> str:
    return f"{sum(r['misfilled'] for r in rows)}/{len(rows)}"


def section(rows: list[dict[str, Any]], *, command: str, before: list[dict[str, Any]] | None) -> str:
    """The Markdown section (between its markers) for ``rows``, beside ``before`` when given."""
    old = before or []
    head = "| cases | docs | fields exact, before | fields exact, now | mis-filled, before | mis-filled, now |"
    out = [
        START,
        "## ID cards: the hard cases (lost labels, photocopies with seals, two sides, other papers)",
        "",
        f"Command: `{command}`",
        "",
        "Cases drawn by `training/ocr_synth/hard.py`, photographed by `augment.degrade` (a fifth of them turned",
        "90°/270°, a fifth 180°), read through `inference.ocr.pipeline.read_document` with the kind **not** given.",
        '"Before": the same seed read by the pipeline of commit 5289d15 (values by label only, one orientation',
        "per page, no seal removal, no refusal), its rows kept in `var/ocr-benchmark-idhard-before.jsonl`.",
        "Mis-filled: a wrong value that passed every check, an ID card not read as one, or a page that is not",
        "an ID card given any field (also when read again with the kind forced to `id_card_front`, as the API does).",
        "",
        head,
        "|---|---|---|---|---|---|",
    ]
    labelled = [*GROUPS.items(), *((case, (case,)) for case in CASES)]
    for label, cases in labelled:
        now = [r for r in rows if r["case"] in cases]
        then = [r for r in old if r["case"] in cases]
        if not now:
            continue
        out.append(
            f"| {label} | {len(now)} | {_exact(then) if then else '—'} | {_exact(now)} "
            f"| {_misfilled(then) if then else '—'} | {_misfilled(now)} |"
        )
    cards = [r for r in rows if r["kind"] != DocumentKind.UNKNOWN.value]
    cards_then = [r for r in old if r["kind"] != DocumentKind.UNKNOWN.value]
    out.append(
        f"| **all ID cards** | {len(cards)} | {_exact(cards_then) if cards_then else '—'} | {_exact(cards)} "
        f"| {_misfilled(cards_then) if cards_then else '—'} | {_misfilled(cards)} |"
    )
    out += ["", "Exact match per field (now):", "", "| field | exact |", "|---|---|"]
    names = sorted({n for r in cards for n in r["fields"]})
    for name in names:
        got = [r["fields"][name]["value"] == r["fields"][name]["truth"] for r in cards if name in r["fields"]]
        out.append(f"| {name} | {sum(got)}/{len(got)} |")
    out += ["", END]
    return "\n".join(out) + "\n"


def write_section(report: Path, text: str) -> None:
    """Put ``text`` in place of the report's section between the markers (appended when absent)."""
    current = report.read_text() if report.exists() else ""
    if START in current and END in current:
        head, rest = current.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        current = head + text + ("\n" + tail if tail else "")
    else:
        current = current.rstrip("\n") + ("\n\n" if current else "") + text
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(current)


def kept_section(report: Path) -> str:
    """The section as the report holds it now ('' when absent), for a full rewrite to keep."""
    if not report.exists():
        return ""
    current = report.read_text()
    if START not in current or END not in current:
        return ""
    return START + current.split(START, 1)[1].split(END, 1)[0] + END + "\n"
