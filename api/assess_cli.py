"""``claimsight assess PHOTO...``: photos in, an itemized estimate (定损单) out — printed, and as a PDF.

The quickest way to see the whole product work: the damage detector finds damage, the part
segmenter (when ``models/car-parts/<version>/`` exists) says which part it is on, the severity
rules grade it, and the pricing engine prices it with the SAMPLE catalog. Nothing is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import numpy.typing as npt
import typer

if TYPE_CHECKING:
    from api.reports import ReportPhoto
    from inference.parts import PartSegmenter
    from inference.runtime import DamageDetector
    from pricing import Estimate, PolicyTerms, Vehicle

DEFAULT_DETECTOR_DIR = Path("models/damage-detector/1.0.0")
PARTS_ROOT = Path("models/car-parts")


@dataclass(frozen=True)
class Assessment:
    """What ``assess`` found and priced: the estimate, the annotated photos, and notes on how."""

    estimate: Estimate
    photos: list[ReportPhoto]
    notes: list[str]


def assess_photos(
    images: Sequence[tuple[str, npt.NDArray[np.uint8]]],
    *,
    detector: DamageDetector,
    segmenter: PartSegmenter | None,
    vehicle: Vehicle,
    region: str,
    policy_terms: PolicyTerms,
) -> Assessment:
    """Detect, localise, grade and price ``images`` (label, RGB array). Pure apart from inference."""
    from api.reports import PhotoBox, annotate_photo
    from inference.matching import match_damage_to_parts, part_mask_area
    from inference.severity import grade
    from pricing import DamageType, Finding, PartCode, Rules, build_estimate, load_sample_catalog

    notes: list[str] = []
    if segmenter is None:
        notes.append(
            f"no part model under {PARTS_ROOT}/: every damage is on an unknown part, left to the adjuster "
            "(lines marked for manual pricing); severity graded from the damage's share of the photo"
        )
    classes = detector.card.classes
    findings: list[Finding] = []
    photos: list[ReportPhoto] = []
    for n, (label, image) in enumerate(images, 1):
        height, width = image.shape[:2]
        damage = detector.detect(image)
        if segmenter is not None:
            parts = segmenter.segment(image)
            matches = [m.part for m in match_damage_to_parts(damage, parts, segmenter.card.classes)]
        else:
            parts, matches = None, ["unknown"] * len(damage)
        types = [classes[int(c)] for c in damage.class_id]
        per_part = Counter(zip(types, matches, strict=True))
        boxes: list[PhotoBox] = []
        for i, (damage_type, part) in enumerate(zip(types, matches, strict=True)):
            x1, y1, x2, y2 = (float(v) for v in damage.xyxy[i])
            confidence = float(damage.confidence[i])
            boxes.append(PhotoBox((x1, y1, x2, y2), damage_type, part, confidence))
            if damage_type not in DamageType._value2member_map_:
                notes.append(f"{label} #{i + 1}: {damage_type} is not priced")
                continue
            part_area = part_mask_area(parts, segmenter.card.classes, part) if parts is not None and segmenter else None
            severity = grade(
                damage_type=damage_type,
                damage_area_px=(x2 - x1) * (y2 - y1),
                part_area_px=part_area,
                count_on_part=per_part[(damage_type, part)],
                image_area_px=float(width * height),
            )
            priced_part = part if part in PartCode._value2member_map_ else "unknown"
            findings.append(Finding(f"{label}#{i + 1}", priced_part, damage_type, severity.level, (label,), confidence))
            notes.append(f"{label} #{i + 1}: {damage_type} on {part}, {severity.level} ({severity.rule})")
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
    return Assessment(estimate, photos, notes)


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
    threads: Annotated[int, typer.Option(min=1, max=64, help="CPU threads for inference")] = 2,
    lang: Annotated[str, typer.Option(help="zh or en")] = "zh",
) -> None:
    """Assess photos and print the itemized estimate (SAMPLE prices); optionally write the PDF."""
    from api.reports import ClaimInfo, render_pdf
    from inference.artifact import CARD_FILE
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
    except (InferenceError, ValueError) as exc:
        typer.echo(f"claimsight assess: {exc}", err=True)
        raise typer.Exit(2) from exc
    result = assess_photos(
        images, detector=detector, segmenter=segmenter, vehicle=vehicle, region=region, policy_terms=terms
    )
    card = detector.card
    typer.echo(
        f"damage detector {card.name} {card.version}; not yet detectable: {', '.join(card.untrained_classes) or '-'}"
    )
    if segmenter is not None:
        typer.echo(f"part segmenter {segmenter.card.name} {segmenter.card.version}")
    for note in result.notes:
        typer.echo(f"· {note}")
    typer.echo("")
    typer.echo(render_text(result.estimate, lang="zh" if lang == "zh" else "en"))
    if pdf is not None:
        info = ClaimInfo(
            claim_ref=f"CLI {datetime.now(UTC):%Y%m%d-%H%M%S}",
            status="演示 demo (claimsight assess)",
            issued_at=datetime.now(UTC),
            notes=tuple(result.notes),
        )
        pdf.write_bytes(render_pdf(result.estimate, claim_info=info, photos=result.photos, internal=True))
        typer.echo(f"\nPDF written to {pdf}")
