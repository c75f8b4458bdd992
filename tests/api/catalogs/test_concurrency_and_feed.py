"""Two imports at once keep the versions consistent with one active; the scheduled feed imports a
file once, refuses a bad one whole (moved aside with its errors), and runs on the scheduler."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.auth.actor import Actor
from api.catalogs import feed, service
from api.catalogs.models import ActiveCatalog, CatalogVersion
from api.db.base import utcnow
from api.db.engine import make_engine, make_session_factory, unit_of_work
from api.scheduler import run_once
from tests.api.catalogs.helpers import part_up, sample_csv
from tests.fixtures.harness import Harness


@pytest.fixture
def second_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a second engine: what another API process on the same database would use."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


def _stored(factory: sessionmaker[Session]) -> tuple[list[tuple[int, str]], int, str]:
    """(number, label) of every version, how many pointer rows, and the active label."""
    with factory() as session:
        rows = session.scalars(select(CatalogVersion).order_by(CatalogVersion.number))
        versions = [(v.number, v.label) for v in rows]
        pointers = session.scalar(select(func.count()).select_from(ActiveCatalog)) or 0
        active = service.active_catalog(session).version
    return versions, pointers, active


def _import_at_once(factories: list[sessionmaker[Session]], files: list[bytes]) -> list[BaseException | None]:
    barrier = threading.Barrier(len(files))
    outcomes: list[BaseException | None] = [None] * len(files)

    def run(i: int) -> None:
        try:
            barrier.wait()
            with unit_of_work(factories[i]) as session:
                service.import_file(
                    session, data=files[i], filename=f"{i}.csv", source="test", actor=Actor.system("t"), activate=True
                )
        except BaseException as exc:  # reported below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(files))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_imports_at_once_number_in_turn_and_one_is_active(
    harness: Harness, second_factory: sessionmaker[Session]
) -> None:
    factories = [harness.state.session_factory, second_factory]
    files = [sample_csv(reprice=part_up("hood", 1)), sample_csv(reprice=part_up("hood", 2))]
    assert _import_at_once(factories, files) == [None, None]
    versions, pointers, active = _stored(second_factory)
    assert [n for n, _ in versions] == [1, 2, 3] and pointers == 1
    assert {label for _, label in versions[1:]} == {"catalog-2", "catalog-3"} and active in ("catalog-2", "catalog-3")
    # the same file from two processes at once: one version
    same = sample_csv(reprice=part_up("wheel", 5))
    assert _import_at_once(factories, [same, same]) == [None, None]
    versions, pointers, _ = _stored(second_factory)
    assert [n for n, _ in versions] == [1, 2, 3, 4] and pointers == 1


def _drop(folder: Path, name: str, data: bytes, *, age_seconds: float = 60) -> Path:
    path = folder / name
    path.write_bytes(data)
    past = utcnow().timestamp() - age_seconds
    os.utime(path, (past, past))
    return path


def test_the_feed_imports_a_file_once_and_refuses_a_bad_one_whole(harness: Harness, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    factory = harness.state.session_factory
    good = sample_csv(reprice=part_up("hood", 7))
    _drop(folder, "dealer-2026-12.csv", good)
    _drop(folder, "broken.csv", sample_csv(extra=("part_price,hood,compact,,,,,oem_guide,,,,-5,,CNY,x,2026-12-01,",)))
    _drop(folder, "fresh.csv", good, age_seconds=0)  # still being written: left for a later tick
    (folder / ".partial.csv").write_bytes(b"x")
    result = feed.poll(factory, folder=folder, activate=True, now=utcnow())
    assert (result.imported, result.duplicates, result.rejected) == (1, 0, 1)
    versions, _, active = _stored(factory)
    assert [n for n, _ in versions] == [1, 2] and active == "catalog-2"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [".partial.csv", "fresh.csv"]
    assert [p.name.split("-", 1)[1] for p in (folder / "imported").iterdir()] == ["dealer-2026-12.csv"]
    rejected = sorted(p.name for p in (folder / "rejected").iterdir())
    assert len(rejected) == 2 and rejected[0].endswith("broken.csv") and rejected[1].endswith(".errors.json")
    report = json.loads((folder / "rejected" / rejected[1]).read_text(encoding="utf-8"))
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(good.count(b"\n") + 1, "amount")]
    # the same bytes again (the settled copy): nothing new
    os.utime(folder / "fresh.csv", (0, 0))
    again = feed.poll(factory, folder=folder, activate=True, now=utcnow())
    assert (again.imported, again.duplicates, again.rejected) == (0, 1, 0)
    assert [n for n, _ in _stored(factory)[0]] == [1, 2]


def test_the_scheduler_polls_the_configured_folder(harness_factory: Callable[..., Any], tmp_path: Path) -> None:
    folder = tmp_path / "price-feed"
    folder.mkdir()
    with harness_factory(catalogs={"feed_dir": str(folder), "feed_activate": False}) as harness:
        _drop(folder, "list.csv", sample_csv(reprice=part_up("trunk", 2)))
        tick = run_once(harness.state, now=utcnow())
        assert not tick.skipped and tick.catalogs_imported == 1
        versions, _, active = _stored(harness.state.session_factory)
        assert [n for n, _ in versions] == [1, 2] and active == "sample-2026.2"  # imported, not activated
        assert run_once(harness.state, now=utcnow()).catalogs_imported == 0
