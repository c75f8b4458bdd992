"""Load the damage detector for the lifespan state."""

from __future__ import annotations

import structlog

from api.config import DetectorSettings, PartsSettings
from inference.artifact import CARD_FILE
from inference.damaged_parts import SegmenterWithDamagedParts, bumper_end_card, load_served_damaged_part_model
from inference.parts import OnnxPartSegmenter, PartSegmenter
from inference.runtime import DamageDetector, OnnxDetector

log = structlog.get_logger(__name__)


def load_detector(settings: DetectorSettings) -> DamageDetector | None:
    """The configured detector, or None when disabled or absent (assessing then answers 503).

    A model whose card does not match its file raises ``ModelCardMismatch``: the service
    refuses to start rather than serve an unverified model.
    """
    if not settings.enabled:
        log.info("detector.disabled")
        return None
    if not (settings.model_dir / CARD_FILE).is_file():
        log.warning("detector.missing", model_dir=str(settings.model_dir))
        return None
    detector = OnnxDetector.load(settings.model_dir, threads=settings.threads)
    card = detector.card
    log.info(
        "detector.loaded",
        name=card.name,
        version=card.version,
        sha256=card.sha256[:12],
        not_yet_detectable=card.untrained_classes,
    )
    return detector


def load_parts(settings: PartsSettings) -> PartSegmenter | None:
    """The configured part segmenter, or None when disabled or absent; a mismatched card raises.
    When a damaged-part model is under ``damaged_parts_root`` the segmenter carries it
    (:class:`SegmenterWithDamagedParts`); otherwise the segmenter serves alone, as before."""
    if not settings.enabled or not (settings.model_dir / CARD_FILE).is_file():
        log.info("parts.absent", model_dir=str(settings.model_dir), enabled=settings.enabled)
        return None
    segmenter = OnnxPartSegmenter.load(settings.model_dir, threads=settings.threads)
    log.info("parts.loaded", version=segmenter.card.version, sha256=segmenter.card.sha256[:12])
    damaged = load_served_damaged_part_model(
        settings.damaged_parts_root, threads=settings.threads, bumper_end_root=settings.bumper_end_root
    )
    if damaged is None:
        return segmenter
    log.info("damaged_parts.loaded", version=damaged.card.version, sha256=damaged.card.sha256[:12])
    if (ends := bumper_end_card(damaged)) is not None:
        log.info("bumper_end.loaded", version=ends.version, sha256=ends.sha256[:12])
    return SegmenterWithDamagedParts(segmenter, damaged)
