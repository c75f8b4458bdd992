"""System texts on the pages: a trail row's reason (or a recommendation's) rendered from its
code and parameters in the page's language (api.reasons); a person's text shown as typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from api.reasons import render

REASON_MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "unclassified": ("未分类", "Unclassified"),
    # the weekly report's overdue complaints: the 24-hour feedback deadline beside the teams' steps
    "feedback": ("24小时答复时限", "24-hour feedback"),
}


def page_reason(item: Any, *, lang: str, t: Callable[[object], str], when: Callable[[datetime], str]) -> str:
    """``item``: a row with ``reason_code``/``reason_params``/``reason``, a ``{code, params}``
    item, or a person's text."""
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        code, params, text = item.get("code"), item.get("params"), ""
    else:
        code, params, text = getattr(item, "reason_code", None), getattr(item, "reason_params", None), item.reason
    if not code:
        return str(text)

    def label(key: str) -> str | None:
        named = t(key)
        return None if named == key else named

    return render(str(code), params, lang=lang, label=label, when=when)
