"""The served text-detection model: RapidOCR's PP-OCRv6 detector quantised to int8, with its card.

RapidOCR's wheel ships the detector in float32; ``training/ocr_quantize.py`` quantises it
(static, per channel, calibrated on synthetic pages read through the serving pipeline) into
``models/ocr-text-detector/<version>/model.onnx`` with ``model.json``. The engine loads that
file in place of the bundled one; recognition and the angle classifier stay RapidOCR's own.
A card that does not match its file is refused, as the damage models' cards are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inference.artifact import CARD_FILE, verify_file
from inference.errors import ModelCardMismatch
from inference.ocr.errors import OcrUnavailable

NAME = "ocr-text-detector"
MODEL_FILE = "model.onnx"
DEFAULT_TEXT_DETECTOR_DIR = Path(__file__).resolve().parents[2] / "models" / NAME / "1.1.0"


class TextDetectorCard(BaseModel):
    """What the quantised detector is, what it came from and how it was made."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Literal["ocr-text-detector"]
    version: str
    base_model: str  # the float32 file in the rapidocr wheel
    base_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rapidocr: str
    onnxruntime: str
    opset: int = Field(ge=13)
    quantization: str
    calibration: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    licence: str
    notes: str = ""


def card_of(model_dir: Path) -> TextDetectorCard:
    """The folder's card, or ``OcrUnavailable`` saying what is wrong with it."""
    try:
        return TextDetectorCard.model_validate_json((model_dir / CARD_FILE).read_text())
    except (OSError, ValidationError) as exc:
        raise OcrUnavailable(f"{model_dir / CARD_FILE}: unreadable text-detector card: {exc}") from exc


def verified_model(model_dir: Path) -> Path:
    """``model_dir/model.onnx`` once its sha256 is the card's; ``OcrUnavailable`` otherwise."""
    path = model_dir / MODEL_FILE
    try:
        verify_file(card_of(model_dir), path)
    except ModelCardMismatch as exc:
        raise OcrUnavailable(str(exc)) from exc
    return path


def describe(model_dir: Path | None) -> str:
    """Which models read, for a benchmark's header: the served int8 detector (by its card) or RapidOCR's own."""
    if model_dir is None:
        return "its bundled float32 models"
    card = card_of(model_dir)
    return (
        f"its bundled recognition and angle models, text detection by {card.name} {card.version} "
        f"(int8, sha256 {card.sha256[:12]}…)"
    )
