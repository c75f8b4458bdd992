"""Price-list versions: import (whole file validated, nothing stored on any problem), compare with
the active version, activate, and find the catalog that prices an estimate.

Every import is a complete list and a new immutable version (its file kept as given, with its
sha256); the same file again is a no-op. The pointer row ``catalog_active`` is locked for the whole
import, so concurrent imports number their versions one after the other and exactly one version is
active. The bundled SAMPLE list is version 1, stored on first start.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final, Literal

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.catalogs import repository
from api.catalogs.errors import (
    CatalogLabelTaken,
    CatalogNotFound,
    InvalidCatalogLabel,
    PriceListRejected,
    UnknownPriceListFormat,
)
from api.catalogs.models import ACTIVE_POINTER_ID, ActiveCatalog, CatalogVersion
from api.db.base import utcnow
from pricing import InMemoryCatalog, PriceListError, RowProblem, import_price_list, load_sample_catalog
from pricing.catalog_diff import CatalogDiff, diff_catalogs
from pricing.price_list import SAMPLE_FILE, SAMPLE_VERSION

log = structlog.get_logger(__name__)

Format = Literal["csv", "json"]
MAX_PRICE_LIST_BYTES: Final = 20 * 1024 * 1024
LABEL: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
BUNDLED_BY: Final = "bundled"
_CACHE_SIZE: Final = 16


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``version`` None for a dry run; ``created`` False when the same file
    was already a version (nothing new stored)."""

    label: str
    sha256: str
    diff: CatalogDiff
    row_count: int
    dry_run: bool
    created: bool
    activated: bool
    version: CatalogVersion | None


class _Catalogs:
    """Parsed versions by id (a version never changes, so an entry never goes stale)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[uuid.UUID, InMemoryCatalog] = OrderedDict()

    def get(self, version_id: uuid.UUID) -> InMemoryCatalog | None:
        with self._lock:
            return self._items.get(version_id)

    def put(self, version_id: uuid.UUID, catalog: InMemoryCatalog) -> None:
        with self._lock:
            self._items[version_id] = catalog
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)


_PARSED = _Catalogs()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(filename: str | None, data: bytes, declared: str | None = None) -> Format:
    """``declared`` if given, else the file's extension, else its first character (``{``/``[``: JSON)."""
    choice = (declared or "").strip().lower()
    if not choice and filename:
        choice = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if choice in ("csv", "json"):
        return "csv" if choice == "csv" else "json"
    if choice:
        raise UnknownPriceListFormat(f"format {choice!r}: a price list is CSV or JSON (see docs/catalogs.md)")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if head in (b"{", b"[") else "csv"


def parse(data: bytes, *, fmt: Format, label: str) -> InMemoryCatalog:
    """The whole file validated: a catalog, or :class:`PriceListRejected` with every problem."""
    if len(data) > MAX_PRICE_LIST_BYTES:
        raise PriceListRejected((RowProblem(0, f"file is larger than {MAX_PRICE_LIST_BYTES} bytes"),))
    try:
        return import_price_list(data, fmt=fmt, version=label)
    except PriceListError as exc:
        raise PriceListRejected(exc.problems) from None


def _load(session: Session, version_id: uuid.UUID) -> InMemoryCatalog:
    cached = _PARSED.get(version_id)
    if cached is not None:
        return cached
    found = repository.content_of(session, version_id)
    if found is None:
        raise CatalogNotFound("No such price-list version.")
    label, fmt, content = found
    bundled = load_sample_catalog()
    catalog = bundled if label == bundled.version else import_price_list(content, fmt=_fmt(fmt), version=label)
    _PARSED.put(version_id, catalog)
    return catalog


def _fmt(value: str) -> Format:
    return "json" if value == "json" else "csv"


def active_catalog(session: Session) -> InMemoryCatalog:
    """The version that prices new estimates (the bundled SAMPLE list before any is stored)."""
    head = repository.active_head(session)
    return load_sample_catalog() if head is None else _load(session, head[0])


def catalog_cited(session: Session, label: str) -> InMemoryCatalog | None:
    """The stored version an estimate cites by ``label``, or None when no stored version has it."""
    row = repository.by_label(session, label)
    return None if row is None else _load(session, row.id)


def seed_bundled(session: Session) -> ActiveCatalog:
    """Store the bundled SAMPLE list as version 1 and make it active, unless a version is active.
    Safe when two processes start at once (the loser's insert is undone and the winner's read)."""
    existing = repository.pointer(session)
    if existing is not None:
        return existing
    data = resources.files("pricing.data").joinpath(SAMPLE_FILE).read_bytes()
    catalog = load_sample_catalog()
    try:
        with session.begin_nested():
            version = repository.by_sha256(session, sha256_of(data)) or _store(
                session,
                number=repository.next_number(session),
                label=SAMPLE_VERSION,
                data=data,
                fmt="json",
                source=f"bundled:{SAMPLE_FILE}",
                by=BUNDLED_BY,
                by_id=None,
                catalog=catalog,
                diff=diff_catalogs(None, catalog),
            )
            pointer = ActiveCatalog(id=ACTIVE_POINTER_ID, version_id=version.id, activated_by=BUNDLED_BY)
            pointer.activated_at = utcnow()
            session.add(pointer)
    except IntegrityError:
        pass  # another process seeded first
    seeded = repository.pointer(session)
    assert seeded is not None
    return seeded


def _store(
    session: Session,
    *,
    number: int,
    label: str,
    data: bytes,
    fmt: Format,
    source: str,
    by: str,
    by_id: uuid.UUID | None,
    catalog: InMemoryCatalog,
    diff: CatalogDiff,
) -> CatalogVersion:
    version = CatalogVersion(
        number=number,
        label=label,
        sha256=sha256_of(data),
        source=source[:200],
        fmt=fmt,
        content=data.decode("utf-8-sig"),
        currency=catalog.currency,
        row_count=len(catalog.entries),
        imported_by_id=by_id,
        imported_by=by[:80],
        summary=summary(diff),
    )
    session.add(version)
    session.flush()
    _PARSED.put(version.id, catalog)
    return version


def summary(diff: CatalogDiff) -> dict[str, object]:
    """The counts and overall drift of a diff (kept with the version it introduced)."""
    return {
        "base_version": diff.base_version,
        "added": len(diff.added),
        "removed": len(diff.removed),
        "changed": len(diff.changed),
        "unchanged": diff.unchanged,
        "overall_drift_pct": str(diff.overall_drift_pct),
    }


def _who(actor: Actor) -> str:
    return actor.label if actor.user_id is None else f"{actor.label} {actor.user_id}"


def import_file(
    session: Session,
    *,
    data: bytes,
    filename: str | None,
    source: str,
    actor: Actor,
    fmt: str | None = None,
    label: str | None = None,
    activate: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Validate ``data`` whole and store it as the next version (``activate``: make it the active one).

    ``dry_run`` validates and compares only: nothing is written. The same bytes as a stored version
    store nothing (``created`` False); with ``activate`` that version becomes the active one."""
    kind = detect_format(filename, data, fmt)
    digest = sha256_of(data)
    if label is not None and not LABEL.fullmatch(label):
        raise InvalidCatalogLabel("A label is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.")
    pointer = None if dry_run else seed_bundled(session)
    if pointer is not None:  # lock it: imports and activations take turns from here
        pointer = repository.pointer(session, for_update=True)
    base = active_catalog(session)
    existing = repository.by_sha256(session, digest)
    if existing is not None:
        catalog = _load(session, existing.id)
        activated = False
        if activate and not dry_run and pointer is not None and pointer.version_id != existing.id:
            _point(pointer, existing, _who(actor))
            activated = True
        diff = diff_catalogs(base, catalog)
        return ImportResult(existing.label, digest, diff, existing.row_count, dry_run, False, activated, existing)
    number = repository.next_number(session)
    label = label or f"catalog-{number}"
    if repository.by_label(session, label) is not None:
        raise CatalogLabelTaken(f"Version label {label!r} is already used; choose another or leave it out.")
    catalog = parse(data, fmt=kind, label=label)
    diff = diff_catalogs(base, catalog)
    if dry_run or pointer is None:
        return ImportResult(label, digest, diff, len(catalog.entries), True, False, False, None)
    version = _store(
        session,
        number=number,
        label=label,
        data=data,
        fmt=kind,
        source=f"{source}:{filename or 'upload'}",
        by=_who(actor),
        by_id=actor.user_id,
        catalog=catalog,
        diff=diff,
    )
    if activate:
        _point(pointer, version, _who(actor))
    log.info("catalog.imported", number=number, rows=len(catalog.entries), activated=activate, source=source)
    return ImportResult(label, digest, diff, len(catalog.entries), False, True, activate, version)


def _point(pointer: ActiveCatalog, version: CatalogVersion, by: str) -> None:
    pointer.version_id = version.id
    pointer.activated_at = utcnow()
    pointer.activated_by = by[:80]


def activate(session: Session, *, number: int, actor: Actor) -> CatalogVersion:
    """Make version ``number`` the one that prices new estimates."""
    seed_bundled(session)
    pointer = repository.pointer(session, for_update=True)
    assert pointer is not None
    version = repository.by_number(session, number)
    if version is None:
        raise CatalogNotFound(f"No price-list version {number}.")
    if pointer.version_id != version.id:
        _point(pointer, version, _who(actor))
        log.info("catalog.activated", number=number)
    return version


def get_version(session: Session, *, number: int) -> CatalogVersion:
    version = repository.by_number(session, number)
    if version is None:
        raise CatalogNotFound(f"No price-list version {number}.")
    return version


def versions(session: Session, *, limit: int = 100) -> tuple[Sequence[CatalogVersion], uuid.UUID | None]:
    """The newest versions first, and the id of the active one."""
    head = repository.active_head(session)
    return repository.newest_first(session, limit=limit), (head[0] if head else None)
