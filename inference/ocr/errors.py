"""Errors of the document OCR runtime; they know nothing of HTTP."""

from __future__ import annotations

from inference.errors import InferenceError, UnsupportedImage


class OcrUnavailable(InferenceError):
    """The OCR engine cannot run (its package or its bundled models are missing)."""


class UnsupportedDocument(UnsupportedImage):
    """Not an image or a PDF we can render (the API answers 415)."""
