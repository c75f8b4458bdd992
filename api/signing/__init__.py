"""Signing an approved estimate version on the phone with a one-time code (issue 13, item 4)."""
