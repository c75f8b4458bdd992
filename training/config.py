"""The training recipe as a validated YAML config."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Augment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    fliplr: float = Field(0.5, ge=0, le=1)
    mosaic: float = Field(1.0, ge=0, le=1)
    close_mosaic: int = Field(5, ge=0)
    scale: float = Field(0.5, ge=0, le=1)
    translate: float = Field(0.1, ge=0, le=1)
    degrees: float = Field(0.0, ge=0, le=180)
    hsv_h: float = Field(0.015, ge=0, le=1)
    hsv_s: float = Field(0.7, ge=0, le=1)
    hsv_v: float = Field(0.4, ge=0, le=1)


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    confidence: float = Field(0.25, gt=0, lt=1)


class TrainConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    model: str = Field(pattern=r"^[\w.-]+\.yaml$")
    init_weights: str
    seed: int = 0
    imgsz: int = Field(ge=64, le=1280, multiple_of=32)
    epochs: int = Field(ge=1, le=1000)
    time_hours: float | None = Field(None, gt=0, le=24)
    batch: int = Field(16, ge=1, le=256)
    threads: int = Field(2, ge=1, le=64)
    patience: int = Field(100, ge=1)
    optimizer: Literal["auto", "SGD", "AdamW"] = "auto"
    lr0: float | None = Field(None, gt=0, lt=1)  # None: Ultralytics' default (its "auto" picks its own)
    augment: Augment = Augment()
    thresholds: Thresholds = Thresholds()
    # Folders written by `claimsight labels export` (adjuster-reviewed claim photos whose customer
    # consented to training), added to the damage dataset; relative to the repository root.
    extra_sources: list[str] = Field(default_factory=list)
    # The dataset the campaign trains on: datasets/<dataset>/manifest.json, built by its builder into
    # var/datasets/<dataset>/ (training.campaign.DATASETS).
    dataset: Literal["damage-v2", "damaged-parts-v1"] = "damage-v2"


def load_config(path: Path) -> TrainConfig:
    return TrainConfig.model_validate(yaml.safe_load(path.read_text()))
