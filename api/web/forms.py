"""A refused form is shown again with what the user typed, each refused field marked and
explained in the page's language (``form.<field>`` in ``api.web.i18n_forms``)."""

from __future__ import annotations

from pydantic import ValidationError

FORM: str = "form"  # an error about the form as a whole, not one field


def refused_fields(exc: ValidationError, *, fields: set[str]) -> list[str]:
    """The form's fields that ``exc`` names (a nested location counts for its top field); the
    whole form when it names none of them."""
    found = []
    for error in exc.errors():
        top = str(error["loc"][0]) if error["loc"] else FORM
        name = top if top in fields else FORM
        if name not in found:
            found.append(name)
    return found or [FORM]
