"""What extraction returns: fields with value, confidence and box; line items; the document."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt


class DocumentKind(StrEnum):
    ID_CARD_FRONT = "id_card_front"
    ID_CARD_BACK = "id_card_back"
    DRIVING_LICENCE = "driving_licence"
    VEHICLE_LICENCE = "vehicle_licence"
    VEHICLE_LICENCE_SECOND = "vehicle_licence_second"
    POLICY_COMPULSORY = "policy_compulsory"
    POLICY_COMMERCIAL = "policy_commercial"
    REPAIR_QUOTE = "repair_quote"
    UNKNOWN = "unknown"


class FieldStatus(StrEnum):
    OK = "ok"  # read, and passed every check that applies
    UNCHECKED = "unchecked"  # read; nothing to check it against
    INVALID = "invalid"  # read, but fails a check (checksum, shape, date): shown, never corrected
    MISSING = "missing"  # not found on the document: value is None


class FieldSource(StrEnum):
    LABEL = "label"  # read beside its printed label
    POSITION = "position"  # read where the layout puts it (its label was lost: faint, stamped or cut)
    ID_NUMBER = "id_number"  # not legible on the document: derived from the ID number it carries


@dataclass(frozen=True)
class Field:
    """One extracted value with the evidence an adjuster needs to trust it.

    ``value`` is the normalised text (dates ISO ``YYYY-MM-DD``, amounts as decimal
    strings); ``quad`` is ``(4, 2) float32`` in the uploaded image's pixels, or None
    when nothing was read; ``confidence`` is the recogniser's, 0 when missing.
    """

    name: str
    value: str | None
    confidence: float
    quad: npt.NDArray[np.float32] | None = None
    status: FieldStatus = FieldStatus.UNCHECKED
    message: str = ""
    source: FieldSource = FieldSource.LABEL

    @classmethod
    def missing(cls, name: str, message: str = "not found on the document") -> Field:
        return cls(name=name, value=None, confidence=0.0, quad=None, status=FieldStatus.MISSING, message=message)

    @property
    def xyxy(self) -> tuple[float, float, float, float] | None:
        if self.quad is None:
            return None
        lo, hi = self.quad.min(axis=0), self.quad.max(axis=0)
        return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


@dataclass(frozen=True)
class LineItem:
    """One row of a repair quote or one cover of a policy, each cell a ``Field``."""

    cells: dict[str, Field]


@dataclass(frozen=True)
class Extraction:
    """Everything read off one document."""

    kind: DocumentKind
    kind_confidence: float
    fields: dict[str, Field]
    items: tuple[LineItem, ...] = ()
    messages: tuple[str, ...] = ()
    quarter_turns: int = 0
    skew_degrees: float = 0.0
    resolution_wh: tuple[int, int] = (0, 0)
    line_count: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    parts: tuple[Extraction, ...] = ()  # several documents on one image: each read on its own
    refused: str = ""  # why nothing was read ("wrong_kind", "not_an_id_card"); "" when read

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None

    @property
    def readable(self) -> bool:
        return any(f.value is not None for f in self.fields.values())
