"""The pure parts of signing: one-time codes, their keyed hashes, and the content hash that a
signature binds (SHA-256 of an estimate version's canonical JSON).

>>> len(new_code()) == 6 and new_code().isdigit()
True
>>> key = b"k" * 32
>>> code_matches(key, code_hash(key, "123456"), "123456"), code_matches(key, code_hash(key, "123456"), "654321")
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from decimal import Decimal
from typing import Any

from api.db.models import EstimateVersion

CODE_DIGITS = 6


def new_code() -> str:
    """Six random digits from the OS's CSPRNG (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def signing_key(secret: str) -> bytes:
    """The key for code and device hashes, derived from the service's token secret (so a copy of
    the database alone cannot test the million codes)."""
    return hmac.new(secret.encode(), b"claimsight:estimate-signing:v1", hashlib.sha256).digest()


def code_hash(key: bytes, code: str) -> str:
    return hmac.new(key, f"code:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(key: bytes, stored_hash: str, code: str) -> bool:
    return hmac.compare_digest(stored_hash, code_hash(key, code.strip()))


def device_hash(key: bytes, ip: str) -> str:
    """An IP address kept only as a keyed hash (PIPL: the same device is recognisable, the
    address is not stored)."""
    return hmac.new(key, f"ip:{ip}".encode(), hashlib.sha256).hexdigest() if ip else ""


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept; Decimals as their plain string."""

    def default(obj: object) -> str:
        if isinstance(obj, Decimal):
            return str(obj)
        raise TypeError(f"not JSON: {type(obj).__name__}")

    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default)


def content_sha256(row: EstimateVersion) -> str:
    """What a signature binds: the claim, the version number, its currency and payable and its
    immutable body. Any change to the stored version gives another hash."""
    document = {
        "claim_id": str(row.claim_id),
        "version": row.version,
        "currency": row.currency,
        "payable": f"{Decimal(row.payable):.2f}",
        "body": row.body,
    }
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()
