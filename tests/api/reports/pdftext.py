"""Text of a PDF that the report wrote, read back with pypdf.

fpdf2 embeds the CJK face as a Type0 font with 2-byte (Identity-H) codes and a ToUnicode map;
pypdf's ``extract_text`` decodes such codes one byte at a time when the map starts at ``<0000>``
(poppler reads the same file correctly). So the tests decode the text operators themselves:
every 2-byte code through the page font's ToUnicode map.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
from pypdf.generic import ContentStream

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font: Any) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data()
    return {int(src, 16): bytes.fromhex(dst.decode()).decode("utf-16-be") for src, dst in _BFCHAR.findall(data)}


def _raw(operand: object) -> bytes:
    if hasattr(operand, "get_original_bytes"):
        return bytes(operand.get_original_bytes())
    return bytes(operand) if isinstance(operand, bytes) else b""


def pdf_text(data: bytes) -> str:
    """All text drawn in the PDF, page by page, without whitespace between runs."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out: list[str] = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = {name: _to_unicode(ref.get_object()) for name, ref in resources["/Font"].items()}
        current: dict[int, str] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = fonts.get(operands[0], {})
            elif operator in (b"Tj", b"TJ"):
                items = operands[0] if operator == b"TJ" else operands
                for item in items:
                    raw = _raw(item)
                    codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
                    out.append("".join(current.get(c, "") for c in codes))
    return re.sub(r"\s+", "", "".join(out))
