"""Model cards: what a model file is, checked before it is served.

A card lives beside the model as ``model.json`` and is embedded (without its
own ``sha256``, which covers the file) in the ONNX metadata under
``claimsight.card``. The runtime refuses a model whose file and card disagree.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inference.errors import ModelCardMismatch

CARD_FILE = "model.json"
MODEL_FILE = "model.onnx"
METADATA_KEY = "claimsight.card"


class ClassMetrics(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    ap50: float | None = None
    ap50_95: float | None = None
    precision: float | None = None
    recall: float | None = None
    instances: int = 0


class ModelCard(BaseModel):
    """Everything needed to serve a model and to say honestly what it can do."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    version: str
    task: Literal["detect", "segment", "classify"] = "detect"
    classes: list[str] = Field(min_length=1)
    trained_classes: list[str]
    imgsz: int = Field(ge=32)
    output_format: Literal["end2end", "raw"]
    opset: int
    confidence_threshold: float = Field(gt=0, lt=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    dataset_manifest_hash: str
    training_commit: str
    architecture: str
    licence: str
    metrics: dict[str, ClassMetrics] = {}
    notes: str = ""

    @property
    def untrained_classes(self) -> list[str]:
        """Classes the head has but no training data taught: never reported as found."""
        return [c for c in self.classes if c not in self.trained_classes]

    def embedded_json(self) -> str:
        """The card as stored in the ONNX metadata (everything but the file's own hash)."""
        return json.dumps(self.model_dump(exclude={"sha256"}), sort_keys=True, ensure_ascii=False)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_card(model_dir: Path) -> ModelCard:
    """Read and validate ``model.json``; a malformed card is a mismatch."""
    try:
        return ModelCard.model_validate_json((model_dir / CARD_FILE).read_text())
    except (OSError, ValidationError) as exc:
        raise ModelCardMismatch(f"{model_dir / CARD_FILE}: unreadable model card: {exc}") from exc


class HashedCard(Protocol):
    @property
    def sha256(self) -> str: ...


def verify_file(card: HashedCard, model_path: Path) -> None:
    """Raise :class:`ModelCardMismatch` unless the file's sha256 is the card's (any card with a ``sha256``)."""
    try:
        actual = sha256_file(model_path)
    except OSError as exc:
        raise ModelCardMismatch(f"{model_path}: unreadable model file: {exc}") from exc
    if actual != card.sha256:
        raise ModelCardMismatch(f"{model_path.name} sha256 {actual[:12]}… differs from the card's {card.sha256[:12]}…")


def verify_metadata(card: ModelCard, model_path: Path, metadata: dict[str, str]) -> None:
    """Raise :class:`ModelCardMismatch` unless the card embedded in the model is this card."""
    embedded = metadata.get(METADATA_KEY)
    if embedded is None:
        raise ModelCardMismatch(f"{model_path.name} carries no {METADATA_KEY} metadata")
    if json.loads(embedded) != json.loads(card.embedded_json()):
        raise ModelCardMismatch(f"{model_path.name}: the embedded card differs from {CARD_FILE}")
    unknown = set(card.trained_classes) - set(card.classes)
    if unknown:
        raise ModelCardMismatch(f"trained classes not among the classes: {sorted(unknown)}")
