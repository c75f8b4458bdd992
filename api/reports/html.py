"""The 定损单 as a self-contained HTML page (photos inlined), rendered with Jinja2 (autoescaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from api.reports.photos import ReportPhoto
from api.reports.view import ClaimInfo, LineOrigin, build_view
from pricing import Estimate


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("api.reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    estimate: Estimate,
    *,
    claim_info: ClaimInfo,
    photos: Sequence[ReportPhoto] = (),
    internal: bool = False,
    origins: Mapping[str, LineOrigin] | None = None,
) -> str:
    """The estimate as one HTML page; every user-supplied text is escaped."""
    view = build_view(estimate, claim_info=claim_info, photos=photos, internal=internal, origins=origins)
    return _environment().get_template("estimate.html.j2").render(v=view)
