"""Front or back bumper from a close view: the bumper-end classifier.

The damaged-part model names a damaged ``bumper`` without its end, and in a close-up no other part
in the photo tells it (docs/part-fusion.md). This small ONNX classifier (card name ``bumper-end``,
classes ``back`` and ``front``) looks at the bumper box around the damage and says which end of the car
it is, or nothing when its probability is under the card's threshold (chosen on val by
``python -m training.bumper_end_evaluate``). Its versions live under ``models/bumper-end/<version>/``;
while none is there a bumper's end comes from the other parts only, as before.

>>> crop_box(np.array([10, 20, 110, 60], np.float32), 200, 100).tolist()
[0, 16, 120, 64]
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Protocol

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from PIL import Image as PILImage

from inference.artifact import ModelCard, load_card
from inference.errors import ModelCardMismatch
from inference.runtime import open_verified_session

Image = npt.NDArray[np.uint8]
MODEL_NAME: Final = "bumper-end"
ENDS: Final = frozenset({"front", "back"})
CONTEXT: Final = 1.2  # the crop is this much larger than the bumper box, as the training crops were


def crop_box(xyxy: npt.NDArray[np.float32], width: int, height: int) -> npt.NDArray[np.int64]:
    """The pixel window the classifier reads: the box grown by :data:`CONTEXT`, clipped to the photo."""
    cx, cy = (xyxy[0] + xyxy[2]) / 2, (xyxy[1] + xyxy[3]) / 2
    half_w, half_h = (xyxy[2] - xyxy[0]) * CONTEXT / 2, (xyxy[3] - xyxy[1]) * CONTEXT / 2
    box = np.array([cx - half_w, cy - half_h, cx + half_w, cy + half_h])
    return np.clip(np.round(box), 0, [width, height, width, height]).astype(np.int64)


def to_input(crop: Image, size: int) -> npt.NDArray[np.float32]:
    """The crop as the classifier was trained to read it: shorter side to ``size``, centre square, 0-1, NCHW."""
    image = PILImage.fromarray(crop)
    scale = size / min(image.size)
    image = image.resize((max(size, round(image.width * scale)), max(size, round(image.height * scale))))
    left, top = (image.width - size) // 2, (image.height - size) // 2
    square = np.asarray(image.crop((left, top, left + size, top + size)), np.float32) / 255.0
    return square.transpose(2, 0, 1)[None]


class ReadsBumperEnd(Protocol):
    """Tells which end of the car a bumper box of a photo is on (None: not sure)."""

    @property
    def card(self) -> ModelCard: ...

    def end_of(self, image_rgb: Image, xyxy: npt.NDArray[np.float32]) -> str | None: ...


class BumperEndClassifier:
    """The ONNX bumper-end classifier, checked against its card before it serves."""

    def __init__(self, session: ort.InferenceSession, card: ModelCard) -> None:
        self._session = session
        self._card = card
        self._input = session.get_inputs()[0].name

    @classmethod
    def load(cls, model_dir: Path, *, threads: int = 1) -> BumperEndClassifier:
        """The classifier in ``model_dir``; :class:`ModelCardMismatch` when it is not a bumper-end model."""
        card = load_card(model_dir)
        if card.name != MODEL_NAME or card.task != "classify" or set(card.classes) != ENDS:
            raise ModelCardMismatch(f"{model_dir}: not a {MODEL_NAME} classifier of {sorted(ENDS)}")
        return cls(open_verified_session(model_dir, card, threads=threads), card)

    @property
    def card(self) -> ModelCard:
        return self._card

    def probabilities(self, crop: Image) -> dict[str, float]:
        """Each end's probability for one RGB crop of a bumper."""
        (output,) = self._session.run(None, {self._input: to_input(crop, self._card.imgsz)})
        return {name: float(p) for name, p in zip(self._card.classes, np.asarray(output)[0], strict=True)}

    def end_of(self, image_rgb: Image, xyxy: npt.NDArray[np.float32]) -> str | None:
        """``front`` or ``back`` for the bumper box ``xyxy`` of the photo, None when unsure or too small."""
        height, width = image_rgb.shape[:2]
        x0, y0, x1, y1 = crop_box(np.asarray(xyxy, np.float32), width, height)
        if min(x1 - x0, y1 - y0) < 8:
            return None
        probs = self.probabilities(np.ascontiguousarray(image_rgb[y0:y1, x0:x1]))
        end, p = max(probs.items(), key=lambda item: item[1])
        return end if p >= self._card.confidence_threshold else None
