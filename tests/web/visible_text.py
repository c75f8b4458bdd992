"""The visible text of a page and the Latin words in it, for the tests that read the customer's
and the staff's pages for English left in them (issues 13 and 14)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Latin in Chinese use: the product's name, money and units, document and vehicle codes.
ALLOWED = frozenset({"English", "ClaimSight", "CNY", "VIN", "PDF", "UTC", "SHA", "AI", "SMS", "App", "FAQ", "OTP"})
_SKIP = re.compile(
    r"[\w.*+-]+@[\w*-]+(?:\.[\w-]+)+"  # e-mail addresses (the customer's own; masked with *)
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # ids
    r"|\b[0-9A-Fa-f]{12,}\b"  # hashes
    r"|\b[A-Z0-9]{6,}\b"  # policy numbers, plates, VINs as typed
    r"|docs/[\w./-]+"  # a document's path cited as a source
    r"|\bR-[A-Z0-9-]+"  # pricing rule ids (R-PAINT-PANEL)
    r"|\b[a-z]+(?:-[a-z]+)* \d+\.\d+\.\d+[\w.-]*"  # a model and its version (damage-detector 1.0.0)
    r"|\b[a-z]+-\d[\w.]*"  # a price list's version label (sample-2026.2)
    r"|\b\d+\.\d+\.\d+[\w.+-]*"  # a model's version on its own (1.0.0, 0.0.0-fake)
)
_WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The text a reader sees: element text and the title, placeholder, alt and aria-label
    attributes, without scripts and styles."""
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def latin_words(page: str, allowed: Iterable[str] = ALLOWED) -> set[str]:
    """The Latin words of the page's visible text, less the codes and units Chinese text uses."""
    keep = frozenset(allowed)
    text = _SKIP.sub(" ", visible_text(page))
    return {w for w in _WORD.findall(text) if w not in keep}
