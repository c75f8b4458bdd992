"""Security headers on every response, and pages that need nothing inline under the CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.harness import Harness

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"


def _directives(csp: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in csp.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/health"),
        ("GET", "/web/login"),
        ("GET", "/no/such/route"),  # a problem document
        ("POST", "/auth/token"),  # a 422 problem
        ("GET", "/web/static/style.css"),
        ("GET", "/openapi.json"),
    ],
)
def test_every_response_carries_the_headers(harness: Harness, method: str, path: str) -> None:
    response = harness.client.request(method, path)
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    csp = _directives(headers["content-security-policy"])
    assert csp["default-src"] == "default-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert csp["base-uri"] == "base-uri 'none'"
    assert "unsafe-inline" not in headers["content-security-policy"]


def test_the_api_docs_may_load_their_own_scripts_and_nothing_else(harness: Harness) -> None:
    response = harness.client.get("/docs")
    csp = _directives(response.headers["content-security-policy"])
    assert "https://cdn.jsdelivr.net" in csp["script-src"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")))
def test_templates_need_nothing_inline(template: str) -> None:
    """No inline script, style block, style attribute, event handler or javascript: URL: the
    CSP (no 'unsafe-inline') would block them and the page would silently break."""
    html = (TEMPLATES / template).read_text()
    for pattern in (r"<script(?![^>]*\bsrc=)", r"<style", r"\sstyle=", r"\son[a-z]+=", r"javascript:"):
        assert not re.search(pattern, html, flags=re.IGNORECASE), (template, pattern)


@pytest.mark.parametrize("path", ["/claims/5b1f/estimates/2/report.html", "/web/claims/5b1f/estimates/2/report"])
def test_the_self_contained_report_may_style_itself_but_run_nothing(path: str) -> None:
    from api.security_headers import policy_for

    csp = _directives(policy_for(path))
    assert csp["default-src"] == "default-src 'none'"  # no script, no fetch, no frame
    assert csp["style-src"] == "style-src 'unsafe-inline'" and csp["img-src"] == "img-src data:"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
