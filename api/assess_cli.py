"""``claimsight assess PHOTO...``: photos in, an itemized estimate (定损单) out — printed, and as a PDF.

The quickest way to see the whole product work: the damage detector finds damage, the part
segmenter (when ``models/car-parts/<version>/`` exists) says which part it is on, the severity
rules grade it, and the pricing engine prices it with the SAMPLE catalog. Nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import numpy.typing as npt
import typer

if TYPE_CHECKING:
    from api.reports import ReportPhoto
    from inference.damaged_parts import DamagedPartModel
    from inference.parts import PartSegmenter
    from inference.runtime import DamageDetector
    from pricing import Estimate, PolicyTerms, Vehicle

from api.config import DEFAULT_BUMPER_END_ROOT, DEFAULT_DAMAGED_PARTS_ROOT, DEFAULT_DETECTOR_DIR, DEFAULT_PARTS_DIR

# Beside the installed package, not the working directory: the CLI works from any folder.
PARTS_ROOT = DEFAULT_PARTS_DIR.parent


@dataclass(frozen=True)
class FoundDamage:
    """One detection as ``assess --json`` reports it; ``xyxy`` in the photo's original pixels.

    ``part_source`` names what decided the part: ``car_parts_segmenter`` (the whole-car part
    model's masks or boxes), ``damaged_part_model`` (its family, sided by the photo; see
    docs/part-fusion.md), or ``None`` when nothing could tell (``part`` is then ``unknown``
    and ``part_method`` says why: ``no_part_visible``, ``ambiguous``, ``no_part_model``, or
    ``hint:<family>[:<side>]``, the damaged-part model's family, also in ``part_hint``).
    """

    finding_id: str
    photo: str
    damage_type: str
    confidence: float
    xyxy: tuple[float, float, float, float]
    part: str
    side: str | None
    part_source: str | None
    part_method: str
    severity: str | None
    severity_rule: str | None
    line_ids: list[str] = field(default_factory=list)
    part_hint: str | None = None


@dataclass(frozen=True)
class Assessment:
    """What ``assess`` found and priced: the estimate, the annotated photos, each damage found,
    and notes on how."""

    estimate: Estimate
    photos: list[ReportPhoto]
    notes: list[str]
    damages: list[FoundDamage] = field(default_factory=list)


def assess_photos(
    images: Sequence[tuple[str, npt.NDArray[np.uint8]]],
    *,
    detector: DamageDetector,
    segmenter: PartSegmenter | None,
    vehicle: Vehicle,
    region: str,
    policy_terms: PolicyTerms,
    damaged_parts: DamagedPartModel | None = None,
) -> Assessment:
    """Detect, localise, grade and price ``images`` (label, RGB array). Pure apart from inference.
    Each photo goes through the assessment's own analysis and part fusion
    (:func:`api.assessments.analysis.analyse_photo`, :func:`~api.assessments.analysis.fused_part`;
    no capture zone here), so the command and the service name the same parts; ``damaged_parts``
    serves beside the segmenter, as in the service."""
    from api.assessments.analysis import analyse_photo, fused_part
    from api.assessments.part_fusion import hint_text, source_of
    from api.reports import PhotoBox, annotate_photo
    from inference.damaged_parts import SegmenterWithDamagedParts
    from inference.parts import part_side
    from pricing import DamageType, Finding, PartCode, Rules, build_estimate, load_sample_catalog

    notes: list[str] = []
    if segmenter is None:
        notes.append(
            f"no part model under {PARTS_ROOT}/: every damage is on an unknown part, left to the adjuster "
            "(lines marked for manual pricing); severity graded from the damage's share of the photo"
        )
    parts: PartSegmenter | None = segmenter
    if segmenter is not None and damaged_parts is not None:
        parts = SegmenterWithDamagedParts(segmenter, damaged_parts)
    findings: list[Finding] = []
    photos: list[ReportPhoto] = []
    found: list[FoundDamage] = []
    for n, (label, image) in enumerate(images, 1):
        boxes: list[PhotoBox] = []
        for i, f in enumerate(analyse_photo(image, detector=detector, parts=parts).findings, 1):
            decided = fused_part(f, zone=None, zone_side=None)
            boxes.append(PhotoBox(f.xyxy, f.damage_type, decided.part, f.confidence))
            priced_type = f.damage_type in DamageType._value2member_map_
            record = FoundDamage(
                finding_id=f"{label}#{i}",
                photo=label,
                damage_type=f.damage_type,
                confidence=f.confidence,
                xyxy=f.xyxy,
                part=decided.part,
                side=part_side(decided.part) or decided.side,
                part_source=source_of(decided.method),
                part_method=decided.method,
                severity=f.severity if priced_type else None,
                severity_rule=f.severity_rule if priced_type else None,
                part_hint=hint_text(decided.method),
            )
            found.append(record)
            if not priced_type:
                notes.append(f"{label} #{i}: {f.damage_type} is not priced")
                continue
            priced_part = decided.part if decided.part in PartCode._value2member_map_ else "unknown"
            findings.append(Finding(record.finding_id, priced_part, f.damage_type, f.severity, (label,), f.confidence))
            notes.append(f"{label} #{i}: {f.damage_type} on {decided.part}, {f.severity} ({f.severity_rule})")
        photos.append(annotate_photo(image, photo_id=label, label=f"照片{n} {label}", boxes=boxes))
    if not findings:
        notes.append("no damage found on these photos")
    estimate = build_estimate(
        findings=findings,
        vehicle=vehicle,
        catalog=load_sample_catalog(),
        rules=Rules(),
        region=region,
        policy_terms=policy_terms,
    )
    priced = [
        replace(d, line_ids=[line.line_id for line in estimate.lines if d.finding_id in line.evidence.finding_ids])
        for d in found
    ]
    return Assessment(estimate, photos, notes, priced)


def assessment_json(
    result: Assessment,
    *,
    detector: str,
    parts: str | None,
    damaged_parts: str | None = None,
    bumper_end: str | None = None,
) -> dict[str, Any]:
    """The ``assess --json`` document: models used, per photo its findings, and the estimate's
    lines with amounts as strings (never floats). Keys are documented in docs/estimates.md."""
    from api.assessments.part_fusion import kind_of

    by_photo: dict[str, list[dict[str, object]]] = {}
    for d in result.damages:
        by_photo.setdefault(d.photo, []).append(
            {
                "finding_id": d.finding_id,
                "damage_type": d.damage_type,
                "confidence": d.confidence,
                "xyxy": list(d.xyxy),
                "part": d.part,
                "side": d.side,
                "part_source": d.part_source,
                "part_method": d.part_method,
                "part_hint": d.part_hint,
                "part_kind": kind_of(d.part, d.part_method),
                "severity": d.severity,
                "severity_rule": d.severity_rule,
                "line_ids": d.line_ids,
            }
        )
    est = result.estimate
    return {
        "models": {
            "damage_detector": detector,
            "part_model": parts,
            "damaged_part_model": damaged_parts,
            "bumper_end_model": bumper_end,
        },
        "photos": [{"photo": p.photo_id, "findings": by_photo.get(p.photo_id, [])} for p in result.photos],
        "lines": [
            {
                "line_id": line.line_id,
                "amount": None if line.amount is None else str(line.amount.amount),
                "finding_ids": list(line.evidence.finding_ids),
            }
            for line in est.lines
        ],
        "payable": str(est.settlement.payable.amount),
        "currency": est.currency,
        "complete": est.complete,
        "notes": result.notes,
    }


def _parts_dir(explicit: Path | None) -> Path | None:
    from inference.artifact import CARD_FILE

    if explicit is not None:
        return explicit
    versions = sorted(p for p in PARTS_ROOT.glob("*") if (p / CARD_FILE).is_file()) if PARTS_ROOT.is_dir() else []
    return versions[-1] if versions else None


def _decimal(text: str, what: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{what} must be a decimal like 0.10, got {text!r}") from exc


def assess(
    photos: Annotated[list[Path], typer.Argument(help="Photos of the damage (JPEG, PNG, WebP…)", exists=True)],
    vehicle_class: Annotated[
        str, typer.Option(help="economy, compact, midsize, suv, luxury or new_energy")
    ] = "midsize",
    make: Annotated[str | None, typer.Option(help="Make, e.g. Toyota")] = None,
    model: Annotated[str | None, typer.Option(help="Model, e.g. Corolla")] = None,
    year: Annotated[int | None, typer.Option(help="Model year")] = None,
    region: Annotated[str, typer.Option(help="GB/T 2260 region code for labour rates, or 'default'")] = "310000",
    fault_deductible_rate: Annotated[str, typer.Option(help="Fault-based deductible rate, e.g. 0.10")] = "0",
    absolute_deductible: Annotated[str, typer.Option(help="Absolute deductible in CNY, e.g. 300")] = "0",
    pdf: Annotated[Path | None, typer.Option(help="Write the 定损单 as a PDF here")] = None,
    model_dir: Annotated[Path, typer.Option(help="Damage detector directory")] = DEFAULT_DETECTOR_DIR,
    parts_dir: Annotated[
        Path | None, typer.Option(help="Part segmenter directory (default: newest under models/car-parts/)")
    ] = None,
    damaged_parts_dir: Annotated[
        Path | None,
        typer.Option(help="Damaged-part model directory (default: newest under models/damaged-parts/, if any)"),
    ] = None,
    threads: Annotated[int, typer.Option(min=1, max=64, help="CPU threads for inference")] = 2,
    lang: Annotated[str, typer.Option(help="zh or en")] = "zh",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the findings and priced lines as JSON (keys: docs/estimates.md)")
    ] = False,
) -> None:
    """Assess photos and print the itemized estimate (SAMPLE prices); optionally write the PDF."""
    from inference.artifact import CARD_FILE
    from inference.damaged_parts import bumper_end_card, load_served_damaged_part_model
    from inference.errors import InferenceError
    from inference.images import decode_image
    from inference.parts import OnnxPartSegmenter
    from inference.runtime import OnnxDetector
    from pricing import Money, PolicyTerms, Vehicle, VehicleClass, render_text

    if vehicle_class not in VehicleClass._value2member_map_:
        raise typer.BadParameter(
            f"vehicle class must be one of {', '.join(VehicleClass)}", param_hint="--vehicle-class"
        )
    if lang not in ("zh", "en"):
        raise typer.BadParameter("lang must be zh or en", param_hint="--lang")
    if not (model_dir / CARD_FILE).is_file():
        typer.echo(f"No damage detector at {model_dir} (a development export lives in var/devmodel).", err=True)
        raise typer.Exit(2)
    try:
        terms = PolicyTerms(
            fault_deductible_rate=_decimal(fault_deductible_rate, "--fault-deductible-rate"),
            absolute_deductible=Money.of(_decimal(absolute_deductible, "--absolute-deductible")),
        )
        vehicle = Vehicle(VehicleClass(vehicle_class), make=make, model=model, year=year)
        images = [(path.name, decode_image(path.read_bytes())) for path in photos]
        detector = OnnxDetector.load(model_dir, threads=threads)
        found_parts = _parts_dir(parts_dir)
        segmenter = OnnxPartSegmenter.load(found_parts, threads=threads) if found_parts is not None else None
        damaged = load_served_damaged_part_model(
            DEFAULT_DAMAGED_PARTS_ROOT,
            model_dir=damaged_parts_dir,
            threads=threads,
            bumper_end_root=DEFAULT_BUMPER_END_ROOT,
        )
    except (InferenceError, ValueError) as exc:
        typer.echo(f"claimsight assess: {exc}", err=True)
        raise typer.Exit(2) from exc
    result = assess_photos(
        images,
        detector=detector,
        segmenter=segmenter,
        vehicle=vehicle,
        region=region,
        policy_terms=terms,
        damaged_parts=damaged,
    )
    card = detector.card
    if as_json:
        parts_name = f"{segmenter.card.name} {segmenter.card.version}" if segmenter is not None else None
        damaged_name = f"{damaged.card.name} {damaged.card.version}" if damaged is not None else None
        ends = bumper_end_card(damaged)
        document = assessment_json(
            result,
            detector=f"{card.name} {card.version}",
            parts=parts_name,
            damaged_parts=damaged_name,
            bumper_end=f"{ends.name} {ends.version}" if ends is not None else None,
        )
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        if pdf is not None:
            _write_pdf(pdf, result)
        return
    typer.echo(
        f"damage detector {card.name} {card.version}; not yet detectable: {', '.join(card.untrained_classes) or '-'}"
    )
    if segmenter is not None:
        typer.echo(f"part segmenter {segmenter.card.name} {segmenter.card.version}")
    if damaged is not None:
        typer.echo(f"damaged-part model {damaged.card.name} {damaged.card.version}")
    for note in result.notes:
        typer.echo(f"· {note}")
    typer.echo("")
    typer.echo(render_text(result.estimate, lang="zh" if lang == "zh" else "en"))
    if pdf is not None:
        _write_pdf(pdf, result)
        typer.echo(f"\nPDF written to {pdf}")


def _write_pdf(pdf: Path, result: Assessment) -> None:
    from api.reports import ClaimInfo, render_pdf

    info = ClaimInfo(
        claim_ref=f"CLI {datetime.now(UTC):%Y%m%d-%H%M%S}",
        status="演示 demo (claimsight assess)",
        issued_at=datetime.now(UTC),
        notes=tuple(result.notes),
    )
    pdf.write_bytes(render_pdf(result.estimate, claim_info=info, photos=result.photos, internal=True))
