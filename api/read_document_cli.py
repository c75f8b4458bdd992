"""``claimsight read-document PATH [--kind K] [--json]``: one document image (or PDF) in, its fields out.

The same reading the API stores (``inference.ocr.pipeline.read_document``) with the OCR models
inside the installed ``rapidocr`` wheel, so it works from any folder and never downloads. Nothing
is stored. The JSON keys are documented in ``docs/read-document.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from inference.ocr.engine import OcrEngine
    from inference.ocr.fields import DocumentKind, Extraction, Field

SCHEMA = "claimsight.read-document/1"


def field_json(found: Field) -> dict[str, Any]:
    """One field: value as read (never corrected), confidence, box in the file's pixels, check, source."""
    box = found.xyxy
    return {
        "value": found.value,
        "confidence": round(float(found.confidence), 4),
        "box": [round(v, 1) for v in box] if box is not None else None,
        "status": found.status.value,
        "source": found.source.value if found.value is not None else None,
        "message": found.message,
    }


def extraction_json(path: str, result: Extraction, *, kind_asked: DocumentKind | None) -> dict[str, Any]:
    """The whole reading as ``--json`` prints it (pure: tests call it on a fake engine's reading)."""
    refused_reason = next((m.split(": ", 1)[1] for m in result.messages if m.startswith(f"{result.refused}: ")), "")
    return {
        "schema": SCHEMA,
        "file": path,
        "kind": result.kind.value,
        "kind_asked": kind_asked.value if kind_asked is not None else None,
        "kind_confidence": round(float(result.kind_confidence), 4),
        "refused": result.refused or None,
        "refused_reason": refused_reason or None,
        "resolution_wh": list(result.resolution_wh),
        "quarter_turns": result.quarter_turns,
        "fields": {name: field_json(found) for name, found in result.fields.items()},
        "items": [{name: field_json(cell) for name, cell in item.cells.items()} for item in result.items],
        "parts": [part.kind.value for part in result.parts],
        "messages": list(result.messages),
    }


def read_file(path: Path, engine: OcrEngine, *, kind: DocumentKind | None) -> Extraction:
    from inference.ocr.upload import decode_document, read_page

    return read_page(decode_document(path.read_bytes()), engine, kind=kind)


def _print_text(doc: dict[str, Any]) -> None:
    typer.echo(f"{doc['file']}: {doc['kind']} (confidence {doc['kind_confidence']:.2f})")
    if doc["refused"]:
        typer.echo(f"refused ({doc['refused']}): {doc['refused_reason']}")
    for name, found in doc["fields"].items():
        value = found["value"] if found["value"] is not None else "-"
        extra = f"  [{found['message']}]" if found["message"] else ""
        typer.echo(f"  {name:<24} {value}  ({found['status']}, {found['confidence']:.2f}){extra}")
    for message in doc["messages"]:
        typer.echo(f"note: {message}")


def read_document(
    path: Annotated[Path, typer.Argument(help="A photo or scan of the document (JPEG, PNG, or a PDF's first page)")],
    kind: Annotated[
        str | None,
        typer.Option(help="What the document claims to be (id_card_front, vehicle_licence, ...); detected if left out"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the reading as JSON (keys: docs/read-document.md)")
    ] = False,
    threads: Annotated[int, typer.Option(min=1, max=16, help="CPU threads for the OCR models")] = 2,
) -> None:
    """Read one claim document: each field's value, confidence, box, check status and the kind decided."""
    from inference.errors import UnsupportedImage
    from inference.ocr.engine import RapidOcrEngine
    from inference.ocr.errors import OcrUnavailable
    from inference.ocr.fields import DocumentKind

    wanted: DocumentKind | None = None
    if kind is not None:
        try:
            wanted = DocumentKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in DocumentKind if k is not DocumentKind.UNKNOWN)
            typer.echo(f"error: --kind {kind!r} is not one of: {known}", err=True)
            raise typer.Exit(code=2) from None
        if wanted is DocumentKind.UNKNOWN:
            wanted = None
    if not path.is_file():
        typer.echo(f"error: {path} is not a file", err=True)
        raise typer.Exit(code=2)
    try:
        result = read_file(path, RapidOcrEngine(threads=threads), kind=wanted)
    except UnsupportedImage as exc:  # a PDF that cannot be rendered is one too
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    except OcrUnavailable as exc:
        typer.echo(f"error: OCR unavailable: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    doc = extraction_json(str(path), result, kind_asked=wanted)
    if as_json:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _print_text(doc)
