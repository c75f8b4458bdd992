"""The signing settings are checked before the service starts: an HMAC algorithm from a fixed
list and a secret of at least 32 bytes, refused with a plain message, not a stack trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from api.config import Settings, get_settings

SHORT = "too-short-secret-123"


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_hmac_algorithms_are_accepted(algorithm: str) -> None:
    assert Settings(auth={"jwt_algorithm": algorithm}).auth.jwt_algorithm == algorithm


@pytest.mark.parametrize("algorithm", ["none", "RS256", "hs256", "HS256 ", ""])
def test_other_algorithms_are_refused(algorithm: str) -> None:
    with pytest.raises(ValidationError):
        Settings(auth={"jwt_algorithm": algorithm})


def test_a_short_secret_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(auth={"jwt_secret": SHORT})
    assert "32 bytes" in str(caught.value)
    assert SHORT not in str(caught.value)
    assert Settings(auth={"jwt_secret": "x" * 32}).auth.jwt_secret is not None


def test_a_short_secret_file_is_refused(tmp_path: Path) -> None:
    from api.auth.security import InsecureSecret, token_issuer

    (tmp_path / "jwt-secret").write_text(SHORT)
    with pytest.raises(InsecureSecret, match="32 bytes"):
        token_issuer(Settings(data_dir=tmp_path))


@pytest.mark.parametrize(
    ("variable", "value"), [("CLAIMSIGHT_AUTH__JWT_SECRET", SHORT), ("CLAIMSIGHT_AUTH__JWT_ALGORITHM", "none")]
)
def test_serve_stops_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str
) -> None:
    from api.cli import app

    monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "configuration error" in output and "auth.jwt_" in output
    assert "Traceback" not in output and SHORT not in output
