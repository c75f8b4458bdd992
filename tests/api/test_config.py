from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from api.config import Settings, get_settings


def test_settings_read_prefixed_and_nested_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLAIMSIGHT_AUTH__TOKEN_TTL_MINUTES", "15")
    monkeypatch.setenv("CLAIMSIGHT_AUTH__JWT_SECRET", "s3cret-value-that-is-long-enough")
    monkeypatch.setenv("CLAIMSIGHT_FRAUD__MAX_HASH_DISTANCE", "4")
    monkeypatch.setenv("CLAIMSIGHT_SCHEDULER__ENABLED", "false")
    settings = Settings()
    assert settings.auth.token_ttl_minutes == 15
    assert settings.fraud.max_hash_distance == 4
    assert settings.scheduler.enabled is False
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'claimsight.db').resolve()}"
    assert settings.storage_root == tmp_path / "blobs"
    # Secrets never show in reprs or dumps.
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.model_dump_json()
    assert settings.auth.jwt_secret is not None
    assert settings.auth.jwt_secret.get_secret_value() == "s3cret-value-that-is-long-enough"


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMSIGHT_DATABASE_URL", "postgresql+psycopg://u@db/claimsight")
    assert Settings().resolved_database_url == "postgresql+psycopg://u@db/claimsight"


@pytest.mark.parametrize(
    "env",
    [
        {"CLAIMSIGHT_NOTIFICATIONS__SENDER": "webhook"},  # needs a URL
        {"CLAIMSIGHT_NOTIFICATIONS__SENDER": "carrier-pigeon"},
        {"CLAIMSIGHT_FRAUD__MAX_HASH_DISTANCE": "65"},
        {"CLAIMSIGHT_SCHEDULER__INTERVAL_SECONDS": "0"},
    ],
)
def test_invalid_settings_are_refused(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError):
        Settings()


def test_get_settings_is_cached() -> None:
    get_settings.cache_clear()
    assert get_settings() is get_settings()
    get_settings.cache_clear()


def test_generated_jwt_secret_is_kept_private_and_stable(tmp_path: Path) -> None:
    from api.auth.security import resolve_jwt_secret

    settings = Settings(data_dir=tmp_path)
    first = resolve_jwt_secret(settings)
    assert len(first) >= 32 and resolve_jwt_secret(settings) == first
    assert (tmp_path / "jwt-secret").stat().st_mode & 0o077 == 0
