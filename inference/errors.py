"""Errors raised by the model runtimes; they know nothing of HTTP."""

from __future__ import annotations


class InferenceError(Exception):
    """Base class for runtime errors."""


class ImageError(InferenceError):
    """The bytes are not an image the detector can judge."""


class UnsupportedImage(ImageError):
    """Not an image, or a format we do not read."""


class ImageTooSmall(ImageError):
    """Too small for the damage to be judged."""


class ImageTooLarge(ImageError):
    """Over the pixel limit (a decompression bomb guard)."""


class ModelCardMismatch(InferenceError):
    """The model file and its card disagree; the runtime refuses to serve it."""
